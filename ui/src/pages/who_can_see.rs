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
use crate::i18n::{self, t, t_with, Arg, Named};

/// Who can see record `id`. A sync that changes records here draws the page again, and this with
/// it, so what the server said last is what shows.
#[component]
pub fn WhoCanSee(id: RecordId) -> impl IntoView {
    let route = use_route();
    let audience = RwSignal::new(None::<Audience>);
    let manages = RwSignal::new(false);
    let partners = RwSignal::new(PartnerAgency::ALL.to_vec());
    spawn_local(async move {
        if let Ok(found) = commands::who_can_see(id).await {
            audience.try_set(Some(found));
        }
        if let Ok(Some(directory)) = commands::workspace_directory().await {
            partners.try_set(directory.settings.partners());
            manages.try_set(directory.you_manage());
        }
    });
    // A memo, so that the form is not drawn again (and what it says lost) when the audience
    // changes after a share.
    let shown = audience;
    let shareable = Memo::new(move |_| {
        manages.get() && audience.with(|a| a.as_ref().is_some_and(|a| !a.case_team_only))
    });
    view! {
        <section class="panel" id="who-can-see">
            <h2>{t("records-who-can-see-this")}</h2>
            {move || audience.get().map(|audience| view! {
                {audience.read_only_for_you.then(|| view! {
                    <p class="badge-line" id="read-only">{t("records-shared-with-you-to")}</p>
                })}
                <p id="who-can-see-scope">{audience.scope.sentence_in(i18n::current())}</p>
                <ul class="people" id="who-can-see-people">
                    {audience.people.iter().map(|person| view! { <li>{person.line_in(i18n::current())}</li> }).collect_view()}
                </ul>
                {(!audience.shared_with.is_empty()).then(|| view! {
                    <h3>{t("records-shared-with")}</h3>
                    <ul class="people" id="who-can-see-shared">
                        {audience.shared_with.iter().map(|reader| view! { <li>{reader.line_in(i18n::current())}</li> }).collect_view()}
                    </ul>
                })}
                {manages.get().then(|| view! { <RevokeShares id decisions=audience.shared_decisions audience=shown/> })}
            })}
            {move || shareable.get().then(|| view! { <ShareForm id audience partners=partners.get_untracked()/> })}
            {move || manages.get().then(|| view! {
                <button id="record-audit-log" class="secondary" on:click=move |_| route.set(Route::AuditLog(Some(id)))>
                    {t("records-audit-log-of-this")}
                </button>
            })}
        </section>
    }
}

/// A button per sharing decision this record is read under, for a manager: revoking one is
/// recorded on the server (P7), and its readers' devices lose the record at their next sync.
#[component]
fn RevokeShares(
    id: RecordId,
    decisions: Vec<i64>,
    audience: RwSignal<Option<Audience>>,
) -> impl IntoView {
    let errors = Errors::new();
    let revoke = move |decision: i64| {
        errors.clear_all();
        spawn_local(async move {
            match commands::revoke_share(decision).await {
                Ok(_) => {
                    if let Ok(found) = commands::who_can_see(id).await {
                        audience.try_set(Some(found));
                    }
                }
                Err(error) => errors.show(&error, "revoke"),
            }
        });
    };
    view! {
        {decisions.into_iter().map(|decision| view! {
            <button id=format!("revoke-share-{decision}") class="secondary" on:click=move |_| revoke(decision)>
                {t_with("who-can-see-revoke-decision", &[("decision", Arg::from(decision))])}
            </button>
        }).collect_view()}
        {field_error(errors, "revoke")}
    }
}

/// A manager's sharing decision for this record (P7): which agency reads it, why, on what legal
/// basis, and whether consent was obtained. It is made on the server, so it needs the connection.
#[component]
fn ShareForm(
    id: RecordId,
    audience: RwSignal<Option<Audience>>,
    partners: Vec<PartnerAgency>,
) -> impl IntoView {
    let errors = Errors::new();
    // The school first where the partnership works with one: most shares are with a DSL.
    let first = if partners.contains(&PartnerAgency::School) {
        PartnerAgency::School
    } else {
        partners.first().copied().unwrap_or(PartnerAgency::Other)
    };
    let agency = RwSignal::new(first.code().to_owned());
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
            <summary>{t("records-share-with-a-partner")}</summary>
            <div class="field">
                <label for="share-agency">{t("context-agency")}</label>
                <select id="share-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                    {options(&partners, PartnerAgency::code, PartnerAgency::named, Some(first))}
                </select>
            </div>
            <div class="field">
                <label for="share-purpose">{t("records-purpose")}</label>
                <textarea id="share-purpose" rows="2" on:input=move |ev| purpose.set(event_target_value(&ev))></textarea>
                {field_error(errors, "purpose")}
            </div>
            <div class="field">
                <label for="share-basis">{t("records-legal-basis")}</label>
                <select id="share-basis" on:change=move |ev| basis.set(event_target_value(&ev))>
                    {options(LegalBasis::ALL, LegalBasis::code, LegalBasis::named, Some(LegalBasis::PublicTask))}
                </select>
            </div>
            <div class="field">
                <label for="share-consent">{t("records-consent")}</label>
                <select id="share-consent" on:change=move |ev| consent.set(event_target_value(&ev))>
                    <option value="not_sought" selected=true>{t("records-not-sought")}</option>
                    <option value="obtained">{t("records-obtained")}</option>
                    <option value="overridden">{t("records-overridden")}</option>
                </select>
                <label for="share-consent-reason">{t("records-why-when-not-obtained")}</label>
                <input id="share-consent-reason" type="text" on:input=move |ev| reason.set(event_target_value(&ev))/>
                {field_error(errors, "consent")}
            </div>
            {field_error(errors, "share")}
            <button id="share-record" class="primary" on:click=share>{t("records-share-to-read")}</button>
            {move || shared.get().then(|| view! { <p class="done" id="shared">{t("records-shared-the-agency-s")}</p> })}
        </details>
    }
}
