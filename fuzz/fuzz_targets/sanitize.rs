//! The sanitisers' promises, checked on arbitrary UTF-8 (and on the
//! lossy decoding of non-UTF-8 input, so that every byte string is used):
//! no forbidden char comes out, `line` gives one line with no edge or
//! doubled spaces, `text` has no CR or tab, and both are idempotent.
#![no_main]

use keruen::sanitize::{is_forbidden, line, text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);

    let l = line(&input);
    assert!(
        !l.chars().any(is_forbidden),
        "line kept a forbidden char: {l:?}"
    );
    assert!(!l.contains('\n'), "line kept a newline: {l:?}");
    assert!(!l.contains("  "), "line kept a run of spaces: {l:?}");
    assert_eq!(l.trim(), l, "line not trimmed");
    assert_eq!(line(&l), l, "line not idempotent");

    let t = text(&input);
    assert!(
        !t.chars().any(is_forbidden),
        "text kept a forbidden char: {t:?}"
    );
    assert!(
        !t.contains('\r') && !t.contains('\t'),
        "text kept CR/tab: {t:?}"
    );
    assert_eq!(text(&t), t, "text not idempotent");
    // A body folded to one line is what `line` gives for the raw input.
    assert_eq!(line(&t), l, "line(text(x)) != line(x)");
});
