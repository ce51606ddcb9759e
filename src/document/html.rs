//! Web pages: the article's own text, without the page around it.
//!
//! Parsed by html5ever (through `scraper`), as a browser parses it. The
//! article is found the way Readability finds it: every paragraph of 25
//! characters or more scores its parent and grandparent (one point, one per
//! comma, up to three for its length); a container's score is weighted by
//! its tag and its class and id (`article`, `content` up; `nav`, `menu`,
//! `share`, `related`, `cookie`, `comment`, `sidebar`, `promo` down) and by
//! the share of its text that is not link text; the best container is the
//! article. Inside it, navigation, forms, scripts, asides, share and related
//! blocks and link lists are dropped; footnote markers are dropped and the
//! footnotes kept apart. Title, author and date come from the usual meta
//! tags (Open Graph, `article:published_time`, `name=author|date`,
//! `<time datetime>`, JSON-LD), else from the page's `<h1>` and `<title>`.

use super::{unreadable, Document, Kind};
use crate::error::{Error, Result};
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::path::Path;

/// Elements whose text is never article text.
const DROP_TAGS: &[&str] = &[
    "nav", "aside", "footer", "form", "script", "style", "noscript", "template", "svg", "button",
    "iframe", "select", "dialog", "menu", "object", "embed", "canvas", "head", "input", "textarea",
    "label",
];

/// Class and id words of page furniture (after Readability's list).
const NEGATIVE: &[&str] = &[
    "nav",
    "menu",
    "share",
    "social",
    "related",
    "cookie",
    "consent",
    "gdpr",
    "footer",
    "comment",
    "sidebar",
    "promo",
    "newsletter",
    "subscribe",
    "signup",
    "advert",
    "sponsor",
    "banner",
    "breadcrumb",
    "pagination",
    "pager",
    "popup",
    "modal",
    "masthead",
    "toolbar",
    "skip",
    "widget",
    "recommend",
    "more-stories",
    "read-more",
    "tags",
    "byline-share",
];

/// Class and id words of article containers.
const POSITIVE: &[&str] = &[
    "article",
    "content",
    "main",
    "story",
    "entry",
    "post-body",
    "body",
    "text",
    "blog",
];

/// Block-level elements: each ends the paragraph before it.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "ul",
    "caption",
];

/// Pages larger than this are refused (a brief is a few hundred kilobytes).
const MAX_BYTES: u64 = 64 << 20;

pub fn read(path: &Path) -> Result<Document> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_BYTES {
        return Err(unreadable(
            path,
            format!("this HTML file is {size} bytes, more than the {MAX_BYTES} a page can be"),
            "save the article's own page (File > Save Page As, HTML only) and extract that",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    // Pages declare their encoding; UTF-8 is by far the most common, and a
    // page in another one is read with replacement characters rather than refused.
    let text = String::from_utf8_lossy(&bytes);
    parse(path, &text)
}

/// Reads the article of a page's HTML text.
pub fn parse(path: &Path, text: &str) -> Result<Document> {
    let html = Html::parse_document(text);
    let meta = Meta::of(&html);
    let root = article_root(&html).ok_or_else(|| no_article(path))?;
    let mut walk = Walk::default();
    walk.element(root, true);
    walk.flush();
    let words: usize = walk
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().count())
        .sum();
    let has_sentence = walk
        .paragraphs
        .iter()
        .any(|p| p.split_whitespace().count() >= 8 && p.contains(['.', '!', '?', ';']));
    if words < 25 || !has_sentence {
        return Err(no_article(path));
    }
    let mut doc = Document::from_paragraphs(path, Kind::Html, &walk.paragraphs);
    doc.notes = walk.notes;
    doc.title = meta.title.or(walk.first_heading);
    doc.author = meta.author;
    doc.date = meta.date;
    Ok(doc)
}

fn no_article(path: &Path) -> Error {
    unreadable(
        path,
        "no article found in this page: it has no run of paragraphs, only menus, links or scripts",
        "open the page of the article itself (not an index or a search page) and save it; a page built by scripts needs saving from the browser after it has loaded",
    )
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("the selectors are valid")
}

/// Title, author and date from the page's metadata.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    author: Option<String>,
    date: Option<String>,
}

impl Meta {
    fn of(html: &Html) -> Meta {
        let mut metas: HashMap<String, String> = HashMap::new();
        for m in html.select(&selector("meta")) {
            let key = m
                .attr("property")
                .or_else(|| m.attr("name"))
                .or_else(|| m.attr("itemprop"));
            if let (Some(k), Some(v)) = (key, m.attr("content")) {
                let v = crate::extract::collapse(v);
                if !v.is_empty() {
                    metas.entry(k.to_ascii_lowercase()).or_insert(v);
                }
            }
        }
        let get = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());
        let ld = json_ld(html);
        let ld_get = |key: &str| -> Option<String> {
            ld.iter().find_map(|v| match &v[key] {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Object(o) => {
                    o.get("name").and_then(|n| n.as_str()).map(str::to_string)
                }
                serde_json::Value::Array(a) => a.iter().find_map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .or_else(|| x["name"].as_str().map(str::to_string))
                }),
                _ => None,
            })
        };
        let title = get(&["og:title", "twitter:title", "dc.title"])
            .or_else(|| ld_get("headline"))
            .or_else(|| {
                html.select(&selector("title"))
                    .next()
                    .map(|t| crate::extract::collapse(&t.text().collect::<String>()))
                    .filter(|t| !t.is_empty())
            });
        let author = get(&["author", "article:author", "dc.creator", "byl"])
            .or_else(|| ld_get("author"))
            .or_else(|| {
                html.select(&selector("[rel=author]"))
                    .next()
                    .map(|a| crate::extract::collapse(&a.text().collect::<String>()))
            })
            .filter(|a| !a.is_empty() && !a.starts_with("http"));
        let date = get(&[
            "article:published_time",
            "datepublished",
            "date",
            "dc.date",
            "dc.date.issued",
            "citation_publication_date",
            "pubdate",
        ])
        .or_else(|| ld_get("datePublished"))
        .or_else(|| {
            html.select(&selector("time[datetime]"))
                .next()
                .and_then(|t| t.attr("datetime").map(str::to_string))
        })
        .and_then(|d| iso_date(&d));
        Meta {
            title,
            author,
            date,
        }
    }
}

/// The objects of the page's JSON-LD blocks (and of their `@graph`s).
fn json_ld(html: &Html) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    for s in html.select(&selector("script[type=\"application/ld+json\"]")) {
        let text: String = s.text().collect();
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let mut stack = vec![v];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(a) => stack.extend(a),
                serde_json::Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    out.push(serde_json::Value::Object(o));
                }
                _ => {}
            }
        }
    }
    out
}

/// `2024-05-03T10:00:00Z`, `2024-05-03`, `2024-05` → the ISO date part.
pub fn iso_date(s: &str) -> Option<String> {
    let s = s.trim();
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) {
        if b.get(7) == Some(&b'-') && digits(8..10) {
            return Some(s[..10].to_string());
        }
        return Some(s[..7].to_string());
    }
    (digits(0..4) && b.len() == 4).then(|| s.to_string())
}

fn class_and_id(el: &scraper::node::Element) -> String {
    let mut s = el.attr("class").unwrap_or("").to_ascii_lowercase();
    s.push(' ');
    s.push_str(&el.attr("id").unwrap_or("").to_ascii_lowercase());
    s
}

fn has_word(hay: &str, words: &[&str]) -> bool {
    hay.split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .any(|w| {
            words.iter().any(|n| {
                w == *n
                    || w.starts_with(&format!("{n}-"))
                    || w.ends_with(&format!("-{n}"))
                    || w.contains(&format!("-{n}-"))
                    || (n.len() >= 5 && w.contains(n))
            })
        })
}

/// Page furniture: dropped with everything inside it.
fn is_furniture(el: &scraper::node::Element) -> bool {
    let name = el.name();
    if DROP_TAGS.contains(&name) {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    if matches!(
        el.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "search" | "dialog")
    ) {
        return true;
    }
    let ci = class_and_id(el);
    has_word(&ci, NEGATIVE) && !matches!(name, "body" | "article" | "main")
}

fn is_notes(el: &scraper::node::Element) -> bool {
    let ci = class_and_id(el);
    matches!(el.attr("role"), Some("doc-endnotes" | "doc-footnotes"))
        || ci.contains("footnote")
        || ci.contains("endnote")
}

/// Whether an element is inside furniture (or is furniture).
fn in_furniture(node: NodeRef<Node>) -> bool {
    std::iter::once(node)
        .chain(node.ancestors())
        .filter_map(|n| n.value().as_element())
        .any(is_furniture)
}

/// Text length and link-text length of an element.
fn text_and_links(el: ElementRef) -> (usize, usize) {
    let mut total = 0;
    let mut links = 0;
    for n in el.descendants() {
        if let Node::Text(t) = n.value() {
            let len = t.trim().chars().count();
            total += len;
            if n.ancestors()
                .take_while(|a| a.id() != el.id())
                .chain(std::iter::once(*el))
                .any(|a| a.value().as_element().is_some_and(|e| e.name() == "a"))
            {
                links += len;
            }
        }
    }
    (total, links)
}

/// The container holding the article, Readability-style.
fn article_root(html: &Html) -> Option<ElementRef<'_>> {
    let mut scores: HashMap<ego_tree::NodeId, f64> = HashMap::new();
    for p in html.select(&selector("p, pre, td, blockquote")) {
        if in_furniture(*p) {
            continue;
        }
        let text = crate::extract::collapse(&p.text().collect::<String>());
        let len = text.chars().count();
        if len < 25 {
            continue;
        }
        let score = 1.0 + text.matches(',').count() as f64 + (len as f64 / 100.0).min(3.0);
        let mut up = p.ancestors().filter(|a| a.value().is_element());
        if let Some(parent) = up.next() {
            *scores.entry(parent.id()).or_insert(0.0) += score;
        }
        if let Some(grand) = up.next() {
            *scores.entry(grand.id()).or_insert(0.0) += score / 2.0;
        }
    }
    let mut best: Option<(f64, ElementRef)> = None;
    for (&id, &score) in &scores {
        let Some(el) = html.tree.get(id).and_then(ElementRef::wrap) else {
            continue;
        };
        let e = el.value();
        let mut weight = match e.name() {
            "article" | "main" => 10.0,
            "div" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "ol" | "ul" | "dl" | "li" | "form" => -3.0,
            _ => 0.0,
        };
        let ci = class_and_id(e);
        if has_word(&ci, POSITIVE) {
            weight += 25.0;
        }
        if has_word(&ci, NEGATIVE) {
            weight -= 25.0;
        }
        let (total, links) = text_and_links(el);
        let density = if total == 0 {
            1.0
        } else {
            links as f64 / total as f64
        };
        let s = (score + weight) * (1.0 - density);
        // Ties go to the earlier element, so the choice does not depend on hashing.
        let better = match &best {
            None => true,
            Some((b, be)) => s > *b || (s == *b && el.id() < be.id()),
        };
        if better {
            best = Some((s, el));
        }
    }
    best.map(|(_, el)| el)
}

/// Collects paragraphs (and notes) from the article's elements.
#[derive(Default)]
struct Walk {
    paragraphs: Vec<String>,
    notes: Vec<String>,
    current: String,
    first_heading: Option<String>,
    in_notes: bool,
}

impl Walk {
    fn flush(&mut self) {
        let p = crate::extract::collapse(&self.current);
        self.current.clear();
        if p.is_empty() {
            return;
        }
        if self.in_notes {
            self.notes.push(p);
        } else {
            self.paragraphs.push(p);
        }
    }

    fn element(&mut self, el: ElementRef, is_root: bool) {
        let e = el.value();
        let name = e.name();
        if !is_root && is_furniture(e) {
            return;
        }
        if is_footnote_marker(el) {
            return;
        }
        let block = BLOCK_TAGS.contains(&name);
        if block && !is_root && matches!(name, "ul" | "ol" | "div" | "section" | "p" | "li") {
            // A block that is mostly links is a link list: related stories, tags.
            let (total, links) = text_and_links(el);
            if total > 0 && links * 2 > total {
                return;
            }
        }
        let notes = !self.in_notes && is_notes(e);
        if block || notes {
            self.flush();
        }
        if notes {
            self.in_notes = true;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.current.push_str(t),
                Node::Element(c) if c.name() == "br" => self.current.push(' '),
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.element(c, false);
                    }
                }
                _ => {}
            }
        }
        if block || notes {
            if name == "h1" && self.first_heading.is_none() {
                let h = crate::extract::collapse(&self.current);
                if !h.is_empty() {
                    self.first_heading = Some(h);
                }
            }
            self.flush();
        }
        if notes {
            self.in_notes = false;
        }
    }
}

/// `<sup><a href="#fn1">1</a></sup>`, `<a class="footnote-ref">`: a note marker.
fn is_footnote_marker(el: ElementRef) -> bool {
    let e = el.value();
    let text: String = el.text().collect();
    let t = text.trim().trim_matches(['[', ']', '(', ')']);
    let short_mark = !t.is_empty()
        && t.chars().count() <= 4
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || "*†‡§".contains(c));
    match e.name() {
        "sup" => short_mark,
        "a" => {
            let ci = class_and_id(e);
            (ci.contains("footnote")
                || ci.contains("noteref")
                || e.attr("role") == Some("doc-noteref"))
                && short_mark
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html><html><head>
<title>Site name | A page</title>
<meta property="og:title" content="Talks at the Crossing">
<meta name="author" content="A. Writer">
<meta property="article:published_time" content="2024-05-03T09:00:00Z">
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div id="cookie-banner">We use cookies, accept them to read on. Egypt condemned Israel.</div>
<main><article class="post">
<h1>Talks at the Crossing</h1>
<div class="share-buttons"><a href="#">Share on X</a></div>
<p>Egypt urged Israel to reopen the crossing, said officials in Cairo on Friday.<sup><a href="#fn1">1</a></sup></p>
<p>Qatar, which hosts the talks, mediated between the parties for a third week running.</p>
<ul class="related-links"><li><a href="/a">Jordan condemned Iran in a long statement</a></li></ul>
<section class="footnotes"><ol><li id="fn1">Reported by two agencies.</li></ol></section>
</article></main>
<aside>Most read: Turkey attacked Syria.</aside>
<footer>Copyright</footer>
</body></html>"##;

    #[test]
    fn the_article_without_the_page_around_it() {
        let d = parse(Path::new("p.html"), PAGE).unwrap();
        assert_eq!(d.title.as_deref(), Some("Talks at the Crossing"));
        assert_eq!(d.author.as_deref(), Some("A. Writer"));
        assert_eq!(d.date.as_deref(), Some("2024-05-03"));
        assert_eq!(
            d.text,
            "Talks at the Crossing\n\nEgypt urged Israel to reopen the crossing, said officials in Cairo on Friday.\n\n\
             Qatar, which hosts the talks, mediated between the parties for a third week running."
        );
        assert_eq!(d.notes, ["Reported by two agencies."]);
    }

    #[test]
    fn a_page_of_links_has_no_article() {
        let page = "<html><body><nav><ul><li><a href=/a>Egypt urged Israel to reopen the crossing today</a></li></ul></nav><p>Menu</p></body></html>";
        let err = parse(Path::new("index.html"), page)
            .unwrap_err()
            .to_string();
        assert!(err.contains("index.html: no article found"), "{err}");
    }
}
