//! One test in a process of its own. Tests of a group share one binary and
//! run side by side on its threads, so a test that measures the whole
//! process (its peak memory) would count its neighbours too; it runs itself
//! again, alone, in a child process instead.

use std::process::Command;

/// Set in the child to the test it runs.
const ALONE: &str = "KERUEN_TEST_ALONE";

/// True in the child, where the caller goes on with the test. In the
/// parent: runs this test binary again with only the test `name` of module
/// `module_path` (pass `module_path!()`), on one thread, asserts that the
/// one test ran and passed, and returns false: the caller returns.
pub fn in_own_process(module_path: &str, name: &str) -> bool {
    // libtest names a test by its path without the crate's name.
    let within = module_path.split_once("::").map_or("", |(_, rest)| rest);
    let test = if within.is_empty() {
        name.to_string()
    } else {
        format!("{within}::{name}")
    };
    if std::env::var_os(ALONE).is_some_and(|running| running == test.as_str()) {
        return true;
    }
    let binary = std::env::current_exe().expect("the test binary's path");
    let out = Command::new(binary)
        .args([test.as_str(), "--exact", "--test-threads=1"])
        .env(ALONE, &test)
        .output()
        .expect("run the test binary again");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{test}, run alone, failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    false
}
