//! The confidentiality-incident register: what it requires, the 72-hour clock in France,
//! "promptly" in Quebec, and five years of keeping.

mod common;

use carnet_core::incidents::{Clock, IncidentInput};
use carnet_core::incidents::{IncidentNature, Likelihood};
use carnet_core::model::{DataCategory, Jurisdiction};
use carnet_core::privacy::RetentionCategory;
use carnet_core::Contexts;
use carnet_core::{Code, Error, Field};
use chrono::{DateTime, TimeZone, Utc};
use common::*;

fn t(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn laptop() -> IncidentInput {
    IncidentInput {
        title: "Portable volé au secrétariat".into(),
        nature: IncidentNature::Loss,
        information:
            "Liste des inscriptions 2026 exportée en CSV (noms, courriels, dates de naissance)"
                .into(),
        categories: vec![
            DataCategory::Identity,
            DataCategory::Contact,
            DataCategory::BirthDate,
        ],
        circumstances: "Vol du portable dans la voiture d’une bénévole.".into(),
        occurred_from: Some(date("2026-11-19")),
        occurred_to: Some(date("2026-11-20")),
        learned_at: t(2026, 11, 20, 9),
        people_count: Some(214),
        records_count: Some(214),
        people_concerned: "Élèves et parents".into(),
        sensitivity: "Dates de naissance d’enfants".into(),
        misuse: "Hameçonnage ciblé".into(),
        consequences: "Courriels frauduleux aux familles".into(),
        likelihood: Some(Likelihood::Possible),
        serious_risk: None,
        authority_notified_on: None,
        authority_reason: String::new(),
        people_notified_on: None,
        public_notice_on: None,
        measures: String::new(),
    }
}

fn field_of(e: Error) -> Field {
    match e {
        Error::InvalidInput { field, .. } => field,
        e => panic!("{e:?}"),
    }
}

#[test]
fn the_72_hour_clock_runs_in_france_and_a_late_notice_gives_its_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    let day2 = t(2026, 11, 22, 9);
    let id = reg.incidents().add(&laptop(), day2).unwrap();
    let i = reg.incidents().get(id, day2).unwrap();
    assert_eq!(
        i.clock,
        Clock::Assess {
            hours_left: Some(24)
        }
    );
    assert_eq!(i.notify_by.as_deref(), Some("2026-11-23T09:00:00.000Z"));

    let mut serious = laptop();
    serious.serious_risk = Some(true);
    reg.incidents().update(id, &serious, day2).unwrap();
    assert_eq!(
        reg.incidents().get(id, day2).unwrap().clock,
        Clock::Running { hours_left: 24 }
    );
    let late = reg.incidents().get(id, t(2026, 11, 23, 10)).unwrap();
    assert_eq!(late.clock, Clock::Overdue { hours_late: 1 });
    // How pressing, decided here for every screen: red once overdue, amber while running.
    assert_eq!(late.urgency, Some(carnet_core::requests::Urgency::Overdue));
    assert_eq!(
        reg.incidents().get(id, day2).unwrap().urgency,
        Some(carnet_core::requests::Urgency::DueSoon)
    );

    // Told the CNIL on the 24th: late, so the reasons are required.
    let day4 = t(2026, 11, 24, 15);
    serious.authority_notified_on = Some(date("2026-11-24"));
    assert_eq!(
        field_of(reg.incidents().update(id, &serious, day4).unwrap_err()),
        Field::AuthorityReason
    );
    serious.authority_reason = "Inventaire des fichiers exportés terminé le 24.".into();
    reg.incidents().update(id, &serious, day4).unwrap();
    assert_eq!(
        reg.incidents().get(id, day4).unwrap().clock,
        Clock::Notified {
            on: date("2026-11-24"),
            late: true
        }
    );
    // No risk: why no notice is recorded.
    let mut minor = laptop();
    minor.serious_risk = Some(false);
    assert_eq!(
        field_of(reg.incidents().add(&minor, day2).unwrap_err()),
        Field::AuthorityReason
    );
    minor.authority_reason = "Disque chiffré, clé non compromise.".into();
    let id2 = reg.incidents().add(&minor, day2).unwrap();
    assert_eq!(
        reg.incidents().get(id2, day4).unwrap().clock,
        Clock::NotRequired
    );
    assert_eq!(reg.incidents().get(id2, day4).unwrap().urgency, None);
    assert_eq!(reg.incidents().all(day4).unwrap().len(), 2);
}

#[test]
fn quebec_asks_for_prompt_notices_and_every_incident_is_kept_five_years() {
    let dir = tempfile::tempdir().unwrap();
    let (reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    let day2 = t(2026, 11, 22, 9);
    let id = reg.incidents().add(&laptop(), day2).unwrap();
    assert_eq!(
        reg.incidents().get(id, day2).unwrap().clock,
        Clock::Assess { hours_left: None }
    );
    let mut serious = laptop();
    serious.serious_risk = Some(true);
    reg.incidents().update(id, &serious, day2).unwrap();
    assert_eq!(
        reg.incidents().get(id, day2).unwrap().clock,
        Clock::Promptly
    );

    // What the register refuses.
    let mut bad = laptop();
    bad.title = " ".into();
    assert_eq!(
        field_of(reg.incidents().add(&bad, day2).unwrap_err()),
        Field::IncidentTitle
    );
    let mut bad = laptop();
    bad.information.clear();
    assert_eq!(
        field_of(reg.incidents().add(&bad, day2).unwrap_err()),
        Field::IncidentInformation
    );
    let mut bad = laptop();
    bad.occurred_to = Some(date("2026-11-18"));
    assert_eq!(
        field_of(reg.incidents().add(&bad, day2).unwrap_err()),
        Field::IncidentPeriod
    );
    let mut bad = laptop();
    bad.occurred_from = Some(date("2026-11-21"));
    bad.occurred_to = None;
    assert_eq!(
        field_of(reg.incidents().add(&bad, day2).unwrap_err()),
        Field::IncidentPeriod
    );
    let mut bad = laptop();
    bad.learned_at = t(2026, 11, 23, 9);
    assert_eq!(
        field_of(reg.incidents().add(&bad, day2).unwrap_err()),
        Field::LearnedAt
    );
    let mut bad = laptop();
    bad.people_notified_on = Some(date("2026-11-19"));
    assert_eq!(
        field_of(reg.incidents().add(&bad, day2).unwrap_err()),
        Field::NoticeDate
    );

    // Five years at least, counted from the day the office learned of it.
    assert_eq!(
        reg.privacy()
            .set_retention(RetentionCategory::Incidents, 59, day2)
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    let incidents_due = |reg: &carnet_core::Register, when| {
        reg.privacy()
            .purge_preview(when)
            .unwrap()
            .rules
            .iter()
            .find(|r| r.category == RetentionCategory::Incidents)
            .unwrap()
            .due
    };
    assert_eq!(incidents_due(&reg, t(2031, 11, 20, 12)), 0);
    assert_eq!(incidents_due(&reg, t(2031, 11, 21, 12)), 1);
    reg.privacy().purge(t(2031, 11, 21, 12)).unwrap();
    assert!(reg.incidents().all(t(2031, 11, 21, 12)).unwrap().is_empty());
}

/// A notice's day is judged against the office's day the 72 hours end on, not UTC's: learned
/// at 00:30 in Paris on the 22nd (23:30 UTC on the 21st), the hours end at 00:30 on the 25th
/// in Paris — the 24th in UTC. A notice dated the 25th is on time; the 26th is late.
#[test]
fn a_notice_is_late_by_the_offices_day_not_utcs() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::France);
    reg.set_utc_offset(chrono::FixedOffset::east_opt(3600).unwrap());
    // 00:30 in Paris on the 22nd is 23:30 UTC on the 21st: the 72 hours end at 00:30 on the
    // 25th in Paris (23:30 UTC on the 24th).
    let mut i = laptop();
    i.learned_at = t(2026, 11, 21, 23) + chrono::Duration::minutes(30);
    i.serious_risk = Some(true);
    i.authority_notified_on = Some(date("2026-11-25"));
    let now = t(2026, 11, 25, 10);
    let id = reg.incidents().add(&i, now).unwrap();
    assert_eq!(
        reg.incidents().get(id, now).unwrap().clock,
        Clock::Notified {
            on: date("2026-11-25"),
            late: false
        },
        "sent on the office's last day"
    );
    // A day later is late, and needs its reasons.
    i.authority_notified_on = Some(date("2026-11-26"));
    assert_eq!(
        field_of(
            reg.incidents()
                .update(id, &i, t(2026, 11, 26, 10))
                .unwrap_err()
        ),
        Field::AuthorityReason
    );
}
