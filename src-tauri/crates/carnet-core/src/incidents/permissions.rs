//! Every operation of the incidents context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::Needs;
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("incidents.add", Needs(P::Incidents)),
    ("incidents.get", Needs(P::Incidents)),
    ("incidents.all", Needs(P::Incidents)),
    ("incidents.update", Needs(P::Incidents)),
];
