//! Config parsing never panics on any text, and an error's Display is one
//! line (the CLI and the status bar print it as such).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = keruen::config::parse(text, None) {
        let shown = e.to_string();
        assert!(
            !shown.contains('\n') && !shown.contains('\r'),
            "multi-line error: {shown:?}"
        );
        assert!(!shown.is_empty(), "empty error message");
    }
});
