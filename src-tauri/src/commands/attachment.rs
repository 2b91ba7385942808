//! Photos and other attachments, which cross the invoke boundary as raw bytes, not JSON.

use tauri::ipc::{Request, Response};
use tauri::State;
use waymark_core::command::{AddPhoto, StoredImage};
use waymark_core::{CommandError, ValidationError};

use super::FilePart;
use crate::state::Shell;

/// A photo arrives as the raw bytes of the request, not as JSON: whole, or in parts that name
/// their upload, the last of which stores it.
#[tauri::command(async)]
pub fn add_photo(shell: State<'_, Shell>, request: Request<'_>) -> Result<String, CommandError> {
    let part = FilePart::of(&request).ok_or(ValidationError::PhotoNotAnImage)?;
    let whole = match part.header(AddPhoto::UPLOAD_HEADER) {
        None => return shell.store.with(|store| store.add_photo(part.bytes)),
        Some(upload) => {
            let last = part.says(AddPhoto::LAST_PART_HEADER);
            shell.photo_parts.add(upload, part.bytes, last)?
        }
    };
    match whole {
        Some(photo) => shell.store.with(|store| store.add_photo(&photo)),
        None => Ok(String::new()),
    }
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
