//! The one sanitising boundary for text from the network (see DESIGN.md).
//! Every source runs every text field through these before it is stored.

/// A one-line field (title, author, feed name, error message): strips
/// terminal-active characters and folds all whitespace runs to one space.
pub fn line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

/// A multi-line body (summary, content): strips terminal-active characters,
/// keeps newlines.
pub fn text(s: &str) -> String {
    s.chars().filter(|c| *c == '\n' || !c.is_control()).collect()
}
