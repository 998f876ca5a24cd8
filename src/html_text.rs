//! HTML → text: only what a reader of the article sees is article text.
//!
//! html2text already skips `<head>`, `<script>` and `<style>` where the
//! parser puts them, but a `<title>` met after text (the parser then puts
//! it in the body), an `<iframe>`'s fallback content, `<noembed>`,
//! `<noframes>` and `<template>` bodies, SVG `<title>`/`<desc>` tooltips and
//! a `<script>`/`<style>` in an odd place came out as text. Here the parsed
//! document is pruned of them before it is laid out, whatever their place.
//!
//! The work is bounded as well. The HTML parser scans its stack of open
//! elements for most start tags, so a document nested 20,000 levels deep
//! took tens of seconds to parse, and its layout indents every level:
//! [`cap_depth`] first drops the tags (not the text) of elements nested
//! deeper than [`MAX_DEPTH`], in one linear pass over the text. Pure
//! functions: no I/O, callable from any thread.

use html2text::render::{RichAnnotation, TaggedLine};
use html2text::{Handle, RcDom};

/// Deepest nesting of elements that hold others (lists, divs, quotes,
/// tables, inline markup) kept as written. Real articles nest a few dozen
/// levels; past this the tags go and their text joins the enclosing one.
pub const MAX_DEPTH: usize = 48;

/// Deepest nesting of the elements that indent their content (lists,
/// quotes, tables) kept as written: each level costs layout work on every
/// line inside it and narrows the text by a few columns.
pub const MAX_INDENT: usize = 8;

/// Lines of rich text for the reader, `width` columns wide, with link
/// footnotes: html2text's rich rendering of the pruned document.
pub fn rich_lines(
    html: &str,
    width: usize,
) -> Result<Vec<TaggedLine<Vec<RichAnnotation>>>, html2text::Error> {
    let html = cap_depth(html);
    let config = || html2text::config::rich().link_footnotes(true);
    let dom = config().parse_html(html.as_bytes())?;
    prune(&dom);
    match config().render_to_lines(config().dom_to_render_tree(&dom)?, width) {
        // Nesting indented past the width: lay it out wider rather than
        // not at all (the reader cuts long lines).
        Err(html2text::Error::TooNarrow) => config()
            .allow_width_overflow()
            .render_to_lines(config().dom_to_render_tree(&dom)?, width),
        other => other,
    }
}

/// Plain text without decoration, `width` columns wide (wide enough, and
/// the caller folds lines, for a one-line title or a first sentence).
pub fn plain_text(html: &str, width: usize) -> Result<String, html2text::Error> {
    let html = cap_depth(html);
    let config = || html2text::config::plain_no_decorate().allow_width_overflow();
    let dom = config().parse_html(html.as_bytes())?;
    prune(&dom);
    config().render_to_string(config().dom_to_render_tree(&dom)?, width)
}

/// Elements without content: they never nest.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
    )
}

/// Elements whose end tag is optional (the next sibling closes them), and
/// the document's own: counting them would count unclosed siblings as depth.
fn closes_itself(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "rb"
            | "rt"
            | "rp"
            | "rtc"
            | "colgroup"
            | "caption"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements that indent (or lay out) their content.
fn indents(name: &str) -> bool {
    matches!(
        name,
        "ul" | "ol" | "dl" | "menu" | "dir" | "blockquote" | "table"
    )
}

/// Block elements: a dropped tag of one still ends a line.
fn is_block(name: &str) -> bool {
    indents(name)
        || matches!(
            name,
            "div"
                | "section"
                | "article"
                | "aside"
                | "header"
                | "footer"
                | "nav"
                | "main"
                | "figure"
                | "figcaption"
                | "form"
                | "fieldset"
                | "details"
                | "summary"
                | "address"
                | "pre"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "center"
                | "hgroup"
        )
}

/// Elements whose content is text up to their end tag, not markup.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// `html` with the start and end tags of elements nested deeper than
/// [`MAX_DEPTH`] (or, for lists, quotes and tables, [`MAX_INDENT`])
/// removed: their text stays, and a dropped block tag leaves a line break.
/// One pass; borrowed when nothing is that deep.
///
/// Tags are read the way the HTML tokenizer reads them (WHATWG "tag open"
/// and the states after it), so what is counted here is what the parser
/// will nest: `<` before anything but a letter, `!`, `/` or `?` is text;
/// `</` before anything but a letter is a comment up to the next `>`; a tag
/// name runs to whitespace, `/` or `>`; quotes matter only in an attribute
/// value; and `<div/>` opens a `div` (the slash only closes elements inside
/// `<svg>` or `<math>`). The cap is idempotent: a second pass keeps all a
/// first pass kept, because removing a tag never makes a new one (a text
/// `<` right before a removed tag is written `&lt;`, which reads the same).
pub fn cap_depth(html: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let bytes = html.as_bytes();
    // Open elements that count, innermost last, and how many start tags of
    // each name were dropped (their end tags go too).
    let mut open: Vec<String> = Vec::new();
    let mut dropped: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        // Comments, doctype, CDATA, processing instructions: no nesting.
        if rest.starts_with(b"!--") {
            i = html[lt..].find("-->").map_or(html.len(), |e| lt + e + 3);
            continue;
        }
        let end_tag = rest.first() == Some(&b'/');
        let name_at = lt + 1 + usize::from(end_tag);
        let bogus_comment = matches!(rest.first(), Some(b'!' | b'?'))
            || (end_tag && !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic));
        if bogus_comment {
            i = html[lt..].find('>').map_or(html.len(), |e| lt + e + 1);
            continue;
        }
        if !bytes.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            // A text `<`.
            i = lt + 1;
            continue;
        }
        let name_len = bytes[name_at..]
            .iter()
            .take_while(|b| !is_tag_space(**b) && !matches!(b, b'/' | b'>'))
            .count();
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let Some(close) = tag_end(bytes, name_at + name_len) else {
            break;
        };
        let foreign = open.iter().any(|o| o == "svg" || o == "math");
        let self_closed = bytes[close - 1] == b'/' && (foreign || name == "svg" || name == "math");
        let mut drop = false;
        let block = is_block(&name);
        if end_tag {
            if let Some(n) = dropped.get_mut(&name).filter(|n| **n > 0) {
                *n -= 1;
                drop = true;
            } else if let Some(at) = open.iter().rposition(|o| *o == name) {
                open.truncate(at);
            }
        } else if !is_void(&name) && !closes_itself(&name) && !self_closed {
            if is_raw_text(&name) {
                // Skip to its end tag: what is inside is not markup.
                i = raw_text_end(html, close + 1, &name);
                continue;
            }
            let indent = open.iter().filter(|o| indents(o)).count();
            if open.len() < MAX_DEPTH && (!indents(&name) || indent < MAX_INDENT) {
                open.push(name);
            } else {
                *dropped.entry(name).or_insert(0) += 1;
                drop = true;
            }
        }
        if drop {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            // A text `<` just before the tag would read the text after the
            // tag as a tag once the tag is gone: write it as a reference.
            if lt > copied && bytes[lt - 1] == b'<' {
                buf.push_str(&html[copied..lt - 1]);
                buf.push_str("&lt;");
            } else {
                buf.push_str(&html[copied..lt]);
            }
            // A block still ends its line; an inline tag joins its text.
            if block {
                buf.push_str("<br>");
            }
            copied = close + 1;
        }
        i = close + 1;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// The tokenizer's whitespace inside a tag.
fn is_tag_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

/// Index of the `>` that ends the tag whose attributes start at `from`.
/// Quotes open a value only right after `=` (and whitespace), as in the
/// tokenizer; a `"` elsewhere is part of an attribute's name. `None` when
/// the text ends inside the tag (the tokenizer then drops it).
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    loop {
        // Before an attribute's name.
        while is_tag_space(*bytes.get(k)?) || bytes[k] == b'/' {
            k += 1;
        }
        if bytes[k] == b'>' {
            return Some(k);
        }
        // The name (its first character may be `=`).
        k += 1;
        while !matches!(*bytes.get(k)?, b'/' | b'>' | b'=') && !is_tag_space(bytes[k]) {
            k += 1;
        }
        while is_tag_space(*bytes.get(k)?) {
            k += 1;
        }
        if bytes[k] != b'=' {
            continue;
        }
        k += 1;
        while is_tag_space(*bytes.get(k)?) {
            k += 1;
        }
        match bytes[k] {
            q @ (b'"' | b'\'') => {
                k += 1 + bytes.get(k + 1..)?.iter().position(|b| *b == q)? + 1;
            }
            b'>' => return Some(k),
            _ => {
                while !matches!(*bytes.get(k)?, b'>') && !is_tag_space(bytes[k]) {
                    k += 1;
                }
            }
        }
    }
}

/// Where the text after a raw-text element's end tag starts.
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let needle = format!("</{name}");
    let lower = html.get(from..).map(str::to_ascii_lowercase);
    match lower.as_deref().and_then(|l| l.find(&needle)) {
        Some(at) => from + at + needle.len(),
        None => html.len(),
    }
}

/// Elements whose content is never article text.
fn is_hidden(ns: &str, name: &str) -> bool {
    match ns {
        "http://www.w3.org/1999/xhtml" => matches!(
            name,
            "head"
                | "title"
                | "script"
                | "style"
                | "iframe"
                | "noembed"
                | "noframes"
                | "template"
                | "frameset"
        ),
        "http://www.w3.org/2000/svg" => matches!(name, "title" | "desc" | "script" | "style"),
        "http://www.w3.org/1998/Math/MathML" => false,
        _ => false,
    }
}

/// Removes hidden elements (and comments) wherever they are.
fn prune(dom: &RcDom) {
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        node.children
            .borrow_mut()
            .retain(|child| match &child.data {
                html2text::Element { name, .. } => !is_hidden(&name.ns, &name.local),
                html2text::Comment { .. } => false,
                _ => true,
            });
        // Template contents live outside the children; drop them too.
        if let html2text::Element {
            template_contents, ..
        } = &node.data
        {
            template_contents.borrow_mut().take();
        }
        stack.extend(node.children.borrow().iter().cloned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        plain_text(html, 1000)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn only_body_text_is_text() {
        assert_eq!(
            text(
                "<p>intro</p><html><head><title>Late Title</title></head>\
                 <body><p>Body</p><iframe src=\"https://x.example/\">Fallback</iframe>\
                 <noembed>NE</noembed><noframes>NF</noframes><template>TP</template>\
                 <svg><title>Tip</title><desc>D</desc></svg><div><title>T2</title>end</div>\
                 <script>S()</script><style>.a{}</style></body></html>"
            ),
            "intro Body end"
        );
    }

    #[test]
    fn deep_nesting_keeps_its_text() {
        let n = 20_000;
        let mut html = String::new();
        for i in 0..n {
            html.push_str(&format!("<ul><li>item{i}"));
        }
        for _ in 0..n {
            html.push_str("</li></ul>");
        }
        let capped = cap_depth(&html);
        assert_eq!(capped.matches("<ul>").count(), MAX_INDENT);
        assert_eq!(capped.matches("</ul>").count(), MAX_INDENT);
        let divs = "<div>x".repeat(n);
        assert_eq!(cap_depth(&divs).matches("<div>").count(), MAX_DEPTH);
        let out = text(&html);
        let words: Vec<&str> = out.split(' ').filter(|w| *w != "*").collect();
        assert_eq!(words.len(), n, "{}", &out[..200]);
        assert_eq!(words[0], "item0");
        assert_eq!(words[n - 1], format!("item{}", n - 1));
        // The reader's layout works at a narrow width too.
        assert!(rich_lines(&html, 20).is_ok());
    }

    /// `cap_depth` over its own output changes nothing.
    fn assert_idempotent(html: &str) {
        let once = cap_depth(html);
        assert_eq!(cap_depth(&once), once, "second pass changed {html:?}");
    }

    #[test]
    fn removing_a_tag_never_makes_a_new_one() {
        let deep = "<div>".repeat(MAX_DEPTH);
        // A text `<` before a dropped tag stays text, written `&lt;`.
        let html = format!("{deep}<<vd>idiv>x");
        let once = cap_depth(&html);
        assert!(once.ends_with("&lt;idiv>x"), "{once}");
        assert_idempotent(&html);
        assert_eq!(text(&html), "<idiv>x");
        // `</` before a non-letter is a comment to the next `>`, as the
        // tokenizer reads it: the tag inside it is not counted or dropped.
        let html = format!("{deep}</<vd>div>y");
        assert!(matches!(cap_depth(&html), std::borrow::Cow::Borrowed(_)));
        assert_eq!(text(&html), "div>y");
        // The input the fuzzer found (a spliced document of both).
        let found = include_bytes!("../tests/fixtures/fuzz/html_text_cap_depth_not_idempotent.bin");
        assert_idempotent(&crate::sanitize::text(&String::from_utf8_lossy(
            &found[1..],
        )));
    }

    #[test]
    fn tags_are_read_as_the_tokenizer_reads_them() {
        // `<div/>` opens a div in HTML: it is capped like `<div>`.
        let slashed = "<div/>x".repeat(MAX_DEPTH + 10);
        assert_eq!(cap_depth(&slashed).matches("<div/>").count(), MAX_DEPTH);
        // Inside SVG the slash closes: no depth at all.
        let svg = format!("<svg>{}</svg>", "<g/>".repeat(MAX_DEPTH * 2));
        assert!(matches!(cap_depth(&svg), std::borrow::Cow::Borrowed(_)));
        // A quote in an attribute's name does not open a value: the `>`
        // after it ends the tag, and the next tags count.
        let quoted = format!("{}x", "<div a\"b>".repeat(MAX_DEPTH + 1));
        assert_eq!(cap_depth(&quoted).matches("<div").count(), MAX_DEPTH);
        // A quoted value may hold `>`.
        let valued = format!("{}x", "<div title='a>b'>".repeat(MAX_DEPTH + 1));
        assert_eq!(cap_depth(&valued).matches("<div").count(), MAX_DEPTH);
        // A tag name runs to whitespace, `/` or `>`: `<i<b>` is one tag.
        assert_idempotent(&format!("{}<i<b>t</i<b>", "<div>".repeat(MAX_DEPTH)));
    }

    #[test]
    fn the_cap_is_idempotent_on_tag_soup() {
        // Deterministic soup of the pieces that make tags, comments and
        // text: every mix of them must cap to a fixed point in one pass.
        const PIECES: [&str; 16] = [
            "<", "</", ">", "/", "div", "i", "ul", "<div>", "</div>", "<b>", "</b>", "!--", "-->",
            "\"", "=", " ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..2_000 {
            let mut html = "<div>".repeat(MAX_DEPTH - 2);
            for _ in 0..60 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                html.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            assert_idempotent(&html);
        }
    }

    #[test]
    fn shallow_documents_and_raw_text_are_left_alone() {
        let html = "<div><p>a<p>b<br><img src=x><ul><li>c<li>d</ul></div>\
                    <script>if (a<b) { x('<div><div>') }</script><!-- <div> -->";
        assert!(matches!(cap_depth(html), std::borrow::Cow::Borrowed(_)));
        // Unclosed paragraphs and list items do not count as depth.
        let many = "<p>x".repeat(10_000);
        assert!(matches!(cap_depth(&many), std::borrow::Cow::Borrowed(_)));
    }
}
