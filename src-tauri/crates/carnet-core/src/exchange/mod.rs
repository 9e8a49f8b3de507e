//! Data in and out: spreadsheets read whatever their encoding and separator
//! (`table`), people and members imported line by line with a report before anything is
//! written (`people`), and any list on screen exported for French Excel, optionally
//! pseudonymised (`export`).

pub mod export;
pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;
pub mod people;
pub mod table;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "exchange",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

pub use export::ListExport;
pub use people::{
    CheckedPeople, LineProblem, LineReport, Outcome, PeopleImport, PeopleImportReport,
};
pub use table::{read_import_file, read_table, read_table_file, Cells, Row, Table, TextEncoding};

crate::contexts::handle! {
    /// Spreadsheets in and out: `reg.exchange().check_people_import(..)`,
    /// `.import_people(..)`, `.export_list(..)`.
    Exchange
}
