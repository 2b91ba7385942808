//! The Waymark app shell: it opens the device store in the app's data directory and hands the UI
//! a handful of thin commands. Rules live in `waymark-core`, SQL in `waymark-store`.

mod commands;
pub mod location;
mod state;
mod sync;

use std::process::ExitCode;

use std::sync::Arc;

use tauri::Manager;

use crate::location::LocationState;
use crate::state::StoreState;
use crate::sync::SyncState;

/// Builds the app with every command registered, on any runtime (the mock runtime in tests).
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    let builder = tauri::Builder::<R>::new();
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_geolocation::init());
    builder
        .setup(|app| {
            let data_dir = app.path().app_data_dir()?;
            let store = StoreState::open(&data_dir);
            let sync = Arc::new(SyncState::default());
            if let Some(shared) = store.shared() {
                tauri::async_runtime::spawn(sync::run(sync.clone(), shared));
            }
            app.manage(store);
            app.manage(sync);
            app.manage(LocationState(location::provider(app.handle())));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::context::create_context,
            commands::context::update_context,
            commands::context::get_context,
            commands::context::list_contexts,
            commands::record::record_history,
            commands::walkabout::create_walkabout,
            commands::walkabout::get_walkabout,
            commands::walkabout::list_walkabouts,
            commands::walkabout::check_in,
            commands::walkabout::add_observation,
            commands::walkabout::check_out,
            commands::walkabout::update_write_up,
            commands::walkabout::complete_walkabout,
            commands::walkabout::walkabout_route,
            commands::walkabout::record_location,
            commands::attachment::add_photo,
            commands::settings::escalation_card,
            commands::settings::set_escalation_card,
            commands::peer_group::create_peer_assessment,
            commands::peer_group::get_peer_assessment,
            commands::peer_group::list_peer_assessments,
            commands::peer_group::list_level_one_maps,
            commands::peer_group::add_member,
            commands::peer_group::add_tie,
            commands::peer_group::add_place,
            commands::peer_group::update_peer_section,
            commands::school::create_school_assessment,
            commands::school::get_school_assessment,
            commands::school::list_school_assessments,
            commands::school::assign_component,
            commands::school::update_component_summary,
            commands::school::set_site_plan,
            commands::attachment::stored_image,
            commands::school::add_hotspot,
            commands::school::rate_area,
            commands::school::update_recommendations,
            commands::school::complete_school_assessment,
            commands::school::assigned_to,
            commands::settings::practitioner_name,
            commands::settings::set_practitioner_name,
            commands::sync::sync_status,
            commands::sync::enroll_device,
            commands::sync::settle_enrolment,
            commands::sync::sync_now,
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
