//! The background packer: old texts packed into blocks (`store::text_pack`)
//! in steps on the ranking worker, from the start and after each refresh,
//! so a refresh never waits for it (a first refresh brings every feed's
//! backlog, weeks old, all of it old enough to pack). The same pattern as
//! the linker (`links`): one step out at a time, none while a refresh
//! writes.

use crate::i18n::{FluentValue, ids};

use super::msg::Effect;
use super::state::AppState;

/// Start the packer unless it runs already or a refresh writes.
pub(super) fn start_packing(state: &mut AppState) -> Option<Effect> {
    if state.pack.running || state.refresh.running {
        return None;
    }
    state.pack.running = true;
    Some(Effect::PackTexts)
}

/// A step answered: ask for the next while texts are left, except during
/// a refresh (its end starts the packer again). A failed step is said as
/// any failed store call is and not retried until the next refresh ends.
pub(super) fn on_packed(state: &mut AppState, more: Result<bool, String>) -> Vec<Effect> {
    state.pack.running = false;
    match more {
        Ok(true) => start_packing(state).into_iter().collect(),
        Ok(false) => Vec::new(),
        Err(e) => {
            let error = FluentValue::from(e);
            state.last_error = Some(state.lang.t(ids::CACHE_ERROR, &[("error", error)]));
            Vec::new()
        }
    }
}
