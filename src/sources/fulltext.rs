//! Full-text extraction for feeds with `full_text = true`: an article page in,
//! its main text out, as plain block HTML (`<p>`, headings, list items,
//! quotes) with every text escaped, so nothing from the page's markup,
//! scripts or styles survives.
//!
//! A small readability-style scorer on `scraper` (already a dependency; the
//! readability crates pull in a second HTML parser or network code): every
//! paragraph gives its text length to its parent and half to its
//! grandparent, and the element with the highest score is the article body.
//! Paragraphs inside navigation, headers, footers, asides, forms and
//! elements whose class or id says ad/promo/share/related/comment count for
//! nothing and are left out of the result.

use std::collections::HashMap;

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::html;
use crate::sanitize;

/// Below this many characters of paragraph text the page has no article
/// body we can trust (an index page, a paywall stub, an error page).
const MIN_BODY_CHARS: usize = 140;

/// Tags whose subtree is page furniture, never the article.
const FURNITURE_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template",
    "iframe", "button", "select", "svg",
];

/// Class/id words that mark furniture on sites that use plain divs.
const FURNITURE_WORDS: &[&str] = &[
    "advert",
    "banner",
    "promo",
    "sponsor",
    "share",
    "social",
    "related",
    "comment",
    "sidebar",
    "menu",
    "footer",
    "header",
    "subscribe",
    "cookie",
    "popup",
];

/// The block elements whose text makes up the extracted article.
const BLOCKS: &str = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre";

/// The main content of the article page `html` (fetched from `url`), as
/// sanitised block HTML, or `None` when the page has no clear article body.
/// `content_type` is the HTTP header, for its charset.
pub fn extract(html: &[u8], content_type: Option<&str>, url: &Url) -> Option<String> {
    // `html::decode` = `encoding::decode` plus the `<meta charset>` an HTML
    // page declares its encoding with.
    let text = html::decode(html, content_type);
    let page = Html::parse_document(&text);
    let body = best_candidate(&page)?;
    let out = render(body);
    if out.is_empty() {
        tracing::debug!(%url, "full text: the chosen element had no text blocks");
        return None;
    }
    Some(sanitize::text_capped(&out, sanitize::MAX_CONTENT))
}

/// The element that holds the most paragraph text, counting a paragraph
/// fully for its parent and half for its grandparent (so the tight article
/// container beats the page wrapper that also holds the footer).
fn best_candidate(page: &Html) -> Option<ElementRef<'_>> {
    let paragraphs = Selector::parse("p").ok()?;
    let mut scores = HashMap::new();
    let mut total = 0usize;
    for p in page.select(&paragraphs) {
        if is_furniture_inside(p) {
            continue;
        }
        let len = text_of(p).chars().count();
        if len == 0 {
            continue;
        }
        total += len;
        let parent = p.parent().and_then(ElementRef::wrap);
        if let Some(parent) = parent {
            *scores.entry(parent.id()).or_insert(0usize) += len;
            if let Some(grand) = parent.parent().and_then(ElementRef::wrap) {
                *scores.entry(grand.id()).or_insert(0usize) += len / 2;
            }
        }
    }
    if total < MIN_BODY_CHARS {
        return None;
    }
    // Walk in document order and keep the first of equal scores, so the
    // choice does not depend on HashMap iteration order.
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    for node in page.tree.root().descendants() {
        let Some(&score) = scores.get(&node.id()) else {
            continue;
        };
        if best.is_none_or(|(top, _)| score > top) {
            best = ElementRef::wrap(node).map(|el| (score, el)).or(best);
        }
    }
    best.map(|(_, el)| el)
}

/// Whether `el` or one of its ancestors is page furniture.
fn is_furniture_inside(el: ElementRef<'_>) -> bool {
    std::iter::once(*el)
        .chain(el.ancestors())
        .filter_map(ElementRef::wrap)
        .any(is_furniture)
}

fn is_furniture(el: ElementRef<'_>) -> bool {
    let e = el.value();
    if FURNITURE_TAGS.contains(&e.name()) {
        return true;
    }
    let marks = [e.attr("class"), e.attr("id"), e.attr("role")];
    marks.iter().flatten().any(|v| {
        let v = v.to_lowercase();
        // Whole words of the class list, or the word as a prefix of one
        // ("advert-box"): a bare substring would drop "shared-story".
        v.split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .any(|w| FURNITURE_WORDS.contains(&w) || w == "ad" || w == "ads")
            || v == "navigation"
    })
}

/// The text blocks under `body`, outermost only (a `<p>` inside an `<li>`
/// is emitted once, with the `<li>`), each as `<tag>escaped text</tag>`.
fn render(body: ElementRef<'_>) -> String {
    let Ok(blocks) = Selector::parse(BLOCKS) else {
        return String::new();
    };
    let mut out = String::new();
    for block in body.select(&blocks) {
        let nested = block
            .ancestors()
            .take_while(|a| a.id() != body.id())
            .filter_map(ElementRef::wrap)
            .any(|a| blocks.matches(&a));
        if nested || is_furniture_inside(block) {
            continue;
        }
        let text = text_of(block);
        if text.is_empty() {
            continue;
        }
        let tag = block.value().name();
        if !out.is_empty() {
            out.push('\n');
        }
        out.push('<');
        out.push_str(tag);
        out.push('>');
        escape_into(&text, &mut out);
        out.push_str("</");
        out.push_str(tag);
        out.push('>');
    }
    out
}

/// The visible text of `el` with whitespace collapsed, skipping the text of
/// scripts, styles and furniture nested in it.
fn text_of(el: ElementRef<'_>) -> String {
    let mut words = String::new();
    for node in el.descendants() {
        let Node::Text(t) = node.value() else {
            continue;
        };
        let hidden = node
            .ancestors()
            .take_while(|a| a.id() != el.id())
            .filter_map(ElementRef::wrap)
            .any(is_furniture);
        if hidden {
            continue;
        }
        for w in t.split_whitespace() {
            if !words.is_empty() {
                words.push(' ');
            }
            words.push_str(w);
        }
    }
    words
}

fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("http://127.0.0.1/news/1").unwrap()
    }

    const PAGE: &str = r#"<!doctype html><html><head><title>T</title>
<style>p { color: red }</style><script>var x = "<p>script text</p>";</script></head>
<body><div class="page">
<nav><ul><li>Басты бет</li><li>Саясат</li></ul><p>Навигация мәзірі</p></nav>
<div class="ad-banner"><p>Жарнама: несие 0% — тек бүгін! Реклама кредит без процентов, звоните прямо сейчас.</p></div>
<article><h1>Астанада жаңа көпір ашылды</h1>
<p>Астанада Есіл өзені арқылы өтетін жаңа жаяу жүргіншілер көпірі ашылды, деп хабарлайды тілші.</p>
<p>Көпірдің ұзындығы 300 метр, құрылыс екі жылға созылды &amp; қала тұрғындары оны асыға күтті.</p>
<p>В Астане открыли новый пешеходный мост через реку Есиль <b>длиной</b> 300 метров.</p>
<div class="share"><p>Бөлісу: Facebook Telegram WhatsApp</p></div>
</article>
<footer><p>© 2026 Ақпарат агенттігі. Барлық құқықтар қорғалған. Все права защищены, перепечатка запрещена.</p></footer>
</div></body></html>"#;

    #[test]
    fn picks_the_article_and_drops_furniture() {
        let out = extract(PAGE.as_bytes(), Some("text/html; charset=utf-8"), &url()).unwrap();
        assert!(out.contains("<h1>Астанада жаңа көпір ашылды</h1>"), "{out}");
        assert!(out.contains("жаяу жүргіншілер көпірі ашылды"), "{out}");
        assert!(
            out.contains("пешеходный мост через реку Есиль длиной 300"),
            "{out}"
        );
        // Entities come back escaped, not as raw markup.
        assert!(out.contains("созылды &amp; қала"), "{out}");
        for furniture in [
            "Навигация",
            "Басты бет",
            "Жарнама",
            "Бөлісу",
            "Все права",
            "script text",
            "color: red",
        ] {
            assert!(!out.contains(furniture), "{furniture} leaked: {out}");
        }
    }

    #[test]
    fn windows_1251_page_is_decoded() {
        let page = "<html><head><meta charset=\"windows-1251\"></head><body><main>\
            <p>Правительство утвердило новую программу развития регионов на ближайшие пять лет.</p>\
            <p>Программа предусматривает строительство дорог, школ и больниц в сельской местности.</p>\
            </main></body></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        let out = extract(&bytes, Some("text/html"), &url()).unwrap();
        assert!(out.contains("Правительство утвердило"), "{out}");
        assert!(out.contains("больниц в сельской"), "{out}");
    }

    #[test]
    fn tight_container_beats_the_page_wrapper() {
        let long = "Мәтін сөйлемі, ол жеткілікті ұзын болуы керек. ".repeat(4);
        let page = format!(
            "<body><div id=wrap><div id=story><p>{long}</p><p>{long}</p><p>{long}</p></div>\
             <div id=other><p>Қысқа жазба.</p></div></div></body>"
        );
        let out = extract(page.as_bytes(), None, &url()).unwrap();
        assert!(out.contains("Мәтін сөйлемі"), "{out}");
        assert!(!out.contains("Қысқа жазба"), "{out}");
    }

    #[test]
    fn pages_without_an_article_give_none() {
        let index = "<html><body><nav><p>Menu</p></nav><p>Short.</p></body></html>";
        assert_eq!(extract(index.as_bytes(), None, &url()), None);
        assert_eq!(extract(b"", None, &url()), None);
        assert_eq!(extract(b"\xff\xfe\x00garbage", None, &url()), None);
    }

    #[test]
    fn nested_blocks_are_emitted_once() {
        let item = "Пункт тізімі, ішінде абзац бар, жеткілікті ұзын мәтін. ".repeat(2);
        let page =
            format!("<article><p>{item}</p><ul><li><p>{item}</p></li></ul><p>{item}</p></article>");
        let out = extract(page.as_bytes(), None, &url()).unwrap();
        // Each block's text repeats its sentence twice: 3 blocks, 6 hits.
        assert_eq!(out.matches("Пункт тізімі").count(), 6, "{out}");
        assert_eq!(out.lines().count(), 3, "{out}");
        assert!(out.contains("<li>Пункт"), "{out}");
    }

    #[test]
    fn control_characters_are_scrubbed() {
        let para = "Мәтін\u{1b}[31m қызыл емес болуы керек, бұл жеткілікті ұзын сөйлем. ".repeat(3);
        let page = format!("<article><p>{para}</p></article>");
        let out = extract(page.as_bytes(), None, &url()).unwrap();
        assert!(!out.contains('\u{1b}'), "{out:?}");
    }
}
