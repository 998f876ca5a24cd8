//! Pictures in the reader, the pure part: which picture is asked for,
//! what comes back, and how much of the reader the picture takes. The
//! runtime fetches (`Effect::LoadImage`) and answers `Msg::ImageLoaded`;
//! the UI draws `ReaderImages` above the text (`ui::image`).
//!
//! Private by default: nothing is requested unless the user presses the
//! image key (`i`) or `ui.images = "always"`; never for a closed article.

use url::Url;

use super::layout::{Layout, reader_text_area};
use super::msg::Effect;
use super::state::{AppState, Pane};
use crate::config::settings::ImageMode;
use crate::domain::{Article, ArticleId, MediaKind};
use crate::i18n::{FluentValue, Lang, ids};
use crate::media::image::{ImageFailure, ImageRef, Picture, article_images, lead_image};

// Their state lives in `state` (it holds them); named here too.
pub use super::state::{ImageStatus, ReaderImages};

/// The feed's own lead image for `article`: its first image enclosure (a
/// `media:thumbnail`, `media:content` or `<enclosure>` of an image type),
/// whose URL the reader already made absolute and http(s) only. Known
/// trackers are left out here as they are in the text.
pub fn lead_of(article: &Article) -> Option<ImageRef> {
    article
        .enclosures
        .iter()
        .filter(|e| e.kind == MediaKind::Image)
        .find_map(|e| lead_image(&e.url, None))
}

/// The pictures of an article just loaded; with `ui.images = "always"`,
/// ask for the first at once. Call after `on_article`.
pub fn on_article_loaded(state: &mut AppState) -> Vec<Effect> {
    let mode = state.images;
    let Some(r) = state.reader.as_mut() else {
        return Vec::new();
    };
    let Some(article) = r.article.as_ref() else {
        return Vec::new();
    };
    if !r.images.list.is_empty() || mode == ImageMode::Off {
        return Vec::new(); // the same article again (a reload)
    }
    let base = article
        .summary
        .link
        .as_deref()
        .and_then(|l| Url::parse(l).ok());
    let html = article
        .content
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .or(article.description.as_deref());
    r.images.list = article_images(lead_of(article), html, base.as_ref());
    if mode == ImageMode::Always && !r.images.list.is_empty() {
        return request(state, 0);
    }
    Vec::new()
}

/// The image key: show the first picture, then each next one; after the
/// last, hide them.
pub fn show_next(state: &mut AppState) -> Vec<Effect> {
    if state.images == ImageMode::Off {
        state.set_notice(state.lang.s(ids::IMAGES_OFF));
        return Vec::new();
    }
    let Some(r) = state.reader.as_mut() else {
        return Vec::new();
    };
    if r.article.is_none() {
        return Vec::new();
    }
    let total = r.images.list.len();
    if total == 0 {
        state.set_notice(state.lang.s(ids::NO_IMAGES));
        return Vec::new();
    }
    let next = match (&r.images.status, r.images.current) {
        (ImageStatus::Hidden, _) | (_, None) => 0,
        (_, Some(i)) if i + 1 < total => i + 1,
        _ => {
            r.images.status = ImageStatus::Hidden;
            r.images.current = None;
            clamp_scroll(state);
            return Vec::new();
        }
    };
    request(state, next)
}

/// Ask the runtime for picture `index` of the open article, sized to
/// the picture box at the current screen size.
fn request(state: &mut AppState, index: usize) -> Vec<Effect> {
    let (cols, rows) = picture_box(state);
    let Some(r) = state.reader.as_mut() else {
        return Vec::new();
    };
    let Some(image) = r.images.list.get(index) else {
        return Vec::new();
    };
    let effect = Effect::LoadImage {
        article: r.id,
        url: image.url.clone(),
        cols,
        rows,
    };
    r.images.current = Some(index);
    r.images.status = ImageStatus::Loading;
    clamp_scroll(state);
    vec![effect]
}

/// An answer from the runtime: shown if it is for the picture still asked
/// for in the article still open; any other answer is stale and dropped.
pub fn on_image_loaded(
    state: &mut AppState,
    article: ArticleId,
    url: &str,
    result: Result<Picture, ImageFailure>,
) {
    let Some(r) = state.reader.as_mut() else {
        return;
    };
    let wanted = r
        .images
        .current
        .and_then(|i| r.images.list.get(i))
        .is_some_and(|img| img.url == url);
    if r.id != article || !wanted || r.images.status != ImageStatus::Loading {
        return;
    }
    r.images.status = match result {
        Ok(picture) => ImageStatus::Shown(picture),
        Err(failure) => ImageStatus::Failed(failure),
    };
    clamp_scroll(state);
}

/// After a resize: a picture shown at another size is asked for again
/// (from the disk cache) at the new one.
pub fn after_resize(state: &mut AppState) -> Vec<Effect> {
    let (cols, rows) = picture_box(state);
    let Some(r) = state.reader.as_ref() else {
        return Vec::new();
    };
    match (&r.images.status, r.images.current) {
        (ImageStatus::Shown(p), Some(i)) if p.cols > cols || p.rows > rows => request(state, i),
        _ => Vec::new(),
    }
}

/// The cells a picture may take at the current size: the reader text's
/// width, and half its height (at least 4 rows, at most 24).
pub fn picture_box(state: &AppState) -> (u16, u16) {
    let l = Layout::compute(state.width, state.height, Pane::Reader);
    let text = l.reader.map(reader_text_area).unwrap_or_default();
    let rows = (text.height / 2)
        .clamp(4, 24)
        .min(text.height.saturating_sub(2));
    (text.width, rows)
}

/// The caption line: which picture, its alt text, or why it failed.
pub fn caption(lang: Lang, images: &ReaderImages) -> String {
    let Some(i) = images.current else {
        return String::new();
    };
    let n = FluentValue::from(i + 1);
    let total = FluentValue::from(images.list.len());
    let alt = images.list.get(i).map(|img| img.alt.as_str()).unwrap_or("");
    match &images.status {
        ImageStatus::Hidden => String::new(),
        ImageStatus::Loading => lang.t(ids::IMAGE_LOADING, &[("n", n), ("total", total)]),
        ImageStatus::Shown(_) => {
            let head = lang.t(ids::IMAGE_CAPTION, &[("n", n), ("total", total)]);
            if alt.is_empty() {
                head
            } else {
                format!("{head} · {alt}")
            }
        }
        ImageStatus::Failed(f) => {
            let error = FluentValue::from(failure_text(lang, f));
            lang.t(
                ids::IMAGE_FAILED,
                &[("n", n), ("total", total), ("error", error)],
            )
        }
    }
}

/// A failure in the user's language.
pub fn failure_text(lang: Lang, f: &ImageFailure) -> String {
    match f {
        ImageFailure::Fetch(e) => lang.t(
            ids::IMAGE_FETCH_FAILED,
            &[("error", FluentValue::from(e.clone()))],
        ),
        ImageFailure::TooManyPixels { width, height } => lang.t(
            ids::IMAGE_TOO_LARGE,
            &[
                ("width", FluentValue::from(*width)),
                ("height", FluentValue::from(*height)),
            ],
        ),
        ImageFailure::Unsupported => lang.s(ids::IMAGE_UNSUPPORTED),
        ImageFailure::Tiny => lang.s(ids::IMAGE_TINY),
        ImageFailure::Damaged(e) => lang.t(
            ids::IMAGE_DAMAGED,
            &[("error", FluentValue::from(e.clone()))],
        ),
    }
}

/// The picture block changed height: keep the scroll within the text.
fn clamp_scroll(state: &mut AppState) {
    let max = state.reader_max_scroll();
    if let Some(r) = state.reader.as_mut() {
        r.scroll = r.scroll.min(max);
    }
}
