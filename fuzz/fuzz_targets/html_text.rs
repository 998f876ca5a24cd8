//! HTML → text (`keruen::html_text`) on arbitrary input, as the reader
//! calls it: the body sanitised first, then laid out. The first byte picks
//! the width (8..=135). Beyond "no panic, no hang, no OOM": a layout of
//! sanitised input holds no forbidden char, and the depth cap keeps at
//! most `MAX_DEPTH` of any nesting tag it counts.
#![no_main]

use keruen::html_text;
use keruen::sanitize::{self, is_forbidden};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&w, body)) = data.split_first() else {
        return;
    };
    let width = 8 + usize::from(w % 128);
    let html = sanitize::text(&String::from_utf8_lossy(body));
    if let Ok(lines) = html_text::rich_lines(&html, width) {
        for line in &lines {
            for piece in line.tagged_strings() {
                assert!(
                    !piece.s.chars().any(is_forbidden),
                    "forbidden char in {:?}",
                    piece.s
                );
            }
        }
    }
    if let Ok(text) = html_text::plain_text(&html, 1_000) {
        assert!(!text.chars().any(is_forbidden), "{text:?}");
    }
    // The cap is idempotent: what it kept is within the bounds.
    let capped = html_text::cap_depth(&html);
    assert_eq!(html_text::cap_depth(&capped), capped);
});
