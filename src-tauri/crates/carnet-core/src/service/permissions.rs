//! Every operation of the service context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, Needs, When};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("service.identity", Needs(P::ManageAccounts)),
    ("service.set_identity", Needs(P::ManageAccounts)),
    ("service.pair_device", Needs(P::ManageAccounts)),
    ("service.revoke_device", Needs(P::ManageAccounts)),
    ("service.carried_over", Needs(P::ManageAccounts)),
    ("service.carry_over", Needs(P::ManageAccounts)),
    ("service.devices", Any),
    ("service.device_by_token", Any),
    ("service.sign_in_lookup", Any),
    ("service.adopt_verifier", Any),
    (
        "service.set_passphrase",
        When(P::ManageAccounts, "another account's passphrase"),
    ),
    ("service.retire_slot_passphrase", Any),
    ("service.has_verifier", Any),
];
