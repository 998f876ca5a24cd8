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
            let stored = ids.get(feed.url.as_str()).and_then(|id| states.get(id));
            next_due(&schedule_of(stored, feed, policy), now)
        })
        .collect())
}

/// The same, by the cache's feed id (configured feeds the cache knows).
pub fn by_feed(env: &Env, store: &Store, now: DateTime<Utc>) -> Result<HashMap<FeedId, Due>> {
    let due = of_config(env, Some(store), now)?;
    let ids: HashMap<String, FeedId> = store
        .feed_labels()?
        .into_iter()
        .map(|f| (f.url, f.id))
        .collect();
    Ok(env
        .settings
        .feeds
        .iter()
        .zip(due)
        .filter_map(|(feed, due)| ids.get(feed.url.as_str()).map(|id| (*id, due)))
        .collect())
}
