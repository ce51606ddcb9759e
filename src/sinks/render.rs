//! Pictures: the DOT picture style ([`dot::Style::picture`]) drawn by
//! Graphviz's `dot` program through graphviz-rust's `exec`.

use super::dot;
use crate::error::{Error, Result};
use crate::format::Format;
use crate::graph::BriefGraph;
use graphviz_rust::cmd::{CommandArg, Format as GvFormat, Layout};
use graphviz_rust::printer::PrinterContext;

/// The Debian/Ubuntu command that installs Graphviz.
pub const INSTALL_HINT: &str =
    "install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS)";

/// Draws `graph` in `style` as SVG, PNG or PDF.
pub fn render(graph: &BriefGraph, format: Format, style: &dot::Style) -> Result<Vec<u8>> {
    let gv = match format {
        Format::Svg => GvFormat::Svg,
        Format::Png => GvFormat::Png,
        Format::Pdf => GvFormat::Pdf,
        other => {
            return Err(Error::usage_hint(
                format!("Graphviz does not draw {other}"),
                "render writes .svg, .png or .pdf",
            ))
        }
    };
    let mut args = vec![CommandArg::Layout(Layout::Dot), CommandArg::Format(gv)];
    if format == Format::Png {
        args.push(CommandArg::Custom("-Gdpi=150".into()));
    }
    graphviz_rust::exec(
        dot::to_ast_styled(graph, style),
        &mut PrinterContext::default(),
        args,
    )
    .map_err(graphviz_error)
}

/// Whether Graphviz's `dot` can be run.
pub fn available() -> bool {
    std::process::Command::new("dot")
        .arg("-V")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn graphviz_error(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::NotFound {
        Error::usage_hint(
            "cannot draw the picture: Graphviz's `dot` program is not installed (or not on PATH)",
            INSTALL_HINT,
        )
    } else {
        Error::usage(format!("Graphviz failed: {}", e.to_string().trim()))
    }
}
