//! When each configured feed is next due for a refresh (the rule of
//! `schedule::next_due`, with what the cache learned of the feed), for
//! `check-config` and `list --json`.

use std::collections::HashMap;

use anyhow::Result;
use chrono::{DateTime, Utc};

use super::Env;
use crate::domain::FeedId;
use crate::refresh::{policy_of, schedule_of};
use crate::schedule::{Due, next_due};
use crate::store::Store;

/// Each configured feed's next due time, by its place in the config. A
/// feed the cache has never fetched (or no cache at all) is due now.
pub fn of_config(env: &Env, store: Option<&Store>, now: DateTime<Utc>) -> Result<Vec<Due>> {
    Ok(with_ids(env, store, now)?
        .into_iter()
        .map(|(_, due)| due)
        .collect())
}

/// The same, by the cache's feed id (configured feeds the cache knows).
pub fn by_feed(env: &Env, store: &Store, now: DateTime<Utc>) -> Result<HashMap<FeedId, Due>> {
    Ok(with_ids(env, Some(store), now)?
        .into_iter()
        .filter_map(|(id, due)| id.map(|id| (id, due)))
        .collect())
}

/// Each configured feed's cache id (if the cache knows it) and next due
/// time, in config order: the cache is read once for both.
fn with_ids(
    env: &Env,
    store: Option<&Store>,
    now: DateTime<Utc>,
) -> Result<Vec<(Option<FeedId>, Due)>> {
    let (states, ids) = match store {
        Some(s) => (
            s.schedule_states()?,
            s.feed_labels()?
                .into_iter()
                .map(|f| (f.url, f.id))
                .collect::<HashMap<String, FeedId>>(),
        ),
        None => (HashMap::new(), HashMap::new()),
    };
    let policy = policy_of(&env.settings.fetch);
    Ok(env
        .settings
        .feeds
        .iter()
        .map(|feed| {
            let id = ids.get(feed.url.as_str()).copied();
            let stored = id.and_then(|id| states.get(&id));
            (id, next_due(&schedule_of(stored, feed, policy), now))
        })
        .collect())
}
