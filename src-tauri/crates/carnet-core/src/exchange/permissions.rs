//! Every operation of the exchange context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, When};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    (
        "exchange.export_list",
        When(P::ExportLists, "subscribers, entrants"),
    ),
    ("exchange.import_people", Any),
    ("exchange.check_people_import", Any),
    ("exchange.import_checked_people", Any),
];
