//! The commands the UI invokes. Each parses its arguments, calls one store function and maps the
//! error: nothing else belongs here. Every one is `#[tauri::command(async)]` or an `async fn`: a
//! plain command runs on the UI's main thread, and a large photo would freeze the screen.

pub mod attachment;
pub mod context;
pub mod peer_group;
pub mod record;
pub mod school;
pub mod settings;
pub mod sync;
pub mod walkabout;
