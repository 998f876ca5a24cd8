//! Where each pane goes for a terminal size. Pure arithmetic shared by
//! `update` (page sizes, wrap width, mouse hit-tests) and `ui::render`
//! (drawing), so that what the user sees and what the keys do agree.

use ratatui::layout::Rect;

/// The views. Feeds and Articles sit side by side on wide screens; the
/// Reader and the Top stories list take the body when focused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Feeds,
    Articles,
    Reader,
    /// Top stories across feeds (`t`).
    Top,
    /// Full-text search results across the whole cache (`S`).
    Search,
}

/// Narrower than this, only the focused list is shown.
const TWO_PANE_MIN_WIDTH: u16 = 60;
/// Article text is wrapped to at most this many columns: long lines are
/// hard to read on a 200-column desktop terminal.
pub const MAX_TEXT_WIDTH: u16 = 100;

/// The rectangles of one frame. A pane that does not fit is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    pub feeds: Option<Rect>,
    pub articles: Option<Rect>,
    pub reader: Option<Rect>,
    pub top: Option<Rect>,
    pub search: Option<Rect>,
    pub status: Option<Rect>,
}

impl Layout {
    /// The layout for a `width` x `height` screen with `focus` focused.
    /// The reader, when focused, takes the whole body; otherwise feeds and
    /// articles sit side by side (or only the focused one, when narrow).
    pub fn compute(width: u16, height: u16, focus: Pane) -> Layout {
        let mut out = Layout::default();
        if width == 0 || height == 0 {
            return out;
        }
        let body_h = height.saturating_sub(1);
        out.status = Some(Rect::new(0, height - 1, width, 1));
        if body_h == 0 {
            return out;
        }
        let body = Rect::new(0, 0, width, body_h);
        match focus {
            Pane::Reader => out.reader = Some(body),
            Pane::Top => out.top = Some(body),
            Pane::Search => out.search = Some(body),
            _ if width >= TWO_PANE_MIN_WIDTH => {
                let feeds_w = (width / 4).clamp(18, 32);
                out.feeds = Some(Rect::new(0, 0, feeds_w, body_h));
                out.articles = Some(Rect::new(feeds_w, 0, width - feeds_w, body_h));
            }
            Pane::Feeds => out.feeds = Some(body),
            Pane::Articles => out.articles = Some(body),
        }
        out
    }

    /// Where `pane` is in this frame, if it is shown.
    pub fn rect(&self, pane: Pane) -> Option<Rect> {
        match pane {
            Pane::Feeds => self.feeds,
            Pane::Articles => self.articles,
            Pane::Reader => self.reader,
            Pane::Top => self.top,
            Pane::Search => self.search,
        }
    }

    pub fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        let hit = |r: Option<Rect>| {
            r.filter(|r| {
                column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
            })
        };
        if let Some(r) = hit(self.feeds) {
            return Some((Pane::Feeds, r));
        }
        if let Some(r) = hit(self.articles) {
            return Some((Pane::Articles, r));
        }
        if let Some(r) = hit(self.top) {
            return Some((Pane::Top, r));
        }
        if let Some(r) = hit(self.search) {
            return Some((Pane::Search, r));
        }
        hit(self.reader).map(|r| (Pane::Reader, r))
    }
}

/// Panes get a border only when there is room for content inside it.
pub fn has_border(r: Rect) -> bool {
    r.width >= 6 && r.height >= 3
}

/// The content area of a pane (inside its border, if it has one).
pub fn inner(r: Rect) -> Rect {
    if has_border(r) {
        Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
    } else {
        r
    }
}

/// Rows per article in the list: title, then a meta line, when there is
/// room for at least two articles; else one row each.
pub fn article_item_height(inner: Rect) -> u16 {
    if inner.height >= 4 { 2 } else { 1 }
}

/// Rows per search hit: title, "feed · date" and the matching snippet
/// when there is room for at least two hits; else the title alone.
pub fn search_item_height(inner: Rect) -> u16 {
    if inner.height >= 6 { 3 } else { 1 }
}

/// Rows per item of a list pane (a feed takes one row); the reader's
/// lines are one row each too.
pub fn item_height(pane: Pane, inner: Rect) -> u16 {
    match pane {
        Pane::Articles | Pane::Top => article_item_height(inner),
        Pane::Search => search_item_height(inner),
        Pane::Feeds | Pane::Reader => 1,
    }
}

/// Where the reader's text goes inside its pane: wrapped to at most
/// `MAX_TEXT_WIDTH`, with a one-column margin when there is room, and
/// centred on screens wider than that (a column of text, as in a book).
pub fn reader_text_area(pane: Rect) -> Rect {
    let inner = inner(pane);
    let margin = u16::from(inner.width > 40);
    let width = inner.width.saturating_sub(2 * margin).min(MAX_TEXT_WIDTH);
    let left = margin.max((inner.width - width) / 2);
    Rect::new(inner.x + left, inner.y, width, inner.height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_sizes_do_not_underflow() {
        for (w, h) in [(0, 0), (1, 1), (1, 2), (2, 1), (20, 5), (5, 20)] {
            for focus in [Pane::Feeds, Pane::Articles, Pane::Reader] {
                let l = Layout::compute(w, h, focus);
                for r in [l.feeds, l.articles, l.reader, l.status]
                    .into_iter()
                    .flatten()
                {
                    assert!(r.right() <= w && r.bottom() <= h, "{w}x{h} {r:?}");
                    let i = inner(r);
                    assert!(i.width <= r.width && i.height <= r.height);
                }
            }
        }
    }

    #[test]
    fn wide_screens_show_two_panes_and_cap_text_width() {
        let l = Layout::compute(200, 50, Pane::Articles);
        assert_eq!(l.feeds.map(|r| r.width), Some(32));
        assert_eq!(l.articles.map(|r| r.width), Some(168));
        let l = Layout::compute(200, 50, Pane::Reader);
        let text = reader_text_area(l.reader.unwrap_or_default());
        assert_eq!(text.width, MAX_TEXT_WIDTH);
        assert_eq!(text.x, 1 + (198 - MAX_TEXT_WIDTH) / 2, "centred");
        let text = reader_text_area(Rect::new(0, 0, 80, 23));
        assert_eq!((text.x, text.width), (2, 76));
        let l = Layout::compute(40, 10, Pane::Articles);
        assert!(l.feeds.is_none());
        assert_eq!(l.articles.map(|r| r.width), Some(40));
    }
}
