//! The sync line at the top of every screen: what is waiting, what is happening, when it last
//! synced, or why it cannot. It also tells open pages to reload when a sync changed records.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{SyncPhase, SyncStatus};

use crate::{clock, commands, i18n};

const LOOK_EVERY: Duration = Duration::from_secs(2);

/// Whether the practitioner is typing: a page is not reloaded under their fingers.
fn typing() -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    active.is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// `revision` is raised when a sync has changed records here, once nobody is typing.
#[component]
pub fn SyncBar(revision: RwSignal<u64>) -> impl IntoView {
    let status = RwSignal::new(None::<SyncStatus>);
    let look = move || {
        spawn_local(async move {
            let Ok(current) = commands::sync_status().await else {
                return;
            };
            if current.revision != revision.get_untracked() && !typing() {
                crate::unsent::before_redraw();
                revision.try_set(current.revision);
            }
            status.try_set(Some(current));
        });
    };
    look();
    if let Ok(handle) = set_interval_with_handle(look, LOOK_EVERY) {
        on_cleanup(move || handle.clear());
    }
    // Back in signal: sync now, instead of waiting out the retry.
    let online = window_event_listener(leptos::ev::online, move |_| {
        spawn_local(async move {
            let _ = commands::sync_now().await;
        });
    });
    on_cleanup(move || online.remove());
    let headline = move || {
        status.with(|s| {
            s.as_ref().map(|s| {
                let at = s.synced_at.map(|at| clock::clock_time(at.to_datetime()));
                // Why it cannot sync is an error, worded by its code like any other.
                let mut shown = s.clone();
                shown.problem = shown.problem.map(i18n::worded);
                shown.headline_in(i18n::current(), at.as_deref(), clock::now_millis())
            })
        })
    };
    let phase = move || status.with(|s| s.as_ref().map(|s| s.phase));
    view! {
        <p id="sync-status" class="sync-line" role="status"
            class:sync-problem=move || matches!(phase(), Some(SyncPhase::CannotSync))
            class:sync-busy=move || matches!(phase(), Some(SyncPhase::Syncing { .. } | SyncPhase::Connecting))
            class:sync-done=move || matches!(phase(), Some(SyncPhase::Idle))>
            {headline}
        </p>
    }
}
