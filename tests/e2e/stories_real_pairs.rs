//! Real labelled pairs through the real binary, as issue 13 measures
//! stories: each distinct sentence of a set is an RSS item (the two sides
//! of every pair in different feeds), `keruen refresh` stores them, and a
//! pair is grouped when both sides are members of one story of `keruen top
//! --json`. `scripts/eval_e2e.py` is the same measurement over every set
//! (docs/ranking.md, "Stop 32"); these tests hold it on the sets in the
//! repo: Kazakh television news (KazNERD, CC BY 4.0) and Kazakh–Russian
//! translations (Tatoeba, CC BY 2.0 FR).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use crate::common::run_binary::keruen;

/// Items a feed, under the cache's 1,000-a-feed cap.
const PER_FEED: usize = 200;

struct Pair {
    label: String,
    a: String,
    b: String,
}

/// The pairs of `tsv` in language `lang` (its first column).
fn pairs(tsv: &str, lang: &str) -> Vec<Pair> {
    let mut sides: BTreeMap<&str, (String, Option<String>, Option<String>)> = BTreeMap::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let [language, _, id, side, label, _, text] = f[..] else {
            panic!("a row of seven columns: {line}");
        };
        if language != lang {
            continue;
        }
        let e = sides.entry(id).or_insert((label.to_string(), None, None));
        match side {
            "a" => e.1 = Some(text.to_string()),
            _ => e.2 = Some(text.to_string()),
        }
    }
    sides
        .into_values()
        .filter_map(|(label, a, b)| {
            Some(Pair {
                label,
                a: a?,
                b: b?,
            })
        })
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes the feeds and a config naming them; returns the config's path
/// and each sentence's guid. Sentences are coloured so that the sides of
/// every pair are in different feeds (stories join reports of different
/// feeds). With `leads`, each item's description is three other sentences
/// of the set: leads that say nothing about the pair.
fn write_feeds(
    dir: &Path,
    pairs: &[Pair],
    leads: bool,
) -> (std::path::PathBuf, HashMap<String, String>) {
    let mut partners: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for p in pairs {
        partners.entry(&p.a).or_default().insert(&p.b);
        partners.entry(&p.b).or_default().insert(&p.a);
    }
    let mut colour: BTreeMap<&str, usize> = BTreeMap::new();
    for (&text, others) in &partners {
        let taken: HashSet<usize> = others
            .iter()
            .filter_map(|o| colour.get(o).copied())
            .collect();
        let c = (0..).find(|c| !taken.contains(c)).unwrap();
        colour.insert(text, c);
    }
    let texts: Vec<&str> = colour.keys().copied().collect();
    let now = chrono::Utc::now();
    let mut feeds: BTreeMap<String, String> = BTreeMap::new();
    let mut placed: HashMap<usize, usize> = HashMap::new();
    let mut guid = HashMap::new();
    for (i, (&text, &c)) in colour.iter().enumerate() {
        let n = placed.entry(c).or_insert(0);
        let name = format!("outlet-{c}-{}", *n / PER_FEED);
        *n += 1;
        let id = format!("s{i}");
        guid.insert(text.to_string(), id.clone());
        let lead = if leads {
            let pick = |k: usize| texts[(i * k + 3) % texts.len()];
            format!(
                "<description>{}</description>",
                escape(&[pick(7), pick(13), pick(31)].join(" "))
            )
        } else {
            String::new()
        };
        let date = (now - chrono::Duration::minutes(60 + (i as i64 * 37) % 1200)).to_rfc2822();
        feeds.entry(name).or_default().push_str(&format!(
            "<item><title>{}</title><link>https://{id}.example/</link><guid>{id}</guid>\
             <pubDate>{date}</pubDate>{lead}</item>\n",
            escape(text)
        ));
    }
    let mut config = String::new();
    for (name, items) in &feeds {
        let path = dir.join(format!("{name}.xml"));
        std::fs::write(
            &path,
            format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>\
                 <title>{name}</title><link>https://{name}.example/</link>\n{items}</channel></rss>"
            ),
        )
        .unwrap();
        config.push_str(&format!(
            "[[feeds]]\nname = \"{name}\"\nurl = \"{}\"\n\n",
            path.display()
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, config).unwrap();
    (path, guid)
}

/// (label, grouped) of every pair, through `refresh` and `top --json`.
fn grouped(pairs: &[Pair], leads: bool) -> Vec<(String, bool)> {
    let dir = tempfile::tempdir().unwrap();
    let (config, guid) = write_feeds(dir.path(), pairs, leads);
    let data = dir.path().join("data");
    let run = |args: &[&str]| {
        let out = keruen(&config, &data, args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        out.stdout
    };
    let json = |args: &[&str]| -> Value { serde_json::from_slice(&run(args)).expect("JSON") };
    run(&["refresh"]);
    let list = json(&["list", "--json", "-n", "100000"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), guid.len(), "every sentence is stored");
    let link_of: HashMap<i64, &str> = list
        .iter()
        .map(|a| (a["id"].as_i64().unwrap(), a["link"].as_str().unwrap()))
        .collect();
    let mut story: HashMap<String, i64> = HashMap::new();
    let top = json(&["top", "--json", "--since", "30d", "-n", "100000"]);
    for s in top.as_array().unwrap() {
        let at = s["article"]["id"].as_i64().unwrap();
        for m in s["members"].as_array().unwrap() {
            let link = link_of[&m.as_i64().unwrap()];
            story.insert(link.to_string(), at);
        }
    }
    let story_of = |text: &str| {
        story
            .get(&format!("https://{}.example/", guid[text]))
            .copied()
    };
    pairs
        .iter()
        .map(|p| {
            let (a, b) = (story_of(&p.a), story_of(&p.b));
            (p.label.clone(), a.is_some() && a == b)
        })
        .collect()
}

fn count(decisions: &[(String, bool)], label: &str) -> (usize, usize) {
    let of: Vec<bool> = decisions
        .iter()
        .filter(|d| d.0 == label)
        .map(|d| d.1)
        .collect();
    (of.iter().filter(|&&g| g).count(), of.len())
}

#[test]
fn kazakh_news_pairs_group_in_the_readers_stories_with_and_without_leads() {
    let pairs = pairs(include_str!("../fixtures/rank/kk_kaznerd.tsv"), "kk");
    assert_eq!(pairs.len(), 383);
    let bare = grouped(&pairs, false);
    let ((same, of_same), (wrong, of_wrong)) = (count(&bare, "1"), count(&bare, "0"));
    // docs/ranking.md, "Stop 32": 188 of 200 (dev 0.960, held-out 0.921),
    // no negative, as the clusterer's pairwise decision.
    assert!(
        same * 100 >= of_same * 93,
        "{same} of {of_same} `1` pairs grouped"
    );
    assert_eq!(wrong, 0, "{wrong} of {of_wrong} `0` pairs grouped");
    // Leads that say nothing about a pair only add evidence: every pair
    // grouped on its titles stays grouped (before the title idf counted
    // titles only, the other articles' leads parted some: the test failed
    // on that code).
    let led = grouped(&pairs, true);
    let lost: Vec<&Pair> = pairs
        .iter()
        .zip(bare.iter().zip(&led))
        .filter(|(p, (b, l))| p.label == "1" && b.1 && !l.1)
        .map(|(p, _)| p)
        .collect();
    assert!(
        lost.is_empty(),
        "parted by other articles' leads: {:?}",
        lost.iter().map(|p| (&p.a, &p.b)).collect::<Vec<_>>()
    );
    assert_eq!(count(&led, "0").0, 0, "no negative grouped with leads");
}

#[test]
fn kazakh_and_russian_reports_of_one_event_group_in_the_readers_stories() {
    let pairs = pairs(include_str!("../fixtures/rank/kk_ru_tatoeba.tsv"), "kk-ru");
    let decisions = grouped(&pairs, false);
    let ((same, of_same), (wrong, of_wrong)) = (count(&decisions, "1"), count(&decisions, "0"));
    // docs/ranking.md: dev 0.309, held-out 0.283 of the translations
    // group (38 of 128), none of the look-alikes. Issue 13 item 5's figure,
    // through the binary.
    assert!(
        same * 100 >= of_same * 28,
        "{same} of {of_same} `1` pairs grouped"
    );
    assert!(wrong <= 1, "{wrong} of {of_wrong} `0` pairs grouped");
}

/// The English headline pairs beside the clone (`../shared/data/headlines`,
/// as CI has them; the test says so and passes when they are absent).
#[test]
fn english_headline_pairs_group_in_the_readers_stories() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/headlines/train_pairs.tsv");
    let Ok(tsv) = std::fs::read_to_string(&path) else {
        println!("skipped: {} not found", path.display());
        return;
    };
    let pairs = pairs(&tsv, "en");
    assert_eq!(pairs.len(), 1999);
    let decisions = grouped(&pairs, false);
    let ((same, of_same), (wrong, _)) = (count(&decisions, "1"), count(&decisions, "0"));
    let precision = same as f64 / (same + wrong) as f64;
    let recall = same as f64 / of_same as f64;
    println!("en through the binary: precision {precision:.3}, recall {recall:.3}");
    // docs/ranking.md, "Stop 33": 371 of 510 grouped, 14 of 773 negatives
    // (0.964 / 0.727; pairwise 0.971 / 0.731: stories join a few reports
    // that are not a pair of the test). At stop 32, before places were
    // names wherever they stand, 375 and 20 (0.949 / 0.735).
    assert!(
        precision >= 0.955,
        "precision {precision:.3} ({same} / {wrong})"
    );
    assert!(recall >= 0.72, "recall {recall:.3} ({same} of {of_same})");
}
