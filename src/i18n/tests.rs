use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeZone, Utc};
use fluent_syntax::ast;

use super::*;

fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |var| pairs.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone())
}

#[test]
fn the_config_wins_then_lc_all_lc_messages_lang() {
    let all = env_of(&[
        ("LC_ALL", "ru_RU.UTF-8"),
        ("LC_MESSAGES", "kk_KZ"),
        ("LANG", "en_US"),
    ]);
    assert_eq!(Lang::detect(Some(Lang::Kk), &all), Lang::Kk);
    assert_eq!(Lang::detect(None, &all), Lang::Ru);
    let messages = env_of(&[
        ("LC_ALL", ""),
        ("LC_MESSAGES", "kk_KZ.UTF-8"),
        ("LANG", "ru_RU"),
    ]);
    assert_eq!(Lang::detect(None, &messages), Lang::Kk);
    assert_eq!(
        Lang::detect(None, env_of(&[("LANG", "ru_KZ.UTF-8")])),
        Lang::Ru
    );
    assert_eq!(Lang::detect(None, env_of(&[])), Lang::En);
    // A locale without a catalogue is the user's choice for messages:
    // English, not a later variable.
    assert_eq!(
        Lang::detect(None, env_of(&[("LC_ALL", "de_DE"), ("LANG", "kk_KZ")])),
        Lang::En
    );
}

#[test]
fn locale_names_map_by_their_language_part() {
    for (name, lang) in [
        ("kk", Some(Lang::Kk)),
        ("kk_KZ.UTF-8", Some(Lang::Kk)),
        ("kk-Cyrl-KZ", Some(Lang::Kk)),
        ("ru_KZ", Some(Lang::Ru)),
        ("ru_RU@euro", Some(Lang::Ru)),
        ("RU", Some(Lang::Ru)),
        ("en_GB.UTF-8", Some(Lang::En)),
        ("C", None),
        ("POSIX", None),
        ("C.UTF-8", None),
        ("", None),
    ] {
        assert_eq!(Lang::from_locale(name), lang, "{name}");
    }
}

fn parsed(lang: Lang) -> ast::Resource<&'static str> {
    match fluent_syntax::parser::parse(catalog::source(lang)) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{} catalogue does not parse: {errors:?}", lang.tag()),
    }
}

fn messages(lang: Lang) -> Vec<ast::Message<&'static str>> {
    parsed(lang)
        .body
        .into_iter()
        .filter_map(|e| match e {
            ast::Entry::Message(m) => Some(m),
            _ => None,
        })
        .collect()
}

fn variables_in_pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            variables_in_expression(expression, out);
        }
    }
}

fn variables_in_expression(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            variables_in_inline(selector, out);
            for v in variants {
                variables_in_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => variables_in_inline(i, out),
    }
}

fn variables_in_inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => variables_in_expression(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                variables_in_inline(a, out);
            }
            for a in &arguments.named {
                variables_in_inline(&a.value, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_catalogue_has_every_id_once_with_only_its_declared_arguments() {
    for lang in Lang::ALL {
        let messages = messages(lang);
        let mut seen = BTreeSet::new();
        for m in &messages {
            assert!(
                seen.insert(m.id.name),
                "{}: {} defined twice",
                lang.tag(),
                m.id.name
            );
        }
        for (konst, id) in ids::ALL {
            let Some(m) = messages.iter().find(|m| m.id.name == id.name) else {
                panic!("{}: no message {} ({konst})", lang.tag(), id.name);
            };
            let Some(value) = &m.value else {
                panic!("{}: {} has no value", lang.tag(), id.name);
            };
            let mut used = BTreeSet::new();
            variables_in_pattern(value, &mut used);
            for var in &used {
                assert!(
                    id.args.contains(&var.as_str()),
                    "{}: {} uses ${var}, which {konst} does not declare",
                    lang.tag(),
                    id.name
                );
            }
        }
        for m in &messages {
            assert!(
                ids::ALL.iter().any(|(_, id)| id.name == m.id.name),
                "{}: {} is in the catalogue but not in ids.rs",
                lang.tag(),
                m.id.name
            );
        }
    }
}

#[test]
fn every_declared_argument_is_used_by_some_catalogue() {
    // An argument no catalogue reads is dead weight at every call site.
    // (Not every catalogue needs each one: Kazakh nouns do not inflect after
    // numerals, dates choose between `day` and `day2`.)
    let all: Vec<_> = Lang::ALL.iter().map(|l| messages(*l)).collect();
    for (konst, id) in ids::ALL {
        let mut used = BTreeSet::new();
        for catalogue in &all {
            for m in catalogue.iter().filter(|m| m.id.name == id.name) {
                if let Some(v) = &m.value {
                    variables_in_pattern(v, &mut used);
                }
            }
        }
        for arg in id.args {
            assert!(
                used.contains(*arg),
                "{} ({konst}): no catalogue uses ${arg}",
                id.name
            );
        }
    }
}

#[test]
fn russian_plurals_follow_one_few_many() {
    let ru = |n: u64| numbers::counted(Lang::Ru, ids::SIGNAL_VIEWS, n);
    assert_eq!(ru(1), "1 просмотр");
    assert_eq!(ru(21), "21 просмотр");
    assert_eq!(ru(3), "3 просмотра");
    assert_eq!(ru(22), "22 просмотра");
    assert_eq!(ru(5), "5 просмотров");
    assert_eq!(ru(11), "11 просмотров");
    assert_eq!(ru(12), "12 просмотров");
    assert_eq!(ru(111), "111 просмотров");
    assert_eq!(ru(1234), "1\u{a0}234 просмотра");
    // After an abbreviation the noun is genitive plural whatever the number.
    assert_eq!(ru(12_341), "12,3 тыс. просмотров");
    assert_eq!(ru(4_600_000), "4,6 млн просмотров");
}

#[test]
fn kazakh_and_english_counts() {
    let kk = |n: u64| numbers::counted(Lang::Kk, ids::SIGNAL_VIEWS, n);
    assert_eq!(kk(1_234), "1\u{a0}234 рет қаралды");
    assert_eq!(kk(12_345), "12,3 мың рет қаралды");
    assert_eq!(kk(12_000), "12 мың рет қаралды");
    assert_eq!(kk(1), "1 рет қаралды");
    let en = |n: u64| numbers::counted(Lang::En, ids::SIGNAL_COMMENTS, n);
    assert_eq!(en(1), "1 comment");
    assert_eq!(en(45), "45 comments");
    assert_eq!(en(12_345), "12.3k comments");
    assert_eq!(numbers::grouped(Lang::En, 1_234_567), "1,234,567");
    assert_eq!(numbers::grouped(Lang::Kk, 999), "999");
    assert_eq!(numbers::decimal(Lang::Ru, 1.5, 2), "1,50");
}

#[test]
fn abbreviations_step_up_when_rounding_reaches_the_next_unit() {
    let shown = |lang, n| numbers::compact(lang, n).shown;
    assert_eq!(shown(Lang::En, 999_499), "999k");
    assert_eq!(shown(Lang::En, 999_950), "1M");
    assert_eq!(shown(Lang::Ru, 999_950), "1 млн");
    assert_eq!(shown(Lang::Kk, 999_999_999), "1 млрд");
    assert_eq!(shown(Lang::En, 1_234), "1.2k");
    assert_eq!(shown(Lang::En, 3_400_000_000), "3.4G");
}

#[test]
fn relative_times_in_three_languages() {
    let now = Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap();
    let two_hours = now - chrono::Duration::hours(2);
    assert_eq!(
        time::ago_long(Lang::Kk, two_hours, now).as_deref(),
        Some("2 сағат бұрын")
    );
    assert_eq!(
        time::ago_long(Lang::Ru, two_hours, now).as_deref(),
        Some("2 часа назад")
    );
    assert_eq!(
        time::ago_long(Lang::En, two_hours, now).as_deref(),
        Some("2h ago")
    );
    assert_eq!(
        time::ago_short(Lang::En, two_hours, now).as_deref(),
        Some("2h")
    );
    let five_min = now - chrono::Duration::minutes(5);
    assert_eq!(
        time::ago_long(Lang::Ru, five_min, now).as_deref(),
        Some("5 минут назад")
    );
    let one_day = now - chrono::Duration::hours(25);
    assert_eq!(
        time::ago_long(Lang::Ru, one_day, now).as_deref(),
        Some("1 день назад")
    );
    let future = now + chrono::Duration::hours(3);
    assert_eq!(
        time::ago_short(Lang::Kk, future, now).as_deref(),
        Some("қазір")
    );
    assert_eq!(
        time::ago_short(Lang::En, now - chrono::Duration::days(8), now),
        None
    );
}

#[test]
fn dates_with_month_names() {
    let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    assert_eq!(time::date(Lang::Kk, d, false), "4 желтоқсан");
    assert_eq!(time::date(Lang::Kk, d, true), "2026 жылғы 4 желтоқсан");
    assert_eq!(time::date(Lang::Ru, d, true), "4 декабря 2026");
    assert_eq!(time::date(Lang::En, d, false), "Dec 04");
    assert_eq!(time::date(Lang::En, d, true), "2026-12-04");
}

#[test]
fn every_message_formats_without_errors_for_every_plural_form() {
    // 1, 2, 5 and 21 reach one/few/many/other in Russian and Kazakh.
    for lang in Lang::ALL {
        for (konst, id) in ids::ALL {
            for n in [1u64, 2, 5, 21] {
                let args: Vec<(&str, FluentValue)> =
                    id.args.iter().map(|a| (*a, FluentValue::from(n))).collect();
                let errors = catalog::format_errors(lang, id.name, &args);
                assert!(
                    errors.is_empty(),
                    "{}: {} ({konst}) with {n}: {errors:?}",
                    lang.tag(),
                    id.name
                );
                let text = lang.t(*id, &args);
                assert!(
                    !text.trim().is_empty() && !text.contains('{'),
                    "{}: {}: {text:?}",
                    lang.tag(),
                    id.name
                );
            }
        }
    }
}

/// Every `.rs` file under `src/`, with its text.
fn sources() -> Vec<(std::path::PathBuf, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut out,
    );
    out
}

#[test]
fn no_catalogue_has_a_message_nothing_uses() {
    // A message is used when code names its constant, or when another
    // message refers to it (`{ top-stories }`); the month names are used
    // through `ids::MONTHS`.
    let code: Vec<String> = sources()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("i18n/ids.rs"))
        .map(|(_, t)| t)
        .collect();
    let en = catalog::source(Lang::En);
    for (konst, id) in ids::ALL {
        let named = code.iter().any(|t| t.contains(&format!("ids::{konst}")));
        let referenced = en.contains(&format!("{{ {} }}", id.name));
        let month = konst.starts_with("MONTH_");
        assert!(
            named || referenced || month,
            "{} ({konst}) is in the catalogues but nothing uses it",
            id.name
        );
    }
}
