//! Every operation of the contests context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::Any;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("contests.add_entry", Any),
    ("contests.confirm_entry_distinct", Any),
    ("contests.exclude_entry", Any),
    ("contests.import_entries", Any),
    ("contests.include_entry", Any),
    ("contests.add", Any),
    ("contests.get", Any),
    ("contests.all", Any),
    ("contests.prepare_shipment", Any),
    ("contests.shipments", Any),
    ("contests.labels_to_pack", Any),
    ("contests.matching_entries", Any),
    ("contests.labels_to_print", Any),
    ("contests.shipments_csv", Any),
    ("contests.update_shipment", Any),
    ("contests.winner_address", Any),
    ("contests.claim_prize", Any),
    ("contests.list", Any),
    ("contests.page", Any),
    ("contests.draw", Any),
    ("contests.close_entries", Any),
    ("contests.closing", Any),
    ("contests.forfeit_unclaimed", Any),
    ("contests.record_skill_answer", Any),
    ("contests.verify_draw", Any),
];
