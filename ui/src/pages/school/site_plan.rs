//! The site plan with its hotspots. A tap places a hotspot where it lands, as a fraction of the
//! image's size, so it stays on the same spot on any screen.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use waymark_core::school::{Hotspot, HotspotSource, SchoolAssessment};
use waymark_core::vocabulary::{ObservationCategory, SchoolSlot};
use web_sys::MouseEvent;

use crate::field::{field_error, options, Errors};
use crate::i18n::{t, Named};
use crate::{chosen_file, commands};

#[component]
pub fn SitePlan(assessment: RwSignal<SchoolAssessment>) -> impl IntoView {
    let errors = Errors::new();
    let image_url = RwSignal::new(None::<String>);
    let category = RwSignal::new(ObservationCategory::HiddenSpots.code().to_owned());
    let slot = RwSignal::new(SchoolSlot::Lunch.code().to_owned());
    let note = RwSignal::new(String::new());
    let source = RwSignal::new(HotspotSource::Students.code().to_owned());
    let id = assessment.with_untracked(|a| a.id);

    let show = move |hash: String| {
        spawn_local(async move {
            // The plan was stored as the JPEG or PNG it arrived as; browsers sniff either.
            if let Ok(url) = commands::stored_image_url(&hash, "image/*").await {
                image_url.try_set(Some(url));
            }
        });
    };
    if let Some(hash) = assessment.with_untracked(|a| a.site_plan.clone()) {
        show(hash);
    }

    let load_plan = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file::chosen_file(&ev) else {
            return;
        };
        errors.clear_all();
        spawn_local(async move {
            let Some(bytes) = chosen_file::bytes(file).await else {
                return errors.show(
                    &waymark_core::ValidationError::PhotoNotAnImage.into(),
                    "site_plan",
                );
            };
            match commands::set_site_plan(id, &bytes).await {
                Ok(updated) => {
                    if let Some(hash) = updated.site_plan.clone() {
                        show(hash);
                    }
                    assessment.set(updated);
                }
                Err(error) => errors.show(&error, "site_plan"),
            }
        });
    };

    let place = move |ev: MouseEvent| {
        let Some(target) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = target.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        let hotspot = Hotspot {
            x: (f64::from(ev.client_x()) - rect.left()) / rect.width(),
            y: (f64::from(ev.client_y()) - rect.top()) / rect.height(),
            category: ObservationCategory::from_code(&category.get_untracked())
                .unwrap_or(ObservationCategory::HiddenSpots),
            time_slot: SchoolSlot::from_code(&slot.get_untracked()).unwrap_or(SchoolSlot::Lunch),
            source: HotspotSource::from_code(&source.get_untracked())
                .unwrap_or(HotspotSource::Students),
            note: note.get_untracked(),
        };
        errors.clear_all();
        spawn_local(async move {
            match commands::add_hotspot(id, &hotspot).await {
                Ok(updated) => {
                    assessment.set(updated);
                    note.set(String::new());
                }
                Err(error) => errors.show(&error, "hotspots"),
            }
        });
    };

    view! {
        <section class="panel">
            <h2>{t("school-site-plan-and-hotspots")}</h2>
            <label for="site-plan">{t("school-site-plan-image")}</label>
            <p class="hint">{t("school-a-jpeg-or-png")}</p>
            <input id="site-plan" type="file" accept="image/jpeg,image/png" on:change=load_plan/>
            {field_error(errors, "site_plan")}
            {field_error(errors, "photos")}
            <div class="field">
                <p class="label">{t("school-next-hotspot")}</p>
                <select id="hotspot-category" aria-label=t("school-what") on:change=move |ev| category.set(event_target_value(&ev))>
                    {options(ObservationCategory::ALL, ObservationCategory::code, ObservationCategory::named, Some(ObservationCategory::HiddenSpots))}
                </select>
                <select id="hotspot-slot" aria-label=t("school-when") on:change=move |ev| slot.set(event_target_value(&ev))>
                    {options(SchoolSlot::ALL, SchoolSlot::code, SchoolSlot::named, Some(SchoolSlot::Lunch))}
                </select>
                <select id="hotspot-source" aria-label=t("school-who-says-so") on:change=move |ev| source.set(event_target_value(&ev))>
                    {options(HotspotSource::ALL, HotspotSource::code, HotspotSource::named, Some(HotspotSource::Students))}
                </select>
                <input id="hotspot-note" type="text" placeholder=t("school-note-e-g-students") aria-label=t("walkabout-note")
                    prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/>
                <p class="hint">{t("school-then-tap-the-plan")}</p>
            </div>
            {move || image_url.get().map(|url| view! {
                <div class="site-plan" id="site-plan-view">
                    <img src=url alt=t("field-site-plan") on:click=place/>
                    {move || assessment.with(|a| a.hotspots.iter().map(|(_, h)| {
                        // Positions go through the style object: CSP refuses style attributes.
                        view! {
                            <span class="hotspot-marker" title=h.note.clone()
                                style:left=format!("{:.2}%", h.x * 100.0)
                                style:top=format!("{:.2}%", h.y * 100.0)></span>
                        }
                    }).collect_view())}
                </div>
            })}
            {field_error(errors, "hotspots")}
            <ol class="hotspot-list" id="hotspots">
                {move || assessment.with(|a| a.hotspots.iter().map(|(hotspot_id, h)| {
                    let hotspot_id = *hotspot_id;
                    let remove = move |_| {
                        errors.clear_all();
                        spawn_local(async move {
                            match commands::remove_hotspot(id, hotspot_id).await {
                                Ok(updated) => assessment.set(updated),
                                Err(error) => errors.show(&error, "hotspots"),
                            }
                        });
                    };
                    view! {
                        <li class="hotspot">
                            {h.category.named()} " · " {h.time_slot.named()} " · " {h.source.named()}
                            {(!h.note.is_empty()).then(|| format!(" · {}", h.note))}
                            <button class="secondary remove-hotspot" on:click=remove>{t("common-remove")}</button>
                        </li>
                    }
                }).collect_view())}
            </ol>
        </section>
    }
}
