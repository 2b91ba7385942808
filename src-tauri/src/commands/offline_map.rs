//! The map of the area: loaded in Settings from a file, drawn under the sketch map and a
//! context's outline.

use tauri::ipc::{Request, Response};
use tauri::State;
use waymark_core::command::{AddOfflineMapPart, GetOfflineMap, OfflineMapTile, RemoveOfflineMap};
use waymark_core::offline_map::OfflineMap;
use waymark_core::{CommandError, ValidationError};

use super::FilePart;
use crate::state::Shell;

#[tauri::command(async)]
pub fn offline_map(
    shell: State<'_, Shell>,
    _request: GetOfflineMap,
) -> Result<Option<OfflineMap>, CommandError> {
    Ok(shell.offline_map.map())
}

#[tauri::command(async)]
pub fn remove_offline_map(
    shell: State<'_, Shell>,
    _request: RemoveOfflineMap,
) -> Result<(), CommandError> {
    shell.offline_map.remove()
}

/// A part of a map file, as the raw bytes of the request; its upload and place in it are named
/// in headers.
#[tauri::command(async)]
pub fn add_offline_map_part(
    shell: State<'_, Shell>,
    request: Request<'_>,
) -> Result<Option<OfflineMap>, CommandError> {
    let part = FilePart::of(&request).ok_or(ValidationError::MapNotReadable)?;
    shell.offline_map.add_part(
        part.header(AddOfflineMapPart::UPLOAD_HEADER)
            .unwrap_or_default(),
        part.bytes,
        part.says(AddOfflineMapPart::FIRST_PART_HEADER),
        part.says(AddOfflineMapPart::LAST_PART_HEADER),
    )
}

/// One tile's image as raw bytes; empty where the map has none.
#[tauri::command(async)]
pub fn offline_map_tile(
    shell: State<'_, Shell>,
    request: OfflineMapTile,
) -> Result<Response, CommandError> {
    shell.offline_map.tile(request.tile).map(Response::new)
}
