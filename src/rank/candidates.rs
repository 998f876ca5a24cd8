//! Candidate pairs for clustering: the pairs of articles (from different
//! feeds, within `span` seconds) that pass the "same story?" test, with
//! their cosine, found without comparing all pairs. Two exact searches
//! (but for the common-term cap of each), chosen by what costs less:
//!
//! - by title terms (`title_prefix_links`): its cost does not grow with the
//!   leads, so it serves windows whose fingerprints carry leads (a stored
//!   fingerprint has ~8 title and up to 48 lead terms);
//! - by the rarest terms with the L2AP bounds (`rarest_prefix_links`):
//!   each article indexes only its few rarest terms, which beats indexing
//!   all title terms but one when the vectors are titles alone.

use super::similar::{MIN_SHARED_TITLE_TERMS, Probe, Window};
use super::{FastMap, RankArticle};
use crate::domain::FeedId;

/// A title term indexed by more than one article in `COMMON_TERM_SHARE`
/// (and by more than `MIN_COMMON_CAP` articles) of the window proposes no
/// candidate pairs: its postings would be long, and a pair whose rarest
/// shared title term is such a word shares only frequent words. Such terms
/// still count in the similarity. This is the one approximation of
/// candidate search.
pub const COMMON_TERM_SHARE: usize = 128;
pub const MIN_COMMON_CAP: usize = 64;

/// Above this many terms per title term (leads present), candidates come
/// from title terms.
const LEAD_RATIO: usize = 2;

/// The candidate pairs of `order` (indices into `articles` by date) that
/// pass the test at threshold `t`, as (cosine, earlier, later).
pub(super) fn links(
    articles: &[RankArticle],
    window: &Window,
    order: &[usize],
    t: f32,
    span: i64,
) -> Vec<(f32, usize, usize)> {
    let by_date = ByDate::of(articles, order);
    let (terms, titled) = window.sizes();
    if terms > LEAD_RATIO * titled {
        title_prefix_links(window, &by_date, t, span)
    } else {
        rarest_prefix_links(window, &by_date, t, span)
    }
}

/// The articles of a window in date order, as both searches read them.
pub(super) struct ByDate<'a> {
    /// Indices into the articles, oldest first.
    pub order: &'a [usize],
    pub dates: Vec<i64>,
    /// Feeds in date order: read once per candidate, so kept contiguous.
    pub feeds: Vec<FeedId>,
}

impl<'a> ByDate<'a> {
    pub fn of(articles: &[RankArticle], order: &'a [usize]) -> ByDate<'a> {
        ByDate {
            order,
            dates: order
                .iter()
                .map(|&i| articles[i].date.timestamp())
                .collect(),
            feeds: order.iter().map(|&i| articles[i].feed_id).collect(),
        }
    }
}

/// `links` by title terms. The test asks for `MIN_SHARED_TITLE_TERMS` shared title terms (or, for
/// pairs under the threshold, the same title numbers: the number index
/// below), so candidates come from title terms alone, however long the
/// leads: an article indexes and probes with its title terms, rarest
/// first, but its `MIN_SHARED_TITLE_TERMS - 1` commonest (the overlap
/// prefix filter: two titles sharing two terms share the rarer of them,
/// and it is in both prefixes). A candidate met through one term only is
/// counted over its whole title before it is compared. Title terms that
/// more than `cap` articles index (`COMMON_TERM_SHARE`) propose no
/// candidates (the one approximation). The comparison itself reads the
/// whole vectors, leads included.
pub(super) fn title_prefix_links(
    window: &Window,
    by_date: &ByDate<'_>,
    t: f32,
    span: i64,
) -> Vec<(f32, usize, usize)> {
    let (order, dates, feeds) = (by_date.order, &by_date.dates[..], &by_date.feeds[..]);
    let vocab = window.df.len();
    // Each position's title terms (rarest first) and how many of them
    // (the prefix) it indexes and probes with.
    let mut title_at: Vec<u32> = Vec::with_capacity(order.len() + 1);
    let mut titles: Vec<u32> = Vec::new();
    let mut prefix: Vec<u8> = Vec::with_capacity(order.len());
    title_at.push(0);
    let drop = MIN_SHARED_TITLE_TERMS.saturating_sub(1);
    for &i in order {
        let from = titles.len();
        if window.matchable(i) {
            titles.extend(window.title_terms(i));
        }
        title_at.push(titles.len() as u32);
        prefix.push((titles.len() - from).saturating_sub(drop).min(255) as u8);
    }
    let title = |pos: usize| &titles[title_at[pos] as usize..title_at[pos + 1] as usize];
    // How many articles index each term; terms more than `cap` index are
    // left out of the index and of probing (`COMMON_TERM_SHARE`).
    let cap = (window.counted() / COMMON_TERM_SHARE).max(MIN_COMMON_CAP) as u32;
    let mut count: Vec<u32> = vec![0; vocab];
    for (pos, &n) in prefix.iter().enumerate() {
        for &term in &title(pos)[..n as usize] {
            count[term as usize] += 1;
        }
    }
    // lists[term] = (first posting still inside the window, end of the
    // postings so far) as indices into `flat`, which holds each term's
    // postings (positions in date order) in a slice of its own, filled in
    // date order: one allocation for all.
    let mut lists: Vec<(u32, u32)> = vec![(0, 0); vocab];
    let mut total = 0u32;
    for (l, &n) in lists.iter_mut().zip(&count) {
        *l = (total, total);
        if n <= cap {
            total += n;
        }
    }
    let indexed = |term: u32| count[term as usize] <= cap;
    let mut flat: Vec<u32> = vec![0; total as usize];
    // Per candidate of the current prober: the stamp and the number of
    // prefix terms shared.
    let mut seen: Vec<u32> = vec![u32::MAX; order.len()];
    let mut hits: Vec<u16> = vec![0; order.len()];
    let mut touched: Vec<u32> = Vec::new();
    // Per term: the last prober whose title holds it.
    let mut mark: Vec<u32> = vec![u32::MAX; vocab];
    // Per candidate: the prober that linked it (see the number index).
    let mut linked: Vec<u32> = vec![u32::MAX; order.len()];
    let mut numbers = NumberIndex::default();
    // The prober's terms as a dense map (see `Probe`), set when first needed.
    let mut probe = Probe::new(window);
    let mut edges = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        if !window.matchable(i) {
            continue;
        }
        let earliest = dates[pos].saturating_sub(span);
        let own = title(pos);
        let keys = &own[..prefix[pos] as usize];
        for &term in own {
            mark[term as usize] = pos as u32;
        }
        touched.clear();
        for &term in keys.iter().filter(|&&x| indexed(x)) {
            let (s, end) = &mut lists[term as usize];
            while *s < *end && dates[flat[*s as usize] as usize] < earliest {
                *s += 1;
            }
            for &p in &flat[*s as usize..*end as usize] {
                let p = p as usize;
                if seen[p] != pos as u32 {
                    seen[p] = pos as u32;
                    hits[p] = 0;
                    touched.push(p as u32);
                }
                hits[p] = hits[p].saturating_add(1);
            }
        }
        let mut probe_set = false;
        for &p in &touched {
            let p = p as usize;
            if feeds[p] == feeds[pos] {
                continue;
            }
            // Met through fewer prefix terms than the test needs shared:
            // count the whole titles (numbers too, so this is never fewer
            // than the test counts).
            if usize::from(hits[p]) < MIN_SHARED_TITLE_TERMS {
                let shared = title(p)
                    .iter()
                    .filter(|&&x| mark[x as usize] == pos as u32)
                    .count();
                if shared < MIN_SHARED_TITLE_TERMS {
                    continue;
                }
            }
            if !probe_set {
                probe.set(window, i);
                probe_set = true;
            }
            let j = order[p];
            if let Some(cos) = window.same_story_probe(&probe, j, t) {
                edges.push((cos, j, i));
                linked[p] = pos as u32;
            }
        }
        // Pairs under the threshold that agree on their facts (`NumberIndex`).
        if let Some(number) = window.rarest_title_number(i) {
            numbers.each_then_add(number, pos, earliest, dates, |p| {
                if feeds[p] == feeds[pos] || linked[p] == pos as u32 {
                    return;
                }
                if !probe_set {
                    probe.set(window, i);
                    probe_set = true;
                }
                // Equal to `same_story_cos(order[p], i, t)`: the same test,
                // and the dot products commute bit for bit.
                if let Some(cos) = window.same_story_probe(&probe, order[p], t) {
                    edges.push((cos, order[p], i));
                }
            });
        }
        for &term in keys.iter().filter(|&&x| indexed(x)) {
            let end = &mut lists[term as usize].1;
            flat[*end as usize] = pos as u32;
            *end += 1;
        }
    }
    edges
}

/// `links` by the rarest terms (all-pairs similarity search with prefix
/// filtering): each article indexes the shortest prefix of its terms,
/// rarest first, whose rest has length under the threshold
/// (`Window::prefix_len`), and probes with all its terms.
///
/// Postings carry the indexed article's two weights of the term, so probing
/// sums the part of both cosines that comes from indexed terms. The rest
/// comes from terms the candidate did not index (its commonest ones, ids
/// from `tail_from`): by Cauchy–Schwarz it is at most the length of that
/// unindexed tail times the length of the prober's vector over ids from
/// there on. A candidate whose sum plus that bound stays under the
/// threshold in both vectors cannot match and is never compared: exact,
/// and most candidates share one middling word and go no further.
pub(super) fn rarest_prefix_links(
    window: &Window,
    by_date: &ByDate<'_>,
    t: f32,
    span: i64,
) -> Vec<(f32, usize, usize)> {
    let (order, dates, feeds) = (by_date.order, &by_date.dates[..], &by_date.feeds[..]);
    let vocab = window.df.len();
    // Ids are ranked by document frequency: from `common` on, terms are
    // too common to propose candidates (see `COMMON_TERM_SHARE`).
    let cap = (window.counted() / COMMON_TERM_SHARE).max(MIN_COMMON_CAP) as u32;
    let common = window.df.partition_point(|&d| d <= cap) as u32;
    // How many terms each article indexes is known before any probing, so
    // the postings of all terms live in one array, each term's in a slice
    // of it filled in date order (one allocation, and a term's postings and
    // cursors sit together instead of in a heap block of their own).
    let indexed: Vec<u32> = order
        .iter()
        .map(|&i| {
            if !window.matchable(i) {
                return 0;
            }
            let terms = window.vectors(i).0;
            let rare = terms.partition_point(|&x| x < common);
            window.prefix_len(i, t).min(rare) as u32
        })
        .collect();
    // lists[term] = (first posting still inside the window, end of the
    // postings so far) as indices into `flat`; postings are (position in
    // date order, weight over title + lead, weight over the title, then
    // the lengths of the article's two vectors from this term on) of
    // articles whose prefix holds the term.
    let mut lists: Vec<(u32, u32)> = vec![(0, 0); vocab];
    for (&i, &n) in order.iter().zip(&indexed) {
        for &term in &window.vectors(i).0[..n as usize] {
            lists[term as usize].1 += 1;
        }
    }
    let mut total = 0u32;
    for l in &mut lists {
        let n = l.1;
        *l = (total, total);
        total += n;
    }
    let mut flat: Vec<Posting> = vec![(0, 0.0, 0.0, 0.0, 0.0); total as usize];
    // Per position: first unindexed term id and the unindexed tail's
    // lengths in both vectors (see above).
    let mut tail_from: Vec<u32> = vec![u32::MAX; order.len()];
    let mut tail_len: Vec<(f32, f32)> = vec![(0.0, 0.0); order.len()];
    // Per candidate of the current prober: the stamp and partial dots.
    let mut seen: Vec<u32> = vec![u32::MAX; order.len()];
    let mut acc: Vec<(f32, f32)> = vec![(0.0, 0.0); order.len()];
    let mut touched: Vec<u32> = Vec::new();
    // Per candidate: the prober that linked it (see the number index).
    let mut linked: Vec<u32> = vec![u32::MAX; order.len()];
    let mut numbers = NumberIndex::default();
    // The prober's squared lengths over its terms from k on.
    let mut rest: Vec<(f32, f32)> = Vec::new();
    let mut rest_len: Vec<(f32, f32)> = Vec::new();
    // The prober's terms as a dense map (see `Probe`).
    let mut probe = Probe::new(window);
    let mut edges = Vec::new();
    // Float sums in another order may differ in the last bits.
    let slack = t - 1e-4;
    for (pos, &i) in order.iter().enumerate() {
        if !window.matchable(i) {
            continue;
        }
        let earliest = dates[pos].saturating_sub(span);
        let (terms, wf, wt) = window.vectors(i);
        let rare = terms.partition_point(|&t| t < common);
        rest.clear();
        rest.resize(terms.len() + 1, (0.0, 0.0));
        for k in (0..terms.len()).rev() {
            rest[k] = (rest[k + 1].0 + wf[k] * wf[k], rest[k + 1].1 + wt[k] * wt[k]);
        }
        // Their square roots, once per term rather than once per posting.
        rest_len.clear();
        rest_len.extend(rest.iter().map(|&(f, t)| (f.sqrt(), t.sqrt())));
        probe.set(window, i);
        // A candidate first met at term k shares no term rarer than k (it
        // indexed all its terms up to k, rarest first), so by
        // Cauchy–Schwarz its cosine is at most the length of the prober's
        // vector from k on times the length of the candidate's from that
        // term on (kept in the posting): when that is under the threshold
        // in both vectors, the candidate is not admitted; later terms only
        // add to candidates already met (the L2AP bounds; exact).
        touched.clear();
        for (k, &term) in terms[..rare].iter().enumerate() {
            let (s, end) = &mut lists[term as usize];
            while *s < *end && dates[flat[*s as usize].0 as usize] < earliest {
                *s += 1;
            }
            let (lf, lt) = rest_len[k];
            for &(p, pf, pt, sf, st) in &flat[*s as usize..*end as usize] {
                let p = p as usize;
                if seen[p] != pos as u32 {
                    if lf * sf < slack && lt * st < slack {
                        continue;
                    }
                    seen[p] = pos as u32;
                    acc[p] = (0.0, 0.0);
                    touched.push(p as u32);
                }
                acc[p].0 += wf[k] * pf;
                acc[p].1 += wt[k] * pt;
            }
        }
        for &p in &touched {
            let p = p as usize;
            let j = order[p];
            if feeds[p] == feeds[pos] {
                continue;
            }
            let from = terms.partition_point(|&x| x < tail_from[p]);
            let (lf, lt) = tail_len[p];
            let bound_f = acc[p].0 + lf * rest_len[from].0;
            let bound_t = acc[p].1 + lt * rest_len[from].1;
            if bound_f < slack && bound_t < slack {
                continue;
            }
            if let Some(cos) = window.same_story_probe(&probe, j, t) {
                edges.push((cos, j, i));
                linked[p] = pos as u32;
            }
        }
        // Pairs under the threshold that agree on their facts (`NumberIndex`).
        if let Some(number) = window.rarest_title_number(i) {
            numbers.each_then_add(number, pos, earliest, dates, |p| {
                if feeds[p] == feeds[pos] || linked[p] == pos as u32 {
                    return;
                }
                // Equal to `same_story_cos(order[p], i, t)`: the same test,
                // and the dot products commute bit for bit.
                if let Some(cos) = window.same_story_probe(&probe, order[p], t) {
                    edges.push((cos, order[p], i));
                }
            });
        }
        let indexed = indexed[pos] as usize;
        for k in 0..indexed {
            let (sf, st) = rest_len[k];
            let end = &mut lists[terms[k] as usize].1;
            flat[*end as usize] = (pos as u32, wf[k], wt[k], sf, st);
            *end += 1;
        }
        if let Some(&first) = terms.get(indexed) {
            tail_from[pos] = first;
            let norm = |w: &[f32]| w.iter().map(|x| x * x).sum::<f32>().sqrt();
            tail_len[pos] = (norm(&wf[indexed..]), norm(&wt[indexed..]));
        }
    }
    edges
}

/// A posting: (position in date order, the term's weight over title +
/// lead and over the title, the lengths of the article's two vectors from
/// this term on).
type Posting = (u32, f32, f32, f32, f32);

/// Positions (in date order) of articles by the rarest number of their
/// title, with the first still inside the window. Pairs under the
/// threshold that agree on every number and a name (`Window::anchored`)
/// share that number, so both searches find them here, apart from the
/// term postings and without the common-term cap.
#[derive(Default)]
struct NumberIndex {
    positions: FastMap<u32, Vec<u32>>,
    start: FastMap<u32, usize>,
}

impl NumberIndex {
    /// Calls `f` with each earlier position whose title's rarest number is
    /// `number` and whose date is `earliest` or later, then adds `pos`.
    fn each_then_add(
        &mut self,
        number: u32,
        pos: usize,
        earliest: i64,
        dates: &[i64],
        mut f: impl FnMut(usize),
    ) {
        let list = self.positions.entry(number).or_default();
        let start = self.start.entry(number).or_default();
        while *start < list.len() && dates[list[*start] as usize] < earliest {
            *start += 1;
        }
        for &p in &list[*start..] {
            f(p as usize);
        }
        list.push(pos as u32);
    }
}
