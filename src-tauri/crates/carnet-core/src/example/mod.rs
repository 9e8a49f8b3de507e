//! ARCHITECTURE.md's "Adding a context", walked (built for the tests only): the school lends
//! instruments. One folder (`example/`: the handle and its operations, `migrations.rs`
//! with its schema step and what erasure does to its table, `permissions.rs` with what
//! each operation takes) and, in `contexts.rs`, its handle on the `Contexts` trait and
//! its line in `HOOKS.contexts`. Nothing else in the domain changes: the frame migrates
//! its table, writes its audit rows and gathers its declarations.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::field::Field;
use crate::Contexts;

pub(crate) mod migrations;
pub mod permissions;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "loans",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// An instrument lent to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Loan {
    pub id: i64,
    pub person_id: i64,
    pub item: String,
    pub lent_on: NaiveDate,
}

crate::contexts::handle! {
    /// The school's instruments on loan: `reg.loans().lend(..)`, `.of(..)`.
    Loans
}

impl Loans<'_> {
    /// Lends `item` to a person of the register.
    pub fn lend(
        &self,
        person_id: i64,
        item: &str,
        lent_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let item = crate::fold::bounded(Field::Notes, item)?;
        if item.is_empty() {
            return Err(Error::invalid(Field::Notes, "name what is lent"));
        }
        if !self.people().exists(person_id)? {
            return Err(Error::NotFound { entity: "person" });
        }
        self.change(now, "loan.create", "loan", |tx| {
            tx.execute(
                "INSERT INTO loans (person_id, item, lent_on) VALUES (?1, ?2, ?3)",
                (person_id, &item, lent_on.to_string()),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    /// What a person has on loan.
    pub fn of(&self, person_id: i64) -> Result<Vec<Loan>> {
        self.rows(
            "SELECT id, person_id, item, lent_on FROM loans WHERE person_id = ?1 ORDER BY id",
            [person_id],
            |r| {
                Ok(Loan {
                    id: r.get(0)?,
                    person_id: r.get(1)?,
                    item: r.get(2)?,
                    lent_on: r.get(3)?,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Channel;
    use crate::people::PersonInput;
    use crate::register::migrations::LATEST;
    use chrono::TimeZone;

    /// The recipe's registrations are all it takes: a new register has the context's
    /// table, its operation writes an audit row, and the lists the frame and the tests
    /// read (schema, erasure, permissions) have its lines.
    #[test]
    fn a_context_added_by_the_recipe_works_end_to_end_in_the_domain() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 12, 6, 15, 0, 0).unwrap();
        let reg = crate::contexts::test_register(dir.path(), now);
        let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let pupil = reg
            .people()
            .add(
                &PersonInput::named("Léa", "Tremblay", Channel::PaperForm, day),
                now,
            )
            .unwrap();

        let id = reg.loans().lend(pupil, "Violon 1/2", day, now).unwrap();
        assert_eq!(
            reg.loans().of(pupil).unwrap(),
            [Loan {
                id,
                person_id: pupil,
                item: "Violon 1/2".into(),
                lent_on: day,
            }]
        );
        assert_eq!(
            reg.loans().lend(pupil, " ", day, now).unwrap_err().code(),
            crate::Code::InvalidInput
        );
        let audit = reg.audit_log(1).unwrap();
        assert_eq!(
            (audit[0].action.as_str(), audit[0].entity_id),
            ("loan.create", Some(id))
        );

        // Its step is the newest version, after every real one (a real step under 22 would
        // bump it); its declarations are gathered with the others.
        assert_eq!(migrations::MIGRATIONS[0].version, LATEST);
        assert!(crate::contexts::HOOKS
            .contexts
            .iter()
            .filter(|c| c.name != "loans")
            .all(|c| c.schema.iter().all(|s| s.version < LATEST)));
        assert!(crate::contexts::erasure_declared().any(|(t, _)| *t == "loans"));
        assert!(crate::contexts::operations().any(|(n, _)| *n == "loans.lend"));
    }
}
