//! Every operation of the privacy context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, Needs};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("privacy.erase", Needs(P::Erase)),
    ("privacy.erasure_certificate", Any),
    ("privacy.erasure_plan", Any),
    ("privacy.erasures", Any),
    ("privacy.surrogate_of", Any),
    ("privacy.add_hold", Needs(P::LegalHolds)),
    ("privacy.holds_of", Any),
    ("privacy.release_hold", Needs(P::LegalHolds)),
    ("privacy.adopt_processing", Needs(P::ProcessingRegister)),
    ("privacy.processing_latest", Any),
    ("privacy.processing_of", Any),
    ("privacy.processing_register", Any),
    ("privacy.processing_versions", Any),
    ("privacy.recipient_notices", Any),
    ("privacy.record_recipient_notice", Any),
    ("privacy.summary", Any),
    ("privacy.regulator_pack", Needs(P::ExportRegister)),
    ("privacy.purge", Needs(P::Purge)),
    ("privacy.purge_preview", Any),
    ("privacy.purge_reports", Any),
    ("privacy.retention_rules", Any),
    ("privacy.set_retention", Needs(P::Retention)),
    ("privacy.is_suppressed", Any),
    ("privacy.suppressed_count", Any),
];
