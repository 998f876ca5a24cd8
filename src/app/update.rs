//! `update`: the one place the state changes. No I/O and no clock: the
//! runtime feeds `Msg`s in and carries the returned `Effect`s out.

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use crate::domain::{Article, ArticleId, ArticleSummary, FeedId, FeedOutcome, FeedSummary};

use super::command::Command;
use super::layout;
use super::msg::{Effect, Msg, RefreshProgress};
use super::reader::article_lines;
use super::state::{AppState, FeedRow, NOTICE_SECS, Pane, ReaderState};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

/// Apply one message; return what the runtime must do next.
pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Mouse(ev) => on_mouse(state, ev),
        Msg::Resize(w, h) => {
            state.width = w;
            state.height = h;
            after_resize(state);
            Vec::new()
        }
        Msg::Tick(now) => on_tick(state, now),
        Msg::FeedsLoaded(feeds) => on_feeds(state, feeds),
        Msg::ArticlesLoaded { feed, articles } => {
            on_articles(state, feed, articles);
            Vec::new()
        }
        Msg::ArticleLoaded(article) => {
            on_article(state, *article);
            Vec::new()
        }
        Msg::Refresh(p) => on_refresh(state, p),
        Msg::StoreError(e) => {
            state.last_error = Some(format!("cache: {e}"));
            Vec::new()
        }
        Msg::Error(e) => {
            state.last_error = Some(e);
            Vec::new()
        }
        Msg::Copied(url) => {
            state.set_notice(format!("Copied {url}"));
            Vec::new()
        }
        Msg::Opened(url) => {
            state.set_notice(format!("Opened {url}"));
            Vec::new()
        }
        Msg::Notice(text) => {
            state.set_notice(text);
            Vec::new()
        }
    }
}

fn on_key(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let command = state.keymap.lookup(&key);
    if state.show_help {
        // The overlay is modal: it scrolls, and any other key closes it.
        match command {
            Some(Command::ForceQuit) => return quit(state),
            Some(Command::Down) => state.help_scroll = state.help_scroll.saturating_add(1),
            Some(Command::Up) => state.help_scroll = state.help_scroll.saturating_sub(1),
            _ => {
                state.show_help = false;
                state.help_scroll = 0;
            }
        }
        return Vec::new();
    }
    if let Some(target) = state.filter_input {
        return filter_key(state, target, key);
    }
    match command {
        Some(c) => run(state, c),
        None => Vec::new(),
    }
}

/// Typing a filter: text goes to the query, the list follows live.
fn filter_key(state: &mut AppState, target: Pane, key: KeyEvent) -> Vec<Effect> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let query = match target {
        Pane::Feeds => &mut state.feeds.filter,
        _ => &mut state.articles.filter,
    };
    // A longer query can only match fewer rows: search just those.
    let mut narrow = false;
    match key.code {
        KeyCode::Char('c') if ctrl => return quit(state),
        KeyCode::Char('u') if ctrl => query.clear(),
        KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
            query.push(c);
            narrow = true;
        }
        KeyCode::Backspace => {
            query.pop();
        }
        KeyCode::Enter => {
            state.filter_input = None;
            return Vec::new();
        }
        KeyCode::Esc => {
            query.clear();
            state.filter_input = None;
        }
        KeyCode::Up => return move_selection(state, -1),
        KeyCode::Down => return move_selection(state, 1),
        _ => return Vec::new(),
    }
    match target {
        Pane::Feeds => {
            let before = state.selected_feed_id();
            state.refilter_feeds();
            feed_changed(state, before)
        }
        _ => {
            state.refilter_articles_within(narrow);
            Vec::new()
        }
    }
}

/// Run one command in the current context.
pub fn run(state: &mut AppState, command: Command) -> Vec<Effect> {
    match command {
        Command::Up => move_selection(state, -1),
        Command::Down => move_selection(state, 1),
        Command::PageUp => {
            let page = page_of(state) as isize;
            move_selection(state, -page)
        }
        Command::PageDown => {
            let page = page_of(state) as isize;
            move_selection(state, page)
        }
        Command::Top => move_selection(state, isize::MIN / 2),
        Command::Bottom => move_selection(state, isize::MAX / 2),
        Command::NextPane => {
            state.focus = match state.focus {
                Pane::Feeds => Pane::Articles,
                Pane::Articles if state.reader.is_some() => Pane::Reader,
                Pane::Articles | Pane::Reader => Pane::Feeds,
            };
            after_resize(state);
            Vec::new()
        }
        Command::PrevPane => {
            state.focus = match state.focus {
                Pane::Feeds if state.reader.is_some() => Pane::Reader,
                Pane::Feeds | Pane::Reader => Pane::Articles,
                Pane::Articles => Pane::Feeds,
            };
            after_resize(state);
            Vec::new()
        }
        Command::Open => open(state),
        Command::Back => {
            back(state);
            Vec::new()
        }
        Command::Quit => {
            if state.focus == Pane::Reader {
                back(state);
                Vec::new()
            } else {
                quit(state)
            }
        }
        Command::ForceQuit => quit(state),
        Command::Refresh => {
            let feeds = match state.focus {
                Pane::Feeds => state.selected_feed().map(|f| vec![f.name.clone()]),
                _ => match state.target_article() {
                    Some(a) => Some(vec![feed_name_of(state, a)]),
                    None => state.selected_feed().map(|f| vec![f.name.clone()]),
                },
            };
            start_refresh(state, feeds)
        }
        Command::RefreshAll => start_refresh(state, None),
        Command::ToggleRead => match state.target_article().map(|a| (a.id, a.read)) {
            Some((id, read)) => set_read(state, id, !read),
            None => Vec::new(),
        },
        Command::MarkFeedRead => mark_feed_read(state),
        Command::ToggleStar => toggle_star(state),
        Command::OpenInBrowser => match target_link(state) {
            Some(url) => vec![Effect::OpenUrl(url)],
            None => {
                state.set_notice("No link to open");
                Vec::new()
            }
        },
        Command::CopyUrl => match target_link(state) {
            Some(url) => vec![Effect::CopyToClipboard(url)],
            None => {
                state.set_notice("No link to copy");
                Vec::new()
            }
        },
        Command::NextUnread => next_unread(state, true),
        Command::PrevUnread => next_unread(state, false),
        Command::Filter => {
            if state.focus == Pane::Reader {
                state.focus = Pane::Articles;
                after_resize(state);
            }
            state.filter_input = Some(state.focus);
            Vec::new()
        }
        Command::Help => {
            state.show_help = !state.show_help;
            state.help_scroll = 0;
            Vec::new()
        }
        Command::TopStories => {
            // TODO(issue 4): the Top stories view arrives with src/rank.
            state.set_notice("Top stories are not available yet");
            Vec::new()
        }
    }
}

fn quit(state: &mut AppState) -> Vec<Effect> {
    state.quitting = true;
    vec![Effect::Quit]
}

fn page_of(state: &AppState) -> usize {
    match state.focus {
        Pane::Feeds => state.feeds_page(),
        Pane::Articles => state.articles_page(),
        Pane::Reader => state.reader_page(),
    }
}

fn move_selection(state: &mut AppState, delta: isize) -> Vec<Effect> {
    match state.focus {
        Pane::Feeds => {
            let before = state.selected_feed_id();
            let before_row = state.feeds.view.selected;
            let page = state.feeds_page();
            let len = state.feeds.rows.len();
            state.feeds.view.move_by(delta, len, page);
            if state.feeds.view.selected == before_row {
                return Vec::new();
            }
            feed_changed(state, before)
        }
        Pane::Articles => {
            let page = state.articles_page();
            let len = state.articles.rows.len();
            state.articles.view.move_by(delta, len, page);
            Vec::new()
        }
        Pane::Reader => {
            let max = state.reader_max_scroll();
            if let Some(r) = state.reader.as_mut() {
                r.scroll = r.scroll.saturating_add_signed(delta).min(max);
            }
            Vec::new()
        }
    }
}

/// The selected feed moved: show its articles (the list follows the cursor).
fn feed_changed(state: &mut AppState, before: Option<FeedId>) -> Vec<Effect> {
    let now = state.selected_feed_id();
    if now == before && state.feeds.rows.get(state.feeds.view.selected).is_some() {
        return Vec::new();
    }
    // The old list stays on screen until the new one arrives (no blank
    // flash); `loaded = false` makes the arrival reset the cursor.
    state.articles.feed = now;
    state.articles.loaded = false;
    state.articles.filter.clear();
    vec![state.load_articles()]
}

fn open(state: &mut AppState) -> Vec<Effect> {
    match state.focus {
        Pane::Feeds => {
            state.focus = Pane::Articles;
            after_resize(state);
            if state.articles.feed != state.selected_feed_id() || !state.articles.loaded {
                state.articles.feed = state.selected_feed_id();
                return vec![state.load_articles()];
            }
            Vec::new()
        }
        Pane::Articles => match state.selected_article().map(|a| a.id) {
            Some(id) => open_article(state, id),
            None => Vec::new(),
        },
        Pane::Reader => Vec::new(),
    }
}

/// Show `id` in the reader: load it, and mark it read.
fn open_article(state: &mut AppState, id: ArticleId) -> Vec<Effect> {
    state.focus = Pane::Reader;
    state.reader = Some(ReaderState {
        id,
        article: None,
        lines: Vec::new(),
        wrap_width: 0,
        scroll: 0,
    });
    after_resize(state);
    let mut effects = vec![Effect::LoadArticle(id)];
    let unread = state.articles.items.iter().any(|a| a.id == id && !a.read);
    if unread {
        effects.extend(set_read(state, id, true));
    }
    effects
}

fn back(state: &mut AppState) {
    let filter = match state.focus {
        Pane::Feeds => &mut state.feeds.filter,
        _ => &mut state.articles.filter,
    };
    if state.focus != Pane::Reader && !filter.is_empty() {
        filter.clear();
        match state.focus {
            Pane::Feeds => state.refilter_feeds(),
            _ => state.refilter_articles(),
        }
        return;
    }
    match state.focus {
        Pane::Reader => {
            state.reader = None;
            state.focus = Pane::Articles;
        }
        Pane::Articles => state.focus = Pane::Feeds,
        Pane::Feeds => {}
    }
    after_resize(state);
}

fn feed_name_of(state: &AppState, a: &ArticleSummary) -> String {
    state
        .feeds
        .items
        .iter()
        .find(|f| f.id == a.feed_id)
        .map(|f| f.name.clone())
        .unwrap_or_else(|| a.feed_name.clone())
}

fn start_refresh(state: &mut AppState, feeds: Option<Vec<String>>) -> Vec<Effect> {
    if state.refresh.running {
        state.set_notice("A refresh is already running");
        return Vec::new();
    }
    vec![Effect::StartRefresh { feeds }]
}

fn set_read(state: &mut AppState, id: ArticleId, read: bool) -> Vec<Effect> {
    let mut changed_feed = None;
    if let Some(a) = state.articles.items.iter_mut().find(|a| a.id == id)
        && a.read != read
    {
        a.read = read;
        changed_feed = Some(a.feed_id);
    }
    if let Some(r) = state.reader.as_mut().and_then(|r| r.article.as_mut())
        && r.summary.id == id
    {
        r.summary.read = read;
    }
    if let Some(feed) = changed_feed {
        state.bump_unread(feed, if read { -1 } else { 1 });
    }
    vec![Effect::SetRead {
        ids: vec![id],
        read,
    }]
}

fn toggle_star(state: &mut AppState) -> Vec<Effect> {
    let Some((id, starred)) = state.target_article().map(|a| (a.id, !a.starred)) else {
        return Vec::new();
    };
    if let Some(a) = state.articles.items.iter_mut().find(|a| a.id == id) {
        a.starred = starred;
    }
    if let Some(r) = state.reader.as_mut().and_then(|r| r.article.as_mut())
        && r.summary.id == id
    {
        r.summary.starred = starred;
    }
    vec![Effect::SetStarred { id, starred }]
}

fn mark_feed_read(state: &mut AppState) -> Vec<Effect> {
    // The feed under the cursor in the feed list, else the listed feed.
    let feed = match state.focus {
        Pane::Feeds => state.selected_feed_id(),
        _ => state.articles.feed,
    };
    let targets: Vec<FeedId> = match feed {
        Some(f) => vec![f],
        None => state
            .feeds
            .items
            .iter()
            .filter(|f| f.unread > 0)
            .map(|f| f.id)
            .collect(),
    };
    for f in state
        .feeds
        .items
        .iter_mut()
        .filter(|f| targets.contains(&f.id))
    {
        f.unread = 0;
    }
    for a in state
        .articles
        .items
        .iter_mut()
        .filter(|a| targets.contains(&a.feed_id))
    {
        a.read = true;
    }
    targets.into_iter().map(Effect::MarkFeedRead).collect()
}

fn target_link(state: &AppState) -> Option<String> {
    match state.focus {
        Pane::Feeds => state.selected_feed().map(|f| f.url.clone()),
        _ => state.target_article().and_then(|a| a.link.clone()),
    }
}

/// n / N: the next (previous) unread row, wrapping around the list. In the
/// reader the article is opened; in the feed list it moves between feeds
/// that have unread articles.
fn next_unread(state: &mut AppState, forward: bool) -> Vec<Effect> {
    if state.focus == Pane::Feeds {
        let rows = &state.feeds.rows;
        let items = &state.feeds.items;
        let has_unread = |r: &FeedRow| match r {
            FeedRow::Feed(i) => items.get(*i).is_some_and(|f| f.unread > 0),
            FeedRow::All => false,
        };
        let Some(pos) = find_wrapping(rows.len(), state.feeds.view.selected, forward, |i| {
            has_unread(&rows[i])
        }) else {
            state.set_notice("No unread articles");
            return Vec::new();
        };
        let before = state.selected_feed_id();
        state.feeds.view.selected = pos;
        let page = state.feeds_page();
        state.feeds.view.fit(state.feeds.rows.len(), page);
        return feed_changed(state, before);
    }
    let current = match (&state.focus, &state.reader) {
        (Pane::Reader, Some(r)) => state
            .articles
            .rows
            .iter()
            .position(|&i| state.articles.items[i].id == r.id)
            .unwrap_or(state.articles.view.selected),
        _ => state.articles.view.selected,
    };
    let rows = &state.articles.rows;
    let items = &state.articles.items;
    let Some(pos) = find_wrapping(rows.len(), current, forward, |i| !items[rows[i]].read) else {
        state.set_notice("No unread articles");
        return Vec::new();
    };
    state.articles.view.selected = pos;
    let page = state.articles_page();
    state.articles.view.fit(state.articles.rows.len(), page);
    if state.focus == Pane::Reader {
        let id = state.articles.items[state.articles.rows[pos]].id;
        return open_article(state, id);
    }
    Vec::new()
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

fn on_mouse(state: &mut AppState, ev: MouseEvent) -> Vec<Effect> {
    if state.show_help || state.filter_input.is_some() {
        return Vec::new();
    }
    let Some((pane, rect)) = state.layout().pane_at(ev.column, ev.row) else {
        return Vec::new();
    };
    match ev.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let delta = if ev.kind == MouseEventKind::ScrollDown {
                WHEEL_LINES
            } else {
                -WHEEL_LINES
            };
            let focus = state.focus;
            state.focus = pane;
            let effects = move_selection(state, delta);
            state.focus = focus;
            effects
        }
        MouseEventKind::Down(MouseButton::Left) => {
            let inner = layout::inner(rect);
            if ev.row < inner.y || ev.row >= inner.y + inner.height {
                return Vec::new();
            }
            let line = usize::from(ev.row - inner.y);
            match pane {
                Pane::Feeds => {
                    state.focus = Pane::Feeds;
                    let target = state.feeds.view.offset + line;
                    if target >= state.feeds.rows.len() {
                        return Vec::new();
                    }
                    let delta = target as isize - state.feeds.view.selected as isize;
                    move_selection(state, delta)
                }
                Pane::Articles => {
                    let target = state.articles.view.offset
                        + line / usize::from(layout::article_item_height(inner));
                    if target >= state.articles.rows.len() {
                        state.focus = Pane::Articles;
                        return Vec::new();
                    }
                    // A click on the selected article opens it.
                    let open_it =
                        state.focus == Pane::Articles && target == state.articles.view.selected;
                    state.focus = Pane::Articles;
                    state.articles.view.selected = target;
                    let page = state.articles_page();
                    state.articles.view.fit(state.articles.rows.len(), page);
                    if open_it { open(state) } else { Vec::new() }
                }
                Pane::Reader => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

fn on_tick(state: &mut AppState, now: chrono::DateTime<chrono::Utc>) -> Vec<Effect> {
    state.now = now;
    if state
        .notice
        .as_ref()
        .is_some_and(|n| (now - n.at).num_seconds() >= NOTICE_SECS)
    {
        state.notice = None;
    }
    if state.refresh.pending_reload {
        state.refresh.pending_reload = false;
        return vec![Effect::LoadFeeds, state.load_articles()];
    }
    Vec::new()
}

fn on_feeds(state: &mut AppState, feeds: Vec<FeedSummary>) -> Vec<Effect> {
    let before = state.selected_feed_id();
    let keep = state
        .selected_feed_row()
        .and_then(|r| state.feed_row_key(r));
    state.feeds.items = feeds;
    // Keep the selected feed by id; if it is gone the cursor stays at the
    // same row and the article list follows it.
    state.refilter_feeds_keeping(keep);
    if state.selected_feed_id() != before {
        return feed_changed(state, before);
    }
    Vec::new()
}

fn on_articles(state: &mut AppState, feed: Option<FeedId>, articles: Vec<ArticleSummary>) {
    if feed != state.selected_feed_id() {
        return; // a late answer for a feed no longer selected
    }
    let same_list = state.articles.loaded && state.articles.feed == feed;
    let old_id = state.selected_article().map(|a| a.id);
    let old = state.articles.view;
    state.articles.feed = feed;
    state.articles.loaded = true;
    // Old rows index the old items: drop them before the items change.
    state.articles.rows.clear();
    state.articles.items = articles;
    if !same_list {
        state.articles.view = Default::default();
        state.refilter_articles();
        return;
    }
    // Keep the selected article on the same screen row: new articles
    // arriving above it push the offset, not the cursor.
    let keep_row = old.selected.saturating_sub(old.offset);
    state.refilter_articles();
    let new_pos = old_id.and_then(|id| {
        state
            .articles
            .rows
            .iter()
            .position(|&i| state.articles.items[i].id == id)
    });
    state.articles.view.selected = new_pos.unwrap_or(old.selected);
    state.articles.view.offset = state.articles.view.selected.saturating_sub(keep_row);
    let page = state.articles_page();
    state.articles.view.fit(state.articles.rows.len(), page);
}

fn on_article(state: &mut AppState, article: Article) {
    let width = state.reader_wrap_width();
    let Some(r) = state.reader.as_mut() else {
        return;
    };
    if r.id != article.summary.id {
        return; // the user moved on
    }
    r.lines = article_lines(&article, usize::from(width));
    r.wrap_width = width;
    r.article = Some(article);
    let max = state.reader_max_scroll();
    if let Some(r) = state.reader.as_mut() {
        r.scroll = r.scroll.min(max);
    }
}

/// After a size or focus change: rewrap the reader if its width changed and
/// keep every selection on screen.
fn after_resize(state: &mut AppState) {
    let width = state.reader_wrap_width();
    if let Some(r) = state.reader.as_mut()
        && r.wrap_width != width
        && let Some(a) = r.article.as_ref()
    {
        // Keep roughly the same place in the text across a rewrap.
        let fraction = if r.lines.is_empty() {
            0.0
        } else {
            r.scroll as f64 / r.lines.len() as f64
        };
        r.lines = article_lines(a, usize::from(width));
        r.wrap_width = width;
        r.scroll = (fraction * r.lines.len() as f64) as usize;
    }
    let max = state.reader_max_scroll();
    if let Some(r) = state.reader.as_mut() {
        r.scroll = r.scroll.min(max);
    }
    let page = state.feeds_page();
    state.feeds.view.fit(state.feeds.rows.len(), page);
    let page = state.articles_page();
    state.articles.view.fit(state.articles.rows.len(), page);
}

fn on_refresh(state: &mut AppState, p: RefreshProgress) -> Vec<Effect> {
    match p {
        RefreshProgress::Started { total } => {
            state.refresh = super::state::RefreshState {
                running: true,
                total,
                ..Default::default()
            };
            state.last_error = None;
            Vec::new()
        }
        RefreshProgress::FeedDone { feed_name, outcome } => {
            state.refresh.done += 1;
            let feed = state.feeds.items.iter_mut().find(|f| f.name == feed_name);
            match outcome {
                FeedOutcome::NotModified => {
                    if let Some(f) = feed {
                        f.last_error = None;
                    }
                }
                FeedOutcome::Fetched { new, updated } => {
                    state.refresh.new += new;
                    if new > 0 || updated > 0 {
                        state.refresh.pending_reload = true;
                    }
                    if let Some(f) = feed {
                        f.last_error = None;
                    }
                }
                FeedOutcome::Failed { message, .. } => {
                    state.refresh.failed += 1;
                    if let Some(f) = feed {
                        f.last_error = Some(message.clone());
                    }
                    state.last_error = Some(format!("{feed_name}: {message}"));
                }
            }
            Vec::new()
        }
        RefreshProgress::Finished => {
            let r = &state.refresh;
            let text = format!(
                "Refreshed {} feed{}: {} new{}",
                r.done,
                if r.done == 1 { "" } else { "s" },
                r.new,
                if r.failed > 0 {
                    format!(", {} failed", r.failed)
                } else {
                    String::new()
                }
            );
            state.refresh.running = false;
            state.refresh.pending_reload = false;
            state.set_notice(text);
            vec![Effect::LoadFeeds, state.load_articles()]
        }
    }
}
