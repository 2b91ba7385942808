//! Recommendations addressed to the agency that is to act on each: the school, the council's
//! parks team, the police. The general recommendations stay prose beside them.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::school::{SchoolAssessment, SchoolRecommendation};
use waymark_core::vocabulary::PartnerAgency;

use crate::commands;
use crate::field::{field_error, options, Errors};
use crate::i18n::{t, Named};
use crate::name_flags::{NameCheck, NameFlags};

#[component]
pub fn AgencyRecommendations(
    assessment: RwSignal<SchoolAssessment>,
    names: NameCheck,
) -> impl IntoView {
    let errors = Errors::new();
    let agency = RwSignal::new(PartnerAgency::School.code().to_owned());
    let text = RwSignal::new(String::new());
    let add = move |_| {
        errors.clear_all();
        let Ok(for_agency) = PartnerAgency::from_code(&agency.get_untracked()) else {
            return;
        };
        let id = assessment.with_untracked(|a| a.id);
        let recommendation = SchoolRecommendation {
            for_agency,
            text: text.get_untracked(),
        };
        spawn_local(async move {
            match commands::add_agency_recommendation(id, recommendation).await {
                Ok(updated) => {
                    assessment.set(updated);
                    text.try_set(String::new());
                }
                Err(error) => errors.show(&error, "recommendation"),
            }
        });
    };
    let remove = move |item| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::remove_agency_recommendation(id, item).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "recommendation"),
            }
        });
    };
    view! {
        <section class="panel" id="agency-recommendations">
            <h2>{t("school-recommendations-to-agencies")}</h2>
            {move || assessment.with(|a| if a.agency_recommendations.is_empty() {
                view! { <p class="muted">{t("school-none-addressed-to-an")}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list" id="agency-recommendation-list">
                        {a.agency_recommendations.iter().map(|(item, recommendation)| {
                            let item = *item;
                            view! {
                                <li class="agency-recommendation">
                                    <strong>{recommendation.for_agency.named()}</strong> ": " {recommendation.text.clone()}
                                    <button class="link remove-recommendation" on:click=move |_| remove(item)>{t("common-remove")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <fieldset>
                <legend>{t("school-recommend-to-an-agency")}</legend>
                <select id="recommendation-agency" aria-label=t("school-for-which-agency") on:change=move |ev| agency.set(event_target_value(&ev))>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, Some(PartnerAgency::School))}
                </select>
                <textarea id="recommendation-text" rows="2" aria-label=t("school-what-you-recommend") placeholder=t("school-what-you-recommend-they")
                    prop:value=text on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <NameFlags text first_names=names.first_names confirmed=names.confirmed field="recommendation-text" confirm=names.confirm/>
                {field_error(errors, "recommendation")}
                <button id="add-recommendation" class="secondary" on:click=add>{t("school-add-the-recommendation")}</button>
            </fieldset>
        </section>
    }
}
