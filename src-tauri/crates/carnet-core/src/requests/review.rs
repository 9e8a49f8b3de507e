//! An access package's review before release (GDPR Art. 15(4); Quebec P-39.1 s. 40): the
//! report's items that may concern someone else are flagged (another person's name in a
//! family link or a consent, staff free text, a relative's name found in that text); the
//! reviewer masks an item with a ground from a closed list; an approval records who
//! released the package and a fingerprint of exactly what they saw. The letter is saved
//! only while the latest approval's fingerprint is the package's current one, and only the
//! person in charge approves a package with masked items.
//!
//! Items are keyed by the row they stand for (`guardians:7`, `consents:12:evidence`,
//! `identity:notes`), never by their content, so a mask outlives an edit of the row's text
//! (and the edit, changing the fingerprint, asks for a new approval).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{RefusalGround, Request, RequestKind, Requests};
use crate::accounts::Permission;
use crate::error::{Error, Result};
use crate::export::{PersonRecord, Withheld};
use crate::family::Guardian;
use crate::field::Field;
use crate::Contexts;

/// What a masked cell of the report holds: the documents print their own words for it
/// (never the masked text).
pub const WITHHELD: &str = "\u{2014}withheld\u{2014}";

/// One item of the report a reviewer may mask.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    /// Names the row: `identity:notes`, `guardians:<link>`, `children:<link>`,
    /// `consents:<seq>:giver`, `consents:<seq>:evidence`.
    pub key: String,
    /// The report's section (`identity`, `guardians`, `children`, `consents`) and the
    /// field within it (`notes`, `name`, `giver`, `evidence`).
    pub section: &'static str,
    pub field: &'static str,
    /// The text the report would print.
    pub text: String,
    /// Other people it names: the linked person, or relatives whose name is in the text.
    pub others: Vec<String>,
    /// Written by the office (notes, evidence): to read before release.
    pub staff_text: bool,
    /// Its mask, if masked.
    pub mask: Option<RefusalGround>,
}

impl ReviewItem {
    /// Whether the review draws the reviewer's eye to it.
    pub fn flagged(&self) -> bool {
        !self.others.is_empty() || self.staff_text
    }
}

/// Who released the package, and whether it is still the package they saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    pub by: String,
    pub at: String,
    /// Items withheld in what was approved.
    pub withheld: i64,
    /// The record and the masks are as they were when approved.
    pub current: bool,
}

/// The review of an access request's package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessReview {
    pub request_id: i64,
    /// Flagged items first, then the others, each in the report's order.
    pub items: Vec<ReviewItem>,
    /// The grounds a mask may rely on in the organisation's jurisdiction.
    pub grounds: Vec<RefusalGround>,
    pub approval: Option<Approval>,
    /// Approving now needs the person in charge (an item is masked).
    pub approval_needs_person_in_charge: bool,
}

impl AccessReview {
    /// The letter may be saved: approved, and nothing changed since.
    pub fn released(&self) -> bool {
        self.approval.as_ref().is_some_and(|a| a.current)
    }
}

/// Where an item sits in the record, to mask it there.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Notes,
    Guardian(usize),
    Child(usize),
    Giver(usize),
    Evidence(usize),
}

/// The grounds a mask may rely on: another person's information everywhere, legal
/// proceedings where the law names it (Quebec s. 39).
fn mask_grounds(j: crate::model::Jurisdiction) -> Vec<RefusalGround> {
    [RefusalGround::ThirdParty, RefusalGround::LegalProceedings]
        .into_iter()
        .filter(|g| g.provision(j).is_some())
        .collect()
}

/// A relative whose name the review looks for in the office's free text.
struct Relative {
    name: String,
    /// Folded words of their given name(s) (three letters or more) and their full name.
    given: Vec<String>,
    full: Vec<String>,
}

impl Relative {
    fn named_in(&self, text_tokens: &[String]) -> bool {
        let has = |w: &String| text_tokens.binary_search(w).is_ok();
        self.given.iter().any(has) || (!self.full.is_empty() && self.full.iter().all(has))
    }
}

impl Requests<'_> {
    fn access_request(&self, id: i64) -> Result<Request> {
        let req = self.get(id)?;
        if req.data.kind != RequestKind::Access {
            return Err(Error::Conflict(
                "only an access request has a package to review",
            ));
        }
        Ok(req)
    }

    /// The people close to the request's person whose names the review looks for:
    /// guardians, their other children, the person's own children (not the person, not
    /// the requester).
    fn relatives(&self, req: &Request) -> Result<Vec<Relative>> {
        let me = req.data.person_id;
        let mut ids: Vec<i64> = Vec::new();
        for g in self.family().guardians_of(me)? {
            if let Guardian::Person(p) = g.guardian {
                ids.push(p);
                ids.extend(self.family().children_of(p)?.iter().map(|c| c.child_id));
            }
        }
        ids.extend(self.family().children_of(me)?.iter().map(|c| c.child_id));
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|&p| p != me && Some(p) != req.data.requester_person_id);
        let mut out = Vec::new();
        for p in ids {
            let person = self.people().get(p)?;
            out.push(Relative {
                name: person.display_name(),
                given: crate::fold::tokens(&person.data.given_name)
                    .into_iter()
                    .filter(|w| w.chars().count() >= 3)
                    .collect(),
                full: crate::fold::tokens(&person.display_name()),
            });
        }
        Ok(out)
    }

    /// The record as the report would print it unmasked, and its items.
    fn items(
        &self,
        req: &Request,
        today: NaiveDate,
    ) -> Result<(PersonRecord, Vec<(ReviewItem, Slot)>)> {
        let me = req.data.person_id;
        let record = self.people().record(me, today)?;
        let relatives = self.relatives(req)?;
        let named = |text: &str| -> Vec<String> {
            let words = crate::fold::tokens(text);
            relatives
                .iter()
                .filter(|r| r.named_in(&words))
                .map(|r| r.name.clone())
                .collect()
        };
        let item = |key: String, section, field, text: String, others, staff_text| ReviewItem {
            key,
            section,
            field,
            text,
            others,
            staff_text,
            mask: None,
        };
        let mut items = Vec::new();
        let notes = &record.person.data.notes;
        if !notes.is_empty() {
            items.push((
                item(
                    "identity:notes".into(),
                    "identity",
                    "notes",
                    notes.clone(),
                    named(notes),
                    true,
                ),
                Slot::Notes,
            ));
        }
        for (i, g) in self.family().guardians_of(me)?.into_iter().enumerate() {
            // The requester's own link is about them; a school is not a person.
            let other = matches!(g.guardian, Guardian::Person(p) if Some(p) != req.data.requester_person_id);
            let others = if other { vec![g.name.clone()] } else { vec![] };
            items.push((
                item(
                    format!("guardians:{}", g.id),
                    "guardians",
                    "name",
                    g.name,
                    others,
                    false,
                ),
                Slot::Guardian(i),
            ));
        }
        for (i, c) in self.family().children_of(me)?.into_iter().enumerate() {
            items.push((
                item(
                    format!("children:{}", c.id),
                    "children",
                    "name",
                    c.name.clone(),
                    vec![c.name],
                    false,
                ),
                Slot::Child(i),
            ));
        }
        let history = self.consent().history(me)?;
        for (i, (e, line)) in history.iter().zip(&record.consent_lines).enumerate() {
            if !line.giver.is_empty() {
                let other = e
                    .giver_person_id
                    .is_some_and(|p| p != me && Some(p) != req.data.requester_person_id);
                items.push((
                    item(
                        format!("consents:{}:giver", e.seq),
                        "consents",
                        "giver",
                        line.giver.clone(),
                        if other {
                            vec![line.giver.clone()]
                        } else {
                            vec![]
                        },
                        false,
                    ),
                    Slot::Giver(i),
                ));
            }
            if !line.evidence.is_empty() {
                items.push((
                    item(
                        format!("consents:{}:evidence", e.seq),
                        "consents",
                        "evidence",
                        line.evidence.clone(),
                        named(&line.evidence),
                        true,
                    ),
                    Slot::Evidence(i),
                ));
            }
        }
        let masks: Vec<(String, RefusalGround)> = self.rows(
            "SELECT item, ground FROM access_masks WHERE request_id = ?1",
            [req.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        for (it, _) in &mut items {
            it.mask = masks.iter().find(|m| m.0 == it.key).map(|m| m.1);
        }
        Ok((record, items))
    }

    /// A fingerprint of what a reviewer sees: every item's key, text and mask.
    fn fingerprint(items: &[(ReviewItem, Slot)]) -> String {
        let mut h = Sha256::new();
        for (it, _) in items {
            for part in [
                it.key.as_str(),
                it.text.as_str(),
                it.mask.map_or("", |g| g.as_str()),
            ] {
                h.update(part.as_bytes());
                h.update([0]);
            }
        }
        hex::encode(h.finalize())
    }

    /// The review of an access request's package as of `today`.
    pub fn access_review(&self, id: i64, today: NaiveDate) -> Result<AccessReview> {
        let req = self.access_request(id)?;
        let (_, items) = self.items(&req, today)?;
        let fingerprint = Self::fingerprint(&items);
        let approval = self
            .conn
            .query_row(
                "SELECT approved_by, approved_at, withheld, fingerprint FROM access_approvals
                 WHERE request_id = ?1 ORDER BY id DESC LIMIT 1",
                [id],
                |r| {
                    Ok(Approval {
                        by: r.get(0)?,
                        at: r.get(1)?,
                        withheld: r.get(2)?,
                        current: r.get::<_, String>(3)? == fingerprint,
                    })
                },
            )
            .optional()?;
        let approval_needs_person_in_charge = items.iter().any(|(i, _)| i.mask.is_some());
        let mut items: Vec<ReviewItem> = items.into_iter().map(|(i, _)| i).collect();
        items.sort_by_key(|i| !i.flagged());
        Ok(AccessReview {
            request_id: id,
            items,
            grounds: mask_grounds(self.org().profile()?.jurisdiction),
            approval,
            approval_needs_person_in_charge,
        })
    }

    /// The record the access report prints: masked items replaced by [`WITHHELD`], and
    /// listed in `withheld` with their ground. (Saving the letter also needs
    /// [`Requests::require_released`].)
    pub fn access_package(&self, id: i64, today: NaiveDate) -> Result<PersonRecord> {
        let req = self.access_request(id)?;
        let (mut record, items) = self.items(&req, today)?;
        let rows = |record: &mut PersonRecord, key: &str| -> Option<usize> {
            record.sections.iter().position(|s| s.key == key)
        };
        for (it, slot) in &items {
            let Some(ground) = it.mask else { continue };
            let w = WITHHELD.to_owned();
            match *slot {
                Slot::Notes => {
                    record.person.data.notes = w.clone();
                    if let Some(s) = rows(&mut record, "identity") {
                        for r in &mut record.sections[s].rows {
                            if r[0] == "notes" {
                                r[1] = w.clone();
                            }
                        }
                    }
                }
                Slot::Guardian(i) | Slot::Child(i) => {
                    let key = if matches!(slot, Slot::Guardian(_)) {
                        "guardians"
                    } else {
                        "children"
                    };
                    if let Some(s) = rows(&mut record, key) {
                        record.sections[s].rows[i][0] = w.clone();
                    }
                }
                Slot::Giver(i) | Slot::Evidence(i) => {
                    let (col, line) = (
                        if matches!(slot, Slot::Giver(_)) { 6 } else { 8 },
                        &mut record.consent_lines[i],
                    );
                    if col == 6 {
                        line.giver = w.clone();
                    } else {
                        line.evidence = w.clone();
                    }
                    if let Some(s) = rows(&mut record, "consents") {
                        record.sections[s].rows[i][col] = w.clone();
                    }
                }
            }
            record.withheld.push(Withheld {
                section: it.section,
                field: it.field,
                ground,
            });
        }
        Ok(record)
    }

    /// Masks an item of the package with its ground (anyone may prepare a review; only the
    /// person in charge approves it then).
    pub fn mask(
        &self,
        id: i64,
        item: &str,
        ground: RefusalGround,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let req = self.access_request(id)?;
        if !req.status.is_open() {
            return Err(Error::Conflict("the request is closed"));
        }
        let (_, items) = self.items(&req, self.local_day(now))?;
        if !items.iter().any(|(i, _)| i.key == item) {
            return Err(Error::NotFound {
                entity: "item of the access report",
            });
        }
        if !mask_grounds(self.org().profile()?.jurisdiction).contains(&ground) {
            return Err(Error::invalid(
                Field::RefusalGround,
                "an item is withheld for another person's information, or a legal ground the law names here",
            ));
        }
        self.change(now, "request.access_item.mask", "request", |tx| {
            tx.execute(
                "INSERT INTO access_masks (request_id, item, ground, masked_by, masked_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (request_id, item) DO UPDATE SET ground = ?3, masked_by = ?4, masked_at = ?5",
                (id, item, ground, tx.staff, crate::time::stamp(now)),
            )?;
            Ok((Some(id), ()))
        })
    }

    /// Gives an item back to the report.
    pub fn unmask(&self, id: i64, item: &str, now: DateTime<Utc>) -> Result<()> {
        let req = self.access_request(id)?;
        if !req.status.is_open() {
            return Err(Error::Conflict("the request is closed"));
        }
        self.change(now, "request.access_item.unmask", "request", |tx| {
            tx.execute(
                "DELETE FROM access_masks WHERE request_id = ?1 AND item = ?2",
                (id, item),
            )?;
            Ok((Some(id), ()))
        })
    }

    /// Approves the package as it stands: who, when, how many items withheld, and the
    /// fingerprint of what was seen. With an item masked, only the person in charge may.
    pub fn approve_access_package(&self, id: i64, now: DateTime<Utc>) -> Result<Approval> {
        let req = self.access_request(id)?;
        if req.identity.is_none() {
            return Err(Error::Conflict(
                "check the requester's identity before approving the package",
            ));
        }
        let (_, items) = self.items(&req, self.local_day(now))?;
        let withheld = items.iter().filter(|(i, _)| i.mask.is_some()).count() as i64;
        if withheld > 0 {
            self.require(Permission::RefuseRequest)?;
        }
        if self.staff.is_empty() {
            return Err(Error::invalid(
                Field::Staff,
                "name the staff member who approves",
            ));
        }
        let fingerprint = Self::fingerprint(&items);
        let at = crate::time::stamp(now);
        self.change(now, "request.access_package.approve", "request", |tx| {
            tx.execute(
                "INSERT INTO access_approvals (request_id, approved_by, approved_at, withheld, fingerprint) VALUES (?1, ?2, ?3, ?4, ?5)",
                (id, tx.staff, &at, withheld, &fingerprint),
            )?;
            Ok((Some(id), ()))
        })?;
        Ok(Approval {
            by: self.staff.clone(),
            at,
            withheld,
            current: true,
        })
    }

    /// Refuses unless the package was approved as it stands today (the letter is about to
    /// be saved or sent).
    pub fn require_released(&self, id: i64, today: NaiveDate) -> Result<()> {
        let review = self.access_review(id, today)?;
        match review.approval {
            Some(a) if a.current => Ok(()),
            Some(_) => Err(Error::Conflict(
                "the record or the masks changed since the package was approved: review it and approve it again",
            )),
            None => Err(Error::Conflict(
                "review the access package and approve it before saving its letter",
            )),
        }
    }
}
