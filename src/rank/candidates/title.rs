//! Candidate search by title terms (see `title_prefix_links`), split over
//! the cores: every article's postings are laid out first, then each part
//! of the articles (in date order) probes the postings of the articles
//! before it on a thread of its own. The pairs found do not depend on the
//! split: a pair is found by its later article, whichever part holds it,
//! from the same postings; clustering sorts the pairs before using them.

use super::super::FastMap;
use super::super::similar::{MIN_SHARED_TITLE_TERMS, Probe, Window};
use super::{ByDate, COMMON_TERM_SHARE, MIN_COMMON_CAP};

/// Below this many articles one thread does it all: starting a thread
/// costs more than a small window's whole search.
const PARALLEL_MIN: usize = 4_096;

/// The most threads the search uses.
const MAX_PARTS: usize = 2;

/// How many parts a window of `n` articles is searched in.
pub(in crate::rank) fn parts(n: usize) -> usize {
    if n < PARALLEL_MIN {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, |c| c.get().min(MAX_PARTS))
}

/// `links` by title terms. The test asks for `MIN_SHARED_TITLE_TERMS`
/// shared title terms (or, for pairs under the threshold, the same title
/// numbers: the number index below), so candidates come from title terms
/// alone, however long the leads: an article indexes and probes with its
/// title terms, rarest first, but its `MIN_SHARED_TITLE_TERMS - 1`
/// commonest (the overlap prefix filter: two titles sharing two terms
/// share the rarer of them, and it is in both prefixes). A candidate met
/// through one term only is counted over its whole title before it is
/// compared. Title terms that more than `cap` articles index
/// (`COMMON_TERM_SHARE`) propose no candidates (the one approximation).
/// The comparison itself reads the whole vectors, leads included.
/// `parts` threads share the probing (see the module docs).
pub(in crate::rank) fn title_prefix_links(
    window: &Window,
    by_date: &ByDate<'_>,
    t: f32,
    span: i64,
    parts: usize,
) -> Vec<(f32, usize, usize)> {
    let index = TitleIndex::build(window, by_date);
    let n = by_date.order.len();
    let parts = parts.clamp(1, n.max(1));
    let bounds: Vec<usize> = (0..=parts).map(|k| k * n / parts).collect();
    let probe = |k: usize| index.probe_range(window, by_date, t, span, bounds[k]..bounds[k + 1]);
    if parts == 1 {
        return probe(0);
    }
    std::thread::scope(|s| {
        let others: Vec<_> = (1..parts).map(|k| s.spawn(move || probe(k))).collect();
        let mut edges = probe(0);
        for h in others {
            // A panic in a part is a bug: surface it as the caller's.
            match h.join() {
                Ok(more) => edges.extend(more),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
        edges
    })
}

/// Every article's title prefix in postings, read-only while probing.
struct TitleIndex {
    /// Title terms of each position (rarest first), `title_at` apart.
    titles: Vec<u32>,
    title_at: Vec<u32>,
    /// Terms each position indexes and probes with.
    prefix: Vec<u8>,
    /// Articles indexing each term; over `cap`, the term is not indexed.
    count: Vec<u32>,
    cap: u32,
    /// lists[term] = the range of `flat` holding its postings: positions
    /// in date order.
    lists: Vec<(u32, u32)>,
    flat: Vec<u32>,
    /// Positions by the rarest number of their title (`NumberIndex` of the
    /// sequential search), in date order.
    numbers: FastMap<u32, Vec<u32>>,
    /// Each position's rarest title number.
    number_of: Vec<Option<u32>>,
}

impl TitleIndex {
    fn build(window: &Window, by_date: &ByDate<'_>) -> TitleIndex {
        let order = by_date.order;
        let vocab = window.df.len();
        let mut title_at: Vec<u32> = Vec::with_capacity(order.len() + 1);
        let mut titles: Vec<u32> = Vec::new();
        let mut prefix: Vec<u8> = Vec::with_capacity(order.len());
        let mut number_of = Vec::with_capacity(order.len());
        let mut numbers: FastMap<u32, Vec<u32>> = FastMap::default();
        title_at.push(0);
        let drop = MIN_SHARED_TITLE_TERMS.saturating_sub(1);
        for (pos, &i) in order.iter().enumerate() {
            let from = titles.len();
            let mut number = None;
            if window.matchable(i) {
                titles.extend(window.title_terms(i));
                number = window.rarest_title_number(i);
            }
            if let Some(x) = number {
                numbers.entry(x).or_default().push(pos as u32);
            }
            number_of.push(number);
            title_at.push(titles.len() as u32);
            prefix.push((titles.len() - from).saturating_sub(drop).min(255) as u8);
        }
        let cap = (order.len() / COMMON_TERM_SHARE).max(MIN_COMMON_CAP) as u32;
        let mut index = TitleIndex {
            titles,
            title_at,
            prefix,
            count: vec![0; vocab],
            cap,
            lists: vec![(0, 0); vocab],
            flat: Vec::new(),
            numbers,
            number_of,
        };
        let mut count = std::mem::take(&mut index.count);
        for pos in 0..order.len() {
            for &term in index.keys(pos) {
                count[term as usize] += 1;
            }
        }
        let mut total = 0u32;
        for (l, &c) in index.lists.iter_mut().zip(&count) {
            *l = (total, total);
            if c <= cap {
                total += c;
            }
        }
        index.count = count;
        let mut flat = vec![0u32; total as usize];
        let mut lists = std::mem::take(&mut index.lists);
        for pos in 0..order.len() {
            for &term in index.keys(pos).iter().filter(|&&x| index.indexed(x)) {
                let end = &mut lists[term as usize].1;
                flat[*end as usize] = pos as u32;
                *end += 1;
            }
        }
        index.lists = lists;
        index.flat = flat;
        index
    }

    fn title(&self, pos: usize) -> &[u32] {
        &self.titles[self.title_at[pos] as usize..self.title_at[pos + 1] as usize]
    }

    fn keys(&self, pos: usize) -> &[u32] {
        &self.title(pos)[..self.prefix[pos] as usize]
    }

    fn indexed(&self, term: u32) -> bool {
        self.count[term as usize] <= self.cap
    }

    /// The links found by the probers of `range` (positions in date
    /// order) among the articles before each.
    fn probe_range(
        &self,
        window: &Window,
        by_date: &ByDate<'_>,
        t: f32,
        span: i64,
        range: std::ops::Range<usize>,
    ) -> Vec<(f32, usize, usize)> {
        let (order, dates, feeds) = (by_date.order, &by_date.dates[..], &by_date.feeds[..]);
        let n = order.len();
        let vocab = window.df.len();
        // Per term (and per number): the first posting still inside the
        // window, found by a binary search when first needed, then moved
        // on as the probers' dates grow.
        let mut start: Vec<u32> = vec![u32::MAX; vocab];
        let mut number_start: FastMap<u32, usize> = FastMap::default();
        let first_within =
            |list: &[u32], earliest: i64| list.partition_point(|&p| dates[p as usize] < earliest);
        // Per candidate of the current prober: the stamp and the number of
        // prefix terms shared.
        let mut seen: Vec<u32> = vec![u32::MAX; n];
        let mut hits: Vec<u16> = vec![0; n];
        let mut touched: Vec<u32> = Vec::new();
        // Per term: the last prober whose title holds it.
        let mut mark: Vec<u32> = vec![u32::MAX; vocab];
        // Per candidate: the prober that linked it (see the number index).
        let mut linked: Vec<u32> = vec![u32::MAX; n];
        let mut probe = Probe::new(window);
        let mut edges = Vec::new();
        for pos in range {
            let i = order[pos];
            if !window.matchable(i) {
                continue;
            }
            let earliest = dates[pos].saturating_sub(span);
            let own = self.title(pos);
            for &term in own {
                mark[term as usize] = pos as u32;
            }
            touched.clear();
            for &term in self.keys(pos).iter().filter(|&&x| self.indexed(x)) {
                let (from, end) = self.lists[term as usize];
                let list = &self.flat[from as usize..end as usize];
                let s = &mut start[term as usize];
                if *s == u32::MAX {
                    *s = first_within(list, earliest) as u32;
                }
                while (*s as usize) < list.len() && dates[list[*s as usize] as usize] < earliest {
                    *s += 1;
                }
                // Postings of articles before the prober only.
                for &p in list[*s as usize..]
                    .iter()
                    .take_while(|&&p| (p as usize) < pos)
                {
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
                // Met through fewer prefix terms than the test needs
                // shared: count the whole titles (numbers too, so this is
                // never fewer than the test counts).
                if usize::from(hits[p]) < MIN_SHARED_TITLE_TERMS {
                    let shared = self
                        .title(p)
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
            // Pairs under the threshold that agree on their facts share
            // their rarest title number (`NumberIndex`).
            let Some(number) = self.number_of[pos] else {
                continue;
            };
            let list = self.numbers.get(&number).map_or(&[][..], Vec::as_slice);
            let s = number_start
                .entry(number)
                .or_insert_with(|| first_within(list, earliest));
            while *s < list.len() && dates[list[*s] as usize] < earliest {
                *s += 1;
            }
            for &p in list[*s..].iter().take_while(|&&p| (p as usize) < pos) {
                let p = p as usize;
                if feeds[p] == feeds[pos] || linked[p] == pos as u32 {
                    continue;
                }
                if !probe_set {
                    probe.set(window, i);
                    probe_set = true;
                }
                // Equal to `same_story_cos(order[p], i, t)`: the same
                // test, and the dot products commute bit for bit.
                if let Some(cos) = window.same_story_probe(&probe, order[p], t) {
                    edges.push((cos, order[p], i));
                }
            }
        }
        edges
    }
}
