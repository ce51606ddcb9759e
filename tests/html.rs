//! The interactive page, loaded in headless Debian Chromium through Playwright.

mod common;

use common::*;
use serde_json::{json, Value};

/// Drives one page: counts what is drawn, searches, filters, clicks, and
/// records dialogs, page errors, network requests and the `pwned` flag.
const DRIVE: &str = r##"
import json, sys
from playwright.sync_api import sync_playwright
page_path, query, only_class = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"])
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    dialogs, errors, requests = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto("file://" + page_path)
    page.wait_for_selector("body[data-ready=true]", timeout=15000)
    out["title"] = page.title()
    out["heading"] = page.text_content("#title")
    out["nodes"] = page.locator("svg g.node").count()
    out["edges"] = page.locator("svg path.edge").count()
    out["labels"] = page.eval_on_selector_all("svg g.node text", "els => els.map(e => e.textContent)")
    # Search.
    page.fill("#search", query)
    out["matches"] = page.eval_on_selector_all("svg g.node.match text", "els => els.map(e => e.textContent)")
    out["search_count"] = page.text_content("#search-count")
    page.press("#search", "Enter")
    out["node_panel"] = page.text_content("#details h2")
    out["node_quotes"] = page.eval_on_selector_all("#details blockquote", "els => els.map(e => e.textContent)")
    out["node_cites"] = page.eval_on_selector_all("#details .cite", "els => els.map(e => e.textContent)")
    # Class filter: keep one class.
    page.click("#class-summary")
    for box in page.query_selector_all("#class-menu input"):
        if box.get_attribute("value") != only_class:
            box.uncheck()
    out["visible_edges"] = page.eval_on_selector_all(
        "svg path.edge", "els => els.filter(e => getComputedStyle(e).display !== 'none').length")
    out["filter_summary"] = page.text_content("#class-summary")
    page.click("#class-summary")
    # Click the first visible relation.
    page.locator("svg path.hit:not(.hidden-class)").first.dispatch_event("click")
    out["edge_panel"] = page.text_content("#details h2")
    out["edge_relation"] = page.text_content("#details .relation")
    out["edge_quotes"] = page.eval_on_selector_all("#details blockquote", "els => els.map(e => e.textContent)")
    # Pan and zoom change the viewport transform.
    before = page.get_attribute("#viewport", "transform")
    page.mouse.move(500, 400)
    page.mouse.wheel(0, -400)
    page.mouse.down(); page.mouse.move(600, 450); page.mouse.up()
    out["moved"] = page.get_attribute("#viewport", "transform") != before
    out["dialogs"] = dialogs
    out["errors"] = errors
    out["pwned"] = page.evaluate("window.pwned === true")
    out["injected"] = page.evaluate("document.querySelectorAll('img, iframe').length + document.scripts.length - 2")
    out["remote"] = [u for u in requests if not u.startswith("file:") and not u.startswith("data:")]
    browser.close()
print(json.dumps(out))
"##;

fn drive(page: &std::path::Path, query: &str, class: &str) -> Value {
    let out = playwright(DRIVE, &[page.to_str().unwrap(), query, class]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn page_draws_searches_filters_and_shows_evidence() {
    let sb = Sandbox::new();
    let data = bundled_data();
    sb.run(&["html", data.to_str().unwrap(), "-o", "graph.html"])
        .success();
    let text = std::fs::read_to_string(sb.join("graph.html")).unwrap();
    assert!(
        !text.contains("https://"),
        "nothing is fetched from the network"
    );
    assert!(!text.contains("<script src"), "no external script");
    let r = drive(&sb.join("graph.html"), "kiryat", "ASSAULT");
    assert_eq!(
        r["heading"],
        "The US Civil-Military Coordination Center and the Gaza ceasefire"
    );
    assert_eq!(r["nodes"], 54, "{r}");
    assert_eq!(r["edges"], 99, "{r}");
    assert_eq!(r["matches"], json!(["Kiryat Gat"]), "{r}");
    assert_eq!(r["search_count"], "1 found");
    assert_eq!(r["node_panel"], "Kiryat Gat");
    let quotes = r["node_quotes"].as_array().unwrap();
    assert!(
        quotes.contains(&json!("CMCC is located in Kiryat Gat")),
        "{r}"
    );
    assert!(
        r["node_cites"][0]
            .as_str()
            .unwrap()
            .contains("Arab Center Washington DC"),
        "{r}"
    );
    assert_eq!(r["visible_edges"], 6, "six ASSAULT relations: {r}");
    assert_eq!(r["filter_summary"], "1 of 18 classes");
    assert_eq!(r["edge_panel"], "Relation");
    assert!(
        r["edge_relation"].as_str().unwrap().contains("attacks"),
        "{r}"
    );
    assert_eq!(r["edge_quotes"].as_array().unwrap().len(), 1, "{r}");
    assert_eq!(r["moved"], true);
    assert_eq!(r["errors"], json!([]));
    assert_eq!(r["remote"], json!([]), "no network access at view time");
}

#[test]
fn hostile_names_show_as_text_and_never_run() {
    let sb = Sandbox::new();
    let names = [
        ("x", "<script>alert(1)</script>"),
        ("img", "<img src=x onerror=\"window.pwned=true;alert(2)\">"),
        (
            "sep",
            "line\u{2028}separator </script><script>window.pwned=true</script>",
        ),
        ("amp", "AT&T &lt;b&gt;"),
    ];
    let nodes: Vec<Value> = names
        .iter()
        .map(|(id, label)| json!({"id": id, "label": label, "kind": "organization"}))
        .collect();
    let edges: Vec<Value> = names
        .windows(2)
        .map(|w| {
            json!({"source": w[0].0, "target": w[1].0, "class": "SUPPORT", "predicate": "<b>backs</b>",
                "evidence": [{"source": "s", "quote": "</script><script>window.pwned=true;alert(3)</script>"}]})
        })
        .collect();
    let doc = json!({"directed": true, "multigraph": true,
        "graph": {"name": "<script>alert('title')</script>", "sources": [{"id": "s", "title": "<i>made up</i>"}]},
        "nodes": nodes, "edges": edges});
    sb.write("hostile.json", serde_json::to_vec(&doc).unwrap());
    sb.run(&["html", "hostile.json", "-o", "hostile.html"])
        .success();
    let text = std::fs::read_to_string(sb.join("hostile.html")).unwrap();
    assert_eq!(
        text.matches("</script>").count(),
        2,
        "only the page's own two script elements close"
    );
    let r = drive(&sb.join("hostile.html"), "script", "SUPPORT");
    assert_eq!(r["nodes"], 4, "{r}");
    let labels: Vec<&str> = r["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for (_, label) in names {
        assert!(
            labels.contains(&label),
            "{label:?} shown as text: {labels:?}"
        );
    }
    assert_eq!(
        r["matches"],
        json!([
            "line\u{2028}separator </script><script>window.pwned=true</script>",
            "<script>alert(1)</script>"
        ]),
        "matches in actor order (sep, x)"
    );
    assert_eq!(r["title"], "<script>alert('title')</script>");
    assert!(r["edge_quotes"][0]
        .as_str()
        .unwrap()
        .contains("<script>window.pwned=true;alert(3)</script>"));
    assert_eq!(r["dialogs"], json!([]), "no alert fired");
    assert_eq!(r["pwned"], false, "no injected code ran");
    assert_eq!(r["injected"], 0, "no element was injected");
    assert_eq!(r["errors"], json!([]));
}

#[test]
fn html_refuses_another_extension() {
    let sb = Sandbox::new();
    let data = bundled_data();
    sb.run(&["html", data.to_str().unwrap(), "-o", "graph.svg"])
        .failure()
        .stderr_has("html writes an .html page");
    assert!(!sb.join("graph.svg").exists());
}
