//! Every operation of the accounts context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Needs, When};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("accounts.list", Needs(P::ManageAccounts)),
    ("accounts.add", Needs(P::ManageAccounts)),
    ("accounts.remove", Needs(P::ManageAccounts)),
    (
        "accounts.set_key",
        When(P::ManageAccounts, "another account's key"),
    ),
];
