//! `keruen sync` against real servers on 127.0.0.1: Tiny Tiny RSS, FreshRSS
//! (its Google Reader and its Fever API) and coldsweat (Fever). No mocks:
//! `scripts/sync-servers-up.sh` starts the servers and exports their
//! addresses (KERUEN_SYNC_*). Without KERUEN_SYNC_TESTS (and outside CI)
//! the tests print a note and pass, so a plain `cargo test` on a machine
//! without the servers still works; with it (or in CI), a missing server
//! address fails.
//!
//! The two-machine test runs the real binary for two data dirs on one
//! account. The tests never assume the server's starting state (other runs
//! may have changed it): they flip what they find and compare.

use std::collections::{BTreeMap, HashSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Tests of one server account run one at a time (FreshRSS's two APIs
/// share one account).
static TTRSS: Mutex<()> = Mutex::new(());
static FRESHRSS: Mutex<()> = Mutex::new(());
static COLDSWEAT: Mutex<()> = Mutex::new(());

const PASSWORD_VAR: &str = "KERUEN_TEST_SYNC_PASSWORD";

struct Server {
    kind: &'static str,
    url: String,
    user: String,
    password: String,
    lock: &'static Mutex<()>,
}

/// The server from the environment; `None` (with a note) when sync tests
/// are not asked for.
fn server(name: &str) -> Option<Server> {
    let required =
        std::env::var_os("KERUEN_SYNC_TESTS").is_some() || std::env::var_os("CI").is_some();
    let (kind, prefix, user_prefix, lock) = match name {
        "ttrss" => ("ttrss", "TTRSS", "TTRSS", &TTRSS),
        "greader" => ("greader", "GREADER", "FRESHRSS", &FRESHRSS),
        "freshrss-fever" => ("fever", "FRESHRSS_FEVER", "FRESHRSS", &FRESHRSS),
        "coldsweat" => ("fever", "COLDSWEAT", "COLDSWEAT", &COLDSWEAT),
        _ => unreachable!("no server {name}"),
    };
    let var = |v: String| std::env::var(&v).ok();
    let url = var(format!("KERUEN_SYNC_{prefix}_URL"));
    let user = var(format!("KERUEN_SYNC_{user_prefix}_USER"));
    let password = var(format!("KERUEN_SYNC_{user_prefix}_PASSWORD"));
    match (url, user, password) {
        (Some(url), Some(user), Some(password)) => Some(Server {
            kind,
            url,
            user,
            password,
            lock,
        }),
        _ if required => panic!(
            "KERUEN_SYNC_{prefix}_URL / _{user_prefix}_USER / _PASSWORD are not set: \
             run `eval \"$(scripts/sync-servers-up.sh)\"` first"
        ),
        _ => {
            eprintln!(
                "note: sync test against {name} skipped: KERUEN_SYNC_TESTS is not set \
                 (eval \"$(scripts/sync-servers-up.sh)\" to run it)"
            );
            None
        }
    }
}

/// One "machine": a config and a data dir of its own.
struct Machine {
    dir: tempfile::TempDir,
    kind: &'static str,
    user: String,
    password: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Art {
    id: i64,
    read: bool,
    starred: bool,
}

impl Machine {
    fn new(s: &Server) -> Machine {
        Machine {
            dir: tempfile::tempdir().unwrap(),
            kind: s.kind,
            user: s.user.clone(),
            password: s.password.clone(),
        }
    }

    fn config(&self, url: &str) -> PathBuf {
        let path = self.dir.path().join("config.toml");
        let extra = std::fs::read_to_string(self.dir.path().join("extra.toml")).unwrap_or_default();
        let text = format!(
            "[sync]\nkind = {:?}\nurl = {:?}\nuser = {:?}\npassword_env = {PASSWORD_VAR:?}\n{extra}",
            self.kind, url, self.user
        );
        std::fs::write(&path, text).unwrap();
        path
    }

    /// More config lines after `[sync]`'s keys (sync keys first, then tables).
    fn add_config(&self, lines: &str) {
        std::fs::write(self.dir.path().join("extra.toml"), lines).unwrap();
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, url: &str, args: &[String]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_keruen"));
        c.arg("-c")
            .arg(self.config(url))
            .arg("--data-dir")
            .arg(self.data())
            .args(args)
            .env(PASSWORD_VAR, &self.password)
            .env("no_proxy", "127.0.0.1,localhost")
            .env("NO_PROXY", "127.0.0.1,localhost")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, url: &str, args: &[String]) -> Output {
        self.command(url, args).output().unwrap()
    }

    /// A sync that must succeed; its JSON report.
    fn sync(&self, url: &str, args: &[String]) -> Value {
        let mut all = vec!["sync".to_string(), "--json".to_string()];
        all.extend_from_slice(args);
        let out = self.run(url, &all);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "sync failed: {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_str(stdout.trim()).unwrap()
    }

    /// Every article, by link (the same on every machine), with its state.
    fn articles(&self, url: &str) -> BTreeMap<String, Art> {
        let out = self.run(
            url,
            &[
                "list".into(),
                "--json".into(),
                "-n".into(),
                "1000000".into(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
        let mut by_link = BTreeMap::new();
        for a in &list {
            let link = a["link"]
                .as_str()
                .expect("server items have links")
                .to_string();
            let art = Art {
                id: a["id"].as_i64().unwrap(),
                read: a["read"].as_bool().unwrap(),
                starred: a["starred"].as_bool().unwrap(),
            };
            assert!(
                by_link.insert(link.clone(), art).is_none(),
                "duplicate article {link}"
            );
        }
        by_link
    }

    fn cache(&self) -> PathBuf {
        // The data dir's cache file, as `keruen` names it.
        let mut found = None;
        for e in std::fs::read_dir(self.data()).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "db") {
                found = Some(p);
            }
        }
        found.expect("a cache database in the data dir")
    }
}

/// A port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The server's URL with another port.
fn with_port(url: &str, port: u16) -> String {
    let mut u = url::Url::parse(url).unwrap();
    u.set_port(Some(port)).unwrap();
    u.to_string()
}

fn state(arts: &BTreeMap<String, Art>) -> BTreeMap<String, (bool, bool)> {
    arts.iter()
        .map(|(k, a)| (k.clone(), (a.read, a.starred)))
        .collect()
}

fn flag(args: &mut Vec<String>, on: bool, yes: &str, no: &str, id: i64) {
    args.push(if on { yes } else { no }.to_string());
    args.push(id.to_string());
}

/// Poll the cache of `m` (while another process has it open) until `ok`.
fn wait_for_cache(path: &Path, what: &str, ok: impl Fn(&keruen::store::Store) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(s) = keruen::store::Store::open(path)
            && ok(&s)
        {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn two_machines(name: &str) {
    let Some(s) = server(name) else { return };
    let _one_at_a_time = s.lock.lock().unwrap_or_else(|e| e.into_inner());
    let a = Machine::new(&s);
    let b = Machine::new(&s);
    let down = with_port(&s.url, closed_port());

    a.sync(&s.url, &[]);
    b.sync(&s.url, &[]);
    let start = a.articles(&s.url);
    assert!(start.len() >= 3, "the server has too few items: {start:?}");
    assert_eq!(
        state(&start),
        state(&b.articles(&s.url)),
        "both start equal"
    );
    let links: Vec<String> = start.keys().cloned().collect();
    let (x, y, z) = (&links[0], &links[1], &links[2]);

    // 1. The server is down (nothing listens): the change is kept, the
    //    error says so, in words.
    let want_x_read = !start[x].read;
    let mut args = vec!["sync".to_string()];
    flag(&mut args, want_x_read, "--read", "--unread", start[x].id);
    let out = a.run(&down, &args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot be reached"), "{err}");
    assert!(err.contains("1 local changes stay queued"), "{err}");

    // 2. A server that accepts and never answers; the star is committed,
    //    then the process is killed with -9 in the middle of the sync.
    let black_hole = TcpListener::bind("127.0.0.1:0").unwrap();
    let hole = with_port(&s.url, black_hole.local_addr().unwrap().port());
    let want_y_starred = !start[y].starred;
    let mut args = vec!["sync".to_string()];
    flag(&mut args, want_y_starred, "--star", "--unstar", start[y].id);
    let mut child = a.command(&hole, &args).spawn().unwrap();
    let cache = a.cache();
    let y_id = keruen::domain::ArticleId(start[y].id);
    wait_for_cache(&cache, "the star to be committed", |st| {
        st.article(y_id)
            .is_ok_and(|art| art.summary.starred == want_y_starred)
            && st.queued_changes().unwrap_or(0) == 2
    });
    child.kill().unwrap();
    let status = child.wait().unwrap();
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "{status:?}");
    }
    drop(black_hole);

    // 3. A restarts and syncs: both changes reach the server.
    let report = a.sync(&s.url, &[]);
    assert_eq!(report["pushed"], 2, "{report}");
    assert_eq!(report["queued"], 0, "{report}");
    let after_a = a.articles(&s.url);
    assert_eq!(after_a[x].read, want_x_read);
    assert_eq!(after_a[y].starred, want_y_starred);

    // 4. B syncs and sees exactly that: the same articles, the same state.
    let report = b.sync(&s.url, &[]);
    assert_eq!(report["new_articles"], 0, "nothing duplicated: {report}");
    let after_b = b.articles(&s.url);
    assert_eq!(state(&after_b), state(&after_a));
    let mut expected = state(&start);
    expected.get_mut(x).unwrap().0 = want_x_read;
    expected.get_mut(y).unwrap().1 = want_y_starred;
    assert_eq!(state(&after_b), expected, "only x and y changed");

    // 5. Concurrent changes resolve by time. B changes z's read state and
    //    syncs (t1); A, offline, changes z the same way and back (t2, t3 >
    //    t1): A's change is the latest, so after both sync z is as A left it.
    let z_read = after_b[z].read;
    let mut args = vec!["sync".to_string(), "--json".to_string()];
    flag(&mut args, !z_read, "--read", "--unread", after_b[z].id);
    b.sync(&s.url, &args[2..]);
    for value in [!z_read, z_read] {
        let mut args = vec!["sync".to_string()];
        flag(&mut args, value, "--read", "--unread", after_a[z].id);
        assert_eq!(a.run(&down, &args).status.code(), Some(1));
    }
    let report = a.sync(&s.url, &[]);
    assert_eq!(report["queued"], 0, "{report}");
    b.sync(&s.url, &[]);
    assert_eq!(
        a.articles(&s.url)[z].read,
        z_read,
        "A's later change wins on A"
    );
    assert_eq!(
        b.articles(&s.url)[z].read,
        z_read,
        "A's later change wins on B"
    );
    //    Then B stars z (t4, later than everything A did): A gets it.
    let z_starred = after_b[z].starred;
    let mut args = Vec::new();
    flag(&mut args, !z_starred, "--star", "--unstar", after_b[z].id);
    b.sync(&s.url, &args);
    a.sync(&s.url, &[]);
    let end_a = a.articles(&s.url);
    let end_b = b.articles(&s.url);
    assert_eq!(end_a[z].starred, !z_starred);
    // Nothing lost, nothing duplicated: the same articles with the same state.
    assert_eq!(state(&end_a), state(&end_b));
    let ids: HashSet<i64> = end_a.values().map(|a| a.id).collect();
    assert_eq!(ids.len(), end_a.len());
}

fn wrong_password(name: &str) {
    let Some(mut s) = server(name) else { return };
    s.password.push_str("-wrong");
    let m = Machine::new(&s);
    let out = m.run(&s.url, &["sync".into()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("wrong user name or password"), "{err}");
    assert!(
        !err.contains(&s.password),
        "the password is never printed: {err}"
    );
}

/// `subscriptions = "both"`: a configured feed the server lacks is
/// subscribed there, and another machine gets it as a feed with its tags.
fn both_subscribes(name: &str, prefix: &str) {
    let Some(s) = server(name) else { return };
    let _one_at_a_time = s.lock.lock().unwrap_or_else(|e| e.into_inner());
    let var = |v: &str| {
        std::env::var(format!("KERUEN_SYNC_{prefix}_{v}"))
            .unwrap_or_else(|_| panic!("KERUEN_SYNC_{prefix}_{v} is not set"))
    };
    let (feeds, base) = (var("FEEDS"), var("FEED_BASE"));
    // A new feed each run (the lab server keeps its subscriptions).
    let stamp = format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let file = format!("both-{stamp}.xml");
    std::fs::write(
        Path::new(&feeds).join(&file),
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Both {stamp}</title>\
             <link>{base}</link><description>d</description><item><title>Both item</title>\
             <guid>both-{stamp}-1</guid><link>{base}both/{stamp}/1.html</link></item>\
             </channel></rss>"
        ),
    )
    .unwrap();
    let url = format!("{base}{file}");
    // B has synced before; its next sync pulls only what is new since.
    let b = Machine::new(&s);
    b.sync(&s.url, &[]);
    let a = Machine::new(&s);
    a.add_config(&format!(
        "subscriptions = \"both\"\n[[feeds]]\nname = \"Both\"\nurl = {url:?}\n"
    ));
    a.sync(&s.url, &[]);
    let report = b.sync(&s.url, &[]);
    if name == "greader" {
        // FreshRSS fetches a feed when it is subscribed: its one item is
        // the only article new since B's last sync point.
        assert_eq!(report["new_articles"], 1, "{report}");
        let link = format!("{base}both/{stamp}/1.html");
        assert!(b.articles(&s.url).contains_key(&link), "{link}");
    }
    let store = keruen::store::Store::open(&b.cache()).unwrap();
    let urls: Vec<String> = store.feeds().unwrap().into_iter().map(|f| f.url).collect();
    assert!(urls.contains(&url), "{url} not in {urls:?}");
}

#[test]
fn ttrss_both_subscribes_configured_feeds() {
    both_subscribes("ttrss", "TTRSS");
}

#[test]
fn freshrss_greader_both_subscribes_configured_feeds() {
    both_subscribes("greader", "FRESHRSS");
}

#[test]
fn ttrss_two_machines() {
    two_machines("ttrss");
}

#[test]
fn freshrss_greader_two_machines() {
    two_machines("greader");
}

#[test]
fn freshrss_fever_two_machines() {
    two_machines("freshrss-fever");
}

#[test]
fn coldsweat_fever_two_machines() {
    two_machines("coldsweat");
}

#[test]
fn wrong_passwords_are_named() {
    for name in ["ttrss", "greader", "freshrss-fever", "coldsweat"] {
        wrong_password(name);
    }
}
