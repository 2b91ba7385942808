use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::peer_group::{
    GroupPlace, Member, PeerAssessment, PeerLevel, PeerSection, Tie, TieKind, Visibility,
};
use waymark_core::vocabulary::AgeBand;
use waymark_core::RecordId;

use super::consulted::{LinkedGroups, ProfessionalsConsulted};
use super::peer_map::PeerMap;
use crate::app::{use_route, Route};
use crate::autosave::{AutoSave, SaveStatusBar};
use crate::commands;
use crate::context_choice::{name_in, named_contexts, ContextChoice};
use crate::field::{field_error, options, Errors};
use crate::i18n::{t, t_with, Arg, Named};
use crate::loaded::loaded;
use crate::name_flags::{workspace_first_names, NameFlags};
use crate::pages::conflicts::FieldConflicts;
use crate::pages::erasure::EraseRecord;
use crate::pages::who_can_see::WhoCanSee;
use crate::pages::ReferralStart;

#[component]
pub fn PeerAssessmentPage(id: RecordId) -> impl IntoView {
    let route = use_route();
    view! {
        <section class="page">
            {loaded(commands::get_peer_assessment(id), move |found: PeerAssessment| {
                let back = found.subject.group_context_id.map_or(Route::Home, Route::Context);
                let assessment = RwSignal::new(found);
                view! {
                    <button id="back" class="link" on:click=move |_| route.set(back)>{t("records-back")}</button>
                    <Assessment assessment/>
                }
            })}
        </section>
    }
}

#[component]
fn Assessment(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let (id, level, case_ref, visibility) = assessment.with_untracked(|a| {
        (
            a.id,
            a.subject.level,
            a.subject.subject_case_ref.clone(),
            a.visibility,
        )
    });
    let autosave = AutoSave::new(
        id,
        |(section, _): &(PeerSection, String)| section.code(),
        |id, edit| Box::pin(async move { commands::update_peer_section(id, edit).await.map(drop) }),
    );
    let sections =
        assessment.with_untracked(|a| PeerSection::ALL.map(|s| (s, a.section(s).to_owned())));
    let first_names = workspace_first_names();
    let group_name = RwSignal::new(None::<String>);
    if let Some(group) = assessment.with_untracked(|a| a.subject.group_context_id) {
        spawn_local(async move {
            if let Ok(context) = commands::get_context(group).await {
                group_name.try_set(Some(context.name));
            }
        });
    }
    let errors = Errors::new();
    let complete = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match commands::complete_peer_assessment(id).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "sections"),
            }
        });
    };
    view! {
        <SaveStatusBar status=autosave.status/>
        <header>
            <p class="eyebrow">{match level { PeerLevel::One => t("peer-level-one-map"), PeerLevel::Two => t("peer-level-two-assessment") }}</p>
            <h1>{move || match &case_ref {
                Some(case_ref) => t_with("peer-case", &[("case", Arg::from(case_ref))]),
                None => group_name.get().unwrap_or_else(|| t("peer-group")),
            }}</h1>
            {(visibility == Visibility::CaseTeamOnly).then(|| view! {
                <p class="badge-line" id="visibility">{t("peer-case-team-only-never")}</p>
            })}
            {move || assessment.with(|a| a.completed).then(|| view! { <p class="done" id="peer-completed">{t("school-completed-editing-is-still")}</p> })}
        </header>
        <FieldConflicts id changed=Signal::derive(move || assessment.with(|a| a.updated_at.to_string()))/>
        <PeerMap assessment/>
        <OnTheMap assessment/>
        <AddMember assessment/>
        <AddTie assessment/>
        <Places assessment/>
        {(level == PeerLevel::Two).then(|| view! {
            <LinkedGroups assessment/>
            <ProfessionalsConsulted assessment/>
        })}
        <section>
            <h2>{t("peer-in-their-words-and")}</h2>
            <p class="hint">{t("walkabout-describe-behaviour-and-places-2")}</p>
            {sections.into_iter().map(|(section, text)| {
                let field_id = format!("section-{}", section.code());
                let typed = RwSignal::new(text.clone());
                view! {
                    <div class="field">
                        <label for=field_id.clone()>{t(section.message_id(level))}</label>
                        <textarea id=field_id rows="3" prop:value=text
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                typed.set(value.clone());
                                autosave.save((section, value));
                            }></textarea>
                        <NameFlags text=typed first_names field=section.code()/>
                        {field_error(autosave.errors, section.code())}
                    </div>
                }
            }).collect_view()}
        </section>
        {field_error(errors, "sections")}
        {field_error(errors, "text")}
        <button id="complete-peer" class="primary" on:click=complete>{t("school-complete-the-assessment")}</button>
        <WhoCanSee id/>
        <EraseRecord id/>
    }
}

/// Who is on the map and how they are tied, each with a way to take it off: a mistaken entry
/// should not stay on a young person's map. The history keeps what was removed.
#[component]
fn OnTheMap(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let act = move |removal: RemoveFromMap| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            let done = match removal {
                RemoveFromMap::Member(member) => commands::remove_member(id, member).await,
                RemoveFromMap::Tie(tie) => commands::remove_tie(id, tie).await,
            };
            match done {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "members"),
            }
        });
    };
    view! {
        <section class="panel" id="on-the-map">
            <h2>{t("peer-on-the-map")}</h2>
            {move || assessment.with(|a| {
                let label = |member: RecordId| {
                    a.members.iter().find(|(m, _)| *m == member).map_or(String::new(), |(_, m)| m.label.clone())
                };
                view! {
                    <ul class="plain-list" id="member-list">
                        {a.members.iter().map(|(member, m)| {
                            let member = *member;
                            view! {
                                <li class="member">{format!("{} · {}", m.label, m.age_band.named())}
                                    <button class="link remove-member" on:click=move |_| act(RemoveFromMap::Member(member))>{t("peer-take-off-the-map")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <ul class="plain-list" id="tie-list">
                        {a.ties.iter().map(|(tie, between)| {
                            let tie = *tie;
                            view! {
                                <li class="tie">{format!("{} – {}: {}", label(between.from), label(between.to), between.kind.named())}
                                    <button class="link remove-tie" on:click=move |_| act(RemoveFromMap::Tie(tie))>{t("peer-remove-the-tie")}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            })}
            {field_error(errors, "members")}
        </section>
    }
}

#[derive(Debug, Clone, Copy)]
enum RemoveFromMap {
    Member(RecordId),
    Tie(RecordId),
}

#[component]
fn AddMember(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let label = RwSignal::new(String::new());
    let age_band = RwSignal::new(AgeBand::From14To15.code().to_owned());
    let add = move |_| {
        errors.clear_all();
        let member = Member {
            label: label.get_untracked(),
            age_band: AgeBand::from_code(&age_band.get_untracked()).unwrap_or(AgeBand::Unknown),
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::add_member(id, &member).await {
                Ok(updated) => {
                    assessment.set(updated);
                    label.set(String::new());
                }
                Err(error) => errors.show(&error, "label"),
            }
        });
    };
    view! {
        <section class="panel">
            <h2>{t("settings-add-someone")}</h2>
            <label for="member-label">{t("peer-initials-or-case-reference")}</label>
            <p class="hint">{t("peer-initials-such-as-a")}</p>
            <div class="pair">
                <input id="member-label" type="text" autocomplete="off" prop:value=label
                    on:input=move |ev| label.set(event_target_value(&ev))/>
                <select id="member-age" aria-label=t("walkabout-age-band") on:change=move |ev| age_band.set(event_target_value(&ev))>
                    {options(AgeBand::ALL, AgeBand::code, AgeBand::named, Some(AgeBand::From14To15))}
                </select>
            </div>
            {field_error(errors, "label")}
            <button id="add-member" class="primary" on:click=add>{t("peer-add-to-the-map")}</button>
        </section>
    }
}

const TIE_KINDS: [TieKind; 4] = [
    TieKind::Close,
    TieKind::Protective,
    TieKind::WorriedAbout,
    TieKind::Unknown,
];

#[component]
fn AddTie(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let kind = RwSignal::new(0_usize);
    let people = move || {
        assessment.with(|a| {
            a.members
                .iter()
                .map(|(id, m)| (id.to_string(), m.label.clone()))
                .collect::<Vec<_>>()
        })
    };
    let add = move |_| {
        errors.clear_all();
        let (Ok(from), Ok(to)) = (from.get_untracked().parse(), to.get_untracked().parse()) else {
            return errors.show(&waymark_core::ValidationError::UnknownMember.into(), "ties");
        };
        let tie = Tie {
            from,
            to,
            kind: TIE_KINDS[kind.get_untracked()],
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::add_tie(id, &tie).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "ties"),
            }
        });
    };
    let choices = move |chosen: RwSignal<String>| {
        view! {
            <option value="" selected=true disabled=true>{t("peer-choose")}</option>
            {people().into_iter().map(|(value, label)| {
                let selected = chosen.get_untracked() == value;
                view! { <option value=value selected=selected>{label}</option> }
            }).collect_view()}
        }
    };
    view! {
        <section class="panel">
            <h2>{t("peer-add-a-tie")}</h2>
            <div class="pair">
                <label>{t("peer-from")} <select id="tie-from" on:change=move |ev| from.set(event_target_value(&ev))>{move || choices(from)}</select></label>
                <label>{t("peer-to")} <select id="tie-to" on:change=move |ev| to.set(event_target_value(&ev))>{move || choices(to)}</select></label>
            </div>
            <label for="tie-kind">{t("peer-how-they-are-tied")}</label>
            <select id="tie-kind" on:change=move |ev| kind.set(event_target_value(&ev).parse().unwrap_or(0))>
                {TIE_KINDS.iter().enumerate().map(|(index, k)| view! { <option value=index.to_string()>{k.named()}</option> }).collect_view()}
            </select>
            {field_error(errors, "ties")}
            <button id="add-tie" class="primary" on:click=add>{t("peer-add-the-tie")}</button>
        </section>
    }
}

#[component]
fn Places(assessment: RwSignal<PeerAssessment>) -> impl IntoView {
    let route = use_route();
    let errors = Errors::new();
    let place_note = RwSignal::new(String::new());
    let when = RwSignal::new(String::new());
    let context = RwSignal::new(String::new());
    let choice = ContextChoice::new();
    let places = move || {
        choice.found.with(|found| {
            found
                .iter()
                .filter(|c| c.context_type.is_a_place())
                .map(|c| (c.id.to_string(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let linked = named_contexts(move || {
        assessment.with(|a| a.places.iter().filter_map(|(_, p)| p.context_id).collect())
    });
    let context_name = move |id: RecordId| name_in(linked, id);
    let link = move |place: RecordId, chosen: String| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        let context = chosen.parse().ok();
        spawn_local(async move {
            match commands::link_place_to_context(id, place, context).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "places"),
            }
        });
    };
    let remove = move |place: RecordId| {
        errors.clear_all();
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::remove_place(id, place).await {
                Ok(updated) => assessment.set(updated),
                Err(error) => errors.show(&error, "places"),
            }
        });
    };
    let add = move |_| {
        errors.clear_all();
        let place = GroupPlace {
            context_id: context.get_untracked().parse().ok(),
            place_note: place_note.get_untracked(),
            when: when.get_untracked(),
        };
        let id = assessment.with_untracked(|a| a.id);
        spawn_local(async move {
            match commands::add_place(id, &place).await {
                Ok(updated) => {
                    assessment.set(updated);
                    place_note.set(String::new());
                    when.set(String::new());
                    context.set(String::new());
                }
                Err(error) => errors.show(&error, "places"),
            }
        });
    };
    view! {
        <section class="panel">
            <h2>{t("peer-where-they-spend-time")}</h2>
            <ul id="places">
                {move || assessment.with(|a| a.places.iter().map(|(place, p)| {
                    // A place that is not a context yet may be referred as one, in one step: the
                    // form starts from the place's words, never from the map or its reference.
                    let start = ReferralStart::LevelOneMapPlace { assessment: a.id, place: *place };
                    let place = *place;
                    let linked = p.context_id;
                    view! {
                        <li class="group-place">
                            {p.place_note.clone()} {(!p.when.is_empty()).then(|| format!(" · {}", p.when))}
                            {linked.map(|context| view! {
                                <span class="linked-context">" · is "
                                    <button class="link" on:click=move |_| route.set(Route::Context(context))>
                                        {move || context_name(context).unwrap_or_else(|| "a context".to_owned())}
                                    </button>
                                </span>
                            })}
                            {linked.is_none().then(|| view! {
                                <select class="link-place" aria-label=t("peer-the-context-this-place")
                                    on:change=move |ev| link(place, event_target_value(&ev))>
                                    <option value="" selected=true disabled=true>{t("peer-link-to-a-context")}</option>
                                    {places().into_iter().map(|(value, name)| view! { <option value=value>{name}</option> }).collect_view()}
                                </select>
                                <button class="secondary refer-place" on:click=move |_| route.set(Route::NewReferral(Some(start)))>
                                    {t("walkabout-refer-this-place-as")}
                                </button>
                            })}
                            <button class="link remove-place" on:click=move |_| remove(place)>{t("common-remove")}</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
            <div class="pair">
                <input id="place-note" type="text" placeholder=t("walkabout-where") aria-label=t("walkabout-where") prop:value=place_note
                    on:input=move |ev| place_note.set(event_target_value(&ev))/>
                <input id="place-when" type="text" placeholder=t("school-when") aria-label=t("school-when") prop:value=when
                    on:input=move |ev| when.set(event_target_value(&ev))/>
            </div>
            {choice.search_box("place-context-search", t("walkabout-find-other-place"))}
            <select id="place-context" aria-label=t("peer-the-context-it-is")
                on:change=move |ev| context.set(event_target_value(&ev))>
                <option value="" selected=move || context.with(String::is_empty)>{t("peer-not-a-context-yet")}</option>
                {move || places().into_iter().map(|(value, name)| view! { <option value=value>{name}</option> }).collect_view()}
            </select>
            {field_error(errors, "places")}
            <button id="add-place" class="secondary" on:click=add>{t("peer-add-the-place")}</button>
        </section>
    }
}
