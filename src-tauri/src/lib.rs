//! The Waymark app shell: it opens the device store in the app's data directory once the
//! practitioner's passcode unlocks it, and hands the UI a handful of thin commands. Rules live in `waymark-core`, SQL in `waymark-store`.

mod commands;
mod language;
// Public for its integration test (`tests/gpx_replay.rs`); the library is never a unit test.
pub mod location;
mod notification;
mod offline_map;
mod photo_parts;
mod state;
mod sync;

use std::process::ExitCode;

use std::sync::Arc;

use tauri::Manager;

use crate::location::{LocationReader, LocationState};
use crate::notification::Notifier;
use crate::state::{Shell, StoreState};
use crate::sync::SyncState;

/// Registers every command of `waymark_core::for_each_command!`, and checks at compile time that
/// each JSON handler takes its command's request and answers its output.
macro_rules! register_commands {
    (
        json { $($group:ident :: $name:ident ($request:ident) -> $output:ty;)* }
        json_async { $($async_group:ident :: $async_name:ident ($async_request:ident) -> $async_output:ty;)* }
        raw { $($raw_group:ident :: $raw_name:ident ($raw_request:ident);)* }
    ) => {{
        $(const _: () = commands::answers::<waymark_core::command::$request>(
            commands::$group::$name,
        );)*
        $(const _: () = commands::answers_later::<waymark_core::command::$async_request, _>(
            commands::$async_group::$async_name,
        );)*
        tauri::generate_handler![
            $(commands::$group::$name,)*
            $(commands::$async_group::$async_name,)*
            $(commands::$raw_group::$raw_name,)*
        ]
    }};
}

/// Builds the app with every command registered, on any runtime (the mock runtime in tests).
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    let builder = tauri::Builder::<R>::new().plugin(tauri_plugin_notification::init());
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_geolocation::init());
    builder
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            // Closed until the passcode is set or typed: `commands::device` opens it and starts
            // the sync loop beside it.
            let store = Arc::new(StoreState::open(&data_dir));
            let sync = Arc::new(SyncState::default());
            let exports_dir = app
                .path()
                .download_dir()
                .ok()
                .filter(|dir| dir.is_dir())
                .unwrap_or_else(|| data_dir.join("exports"));
            app.manage(Shell {
                store,
                sync,
                location: LocationState(LocationReader::new(location::provider(app.handle()))),
                notifier: Notifier::new(app.handle()),
                exports_dir,
                photo_parts: photo_parts::PhotoParts::default(),
                language: language::LanguageSetting::new(&data_dir),
                offline_map: offline_map::OfflineMapSlot::new(&data_dir),
            });
            Ok(())
        })
        .invoke_handler(waymark_core::for_each_command!(register_commands))
}

/// The log goes to standard output, or to the file `WAYMARK_LOG_FILE` names: a support person's
/// copy, and what the tests search for anything typed into a record. `RUST_LOG` chooses how much,
/// as a level and per-module levels (`info`, `waymark_store=debug,warn`); unset or unreadable, it
/// is `info` with only Automerge's warnings ([`waymark_sync::DEFAULT_LOG_LEVELS`]). Targets
/// rather than an `EnvFilter`: the app needs no span-field filters, and the regular-expression
/// engine an `EnvFilter` brings is a quarter of a megabyte of the binary.
fn init_log() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::fmt::writer::BoxMakeWriter;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;

    let levels = std::env::var("RUST_LOG")
        .ok()
        .and_then(|levels| levels.parse::<Targets>().ok())
        .or_else(|| waymark_sync::DEFAULT_LOG_LEVELS.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(LevelFilter::INFO));
    let file = std::env::var_os("WAYMARK_LOG_FILE").and_then(|path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .ok()
    });
    let output = match file {
        Some(file) => tracing_subscriber::fmt::layer()
            .with_ansi(false)
            .with_writer(BoxMakeWriter::new(std::sync::Mutex::new(file))),
        None => tracing_subscriber::fmt::layer().with_writer(BoxMakeWriter::new(std::io::stdout)),
    };
    tracing_subscriber::registry()
        .with(output)
        .with(levels)
        .init();
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() -> ExitCode {
    init_log();
    match builder::<tauri::Wry>().run(tauri::generate_context!()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "Waymark could not start");
            ExitCode::FAILURE
        }
    }
}
