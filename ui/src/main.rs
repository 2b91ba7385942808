//! The Waymark UI. It shows and edits records through the shell's commands; every rule it shows
//! is enforced again in `waymark-core` by the shell.

mod app;
mod autosave;
mod chosen_file;
mod clock;
mod commands;
mod context_choice;
mod drafts;
mod field;
mod i18n;
mod loaded;
mod lock;
mod map_drawing;
mod name_flags;
mod on_demand;
mod overdue_banner;
mod pages;
mod stored_photo;
mod sync_bar;
mod unsent;

fn main() {
    // A panic in the UI is reported in the webview's console instead of vanishing silently.
    console_error_panic_hook::set_once();
    // The language is settled before anything is drawn, so no word is drawn twice. Leptos's own
    // executor starts with the app, so this first task runs on wasm-bindgen's.
    wasm_bindgen_futures::spawn_local(async {
        let choice = commands::language().await.unwrap_or_default();
        i18n::settle(&choice);
        leptos::mount::mount_to_body(app::App);
    });
}
