//! Every operation of the people context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::Any;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("people.record", Any),
    ("people.add_many", Any),
    ("people.add", Any),
    ("people.count", Any),
    ("people.list", Any),
    ("people.get", Any),
    ("people.search", Any),
    ("people.update", Any),
    ("people.page", Any),
];
