//! Files exchanged with the mailing tools the offices use.
//!
//! **Export** — a list's subscribers in force (no withdrawn, expired-implied, suppressed,
//! erased or undeliverable address) in the tool's import columns: Mailchimp's `Email
//! Address`, `First Name`, `Last Name`, `Tags` (comma-separated, UTF-8); Brevo's `EMAIL`
//! with `PRENOM`/`NOM` (French accounts) or `FIRSTNAME`/`LASTNAME`, separated by `;`.
//! Every cell is neutralised against formulas. The unsubscribes to carry out are exported
//! as a file of addresses to import as unsubscribed (Mailchimp) or blocklisted (Brevo).
//!
//! **Import** — Mailchimp's audience export (one file per status: subscribed,
//! unsubscribed, cleaned; times are written without a zone and read as UTC) and Brevo's
//! contacts export (its blocklist column). A subscribed line is an express consent whose
//! evidence is the opt-in and confirmation times; an unsubscribed one withdraws at
//! `UNSUB_TIME` and suppresses the address; a cleaned one marks the address
//! undeliverable. A suppressed, erased or unsubscribed person is never subscribed again,
//! and an express consent is never weakened. The whole file is checked first, then
//! written in one transaction, or nothing is.

use crate::newsletter::Newsletter;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::UnsubscribeSource;
use crate::consent::CheckedEvent;
use crate::consent::ConsentAction;
use crate::csv_out::SpreadsheetCsv;
use crate::error::{Error, Result};
use crate::exchange::people::LineProblem;
use crate::exchange::table::Table;
use crate::field::Field;
use crate::fold::fold;
use crate::model::{Channel, Language};
use crate::newsletter::{ConsentKind, MailingFormat};
use crate::people::PersonInput;
use crate::privacy::AddressKind;

/// A file for a mailing tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailingExport {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub exported: usize,
    /// Subscribers in force left out: no address, or none the tool accepts or that may
    /// be written to.
    pub left_out: usize,
}

/// What a line of a mailing tool's export says about an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailingStatus {
    Subscribed,
    Unsubscribed,
    Cleaned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailingImport {
    pub list_id: i64,
    pub format: MailingFormat,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct MailingImportReport {
    pub dry_run: bool,
    pub lines: usize,
    /// Subscriptions recorded (for people already in the register, or new ones).
    pub subscribed: usize,
    pub created_people: usize,
    /// Already subscribed with an express consent: nothing to do.
    pub already: usize,
    /// Subscribed in the tool but unsubscribed in Carnet (or suppressed for the list):
    /// left unsubscribed.
    pub kept_unsubscribed: usize,
    /// Addresses of erased people: never taken back.
    pub kept_erased: usize,
    pub withdrawn: usize,
    /// Unsubscribed addresses suppressed for the list (with no subscription to end).
    pub suppressed: usize,
    pub undeliverable: usize,
    pub problems: Vec<LineProblem>,
}

enum Step {
    GrantExisting(CheckedEvent, Option<String>),
    GrantNew(Box<PersonInput>, DateTime<Utc>, String, Option<String>),
    Withdraw(i64, DateTime<Utc>, String),
    Suppress(String),
    Undeliverable(String),
}

/// A time of a mailing tool's export: `2015-03-16 14:40:47` (read as UTC), or RFC 3339.
fn tool_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%d-%m-%Y %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

fn truthy(s: &str) -> bool {
    matches!(
        fold(s.trim()).as_str(),
        "yes" | "oui" | "true" | "vrai" | "1" | "y" | "o"
    )
}

/// Mailchimp accepts non-ASCII characters only after the `@`.
fn mailchimp_accepts(email: &str) -> bool {
    email
        .split_once('@')
        .is_some_and(|(local, _)| local.is_ascii())
}

impl Newsletter<'_> {
    /// A list's subscribers in force, in a mailing tool's import format.
    pub fn export_mailing(
        &self,
        list_id: i64,
        format: MailingFormat,
        now: DateTime<Utc>,
    ) -> Result<MailingExport> {
        self.require(crate::accounts::Permission::ExportLists)?;
        let list = self.list(list_id, now)?;
        let language = self.org().profile()?.language;
        let subscribers = self.subscribers(list_id, now)?;
        let mut csv = tool_csv(format);
        match (format, language) {
            (MailingFormat::Mailchimp, _) => {
                csv.row(["Email Address", "First Name", "Last Name", "Tags"])?
            }
            (MailingFormat::Brevo, Language::Fr) => csv.row(["EMAIL", "PRENOM", "NOM"])?,
            (MailingFormat::Brevo, Language::En) => csv.row(["EMAIL", "FIRSTNAME", "LASTNAME"])?,
        }
        let mut exported = 0;
        let mut left_out = 0;
        for s in subscribers.iter().filter(|s| s.state.in_force) {
            let email = s
                .email
                .as_deref()
                .filter(|e| format != MailingFormat::Mailchimp || mailchimp_accepts(e));
            let Some(email) = email else {
                left_out += 1;
                continue;
            };
            let p = self.people().get(s.state.person_id)?;
            match format {
                MailingFormat::Mailchimp => {
                    csv.row([email, &p.data.given_name, &p.data.family_name, &list.tags])?
                }
                MailingFormat::Brevo => {
                    csv.row([email, &p.data.given_name, &p.data.family_name])?
                }
            }
            exported += 1;
        }
        Ok(MailingExport {
            bytes: csv.finish()?,
            file_name: format!("{}-{}.csv", slug(&list.name), format.as_str()),
            exported,
            left_out,
        })
    }

    /// The list's pending unsubscribes as a file of addresses to import into the tool as
    /// unsubscribed (Mailchimp) or with the blocklist option (Brevo).
    pub fn export_unsubscribes(
        &self,
        list_id: i64,
        format: MailingFormat,
        now: DateTime<Utc>,
    ) -> Result<MailingExport> {
        let list = self.list(list_id, now)?;
        let mut csv = tool_csv(format);
        csv.row([match format {
            MailingFormat::Mailchimp => "Email Address",
            MailingFormat::Brevo => "EMAIL",
        }])?;
        let mut exported = 0;
        let mut left_out = 0;
        for u in self
            .newsletter()
            .pending_unsubscribes(now)?
            .into_iter()
            .filter(|u| u.list_id == list_id)
        {
            let emails = self
                .people()
                .get(u.person_id)
                .map(|p| p.data.emails)
                .unwrap_or_default();
            if emails.is_empty() {
                left_out += 1;
            }
            for e in emails {
                csv.row([e])?;
                exported += 1;
            }
        }
        Ok(MailingExport {
            bytes: csv.finish()?,
            file_name: format!(
                "{}-desabonnements-{}.csv",
                slug(&list.name),
                format.as_str()
            ),
            exported,
            left_out,
        })
    }

    /// Reads a mailing tool's export into a list (see the module's rules): every line is
    /// judged first ([`Register::plan_mailing_line`]); with a problem or on a dry run
    /// nothing is written, otherwise the whole file is one transaction.
    pub fn import_mailing(
        &self,
        table: &Table,
        how: MailingImport,
        now: DateTime<Utc>,
    ) -> Result<MailingImportReport> {
        table.refuse_bad_bytes()?;
        let (purpose_id, code, _) = self.list_purpose(how.list_id)?;
        let columns = MailingColumns::find(table, how.format)?;
        let key = self.suppression_key();
        let plan = LinePlan {
            list_id: how.list_id,
            code,
            columns,
            today: self.local_day(now),
            language: self.org().profile()?.language,
            key,
            blocked: self
                .rows(
                    "SELECT digest FROM list_suppressions WHERE list_id = ?1",
                    [how.list_id],
                    |r| r.get::<_, Vec<u8>>(0),
                )?
                .into_iter()
                .filter_map(|d| <[u8; 32]>::try_from(d.as_slice()).ok())
                .collect(),
            versions: self.consent().purpose_versions(purpose_id)?,
            now,
        };
        let mut report = MailingImportReport {
            lines: table.len(),
            ..Default::default()
        };
        let mut steps = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for row in table.rows() {
            let email = plan.columns.cell(&row, Some(plan.columns.email));
            let problem = |field, reason| LineProblem {
                line: row.line,
                field,
                reason,
            };
            if !crate::people::looks_like_email(&email) {
                report
                    .problems
                    .push(problem(Field::Email, "is not an email address"));
                continue;
            }
            if !seen.insert(email.to_lowercase()) {
                report.problems.push(problem(
                    Field::Email,
                    "appears on an earlier line of the file",
                ));
                continue;
            }
            match self.plan_mailing_line(&plan, &row, email, &mut report)? {
                Ok(Some(step)) => steps.push(step),
                Ok(None) => {}
                Err((field, reason)) => report.problems.push(problem(field, reason)),
            }
        }
        report.dry_run = how.dry_run || !report.problems.is_empty();
        if report.dry_run {
            return Ok(report);
        }
        let prepared = self.prepare_mailing_steps(steps, purpose_id, &plan.versions)?;
        self.write_mailing_steps(prepared, &plan, purpose_id)?;
        // Withdrawals and suppressions from the tool go into the journal beside the backups.
        self.backups().note_decisions();
        Ok(report)
    }

    /// What one line of a mailing tool's file comes to, counted in `report`: a step to
    /// write, nothing (already so, or kept as the register decided), or the line's problem.
    fn plan_mailing_line(
        &self,
        plan: &LinePlan,
        row: &crate::exchange::table::Row<'_>,
        email: String,
        report: &mut MailingImportReport,
    ) -> Result<std::result::Result<Option<Step>, (Field, &'static str)>> {
        let cols = &plan.columns;
        let now = plan.now;
        let status = cols
            .status
            .unwrap_or(if truthy(&cols.cell(row, cols.blocklist)) {
                MailingStatus::Unsubscribed
            } else {
                MailingStatus::Subscribed
            });
        let existing = self.people().with_email(&email)?;
        match status {
            MailingStatus::Cleaned => {
                report.undeliverable += 1;
                Ok(Ok(Some(Step::Undeliverable(email))))
            }
            MailingStatus::Unsubscribed => {
                let at = tool_time(&cols.cell(row, cols.unsub))
                    .unwrap_or(now)
                    .min(now);
                let subscribed = match existing {
                    Some(id) => self
                        .newsletter()
                        .subscription_state(id, plan.list_id, now)?
                        .filter(|s| s.granted)
                        .map(|_| id),
                    None => None,
                };
                Ok(Ok(Some(match subscribed {
                    Some(id) => {
                        report.withdrawn += 1;
                        Step::Withdraw(id, at, email)
                    }
                    None => {
                        report.suppressed += 1;
                        Step::Suppress(email)
                    }
                })))
            }
            MailingStatus::Subscribed => {
                if self.privacy().is_suppressed(AddressKind::Email, &email)? {
                    report.kept_erased += 1;
                    return Ok(Ok(None));
                }
                let digest = crate::privacy::address_digest(&plan.key, AddressKind::Email, &email);
                if plan.blocked.contains(&digest) {
                    report.kept_unsubscribed += 1;
                    return Ok(Ok(None));
                }
                let opted = tool_time(&cols.cell(row, cols.optin));
                let confirmed = tool_time(&cols.cell(row, cols.confirm));
                let at = opted.or(confirmed).unwrap_or(now).min(now);
                let evidence = cols.evidence(opted, confirmed, &cols.cell(row, cols.optin_ip));
                let confirmed = confirmed.filter(|c| *c >= at && *c <= now);
                let confirmed = confirmed.map(crate::time::stamp);
                match existing {
                    Some(id) => {
                        match self.subscription_state(id, plan.list_id, now)? {
                            Some(s) if !s.granted => {
                                report.kept_unsubscribed += 1;
                                return Ok(Ok(None));
                            }
                            Some(s) if s.in_force && s.kind == ConsentKind::Express => {
                                report.already += 1;
                                return Ok(Ok(None));
                            }
                            _ => {}
                        }
                        let version = wording_at(&plan.versions, self.local_day(at));
                        let checked = self.consent().check(
                            &crate::consent::ConsentInput {
                                person_id: id,
                                purpose: plan.code.clone(),
                                purpose_version: Some(version),
                                action: ConsentAction::Granted,
                                channel: Channel::ContactForm,
                                given_by: crate::consent::GivenBy::Person,
                                giver: None,
                                evidence,
                                occurred_at: at,
                            },
                            now,
                        );
                        match checked {
                            Ok(c) => {
                                report.subscribed += 1;
                                Ok(Ok(Some(Step::GrantExisting(c, confirmed))))
                            }
                            Err(Error::ConsentRefused(_)) => Ok(Err((
                                Field::GivenBy,
                                "is a minor in the register: a guardian's consent is needed",
                            ))),
                            Err(e) => Err(e),
                        }
                    }
                    None => {
                        let mut p = PersonInput::named(
                            &cols.cell(row, cols.given),
                            &cols.cell(row, cols.family),
                            Channel::ContactForm,
                            self.local_day(at).min(plan.today),
                        );
                        p.preferred_language = plan.language;
                        p.emails = vec![email.clone()];
                        if p.given_name.is_empty() && p.family_name.is_empty() {
                            // The address is all the tool knows of them.
                            p.family_name = email.split('@').next().unwrap_or("").into();
                        }
                        match p.cleaned(plan.today) {
                            Ok(p) => {
                                report.subscribed += 1;
                                report.created_people += 1;
                                Ok(Ok(Some(Step::GrantNew(
                                    Box::new(p),
                                    at,
                                    evidence,
                                    confirmed,
                                ))))
                            }
                            Err(Error::InvalidInput { field, reason }) => Ok(Err((field, reason))),
                            Err(Error::TooLong { field, .. }) => Ok(Err((field, "is too long"))),
                            Err(e) => Err(e),
                        }
                    }
                }
            }
        }
    }

    /// The wording and policy each step's time falls under, read before the transaction
    /// opens.
    fn prepare_mailing_steps(
        &self,
        steps: Vec<Step>,
        purpose_id: i64,
        versions: &[crate::consent::PurposeVersion],
    ) -> Result<Vec<Prepared>> {
        let offset = self.utc_offset();
        let day_of = |t: DateTime<Utc>| t.with_timezone(&offset).date_naive();
        let policy_at = |t: DateTime<Utc>| -> Result<Option<i64>> {
            Ok(self.consent().policy_in_force(day_of(t))?.map(|p| p.id))
        };
        let mut prepared = Vec::with_capacity(steps.len());
        for step in steps {
            let extra = match &step {
                Step::GrantNew(_, at, ..) => {
                    Some((wording_at(versions, day_of(*at)), policy_at(*at)?))
                }
                Step::Withdraw(id, at, _) => {
                    let version = self
                        .consent()
                        .history(*id)?
                        .iter()
                        .rev()
                        .find(|e| e.purpose_id == purpose_id)
                        .map(|e| e.purpose_version)
                        .unwrap_or(1);
                    Some((version, policy_at(*at)?))
                }
                _ => None,
            };
            prepared.push((step, extra));
        }
        Ok(prepared)
    }

    /// Writes every step of an import in one transaction, with its audit row.
    fn write_mailing_steps(
        &self,
        prepared: Vec<Prepared>,
        plan: &LinePlan,
        purpose_id: i64,
    ) -> Result<()> {
        let (now, today, key, list_id) = (plan.now, plan.today, &plan.key, plan.list_id);
        let tool = plan.columns.tool;
        let staff = self.staff.clone();
        let stamp = crate::time::stamp(now);
        let offset = self.utc_offset();
        let day_of = |t: DateTime<Utc>| t.with_timezone(&offset).date_naive();
        let tx = crate::register::write(&self.conn)?;
        for (step, extra) in prepared {
            match step {
                Step::GrantExisting(event, confirmed) => {
                    let seq = crate::consent::append_event(&tx, &staff, &event, now)?;
                    express_terms(&tx, seq, confirmed.as_deref())?;
                }
                Step::GrantNew(p, at, evidence, confirmed) => {
                    let (version, policy) = extra.unwrap_or((1, None));
                    let id = crate::people::insert_person(&tx, &p, &stamp)?;
                    let event = CheckedEvent::by_person(
                        id,
                        purpose_id,
                        version,
                        policy,
                        ConsentAction::Granted,
                        Channel::ContactForm,
                        evidence,
                        at,
                    );
                    let seq = crate::consent::append_event(&tx, &staff, &event, now)?;
                    express_terms(&tx, seq, confirmed.as_deref())?;
                }
                Step::Withdraw(id, at, email) => {
                    let (version, policy) = extra.unwrap_or((1, None));
                    let event = CheckedEvent::by_person(
                        id,
                        purpose_id,
                        version,
                        policy,
                        ConsentAction::Withdrawn,
                        Channel::Email,
                        format!(
                            "{tool} export: unsubscribed {} UTC",
                            at.format("%Y-%m-%d %H:%M:%S")
                        ),
                        at,
                    );
                    let seq = crate::consent::append_event(&tx, &staff, &event, now)?;
                    super::after_event(
                        &tx,
                        key,
                        super::Appended {
                            seq,
                            purpose_id,
                            person_id: id,
                            action: ConsentAction::Withdrawn,
                        },
                        day_of(at),
                        UnsubscribeSource::MailingTool,
                    )?;
                    suppress_for_list(&tx, key, list_id, &email, today)?;
                }
                Step::Suppress(email) => suppress_for_list(&tx, key, list_id, &email, today)?,
                Step::Undeliverable(email) => {
                    tx.execute(
                        "INSERT OR IGNORE INTO undeliverable_addresses (digest, since) VALUES (?1, ?2)",
                        rusqlite::params![
                            &crate::privacy::address_digest(key, AddressKind::Email, &email)[..],
                            today
                        ],
                    )?;
                }
            }
        }
        crate::register::audit::record(
            &tx,
            now,
            &staff,
            "newsletter.import",
            "newsletter_list",
            Some(list_id),
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A step with the wording version and the policy its time falls under (when it records
/// a consent event), read before the transaction opens.
type Prepared = (Step, Option<(i64, Option<i64>)>);

/// What an import judges each line against, read once before the first line.
struct LinePlan {
    list_id: i64,
    code: String,
    columns: MailingColumns,
    today: NaiveDate,
    language: Language,
    key: [u8; 32],
    blocked: std::collections::HashSet<[u8; 32]>,
    versions: Vec<crate::consent::PurposeVersion>,
    now: DateTime<Utc>,
}

/// Where a mailing tool's export keeps what Carnet reads (Mailchimp's and Brevo's
/// column names, in English and in French), and the state a Mailchimp file's kind implies.
struct MailingColumns {
    email: usize,
    given: Option<usize>,
    family: Option<usize>,
    optin: Option<usize>,
    confirm: Option<usize>,
    unsub: Option<usize>,
    optin_ip: Option<usize>,
    blocklist: Option<usize>,
    status: Option<MailingStatus>,
    tool: &'static str,
}

impl MailingColumns {
    fn find(table: &Table, format: MailingFormat) -> Result<MailingColumns> {
        let col = |names: &[&str]| {
            table
                .headers
                .iter()
                .position(|h| names.iter().any(|n| fold(h) == fold(n)))
        };
        let (email, given, family) = match format {
            MailingFormat::Mailchimp => (
                col(&["Email Address", "Adresse e-mail"]),
                col(&["First Name", "Prénom"]),
                col(&["Last Name", "Nom"]),
            ),
            MailingFormat::Brevo => (
                col(&["EMAIL"]),
                col(&["PRENOM", "FIRSTNAME"]),
                col(&["NOM", "LASTNAME"]),
            ),
        };
        let email = email.ok_or(Error::invalid(
            Field::ImportFile,
            "has no email column (Mailchimp: Email Address; Brevo: EMAIL)",
        ))?;
        let unsub = col(&["UNSUB_TIME"]);
        let clean = col(&["CLEAN_TIME"]);
        Ok(MailingColumns {
            email,
            given,
            family,
            optin: col(&["OPTIN_TIME", "ADDED_TIME", "DATE_ADDED"]),
            confirm: col(&["CONFIRM_TIME", "DOUBLE_OPT-IN", "DOUBLE_OPTIN_TIME"]),
            unsub,
            optin_ip: col(&["OPTIN_IP"]),
            blocklist: col(&[
                "EMAIL_BLACKLISTED",
                "BLACKLISTED",
                "EMAIL_BLOCKLISTED",
                "BLOCKLISTED",
                "emailBlacklisted",
            ]),
            status: match (format, unsub, clean) {
                (MailingFormat::Mailchimp, Some(_), _) => Some(MailingStatus::Unsubscribed),
                (MailingFormat::Mailchimp, None, Some(_)) => Some(MailingStatus::Cleaned),
                (MailingFormat::Mailchimp, None, None) => Some(MailingStatus::Subscribed),
                (MailingFormat::Brevo, ..) => None,
            },
            tool: match format {
                MailingFormat::Mailchimp => "Mailchimp",
                MailingFormat::Brevo => "Brevo",
            },
        })
    }

    /// The trimmed cell of column `i` on `row` ("" when the file has no such column).
    fn cell(&self, row: &crate::exchange::table::Row<'_>, i: Option<usize>) -> String {
        i.and_then(|i| row.cells.get(i))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default()
    }

    /// The consent's evidence: what the tool's file says of when and how they subscribed.
    fn evidence(
        &self,
        opted: Option<DateTime<Utc>>,
        confirmed: Option<DateTime<Utc>>,
        ip: &str,
    ) -> String {
        let tool = self.tool;
        let mut evidence = match opted {
            Some(t) => format!(
                "{tool} export: opted in {} UTC",
                t.format("%Y-%m-%d %H:%M:%S")
            ),
            None => format!("{tool} export: subscribed (no opt-in time in the file)"),
        };
        if !ip.is_empty() {
            evidence += &format!(" from {ip}");
        }
        if let Some(c) = confirmed {
            evidence += &format!(
                "; confirmed (double opt-in) {} UTC",
                c.format("%Y-%m-%d %H:%M:%S")
            );
        }
        evidence
    }
}

/// The terms of a subscription a mailing tool recorded: express, confirmed when it says so.
fn express_terms(conn: &rusqlite::Connection, seq: i64, confirmed: Option<&str>) -> Result<()> {
    super::write_terms(conn, seq, ConsentKind::Express, None, None, None, confirmed)
}

fn suppress_for_list(
    conn: &rusqlite::Connection,
    key: &[u8; 32],
    list_id: i64,
    email: &str,
    today: NaiveDate,
) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO list_suppressions (list_id, digest, added_on) VALUES (?1, ?2, ?3)",
        rusqlite::params![
            list_id,
            &crate::privacy::address_digest(key, AddressKind::Email, email)[..],
            today
        ],
    )?;
    Ok(())
}

/// The wording in force on `day`, or the first one for an opt-in made before Carnet
/// knew the list (the tool's own form showed it).
fn wording_at(versions: &[crate::consent::PurposeVersion], day: NaiveDate) -> i64 {
    versions
        .iter()
        .rev()
        .find(|v| v.effective_on <= day)
        .or(versions.first())
        .map(|v| v.version)
        .unwrap_or(1)
}

fn tool_csv(format: MailingFormat) -> SpreadsheetCsv {
    match format {
        MailingFormat::Mailchimp => SpreadsheetCsv::for_tool(b','),
        MailingFormat::Brevo => SpreadsheetCsv::for_tool(b';'),
    }
}

fn slug(name: &str) -> String {
    let s: String = fold(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    s.trim_matches('-').to_owned()
}
