//! Spreadsheets in: a file of people checked (what each line would do) and imported in
//! one transaction. The file travels with the command (the client read it from its own
//! disk); the service reads it as the app would, bounded the same way.

use carnet_core::exchange::{read_table, PeopleImport, PeopleImportReport};
use carnet_core::Contexts;

crate::command! {
    read
    /// What each line of `file` would do with `how` (mapping, date order, decisions).
    /// Nothing is written.
    CheckPeopleImport = "check_people_import_file" { file: crate::File, how: PeopleImport } -> PeopleImportReport,
    |c, r, at| {
        let table = read_table(&c.file.bytes)?;
        Ok(r.exchange().check_people_import(&table, &c.how, at.now)?.report)
    }
}

crate::command! {
    /// Imports `file` in one transaction: every line, or none when one is refused.
    ImportPeople = "import_people_file" { file: crate::File, how: PeopleImport } -> PeopleImportReport,
    |c, r, at| {
        let table = read_table(&c.file.bytes)?;
        let how = PeopleImport { dry_run: false, ..c.how };
        r.exchange().import_people(&table, &how, at.now, &mut |_, _| true)
    }
}

crate::command! {
    /// A list as CSV for Excel: every person, members, subscribers or entrants (a
    /// `scope` for a list or a contest), with names replaced by pseudonyms when asked.
    ListCsvFile = "list_csv_file" {
        list: carnet_core::exchange::ExportList,
        scope: Option<i64>,
        pseudonymise: bool,
    } -> crate::File,
    |c, r, at| {
        let export = r.exchange().export_list(c.list, c.scope, c.pseudonymise, at.now)?;
        Ok(crate::File { name: export.file_name, bytes: export.bytes })
    }
}
