use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::{CheckOut, Overdue, RoutePoint, Walkabout};

use super::sketch_map::SketchMap;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};
use crate::pages::capture::{CaptureForm, CaptureTarget, ObservationList};
use crate::{clock, commands};

/// How often the walking screen reads the location and adds it to the route.
const LOCATION_EVERY: Duration = Duration::from_secs(3);
/// How often the overdue warning is re-checked against the clock.
const CLOCK_EVERY: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Capturing {
    Nothing,
    Observation,
    Urgent,
}

/// The screen used while walking: location, quick capture, the urgent control, and check-out.
#[component]
pub fn WalkingScreen(current: RwSignal<Walkabout>) -> impl IntoView {
    let id = current.with_untracked(|w| w.id);
    let last_fix = RwSignal::new(None::<RoutePoint>);
    let route_version = RwSignal::new(0_u32);
    let now = RwSignal::new(clock::now());
    let capturing = RwSignal::new(Capturing::Nothing);

    // While route recording is paused the location is not read at all, not only not kept.
    let paused = Memo::new(move |_| current.with(Walkabout::route_paused));
    // One ask at a time: a tick that comes while the last ask is out is skipped, not queued.
    let asking = StoredValue::new(false);
    let read_location = move || {
        if current.with_untracked(Walkabout::route_paused) {
            last_fix.try_set(None);
            return;
        }
        if asking.try_get_value().unwrap_or(true) {
            return;
        }
        asking.set_value(true);
        spawn_local(async move {
            let answer = commands::record_location(id).await;
            asking.try_set_value(false);
            if let Ok(fix) = answer {
                last_fix.try_set(fix);
                if fix.is_some() {
                    route_version.try_update(|v| *v += 1);
                }
            }
        });
    };
    read_location();
    if let Ok(handle) = set_interval_with_handle(read_location, LOCATION_EVERY) {
        on_cleanup(move || handle.clear());
    }
    if let Ok(handle) = set_interval_with_handle(move || now.set(clock::now()), CLOCK_EVERY) {
        on_cleanup(move || handle.clear());
    }
    let overdue = move || current.with(|w| w.overdue(now.get()));
    let contact = current.with_untracked(|w| w.plan.safety_contact.clone());
    let phone_link = format!("tel:{}", contact.phone);
    let done = Callback::new(move |_: ()| capturing.set(Capturing::Nothing));

    view! {
        {move || match overdue() {
            Overdue::OnTime => None,
            Overdue::Overdue { minutes } => Some(view! {
                <div class="overdue" id="overdue" role="alert">
                    <strong>{t_with("walking-overdue", &[("minutes", Arg::from(minutes))])}</strong>
                    " " {t_with("walking-check-out-or-call", &[("name", Arg::from(&contact.name))])}
                </div>
            }.into_any()),
            Overdue::Alarm { minutes } => Some(view! {
                <div class="overdue alarm" id="overdue" role="alert">
                    <strong>{t_with("walking-overdue-alarm", &[("minutes", Arg::from(minutes))])}</strong>
                    <a class="phone" href=phone_link.clone()>{t_with("walking-call-on", &[("name", Arg::from(&contact.name)), ("phone", Arg::from(&contact.phone))])}</a>
                </div>
            }.into_any()),
        }}
        <p id="location-status" class="location-status" class:no-fix=move || paused.get() || last_fix.get().is_none()>
            {move || match (paused.get(), last_fix.get()) {
                (true, _) => current.with(|w| match w.open_route_pause() {
                    Some(pause) => t_with("walking-recording-off-since", &[("time", Arg::from(&clock::clock_time(pause.paused_at)))]),
                    None => t("walking-recording-off"),
                }),
                (false, Some(fix)) => t_with("walking-fix", &[("metres", Arg::from(fix.accuracy_m.round() as i64))]),
                (false, None) => t("walking-no-fix"),
            }}
        </p>
        <RouteRecordingSwitch current paused last_fix/>
        {move || match capturing.get() {
            Capturing::Nothing => view! {
                <div class="capture-buttons">
                    <button id="add-observation" class="primary big" on:click=move |_| capturing.set(Capturing::Observation)>
                        {t("walkabout-add-observation")}
                    </button>
                    <button id="urgent" class="urgent-button big" on:click=move |_| capturing.set(Capturing::Urgent)>
                        {t("walkabout-urgent-concern")}
                    </button>
                </div>
            }.into_any(),
            Capturing::Observation => view! { <CaptureForm target=CaptureTarget::Walkabout(current) last_fix urgent=false done/> }.into_any(),
            Capturing::Urgent => view! { <CaptureForm target=CaptureTarget::Walkabout(current) last_fix urgent=true done/> }.into_any(),
        }}
        <ObservationList target=CaptureTarget::Walkabout(current)/>
        <SketchMap current route_version/>
        <CheckOutPanel current/>
    }
}

/// Pauses route recording (a break, a private errand, a stretch the team should not track) and
/// resumes it; the sketch map shows the gap.
#[component]
fn RouteRecordingSwitch(
    current: RwSignal<Walkabout>,
    paused: Memo<bool>,
    last_fix: RwSignal<Option<RoutePoint>>,
) -> impl IntoView {
    let errors = Errors::new();
    let switch = move |_| {
        errors.clear_all();
        let id = current.with_untracked(|w| w.id);
        let pause = !paused.get_untracked();
        spawn_local(async move {
            let changed = if pause {
                commands::pause_route(id).await
            } else {
                commands::resume_route(id).await
            };
            match changed {
                Ok(walkabout) => {
                    if pause {
                        last_fix.try_set(None);
                    }
                    current.set(walkabout);
                }
                Err(error) => errors.show(&error, "route"),
            }
        });
    };
    view! {
        <button id="route-recording" class="secondary big" on:click=switch>
            {move || if paused.get() { t("walking-resume-recording") } else { t("walking-pause-recording") }}
        </button>
        {field_error(errors, "route")}
    }
}

#[component]
fn CheckOutPanel(current: RwSignal<Walkabout>) -> impl IntoView {
    let errors = Errors::new();
    let open = RwSignal::new(false);
    let all_safe = RwSignal::new(true);
    let note = RwSignal::new(String::new());
    let by = RwSignal::new(String::new());

    let confirm = move |_| {
        errors.clear_all();
        let check_out = CheckOut {
            at: clock::now(),
            by: by.get_untracked(),
            all_safe: all_safe.get_untracked(),
            note: note.get_untracked(),
        };
        let id = current.with_untracked(|w| w.id);
        spawn_local(async move {
            match commands::check_out(id, &check_out).await {
                Ok(walkabout) => current.set(walkabout),
                Err(error) => errors.show(&error, "check_out"),
            }
        });
    };

    view! {
        <section class="panel">
            <h2>{t("walkabout-check-out")}</h2>
            {move || if open.get() {
                view! {
                    <div class="choice">
                        <button id="all-safe-yes" class:selected=move || all_safe.get() on:click=move |_| all_safe.set(true)>{t("walkabout-everyone-is-safe")}</button>
                        <button id="all-safe-no" class:selected=move || !all_safe.get() on:click=move |_| all_safe.set(false)>{t("walkabout-not-all-safe")}</button>
                    </div>
                    {super::team_member_choice("check-out-by", t("walkabout-who-is-checking-out"), current, by)}
                    <label for="check-out-note">{t("walkabout-note")}</label>
                    <textarea id="check-out-note" rows="2" on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    {field_error(errors, "note")}
                    {field_error(errors, "at")}
                    {field_error(errors, "check_out")}
                    <button id="confirm-check-out" class="primary" on:click=confirm>{t("walkabout-check-out-now")}</button>
                }.into_any()
            } else {
                view! {
                    <button id="check-out" class="secondary" on:click=move |_| open.set(true)>{t("walkabout-finish-and-check-out")}</button>
                }.into_any()
            }}
        </section>
    }
}
