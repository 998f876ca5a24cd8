//! The reader's "Related stories" section before and after the related
//! stories arrive: "still looking" and "nothing related" read differently,
//! in every interface language.

use crate::common;

use common::*;
use keruen::app::reader::LineKind;
use keruen::app::{self, AppState, Msg};
use keruen::domain::ArticleId;
use keruen::i18n::Lang;

/// The texts of the section's status lines (empty when it lists stories).
fn status(s: &AppState) -> Vec<String> {
    let r = s.reader.as_ref().expect("the reader is open");
    r.lines
        .iter()
        .filter(|l| l.kind == LineKind::RelatedStatus)
        .map(|l| l.text.clone())
        .collect()
}

fn open_first(lang: Lang) -> AppState {
    let mut s = loaded_in(lang, 80, 24);
    press(&mut s, "tab");
    press(&mut s, "enter");
    app::update(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    s
}

#[test]
fn still_looking_and_nothing_related_are_told_apart() {
    let mut s = open_first(Lang::En);
    assert_eq!(status(&s), vec!["Looking for related stories…"]);
    // Picking a related story now says why there is none to pick.
    press(&mut s, "]");
    assert_eq!(
        s.notice.as_ref().map(|n| n.text.as_str()),
        Some("Looking for related stories…")
    );
    // An answer for another article changes nothing.
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(2),
            related: Vec::new(),
        },
    );
    assert_eq!(status(&s), vec!["Looking for related stories…"]);
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(1),
            related: Vec::new(),
        },
    );
    assert_eq!(status(&s), vec!["No related stories"]);
    press(&mut s, "]");
    assert_eq!(
        s.notice.as_ref().map(|n| n.text.as_str()),
        Some("No related stories")
    );
    // The status survives a rewrap.
    app::update(&mut s, Msg::Resize(40, 24));
    assert_eq!(status(&s), vec!["No related stories"]);
}

#[test]
fn found_stories_replace_the_status_line() {
    let mut s = open_first(Lang::En);
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(1),
            related: related_to_first(),
        },
    );
    assert!(status(&s).is_empty());
    let r = s.reader.as_ref().unwrap();
    assert!(r.lines.iter().any(|l| l.kind == LineKind::Related(0)));
    let first = r.related[0].id;
    // Opening another article starts looking again.
    press(&mut s, "]");
    press(&mut s, "enter");
    assert_eq!(s.reader.as_ref().unwrap().id, first);
    assert!(!s.reader.as_ref().unwrap().related_loaded);
}

#[test]
fn both_states_are_in_every_language() {
    for lang in [Lang::Kk, Lang::Ru, Lang::En] {
        let mut s = open_first(lang);
        let looking = status(&s);
        app::update(
            &mut s,
            Msg::RelatedLoaded {
                reports: Vec::new(),
                article: ArticleId(1),
                related: Vec::new(),
            },
        );
        let none = status(&s);
        assert_eq!((looking.len(), none.len()), (1, 1), "{lang:?}");
        assert_ne!(looking, none, "{lang:?}");
    }
    let mut s = open_first(Lang::Kk);
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            reports: Vec::new(),
            article: ArticleId(1),
            related: Vec::new(),
        },
    );
    assert_eq!(status(&s), vec!["Ұқсас жаңалықтар жоқ"]);
}

/// The headings' texts, in order.
fn headings(s: &AppState) -> Vec<String> {
    let r = s.reader.as_ref().expect("the reader is open");
    r.lines
        .iter()
        .filter(|l| l.kind == LineKind::RelatedHeading)
        .map(|l| l.text.clone())
        .collect()
}

/// Other feeds' reports of the article's own story are listed before the
/// related stories, under a heading of their own, numbered apart; picking
/// walks the reports first, then the related stories, and opens either.
#[test]
fn the_own_storys_other_reports_come_first_and_are_picked_like_the_rest() {
    let mut s = open_first(Lang::En);
    let mut related = related_to_first();
    let reports: Vec<_> = related.drain(..2).collect();
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            article: ArticleId(1),
            reports: reports.clone(),
            related: related.clone(),
        },
    );
    let heads = headings(&s);
    assert_eq!(heads.len(), 2, "{heads:?}");
    assert!(
        heads[0].starts_with("The same story in other sources"),
        "{heads:?}"
    );
    assert!(heads[1].starts_with("Related stories"), "{heads:?}");
    // The keys are named once, on the first heading.
    assert!(heads[0].contains("pick") && !heads[1].contains("pick"));
    let r = s.reader.as_ref().unwrap();
    let numbered = |i: usize| {
        r.lines
            .iter()
            .find(|l| l.kind == LineKind::Related(i))
            .map(|l| l.text.clone())
            .unwrap_or_default()
    };
    assert!(numbered(0).starts_with("1. "), "{}", numbered(0));
    assert!(numbered(1).starts_with("2. "), "{}", numbered(1));
    // The related stories start again at 1.
    assert!(
        numbered(2).trim_start().starts_with("1. "),
        "{}",
        numbered(2)
    );
    // The report section comes before the related one in the text.
    let at = |i: usize| r.lines.iter().position(|l| l.kind == LineKind::Related(i));
    let related_heading = r
        .lines
        .iter()
        .position(|l| l.text.starts_with("Related stories"));
    assert!(at(1) < related_heading && related_heading < at(2));
    // Picking: the reports, then the related stories; Enter opens one.
    press(&mut s, "]");
    press(&mut s, "]");
    press(&mut s, "]");
    assert_eq!(s.reader.as_ref().unwrap().related_selected, Some(2));
    press(&mut s, "enter");
    assert_eq!(s.reader.as_ref().unwrap().id, related[0].id);

    // With reports and nothing related, the related section says so.
    let mut s = open_first(Lang::Ru);
    app::update(
        &mut s,
        Msg::RelatedLoaded {
            article: ArticleId(1),
            reports,
            related: Vec::new(),
        },
    );
    assert!(
        headings(&s)[0].starts_with("Эта же новость в других источниках"),
        "{:?}",
        headings(&s)
    );
    assert_eq!(status(&s), vec!["Похожих новостей нет"]);
}
