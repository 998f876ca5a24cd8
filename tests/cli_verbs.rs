//! The CLI verbs a script uses, run as the real binary against a cache
//! refreshed from a local feed file: search arguments, names and ids.

mod run_binary;
use run_binary::{Fixture, fixture_with};

fn plain() -> Fixture {
    fixture_with("ClusterA", "kz", 5)
}

fn stdout(f: &Fixture, args: &[&str]) -> (i32, String, String) {
    let out = f.run(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_query_means_the_same_as_one_argument_or_many() {
    let f = plain();
    let many = stdout(
        &f,
        &["search", "--json", "Алматы", "since:7d", "feed:clustera"],
    );
    let one = stdout(&f, &["search", "--json", "Алматы since:7d feed:clustera"]);
    assert_eq!(many.0, 0, "{many:?}");
    assert_eq!(one, many);
    let hits: serde_json::Value = serde_json::from_str(&one.1).unwrap();
    assert_eq!(hits.as_array().map(Vec::len), Some(5), "{hits}");
}

#[test]
fn a_word_with_a_hyphen_leaves_articles_out_without_dashes() {
    let f = plain();
    // Item 3's title is "Алматы жаңалығы 3": leaving out "3" leaves four.
    let (code, out, err) = stdout(&f, &["search", "Алматы", "-3", "--json", "-n", "10"]);
    assert_eq!(code, 0, "{err}");
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    let titles: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(!titles.iter().any(|t| t.ends_with(" 3")), "{titles:?}");
}

#[test]
fn feed_names_on_the_command_line_ignore_case() {
    let f = plain();
    let (code, out, err) = stdout(&f, &["refresh", "--feed", "clustera"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ClusterA: "), "{out}");
    let (code, out, err) = stdout(&f, &["list", "--feed", "CLUSTERA", "--count"]);
    assert_eq!((code, out.trim()), (0, "5"), "{err}");
}

#[test]
fn an_unknown_article_id_is_said_in_words() {
    let f = plain();
    for verb in ["related"] {
        let (code, _, err) = stdout(&f, &[verb, "99999"]);
        assert_ne!(code, 0);
        assert!(err.contains("no article with id 99999"), "{verb}: {err}");
        assert!(!err.contains("ArticleId"), "{verb}: {err}");
    }
}
