//! A manager looks after their workspace's people from the app (privacy rule P6): adds someone,
//! changes someone's role, gives a new device its enrolment code, and cuts off (or, for a lost
//! phone, erases) a device. The rules are here, above storage, so every backend keeps them.

use uuid::Uuid;
use waymark_core::access::{
    DeviceEnrolment, DeviceRevocation, IssuedCode, MemberChange, WorkspaceDevice, WorkspaceRole,
};
use waymark_core::UnixMillis;

use crate::admin::{self, checked_name};
use crate::storage::{Device, MemberListing, Storage};
use crate::ServerError;

/// The name of the home workspace of `by`'s device, and every workspace's members, once `by`
/// is sure to be one of its managers.
fn managed_by(
    storage: &dyn Storage,
    by: &Device,
) -> Result<(String, Vec<MemberListing>), ServerError> {
    let workspace = storage.device_workspace_name(by.id)?;
    let members = storage.list_members()?;
    let manages = members.iter().any(|member| {
        member.workspace == workspace
            && member.user == by.user
            && member.role == WorkspaceRole::Manager
    });
    if !manages {
        return Err(ServerError::NotAManager {
            user: by.user.clone(),
            workspace,
        });
    }
    Ok((workspace, members))
}

/// A one-time enrolment code for a new device of someone in the manager's workspace; its
/// records will go to that workspace.
pub fn enrol_device(
    storage: &dyn Storage,
    by: &Device,
    request: &DeviceEnrolment,
) -> Result<IssuedCode, ServerError> {
    let (workspace, members) = managed_by(storage, by)?;
    let user = checked_name(&request.user)?;
    if !members
        .iter()
        .any(|member| member.workspace == workspace && member.user == user)
    {
        return Err(ServerError::NotAMember {
            user: user.to_owned(),
            workspace,
        });
    }
    let invitation =
        admin::enroll_device(storage, user, Some(&workspace), crate::DEFAULT_CODE_HOURS)?;
    Ok(IssuedCode {
        device: invitation.device.to_string(),
        user: user.to_owned(),
        code: invitation.code,
        expires_in_hours: invitation.expires_in_hours,
    })
}

/// The devices whose records go to the manager's workspace, oldest first.
pub fn workspace_devices(
    storage: &dyn Storage,
    by: &Device,
) -> Result<Vec<WorkspaceDevice>, ServerError> {
    let (workspace, _) = managed_by(storage, by)?;
    Ok(storage
        .list_devices()?
        .into_iter()
        .filter(|device| device.workspace == workspace)
        .map(|device| WorkspaceDevice {
            id: device.id.to_string(),
            yours: device.id == by.id,
            user: device.user,
            state: device.state.to_owned(),
        })
        .collect())
}

/// Cuts off a device of the manager's workspace; with `wipe`, orders it erased at its next
/// contact, in the manager's name (and the audit log's). A device of another workspace is
/// answered as unknown: nothing about it is disclosed. The device the manager is using is not
/// revoked from itself.
pub fn revoke_device(
    storage: &dyn Storage,
    by: &Device,
    request: &DeviceRevocation,
    now: UnixMillis,
) -> Result<(), ServerError> {
    let (workspace, _) = managed_by(storage, by)?;
    let unknown = || ServerError::UnknownDevice(request.device.clone());
    let id = Uuid::parse_str(request.device.trim()).map_err(|_| unknown())?;
    if storage.device_workspace_name(id).ok().as_deref() != Some(workspace.as_str()) {
        return Err(unknown());
    }
    // A slip of the thumb must not cut a manager off from the workspace they are looking after.
    if id == by.id {
        return Err(ServerError::OwnDevice);
    }
    if request.wipe {
        storage.order_wipe(id, &by.user, now)
    } else {
        storage.revoke_device(id, now)
    }
}

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
    let (workspace, members) = managed_by(storage, by)?;
    let user = checked_name(&change.user)?;
    if user == by.user {
        return Err(ServerError::OwnRole);
    }
    if members
        .iter()
        .any(|member| member.workspace == workspace && member.user == user)
    {
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
