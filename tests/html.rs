//! The interactive page, loaded in headless Debian Chromium through Playwright.

mod common;

use common::*;
use serde_json::{json, Value};

/// Drives one page like an analyst: reads what sigma drew (its own display
/// data: disc positions and sizes, the labels the page kept with their
/// boxes), searches, focuses, opens evidence, filters, replays time,
/// reopens a link, exports SVG; records dialogs, page errors, every request
/// (all of them intercepted) and the `pwned` flag.
const DRIVE: &str = r##"
import json, sys
from playwright.sync_api import sync_playwright
page_path, query, only_class = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}
READY = "body[data-ready=true]"
def drawn(page):
    return page.evaluate("""() => ({
        discs: briefgraph.discs(), labels: briefgraph.labels(), edges: briefgraph.edges(),
        relations: briefgraph.relationsShown()})""")
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"])
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    requests = []
    def route(r):
        requests.append(r.request.url)
        if r.request.url.startswith("file:") or r.request.url.startswith("blob:") or r.request.url.startswith("data:"):
            r.continue_()
        else:
            r.abort()
    context.route("**/*", route)
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("file://" + page_path)
    page.wait_for_selector(READY, timeout=30000)
    data = page.evaluate("JSON.parse(document.getElementById('graph-data').textContent)")
    out["data_nodes"] = len(data["nodes"])
    out["data_relations"] = len(data["relations"])
    out["title"] = page.title()
    out["heading"] = page.text_content("#title")
    out["initial"] = drawn(page)
    out["graph_order"] = page.evaluate("briefgraph.graph.order")
    # Search with suggestions, chosen with the keyboard.
    page.fill("#search", query)
    out["suggestions"] = page.eval_on_selector_all("#suggestions li", "els => els.map(e => e.firstChild.textContent)")
    out["search_count"] = page.text_content("#search-count")
    page.press("#search", "ArrowDown")
    page.press("#search", "ArrowUp")
    page.press("#search", "Enter")
    out["node_panel"] = page.text_content("#details h2")
    out["node_quotes"] = page.eval_on_selector_all("#details blockquote", "els => els.map(e => e.textContent)")
    out["node_cites"] = page.eval_on_selector_all("#details .cite", "els => els.map(e => e.textContent)")
    out["focused"] = drawn(page)
    out["hash_focus"] = page.evaluate("location.hash")
    page.select_option("#depth", "2")
    out["focused2"] = drawn(page)
    page.select_option("#depth", "1")
    # A relation of the focused actor, opened with the keyboard.
    buttons = page.locator("#details button.relation")
    out["relation_buttons"] = buttons.count()
    if buttons.count():
        buttons.first.focus()
        page.keyboard.press("Enter")
        out["rel_panel"] = page.text_content("#details h2")
        out["rel_text"] = page.text_content("#details div.relation")
        out["rel_quotes"] = page.eval_on_selector_all("#details blockquote", "els => els.map(e => e.textContent)")
        out["rel_cites"] = page.eval_on_selector_all("#details .cite", "els => els.map(e => e.textContent)")
        out["hash_rel"] = page.evaluate("location.hash")
    # A drawn relation clicked with the mouse, where sigma draws it.
    page.keyboard.press("Escape")
    page.click("#fit")
    edges = drawn(page)["edges"]
    best = max(edges, key=lambda e: e["count"]) if edges else None
    if best:
        mid = page.evaluate("k => briefgraph.linkMidpoint(k)", best["key"])
        box = page.locator("#canvas").bounding_box()
        page.mouse.click(box["x"] + mid["x"], box["y"] + mid["y"])
        out["link_count"] = best["count"]
        out["link_panel"] = page.evaluate("(document.querySelector('#details h2') || {}).textContent || null")
        out["link_relations"] = page.locator("#details button.relation").count()
    page.keyboard.press("Escape")
    # Class filter: keep one class.
    page.click("#class-summary")
    for box in page.query_selector_all("#class-menu input"):
        if box.get_attribute("value") != only_class:
            box.uncheck()
    out["class_filtered"] = drawn(page)
    out["filter_summary"] = page.text_content("#class-summary")
    out["expected_class"] = sorted(i for i, r in enumerate(data["relations"]) if r["class"] == only_class)
    page.click("#reset")
    out["after_reset"] = drawn(page)["relations"]
    # Time slider: back to the earliest date, without undated relations.
    page.uncheck("#undated")
    page.focus("#time")
    page.keyboard.press("Home")
    out["time_label"] = page.text_content("#time-label")
    out["time_first"] = drawn(page)
    page.keyboard.press("End")
    out["time_last"] = drawn(page)
    page.check("#undated")
    out["dates"] = page.evaluate("briefgraph.dates")
    out["rel_dates"] = [ (r["date"] or None) for r in data["relations"]]
    # Stance and polarity filters.
    page.uncheck("#f-stance input[value=conflictual]")
    out["no_conflict"] = drawn(page)["relations"]
    page.click("#reset")
    # Colour by cluster, then a cluster selected.
    page.select_option("#colour-by", "cluster")
    out["cluster_colours"] = sorted(set(d["color"] for d in page.evaluate("briefgraph.graph.nodes().map(k => briefgraph.renderer.getNodeDisplayData(k))")))
    page.click("#cluster-list button >> nth=0")
    out["cluster_hash"] = page.evaluate("location.hash")
    page.click("#cluster-list button >> nth=0")
    page.select_option("#colour-by", "kind")
    # SVG export of the current view.
    with page.expect_download() as dl:
        page.click("#export-svg")
    path = dl.value.path()
    out["svg"] = open(path, encoding="utf-8").read()
    out["svg_name"] = dl.value.suggested_filename
    with page.expect_download() as dl:
        page.click("#export-png")
    out["png_head"] = list(open(dl.value.path(), "rb").read(8))
    # Print: the print stylesheet shows the view as SVG with its legend and
    # the sources, and hides the controls.
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    out["print"] = page.evaluate("""() => ({
        discs: document.querySelectorAll('#print-view svg circle[data-id]').length,
        legend: document.querySelectorAll('#print-view svg g.legend text').length,
        canvas: getComputedStyle(document.getElementById('canvas')).display,
        controls: getComputedStyle(document.getElementById('controls')).display,
        sources: getComputedStyle(document.getElementById('sources')).display,
        view: getComputedStyle(document.getElementById('print-view')).display})""")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    # A link reopens the view: focus in the fragment.
    if out.get("hash_focus"):
        page.goto("file://" + page_path + out["hash_focus"])
        page.reload()
        page.wait_for_selector(READY, timeout=30000)
        out["reopened_panel"] = page.text_content("#details h2")
        out["reopened"] = drawn(page)
    # Pan and zoom move the camera.
    before = page.evaluate("JSON.stringify(briefgraph.renderer.getCamera().getState())")
    page.mouse.move(500, 400)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(400)
    page.mouse.down(); page.mouse.move(600, 450, steps=5); page.mouse.up()
    out["moved"] = page.evaluate("JSON.stringify(briefgraph.renderer.getCamera().getState())") != before
    out["dialogs"] = dialogs
    out["errors"] = errors
    out["pwned"] = page.evaluate("window.pwned === true")
    out["injected"] = page.evaluate("document.querySelectorAll('img, iframe').length + document.scripts.length - 3")
    out["remote"] = [u for u in requests if not (u.startswith("file:") or u.startswith("blob:") or u.startswith("data:"))]
    browser.close()
print(json.dumps(out))
"##;

fn drive(page: &std::path::Path, query: &str, class: &str) -> Value {
    let out = playwright(DRIVE, &[page.to_str().unwrap(), query, class]);
    serde_json::from_str(&out).unwrap()
}

/// No two drawn discs meet, no two kept labels meet.
#[track_caller]
fn assert_readable(view: &Value) {
    let discs = view["discs"].as_array().unwrap();
    for (i, a) in discs.iter().enumerate() {
        for b in &discs[i + 1..] {
            let d = ((a["x"].as_f64().unwrap() - b["x"].as_f64().unwrap()).powi(2)
                + (a["y"].as_f64().unwrap() - b["y"].as_f64().unwrap()).powi(2))
            .sqrt();
            let r = a["r"].as_f64().unwrap() + b["r"].as_f64().unwrap();
            assert!(
                d >= r,
                "discs of {} and {} overlap: {d:.1} < {r:.1}",
                a["id"],
                b["id"]
            );
        }
    }
    let labels = view["labels"].as_array().unwrap();
    let f = |v: &Value, k: &str| v[k].as_f64().unwrap();
    for (i, a) in labels.iter().enumerate() {
        assert!(f(a, "h") >= 14.0, "labels are legible: {a}");
        for b in &labels[i + 1..] {
            let apart = f(a, "x") + f(a, "w") <= f(b, "x")
                || f(b, "x") + f(b, "w") <= f(a, "x")
                || f(a, "y") + f(a, "h") <= f(b, "y")
                || f(b, "y") + f(b, "h") <= f(a, "y");
            assert!(apart, "labels overlap: {a} and {b}");
        }
    }
}

fn ids(view: &Value) -> Vec<String> {
    let mut v: Vec<String> = view["discs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn page_draws_searches_focuses_filters_replays_and_exports() {
    let sb = Sandbox::new();
    let data = bundled_data();
    sb.run(&["html", data.to_str().unwrap(), "-o", "graph.html"])
        .success();
    let text = std::fs::read_to_string(sb.join("graph.html")).unwrap();
    assert!(!text.contains("<script src"), "no external script");
    assert!(!text.contains("<link"), "no external style");
    assert!(
        text.len() < 1_000_000,
        "the bundled graph's page stays under 1 MB: {} bytes",
        text.len()
    );
    let r = drive(&sb.join("graph.html"), "kiryat", "ASSAULT");
    assert_eq!(r["errors"], json!([]), "{}", r["errors"]);
    assert_eq!(
        r["heading"],
        "The US Civil-Military Coordination Center and the Gaza ceasefire"
    );
    // Every actor drawn, readable at the initial fit.
    assert_eq!(r["data_nodes"], 54);
    assert_eq!(r["data_relations"], 113);
    assert_eq!(r["graph_order"], 54);
    let initial = &r["initial"];
    assert_eq!(
        initial["discs"].as_array().unwrap().len(),
        54,
        "every actor is drawn"
    );
    assert_eq!(initial["relations"], 113);
    assert_readable(initial);
    let labels = initial["labels"].as_array().unwrap().len();
    assert!(
        labels >= 40,
        "most actors are labelled at the fit: {labels} of 54"
    );
    let types: Vec<&str> = initial["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    // Hedged relations alone between two actors are dashed (the one negated
    // relation shares its pair with asserted ones, so its bundle is solid).
    for t in ["arrow", "dashed"] {
        assert!(types.contains(&t), "{t} relations are drawn: {types:?}");
    }
    assert!(types
        .iter()
        .all(|t| ["arrow", "dashed", "dotted"].contains(t)));
    let bundled: u64 = initial["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(
        bundled, 113,
        "bundles count every relation between two actors"
    );
    assert!(types.len() < 113, "parallel relations are bundled");
    // Search, suggestions, focus.
    assert_eq!(
        r["suggestions"],
        json!(["Kiryat Gat"]),
        "{}",
        r["suggestions"]
    );
    assert_eq!(r["search_count"], "1 found");
    assert_eq!(r["node_panel"], "Kiryat Gat");
    let quotes = r["node_quotes"].as_array().unwrap();
    assert!(
        quotes.contains(&json!("CMCC is located in Kiryat Gat")),
        "{quotes:?}"
    );
    assert!(
        r["node_cites"][0]
            .as_str()
            .unwrap()
            .contains("Arab Center Washington DC"),
        "{}",
        r["node_cites"]
    );
    assert_eq!(ids(&r["focused"]), ["cmcc", "israel", "kiryat-gat"]);
    assert_readable(&r["focused"]);
    assert_eq!(r["hash_focus"], "#focus=kiryat-gat");
    let depth2 = ids(&r["focused2"]);
    assert!(
        depth2.len() > 10 && depth2.contains(&"united-states".to_string()),
        "{depth2:?}"
    );
    // Evidence of one relation, from the focused actor's list.
    assert_eq!(r["relation_buttons"], 2);
    assert_eq!(r["rel_panel"], "Relation");
    assert!(
        r["rel_text"].as_str().unwrap().contains("is located in"),
        "{}",
        r["rel_text"]
    );
    assert!(!r["rel_quotes"].as_array().unwrap().is_empty(), "{r}");
    assert!(
        r["rel_cites"][0].as_str().unwrap().contains("“"),
        "the source's title is cited: {}",
        r["rel_cites"]
    );
    assert!(
        r["hash_rel"].as_str().unwrap().contains("relation=e"),
        "{}",
        r["hash_rel"]
    );
    // The busiest drawn link, clicked where sigma drew it.
    let n = r["link_count"].as_u64().unwrap();
    assert!(n >= 2, "{r}");
    assert_eq!(r["link_panel"], format!("{n} relations"));
    assert_eq!(r["link_relations"], n);
    // Filters.
    let expected = r["expected_class"].as_array().unwrap().len();
    assert_eq!(expected, 8, "eight ASSAULT relations");
    assert_eq!(r["class_filtered"]["relations"], 8);
    assert!(r["class_filtered"]["discs"].as_array().unwrap().len() < 20);
    assert_eq!(r["filter_summary"], "1 of 18 classes");
    assert_eq!(r["after_reset"], 113);
    let no_conflict = r["no_conflict"].as_u64().unwrap();
    assert!(no_conflict < 113 && no_conflict > 0, "{no_conflict}");
    // The time slider replays the network.
    let dates = r["dates"].as_array().unwrap();
    let first = dates[0].as_str().unwrap();
    assert_eq!(r["time_label"], first);
    let at_first = r["rel_dates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d.as_str()
                .is_some_and(|d| d.split('/').next().unwrap() <= first)
        })
        .count();
    assert_eq!(r["time_first"]["relations"], at_first as u64);
    let dated = r["rel_dates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d.is_null())
        .count();
    assert_eq!(r["time_last"]["relations"], dated as u64);
    assert!(
        r["time_first"]["discs"].as_array().unwrap().len()
            < r["time_last"]["discs"].as_array().unwrap().len()
    );
    // Clusters.
    assert!(
        r["cluster_colours"].as_array().unwrap().len() >= 5,
        "{}",
        r["cluster_colours"]
    );
    assert_eq!(r["cluster_hash"], "#colour=cluster&cluster=1");
    // Exports.
    let svg = r["svg"].as_str().unwrap();
    assert_eq!(r["svg_name"], "briefgraph.svg");
    assert_eq!(
        svg.matches("data-id=").count(),
        54,
        "every drawn actor is in the SVG"
    );
    assert!(
        svg.contains("stroke-dasharray"),
        "hedged relations dashed in the SVG"
    );
    assert!(svg.contains(">Israel</text>"));
    assert_eq!(
        r["png_head"],
        json!([137, 80, 78, 71, 13, 10, 26, 10]),
        "a PNG file"
    );
    // Printing.
    let print = &r["print"];
    assert_eq!(print["discs"], 54, "{print}");
    assert!(print["legend"].as_u64().unwrap() > 8, "{print}");
    assert_eq!(print["canvas"], "none");
    assert_eq!(print["controls"], "none");
    assert_eq!(print["sources"], "block");
    assert_eq!(print["view"], "block");
    // The link reopens the focus.
    assert_eq!(r["reopened_panel"], "Kiryat Gat");
    assert_eq!(ids(&r["reopened"]), ["cmcc", "israel", "kiryat-gat"]);
    assert_eq!(r["moved"], true);
    assert_eq!(r["dialogs"], json!([]));
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
        3,
        "only the page's own three script elements close"
    );
    let r = drive(&sb.join("hostile.html"), "script", "SUPPORT");
    assert_eq!(r["errors"], json!([]), "{}", r["errors"]);
    assert_eq!(r["initial"]["discs"].as_array().unwrap().len(), 4, "{r}");
    let labels: Vec<&str> = r["initial"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["label"].as_str().unwrap())
        .collect();
    for (_, label) in names {
        assert!(
            labels.contains(&label),
            "{label:?} shown as text: {labels:?}"
        );
    }
    assert_eq!(
        r["suggestions"],
        json!([
            "line\u{2028}separator </script><script>window.pwned=true</script>",
            "<script>alert(1)</script>"
        ]),
        "matches in actor order (sep, x)"
    );
    assert_eq!(r["title"], "<script>alert('title')</script>");
    assert!(r["rel_quotes"][0]
        .as_str()
        .unwrap()
        .contains("<script>window.pwned=true;alert(3)</script>"));
    assert!(r["svg"]
        .as_str()
        .unwrap()
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(r["dialogs"], json!([]), "no alert fired");
    assert_eq!(r["pwned"], false, "no injected code ran");
    assert_eq!(r["injected"], 0, "no element was injected");
    assert_eq!(r["remote"], json!([]));
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
