//! Lone-working safety on every screen: a walkabout that is being walked and has passed its
//! expected finish is shown at the top of whatever screen is open, and once past its grace it
//! becomes an alarm with the safety contact's number and a sound, until the team checks out.
//! The walking screen of that walkabout shows its own warning, so this one stands aside there.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{Overdue, WalkInProgress};

use crate::app::{use_route, Route};
use crate::i18n::{t, t_with, Arg};
use crate::{clock, commands};

/// How often the walks in progress are read again and checked against the clock.
const CHECK_EVERY: Duration = Duration::from_secs(15);

#[component]
pub fn OverdueBanner() -> impl IntoView {
    let route = use_route();
    let walks = RwSignal::new(Vec::<WalkInProgress>::new());
    let now = RwSignal::new(clock::now());
    let check = move || {
        now.set(clock::now());
        spawn_local(async move {
            // Locked or not yet set up, there is nothing to read; the walking screen still warns.
            if let Ok(found) = commands::walks_in_progress().await {
                walks.try_set(found);
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(check, CHECK_EVERY) {
        on_cleanup(move || handle.clear());
    }
    // Checked at once, and again on each change of screen: a walk checked out on another screen
    // leaves the banner at once.
    Effect::new(move |_| {
        route.track();
        check();
    });
    let late = move || {
        let now = now.get();
        let shown = route.get();
        walks.with(|walks| {
            walks
                .iter()
                .filter(|walk| shown != Route::Walkabout(walk.id))
                .filter_map(|walk| match walk.overdue(now) {
                    Overdue::OnTime => None,
                    late => Some((walk.clone(), late)),
                })
                .collect::<Vec<_>>()
        })
    };
    // The system notification is raised once per walk, when it turns into an alarm; the sound
    // goes on at each check until the team checks out.
    let notified = StoredValue::new(std::collections::BTreeSet::<waymark_core::RecordId>::new());
    Effect::new(move |_| {
        let alarms: Vec<_> = late()
            .into_iter()
            .filter(|(_, late)| matches!(late, Overdue::Alarm { .. }))
            .map(|(walk, _)| walk.id)
            .collect();
        if !alarms.is_empty() {
            sound_the_alarm();
        }
        for id in alarms {
            if notified.try_update_value(|sent| sent.insert(id)) == Some(true) {
                spawn_local(async move {
                    let _ = commands::raise_overdue_alarm(id).await;
                });
            }
        }
    });
    view! {
        <div id="overdue-banner">
            {move || late().into_iter().map(|(walk, late)| {
                let id = walk.id;
                let contact = walk.safety_contact;
                match late {
                    Overdue::Alarm { minutes } => view! {
                        <div class="overdue alarm" role="alert">
                            <strong>{t_with("banner-overdue-alarm", &[("purpose", Arg::from(&walk.purpose)), ("minutes", Arg::from(minutes))])}</strong>
                            <a class="phone" href=format!("tel:{}", contact.phone)>{t_with("walking-call-on", &[("name", Arg::from(&contact.name)), ("phone", Arg::from(&contact.phone))])}</a>
                            <button class="secondary" on:click=move |_| route.set(Route::Walkabout(id))>{t("walkabout-open-the-walkabout-to")}</button>
                        </div>
                    }.into_any(),
                    _ => view! {
                        <div class="overdue" role="alert">
                            <strong>{t_with("banner-past-finish", &[("purpose", Arg::from(&walk.purpose))])}</strong>
                            " " {t_with("walking-check-out-or-call", &[("name", Arg::from(&contact.name))])}
                            <button class="secondary" on:click=move |_| route.set(Route::Walkabout(id))>{t("walkabout-open-the-walkabout-to")}</button>
                        </div>
                    }.into_any(),
                }
            }).collect_view()}
        </div>
    }
}

thread_local! {
    /// One audio context for the app's life: a webview allows only a few.
    static AUDIO: std::cell::OnceCell<Option<web_sys::AudioContext>> = const { std::cell::OnceCell::new() };
}

/// Two short tones through the Web Audio API at each check while the alarm stands: a
/// practitioner whose phone is in a pocket hears it. Where the webview allows no sound, the
/// banner stays.
fn sound_the_alarm() {
    AUDIO.with(|audio| {
        if let Some(context) = audio.get_or_init(|| web_sys::AudioContext::new().ok()) {
            two_tones(context);
        }
    });
}

fn two_tones(context: &web_sys::AudioContext) {
    for (start, frequency) in [(0.0, 880.0), (0.4, 660.0)] {
        let (Ok(tone), Ok(gain)) = (context.create_oscillator(), context.create_gain()) else {
            return;
        };
        tone.frequency().set_value(frequency);
        gain.gain().set_value(0.3);
        let at = context.current_time() + start;
        let connected = tone
            .connect_with_audio_node(&gain)
            .and_then(|_| gain.connect_with_audio_node(&context.destination()));
        if connected.is_ok() && tone.start_with_when(at).is_ok() {
            let _ = tone.stop_with_when(at + 0.3);
        }
    }
}
