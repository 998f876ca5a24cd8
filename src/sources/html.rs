//! HTML page sources (`kind = "html"`): CSS selectors from `[feeds.select]`
//! read a news listing ("Соңғы жаңалықтар", "Топ новости") into articles.
//! Field selectors are relative to the item; `sel@attr` reads an attribute,
//! `@attr` the item's own attribute.

use std::sync::OnceLock;

use chrono::Utc;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::{ParseError, encoding, keys, values};
use crate::domain::{NewArticle, ParsedFeed, Signals};
use crate::sanitize;

/// CSS selectors for an HTML page source. Each field selector is relative
/// to the item; `sel@attr` reads an attribute instead of the text, and
/// `@attr` alone reads it from the item element itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlSelectors {
    /// Selects one element per article.
    pub item: String,
    /// `None` = the first heading or link in the item.
    pub title: Option<String>,
    /// `None` = the href of the first link in the item.
    pub link: Option<String>,
    pub date: Option<String>,
    pub date_format: Option<String>,
    /// The feed's `timezone`, for dates written without a zone.
    pub timezone: Option<chrono_tz::Tz>,
    pub author: Option<String>,
    pub category: Option<String>,
    pub summary: Option<String>,
    pub views: Option<String>,
    pub comments: Option<String>,
    pub score: Option<String>,
}

/// A field selector: which element (none = the item) and which attribute
/// (none = its text).
#[derive(Debug)]
pub struct FieldSelector {
    selector: Option<Selector>,
    attr: Option<String>,
}

impl FieldSelector {
    /// Parse `css`, `css@attr` or `@attr`; the error says what is wrong.
    pub fn parse(spec: &str) -> Result<FieldSelector, String> {
        let spec = spec.trim();
        let (css, attr) = match spec.rsplit_once('@') {
            Some((css, attr))
                if !attr.is_empty()
                    && attr
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')) =>
            {
                (css.trim(), Some(attr.to_string()))
            }
            _ => (spec, None),
        };
        let selector = if css.is_empty() {
            if attr.is_none() {
                return Err("it is empty; write a CSS selector like \"a.title\"".into());
            }
            None
        } else {
            Some(Selector::parse(css).map_err(|e| {
                format!(
                    "`{css}` is not a CSS selector ({})",
                    sanitize::line_capped(&e.to_string(), 120)
                )
            })?)
        };
        Ok(FieldSelector { selector, attr })
    }

    /// The field's value in `item`: the attribute or the text (whitespace
    /// folded), of the first matching element with a non-empty value.
    fn read(&self, item: ElementRef<'_>) -> Option<String> {
        let value = |el: ElementRef<'_>| -> Option<String> {
            let v = match &self.attr {
                Some(a) => el.value().attr(a).map(str::to_string),
                None => Some(el.text().collect::<Vec<_>>().join(" ")),
            }?;
            let v = sanitize::line(&v);
            (!v.is_empty()).then_some(v)
        };
        match &self.selector {
            None => value(item),
            // The item itself may be what the selector names (item = "a.news").
            Some(sel) => item
                .select(sel)
                .find_map(value)
                .or_else(|| sel.matches(&item).then(|| value(item)).flatten()),
        }
    }
}

/// Checks an item selector: plain CSS, no @attribute.
pub fn check_item_selector(css: &str) -> Result<(), String> {
    Selector::parse(css.trim()).map(|_| ()).map_err(|e| {
        format!(
            "`{}` is not a CSS selector ({})",
            css.trim(),
            sanitize::line_capped(&e.to_string(), 120)
        )
    })
}

/// Checks a selector the way `parse` will use it (for config validation).
pub fn check_selector(spec: &str) -> Result<(), String> {
    FieldSelector::parse(spec).map(|_| ())
}

struct Plan {
    item: Selector,
    title: FieldSelector,
    link: FieldSelector,
    date: Option<FieldSelector>,
    author: Option<FieldSelector>,
    category: Option<FieldSelector>,
    summary: Option<FieldSelector>,
    views: Option<FieldSelector>,
    comments: Option<FieldSelector>,
    score: Option<FieldSelector>,
}

fn plan(sel: &HtmlSelectors) -> Result<Plan, ParseError> {
    let field = |key: &str, spec: &str| {
        FieldSelector::parse(spec)
            .map_err(|e| ParseError::Mapping(format!("[feeds.select] {key} = {spec:?}: {e}")))
    };
    let optional = |key: &str, spec: &Option<String>| {
        spec.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(|s| field(key, s))
            .transpose()
    };
    let item = Selector::parse(&sel.item).map_err(|e| {
        ParseError::Mapping(format!(
            "[feeds.select] item = {:?} is not a CSS selector ({e})",
            sel.item
        ))
    })?;
    Ok(Plan {
        item,
        title: field(
            "title",
            sel.title.as_deref().unwrap_or("h1, h2, h3, h4, h5, h6, a"),
        )?,
        link: field("link", sel.link.as_deref().unwrap_or("a[href]@href"))?,
        date: optional("date", &sel.date)?,
        author: optional("author", &sel.author)?,
        category: optional("category", &sel.category)?,
        summary: optional("summary", &sel.summary)?,
        views: optional("views", &sel.views)?,
        comments: optional("comments", &sel.comments)?,
        score: optional("score", &sel.score)?,
    })
}

/// Parse an HTML page with selectors. `base` (the page URL) resolves
/// relative links.
pub fn parse(
    bytes: &[u8],
    content_type: Option<&str>,
    base: &Url,
    sel: &HtmlSelectors,
    max_items: usize,
) -> Result<ParsedFeed, ParseError> {
    let plan = plan(sel)?;
    let text = decode(bytes, content_type);
    let page = Html::parse_document(&text);
    let page_title = Selector::parse("title").ok().and_then(|t| {
        page.select(&t)
            .next()
            .map(|e| sanitize::line_capped(&e.text().collect::<String>(), sanitize::MAX_TITLE))
            .filter(|t| !t.is_empty())
    });
    let now = Utc::now();
    let mut items = Vec::new();
    let mut matched = 0usize;
    // (item index, text) of the first date that did not parse, and whether any did.
    let mut bad_date: Option<(usize, String)> = None;
    let mut good_dates = 0usize;
    for el in page.select(&plan.item) {
        if items.len() >= max_items {
            break;
        }
        let index = matched;
        matched += 1;
        let title = plan
            .title
            .read(el)
            .map(|t| sanitize::line_capped(&t, sanitize::MAX_TITLE))
            .unwrap_or_default();
        let link = plan
            .link
            .read(el)
            .and_then(|l| sanitize::url_in(Some(base), &l));
        // Empty blocks (ads, spacers) that share the item's class.
        if title.is_empty() && link.is_none() {
            continue;
        }
        let read = |f: &Option<FieldSelector>| f.as_ref().and_then(|f| f.read(el));
        let published = read(&plan.date).and_then(|d| {
            let parsed = values::parse_date_in(&d, sel.date_format.as_deref(), now, sel.timezone);
            match parsed {
                Some(_) => good_dates += 1,
                None => {
                    bad_date.get_or_insert((index, d));
                }
            }
            parsed
        });
        let name = |s: String| Some(sanitize::line_capped(&s, sanitize::MAX_NAME));
        let count = |f: &Option<FieldSelector>| {
            read(f)
                .and_then(|t| values::parse_count(&t))
                .and_then(values::to_count)
        };
        let signals = Signals {
            views: count(&plan.views),
            comments: count(&plan.comments),
            score: read(&plan.score)
                .and_then(|t| values::parse_count(&t))
                .and_then(values::to_score),
            rating: None,
        };
        let key = keys::article_key(None, link.as_deref(), base, &title, published, None);
        items.push(NewArticle {
            title_derived: false,
            key,
            title,
            link,
            author: read(&plan.author).and_then(name),
            category: read(&plan.category).and_then(name),
            published,
            updated: None,
            summary: read(&plan.summary).map(|s| sanitize::text_capped(&s, sanitize::MAX_SUMMARY)),
            content: None,
            signals,
            enclosures: Vec::new(),
        });
    }
    if matched == 0 {
        return Err(ParseError::Mapping(format!(
            "[feeds.select] item = {:?} matched nothing on the page{}",
            sel.item,
            page_title
                .as_deref()
                .map(|t| format!(" (titled {t:?})"))
                .unwrap_or_default()
        )));
    }
    // One odd date (a pinned item) is tolerated; none readable means the
    // format or the selector is wrong.
    if good_dates == 0
        && let Some((index, text)) = bad_date
    {
        return Err(ParseError::Mapping(format!(
            "item {index}: date {text:?} is not a date{} (select.date)",
            match &sel.date_format {
                Some(f) => format!(" in date_format {f:?}"),
                None => "; set date_format, e.g. date_format = \"%d.%m.%Y %H:%M\"".into(),
            }
        )));
    }
    keys::dedupe(&mut items);
    Ok(ParsedFeed {
        title: page_title,
        site_link: sanitize::url_in(None, base.as_str()),
        items,
        damaged: false,
    })
}

/// HTML text: a BOM or the HTTP charset first (as for feeds), else the
/// page's `<meta charset>`, else UTF-8.
/// Page bytes to text: HTTP charset or BOM first, then `<meta charset>`,
/// then `encoding::decode`'s sniffing. Shared with `fulltext`.
pub(crate) fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let has_http_charset = content_type.and_then(encoding::http_charset).is_some();
    if !has_http_charset && encoding_rs::Encoding::for_bom(bytes).is_none() {
        static META: OnceLock<Option<Regex>> = OnceLock::new();
        let meta = META.get_or_init(|| {
            Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)"#).ok()
        });
        let head = &bytes[..bytes.len().min(4096)];
        let head = String::from_utf8_lossy(head);
        if let Some(enc) = meta
            .as_ref()
            .and_then(|re| re.captures(&head))
            .and_then(|c| c.get(1))
            .and_then(|m| encoding_rs::Encoding::for_label(m.as_str().as_bytes()))
        {
            return enc
                .output_encoding()
                .decode_without_bom_handling(bytes)
                .0
                .into_owned();
        }
    }
    encoding::decode(bytes, content_type).text.into_owned()
}

/// A feed a page advertises with `<link rel="alternate">`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    pub url: String,
    /// The type attribute: application/rss+xml, application/atom+xml, …
    pub media_type: String,
    pub title: Option<String>,
}

/// The feeds a page links to, in page order, resolved against `base`.
pub fn feed_links(bytes: &[u8], content_type: Option<&str>, base: &Url) -> Vec<FeedLink> {
    const TYPES: &[&str] = &[
        "application/rss+xml",
        "application/atom+xml",
        "application/feed+json",
        "application/json",
        "application/rdf+xml",
    ];
    let text = decode(bytes, content_type);
    let page = Html::parse_document(&text);
    let Ok(links) = Selector::parse("link[rel][href]") else {
        return Vec::new();
    };
    page.select(&links)
        .filter_map(|l| {
            let el = l.value();
            let rel = el.attr("rel")?.to_ascii_lowercase();
            if !rel.split_whitespace().any(|r| r == "alternate") {
                return None;
            }
            let media_type = el.attr("type")?.trim().to_ascii_lowercase();
            if !TYPES.contains(&media_type.as_str()) {
                return None;
            }
            Some(FeedLink {
                url: sanitize::url_in(Some(base), el.attr("href")?)?,
                media_type,
                title: el
                    .attr("title")
                    .map(sanitize::line)
                    .filter(|t| !t.is_empty()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://news.example/kz/").unwrap()
    }

    #[test]
    fn field_selectors() {
        assert!(FieldSelector::parse("a.title@href").unwrap().attr.is_some());
        assert!(FieldSelector::parse("@data-id").unwrap().selector.is_none());
        assert!(FieldSelector::parse("a[href^=\"mailto:x@y\"]").is_ok());
        assert!(FieldSelector::parse("a..b").is_err());
        assert!(FieldSelector::parse("").is_err());
    }

    #[test]
    fn items_are_read_and_bad_selectors_explained() {
        let page = "<html><head><title>Жаңалықтар</title></head><body>\
            <div class=n><a class=t href=\"/a/1\">Бірінші <b>жаңалық</b></a><span class=v>1 234 рет</span></div>\
            <div class=n></div>\
            <div class=n><a class=t href=\"https://x.example/2\">Second</a><span class=v>12,5K</span></div>\
            </body></html>";
        let sel = HtmlSelectors {
            item: ".n".into(),
            title: Some("a.t".into()),
            link: Some("a.t@href".into()),
            views: Some(".v".into()),
            ..HtmlSelectors::default()
        };
        let f = parse(page.as_bytes(), None, &base(), &sel, 10).unwrap();
        assert_eq!(f.title.as_deref(), Some("Жаңалықтар"));
        assert_eq!(f.items.len(), 2);
        assert_eq!(f.items[0].title, "Бірінші жаңалық");
        assert_eq!(f.items[0].link.as_deref(), Some("https://news.example/a/1"));
        assert_eq!(f.items[0].signals.views, Some(1234));
        assert_eq!(f.items[1].signals.views, Some(12_500));
        let bad = HtmlSelectors {
            item: ".news-item".into(),
            ..HtmlSelectors::default()
        };
        let e = parse(page.as_bytes(), None, &base(), &bad, 10).unwrap_err();
        assert_eq!(
            e.to_string(),
            "[feeds.select] item = \".news-item\" matched nothing on the page (titled \"Жаңалықтар\")"
        );
    }

    #[test]
    fn the_item_itself_can_be_the_link() {
        let page = "<ul><li><a class=n href=\"/x\">Жаңалық</a></li></ul>";
        let sel = HtmlSelectors {
            item: "a.n".into(),
            ..HtmlSelectors::default()
        };
        let f = parse(page.as_bytes(), None, &base(), &sel, 10).unwrap();
        assert_eq!(f.items[0].title, "Жаңалық");
        assert_eq!(f.items[0].link.as_deref(), Some("https://news.example/x"));
    }

    #[test]
    fn meta_charset_is_honoured() {
        let page =
            "<html><head><meta charset=\"windows-1251\"><title>Новости</title></head></html>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        assert!(decode(&bytes, None).contains("Новости"));
    }

    #[test]
    fn feed_links_are_found() {
        let page = br#"<html><head>
            <link rel="stylesheet" href="/s.css">
            <link rel="alternate" type="application/rss+xml" title="RSS" href="/rss.xml">
            <link rel="alternate" type="application/atom+xml" href="https://news.example/atom">
            <link rel="alternate" hreflang="ru" href="/ru/">
        </head></html>"#;
        let links = feed_links(page, None, &base());
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            ["https://news.example/rss.xml", "https://news.example/atom"]
        );
        assert_eq!(links[0].title.as_deref(), Some("RSS"));
    }
}
