//! The Waymark UI. It shows and edits records through the shell's commands; every rule it shows
//! is enforced again in `waymark-core` by the shell.

mod app;
mod autosave;
mod chosen_file;
mod clock;
mod commands;
mod field;
mod loaded;
mod lock;
mod name_flags;
mod overdue_banner;
mod pages;
mod stored_photo;
mod sync_bar;

fn main() {
    // A panic in the UI is reported in the webview's console instead of vanishing silently.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
