use leptos::prelude::*;
use waymark_core::{Context, ContextEdit, ContextType, RecordId};

use crate::app::{use_route, Route};
use crate::autosave::{AutoSave, SaveStatusBar};
use crate::commands;
use crate::field::{ContextFields, InitialValues, LocationInput};
use crate::i18n::{t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::pages::context_details::ContextDetails;
use crate::pages::erasure::EraseRecord;
use crate::pages::exports::ContextExports;
use crate::pages::journey::ContextTimeline;
use crate::pages::outcomes::OutcomeMeasures;
use crate::pages::peer_group::GroupAssessments;
use crate::pages::school::SchoolAssessments;
use crate::pages::walkabout::WalkaboutList;
use crate::pages::who_can_see::WhoCanSee;

/// A context's page. Fields edit in place and every change is saved at once.
#[component]
pub fn ContextPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    let autosave = AutoSave::new(id, ContextEdit::field, |id, edit| {
        Box::pin(async move { commands::update_context(id, edit).await.map(drop) })
    });
    let on_edit = Callback::new(move |edit: ContextEdit| autosave.save(edit));

    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Home)>{t("common-all-contexts")}</button>
            <SaveStatusBar status=autosave.status/>
            {loaded(commands::get_context(id), move |context: Context| {
                let walked = context.can_be_walked();
                let details = context.clone();
                view! {
                    <h1>{context.name.clone()}</h1>
                    <p class="status-line" id="context-status">
                        {context.status.named()}
                        {context.threshold_level.map(|level| format!(" · {}", level.named()))}
                        {(!context.lead.worker.is_empty()).then(|| format!(" · {}", t_with("context-lead-is", &[("worker", Arg::from(&context.lead.worker))])))}
                        {(!context.closing_reason.is_empty()).then(|| format!(" · {}", context.closing_reason))}
                    </p>
                    {(!context.other_statuses.is_empty()).then(|| view! {
                        <p class="conflict" role="status">{t("context-also-set")}" "
                            {context.other_statuses.iter().map(|s| s.named()).collect::<Vec<_>>().join(", ")}</p>
                    })}
                    <ContextTimeline context_id=id/>
                    <ContextFields
                        initial=InitialValues {
                            name: context.name,
                            context_type: Some(context.context_type),
                            description: context.description,
                        }
                        location=LocationInput::new(context.location)
                        errors=autosave.errors
                        on_edit/>
                    <ContextDetails context=details/>
                    {match context.context_type {
                        ContextType::PeerGroup => view! { <GroupAssessments group_context_id=id/> }.into_any(),
                        ContextType::SchoolCollegeOrAlternativeProvision => view! {
                            <SchoolAssessments school_context_id=id/>
                        }.into_any(),
                        _ => ().into_any(),
                    }}
                    {walked.then(|| view! { <WalkaboutList context_id=id/> })}
                    <OutcomeMeasures context_id=id/>
                    <ContextExports context_id=id/>
                    <WhoCanSee id/>
                    <EraseRecord id/>
                }
            })}
        </section>
    }
}
