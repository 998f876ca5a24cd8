//! TOML text → raw mirror → validated `Settings`, section by section.
//! Parse-stage errors are classified in `diagnose.rs`, single values are
//! checked in `fields.rs`.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, Deserializer};

use super::diagnose::{from_de_error, syntax_error};
use super::error::ConfigError;
use super::fields::{
    Ctx, Result, count_in, duration, feed_url, header_text, number, optional_duration, positive,
    size, unknown_name,
};
use super::mapping;
use super::raw::{IntOrText, RawCache, RawConfig, RawFeed, RawFetch, RawIgnore, RawRank, RawUi};
use super::settings::{
    CacheSettings, FeedSettings, FetchSettings, HtmlSelectors, IgnoreRule, ImageMode,
    ImageProtocol, JsonMapping, Pattern, RankSettings, Settings, ThemeName, UiSettings,
};
use crate::domain::SourceKind;

/// Parse and validate config text. `origin` is used in messages and stored
/// in `Settings::source`.
pub fn parse_settings(text: &str, origin: Option<&Path>) -> Result<Settings> {
    let ctx = Ctx { text, origin };
    let doc = DeTable::parse(text).map_err(|e| syntax_error(&ctx, &e))?;
    // Deserialise from a copy so the spanned document stays available to
    // work out which key an error is about.
    let raw = RawConfig::deserialize(Deserializer::from(doc.clone()))
        .map_err(|e| from_de_error(&ctx, doc.get_ref(), &e))?;
    validate(&ctx, raw)
}

/// Every section is checked even after an error, so `check-config` can
/// report them all at once (see `ConfigError::Several`).
fn validate(ctx: &Ctx<'_>, raw: RawConfig) -> Result<Settings> {
    let mut errors = Vec::new();
    let mut feeds = feeds(ctx, &raw.feeds, &mut errors);
    // Names of every [[feeds]] entry, valid or not, so a rule naming a
    // feed with an error of its own is not reported a second time.
    let names: Vec<&str> = raw
        .feeds
        .iter()
        .map(|f| f.get_ref().name.get_ref().trim())
        .collect();
    let ignore = ignore_rules(ctx, &raw.ignore, &names, &mut errors);
    for feed in &mut feeds {
        feed.ignore = ignore
            .iter()
            .filter(|r| r.covers_feed(&feed.name))
            .cloned()
            .collect();
    }
    let sections = (
        fetch(ctx, &raw.fetch),
        cache(ctx, &raw.cache),
        ui(ctx, &raw.ui),
        rank(ctx, &raw.rank),
    );
    let (fetch, cache, ui, rank) = match sections {
        (Ok(fetch), Ok(cache), Ok(ui), Ok(rank)) if errors.is_empty() => (fetch, cache, ui, rank),
        (fetch, cache, ui, rank) => {
            errors.extend(
                [fetch.err(), cache.err(), ui.err(), rank.err()]
                    .into_iter()
                    .flatten(),
            );
            return Err(ConfigError::several(errors));
        }
    };
    Ok(Settings {
        source: ctx.origin.map(Path::to_path_buf),
        fetch,
        cache,
        ui,
        rank,
        keys_at: raw
            .keys
            .iter()
            .map(|(k, v)| (k.clone(), *ctx.at(v.span().start)))
            .collect(),
        keys: raw
            .keys
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect(),
        feeds,
        ignore,
        sync: match &raw.sync {
            Some(s) => Some(super::sync::sync(ctx, s)?),
            None => None,
        },
        media: super::media::media(ctx, &raw.media)?,
    })
}

fn fetch(ctx: &Ctx<'_>, r: &RawFetch) -> Result<FetchSettings> {
    let d = FetchSettings::default();
    Ok(FetchSettings {
        concurrency: positive(ctx, "fetch.concurrency", &r.concurrency, d.concurrency)?,
        per_host: positive(ctx, "fetch.per_host", &r.per_host, d.per_host)?,
        per_host_gap: optional_duration(ctx, "fetch.per_host_gap", &r.per_host_gap, None)?
            .unwrap_or(d.per_host_gap),
        connect_timeout: duration(
            ctx,
            "fetch.connect_timeout",
            &r.connect_timeout,
            d.connect_timeout,
        )?,
        read_timeout: duration(ctx, "fetch.read_timeout", &r.read_timeout, d.read_timeout)?,
        total_timeout: duration(
            ctx,
            "fetch.total_timeout",
            &r.total_timeout,
            d.total_timeout,
        )?,
        user_agent: match &r.user_agent {
            None => d.user_agent,
            Some(v) => header_text(ctx, "fetch.user_agent", v)?,
        },
        max_body_bytes: match &r.max_body {
            None => d.max_body_bytes,
            Some(v) => size(ctx, "fetch.max_body", v)?,
        },
        max_redirects: count_in(
            ctx,
            "fetch.max_redirects",
            &r.max_redirects,
            d.max_redirects,
            0,
            10,
        )?,
        max_items_per_feed: positive(ctx, "fetch.max_items_per_feed", &r.max_items_per_feed, {
            NonZeroUsize::new(d.max_items_per_feed).unwrap_or(NonZeroUsize::MIN)
        })?
        .get(),
        refresh_interval: optional_duration(
            ctx,
            "fetch.refresh_interval",
            &r.refresh_interval,
            d.refresh_interval,
        )?,
    })
}

fn cache(ctx: &Ctx<'_>, r: &RawCache) -> Result<CacheSettings> {
    let d = CacheSettings::default();
    let max_per_feed = match &r.max_per_feed {
        None => d.max_per_feed,
        Some(v) => match v.get_ref() {
            IntOrText::Text(t) if t == "off" => None,
            IntOrText::Int(n) if *n > 0 => Some(usize::try_from(*n).unwrap_or(usize::MAX)),
            _ => {
                return Err(ConfigError::OutOfRange {
                    at: ctx.at(v.span().start),
                    key: "cache.max_per_feed".into(),
                    value: ctx.text.get(v.span()).unwrap_or_default().to_string(),
                    expected: "a whole number of at least 1, or \"off\"".into(),
                    fix: "write e.g. max_per_feed = 1000, or max_per_feed = \"off\" to keep all"
                        .into(),
                });
            }
        },
    };
    Ok(CacheSettings {
        max_age: optional_duration(ctx, "cache.max_age", &r.max_age, d.max_age)?,
        max_per_feed,
    })
}

fn ui(ctx: &Ctx<'_>, r: &RawUi) -> Result<UiSettings> {
    let d = UiSettings::default();
    let theme = match &r.theme {
        None => d.theme,
        Some(v) => match v.get_ref().as_str() {
            "default" => ThemeName::Default,
            "ansi16" => ThemeName::Ansi16,
            "mono" => ThemeName::Mono,
            other => return Err(unknown_name(ctx, "ui.theme", v, other, "theme", THEMES)),
        },
    };
    let language = match &r.language {
        None => d.language,
        Some(v) => match crate::i18n::Lang::from_locale(v.get_ref()) {
            Some(lang) => Some(lang),
            None => {
                return Err(unknown_name(
                    ctx,
                    "ui.language",
                    v,
                    v.get_ref(),
                    "language",
                    LANGUAGES,
                ));
            }
        },
    };
    let browser = match &r.browser {
        None => d.browser,
        Some(v) if v.get_ref().trim().is_empty() => {
            return Err(ConfigError::OutOfRange {
                at: ctx.at(v.span().start),
                key: "ui.browser".into(),
                value: format!("{:?}", v.get_ref()),
                expected: "a command, e.g. \"firefox %u\"".into(),
                fix: "remove the line to use $BROWSER".into(),
            });
        }
        Some(v) => Some(v.get_ref().clone()),
    };
    let images = match &r.images {
        None => d.images,
        Some(v) => match v.get_ref().as_str() {
            "on-request" => ImageMode::OnRequest,
            "always" => ImageMode::Always,
            "off" => ImageMode::Off,
            other => {
                return Err(unknown_name(
                    ctx,
                    "ui.images",
                    v,
                    other,
                    "image mode",
                    IMAGE_MODES,
                ));
            }
        },
    };
    let image_protocol = match &r.image_protocol {
        None => d.image_protocol,
        Some(v) => match v.get_ref().as_str() {
            "auto" => ImageProtocol::Auto,
            "kitty" => ImageProtocol::Kitty,
            "sixel" => ImageProtocol::Sixel,
            "iterm2" => ImageProtocol::Iterm2,
            "halfblocks" => ImageProtocol::Halfblocks,
            other => {
                return Err(unknown_name(
                    ctx,
                    "ui.image_protocol",
                    v,
                    other,
                    "image protocol",
                    IMAGE_PROTOCOLS,
                ));
            }
        },
    };
    let flag =
        |v: &Option<Spanned<bool>>, default: bool| v.as_ref().map_or(default, |b| *b.get_ref());
    Ok(UiSettings {
        browser,
        theme,
        mouse: flag(&r.mouse, d.mouse),
        osc8_links: flag(&r.osc8_links, d.osc8_links),
        osc52_copy: flag(&r.osc52_copy, d.osc52_copy),
        show_read: flag(&r.show_read, d.show_read),
        language,
        images,
        image_protocol,
    })
}

const THEMES: &[&str] = &["default", "ansi16", "mono"];
const LANGUAGES: &[&str] = &["kk", "ru", "en"];
const IMAGE_MODES: &[&str] = &["on-request", "always", "off"];
const IMAGE_PROTOCOLS: &[&str] = &["auto", "kitty", "sixel", "iterm2", "halfblocks"];
const KINDS: &[&str] = &["feed", "json", "html", "exec"];

fn rank(ctx: &Ctx<'_>, r: &RawRank) -> Result<RankSettings> {
    let d = RankSettings::default();
    Ok(RankSettings {
        half_life: duration(ctx, "rank.half_life", &r.half_life, d.half_life)?,
        cluster_window: duration(
            ctx,
            "rank.cluster_window",
            &r.cluster_window,
            d.cluster_window,
        )?,
        title_similarity: number(
            ctx,
            "rank.title_similarity",
            &r.title_similarity,
            d.title_similarity,
            |x| (0.0..=1.0).contains(&x),
            "a number from 0.0 to 1.0 (1.0 = identical titles only)",
            "write e.g. title_similarity = 0.6",
        )?,
        engagement_weight: number(
            ctx,
            "rank.engagement_weight",
            &r.engagement_weight,
            d.engagement_weight,
            |x| x >= 0.0,
            "a number of at least 0 (0 = ignore views and comments)",
            "write e.g. engagement_weight = 1.0",
        )?,
        coverage_weight: number(
            ctx,
            "rank.coverage_weight",
            &r.coverage_weight,
            d.coverage_weight,
            |x| x >= 0.0,
            "a number of at least 0 (0 = ignore how many sources carry a story)",
            "write e.g. coverage_weight = 1.0",
        )?,
        related_count: count_in(
            ctx,
            "rank.related_count",
            &r.related_count,
            d.related_count,
            0,
            1000,
        )?,
    })
}

/// The feeds that are valid; the errors of the others go to `errors` (one
/// a feed: the first thing wrong with it).
fn feeds(
    ctx: &Ctx<'_>,
    raw: &[Spanned<RawFeed>],
    errors: &mut Vec<ConfigError>,
) -> Vec<FeedSettings> {
    // Lower-cased name → offset of its first use, so a duplicate can say
    // where the first one is. Case-insensitive because `--feed NAME` and
    // the UI should never have to tell "TASS" from "tass". The offset is
    // turned into a line only for a duplicate: finding a line scans the
    // text, and doing it per feed made loading quadratic.
    let mut seen: HashMap<String, usize> = HashMap::new();
    // URL → (line, name) of its first feed: two entries for one URL would
    // be merged in the cache (ids are per URL), one crediting the other.
    // URL → (offset, name) of its first feed (the offset becomes a line
    // only for a duplicate, as above).
    let mut seen_urls: HashMap<url::Url, (usize, String)> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    let mut one = |i: usize, f: &RawFeed| -> Result<FeedSettings> {
        let key = |leaf: &str| format!("feeds[{i}].{leaf}");
        let name = f.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(ConfigError::EmptyFeedName {
                at: ctx.at(f.name.span().start),
                key: key("name"),
            });
        }
        if let Some(first) = seen.insert(name.to_lowercase(), f.name.span().start) {
            return Err(ConfigError::DuplicateFeed {
                at: ctx.at(f.name.span().start),
                key: key("name"),
                name,
                first_line: ctx.line(first),
            });
        }
        let kind = match &f.kind {
            None => SourceKind::Feed,
            Some(v) => match v.get_ref().as_str() {
                "feed" => SourceKind::Feed,
                "json" => SourceKind::Json,
                "html" => SourceKind::Html,
                "exec" => SourceKind::Exec,
                other => {
                    return Err(unknown_name(
                        ctx,
                        &key("kind"),
                        v,
                        other,
                        "feed kind",
                        KINDS,
                    ));
                }
            },
        };
        let url = feed_url(ctx, &key("url"), &f.url, kind)?;
        if let Some((first, first_name)) = seen_urls.get(&url) {
            return Err(ConfigError::DuplicateUrl {
                at: ctx.at(f.url.span().start),
                key: key("url"),
                url: url.to_string(),
                first_name: first_name.clone(),
                first_line: ctx.line(*first),
            });
        }
        seen_urls.insert(url.clone(), (f.url.span().start, name.clone()));
        let mut tags = Vec::with_capacity(f.tags.len());
        for (j, t) in f.tags.iter().enumerate() {
            let tag = t.get_ref().trim();
            if tag.is_empty() {
                return Err(ConfigError::OutOfRange {
                    at: ctx.at(t.span().start),
                    key: format!("feeds[{i}].tags[{j}]"),
                    value: format!("{:?}", t.get_ref()),
                    expected: "a non-empty tag".into(),
                    fix: "remove the empty string from the list".into(),
                });
            }
            tags.push(tag.to_string());
        }
        let weight = number(
            ctx,
            &key("weight"),
            &f.weight,
            1.0,
            |w| w > 0.0,
            "a number greater than 0 (1.0 = normal, 2.0 = twice as important)",
            "write e.g. weight = 1.0",
        )?;
        let refresh_interval = match &f.refresh_interval {
            None => None,
            Some(_) => Some(duration(
                ctx,
                &key("refresh_interval"),
                &f.refresh_interval,
                Duration::ZERO,
            )?),
        };
        mapping::kind_fits(ctx, i, kind, f)?;
        let timezone = time_zone(ctx, &key("timezone"), &f.timezone)?;
        let map = match &f.map {
            Some(m) => Some(JsonMapping {
                timezone,
                ..mapping::json_map(ctx, i, m.get_ref())?
            }),
            None => None,
        };
        let select = match &f.select {
            Some(s) => Some(HtmlSelectors {
                timezone,
                ..mapping::html_select(ctx, i, s)?
            }),
            None => None,
        };
        Ok(FeedSettings {
            name,
            url,
            kind,
            tags,
            weight,
            refresh_interval,
            map,
            select,
            filter: mapping::filter(ctx, i, &f.filter)?,
            full_text: f.full_text.as_ref().is_some_and(|b| *b.get_ref()),
            timezone,
            ignore: Vec::new(),
        })
    };
    for (i, f) in raw.iter().enumerate() {
        match one(i, f.get_ref()) {
            Ok(feed) => out.push(feed),
            Err(e) => errors.push(e),
        }
    }
    out
}

/// `timezone = "Asia/Almaty"`: an IANA zone name (any case; the error
/// suggests the closest name).
fn time_zone(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Option<Spanned<String>>,
) -> Result<Option<chrono_tz::Tz>> {
    let Some(v) = v else { return Ok(None) };
    let name = v.get_ref().trim();
    if let Ok(tz) = name.parse::<chrono_tz::Tz>() {
        return Ok(Some(tz));
    }
    let lower = name.to_lowercase();
    let names: Vec<&str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
    if let Some(tz) = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().to_lowercase() == lower)
    {
        return Ok(Some(*tz));
    }
    let lowered: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    let lowered: Vec<&str> = lowered.iter().map(String::as_str).collect();
    let near = super::locate::suggest(&lower, &lowered)
        .and_then(|l| names.iter().find(|n| n.to_lowercase() == l));
    Err(ConfigError::BadTimeZone {
        at: ctx.at(v.span().start),
        key: key.to_string(),
        value: name.to_string(),
        suggestion: near.map(|n| n.to_string()),
    })
}

/// `[[ignore]]` rules: regexes compiled, feed names checked against the
/// configured feeds (a rule for a misspelt feed would silently do nothing).
fn ignore_rules(
    ctx: &Ctx<'_>,
    raw: &[Spanned<RawIgnore>],
    feeds: &[&str],
    errors: &mut Vec<ConfigError>,
) -> Vec<IgnoreRule> {
    let mut out = Vec::with_capacity(raw.len());
    let one = |i: usize, spanned: &Spanned<RawIgnore>| -> Result<IgnoreRule> {
        let r = spanned.get_ref();
        let key = |leaf: &str| format!("ignore[{i}].{leaf}");
        if r.title.is_none() && r.author.is_none() && r.feed.is_none() {
            return Err(ConfigError::BadIgnoreRule {
                at: ctx.at(spanned.span().start),
                key: format!("ignore[{i}]"),
                problem: "the rule is empty, so it would match nothing".into(),
                fix: "give at least one of title = \"regex\", author = \"regex\", feed = \"name\""
                    .into(),
            });
        }
        let feed = match &r.feed {
            None => None,
            Some(v) => {
                let name = v.get_ref().trim();
                let lower = name.to_lowercase();
                match feeds.iter().find(|f| f.to_lowercase() == lower) {
                    Some(f) => Some(f.to_string()),
                    None => {
                        let names = feeds;
                        return Err(ConfigError::BadIgnoreRule {
                            at: ctx.at(v.span().start),
                            key: key("feed"),
                            problem: format!("no [[feeds]] entry is named {name:?}"),
                            fix: if names.is_empty() {
                                "add the feed first, or remove this line".into()
                            } else {
                                format!("use one of: {}", names.join(", "))
                            },
                        });
                    }
                }
            }
        };
        Ok(IgnoreRule {
            title: pattern(ctx, &key("title"), &r.title)?,
            author: pattern(ctx, &key("author"), &r.author)?,
            feed,
        })
    };
    for (i, spanned) in raw.iter().enumerate() {
        match one(i, spanned) {
            Ok(rule) => out.push(rule),
            Err(e) => errors.push(e),
        }
    }
    out
}

fn pattern(ctx: &Ctx<'_>, key: &str, v: &Option<Spanned<String>>) -> Result<Option<Pattern>> {
    let Some(v) = v else { return Ok(None) };
    regex::Regex::new(v.get_ref())
        .map(|re| Some(Pattern(re)))
        .map_err(|e| ConfigError::BadRegex {
            at: ctx.at(v.span().start),
            key: key.to_string(),
            value: v.get_ref().clone(),
            reason: regex_reason(&e),
        })
}

/// The one-line cause of a regex error (its full text draws a caret
/// diagram over several lines, which does not fit a one-line message).
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or(text.lines().last().unwrap_or("invalid pattern"))
        .to_string()
}
