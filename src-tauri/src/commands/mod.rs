//! The commands the UI invokes. Each takes its request type from `waymark_core::command`, calls
//! one store or sync function and maps the error: nothing else belongs here. Every one is
//! `#[tauri::command(async)]` or an `async fn`: a plain command runs on the UI's main thread, and
//! a large photo would freeze the screen.

use std::future::Future;

use tauri::State;
use waymark_core::command::Command;
use waymark_core::CommandError;

use crate::state::Shell;

pub mod attachment;
pub mod conference;
pub mod context;
pub mod device;
pub mod export;
pub mod offline_map;
pub mod outcome;
pub mod peer_group;
pub mod plan;
pub mod record;
pub mod referral;
pub mod school;
pub mod settings;
pub mod sync;
pub mod system_review;
pub mod walkabout;

/// Checked when the app compiles: `handler` takes `R` and answers `R::Output`.
pub(crate) const fn answers<R: Command>(
    _handler: fn(State<'static, Shell>, R) -> Result<R::Output, CommandError>,
) {
}

/// Checked when the app compiles: the `async fn` `handler` takes `R` and answers `R::Output`.
pub(crate) const fn answers_later<R: Command, F>(_handler: fn(State<'static, Shell>, R) -> F)
where
    F: Future<Output = Result<R::Output, CommandError>>,
{
}
