//! The workspace's people, as a manager looks after them (privacy rule P6): who is in it, from
//! which agency, in which role; someone added, or a role changed. The server holds them, so a
//! change needs the connection; the list is the one the server last sent. Their devices are
//! below, in `devices.rs`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::access::{MemberChange, WorkspaceRole};
use waymark_core::directory::{Directory, Member};
use waymark_core::vocabulary::PartnerAgency;

use super::devices::WorkspaceDevices;
use crate::app::{use_route, Route};
use crate::commands;
use crate::field::{field_error, options, Errors};
use crate::i18n::{self, t, t_with, Arg, Named};

#[component]
pub fn PeoplePage() -> impl IntoView {
    let route = use_route();
    let directory = RwSignal::new(None::<Directory>);
    let errors = Errors::new();
    spawn_local(async move {
        if let Ok(found) = commands::workspace_directory().await {
            directory.try_set(found);
        }
    });
    // `done` runs once the server has taken the change.
    let change = move |change: MemberChange, done: Option<Callback<()>>| {
        errors.clear_all();
        spawn_local(async move {
            match commands::change_member(change).await {
                Ok(updated) => {
                    directory.try_set(Some(updated));
                    if let Some(done) = done {
                        done.run(());
                    }
                }
                Err(error) => errors.show(&error, "member"),
            }
        });
    };
    view! {
        <section class="page">
            <button id="back" class="link" on:click=move |_| route.set(Route::Settings)>{t("settings-settings")}</button>
            <h1>{t("settings-people-in-the-workspace")}</h1>
            {move || directory.get().map(|directory| {
                let you = directory.you.clone();
                let people: Vec<String> = directory.members.iter().map(|m| m.user.clone()).collect();
                view! {
                    <p class="hint">{format!("{}: who works on its records, and who reads what is shared with their agency.", directory.workspace)}</p>
                    {field_error(errors, "member")}
                    <ul class="context-list" id="people">
                        {directory.members.into_iter().map(|member| {
                            let yours = member.user == you;
                            view! { <PersonRow member yours change/> }
                        }).collect_view()}
                    </ul>
                    <AddPerson change/>
                    <WorkspaceDevices people/>
                }
            })}
        </section>
    }
}

/// One member, with their role to change (never one's own).
#[component]
fn PersonRow(
    member: Member,
    yours: bool,
    change: impl Fn(MemberChange, Option<Callback<()>>) + Copy + 'static,
) -> impl IntoView {
    let described = member.described_in(i18n::current());
    let user = member.user.clone();
    let role = member.role;
    view! {
        <li class="person-row">
            <span class="row-name">{described}</span>
            {if yours {
                view! { <span class="row-meta">{t_with("people-role-you", &[("role", Arg::from(&role.named()))])}</span> }.into_any()
            } else {
                view! {
                    <select class="person-role" aria-label=t_with("people-role-of", &[("user", Arg::from(&user))])
                        on:change=move |ev| {
                            if let Some(role) = WorkspaceRole::from_code(&event_target_value(&ev)) {
                                change(MemberChange { user: user.clone(), agency: None, role }, None);
                            }
                        }>
                        {options(WorkspaceRole::ALL, WorkspaceRole::code, WorkspaceRole::named, Some(role))}
                    </select>
                }.into_any()
            }}
        </li>
    }
}

/// Adds someone, with their agency and role. Their device then needs an enrolment code, made
/// under "Devices".
#[component]
fn AddPerson(
    change: impl Fn(MemberChange, Option<Callback<()>>) + Copy + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let agency = RwSignal::new(PartnerAgency::ChildrensSocialCare.code().to_owned());
    let role = RwSignal::new(WorkspaceRole::Practitioner.code().to_owned());
    let add = move |_| {
        change(
            MemberChange {
                user: name.get_untracked(),
                agency: PartnerAgency::from_code(&agency.get_untracked()).ok(),
                role: WorkspaceRole::from_code(&role.get_untracked())
                    .unwrap_or(WorkspaceRole::Practitioner),
            },
            Some(Callback::new(move |()| name.set(String::new()))),
        );
    };
    view! {
        <section class="panel">
            <h2>{t("settings-add-someone")}</h2>
            <div class="field">
                <label for="new-person-name">{t("settings-their-user-name")}</label>
                <input id="new-person-name" type="text" autocomplete="off" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="new-person-agency">{t("context-agency")}</label>
                <select id="new-person-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                    {options(PartnerAgency::ALL, PartnerAgency::code, PartnerAgency::named, Some(PartnerAgency::ChildrensSocialCare))}
                </select>
            </div>
            <div class="field">
                <label for="new-person-role">{t("settings-role")}</label>
                <select id="new-person-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {options(WorkspaceRole::ALL, WorkspaceRole::code, WorkspaceRole::named, Some(WorkspaceRole::Practitioner))}
                </select>
            </div>
            <button id="add-person" class="primary" on:click=add>{t("settings-add-to-the-workspace")}</button>
        </section>
    }
}
