//! System notifications: the overdue alarm reaches a practitioner whose phone is in a pocket or
//! whose desktop shows another window. Kept behind a small type so that commands take only the
//! shell's state, whatever runtime the app is built on.

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

type Show = dyn Fn(&str, &str) -> Result<(), String> + Send + Sync;

/// Shows a system notification with a title and a sentence.
pub struct Notifier(Box<Show>);

impl Notifier {
    pub fn new<R: Runtime>(app: &AppHandle<R>) -> Self {
        let app = app.clone();
        Self(Box::new(move |title, body| {
            app.notification()
                .builder()
                .title(title)
                .body(body)
                .show()
                .map_err(|error| error.to_string())
        }))
    }

    /// Whether the system showed it: a desktop without a notification service cannot, and the
    /// banner and the sound then stand alone.
    pub fn show(&self, title: &str, body: &str) -> bool {
        match (self.0)(title, body) {
            Ok(()) => {
                tracing::info!("the overdue alarm was raised as a system notification");
                true
            }
            Err(error) => {
                tracing::warn!(%error, "the overdue alarm could not be raised as a system notification");
                false
            }
        }
    }
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Notifier")
    }
}
