//! One list's state, shared by the feed list, the article list, Top
//! stories and the search hits: the items, the rows the filter lets
//! through, the selection and scroll, the filter text and whether the
//! first answer came. Every move goes through here, so the four lists
//! agree on what Up, PageDown or End do, keep the cursor on screen alike,
//! and keep the selected item by its key when the items are replaced.
//!
//! Each view's own state (`ArticlesState`, `TopState`, `SearchState` in
//! `state`) is a `ListPane` plus what only that view has (the feed it
//! lists, the tag, the query); it derefs to its `ListPane`, so
//! `state.top.rows` reads as before. `update` reaches the list of a pane
//! through `AppState::list` / `list_mut` (one `ListNav` each), instead of
//! a match on the focus in every command.

use crate::domain::{ArticleId, ArticleSummary, FeedId, FeedSummary, SearchHit, TopEntry};

/// Selection and scroll of one list, in rows of the visible (filtered) list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListView {
    pub selected: usize,
    /// First visible row.
    pub offset: usize,
}

impl ListView {
    /// Keep the selection inside `len` rows and on screen (`page` rows).
    pub fn fit(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        // No blank space below the last row when the list shrank.
        self.offset = self.offset.min(len.saturating_sub(page));
    }

    pub fn move_by(&mut self, delta: isize, len: usize, page: usize) {
        self.selected = self.selected.saturating_add_signed(delta);
        self.fit(len, page);
    }
}

/// A movement asked of a list (or of the reader's text): the keys, the
/// mouse wheel and clicks all come down to one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    /// The first row.
    Home,
    /// The last row.
    End,
    /// Rows down (negative: up), as the wheel scrolls.
    By(isize),
}

impl Move {
    /// The rows this moves by with `page` rows on screen (Home and End
    /// overshoot; the list stops them at its ends).
    pub fn delta(self, page: usize) -> isize {
        let page = isize::try_from(page).unwrap_or(isize::MAX);
        match self {
            Move::Up => -1,
            Move::Down => 1,
            Move::PageUp => -page,
            Move::PageDown => page,
            Move::Home => isize::MIN / 2,
            Move::End => isize::MAX / 2,
            Move::By(n) => n,
        }
    }
}

/// What a list needs of its items: a key that survives a reload (the
/// selection follows it), and whether the item is unread (for `n` / `N`).
pub trait ListItem {
    type Key: PartialEq + Copy;
    fn key(&self) -> Self::Key;
    fn unread(&self) -> bool;
}

impl ListItem for FeedSummary {
    type Key = FeedId;
    fn key(&self) -> FeedId {
        self.id
    }
    fn unread(&self) -> bool {
        self.unread > 0
    }
}

impl ListItem for ArticleSummary {
    type Key = ArticleId;
    fn key(&self) -> ArticleId {
        self.id
    }
    fn unread(&self) -> bool {
        !self.read
    }
}

/// A story is known by its first report.
impl ListItem for TopEntry {
    type Key = ArticleId;
    fn key(&self) -> ArticleId {
        self.article.id
    }
    fn unread(&self) -> bool {
        !self.article.read
    }
}

impl ListItem for SearchHit {
    type Key = ArticleId;
    fn key(&self) -> ArticleId {
        self.article.id
    }
    fn unread(&self) -> bool {
        !self.article.read
    }
}

/// A row of a list: the index of the item it shows, or `None` for a row
/// that stands for no item (the feed list's "All articles").
pub trait Row: Copy {
    fn item(self) -> Option<usize>;
}

impl Row for usize {
    fn item(self) -> Option<usize> {
        Some(self)
    }
}

/// One list: `items` as loaded, `rows` the ones shown (indices into
/// `items`, after the filter), the cursor in `view` (over `rows`).
#[derive(Debug, Clone, PartialEq)]
pub struct ListPane<T, R = usize> {
    pub items: Vec<T>,
    /// Rows shown (after the filter).
    pub rows: Vec<R>,
    pub view: ListView,
    pub filter: String,
    /// False until the first answer since the list was (re)asked for.
    pub loaded: bool,
}

impl<T, R> Default for ListPane<T, R> {
    fn default() -> Self {
        ListPane {
            items: Vec::new(),
            rows: Vec::new(),
            view: ListView::default(),
            filter: String::new(),
            loaded: false,
        }
    }
}

/// A row's key: `Some(None)` for a row of no item, `None` for a row
/// that points past the items.
pub type RowKey<K> = Option<Option<K>>;

impl<T: ListItem, R: Row> ListPane<T, R> {
    pub fn item_at(&self, pos: usize) -> Option<&T> {
        self.items.get(self.rows.get(pos)?.item()?)
    }

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<R> {
        self.rows.get(self.view.selected).copied()
    }

    /// The item under the cursor.
    pub fn selected_item(&self) -> Option<&T> {
        self.item_at(self.view.selected)
    }

    pub fn row_key(&self, row: R) -> RowKey<T::Key> {
        match row.item() {
            None => Some(None),
            Some(i) => self.items.get(i).map(|t| Some(t.key())),
        }
    }

    /// The selected row's key, to find it again after the rows change.
    pub fn selected_key(&self) -> RowKey<T::Key> {
        self.selected_row().and_then(|r| self.row_key(r))
    }

    /// The row that shows `key`.
    pub fn position_of(&self, key: Option<T::Key>) -> Option<usize> {
        self.rows.iter().position(|r| self.row_key(*r) == Some(key))
    }

    /// Put the cursor on `key`'s row when it is shown; true if it is.
    pub fn select_key(&mut self, key: Option<T::Key>, page: usize) -> bool {
        match self.position_of(key) {
            Some(pos) => {
                self.select(pos, page);
                true
            }
            None => false,
        }
    }

    /// New rows (a filter changed, or new items came): the cursor stays
    /// on `keep` when it is still shown, else on the same row number.
    pub fn set_rows(&mut self, rows: Vec<R>, keep: RowKey<T::Key>, page: usize) {
        self.rows = rows;
        if let Some(pos) = keep.and_then(|k| self.position_of(k)) {
            self.view.selected = pos;
        }
        self.fit(page);
    }

    /// Replace the items. The old rows index the old items, so they go
    /// first; the caller sets new ones (`set_rows`).
    pub fn replace_items(&mut self, items: Vec<T>) {
        self.rows.clear();
        self.items = items;
        self.loaded = true;
    }

    /// Forget the items: "loading" until the next answer.
    pub fn clear(&mut self) {
        self.rows.clear();
        self.items.clear();
        self.loaded = false;
    }
}

impl<T: ListItem> ListPane<T> {
    /// The rows whose items `hit`; with `narrow`, only among the rows
    /// shown now (right when the filter only grew: typing one more letter).
    pub fn rows_where(&self, narrow: bool, hit: impl Fn(&T) -> bool) -> Vec<usize> {
        let shows = |i: &usize| self.items.get(*i).is_some_and(&hit);
        if narrow {
            self.rows.iter().copied().filter(shows).collect()
        } else {
            (0..self.items.len()).filter(shows).collect()
        }
    }

    /// Every item, one row each (a list without a filter).
    pub fn all_rows(&self) -> Vec<usize> {
        (0..self.items.len()).collect()
    }
}

/// What `update` does to any list without knowing its items: move, pick a
/// row, keep the cursor on screen, find the next unread row.
pub trait ListNav {
    fn view(&self) -> ListView;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Move the cursor; the list stops it at its ends.
    fn go(&mut self, m: Move, page: usize);
    /// Put the cursor on row `pos` (kept inside the list and on screen).
    fn select(&mut self, pos: usize, page: usize);
    /// Keep the cursor inside the list and on a screen of `page` rows.
    fn fit(&mut self, page: usize);
    /// The next (previous) row after `from` with an unread item, wrapping.
    fn next_unread(&self, from: usize, forward: bool) -> Option<usize>;
    /// The filter being typed (`/`); the caller rebuilds the rows.
    fn filter_mut(&mut self) -> &mut String;
    /// Drop the filter; false if there was none.
    fn clear_filter(&mut self) -> bool {
        let filter = self.filter_mut();
        let had = !filter.is_empty();
        filter.clear();
        had
    }
}

impl<T: ListItem, R: Row> ListNav for ListPane<T, R> {
    fn view(&self) -> ListView {
        self.view
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn go(&mut self, m: Move, page: usize) {
        self.view.move_by(m.delta(page), self.rows.len(), page);
    }

    fn select(&mut self, pos: usize, page: usize) {
        self.view.selected = pos;
        self.fit(page);
    }

    fn fit(&mut self, page: usize) {
        self.view.fit(self.rows.len(), page);
    }

    fn next_unread(&self, from: usize, forward: bool) -> Option<usize> {
        find_wrapping(self.rows.len(), from, forward, |pos| {
            self.item_at(pos).is_some_and(ListItem::unread)
        })
    }

    fn filter_mut(&mut self) -> &mut String {
        &mut self.filter
    }
}

/// The first index after (before) `from` for which `hit` holds, wrapping.
fn find_wrapping(
    len: usize,
    from: usize,
    forward: bool,
    hit: impl Fn(usize) -> bool,
) -> Option<usize> {
    (1..=len)
        .map(|step| {
            if forward {
                (from + step) % len
            } else {
                (from + len * 2 - step) % len
            }
        })
        .find(|&i| hit(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_view_keeps_selection_on_screen() {
        let mut v = ListView::default();
        v.move_by(5, 10, 3);
        assert_eq!(
            v,
            ListView {
                selected: 5,
                offset: 3
            }
        );
        v.move_by(100, 10, 3);
        assert_eq!(
            v,
            ListView {
                selected: 9,
                offset: 7
            }
        );
        v.move_by(-100, 10, 3);
        assert_eq!(
            v,
            ListView {
                selected: 0,
                offset: 0
            }
        );
        v.move_by(1, 0, 3);
        assert_eq!(
            v,
            ListView {
                selected: 0,
                offset: 0
            }
        );
    }

    fn hit(id: i64, read: bool) -> SearchHit {
        let article = ArticleSummary {
            title_derived: false,
            id: ArticleId(id),
            feed_id: FeedId(1),
            feed_name: "f".into(),
            title: format!("t{id}"),
            link: None,
            author: None,
            category: None,
            published: None,
            first_seen: chrono::DateTime::UNIX_EPOCH,
            signals: Default::default(),
            read,
            starred: false,
            media: None,
        };
        SearchHit {
            article,
            snippet: String::new(),
            rank: 0.0,
        }
    }

    fn pane(ids: &[i64]) -> ListPane<SearchHit> {
        let mut p = ListPane::default();
        p.replace_items(ids.iter().map(|&i| hit(i, i % 2 == 0)).collect());
        let rows = p.all_rows();
        p.set_rows(rows, None, 3);
        p
    }

    #[test]
    fn moves_stop_at_the_ends_and_pages_keep_the_cursor_on_screen() {
        let mut p = pane(&[1, 2, 3, 4, 5, 6, 7]);
        p.go(Move::PageDown, 3);
        assert_eq!(
            p.view,
            ListView {
                selected: 3,
                offset: 1
            }
        );
        p.go(Move::End, 3);
        assert_eq!(
            p.view,
            ListView {
                selected: 6,
                offset: 4
            }
        );
        p.go(Move::Down, 3);
        assert_eq!(p.view.selected, 6);
        p.go(Move::Home, 3);
        assert_eq!(p.view, ListView::default());
        p.go(Move::Up, 3);
        assert_eq!(p.view.selected, 0);
        p.go(Move::By(4), 3);
        assert_eq!(p.selected_item().map(ListItem::key), Some(ArticleId(5)));
    }

    #[test]
    fn new_rows_keep_the_selected_key_or_else_the_row_number() {
        let mut p = pane(&[1, 2, 3, 4, 5]);
        p.select(3, 3);
        let keep = p.selected_key();
        assert_eq!(keep, Some(Some(ArticleId(4))));
        // Items 1 and 2 drop out of the filter: item 4 is now row 1.
        let rows = p.rows_where(false, |h| h.article.id.0 > 2);
        p.set_rows(rows, keep, 3);
        assert_eq!(p.view.selected, 1);
        assert_eq!(p.selected_item().map(ListItem::key), Some(ArticleId(4)));
        // It drops out too: the cursor stays on row 1, inside the list.
        let rows = p.rows_where(true, |h| h.article.id.0 != 4);
        p.set_rows(rows, keep, 3);
        assert_eq!(p.view.selected, 1);
        assert_eq!(p.selected_item().map(ListItem::key), Some(ArticleId(5)));
        assert!(p.select_key(Some(ArticleId(3)), 3));
        assert_eq!(p.view.selected, 0);
        assert!(!p.select_key(Some(ArticleId(9)), 3));
    }

    #[test]
    fn next_unread_wraps_and_skips_read_rows() {
        // Odd ids are unread.
        let p = pane(&[1, 2, 3, 4]);
        assert_eq!(p.next_unread(0, true), Some(2));
        assert_eq!(p.next_unread(2, true), Some(0));
        assert_eq!(p.next_unread(0, false), Some(2));
        let read = pane(&[2, 4]);
        assert_eq!(read.next_unread(0, true), None);
        assert_eq!(pane(&[]).next_unread(0, true), None);
    }
}
