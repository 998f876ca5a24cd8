//! The helpers every test group shares (each group's `main.rs` includes
//! this module): here, synthetic feeds and articles for the TUI tests
//! (Kazakh, Russian, English and CJK titles, signals, a failing feed, a very
//! long title); `alone`, one test in a process of its own; `http`, loopback
//! servers with fixed answers; `store_fill`, articles written straight
//! into a store; `run_binary`,
//! the real binary run headless; `pty`, the real binary driven in a
//! pseudo-terminal.
#![allow(dead_code)]

pub mod alone;
pub mod http;
pub mod pty;
pub mod run_binary;
pub mod store_fill;

use chrono::{DateTime, Duration, TimeZone, Utc};
use keruen::app::{self, AppState, Effect, Keymap, Msg};
use keruen::domain::{Article, ArticleId, ArticleSummary, FeedId, FeedSummary, Signals};

/// A configured feed named `name` at `https://{name}.example/rss`.
pub fn feed_settings(name: &str) -> keruen::config::settings::FeedSettings {
    keruen::config::settings::FeedSettings::new(
        name,
        url::Url::parse(&format!("https://{name}.example/rss")).unwrap(),
    )
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

pub fn feed(id: i64, name: &str, tags: &[&str], unread: u64, error: Option<&str>) -> FeedSummary {
    FeedSummary {
        id: FeedId(id),
        name: name.to_string(),
        url: format!("https://{name}.example/rss"),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        title: None,
        total: unread + 5,
        unread,
        last_error: error.map(str::to_string),
        last_success: None,
    }
}

pub fn feeds() -> Vec<FeedSummary> {
    vec![
        feed(1, "tengrinews", &["kz", "news"], 2, None),
        feed(2, "vlast.kz", &["ru"], 2, None),
        feed(3, "hacker-news", &["tech"], 1, None),
        feed(4, "broken-feed", &[], 0, Some("timed out after 20 s")),
    ]
}

pub fn article(
    id: i64,
    feed: i64,
    feed_name: &str,
    title: &str,
    mins_ago: i64,
    read: bool,
) -> ArticleSummary {
    ArticleSummary {
        title_derived: false,
        id: ArticleId(id),
        feed_id: FeedId(feed),
        feed_name: feed_name.to_string(),
        title: title.to_string(),
        link: Some(format!("https://{feed_name}.example/a/{id}")),
        author: None,
        category: None,
        published: Some(now() - Duration::minutes(mins_ago)),
        first_seen: now() - Duration::minutes(mins_ago),
        signals: Signals::default(),
        read,
        starred: false,
        media: None,
    }
}

/// Five articles, newest first, across three feeds.
pub fn articles() -> Vec<ArticleSummary> {
    let mut a1 = article(
        1,
        1,
        "tengrinews",
        "Қазақстанда жаңа мектептер ашылды",
        5,
        false,
    );
    a1.signals = Signals {
        views: Some(12_345),
        comments: Some(45),
        ..Signals::default()
    };
    a1.author = Some("Әсел Нұрланқызы".into());
    a1.category = Some("Білім".into());
    let mut a2 = article(2, 2, "vlast.kz", "В Алматы открылся новый парк", 90, false);
    a2.author = Some("Иван Петров".into());
    a2.category = Some("Алматы".into());
    a2.signals = Signals {
        views: Some(980),
        ..Signals::default()
    };
    let a3 = article(
        3,
        3,
        "hacker-news",
        "A very long title that keeps going and going well past the width of any reasonable \
         terminal pane, so that truncation with an ellipsis has to happen somewhere sensible",
        60 * 5,
        false,
    );
    let mut a4 = article(
        4,
        2,
        "vlast.kz",
        "Президент подписал закон о СМИ",
        60 * 30,
        true,
    );
    a4.starred = true;
    a4.signals = Signals {
        comments: Some(7),
        ..Signals::default()
    };
    let mut a5 = article(
        5,
        1,
        "tengrinews",
        "東京で新しい図書館が開館 — Tokyo opens a library",
        60 * 24 * 10,
        false,
    );
    a5.signals = Signals {
        score: Some(310),
        ..Signals::default()
    };
    vec![a1, a2, a3, a4, a5]
}

pub fn full_article(summary: ArticleSummary) -> Article {
    Article {
        summary,
        key: "k".into(),
        updated: None,
        description: None,
        content: Some(
            "<p>Бүгін елімізде <b>жаңа мектептер</b> ашылды. Оқушылар мен мұғалімдер \
             <a href=\"https://example.kz/schools\">жаңа ғимараттарға</a> көшті.</p>\
             <p>Министрліктің мәліметінше, биыл 200-ден астам мектеп салынған. \
             Толығырақ <a href=\"https://example.kz/report\">есепте</a>.</p>\
             <ul><li>Алматы — 40 мектеп</li><li>Астана — 35 мектеп</li></ul>"
                .into(),
        ),
        enclosures: Vec::new(),
    }
}

/// A state at `w` x `h` with the feeds and all articles loaded.
pub fn loaded(w: u16, h: u16) -> AppState {
    loaded_in(keruen::i18n::Lang::En, w, h)
}

/// [`loaded`], the interface in `lang`.
pub fn loaded_in(lang: keruen::i18n::Lang, w: u16, h: u16) -> AppState {
    let (mut s, _) = app::init(Keymap::defaults(), now(), false);
    s.lang = lang;
    app::update(&mut s, Msg::Resize(w, h));
    app::update(&mut s, Msg::FeedsLoaded(feeds()));
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles: articles(),
        },
    );
    s
}

/// Send a key spec ("j", "enter", "ctrl-r") and return the effects.
pub fn press(s: &mut AppState, spec: &str) -> Vec<Effect> {
    let key: keruen::app::KeySpec = spec.parse().unwrap();
    app::update(s, Msg::Key(key.to_event()))
}

/// Top stories: a Kazakh story carried by three feeds, a Russian one by
/// two, an English one alone (ids 1, 2 and 3 are in `articles()`).
pub fn top_entries() -> Vec<keruen::stories::TopEntry> {
    use keruen::stories::TopEntry;
    let entry = |a: ArticleSummary,
                 members: &[i64],
                 sources: &[&str],
                 score: f64,
                 (views, age): (Option<u64>, Duration)| TopEntry {
        article: a,
        members: members.iter().map(|&i| ArticleId(i)).collect(),
        sources: sources.iter().map(|s| s.to_string()).collect(),
        score,
        why: keruen::domain::StoryWhy {
            signals: Signals {
                views,
                ..Default::default()
            },
            views_per_hour: None,
            sources: sources.len(),
            first_seen: now() - age,
        },
        views_per_hour: None,
        views_history: Vec::new(),
    };
    let all = articles();
    vec![
        // "12.3k views · 3 sources · 5m ago"
        entry(
            all[0].clone(),
            &[1, 11, 12],
            &["tengrinews", "inform.kz", "kazinform"],
            3.2,
            (Some(12_300), Duration::minutes(5)),
        ),
        // "980 views · 2 sources · 1h ago"
        entry(
            all[1].clone(),
            &[2, 21],
            &["vlast.kz", "tengrinews"],
            2.1,
            (Some(980), Duration::hours(1)),
        ),
        // "5h ago"
        entry(
            all[2].clone(),
            &[3],
            &["hacker-news"],
            0.9,
            (None, Duration::hours(5)),
        ),
    ]
}

/// Stories related to article 1: Kazakh and Russian titles.
pub fn related_to_first() -> Vec<ArticleSummary> {
    vec![
        article(
            31,
            1,
            "tengrinews",
            "Астанада үш жаңа мектеп салынады",
            90,
            false,
        ),
        article(
            32,
            2,
            "vlast.kz",
            "В Казахстане построят 200 школ до конца года",
            600,
            true,
        ),
        article(
            33,
            1,
            "tengrinews",
            "Мұғалімдердің жалақысы өседі",
            3000,
            false,
        ),
    ]
}

/// Answer the read changes in `effects` as the store would for the
/// articles of `articles()`: each id it knows changes (with its feed).
pub fn answer_reads(s: &mut AppState, effects: Vec<Effect>) {
    let known = articles();
    for e in effects {
        if let Effect::SetRead { ids, read } = e {
            let changes = ids
                .iter()
                .filter_map(|id| known.iter().find(|a| a.id == *id))
                .map(|a| (a.id, a.feed_id))
                .collect();
            app::update(
                s,
                Msg::ReadChanged {
                    changes,
                    read,
                    undoable: false,
                },
            );
        }
    }
}

/// Do what the runtime's worker does with `Effect::RenderBody` (convert the
/// article's HTML) and hand the answers to `update`, with what they ask
/// in turn.
pub fn answer_bodies(s: &mut AppState, effects: Vec<Effect>) {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    while let Some(e) = queue.pop_front() {
        if let Effect::RenderBody {
            article,
            width,
            html,
        } = e
        {
            let lines = keruen::app::reader::body_lines(&html, usize::from(width));
            queue.extend(app::update(
                s,
                Msg::BodyRendered {
                    article,
                    width,
                    lines,
                },
            ));
        }
    }
}

/// Send a message and answer the body conversions it asks for.
pub fn settle(s: &mut AppState, msg: Msg) -> Vec<Effect> {
    let effects = app::update(s, msg);
    answer_bodies(s, effects.clone());
    effects
}
