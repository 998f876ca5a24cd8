//! Pictures in the reader (issue 18, item 4): the `ui.images` and
//! `ui.image_protocol` settings, which pictures an article offers, decoding
//! under a pixel cap, the reader's flow through `update`, and the real
//! binary in a pseudo-terminal drawing a picture with kitty graphics only
//! when the terminal announces them.

use keruen::config::settings::{ImageMode, ImageProtocol};
use keruen::config::{self, ConfigError};

fn parse_ui(body: &str) -> Result<keruen::config::Settings, ConfigError> {
    config::parse(&format!("[ui]\n{body}\n"), None)
}

#[test]
fn image_settings_default_to_on_request_and_auto() {
    let s = parse_ui("").unwrap();
    assert_eq!(s.ui.images, ImageMode::OnRequest);
    assert_eq!(s.ui.image_protocol, ImageProtocol::Auto);
    let s = parse_ui("images = \"always\"\nimage_protocol = \"kitty\"").unwrap();
    assert_eq!(s.ui.images, ImageMode::Always);
    assert_eq!(s.ui.image_protocol, ImageProtocol::Kitty);
    let s = parse_ui("images = \"off\"\nimage_protocol = \"halfblocks\"").unwrap();
    assert_eq!(s.ui.images, ImageMode::Off);
    assert_eq!(s.ui.image_protocol, ImageProtocol::Halfblocks);
    // The embedded default config says the same.
    let d = config::parse(config::DEFAULT_CONFIG, None).unwrap();
    assert_eq!(d.ui.images, ImageMode::OnRequest);
    assert_eq!(d.ui.image_protocol, ImageProtocol::Auto);
}

#[test]
fn an_unknown_image_mode_names_line_key_and_choices() {
    let err = parse_ui("theme = \"mono\"\nimages = \"sometimes\"").unwrap_err();
    let text = err.to_string();
    assert_eq!(err.key(), Some("ui.images"), "{text}");
    for part in [
        "<config>:3:10:",
        "`ui.images` = \"sometimes\"",
        "\"on-request\", \"always\", \"off\"",
    ] {
        assert!(text.contains(part), "{part:?} missing in: {text}");
    }
    // A near miss gets a suggestion.
    let text = parse_ui("images = \"on_request\"").unwrap_err().to_string();
    assert!(text.contains("did you mean \"on-request\"?"), "{text}");
}

#[test]
fn an_unknown_image_protocol_names_line_key_and_choices() {
    let err = parse_ui("image_protocol = \"sixels\"").unwrap_err();
    let text = err.to_string();
    assert_eq!(err.key(), Some("ui.image_protocol"), "{text}");
    for part in [
        "<config>:2:18:",
        "`ui.image_protocol` = \"sixels\"",
        "did you mean \"sixel\"?",
        "\"auto\", \"kitty\", \"sixel\", \"iterm2\", \"halfblocks\"",
    ] {
        assert!(text.contains(part), "{part:?} missing in: {text}");
    }
    // The wrong type is reported with the key's expected values.
    let text = parse_ui("images = true").unwrap_err().to_string();
    assert!(text.contains("ui.images"), "{text}");
    assert!(text.contains("\"on-request\""), "{text}");
}

// ---------------------------------------------------------------------------
// Which pictures: <img>, srcset, lazy attributes, URL resolution, trackers.

use keruen::media::image::pick::{best_candidate, images_in, is_tracker_url};
use keruen::media::image::{ImageRef, article_images, lead_image};

fn base() -> url::Url {
    url::Url::parse("https://news.example/kz/2026/12/article.html").unwrap()
}

fn urls(html: &str) -> Vec<String> {
    images_in(html, Some(&base()))
        .into_iter()
        .map(|i| i.url)
        .collect()
}

#[test]
fn img_sources_are_resolved_against_the_article_url_http_only() {
    let html = r#"<p>text</p>
        <img src="photo.jpg" alt="Алматы  таңертең">
        <img src="/media/lead.png">
        <img src="//cdn.example/x.webp">
        <img src="https://other.example/a.gif?w=600&amp;h=400">
        <img src="javascript:alert(1)">
        <img src="data:image/png;base64,AAAA">
        <img src="ftp://files.example/p.png">
        <img src="file:///etc/passwd">
        <img>"#;
    assert_eq!(
        urls(html),
        vec![
            "https://news.example/kz/2026/12/photo.jpg",
            "https://news.example/media/lead.png",
            "https://cdn.example/x.webp",
            "https://other.example/a.gif?w=600&h=400",
        ]
    );
    // Alt text is kept, on one line.
    let first = &images_in(html, Some(&base()))[0];
    assert_eq!(first.alt, "Алматы таңертең");
    // Without a base, relative sources cannot be resolved and are dropped.
    let no_base: Vec<String> = images_in(html, None).into_iter().map(|i| i.url).collect();
    assert_eq!(
        no_base,
        vec!["https://other.example/a.gif?w=600&h=400".to_string()]
    );
}

#[test]
fn srcset_best_candidate_and_lazy_loading_sources() {
    assert_eq!(
        best_candidate("s.jpg 320w, m.jpg 800w, l.jpg 1600w, xl.jpg 3200w"),
        Some("m.jpg")
    );
    assert_eq!(best_candidate("s.jpg 320w, m.jpg 640w"), Some("m.jpg"));
    assert_eq!(best_candidate("a.jpg, b.jpg 2x, c.jpg 3x"), Some("b.jpg"));
    assert_eq!(best_candidate(""), None);
    let html = r#"<img src="data:image/gif;base64,R0lGOD" data-src="/lazy.jpg">
        <img src="small.jpg" srcset="small.jpg 400w, big.jpg 1200w">
        <img data-original="orig.png">"#;
    assert_eq!(
        urls(html),
        vec![
            "https://news.example/lazy.jpg",
            "https://news.example/kz/2026/12/big.jpg",
            "https://news.example/kz/2026/12/orig.png",
        ]
    );
}

#[test]
fn tracking_pixels_are_never_offered() {
    let html = r#"
        <img src="/pixel-a.gif" width="1" height="1">
        <img src="/pixel-b.gif" width="2">
        <img src="/pixel-c.gif" height="0">
        <img src="/pixel-d.gif" style="width: 1px; height: 1px">
        <img src="/pixel-e.gif" style="display:none">
        <img src="https://mc.yandex.ru/watch/123">
        <img src="https://counter.yadro.ru/hit?r">
        <img src="https://feeds.feedburner.com/~r/news/~4/abc">
        <img src="https://pixel.wp.com/g.gif?blog=1">
        <img src="https://news.example/img/spacer.gif">
        <img src="https://news.example/t/1x1.png">
        <img src="/real.jpg" width="640" height="480">
        <img src="/also-real.jpg" width="100%">"#;
    assert_eq!(
        urls(html),
        vec![
            "https://news.example/real.jpg",
            "https://news.example/also-real.jpg",
        ]
    );
    assert!(is_tracker_url("https://stats.wordpress.com/b.gif?v=1"));
    assert!(!is_tracker_url("https://news.example/photos/pixel-art.png"));
}

#[test]
fn the_lead_image_comes_first_and_duplicates_once() {
    // What the enclosures work hands over: a media:thumbnail's URL.
    let lead = lead_image("/thumb.jpg", Some(&base()));
    assert_eq!(
        lead,
        Some(ImageRef {
            url: "https://news.example/thumb.jpg".into(),
            alt: String::new()
        })
    );
    assert_eq!(lead_image("https://mc.yandex.ru/watch/1", None), None);
    assert_eq!(lead_image("data:image/png;base64,AA", None), None);
    let html = r#"<img src="/a.jpg"><img src="/thumb.jpg"><img src="/a.jpg">"#;
    let all: Vec<String> = article_images(lead, Some(html), Some(&base()))
        .into_iter()
        .map(|i| i.url)
        .collect();
    assert_eq!(
        all,
        vec![
            "https://news.example/thumb.jpg",
            "https://news.example/a.jpg",
        ]
    );
}

// ---------------------------------------------------------------------------
// Decoding under the pixel cap.

use keruen::media::image::decode::{self, DecodeError, MAX_PIXELS};

/// CRC-32 (IEEE) as PNG chunks use it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A valid-looking PNG of a few dozen bytes whose header declares
/// `width` × `height` RGBA pixels (and whose data is one empty row).
fn png_declaring(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    // zlib stream of a single zero byte.
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A real picture, as a server would send it.
fn real_png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 4) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

mod alloc_count {
    //! Counts what this thread allocates while `measure` runs, so a test
    //! can show a refused picture never got its pixel buffer.
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        /// (counting?, largest single allocation, total bytes)
        static STATS: Cell<(bool, usize, usize)> = const { Cell::new((false, 0, 0)) };
    }

    fn note(size: usize) {
        let _ = STATS.try_with(|s| {
            let (on, largest, total) = s.get();
            if on {
                s.set((on, largest.max(size), total.saturating_add(size)));
            }
        });
    }

    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            note(layout.size());
            unsafe { System.alloc(layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            note(layout.size());
            unsafe { System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            note(new_size);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    /// Run `f`; return its result, the largest allocation and the total.
    pub fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
        STATS.with(|s| s.set((true, 0, 0)));
        let out = f();
        let (_, largest, total) = STATS.with(|s| s.replace((false, 0, 0)));
        (out, largest, total)
    }
}

#[global_allocator]
static ALLOC: alloc_count::Counting = alloc_count::Counting;

#[test]
fn an_image_bomb_is_refused_from_its_header_without_allocating_it() {
    let bomb = png_declaring(50_000, 50_000);
    assert!(bomb.len() < 100, "the bomb is tiny: {} bytes", bomb.len());
    let (result, largest, total) = alloc_count::measure(|| decode::decode(&bomb, MAX_PIXELS));
    assert_eq!(
        result.unwrap_err(),
        DecodeError::TooManyPixels {
            width: 50_000,
            height: 50_000,
            max: MAX_PIXELS
        }
    );
    // 50,000² RGBA would be 10 GB; the refusal costs a few KiB.
    assert!(largest < 256 * 1024, "largest allocation {largest} bytes");
    assert!(total < 1024 * 1024, "allocated {total} bytes in all");
    // One long side is refused as well, whatever the area.
    assert!(matches!(
        decode::decode(&png_declaring(1_000_000, 3), MAX_PIXELS),
        Err(DecodeError::TooManyPixels { .. })
    ));
    // The message says what happened.
    let text = decode::decode(&bomb, MAX_PIXELS).unwrap_err().to_string();
    assert!(text.contains("50000 × 50000"), "{text}");
}

#[test]
fn real_pictures_decode_and_pixels_and_junk_do_not() {
    let (img, _, _) = alloc_count::measure(|| decode::decode(&real_png(64, 48), MAX_PIXELS));
    let img = img.unwrap();
    assert_eq!((img.width(), img.height()), (64, 48));
    // A cap below the picture's size refuses it.
    assert!(matches!(
        decode::decode(&real_png(64, 48), 64 * 47),
        Err(DecodeError::TooManyPixels { .. })
    ));
    assert_eq!(
        decode::decode(&real_png(1, 1), MAX_PIXELS).unwrap_err(),
        DecodeError::Tiny {
            width: 1,
            height: 1
        }
    );
    assert_eq!(
        decode::decode(b"<html>not found</html>", MAX_PIXELS).unwrap_err(),
        DecodeError::UnknownFormat
    );
    let mut cut = real_png(64, 48);
    cut.truncate(cut.len() / 2);
    assert!(matches!(
        decode::decode(&cut, MAX_PIXELS),
        Err(DecodeError::Damaged(_))
    ));
}

// ---------------------------------------------------------------------------
// The disk cache and the protocol choice.

use keruen::media::image::cache::DiskCache;

#[test]
fn the_disk_cache_evicts_the_oldest_over_its_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = DiskCache::new(tmp.path().join("images"), 250);
    assert_eq!(cache.get("https://a.example/1.png"), None);
    cache.put("https://a.example/1.png", &[1; 100]).unwrap();
    cache.put("https://a.example/2.png", &[2; 100]).unwrap();
    // Reading 1 makes it the most recently used: 2 is now the oldest.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for entry in std::fs::read_dir(cache.dir()).unwrap() {
        let f = std::fs::File::options()
            .append(true)
            .open(entry.unwrap().path())
            .unwrap();
        f.set_modified(old).unwrap();
    }
    assert_eq!(cache.get("https://a.example/1.png"), Some(vec![1; 100]));
    cache.put("https://a.example/3.png", &[3; 100]).unwrap();
    assert_eq!(cache.get("https://a.example/2.png"), None, "oldest evicted");
    assert_eq!(cache.get("https://a.example/1.png"), Some(vec![1; 100]));
    assert_eq!(cache.get("https://a.example/3.png"), Some(vec![3; 100]));
    // Something larger than the whole cap is not kept.
    cache.put("https://a.example/big.png", &[4; 300]).unwrap();
    assert_eq!(cache.get("https://a.example/big.png"), None);
}

use keruen::media::image::detect::choose;
use ratatui_image::picker::ProtocolType;

fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

#[test]
fn auto_uses_a_graphics_protocol_only_when_the_terminal_announces_one() {
    let auto = |vars: &[(&str, &str)]| choose(ImageProtocol::Auto, env_of(vars));
    assert_eq!(auto(&[("TERM", "xterm-kitty")]), ProtocolType::Kitty);
    assert_eq!(
        auto(&[("TERM", "xterm-256color"), ("KITTY_WINDOW_ID", "3")]),
        ProtocolType::Kitty
    );
    assert_eq!(auto(&[("TERM", "xterm-ghostty")]), ProtocolType::Kitty);
    assert_eq!(auto(&[("TERM_PROGRAM", "WezTerm")]), ProtocolType::Iterm2);
    assert_eq!(auto(&[("TERM_PROGRAM", "iTerm.app")]), ProtocolType::Iterm2);
    assert_eq!(auto(&[("TERM", "foot")]), ProtocolType::Sixel);
    // Nothing announced, a dumb terminal, or an empty variable.
    assert_eq!(auto(&[]), ProtocolType::Halfblocks);
    assert_eq!(auto(&[("TERM", "dumb")]), ProtocolType::Halfblocks);
    assert_eq!(
        auto(&[("TERM", "xterm-256color")]),
        ProtocolType::Halfblocks
    );
    assert_eq!(auto(&[("KITTY_WINDOW_ID", "")]), ProtocolType::Halfblocks);
    // Inside tmux the variables describe the outer terminal.
    assert_eq!(
        auto(&[("TERM", "tmux-256color"), ("KITTY_WINDOW_ID", "3")]),
        ProtocolType::Halfblocks
    );
    assert_eq!(
        auto(&[("TMUX", "/tmp/tmux-0/default,1,0"), ("TERM", "xterm-kitty")]),
        ProtocolType::Halfblocks
    );
    // A protocol named in the config is used as it is.
    assert_eq!(
        choose(ImageProtocol::Sixel, env_of(&[])),
        ProtocolType::Sixel
    );
    assert_eq!(
        choose(
            ImageProtocol::Halfblocks,
            env_of(&[("TERM", "xterm-kitty")])
        ),
        ProtocolType::Halfblocks
    );
}

// ---------------------------------------------------------------------------
// The reader's flow through `update`: nothing fetched unasked, the key asks,
// answers land only where they belong.

use crate::common;

use common::{articles, full_article, loaded, press};
use keruen::app::images::ImageStatus;
use keruen::app::{self, AppState, Effect, Msg};
use keruen::domain::ArticleId;
use keruen::media::image::{ImageFailure, Picture};

const PHOTO_HTML: &str = r#"<p>Text first.</p>
    <img src="https://pixel.wp.com/g.gif" width="1" height="1">
    <img src="/photos/lead.jpg" alt="The square">
    <p>More text.</p>
    <img src="second.png">"#;

/// A state with article 1 open in the reader and its HTML holding two
/// pictures (and a tracking pixel); `mode` is `ui.images`.
fn reader_with_photos(mode: ImageMode) -> (AppState, Vec<Effect>) {
    let mut s = loaded(100, 30);
    s.images = mode;
    press(&mut s, "tab");
    press(&mut s, "enter");
    let mut article = full_article(articles()[0].clone());
    article.content = Some(PHOTO_HTML.into());
    let effects = app::update(&mut s, Msg::ArticleLoaded(Box::new(article)));
    (s, effects)
}

fn load_image(effects: &[Effect]) -> Option<(ArticleId, String, u16, u16)> {
    effects.iter().find_map(|e| match e {
        Effect::LoadImage {
            article,
            url,
            cols,
            rows,
        } => Some((*article, url.clone(), *cols, *rows)),
        _ => None,
    })
}

/// A small encoded picture, as the runtime would send it.
fn picture() -> Picture {
    let img = image::DynamicImage::new_rgb8(40, 40);
    let encoder = keruen::media::image::detect::Encoder {
        protocol: ProtocolType::Halfblocks,
        cell: ratatui_image::FontSize::new(10, 20),
        in_tmux: false,
    };
    let protocol = encoder.encode(img, 10, 5).unwrap();
    Picture::new(protocol)
}

const LEAD: &str = "https://tengrinews.example/photos/lead.jpg";
const SECOND: &str = "https://tengrinews.example/a/second.png";

#[test]
fn on_request_fetches_nothing_until_the_key_then_one_picture() {
    let (mut s, effects) = reader_with_photos(ImageMode::OnRequest);
    assert_eq!(load_image(&effects), None, "opening fetches no picture");
    let r = s.reader.as_ref().unwrap();
    let listed: Vec<&str> = r.images.list.iter().map(|i| i.url.as_str()).collect();
    assert_eq!(listed, vec![LEAD, SECOND], "no tracking pixel");
    assert_eq!(r.images.status, ImageStatus::Hidden);

    let effects = press(&mut s, "i");
    let (article, url, cols, rows) = load_image(&effects).expect("i asks for a picture");
    assert_eq!((article, url.as_str()), (ArticleId(1), LEAD));
    assert!(cols > 0 && (4..=24).contains(&rows), "{cols}x{rows}");
    assert_eq!(
        s.reader.as_ref().unwrap().images.status,
        ImageStatus::Loading
    );
    let page_before = s.reader_page();

    let pic = picture();
    app::update(
        &mut s,
        Msg::ImageLoaded {
            article: ArticleId(1),
            url: LEAD.into(),
            result: Ok(pic.clone()),
        },
    );
    let r = s.reader.as_ref().unwrap();
    assert_eq!(r.images.status, ImageStatus::Shown(pic.clone()));
    // The picture's rows come out of the text's page.
    assert_eq!(s.reader_page(), page_before - usize::from(pic.rows));

    // Next picture, then hidden after the last.
    let (_, url, _, _) = load_image(&press(&mut s, "i")).unwrap();
    assert_eq!(url, SECOND);
    app::update(
        &mut s,
        Msg::ImageLoaded {
            article: ArticleId(1),
            url: SECOND.into(),
            result: Err(ImageFailure::TooManyPixels {
                width: 50_000,
                height: 50_000,
            }),
        },
    );
    let caption = keruen::app::images::caption(s.lang, &s.reader.as_ref().unwrap().images);
    assert!(caption.starts_with("Picture 2 of 2:"), "{caption}");
    assert!(caption.contains("50000 × 50000"), "{caption}");
    assert_eq!(load_image(&press(&mut s, "i")), None);
    assert_eq!(
        s.reader.as_ref().unwrap().images.status,
        ImageStatus::Hidden
    );
}

#[test]
fn stale_picture_answers_are_dropped() {
    let (mut s, _) = reader_with_photos(ImageMode::OnRequest);
    press(&mut s, "i");
    // An answer for another article, or another picture, changes nothing.
    for (article, url) in [(ArticleId(2), LEAD), (ArticleId(1), SECOND)] {
        app::update(
            &mut s,
            Msg::ImageLoaded {
                article,
                url: url.into(),
                result: Ok(picture()),
            },
        );
        assert_eq!(
            s.reader.as_ref().unwrap().images.status,
            ImageStatus::Loading
        );
    }
    // The user went back to the list: the late answer has nowhere to go.
    press(&mut s, "esc");
    assert!(s.reader.is_none());
    app::update(
        &mut s,
        Msg::ImageLoaded {
            article: ArticleId(1),
            url: LEAD.into(),
            result: Ok(picture()),
        },
    );
    assert!(s.reader.is_none());
    // Opened again: nothing from before is shown, nothing is fetched.
    press(&mut s, "enter");
    let mut article = full_article(articles()[0].clone());
    article.content = Some(PHOTO_HTML.into());
    let effects = app::update(&mut s, Msg::ArticleLoaded(Box::new(article)));
    assert_eq!(load_image(&effects), None);
    assert_eq!(
        s.reader.as_ref().unwrap().images.status,
        ImageStatus::Hidden
    );
}

#[test]
fn always_asks_for_the_first_picture_and_off_for_none() {
    let (s, effects) = reader_with_photos(ImageMode::Always);
    let (article, url, _, _) = load_image(&effects).expect("always: the lead at once");
    assert_eq!((article, url.as_str()), (ArticleId(1), LEAD));
    assert_eq!(
        s.reader.as_ref().unwrap().images.status,
        ImageStatus::Loading
    );

    let (mut s, effects) = reader_with_photos(ImageMode::Off);
    assert_eq!(load_image(&effects), None);
    assert_eq!(load_image(&press(&mut s, "i")), None);
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("Pictures are off")),
        "{:?}",
        s.notice
    );
}

#[test]
fn an_article_without_pictures_says_so() {
    let mut s = loaded(100, 30);
    press(&mut s, "tab");
    press(&mut s, "enter");
    app::update(
        &mut s,
        Msg::ArticleLoaded(Box::new(full_article(articles()[0].clone()))),
    );
    assert_eq!(load_image(&press(&mut s, "i")), None);
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("no pictures")),
        "{:?}",
        s.notice
    );
}

// ---------------------------------------------------------------------------
// A loopback server for pictures: answers every GET with one body and
// counts the requests.

mod picture_server {
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub struct Server {
        pub base: String,
        hits: Arc<AtomicUsize>,
    }

    impl Server {
        pub fn hits(&self) -> usize {
            self.hits.load(Ordering::SeqCst)
        }
    }

    pub fn serve(body: Vec<u8>, content_type: &'static str) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        Server { base, hits }
    }
}

#[tokio::test]
async fn the_loader_fetches_once_caches_and_refuses_a_served_bomb() {
    use keruen::config::settings::FetchSettings;
    use keruen::media::image::ImageLoader;

    let tmp = tempfile::tempdir().unwrap();
    let photo = picture_server::serve(real_png(64, 48), "image/png");
    let loader = ImageLoader::new(
        &FetchSettings::default(),
        ImageProtocol::Halfblocks,
        tmp.path(),
    )
    .unwrap();
    let url = format!("{}/photo.png", photo.base);
    let pic = loader.load(&url, 20, 8).await.unwrap();
    assert!(pic.cols <= 20 && pic.rows <= 8 && pic.cols > 0, "{pic:?}");
    assert_eq!(photo.hits(), 1);
    // The second time comes from the data dir's cache.
    loader.load(&url, 20, 8).await.unwrap();
    assert_eq!(photo.hits(), 1, "served from the cache");
    assert_eq!(
        std::fs::read_dir(tmp.path().join("images"))
            .unwrap()
            .count(),
        1
    );

    // A bomb over HTTP: refused from its header, and not cached.
    let bomb = picture_server::serve(png_declaring(50_000, 50_000), "image/png");
    let err = loader
        .load(&format!("{}/bomb.png", bomb.base), 20, 8)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ImageFailure::TooManyPixels {
            width: 50_000,
            height: 50_000
        }
    );
    assert_eq!(
        std::fs::read_dir(tmp.path().join("images"))
            .unwrap()
            .count(),
        1
    );

    // A page where a picture was expected, and a body over the cap.
    let page = picture_server::serve(b"<html>gone</html>".to_vec(), "text/html");
    let err = loader.load(&format!("{}/x.png", page.base), 20, 8).await;
    assert_eq!(err.unwrap_err(), ImageFailure::Unsupported);
    let huge = picture_server::serve(vec![0u8; 9 * 1024 * 1024], "image/png");
    let err = loader.load(&format!("{}/huge.png", huge.base), 20, 8).await;
    assert!(matches!(err, Err(ImageFailure::Fetch(_))), "{err:?}");
}

// ---------------------------------------------------------------------------
// The real binary in a pseudo-terminal.

use crate::common::pty;

use pty::{PtyApp, file_url, run_ok, write_config};

/// Environment variables that announce a graphics terminal, emptied so
/// the developer's own terminal does not leak into a test.
const QUIET_TERMINAL: &[(&str, &str)] = &[
    ("TERM", "xterm-256color"),
    ("KITTY_WINDOW_ID", ""),
    ("TERM_PROGRAM", ""),
    ("LC_TERMINAL", ""),
    ("MLTERM", ""),
    ("TMUX", ""),
    ("STY", ""),
];

/// Refresh a one-article feed whose article links to `server` and shows
/// `/photo.png`, open it in the TUI with `env`, press `i`, and return the
/// raw output once the picture is shown.
fn open_photo_article(server: &picture_server::Server, env: &[(&str, &str)]) -> Vec<u8> {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let feed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Photos</title><link>{base}/</link><description>d</description>
<item><title>Steppe at dawn</title><link>{base}/a/1</link><guid>{base}/a/1</guid>
<pubDate>Fri, 27 Nov 2026 10:00:00 +0000</pubDate>
<description><![CDATA[<p>Morning light.</p><img src="/photo.png" alt="Dawn"><img src="/t.gif" width="1" height="1">]]></description>
</item></channel></rss>"#,
        base = server.base
    );
    let path = tmp.path().join("photos.xml");
    std::fs::write(&path, feed).unwrap();
    let config = write_config(tmp.path(), &[("photos", &file_url(&path))], "");
    run_ok(&config, &data, &["refresh"]);
    let mut app = PtyApp::spawn_with_env(&config, &data, 100, 30, env);
    app.wait_for_text(&["Steppe at dawn"]);
    app.send(b"\t");
    app.send(b"\r");
    app.wait_for_text(&["Morning light."]);
    assert_eq!(server.hits(), 0, "opening an article fetches no picture");
    app.send(b"i");
    app.wait_for_text(&["Picture 1 of 1 · Dawn"]);
    assert_eq!(server.hits(), 1, "one fetch, no tracking pixel");
    app.send(b"Q");
    app.wait_exit();
    app.raw()
}

fn has_kitty_graphics(raw: &[u8]) -> bool {
    raw.windows(3).any(|w| w == b"\x1b_G")
}

#[test]
fn a_kitty_terminal_gets_the_picture_as_kitty_graphics() {
    let server = picture_server::serve(real_png(64, 48), "image/png");
    let mut env = QUIET_TERMINAL.to_vec();
    env.push(("KITTY_WINDOW_ID", "1"));
    env.push(("TERM", "xterm-kitty"));
    let raw = open_photo_article(&server, &env);
    assert!(has_kitty_graphics(&raw), "no ESC _G in the output");
}

#[test]
fn a_terminal_that_announces_nothing_gets_half_blocks_and_no_graphics() {
    let server = picture_server::serve(real_png(64, 48), "image/png");
    let raw = open_photo_article(&server, QUIET_TERMINAL);
    assert!(
        !has_kitty_graphics(&raw),
        "kitty graphics sent to a plain terminal"
    );
    for seq in [&b"\x1bPq"[..], b"\x1b]1337;File="] {
        assert!(
            !raw.windows(seq.len()).any(|w| w == seq),
            "graphics sequence {seq:?} sent to a plain terminal"
        );
    }
    let text = String::from_utf8_lossy(&raw);
    assert!(text.contains('▀'), "the picture drawn in half blocks");
}

#[test]
fn the_feeds_image_enclosure_is_the_lead_picture_and_other_files_are_not() {
    use keruen::domain::{Enclosure, MediaKind};
    let mut s = loaded(100, 30);
    s.images = ImageMode::OnRequest;
    press(&mut s, "tab");
    press(&mut s, "enter");
    let mut article = full_article(articles()[0].clone());
    article.content = Some(PHOTO_HTML.into());
    let file = |url: &str, kind| Enclosure {
        url: url.into(),
        mime_type: None,
        length: None,
        duration_secs: None,
        kind,
    };
    article.enclosures = vec![
        file("https://cdn.example/episode.mp3", MediaKind::Audio),
        file("https://cdn.example/thumb.jpg", MediaKind::Image),
        file("https://cdn.example/other.jpg", MediaKind::Image),
    ];
    app::update(&mut s, Msg::ArticleLoaded(Box::new(article)));
    let r = s.reader.as_ref().unwrap();
    let listed: Vec<&str> = r.images.list.iter().map(|i| i.url.as_str()).collect();
    // The first image file leads, then the text's own pictures; the audio
    // file is not a picture.
    assert_eq!(listed, vec!["https://cdn.example/thumb.jpg", LEAD, SECOND]);
}
