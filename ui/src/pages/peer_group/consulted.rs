//! Level 2 only: the other groups this group is linked to, and the professionals the assessment
//! consulted. A Level 1 map has neither: it stays with the case team (privacy rule P8).

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::peer_group::{PeerAssessment, ProfessionalConsulted};
use waymark_core::vocabulary::{ContextType, PartnerAgency};
use waymark_core::RecordId;

use crate::commands;
use crate::context_choice::{name_in, named_contexts, ContextChoice};
use crate::field::{field_error, options, Errors};
use crate::i18n::{t, Named};

#[component]
pub fn LinkedGroups(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let chosen = RwSignal::new(String::new());
    let own = assessment.with_untracked(|a| a.subject.group_context_id);
    let choice = ContextChoice::new();
    let linked = named_contexts(move || assessment.with(|a| a.linked_groups.clone()));
    let name_of = move |group: RecordId| {
        name_in(linked, group).unwrap_or_else(|| "A group not on this device".to_owned())
    };
    let link = move |_| {
        errors.clear_all();
        let Ok(group) = chosen.get_untracked().parse::<RecordId>() else {
            return errors.show(
                &waymark_core::ValidationError::NotAPeerGroup.into(),
                "linked_groups",
            );
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::link_group(id, group).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "linked_groups"),
            }
        });
    };
    let unlink = move |group| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::unlink_group(id, group).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "linked_groups"),
            }
        });
    };
    view! {
        <section class="panel" id="linked-groups">
            <h2>{t("peer-links-to-other-groups")}</h2>
            <ul class="plain-list" id="linked-group-list">
                {move || assessment.with(|a| a.linked_groups.clone()).into_iter().map(|group| view! {
                    <li class="linked-group">{move || name_of(group)}
                        <button class="link unlink-group" on:click=move |_| unlink(group)>{t("peer-remove-the-link")}</button>
                    </li>
                }).collect_view()}
            </ul>
            {choice.search_box("link-group-search", t("peer-find-group"))}
            <select id="link-group" aria-label=t("peer-another-peer-group") on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="" selected=true disabled=true>{t("peer-choose-a-peer-group")}</option>
                {move || choice.found.get().into_iter()
                    .filter(|c| c.context_type == ContextType::PeerGroup && Some(c.id) != own)
                    .map(|c| view! { <option value=c.id.to_string()>{c.name}</option> })
                    .collect_view()}
            </select>
            {field_error(errors, "linked_groups")}
            <button id="add-group-link" class="secondary" on:click=link>{t("peer-link-the-groups")}</button>
        </section>
    }
}

#[component]
pub fn ProfessionalsConsulted(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let role = RwSignal::new(String::new());
    let agency = RwSignal::new(PartnerAgency::YouthWork.code().to_owned());
    let add = move |_| {
        errors.clear_all();
        let Ok(agency) = PartnerAgency::from_code(&agency.get_untracked()) else {
            return;
        };
        let professional = ProfessionalConsulted {
            role: role.get_untracked(),
            agency,
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::add_professional_consulted(id, professional).await {
                Ok(updated) => {
                    assessment.set(updated);
                    role.try_set(String::new());
                }
                Err(error) => errors.show(&error, "professionals"),
            }
        });
    };
    let remove = move |entry| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::remove_professional_consulted(id, entry).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "professionals"),
            }
        });
    };
    view! {
        <section class="panel" id="professionals-consulted">
            <h2>{t("peer-professionals-consulted")}</h2>
            <ul class="plain-list" id="professional-list">
                {move || assessment.with(|a| a.professionals.iter().map(|(entry, p)| {
                    let entry = *entry;
                    view! {
                        <li class="professional">{format!("{}, {}", p.role, p.agency.named())}
                            <button class="link remove-professional" on:click=move |_| remove(entry)>{t("common-remove")}</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <div class="pair">
                <input id="professional-role" type="text" placeholder=t("peer-role-such-as-safer") aria-label=t("settings-role")
                    prop:value=role on:input=move |ev| role.set(event_target_value(&ev))/>
                <select id="professional-agency" aria-label=t("context-agency") on:change=move |ev| agency.set(event_target_value(&ev))>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, Some(PartnerAgency::YouthWork))}
                </select>
            </div>
            {field_error(errors, "professionals")}
            <button id="add-professional" class="secondary" on:click=add>{t("common-add")}</button>
        </section>
    }
}
