//! Measuring story grouping and related stories on labelled headline pairs.
//!
//! The pairs file is a TSV with a header and two rows a pair: `lang,
//! dataset, pair_id, side (a/b), same_story (1 / loose / 0), orig_label,
//! headline`. Every distinct headline of one language becomes an article
//! (each its own feed, all at one time, so only the text decides), and the
//! measures run over that whole set as one window:
//!
//! - **precision / recall**: the clusterer's own pairwise "same story?"
//!   decision ([`super::cluster::same_story_pairs`]) on `1` pairs
//!   (positives) and `0` pairs (hard negatives); `loose` pairs (same topic,
//!   details differ) are reported apart as the share grouped;
//! - **related@5**: for each `1`/`loose` pair, whether side b is among the
//!   first five related stories shown for side a, all headlines of the
//!   language being candidates;
//! - **negatives shown**: for each `0` pair, whether side b is among the
//!   first five related stories shown for side a (lower is better).
//!
//! Pairs are split into a dev half and a held-out half by a stable hash of
//! the pair id, so rules tuned on one half are checked on the other.

use std::collections::HashMap;

use chrono::{TimeZone, Utc};

use super::fingerprint::stable_hash;
use super::{RankArticle, RelatedIndex};
use crate::config::settings::RankSettings;
use crate::domain::{ArticleId, FeedId, Signals};

/// The label of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Same,
    Loose,
    Different,
}

/// One labelled pair of headlines.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub lang: String,
    pub id: String,
    pub label: Label,
    pub a: String,
    pub b: String,
}

impl Pair {
    /// Dev half (true) or held-out half (false), by a stable hash of the id.
    pub fn is_dev(&self) -> bool {
        stable_hash(self.id.as_bytes()).is_multiple_of(2)
    }
}

/// Reads the pairs TSV; rows that are not part of a complete a/b pair with
/// a known label are skipped.
pub fn parse_pairs(tsv: &str) -> Vec<Pair> {
    let mut half: HashMap<(String, String), (Label, String)> = HashMap::new();
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [lang, _dataset, id, side, same, _orig, headline] = cols[..] else {
            continue;
        };
        let label = match same {
            "1" => Label::Same,
            "loose" => Label::Loose,
            "0" => Label::Different,
            _ => continue,
        };
        let key = (lang.to_string(), id.to_string());
        match side {
            "a" => {
                half.insert(key, (label, headline.to_string()));
            }
            "b" => {
                if let Some((l, a)) = half.remove(&key)
                    && l == label
                {
                    out.push(Pair {
                        lang: key.0,
                        id: key.1,
                        label,
                        a,
                        b: headline.to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Counts for one language and half.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub same: usize,
    pub same_grouped: usize,
    pub different: usize,
    pub different_grouped: usize,
    pub loose: usize,
    pub loose_grouped: usize,
    /// `1`/`loose` pairs whose side b is among side a's first five related.
    pub related_hits: usize,
    pub related_pairs: usize,
    /// `0` pairs whose side b is among side a's first five related.
    pub negatives_shown: usize,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        let grouped = self.same_grouped + self.different_grouped;
        if grouped == 0 {
            return 1.0;
        }
        self.same_grouped as f64 / grouped as f64
    }

    pub fn recall(&self) -> f64 {
        ratio(self.same_grouped, self.same)
    }

    pub fn loose_grouped_share(&self) -> f64 {
        ratio(self.loose_grouped, self.loose)
    }

    pub fn related_at_5(&self) -> f64 {
        ratio(self.related_hits, self.related_pairs)
    }

    pub fn negatives_shown_share(&self) -> f64 {
        ratio(self.negatives_shown, self.different)
    }

    fn add(&mut self, o: &Scores) {
        self.same += o.same;
        self.same_grouped += o.same_grouped;
        self.different += o.different;
        self.different_grouped += o.different_grouped;
        self.loose += o.loose;
        self.loose_grouped += o.loose_grouped;
        self.related_hits += o.related_hits;
        self.related_pairs += o.related_pairs;
        self.negatives_shown += o.negatives_shown;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of one language: (dev half, held-out half).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LangScores {
    pub dev: Scores,
    pub held_out: Scores,
}

impl LangScores {
    pub fn all(&self) -> Scores {
        let mut s = self.dev;
        s.add(&self.held_out);
        s
    }
}

/// Runs the measures over the pairs of one language (see the module docs).
pub fn evaluate(pairs: &[Pair], settings: &RankSettings) -> LangScores {
    evaluate_with(pairs, settings, super::related::RELATED_FLOOR)
}

/// `evaluate` with another related-stories floor (for tuning on the dev half).
pub fn evaluate_with(pairs: &[Pair], settings: &RankSettings, floor: f32) -> LangScores {
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut articles: Vec<RankArticle> = Vec::new();
    let date = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single();
    let Some(date) = date else {
        return LangScores::default();
    };
    let mut side = |text: &str, articles: &mut Vec<RankArticle>| -> usize {
        let next = articles.len();
        let text = text.trim();
        *index_of.entry(text.to_string()).or_insert_with(|| {
            articles.push(RankArticle {
                id: ArticleId(next as i64),
                feed_id: FeedId(next as i64),
                title: text.to_string(),
                summary: None,
                link: None,
                date,
                signals: Signals::default(),
                fingerprint: None,
            });
            next
        })
    };
    let ends: Vec<(usize, usize)> = pairs
        .iter()
        .map(|p| (side(&p.a, &mut articles), side(&p.b, &mut articles)))
        .collect();
    let decisions = super::cluster::same_story_pairs(&articles, &ends, settings);
    // The index the reader shows related stories from: the articles
    // clustered, an article's own story left out of its list, one entry
    // per other story.
    let related = RelatedIndex::build_from(articles, settings);
    let mut out = LangScores::default();
    for ((p, &(a, b)), &same) in pairs.iter().zip(&ends).zip(&decisions) {
        let s = if p.is_dev() {
            &mut out.dev
        } else {
            &mut out.held_out
        };
        let (ida, idb) = (ArticleId(a as i64), ArticleId(b as i64));
        let story_b = related.story_of(idb);
        let of_b =
            |id: ArticleId| id == idb || (story_b.is_some() && related.story_of(id) == story_b);
        // Side b is shown with side a as a report of a's own story, or as
        // (or in) one of the first five related stories.
        let shown = a == b
            || of_b(ida)
            || related
                .related_above(ida, &[], 5, floor)
                .iter()
                .any(|&(id, _)| of_b(id));
        let grouped = a == b || same;
        match p.label {
            Label::Same => {
                s.same += 1;
                s.same_grouped += usize::from(grouped);
            }
            Label::Loose => {
                s.loose += 1;
                s.loose_grouped += usize::from(grouped);
            }
            Label::Different => {
                s.different += 1;
                s.different_grouped += usize::from(grouped);
                s.negatives_shown += usize::from(shown);
            }
        }
        if p.label != Label::Different {
            s.related_pairs += 1;
            s.related_hits += usize::from(shown);
        }
    }
    out
}

/// Evaluates every language of `pairs`, sorted by language code.
pub fn evaluate_all(pairs: &[Pair], settings: &RankSettings) -> Vec<(String, LangScores)> {
    evaluate_all_with(pairs, settings, super::related::RELATED_FLOOR)
}

/// `evaluate_all` with another related-stories floor.
pub fn evaluate_all_with(
    pairs: &[Pair],
    settings: &RankSettings,
    floor: f32,
) -> Vec<(String, LangScores)> {
    let mut langs: Vec<&str> = pairs.iter().map(|p| p.lang.as_str()).collect();
    langs.sort_unstable();
    langs.dedup();
    langs
        .into_iter()
        .map(|lang| {
            let own: Vec<Pair> = pairs.iter().filter(|p| p.lang == lang).cloned().collect();
            (lang.to_string(), evaluate_with(&own, settings, floor))
        })
        .collect()
}

/// A plain-text table of the scores, one row per language and half.
pub fn table(results: &[(String, LangScores)]) -> String {
    let mut out = String::from(
        "lang half      pairs(1/0/loose)   precision recall loose-grouped related@5 negatives-shown@5\n",
    );
    for (lang, s) in results {
        for (half, s) in [("dev", s.dev), ("held-out", s.held_out), ("all", s.all())] {
            out.push_str(&format!(
                "{lang:<4} {half:<9} {:>5}/{:>5}/{:>5}    {:>9.3} {:>6.3} {:>13.3} {:>9.3} {:>17.3}\n",
                s.same,
                s.different,
                s.loose,
                s.precision(),
                s.recall(),
                s.loose_grouped_share(),
                s.related_at_5(),
                s.negatives_shown_share(),
            ));
        }
    }
    out
}

/// Up to `limit` wrongly grouped `0` pairs and missed `1` pairs of the dev
/// half of one language, with their cosine (to study the errors on dev).
/// The window is the one `evaluate` decides in: every distinct headline of
/// the language, both halves (the idf, so the cosines, depend on it).
pub fn dev_mistakes(pairs: &[Pair], settings: &RankSettings, limit: usize) -> String {
    let (window, ends) = dev_window(pairs);
    let t = settings.title_similarity as f32;
    let (mut fp, mut fneg) = (String::new(), String::new());
    let (mut nfp, mut nfn) = (0, 0);
    for (p, &(a, b)) in pairs.iter().zip(&ends) {
        if !p.is_dev() || a == b {
            continue;
        }
        let same = window.same_story(a, b, t);
        let (cos, shared) = window.compare(a, b);
        let line = format!(
            "{cos:.2} sh{shared} c{} | {} | {}\n",
            u8::from(window.contradict(a, b)),
            p.a,
            p.b
        );
        if same && p.label == Label::Different && nfp < limit {
            fp.push_str(&line);
            nfp += 1;
        }
        if !same && p.label == Label::Same && nfn < limit {
            fneg.push_str(&line);
            nfn += 1;
        }
    }
    format!("false positives:\n{fp}missed:\n{fneg}")
}

/// Every pair of the dev half of one language as a TSV row: label,
/// grouped (0/1), cosine, side a, side b — decided as `evaluate` decides
/// (for studying a rule's effect on true and false merges at once, on dev).
pub fn dev_decisions(pairs: &[Pair], settings: &RankSettings) -> String {
    let (window, ends) = dev_window(pairs);
    let t = settings.title_similarity as f32;
    let mut out = String::from("label\tgrouped\tcosine\ta\tb\n");
    for (p, &(a, b)) in pairs.iter().zip(&ends) {
        if !p.is_dev() {
            continue;
        }
        let same = a == b || window.same_story(a, b, t);
        let (cos, _) = window.compare(a, b);
        out.push_str(&format!(
            "{:?}\t{}\t{cos:.3}\t{}\t{}\n",
            p.label,
            u8::from(same),
            p.a,
            p.b
        ));
    }
    out
}

/// Every pair of one language as a TSV row of its half, label, the
/// test's decision and `Window::features` (to measure, off line, whether
/// any combination of what the test could weigh separates the labels
/// better than the test does: `scripts/pair_features.py`).
pub fn pair_features(pairs: &[Pair], settings: &RankSettings) -> String {
    let (window, ends) = dev_window(pairs);
    let t = settings.title_similarity as f32;
    let mut out = String::from(
        "half\tlabel\tgrouped\tcos\tshared\tcontradict\tlen_a\tlen_b\trest_a\trest_b\t\
         heaviest_a\theaviest_b\tunshared_a\tunshared_b\tprivate_a\tprivate_b\t\
         numbers_a\tnumbers_b\tshared_names\tshared_numbers\trarest_shared\n",
    );
    for (p, &(a, b)) in pairs.iter().zip(&ends) {
        if a == b {
            continue;
        }
        let same = window.same_story(a, b, t);
        let row: Vec<String> = window
            .features(a, b)
            .iter()
            .map(|x| format!("{x:.4}"))
            .collect();
        out.push_str(&format!(
            "{}\t{:?}\t{}\t{}\n",
            if p.is_dev() { "dev" } else { "held" },
            p.label,
            u8::from(same),
            row.join("\t")
        ));
    }
    out
}

/// The window `evaluate` decides in (every distinct headline of the
/// language, both halves: the idf, so the cosines, depend on it) and each
/// pair's two articles in it.
fn dev_window(pairs: &[Pair]) -> (super::similar::Window, Vec<(usize, usize)>) {
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    let mut titles: Vec<&str> = Vec::new();
    let mut ends: Vec<(usize, usize)> = Vec::with_capacity(pairs.len());
    for p in pairs {
        let mut end = [0usize; 2];
        for (slot, text) in end.iter_mut().zip([p.a.trim(), p.b.trim()]) {
            let next = titles.len();
            *slot = *index_of.entry(text).or_insert_with(|| {
                titles.push(text);
                next
            });
        }
        ends.push((end[0], end[1]));
    }
    let fps: Vec<super::Fingerprint> = titles
        .iter()
        .map(|t| super::Fingerprint::of(t, None, None))
        .collect();
    (super::similar::Window::build(fps.iter()), ends)
}

/// Up to `limit` `1`/`loose` pairs of the dev half of one language whose
/// side b is not among side a's first five related stories: b's score
/// and the five shown instead (to study related@5 on dev).
pub fn dev_related_misses(pairs: &[Pair], floor: f32, limit: usize) -> String {
    dev_related_list(pairs, floor, limit, false)
}

/// Up to `limit` `0` pairs of the dev half of one language whose side b
/// is among side a's first five related stories (negatives shown): b's
/// score and the five shown (to study what a change of related stories
/// would show wrongly, on dev).
pub fn dev_negatives_shown(pairs: &[Pair], floor: f32, limit: usize) -> String {
    dev_related_list(pairs, floor, limit, true)
}

/// The misses of `1`/`loose` pairs, or with `negatives` the `0` pairs
/// shown, of the dev half.
fn dev_related_list(pairs: &[Pair], floor: f32, limit: usize, negatives: bool) -> String {
    let mut index_of: HashMap<String, usize> = HashMap::new();
    let mut articles: Vec<RankArticle> = Vec::new();
    let Some(date) = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single() else {
        return String::new();
    };
    let mut side = |text: &str| -> usize {
        let next = articles.len();
        let text = text.trim();
        *index_of.entry(text.to_string()).or_insert_with(|| {
            articles.push(RankArticle {
                id: ArticleId(next as i64),
                feed_id: FeedId(next as i64),
                title: text.to_string(),
                summary: None,
                link: None,
                date,
                signals: Signals::default(),
                fingerprint: None,
            });
            next
        })
    };
    let ends: Vec<(usize, usize)> = pairs.iter().map(|p| (side(&p.a), side(&p.b))).collect();
    let titles: Vec<String> = articles.iter().map(|a| a.title.clone()).collect();
    let related = RelatedIndex::build_from(articles, &RankSettings::default());
    let mut out = String::new();
    let mut listed = 0;
    for (p, &(a, b)) in pairs.iter().zip(&ends) {
        let wanted = (p.label == Label::Different) == negatives;
        if !p.is_dev() || !wanted || a == b || listed >= limit {
            continue;
        }
        let (ida, idb) = (ArticleId(a as i64), ArticleId(b as i64));
        let story_b = related.story_of(idb);
        let of_b =
            |id: ArticleId| id == idb || (story_b.is_some() && related.story_of(id) == story_b);
        let all = related.related_above(ida, &[], 50, 0.0);
        let top: Vec<&(ArticleId, f32)> = all.iter().take(5).collect();
        let shown = of_b(ida) || top.iter().any(|(id, s)| of_b(*id) && *s >= floor);
        if shown != negatives {
            continue;
        }
        listed += 1;
        let rank = all.iter().position(|(id, _)| id.0 == b as i64);
        let score = rank.map_or(0.0, |r| all[r].1);
        out.push_str(&format!(
            "{:?} rank {} score {score:.2} | {} | {}\n",
            p.label,
            rank.map_or("-".to_string(), |r| (r + 1).to_string()),
            p.a,
            p.b
        ));
        for (id, s) in top {
            out.push_str(&format!("    {s:.2} {}\n", titles[id.0 as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_complete_pairs_only() {
        let tsv = "lang\tdataset\tpair_id\tside\tsame_story\torig_label\theadline\n\
            ru\tx\tp1\ta\t1\t1\tОдин\n\
            ru\tx\tp1\tb\t1\t1\tДва\n\
            en\tx\tp2\ta\t0\t0\tthree\n\
            en\tx\tp3\tb\tloose\t0\tfour\n\
            en\tx\tp4\ta\tmaybe\t0\tfive\n\
            en\tx\tp4\tb\tmaybe\t0\tsix\n";
        let pairs = parse_pairs(tsv);
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].label, Label::Same);
        assert_eq!((pairs[0].a.as_str(), pairs[0].b.as_str()), ("Один", "Два"));
    }

    #[test]
    fn scores_count_the_decisions() {
        let p = |id: &str, label, a: &str, b: &str| Pair {
            lang: "en".into(),
            id: id.into(),
            label,
            a: a.into(),
            b: b.into(),
        };
        let pairs = vec![
            p(
                "1",
                Label::Same,
                "Kazakhstan wins gold in Paris Olympic boxing final",
                "Kazakhstan wins gold in Paris Olympic boxing final today",
            ),
            p(
                "2",
                Label::Different,
                "Oil output cut deepened by OPEC ministers meeting",
                "Grain harvest record set by farmers in northern region",
            ),
        ];
        let s = evaluate(&pairs, &RankSettings::default()).all();
        assert_eq!((s.same, s.same_grouped), (1, 1));
        assert_eq!((s.different, s.different_grouped), (1, 0));
        assert_eq!(s.precision(), 1.0);
        assert_eq!(s.related_at_5(), 1.0);
        assert_eq!(s.negatives_shown, 0);
    }
}
