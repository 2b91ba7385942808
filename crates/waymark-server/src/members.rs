//! A manager looks after their workspace's people from the app (privacy rule P6): adds someone,
//! or changes someone's role. The rules are here, above storage, so every backend keeps them.

use waymark_core::access::{MemberChange, WorkspaceRole};
use waymark_core::UnixMillis;

use crate::admin::checked_name;
use crate::storage::{Device, Storage};
use crate::ServerError;

/// Applies `change` to the home workspace of `by`'s device. Only a manager of it may, and not to
/// their own role (a workspace must not lose its manager by a slip of the thumb). Someone new
/// is recorded with the agency given; someone the server knows keeps the agency an
/// administrator recorded, since they may belong to other workspaces too. A role that no longer
/// works on the team's records withdraws them from that person's devices.
pub fn change_member(
    storage: &dyn Storage,
    by: &Device,
    change: &MemberChange,
    now: UnixMillis,
) -> Result<(), ServerError> {
    let workspace = storage.device_workspace_name(by.id)?;
    let members = storage.list_members()?;
    let role_here = |user: &str| {
        members
            .iter()
            .find(|member| member.workspace == workspace && member.user == user)
            .map(|member| member.role)
    };
    if role_here(&by.user) != Some(WorkspaceRole::Manager) {
        return Err(ServerError::NotAManager {
            user: by.user.clone(),
            workspace,
        });
    }
    let user = checked_name(&change.user)?;
    if user == by.user {
        return Err(ServerError::OwnRole);
    }
    if role_here(user).is_some() {
        return storage.set_role(user, &workspace, change.role, now);
    }
    let known = members.iter().any(|member| member.user == user);
    storage.add_user(
        user,
        &workspace,
        if known { None } else { change.agency },
        Some(change.role),
        now,
    )
}
