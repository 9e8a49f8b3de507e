//! The register service's own commands: the paired devices, revoking one (a stolen
//! laptop), and the audit log's newest rows.

use carnet_core::Contexts;

crate::command! {
    read
    Devices = "service_devices" {} -> Vec<carnet_core::service::Device>,
    |c, r, at| r.service().devices()
}

crate::command! {
    /// Revokes a paired device: its sessions end at its next call. A device cannot revoke
    /// itself (the person in charge does it from another one).
    RevokeDevice = "revoke_device" { id: i64 } -> (),
    |c, r, at| {
        if at.device == Some(c.id) {
            return Err(carnet_core::Error::Conflict("revoke this computer from another one"));
        }
        r.service().revoke_device(c.id, at.now)
    }
}

crate::command! {
    read
    /// The audit log's newest rows (at most 1,000).
    AuditLog = "audit_log" { limit: u32 } -> Vec<carnet_core::register::AuditEntry>,
    |c, r, at| r.audit_log(c.limit.min(1000))
}

crate::command! {
    /// The code that pairs another PC, for the person in charge's screen. Only the
    /// register service has one (it answers this command itself, once it has checked
    /// that the signed-in account manages the accounts); a register on its own PC pairs
    /// nothing.
    PairingCode = "pairing_code" {} -> String,
    |c, r, at| Err(carnet_core::Error::Conflict("only the register service pairs PCs"))
}
