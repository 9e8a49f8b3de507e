//! The processing register (Quebec: inventory of personal information; GDPR Art. 30):
//! what the office does with personal data, for whom, on what basis, who receives it and
//! how long it is kept. Versioned like the purpose wordings: a version takes effect on a
//! day and is never edited. The access report explains each person's data from the
//! version in force, listing only the activities that apply to that person; an erasure
//! lists the recipients to tell (GDPR Art. 19).

use crate::privacy::Privacy;
use crate::Contexts;
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::field::Field;
use crate::fold::bounded;
use crate::model::{DataCategory, Jurisdiction};
use crate::privacy::{LegalBasis, RecipientRole, RetentionCategory};
use crate::register::Register;

/// A text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Text {
    pub fr: String,
    pub en: String,
}

fn text(fr: &str, en: &str) -> Text {
    Text {
        fr: fr.into(),
        en: en.into(),
    }
}

/// Whose data an activity processes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "to")]
pub enum AppliesTo {
    /// Everyone in the register.
    Everyone,
    /// People with a membership.
    Members,
    /// Children and their guardians.
    Families,
    /// People a privacy request is about.
    Requesters,
    /// People who answered a consent purpose (granted or withdrew).
    Consent { purpose: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientEntry {
    pub name: String,
    pub role: RecipientRole,
    /// Where the data goes (a country, "Canada", "Union européenne"…).
    #[serde(default)]
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// A short stable key (`newsletter`, `membership`…).
    pub code: String,
    pub name: Text,
    pub purpose: Text,
    pub applies_to: AppliesTo,
    pub legal_basis: LegalBasis,
    pub categories: Vec<DataCategory>,
    #[serde(default)]
    pub recipients: Vec<RecipientEntry>,
    /// How long, in words ("three years after the membership ends").
    pub retention: Text,
    /// The retention rule that carries it out, if one does.
    #[serde(default)]
    pub rule: Option<RetentionCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessingRegister {
    /// 0: the jurisdiction's defaults, not adopted yet.
    pub version: i64,
    pub effective_on: Option<NaiveDate>,
    pub adopted_at: Option<String>,
    pub staff: Option<String>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessingVersion {
    pub version: i64,
    pub effective_on: NaiveDate,
    pub adopted_at: String,
    pub staff: String,
}

/// The register every office starts from, to adjust in Settings.
pub fn default_activities(j: Jurisdiction) -> Vec<Activity> {
    use DataCategory as C;
    let former = match j {
        Jurisdiction::Quebec => text(
            "Pendant la relation, puis trois ans après sa fin (dernière inscription, dernier échange).",
            "During the relationship, then three years after it ends (last enrolment, last exchange).",
        ),
        Jurisdiction::France => text(
            "Pendant la relation, puis trois ans après sa fin (dernière adhésion, dernier contact), conformément aux recommandations de la CNIL.",
            "During the relationship, then three years after it ends (last membership, last contact), as the CNIL recommends.",
        ),
    };
    vec![
        Activity {
            code: "register".into(),
            name: text("Registre des personnes", "Register of people"),
            purpose: text(
                "Tenir le dossier des élèves, membres, familles et contacts, et communiquer avec eux au sujet des activités.",
                "Keeping the records of pupils, members, families and contacts, and communicating with them about activities.",
            ),
            applies_to: AppliesTo::Everyone,
            legal_basis: LegalBasis::Contract,
            categories: vec![C::Identity, C::Contact, C::Address, C::BirthDate, C::Notes],
            recipients: vec![],
            retention: former.clone(),
            rule: Some(RetentionCategory::FormerPeople),
        },
        Activity {
            code: "membership".into(),
            name: text("Adhésions et inscriptions", "Memberships and enrolments"),
            purpose: text(
                "Gérer les inscriptions, les adhésions et leur paiement.",
                "Managing enrolments, memberships and their payment.",
            ),
            applies_to: AppliesTo::Members,
            legal_basis: LegalBasis::Contract,
            categories: vec![C::Identity, C::Membership],
            recipients: vec![RecipientEntry {
                name: match j {
                    Jurisdiction::Quebec => "Processeur de paiement (carte de crédit)".into(),
                    Jurisdiction::France => "Prestataire de paiement (carte bancaire)".into(),
                },
                role: RecipientRole::Processor,
                country: String::new(),
            }],
            retention: former.clone(),
            rule: Some(RetentionCategory::FormerPeople),
        },
        Activity {
            code: "families".into(),
            name: text("Mineurs et responsables", "Minors and guardians"),
            purpose: text(
                "Savoir qui peut consentir et agir pour un enfant, comme la loi l’exige.",
                "Knowing who may consent and act for a child, as the law requires.",
            ),
            applies_to: AppliesTo::Families,
            legal_basis: LegalBasis::LegalObligation,
            categories: vec![C::Family, C::ConsentRecords],
            recipients: vec![],
            retention: text(
                "Aussi longtemps que le dossier de l’enfant.",
                "As long as the child’s record.",
            ),
            rule: Some(RetentionCategory::FormerPeople),
        },
        Activity {
            code: "newsletter".into(),
            name: text("Infolettre", "Newsletter"),
            purpose: text(
                "Envoyer l’infolettre aux personnes qui l’ont demandée.",
                "Sending the newsletter to the people who asked for it.",
            ),
            applies_to: AppliesTo::Consent {
                purpose: "newsletter".into(),
            },
            legal_basis: LegalBasis::Consent,
            categories: vec![C::Identity, C::Contact, C::ConsentRecords],
            recipients: vec![RecipientEntry {
                name: "Service d’envoi de courriels (Mailchimp ou Brevo)".into(),
                role: RecipientRole::Processor,
                country: String::new(),
            }],
            retention: text(
                "Jusqu’au désabonnement ; la preuve du consentement est gardée tant que le dossier existe, puis rendue anonyme.",
                "Until unsubscribing; the proof of consent is kept as long as the record, then made anonymous.",
            ),
            rule: Some(RetentionCategory::FormerPeople),
        },
        Activity {
            code: "publication".into(),
            name: text("Photos et témoignages", "Photos and testimonials"),
            purpose: text(
                "Publier des photos et des témoignages sur le site et les réseaux sociaux.",
                "Publishing photos and testimonials on the website and social media.",
            ),
            applies_to: AppliesTo::Consent {
                purpose: "photos".into(),
            },
            legal_basis: LegalBasis::Consent,
            categories: vec![C::Identity, C::ConsentRecords],
            recipients: vec![RecipientEntry {
                name: "Public (site web, réseaux sociaux)".into(),
                role: RecipientRole::Public,
                country: String::new(),
            }],
            retention: text(
                "Jusqu’au retrait du consentement.",
                "Until the consent is withdrawn.",
            ),
            rule: None,
        },
        Activity {
            code: "contests".into(),
            name: text("Concours et envoi des prix", "Contests and prize shipping"),
            purpose: text(
                "Gérer les participations, le tirage et l’envoi des prix.",
                "Running entries, the draw and the shipping of prizes.",
            ),
            applies_to: AppliesTo::Consent {
                purpose: "contest_communications".into(),
            },
            legal_basis: LegalBasis::Consent,
            categories: vec![C::Identity, C::Contact, C::Address],
            recipients: vec![RecipientEntry {
                name: match j {
                    Jurisdiction::Quebec => "Transporteur (Postes Canada)".into(),
                    Jurisdiction::France => "Transporteur (La Poste)".into(),
                },
                role: RecipientRole::Recipient,
                country: String::new(),
            }],
            retention: text(
                "Jusqu’à l’envoi des prix, puis effacées.",
                "Until the prizes are shipped, then erased.",
            ),
            rule: None,
        },
        Activity {
            code: "requests".into(),
            name: text("Demandes d’accès et de droits", "Access and rights requests"),
            purpose: text(
                "Répondre aux demandes d’accès, de rectification, d’effacement et autres, et pouvoir prouver la réponse.",
                "Answering access, rectification, erasure and other requests, and being able to prove the answer.",
            ),
            applies_to: AppliesTo::Requesters,
            legal_basis: LegalBasis::LegalObligation,
            categories: vec![C::Identity, C::Requests],
            recipients: vec![],
            retention: text(
                "Cinq ans après la réponse ; les notes sont alors effacées.",
                "Five years after the answer; the notes are then erased.",
            ),
            rule: Some(RetentionCategory::ClosedRequests),
        },
    ]
}

const CODE_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789_";

fn checked(reg: &Register, activities: &[Activity]) -> Result<Vec<Activity>> {
    if activities.is_empty() {
        return Err(Error::invalid(
            Field::Activity,
            "declare at least one activity",
        ));
    }
    let purposes = reg.consent().purposes()?;
    let mut out: Vec<Activity> = Vec::new();
    for a in activities {
        let code = a.code.trim().to_owned();
        if code.is_empty() || !code.chars().all(|c| CODE_CHARS.contains(c)) {
            return Err(Error::invalid(
                Field::Activity,
                "each activity needs a key of lowercase letters, digits and _",
            ));
        }
        if out.iter().any(|o| o.code == code) {
            return Err(Error::invalid(
                Field::Activity,
                "two activities have the same key",
            ));
        }
        let both = |t: &Text, field: Field| -> Result<Text> {
            let t = Text {
                fr: bounded(field, &t.fr)?,
                en: bounded(field, &t.en)?,
            };
            if t.fr.is_empty() || t.en.is_empty() {
                return Err(Error::invalid(field, "write it in French and in English"));
            }
            Ok(t)
        };
        if a.categories.is_empty() {
            return Err(Error::invalid(
                Field::DataCategories,
                "name at least one category",
            ));
        }
        if let AppliesTo::Consent { purpose } = &a.applies_to {
            if !purposes.iter().any(|p| &p.code == purpose) {
                return Err(Error::NotFound { entity: "purpose" });
            }
        }
        let mut recipients = Vec::new();
        for r in &a.recipients {
            let name = bounded(Field::Recipient, &r.name)?;
            if name.is_empty() {
                continue;
            }
            recipients.push(RecipientEntry {
                name,
                role: r.role,
                country: bounded(Field::Country, &r.country)?,
            });
        }
        let mut categories = a.categories.clone();
        categories.sort_by_key(|c| c.as_str());
        categories.dedup();
        out.push(Activity {
            code,
            name: both(&a.name, Field::Activity)?,
            purpose: both(&a.purpose, Field::ActivityPurpose)?,
            applies_to: a.applies_to.clone(),
            legal_basis: a.legal_basis,
            categories,
            recipients,
            retention: both(&a.retention, Field::Retention)?,
            rule: a.rule,
        });
    }
    Ok(out)
}

impl Privacy<'_> {
    /// The register in force on `day` (the defaults when none was adopted by then).
    pub fn processing_register(&self, day: NaiveDate) -> Result<ProcessingRegister> {
        let row: Option<(i64, NaiveDate, String, String, String)> = self
            .conn
            .query_row(
                "SELECT version, effective_on, adopted_at, staff, body FROM processing_versions
                 WHERE effective_on <= ?1 ORDER BY effective_on DESC, version DESC LIMIT 1",
                [day],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        match row {
            Some((version, effective_on, adopted_at, staff, body)) => Ok(ProcessingRegister {
                version,
                effective_on: Some(effective_on),
                adopted_at: Some(adopted_at),
                staff: Some(staff),
                activities: serde_json::from_str(&body).map_err(|_| {
                    Error::Storage("a processing register version cannot be read".into())
                })?,
            }),
            None => Ok(ProcessingRegister {
                version: 0,
                effective_on: None,
                adopted_at: None,
                staff: None,
                activities: default_activities(self.org().profile()?.jurisdiction),
            }),
        }
    }

    /// The latest version (in force or taking effect later): what the editor starts from.
    pub fn processing_latest(&self) -> Result<ProcessingRegister> {
        let last: Option<NaiveDate> = self.conn.query_row(
            "SELECT max(effective_on) FROM processing_versions",
            [],
            |r| r.get(0),
        )?;
        match last {
            Some(day) => self.processing_register(day),
            None => self.processing_register(NaiveDate::MIN),
        }
    }

    pub fn processing_versions(&self) -> Result<Vec<ProcessingVersion>> {
        self.rows(
            "SELECT version, effective_on, adopted_at, staff FROM processing_versions ORDER BY version",
            [],
            |r| {
                Ok(ProcessingVersion {
                    version: r.get(0)?,
                    effective_on: r.get(1)?,
                    adopted_at: r.get(2)?,
                    staff: r.get(3)?,
                })
            },
        )
    }

    /// Adopts a new version, in force from `effective_on` (never before the latest one's
    /// day, never in the past: what was said before stays as it was).
    pub fn adopt_processing(
        &self,
        activities: &[Activity],
        effective_on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        self.require(crate::accounts::Permission::ProcessingRegister)?;
        if self.staff.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the staff member"));
        }
        if effective_on < self.local_day(now) {
            return Err(Error::invalid(
                Field::EffectiveDate,
                "cannot be in the past",
            ));
        }
        let last: Option<NaiveDate> = self.conn.query_row(
            "SELECT max(effective_on) FROM processing_versions",
            [],
            |r| r.get(0),
        )?;
        if last.is_some_and(|l| effective_on < l) {
            return Err(Error::invalid(
                Field::EffectiveDate,
                "is before the latest version's date",
            ));
        }
        let body = serde_json::to_string(&checked(self, activities)?).expect("activities");
        self.change(now, "processing.adopt", "processing_version", |tx| {
            let version: i64 = tx.query_row(
                "SELECT coalesce(max(version), 0) + 1 FROM processing_versions",
                [],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO processing_versions (version, effective_on, adopted_at, staff, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![version, effective_on, crate::time::stamp(now), tx.staff, body],
            )?;
            Ok((Some(version), version))
        })
    }

    /// The activities of the register in force on `day` that apply to a person.
    pub fn processing_of(&self, person_id: i64, day: NaiveDate) -> Result<Vec<Activity>> {
        let exists = |sql: &str| -> Result<bool> {
            Ok(self.conn.query_row(sql, [person_id], |r| r.get(0))?)
        };
        let member = exists("SELECT EXISTS (SELECT 1 FROM memberships WHERE person_id = ?1)")?;
        let family = exists(
            "SELECT EXISTS (SELECT 1 FROM guardianships WHERE child_id = ?1 OR guardian_person_id = ?1)",
        )?;
        let requester = exists(
            "SELECT EXISTS (SELECT 1 FROM requests WHERE person_id = ?1 OR requester_person_id = ?1)",
        )?;
        let answered: Vec<String> = self.rows(
            "SELECT DISTINCT p.code FROM consent_events e JOIN purposes p ON p.id = e.purpose_id
             WHERE e.person_id = ?1",
            [person_id],
            |r| r.get(0),
        )?;
        Ok(self
            .privacy()
            .processing_register(day)?
            .activities
            .into_iter()
            .filter(|a| match &a.applies_to {
                AppliesTo::Everyone => true,
                AppliesTo::Members => member,
                AppliesTo::Families => family,
                AppliesTo::Requesters => requester,
                AppliesTo::Consent { purpose } => answered.contains(purpose),
            })
            .collect())
    }
}

/// The recipients of `activities`, each once, in order.
pub fn recipients_of(activities: &[Activity]) -> Vec<RecipientEntry> {
    let mut out: Vec<RecipientEntry> = Vec::new();
    for r in activities.iter().flat_map(|a| &a.recipients) {
        if !out.iter().any(|o| o.name == r.name) {
            out.push(r.clone());
        }
    }
    out
}

/// A recipient to tell of an erasure or a rectification (GDPR Art. 19), and when it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecipientNotice {
    pub name: String,
    pub role: RecipientRole,
    pub notified_on: Option<NaiveDate>,
    pub staff: Option<String>,
}

impl Privacy<'_> {
    /// The checklist of a request: the recipients of the person's data (kept in the
    /// erasure's record once the person is erased) with the day each was told.
    pub fn recipient_notices(
        &self,
        request_id: i64,
        day: NaiveDate,
    ) -> Result<Vec<RecipientNotice>> {
        let req = self.requests().get(request_id)?;
        let recipients = match self.erasure_certificate(request_id) {
            Ok(cert) => cert.recipients,
            Err(_) if self.surrogate_of(req.data.person_id)?.is_none() => {
                recipients_of(&self.processing_of(req.data.person_id, day)?)
            }
            Err(_) => Vec::new(),
        };
        let done: Vec<(String, NaiveDate, String)> = self.rows(
            "SELECT recipient, notified_on, staff FROM recipient_notices WHERE request_id = ?1",
            [request_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(recipients
            .into_iter()
            .map(|r| {
                let d = done.iter().find(|d| d.0 == r.name);
                RecipientNotice {
                    notified_on: d.map(|d| d.1),
                    staff: d.map(|d| d.2.clone()),
                    name: r.name,
                    role: r.role,
                }
            })
            .collect())
    }

    /// Ticks a recipient of the checklist as told, on `on`.
    pub fn record_recipient_notice(
        &self,
        request_id: i64,
        recipient: &str,
        on: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let req = self.requests().get(request_id)?;
        if self.staff.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the staff member"));
        }
        if on < req.data.received_on || on > self.local_day(now) {
            return Err(Error::invalid(
                Field::NoticeDate,
                "must be between receipt and today",
            ));
        }
        let listed = self
            .privacy()
            .recipient_notices(request_id, self.local_day(now))?
            .iter()
            .any(|n| n.name == recipient);
        if !listed {
            return Err(Error::NotFound {
                entity: "recipient",
            });
        }
        self.change(now, "request.recipient_notice", "request", |tx| {
            tx.execute(
                "INSERT INTO recipient_notices (request_id, recipient, notified_on, staff) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (request_id, recipient) DO UPDATE SET notified_on = ?3, staff = ?4",
                rusqlite::params![request_id, recipient, on, tx.staff],
            )?;
            Ok((Some(request_id), ()))
        })
    }
}
