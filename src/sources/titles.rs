//! A title for an item that has none, as other readers make one: the first
//! sentence of its summary, else of its content (as plain text, cut at a
//! grapheme boundary), else its link. The article is marked
//! `title_derived` so the UI can show the title as made up. The key is left
//! as the source computed it, from what the item really holds.

use unicode_segmentation::UnicodeSegmentation;

use crate::domain::{NewArticle, ParsedFeed};
use crate::sanitize;

/// Longest derived title, in graphemes (a sentence, not a paragraph).
pub const MAX_DERIVED: usize = 120;

/// Gives every item with an empty title a derived one.
pub fn fill_missing(feed: &mut ParsedFeed) {
    for item in feed.items.iter_mut().filter(|i| i.title.is_empty()) {
        derive(item);
    }
}

fn derive(item: &mut NewArticle) {
    let from_text = [item.summary.as_deref(), item.content.as_deref()]
        .into_iter()
        .flatten()
        .map(first_sentence)
        .find(|s| !s.is_empty());
    let title = from_text.or_else(|| item.link.as_deref().map(sanitize::line));
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        item.title = title;
        item.title_derived = true;
    }
}

/// The first sentence of a text that may be HTML, as one clean line of at
/// most [`MAX_DERIVED`] graphemes (a cut one ends with '…').
pub fn first_sentence(text: &str) -> String {
    // Only the start matters, and HTML work is bounded by its input.
    let mut cut = text.len().min(16 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let text = &text[..cut];
    let plain = if text.contains('<') || text.contains('&') {
        crate::html_text::plain_text(text, 10_000).unwrap_or_else(|_| text.to_owned())
    } else {
        text.to_owned()
    };
    let line = sanitize::line(&plain);
    let sentence = match sentence_end(&line) {
        Some(end) => &line[..end],
        None => &line,
    };
    let graphemes: Vec<&str> = sentence.graphemes(true).collect();
    if graphemes.len() <= MAX_DERIVED {
        return sentence.to_owned();
    }
    let mut out: String = graphemes[..MAX_DERIVED - 1].concat();
    // End at a word boundary when there is one in the last quarter.
    if let Some(space) = out.rfind(' ').filter(|&i| i > out.len() * 3 / 4) {
        out.truncate(space);
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// The byte offset just past the first sentence's terminator: '.', '!',
/// '?', '…' or their CJK forms, followed by a space or the end. A dot
/// between digits or after a single letter ("3.5", "U.S.") is no end.
fn sentence_end(line: &str) -> Option<usize> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|&(_, n)| n);
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' | '…' => next.is_none_or(char::is_whitespace),
            _ => false,
        };
        if !ends {
            continue;
        }
        // "U.S. News", "Mr. Smith": a one-letter word before the dot.
        let word_len = chars[..k]
            .iter()
            .rev()
            .take_while(|(_, p)| p.is_alphanumeric())
            .count();
        if c == '.' && word_len == 1 && next.is_some() {
            continue;
        }
        return Some(at + c.len_utf8());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_of_html_or_text() {
        assert_eq!(
            first_sentence("<p>Алматыда жаңа метро ашылды. Екінші сөйлем.</p>"),
            "Алматыда жаңа метро ашылды."
        );
        assert_eq!(
            first_sentence("Price rose 3.5 percent! Then"),
            "Price rose 3.5 percent!"
        );
        assert_eq!(
            first_sentence("U.S. stocks fell today. More"),
            "U.S. stocks fell today."
        );
        assert_eq!(first_sentence("No end at all"), "No end at all");
        assert_eq!(first_sentence("<script>x()</script>  "), "");
        let long = "слово ".repeat(100);
        let cut = first_sentence(&long);
        assert!(cut.ends_with('…') && cut.graphemes(true).count() <= MAX_DERIVED);
        // Flags and combining marks are never split.
        let flags = "🇰🇿".repeat(200);
        let cut = first_sentence(&flags);
        assert!(cut.trim_end_matches('…').graphemes(true).all(|g| g == "🇰🇿"));
    }
}
