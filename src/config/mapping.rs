//! Validation of the per-feed source keys: `[feeds.map]` (JSON paths),
//! `[feeds.select]` (CSS selectors), `filter`, and which kinds take them.
//! Paths and selectors are checked with the same parsers the sources use,
//! so a config that loads never fails later on a typo in a path.

use toml::Spanned;

use super::error::ConfigError;
use super::fields::{Ctx, Result};
use super::raw::{RawFeed, RawJsonMap, RawSelect};
use super::settings::{HtmlSelectors, JsonMapping};
use crate::domain::SourceKind;
use crate::sources::{html, json, values};

fn bad(
    ctx: &Ctx<'_>,
    key: String,
    v: &Spanned<String>,
    expected: &str,
    fix: String,
) -> ConfigError {
    ConfigError::OutOfRange {
        at: ctx.at(v.span().start),
        key,
        value: format!("{:?}", v.get_ref()),
        expected: expected.to_string(),
        fix,
    }
}

fn date_format(ctx: &Ctx<'_>, key: String, v: &Option<Spanned<String>>) -> Result<Option<String>> {
    let Some(v) = v else { return Ok(None) };
    values::check_date_format(v.get_ref())
        .map_err(|reason| bad(ctx, key, v, "a date format", reason))?;
    Ok(Some(v.get_ref().clone()))
}

pub(super) fn json_map(ctx: &Ctx<'_>, i: usize, m: &RawJsonMap) -> Result<JsonMapping> {
    let path = |leaf: &str, v: &Option<Spanned<String>>| -> Result<Option<String>> {
        let Some(v) = v else { return Ok(None) };
        json::JsonPath::parse(v.get_ref()).map_err(|reason| {
            bad(
                ctx,
                format!("feeds[{i}].map.{leaf}"),
                v,
                "a JSON path like \"data.title\", \"hits\" or \"tags[].name\"",
                reason,
            )
        })?;
        Ok(Some(v.get_ref().trim().to_string()))
    };
    Ok(JsonMapping {
        items: path("items", &m.items)?,
        title: path("title", &m.title)?,
        url: path("url", &m.url)?,
        author: path("author", &m.author)?,
        date: path("date", &m.date)?,
        date_format: date_format(ctx, format!("feeds[{i}].map.date_format"), &m.date_format)?,
        timezone: None,
        summary: path("summary", &m.summary)?,
        content: path("content", &m.content)?,
        category: path("category", &m.category)?,
        views: path("views", &m.views)?,
        comments: path("comments", &m.comments)?,
        score: path("score", &m.score)?,
        id: path("id", &m.id)?,
    })
}

pub(super) fn html_select(
    ctx: &Ctx<'_>,
    i: usize,
    s: &Spanned<RawSelect>,
) -> Result<HtmlSelectors> {
    let sel = |leaf: &str, v: &Option<Spanned<String>>| -> Result<Option<String>> {
        let Some(v) = v else { return Ok(None) };
        if v.get_ref().trim().is_empty() && leaf != "item" {
            return Ok(Some(String::new()));
        }
        let check = if leaf == "item" {
            html::check_item_selector
        } else {
            html::check_selector
        };
        check(v.get_ref()).map_err(|reason| {
            bad(
                ctx,
                format!("feeds[{i}].select.{leaf}"),
                v,
                if leaf == "item" {
                    "a CSS selector (one element per article)"
                } else {
                    "a CSS selector, optionally followed by @attribute"
                },
                reason,
            )
        })?;
        Ok(Some(v.get_ref().trim().to_string()))
    };
    let raw = s.get_ref();
    let Some(item) = sel("item", &raw.item)? else {
        return Err(ConfigError::Mismatch {
            at: ctx.at(s.span().start),
            key: format!("feeds[{i}].select"),
            problem: "the table has no `item` selector, which picks one element per article".into(),
            fix: "add a line like item = \".news-item\"".into(),
        });
    };
    Ok(HtmlSelectors {
        item,
        title: sel("title", &raw.title)?,
        link: sel("link", &raw.link)?,
        date: sel("date", &raw.date)?,
        date_format: date_format(
            ctx,
            format!("feeds[{i}].select.date_format"),
            &raw.date_format,
        )?,
        timezone: None,
        author: sel("author", &raw.author)?,
        category: sel("category", &raw.category)?,
        summary: sel("summary", &raw.summary)?,
        views: sel("views", &raw.views)?,
        comments: sel("comments", &raw.comments)?,
        score: sel("score", &raw.score)?,
    })
}

pub(super) fn filter(
    ctx: &Ctx<'_>,
    i: usize,
    v: &Option<Spanned<String>>,
) -> Result<Option<String>> {
    let Some(v) = v else { return Ok(None) };
    if v.get_ref().trim().is_empty() {
        return Err(bad(
            ctx,
            format!("feeds[{i}].filter"),
            v,
            "a shell command",
            "write e.g. filter = \"iconv -f cp1251 -t utf-8\", or remove the line".into(),
        ));
    }
    Ok(Some(v.get_ref().clone()))
}

/// `map` only with kind json or exec, `select` only with html or exec, and
/// an html feed needs `select`.
pub(super) fn kind_fits(ctx: &Ctx<'_>, i: usize, kind: SourceKind, f: &RawFeed) -> Result<()> {
    let wrong = |table: &str, span_start: usize, kinds: &str| ConfigError::Mismatch {
        at: ctx.at(span_start),
        key: format!("feeds[{i}].{table}"),
        problem: format!(
            "a [feeds.{table}] table on a kind = \"{}\" feed; it is used only with {kinds}",
            kind.as_str()
        ),
        fix: format!("set the feed's kind, or remove [feeds.{table}]"),
    };
    if let Some(m) = &f.map
        && !matches!(kind, SourceKind::Json | SourceKind::Exec)
    {
        return Err(wrong("map", m.span().start, "kind = \"json\" or \"exec\""));
    }
    if let Some(s) = &f.select
        && !matches!(kind, SourceKind::Html | SourceKind::Exec)
    {
        return Err(wrong(
            "select",
            s.span().start,
            "kind = \"html\" or \"exec\"",
        ));
    }
    if let (Some(m), Some(_)) = (&f.map, &f.select) {
        return Err(ConfigError::Mismatch {
            at: ctx.at(m.span().start),
            key: format!("feeds[{i}].map"),
            problem:
                "the feed has both [feeds.map] and [feeds.select], and can be read only one way"
                    .into(),
            fix: "keep [feeds.map] for JSON output or [feeds.select] for HTML".into(),
        });
    }
    if kind == SourceKind::Html && f.select.is_none() {
        return Err(ConfigError::Mismatch {
            at: ctx.at(f
                .kind
                .as_ref()
                .map_or(f.url.span().start, |k| k.span().start)),
            key: format!("feeds[{i}].kind"),
            problem: "a kind = \"html\" feed needs a [feeds.select] table: CSS selectors saying where each article is on the page".into(),
            fix: "add [feeds.select] with at least item = \".news-item\" (one element per article; see docs/sources.md)".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::parse;

    fn err(text: &str) -> String {
        match parse(text, None) {
            Ok(_) => panic!("should fail: {text}"),
            Err(e) => e.to_string(),
        }
    }

    const HEAD: &str = "[[feeds]]\nname = \"hn\"\nurl = \"https://hn.example/api\"\n";

    #[test]
    fn mappings_are_read() {
        let s = parse(
            &format!(
                "{HEAD}kind = \"json\"\nfilter = \"cat\"\n[feeds.map]\nitems = \"hits\"\nscore = \"points\"\ndate_format = \"unix\"\n\
                 [[feeds]]\nname = \"kz\"\nurl = \"https://kz.example/\"\nkind = \"html\"\n[feeds.select]\nitem = \".n\"\nlink = \"a@href\"\n"
            ),
            None,
        )
        .unwrap();
        let map = s.feeds[0].map.as_ref().unwrap();
        assert_eq!(map.items.as_deref(), Some("hits"));
        assert_eq!(map.score.as_deref(), Some("points"));
        assert_eq!(map.title, None);
        assert_eq!(s.feeds[0].filter.as_deref(), Some("cat"));
        let sel = s.feeds[1].select.as_ref().unwrap();
        assert_eq!(sel.item, ".n");
        assert_eq!(sel.link.as_deref(), Some("a@href"));
    }

    #[test]
    fn bad_mappings_are_located_and_explained() {
        let m = err(&format!(
            "{HEAD}kind = \"json\"\n[feeds.map]\ntitle = \"a..b\"\n"
        ));
        assert!(
            m.starts_with("<config>:6:9: `feeds[0].map.title` = \"a..b\""),
            "{m}"
        );
        assert!(m.contains("empty part"), "{m}");
        let m = err(&format!(
            "{HEAD}kind = \"json\"\n[feeds.map]\ndate_format = \"dd.mm.yyyy\"\n"
        ));
        assert!(
            m.contains("`feeds[0].map.date_format`") && m.contains("no % field"),
            "{m}"
        );
        let m = err(&format!(
            "{HEAD}kind = \"json\"\n[feeds.map]\npoints = \"x\"\n"
        ));
        assert!(m.contains("unknown key `feeds[0].map.points`"), "{m}");
        assert!(m.contains("score"), "{m}");
        let m = err(&format!("{HEAD}kind = \"json\"\n[feeds.map]\nviews = 3\n"));
        assert!(
            m.contains("`feeds[0].map.views` has the wrong type") && m.contains("JSON path"),
            "{m}"
        );
        let m = err(&format!("{HEAD}[feeds.map]\nitems = \"hits\"\n"));
        assert!(
            m.contains("`feeds[0].map`") && m.contains("kind = \"json\""),
            "{m}"
        );
        let m = err(&format!("{HEAD}kind = \"html\"\n"));
        assert!(
            m.contains("`feeds[0].kind`") && m.contains("[feeds.select]"),
            "{m}"
        );
        let m = err(&format!(
            "{HEAD}kind = \"html\"\n[feeds.select]\ntitle = \"a\"\n"
        ));
        assert!(
            m.contains("`feeds[0].select`") && m.contains("item = "),
            "{m}"
        );
        let m = err(&format!(
            "{HEAD}kind = \"html\"\n[feeds.select]\nitem = \"div[\"\n"
        ));
        assert!(
            m.contains("`feeds[0].select.item`") && m.contains("not a CSS selector"),
            "{m}"
        );
        let m = err(&format!("{HEAD}filter = \" \"\n"));
        assert!(m.contains("`feeds[0].filter`"), "{m}");
    }
}
