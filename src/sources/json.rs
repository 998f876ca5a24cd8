//! JSON HTTP sources (`kind = "json"`): a field mapping from the feed's
//! `[feeds.map]` turns any JSON document with a list of items (Hacker News
//! Algolia, Reddit, Lobsters, a site's own API) into articles.
//!
//! A path the user wrote is strict: a value of the wrong type is an error
//! naming the item and the field. A field left out of the map is guessed
//! from common names and never an error.

use chrono::{DateTime, Utc};
use serde_json::Value;
use url::Url;

pub use super::json_path::JsonPath;
use super::{ParseError, encoding, keys, values};
use crate::domain::{NewArticle, ParsedFeed, Signals};
use crate::sanitize;

/// Where each field of an article sits in a JSON document. Paths are dotted
/// (`data.title`), `[]` walks every element of an array and `[N]` one.
/// `None` = guess from common names; `Some("")` = do not read this field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonMapping {
    /// Path to the array of items; `None` = the document itself or a common key.
    pub items: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// chrono format of `date` ("%d.%m.%Y"), or "unix" / "unix_ms" /
    /// "rfc3339" / "rfc2822"; `None` = RFC 3339, unix seconds or a common form.
    pub date_format: Option<String>,
    /// The feed's `timezone`, for dates written without a zone.
    pub timezone: Option<chrono_tz::Tz>,
    pub summary: Option<String>,
    pub content: Option<String>,
    pub category: Option<String>,
    pub views: Option<String>,
    pub comments: Option<String>,
    pub score: Option<String>,
    pub id: Option<String>,
}

/// Where the items usually are when `items` is not set.
const ITEM_GUESSES: &[&str] = &[
    "items",
    "hits",
    "data.children",
    "stories",
    "articles",
    "results",
    "posts",
    "entries",
    "news",
    "data",
];

/// The fields of an article, with the names APIs commonly use for them.
#[derive(Clone, Copy)]
enum Field {
    Title,
    Url,
    Author,
    Date,
    Summary,
    Content,
    Category,
    Views,
    Comments,
    Score,
    Id,
}

impl Field {
    fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Url => "url",
            Field::Author => "author",
            Field::Date => "date",
            Field::Summary => "summary",
            Field::Content => "content",
            Field::Category => "category",
            Field::Views => "views",
            Field::Comments => "comments",
            Field::Score => "score",
            Field::Id => "id",
        }
    }

    fn guesses(self) -> &'static [&'static str] {
        match self {
            Field::Title => &["title", "story_title", "headline", "name"],
            Field::Url => &["url", "link", "story_url", "href", "permalink"],
            Field::Author => &["author", "by", "submitter_user", "user", "creator"],
            Field::Date => &[
                "created_at",
                "published_at",
                "published",
                "date",
                "pubDate",
                "created_utc",
                "time",
                "updated_at",
            ],
            Field::Summary => &["summary", "description", "excerpt", "lead"],
            Field::Content => &["content", "content_html", "body", "story_text", "selftext"],
            Field::Category => &["category", "section", "subreddit", "tags"],
            Field::Views => &["views", "view_count", "views_count"],
            Field::Comments => &[
                "num_comments",
                "comment_count",
                "comments_count",
                "descendants",
            ],
            Field::Score => &["points", "score", "ups"],
            Field::Id => &["id", "objectID", "short_id", "guid", "uuid"],
        }
    }

    fn configured(self, map: &JsonMapping) -> Option<&str> {
        match self {
            Field::Title => map.title.as_deref(),
            Field::Url => map.url.as_deref(),
            Field::Author => map.author.as_deref(),
            Field::Date => map.date.as_deref(),
            Field::Summary => map.summary.as_deref(),
            Field::Content => map.content.as_deref(),
            Field::Category => map.category.as_deref(),
            Field::Views => map.views.as_deref(),
            Field::Comments => map.comments.as_deref(),
            Field::Score => map.score.as_deref(),
            Field::Id => map.id.as_deref(),
        }
    }
}

/// How one field is read: a path the user wrote, guesses, or nothing.
enum Source {
    Path(JsonPath),
    Guess(&'static [&'static str]),
    Off,
}

struct Plan {
    sources: Vec<(Field, Source)>,
    date_format: Option<String>,
    timezone: Option<chrono_tz::Tz>,
}

impl Plan {
    fn new(map: &JsonMapping) -> Result<Plan, ParseError> {
        let all = [
            Field::Title,
            Field::Url,
            Field::Author,
            Field::Date,
            Field::Summary,
            Field::Content,
            Field::Category,
            Field::Views,
            Field::Comments,
            Field::Score,
            Field::Id,
        ];
        let mut sources = Vec::with_capacity(all.len());
        for f in all {
            let source = match f.configured(map) {
                None => Source::Guess(f.guesses()),
                Some(p) if p.trim().is_empty() => Source::Off,
                Some(p) => Source::Path(JsonPath::parse(p).map_err(|e| {
                    ParseError::Mapping(format!("[feeds.map] {} = {p:?}: {e}", f.key()))
                })?),
            };
            sources.push((f, source));
        }
        Ok(Plan {
            sources,
            date_format: map.date_format.clone(),
            timezone: map.timezone,
        })
    }

    fn source(&self, f: Field) -> &Source {
        self.sources
            .iter()
            .find(|(g, _)| g.key() == f.key())
            .map_or(&Source::Off, |(_, s)| s)
    }
}

/// Parse a JSON document with a mapping. `base` resolves relative links.
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
    map: &JsonMapping,
    max_items: usize,
) -> Result<ParsedFeed, ParseError> {
    let plan = Plan::new(map)?;
    let text = encoding::decode(bytes, content_type).text;
    let text = text.trim_start_matches('\u{FEFF}');
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        // JSON Lines (one object a line, as `jq -c` prints): an array.
        Err(e) => json_lines(text).ok_or_else(|| {
            ParseError::Malformed(format!(
                "not JSON: {} (line {}, column {})",
                sanitize::line_capped(&e.to_string(), 200),
                e.line(),
                e.column()
            ))
        })?,
    };
    let items = find_items(&doc, map.items.as_deref())?;
    let now = Utc::now();
    let first = items.first().copied();
    let mut out = Vec::with_capacity(items.len().min(max_items));
    let mut title_found = false;
    for (index, item) in items.into_iter().take(max_items).enumerate() {
        let article = read_item(item, index, &plan, base, now)?;
        title_found |= !article.title.is_empty();
        out.push(article);
    }
    if let Source::Path(p) = plan.source(Field::Title)
        && !title_found
        && let Some(first) = first
    {
        return Err(ParseError::Mapping(format!(
            "[feeds.map] title = {:?} is in no item; the first item has: {}",
            p.text,
            keys_of(first)
        )));
    }
    keys::dedupe(&mut out);
    Ok(ParsedFeed {
        title: None,
        site_link: None,
        items: out,
        damaged: false,
    })
}

/// Several lines, each one JSON object, as one array; `None` otherwise.
fn json_lines(text: &str) -> Option<Value> {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.len() < 2 {
        return None;
    }
    lines
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l)
                .ok()
                .filter(Value::is_object)
        })
        .collect::<Option<Vec<Value>>>()
        .map(Value::Array)
}

/// The item values: from the `items` path, or the document if it is an
/// array, or the first common key holding an array.
fn find_items<'a>(doc: &'a Value, items: Option<&str>) -> Result<Vec<&'a Value>, ParseError> {
    let path = match items {
        Some(p) => JsonPath::parse(p)
            .map_err(|e| ParseError::Mapping(format!("[feeds.map] items = {p:?}: {e}")))?,
        None => {
            if let Value::Array(a) = doc {
                return Ok(a.iter().collect());
            }
            return ITEM_GUESSES
                .iter()
                .filter_map(|g| JsonPath::parse(g).ok())
                .find_map(|p| match p.eval(doc).as_slice() {
                    [Value::Array(a)] => Some(a.iter().collect()),
                    _ => None,
                })
                .ok_or_else(|| {
                    ParseError::Mapping(format!(
                        "cannot find the list of items; set items = \"PATH\" in [feeds.map] (the document has: {})",
                        keys_of(doc)
                    ))
                });
        }
    };
    let found = path.eval(doc);
    match found.as_slice() {
        [] => Err(ParseError::Mapping(format!(
            "[feeds.map] items = {:?} is not in the document (it has: {})",
            path.text,
            keys_of(doc)
        ))),
        [Value::Array(a)] if !path.ends_with_all() => Ok(a.iter().collect()),
        // Items keyed by id: {"101": {...}, "102": {...}}.
        [Value::Object(o)]
            if !path.ends_with_all() && !o.is_empty() && o.values().all(Value::is_object) =>
        {
            Ok(o.values().collect())
        }
        [one] if !path.ends_with_all() => Err(ParseError::Mapping(format!(
            "[feeds.map] items = {:?} is {}, expected an array of items",
            path.text,
            describe(one)
        ))),
        _ => Ok(found),
    }
}

fn read_item(
    item: &Value,
    index: usize,
    plan: &Plan,
    base: &Url,
    now: DateTime<Utc>,
) -> Result<NewArticle, ParseError> {
    let reader = ItemReader { item, index, plan };
    let title = reader
        .text(Field::Title)?
        .map(|t| sanitize::line_capped(&t, sanitize::MAX_TITLE))
        .unwrap_or_default();
    let link = reader
        .text(Field::Url)?
        .and_then(|u| sanitize::url_in(Some(base), &u));
    let published = reader.date(Field::Date, now)?;
    let summary = reader
        .text(Field::Summary)?
        .map(|s| sanitize::text_capped(&s, sanitize::MAX_SUMMARY))
        .filter(|s| !s.trim().is_empty());
    let content = reader
        .text(Field::Content)?
        .map(|s| sanitize::text_capped(&s, sanitize::MAX_CONTENT))
        .filter(|s| !s.trim().is_empty());
    let name =
        |s: String| Some(sanitize::line_capped(&s, sanitize::MAX_NAME)).filter(|s| !s.is_empty());
    let author = reader.text(Field::Author)?.and_then(name);
    let category = reader.text(Field::Category)?.and_then(name);
    let signals = Signals {
        views: reader.number(Field::Views)?.and_then(values::to_count),
        comments: reader.number(Field::Comments)?.and_then(values::to_count),
        score: reader.number(Field::Score)?.and_then(values::to_score),
        rating: None,
    };
    let id = reader.text(Field::Id)?.map(|s| sanitize::line(&s));
    let key = keys::article_key(
        id.as_deref(),
        link.as_deref(),
        base,
        &title,
        published,
        None,
    );
    Ok(NewArticle {
        title_derived: false,
        key,
        title,
        link,
        author,
        category,
        published,
        updated: None,
        summary,
        content,
        signals,
        enclosures: Vec::new(),
    })
}

struct ItemReader<'a> {
    item: &'a Value,
    index: usize,
    plan: &'a Plan,
}

impl ItemReader<'_> {
    /// The values of a field and, for a configured path, its text for errors.
    fn values(&self, f: Field) -> (Vec<&Value>, Option<&str>) {
        match self.plan.source(f) {
            Source::Off => (Vec::new(), None),
            Source::Path(p) => (p.eval(self.item), Some(p.text.as_str())),
            Source::Guess(names) => {
                // Reddit-style items wrap their fields in "data".
                let inner = self.item.get("data").filter(|d| d.is_object());
                let found = names.iter().find_map(|n| {
                    [Some(self.item), inner]
                        .into_iter()
                        .flatten()
                        .find_map(|o| o.get(*n).filter(|v| is_plain(v)))
                });
                (found.into_iter().collect(), None)
            }
        }
    }

    fn error(&self, f: Field, path: &str, found: &Value, expected: &str) -> ParseError {
        ParseError::Mapping(format!(
            "item {}: field `{path}` is {}, expected {expected} (map.{})",
            self.index,
            describe(found),
            f.key()
        ))
    }

    /// Text: strings as they are, numbers and booleans written out,
    /// several values (after `[]`) joined with ", ".
    fn text(&self, f: Field) -> Result<Option<String>, ParseError> {
        let (vals, path) = self.values(f);
        let mut parts = Vec::new();
        for v in vals {
            match v {
                Value::String(s) => parts.push(s.clone()),
                Value::Number(n) => parts.push(n.to_string()),
                Value::Bool(b) => parts.push(b.to_string()),
                Value::Array(a) if a.iter().all(|x| x.is_string() || x.is_number()) => {
                    parts.extend(a.iter().map(|x| match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }));
                }
                other => {
                    if let Some(path) = path {
                        return Err(self.error(f, path, other, "text"));
                    }
                }
            }
        }
        Ok((!parts.is_empty()).then(|| parts.join(", ")))
    }

    /// A number: JSON numbers, or strings like "1 234" / "12.5K".
    fn number(&self, f: Field) -> Result<Option<f64>, ParseError> {
        let (vals, path) = self.values(f);
        let Some(v) = vals.first() else {
            return Ok(None);
        };
        let n = match v {
            Value::Number(n) => n.as_f64(),
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => values::parse_count(s),
            // An array counts its elements (e.g. a list of comment ids).
            Value::Array(a) if path.is_none() => Some(a.len() as f64),
            _ => None,
        };
        match (n, path) {
            (Some(n), _) => Ok(Some(n)),
            (None, Some(path)) => Err(self.error(f, path, v, "a number")),
            (None, None) => Ok(None),
        }
    }

    fn date(&self, f: Field, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>, ParseError> {
        let (vals, path) = self.values(f);
        let Some(v) = vals.first() else {
            return Ok(None);
        };
        let format = self.plan.date_format.as_deref();
        let d = match v {
            Value::Number(n) => n
                .as_f64()
                .and_then(|n| values::from_unix(n, format == Some("unix_ms") || n.abs() > 1e11)),
            Value::String(s) => values::parse_date_in(s, format, now, self.plan.timezone),
            _ => None,
        };
        match (d, path) {
            (Some(d), _) => Ok(Some(d)),
            (None, Some(path)) => Err(ParseError::Mapping(format!(
                "item {}: field `{path}` is {}, which is not a date{} (map.{})",
                self.index,
                describe(v),
                match format {
                    Some(fmt) => format!(" in date_format {fmt:?}"),
                    None => "; set date_format, e.g. date_format = \"%d.%m.%Y %H:%M\"".into(),
                },
                f.key()
            ))),
            (None, None) => Ok(None),
        }
    }
}

fn is_plain(v: &Value) -> bool {
    match v {
        Value::Null | Value::Object(_) => false,
        Value::Array(a) => a.iter().all(|x| x.is_string() || x.is_number()),
        _ => true,
    }
}

/// A value for an error message: `a string "abc"`, `a number 5`, `an object`.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("a boolean {b}"),
        Value::Number(n) => format!("a number {n}"),
        Value::String(s) => format!("a string {:?}", sanitize::line_capped(s, 60)),
        Value::Array(a) => format!("an array of {} elements", a.len()),
        Value::Object(_) => "an object".into(),
    }
}

/// The keys of an object, for "it has: …" hints.
fn keys_of(v: &Value) -> String {
    match v {
        Value::Object(o) if !o.is_empty() => o
            .keys()
            .take(30)
            .map(|k| sanitize::line_capped(k, 40))
            .collect::<Vec<_>>()
            .join(", "),
        other => describe(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://api.example/v1/list").unwrap()
    }

    fn map(pairs: &[(&str, &str)]) -> JsonMapping {
        let mut m = JsonMapping::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "items" => m.items = v,
                "title" => m.title = v,
                "url" => m.url = v,
                "date" => m.date = v,
                "date_format" => m.date_format = v,
                "score" => m.score = v,
                "author" => m.author = v,
                "category" => m.category = v,
                "id" => m.id = v,
                _ => panic!("{k}"),
            }
        }
        m
    }

    #[test]
    fn nested_paths_arrays_and_formats() {
        let doc = r#"{"data":{"list":[
            {"t":{"ru":"Новость"},"tags":["kz","ru"],"d":"05.03.2024","n":"1 234","who":[{"n":"A"},{"n":"B"}]},
            {"t":{"ru":"Вторая"},"tags":[],"d":"06.03.2024","n":7}
        ]}}"#;
        let m = map(&[
            ("items", "data.list"),
            ("title", "t.ru"),
            ("category", "tags[]"),
            ("date", "d"),
            ("date_format", "%d.%m.%Y"),
            ("score", "n"),
            ("author", "who[].n"),
        ]);
        let f = parse(doc.as_bytes(), None, &base(), &m, 10).unwrap();
        assert_eq!(f.items.len(), 2);
        let a = &f.items[0];
        assert_eq!(a.title, "Новость");
        assert_eq!(a.category.as_deref(), Some("kz, ru"));
        assert_eq!(a.author.as_deref(), Some("A, B"));
        assert_eq!(a.signals.score, Some(1234));
        assert_eq!(
            a.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-03-05T00:00:00+00:00")
        );
        assert_eq!(f.items[1].category, None);
        assert_ne!(f.items[0].key, f.items[1].key);
    }

    #[test]
    fn bad_values_name_item_and_field() {
        let doc = br#"{"hits":[{"title":"a","points":1},{"title":"b","points":2},{"title":"c","points":3},{"title":"d","points":"abc"}]}"#;
        let m = map(&[("items", "hits"), ("score", "points")]);
        let e = parse(doc, None, &base(), &m, 10).unwrap_err().to_string();
        assert_eq!(
            e,
            "item 3: field `points` is a string \"abc\", expected a number (map.score)"
        );
        let m = map(&[
            ("items", "hits"),
            ("date", "title"),
            ("date_format", "%d.%m.%Y"),
        ]);
        let e = parse(doc, None, &base(), &m, 10).unwrap_err().to_string();
        assert!(
            e.starts_with("item 0: field `title` is a string \"a\""),
            "{e}"
        );
        assert!(e.contains("%d.%m.%Y"), "{e}");
        let m = map(&[("items", "stories")]);
        let e = parse(doc, None, &base(), &m, 10).unwrap_err().to_string();
        assert!(
            e.contains("items = \"stories\" is not in the document (it has: hits)"),
            "{e}"
        );
        let m = map(&[("items", "hits"), ("title", "headline")]);
        let e = parse(doc, None, &base(), &m, 10).unwrap_err().to_string();
        assert!(
            e.contains("title = \"headline\" is in no item; the first item has: points, title"),
            "{e}"
        );
        let e = parse(b"<html>", None, &base(), &m, 10)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("not JSON:"), "{e}");
    }

    #[test]
    fn json_lines_and_items_keyed_by_id() {
        let lines = "{\"title\":\"a\",\"id\":1}\n\n{\"title\":\"b\",\"id\":2}\n";
        let f = parse(lines.as_bytes(), None, &base(), &JsonMapping::default(), 10).unwrap();
        let titles: Vec<&str> = f.items.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["a", "b"]);
        assert_eq!(f.items[1].key, "2");
        let keyed = br#"{"news":{"101":{"title":"x"},"102":{"title":"y"}}}"#;
        let m = map(&[("items", "news")]);
        assert_eq!(parse(keyed, None, &base(), &m, 10).unwrap().items.len(), 2);
    }

    #[test]
    fn unmapped_fields_are_guessed_and_text_sanitised() {
        let doc = "[{\"title\":\"Hi \\u001b[31mred\",\"url\":\"/a/1\",\"by\":\"pg\",\"score\":\"x\",\"descendants\":4,\"time\":1709649000}]";
        let f = parse(doc.as_bytes(), None, &base(), &JsonMapping::default(), 10).unwrap();
        let a = &f.items[0];
        assert_eq!(a.title, "Hi red");
        assert_eq!(a.link.as_deref(), Some("https://api.example/a/1"));
        assert_eq!(a.author.as_deref(), Some("pg"));
        // A guessed field that does not fit is left out, not an error.
        assert_eq!(a.signals.score, None);
        assert_eq!(a.signals.comments, Some(4));
        assert!(a.published.is_some());
    }
}
