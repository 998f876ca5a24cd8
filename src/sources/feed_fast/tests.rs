//! The fast reader against feed-rs: wherever it does not step aside, the
//! article list must be exactly what the feed-rs path gives for the same
//! text, over every fixture we have (the 856-document conformance corpus,
//! our own fixtures, the bench corpus generator's output).

use std::path::{Path, PathBuf};

use url::Url;

use super::parse as fast;
use crate::sources::encoding;
use crate::sources::feed::{map_feed, parse_text};
use crate::sources::feed_model::RawFeed;

fn documents(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            documents(&path, out);
        } else if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("tsv" | "md" | "json" | "toml" | "snap" | "txt" | "py" | "sh")
        ) && !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("LICENSE"))
        {
            out.push(path);
        }
    }
}

/// Which documents the fast reader took, and every one where its result
/// differs from feed-rs's (or feed-rs failed where it succeeded).
fn compare(paths: &[PathBuf]) -> (usize, Vec<String>) {
    let base = Url::parse("http://example.org/feeds/index.xml").expect("base");
    let mut taken = 0;
    let mut differ = Vec::new();
    for path in paths {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let text = encoding::decode(&bytes, None).text;
        let Some((raw, scanned)) = fast(&text, &base) else {
            continue;
        };
        taken += 1;
        let shown = path.display();
        let reference = match parse_text(&text, &base) {
            Ok(feed) => RawFeed::from(feed),
            Err(e) => {
                differ.push(format!(
                    "{shown}: feed-rs fails ({e}), the fast reader does not"
                ));
                continue;
            }
        };
        if raw != reference {
            differ.push(format!(
                "{shown}: raw feeds differ\n fast: {raw:?}\n feed-rs: {reference:?}"
            ));
            continue;
        }
        let got = map_feed(raw, &text, Some(scanned), &base, 10_000);
        let want = map_feed(reference, &text, None, &base, 10_000);
        if got != want {
            differ.push(format!(
                "{shown}: articles differ\n fast: {got:?}\n feed-rs: {want:?}"
            ));
        }
    }
    (taken, differ)
}

#[test]
fn reads_every_fixture_it_takes_exactly_as_feed_rs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    documents(&root.join("../shared/corpus/public"), &mut paths);
    let corpus = paths.len();
    documents(&root.join("tests/fixtures"), &mut paths);
    let (taken, differ) = compare(&paths);
    println!(
        "fast reader took {taken} of {} documents ({corpus} from the conformance corpus)",
        paths.len()
    );
    assert!(
        differ.is_empty(),
        "{} documents differ:\n{}",
        differ.len(),
        differ.join("\n\n")
    );
    // It must take a fair share, or it is no faster.
    if corpus > 800 {
        assert!(taken > 150, "only {taken} documents took the fast reader");
    }
}

/// The documents the refresh benchmark serves must all take the fast reader
/// (that is what it is for), and read exactly as feed-rs reads them.
#[test]
fn bench_corpus_takes_the_fast_reader() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    if !script.exists() {
        println!("NOTICE: {} not found; skipped", script.display());
        return;
    }
    let out = tempfile::tempdir().expect("tempdir");
    let Ok(status) = std::process::Command::new("python3")
        .arg(&script)
        .arg(out.path())
        .args(["--feeds", "40", "--items", "20"])
        .stdout(std::process::Stdio::null())
        .status()
    else {
        println!("NOTICE: python3 not available; skipped");
        return;
    };
    assert!(status.success(), "gen_corpus.py failed");
    let mut paths = Vec::new();
    documents(out.path(), &mut paths);
    let xml = paths.len();
    assert!(xml >= 20, "{xml} XML documents generated");
    let (taken, differ) = compare(&paths);
    assert!(differ.is_empty(), "{}", differ.join("\n\n"));
    assert_eq!(
        taken, xml,
        "every bench RSS/Atom document takes the fast reader"
    );
}

#[test]
fn steps_aside_from_what_it_does_not_repeat() {
    let base = Url::parse("http://example.org/").expect("base");
    let rss = |item: &str| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
            xmlns:media="http://search.yahoo.com/mrss/"
            xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>T</title>
            <item><title>a</title>{item}</item></channel></rss>"#
        )
    };
    let plain = rss("<pubDate>Fri, 31 May 2024 18:57:26 +0000</pubDate>");
    assert!(fast(&plain, &base).is_some(), "the common case is read");
    for (why, doc) in [
        ("lenient date", rss("<pubDate>31 May 2024 18:57</pubDate>")),
        ("author e-mail", rss("<author>ed@example.org (Ed)</author>")),
        ("media object", rss(r#"<media:content url="http://x/y.jpg"/>"#)),
        ("itunes", rss("<itunes:duration>10</itunes:duration>")),
        ("markup in a title", rss("<description>x<b>y</b></description>")),
        ("xml:base", rss(r#"<link xml:base="http://x/">y</link>"#)),
        (
            "another encoding",
            plain.replace("encoding=\"UTF-8\"", "encoding=\"windows-1251\""),
        ),
        ("RSS 0.91", plain.replace("version=\"2.0\"", "version=\"0.91\"")),
        ("broken XML", plain.replace("</channel>", "")),
        (
            "XHTML text",
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">a</div></title></entry></feed>"#.to_string(),
        ),
        (
            "content by reference",
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><content src="http://x/"/></entry></feed>"#.to_string(),
        ),
    ] {
        assert!(fast(&doc, &base).is_none(), "{why}: should step aside");
    }
}

/// Long texts are gathered from their raw content: every shape of text,
/// reference and CDATA must come out as feed-rs has it, or step aside.
#[test]
fn long_texts_gather_exactly_as_feed_rs() {
    let base = Url::parse("http://example.org/").expect("base");
    let taken_must = [
        "plain Қазақ text",
        "  padded  ",
        "a &amp; b &lt;p&gt; &quot;q&quot; &apos;",
        "&#1178;&#x49B; &#65;",
        "unknown &nbsp; and &T rocks; kept",
        "<![CDATA[<p>html</p>]]>",
        "  <![CDATA[x]]>  tail &amp; <![CDATA[]]> end ",
        "<![CDATA[]]>",
        "&;",
        "line\r\nbreaks\n",
        // Delimiters next to letters of two, three and four bytes: the
        // byte search must cut on their boundaries.
        "Ұқсас&amp;жаңалықтар",
        "Топ<![CDATA[жаңалықтар]]>&#1178;ә",
        "әә&lt;ё&gt;ү",
        "📰&amp;🗞 €&#x20AC;",
        // Not gathered in one pass: read event by event, as feed-rs does.
        "before <!-- a comment --> after &amp; <![CDATA[x]]>",
    ];
    let aside_must = [
        "AT&T without a semicolon",
        "Қазақ&Тілі без точки с запятой",
        "text <b>markup</b>",
        "&#xD800;",
        "<![CDATA[unclosed",
    ];
    let doc = |raw: &str| {
        format!(
            "<rss version=\"2.0\"><channel><title>{raw}</title><item><title>{raw}</title>\
             <description>{raw}</description><guid>g</guid></item></channel></rss>"
        )
    };
    for raw in taken_must {
        let text = doc(raw);
        let (got, scanned) = fast(&text, &base).unwrap_or_else(|| panic!("{raw:?} stepped aside"));
        let want = RawFeed::from(parse_text(&text, &base).expect("feed-rs reads it"));
        assert_eq!(got, want, "{raw:?}");
        assert_eq!(
            map_feed(got, &text, Some(scanned), &base, 10),
            map_feed(want, &text, None, &base, 10),
            "{raw:?}"
        );
    }
    for raw in aside_must {
        assert!(
            fast(&doc(raw), &base).is_none(),
            "{raw:?} should step aside"
        );
    }
}

/// Enclosures: the documents the fast reader takes give the same
/// enclosures on both paths (they are read by the shared extras pass), and
/// there are some to compare.
#[test]
fn enclosures_agree_with_the_feed_rs_path() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/media");
    let base = Url::parse("https://radio.example/feeds/main.xml").expect("base");
    for name in ["rss_enclosure.xml", "atom_enclosure.xml"] {
        let bytes = std::fs::read(dir.join(name)).expect("fixture");
        let text = encoding::decode(&bytes, None).text;
        let (raw, scanned) = fast(&text, &base).unwrap_or_else(|| panic!("{name}: stepped aside"));
        let reference = RawFeed::from(parse_text(&text, &base).expect("feed-rs reads it"));
        let got = map_feed(raw, &text, Some(scanned), &base, 100);
        let want = map_feed(reference, &text, None, &base, 100);
        assert_eq!(got, want, "{name}");
        assert!(
            got.items.iter().any(|i| !i.enclosures.is_empty()),
            "{name}: no enclosures read"
        );
    }
}
