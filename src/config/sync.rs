//! `[sync]`: the account on a sync server. Checked here so a typo in the
//! kind, a plain-http URL to a remote host or a missing password source is
//! reported at its line and column before any sync starts. The password is
//! never in the file: only where to get it (a command or a variable).

use std::net::IpAddr;

use toml::Spanned;
use url::{Host, Url};

use super::error::ConfigError;
use super::fields::{Ctx, Result, unknown_name};
use super::raw::RawSync;
use super::settings::{PasswordSource, SubscriptionSource, SyncKind, SyncSettings};

const KINDS: &[&str] = &["ttrss", "fever", "greader"];
const SUBSCRIPTIONS: &[&str] = &["server", "config", "both"];

pub(super) fn sync(ctx: &Ctx<'_>, spanned: &Spanned<RawSync>) -> Result<SyncSettings> {
    let r = spanned.get_ref();
    let table_at = spanned.span().start;
    let missing = |key: &str, example: &str| ConfigError::Other {
        at: ctx.at(table_at),
        message: format!("`sync.{key}` is missing; [sync] needs it: add a line like {example}"),
    };
    let kind_v = r
        .kind
        .as_ref()
        .ok_or_else(|| missing("kind", "kind = \"fever\" (or \"ttrss\", \"greader\")"))?;
    let kind = match kind_v.get_ref().as_str() {
        "ttrss" => SyncKind::Ttrss,
        "fever" => SyncKind::Fever,
        "greader" => SyncKind::Greader,
        other => {
            return Err(unknown_name(
                ctx,
                "sync.kind",
                kind_v,
                other,
                "sync kind",
                KINDS,
            ));
        }
    };
    let allow_insecure = r.allow_insecure.as_ref().is_some_and(|b| *b.get_ref());
    let url_v = r
        .url
        .as_ref()
        .ok_or_else(|| missing("url", "url = \"https://rss.example.org/api/fever.php\""))?;
    let url = server_url(ctx, url_v, allow_insecure)?;
    let user_v = r
        .user
        .as_ref()
        .ok_or_else(|| missing("user", "user = \"me\""))?;
    let user = user_v.get_ref().trim().to_string();
    if user.is_empty() || user.chars().any(char::is_control) {
        return Err(out_of_range(
            ctx,
            "sync.user",
            user_v,
            "a non-empty user name without control characters",
            "write the account name, e.g. user = \"me\"",
        ));
    }
    let password = match (&r.password_command, &r.password_env) {
        (Some(c), None) => {
            if c.get_ref().trim().is_empty() {
                return Err(out_of_range(
                    ctx,
                    "sync.password_command",
                    c,
                    "a command that prints the password",
                    "write e.g. password_command = \"pass show rss\"",
                ));
            }
            PasswordSource::Command(c.get_ref().clone())
        }
        (None, Some(e)) => {
            let name = e.get_ref();
            let valid = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(out_of_range(
                    ctx,
                    "sync.password_env",
                    e,
                    "an environment variable name (letters, digits, _)",
                    "write e.g. password_env = \"KERUEN_SYNC_PASSWORD\"",
                ));
            }
            PasswordSource::Env(name.clone())
        }
        (Some(_), Some(e)) => {
            return Err(ConfigError::Other {
                at: ctx.at(e.span().start),
                message: "`sync.password_command` and `sync.password_env` are both set; \
                          keep one of them"
                    .into(),
            });
        }
        (None, None) => {
            return Err(missing(
                "password_command",
                "password_command = \"pass show rss\" (or password_env = \"KERUEN_SYNC_PASSWORD\"); \
                 the password itself never goes in the file",
            ));
        }
    };
    let subscriptions = match &r.subscriptions {
        None => SubscriptionSource::Server,
        Some(v) => match v.get_ref().as_str() {
            "server" => SubscriptionSource::Server,
            "config" => SubscriptionSource::Config,
            "both" => SubscriptionSource::Both,
            other => {
                return Err(unknown_name(
                    ctx,
                    "sync.subscriptions",
                    v,
                    other,
                    "subscription source",
                    SUBSCRIPTIONS,
                ));
            }
        },
    };
    Ok(SyncSettings {
        kind,
        url,
        user,
        password,
        subscriptions,
        allow_insecure,
    })
}

/// http(s) only; plain http only to this machine unless the user says so,
/// since the password (or a token derived from it) travels with every call.
fn server_url(ctx: &Ctx<'_>, v: &Spanned<String>, allow_insecure: bool) -> Result<Url> {
    let bad = |reason: String, fix: &str| ConfigError::BadUrl {
        at: ctx.at(v.span().start),
        key: "sync.url".into(),
        value: v.get_ref().clone(),
        reason,
        fix: fix.into(),
    };
    let url = Url::parse(v.get_ref().trim()).map_err(|e| {
        bad(
            e.to_string(),
            "write the full API address, e.g. \"https://rss.example.org/api/greader.php\"",
        )
    })?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_insecure || is_loopback(&url) => Ok(url),
        "http" => Err(bad(
            "plain http would send the password unencrypted to another machine".into(),
            "use https, or set allow_insecure = true in [sync] if the network is trusted",
        )),
        other => Err(bad(
            format!("the scheme {other}: is not http or https"),
            "use an https:// address",
        )),
    }
}

pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

fn out_of_range(
    ctx: &Ctx<'_>,
    key: &str,
    v: &Spanned<String>,
    expected: &str,
    fix: &str,
) -> ConfigError {
    ConfigError::OutOfRange {
        at: ctx.at(v.span().start),
        key: key.into(),
        value: format!("{:?}", v.get_ref()),
        expected: expected.into(),
        fix: fix.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn sync_of(text: &str) -> std::result::Result<SyncSettings, String> {
        parse(text, None)
            .map(|s| s.sync.expect("a [sync] table"))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_table_validates() {
        let s = sync_of(
            "[sync]\nkind = \"greader\"\nurl = \"https://r.example.org/api/greader.php\"\n\
             user = \"me\"\npassword_env = \"RSS_PW\"\nsubscriptions = \"both\"\n",
        )
        .unwrap();
        assert_eq!(s.kind, SyncKind::Greader);
        assert_eq!(s.password, PasswordSource::Env("RSS_PW".into()));
        assert_eq!(s.subscriptions, SubscriptionSource::Both);
        assert!(!s.allow_insecure);
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback_or_when_allowed() {
        let base = "[sync]\nkind = \"fever\"\nuser = \"u\"\npassword_command = \"echo x\"\n";
        let err = sync_of(&format!("{base}url = \"http://rss.example.org/fever\"\n")).unwrap_err();
        assert!(err.contains("<config>:5:7"), "{err}");
        assert!(err.contains("allow_insecure"), "{err}");
        for ok in [
            "http://127.0.0.1:8480/fever/?api",
            "http://[::1]/f",
            "http://localhost/f",
        ] {
            sync_of(&format!("{base}url = \"{ok}\"\n")).unwrap();
        }
        sync_of(&format!(
            "{base}url = \"http://rss.lan/f\"\nallow_insecure = true\n"
        ))
        .unwrap();
        let err = sync_of(&format!("{base}url = \"ftp://x/\"\n")).unwrap_err();
        assert!(err.contains("not http or https"), "{err}");
    }

    #[test]
    fn errors_name_the_line_and_key() {
        let err = sync_of(
            "[sync]\nkind = \"fevr\"\nurl = \"https://x/\"\nuser = \"u\"\npassword_env = \"P\"\n",
        )
        .unwrap_err();
        assert!(err.contains(":2:8") && err.contains("fever"), "{err}");
        let err =
            sync_of("[sync]\nkind = \"fever\"\nurl = \"https://x/\"\nuser = \"u\"\n").unwrap_err();
        assert!(err.contains("password_command"), "{err}");
        let err = sync_of(
            "[sync]\nkind = \"fever\"\nurl = \"https://x/\"\nuser = \"u\"\n\
             password_env = \"P\"\npassword_command = \"c\"\n",
        )
        .unwrap_err();
        assert!(err.contains("both set"), "{err}");
        let err = sync_of(
            "[sync]\nkind = \"fever\"\nurl = \"https://x/\"\nuser = \"u\"\npassword_env = \"A-B\"\n",
        )
        .unwrap_err();
        assert!(err.contains(":5:16"), "{err}");
        let err = sync_of("[sync]\nkind = \"fever\"\npassword = \"hunter2\"\n").unwrap_err();
        assert!(err.contains("password_command"), "{err}");
    }
}
