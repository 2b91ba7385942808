//! Settings › Map of the area: a map file (MBTiles) the council or an OpenStreetMap extract
//! provides, loaded onto the device so that the sketch map and contexts' outlines draw on
//! streets with no signal.

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::offline_map::OfflineMap;

use crate::chosen_file::chosen_file;
use crate::commands;
use crate::field::{field_error, Errors};
use crate::i18n::{t, t_with, Arg};
use crate::map_drawing::LoadedMap;

fn described(map: &OfflineMap) -> String {
    let megabytes = map.bytes.div_ceil(1024 * 1024);
    t_with(
        "offline-map-loaded",
        &[
            ("name", Arg::from(&map.name)),
            ("tiles", Arg::from(map.tiles)),
            ("megabytes", Arg::from(megabytes)),
            ("min", Arg::from(u32::from(map.min_zoom))),
            ("max", Arg::from(u32::from(map.max_zoom))),
        ],
    )
}

#[component]
pub fn OfflineMapSettings() -> impl IntoView {
    let map = LoadedMap::get().unwrap_or_else(|| RwSignal::new(None));
    let errors = Errors::new();
    // The share of the file sent so far, while one is loading.
    let loading = RwSignal::new(None::<f64>);
    let load = move |ev: leptos::ev::Event| {
        let Some(file) = chosen_file(&ev) else {
            return;
        };
        errors.clear_all();
        loading.set(Some(0.0));
        spawn_local(async move {
            let sent = commands::load_offline_map(file, move |share| {
                loading.try_set(Some(share));
            })
            .await;
            loading.try_set(None);
            match sent {
                Ok(Some(loaded)) => {
                    map.try_set(Some(loaded));
                }
                Ok(None) => errors.set("offline_map", &t("offline-map-unread")),
                Err(error) => errors.show(&error, "offline_map"),
            }
        });
    };
    let remove = move |_| {
        errors.clear_all();
        spawn_local(async move {
            match commands::remove_offline_map().await {
                Ok(()) => {
                    map.try_set(None);
                }
                Err(error) => errors.show(&error, "offline_map"),
            }
        });
    };
    view! {
        <h2>{t("offline-map")}</h2>
        <p class="hint">{t("offline-map-hint")}</p>
        <p id="offline-map-status">{move || match map.get() {
            Some(loaded) => described(&loaded),
            None => t("offline-map-none"),
        }}</p>
        <label for="offline-map-file">{t("offline-map-choose")}</label>
        <input id="offline-map-file" type="file" accept=".mbtiles"
            disabled=move || loading.get().is_some() on:change=load/>
        {move || loading.get().map(|share| view! {
            <p class="muted" id="offline-map-progress" role="status">
                {t_with("offline-map-progress", &[("percent", Arg::from((share * 100.0).round() as u32))])}
            </p>
        })}
        {field_error(errors, "offline_map")}
        {move || map.get().is_some().then(|| view! {
            <button id="remove-offline-map" class="secondary" on:click=remove>{t("offline-map-remove")}</button>
        })}
    }
}
