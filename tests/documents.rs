//! Briefs as they come: a PDF printed by Chromium and one typeset by groff
//! (two columns, running headers, page numbers, hyphenation, footnotes),
//! a web page with its navigation and boilerplate, and a Word file made by
//! pandoc, all made at test time from tests/data/documents/horn.txt. Each
//! must give the relations of the plain text (95 % at least), none from
//! the page furniture, and bad files must fail clearly, writing nothing.

mod common;

use common::{external, require, root, Sandbox};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn brief() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(root().join("tests/data/documents/horn.txt")).unwrap();
    let (head, body) = text.split_once("---\n").unwrap();
    let title = head.trim().strip_prefix("title: ").unwrap().to_string();
    let paras = body
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    (title, paras)
}

fn extract(sb: &Sandbox, input: &Path) -> Value {
    let out = sb.join(format!(
        "{}.json",
        input.file_name().unwrap().to_string_lossy()
    ));
    sb.run(&[
        "extract",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
    .success();
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn relations(g: &Value) -> BTreeSet<String> {
    g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {} {} {}",
                e["source"].as_str().unwrap(),
                e["class"].as_str().unwrap(),
                e["target"].as_str().unwrap(),
                e["polarity"].as_str().unwrap()
            )
        })
        .collect()
}

/// The document gives at least 95 % of the plain text's relations and
/// none that the plain text lacks (the boilerplate's and the notes').
#[track_caller]
fn same_relations(sb: &Sandbox, doc: &Path) -> Value {
    let plain = relations(&extract(sb, &root().join("tests/data/documents/horn.txt")));
    assert!(plain.len() >= 15, "{plain:?}");
    let g = extract(sb, doc);
    let got = relations(&g);
    let found = plain.intersection(&got).count();
    let extra: Vec<&String> = got.difference(&plain).collect();
    assert!(
        found * 100 >= plain.len() * 95,
        "{}: {found} of {} relations; missing {:?}",
        doc.display(),
        plain.len(),
        plain.difference(&got).collect::<Vec<_>>()
    );
    assert!(
        extra.is_empty(),
        "{}: relations from boilerplate {extra:?}",
        doc.display()
    );
    for e in g["edges"].as_array().unwrap() {
        let ev = &e["evidence"][0];
        let body_quote = ev["quote"].as_str().unwrap();
        assert!(ev["sentence"].as_str().unwrap().contains(body_quote));
    }
    g
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Long words get soft hyphens, so Chromium hyphenates them at line ends.
fn soft_hyphens(p: &str) -> String {
    p.split(' ')
        .map(|w| {
            let n = w.chars().count();
            if n >= 8 && w.chars().all(|c| c.is_ascii_lowercase()) {
                let (a, b) = w.split_at(n / 2);
                format!("{a}&shy;{b}")
            } else {
                html_escape(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints a page to PDF with headless Chromium (with its own header and
/// footer: the date, title, address and page numbers, or without).
fn chromium_pdf(html: &Path, pdf: &Path, header_footer: bool) {
    require("chromium", "apt-get install -y chromium");
    let print = format!("--print-to-pdf={}", pdf.display());
    let page = format!("file://{}", html.display());
    let mut args = vec!["--headless", "--no-sandbox", "--disable-gpu", &print, &page];
    if !header_footer {
        args.insert(0, "--no-pdf-header-footer");
    }
    let r = external("chromium", &args);
    assert!(pdf.exists(), "chromium made no PDF: {}", r.stderr);
}

#[test]
fn a_two_column_pdf_printed_by_chromium_gives_the_relations_of_the_text() {
    require("pdftotext", "apt-get install -y poppler-utils");
    let sb = Sandbox::new();
    let (title, paras) = brief();
    let mut body = String::new();
    for (i, p) in paras.iter().enumerate() {
        let mark = match i {
            1 => "<sup>1</sup>",
            4 => "<sup>2</sup>",
            _ => "",
        };
        body.push_str(&format!("<p>{}{mark}</p>\n", soft_hyphens(p)));
    }
    let page = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A5; margin: 12mm; }}
body {{ font: 10.5pt/1.35 serif; margin: 0; }}
.run {{ position: fixed; top: 0; left: 0; right: 0; height: 6mm; font-size: 7.5pt; border-bottom: 1px solid #999; }}
.foot {{ position: fixed; bottom: 0; left: 0; right: 0; height: 5mm; font-size: 7.5pt; text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }}
thead td {{ height: 10mm; }} tfoot td {{ height: 9mm; }}
.cols {{ column-count: 2; column-gap: 6mm; text-align: justify; }}
h1 {{ font-size: 16pt; }}
.notes {{ font-size: 7pt; border-top: 1px solid #999; margin-top: 4mm; }}
</style></head><body>
<div class="run">Horn of Africa Monitor · Morocco condemned Algeria over the border closure</div>
<div class="foot">Briefing series 12 · Kenya supported Somalia</div>
<table><thead><tr><td></td></tr></thead><tfoot><tr><td></td></tr></tfoot><tbody><tr><td>
<h1>{title}</h1>
<div class="cols">{body}</div>
<div class="notes"><p>1 Kenya condemned Somalia in a separate statement that week.</p>
<p>2 Figures from the shipping registry, checked in June.</p></div>
</td></tr></tbody></table></body></html>"#
    );
    let html = sb.write("horn-print.html", page);
    let pdf = sb.join("horn.pdf");
    chromium_pdf(&html, &pdf, true);
    let g = same_relations(&sb, &pdf);
    let source = &g["graph"]["sources"][0];
    assert_eq!(source["title"], title.as_str());
    assert_eq!(source["format"], "pdf");
    assert!(source["pages"].as_u64().unwrap() >= 2, "{source}");
    let notes = source["notes"].to_string();
    assert!(notes.contains("Kenya condemned Somalia"), "{notes}");
    // Every quote carries its page; the last paragraph is on page 2.
    let mut pages = BTreeSet::new();
    for e in g["edges"].as_array().unwrap() {
        pages.insert(e["evidence"][0]["page"].as_u64().expect("a page"));
    }
    assert_eq!(pages.iter().copied().collect::<Vec<_>>(), [1, 2]);
    let china = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "china")
        .unwrap();
    assert_eq!(china["evidence"][0]["page"], 2);
}

#[test]
fn a_two_column_pdf_typeset_by_groff_gives_the_relations_of_the_text() {
    require("pdftotext", "apt-get install -y poppler-utils");
    require("groff", "apt-get install -y groff");
    let sb = Sandbox::new();
    let (title, paras) = brief();
    let mut ms = String::from(
        ".nr PS 11\n.nr VS 17\n.nr HM 1.1i\n.nr FM 1.1i\n.hy 1\n\
         .ds LH Horn of Africa Monitor\n.ds CH Morocco condemned Algeria\n.ds RH Briefing 12\n\
         .ds CF Page %\n",
    );
    ms.push_str(&format!(".TL\n{title}\n.AU\nA. Analyst\n.2C\n"));
    for (i, p) in paras.iter().enumerate() {
        ms.push_str(".PP\n");
        ms.push_str(p);
        ms.push('\n');
        if i == 1 {
            ms.push_str(
                "\\**\n.FS\nKenya condemned Somalia in a separate statement that week.\n.FE\n",
            );
        }
    }
    let src = sb.write("horn.ms", ms);
    let out = std::process::Command::new("groff")
        .args(["-ms", "-Tpdf", "-P-pa5", "-dpaper=a5"])
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "groff could not typeset a PDF ({}); groff-base lacks the PDF device: install Debian's \
         `groff` package (`apt-get install groff`) or run `bash .ci/test.sh`",
        String::from_utf8_lossy(&out.stderr).trim()
    );
    let pdf = sb.write("horn-groff.pdf", &out.stdout);
    let g = same_relations(&sb, &pdf);
    let source = &g["graph"]["sources"][0];
    assert!(source["pages"].as_u64().unwrap() >= 3, "{source}");
    assert_eq!(source["title"], title.as_str());
    assert!(source["notes"]
        .to_string()
        .contains("Kenya condemned Somalia"));
}

#[test]
fn a_web_page_gives_the_relations_of_its_article_only() {
    let sb = Sandbox::new();
    let (title, paras) = brief();
    let mut article = String::new();
    for (i, p) in paras.iter().enumerate() {
        let mark = if i == 2 {
            r##"<sup id="r1"><a href="#fn1" class="footnote-ref">1</a></sup>"##
        } else {
            ""
        };
        article.push_str(&format!("<p>{}{mark}</p>\n", html_escape(p)));
        if i == 3 {
            article.push_str(r#"<div class="share-buttons"><a href="/s">Share</a> <a href="/t">Post</a> Morocco condemned Algeria, share this.</div>
<aside class="pullquote">Kenya supported Somalia at the summit, an aside says.</aside>
"#);
        }
    }
    let page = format!(
        r##"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} | Horn Monitor</title>
<meta property="og:title" content="{title}">
<meta name="author" content="A. Analyst">
<meta property="article:published_time" content="2024-08-02T08:00:00+00:00">
<script>var tracking = "Kenya condemned Somalia";</script>
<style>.nav {{ display: flex; }}</style>
</head><body>
<div id="cookie-banner">We use cookies. Morocco condemned Algeria, and you may accept or refuse them.</div>
<header class="site-header"><nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/africa">Africa</a></li><li><a href="/mena">Morocco condemned Algeria</a></li></ul></nav></header>
<div class="layout">
<main id="content"><article class="post">
<h1>{title}</h1>
<p class="byline">By A. Analyst, 2 August 2024</p>
{article}
<section class="footnotes"><ol><li id="fn1">Kenya condemned Somalia in a separate statement that week.</li></ol></section>
</article></main>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/1">Kenya supported Somalia in the talks</a></li><li><a href="/2">Morocco condemned Algeria again</a></li></ul>
<p>Ethiopia accused Eritrea of massing troops along the border, the sidebar says at length.</p></aside>
</div>
<div class="related-posts"><h3>Related</h3><p><a href="/3">Ethiopia accused Eritrea of massing troops along the border</a></p></div>
<footer class="site-footer"><p>Ethiopia accused Eritrea of massing troops, say our partners. © Horn Monitor</p></footer>
</body></html>"##
    );
    let html = sb.write("horn.html", page);
    let g = same_relations(&sb, &html);
    let source = &g["graph"]["sources"][0];
    assert_eq!(source["title"], title.as_str());
    assert_eq!(source["date"], "2024-08-02");
    assert_eq!(source["author"], "A. Analyst");
    assert!(source["notes"]
        .to_string()
        .contains("Kenya condemned Somalia"));
}

#[test]
fn a_word_file_made_by_pandoc_gives_the_relations_of_the_text() {
    require("pandoc", "apt-get install -y pandoc");
    let sb = Sandbox::new();
    let (title, paras) = brief();
    let mut md = format!(
        "---\ntitle: \"{title}\"\nauthor: A. Analyst\ndate: 2024-08-02\n---\n\n# Overview\n\n"
    );
    for (i, p) in paras.iter().enumerate() {
        md.push_str(p);
        if i == 1 {
            md.push_str("[^1]");
        }
        md.push_str("\n\n");
        if i == 3 {
            md.push_str("## The Red Sea and Gaza\n\n");
        }
    }
    md.push_str("[^1]: Kenya condemned Somalia in a separate statement that week.\n");
    let src = sb.write("horn.md.txt", md);
    let docx = sb.join("horn.docx");
    let r = external(
        "pandoc",
        &[
            "-f",
            "markdown",
            "-t",
            "docx",
            src.to_str().unwrap(),
            "-o",
            docx.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let g = same_relations(&sb, &docx);
    let source = &g["graph"]["sources"][0];
    assert_eq!(source["title"], title.as_str());
    assert_eq!(source["format"], "docx");
    assert!(source["notes"]
        .to_string()
        .contains("Kenya condemned Somalia"));
}

/// Runs extract on a bad file: it fails, names the file and what to do,
/// and writes nothing.
#[track_caller]
fn refused(sb: &Sandbox, file: &Path, message: &str, hint: &str) {
    let out = sb.join("out.json");
    let r = sb.run(&[
        "extract",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    r.failure()
        .stderr_has(&format!("{}: {message}", file.display()))
        .stderr_has(hint);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(!out.exists(), "{} wrote an output", file.display());
}

#[test]
fn bad_pdfs_fail_clearly_and_write_nothing() {
    require("pdftotext", "apt-get install -y poppler-utils");
    require("qpdf", "apt-get install -y qpdf");
    let sb = Sandbox::new();
    let (title, paras) = brief();
    let html = sb.write(
        "one.html",
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head><body><p>{}</p></body></html>",
            paras[1]
        ),
    );
    let good = sb.join("good.pdf");
    chromium_pdf(&html, &good, true);
    // Encrypted with a password.
    let locked = sb.join("locked.pdf");
    let r = external(
        "qpdf",
        &[
            "--encrypt",
            "secret",
            "owner",
            "256",
            "--",
            good.to_str().unwrap(),
            locked.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    refused(
        &sb,
        &locked,
        "this PDF is encrypted with a password",
        "qpdf --decrypt",
    );
    // Images only: a drawing, no text layer.
    let drawing = sb.write(
        "drawing.html",
        "<!DOCTYPE html><html><body><svg width=\"400\" height=\"300\"><rect x=\"10\" y=\"10\" width=\"300\" height=\"200\" fill=\"#345\"/><circle cx=\"200\" cy=\"150\" r=\"60\" fill=\"#c33\"/></svg></body></html>",
    );
    let scan = sb.join("scan.pdf");
    chromium_pdf(&drawing, &scan, false);
    refused(&sb, &scan, "this PDF has no text layer", "ocrmypdf");
    // Damaged: cut in the middle, and not a PDF at all behind its name.
    let bytes = std::fs::read(&good).unwrap();
    let cut = sb.write("cut.pdf", &bytes[..bytes.len() / 3]);
    let noise = sb.write("noise.pdf", b"%PDF-1.7\nthis is not really a PDF\n%%EOF\n");
    for f in [cut, noise] {
        let out = sb.join("out.json");
        let r = sb.run(&["extract", f.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        // A damaged file may still hold readable text; if not, the error
        // names the file and says what to do.
        if r.code != 0 {
            r.stderr_has(&f.display().to_string());
            assert!(
                r.stderr.contains("cannot read this PDF") || r.stderr.contains("no text layer"),
                "{}",
                r.stderr
            );
            assert!(!out.exists());
        }
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    let noise = sb.join("noise.pdf");
    refused(&sb, &noise, "cannot read this PDF", "damaged");
    // Without Poppler: the command that installs it.
    let empty = sb.join("no-programs");
    std::fs::create_dir_all(&empty).unwrap();
    let out = sb.join("out.json");
    let r = common::run_env(
        sb.path(),
        &[
            "extract",
            good.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        &[("PATH", empty.to_str().unwrap())],
    );
    r.failure()
        .stderr_has("needs the `pdftotext` program, which is not installed")
        .stderr_has("apt-get install poppler-utils");
    assert!(!out.exists());
}

#[test]
fn pages_without_an_article_and_broken_word_files_fail_clearly() {
    let sb = Sandbox::new();
    let index = sb.write(
        "index.html",
        "<!DOCTYPE html><html><head><title>Horn Monitor</title></head><body><nav><ul>\
         <li><a href=\"/1\">Egypt urged Israel to reopen the crossing at Rafah</a></li>\
         <li><a href=\"/2\">Qatar mediated between Israel and Hamas again</a></li></ul></nav>\
         <div class=\"cookie-banner\">We use cookies to measure the audience of this site, accept them.</div>\
         <footer>© Horn Monitor</footer></body></html>",
    );
    refused(
        &sb,
        &index,
        "no article found in this page",
        "open the page of the article itself",
    );
    // Not a zip at all.
    let fake = sb.write("notes.docx", "Egypt urged Israel to reopen the crossing.\n");
    refused(
        &sb,
        &fake,
        "this is not a Word (DOCX) file",
        "save it from Word",
    );
    // A zip bomb: a document.xml of 300 MB of spaces packed into a few hundred kilobytes.
    let bomb = sb.join("bomb.docx");
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, zipfile\n\
             with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:\n\
             \x20   with z.open('word/document.xml', 'w', force_zip64=True) as f:\n\
             \x20       chunk = b' ' * (1 << 20)\n\
             \x20       for _ in range(300):\n\
             \x20           f.write(chunk)\n",
        )
        .arg(&bomb)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2_000_000);
    refused(
        &sb,
        &bomb,
        "`word/document.xml` in this file unpacks to more than",
        "looks like a zip bomb",
    );
    // A zip that is not a Word document.
    let other = sb.join("other.docx");
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('a.txt', 'hello')\n")
        .arg(&other)
        .output()
        .unwrap();
    assert!(out.status.success());
    refused(
        &sb,
        &other,
        "this zip archive is not a Word document",
        ".docx files",
    );
}

#[test]
fn directories_and_globs_are_read_in_parallel_and_keep_going_lists_bad_files() {
    require("pdftotext", "apt-get install -y poppler-utils");
    let sb = Sandbox::new();
    let horn = std::fs::read_to_string(root().join("tests/data/documents/horn.txt")).unwrap();
    let sahel = std::fs::read_to_string(root().join("tests/data/briefs/sahel-2024.txt")).unwrap();
    sb.write("in/horn.txt", &horn);
    sb.write("in/west/sahel.md", &sahel);
    sb.write("in/west/.hidden.txt", "Morocco condemned Algeria.\n");
    sb.write("in/west/notes.csv", "Morocco,condemned,Algeria\n");
    sb.write("in/west/broken.pdf", b"%PDF-1.7\nnot really a PDF\n%%EOF\n");
    let out = sb.join("all.json");
    let o = out.to_str().unwrap();
    // Without --keep-going: the first bad file stops the run, nothing written.
    sb.run(&["extract", "in", "-o", o])
        .failure()
        .stderr_has("broken.pdf: cannot read this PDF");
    assert!(!out.exists());
    // With it: the others are extracted, the bad one listed at the end.
    let r = sb.run(&["extract", "in", "--keep-going", "-o", o]);
    r.success()
        .stderr_has("1 of 3 file(s) could not be read")
        .stderr_has(&format!(
            "{}: cannot read this PDF",
            Path::new("in/west/broken.pdf").display()
        ));
    let g: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let sources: Vec<&str> = g["graph"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["horn", "sahel"]);
    let each = |f: &str| relations(&extract(&sb, &sb.join(f)));
    let mut both = each("in/horn.txt");
    both.extend(each("in/west/sahel.md"));
    assert_eq!(relations(&g), both);
    // A glob the shell did not expand.
    let r = sb.run(&["extract", "in/**/*.md", "-o", o]);
    r.success().stderr_has("from 1 brief(s)");
    sb.run(&["extract", "in/*.pdf", "-o", o])
        .failure()
        .stderr_has("in/*.pdf: no file matches this pattern");
    // On a terminal, a progress bar.
    require("script", "apt-get install -y bsdutils");
    let cmd = format!(
        "cd {} && {} extract in --keep-going -o tty.json",
        sb.path().display(),
        env!("CARGO_BIN_EXE_briefgraph")
    );
    let r = external("script", &["-qec", &cmd, "/dev/null"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("reading ["), "{}", r.stdout);
}
