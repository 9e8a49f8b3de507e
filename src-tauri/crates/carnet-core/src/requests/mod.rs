//! The privacy-request register: who asked what, for whom, how their identity was
//! checked, the legal deadline, and the answer.

use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::model::{Channel, Jurisdiction};

mod deadline;
mod letters;
pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;
mod review;
mod view;
mod withdrawal;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "requests",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

pub use deadline::{deadline, extension_deadline, Deadline, DUE_SOON_DAYS};
pub use letters::{recipient, Acting, LetterKind, Recipient};
pub use review::{AccessReview, Approval, ReviewItem, WITHHELD};
pub use view::{ErasureStep, GroundChoice, PurposeChoice, RequestList, RequestPage, RequestRow};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInput {
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    pub channel: Channel,
    /// The person the request is about.
    pub person_id: i64,
    pub requester: Requester,
    /// The guardian, when a guardian asks for a child.
    #[serde(default)]
    pub requester_person_id: Option<i64>,
    /// A representative who is not in the register (lawyer, mandated person).
    #[serde(default)]
    pub requester_name: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityCheck {
    pub method: IdentityMethod,
    pub checked_by: String,
    pub checked_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub id: i64,
    #[serde(flatten)]
    pub data: RequestInput,
    pub identity: Option<IdentityCheck>,
    pub extension_notice_on: Option<NaiveDate>,
    pub extension_reason: String,
    pub status: RequestStatus,
    pub decision: String,
    /// The legal ground of a refusal, and the provision typed for `Other`.
    pub refusal: Option<Refusal>,
    pub responded_on: Option<NaiveDate>,
    pub deadline: Deadline,
}

/// The dashboard's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCounts {
    pub open: usize,
    pub due_soon: usize,
    pub overdue: usize,
}

impl RequestCounts {
    /// The figures of `requests` (closed ones count for nothing) on `today`.
    pub fn of(requests: &[Request], today: NaiveDate, soon: i64) -> RequestCounts {
        let open: Vec<&Request> = requests.iter().filter(|r| r.status.is_open()).collect();
        let count = |u: Urgency| {
            open.iter()
                .filter(|r| r.urgency(today, soon) == Some(u))
                .count()
        };
        RequestCounts {
            open: open.len(),
            due_soon: count(Urgency::DueSoon),
            overdue: count(Urgency::Overdue),
        }
    }
}

/// How pressing an open request is: the dashboard's amber and red.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Urgency {
    #[serde(rename = "soon")]
    DueSoon,
    #[serde(rename = "overdue")]
    Overdue,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub ground: RefusalGround,
    /// Only for `Other`: the provision relied on, as the staff member wrote it.
    #[serde(default)]
    pub provision: String,
}

impl Request {
    /// Days left before the deadline on `today` (negative when overdue); `None` once closed.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        self.status
            .is_open()
            .then(|| (self.deadline.due - today).num_days())
    }

    /// Overdue, or due within `soon` days, on `today`; `None` when neither or closed.
    pub fn urgency(&self, today: NaiveDate, soon: i64) -> Option<Urgency> {
        match self.days_left(today)? {
            d if d < 0 => Some(Urgency::Overdue),
            d if d <= soon => Some(Urgency::DueSoon),
            _ => None,
        }
    }

    /// Whether carrying the request out means withdrawing consents.
    pub fn withdraws_consents(&self) -> bool {
        matches!(
            self.data.kind,
            RequestKind::ConsentWithdrawal
                | RequestKind::StopCommunications
                | RequestKind::Objection
        )
    }

    /// Answered or refused on or before the deadline.
    pub fn on_time(&self) -> Option<bool> {
        self.responded_on.map(|d| d <= self.deadline.due)
    }
}

const COLUMNS: &str = "id, kind, received_on, channel, person_id, requester, requester_person_id, requester_name, notes,
    identity_method, identity_checked_by, identity_checked_on, extension_notice_on, extension_reason, status, decision, responded_on,
    refusal_ground, refusal_provision";

fn from_row(j: Jurisdiction) -> impl Fn(&Row<'_>) -> rusqlite::Result<Request> {
    move |r| {
        let method: Option<IdentityMethod> = r.get(9)?;
        let extension: Option<NaiveDate> = r.get(12)?;
        let ground: Option<RefusalGround> = r.get(17)?;
        let data = RequestInput {
            kind: r.get(1)?,
            received_on: r.get(2)?,
            channel: r.get(3)?,
            person_id: r.get(4)?,
            requester: r.get(5)?,
            requester_person_id: r.get(6)?,
            requester_name: r.get(7)?,
            notes: r.get(8)?,
        };
        Ok(Request {
            id: r.get(0)?,
            deadline: deadline(j, data.received_on, extension),
            data,
            identity: match method {
                Some(method) => Some(IdentityCheck {
                    method,
                    checked_by: r.get(10)?,
                    checked_on: r.get(11)?,
                }),
                None => None,
            },
            extension_notice_on: extension,
            extension_reason: r.get(13)?,
            status: r.get(14)?,
            decision: r.get(15)?,
            responded_on: r.get(16)?,
            refusal: match ground {
                Some(ground) => Some(Refusal {
                    ground,
                    provision: r.get(18)?,
                }),
                None => None,
            },
        })
    }
}

crate::contexts::handle! {
    /// Privacy requests: `reg.requests().add(..)`, `.page(id, now)`,
    /// `.verify_identity(..)`, `.close(..)`.
    Requests
}

impl Requests<'_> {
    pub fn add(&self, input: &RequestInput, now: DateTime<Utc>) -> Result<i64> {
        if input.received_on > self.local_day(now) {
            return Err(Error::invalid(Field::ReceivedDate, "is in the future"));
        }
        if !self.people().exists(input.person_id)? {
            return Err(Error::NotFound { entity: "person" });
        }
        let name = bounded(Field::Requester, &input.requester_name)?;
        let notes = bounded(Field::Notes, &input.notes)?;
        match input.requester {
            Requester::Person if input.requester_person_id.is_some() || !name.is_empty() => {
                return Err(Error::invalid(
                    Field::Requester,
                    "the person asks for themselves: name no one else",
                ))
            }
            Requester::Guardian => {
                let g = input.requester_person_id.ok_or(Error::invalid(
                    Field::Requester,
                    "name the guardian who asks",
                ))?;
                if !self
                    .family()
                    .is_guardian(input.person_id, crate::family::Guardian::Person(g))?
                {
                    return Err(Error::invalid(
                        Field::Requester,
                        "this person is not linked as the child's guardian",
                    ));
                }
            }
            Requester::Representative if name.is_empty() => {
                return Err(Error::invalid(Field::Requester, "name the representative"))
            }
            _ => {}
        }
        self.change(now, "request.create", "request", |tx| {
            tx.execute(
                "INSERT INTO requests (kind, received_on, channel, person_id, requester, requester_person_id, requester_name, notes, status, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received', ?9)",
                rusqlite::params![
                    input.kind, input.received_on, input.channel, input.person_id, input.requester,
                    input.requester_person_id, name, notes, crate::time::stamp(now)
                ],
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    pub fn get(&self, id: i64) -> Result<Request> {
        let j = self.org().profile()?.jurisdiction;
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM requests WHERE id = ?1"),
                [id],
                from_row(j),
            )
            .optional()?
            .ok_or(Error::NotFound { entity: "request" })
    }

    /// All requests, or the open ones, soonest deadline first.
    pub fn all(&self, open_only: bool) -> Result<Vec<Request>> {
        let mut all = self.select_requests("", [])?;
        if open_only {
            all.retain(|r| r.status.is_open());
        }
        all.sort_by_key(|r| (!r.status.is_open(), r.deadline.due, r.id));
        Ok(all)
    }

    /// The requests about a person or made by them (as a guardian), open ones first.
    pub fn involving(&self, person_id: i64) -> Result<Vec<Request>> {
        let mut all = self.select_requests(
            "WHERE person_id = ?1 OR requester_person_id = ?1",
            [person_id],
        )?;
        all.sort_by_key(|r| (!r.status.is_open(), r.deadline.due, r.id));
        Ok(all)
    }

    fn select_requests(&self, filter: &str, params: impl rusqlite::Params) -> Result<Vec<Request>> {
        let j = self.org().profile()?.jurisdiction;
        self.rows(
            &format!("SELECT {COLUMNS} FROM requests {filter} ORDER BY received_on, id"),
            params,
            from_row(j),
        )
    }

    /// Everything about the request's person, for a portability export: only once the
    /// requester's identity was checked.
    pub fn record(&self, id: i64, today: NaiveDate) -> Result<crate::export::PersonRecord> {
        let req = self.get(id)?;
        if req.identity.is_none() {
            return Err(Error::invalid(
                Field::IdentityCheck,
                "check the requester's identity before handing over data",
            ));
        }
        self.people().record(req.data.person_id, today)
    }

    /// Notes in the audit log that a document for the request was produced and saved
    /// (`document` is a fixed name such as `access_report`; nothing of its content).
    pub fn record_document(
        &self,
        id: i64,
        document: &'static str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.get(id)?;
        crate::register::audit::record(
            &self.conn,
            now,
            &self.staff,
            &format!("request.document.{document}"),
            "request",
            Some(id),
        )
    }

    /// How many requests are open, due within `soon` days, and overdue on `today`.
    pub fn counts(&self, today: NaiveDate, soon: i64) -> Result<RequestCounts> {
        Ok(RequestCounts::of(&self.all(true)?, today, soon))
    }

    /// Records how the requester's identity was checked (never a copy of a document).
    pub fn verify_identity(
        &self,
        id: i64,
        method: IdentityMethod,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let req = self.get(id)?;
        if !req.status.is_open() {
            return Err(Error::Conflict("the request is closed"));
        }
        if self.staff.is_empty() {
            return Err(Error::invalid(
                Field::Staff,
                "name the staff member who checked",
            ));
        }
        if on < req.data.received_on || on > self.local_day(now) {
            return Err(Error::invalid(
                Field::IdentityCheckDate,
                "must be between receipt and today",
            ));
        }
        self.change(now, "request.identity_verified", "request", |tx| {
            tx.execute(
                "UPDATE requests SET identity_method = ?2, identity_checked_by = ?3, identity_checked_on = ?4, status = 'identity_verified' WHERE id = ?1",
                (id, method, tx.staff, on),
            )?;
            Ok((Some(id), ()))
        })
    }

    /// Records the reasoned extension notice (France only, within the first month).
    pub fn extend(
        &self,
        id: i64,
        notice_on: NaiveDate,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<Deadline> {
        self.require(crate::accounts::Permission::RefuseRequest)?;
        let profile = self.org().profile()?;
        let req = self.get(id)?;
        if profile.jurisdiction == Jurisdiction::Quebec {
            return Err(Error::invalid(
                Field::Extension,
                "Quebec's 30-day deadline cannot be extended",
            ));
        }
        let reason = bounded(Field::Extension, reason)?;
        if reason.is_empty() {
            return Err(Error::invalid(
                Field::Extension,
                "the notice must give its reasons",
            ));
        }
        let first = extension_deadline(profile.jurisdiction, req.data.received_on);
        if notice_on < req.data.received_on || notice_on > first {
            return Err(Error::invalid(
                Field::Extension,
                "the notice must be sent within the first month",
            ));
        }
        if !req.status.is_open() {
            return Err(Error::Conflict("the request is closed"));
        }
        self.change(now, "request.extended", "request", |tx| {
            tx.execute(
                "UPDATE requests SET extension_notice_on = ?2, extension_reason = ?3 WHERE id = ?1",
                (id, notice_on, &reason),
            )?;
            Ok((Some(id), ()))
        })?;
        Ok(deadline(
            profile.jurisdiction,
            req.data.received_on,
            Some(notice_on),
        ))
    }

    /// Closes a request: answered, refused (with reasons and a legal ground the
    /// jurisdiction knows) or withdrawn by the requester.
    pub fn close(
        &self,
        id: i64,
        status: RequestStatus,
        decision: &str,
        refusal: Option<&Refusal>,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        if matches!(status, RequestStatus::Refused | RequestStatus::Withdrawn) {
            self.require(crate::accounts::Permission::RefuseRequest)?;
        }
        let req = self.get(id)?;
        // An erasure request is answered by the erasure itself: closing it as answered by
        // hand, with no one erased, is a refusal in effect.
        if req.data.kind == RequestKind::Erasure && status == RequestStatus::Answered {
            self.require(crate::accounts::Permission::RefuseRequest)?;
        }
        let j = self.org().profile()?.jurisdiction;
        let refusal = match (status, refusal) {
            (RequestStatus::Refused, None) => {
                return Err(Error::invalid(
                    Field::RefusalGround,
                    "a refusal must name the provision it relies on",
                ))
            }
            (RequestStatus::Refused, Some(r)) => {
                let provision = bounded(Field::RefusalGround, &r.provision)?;
                match r.ground {
                    RefusalGround::Other if provision.is_empty() => {
                        return Err(Error::invalid(
                            Field::RefusalGround,
                            "name the provision relied on",
                        ))
                    }
                    RefusalGround::Other => {}
                    g if g.provision(j).is_none() => {
                        return Err(Error::invalid(
                            Field::RefusalGround,
                            "does not exist in this jurisdiction",
                        ))
                    }
                    _ => {}
                }
                Some(Refusal {
                    ground: r.ground,
                    provision: if r.ground == RefusalGround::Other {
                        provision
                    } else {
                        String::new()
                    },
                })
            }
            (_, Some(_)) => {
                return Err(Error::invalid(
                    Field::RefusalGround,
                    "only a refusal names a ground",
                ))
            }
            (_, None) => None,
        };
        if status.is_open() {
            return Err(Error::invalid(
                Field::RequestStatus,
                "closing needs answered, refused or withdrawn",
            ));
        }
        if !req.status.is_open() {
            return Err(Error::Conflict("the request is already closed"));
        }
        if status == RequestStatus::Answered && req.identity.is_none() {
            return Err(Error::invalid(
                Field::IdentityCheck,
                "check the requester's identity before answering",
            ));
        }
        let decision = bounded(Field::Decision, decision)?;
        if status == RequestStatus::Refused && decision.is_empty() {
            return Err(Error::invalid(
                Field::Decision,
                "a refusal must give its reasons",
            ));
        }
        if on < req.data.received_on || on > self.local_day(now) {
            return Err(Error::invalid(
                Field::ResponseDate,
                "must be between receipt and today",
            ));
        }
        self.change(now, "request.closed", "request", |tx| {
            tx.execute(
                "UPDATE requests SET status = ?2, decision = ?3, responded_on = ?4, refusal_ground = ?5, refusal_provision = ?6 WHERE id = ?1",
                rusqlite::params![id, status, &decision, on, refusal.as_ref().map(|r| r.ground), refusal.as_ref().map(|r| r.provision.as_str()).unwrap_or("")],
            )?;
            Ok((Some(id), ()))
        })
    }

    /// Every request as CSV for an audit (for a spreadsheet: see [`SpreadsheetCsv`]):
    /// record ids, kinds, dates, identity checks, deadlines and outcomes; no names or
    /// contact details.
    pub fn csv(&self) -> Result<Vec<u8>> {
        self.require(crate::accounts::Permission::ExportRegister)?;
        let mut w = crate::csv_out::SpreadsheetCsv::new();
        self.write_requests(&mut w)?;
        w.finish()
    }

    pub(crate) fn write_requests(&self, w: &mut crate::csv_out::SpreadsheetCsv) -> Result<()> {
        w.row([
            "request_id",
            "kind",
            "received_on",
            "channel",
            "person_id",
            "requester",
            "requester_person_id",
            "identity_method",
            "identity_checked_by",
            "identity_checked_on",
            "extension_notice_on",
            "due_on",
            "status",
            "refusal_ground",
            "responded_on",
            "on_time",
        ])?;
        let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for r in self.all(false)? {
            w.row([
                r.id.to_string(),
                r.data.kind.to_string(),
                r.data.received_on.to_string(),
                r.data.channel.to_string(),
                r.data.person_id.to_string(),
                r.data.requester.to_string(),
                r.data
                    .requester_person_id
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
                r.identity
                    .as_ref()
                    .map(|i| i.method.to_string())
                    .unwrap_or_default(),
                r.identity
                    .as_ref()
                    .map(|i| i.checked_by.clone())
                    .unwrap_or_default(),
                opt(r.identity.as_ref().map(|i| i.checked_on)),
                opt(r.extension_notice_on),
                r.deadline.due.to_string(),
                r.status.to_string(),
                r.refusal
                    .as_ref()
                    .map(|x| x.ground.to_string())
                    .unwrap_or_default(),
                opt(r.responded_on),
                r.on_time()
                    .map(|b| if b { "yes" } else { "no" }.to_owned())
                    .unwrap_or_default(),
            ])?;
        }
        Ok(())
    }
}
