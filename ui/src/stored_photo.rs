//! A photo kept on this device, shown by its SHA-256; or, if sync has not brought it yet, a line
//! that says so.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::commands;
use crate::i18n::t;

#[component]
pub fn StoredPhoto(sha256: String) -> impl IntoView {
    let url = RwSignal::new(None::<Result<String, ()>>);
    spawn_local(async move {
        let found = commands::stored_image_url(&sha256, "image/*").await;
        url.try_set(Some(found.map_err(drop)));
    });
    move || match url.get() {
        None => None,
        Some(Ok(url)) => Some(
            view! { <img class="stored-photo" src=url alt=t("walkabout-photo-of-the-place")/> }
                .into_any(),
        ),
        Some(Err(())) => Some(
            view! {
                <p class="muted photo-missing">{t("field-photo-not-on-this")}</p>
            }
            .into_any(),
        ),
    }
}
