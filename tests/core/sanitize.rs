//! Property-style checks of `keruen::sanitize` over many pseudo-random
//! strings drawn from an alphabet heavy in terminal-active characters.

use keruen::sanitize::{self, is_forbidden};

/// Small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const NASTY: &[&str] = &[
    "\u{1B}",
    "\u{1B}[",
    "\u{1B}]",
    "\u{1B}P",
    "\u{1B}\\",
    "\u{07}",
    "\u{9B}",
    "\u{9D}",
    "\u{9C}",
    "\u{90}",
    "\u{85}",
    "\u{7F}",
    "\u{00}",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{0B}",
    "\u{0C}",
    "\u{202E}",
    "\u{202A}",
    "\u{2066}",
    "\u{2069}",
    "\u{200E}",
    "\u{200F}",
    "\u{061C}",
    "\u{FEFF}",
    "\u{2028}",
    "\u{2029}",
    "\u{E0041}",
    "\u{FFFE}",
    "\u{A0}",
    "31m",
    "[0m",
    "]52;c;",
    "8;;http://x",
    ";",
    "?",
    " ",
    "a",
    "Қ",
    "ж",
    "🇰🇿",
    "é",
    "\u{301}",
];

fn random_string(rng: &mut Rng) -> String {
    let len = rng.below(40);
    let mut s = String::new();
    for _ in 0..len {
        if rng.below(4) == 0 {
            // Any scalar value, to reach corners the list misses.
            let v = (rng.next() % 0x11_0000) as u32;
            if let Some(c) = char::from_u32(v) {
                s.push(c);
            }
        } else {
            s.push_str(NASTY[rng.below(NASTY.len())]);
        }
    }
    s
}

#[test]
fn line_output_is_clean_single_line_and_idempotent() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let input = random_string(&mut rng);
        let out = sanitize::line(&input);
        assert!(
            !out.chars()
                .any(|c| is_forbidden(c) || c == '\n' || c == '\t' || c == '\r'),
            "line({input:?}) = {out:?}"
        );
        assert!(!out.contains("  "), "double space in {out:?}");
        assert_eq!(out.trim(), out);
        assert_eq!(sanitize::line(&out), out, "not idempotent for {input:?}");
    }
}

#[test]
fn text_output_is_clean_and_idempotent() {
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let input = random_string(&mut rng);
        let out = sanitize::text(&input);
        assert!(
            !out.chars()
                .any(|c| is_forbidden(c) || c == '\t' || c == '\r'),
            "text({input:?}) = {out:?}"
        );
        assert_eq!(sanitize::text(&out), out, "not idempotent for {input:?}");
    }
}

#[test]
fn capped_output_respects_the_limit() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let input = random_string(&mut rng);
        let max = rng.below(20);
        let out = sanitize::line_capped(&input, max);
        assert!(out.chars().count() <= max, "{out:?} longer than {max}");
        let out = sanitize::text_capped(&input, max);
        assert!(out.chars().count() <= max);
    }
}

#[test]
fn urls_never_carry_controls_or_foreign_schemes() {
    let mut rng = Rng(7);
    for _ in 0..5_000 {
        let tail = random_string(&mut rng);
        for prefix in ["https://example.com/", "javascript:", "data:text/html,", ""] {
            let input = format!("{prefix}{tail}");
            if let Some(u) = sanitize::url(&input) {
                assert!(u.starts_with("http://") || u.starts_with("https://"), "{u}");
                assert!(
                    !u.chars()
                        .any(|c| c.is_control() || is_forbidden(c) || c == ' '),
                    "url({input:?}) = {u:?}"
                );
            }
        }
    }
}

/// Every C0 control, DEL and every C1 control.
fn controls() -> Vec<char> {
    ('\u{00}'..='\u{1F}')
        .chain(['\u{7F}'])
        .chain('\u{80}'..='\u{9F}')
        .collect()
}

/// Removing a run of controls keeps the text on both sides of it: nothing
/// after a control (an 8-bit string introducer such as U+009D, or an
/// unterminated ESC string) may swallow the rest of a title.
fn assert_run_keeps_the_rest(run: &str) {
    // A remainder that starts outside ASCII cannot be read as the final
    // byte of an ESC sequence, so whatever the run ends with, all of it
    // must survive.
    let out = sanitize::line(&format!("Title {run}Қазақ rest of it"));
    assert!(
        out.starts_with("Title") && out.ends_with("Қазақ rest of it"),
        "line({run:?}) = {out:?}"
    );
    let out = sanitize::text(&format!("Body {run}Қазақ rest of it"));
    assert!(
        out.starts_with("Body") && out.ends_with("Қазақ rest of it"),
        "text({run:?}) = {out:?}"
    );
    // Without ESC nothing in the run starts a sequence: even an ASCII
    // remainder that looks like escape parameters is kept whole.
    if !run.contains('\u{1B}') {
        let out = sanitize::line(&format!("Title{run}31m;0 rest\u{9C}end"));
        assert!(
            out.starts_with("Title") && out.ends_with("31m;0 restend"),
            "line({run:?}) = {out:?}"
        );
    }
}

#[test]
fn removing_a_control_run_keeps_the_rest_of_the_text() {
    let all = controls();
    // Every control alone and every ordered pair.
    for &a in &all {
        assert_run_keeps_the_rest(&a.to_string());
        for &b in &all {
            assert_run_keeps_the_rest(&format!("{a}{b}"));
        }
    }
    // The whole C1 block, forwards and backwards (DCS … ST, then OSC, PM,
    // APC never terminated), and the C0 block.
    let c1: String = ('\u{80}'..='\u{9F}').collect();
    assert_run_keeps_the_rest(&c1);
    assert_run_keeps_the_rest(&c1.chars().rev().collect::<String>());
    assert_run_keeps_the_rest(&('\u{00}'..='\u{1F}').collect::<String>());
    // Random runs of up to 12 controls.
    let mut rng = Rng(0xC1C1_0000_0BAD_F00D);
    for _ in 0..50_000 {
        let len = 1 + rng.below(12);
        let run: String = (0..len).map(|_| all[rng.below(all.len())]).collect();
        assert_run_keeps_the_rest(&run);
    }
}

#[test]
fn terminated_escape_strings_still_vanish_whole() {
    // The rule above does not let an ESC-introduced payload leak.
    assert_eq!(sanitize::line("a\u{1B}]52;c;ZXZpbA==\u{07}b"), "ab");
    assert_eq!(sanitize::line("a\u{1B}P1;2|x\u{1B}\\b"), "ab");
    // An unterminated one loses its introducer only.
    assert_eq!(sanitize::line("a\u{1B}]0;rest"), "a0;rest");
}
