//! File names for downloads, made from what a server and a feed say (the
//! URL's last path segment, else the article's title), so nothing from
//! outside chooses where a file goes: no separators or `..` (no path
//! traversal), no control or terminal-active characters, none of the names
//! Windows reserves (CON, NUL, COM1…), no trailing dot or space, a capped
//! length, and never the name of a file that exists (a suffix is added).

use std::path::{Path, PathBuf};

use url::Url;

/// Longest name, in bytes (file systems allow 255; room for a suffix and
/// `.part`).
pub const MAX_NAME_BYTES: usize = 180;

/// Names Windows refuses whatever the extension (and that confuse tools
/// elsewhere): checked case-insensitively against the part before the
/// first dot.
const RESERVED: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The name a download of `url` for an article titled `title` is saved
/// under: the URL's last path segment (percent-decoded) when it makes a
/// name, else the title plus an extension from the URL or the MIME type.
pub fn file_name(url: &str, title: &str, mime: Option<&str>) -> String {
    let from_url = Url::parse(url).ok().and_then(|u| {
        let last = u
            .path_segments()?
            .rev()
            .find(|s| !s.is_empty())?
            .to_string();
        let decoded = percent_encoding::percent_decode_str(&last)
            .decode_utf8_lossy()
            .into_owned();
        Some(decoded)
    });
    if let Some(name) = from_url.map(|n| clean(&n)).filter(|n| has_stem(n)) {
        return name;
    }
    let ext = mime.and_then(extension_of).unwrap_or("bin");
    let stem = clean(title);
    let stem = if has_stem(&stem) {
        stem
    } else {
        "download".to_string()
    };
    cap(&format!("{stem}.{ext}"))
}

/// A name made safe: the characters a path or a terminal would act on
/// replaced, `..` and leading dots gone, reserved names prefixed, length
/// capped on a character boundary (keeping the extension).
pub fn clean(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in crate::sanitize::line(raw).chars() {
        let bad = matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || c.is_control()
            || crate::sanitize::is_forbidden(c);
        out.push(if bad { '_' } else { c });
    }
    // No hidden files, no "..", no trailing dots or spaces (Windows drops
    // them, so two names would meet).
    let trimmed = out
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' '])
        .to_string();
    let mut name = trimmed.replace("..", "_");
    let stem = name
        .split('.')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        name.insert(0, '_');
    }
    cap(&name)
}

fn has_stem(name: &str) -> bool {
    name.chars().any(|c| c.is_alphanumeric())
}

/// At most `MAX_NAME_BYTES`, cut in the stem so the extension stays.
fn cap(name: &str) -> String {
    if name.len() <= MAX_NAME_BYTES {
        return name.to_string();
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.len() <= 16 => (s, Some(e)),
        _ => (name, None),
    };
    let room = MAX_NAME_BYTES - ext.map_or(0, |e| e.len() + 1);
    let mut cut = room.min(stem.len());
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let stem = stem[..cut].trim_end_matches(['.', ' ']);
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem.to_string(),
    }
}

fn extension_of(mime: &str) -> Option<&'static str> {
    Some(match mime {
        "audio/mpeg" | "audio/mp3" => "mp3",
        "audio/mp4" | "audio/x-m4a" | "audio/m4a" => "m4a",
        "audio/ogg" => "ogg",
        "audio/opus" => "opus",
        "audio/aac" => "aac",
        "audio/wav" | "audio/x-wav" => "wav",
        "audio/flac" => "flac",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "video/quicktime" => "mov",
        "video/x-matroska" => "mkv",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "application/pdf" => "pdf",
        _ => return None,
    })
}

/// A path in `dir` for `name` that no file has: `name`, else
/// `stem (2).ext`, `stem (3).ext`… Neither the name nor its `.part` may
/// exist (another download may be writing there).
pub fn free_path(dir: &Path, name: &str) -> PathBuf {
    let taken = |p: &Path| p.exists() || part_of(p).exists();
    let first = dir.join(name);
    if !taken(&first) {
        return first;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !taken(p))
        .unwrap_or(first)
}

/// Where a download is written until it is complete.
pub fn part_of(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".part");
    PathBuf::from(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_in_their_directory() {
        for (url, title) in [
            ("https://x.example/../../etc/passwd", "t"),
            ("https://x.example/a/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "t"),
            ("https://x.example/%2e%2e", "../../etc/passwd"),
            ("https://x.example/", "..\\..\\boot.ini"),
            ("https://x.example/ep%0a1%1b%5b31m.mp3", "t"),
        ] {
            let name = file_name(url, title, Some("audio/mpeg"));
            assert!(!name.contains('/') && !name.contains('\\'), "{name:?}");
            assert!(!name.contains(".."), "{name:?}");
            assert!(!name.starts_with('.'), "{name:?}");
            assert!(!name.chars().any(char::is_control), "{name:?}");
            let dir = Path::new("/downloads");
            assert_eq!(dir.join(&name).parent(), Some(dir), "{name:?}");
        }
    }

    #[test]
    fn names_from_the_url_else_the_title() {
        assert_eq!(
            file_name("https://cdn.example/pod/ep%2012.mp3?x=1", "T", None),
            "ep 12.mp3"
        );
        assert_eq!(
            file_name("https://cdn.example/", "Дала: эпизод 5", Some("audio/mpeg")),
            "Дала_ эпизод 5.mp3"
        );
        assert_eq!(file_name("https://cdn.example/", "", None), "download.bin");
    }

    #[test]
    fn reserved_and_long_names() {
        assert_eq!(clean("CON.mp3"), "_CON.mp3");
        assert_eq!(clean("nul"), "_nul");
        assert_eq!(clean("name. . "), "name");
        let long = format!("{}.mp3", "ә".repeat(300));
        let capped = clean(&long);
        assert!(capped.len() <= MAX_NAME_BYTES, "{}", capped.len());
        assert!(capped.ends_with(".mp3"));
    }

    #[test]
    fn an_existing_file_is_never_taken() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = free_path(dir.path(), "ep.mp3");
        assert_eq!(first, dir.path().join("ep.mp3"));
        std::fs::write(&first, b"mine").unwrap_or_else(|e| panic!("{e}"));
        let second = free_path(dir.path(), "ep.mp3");
        assert_eq!(second, dir.path().join("ep (2).mp3"));
        std::fs::write(part_of(&second), b"").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            free_path(dir.path(), "ep.mp3"),
            dir.path().join("ep (3).mp3")
        );
        assert_eq!(std::fs::read(&first).unwrap_or_default(), b"mine");
    }
}
