//! Who can see a record (privacy rules P6 to P8), as the server last told this device: the team,
//! a case team, or partner agencies a manager shared it with. Shown offline too.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::access::{Consent, SharingDecisionDraft};
use waymark_core::directory::Audience;
use waymark_core::vocabulary::{LegalBasis, PartnerAgency};
use waymark_core::RecordId;

use crate::app::{use_route, Route};
use crate::commands;
use crate::field::{field_error, options, Errors};

/// Who can see record `id`. A sync that changes records here draws the page again, and this with
/// it, so what the server said last is what shows.
#[component]
pub fn WhoCanSee(id: RecordId) -> impl IntoView {
    let route = use_route();
    let audience = RwSignal::new(None::<Audience>);
    let manages = RwSignal::new(false);
    spawn_local(async move {
        if let Ok(found) = commands::who_can_see(id).await {
            audience.try_set(Some(found));
        }
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            manages.try_set(directory.you_manage());
        }
    });
    // A memo, so that the form is not drawn again (and what it says lost) when the audience
    // changes after a share.
    let shareable = Memo::new(move |_| {
        manages.get() && audience.with(|a| a.as_ref().is_some_and(|a| !a.case_team_only))
    });
    view! {
        <section class="panel" id="who-can-see">
            <h2>"Who can see this"</h2>
            {move || audience.get().map(|audience| view! {
                {audience.read_only_for_you.then(|| view! {
                    <p class="badge-line" id="read-only">"Shared with you to read. Changes made here are not kept."</p>
                })}
                <p id="who-can-see-scope">{audience.scope}</p>
                <ul class="people" id="who-can-see-people">
                    {audience.people.into_iter().map(|person| view! { <li>{person}</li> }).collect_view()}
                </ul>
                {(!audience.shared_with.is_empty()).then(|| view! {
                    <h3>"Shared with"</h3>
                    <ul class="people" id="who-can-see-shared">
                        {audience.shared_with.into_iter().map(|reader| view! { <li>{reader}</li> }).collect_view()}
                    </ul>
                })}
            })}
            {move || shareable.get().then(|| view! { <ShareForm id audience/> })}
            {move || manages.get().then(|| view! {
                <button id="record-audit-log" class="secondary" on:click=move |_| route.set(Route::AuditLog(Some(id)))>
                    "Audit log of this record"
                </button>
            })}
        </section>
    }
}

/// A manager's sharing decision for this record (P7): which agency reads it, why, on what legal
/// basis, and whether consent was obtained. It is made on the server, so it needs the connection.
#[component]
fn ShareForm(id: RecordId, audience: RwSignal<Option<Audience>>) -> impl IntoView {
    let errors = Errors::new();
    let agency = RwSignal::new(PartnerAgency::School.code().to_owned());
    let purpose = RwSignal::new(String::new());
    let basis = RwSignal::new(LegalBasis::PublicTask.code().to_owned());
    let consent = RwSignal::new("not_sought".to_owned());
    let reason = RwSignal::new(String::new());
    let shared = RwSignal::new(false);
    let share = move |_| {
        errors.clear_all();
        shared.set(false);
        let reason_given = reason.get_untracked();
        let decision = SharingDecisionDraft {
            record_ids: vec![id],
            recipient_agency: PartnerAgency::from_code(&agency.get_untracked())
                .unwrap_or(PartnerAgency::Other),
            purpose: purpose.get_untracked(),
            legal_basis: LegalBasis::from_code(&basis.get_untracked())
                .unwrap_or(LegalBasis::PublicTask),
            consent: match consent.get_untracked().as_str() {
                "obtained" => Consent::Obtained,
                "overridden" => Consent::Overridden {
                    reason: reason_given,
                },
                _ => Consent::NotSought {
                    reason: reason_given,
                },
            },
            expires_at: None,
        };
        spawn_local(async move {
            match commands::share_records(decision).await {
                Ok(_) => {
                    if let Ok(found) = commands::who_can_see(id).await {
                        audience.try_set(Some(found));
                    }
                    shared.try_set(true);
                }
                Err(error) => errors.show(&error, "share"),
            }
        });
    };
    view! {
        <details class="share-form" id="share-form">
            <summary>"Share with a partner agency, to read"</summary>
            <div class="field">
                <label for="share-agency">"Agency"</label>
                <select id="share-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::label, Some(PartnerAgency::School))}
                </select>
            </div>
            <div class="field">
                <label for="share-purpose">"Purpose"</label>
                <textarea id="share-purpose" rows="2" on:input=move |ev| purpose.set(event_target_value(&ev))></textarea>
                {field_error(errors, "purpose")}
            </div>
            <div class="field">
                <label for="share-basis">"Legal basis"</label>
                <select id="share-basis" on:change=move |ev| basis.set(event_target_value(&ev))>
                    {options(LegalBasis::ALL, LegalBasis::code, LegalBasis::label, Some(LegalBasis::PublicTask))}
                </select>
            </div>
            <div class="field">
                <label for="share-consent">"Consent"</label>
                <select id="share-consent" on:change=move |ev| consent.set(event_target_value(&ev))>
                    <option value="not_sought" selected=true>"Not sought"</option>
                    <option value="obtained">"Obtained"</option>
                    <option value="overridden">"Overridden"</option>
                </select>
                <label for="share-consent-reason">"Why, when not obtained"</label>
                <input id="share-consent-reason" type="text" on:input=move |ev| reason.set(event_target_value(&ev))/>
                {field_error(errors, "consent")}
            </div>
            {field_error(errors, "share")}
            <button id="share-record" class="primary" on:click=share>"Share to read"</button>
            {move || shared.get().then(|| view! { <p class="done" id="shared">"Shared. The agency's devices receive it at their next sync."</p> })}
        </details>
    }
}
