//! Pipeline micro-benchmarks: parse a 50-item RSS 2.0 and Atom document
//! (~290 KB each), sanitise 1 MB of mixed Kazakh/Russian/English text, and
//! draw the main screen over a 100k-article list (one render, and a
//! page-down + render cycle, which must stay under one 16 ms frame).
//!
//! Run: `cargo bench --bench pipeline`. All inputs are built in-process by
//! deterministic builders, so runs are comparable across machines.

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use keruen::app::{self, AppState, KeySpec, Keymap, Msg};
use keruen::config::settings::ThemeName;
use keruen::domain::{ArticleId, ArticleSummary, FeedId, FeedSummary, Signals};
use keruen::ui::{self, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use url::Url;

const ITEMS: usize = 50;
const LIST: usize = 100_000;
const LIST_FEEDS: usize = 2_000;

/// Deterministic pseudo-random words (xorshift), so the texts look like
/// prose in three scripts rather than one repeated string.
struct Words(u64);

impl Words {
    const VOCAB: &[&str] = &[
        "Қазақстан",
        "жаңалықтар",
        "Өскемен",
        "бойынша",
        "мемлекет",
        "халық",
        "Ұлттық",
        "әкімдік",
        "правительство",
        "заявил",
        "сегодня",
        "экономика",
        "Алматы",
        "министр",
        "the",
        "market",
        "report",
        "council",
        "energy",
        "weather",
        "school",
        "and",
        "of",
        "new",
    ];

    fn next(&mut self) -> &'static str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Self::VOCAB[(self.0 % Self::VOCAB.len() as u64) as usize]
    }

    fn sentence(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.next());
        }
        s
    }
}

/// An HTML body of about `bytes` bytes: paragraphs with links and markup.
fn html_body(w: &mut Words, bytes: usize) -> String {
    let mut s = String::new();
    let mut k = 0;
    while s.len() < bytes {
        k += 1;
        s.push_str("<p>");
        s.push_str(&w.sentence(12));
        s.push_str(&format!(
            " <a href=\"https://example.kz/a/{k}\">{}</a> <b>{}</b> &amp; {}.</p>",
            w.sentence(3),
            w.sentence(2),
            w.sentence(8)
        ));
    }
    s
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// RSS 2.0 with `ITEMS` items of ~5.7 KB escaped HTML each (~290 KB).
fn rss_doc() -> String {
    let mut w = Words(0x9E37_79B9_7F4A_7C15);
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:media=\"http://search.yahoo.com/mrss/\" \
         xmlns:slash=\"http://purl.org/rss/1.0/modules/slash/\">\n<channel>\n\
         <title>Bench RSS</title><link>https://example.kz/</link>\
         <description>bench</description>\n",
    );
    for i in 0..ITEMS {
        let title = w.sentence(9);
        let body = xml_escape(&html_body(&mut w, 4_700));
        s.push_str(&format!(
            "<item><title>{title}</title><link>https://example.kz/news/{i}</link>\
             <guid>https://example.kz/news/{i}</guid>\
             <pubDate>Sat, 28 Nov 2026 {:02}:{:02}:00 +0600</pubDate>\
             <slash:comments>{}</slash:comments>\
             <description>{body}</description></item>\n",
            i % 24,
            i % 60,
            i * 3
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

/// Atom 1.0 with `ITEMS` entries of summary + content (~290 KB).
fn atom_doc() -> String {
    let mut w = Words(0xD1B5_4A32_D192_ED03);
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>Bench Atom</title>\
         <id>urn:bench:atom</id><updated>2026-11-28T12:00:00Z</updated>\
         <link href=\"https://example.kz/\"/>\n",
    );
    for i in 0..ITEMS {
        let title = w.sentence(9);
        let summary = xml_escape(&html_body(&mut w, 700));
        let content = xml_escape(&html_body(&mut w, 4_000));
        s.push_str(&format!(
            "<entry><title>{title}</title><id>urn:bench:{i}</id>\
             <link href=\"https://example.kz/news/{i}\"/>\
             <updated>2026-11-28T{:02}:{:02}:00+06:00</updated>\
             <summary type=\"html\">{summary}</summary>\
             <content type=\"html\">{content}</content></entry>\n",
            i % 24,
            i % 60
        ));
    }
    s.push_str("</feed>\n");
    s
}

fn bench_parse(c: &mut Criterion) {
    let base = Url::parse("https://example.kz/feed").unwrap();
    let mut g = c.benchmark_group("parse");
    g.measurement_time(Duration::from_secs(3)).sample_size(20);
    for (name, doc) in [("rss_50", rss_doc()), ("atom_50", atom_doc())] {
        // Check once that the whole document parses to all its items, so the
        // bench cannot silently measure an error path.
        let parsed = keruen::sources::feed::parse(doc.as_bytes(), None, &base, 1000).unwrap();
        assert_eq!(parsed.items.len(), ITEMS, "{name}");
        eprintln!("parse/{name}: {} bytes", doc.len());
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                keruen::sources::feed::parse(black_box(doc.as_bytes()), None, &base, 1000).unwrap()
            })
        });
    }
    g.finish();
}

/// 1 MB of mixed-script text with newlines, tabs, ANSI escapes, C1
/// controls and bidi overrides sprinkled in (about one in 40 words).
fn dirty_text() -> String {
    let mut w = Words(0x2545_F491_4F6C_DD1D);
    let dirt = [
        "\x1b[31m",
        "\x1b]8;;https://evil.example\x07",
        "\u{202E}",
        "\u{009B}",
        "\x07",
        "\r",
        "\t",
    ];
    let mut s = String::with_capacity(1 << 20);
    let mut i = 0usize;
    while s.len() < 1 << 20 {
        i += 1;
        s.push_str(w.next());
        s.push(if i.is_multiple_of(17) { '\n' } else { ' ' });
        if i.is_multiple_of(40) {
            s.push_str(dirt[i / 40 % dirt.len()]);
        }
    }
    s
}

fn bench_sanitize(c: &mut Criterion) {
    let text = dirty_text();
    let mut g = c.benchmark_group("sanitize");
    g.measurement_time(Duration::from_secs(3)).sample_size(20);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("line_1mb", |b| {
        b.iter(|| keruen::sanitize::line(black_box(&text)))
    });
    g.bench_function("text_1mb", |b| {
        b.iter(|| keruen::sanitize::text(black_box(&text)))
    });
    g.finish();
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

/// 100k summaries over 2,000 feeds, newest first, with a mix of scripts,
/// signals and read states.
fn big_list() -> (Vec<FeedSummary>, Vec<ArticleSummary>) {
    let mut w = Words(0xA076_1D64_78BD_642F);
    let feeds = (0..LIST_FEEDS)
        .map(|f| FeedSummary {
            id: FeedId(f as i64 + 1),
            name: format!("feed-{f:05}"),
            url: format!("https://feed-{f:05}.example/rss"),
            tags: vec!["news".into()],
            title: None,
            total: (LIST / LIST_FEEDS) as u64,
            unread: (LIST / LIST_FEEDS / 2) as u64,
            last_error: None,
            last_success: None,
        })
        .collect();
    let articles = (0..LIST)
        .map(|i| {
            let feed = i % LIST_FEEDS;
            let date = now() - chrono::Duration::minutes(i as i64);
            ArticleSummary {
                title_derived: false,
                id: ArticleId(i as i64 + 1),
                feed_id: FeedId(feed as i64 + 1),
                feed_name: format!("feed-{feed:05}"),
                title: w.sentence(10),
                link: Some(format!("https://example.kz/a/{i}")),
                author: None,
                category: None,
                published: Some(date),
                first_seen: date,
                signals: Signals {
                    views: i.is_multiple_of(3).then_some(i as u64 * 7),
                    comments: i.is_multiple_of(5).then_some(i as u64 % 300),
                    ..Signals::default()
                },
                read: i.is_multiple_of(2),
                starred: i.is_multiple_of(97),
                media: None,
            }
        })
        .collect();
    (feeds, articles)
}

fn press(s: &mut AppState, spec: &str) {
    let key: KeySpec = spec.parse().unwrap();
    app::update(s, Msg::Key(key.to_event()));
}

fn bench_render(c: &mut Criterion) {
    let (w, h) = (200u16, 50u16);
    let (feeds, articles) = big_list();
    let (mut s, _) = app::init(Keymap::defaults(), now(), false);
    app::update(&mut s, Msg::Resize(w, h));
    app::update(&mut s, Msg::FeedsLoaded(feeds));
    app::update(
        &mut s,
        Msg::ArticlesLoaded {
            feed: None,
            articles,
        },
    );
    press(&mut s, "tab");
    assert_eq!(s.articles.rows.len(), LIST, "all 100k rows are listed");
    let theme = Theme::from_name(ThemeName::Default);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();

    let mut g = c.benchmark_group("render_100k");
    g.measurement_time(Duration::from_secs(3)).sample_size(20);
    g.bench_function("draw_200x50", |b| {
        b.iter(|| {
            terminal
                .draw(|f| ui::render(black_box(&s), &theme, f))
                .unwrap();
        })
    });
    g.bench_function("pgdn_and_draw_200x50", |b| {
        b.iter(|| {
            // Wrap to the top before the end so every iteration really
            // moves a page (2,000+ pages before a wrap).
            if s.articles.view.selected + 2 * usize::from(h) >= LIST {
                press(&mut s, "home");
            }
            press(&mut s, "pgdn");
            terminal
                .draw(|f| ui::render(black_box(&s), &theme, f))
                .unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, bench_parse, bench_sanitize, bench_render);
criterion_main!(benches);
