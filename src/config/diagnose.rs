//! Errors found before validation: TOML syntax errors and serde errors
//! (unknown key, missing key, wrong type), turned into `ConfigError`s that
//! name the key by finding the error's span in the spanned document.

use toml::de::DeTable;

use super::error::ConfigError;
use super::fields::Ctx;
use super::locate::{self, KeyPath};
use super::raw;

pub(super) fn syntax_error(ctx: &Ctx<'_>, e: &toml::de::Error) -> ConfigError {
    let span = e.span().unwrap_or(0..0);
    let mut message = e.message().trim().to_string();
    // toml says only "duplicate key"; name it, since the same key may
    // appear in many tables.
    if message == "duplicate key"
        && let Some(k) = ctx.text.get(span.clone()).filter(|k| !k.is_empty())
    {
        message = format!("duplicate key `{k}` (a key may appear only once in a table)");
    }
    // Name the key whose line is broken, from what toml could recover.
    let (partial, _) = DeTable::parse_recoverable(ctx.text);
    let key = locate::key_on_line(partial.get_ref(), ctx.text, span.start);
    let fix = if message.starts_with("duplicate key") {
        "remove one of the two lines, or rename one".to_string()
    } else if message.starts_with("string values must be quoted") {
        // Quote the bare word the user wrote, up to a comment or line end.
        let rest = ctx.text.get(span.start..).unwrap_or_default();
        let word = rest.lines().next().unwrap_or_default();
        let word = word.split('#').next().unwrap_or_default().trim();
        match key.as_ref().and_then(KeyPath::last_key) {
            Some(leaf) => format!("put the value in double quotes: {leaf} = \"{word}\""),
            None => format!("put the value in double quotes: \"{word}\""),
        }
    } else {
        "fix the TOML at that spot (strings need double quotes, tables are written [fetch], feeds [[feeds]])"
            .to_string()
    };
    ConfigError::Syntax {
        at: ctx.at(span.start),
        key: key.map(|k| k.to_string()),
        message,
        fix,
    }
}

/// Classify a serde error (unknown field, missing field, wrong type) using
/// the spanned document to find the key and the value the user wrote.
pub(super) fn from_de_error(ctx: &Ctx<'_>, doc: &DeTable<'_>, e: &toml::de::Error) -> ConfigError {
    let offset = e.span().map_or(0, |s| s.start);
    let at = ctx.at(offset);
    let message = e.message().trim().to_string();
    let Some(hit) = locate::find(doc, offset) else {
        return ConfigError::Other { at, message };
    };
    if message.starts_with("unknown field") {
        let table_path = hit.path.parent();
        let valid = raw::keys_of_table(&table_path.normalised()).unwrap_or(&[]);
        return ConfigError::UnknownKey {
            at,
            key: hit.path.to_string(),
            table: describe_table(&table_path),
            suggestion: hit.path.last_key().and_then(|k| locate::suggest(k, valid)),
            valid,
        };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        let path = hit.path.key(field);
        let example = raw::expected_of(&path.normalised())
            .map_or_else(|| format!("{field} = ..."), |(_, ex)| ex.to_string());
        return ConfigError::MissingKey {
            at,
            key: path.to_string(),
            example,
        };
    }
    match (raw::expected_of(&hit.path.normalised()), hit.value) {
        (Some((expected, example)), Some(value)) => ConfigError::WrongType {
            at,
            key: hit.path.to_string(),
            found: locate::describe(value),
            expected: expected.to_string(),
            example: example.to_string(),
        },
        _ => ConfigError::Other {
            at,
            message: format!("`{}`: {message}", hit.path),
        },
    }
}

fn describe_table(path: &KeyPath) -> String {
    match path.normalised().as_str() {
        "" => "the top level".to_string(),
        "feeds[]" => format!("the [[feeds]] entry {path}"),
        "ignore[]" => format!("the [[ignore]] entry {path}"),
        _ => format!("[{path}]"),
    }
}
