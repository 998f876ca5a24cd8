//! The background linker: story links of new articles computed in steps
//! on the ranking worker after a refresh (and at start, for whatever waits:
//! all of a month after an upgrade), so Top stories reads them instead of
//! searching a week of articles for pairs (`rank::kept`). The same pattern
//! as the search indexer (`search::start_indexing`): one step out at a
//! time, none while a refresh writes, and Top stays right meanwhile (what
//! waits is clustered fresh).

use crate::i18n::{FluentValue, ids};

use super::msg::Effect;
use super::state::AppState;

/// Start the linker unless it runs already.
pub(super) fn start_linking(state: &mut AppState) -> Option<Effect> {
    if state.links.running {
        return None;
    }
    state.links.running = true;
    Some(Effect::LinkPending)
}

/// A step answered: ask for the next while more wait, except during a
/// refresh (its writer needs the lock, and it adds more: its end starts
/// the linker again). A failed step is said as any failed store call is
/// and not retried until the next refresh ends.
pub(super) fn on_linked(state: &mut AppState, left: Result<usize, String>) -> Vec<Effect> {
    state.links.running = false;
    match left {
        Ok(left) => {
            state.links.waiting = left;
            if left > 0 && !state.refresh.running {
                return start_linking(state).into_iter().collect();
            }
        }
        Err(e) => {
            let error = FluentValue::from(e);
            state.last_error = Some(state.lang.t(ids::CACHE_ERROR, &[("error", error)]));
        }
    }
    Vec::new()
}
