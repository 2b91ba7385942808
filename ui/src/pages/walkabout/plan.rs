use leptos::prelude::*;
use leptos::task::spawn_local;
use time::Duration;
use waymark_core::vocabulary::PartnerAgency;
use waymark_core::walkabout::{WalkaboutPlan, DEFAULT_OVERDUE_GRACE_MIN};
use waymark_core::{ContextSummary, RecordId, SafetyContact, TeamMember};

use crate::app::{use_route, walkabout_words, Route};
use crate::context_choice::ContextChoice;
use crate::field::{field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::{clock, commands};

/// One row of the team on the planning form.
#[derive(Debug, Clone, Copy)]
struct MemberRow {
    name: RwSignal<String>,
    agency: RwSignal<String>,
    role: RwSignal<String>,
}

impl MemberRow {
    fn new() -> Self {
        Self {
            name: RwSignal::new(String::new()),
            agency: RwSignal::new(PartnerAgency::YouthWork.code().to_owned()),
            role: RwSignal::new(String::new()),
        }
    }

    /// An empty row is no one; the rules then decide whether the team is big enough.
    fn member(self) -> Option<TeamMember> {
        let name = self.name.get_untracked();
        (!name.trim().is_empty()).then(|| TeamMember {
            name,
            agency: PartnerAgency::from_code(&self.agency.get_untracked())
                .unwrap_or(PartnerAgency::Other),
            role: self.role.get_untracked(),
        })
    }
}

#[component]
fn MemberFields(number: usize, row: MemberRow) -> impl IntoView {
    view! {
        <div class="member">
            <label for=format!("member-{number}-name")>{t_with("plan-team-member", &[("number", Arg::from(number))])}</label>
            <input id=format!("member-{number}-name") type="text" autocomplete="off" placeholder=t("walkabout-name")
                on:input=move |ev| row.name.set(event_target_value(&ev))/>
            <div class="pair">
                <select id=format!("member-{number}-agency") aria-label=t("context-agency")
                    on:change=move |ev| row.agency.set(event_target_value(&ev))>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, Some(PartnerAgency::YouthWork))}
                </select>
                <input id=format!("member-{number}-role") type="text" placeholder=t("settings-role") aria-label=t("settings-role")
                    on:input=move |ev| row.role.set(event_target_value(&ev))/>
            </div>
        </div>
    }
}

#[component]
pub fn PlanWalkaboutPage(context_id: RecordId) -> impl IntoView {
    let route = use_route();
    let words = walkabout_words();
    let errors = Errors::new();
    let now = clock::now();
    let purpose = RwSignal::new(String::new());
    let start = RwSignal::new(clock::to_input(now));
    let end = RwSignal::new(clock::to_input(now + Duration::hours(2)));
    let members = [MemberRow::new(), MemberRow::new()];
    let lone_reason = RwSignal::new(String::new());
    let contact_name = RwSignal::new(String::new());
    let contact_role = RwSignal::new(String::new());
    let contact_phone = RwSignal::new(String::new());
    let grace = RwSignal::new(DEFAULT_OVERDUE_GRACE_MIN.to_string());
    let saving = RwSignal::new(false);
    // The other places on this device a walk can cover on the same route, such as a park and
    // the underpass beside it.
    let also = RwSignal::new(Vec::<ContextSummary>::new());

    let save = move |_| {
        errors.clear_all();
        let (Some(planned_start), Some(planned_end)) = (
            clock::from_input(&start.get_untracked()),
            clock::from_input(&end.get_untracked()),
        ) else {
            return errors.show(
                &waymark_core::ValidationError::PlannedEndBeforeStart.into(),
                "planned_end",
            );
        };
        // Minutes after the expected finish before the overdue warning becomes an alarm.
        let grace = match grace.get_untracked().trim().parse::<u32>() {
            Ok(minutes) => minutes,
            Err(_) => {
                errors.set("overdue_grace_min", &t("plan-grace-whole-minutes"));
                return;
            }
        };
        let plan = WalkaboutPlan {
            context_ids: std::iter::once(context_id)
                .chain(
                    also.with_untracked(|places| places.iter().map(|p| p.id).collect::<Vec<_>>()),
                )
                .collect(),
            purpose: purpose.get_untracked(),
            planned_start,
            planned_end,
            team: members.iter().filter_map(|row| row.member()).collect(),
            lone_reason: lone_reason.get_untracked(),
            safety_contact: SafetyContact {
                name: contact_name.get_untracked(),
                role: contact_role.get_untracked(),
                phone: contact_phone.get_untracked(),
            },
            overdue_grace_min: grace,
        };
        saving.set(true);
        spawn_local(async move {
            match commands::create_walkabout(&plan).await {
                Ok(walkabout) => route.set(Route::Walkabout(walkabout.id)),
                Err(error) => {
                    errors.show(&error, "purpose");
                    saving.try_set(false);
                }
            }
        });
    };

    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Context(context_id))>{t("walkabout-back-to-the-context")}</button>
            <h1>{move || words.with(|w| t_with("walkabout-plan-new", &[("walkabout", Arg::from(&w.one_in_text()))]))}</h1>
            <div class="field">
                <label for="purpose">{t("records-purpose")}</label>
                <p class="hint">{t("walkabout-what-you-want-to")}</p>
                <textarea id="purpose" rows="3" on:input=move |ev| purpose.set(event_target_value(&ev))></textarea>
                {field_error(errors, "purpose")}
            </div>
            <OtherPlaces context_id also/>
            <div class="field pair">
                <label>{t("walkabout-start")} <input id="planned-start" type="datetime-local" prop:value=start
                    on:input=move |ev| start.set(event_target_value(&ev))/></label>
                <label>{t("walkabout-end")} <input id="planned-end" type="datetime-local" prop:value=end
                    on:input=move |ev| end.set(event_target_value(&ev))/></label>
            </div>
            {field_error(errors, "planned_end")}
            <fieldset class="field">
                <legend>{t("walkabout-team")}</legend>
                <p class="hint">{move || words.with(|w| t_with("walkabout-done-in-pairs", &[("many", Arg::from(&w.many))]))}</p>
                <MemberFields number=1 row=members[0]/>
                <MemberFields number=2 row=members[1]/>
                <label for="lone-reason">{t("walkabout-working-alone-say-why")}</label>
                <input id="lone-reason" type="text" on:input=move |ev| lone_reason.set(event_target_value(&ev))/>
                {field_error(errors, "team")}
            </fieldset>
            <fieldset class="field">
                <legend>{t("walkabout-safety-contact-at-base")}</legend>
                <p class="hint">{t("walkabout-the-person-you-call")}</p>
                <input id="contact-name" type="text" placeholder=t("walkabout-name") aria-label=t("walkabout-name")
                    on:input=move |ev| contact_name.set(event_target_value(&ev))/>
                <div class="pair">
                    <input id="contact-role" type="text" placeholder=t("settings-role") aria-label=t("settings-role")
                        on:input=move |ev| contact_role.set(event_target_value(&ev))/>
                    <input id="contact-phone" type="tel" placeholder=t("walkabout-phone") aria-label=t("walkabout-phone")
                        on:input=move |ev| contact_phone.set(event_target_value(&ev))/>
                </div>
                {field_error(errors, "safety_contact")}
            </fieldset>
            <div class="field">
                <label for="grace-minutes">{t("walkabout-minutes-after-the-expected")}</label>
                <p class="hint">{t("walkabout-past-the-expected-finish")}</p>
                <input id="grace-minutes" type="number" inputmode="numeric" min="0" max="240" prop:value=grace
                    on:input=move |ev| grace.set(event_target_value(&ev))/>
                {field_error(errors, "overdue_grace_min")}
            </div>
            <button id="save-plan" class="primary" disabled=move || saving.get() on:click=save>{t("walkabout-save-plan")}</button>
        </section>
    }
}

/// The other places a walk covers, ticked from the places on this device: the first page of them,
/// or those whose name or area matches what is typed, with the ticked ones always in view. A
/// device with a year of records lists a page, not every place it holds.
#[component]
fn OtherPlaces(context_id: RecordId, also: RwSignal<Vec<ContextSummary>>) -> impl IntoView {
    let choice = ContextChoice::new();
    let places = move || {
        choice.found.with(|found| {
            found
                .iter()
                .filter(|c| c.id != context_id && c.context_type.is_a_place())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    // Whether the device holds any other place at all: without one there is nothing to offer.
    // Once the first page has shown one, a search that finds none keeps the box in view.
    let any = RwSignal::new(false);
    Effect::new(move |_| {
        if !places().is_empty() {
            any.set(true);
        }
    });
    let row = move |place: ContextSummary| {
        let place_id = place.id;
        let name = place.name.clone();
        let ticked = move || also.with(|places| places.iter().any(|p| p.id == place_id));
        view! {
            <label class="check also-context" data-id=place_id.to_string()>
                <input type="checkbox" prop:checked=ticked on:change=move |ev| {
                    let tick = event_target_checked(&ev);
                    also.update(|places| {
                        places.retain(|p| p.id != place_id);
                        if tick {
                            places.push(place.clone());
                        }
                    });
                }/>
                {name}
            </label>
        }
    };
    move || {
        any.get().then(|| view! {
        <fieldset class="field" id="also-covers">
            <legend>{t("walkabout-other-places-on-the")}</legend>
            <p class="hint">{t("walkabout-the-walk-is-listed")}</p>
            {choice.search_box("also-search", t("walkabout-find-other-place"))}
            {move || also.get().into_iter().map(row).collect_view()}
            {move || {
                let ticked: Vec<RecordId> = also.with(|places| places.iter().map(|p| p.id).collect());
                places().into_iter().filter(|p| !ticked.contains(&p.id)).map(row).collect_view()
            }}
        </fieldset>
    })
    }
}
