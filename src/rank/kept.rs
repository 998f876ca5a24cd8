//! Story links kept in the cache: the pairs of articles that pass the
//! "same story?" test (with their cosine) are a function of the articles,
//! so they are computed when articles arrive (`step_links`, in background
//! steps: `store::story_links`) and Top stories reads them instead of
//! searching a week of articles for candidate pairs on every call
//! (`cluster_kept`). docs/ranking.md, "Top from kept story links", says
//! what a kept cosine means.
//!
//! The linkage is the fresh clustering's (`cluster::link_stories`): links
//! strongest first, complete linkage, the same contradiction checks and
//! `LINK_FLOOR`. Member pairs that are not links are compared from those
//! members' fingerprints, weighed with the document frequencies the last
//! step kept (`DocFreqs`), not from the whole window.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::TimeDelta;

use super::cluster::{self, LINK_FLOOR, Stories};
use super::fingerprint::{self, Fingerprint};
use super::similar::{Reference, Window};
use super::{FastMap, RankArticle};
use crate::config::settings::RankSettings;
use crate::domain::ArticleId;

/// The version of the rules that decide links (tokenising, stemming, the
/// "same story?" test, candidate search). Kept links computed under
/// another version are dropped and computed again: bump it with any change
/// of those rules.
/// 6: days of the week, a question against a statement, `higher` /
/// `lower` and `strengthens` / `weakens` as opposite ways, English
/// directions (`northern`, `NW`, `N.`) as the direction. 7: an acronym
/// is mentioned by a title that spells out its name (`acronyms`). 8:
/// English irregular forms as their base word (`irregular`) and
/// peoples no suffix brings to their country (`demonyms`); an event
/// word that begins a title keeps its pole, and counts only for a word
/// of its own script (`opposites`). 9: the Kazakh stemmer reads a final
/// у as a glide and cuts to the two-letter noun roots (`kazakh`). 10:
/// the title vector's idf counts titles only (`similar`), and a Latin
/// letter typed into a Cyrillic word is the Cyrillic letter it looks like
/// (`text::fold_into`). 11: a place of the map is a name wherever it
/// stands, and a capital and its land are one place (`gazetteer`); a
/// step's common-term cap is a share of the articles it counts, not of
/// those it holds (`Window::counted`).
pub const RULES_VERSION: u32 = 11;

/// A kept link between two articles (indices): its cosine, or `None` for
/// two reports of one canonical URL (always one story).
pub type KeptLink = (usize, usize, Option<f32>);

/// What kept links were computed with: the rules, the fingerprints'
/// version and the settings that decide links. Links kept under another
/// signature are not used, and computed again.
pub fn signature(settings: &RankSettings) -> String {
    let span = TimeDelta::from_std(settings.cluster_window)
        .unwrap_or(TimeDelta::MAX)
        .num_seconds();
    format!(
        "rules={RULES_VERSION} fingerprint={} threshold={:08x} span={span}",
        fingerprint::VERSION,
        cluster::threshold(settings).to_bits()
    )
}

/// Document frequencies of a reference window: `n` articles, and each
/// term (stem id) in at least two of them with its count, sorted (a term
/// absent here is in one article).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocFreqs {
    pub n: u32,
    df: Vec<(u32, u32)>,
}

impl DocFreqs {
    pub fn of<'a>(fingerprints: impl Iterator<Item = &'a Fingerprint>) -> DocFreqs {
        let mut counts = Counts::default();
        for f in fingerprints {
            counts.add(f);
        }
        counts.doc_freqs()
    }

    /// The document frequency of a stem id (at least 1). Ids are 32-bit
    /// hashes (`fingerprint::term_hash`); the wider ones of version-2
    /// fingerprints are cut to 32 bits here and in `of` alike.
    pub fn get(&self, stem: u64) -> u32 {
        self.df
            .binary_search_by_key(&(stem as u32), |e| e.0)
            .map_or(1, |at| self.df[at].1)
    }

    /// Stored form: n, then (stem id, df) pairs, little-endian u32s.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(4 + 8 * self.df.len());
        out.extend_from_slice(&self.n.to_le_bytes());
        for &(s, d) in &self.df {
            out.extend_from_slice(&s.to_le_bytes());
            out.extend_from_slice(&d.to_le_bytes());
        }
        out
    }

    /// `None` for a damaged blob.
    pub fn decode(bytes: &[u8]) -> Option<DocFreqs> {
        let (n, rest) = bytes.split_first_chunk::<4>()?;
        if rest.len() % 8 != 0 {
            return None;
        }
        let df = rest
            .chunks_exact(8)
            .map(|c| {
                let (s, d) = c.split_at(4);
                Some((
                    u32::from_le_bytes(s.try_into().ok()?),
                    u32::from_le_bytes(d.try_into().ok()?),
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(DocFreqs {
            n: u32::from_le_bytes(*n),
            df,
        })
    }
}

/// Document frequencies being counted, an article at a time: over title
/// and lead (what `DocFreqs` keeps) and over titles alone (the title
/// vector's idf, `similar`). A step counts its whole reference week here
/// while it holds only the articles its pending ones can be linked with
/// (`step_links`), so its memory follows the batch, not the week.
#[derive(Debug, Default)]
pub struct Counts {
    n: u32,
    all: FastMap<u32, u32>,
    title: FastMap<u32, u32>,
}

impl Counts {
    /// Count one article.
    pub fn add(&mut self, f: &Fingerprint) {
        self.n += 1;
        // A marker (`Fingerprint::is_marker`) is not a term.
        for &w in f.stems.iter().filter(|&&w| !Fingerprint::is_marker(w)) {
            let stem = Fingerprint::stem_id(w) as u32;
            *self.all.entry(stem).or_insert(0) += 1;
            if Fingerprint::in_title(w) {
                *self.title.entry(stem).or_insert(0) += 1;
            }
        }
    }

    /// Count `articles` (their fingerprints as clustering reads them:
    /// `cluster::fingerprints`), showing each to `each`.
    pub fn add_articles(
        &mut self,
        articles: &[RankArticle],
        mut each: impl FnMut(&RankArticle, &Fingerprint),
    ) {
        for (a, f) in articles.iter().zip(cluster::fingerprints(articles)) {
            self.add(&f);
            each(a, &f);
        }
    }

    /// What is kept of them: the terms in two articles or more.
    pub fn doc_freqs(&self) -> DocFreqs {
        Counts::kept(self.n, &self.all)
    }

    /// The same of the titles alone. A term in one title or none weighs
    /// the same in a title vector (`similar`), so this is exact too.
    fn title_freqs(&self) -> DocFreqs {
        Counts::kept(self.n, &self.title)
    }

    fn kept(n: u32, counts: &FastMap<u32, u32>) -> DocFreqs {
        let mut df: Vec<(u32, u32)> = counts
            .iter()
            .filter(|&(_, &d)| d > 1)
            .map(|(&s, &d)| (s, d))
            .collect();
        df.sort_unstable();
        DocFreqs { n, df }
    }
}

fn span_secs(settings: &RankSettings) -> i64 {
    TimeDelta::from_std(settings.cluster_window)
        .unwrap_or(TimeDelta::MAX)
        .num_seconds()
}

/// The links of a step: every pair of `articles` with at least one end
/// `pending` that the fresh clustering of the step's reference window
/// would link (the same candidate search and test), and that window's
/// document frequencies. `articles` are the window's articles a pending
/// one can be linked with (within the span of one); `rest` has counted
/// the window's others, so every vector is weighed as in the whole
/// window while only these are held.
pub fn step_links(
    articles: &[RankArticle],
    pending: &[bool],
    settings: &RankSettings,
    mut rest: Counts,
) -> (Vec<KeptLink>, DocFreqs) {
    let fingerprints: Vec<Cow<'_, Fingerprint>> = cluster::fingerprints(articles);
    let mut out: Vec<KeptLink> = Vec::new();
    // Same canonical URL: every pair of a group with a pending member.
    let mut by_url: FastMap<u64, Vec<usize>> = FastMap::default();
    for (i, f) in fingerprints.iter().enumerate() {
        if let Some(url) = f.url {
            by_url.entry(url).or_default().push(i);
        }
    }
    for group in by_url.values().filter(|g| g.len() > 1) {
        for (k, &x) in group.iter().enumerate() {
            for &y in &group[k + 1..] {
                if pending[x] || pending[y] {
                    out.push((x, y, None));
                }
            }
        }
    }
    for f in &fingerprints {
        rest.add(f);
    }
    // The counts as sorted lists (a few bytes a term in two articles or
    // more) before the vectors are built: the maps are the size of the
    // week's vocabulary.
    let (df, title_df) = (rest.doc_freqs(), rest.title_freqs());
    drop(rest);
    let t = cluster::threshold(settings);
    if t > 0.0 {
        let all = |stem: u64| df.get(stem);
        let title = |stem: u64| title_df.get(stem);
        let reference = Reference {
            n: df.n as usize,
            df: &all,
            title_df: Some(&title),
        };
        let window = Window::build_with(fingerprints.iter().map(|f| f.as_ref()), Some(&reference));
        drop(title_df);
        let mut order: Vec<usize> = (0..articles.len()).collect();
        order.sort_by_key(|&i| (articles[i].date, articles[i].id));
        let edges = super::candidates::links(articles, &window, &order, t, span_secs(settings));
        out.extend(
            edges
                .into_iter()
                .filter(|&(_, i, j)| pending[i] || pending[j])
                .map(|(cos, i, j)| (i, j, Some(cos))),
        );
    }
    (out, df)
}

/// The ends of `links` that the linkage may compare with an article other
/// than the one a link names: those of a group of three or more articles
/// joined by links. Two articles joined by one link and nothing else merge
/// on that link alone, so their fingerprints need not be read.
pub fn compared_ends(links: &[(ArticleId, ArticleId, Option<f32>)]) -> HashSet<ArticleId> {
    let mut parent: FastMap<ArticleId, ArticleId> = FastMap::default();
    fn root(parent: &mut FastMap<ArticleId, ArticleId>, mut x: ArticleId) -> ArticleId {
        while let Some(&p) = parent.get(&x).filter(|&&p| p != x) {
            let up = parent.get(&p).copied().unwrap_or(p);
            parent.insert(x, up);
            x = p;
        }
        x
    }
    for &(a, b, _) in links {
        parent.entry(a).or_insert(a);
        parent.entry(b).or_insert(b);
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra != rb {
            parent.insert(ra.max(rb), ra.min(rb));
        }
    }
    let ends: Vec<ArticleId> = parent.keys().copied().collect();
    let mut size: FastMap<ArticleId, usize> = FastMap::default();
    let roots: Vec<ArticleId> = ends.iter().map(|&e| root(&mut parent, e)).collect();
    for &r in &roots {
        *size.entry(r).or_insert(0) += 1;
    }
    ends.into_iter()
        .zip(roots)
        .filter(|(_, r)| size.get(r).is_some_and(|&n| n > 2))
        .map(|(e, _)| e)
        .collect()
}

/// Members' vectors for the linkage's comparisons of pairs that are not
/// links: a window over those members only, weighed with kept document
/// frequencies.
pub struct Members {
    window: Window,
    /// Index into `articles` → place in `window`.
    at: FastMap<usize, usize>,
}

impl Members {
    /// `fingerprints`: (index into the articles, fingerprint) of every
    /// article that is an end of a kept link.
    pub fn new(fingerprints: &[(usize, Fingerprint)], df: &DocFreqs) -> Members {
        let lookup = |stem: u64| df.get(stem);
        let reference = Reference {
            n: df.n as usize,
            df: &lookup,
            title_df: None,
        };
        let window = Window::build_with(fingerprints.iter().map(|f| &f.1), Some(&reference));
        let at = fingerprints
            .iter()
            .enumerate()
            .map(|(k, f)| (f.0, k))
            .collect();
        Members { window, at }
    }

    /// No contradiction, and similar at least `floor` (`cluster::Link`).
    fn compatible(&self, x: usize, y: usize, floor: f32) -> bool {
        match (self.at.get(&x), self.at.get(&y)) {
            (Some(&a), Some(&b)) => {
                !self.window.contradict(a, b) && self.window.compare(a, b).0 >= floor
            }
            // Without a fingerprint nothing says they agree.
            _ => false,
        }
    }
}

/// Stories of `articles` from their kept links (indices into `articles`,
/// both ends in it): the fresh clustering's linkage (`cluster`) with the
/// kept links as its candidate links. Lists of indices, each earliest
/// first, in the order of their first member.
pub fn cluster_kept(
    articles: &[RankArticle],
    links: &[KeptLink],
    members: &Members,
    settings: &RankSettings,
) -> Vec<Vec<usize>> {
    let n = articles.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (articles[i].date, articles[i].id));
    let mut stories = Stories::new(n);
    for &(x, y, cos) in links {
        if cos.is_none() {
            stories.union(x, y);
        }
    }
    let t = cluster::threshold(settings);
    if t > 0.0 {
        let span = span_secs(settings);
        let floor = (f64::from(t) * LINK_FLOOR) as f32;
        let key = |i: usize| (articles[i].date, articles[i].id);
        let mut cosine: FastMap<(usize, usize), f32> = FastMap::default();
        let mut edges = Vec::with_capacity(links.len());
        for &(x, y, cos) in links {
            if let Some(cos) = cos {
                let (a, b) = if key(x) <= key(y) { (x, y) } else { (y, x) };
                cosine.insert((a.min(b), a.max(b)), cos);
                edges.push((cos, a, b));
            }
        }
        cluster::link_stories(edges, &mut stories, |x, y| {
            let apart = (articles[x].date - articles[y].date).num_seconds().abs();
            if apart > span {
                return false;
            }
            match cosine.get(&(x.min(y), x.max(y))) {
                // A link passed the "same story?" test: no contradiction.
                Some(&cos) => cos >= floor,
                None => members.compatible(x, y, floor),
            }
        });
    }
    cluster::groups(&order, &mut stories)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_frequencies_count_articles_and_read_back_from_their_stored_form() {
        let a = Fingerprint::of("Oil prices jump after output cuts", None, None);
        let b = Fingerprint::of("Oil prices fall after output rise", None, None);
        let df = DocFreqs::of([&a, &b].into_iter());
        assert_eq!(df.n, 2);
        let oil = a
            .stems
            .iter()
            .find(|&&w| b.stems.contains(&w))
            .copied()
            .unwrap();
        let only_a = a
            .stems
            .iter()
            .find(|w| !b.stems.contains(w))
            .copied()
            .unwrap();
        assert_eq!(df.get(Fingerprint::stem_id(oil)), 2);
        assert_eq!(df.get(Fingerprint::stem_id(only_a)), 1);
        assert_eq!(DocFreqs::decode(&df.encode()), Some(df.clone()));
        assert_eq!(DocFreqs::decode(&[1, 0, 0]), None);
    }

    #[test]
    fn a_member_pair_that_is_not_a_link_is_compared_from_fingerprints_and_never_chains() {
        use crate::domain::{FeedId, Signals};
        use chrono::TimeZone;
        let at = chrono::Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
        let titles = [
            "Storm kills 5 in northern province overnight",
            "Storm in northern province kills villagers overnight",
            "Storm kills 15 in northern province overnight",
        ];
        let articles: Vec<RankArticle> = titles
            .iter()
            .enumerate()
            .map(|(k, t)| RankArticle {
                id: ArticleId(k as i64 + 1),
                feed_id: FeedId(k as i64),
                title: String::new(),
                summary: None,
                link: None,
                date: at + TimeDelta::hours(k as i64),
                signals: Signals::default(),
                fingerprint: Some(Fingerprint::of(t, None, None)),
            })
            .collect();
        let fps: Vec<(usize, Fingerprint)> = articles
            .iter()
            .enumerate()
            .map(|(i, a)| (i, a.fingerprint.clone().unwrap()))
            .collect();
        let df = DocFreqs::of(fps.iter().map(|f| &f.1));
        let members = Members::new(&fps, &df);
        // The reports of 5 and of 15 dead are each linked to the one
        // without a number, not to each other: the stronger link wins and
        // the other story stays apart (their numbers contradict).
        let links = [(0, 1, Some(0.9)), (1, 2, Some(0.8))];
        let settings = RankSettings::default();
        let stories = cluster_kept(&articles, &links, &members, &settings);
        assert_eq!(stories, vec![vec![0, 1], vec![2]]);
        // Without the contradiction the three are one story.
        let same = [(0, 1, Some(0.9)), (1, 2, Some(0.8)), (0, 2, Some(0.85))];
        assert_eq!(
            cluster_kept(&articles, &same, &members, &settings),
            vec![vec![0, 1, 2]]
        );
    }

    #[test]
    fn a_step_holding_only_the_batch_span_links_as_its_whole_window_does() {
        use crate::domain::{FeedId, Signals};
        use chrono::TimeZone;
        let start = chrono::Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
        // A week of reports (one a day, two feeds), then the batch: two
        // reports of one storm on the last day. The earlier days share
        // the batch's words, so they move its weights.
        let mut titles: Vec<(i64, &str)> = (0..7)
            .map(|day| (day * 24, "Northern province storm warning issued again"))
            .collect();
        titles.push((7 * 24, "Storm kills 5 in northern province overnight"));
        titles.push((
            7 * 24 + 3,
            "Northern province storm kills 5 villagers overnight",
        ));
        let articles: Vec<RankArticle> = titles
            .iter()
            .enumerate()
            .map(|(k, &(hours, t))| RankArticle {
                id: ArticleId(k as i64 + 1),
                feed_id: FeedId(k as i64 % 2),
                title: String::new(),
                summary: None,
                link: None,
                date: start + TimeDelta::hours(hours),
                signals: Signals::default(),
                fingerprint: Some(Fingerprint::of(t, None, None)),
            })
            .collect();
        let settings = RankSettings::default();
        let pending: Vec<bool> = (0..articles.len()).map(|k| k >= 7).collect();
        let ids = |links: Vec<KeptLink>, of: &[RankArticle]| -> Vec<(i64, i64, Option<f32>)> {
            let mut out: Vec<_> = links
                .into_iter()
                .map(|(x, y, c)| (of[x].id.0.min(of[y].id.0), of[x].id.0.max(of[y].id.0), c))
                .collect();
            out.sort_by_key(|l| (l.0, l.1));
            out
        };
        let (whole, whole_df) = step_links(&articles, &pending, &settings, Counts::default());
        let whole = ids(whole, &articles);
        assert_eq!(whole.len(), 1, "the two storm reports link: {whole:?}");
        // The step holds the batch's span (two days before it) and counts
        // the rest.
        let near = articles[7].date - settings.cluster_window;
        let split = articles.iter().position(|a| a.date >= near).unwrap();
        let mut rest = Counts::default();
        rest.add_articles(&articles[..split], |_, _| {});
        let (part, part_df) = step_links(&articles[split..], &pending[split..], &settings, rest);
        assert_eq!(ids(part, &articles[split..]), whole);
        assert_eq!(part_df, whole_df);
        // Without the rest's counts the same pair weighs otherwise.
        let (alone, _) = step_links(
            &articles[split..],
            &pending[split..],
            &settings,
            Counts::default(),
        );
        assert_ne!(ids(alone, &articles[split..]), whole);
    }

    #[test]
    fn only_ends_of_groups_of_three_or_more_are_compared() {
        let id = ArticleId;
        let links = [
            (id(1), id(2), Some(0.9)),
            (id(3), id(4), None),
            (id(4), id(5), Some(0.7)),
            (id(6), id(7), Some(0.8)),
            (id(7), id(3), Some(0.65)),
        ];
        let mut ends: Vec<i64> = compared_ends(&links).into_iter().map(|a| a.0).collect();
        ends.sort_unstable();
        assert_eq!(ends, [3, 4, 5, 6, 7]);
    }
}
