//! A context's exports for a panel or an analyst: observations and plan actions as CSV, the map
//! as GeoJSON. Each says where it was saved; the audit log hears of each at the next sync.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::export::{ExportFormat, ExportedFile};
use waymark_core::RecordId;

use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg, Named};

#[derive(Debug, Clone, PartialEq)]
enum Progress {
    Idle,
    Exporting(ExportFormat),
    Saved(ExportedFile),
}

#[component]
pub fn ContextExports(context_id: RecordId) -> impl IntoView {
    let errors = Errors::new();
    let progress = RwSignal::new(Progress::Idle);
    let decision = RwSignal::new(String::new());
    let export = move |format: ExportFormat| {
        errors.clear_all();
        progress.set(Progress::Exporting(format));
        let sharing_decision = decision.get_untracked().trim().parse().ok();
        spawn_local(async move {
            match commands::export_context(context_id, format, sharing_decision).await {
                Ok(file) => progress.set(Progress::Saved(file)),
                Err(error) => {
                    progress.set(Progress::Idle);
                    errors.show(&error, "export");
                }
            }
        });
    };
    let busy = move || matches!(progress.get(), Progress::Exporting(_));
    view! {
        <section class="panel" id="context-exports">
            <h2>{t("settings-exports")}</h2>
            <p class="hint">{t("records-no-notes-case-references")}</p>
            <SharingDecisionChoice record=context_id decision field="sharing-decision"/>
            {ExportFormat::ALL.iter().map(|&format| view! {
                <button id=format!("export-{}", format.code()) class="secondary" disabled=busy
                    on:click=move |_| export(format)>{format.named()}</button>
            }).collect_view()}
            <p id="export-status" role="status">{move || match progress.get() {
                Progress::Idle => String::new(),
                Progress::Exporting(format) => t_with("exports-exporting", &[("format", Arg::from(&format.named()))]),
                Progress::Saved(file) => t_with("exports-saved", &[("path", Arg::from(&file.path)), ("bytes", Arg::from(file.bytes))]),
            }}</p>
            {field_error(errors, "export")}
            {field_error(errors, "sharing_decision")}
        </section>
    }
}

/// The sharing decision an export is made under, chosen from those the server says the record
/// is shared under (P15); "none" prints "do not share" on every page instead.
#[component]
pub fn SharingDecisionChoice(
    record: RecordId,
    decision: RwSignal<String>,
    field: &'static str,
) -> impl IntoView {
    let decisions = RwSignal::new(Vec::<i64>::new());
    spawn_local(async move {
        if let Ok(audience) = commands::who_can_see(record).await {
            decisions.try_set(audience.shared_decisions);
        }
    });
    view! {
        <div class="field">
            <label for=field>{t("records-shared-under")}</label>
            <p class="hint">{t("records-printed-on-every-page")}</p>
            <select id=field on:change=move |ev| decision.set(event_target_value(&ev))>
                <option value="">{t("records-none-yet-do-not")}</option>
                {move || decisions.get().into_iter().map(|number| view! {
                    <option value=number.to_string()>{t_with("exports-sharing-decision", &[("number", Arg::from(number))])}</option>
                }).collect_view()}
            </select>
        </div>
    }
}
