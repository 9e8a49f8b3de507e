//! Carnet's domain: the organisation's register of people, kept in an encrypted
//! SQLCipher database, with a hash-chained consent ledger and an audit log.
//!
//! Nothing here depends on Tauri or reads the clock: callers pass `now` in. Open a
//! register with [`Register::open`] or make one with [`Register::create`]; each context's
//! operations are reached through its handle (`use carnet_core::Contexts;` then
//! `reg.people().add(..)`, `reg.contests().draw(..)`), and each runs in its own
//! transaction (`Register::change` writes the audit row inside it).
//!
//! The frame (`register`: open, keys, `change`, `rows`, the office's day, who acts, the audit
//! log, the migrations) knows no context and serves them — `people`, `family`, `org`, `consent`, `requests`, `privacy`,
//! `incidents`, `contests`, `exchange`, `newsletter`, `licences`, `backup`, `accounts` —
//! each a folder with its handle, rules, storage and view types; `contexts` lists them.

pub mod accounts;
pub mod backup;
#[cfg(feature = "bench")]
pub mod bench;
pub mod consent;
pub mod contests;
pub mod contexts;
pub mod csv_out;
pub mod error;
/// ARCHITECTURE.md's "Adding a context", walked by a small context (tests only).
#[cfg(test)]
pub mod example;
pub mod exchange;
pub mod export;
pub mod family;
pub mod field;
pub mod fold;
pub mod incidents;
pub mod licences;
pub mod model;
pub mod newsletter;
pub mod org;
pub mod people;
pub mod phrase;
pub mod privacy;
pub mod register;
pub mod requests;
pub mod secret;
pub mod service;
pub mod time;
pub mod vault;

pub use contexts::Contexts;
pub use contexts::Vocabularies;
pub use error::{Code, ConsentRule, Error, ErrorBody, Result};
pub use field::Field;
pub use register::{Created, PendingRekey, Protection, Register, Unlock, UnlockMethods};
pub use vault::Vault;
