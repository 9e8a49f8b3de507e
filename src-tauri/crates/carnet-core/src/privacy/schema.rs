//! What an erasure does to every column of the register: each context declares its
//! tables' (`<context>/migrations.rs`, `ERASURE`), `contexts::erasure_declared` gathers
//! them. A table or column added later without a line fails the schema test
//! (`tests/privacy.rs`), so no new record kind can hold a person's data that erasure
//! forgets. Here: the reasons several contexts keep a column for.

pub use crate::register::migrations::Treatment;

/// A link from a kept record to the surrogate that stands for an erased person.
pub const LINK: Treatment = Treatment::Kept("links kept records to the surrogate");
/// Proof of a consent: the ledger's chain, with none of the person's words.
pub const PROOF: Treatment =
    Treatment::Kept("proof of consent: the chain, with no text of the person");
/// Proof that a request was received and answered.
pub const ACCOUNT: Treatment = Treatment::Kept("proof that a request was received and answered");
