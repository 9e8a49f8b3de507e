//! Every operation of the frame and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use super::Access;
use super::Access::{Any, Needs, Outside};
use super::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("require", Outside),
    ("session", Any),
    ("audit_log", Any),
    ("apply_rekey", Needs(P::ManageKeys)),
    ("prepare_rekey", Needs(P::ManageKeys)),
    ("set_passphrase", Needs(P::ManageKeys)),
    ("remember_in_keyring", Needs(P::ManageKeys)),
    ("recovery_key", Needs(P::RecoveryKey)),
    ("confirm_recovery_key", Needs(P::RecoveryKey)),
    ("recovery_unconfirmed", Any),
    ("key_file_set_aside", Any),
    ("database_id", Any),
    ("path", Outside),
    ("reader", Outside),
    ("preparer", Any),
    ("integrity_ok", Any),
    ("create", Outside),
    ("open", Outside),
    ("unlock_methods", Outside),
    ("set_staff", Outside),
    ("set_utc_offset", Outside),
    ("utc_offset", Outside),
    ("local_day", Outside),
    ("local_time", Outside),
    // The register service's: it checks a passphrase and acts for the account (the
    // account's own role then decides each operation).
    ("check_account", Outside),
    ("serve_as", Outside),
    ("serve_as_itself", Outside),
    ("serve_nobody", Outside),
    ("opener", Outside),
    ("open_as_before", Outside),
    ("forget_applied_requests", Outside),
    ("set_request_id", Outside),
    ("applied_request", Any),
];
