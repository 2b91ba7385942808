//! The Waymark app shell: it opens the device store in the app's data directory and hands the UI
//! a handful of thin commands. Rules live in `waymark-core`, SQL in `waymark-store`.

mod commands;
mod state;

use std::process::ExitCode;

use tauri::Manager;

use crate::state::StoreState;

/// Builds the app with every command registered, on any runtime (the mock runtime in tests).
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            app.manage(StoreState::open(&data_dir));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::create_context,
            commands::update_context,
            commands::get_context,
            commands::list_contexts,
        ])
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match builder::<tauri::Wry>().run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "Waymark could not start");
            ExitCode::FAILURE
        }
    }
}
