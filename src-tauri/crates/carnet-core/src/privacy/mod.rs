//! The privacy context: forgetting people correctly. Erasure plans and their execution
//! (`erasure`), what every column becomes when a person is erased (`schema`), legal holds
//! (`holds`), retention rules and purges (`retention`), the suppression list of hashed
//! addresses (`suppression`), and the processing register (`processing`).

mod erasure;
mod holds;
pub(crate) mod migrations;
mod pack;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;
mod processing;
mod retention;
pub mod schema;
mod suppression;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "privacy",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

pub(crate) use erasure::{execute_set as execute_erase_set, fill_set as fill_erase_set};
pub use erasure::{
    Blocker, CopiesHolding, ErasedPerson, ErasureCertificate, ErasureDone, ErasureInput,
    ErasurePlan, ErasureRecord, Item, KeepReason, KeptLine, Mention, MentionPlace, PlanLine,
    PlannedPerson, Role,
};
pub use holds::{HoldInput, LegalHold, MAX_HOLD_YEARS};
pub use pack::{BackupState, RegulatorPack};
pub use processing::{
    default_activities, recipients_of, Activity, AppliesTo, ProcessingRegister, ProcessingVersion,
    RecipientEntry, RecipientNotice, Text,
};
pub use retention::{PrivacySummary, PurgePreview, PurgeReport, RetentionRule, RuleDue};
pub(crate) use suppression::digest as address_digest;
pub use suppression::AddressKind;

crate::contexts::handle! {
    /// Erasure, legal holds, retention and purges, the processing register, suppressions:
    /// `reg.privacy().erasure_plan(..)`, `.purge(now)`.
    Privacy
}
