//! Every operation of the licences context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::Any;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("licences.add", Any),
    ("licences.get", Any),
    ("licences.summary", Any),
    ("licences.all", Any),
    ("licences.renew", Any),
];
