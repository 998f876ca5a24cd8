//! Bounded work on big input (issue: a 20,000-level list took seconds to
//! open; 10,000 feeds took seconds to load). Targets: each well under 1 s.
//!
//! `cargo bench --bench bounds` (sample size 10: each run is long).

use criterion::{Criterion, criterion_group, criterion_main};

fn deep_list(levels: usize) -> String {
    let mut html = String::new();
    for i in 0..levels {
        html.push_str(&format!("<ul><li>item {i}"));
    }
    for _ in 0..levels {
        html.push_str("</li></ul>");
    }
    html
}

fn many_feeds(n: usize) -> String {
    (0..n)
        .map(|i| {
            format!(
                "[[feeds]]\nname = \"Feed {i}\"\nurl = \"https://site{i}.example/rss\"\ntags = [\"a\"]\n\n"
            )
        })
        .collect()
}

fn bounds(c: &mut Criterion) {
    let mut g = c.benchmark_group("bounds");
    g.sample_size(10);
    let html = deep_list(20_000);
    g.bench_function("reader_lines_20k_level_list", |b| {
        b.iter(|| keruen::html_text::rich_lines(&html, 100).map(|l| l.len()))
    });
    let config = many_feeds(10_000);
    g.bench_function("config_10k_feeds", |b| {
        b.iter(|| keruen::config::parse(&config, None).map(|s| s.feeds.len()))
    });
    g.finish();
}

criterion_group!(benches, bounds);
criterion_main!(benches);
