//! `update` fed messages for the flows around the lists: the welcome
//! screen and its prompts (add a feed, import OPML), read changes reaching
//! every view and every unread count, mark-all-read with confirmation and
//! undo, the `/` filter's folding, the help overlay and the popup.

use crate::common;

use common::*;
use keruen::app::prompt::PromptKind;
use keruen::app::{self, Effect, Keymap, Msg, Pane, RefreshEvent};
use keruen::config::FeedSettings;
use keruen::domain::{ArticleId, FeedId};

fn type_text(s: &mut keruen::app::AppState, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in text.chars() {
        let key = crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char(c),
            crossterm::event::KeyModifiers::NONE,
        );
        out.extend(app::update(s, Msg::Key(key)));
    }
    out
}

fn fresh() -> keruen::app::AppState {
    let (mut s, _) = app::init(Keymap::defaults(), now(), false);
    s.setup.config_path = "/home/me/.config/keruen/config.toml".into();
    settle(&mut s, Msg::Resize(80, 24));
    app::update(&mut s, Msg::FeedsLoaded(Vec::new()));
    s
}

fn feed_settings(name: &str) -> FeedSettings {
    crate::common::feed_settings(name)
}

fn unread_of(s: &keruen::app::AppState, feed: i64) -> u64 {
    s.feeds
        .items
        .iter()
        .find(|f| f.id == FeedId(feed))
        .unwrap()
        .unread
}

#[test]
fn a_new_user_is_welcomed_until_a_feed_exists() {
    let mut s = fresh();
    assert!(s.welcome());
    app::update(&mut s, Msg::FeedsLoaded(feeds()));
    assert!(!s.welcome(), "cached feeds are listed");
    let mut s = fresh();
    s.setup.configured_feeds = 1;
    assert!(
        !s.welcome(),
        "a configured feed not fetched yet is no welcome"
    );
}

#[test]
fn a_opens_a_prompt_whose_text_is_not_taken_as_keys() {
    let mut s = fresh();
    assert!(app::update::run(&mut s, keruen::app::Command::AddFeed).is_empty());
    assert_eq!(s.prompt.as_ref().unwrap().kind, PromptKind::AddFeed);
    // q, j, / are text here, not quit / down / filter.
    assert!(type_text(&mut s, "tengrinews.kz/q").is_empty());
    assert!(!s.quitting);
    press(&mut s, "backspace");
    press(&mut s, "backspace");
    assert_eq!(s.prompt.as_ref().unwrap().text, "tengrinews.kz");
    assert_eq!(
        press(&mut s, "enter"),
        vec![Effect::AddFeed("tengrinews.kz".into())]
    );
    assert!(s.prompt.is_none());
    assert!(s.task.as_deref().unwrap().contains("tengrinews.kz"));
    // One at a time: a second `a` waits for the answer.
    press(&mut s, "a");
    assert!(s.prompt.is_none());

    // The answer: the feed is listed and fetched at once.
    let effects = app::update(
        &mut s,
        Msg::FeedsAdded {
            feeds: vec![feed_settings("Tengri")],
            message: "Added \"Tengri\" (2 items) to /c.toml".into(),
        },
    );
    assert_eq!(
        effects,
        vec![
            Effect::LoadFeeds,
            Effect::StartRefresh {
                feeds: Some(vec!["Tengri".into()]),
                due_only: false
            }
        ]
    );
    assert!(s.task.is_none());
    assert_eq!(s.setup.configured_feeds, 1);
    assert!(!s.welcome());
    assert!(
        s.notice
            .as_ref()
            .unwrap()
            .text
            .starts_with("Added \"Tengri\"")
    );
}

#[test]
fn esc_and_an_empty_prompt_do_nothing_and_import_takes_a_path() {
    let mut s = fresh();
    press(&mut s, "a");
    type_text(&mut s, "x.kz");
    assert!(press(&mut s, "esc").is_empty());
    assert!(s.prompt.is_none() && s.task.is_none());
    press(&mut s, "a");
    assert!(press(&mut s, "enter").is_empty());
    assert!(s.task.is_none());

    press(&mut s, "I");
    assert_eq!(s.prompt.as_ref().unwrap().kind, PromptKind::ImportOpml);
    type_text(&mut s, "~/feeds.opml");
    assert_eq!(
        press(&mut s, "enter"),
        vec![Effect::ImportOpml("~/feeds.opml".into())]
    );
}

#[test]
fn a_feed_added_during_a_refresh_is_fetched_when_it_ends() {
    let mut s = loaded(80, 24);
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 4 }));
    let effects = app::update(
        &mut s,
        Msg::FeedsAdded {
            feeds: vec![feed_settings("new")],
            message: "Added".into(),
        },
    );
    assert_eq!(effects, vec![Effect::LoadFeeds]);
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(
        effects.contains(&Effect::StartRefresh {
            feeds: Some(vec!["new".into()]),
            due_only: false
        }),
        "{effects:?}"
    );
}

#[test]
fn a_failed_add_shows_a_popup_that_any_key_closes() {
    let mut s = fresh();
    press(&mut s, "a");
    type_text(&mut s, "nothing.example");
    press(&mut s, "enter");
    let why = "no feed found at https://nothing.example/: not a feed; tried \
               https://nothing.example/feed, https://nothing.example/rss";
    app::update(&mut s, Msg::AddFailed(why.into()));
    assert!(s.task.is_none());
    assert_eq!(s.popup.as_ref().unwrap().text, why);
    // The key that closes it does nothing else (q does not quit).
    assert!(press(&mut s, "q").is_empty());
    assert!(s.popup.is_none() && !s.quitting);
}

/// Opening a related story of another feed (not in the list shown): its
/// feed's count and the status total follow the store's answer.
#[test]
fn reading_a_related_story_moves_its_feeds_count() {
    let mut s = loaded(80, 24);
    // Only tengrinews's articles are listed.
    press(&mut s, "j");
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: Some(FeedId(1)),
            articles: articles()
                .into_iter()
                .filter(|a| a.feed_id == FeedId(1))
                .collect(),
        },
    );
    press(&mut s, "enter");
    press(&mut s, "enter");
    let first = s.reader.as_ref().unwrap().id;
    let mut related = article(42, 3, "hacker-news", "Related elsewhere", 30, false);
    related.feed_id = FeedId(3);
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: first,
            related: vec![related],
        },
    );
    let before = (unread_of(&s, 3), s.total_unread());
    press(&mut s, "]");
    let effects = press(&mut s, "enter");
    assert!(effects.contains(&Effect::SetRead {
        ids: vec![ArticleId(42)],
        read: true
    }));
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: vec![(ArticleId(42), FeedId(3))],
            read: true,
            undoable: false,
        },
    );
    assert_eq!(unread_of(&s, 3), before.0 - 1);
    assert_eq!(s.total_unread(), before.1 - 1);
}

/// Top stories: Enter marks the whole story read; members from feeds no
/// view lists count too, once each, as the store reports them.
#[test]
fn reading_a_top_story_moves_every_members_feed_count() {
    let mut s = loaded(80, 24);
    press(&mut s, "t");
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
    let total = s.total_unread();
    let (t1, t2) = (unread_of(&s, 1), unread_of(&s, 2));
    let effects = press(&mut s, "enter");
    assert!(effects.contains(&Effect::SetRead {
        ids: vec![ArticleId(1), ArticleId(11), ArticleId(12)],
        read: true
    }));
    // 12 was read already: the store leaves it out.
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: vec![(ArticleId(1), FeedId(1)), (ArticleId(11), FeedId(2))],
            read: true,
            undoable: false,
        },
    );
    assert_eq!(unread_of(&s, 1), t1 - 1);
    assert_eq!(unread_of(&s, 2), t2 - 1);
    assert_eq!(s.total_unread(), total - 2);
    assert!(s.top.items[0].article.read);
    assert!(s.articles.items[0].read, "the list shows it read too");
}

/// Search results: opening an unread hit marks it read in the hit list,
/// the article list and the counts.
#[test]
fn reading_a_search_hit_moves_the_count_and_the_list() {
    let mut s = loaded(80, 24);
    press(&mut s, "S");
    type_text(&mut s, "парк");
    press(&mut s, "enter");
    let hit = keruen::store::SearchHit {
        article: articles()[1].clone(),
        snippet: String::new(),
        rank: 1.0,
    };
    app::update(
        &mut s,
        Msg::SearchResults {
            query: "парк".into(),
            hits: vec![hit],
            unindexed: 0,
        },
    );
    let before = unread_of(&s, 2);
    press(&mut s, "enter");
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: vec![(ArticleId(2), FeedId(2))],
            read: true,
            undoable: false,
        },
    );
    assert_eq!(unread_of(&s, 2), before - 1);
    assert!(s.search.items[0].article.read);
    assert!(s.articles.items[1].read);
    // The same change reported again (a repeated answer) moves nothing:
    // counts follow what the store changed, and it changed nothing more.
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: vec![],
            read: true,
            undoable: false,
        },
    );
    assert_eq!(unread_of(&s, 2), before - 1);
}

#[test]
fn mark_all_read_asks_first_and_undo_restores_exactly_what_it_changed() {
    let mut s = loaded(80, 24);
    // "All articles" (every feed): asks, and `n` cancels.
    assert!(press(&mut s, "A").is_empty());
    assert!(matches!(
        s.prompt.as_ref().unwrap().kind,
        PromptKind::ConfirmMarkRead {
            all_feeds: true,
            ..
        }
    ));
    let label = s.prompt.as_ref().unwrap().label(s.lang);
    assert_eq!(label, "Mark 5 unread articles in all feeds read? y/n");
    assert!(press(&mut s, "n").is_empty());
    assert!(s.prompt.is_none());
    assert!(s.articles.items.iter().any(|a| !a.read), "nothing changed");

    press(&mut s, "A");
    let effects = press(&mut s, "y");
    assert_eq!(
        effects,
        vec![Effect::MarkFeedsRead(vec![FeedId(1), FeedId(2), FeedId(3)])]
    );
    let changed = vec![
        (ArticleId(1), FeedId(1)),
        (ArticleId(5), FeedId(1)),
        (ArticleId(2), FeedId(2)),
        (ArticleId(3), FeedId(3)),
    ];
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: changed.clone(),
            read: true,
            undoable: true,
        },
    );
    // feeds(): 2 + 2 + 1 unread; the store changed 4 (the 5th was not loaded).
    assert_eq!(s.total_unread(), 1);
    assert!(s.notice.as_ref().unwrap().text.contains("u undoes"));

    let effects = press(&mut s, "u");
    assert_eq!(
        effects,
        vec![Effect::SetRead {
            ids: changed.iter().map(|(id, _)| *id).collect(),
            read: false
        }]
    );
    // Article 4 was read before the mark: it stays read.
    assert!(s.articles.items[3].read);
    assert!(!s.articles.items[0].read);
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: changed,
            read: false,
            undoable: false,
        },
    );
    assert_eq!(s.total_unread(), 5);
    // Only once.
    assert!(press(&mut s, "u").is_empty());
    assert_eq!(s.notice.as_ref().unwrap().text, "Nothing to undo");
}

#[test]
fn a_small_feed_is_marked_at_once_a_big_one_after_a_yes() {
    let mut s = loaded(80, 24);
    press(&mut s, "j"); // tengrinews, 2 unread
    assert_eq!(
        press(&mut s, "A"),
        vec![Effect::MarkFeedsRead(vec![FeedId(1)])]
    );
    let mut many = feeds();
    many[1].unread = 21;
    app::update(&mut s, Msg::FeedsLoaded(many));
    press(&mut s, "j"); // vlast.kz, 21 unread
    assert!(press(&mut s, "A").is_empty());
    let label = s.prompt.as_ref().unwrap().label(s.lang);
    assert!(label.contains("Mark 21 unread articles"), "{label}");
    assert_eq!(
        press(&mut s, "y"),
        vec![Effect::MarkFeedsRead(vec![FeedId(2)])]
    );
    assert_eq!(s.focus, Pane::Feeds);
}

/// `/` folds е/ё (and case, and Latin accents) as `S` search does:
/// `/отчет` finds "Отчёт", `/отчёт` finds "отчет", `/ҚАЗАҚ` finds "қазақ".
#[test]
fn filter_folds_yo_case_and_accents_like_search() {
    let mut s = loaded(80, 24);
    let list = vec![
        article(1, 1, "tengrinews", "Отчёт министерства за год", 5, false),
        article(2, 2, "vlast.kz", "Новый отчет о бюджете", 10, false),
        article(3, 1, "tengrinews", "Қазақ тілі күні", 20, false),
        article(4, 3, "hacker-news", "Café culture in Almaty", 30, false),
    ];
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: list,
        },
    );
    press(&mut s, "tab");
    let shown = |s: &keruen::app::AppState| -> Vec<i64> {
        s.articles
            .rows
            .iter()
            .map(|&i| s.articles.items[i].id.0)
            .collect()
    };
    for (query, want) in [
        ("отчет", vec![1, 2]),
        ("ОТЧЁТ", vec![1, 2]),
        ("ҚАЗАҚ", vec![3]),
        ("cafe", vec![4]),
    ] {
        press(&mut s, "/");
        type_text(&mut s, query);
        assert_eq!(shown(&s), want, "/{query}");
        press(&mut s, "esc");
    }
}

/// At 40x12 the help overlay lists 9 of its rows: j/k, PgDn/PgUp and g/G
/// scroll it within bounds; any other key closes it.
#[test]
fn help_overlay_scrolls_by_line_and_page_within_bounds() {
    let mut s = loaded(40, 12);
    press(&mut s, "?");
    let h = keruen::app::help::HelpLayout::compute(
        &s.keymap,
        s.lang,
        ratatui::layout::Rect::new(0, 0, 40, 12),
    );
    assert_eq!(h.cols, 1);
    assert_eq!(h.page(), 9);
    let max = h.max_scroll();
    assert_eq!(max, keruen::app::Command::ALL.len() - 9);
    press(&mut s, "j");
    assert_eq!(s.help_scroll, 1);
    press(&mut s, "pgdn");
    assert_eq!(s.help_scroll, 10);
    press(&mut s, "pgup");
    assert_eq!(s.help_scroll, 1);
    press(&mut s, "G");
    assert_eq!(s.help_scroll, max);
    press(&mut s, "j");
    assert_eq!(s.help_scroll, max, "no scrolling past the end");
    press(&mut s, "k");
    assert_eq!(s.help_scroll, max - 1, "one k moves back at once");
    press(&mut s, "g");
    assert_eq!(s.help_scroll, 0);
    assert!(s.show_help);
    press(&mut s, "x");
    assert!(!s.show_help);
}

/// `!` shows the whole status text (an error with its causes, the selected
/// failing feed's error) in a popup; the feed's error is in the bar while
/// it is selected.
#[test]
fn the_whole_status_text_and_a_failing_feeds_error() {
    let mut s = loaded(40, 12);
    assert_eq!(s.status_message(), None);
    for _ in 0..4 {
        press(&mut s, "j");
    }
    assert_eq!(s.selected_feed().unwrap().name, "broken-feed");
    assert_eq!(
        s.status_error().as_deref(),
        Some("broken-feed: timed out after 20 s")
    );
    press(&mut s, "k");
    assert_eq!(s.status_error(), None, "only while it is selected");
    let long = "refresh failed: cannot open the cache at /home/user/.local/share/keruen/cache.db: database is locked";
    app::update(&mut s, Msg::Error(long.into()));
    press(&mut s, "!");
    assert_eq!(s.popup.as_ref().unwrap().text, long);
    press(&mut s, "!");
    assert!(s.popup.is_none(), "any key closes it");
}
