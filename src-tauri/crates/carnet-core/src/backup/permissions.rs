//! Every operation of the backup context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, Needs};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("backups.due", Any),
    ("backups.settings", Any),
    ("backups.backup_to", Any),
    ("backups.last", Any),
    ("backups.rotate", Any),
    ("backups.set_settings", Needs(P::BackupSettings)),
    ("restore", Needs(P::Restore)),
];
