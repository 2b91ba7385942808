//! The Waymark UI. It shows and edits records through the shell's commands; every rule it shows
//! is enforced again in `waymark-core` by the shell.

mod app;
mod autosave;
mod commands;
mod field;
mod pages;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
