//! Shared helpers for integration tests: run the real binary in a fresh
//! temporary directory, and call the real clients (Graphviz, Python with
//! NetworkX and igraph, xmllint, Chromium). A missing client fails the
//! test with the command that installs it; nothing is skipped silently.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The project root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the project, where CI lays the corpus and schemas.
pub fn shared() -> PathBuf {
    root().join("../shared")
}

/// A test's own scratch directory, removed when dropped.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("create a temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn join(&self, p: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(p)
    }

    /// Writes a file (creating its directories) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, contents).unwrap();
        p
    }

    /// Runs `briefgraph ARGS…` with this sandbox as working directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.path(), args)
    }

    /// Names of the files in a directory of the sandbox, sorted.
    pub fn files(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = match std::fs::read_dir(self.join(dir)) {
            Ok(rd) => rd
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn success(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn failure(&self) -> &Run {
        assert_ne!(
            self.code, 0,
            "expected failure\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs the binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_env(dir, args, &[])
}

fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Panics with the install command when `program` is not on PATH.
#[track_caller]
pub fn require(program: &str, install: &str) {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        found,
        "`{program}` is needed by this test but is not installed; install it with `{install}` \
         (or run `bash .ci/test.sh`, which installs every client the tests use)"
    );
}

/// Runs a Python script (with NetworkX and igraph available) and returns
/// its standard output; panics with the install hint if they are missing.
#[track_caller]
pub fn python(script: &str, args: &[&Path]) -> String {
    require("python3", "apt-get install -y python3");
    let args: Vec<&str> = args.iter().map(|p| p.to_str().unwrap()).collect();
    run_python(
        "import networkx, igraph",
        "Python's networkx and igraph are needed by this test; install them with \
         `python3 -m pip install networkx igraph` (or run `bash .ci/test.sh`)",
        script,
        &args,
    )
}

/// Checks that `import` works (else panics with `missing`), then runs
/// `script` with `args` and returns its standard output.
#[track_caller]
fn run_python(import: &str, missing: &str, script: &str, args: &[&str]) -> String {
    let check = Command::new("python3")
        .args(["-c", import])
        .output()
        .expect("run python3");
    assert!(
        check.status.success(),
        "{missing}\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "python script failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs an external program and returns (exit code, stdout, stderr).
pub fn external(program: &str, args: &[&str]) -> Run {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    to_run(out)
}

/// Runs the binary with `args` in `dir`, with extra environment variables.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_briefgraph"));
    cmd.args(args).current_dir(dir).stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    to_run(cmd.output().expect("run briefgraph"))
}

/// The bundled data directory, `graph-data/`.
pub fn bundled_data() -> PathBuf {
    root().join("graph-data")
}

/// Runs a Python script that drives Debian's Chromium through Playwright;
/// panics with the install commands when either is missing.
#[track_caller]
pub fn playwright(script: &str, args: &[&str]) -> String {
    require("chromium", "apt-get install -y chromium");
    run_python(
        "import playwright.sync_api",
        "Python's playwright is needed by this test; install it with \
         `python3 -m pip install playwright` (it drives /usr/bin/chromium; never run \
         `playwright install`)",
        script,
        args,
    )
}

/// Runs a Python script that reads CoNLL-U with the `conllu` package
/// (failing with the install command when it is missing).
#[track_caller]
pub fn python_conllu(script: &str, args: &[&Path]) -> String {
    require("python3", "apt-get install -y python3");
    let args: Vec<&str> = args.iter().map(|p| p.to_str().unwrap()).collect();
    run_python(
        "import conllu",
        "Python's conllu package is needed by this test; install it with \
         `python3 -m pip install conllu` (or run `bash .ci/test.sh`)",
        script,
        &args,
    )
}
