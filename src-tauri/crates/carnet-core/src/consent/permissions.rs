//! Every operation of the consent context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, Needs};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("consent.add_policy_version", Needs(P::ConsentCatalogue)),
    ("consent.add_purpose", Needs(P::ConsentCatalogue)),
    ("consent.add_purpose_version", Needs(P::ConsentCatalogue)),
    ("consent.set_purpose_active", Needs(P::ConsentCatalogue)),
    ("consent.policy_in_force", Any),
    ("consent.policy_versions", Any),
    ("consent.purpose_versions", Any),
    ("consent.purposes", Any),
    ("consent.acknowledge_ledger", Needs(P::LedgerAcknowledge)),
    ("consent.history", Any),
    ("consent.state", Any),
    ("consent.ledger_findings", Any),
    ("consent.ledger_needs_attention", Any),
    ("consent.record", Any),
    ("consent.receipt", Any),
    ("consent.current_receipts", Any),
    ("consent.receipt_matches", Any),
    ("consent.verify_ledger", Any),
];
