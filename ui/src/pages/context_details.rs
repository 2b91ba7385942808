//! The rest of what a context is, below its name and place: the area, the outline, who leads the
//! work, the threshold and status, the bodies responsible for the place, and the contexts linked
//! to it. Each part is saved as its own change, so two people changing two parts lose neither.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::context::{parse_outline, Lead};
use waymark_core::vocabulary::{ContextStatus, PartnerAgency, ThresholdLevel};
use waymark_core::{CommandError, Context, ContextEdit, RecordId};

use crate::commands;
use crate::context_choice::{name_in, named_contexts, ContextChoice};
use crate::field::{field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::map_drawing::{map_credit, map_tiles, Projection, HEIGHT, WIDTH};

/// The saved outline and the context's point, drawn on the loaded map (or a plain ground), so
/// that a mistyped corner shows at once as a spike away from the place.
fn outline_drawing(context: &Context) -> Option<impl IntoView> {
    let points: Vec<_> = context
        .outline
        .iter()
        .copied()
        .chain(context.location)
        .collect();
    let projection = Projection::fitting(&points)?;
    let corners = context
        .outline
        .iter()
        .map(|p| {
            let (x, y) = projection.xy(*p);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let point = context.location.map(|p| projection.xy(p));
    Some(view! {
        <svg class="sketch-map" id="outline-map" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
            aria-label=t("outline-map-label")>
            <rect class="map-ground" x="0" y="0" width=WIDTH height=HEIGHT/>
            {map_tiles(projection)}
            {(context.outline.len() >= 2).then(|| view! { <polygon class="map-outline" points=corners/> })}
            {point.map(|(x, y)| view! { <rect class="map-context" x=x - 7.0 y=y - 7.0 width="14" height="14"/> })}
        </svg>
        {map_credit()}
    })
}

/// The outline as it is typed: one corner on each line.
fn outline_text(context: &Context) -> String {
    context
        .outline
        .iter()
        .map(|p| format!("{:.6}, {:.6}", p.lat, p.lon))
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn ContextDetails(context: Context) -> impl IntoView {
    let id = context.id;
    let errors = Errors::new();
    let saved = RwSignal::new(None::<&'static str>);
    let current = RwSignal::new(context);
    // Every part saves the same way: the change, then the context as it now stands, or the
    // reason beside the part that was changed.
    let save = move |slot: &'static str, edit: ContextEdit| {
        errors.clear_all();
        saved.set(None);
        spawn_local(async move {
            match commands::update_context(id, edit).await {
                Ok(context) => {
                    current.try_set(context);
                    saved.try_set(Some(slot));
                }
                Err(error) => errors.set(slot, &error.message),
            }
        });
    };
    let saved_line = move |slot: &'static str| {
        move || {
            (saved.get() == Some(slot)).then(
                || view! { <p class="done" id=format!("{slot}-saved")>{t("common-saved")}</p> },
            )
        }
    };
    let choice = ContextChoice::new();
    let linked = named_contexts(move || current.with(|c| c.linked_contexts.clone()));
    let name_of =
        move |other: RecordId| name_in(linked, other).unwrap_or_else(|| t("context-not-on-device"));

    let start = current.get_untracked();
    let area = RwSignal::new(start.area_label.clone());
    let outline = RwSignal::new(outline_text(&start));
    let lead_worker = RwSignal::new(start.lead.worker.clone());
    let lead_agency = RwSignal::new(
        start
            .lead
            .agency
            .map(|a| a.code().to_owned())
            .unwrap_or_default(),
    );
    let status = RwSignal::new(start.status.code().to_owned());
    let closing_reason = RwSignal::new(String::new());
    let body_agency = RwSignal::new(String::new());
    let body_organisation = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());

    let save_outline = move |_| {
        let typed = outline.get_untracked();
        let corners = if typed.trim().is_empty() {
            Ok(Vec::new())
        } else {
            parse_outline(&typed)
        };
        match corners {
            Ok(corners) => save("outline", ContextEdit::Outline(corners)),
            Err(error) => errors.set("outline", &CommandError::from(error).message),
        }
    };
    let save_lead = move |_| {
        let agency = lead_agency.get_untracked();
        let agency = PartnerAgency::from_code(&agency).ok();
        save(
            "lead",
            ContextEdit::Lead(Lead {
                worker: lead_worker.get_untracked(),
                agency,
            }),
        );
    };
    let add_body = move |_| {
        save(
            "responsible_bodies",
            ContextEdit::AddResponsibleBody {
                agency: body_agency.get_untracked(),
                organisation: body_organisation.get_untracked(),
            },
        );
        body_organisation.set(String::new());
    };

    view! {
        <section class="panel" id="context-details">
            <h2>{t("context-about-the-context")}</h2>
            <div class="field">
                <label for="area-label">{t("context-area-ward-or-estate")}</label>
                <input id="area-label" prop:value=area on:input=move |ev| area.set(event_target_value(&ev))
                    on:change=move |_| save("area_label", ContextEdit::AreaLabel(area.get_untracked()))/>
                {field_error(errors, "area_label")}
                {saved_line("area_label")}
            </div>

            <div class="field">
                <label for="outline">{t("context-outline-one-corner-on")}</label>
                <p class="hint">{t("context-from-three-to-500")}</p>
                <textarea id="outline" class="code" rows="5" prop:value=outline on:input=move |ev| outline.set(event_target_value(&ev))></textarea>
                <p class="muted" id="outline-corners">{move || match current.with(|c| c.outline.len()) {
                    0 => t("context-no-outline"),
                    n => t_with("context-outline-saved", &[("corners", Arg::from(n))]),
                }}</p>
                {move || outline_drawing(&current.get())}
                {field_error(errors, "outline")}
                <button id="save-outline" class="secondary" on:click=save_outline>{t("context-save-the-outline")}</button>
                {saved_line("outline")}
            </div>

            <fieldset>
                <legend>{t("context-who-leads-the-work")}</legend>
                <label for="lead-worker-name">{t("context-lead-worker")}</label>
                <input id="lead-worker-name" prop:value=lead_worker on:input=move |ev| lead_worker.set(event_target_value(&ev))/>
                <label for="lead-agency">{t("context-lead-agency")}</label>
                <select id="lead-agency" on:change=move |ev| lead_agency.set(event_target_value(&ev))>
                    <option value="">{t("common-choose")}</option>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, start.lead.agency)}
                </select>
                {field_error(errors, "lead")}
                <button id="save-lead" class="secondary" on:click=save_lead>{t("context-save-the-lead")}</button>
                {saved_line("lead")}
            </fieldset>

            <fieldset>
                <legend>{t("context-threshold-and-status")}</legend>
                <label for="context-threshold">{t("context-threshold-level")}</label>
                <select id="context-threshold" on:change=move |ev| {
                    let code = event_target_value(&ev);
                    save("threshold_level", ContextEdit::ThresholdLevel((!code.is_empty()).then_some(code)));
                }>
                    <option value="">{t("common-not-set")}</option>
                    {options(ThresholdLevel::ALL, ThresholdLevel::code, ThresholdLevel::named, start.threshold_level)}
                </select>
                {saved_line("threshold_level")}
                <label for="context-status-choice">{t("context-status")}</label>
                <p class="hint">{t("context-screening-the-conference-and")}</p>
                <select id="context-status-choice" on:change=move |ev| status.set(event_target_value(&ev))>
                    {options(ContextStatus::ALL, ContextStatus::code, ContextStatus::named, Some(start.status))}
                </select>
                {move || (status.get() == ContextStatus::Closed.code()).then(|| view! {
                    <label for="closing-reason">{t("context-why-it-is-closed")}</label>
                    <input id="closing-reason" prop:value=closing_reason on:input=move |ev| closing_reason.set(event_target_value(&ev))/>
                })}
                {field_error(errors, "status")}
                <button id="save-status" class="secondary" on:click=move |_| save("status", ContextEdit::Status {
                    status: status.get_untracked(),
                    reason: closing_reason.get_untracked(),
                })>{t("context-save-the-status")}</button>
                {saved_line("status")}
            </fieldset>

            <fieldset id="responsible-bodies">
                <legend>{t("context-who-is-responsible-for")}</legend>
                <ul class="plain">
                    {move || current.with(|c| c.responsible_bodies.iter().map(|body| {
                        let body_id = body.id;
                        view! {
                            <li>
                                {format!("{} · {}", body.agency.named(), body.organisation)}
                                <button class="link remove-body" on:click=move |_| save("responsible_bodies", ContextEdit::RemoveResponsibleBody(body_id))>
                                    {t("common-remove")}
                                </button>
                            </li>
                        }
                    }).collect_view())}
                </ul>
                <label for="body-agency">{t("context-agency")}</label>
                <select id="body-agency" on:change=move |ev| body_agency.set(event_target_value(&ev))>
                    <option value="">{t("common-choose")}</option>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, None)}
                </select>
                <label for="body-organisation">{t("context-organisation")}</label>
                <input id="body-organisation" placeholder=t("context-such-as-northside-council") prop:value=body_organisation
                    on:input=move |ev| body_organisation.set(event_target_value(&ev))/>
                {field_error(errors, "responsible_bodies")}
                <button id="add-body" class="secondary" on:click=add_body>{t("common-add")}</button>
            </fieldset>

            <fieldset id="linked-contexts">
                <legend>{t("context-linked-contexts")}</legend>
                <ul class="plain">
                    {move || current.with(|c| c.linked_contexts.clone()).into_iter().map(|linked| view! {
                        <li>
                            {move || name_of(linked)}
                            <button class="link unlink-context" on:click=move |_| save("linked_contexts", ContextEdit::UnlinkContext(linked))>
                                {t("context-unlink")}
                            </button>
                        </li>
                    }).collect_view()}
                </ul>
                {choice.search_box("link-context-search", t("context-find-to-link"))}
                <label for="link-context">{t("context-link-another-context-such")}</label>
                <select id="link-context" on:change=move |ev| link.set(event_target_value(&ev))>
                    <option value="">{t("common-choose")}</option>
                    {move || choice.found.get().into_iter().filter(|c| c.id != id).map(|c| view! {
                        <option value=c.id.to_string()>{c.name}</option>
                    }).collect_view()}
                </select>
                {field_error(errors, "linked_contexts")}
                <button id="link-context-button" class="secondary" on:click=move |_| {
                    if let Ok(other) = link.get_untracked().parse::<RecordId>() {
                        save("linked_contexts", ContextEdit::LinkContext(other));
                    }
                }>{t("context-link")}</button>
            </fieldset>
        </section>
    }
}
