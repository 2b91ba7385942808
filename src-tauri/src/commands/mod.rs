//! The commands the UI invokes. Each takes its request type from `waymark_core::command`, calls
//! one store or sync function and maps the error: nothing else belongs here. Every one is
//! `#[tauri::command(async)]` or an `async fn`: a plain command runs on the UI's main thread, and
//! a large photo would freeze the screen.

use std::future::Future;

use tauri::ipc::{InvokeBody, Request};
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

/// A part of a file the practitioner chose, as it crosses the invoke boundary: the raw bytes of
/// the request, not JSON, and the headers that say which upload it belongs to and where.
pub(crate) struct FilePart<'r> {
    pub bytes: &'r [u8],
    headers: &'r tauri::http::HeaderMap,
}

impl<'r> FilePart<'r> {
    /// The part a request carries, or `None` when its body is not raw bytes.
    pub fn of(request: &'r Request<'_>) -> Option<Self> {
        let InvokeBody::Raw(bytes) = request.body() else {
            return None;
        };
        Some(Self {
            bytes,
            headers: request.headers(),
        })
    }

    /// A header's value, when it is there and is text.
    pub fn header(&self, name: &str) -> Option<&'r str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Whether the header `name` says yes.
    pub fn says(&self, name: &str) -> bool {
        self.header(name) == Some("true")
    }
}

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
