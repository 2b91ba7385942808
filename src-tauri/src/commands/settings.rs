//! The device's settings: the escalation card and the practitioner's name.

use tauri::State;
use waymark_core::{CommandError, EscalationCard};

use crate::state::StoreState;

#[tauri::command(async)]
pub fn escalation_card(store: State<'_, StoreState>) -> Result<EscalationCard, CommandError> {
    store.with(|store| store.escalation_card())
}

#[tauri::command(async)]
pub fn set_escalation_card(
    store: State<'_, StoreState>,
    card: EscalationCard,
) -> Result<EscalationCard, CommandError> {
    store.with(|store| store.set_escalation_card(card))
}

#[tauri::command(async)]
pub fn practitioner_name(store: State<'_, StoreState>) -> Result<String, CommandError> {
    store.with(|store| store.practitioner_name())
}

#[tauri::command(async)]
pub fn set_practitioner_name(
    store: State<'_, StoreState>,
    name: String,
) -> Result<String, CommandError> {
    store.with(|store| store.set_practitioner_name(&name))
}
