//! JSON Feed leniency: one odd field must not lose the feed. feed-rs reads
//! JSON Feed into strict serde structs, so a missing top-level `title`, an
//! `author` written as an array, `authors` written as an object, a number
//! where a string belongs or a string where a list belongs fail the whole
//! document. [`normalise`] rewrites a document feed-rs rejected into the
//! shape it accepts: each field of the wrong type is coerced when the
//! meaning is plain (a number id or title as its digits, one author object
//! as a list of one, one tag as a list of one) and dropped otherwise; the
//! items are kept. A document that is no JSON Feed (no `items` list) stays
//! an error.

use serde_json::{Map, Value};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// Top-level fields feed-rs reads as strings.
const FEED_STRINGS: &[&str] = &[
    "home_page_url",
    "feed_url",
    "language",
    "description",
    "icon",
    "favicon",
];

/// Item fields feed-rs reads as strings.
const ITEM_STRINGS: &[&str] = &[
    "id",
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "date_published",
    "date_modified",
];

/// The document in the shape feed-rs accepts, or `None` when it is not a
/// JSON object with an `items` list.
pub(super) fn normalise(text: &str) -> Option<String> {
    let mut value: Value = serde_json::from_str(text).ok()?;
    let feed = value.as_object_mut()?;
    if !feed.get("items").is_some_and(Value::is_array) {
        return None;
    }
    let version_ok = feed
        .get("version")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("https://jsonfeed.org/version/1"));
    if !version_ok {
        feed.insert("version".into(), VERSION.into());
    }
    // The title is required by feed-rs; an empty one reads as none.
    let title = feed.remove("title").and_then(as_text).unwrap_or_default();
    feed.insert("title".into(), title.into());
    strings(feed, FEED_STRINGS);
    authors(feed);
    if let Some(Value::Array(items)) = feed.get_mut("items") {
        // A list entry that is no object is no item.
        items.retain(Value::is_object);
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            strings(item, ITEM_STRINGS);
            authors(item);
            tags(item);
            attachments(item);
        }
    }
    serde_json::to_string(&value).ok()
}

/// A string as it is; a number or a boolean as it is written. Anything
/// else (null, list, object) has no text.
fn as_text(v: Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Each of `keys` made a string, or removed when it has no text.
fn strings(obj: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(v) = obj.remove(*key)
            && let Some(s) = as_text(v)
        {
            obj.insert((*key).into(), s.into());
        }
    }
}

/// `author` (1.0: one object) and `authors` (1.1: a list) as feed-rs wants
/// them, whichever way they were written: every author object found goes
/// into `authors`, and `author` is kept only as a valid object.
fn authors(obj: &mut Map<String, Value>) {
    let mut found = Vec::new();
    for key in ["author", "authors"] {
        match obj.remove(key) {
            Some(Value::Array(list)) => found.extend(list.into_iter().filter_map(person)),
            Some(v) => found.extend(person(v)),
            None => {}
        }
    }
    if !found.is_empty() {
        obj.insert("authors".into(), Value::Array(found));
    }
}

/// An author object with its `name` and `url` as strings; a bare string is
/// a name.
fn person(v: Value) -> Option<Value> {
    let mut p = match v {
        Value::Object(p) => p,
        Value::String(name) => Map::from_iter([("name".to_string(), Value::String(name))]),
        _ => return None,
    };
    strings(&mut p, &["name", "url"]);
    (p.contains_key("name") || p.contains_key("url")).then_some(Value::Object(p))
}

/// `tags` as a list of strings (one string is a list of one).
fn tags(item: &mut Map<String, Value>) {
    let tags: Vec<Value> = match item.remove("tags") {
        Some(Value::Array(list)) => list
            .into_iter()
            .filter_map(as_text)
            .map(Value::String)
            .collect(),
        Some(v) => as_text(v).map(Value::String).into_iter().collect(),
        None => return,
    };
    if !tags.is_empty() {
        item.insert("tags".into(), Value::Array(tags));
    }
}

/// `attachments` as a list of objects with string `url` and `mime_type`
/// (a missing type is unknown bytes), an optional string `title` and a
/// non-negative integer `size_in_bytes`.
fn attachments(item: &mut Map<String, Value>) {
    let list = match item.remove("attachments") {
        Some(Value::Array(list)) => list,
        Some(v @ Value::Object(_)) => vec![v],
        _ => return,
    };
    let kept: Vec<Value> = list
        .into_iter()
        .filter_map(|a| {
            let Value::Object(mut a) = a else { return None };
            strings(&mut a, &["url", "mime_type", "title"]);
            if !a.get("url").is_some_and(Value::is_string) {
                return None;
            }
            if !a.contains_key("mime_type") {
                a.insert("mime_type".into(), "application/octet-stream".into());
            }
            if a.get("size_in_bytes").is_some_and(|s| s.as_u64().is_none()) {
                a.remove("size_in_bytes");
            }
            Some(Value::Object(a))
        })
        .collect();
    if !kept.is_empty() {
        item.insert("attachments".into(), Value::Array(kept));
    }
}
