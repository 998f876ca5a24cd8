//! Which pictures an article offers: its lead image (from the feed, when
//! the feed names one) and the `<img>` elements of its stored HTML, as
//! absolute http(s) URLs, never a tracking pixel.

use scraper::{Html, Selector};
use url::Url;

use crate::sanitize;

/// One picture of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Absolute http(s) URL, sanitised.
    pub url: String,
    /// The alt text (sanitised, one line), empty when there is none.
    pub alt: String,
}

/// At most this many pictures per article (a gallery page can list
/// hundreds; nobody pages through them in a terminal).
pub const MAX_IMAGES: usize = 32;
/// Longest alt text kept, in characters.
const MAX_ALT: usize = 200;
/// A `srcset` candidate at least this wide is sharp enough for a
/// terminal pane; the smallest such one is the best (fewest bytes).
const GOOD_WIDTH: u32 = 800;

/// The article's pictures: `lead` first (e.g. a `media:thumbnail` or an
/// image enclosure the feed gave), then the `<img>` elements of `html` in
/// document order; relative URLs are resolved against `base` (the
/// article's link). Duplicates and tracking pixels are left out.
pub fn article_images(
    lead: Option<ImageRef>,
    html: Option<&str>,
    base: Option<&Url>,
) -> Vec<ImageRef> {
    let mut out: Vec<ImageRef> = Vec::new();
    let inline = html.map(|h| images_in(h, base)).unwrap_or_default();
    for image in lead.into_iter().chain(inline) {
        if out.len() >= MAX_IMAGES {
            break;
        }
        if !is_tracker_url(&image.url) && !out.iter().any(|o| o.url == image.url) {
            out.push(image);
        }
    }
    out
}

/// A lead image named by the feed (thumbnail, image enclosure) as an
/// `ImageRef`: `None` unless it is an http(s) URL, resolved against
/// `base`, and not a known tracker.
pub fn lead_image(url: &str, base: Option<&Url>) -> Option<ImageRef> {
    let url = sanitize::url_in(base, url)?;
    (!is_tracker_url(&url)).then(|| ImageRef {
        url,
        alt: String::new(),
    })
}

/// The `<img>` elements of an HTML fragment, in document order.
pub fn images_in(html: &str, base: Option<&Url>) -> Vec<ImageRef> {
    let Ok(selector) = Selector::parse("img") else {
        return Vec::new();
    };
    let doc = Html::parse_fragment(html);
    let mut out = Vec::new();
    for el in doc.select(&selector) {
        if out.len() >= MAX_IMAGES {
            break;
        }
        let attr = |name: &str| el.value().attr(name);
        if is_tiny(attr("width"), attr("height"), attr("style")) {
            continue;
        }
        let Some(url) = source_of(&attr).and_then(|s| sanitize::url_in(base, s)) else {
            continue;
        };
        if is_tracker_url(&url) {
            continue;
        }
        let alt = sanitize::line_capped(attr("alt").unwrap_or_default(), MAX_ALT);
        out.push(ImageRef { url, alt });
    }
    out
}

/// The URL to fetch for one `<img>`: the best `srcset` candidate, else
/// `src`, else the lazy-loading attributes news sites use when `src` holds
/// only a placeholder (`data:` or empty).
fn source_of<'a>(attr: &impl Fn(&str) -> Option<&'a str>) -> Option<&'a str> {
    if let Some(best) = attr("srcset").and_then(best_candidate) {
        return Some(best);
    }
    let real = |s: &&str| {
        let s = s.trim();
        !s.is_empty() && !s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("data:"))
    };
    attr("src")
        .filter(real)
        .or_else(|| attr("data-src").filter(real))
        .or_else(|| attr("data-original").filter(real))
        .or_else(|| attr("data-lazy-src").filter(real))
}

/// The best candidate of a `srcset`: the smallest at least `GOOD_WIDTH`
/// wide (`800w`), else the widest; with density descriptors (`2x`) the
/// highest density up to 2x. Candidates without a descriptor count as 1x.
pub fn best_candidate(srcset: &str) -> Option<&str> {
    let mut widths: Vec<(u32, &str)> = Vec::new();
    let mut densities: Vec<(f32, &str)> = Vec::new();
    for candidate in srcset.split(',') {
        let mut parts = candidate.split_whitespace();
        let Some(url) = parts.next() else { continue };
        match parts.next() {
            Some(d) if d.ends_with('w') => {
                if let Ok(w) = d.trim_end_matches('w').parse::<u32>() {
                    widths.push((w, url));
                }
            }
            Some(d) if d.ends_with('x') => {
                if let Ok(x) = d.trim_end_matches('x').parse::<f32>() {
                    densities.push((x, url));
                }
            }
            None => densities.push((1.0, url)),
            Some(_) => {}
        }
    }
    if !widths.is_empty() {
        let good = widths
            .iter()
            .filter(|(w, _)| *w >= GOOD_WIDTH)
            .min_by_key(|(w, _)| *w);
        let widest = widths.iter().max_by_key(|(w, _)| *w);
        return good.or(widest).map(|(_, u)| *u);
    }
    densities
        .iter()
        .filter(|(x, _)| *x <= 2.0)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, u)| *u)
}

/// Largest declared side that still counts as a tracking pixel.
const TINY: u32 = 2;

/// Declared 1×1-like: a `width` or `height` attribute (or CSS width /
/// height in px) of at most `TINY`, or hidden with `display:none`.
fn is_tiny(width: Option<&str>, height: Option<&str>, style: Option<&str>) -> bool {
    let small = |v: Option<&str>| v.and_then(pixels).is_some_and(|n| n <= TINY);
    if small(width) || small(height) {
        return true;
    }
    let Some(style) = style else { return false };
    let style: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if style.contains("display:none") || style.contains("visibility:hidden") {
        return true;
    }
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        matches!(prop, "width" | "height" | "max-width" | "max-height")
            && value.ends_with("px")
            && pixels(value.trim_end_matches("px")).is_some_and(|n| n <= TINY)
    })
}

/// "1", "1px", "0.5" → whole pixels (rounded down); percentages and
/// other units are not pixel sizes.
fn pixels(v: &str) -> Option<u32> {
    let v = v.trim().trim_end_matches("px").trim();
    if let Ok(n) = v.parse::<u32>() {
        return Some(n);
    }
    v.parse::<f32>()
        .ok()
        .filter(|f| f.is_finite() && *f >= 0.0)
        .map(|f| f as u32)
}

/// Counters and pixels by where they live: hosts that serve nothing but
/// tracking, and the file names of the classic 1×1 GIFs.
const TRACKER_HOSTS: &[&str] = &[
    "pixel.wp.com",
    "stats.wordpress.com",
    "pixel.quantserve.com",
    "www.google-analytics.com",
    "google-analytics.com",
    "stats.g.doubleclick.net",
    "ad.doubleclick.net",
    "mc.yandex.ru",
    "counter.yadro.ru",
    "top-fwz1.mail.ru",
    "www.facebook.com/tr",
    "feeds.feedblitz.com",
    "pixel.mathtag.com",
];
const TRACKER_PATHS: &[&str] = &[
    "/~r/",
    "/~ff/",
    "/~a/",
    "/pixel.gif",
    "/pixel.png",
    "/spacer.gif",
    "/blank.gif",
    "/clear.gif",
    "/1x1.gif",
    "/1x1.png",
    "/transparent.gif",
    "/beacon.gif",
];

/// A URL known to be a tracking pixel or counter, whatever its size says.
pub fn is_tracker_url(url: &str) -> bool {
    let Ok(parsed) = Url::parse(url) else {
        return true;
    };
    let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
    let path = parsed.path().to_ascii_lowercase();
    let host_and_path = format!("{host}{path}");
    TRACKER_HOSTS
        .iter()
        .any(|t| host == *t || host_and_path.starts_with(t))
        || TRACKER_PATHS.iter().any(|p| path.contains(p))
}
