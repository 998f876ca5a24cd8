//! Conformance runner over ../shared/corpus/public (see its README.md):
//! every row of MANIFEST.tsv is fed to `sources::feed::parse` with its HTTP
//! headers and checked by its `outcome` class. Skips with a notice when the
//! corpus is not there (a clone without the shared directory).

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use keruen::domain::ParsedFeed;
use keruen::sanitize::is_forbidden;
use keruen::sources::feed;
use url::Url;

/// `parse-lenient` rows that pass today; raise it when more pass, so that a
/// regression fails the test.
const LENIENT_PASS_FLOOR: usize = 162;

const TIME_LIMIT: Duration = Duration::from_secs(1);

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/public")
}

struct Row {
    fields: BTreeMap<String, String>,
}

impl Row {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
    fn count(&self, name: &str) -> Option<usize> {
        self.get(name).trim().parse().ok()
    }
}

fn manifest(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("read MANIFEST.tsv");
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .expect("manifest header")
        .split('\t')
        .map(str::to_owned)
        .collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| Row {
            fields: header
                .iter()
                .cloned()
                .zip(l.split('\t').map(str::to_owned))
                .collect(),
        })
        .collect()
}

/// Content-Type and base URL from the row's `http_headers` (header lines
/// separated by " | " or newlines, if there are several).
fn headers(row: &Row) -> (Option<String>, Url) {
    let path = row.get("path");
    let mut base = Url::parse("http://corpus.invalid/").expect("base");
    base = base.join(path).unwrap_or(base);
    let mut content_type = None;
    for h in row.get("http_headers").split(['|', '\n']) {
        let Some((name, value)) = h.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        } else if name.trim().eq_ignore_ascii_case("content-location") {
            // Only an http(s) Content-Location may become the base.
            if let Ok(u) = base.join(value)
                && matches!(u.scheme(), "http" | "https")
            {
                base = u;
            }
        }
    }
    (content_type, base)
}

/// Returns a description of the first unsafe character in any text field.
fn unsafe_text(feed: &ParsedFeed) -> Option<String> {
    let check_line = |what: &str, s: &str| -> Option<String> {
        s.chars()
            .find(|&c| is_forbidden(c) || c == '\n' || c == '\t' || c == '\r')
            .map(|c| format!("{what} holds U+{:04X}", c as u32))
    };
    let check_text = |what: &str, s: &str| -> Option<String> {
        s.chars()
            .find(|&c| is_forbidden(c) || c == '\t' || c == '\r')
            .map(|c| format!("{what} holds U+{:04X}", c as u32))
    };
    if let Some(e) = feed
        .title
        .as_deref()
        .and_then(|t| check_line("feed title", t))
    {
        return Some(e);
    }
    if let Some(e) = feed
        .site_link
        .as_deref()
        .and_then(|t| check_line("site link", t))
    {
        return Some(e);
    }
    for item in &feed.items {
        let lines = [
            ("key", Some(item.key.as_str())),
            ("title", Some(item.title.as_str())),
            ("link", item.link.as_deref()),
            ("author", item.author.as_deref()),
            ("category", item.category.as_deref()),
        ];
        for (what, v) in lines {
            if let Some(e) = v.and_then(|v| check_line(what, v)) {
                return Some(e);
            }
        }
        for (what, v) in [("summary", &item.summary), ("content", &item.content)] {
            if let Some(e) = v.as_deref().and_then(|v| check_text(what, v)) {
                return Some(e);
            }
        }
    }
    None
}

/// Checks the counts the manifest gives for a row that should parse.
fn has_source_title(item: &keruen::domain::NewArticle) -> bool {
    !item.title.is_empty() && !item.title_derived
}

fn check_counts(row: &Row, feed: &ParsedFeed) -> Result<(), String> {
    let n = feed.items.len();
    if let Some(expected) = row.count("expected_items")
        && n != expected
    {
        return Err(format!("{n} items, expected {expected}"));
    }
    if row.get("has_feed_title").trim() == "1" && feed.title.is_none() {
        return Err("no feed title".into());
    }
    // The manifest counts title elements in the source: a title the reader
    // derived from an item's text or link is not one.
    let titled = feed.items.iter().filter(|i| has_source_title(i)).count();
    if let Some(t) = row.count("items_with_title")
        && titled != t
    {
        return Err(format!("{titled} items with a title, expected {t}"));
    }
    let linked = feed.items.iter().filter(|i| i.link.is_some()).count();
    if let Some(l) = row.count("items_with_link")
        && linked < l
    {
        return Err(format!("{linked} items with a link, expected {l}"));
    }
    Ok(())
}

#[derive(Default)]
struct Tally {
    total: usize,
    passed: usize,
    failures: Vec<String>,
}

#[test]
fn corpus_conformance() {
    let dir = corpus_dir();
    if !dir.join("MANIFEST.tsv").exists() {
        println!(
            "NOTICE: {} not found; conformance corpus skipped",
            dir.display()
        );
        return;
    }
    let rows = manifest(&dir);
    assert!(rows.len() > 800, "manifest has {} rows", rows.len());

    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unsafe_fields = Vec::new();
    let mut slow_or_panicked = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let mut error_rows: Vec<String> = Vec::new();
    // Informational differences that the README does not make failures
    // (an unparseable date may be missing; we may find more links).
    let mut notes: Vec<String> = Vec::new();

    for row in &rows {
        let path = row.get("path");
        let outcome = row.get("outcome").to_owned();
        let bytes = std::fs::read(dir.join(path)).expect("read fixture");
        let (content_type, base) = headers(row);

        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| {
            feed::parse(&bytes, content_type.as_deref(), &base, 10_000)
        }));
        let elapsed = started.elapsed();

        let tally = tallies.entry(outcome.clone()).or_default();
        tally.total += 1;
        let result = match result {
            Ok(r) => r,
            Err(_) => {
                slow_or_panicked.push(format!("{path}: panicked"));
                tally.failures.push(format!("{path}: panicked"));
                continue;
            }
        };
        if elapsed > slowest.0 {
            slowest = (elapsed, path.to_owned());
        }
        if outcome == "error-or-lenient"
            && let Err(e) = &result
        {
            error_rows.push(format!("{path}: {e}"));
        }
        if elapsed > TIME_LIMIT {
            slow_or_panicked.push(format!("{path}: took {elapsed:?}"));
        }
        if let Ok(feed) = &result
            && let Some(e) = unsafe_text(feed)
        {
            unsafe_fields.push(format!("{path}: {e}"));
        }
        if let Ok(feed) = &result {
            let dated = feed.items.iter().filter(|i| i.published.is_some()).count();
            let titled = feed.items.iter().filter(|i| has_source_title(i)).count();
            let linked = feed.items.iter().filter(|i| i.link.is_some()).count();
            if row.count("items_with_date").is_some_and(|d| dated < d) {
                notes.push(format!(
                    "{path}: {dated} dated items, {} date elements",
                    row.get("items_with_date")
                ));
            }
            if row.count("items_with_title").is_some_and(|t| titled != t) {
                notes.push(format!(
                    "{path}: {titled} titled items, manifest {}",
                    row.get("items_with_title")
                ));
            }
            if row.count("items_with_link").is_some_and(|l| linked != l) {
                notes.push(format!(
                    "{path}: {linked} linked items, manifest {}",
                    row.get("items_with_link")
                ));
            }
        }
        let verdict = match (&*outcome, &result) {
            ("parse" | "parse-lenient", Ok(feed)) => check_counts(row, feed),
            ("parse" | "parse-lenient", Err(e)) => Err(format!("error: {e}")),
            // Anything but a panic or a hang is acceptable here; an error
            // must be one printable line.
            (_, Err(e)) if e.to_string().contains('\n') => Err(format!("multi-line error: {e}")),
            _ => Ok(()),
        };
        match verdict {
            Ok(()) => tally.passed += 1,
            Err(why) => tally
                .failures
                .push(format!("{path} [{}]: {why}", row.get("notes"))),
        }
    }

    for (class, t) in &tallies {
        println!("{class}: {}/{} pass", t.passed, t.total);
    }
    println!("slowest row: {} in {:?}", slowest.1, slowest.0);
    if let Some(t) = tallies.get("error-or-lenient") {
        println!(
            "error-or-lenient: {} parsed leniently, {} clear errors",
            t.total - error_rows.len(),
            error_rows.len()
        );
    }
    for n in &notes {
        println!("NOTE: {n}");
    }
    for e in &error_rows {
        println!("ERROR (acceptable): {e}");
    }
    for (class, t) in &tallies {
        for f in &t.failures {
            println!("FAIL {class}: {f}");
        }
    }

    assert!(
        slow_or_panicked.is_empty(),
        "panics or slow rows: {slow_or_panicked:#?}"
    );
    assert!(
        unsafe_fields.is_empty(),
        "unsafe text reached the model: {unsafe_fields:#?}"
    );
    let parse = &tallies["parse"];
    assert!(
        parse.failures.is_empty(),
        "{} `parse` rows fail",
        parse.failures.len()
    );
    let lenient = &tallies["parse-lenient"];
    assert!(
        lenient.passed >= LENIENT_PASS_FLOOR,
        "only {} `parse-lenient` rows pass (floor {LENIENT_PASS_FLOOR})",
        lenient.passed
    );
    let errors = &tallies["error-or-lenient"];
    assert!(errors.failures.is_empty(), "{:#?}", errors.failures);
}

/// Counts of a marker in a file, for the expected number of items with a signal.
fn occurrences(text: &str, marker: &str) -> usize {
    text.matches(marker).count()
}

/// The bench corpus generator (../shared/bench/gen_corpus.py) puts views,
/// comments and ratings on ~40% of items: RSS (media:community +
/// slash:comments), Atom (inside media:group) and JSON Feed (`_stats`).
/// Every one must come through, every item must keep its date, and keys
/// must be unique and identical across two parses.
#[test]
fn bench_corpus_signals_come_through() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    if !script.exists() {
        println!("NOTICE: {} not found; skipped", script.display());
        return;
    }
    let out = tempfile::tempdir().expect("tempdir");
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg(out.path())
        .args(["--feeds", "12", "--items", "25"])
        .stdout(std::process::Stdio::null())
        .status();
    let Ok(status) = status else {
        println!("NOTICE: python3 not available; skipped");
        return;
    };
    assert!(status.success(), "gen_corpus.py failed");
    let base = Url::parse("https://example.invalid/").expect("base");
    let mut formats = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(out.path()).expect("read dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name == "manifest.json" {
            continue;
        }
        let bytes = std::fs::read(&path).expect("read feed");
        let text = String::from_utf8_lossy(&bytes);
        let parsed = feed::parse(&bytes, None, &base, 10_000).expect("bench feed parses");
        let again = feed::parse(&bytes, None, &base, 10_000).expect("parses twice");
        assert_eq!(parsed, again, "{name}: two parses differ");
        assert_eq!(parsed.items.len(), 25, "{name}");
        let keys: std::collections::HashSet<&str> =
            parsed.items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys.len(), parsed.items.len(), "{name}: duplicate keys");
        assert!(
            parsed.items.iter().all(|i| i.published.is_some()),
            "{name}: an item lost its date"
        );

        let count = |f: fn(&keruen::domain::Signals) -> bool| {
            parsed.items.iter().filter(|i| f(&i.signals)).count()
        };
        let (views, comments, ratings) = if name.ends_with(".json") {
            formats.insert("json");
            (
                occurrences(&text, "\"views\":"),
                occurrences(&text, "\"comments\":"),
                occurrences(&text, "\"rating\":"),
            )
        } else {
            formats.insert(if text.contains("<feed") {
                "atom"
            } else {
                "rss"
            });
            (
                occurrences(&text, "<media:statistics views="),
                occurrences(&text, "<slash:comments>"),
                occurrences(&text, "<media:starRating average="),
            )
        };
        assert!(
            views + comments > 0,
            "{name}: the generator gave no signals"
        );
        assert_eq!(count(|s| s.views.is_some()), views, "{name}: views");
        assert_eq!(
            count(|s| s.comments.is_some()),
            comments,
            "{name}: comments"
        );
        assert_eq!(count(|s| s.rating.is_some()), ratings, "{name}: ratings");
    }
    assert_eq!(
        formats.len(),
        3,
        "expected RSS, Atom and JSON in the sample: {formats:?}"
    );
}

/// Cut and corrupted versions of every corpus file: no panic, no hang, and
/// no unsafe text, whatever the lenient repairs make of them.
#[test]
fn mutated_corpus_never_panics() {
    let dir = corpus_dir();
    if !dir.join("MANIFEST.tsv").exists() {
        println!("NOTICE: {} not found; skipped", dir.display());
        return;
    }
    let base = Url::parse("http://corpus.invalid/feed").expect("base");
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut runs = 0usize;
    for row in manifest(&dir) {
        let bytes = std::fs::read(dir.join(row.get("path"))).expect("read fixture");
        if bytes.is_empty() {
            continue;
        }
        let mut variants = Vec::new();
        for _ in 0..2 {
            let cut = (next() as usize) % bytes.len();
            variants.push(bytes[..cut].to_vec());
        }
        for _ in 0..2 {
            let mut v = bytes.clone();
            for _ in 0..4 {
                let i = (next() as usize) % v.len();
                // Bytes that matter to XML, JSON, UTF-8 and terminals.
                const NASTY: &[u8] = b"<>&\"'{}[]\x1b\x00\x80\xff\xfe;:/";
                v[i] = NASTY[(next() as usize) % NASTY.len()];
            }
            variants.push(v);
        }
        for v in variants {
            runs += 1;
            let started = Instant::now();
            let result = catch_unwind(AssertUnwindSafe(|| feed::parse(&v, None, &base, 10_000)));
            let elapsed = started.elapsed();
            let path = row.get("path");
            let result = result.unwrap_or_else(|_| panic!("{path}: panicked on a mutation"));
            assert!(elapsed < TIME_LIMIT, "{path}: mutation took {elapsed:?}");
            match result {
                Ok(feed) => {
                    if let Some(e) = unsafe_text(&feed) {
                        panic!("{path}: mutation let unsafe text through: {e}");
                    }
                }
                Err(e) => assert!(
                    !e.to_string().chars().any(|c| c.is_control()),
                    "{path}: {e:?}"
                ),
            }
        }
    }
    println!("{runs} mutated documents parsed or rejected cleanly");
}
