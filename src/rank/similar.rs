//! The terms of a window of articles, weighted, and the "same story?" test
//! between two of them. Shared by clustering and related stories.
//!
//! Each article is a vector over its distinct terms (see `text`): a term
//! weighs `idf · (TITLE_WEIGHT if in the title + LEAD_WEIGHT if in the lead
//! text)`, with `idf = ln(1 + N / df)` over the N articles of the window, and
//! the vector is scaled to length 1, so the similarity of two articles is
//! the cosine of their vectors, in 0..=1 — the larger of the cosine over
//! titles alone and over titles and leads (a lead only adds evidence: two
//! reports with one title and different leads are still one story). A word
//! most articles use weighs little; a rare name or number weighs much. The
//! title vector's `df` counts titles only, so the title cosine of two
//! articles is the same whether the window's articles carry leads or not.
//!
//! Two articles are the same story ([`Window::same_story`]) when
//! - each has at least `MIN_TITLE_TERMS` title terms (a generic title like
//!   "Погода на завтра" is never a story of its own),
//! - their titles share at least `MIN_SHARED_TITLE_TERMS` terms other than
//!   numbers,
//! - their cosine is at least the threshold (`RankSettings::title_similarity`),
//! - and their titles do not contradict ([`Window::contradict`]): numbers,
//!   months and names must agree.

use std::borrow::Borrow;

use super::fingerprint::Fingerprint;

/// Weight of a term found in the title.
pub const TITLE_WEIGHT: f32 = 1.0;
/// Weight of a term found in the lead text (summary or first paragraph):
/// a lead says more words about the story, each less precisely.
pub const LEAD_WEIGHT: f32 = 0.5;
/// Titles with fewer terms never match: they are generic.
pub const MIN_TITLE_TERMS: usize = 3;
/// Two titles must share at least this many terms besides numbers.
pub const MIN_SHARED_TITLE_TERMS: usize = 2;

/// Titles under the threshold that agree on every number and share a
/// name (`Window::anchored`, reports of one event in two languages) must
/// still be this similar: the related-stories floor (`related`).
pub const ANCHOR_FLOOR: f32 = 0.2;

const TITLE: u8 = 1;
const NUMBER: u8 = 2;
const ENTITY: u8 = 4;
const DATE: u8 = 8;
/// Written in Latin letters in the title (`script`).
const LATIN: u8 = 16;
/// A place of the map (`gazetteer`), wherever it stands and however
/// written: a name for the names check.
const PLACE: u8 = 32;

/// The window's articles as weighted term vectors, in input order.
#[derive(Debug, Default)]
pub(crate) struct Window {
    /// Per article, its term ids sorted ascending; ids are ranked by
    /// document frequency, rarest first.
    pub terms: Vec<u32>,
    /// Unit-length weights over title and lead, parallel to `terms`.
    pub weights: Vec<f32>,
    /// Unit-length weights over the title alone (0 for lead-only terms).
    title_weights: Vec<f32>,
    /// Flags (`TITLE`, `NUMBER`, `ENTITY`, `DATE`, `LATIN`, `PLACE`),
    /// parallel to `terms`.
    flags: Vec<u8>,
    /// The window's terms that are places (`gazetteer`), by term id,
    /// ascending.
    places: Vec<(u32, super::gazetteer::Place)>,
    /// `terms[offsets[i]..offsets[i + 1]]` are article i's.
    offsets: Vec<u32>,
    /// Title terms per article.
    title_len: Vec<u16>,
    /// Per article, the poles of its title's event words (`opposites`).
    poles: Vec<u16>,
    /// Per article, the days of the week its title names (`days`).
    days: Vec<u8>,
    /// Per article, whether its title asks a question
    /// (`fingerprint::is_question`).
    asks: Vec<bool>,
    /// Per article, the acronyms of the window its title spells out
    /// (`acronyms`): term ids, article i's at
    /// `aliases[alias_at[i]..alias_at[i + 1]]`; both empty when none.
    aliases: Vec<u32>,
    alias_at: Vec<u32>,
    /// Document frequency of each term id.
    pub df: Vec<u32>,
    /// The articles `df` counts: the window's, or its reference's
    /// (`Window::build_with`).
    counted: usize,
}

impl Window {
    /// Builds the vectors of `fingerprints` (one per article).
    ///
    /// One pass over the fingerprints: it numbers the terms (first
    /// appearance), counts their document frequencies and keeps each
    /// term's flags (a byte) where its vector will be; a second pass,
    /// over those, weighs and sorts each article's terms in place. A
    /// caller that hands over owned fingerprints (`cluster::vectors_of`)
    /// so has each one freed as soon as it is read: the build's peak is
    /// the vectors (13 bytes a term), not the vectors beside every
    /// fingerprint (8 bytes a term more).
    pub fn build<'a>(
        fingerprints: impl ExactSizeIterator<Item = &'a Fingerprint> + Clone,
    ) -> Window {
        Window::build_with(fingerprints, None)
    }

    /// `build` over fingerprints handed over one by one and freed once
    /// read (`cluster::vectors_of`); `terms` is how many terms they hold
    /// (their words, markers included, are enough): the vectors are sized
    /// once. Grown by doubling instead, a vector bigger than the
    /// allocator's mmap threshold is copied at each step, the old and the
    /// new one resident at once.
    pub fn build_owned(
        fingerprints: impl ExactSizeIterator<Item = Fingerprint>,
        terms: usize,
    ) -> Window {
        Window::build_sized(fingerprints, None, terms)
    }

    /// `build`, with the document frequencies (and article count) of the
    /// idf taken from `reference` instead of counted over `fingerprints`:
    /// the vectors of a few articles weighed as they were in a bigger
    /// window (kept story links, `rank::kept`).
    pub fn build_with<'a>(
        fingerprints: impl ExactSizeIterator<Item = &'a Fingerprint> + Clone,
        reference: Option<&Reference<'_>>,
    ) -> Window {
        let terms = fingerprints.clone().map(|f| f.stems.len()).sum();
        Window::build_sized(fingerprints, reference, terms)
    }

    fn build_sized<F: Borrow<Fingerprint>>(
        fingerprints: impl ExactSizeIterator<Item = F>,
        reference: Option<&Reference<'_>>,
        capacity: usize,
    ) -> Window {
        let n = fingerprints.len();
        let mut vocab = Vocab::with_capacity(n);
        let mut df: Vec<u32> = Vec::new();
        let mut title_df: Vec<u32> = Vec::new();
        let mut terms: Vec<u32> = Vec::with_capacity(capacity);
        // Each term's word flags (`Fingerprint::flags`), parallel to
        // `terms`; the window's own flags once weighed.
        let mut flags: Vec<u8> = Vec::with_capacity(capacity);
        let mut offsets: Vec<u32> = Vec::with_capacity(n + 1);
        let mut title_len = Vec::with_capacity(n);
        let mut asks: Vec<bool> = Vec::with_capacity(n);
        // The aliases (the initials of a name a title spells out,
        // `acronyms`) by article, as stem ids until every term has its
        // id: only a term of the window can be another title's name.
        let mut alias_stems: Vec<u64> = Vec::new();
        let mut alias_ends: Vec<u32> = Vec::with_capacity(n);
        let mut any_alias = false;
        offsets.push(0);
        for f in fingerprints {
            let f = f.borrow();
            let mut titled = 0u16;
            let mut asked = false;
            for &word in &f.stems {
                if Fingerprint::is_marker(word) {
                    // Markers (a question, an alias) are not terms.
                    asked |= Fingerprint::is_question_mark(word);
                    if Fingerprint::is_alias(word) {
                        any_alias = true;
                        alias_stems.push(Fingerprint::stem_id(word));
                    }
                    continue;
                }
                let id = vocab.id(Fingerprint::stem_id(word));
                if id as usize == df.len() {
                    df.push(0);
                    title_df.push(0);
                }
                df[id as usize] += 1;
                if Fingerprint::in_title(word) {
                    titled = titled.saturating_add(1);
                    title_df[id as usize] += 1;
                }
                terms.push(id);
                flags.push(Fingerprint::flags(word));
            }
            offsets.push(terms.len() as u32);
            title_len.push(titled);
            asks.push(asked);
            alias_ends.push(alias_stems.len() as u32);
        }
        let mut aliases: Vec<u32> = Vec::new();
        let mut alias_at: Vec<u32> = Vec::new();
        if any_alias {
            alias_at.reserve(n + 1);
            alias_at.push(0);
            let mut from = 0usize;
            for &end in &alias_ends {
                for &stem in &alias_stems[from..end as usize] {
                    if let Some(id) = vocab.get(stem) {
                        aliases.push(id);
                    }
                }
                from = end as usize;
                alias_at.push(aliases.len() as u32);
            }
        }
        drop((alias_stems, alias_ends));
        if let Some(r) = reference {
            for (d, &stem) in df.iter_mut().zip(&vocab.stems) {
                *d = (r.df)(stem).max(1);
            }
            if let Some(title) = r.title_df {
                for (d, &stem) in title_df.iter_mut().zip(&vocab.stems) {
                    *d = title(stem);
                }
            }
        }
        let idf_n = reference.map_or(n, |r| r.n);
        // Poles of event words, looked up once per distinct term, for a
        // word in Cyrillic and in Latin letters (`opposites`).
        let pole_of: Vec<[u16; 2]> = vocab
            .stems
            .iter()
            .map(|&stem| {
                [
                    super::opposites::pole(stem, false),
                    super::opposites::pole(stem, true),
                ]
            })
            .collect();
        let day_of: Vec<u8> = vocab
            .stems
            .iter()
            .map(|&stem| super::days::day(stem))
            .collect();
        let place_of: Vec<Option<super::gazetteer::Place>> = vocab
            .stems
            .iter()
            .map(|&stem| super::gazetteer::place(stem))
            .collect();
        // Rank ids by (df, first appearance): rarest first, deterministic.
        let mut by_rarity: Vec<u32> = (0..df.len() as u32).collect();
        by_rarity.sort_unstable_by_key(|&id| (df[id as usize], id));
        let mut rank = vec![0u32; df.len()];
        for (r, &id) in by_rarity.iter().enumerate() {
            rank[id as usize] = r as u32;
        }
        drop(vocab);
        for a in &mut aliases {
            *a = rank[*a as usize];
        }
        let mut places: Vec<(u32, super::gazetteer::Place)> = place_of
            .iter()
            .enumerate()
            .filter_map(|(id, p)| p.map(|p| (rank[id], p)))
            .collect();
        places.sort_unstable_by_key(|p| p.0);
        let ranked_df: Vec<u32> = by_rarity.iter().map(|&id| df[id as usize]).collect();
        // The title vector's idf counts titles only: how common a word is
        // in other articles' leads says nothing about two titles, and
        // leads in the window must not move a title cosine the threshold
        // was chosen on (docs/ranking.md, "Clusters"). Kept document
        // frequencies (`kept::DocFreqs`) count a term once wherever it
        // was; the members' vectors weigh titles by those.
        let title_counts = match reference {
            Some(r) if r.title_df.is_none() => &df,
            _ => &title_df,
        };
        let title_idf: Vec<f32> = by_rarity
            .iter()
            .map(|&id| idf(idf_n, title_counts[id as usize]))
            .collect();
        drop((by_rarity, df, title_df));
        let idf: Vec<f32> = ranked_df.iter().map(|&d| idf(idf_n, d)).collect();
        let total = terms.len();
        let mut weights = Vec::with_capacity(total);
        let mut title_weights = Vec::with_capacity(total);
        let mut poles = Vec::with_capacity(n);
        let mut days = Vec::with_capacity(n);
        let mut doc: Vec<(u32, u8, f32)> = Vec::new();
        for w in offsets.windows(2) {
            let range = w[0] as usize..w[1] as usize;
            doc.clear();
            let mut pole = 0u16;
            let mut day = 0u8;
            for (&id, &word_flags) in terms[range.clone()].iter().zip(&flags[range.clone()]) {
                let word = u64::from(word_flags);
                let mut fl = 0;
                let mut part = 0.0;
                if Fingerprint::in_title(word) {
                    fl |= TITLE;
                    part += TITLE_WEIGHT;
                    pole |= pole_of[id as usize][usize::from(Fingerprint::is_latin(word))];
                    day |= day_of[id as usize];
                }
                if Fingerprint::in_lead(word) {
                    part += LEAD_WEIGHT;
                }
                if Fingerprint::is_numeric(word) {
                    fl |= NUMBER;
                }
                if Fingerprint::is_entity(word) {
                    fl |= ENTITY;
                }
                if Fingerprint::is_date(word) {
                    fl |= DATE;
                }
                if Fingerprint::is_latin(word) {
                    fl |= LATIN;
                }
                if place_of[id as usize].is_some() {
                    fl |= PLACE;
                }
                let r = rank[id as usize];
                doc.push((r, fl, part * idf[r as usize]));
            }
            poles.push(pole);
            days.push(day);
            doc.sort_unstable_by_key(|t| t.0);
            let norm = doc.iter().map(|t| t.2 * t.2).sum::<f32>().sqrt();
            let title_part = |&(id, f, _): &(u32, u8, f32)| {
                if f & TITLE != 0 {
                    TITLE_WEIGHT * title_idf[id as usize]
                } else {
                    0.0
                }
            };
            let title_norm = doc
                .iter()
                .map(|t| title_part(t).powi(2))
                .sum::<f32>()
                .sqrt();
            for ((slot, flag), t) in terms[range.clone()]
                .iter_mut()
                .zip(&mut flags[range])
                .zip(&doc)
            {
                let &(id, f, wt) = t;
                *slot = id;
                *flag = f;
                weights.push(if norm > 0.0 { wt / norm } else { 0.0 });
                let tw = title_part(t);
                title_weights.push(if title_norm > 0.0 {
                    tw / title_norm
                } else {
                    0.0
                });
            }
        }
        Window {
            terms,
            weights,
            title_weights,
            flags,
            places,
            offsets,
            title_len,
            poles,
            days,
            asks,
            aliases,
            alias_at,
            df: ranked_df,
            counted: idf_n,
        }
    }

    /// Whether article k's title spells out the name whose acronym is
    /// term t (an alias of k, `acronyms`).
    fn spells_out(&self, k: usize, t: u32) -> bool {
        !self.alias_at.is_empty()
            && self.aliases[self.alias_at[k] as usize..self.alias_at[k + 1] as usize].contains(&t)
    }

    /// The terms some article of the window writes as a name (a
    /// capitalised word after the first, or an acronym; not a number), as
    /// a bitset over the term ids: bit `t % 64` of word `t / 64`.
    pub fn name_terms(&self) -> Vec<u64> {
        let mut out = vec![0u64; self.df.len().div_ceil(64)];
        for (&t, &f) in self.terms.iter().zip(&self.flags) {
            if f & ENTITY != 0 && f & NUMBER == 0 {
                out[t as usize / 64] |= 1 << (t % 64);
            }
        }
        out
    }

    /// The vectors over title and lead alone, as (term ids, unit weights,
    /// offsets: article i's are `offsets[i]..offsets[i + 1]`, document
    /// frequencies), dropping what only the "same story?" test reads.
    pub fn into_vectors(self) -> (Vec<u32>, Vec<f32>, Vec<u32>, Vec<u32>) {
        (self.terms, self.weights, self.offsets, self.df)
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.offsets[i] as usize..self.offsets[i + 1] as usize
    }

    /// Article i's title terms (numbers included), rarest first.
    pub fn title_terms(&self, i: usize) -> impl Iterator<Item = u32> + '_ {
        let r = self.range(i);
        self.terms[r.clone()]
            .iter()
            .zip(&self.flags[r])
            .filter(|(_, f)| **f & TITLE != 0)
            .map(|(t, _)| *t)
    }

    /// Article i's term ids with both unit weights: over title and lead,
    /// and over the title alone.
    pub fn vectors(&self, i: usize) -> (&[u32], &[f32], &[f32]) {
        let r = self.range(i);
        (
            &self.terms[r.clone()],
            &self.weights[r.clone()],
            &self.title_weights[r],
        )
    }

    /// How many terms the window's vectors hold, and how many of them are
    /// title terms (to choose a candidate search).
    pub fn sizes(&self) -> (usize, usize) {
        let titled = self.flags.iter().filter(|&&f| f & TITLE != 0).count();
        (self.terms.len(), titled)
    }

    /// How many articles the document frequencies count: the window's,
    /// or its reference's. A term's share of the window is its share of
    /// these (the common-term cap, `candidates`), so a step that holds
    /// only part of its window drops the terms the whole window would.
    pub fn counted(&self) -> usize {
        self.counted
    }

    /// Whether article i's title is long enough to be matched.
    pub fn matchable(&self, i: usize) -> bool {
        self.title_len[i] as usize >= MIN_TITLE_TERMS
    }

    /// How many of article i's terms (rarest first) must be indexed so that
    /// any article with similarity ≥ `t` to it shares one of them: the rest
    /// has length below `t` in both the title and the title + lead vector,
    /// and by Cauchy–Schwarz a vector sharing nothing with the indexed part
    /// has a smaller cosine than that.
    pub fn prefix_len(&self, i: usize, t: f32) -> usize {
        let r = self.range(i);
        let prefix = |w: &[f32]| {
            let mut rest: f32 = w.iter().map(|x| x * x).sum();
            let limit = t * t;
            for (k, x) in w.iter().enumerate() {
                if rest < limit {
                    return k;
                }
                rest -= x * x;
            }
            w.len()
        };
        prefix(&self.weights[r.clone()]).max(prefix(&self.title_weights[r]))
    }

    /// Similarity of articles i and j — the larger of the cosines of their
    /// title vectors and of their title + lead vectors — and how many title
    /// terms other than numbers they share.
    pub fn compare(&self, i: usize, j: usize) -> (f32, usize) {
        let (ra, rb) = (self.range(i), self.range(j));
        let (ta, tb) = (&self.terms[ra.clone()], &self.terms[rb.clone()]);
        let (mut x, mut y, mut dot, mut shared) = (0, 0, 0.0f32, 0usize);
        let mut title_dot = 0.0f32;
        while x < ta.len() && y < tb.len() {
            match ta[x].cmp(&tb[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    dot += self.weights[ra.start + x] * self.weights[rb.start + y];
                    title_dot +=
                        self.title_weights[ra.start + x] * self.title_weights[rb.start + y];
                    // Numbers must agree, but agreeing on a number is not
                    // a shared subject ("story 9" / "story 9").
                    let both = self.flags[ra.start + x] & self.flags[rb.start + y];
                    shared += usize::from(both & TITLE != 0 && both & NUMBER == 0);
                    x += 1;
                    y += 1;
                }
            }
        }
        // Leads only add evidence: two reports with the same title and
        // different leads are still the same story.
        (dot.max(title_dot), shared)
    }

    /// `same_story_cos(i, j, threshold)` for the article `probe` holds
    /// (i): the same answer, bit for bit, with the pair's dot products
    /// taken through the probe's dense map instead of a merge of the two
    /// term lists (a probe is compared with many candidates in a row).
    pub fn same_story_probe(&self, probe: &Probe, j: usize, threshold: f32) -> Option<f32> {
        let i = probe.article;
        if !self.matchable(i) || !self.matchable(j) {
            return None;
        }
        let (cos, shared) = self.compare_probe(probe, j);
        let similar = cos >= threshold && shared >= MIN_SHARED_TITLE_TERMS;
        let anchored = || cos >= ANCHOR_FLOOR && self.anchored(i, j);
        ((similar || anchored()) && !self.contradict(i, j)).then_some(cos)
    }

    /// `compare(probe.article, j)`: the shared terms are met in the same
    /// (ascending) order and multiplied in the same order, so the sums are
    /// equal to the last bit.
    fn compare_probe(&self, probe: &Probe, j: usize) -> (f32, usize) {
        let base = self.offsets[probe.article] as usize;
        let (mut dot, mut title_dot, mut shared) = (0.0f32, 0.0f32, 0usize);
        for y in self.range(j) {
            let at = probe.slot[self.terms[y] as usize];
            if at == 0 {
                continue;
            }
            let x = base + at as usize - 1;
            dot += self.weights[x] * self.weights[y];
            title_dot += self.title_weights[x] * self.title_weights[y];
            let both = self.flags[x] & self.flags[y];
            shared += usize::from(both & TITLE != 0 && both & NUMBER == 0);
        }
        (dot.max(title_dot), shared)
    }

    /// Whether the titles of i and j state different facts:
    /// - both carry numbers and neither's numbers are all among the
    ///   other's ("kills 5" / "kills 15"; "6.31" / "6.15"), or
    /// - both name a month and share none, or
    /// - each names someone or something (a capitalised word after the
    ///   first, an acronym, or a place of the map wherever it stands:
    ///   `gazetteer`) that the other does not mention at all ("OPEC
    ///   agrees" / "Saudi Arabia extends", "Tokyo stocks" / "China
    ///   stocks"; a title that spells out an acronym's name mentions it:
    ///   "GE" / "General Electric", `acronyms`; one that names a land
    ///   mentions its capital and the other way round: "Москва / Россия
    ///   потребовала"), or
    /// - one says an event went one way and the other the opposite way
    ///   ("начался" / "завершился", `opposites`), or
    /// - one asks a question and the other does not
    ///   (`fingerprint::is_question`), or
    /// - both name days of the week and share none (`days`).
    pub fn contradict(&self, i: usize, j: usize) -> bool {
        let facts = |k: usize, flag: u8| {
            let r = self.range(k);
            self.terms[r.clone()]
                .iter()
                .zip(&self.flags[r])
                .filter(move |(_, f)| *f & flag != 0 && *f & TITLE != 0)
                .map(|(t, _)| *t)
        };
        let title_has = |k: usize, t: u32| {
            let r = self.range(k);
            self.terms[r.clone()]
                .binary_search(&t)
                .is_ok_and(|p| self.flags[r.start + p] & TITLE != 0)
        };
        // Event words of opposite ways ("начался" / "завершился").
        if super::opposites::opposed(self.poles[i], self.poles[j]) {
            return true;
        }
        // A question and a statement: the question is not the report.
        if self.asks[i] != self.asks[j] {
            return true;
        }
        // Days of the week ("open lower on Thursday" / "… on Tuesday").
        if super::days::differ(self.days[i], self.days[j]) {
            return true;
        }
        // Numbers.
        let (mut na, mut nb) = (facts(i, NUMBER).peekable(), facts(j, NUMBER).peekable());
        if na.peek().is_some() && nb.peek().is_some() {
            let a_in_b = na.all(|t| title_has(j, t));
            let b_in_a = nb.all(|t| title_has(i, t));
            if !a_in_b && !b_in_a {
                return true;
            }
        }
        // Months.
        let mut ma = facts(i, DATE).peekable();
        if ma.peek().is_some()
            && facts(j, DATE).next().is_some()
            && !ma.any(|t| facts(j, DATE).any(|u| u == t))
        {
            return true;
        }
        // Names, and places wherever they stand (`gazetteer`).
        let private = |k: usize, other: usize| {
            let r = self.range(k);
            self.terms[r.clone()]
                .iter()
                .zip(&self.flags[r])
                .filter(|(_, f)| **f & (ENTITY | PLACE) != 0 && **f & TITLE != 0)
                .any(|(&t, &f)| !self.mentions(other, t, f) && self.could_spell(other, f))
        };
        private(i, j) && private(j, i)
    }

    /// What the "same story?" test could weigh about articles i and j, as
    /// numbers (`eval::pair_features`, for measuring which combination of
    /// them separates the labelled pairs; the test itself reads none of
    /// this): cosine, shared title terms, contradiction, and per side its
    /// title terms, the title weight the other does not share, its
    /// heaviest unshared title term, its unshared title terms, its names
    /// the other does not mention, and its numbers; then shared names,
    /// shared numbers, and the idf of the rarest shared title term.
    pub fn features(&self, i: usize, j: usize) -> Vec<f32> {
        let (cos, shared) = self.compare(i, j);
        let idf = |t: u32| idf(self.counted, self.df[t as usize]);
        let side = |k: usize, other: usize| {
            let (r, o) = (self.range(k), self.range(other));
            let (mut len, mut rest, mut heaviest, mut unshared, mut private, mut numbers) =
                (0.0f32, 1.0f32, 0.0f32, 0.0f32, 0.0f32, 0.0f32);
            for p in r {
                let f = self.flags[p];
                if f & TITLE == 0 {
                    continue;
                }
                let t = self.terms[p];
                let w = self.title_weights[p];
                len += 1.0;
                numbers += f32::from(u8::from(f & NUMBER != 0));
                if self.terms[o.clone()].binary_search(&t).is_ok() {
                    rest -= w * w;
                } else {
                    unshared += 1.0;
                    heaviest = heaviest.max(w);
                    let named = f & (ENTITY | PLACE) != 0;
                    private += f32::from(u8::from(named && !self.mentions(other, t, f)));
                }
            }
            [len, rest.max(0.0), heaviest, unshared, private, numbers]
        };
        let (a, b) = (side(i, j), side(j, i));
        let (ra, rb) = (self.range(i), self.range(j));
        let (mut names, mut numbers, mut rarest) = (0.0f32, 0.0f32, 0.0f32);
        for p in ra {
            let t = self.terms[p];
            if let Ok(q) = self.terms[rb.clone()].binary_search(&t) {
                let both = self.flags[p] & self.flags[rb.start + q];
                if both & TITLE == 0 {
                    continue;
                }
                names += f32::from(u8::from(both & (ENTITY | PLACE) != 0));
                numbers += f32::from(u8::from(both & NUMBER != 0));
                rarest = rarest.max(idf(t));
            }
        }
        let mut out = vec![
            cos,
            shared as f32,
            f32::from(u8::from(self.contradict(i, j))),
        ];
        for k in 0..a.len() {
            out.push(a[k]);
            out.push(b[k]);
        }
        out.extend([names, numbers, rarest]);
        out
    }

    /// Whether article k mentions the name term t (with flags `f`): by
    /// the term itself, by spelling out the acronym it is (`acronyms`),
    /// or, for a place, by another name of it (`names_place`).
    fn mentions(&self, k: usize, t: u32, f: u8) -> bool {
        self.terms[self.range(k)].binary_search(&t).is_ok()
            || self.spells_out(k, t)
            || (f & PLACE != 0 && self.names_place(k, t))
    }

    /// Whether article k names the place term t is (`gazetteer`) by
    /// another term: a land by its capital, a capital by its land, a
    /// place by another spelling.
    fn names_place(&self, k: usize, t: u32) -> bool {
        let place = |t: u32| {
            self.places
                .binary_search_by_key(&t, |p| p.0)
                .ok()
                .map(|at| self.places[at].1)
        };
        let Some(p) = place(t) else {
            return false;
        };
        let r = self.range(k);
        self.terms[r.clone()]
            .iter()
            .zip(&self.flags[r])
            .filter(|(_, f)| **f & PLACE != 0)
            .filter_map(|(&u, _)| place(u))
            .any(|q| p.same(q))
    }

    /// Whether article k's title could have written a name of `flags`'s
    /// script (`script`): it has a word, not a number, in that script. A
    /// Kazakh title all in Cyrillic could only have spelt `Facebook` as
    /// `Фейсбук`, which no fold brings to one term, so `Facebook` in the
    /// other title is unknown to it, not a name it lacks.
    fn could_spell(&self, k: usize, flags: u8) -> bool {
        let r = self.range(k);
        self.flags[r]
            .iter()
            .any(|f| f & TITLE != 0 && f & NUMBER == 0 && (f ^ flags) & LATIN == 0)
    }

    /// The "same story?" test of the module docs, without the time window
    /// and feed rules (the clusterer applies those).
    pub fn same_story(&self, i: usize, j: usize, threshold: f32) -> bool {
        self.same_story_cos(i, j, threshold).is_some()
    }

    /// `same_story`, with the similarity when they are.
    pub fn same_story_cos(&self, i: usize, j: usize, threshold: f32) -> Option<f32> {
        if !self.matchable(i) || !self.matchable(j) {
            return None;
        }
        let (cos, shared) = self.compare(i, j);
        let similar = cos >= threshold && shared >= MIN_SHARED_TITLE_TERMS;
        let anchored = || cos >= ANCHOR_FLOOR && self.anchored(i, j);
        ((similar || anchored()) && !self.contradict(i, j)).then_some(cos)
    }

    /// The rarest number of article i's title, if it has one.
    pub fn rarest_title_number(&self, i: usize) -> Option<u32> {
        let r = self.range(i);
        self.terms[r.clone()]
            .iter()
            .zip(&self.flags[r])
            .find(|(_, f)| **f & NUMBER != 0 && **f & TITLE != 0)
            .map(|(t, _)| *t)
    }

    /// Whether the titles agree on their facts: both carry numbers and
    /// carry the same ones, every name of each is a term of the other, and
    /// they share a name (a term marked as a name on either side) or a
    /// month (with the same numbers, one date). A Kazakh and a Russian report of one event share
    /// little more than these — names are one term across the scripts,
    /// numbers are digits either way (words included) — so their cosine
    /// stays under the threshold; agreeing on every number and a name is
    /// the evidence that remains ("Алматыда 5,2 магнитудалы жер сілкінісі"
    /// / "В Алматы землетрясение магнитудой 5,2").
    fn anchored(&self, i: usize, j: usize) -> bool {
        let numbers = |k: usize| {
            let r = self.range(k);
            self.terms[r.clone()]
                .iter()
                .zip(&self.flags[r])
                .filter(|(_, f)| **f & NUMBER != 0 && **f & TITLE != 0)
                .map(|(t, _)| *t)
                .collect::<Vec<u32>>()
        };
        let (na, nb) = (numbers(i), numbers(j));
        if na.is_empty() || na != nb {
            return false;
        }
        // Every name of each title is a term of the other ("Алматы" may be
        // the first word, so not marked, on one side), or one the other
        // could only have spelt in another script (`could_spell`).
        let names_agree = |k: usize, other: usize| {
            let r = self.range(k);
            let o = self.range(other);
            self.terms[r.clone()]
                .iter()
                .zip(&self.flags[r])
                .filter(|(_, f)| **f & ENTITY != 0 && **f & TITLE != 0)
                .all(|(&t, &f)| {
                    self.terms[o.clone()].binary_search(&t).is_ok()
                        || self.spells_out(other, t)
                        || !self.could_spell(other, f)
                })
        };
        if !(names_agree(i, j) && names_agree(j, i)) {
            return false;
        }
        let (ra, rb) = (self.range(i), self.range(j));
        let (ta, tb) = (&self.terms[ra.clone()], &self.terms[rb.clone()]);
        let (mut x, mut y) = (0, 0);
        while x < ta.len() && y < tb.len() {
            match ta[x].cmp(&tb[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let (fa, fb) = (self.flags[ra.start + x], self.flags[rb.start + y]);
                    // A shared name, or a shared month: with every number
                    // equal, that is a date both report ("10 қарашада" /
                    // "10 ноября"), a fact as particular as a name.
                    let anchor = (fa | fb) & ENTITY != 0 || fa & fb & DATE != 0;
                    if fa & fb & TITLE != 0 && anchor && (fa | fb) & NUMBER == 0 {
                        return true;
                    }
                    x += 1;
                    y += 1;
                }
            }
        }
        false
    }
}

/// The weight of a term in `df` of `n` articles: `ln(1 + n / df)`.
fn idf(n: usize, df: u32) -> f32 {
    (1.0 + n as f32 / df.max(1) as f32).ln()
}

/// Document frequencies to weigh a window's terms with (`Window::build_with`):
/// `df` of a stem id (`Fingerprint::stem_id`) among `n` articles, and
/// `title_df` among their titles alone when known. Without it the title
/// vectors are weighed by `df` (kept document frequencies count a term
/// once wherever it was: `kept::DocFreqs`).
pub(crate) struct Reference<'a> {
    pub n: usize,
    pub df: &'a dyn Fn(u64) -> u32,
    pub title_df: Option<&'a dyn Fn(u64) -> u32>,
}

/// One article's terms as a dense map over the window's term ids (`slot[id]`
/// is the term's place in the article's list plus one, 0 when absent), so
/// comparing it with a candidate is one look-up per candidate term rather
/// than a merge of two lists with a branch per step.
pub(crate) struct Probe {
    slot: Vec<u32>,
    article: usize,
}

impl Probe {
    pub fn new(window: &Window) -> Probe {
        Probe {
            slot: vec![0; window.df.len()],
            article: usize::MAX,
        }
    }

    /// Makes article i the probe (clearing the previous one's terms only).
    pub fn set(&mut self, window: &Window, i: usize) {
        if self.article != usize::MAX {
            for &t in &window.terms[window.range(self.article)] {
                self.slot[t as usize] = 0;
            }
        }
        for (k, &t) in window.terms[window.range(i)].iter().enumerate() {
            self.slot[t as usize] = k as u32 + 1;
        }
        self.article = i;
    }
}

/// Term numbers by first appearance: an open-addressing table keyed by the
/// stem hashes themselves (already uniform, so their low bits are the
/// slot), a third of the cost of a general hash map on the hundreds of
/// thousands of terms of a week of articles with leads.
struct Vocab {
    /// (stem hash, id + 1); 0 marks a free slot.
    slots: Vec<(u64, u32)>,
    /// The stem hash of each id.
    stems: Vec<u64>,
}

impl Vocab {
    fn with_capacity(n: usize) -> Vocab {
        Vocab {
            slots: vec![(0, 0); (2 * n).next_power_of_two().max(64)],
            stems: Vec::new(),
        }
    }

    /// The id of `stem`, if it has one.
    fn get(&self, stem: u64) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut at = stem as usize & mask;
        loop {
            let (key, id) = self.slots[at];
            if id == 0 {
                return None;
            }
            if key == stem {
                return Some(id - 1);
            }
            at = (at + 1) & mask;
        }
    }

    /// The id of `stem`, numbering it next if it is new.
    fn id(&mut self, stem: u64) -> u32 {
        if 2 * (self.stems.len() + 1) > self.slots.len() {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut at = stem as usize & mask;
        loop {
            let (key, id) = self.slots[at];
            if id == 0 {
                let id = self.stems.len() as u32;
                self.slots[at] = (stem, id + 1);
                self.stems.push(stem);
                return id;
            }
            if key == stem {
                return id - 1;
            }
            at = (at + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let mut slots = vec![(0u64, 0u32); self.slots.len() * 2];
        let mask = slots.len() - 1;
        for &(key, id) in self.slots.iter().filter(|s| s.1 != 0) {
            let mut at = key as usize & mask;
            while slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = (key, id);
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cosine of articles i and j over their titles alone, or over
    /// titles and leads.
    fn cosine(w: &Window, i: usize, j: usize, titles_alone: bool) -> f32 {
        let ((ti, fi, wi), (tj, fj, wj)) = (w.vectors(i), w.vectors(j));
        let (wi, wj) = if titles_alone { (wi, wj) } else { (fi, fj) };
        ti.iter()
            .zip(wi)
            .filter_map(|(t, x)| tj.binary_search(t).ok().map(|at| x * wj[at]))
            .sum()
    }

    #[test]
    fn other_articles_leads_do_not_move_a_title_cosine() {
        let a = Fingerprint::of("Oil prices rise in Asian trade on supply fears", None, None);
        let b = Fingerprint::of("Oil prices rise on Middle East supply fears", None, None);
        let titles = [
            "Football club signs new goalkeeper",
            "Heavy snow closes mountain roads",
            "Museum opens exhibition of old maps",
        ];
        let plain = titles.map(|t| Fingerprint::of(t, None, None));
        // The same titles, with leads that use the first two titles'
        // words (oil, prices, supply, Asian, trade) over and over.
        let lead = "Oil prices and supply fears weigh on Asian trade, traders said.";
        let with_leads = titles.map(|t| Fingerprint::of(t, Some(lead), None));
        let window = |rest: &[Fingerprint]| {
            let all: Vec<&Fingerprint> = [&a, &b].into_iter().chain(rest).collect();
            Window::build(all.into_iter())
        };
        let (bare, led) = (window(&plain), window(&with_leads));
        let (x, y) = (cosine(&bare, 0, 1, true), cosine(&led, 0, 1, true));
        assert!(x > 0.5, "the two titles are alike: {x}");
        assert_eq!(x.to_bits(), y.to_bits(), "{x} without leads, {y} with");
        // The vectors over titles and leads do weigh the leads: there the
        // words the leads repeat are common, and the pair's cosine falls.
        let (x, y) = (cosine(&bare, 0, 1, false), cosine(&led, 0, 1, false));
        assert!(y < x, "{y} with leads, {x} without");
    }

    #[test]
    fn features_say_what_two_titles_share_and_what_each_adds() {
        let titles = [
            "Wave of bombings kills 15 in Baghdad",
            "Wave of bombings kills 15 in Baghdad",
            "Wave of bombings kills 40 in Baghdad market",
            "Museum opens exhibition of old maps",
        ];
        let fps = titles.map(|t| Fingerprint::of(t, None, None));
        let w = Window::build(fps.iter());
        let same = w.features(0, 1);
        let other = w.features(0, 2);
        // cos, shared, contradict; then per side (a, b): len, rest,
        // heaviest, unshared, private, numbers; then shared names,
        // shared numbers, rarest shared.
        assert!((same[0] - 1.0).abs() < 1e-5, "{same:?}");
        assert_eq!(same[2], 0.0);
        assert!(
            same[5] < 1e-5 && same[6] < 1e-5,
            "nothing unshared: {same:?}"
        );
        assert_eq!((same[9], same[10]), (0.0, 0.0));
        assert_eq!(same[16], 1.0, "one shared number");
        // 15 against 40: a contradiction, and b adds "market" and 40.
        assert_eq!(other[2], 1.0, "{other:?}");
        assert_eq!((other[9], other[10]), (1.0, 2.0), "{other:?}");
        assert_eq!(other[16], 0.0);
        assert!(other[0] < same[0]);
        // Nothing shared with an unrelated title: all of each side's
        // weight is its own.
        let none = w.features(0, 3);
        assert_eq!(none[0], 0.0);
        assert!((none[5] - 1.0).abs() < 1e-5 && (none[6] - 1.0).abs() < 1e-5);
    }
}
