//! The passcode screens (privacy rules P16, P17): the first run's set-up, the unlock screen, the
//! note a wiped device shows, and the one a damaged records file brings up. The app underneath
//! stays mounted while it is locked, so a walkabout in progress keeps recording its route; the
//! urgent-concern control is the first thing on the walkabout page after unlocking.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::passcode::{LockPhase, LockState, MIN_PASSCODE_CHARS};

use crate::clock;
use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};

/// How often the idle time is looked at.
const LOOK_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// Where the device's protection stands, for the whole app.
#[derive(Debug, Clone, Copy)]
pub struct Lock(pub RwSignal<Option<LockState>>);

impl Lock {
    pub fn unlocked(self) -> bool {
        self.0
            .with(|state| matches!(state.as_ref().map(|s| &s.phase), Some(LockPhase::Unlocked)))
    }

    /// Whether the device's store is open, unlocked or under an idle lock: the records stay
    /// drawn. A reset or a wipe closes it, and they go.
    pub fn is_open(self) -> bool {
        self.0.with(|state| {
            matches!(
                state.as_ref().map(|s| &s.phase),
                Some(LockPhase::Unlocked | LockPhase::Locked)
            )
        })
    }
}

/// Locks the app after the practitioner's idle time, and when it goes to the background.
pub fn watch_idle(lock: Lock) {
    let last_touch = RwSignal::new(clock::now_millis());
    let touched = move || last_touch.set(clock::now_millis());
    for handle in [
        window_event_listener(leptos::ev::pointerdown, move |_| touched()),
        window_event_listener(leptos::ev::keydown, move |_| touched()),
    ] {
        on_cleanup(move || handle.remove());
    }
    let lock_now = move || {
        if lock.unlocked() {
            spawn_local(async move {
                if let Ok(state) = commands::lock_now().await {
                    lock.0.try_set(Some(state));
                }
            });
        }
    };
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            lock_now();
        }
    });
    on_cleanup(move || hidden.remove());
    let look = move || {
        let minutes = lock
            .0
            .with_untracked(|s| s.as_ref().map_or(5, |s| s.idle_lock_minutes));
        let idle_ms = clock::now_millis().get() - last_touch.get_untracked().get();
        if idle_ms >= i64::from(minutes) * 60_000 {
            lock_now();
        }
        // The shell may have closed the store itself: a server's order to erase this device
        // arrives with the next sync, whatever screen is open.
        if lock.0.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| matches!(s.phase, LockPhase::Unlocked | LockPhase::Locked))
        }) {
            spawn_local(async move {
                if let Ok(state) = commands::lock_state().await {
                    let changed = lock
                        .0
                        .with_untracked(|s| s.as_ref().is_none_or(|s| s.phase != state.phase));
                    if changed {
                        lock.0.try_set(Some(state));
                    }
                }
            });
        }
    };
    if let Ok(handle) = set_interval_with_handle(look, LOOK_EVERY) {
        on_cleanup(move || handle.clear());
    }
}

/// The screen over everything while the app is not unlocked.
#[component]
pub fn LockScreen(lock: Lock) -> impl IntoView {
    move || {
        let state = lock.0.get()?;
        Some(match state.phase {
            LockPhase::Unlocked => return None,
            LockPhase::FirstRun { upgrade } => view! { <SetUp lock upgrade/> }.into_any(),
            LockPhase::Locked => view! { <UnlockForm lock wait=state.wait_seconds/> }.into_any(),
            LockPhase::Wiped { by, at } => {
                view! { <Wiped lock by at=clock::date_time(at.to_datetime())/> }.into_any()
            }
            LockPhase::Damaged => view! { <Damaged lock/> }.into_any(),
        })
    }
}

#[component]
fn SetUp(lock: Lock, upgrade: bool) -> impl IntoView {
    let errors = Errors::new();
    let passcode = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let set = move |_| {
        errors.clear_all();
        busy.set(true);
        spawn_local(async move {
            match commands::set_passcode(passcode.get_untracked(), confirmation.get_untracked())
                .await
            {
                Ok(state) => {
                    lock.0.try_set(Some(state));
                }
                Err(error) => errors.show(&error, "passcode"),
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="lock-screen" id="set-up-passcode">
            <h1>{t("lock-protect-title")}</h1>
            <p class="lead">{t_with("lock-protect-lead", &[("min", Arg::from(MIN_PASSCODE_CHARS))])}</p>
            {upgrade.then(|| view! {
                <p class="hint" id="upgrade-note">{t("lock-upgrade-note")}</p>
            })}
            <div class="field">
                <label for="new-passcode">{t("lock-passcode")}</label>
                <input id="new-passcode" type="password" autocomplete="new-password" on:input=move |ev| passcode.set(event_target_value(&ev))/>
                {field_error(errors, "passcode")}
            </div>
            <div class="field">
                <label for="confirm-passcode">{t("lock-passcode-again")}</label>
                <input id="confirm-passcode" type="password" autocomplete="new-password" on:input=move |ev| confirmation.set(event_target_value(&ev))/>
                {field_error(errors, "confirmation")}
            </div>
            <button id="set-passcode" class="primary" disabled=move || busy.get() on:click=set>
                {move || if busy.get() { t("lock-setting-passcode") } else { t("lock-set-passcode") }}
            </button>
            <ForgottenNote/>
        </section>
    }
}

#[component]
fn UnlockForm(lock: Lock, wait: u64) -> impl IntoView {
    let errors = Errors::new();
    let passcode = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let unlock = move || {
        errors.clear_all();
        busy.set(true);
        spawn_local(async move {
            match commands::unlock(passcode.get_untracked()).await {
                Ok(state) => {
                    lock.0.try_set(Some(state));
                }
                Err(error) => {
                    errors.show(&error, "unlock");
                    passcode.try_set(String::new());
                }
            }
            busy.try_set(false);
        });
    };
    view! {
        <section class="lock-screen" id="unlock-screen">
            <h1>{t("lock-locked-title")}</h1>
            <p class="lead">{t("lock-locked-lead")}</p>
            {(wait > 0).then(|| view! {
                <p class="badge-line" id="unlock-wait">{t_with("lock-wait", &[("seconds", Arg::from(wait))])}</p>
            })}
            <div class="field">
                <label for="unlock-passcode">{t("lock-passcode")}</label>
                <input id="unlock-passcode" type="password" autocomplete="current-password" prop:value=move || passcode.get()
                    on:input=move |ev| passcode.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { unlock() }/>
                {field_error(errors, "unlock")}
            </div>
            <button id="unlock" class="primary" disabled=move || busy.get() on:click=move |_| unlock()>
                {move || if busy.get() { t("lock-unlocking") } else { t("lock-unlock") }}
            </button>
            <ForgottenNote/>
            <ResetDevice lock/>
        </section>
    }
}

/// What a forgotten passcode means, said before it happens.
#[component]
fn ForgottenNote() -> impl IntoView {
    view! {
        <p class="hint" id="forgotten-note">
            {t("lock-forgotten")}
        </p>
    }
}

/// Erases everything on the device after the typed word, for a forgotten passcode.
#[component]
fn ResetDevice(lock: Lock) -> impl IntoView {
    let errors = Errors::new();
    let typed = RwSignal::new(String::new());
    let reset = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match commands::reset_device(typed.get_untracked()).await {
                Ok(state) => {
                    lock.0.try_set(Some(state));
                }
                Err(error) => errors.show(&error, "reset"),
            }
        });
    };
    view! {
        <details class="danger-zone" id="reset-device">
            <summary>{t("lock-reset-title")}</summary>
            <p>{t("lock-reset-warning")}</p>
            <div class="field">
                <label for="reset-confirmation">{t("lock-reset-type")}</label>
                <input id="reset-confirmation" type="text" autocomplete="off" on:input=move |ev| typed.set(event_target_value(&ev))/>
                {field_error(errors, "reset")}
            </div>
            <button id="reset-now" class="danger" on:click=reset>{t("lock-reset-now")}</button>
        </details>
    }
}

#[component]
fn Wiped(lock: Lock, by: String, at: String) -> impl IntoView {
    view! {
        <section class="lock-screen" id="wiped-screen">
            <h1>{t("lock-wiped-title")}</h1>
            <p class="lead" id="wiped-by">{t_with("lock-wiped-by", &[("by", Arg::Text(&by)), ("at", Arg::Text(&at))])}</p>
            <p class="hint">{t("lock-wiped-hint")}</p>
            <button id="set-up-again" class="primary" on:click=move |_| {
                lock.0.set(Some(LockState {
                    phase: LockPhase::FirstRun { upgrade: false },
                    wait_seconds: 0,
                    idle_lock_minutes: waymark_core::passcode::DEFAULT_IDLE_LOCK_MINUTES,
                }));
            }>{t("lock-set-up-again")}</button>
        </section>
    }
}

/// The whole-file check found the records file damaged after unlocking, and the shell closed
/// it. Trying again unlocks anew; the check runs again beside it.
#[component]
fn Damaged(lock: Lock) -> impl IntoView {
    view! {
        <section class="lock-screen" id="damaged-screen">
            <h1>{t("lock-damaged-title")}</h1>
            <p class="lead" id="damaged-lead">{t("lock-damaged-lead")}</p>
            <p class="hint">{t("lock-damaged-hint")}</p>
            <button id="try-again" class="primary" on:click=move |_| {
                lock.0.update(|state| {
                    if let Some(state) = state {
                        state.phase = LockPhase::Locked;
                    }
                });
            }>{t("lock-try-again")}</button>
        </section>
    }
}
