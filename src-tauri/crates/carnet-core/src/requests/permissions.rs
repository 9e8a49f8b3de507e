//! Every operation of the requests context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, Needs, When};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("requests.add", Any),
    (
        "requests.close",
        When(
            P::RefuseRequest,
            "refused, withdrawn, or an erasure request answered by hand",
        ),
    ),
    ("requests.extend", Needs(P::RefuseRequest)),
    ("requests.record_document", Any),
    ("requests.get", Any),
    ("requests.counts", Any),
    ("requests.record", Any),
    ("requests.all", Any),
    ("requests.csv", Needs(P::ExportRegister)),
    ("requests.involving", Any),
    ("requests.verify_identity", Any),
    ("requests.list", Any),
    ("requests.page", Any),
    ("requests.row", Any),
    ("requests.consent_events", Any),
    ("requests.withdraw_for", Any),
    ("requests.access_review", Any),
    ("requests.access_package", Any),
    ("requests.mask", Any),
    ("requests.unmask", Any),
    (
        "requests.approve_access_package",
        When(P::RefuseRequest, "with an item masked"),
    ),
    ("requests.require_released", Any),
];
