//! `update` fed synthetic messages: navigation, opening, read state,
//! stable selection across reloads, filtering, refresh progress, keymap.

use crate::common;

use std::collections::BTreeMap;

use chrono::Duration;
use common::*;
use keruen::app::{self, Command, Effect, Keymap, Msg, Pane, RefreshEvent};
use keruen::domain::{ArticleId, FailureKind, FeedId, FeedOutcome};

fn selected_title(s: &keruen::app::AppState) -> String {
    s.selected_article()
        .map(|a| a.title.clone())
        .unwrap_or_default()
}

#[test]
fn init_loads_feeds_and_all_articles_from_the_cache() {
    let (s, effects) = app::init(Keymap::defaults(), now(), true);
    assert_eq!(
        effects,
        vec![
            Effect::LoadFeeds,
            Effect::LoadArticles {
                feed: None,
                unread_only: true
            },
            // What waits to be indexed for search, in the background.
            Effect::IndexPending,
            // And what waits for its story links.
            Effect::LinkPending,
            // And old texts for their blocks.
            Effect::PackTexts,
        ]
    );
    assert_eq!(s.focus, Pane::Feeds);
}

#[test]
fn navigation_stays_in_bounds() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    assert_eq!(s.focus, Pane::Articles);
    assert_eq!(s.articles.view.selected, 0);
    press(&mut s, "k");
    assert_eq!(s.articles.view.selected, 0, "up at the top stays");
    for _ in 0..10 {
        press(&mut s, "j");
    }
    assert_eq!(s.articles.view.selected, 4, "down stops at the last");
    press(&mut s, "g");
    assert_eq!(s.articles.view.selected, 0);
    press(&mut s, "G");
    assert_eq!(s.articles.view.selected, 4);
    press(&mut s, "pgup");
    assert_eq!(s.articles.view.selected, 0);
}

#[test]
fn page_down_moves_by_a_screen_and_keeps_the_cursor_visible() {
    let mut s = loaded(80, 10); // 7 inner rows → 3 two-row articles per page
    let many: Vec<_> = (0..50)
        .map(|i| article(100 + i, 1, "tengrinews", &format!("Item {i}"), i, false))
        .collect();
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: many,
        },
    );
    press(&mut s, "tab");
    assert_eq!(s.articles_page(), 3);
    press(&mut s, "pgdn");
    assert_eq!(s.articles.view.selected, 3);
    assert!(s.articles.view.offset <= 3 && 3 < s.articles.view.offset + 3);
    press(&mut s, "G");
    assert_eq!(
        s.articles.view,
        keruen::app::state::ListView {
            selected: 49,
            offset: 47
        }
    );
}

#[test]
fn moving_in_the_feed_list_loads_that_feeds_articles() {
    let mut s = loaded(80, 24);
    let effects = press(&mut s, "j");
    assert_eq!(
        effects,
        vec![Effect::LoadArticles {
            feed: Some(FeedId(1)),
            unread_only: false
        }]
    );
    // A late answer for "All" is ignored; the answer for feed 1 is taken.
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: vec![],
        },
    );
    assert!(!s.articles.loaded);
    let only1: Vec<_> = articles()
        .into_iter()
        .filter(|a| a.feed_id == FeedId(1))
        .collect();
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: Some(FeedId(1)),
            articles: only1,
        },
    );
    assert!(s.articles.loaded);
    assert_eq!(s.articles.rows.len(), 2);
    // Enter focuses the list without reloading it.
    assert_eq!(press(&mut s, "enter"), vec![]);
    assert_eq!(s.focus, Pane::Articles);
}

#[test]
fn opening_an_article_marks_it_read_and_loads_it() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let before = s.feeds.items[0].unread;
    let effects = press(&mut s, "enter");
    assert_eq!(
        effects,
        vec![
            Effect::LoadArticle(ArticleId(1)),
            Effect::LoadRelated(ArticleId(1)),
            Effect::SetRead {
                ids: vec![ArticleId(1)],
                read: true
            }
        ]
    );
    assert_eq!(s.focus, Pane::Reader);
    assert!(s.articles.items[0].read);
    // The count follows the store's answer (what it really changed).
    assert_eq!(s.feeds.items[0].unread, before);
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: vec![(ArticleId(1), FeedId(1))],
            read: true,
            undoable: false,
        },
    );
    assert_eq!(s.feeds.items[0].unread, before - 1);

    // The body is converted to wrapped lines (by the worker), with footnotes.
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    let r = s.reader.as_ref().unwrap();
    assert!(
        r.lines
            .iter()
            .any(|l| l.text.contains("жаңа мектептер ашылды"))
    );
    assert!(
        r.lines
            .iter()
            .any(|l| l.text.starts_with("[1]: https://example.kz/schools"))
    );
    let width = usize::from(r.wrap_width);
    assert!(
        r.lines
            .iter()
            .all(|l| unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= width)
    );

    // Opening an already read article does not write the read flag again.
    press(&mut s, "q");
    assert_eq!(s.focus, Pane::Articles);
    assert!(s.reader.is_none());
    assert_eq!(
        press(&mut s, "enter"),
        vec![
            Effect::LoadArticle(ArticleId(1)),
            Effect::LoadRelated(ArticleId(1))
        ]
    );
}

#[test]
fn reader_rewraps_on_resize_and_scroll_is_bounded() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    let narrow_lines = {
        settle(&mut s, Msg::Resize(40, 24));
        s.reader.as_ref().unwrap().lines.len()
    };
    settle(&mut s, Msg::Resize(120, 24));
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.wrap_width, 100, "text is capped at 100 columns");
    assert!(r.lines.len() < narrow_lines);
    for _ in 0..100 {
        press(&mut s, "j");
    }
    assert_eq!(s.reader.as_ref().unwrap().scroll, s.reader_max_scroll());
}

#[test]
fn selection_and_scroll_stay_when_a_new_article_arrives_on_top() {
    let mut s = loaded(80, 12); // 9 inner rows → 4 two-row articles per page
    let many: Vec<_> = (0..30)
        .map(|i| article(100 + i, 1, "tengrinews", &format!("Item {i}"), i + 1, false))
        .collect();
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: many.clone(),
        },
    );
    press(&mut s, "tab");
    for _ in 0..6 {
        press(&mut s, "j");
    }
    let title = selected_title(&s);
    let view = s.articles.view;
    assert_eq!((view.selected, view.offset), (6, 3));

    let mut fresh = vec![article(99, 1, "tengrinews", "Жаңа хабар", 0, false)];
    fresh.extend(many.clone());
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: fresh,
        },
    );
    assert_eq!(
        selected_title(&s),
        title,
        "the cursor stays on the same article"
    );
    assert_eq!(s.articles.view.selected, 7);
    assert_eq!(s.articles.view.offset, 4, "and on the same screen row");

    // The selected article vanishing (retention) keeps the cursor's row.
    let without: Vec<_> = many.into_iter().filter(|a| a.title != title).collect();
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: without,
        },
    );
    assert_eq!(s.articles.view.selected, 7);
    assert_eq!(s.articles.view.offset, 4);
}

#[test]
fn a_short_list_keeps_the_selected_article() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "j");
    press(&mut s, "j");
    let title = selected_title(&s);
    let mut fresh = vec![article(99, 1, "tengrinews", "Жаңа хабар", 0, false)];
    fresh.extend(articles());
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: fresh,
        },
    );
    assert_eq!(selected_title(&s), title);
    assert_eq!(s.articles.view.selected, 3);
}

#[test]
fn feed_selection_survives_a_feed_reload() {
    let mut s = loaded(80, 24);
    press(&mut s, "j");
    press(&mut s, "j"); // vlast.kz
    let mut reordered = feeds();
    reordered.insert(0, feed(9, "new-feed", &[], 3, None));
    let effects = app::update(&mut s, Msg::FeedsLoaded(reordered));
    assert_eq!(effects, vec![]);
    assert_eq!(s.selected_feed().unwrap().name, "vlast.kz");
}

#[test]
fn filter_is_case_insensitive_for_cyrillic_and_kazakh() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "/");
    assert_eq!(s.filter_input, Some(Pane::Articles));
    for c in "АЛМАТЫ".chars() {
        press(&mut s, &c.to_string());
    }
    assert_eq!(s.articles.filter, "АЛМАТЫ");
    assert_eq!(s.articles.rows.len(), 1);
    assert_eq!(selected_title(&s), "В Алматы открылся новый парк");
    press(&mut s, "enter");
    assert_eq!(s.filter_input, None);
    assert_eq!(s.articles.rows.len(), 1, "enter keeps the filter");

    // Kazakh letters (Қ/қ, Ә/ә) fold too.
    press(&mut s, "esc"); // clears the filter
    assert_eq!(s.articles.rows.len(), 5);
    press(&mut s, "/");
    for c in "ҚАЗАҚСТАН".chars() {
        press(&mut s, &c.to_string());
    }
    assert_eq!(s.articles.rows.len(), 1);
    press(&mut s, "backspace");
    assert_eq!(s.articles.filter, "ҚАЗАҚСТА");
    press(&mut s, "esc");
    assert_eq!(s.filter_input, None);
    assert_eq!(s.articles.filter, "");
    assert_eq!(s.articles.rows.len(), 5);
}

#[test]
fn typing_a_filter_does_not_run_commands() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "/");
    let effects: Vec<_> = ["q", "R", "m"]
        .iter()
        .flat_map(|k| press(&mut s, k))
        .collect();
    assert_eq!(effects, vec![]);
    assert!(!s.quitting);
    assert_eq!(s.articles.filter, "qRm");
}

#[test]
fn next_unread_skips_read_and_wraps() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "G"); // article 5, unread
    press(&mut s, "k"); // article 4, read
    press(&mut s, "n");
    assert_eq!(s.selected_article().unwrap().id, ArticleId(5));
    press(&mut s, "n"); // wraps to the first unread
    assert_eq!(s.selected_article().unwrap().id, ArticleId(1));
    press(&mut s, "N");
    assert_eq!(s.selected_article().unwrap().id, ArticleId(5));
    // In the reader, n opens the next unread article.
    press(&mut s, "enter");
    let effects = press(&mut s, "n");
    assert_eq!(effects[0], Effect::LoadArticle(ArticleId(1)));
    assert_eq!(s.reader.as_ref().unwrap().id, ArticleId(1));
}

#[test]
fn toggles_star_read_and_mark_feed_read() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    assert_eq!(
        press(&mut s, "s"),
        vec![Effect::SetStarred {
            id: ArticleId(1),
            starred: true
        }]
    );
    assert!(s.articles.items[0].starred);
    assert_eq!(
        press(&mut s, "m"),
        vec![Effect::SetRead {
            ids: vec![ArticleId(1)],
            read: true
        }]
    );
    assert_eq!(
        press(&mut s, "m"),
        vec![Effect::SetRead {
            ids: vec![ArticleId(1)],
            read: false
        }]
    );
    // A in the list of all articles marks every feed with unread
    // articles, after a `y`.
    assert_eq!(press(&mut s, "A"), vec![]);
    let effects = press(&mut s, "y");
    assert_eq!(
        effects,
        vec![Effect::MarkFeedsRead(vec![FeedId(1), FeedId(2), FeedId(3)])]
    );
    assert!(s.articles.items.iter().all(|a| a.read));
}

#[test]
fn open_in_browser_and_copy_use_the_link() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "j");
    assert_eq!(
        press(&mut s, "o"),
        vec![Effect::OpenUrl("https://vlast.kz.example/a/2".into())]
    );
    assert_eq!(
        press(&mut s, "y"),
        vec![Effect::CopyToClipboard(
            "https://vlast.kz.example/a/2".into()
        )]
    );
    app::update(&mut s, Msg::Copied("https://vlast.kz.example/a/2".into()));
    assert!(s.notice.as_ref().unwrap().text.starts_with("Copied"));
    // Notices expire on a later tick.
    app::update(&mut s, Msg::Tick(now() + Duration::seconds(10)));
    assert!(s.notice.is_none());
}

#[test]
fn refresh_keys_and_progress() {
    let mut s = loaded(80, 24);
    press(&mut s, "j"); // tengrinews
    assert_eq!(
        press(&mut s, "r"),
        vec![Effect::StartRefresh {
            feeds: Some(vec!["tengrinews".into()]),
            due_only: false
        }]
    );
    assert_eq!(
        press(&mut s, "R"),
        vec![Effect::StartRefresh {
            feeds: None,
            due_only: false
        }]
    );

    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 4 }));
    assert_eq!(
        press(&mut s, "R"),
        vec![],
        "no second refresh while one runs"
    );
    app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::FeedDone {
            feed: FeedId(1),
            name: "tengrinews".into(),
            outcome: FeedOutcome::Fetched { new: 3, updated: 1 },
        }),
    );
    app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::FeedDone {
            feed: FeedId(2),
            name: "vlast.kz".into(),
            outcome: FeedOutcome::Failed {
                kind: FailureKind::Timeout,
                message: "timed out after 20 s".into(),
            },
        }),
    );
    assert_eq!(
        (
            s.refresh.done,
            s.refresh.total,
            s.refresh.new,
            s.refresh.failed
        ),
        (2, 4, 3, 1)
    );
    assert_eq!(
        s.feeds.items[1].last_error.as_deref(),
        Some("timed out after 20 s")
    );
    assert_eq!(
        s.last_error.as_deref(),
        Some("vlast.kz: timed out after 20 s")
    );
    // New articles are reloaded on the next tick, once.
    let effects = app::update(&mut s, Msg::Tick(now()));
    assert_eq!(
        effects,
        vec![
            Effect::LoadFeeds,
            Effect::LoadArticles {
                feed: Some(FeedId(1)),
                unread_only: false
            }
        ]
    );
    assert_eq!(app::update(&mut s, Msg::Tick(now())), vec![]);
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert_eq!(
        effects,
        vec![
            Effect::LoadFeeds,
            Effect::LoadArticles {
                feed: Some(FeedId(1)),
                unread_only: false
            },
            // The cache changed: related stories are looked up afresh.
            Effect::InvalidateRelated,
        ]
    );
    assert!(!s.refresh.running);
    assert_eq!(
        s.notice.as_ref().unwrap().text,
        "Refreshed 2 feeds: 3 new, 1 failed"
    );
}

#[test]
fn refresh_results_find_their_feed_by_id_not_by_name() {
    let mut s = loaded(80, 24);
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 2 }));
    // The refresh names feed 2 otherwise than the list does (renamed in
    // the config since the list was loaded): its error still lands there.
    app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::FeedDone {
            feed: FeedId(2),
            name: "vlast".into(),
            outcome: FeedOutcome::Failed {
                kind: FailureKind::Timeout,
                message: "timed out".into(),
            },
        }),
    );
    assert_eq!(s.feeds.items[1].id, FeedId(2));
    assert_eq!(s.feeds.items[1].last_error.as_deref(), Some("timed out"));
    // A feed the list knows under the event's name, but with another id,
    // is left alone: the broken feed's old error is cleared only by its id.
    app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::FeedDone {
            feed: FeedId(99),
            name: "broken-feed".into(),
            outcome: FeedOutcome::NotModified,
        }),
    );
    assert_eq!(
        s.feeds.items[3].last_error.as_deref(),
        Some("timed out after 20 s")
    );
    assert_eq!(s.refresh.done, 2);
    assert_eq!(s.last_error.as_deref(), Some("vlast: timed out"));
}

#[test]
fn waiting_for_another_refresh_is_said_in_the_status_bar() {
    let mut s = loaded(80, 24);
    app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Waiting {
            message: "locked".into(),
        }),
    );
    let notice = s
        .notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default();
    assert!(notice.contains("waiting for it to finish"), "{notice:?}");
}

#[test]
fn back_and_quit() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    assert_eq!(s.focus, Pane::Reader);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Feeds);
    assert_eq!(press(&mut s, "esc"), vec![]);
    assert!(!s.quitting);
    assert_eq!(press(&mut s, "q"), vec![Effect::Quit]);
    assert!(s.quitting);
    let mut s = loaded(80, 24);
    press(&mut s, "/");
    assert_eq!(press(&mut s, "ctrl-c"), vec![Effect::Quit]);
}

#[test]
fn help_overlay_is_modal() {
    let mut s = loaded(80, 24);
    press(&mut s, "?");
    assert!(s.show_help);
    assert_eq!(
        press(&mut s, "R"),
        vec![],
        "keys do not act behind the overlay"
    );
    assert!(!s.show_help, "any other key closes it");
}

#[test]
fn keymap_override_changes_what_a_key_does() {
    let user = BTreeMap::from([
        ("x".to_string(), "toggle_star".to_string()),
        ("s".to_string(), "none".to_string()),
    ]);
    let keymap = Keymap::with_overrides(&user).unwrap();
    assert_eq!(keymap.keys_text(Command::ToggleStar), "x");
    let (mut s, _) = app::init(keymap, now(), false);
    settle(&mut s, Msg::Resize(80, 24));
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: articles(),
        },
    );
    press(&mut s, "tab");
    assert_eq!(press(&mut s, "s"), vec![]);
    assert_eq!(
        press(&mut s, "x"),
        vec![Effect::SetStarred {
            id: ArticleId(1),
            starred: true
        }]
    );
}

#[test]
fn unknown_command_in_keys_is_an_error_naming_key_and_fix() {
    let user = BTreeMap::from([("ctrl-r".to_string(), "refresh-alll".to_string())]);
    let err = Keymap::with_overrides(&user).unwrap_err().to_string();
    assert!(
        err.starts_with("[keys] \"ctrl-r\" = \"refresh-alll\": unknown command"),
        "{err}"
    );
    assert!(err.contains("did you mean \"refresh_all\""), "{err}");
    assert!(err.contains("valid commands: up, down, page_up"), "{err}");
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = loaded(80, 24);
    let click = |col, row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: col,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Articles pane starts at column 20; its rows start at row 1; two rows each.
    app::update(&mut s, click(40, 3));
    assert_eq!(s.focus, Pane::Articles);
    assert_eq!(s.articles.view.selected, 1);
    // Clicking the selected article opens it.
    let effects = app::update(&mut s, click(40, 4));
    assert_eq!(effects[0], Effect::LoadArticle(ArticleId(2)));
    press(&mut s, "esc");
    let wheel = Msg::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 40,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
    app::update(&mut s, wheel);
    assert_eq!(s.articles.view.selected, 4);
}

#[test]
fn a_click_on_a_feed_lists_its_articles_and_never_opens_it() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = loaded(80, 24);
    let mouse = |kind, row| {
        Msg::Mouse(MouseEvent {
            kind,
            column: 5,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let click = |row| mouse(MouseEventKind::Down(MouseButton::Left), row);
    // Row 1 is "All articles"; row 3 the second feed.
    let effects = app::update(&mut s, click(3));
    assert_eq!(s.selected_feed_id(), Some(FeedId(2)));
    assert_eq!(
        effects,
        vec![Effect::LoadArticles {
            feed: Some(FeedId(2)),
            unread_only: false
        }]
    );
    // The selected feed clicked again: nothing opens, the focus stays.
    assert_eq!(app::update(&mut s, click(3)), vec![]);
    assert_eq!(s.focus, Pane::Feeds);
    // The wheel moves the feed cursor (and the list follows), stopping
    // at the last feed.
    let effects = app::update(&mut s, mouse(MouseEventKind::ScrollDown, 3));
    assert_eq!(s.selected_feed_id(), Some(FeedId(4)));
    assert_eq!(
        effects,
        vec![Effect::LoadArticles {
            feed: Some(FeedId(4)),
            unread_only: false
        }]
    );
}

/// docs/usage.md carries the default key table; it must match the
/// embedded key map (the failure message prints the table to paste).
#[test]
fn usage_doc_lists_the_default_keys() {
    let keymap = Keymap::defaults();
    let table: String = Command::ALL
        .iter()
        .map(|&c| {
            let keys: Vec<String> = keymap
                .keys_for(c)
                .iter()
                .map(|k| format!("`{k}`"))
                .collect();
            format!(
                "| {} | `{}` | {} |\n",
                keys.join(" "),
                c.name(),
                keruen::i18n::Lang::En.s(c.description())
            )
        })
        .collect();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/usage.md"))
        .unwrap_or_default();
    assert!(
        doc.contains(&table),
        "docs/usage.md should contain:\n{table}"
    );
}

fn top_open() -> keruen::app::AppState {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let effects = press(&mut s, "t");
    assert_eq!(effects, vec![Effect::LoadTop { tag: None }]);
    assert_eq!(s.focus, Pane::Top);
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
    s
}

#[test]
fn top_view_loads_lists_and_goes_back() {
    let mut s = top_open();
    assert!(s.top.loaded);
    assert_eq!(s.top.rows, vec![0, 1, 2]);
    press(&mut s, "j");
    assert_eq!(s.selected_top().unwrap().article.id, ArticleId(2));
    // A reload (e.g. after a refresh) keeps the selected story selected.
    let mut reordered = top_entries();
    reordered.swap(0, 1);
    reordered.swap(1, 2);
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: reordered,
        },
    );
    assert_eq!(s.selected_top().unwrap().article.id, ArticleId(2));
    assert_eq!(s.top.view.selected, 0);
    // Esc goes back to the list the user came from; so does q.
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
    press(&mut s, "t");
    assert_eq!(s.focus, Pane::Top);
    press(&mut s, "q");
    assert_eq!(s.focus, Pane::Articles);
    assert!(!s.quitting);
}

#[test]
fn top_enter_reads_the_story_and_marks_all_members_read() {
    let mut s = top_open();
    let before = s.feeds.items[0].unread;
    let effects = press(&mut s, "enter");
    assert_eq!(
        effects,
        vec![
            Effect::LoadArticle(ArticleId(1)),
            Effect::LoadRelated(ArticleId(1)),
            Effect::SetRead {
                ids: vec![ArticleId(1), ArticleId(11), ArticleId(12)],
                read: true
            }
        ]
    );
    assert_eq!(s.focus, Pane::Reader);
    assert!(s.top.items[0].article.read);
    assert!(s.articles.items[0].read, "the list shows it read too");
    app::update(
        &mut s,
        Msg::ReadChanged {
            changes: vec![(ArticleId(1), FeedId(1))],
            read: true,
            undoable: false,
        },
    );
    assert_eq!(s.feeds.items[0].unread, before - 1);
    // Back from the reader returns to Top stories, then to the list.
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Top);
    assert!(s.reader.is_none());
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
}

#[test]
fn top_m_toggles_read_for_all_members_and_filter_narrows() {
    let mut s = top_open();
    press(&mut s, "j");
    let effects = press(&mut s, "m");
    assert_eq!(
        effects,
        vec![Effect::SetRead {
            ids: vec![ArticleId(2), ArticleId(21)],
            read: true
        }]
    );
    assert_eq!(
        press(&mut s, "m"),
        vec![Effect::SetRead {
            ids: vec![ArticleId(2), ArticleId(21)],
            read: false
        }]
    );
    // `/` narrows by title, source or a source's tag.
    press(&mut s, "/");
    for c in ["k", "a", "z", "i", "n"] {
        press(&mut s, c);
    }
    assert_eq!(s.top.rows, vec![0], "only the story carried by kazinform");
    press(&mut s, "enter");
    press(&mut s, "esc");
    assert_eq!(s.top.rows, vec![0, 1, 2], "Esc clears the filter first");
    assert_eq!(s.focus, Pane::Top);
    press(&mut s, "/");
    press(&mut s, "t");
    press(&mut s, "e");
    press(&mut s, "c");
    press(&mut s, "h");
    assert_eq!(s.top.rows, vec![2], "a source feed's tag matches");
}

#[test]
fn top_reloads_when_a_refresh_finishes_while_open() {
    let mut s = top_open();
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 1 }));
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(
        effects.contains(&Effect::LoadTop { tag: None }),
        "{effects:?}"
    );
    assert!(effects.contains(&Effect::InvalidateRelated));
    press(&mut s, "esc");
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 1 }));
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(!effects.contains(&Effect::LoadTop { tag: None }));
}

#[test]
fn related_stories_are_appended_picked_and_opened() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    let effects = press(&mut s, "enter");
    assert!(effects.contains(&Effect::LoadRelated(ArticleId(1))));
    // An answer for another article (the user moved on) is ignored.
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(2),
            related: related_to_first(),
        },
    );
    assert!(s.reader.as_ref().unwrap().related.is_empty());
    // Related may arrive before the article itself: both orders work.
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(1),
            related: related_to_first(),
        },
    );
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    let r = s.reader.as_ref().unwrap();
    let texts: Vec<&str> = r.lines.iter().map(|l| l.text.as_str()).collect();
    let head = texts
        .iter()
        .position(|t| t.starts_with("Related stories"))
        .expect("a related section");
    assert!(
        texts[head..]
            .iter()
            .any(|t| t.contains("1. Астанада үш жаңа мектеп салынады")),
        "{texts:#?}"
    );
    assert!(
        texts[head..]
            .iter()
            .any(|t| t.contains("vlast.kz · 10h ago"))
    );
    let footnote = texts.iter().position(|t| t.starts_with("[1]:")).unwrap();
    assert!(footnote < head, "the section comes after the text");

    // ] picks the first related story and scrolls it into view; [ wraps.
    press(&mut s, "]");
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.related_selected, Some(0));
    let at = r
        .lines
        .iter()
        .position(|l| l.kind == keruen::app::reader::LineKind::Related(0))
        .unwrap();
    assert!(at >= r.scroll && at < r.scroll + s.reader_page());
    press(&mut s, "[");
    assert_eq!(s.reader.as_ref().unwrap().related_selected, Some(2));
    press(&mut s, "]");
    press(&mut s, "]");
    // Enter opens it (marks it read, loads its own related stories);
    // Esc still goes back to the list.
    let effects = press(&mut s, "enter");
    assert_eq!(
        effects,
        vec![
            Effect::LoadArticle(ArticleId(32)),
            Effect::LoadRelated(ArticleId(32)),
        ],
        "article 32 is already read"
    );
    assert_eq!(s.reader.as_ref().unwrap().id, ArticleId(32));
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
}

#[test]
fn related_section_rewraps_with_the_article() {
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    settle(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(1),
            related: related_to_first(),
        },
    );
    settle(&mut s, Msg::Resize(30, 24));
    let r = s.reader.as_ref().unwrap();
    let width = usize::from(r.wrap_width);
    assert!(r.lines.iter().any(|l| l.text.starts_with("Related")));
    assert!(
        r.lines
            .iter()
            .all(|l| unicode_width::UnicodeWidthStr::width(l.text.as_str()) <= width.max(16)),
        "{:#?}",
        r.lines
    );
}

#[test]
fn top_tag_cycles_through_feed_tags_and_ignores_stale_rankings() {
    let mut s = top_open();
    // Tags of the feeds, sorted: kz, news, ru, tech; then all feeds again.
    let mut seen = Vec::new();
    for _ in 0..5 {
        let effects = press(&mut s, "#");
        let [Effect::LoadTop { tag }] = effects.as_slice() else {
            panic!("{effects:?}");
        };
        assert_eq!(tag, &s.top.tag);
        seen.push(tag.clone());
    }
    let expected: Vec<Option<String>> = ["kz", "news", "ru", "tech"]
        .iter()
        .map(|t| Some(t.to_string()))
        .chain([None])
        .collect();
    assert_eq!(seen, expected);
    press(&mut s, "#");
    assert_eq!(s.top.tag.as_deref(), Some("kz"));
    assert!(s.top.rows.is_empty() && !s.top.loaded, "ranking again");
    // A ranking for all feeds, asked for before the tag changed, is stale.
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
    assert!(!s.top.loaded);
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: Some("kz".into()),
            entries: top_entries()[..1].to_vec(),
        },
    );
    assert!(s.top.loaded);
    assert_eq!(s.top.rows, vec![0]);
    // A refresh re-ranks for the chosen tag.
    app::update(&mut s, Msg::Refresh(RefreshEvent::Started { total: 1 }));
    let effects = app::update(
        &mut s,
        Msg::Refresh(RefreshEvent::Finished(Default::default())),
    );
    assert!(effects.contains(&Effect::LoadTop {
        tag: Some("kz".into())
    }));
    // Outside the view the key does nothing.
    press(&mut s, "esc");
    assert_eq!(press(&mut s, "#"), vec![]);
}

#[test]
fn top_mouse_click_selects_then_opens() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = top_open();
    let click = |row| {
        Msg::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Rows start at 1 inside the border, two rows per story.
    assert_eq!(app::update(&mut s, click(4)), vec![]);
    assert_eq!(s.top.view.selected, 1);
    let effects = app::update(&mut s, click(3));
    assert_eq!(effects[0], Effect::LoadArticle(ArticleId(2)));
    assert_eq!(s.focus, Pane::Reader);
}

#[test]
fn t_from_the_reader_and_esc_never_loop() {
    // Reader opened from the list: t closes it and opens Top; Esc → list.
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    assert_eq!(press(&mut s, "t"), vec![Effect::LoadTop { tag: None }]);
    assert_eq!(s.focus, Pane::Top);
    assert!(s.reader.is_none());
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
    // Reader opened from Top: t goes back to Top (and re-ranks), Esc → list.
    press(&mut s, "t");
    app::update(
        &mut s,
        Msg::TopLoaded {
            tag: None,
            entries: top_entries(),
        },
    );
    press(&mut s, "enter");
    assert_eq!(press(&mut s, "t"), vec![Effect::LoadTop { tag: None }]);
    assert_eq!(s.focus, Pane::Top);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Articles);
    press(&mut s, "esc");
    assert_eq!(s.focus, Pane::Feeds);
    // `/` in a reader opened from Top filters Top stories.
    press(&mut s, "t");
    press(&mut s, "enter");
    press(&mut s, "/");
    assert_eq!(s.focus, Pane::Top);
    assert_eq!(s.filter_input, Some(Pane::Top));
}

/// Opening an article asks a worker to convert its HTML (never `update`
/// itself: a big document takes a good part of a second); the reader says
/// so meanwhile, and an answer for another article or another width is
/// dropped.
#[test]
fn the_body_is_converted_off_the_ui_thread_and_stale_answers_are_dropped() {
    use keruen::app::reader::body_lines;
    let mut s = loaded(80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    let article = full_article(articles()[0].clone());
    let html = article.content.clone().unwrap();
    let effects = app::update(&mut s, Msg::ArticleLoaded(Box::new(article)));
    let width = s.reader_wrap_width();
    assert_eq!(
        effects,
        vec![Effect::RenderBody {
            article: ArticleId(1),
            width,
            html: html.clone(),
        }]
    );
    let text = |s: &keruen::app::AppState| -> Vec<String> {
        let r = s.reader.as_ref().unwrap();
        r.lines.iter().map(|l| l.text.clone()).collect()
    };
    assert!(text(&s).contains(&"(preparing the text…)".to_string()));
    assert!(!text(&s).iter().any(|l| l.contains("Министрліктің")));
    // Asked once: another message does not ask again.
    assert_eq!(app::update(&mut s, Msg::Tick(now())), Vec::new());

    // An answer for another article, or for a width the reader no longer
    // has, changes nothing.
    let lines = body_lines(&html, usize::from(width));
    for (id, w) in [(ArticleId(2), width), (ArticleId(1), width + 7)] {
        let before = s.reader.clone();
        app::update(
            &mut s,
            Msg::BodyRendered {
                article: id,
                width: w,
                lines: lines.clone(),
            },
        );
        assert_eq!(s.reader, before, "stale answer for {id:?} at {w}");
    }
    app::update(
        &mut s,
        Msg::BodyRendered {
            article: ArticleId(1),
            width,
            lines,
        },
    );
    assert!(text(&s).iter().any(|l| l.contains("Министрліктің")));
    assert!(!text(&s).contains(&"(preparing the text…)".to_string()));

    // A resize asks again, for the new width; the old answer is dropped.
    let effects = app::update(&mut s, Msg::Resize(60, 24));
    let narrow = s.reader_wrap_width();
    assert_ne!(narrow, width);
    assert_eq!(
        effects,
        vec![Effect::RenderBody {
            article: ArticleId(1),
            width: narrow,
            html,
        }]
    );
}
