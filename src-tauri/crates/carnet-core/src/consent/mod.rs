//! The consent context: purposes with versioned wording and privacy-policy versions
//! (`catalog`), the append-only, hash-chained ledger of consent events from which the
//! current state is derived (`ledger`), and who may consent for a minor (`authority`).

mod authority;
mod catalog;
pub mod chain;
mod ledger;
pub(crate) mod migrations;
pub mod permissions;
mod receipt;
mod vocabulary;
pub use vocabulary::*;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "consent",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

pub use authority::authority;
pub use catalog::{PolicyVersion, Purpose, PurposeVersion, PurposeWording};
pub(crate) use ledger::{append_event, check_guards, CheckedEvent};
pub use ledger::{
    Acknowledgement, ConsentEvent, ConsentInput, ConsentState, FindingOrigin, LedgerFinding,
    LedgerProblem, LedgerReport,
};
pub use receipt::{
    ConsentReceipt, LedgerReference, ReceiptController, ReceiptPurpose, RECEIPT_SCHEMA,
};

crate::contexts::handle! {
    /// Consent: the purposes and policies (`reg.consent().purposes()`), the ledger
    /// (`.record(..)`, `.history(id)`, `.verify_ledger()`).
    Consent
}
