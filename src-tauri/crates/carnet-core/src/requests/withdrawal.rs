//! Withdrawals carried out from a request: the consent events a withdrawal,
//! stop-communications or objection request records, linked to it.

use crate::requests::Requests;
use crate::Contexts;
use chrono::{DateTime, Utc};

use crate::consent::{append_event, ConsentEvent, ConsentInput};
use crate::consent::{ConsentAction, GivenBy};
use crate::error::{Error, Result};
use crate::family::Guardian;
use crate::field::Field;
use crate::requests::Requester;

impl Requests<'_> {
    /// Carries out a consent withdrawal, stop-communications or objection request: one
    /// `withdrawn` event per chosen purpose, given by the requester (a guardian for a
    /// child; a representative acts in the person's name), on the request's channel, with
    /// the request as evidence, all linked to the request in one transaction. Identity is
    /// not required first: withdrawing must be as easy as consenting.
    pub fn withdraw_for(
        &self,
        id: i64,
        purposes: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<ConsentEvent>> {
        let req = self.get(id)?;
        if !req.withdraws_consents() {
            return Err(Error::Conflict(
                "only a withdrawal, stop-communications or objection request withdraws consents",
            ));
        }
        if !req.status.is_open() {
            return Err(Error::Conflict("the request is closed"));
        }
        let mut chosen: Vec<&str> = purposes.iter().map(|p| p.trim()).collect();
        chosen.sort_unstable();
        chosen.dedup();
        if chosen.is_empty() {
            return Err(Error::invalid(
                Field::Purposes,
                "choose at least one consent to withdraw",
            ));
        }
        let granted = self.consent().state(req.data.person_id)?;
        if chosen
            .iter()
            .any(|c| !granted.iter().any(|s| s.granted && s.purpose_code == *c))
        {
            return Err(Error::invalid(
                Field::Purposes,
                "only a consent currently given can be withdrawn",
            ));
        }
        let fr = self.org().profile()?.language == crate::model::Language::Fr;
        let mut evidence = if fr {
            format!("Demande nº {id} reçue le {}", req.data.received_on)
        } else {
            format!("Request no. {id} received {}", req.data.received_on)
        };
        let (given_by, giver) = match req.data.requester {
            Requester::Guardian => (
                GivenBy::Guardian,
                req.data.requester_person_id.map(Guardian::Person),
            ),
            Requester::Representative => {
                evidence += &if fr {
                    format!(" ; par {}, représentant", req.data.requester_name)
                } else {
                    format!("; by {}, representative", req.data.requester_name)
                };
                (GivenBy::Person, None)
            }
            Requester::Person => (GivenBy::Person, None),
        };
        let checked = chosen
            .iter()
            .map(|code| {
                self.consent().check(
                    &ConsentInput {
                        person_id: req.data.person_id,
                        purpose: (*code).to_owned(),
                        purpose_version: None,
                        action: ConsentAction::Withdrawn,
                        channel: req.data.channel,
                        given_by,
                        giver,
                        evidence: evidence.clone(),
                        occurred_at: now,
                    },
                    now,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        let key = self.suppression_key();
        let day = self.local_day(now);
        let seqs = self.change(now, "request.consents_withdrawn", "request", |tx| {
            let mut seqs = Vec::with_capacity(checked.len());
            for event in &checked {
                let seq = append_event(tx, tx.staff, event, now)?;
                crate::newsletter::after_event(
                    tx,
                    &key,
                    crate::newsletter::Appended {
                        seq,
                        purpose_id: event.purpose_id,
                        person_id: event.person_id,
                        action: event.action,
                    },
                    day,
                    crate::newsletter::UnsubscribeSource::Office,
                )?;
                tx.execute(
                    "INSERT INTO request_consent_events (request_id, seq) VALUES (?1, ?2)",
                    (id, seq),
                )?;
                seqs.push(seq);
            }
            Ok((Some(id), seqs))
        })?;
        self.backups().note_decisions();
        seqs.into_iter().map(|s| self.consent().event(s)).collect()
    }

    /// The consent events recorded as part of a request, oldest first.
    pub fn consent_events(&self, id: i64) -> Result<Vec<ConsentEvent>> {
        let seqs = self.rows(
            "SELECT seq FROM request_consent_events WHERE request_id = ?1 ORDER BY seq",
            [id],
            |r| r.get::<_, i64>(0),
        )?;
        seqs.into_iter().map(|s| self.consent().event(s)).collect()
    }
}
