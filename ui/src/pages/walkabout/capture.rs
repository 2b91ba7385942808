//! Quick capture: Add observation, a category, Save. Everything else on the form is optional.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::vocabulary::{
    AgeBand, ConcernType, EscalationMethod, GenderMix, ObservationCategory, PartnerAgency,
    ProtectiveFactor, RoleLabel, Valence,
};
use waymark_core::{
    CommandError, Escalation, EscalationCard, GeoPoint, ObservationDraft, ObservedLocation,
    PeopleCount, RoutePoint, ValidationError, Walkabout,
};

use crate::field::{field_error, options, Errors};
use crate::{chosen_file, clock, commands};

/// A set of tags the practitioner toggles.
fn chips<T: Copy + Ord + Send + Sync + 'static>(
    id: &'static str,
    all: &'static [T],
    label: fn(T) -> &'static str,
    chosen: RwSignal<Vec<T>>,
) -> impl IntoView {
    view! {
        <div class="chips" id=id>
            {all.iter().map(|&value| view! {
                <button type="button" class="chip" class:selected=move || chosen.with(|c| c.contains(&value))
                    on:click=move |_| chosen.update(|c| {
                        if let Some(at) = c.iter().position(|v| *v == value) { c.remove(at); } else { c.push(value); }
                    })>
                    {label(value)}
                </button>
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn CaptureForm(
    current: RwSignal<Walkabout>,
    last_fix: RwSignal<Option<RoutePoint>>,
    urgent: bool,
    done: Callback<()>,
) -> impl IntoView {
    let errors = Errors::new();
    let observed_at = clock::now();
    // The reading when the form opened is where the observation was made.
    let fix = last_fix.get_untracked();
    let category = RwSignal::new(urgent.then_some(ObservationCategory::SignsOfExploitation));
    let valence = RwSignal::new(if urgent {
        Valence::Concern
    } else {
        Valence::Neutral
    });
    let concern_types = RwSignal::new(Vec::<ConcernType>::new());
    let protective_factors = RwSignal::new(Vec::<ProtectiveFactor>::new());
    let count = RwSignal::new(String::new());
    let age_band = RwSignal::new(AgeBand::Unknown.code().to_owned());
    let role = RwSignal::new(RoleLabel::YoungPerson.code().to_owned());
    let note = RwSignal::new(String::new());
    let photos = RwSignal::new(Vec::<String>::new());
    let lat = RwSignal::new(String::new());
    let lon = RwSignal::new(String::new());
    let place_note = RwSignal::new(String::new());
    let escalated_to = RwSignal::new(String::new());
    let escalation_agency = RwSignal::new(PartnerAgency::ChildrensSocialCare.code().to_owned());
    let escalation_method = RwSignal::new(EscalationMethod::Emergency999.code().to_owned());
    let outcome = RwSignal::new(String::new());
    let case_ref = RwSignal::new(String::new());
    let card = RwSignal::new(None::<EscalationCard>);
    if urgent {
        spawn_local(async move {
            card.try_set(commands::escalation_card().await.ok());
        });
    }

    let add_photo = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file::chosen_file(&ev) else {
            return;
        };
        spawn_local(async move {
            let Some(bytes) = chosen_file::bytes(file).await else {
                return errors.show(&ValidationError::PhotoNotAnImage.into(), "photos");
            };
            match commands::add_photo(&bytes).await {
                Ok(hash) => {
                    errors.clear("photos");
                    photos.update(|p| p.push(hash));
                }
                Err(error) => errors.show(&error, "photos"),
            }
        });
    };

    let location = move || -> Result<ObservedLocation, CommandError> {
        if let Some(fix) = fix {
            return Ok(ObservedLocation::Fix {
                lat: fix.lat,
                lon: fix.lon,
                accuracy_m: Some(fix.accuracy_m),
                manual: false,
            });
        }
        Ok(
            match GeoPoint::parse(&lat.get_untracked(), &lon.get_untracked())? {
                Some(point) => ObservedLocation::Fix {
                    lat: point.lat,
                    lon: point.lon,
                    accuracy_m: None,
                    manual: true,
                },
                None => ObservedLocation::NoFix {
                    place_note: place_note.get_untracked(),
                },
            },
        )
    };

    let save = move |_| {
        errors.clear_all();
        let Some(chosen) = category.get_untracked() else {
            return errors.show(
                &ValidationError::UnknownObservationCategory.into(),
                "category",
            );
        };
        let location = match location() {
            Ok(location) => location,
            Err(error) => return errors.show(&error, "location"),
        };
        let people = match count.get_untracked().trim() {
            "" => vec![],
            text => match text.parse::<u32>() {
                Ok(count) => vec![PeopleCount {
                    count,
                    age_band: AgeBand::from_code(&age_band.get_untracked())
                        .unwrap_or(AgeBand::Unknown),
                    role: RoleLabel::from_code(&role.get_untracked())
                        .unwrap_or(RoleLabel::YoungPerson),
                    gender: GenderMix::Unknown,
                }],
                Err(_) => return errors.show(&ValidationError::CountOutOfRange.into(), "people"),
            },
        };
        let escalation = urgent.then(|| Escalation {
            to_role: escalated_to.get_untracked(),
            to_agency: PartnerAgency::from_code(&escalation_agency.get_untracked()).ok(),
            method: EscalationMethod::from_code(&escalation_method.get_untracked())
                .unwrap_or(EscalationMethod::Emergency999),
            at: clock::now(),
            outcome: outcome.get_untracked(),
            case_ref: Some(case_ref.get_untracked()),
        });
        let draft = ObservationDraft {
            observed_at,
            location,
            category: chosen,
            valence: valence.get_untracked(),
            people,
            concern_types: concern_types.get_untracked(),
            protective_factors: protective_factors.get_untracked(),
            note: note.get_untracked(),
            photos: photos.get_untracked(),
            urgent,
            escalation,
        };
        let id = current.with_untracked(|w| w.id);
        spawn_local(async move {
            match commands::add_observation(id, &draft).await {
                Ok(walkabout) => {
                    current.set(walkabout);
                    done.run(());
                }
                Err(error) => errors.show(&error, "category"),
            }
        });
    };

    view! {
        <section class="panel capture" class:urgent-panel=urgent id="capture">
            {urgent.then(|| view! {
                <div class="escalation-card" id="escalation-card" role="alert">
                    <h2>"Urgent concern"</h2>
                    {move || card.get().map(|card| {
                        let link = format!("tel:{}", card.phone);
                        view! {
                            <p>{card.instructions}</p>
                            <a class="phone big" href=link>{format!("Call {}", card.phone)}</a>
                        }
                    })}
                </div>
            })}
            <h2>{if urgent { "What you saw" } else { "New observation" }}</h2>
            <p class="muted">{format!("At {}", clock::clock_time(observed_at))} " · "
                {match fix {
                    Some(fix) => format!("location ±{:.0} m", fix.accuracy_m),
                    None => "no location fix".to_owned(),
                }}
            </p>
            <div class="categories" id="categories">
                {ObservationCategory::ALL.iter().map(|&value| view! {
                    <button type="button" class="category" data-code=value.code()
                        class:selected=move || category.get() == Some(value)
                        on:click=move |_| category.set(Some(value))>
                        {value.label()}
                    </button>
                }).collect_view()}
            </div>
            {field_error(errors, "category")}
            <div class="choice" id="valence">
                {Valence::ALL.iter().map(|&value| view! {
                    <button type="button" id=format!("valence-{}", value.code())
                        class:selected=move || valence.get() == value
                        on:click=move |_| valence.set(value)>{value.label()}</button>
                }).collect_view()}
            </div>
            {move || (valence.get() == Valence::Concern).then(|| view! {
                <p class="label">"Kind of concern"</p>
                {chips("concern-types", ConcernType::ALL, ConcernType::label, concern_types)}
            })}
            {field_error(errors, "concern_types")}
            <details>
                <summary>"People, protective factors, note and photo"</summary>
                <div class="field">
                    <p class="label">"People seen: a count, never a name"</p>
                    <div class="pair">
                        <input id="people-count" type="number" min="0" max="500" inputmode="numeric" placeholder="How many"
                            aria-label="How many" on:input=move |ev| count.set(event_target_value(&ev))/>
                        <select id="people-age" aria-label="Age band" on:change=move |ev| age_band.set(event_target_value(&ev))>
                            {options(AgeBand::ALL, AgeBand::code, AgeBand::label, Some(AgeBand::Unknown))}
                        </select>
                    </div>
                    <select id="people-role" aria-label="Role" on:change=move |ev| role.set(event_target_value(&ev))>
                        {options(RoleLabel::ALL, RoleLabel::code, RoleLabel::label, Some(RoleLabel::YoungPerson))}
                    </select>
                    {field_error(errors, "people")}
                </div>
                <p class="label">"Protective factors"</p>
                {chips("protective-factors", ProtectiveFactor::ALL, ProtectiveFactor::label, protective_factors)}
                <div class="field">
                    <label for="observation-note">"Note"</label>
                    <p class="hint">"Describe behaviour and places, not identities."</p>
                    <textarea id="observation-note" rows="3" on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                    {field_error(errors, "note")}
                </div>
                <div class="field">
                    <label for="photo">"Photo of the place"</label>
                    <p class="hint">"Photograph the place, not people. Location and camera details are removed."</p>
                    <input id="photo" type="file" accept="image/jpeg,image/png" on:change=add_photo/>
                    <p class="muted" id="photo-count">{move || match photos.with(Vec::len) {
                        0 => String::new(),
                        n => format!("{n} photo(s) added"),
                    }}</p>
                    {field_error(errors, "photos")}
                </div>
            </details>
            {fix.is_none().then(|| view! {
                <fieldset class="field">
                    <legend>"No location fix"</legend>
                    <p class="hint">"Type the coordinates, or say where you are."</p>
                    <div class="pair">
                        <input id="observation-lat" type="text" inputmode="decimal" placeholder="Latitude" aria-label="Latitude"
                            on:input=move |ev| lat.set(event_target_value(&ev))/>
                        <input id="observation-lon" type="text" inputmode="decimal" placeholder="Longitude" aria-label="Longitude"
                            on:input=move |ev| lon.set(event_target_value(&ev))/>
                    </div>
                    <input id="place-note" type="text" placeholder="Where, e.g. by the bandstand" aria-label="Where"
                        on:input=move |ev| place_note.set(event_target_value(&ev))/>
                    {field_error(errors, "location")}
                </fieldset>
            })}
            {urgent.then(|| view! {
                <fieldset class="field">
                    <legend>"Who you told"</legend>
                    <input id="escalated-to" type="text" placeholder="Their role, e.g. duty social worker" aria-label="Their role"
                        on:input=move |ev| escalated_to.set(event_target_value(&ev))/>
                    <div class="pair">
                        <select id="escalation-method" aria-label="How" on:change=move |ev| escalation_method.set(event_target_value(&ev))>
                            {options(EscalationMethod::ALL, EscalationMethod::code, EscalationMethod::label, Some(EscalationMethod::Emergency999))}
                        </select>
                        <select id="escalation-agency" aria-label="Agency" on:change=move |ev| escalation_agency.set(event_target_value(&ev))>
                            {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::label, Some(PartnerAgency::ChildrensSocialCare))}
                        </select>
                    </div>
                    <input id="escalation-outcome" type="text" placeholder="What happens next" aria-label="What happens next"
                        on:input=move |ev| outcome.set(event_target_value(&ev))/>
                    <label for="case-ref">"Case reference, if the child is known"</label>
                    <p class="hint">"Only the case-system number. Never a name."</p>
                    <input id="case-ref" type="text" autocomplete="off" on:input=move |ev| case_ref.set(event_target_value(&ev))/>
                    {field_error(errors, "escalation")}
                    {field_error(errors, "case_ref")}
                </fieldset>
            })}
            {field_error(errors, "at")}
            <div class="pair">
                <button id="cancel-observation" class="secondary" on:click=move |_| done.run(())>"Cancel"</button>
                <button id="save-observation" class="primary" on:click=save>"Save"</button>
            </div>
        </section>
    }
}
