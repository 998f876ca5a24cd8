//! The simulated feeds: who publishes when, and what the server answers.
//! Pure functions of (feed, virtual time), so the fixed-interval baseline
//! is answered by the very same model as the loopback server.

/// Virtual seconds.
pub type Secs = i64;

pub const HOUR: Secs = 3600;
pub const DAY: Secs = 24 * HOUR;
/// Items a document carries (newest first).
pub const ITEMS_PER_DOC: usize = 10;
/// A rate-limited feed answers 429 to a request sooner than this after
/// its last 200/304.
pub const RATE_LIMIT_WINDOW: Secs = HOUR;
pub const RETRY_AFTER: Secs = 2 * HOUR;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    News,
    Blog,
    Podcast,
    Dormant,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Blog => "blog",
            Kind::Podcast => "podcast",
            Kind::Dormant => "dormant",
        }
    }
}

pub struct Feed {
    pub kind: Kind,
    /// Publication times, ascending (history before 0 included).
    pub posts: Vec<Secs>,
    pub ttl_minutes: Option<u32>,
    /// Hours (GMT) in `<skipHours>`, as a bit set.
    pub skip_hours: u32,
    pub max_age: Option<Secs>,
    pub rate_limited: bool,
}

/// splitmix64: a seeded, dependency-free generator.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
}

/// A Poisson process between `from` and `to` whose rate (per hour) may
/// depend on the hour of day (thinning).
fn poisson(
    rng: &mut Rng,
    from: Secs,
    to: Secs,
    peak_per_hour: f64,
    rate: impl Fn(Secs) -> f64,
) -> Vec<Secs> {
    let mut out = Vec::new();
    let mut t = from as f64;
    loop {
        t += rng.exp(3600.0 / peak_per_hour);
        if t >= to as f64 {
            return out;
        }
        if rng.unit() < rate(t as Secs) / peak_per_hour {
            out.push(t as Secs);
        }
    }
}

/// `n` feeds: 20% hourly news sites (busy by day, quiet at night), 35%
/// daily blogs, 10% weekly podcasts, 35% dormant; a few with `<ttl>`,
/// `<skipHours>` or Cache-Control, and 2% that rate-limit with 429.
/// History starts 30 days before 0 and ends at `end`.
pub fn feeds(n: usize, end: Secs, seed: u64) -> Vec<Feed> {
    let mut rng = Rng::new(seed);
    let start = -30 * DAY;
    (0..n)
        .map(|i| {
            let roll = rng.unit();
            let kind = match roll {
                r if r < 0.20 => Kind::News,
                r if r < 0.55 => Kind::Blog,
                r if r < 0.65 => Kind::Podcast,
                _ => Kind::Dormant,
            };
            let posts = match kind {
                Kind::News => {
                    let peak = 1.0 + 3.0 * rng.unit();
                    poisson(&mut rng, start, end, peak, |t| {
                        let hour = t.rem_euclid(DAY) / HOUR;
                        if (6..22).contains(&hour) {
                            peak
                        } else {
                            peak / 8.0
                        }
                    })
                }
                Kind::Blog => {
                    let per_day = 0.3 + 1.2 * rng.unit();
                    poisson(&mut rng, start, end, per_day / 24.0, |_| per_day / 24.0)
                }
                Kind::Podcast => poisson(&mut rng, start, end, 1.0 / 168.0, |_| 1.0 / 168.0),
                // Last posts a year ago; nothing since.
                Kind::Dormant => (0..5).map(|k| -365 * DAY - k * 7 * DAY).rev().collect(),
            };
            let special = i % 50;
            Feed {
                kind,
                posts,
                ttl_minutes: (special == 1).then_some(60),
                skip_hours: if special == 2 && kind == Kind::News {
                    0b11_1111
                } else {
                    0
                },
                max_age: (special == 3).then_some(HOUR),
                rate_limited: special == 4,
            }
        })
        .collect()
}

/// What the server answers to a request for `feed` at `now`.
pub enum Answer {
    Ok { etag: String, body: String },
    NotModified,
    TooMany,
}

/// The items visible at `now`: the newest `ITEMS_PER_DOC` posts so far.
pub fn visible(feed: &Feed, now: Secs) -> &[Secs] {
    let end = feed.posts.partition_point(|p| *p <= now);
    &feed.posts[end.saturating_sub(ITEMS_PER_DOC)..end]
}

pub fn etag(feed: &Feed, now: Secs) -> String {
    let shown = visible(feed, now);
    format!("\"{}-{}\"", shown.len(), shown.last().copied().unwrap_or(0))
}

/// `last_ok`: when this feed last answered 200/304 (for the rate limit).
pub fn answer(
    feed: &Feed,
    id: usize,
    now: Secs,
    if_none_match: Option<&str>,
    last_ok: Option<Secs>,
) -> Answer {
    if feed.rate_limited && last_ok.is_some_and(|t| now - t < RATE_LIMIT_WINDOW) {
        return Answer::TooMany;
    }
    let tag = etag(feed, now);
    if if_none_match == Some(tag.as_str()) {
        return Answer::NotModified;
    }
    Answer::Ok {
        body: render(feed, id, now),
        etag: tag,
    }
}

pub fn render(feed: &Feed, id: usize, now: Secs) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>");
    out.push_str(&format!(
        "<title>Feed {id}</title><link>http://example.org/{id}</link>"
    ));
    if let Some(ttl) = feed.ttl_minutes {
        out.push_str(&format!("<ttl>{ttl}</ttl>"));
    }
    if feed.skip_hours != 0 {
        out.push_str("<skipHours>");
        for h in 0..24 {
            if feed.skip_hours & (1 << h) != 0 {
                out.push_str(&format!("<hour>{h}</hour>"));
            }
        }
        out.push_str("</skipHours>");
    }
    for &p in visible(feed, now).iter().rev() {
        let date = rfc2822(p);
        out.push_str(&format!(
            "<item><title>Story {p} of feed {id}</title><guid>{id}-{p}</guid>\
             <link>http://example.org/{id}/{p}</link><pubDate>{date}</pubDate>\
             <description>A paragraph of about two hundred bytes stands in for the \
             summary a real feed carries with each story, so that bodies weigh what \
             small real feeds weigh.</description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

/// Virtual second 0 is 2026-12-01T00:00:00Z (a Tuesday).
pub const EPOCH: i64 = 1_796_083_200;

pub fn to_utc(t: Secs) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(EPOCH + t, 0).unwrap_or_default()
}

fn rfc2822(t: Secs) -> String {
    to_utc(t).format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}
