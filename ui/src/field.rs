//! The context form's fields, shared by the create form and the detail page, and the messages
//! shown beside them.

use std::collections::BTreeMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use waymark_core::{CommandError, ContextEdit, ContextType, GeoPoint, ValidationError};
use web_sys::{FocusEvent, Node};

use crate::i18n::{t, Named};
use crate::name_flags::{workspace_first_names, NameFlags};

/// The messages currently shown, keyed by the field they sit beside.
#[derive(Debug, Clone, Copy)]
pub struct Errors(RwSignal<BTreeMap<String, String>>);

impl Errors {
    pub fn new() -> Self {
        Self(RwSignal::new(BTreeMap::new()))
    }

    /// Shows `error` beside the field it names, or beside `fallback` if it names none.
    pub fn show(self, error: &CommandError, fallback: &str) {
        let slot = slot_for(error.field.as_deref().unwrap_or(fallback));
        self.0.update(|errors| {
            errors.insert(slot.to_owned(), error.message.clone());
        });
    }

    /// Shows a message of the page's own beside `slot`: a typed value that cannot be sent.
    pub fn set(self, slot: &str, message: &str) {
        self.0.update(|errors| {
            errors.insert(slot_for(slot).to_owned(), message.to_owned());
        });
    }

    pub fn clear(self, field: &str) {
        let slot = slot_for(field);
        if self.0.with_untracked(|errors| errors.contains_key(slot)) {
            self.0.update(|errors| {
                errors.remove(slot);
            });
        }
    }

    pub fn clear_all(self) {
        if !self.is_empty() {
            self.0.update(BTreeMap::clear);
        }
    }

    pub fn is_empty(self) -> bool {
        self.0.with_untracked(BTreeMap::is_empty)
    }

    fn get(self, slot: &str) -> Option<String> {
        self.0.with(|errors| errors.get(slot).cloned())
    }
}

/// Latitude and longitude are typed side by side, so their messages share one place.
fn slot_for(field: &str) -> &str {
    match field {
        "latitude" | "longitude" => "location",
        other => other,
    }
}

/// The message beside a field, shown while there is one.
pub fn field_error(errors: Errors, slot: &'static str) -> impl IntoView {
    move || {
        errors.get(slot).map(|message| {
            view! { <p class="field-error" id=format!("{slot}-error") role="alert">{message}</p> }
        })
    }
}

/// `<option>`s for a vocabulary, or the part of it that applies, with `selected` chosen.
pub fn options<T: Copy + PartialEq + 'static>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> String,
    selected: Option<T>,
) -> impl IntoView {
    all.iter()
        .map(|&value| view! { <option value=code(value) selected=selected == Some(value)>{label(value)}</option> })
        .collect_view()
}

/// The values the fields start with.
#[derive(Debug, Clone, Default)]
pub struct InitialValues {
    pub name: String,
    pub context_type: Option<ContextType>,
    pub description: String,
}

/// The two coordinate boxes, as typed. The page owns them so it can read them at any moment.
#[derive(Debug, Clone, Copy)]
pub struct LocationInput {
    lat: RwSignal<String>,
    lon: RwSignal<String>,
}

impl LocationInput {
    pub fn new(initial: Option<GeoPoint>) -> Self {
        let (lat, lon) = initial.map_or_else(Default::default, |point| {
            (point.lat.to_string(), point.lon.to_string())
        });
        Self {
            lat: RwSignal::new(lat),
            lon: RwSignal::new(lon),
        }
    }

    pub fn parse(self) -> Result<Option<GeoPoint>, ValidationError> {
        GeoPoint::parse(&self.lat.get_untracked(), &self.lon.get_untracked())
    }

    fn is_empty(self) -> bool {
        self.lat.with(|lat| lat.trim().is_empty()) && self.lon.with(|lon| lon.trim().is_empty())
    }
}

/// True when focus is moving to something outside the element the event was heard on.
fn focus_leaves(ev: &FocusEvent) -> bool {
    let within = ev.current_target().and_then(|t| t.dyn_into::<Node>().ok());
    let next = ev.related_target().and_then(|t| t.dyn_into::<Node>().ok());
    match (within, next) {
        (Some(within), Some(next)) => !within.contains(Some(&next)),
        _ => true,
    }
}

/// The fields of a context. Each change is reported as a [`ContextEdit`] the moment it is made;
/// the location once focus leaves the pair of boxes, so that typing the latitude does not
/// flash "enter both" before the longitude has been typed.
#[component]
pub fn ContextFields(
    initial: InitialValues,
    location: LocationInput,
    errors: Errors,
    on_edit: Callback<ContextEdit>,
) -> impl IntoView {
    let LocationInput { lat, lon } = location;
    let description = RwSignal::new(initial.description.clone());
    let first_names = workspace_first_names();
    let location_done = move |ev: FocusEvent| {
        if focus_leaves(&ev) {
            match location.parse() {
                Ok(point) => on_edit.run(ContextEdit::Location(point)),
                Err(error) => errors.show(&error.into(), "location"),
            }
        }
    };

    view! {
        <div class="field">
            <label for="name">{t("walkabout-name")}</label>
            <p class="hint" id="name-hint">{t("field-the-place-name-or")}</p>
            <input id="name" type="text" autocomplete="off" aria-describedby="name-hint"
                prop:value=initial.name
                on:input=move |ev| on_edit.run(ContextEdit::Name(event_target_value(&ev)))/>
            {field_error(errors, "name")}
        </div>
        <div class="field">
            <label for="context-type">{t("journey-type-of-context")}</label>
            <select id="context-type"
                on:change=move |ev| on_edit.run(ContextEdit::ContextType(event_target_value(&ev)))>
                <option value="" disabled=true selected=initial.context_type.is_none()>{t("field-choose-a-type")}</option>
                {options(ContextType::ALL, ContextType::code, ContextType::named, initial.context_type)}
            </select>
            {field_error(errors, "context_type")}
        </div>
        <div class="field">
            <label for="description">{t("field-description")}</label>
            // Privacy rule P4: a standing hint on every free-text field.
            <p class="hint" id="description-hint">{t("walkabout-describe-behaviour-and-places-2")}</p>
            <textarea id="description" rows="5" aria-describedby="description-hint"
                prop:value=initial.description.clone()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    description.set(text.clone());
                    on_edit.run(ContextEdit::Description(text));
                }>
            </textarea>
            // Privacy rule P3: a first name written as a name is flagged as it is typed.
            <NameFlags text=description first_names field="description"/>
            {field_error(errors, "description")}
        </div>
        <fieldset class="field" on:focusout=location_done>
            <legend>{t("field-location")}</legend>
            <p class="hint no-fix" class:hidden=move || !location.is_empty()>
                {t("field-no-location-fix-on")}
            </p>
            <div class="pair">
                <label>{t("walkabout-latitude")}
                    <input id="latitude" type="text" inputmode="decimal" autocomplete="off"
                        prop:value=move || lat.get()
                        on:input=move |ev| lat.set(event_target_value(&ev))/>
                </label>
                <label>{t("walkabout-longitude")}
                    <input id="longitude" type="text" inputmode="decimal" autocomplete="off"
                        prop:value=move || lon.get()
                        on:input=move |ev| lon.set(event_target_value(&ev))/>
                </label>
            </div>
            {field_error(errors, "location")}
        </fieldset>
    }
}

/// A set of tags the practitioner toggles.
pub fn chips<T: Copy + Ord + Send + Sync + 'static>(
    id: &'static str,
    all: &'static [T],
    label: fn(T) -> String,
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
