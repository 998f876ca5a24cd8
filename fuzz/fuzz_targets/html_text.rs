//! HTML → text on arbitrary input, as its callers use it: the reader's
//! `body_lines` (references to forbidden characters decoded and the body
//! sanitised, then laid out, then cleaned), and `plain_text` for titles and
//! leads (then `sanitize::line`). The first byte picks the width (8..=135).
//! Beyond "no panic, no hang, no OOM": no forbidden char reaches a reader
//! line or a plain line, and the depth cap is idempotent. (`rich_lines`
//! alone may decode `&#8238;` into U+202E: its callers clean after it.)
#![no_main]

use keruen::html_text;
use keruen::sanitize::{self, is_forbidden};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, body)) = data.split_first() else {
        return;
    };
    let width = 8 + usize::from(w % 128);
    let raw = String::from_utf8_lossy(body);
    for line in keruen::app::reader::body_lines(&raw, width) {
        assert!(
            !line.text.chars().any(is_forbidden),
            "forbidden char in {:?}",
            line.text
        );
    }
    let html = sanitize::text(&raw);
    if let Ok(text) = html_text::plain_text(&html, 1_000) {
        let line = sanitize::line(&text);
        assert!(!line.chars().any(is_forbidden), "{line:?}");
    }
    // The cap is idempotent: what it kept is within the bounds.
    let capped = html_text::cap_depth(&html);
    assert_eq!(html_text::cap_depth(&capped), capped);
});
