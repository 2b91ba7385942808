//! Photos and other attachments, which cross the invoke boundary as raw bytes, not JSON.

use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;
use waymark_core::command::StoredImage;
use waymark_core::{CommandError, ValidationError};

use crate::state::Shell;

/// A photo arrives as the raw bytes of the request, not as JSON.
#[tauri::command(async)]
pub fn add_photo(shell: State<'_, Shell>, request: Request<'_>) -> Result<String, CommandError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ValidationError::PhotoNotAnImage.into());
    };
    shell.store.with(|store| store.add_photo(bytes))
}

/// A stored image (a site plan or a photo), as raw bytes.
#[tauri::command(async)]
pub fn stored_image(
    shell: State<'_, Shell>,
    request: StoredImage,
) -> Result<Response, CommandError> {
    shell
        .store
        .with(|store| store.photo(&request.sha256))
        .map(|photo| Response::new(photo.bytes))
}
