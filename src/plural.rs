//! English plurals, in one place so every count reads right ("1 comment",
//! "2 comments") and the move to the message catalogues (i18n) has one
//! place to replace. Used by the rank why-lines, the UI's signal lines and
//! the CLI's summaries.

/// `one` for exactly 1, else `many`.
pub fn word<'a>(n: u64, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// "1 article", "12 articles": the exact count and its noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", word(n as u64, one, many))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        assert_eq!(count(1, "feed", "feeds"), "1 feed");
        assert_eq!(count(0, "feed", "feeds"), "0 feeds");
        assert_eq!(count(21, "feed", "feeds"), "21 feeds");
        assert_eq!(word(1_000, "view", "views"), "views");
    }
}
