//! Guardian links (parent or tutor ↔ child, school acting for a pupil) and memberships.

use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::people::display_name;
pub(crate) mod migrations;
pub mod permissions;
mod vocabulary;
pub use vocabulary::*;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "family",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// Who acts for a child: a person (parent, tutor) or an organisation (school).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "id")]
pub enum Guardian {
    Person(i64),
    Organisation(i64),
}

/// One link as seen from either side; `name` is the other side's name only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuardianLink {
    pub id: i64,
    pub child_id: i64,
    pub guardian: Guardian,
    pub relation: Relation,
    pub since: NaiveDate,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipInput {
    #[serde(default)]
    pub category: String,
    pub starts_on: NaiveDate,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    pub status: MembershipStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub id: i64,
    pub person_id: i64,
    #[serde(flatten)]
    pub data: MembershipInput,
}

impl Membership {
    /// Active on `day`: status active and the day within the period.
    pub fn is_current(&self, day: NaiveDate) -> bool {
        self.data.status == MembershipStatus::Active
            && self.data.starts_on <= day
            && self.data.ends_on.is_none_or(|e| day <= e)
    }
}

crate::contexts::handle! {
    /// Families: `reg.family().link_guardian(..)`, `.children_of(id)`, memberships.
    Family
}

impl Family<'_> {
    pub fn link_guardian(
        &self,
        child_id: i64,
        guardian: Guardian,
        relation: Relation,
        since: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        if !self.people().exists(child_id)? {
            return Err(Error::NotFound { entity: "child" });
        }
        let (person, org) = match guardian {
            Guardian::Person(id) => {
                if id == child_id {
                    return Err(Error::invalid(
                        Field::Guardian,
                        "a person cannot be their own guardian",
                    ));
                }
                if relation == Relation::School {
                    return Err(Error::invalid(
                        Field::Relation,
                        "a person is a parent or a tutor, not a school",
                    ));
                }
                if !self.people().exists(id)? {
                    return Err(Error::NotFound { entity: "guardian" });
                }
                (Some(id), None)
            }
            Guardian::Organisation(id) => {
                if relation != Relation::School {
                    return Err(Error::invalid(
                        Field::Relation,
                        "an organisation acts for a pupil as a school",
                    ));
                }
                self.org().organisation(id)?;
                (None, Some(id))
            }
        };
        self.change(now, "guardianship.create", "guardianship", |tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM guardianships WHERE child_id = ?1 AND (guardian_person_id IS ?2 AND guardian_org_id IS ?3))",
                (child_id, person, org),
                |r| r.get(0),
            )?;
            if exists {
                return Err(Error::Conflict(
                    "this guardian is already linked to this child",
                ));
            }
            // A child of this child cannot become its guardian (no cycles of two).
            if let Some(p) = person {
                let reverse: bool = tx.query_row(
                    "SELECT EXISTS (SELECT 1 FROM guardianships WHERE child_id = ?1 AND guardian_person_id = ?2)",
                    (p, child_id),
                    |r| r.get(0),
                )?;
                if reverse {
                    return Err(Error::invalid(
                        Field::Guardian,
                        "this person is already a child of the other",
                    ));
                }
            }
            tx.execute(
                "INSERT INTO guardianships (child_id, guardian_person_id, guardian_org_id, relation, since) VALUES (?1, ?2, ?3, ?4, ?5)",
                (child_id, person, org, relation, since),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    pub fn unlink_guardian(&self, link_id: i64, now: DateTime<Utc>) -> Result<()> {
        self.change(now, "guardianship.delete", "guardianship", |tx| {
            if tx.execute("DELETE FROM guardianships WHERE id = ?1", [link_id])? == 0 {
                return Err(Error::NotFound {
                    entity: "guardian link",
                });
            }
            Ok((Some(link_id), ()))
        })
    }

    /// The guardians of a child (parents, tutors, schools).
    pub fn guardians_of(&self, child_id: i64) -> Result<Vec<GuardianLink>> {
        self.rows(
            "SELECT g.id, g.child_id, g.guardian_person_id, g.guardian_org_id, g.relation, g.since,
                    p.given_name, p.family_name, o.name
             FROM guardianships g
             LEFT JOIN people p ON p.id = g.guardian_person_id
             LEFT JOIN organisations o ON o.id = g.guardian_org_id
             WHERE g.child_id = ?1 ORDER BY g.id",
            [child_id],
            |r| {
                let person: Option<i64> = r.get(2)?;
                let org: Option<i64> = r.get(3)?;
                let name = match person {
                    Some(_) => display_name(&r.get::<_, String>(6)?, &r.get::<_, String>(7)?),
                    None => r.get(8)?,
                };
                Ok(GuardianLink {
                    id: r.get(0)?,
                    child_id: r.get(1)?,
                    guardian: match (person, org) {
                        (Some(p), _) => Guardian::Person(p),
                        (None, o) => Guardian::Organisation(o.unwrap_or_default()),
                    },
                    relation: r.get(4)?,
                    since: r.get(5)?,
                    name,
                })
            },
        )
    }

    /// The children a person is guardian of; `name` is the child's name.
    pub fn children_of(&self, guardian_id: i64) -> Result<Vec<GuardianLink>> {
        self.rows(
            "SELECT g.id, g.child_id, g.relation, g.since, p.given_name, p.family_name
             FROM guardianships g JOIN people p ON p.id = g.child_id
             WHERE g.guardian_person_id = ?1 ORDER BY p.sort_key, g.id",
            [guardian_id],
            |r| {
                Ok(GuardianLink {
                    id: r.get(0)?,
                    child_id: r.get(1)?,
                    guardian: Guardian::Person(guardian_id),
                    relation: r.get(2)?,
                    since: r.get(3)?,
                    name: display_name(&r.get::<_, String>(4)?, &r.get::<_, String>(5)?),
                })
            },
        )
    }

    pub(crate) fn is_guardian(&self, child_id: i64, guardian: Guardian) -> Result<bool> {
        let (p, o) = match guardian {
            Guardian::Person(id) => (Some(id), None),
            Guardian::Organisation(id) => (None, Some(id)),
        };
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM guardianships WHERE child_id = ?1 AND guardian_person_id IS ?2 AND guardian_org_id IS ?3",
                (child_id, p, o),
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    pub fn add_membership(
        &self,
        person_id: i64,
        m: &MembershipInput,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        if !self.people().exists(person_id)? {
            return Err(Error::NotFound { entity: "person" });
        }
        if m.ends_on.is_some_and(|e| e < m.starts_on) {
            return Err(Error::invalid(Field::MembershipEnd, "is before its start"));
        }
        let category = bounded(Field::Category, &m.category)?;
        self.change(now, "membership.create", "membership", |tx| {
            tx.execute(
                "INSERT INTO memberships (person_id, category, starts_on, ends_on, status) VALUES (?1, ?2, ?3, ?4, ?5)",
                (person_id, category, m.starts_on, m.ends_on, m.status),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    pub fn memberships_of(&self, person_id: i64) -> Result<Vec<Membership>> {
        self.rows(
            "SELECT id, person_id, category, starts_on, ends_on, status FROM memberships WHERE person_id = ?1 ORDER BY starts_on, id",
            [person_id],
            |r| {
            Ok(Membership {
                id: r.get(0)?,
                person_id: r.get(1)?,
                data: MembershipInput {
                    category: r.get(2)?,
                    starts_on: r.get(3)?,
                    ends_on: r.get(4)?,
                    status: r.get(5)?,
                },
            })
        },
        )
    }
}
