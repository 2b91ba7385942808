//! Reading the file a practitioner chose in a file input.

use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement};

/// The file chosen in the input whose `change` event this is.
pub fn chosen_file(ev: &leptos::ev::Event) -> Option<File> {
    ev.target()
        .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// The file's bytes, or `None` if the webview could not read it.
pub async fn bytes(file: File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Bytes `start` to `end` of the file, read without copying them into the app's memory, or
/// `None` if the webview could not read them.
pub async fn part(file: &File, start: f64, end: f64) -> Option<js_sys::Uint8Array> {
    let slice = file.slice_with_f64_and_f64(start, end).ok()?;
    let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer())
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&buffer))
}
