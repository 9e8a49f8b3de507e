//! Importing people (and members) from a spreadsheet: columns mapped by their header
//! and adjustable, dates read as `AAAA-MM-JJ` or with slashes in the order the office
//! confirms, every line checked before anything is written, lines that look like someone
//! already in the register held for a decision, and the import itself one transaction —
//! every accepted line or none — that reports its progress and can be cancelled.

use crate::exchange::Exchange;
use crate::Contexts;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::table::{Table, TextEncoding};
use crate::error::{Error, Result};
use crate::exchange::{DateOrder, DuplicateChoice, ImportTarget};
use crate::field::Field;
use crate::fold::fold;
use crate::model::{Channel, Language};
use crate::people::{Address, PersonInput};

/// The headers each column is recognised by (compared folded: case and accents aside).
const HEADERS: &[(ImportTarget, &[&str])] = &[
    (
        ImportTarget::GivenName,
        &[
            "prénom",
            "prenom",
            "given name",
            "given_name",
            "first name",
            "firstname",
            "first_name",
        ],
    ),
    (
        ImportTarget::FamilyName,
        &[
            "nom",
            "nom de famille",
            "family name",
            "family_name",
            "last name",
            "lastname",
            "last_name",
            "surname",
        ],
    ),
    (
        ImportTarget::Email,
        &[
            "courriel",
            "email",
            "e-mail",
            "mail",
            "adresse courriel",
            "adresse e-mail",
            "adresse mail",
            "email address",
        ],
    ),
    (
        ImportTarget::Phone,
        &[
            "téléphone",
            "telephone",
            "tél",
            "tel",
            "phone",
            "portable",
            "cellulaire",
            "mobile",
        ],
    ),
    (
        ImportTarget::BirthDate,
        &[
            "date de naissance",
            "naissance",
            "né le",
            "birth date",
            "birth_date",
            "birthdate",
            "date of birth",
            "dob",
        ],
    ),
    (
        ImportTarget::Street,
        &["adresse", "rue", "street", "address", "adresse postale"],
    ),
    (
        ImportTarget::City,
        &["ville", "city", "municipalité", "commune", "localité"],
    ),
    (
        ImportTarget::Region,
        &["province", "région", "region", "state", "département"],
    ),
    (
        ImportTarget::PostalCode,
        &["code postal", "postal code", "postal_code", "zip", "cp"],
    ),
    (ImportTarget::Country, &["pays", "country"]),
    (ImportTarget::Language, &["langue", "language"]),
    (
        ImportTarget::Notes,
        &["notes", "note", "remarques", "commentaire", "comments"],
    ),
    (
        ImportTarget::CollectedOn,
        &[
            "horodateur",
            "timestamp",
            "date",
            "entered_on",
            "date de collecte",
            "collected on",
            "start time",
            "heure de début",
            "date d'inscription",
        ],
    ),
    (
        ImportTarget::MemberSince,
        &[
            "membre depuis",
            "adhésion",
            "date d'adhésion",
            "member since",
            "membership start",
        ],
    ),
    (
        ImportTarget::MemberCategory,
        &[
            "catégorie",
            "categorie",
            "category",
            "type d'adhésion",
            "cours",
        ],
    ),
];

/// The column a header names, when Carnet knows it.
pub fn guess(header: &str) -> Option<ImportTarget> {
    let h = fold(header.trim());
    HEADERS
        .iter()
        .find_map(|(target, names)| names.iter().any(|n| fold(n) == h).then_some(*target))
}

/// Each header's guessed column, a target used once (the first header naming it wins).
pub fn guess_mapping(headers: &[String]) -> Vec<Option<ImportTarget>> {
    let mut seen = Vec::new();
    headers
        .iter()
        .map(|h| {
            let t = guess(h).filter(|t| !seen.contains(t));
            if let Some(t) = t {
                seen.push(t);
            }
            t
        })
        .collect()
}

/// A date cell: `AAAA-MM-JJ` (a time may follow), or with slashes in the given order.
/// `Err` names an impossible or unreadable date.
pub fn read_date(
    s: &str,
    order: Option<DateOrder>,
) -> std::result::Result<Option<NaiveDate>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let head = s.split([' ', 'T']).next().unwrap_or(s);
    if head.contains('-') {
        return NaiveDate::parse_from_str(head, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| "is not a real date (AAAA-MM-JJ)");
    }
    let parts: Vec<&str> = head.split(['/', '.']).collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return Err("is not a date (AAAA-MM-JJ or JJ/MM/AAAA)");
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse::<u32>())
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| "is not a date (AAAA-MM-JJ or JJ/MM/AAAA)")?;
    let (day, month) = match order.unwrap_or(DateOrder::DayFirst) {
        DateOrder::DayFirst => (n[0], n[1]),
        DateOrder::MonthFirst => (n[1], n[0]),
    };
    NaiveDate::from_ymd_opt(n[2] as i32, month, day)
        .map(Some)
        .ok_or("is not a real date")
}

/// Whether the slash dates of a column could be read either way: every one has a day and
/// a month of 12 or less (05/04/2026 is 5 April in France and May 4th in an English tool).
/// A column with one date like 25/04/2026 is settled.
fn ambiguous(values: impl Iterator<Item = String>) -> bool {
    let mut any = false;
    for v in values {
        let head = v.trim().split(' ').next().unwrap_or_default().to_owned();
        let parts: Vec<u32> = head.split('/').filter_map(|p| p.parse().ok()).collect();
        if parts.len() != 3 {
            continue;
        }
        if parts[0] > 12 || parts[1] > 12 {
            return false;
        }
        if parts[0] != parts[1] {
            any = true;
        }
    }
    any
}

/// The order a column's dates settle on by themselves (a day above 12 first, or second).
fn settled(values: impl Iterator<Item = String>) -> Option<DateOrder> {
    for v in values {
        let parts: Vec<u32> = v
            .trim()
            .split(' ')
            .next()
            .unwrap_or_default()
            .split('/')
            .filter_map(|p| p.parse().ok())
            .collect();
        if parts.len() == 3 && parts[0] > 12 {
            return Some(DateOrder::DayFirst);
        }
        if parts.len() == 3 && parts[1] > 12 {
            return Some(DateOrder::MonthFirst);
        }
    }
    None
}

/// How to import a file of people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleImport {
    /// One entry per column of the file; empty: the guessed mapping.
    #[serde(default)]
    pub mapping: Vec<Option<ImportTarget>>,
    /// How slash dates read; needed when a date column is ambiguous.
    #[serde(default)]
    pub date_order: Option<DateOrder>,
    /// Where these people's data came from (recorded on each).
    pub channel: Channel,
    /// When it was collected, for lines without a date of their own (default: today).
    #[serde(default)]
    pub collected_on: Option<NaiveDate>,
    /// Every line becomes a member too (active from "member since", else the collection
    /// date).
    #[serde(default)]
    pub members: bool,
    /// The office's decision for lines that look like someone in the register, by line.
    #[serde(default)]
    pub decisions: HashMap<usize, DuplicateChoice>,
    #[serde(default)]
    pub dry_run: bool,
}

impl PeopleImport {
    pub fn new(channel: Channel) -> Self {
        PeopleImport {
            mapping: vec![],
            date_order: None,
            channel,
            collected_on: None,
            members: false,
            decisions: HashMap::new(),
            dry_run: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Create,
    Update,
    Unchanged,
    /// Looks like someone in the register; waiting for the office's decision (skipped
    /// until then).
    Duplicate,
    Skip,
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineProblem {
    pub line: usize,
    pub field: Field,
    pub reason: &'static str,
}

/// A line shown in the report: those with a problem or a decision to take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineReport {
    pub line: usize,
    pub outcome: Outcome,
    pub name: String,
    /// The person of the register it looks like.
    pub existing: Option<i64>,
    pub existing_name: Option<String>,
    /// Why it looks like them: the same email, or the same name and birth date.
    pub matched_on: Option<Field>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeopleImportReport {
    pub dry_run: bool,
    pub encoding: TextEncoding,
    pub separator: char,
    pub headers: Vec<String>,
    pub mapping: Vec<Option<ImportTarget>>,
    /// The first lines as read, for the preview.
    pub preview: Vec<Vec<String>>,
    /// Date columns whose order must be chosen before importing.
    pub ask_date_order: Vec<usize>,
    pub lines: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub duplicates: usize,
    pub skipped: usize,
    pub invalid: usize,
    pub problems: Vec<LineProblem>,
    /// Lines with a problem or a decision to take, in file order.
    pub attention: Vec<LineReport>,
    /// The import's number, once written.
    pub import_id: Option<i64>,
}

impl PeopleImportReport {
    /// Whether the import can be written: no problem, no date order left to choose.
    pub fn ready(&self) -> bool {
        self.problems.is_empty() && self.ask_date_order.is_empty()
    }
}

/// What a line will do once checked.
enum Plan {
    Create(PersonInput, Option<(NaiveDate, String)>),
    Update(i64, PersonInput, Option<(NaiveDate, String)>),
}

/// A file checked for import, and the writes the check planned (see
/// [`Exchange::check_people_import`]).
pub struct CheckedPeople {
    pub report: PeopleImportReport,
    plans: Vec<Plan>,
    how: PeopleImport,
    generation: (i64, i64),
}

impl CheckedPeople {
    /// Whether this check was made for `how` (the dry run aside).
    pub fn is_for(&self, how: &PeopleImport) -> bool {
        self.how
            == PeopleImport {
                dry_run: false,
                ..how.clone()
            }
    }
}

/// Reports progress (`done`, `total`) while the import writes; returning `false`
/// cancels it and nothing is kept.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// The columns of a file as the office chose them (or as guessed from the headers).
struct Columns {
    mapping: Vec<Option<ImportTarget>>,
}

impl Columns {
    /// The chosen mapping, refused when a kind is chosen twice, when there is no name
    /// column, or when a column that reads like a name is left aside.
    fn chosen(table: &Table, how: &PeopleImport) -> Result<Columns> {
        let mapping = if how.mapping.is_empty() {
            guess_mapping(&table.headers)
        } else {
            let mut m = how.mapping.clone();
            m.resize(table.headers.len(), None);
            m
        };
        let columns = Columns { mapping };
        let mut targets: Vec<ImportTarget> = columns.mapping.iter().flatten().copied().collect();
        targets.sort_by_key(|t| t.as_str());
        if targets.windows(2).any(|w| w[0] == w[1]) {
            return Err(Error::invalid(
                Field::ImportColumn,
                "each kind of column can be chosen once",
            ));
        }
        let (family, given) = (
            columns.col(ImportTarget::FamilyName),
            columns.col(ImportTarget::GivenName),
        );
        if family.is_none() && given.is_none() {
            return Err(Error::invalid(
                Field::ImportColumn,
                "needs a name column (Nom / Prénom, or Last name / First name)",
            ));
        }
        // One name column mapped and a header that reads like the other left aside
        // ("Prénom" garbled, or not recognised): every such name would be stored empty.
        if family.is_none() || given.is_none() {
            let looks_like_a_name = |h: &String| {
                let f = fold(h);
                ["nom", "name", "prenom"].iter().any(|w| f.contains(w))
            };
            if table
                .headers
                .iter()
                .zip(&columns.mapping)
                .any(|(h, m)| m.is_none() && looks_like_a_name(h))
            {
                return Err(Error::invalid(
                    Field::ImportColumn,
                    "a column that looks like a name is not chosen: say whether it holds the first name or the last name",
                ));
            }
        }
        Ok(columns)
    }

    fn col(&self, t: ImportTarget) -> Option<usize> {
        self.mapping.iter().position(|m| *m == Some(t))
    }

    fn cell(&self, row: &super::table::Row<'_>, t: ImportTarget) -> String {
        self.col(t)
            .and_then(|i| row.cells.get(i))
            .map(|c| crate::csv_out::unneutralise(c.trim()).to_owned())
            .unwrap_or_default()
    }

    /// How each date column reads (day first unless the file says otherwise), and the
    /// columns whose dates read both ways with no order given (to ask the office).
    fn date_orders(
        &self,
        table: &Table,
        how: &PeopleImport,
    ) -> (HashMap<ImportTarget, Option<DateOrder>>, Vec<usize>) {
        let mut orders = HashMap::new();
        let mut ask = Vec::new();
        for t in [
            ImportTarget::BirthDate,
            ImportTarget::CollectedOn,
            ImportTarget::MemberSince,
        ] {
            let Some(i) = self.col(t) else { continue };
            let values = || table.rows().map(|r| self.cell(&r, t));
            let order = match settled(values()) {
                Some(o) => Some(o),
                None if ambiguous(values()) => {
                    if how.date_order.is_none() {
                        ask.push(i);
                    }
                    how.date_order
                }
                None => Some(DateOrder::DayFirst),
            };
            orders.insert(t, order);
        }
        (orders, ask)
    }
}

/// A line of the file read: the person it describes, cleaned as the register keeps people
/// (`None` when it cannot be), the name it gives, the membership it asks for, and every
/// problem found.
struct ReadLine {
    person: Option<PersonInput>,
    name: String,
    membership: Option<(NaiveDate, String)>,
    problems: Vec<LineProblem>,
}

/// Reads the lines of a checked file.
struct LineReader<'a> {
    table: &'a Table,
    how: &'a PeopleImport,
    columns: &'a Columns,
    orders: HashMap<ImportTarget, Option<DateOrder>>,
    today: NaiveDate,
    /// The organisation's, for a line that names no language.
    language: Language,
}

impl LineReader<'_> {
    /// One line: the person it describes, cleaned as the register keeps people, and every
    /// problem found (a second line with the same email among them).
    fn line(
        &self,
        row: &super::table::Row<'_>,
        emails_seen: &mut HashMap<String, usize>,
    ) -> Result<ReadLine> {
        let (table, how, cols) = (self.table, self.how, self.columns);
        let line = row.line;
        let mut mine: Vec<LineProblem> = Vec::new();
        let mut problem = |field, reason| {
            mine.push(LineProblem {
                line,
                field,
                reason,
            })
        };
        if row.cells.len() > table.headers.len() {
            problem(Field::ImportFile, "has more cells than the header line");
        }
        if table.bad_byte_lines.binary_search(&line).is_ok() {
            problem(Field::ImportFile, super::table::BAD_BYTES);
        }
        let mut date = |t: ImportTarget, field: Field| -> Option<NaiveDate> {
            let order = self.orders.get(&t).copied().flatten();
            read_date(&cols.cell(row, t), order).unwrap_or_else(|reason| {
                problem(field, reason);
                None
            })
        };
        let birth = date(ImportTarget::BirthDate, Field::BirthDate);
        let collected = date(ImportTarget::CollectedOn, Field::CollectionDate);
        let since = date(ImportTarget::MemberSince, Field::MembershipStatus);
        let lang = cols.cell(row, ImportTarget::Language);
        let preferred_language = match fold(&lang).as_str() {
            "" => self.language,
            "fr" | "francais" | "french" => Language::Fr,
            "en" | "anglais" | "english" => Language::En,
            _ => {
                problem(Field::Language, "is neither French nor English");
                self.language
            }
        };
        let default_day = how.collected_on.unwrap_or(self.today);
        let email = cols.cell(row, ImportTarget::Email);
        let phone = cols.cell(row, ImportTarget::Phone);
        let input = PersonInput {
            given_name: cols.cell(row, ImportTarget::GivenName),
            family_name: cols.cell(row, ImportTarget::FamilyName),
            emails: if email.is_empty() {
                vec![]
            } else {
                vec![email.clone()]
            },
            phones: if phone.is_empty() {
                vec![]
            } else {
                vec![phone]
            },
            address: Address {
                street: cols.cell(row, ImportTarget::Street),
                city: cols.cell(row, ImportTarget::City),
                region: cols.cell(row, ImportTarget::Region),
                postal_code: cols.cell(row, ImportTarget::PostalCode),
                country: cols.cell(row, ImportTarget::Country),
            },
            preferred_language,
            birth_date: birth,
            collection_channel: how.channel,
            collected_on: collected.unwrap_or(default_day),
            notes: cols.cell(row, ImportTarget::Notes),
        };
        let name = crate::people::display_name(&input.given_name, &input.family_name);
        let cleaned = match input.cleaned(self.today) {
            Ok(p) => Some(p),
            Err(Error::InvalidInput { field, reason }) => {
                problem(field, reason);
                None
            }
            Err(Error::TooLong { field, .. }) => {
                problem(field, "is too long");
                None
            }
            Err(e) => return Err(e),
        };
        if !email.is_empty() {
            let key = email.to_lowercase();
            if let std::collections::hash_map::Entry::Vacant(v) = emails_seen.entry(key) {
                v.insert(line);
            } else {
                problem(Field::Email, "appears on an earlier line of the file");
            }
        }
        let membership =
            (how.members || cols.col(ImportTarget::MemberSince).is_some()).then(|| {
                (
                    since.unwrap_or(collected.unwrap_or(default_day)),
                    cols.cell(row, ImportTarget::MemberCategory),
                )
            });
        Ok(ReadLine {
            person: cleaned,
            name,
            membership,
            problems: mine,
        })
    }
}

fn merged(existing: &PersonInput, new: &PersonInput) -> PersonInput {
    let pick = |old: &String, new: &String| {
        if new.is_empty() {
            old.clone()
        } else {
            new.clone()
        }
    };
    let mut emails = existing.emails.clone();
    for e in &new.emails {
        if !emails.iter().any(|x| x.eq_ignore_ascii_case(e)) {
            emails.push(e.clone());
        }
    }
    let mut phones = existing.phones.clone();
    for p in &new.phones {
        if !phones.contains(p) {
            phones.push(p.clone());
        }
    }
    PersonInput {
        given_name: pick(&existing.given_name, &new.given_name),
        family_name: pick(&existing.family_name, &new.family_name),
        emails,
        phones,
        address: Address {
            street: pick(&existing.address.street, &new.address.street),
            city: pick(&existing.address.city, &new.address.city),
            region: pick(&existing.address.region, &new.address.region),
            postal_code: pick(&existing.address.postal_code, &new.address.postal_code),
            country: pick(&existing.address.country, &new.address.country),
        },
        preferred_language: existing.preferred_language,
        birth_date: existing.birth_date.or(new.birth_date),
        collection_channel: existing.collection_channel,
        collected_on: existing.collected_on,
        notes: pick(&existing.notes, &new.notes),
    }
}

impl Exchange<'_> {
    /// Checks a file of people line by line and, unless it is a dry run, writes every
    /// accepted line in one transaction. The report always says what each line does;
    /// nothing is written while a line has a problem or a date order is to be chosen.
    pub fn import_people(
        &self,
        table: &Table,
        how: &PeopleImport,
        now: DateTime<Utc>,
        progress: Progress<'_>,
    ) -> Result<PeopleImportReport> {
        let (report, plans) = self.check_people(table, how, now)?;
        if report.dry_run {
            return Ok(report);
        }
        self.write_people(report, plans, how, now, progress)
    }

    /// Checks a file for import as the preview shows it (a dry run), keeping what it
    /// would write: [`Exchange::import_checked_people`] then writes it without checking
    /// every line again, as long as the register has not changed in between.
    pub fn check_people_import(
        &self,
        table: &Table,
        how: &PeopleImport,
        now: DateTime<Utc>,
    ) -> Result<CheckedPeople> {
        // A check writes nothing, and its report says so whatever `how` asked.
        let preview = PeopleImport {
            dry_run: true,
            ..how.clone()
        };
        let (report, plans) = self.check_people(table, &preview, now)?;
        Ok(CheckedPeople {
            report,
            plans,
            how: PeopleImport {
                dry_run: false,
                ..how.clone()
            },
            generation: self.generation()?,
        })
    }

    /// Writes a file checked by [`Exchange::check_people_import`] (one transaction, with
    /// progress and cancel). Refused (`conflict`) when anything changed in the register
    /// since the check — a person added here or by another program — or when the check
    /// found problems: then the file is checked again.
    pub fn import_checked_people(
        &self,
        checked: CheckedPeople,
        now: DateTime<Utc>,
        progress: Progress<'_>,
    ) -> Result<PeopleImportReport> {
        if !checked.report.ready() {
            return Ok(checked.report);
        }
        if self.generation()? != checked.generation {
            return Err(Error::Conflict(
                "the register changed since the file was checked: check it again",
            ));
        }
        let mut report = checked.report;
        report.dry_run = false;
        self.write_people(report, checked.plans, &checked.how, now, progress)
    }

    /// What identifies the register's state for a check: the last audited change (every
    /// change of this program writes one) and SQLite's count of other connections' commits.
    fn generation(&self) -> Result<(i64, i64)> {
        let last: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })?;
        let others: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        Ok((last, others))
    }

    fn write_people(
        &self,
        mut report: PeopleImportReport,
        plans: Vec<Plan>,
        how: &PeopleImport,
        now: DateTime<Utc>,
        progress: Progress<'_>,
    ) -> Result<PeopleImportReport> {
        let stamp = crate::time::stamp(now);
        let staff = self.staff.clone();
        let total = plans.len();
        let tx = crate::register::write(&self.conn)?;
        tx.execute(
            "INSERT INTO imports (at, staff, kind, channel, created, updated) VALUES (?1, ?2, 'people', ?3, ?4, ?5)",
            rusqlite::params![stamp, staff, how.channel, report.created as i64, report.updated as i64],
        )?;
        let import_id = tx.last_insert_rowid();
        let mut member = tx.prepare_cached(
            "INSERT INTO memberships (person_id, category, starts_on, status) VALUES (?1, ?2, ?3, 'active')",
        )?;
        let mut created: Vec<(i64, &PersonInput)> = Vec::new();
        for (done, plan) in plans.iter().enumerate() {
            if done % 500 == 0 && !progress(done, total) {
                return Err(Error::Cancelled);
            }
            let (id, membership) = match plan {
                Plan::Create(p, m) => {
                    let id = crate::people::insert_person_row(&tx, p, &stamp)?;
                    created.push((id, p));
                    (id, m)
                }
                Plan::Update(id, p, m) => {
                    crate::people::update_person_in(&tx, *id, p, &stamp)?;
                    (*id, m)
                }
            };
            if let Some((since, category)) = membership {
                let current: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM memberships WHERE person_id = ?1 AND status = 'active')",
                    [id],
                    |r| r.get(0),
                )?;
                if !current {
                    member.execute(rusqlite::params![id, category, since])?;
                }
            }
        }
        drop(member);
        crate::people::insert_derived_sorted(&tx, &created)?;
        if !progress(total, total) {
            return Err(Error::Cancelled);
        }
        crate::register::audit::record(
            &tx,
            now,
            &staff,
            "people.import",
            "import",
            Some(import_id),
        )?;
        tx.commit()?;
        report.import_id = Some(import_id);
        Ok(report)
    }

    fn check_people(
        &self,
        table: &Table,
        how: &PeopleImport,
        now: DateTime<Utc>,
    ) -> Result<(PeopleImportReport, Vec<Plan>)> {
        // One read transaction for every look-up: a snapshot of the register, and no
        // lock taken and released for each line. Dropped (rolled back) at the end.
        let _snapshot = self.conn.unchecked_transaction()?;
        let columns = Columns::chosen(table, how)?;
        let (orders, ask) = columns.date_orders(table, how);
        let reader = LineReader {
            table,
            how,
            columns: &columns,
            orders,
            today: self.local_day(now),
            language: self.org().profile()?.language,
        };
        let mut problems = Vec::new();
        let mut attention = Vec::new();
        let mut plans = Vec::new();
        let mut counts = [0usize; 6];
        let mut emails_seen: HashMap<String, usize> = HashMap::new();
        for row in table.rows() {
            let line = row.line;
            let ReadLine {
                person,
                name,
                membership,
                problems: mut mine,
            } = reader.line(&row, &mut emails_seen)?;
            let Some(p) = person.filter(|_| mine.is_empty()) else {
                counts[5] += 1;
                attention.push(LineReport {
                    line,
                    outcome: Outcome::Invalid,
                    name,
                    existing: None,
                    existing_name: None,
                    matched_on: None,
                });
                problems.append(&mut mine);
                continue;
            };
            let Some((existing, matched_on)) = self.already_there(&p)? else {
                counts[0] += 1;
                plans.push(Plan::Create(p, membership));
                continue;
            };
            let current = self.people().get(existing)?;
            let update = merged(&current.data, &p);
            let same = update == current.data;
            let outcome = match how.decisions.get(&line) {
                _ if same && membership.is_none() => Outcome::Unchanged,
                Some(DuplicateChoice::Update) => Outcome::Update,
                Some(DuplicateChoice::Create) => Outcome::Create,
                Some(DuplicateChoice::Skip) => Outcome::Skip,
                None => Outcome::Duplicate,
            };
            match outcome {
                Outcome::Create => {
                    counts[0] += 1;
                    plans.push(Plan::Create(p, membership));
                }
                Outcome::Update => {
                    counts[1] += 1;
                    plans.push(Plan::Update(existing, update, membership));
                }
                Outcome::Unchanged => counts[2] += 1,
                Outcome::Duplicate => counts[3] += 1,
                _ => counts[4] += 1,
            }
            if outcome != Outcome::Unchanged {
                attention.push(LineReport {
                    line,
                    outcome,
                    name,
                    existing: Some(existing),
                    existing_name: Some(current.display_name()),
                    matched_on: Some(matched_on),
                });
            }
        }
        let report = PeopleImportReport {
            dry_run: how.dry_run || !problems.is_empty() || !ask.is_empty(),
            encoding: table.encoding,
            separator: table.separator,
            headers: table.headers.clone(),
            mapping: columns.mapping,
            preview: table.rows().take(5).map(|r| r.cells.to_vec()).collect(),
            ask_date_order: ask,
            lines: table.len(),
            created: counts[0],
            updated: counts[1],
            unchanged: counts[2],
            duplicates: counts[3],
            skipped: counts[4],
            invalid: counts[5],
            problems,
            attention,
            import_id: None,
        };
        Ok((report, plans))
    }

    /// The person a checked line already is: the same email, else the same names and
    /// birth date.
    fn already_there(&self, p: &PersonInput) -> Result<Option<(i64, Field)>> {
        if let Some(e) = p.emails.first() {
            if let Some(id) = self.people().with_email(e)? {
                return Ok(Some((id, Field::Email)));
            }
        }
        Ok(self
            .person_with_name_and_birth(p)?
            .map(|id| (id, Field::BirthDate)))
    }

    /// A person with the same folded names and birth date.
    fn person_with_name_and_birth(&self, p: &PersonInput) -> Result<Option<i64>> {
        let Some(birth) = p.birth_date else {
            return Ok(None);
        };
        let found: Vec<i64> = self.rows(
            "SELECT id FROM people WHERE sort_key = ?1 AND birth_date = ?2 AND erased_on IS NULL LIMIT 1",
            rusqlite::params![crate::people::sort_key(p), birth],
            |r| r.get(0),
        )?;
        Ok(found.first().copied())
    }
}
