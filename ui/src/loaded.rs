//! Showing a record once it has loaded, and saying why if it could not be.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;
use waymark_core::CommandError;

use crate::i18n::t;

/// Runs `load`, shows "Loading…" meanwhile, then `show` with the record, or the reason it could
/// not be read.
pub fn loaded<T, V>(
    load: impl Future<Output = Result<T, CommandError>> + 'static,
    show: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let result = RwSignal::new(None::<Result<T, CommandError>>);
    spawn_local(async move {
        result.try_set(Some(load.await));
    });
    move || match result.get() {
        None => view! { <p class="muted">{t("loading")}</p> }.into_any(),
        Some(Err(error)) => {
            view! { <p class="panel-error" role="alert">{error.message}</p> }.into_any()
        }
        Some(Ok(record)) => show(record).into_any(),
    }
}
