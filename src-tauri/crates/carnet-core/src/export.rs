//! Everything the register holds about one person, as labelled sections: the access
//! report prints them and the portability export writes them. A new kind of record
//! becomes a new section here, and both outputs show it without change.

use crate::people::People;
use crate::Contexts;
use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::people::Person;

/// One section: a stable key (the documents translate it), column keys, and rows of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    pub key: &'static str,
    /// Data the person gave us (portability exports these; not other people's names,
    /// not what the organisation wrote down about the requests).
    pub provided: bool,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRecord {
    pub person: Person,
    pub age: Option<i32>,
    pub sections: Vec<Section>,
    /// Wording of each purpose version the person answered, keyed `code vN`.
    pub wordings: Vec<(String, String, String)>,
    /// What the office does with this person's data: the activities of the processing
    /// register in force that apply to them (purposes, categories, recipients, retention).
    pub processing: Vec<crate::privacy::Activity>,
    /// The retention rules in force, for the months behind each activity's rule.
    pub retention: Vec<crate::privacy::RetentionRule>,
    /// The processing register's version these explanations come from (0: the defaults)
    /// and the day it took effect.
    pub processing_version: i64,
    pub processing_since: Option<NaiveDate>,
    /// The consent history as a letter tells it: the office's day, the purpose's label
    /// and the wording that was answered (no codes, versions or staff).
    pub consent_lines: Vec<ConsentLine>,
    /// A licence is held in the person's own name (its terms are payments).
    pub holds_licence: bool,
    /// What an access package's review withheld (its cells hold
    /// [`crate::requests::WITHHELD`]); empty outside an access package.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<Withheld>,
}

/// An item withheld from an access report, and the ground it was withheld on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withheld {
    /// The report's section and the field (`guardians`/`name`, `consents`/`evidence`…).
    pub section: &'static str,
    pub field: &'static str,
    pub ground: crate::requests::RefusalGround,
}

/// One consent decision, as the person (or their parent) reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConsentLine {
    /// The office's day it was decided.
    pub on: NaiveDate,
    pub label_fr: String,
    pub label_en: String,
    pub action: crate::consent::ConsentAction,
    pub given_by: crate::consent::GivenBy,
    /// Who gave or withdrew it, when not the person (a parent, a school).
    pub giver: String,
    pub channel: crate::model::Channel,
    pub evidence: String,
    /// The wording as it read when it was answered (empty if its version is unknown).
    pub wording_fr: String,
    pub wording_en: String,
    /// The privacy policy in force when it was answered (its label), if one was recorded.
    pub policy: String,
}

impl PersonRecord {
    /// Whether the register holds data of `category` about this person today: a letter
    /// lists only these (no "e-mail" for a child with none).
    pub fn holds(&self, category: crate::model::DataCategory) -> bool {
        use crate::model::DataCategory as C;
        let p = &self.person.data;
        let a = &p.address;
        let rows = |key: &str| {
            self.sections
                .iter()
                .any(|s| s.key == key && !s.rows.is_empty())
        };
        match category {
            C::Identity => true,
            C::Contact => !p.emails.is_empty() || !p.phones.is_empty(),
            C::Address => [&a.street, &a.city, &a.region, &a.postal_code, &a.country]
                .iter()
                .any(|f| !f.is_empty()),
            C::BirthDate => p.birth_date.is_some(),
            C::Notes => !p.notes.is_empty(),
            C::Membership => rows("memberships"),
            C::Family => rows("guardians") || rows("children"),
            C::ConsentRecords => rows("consents"),
            C::Requests => rows("requests"),
            // A licence held in the person's own name carries its price and invoices.
            C::Payment => self.holds_licence,
        }
    }
}

fn opt(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

impl People<'_> {
    /// Every piece of data held about a person. Other people appear by name only.
    pub fn record(&self, id: i64, today: NaiveDate) -> Result<PersonRecord> {
        let person = self.get(id)?;
        let p = &person.data;
        let identity = Section {
            key: "identity",
            provided: true,
            columns: vec!["field", "value"],
            rows: vec![
                vec!["given_name".into(), p.given_name.clone()],
                vec!["family_name".into(), p.family_name.clone()],
                vec!["birth_date".into(), opt(p.birth_date)],
                vec![
                    "preferred_language".into(),
                    p.preferred_language.to_string(),
                ],
                vec!["emails".into(), p.emails.join(", ")],
                vec!["phones".into(), p.phones.join(", ")],
                vec!["street".into(), p.address.street.clone()],
                vec!["city".into(), p.address.city.clone()],
                vec!["region".into(), p.address.region.clone()],
                vec!["postal_code".into(), p.address.postal_code.clone()],
                vec!["country".into(), p.address.country.clone()],
                vec!["notes".into(), p.notes.clone()],
                vec![
                    "collection_channel".into(),
                    p.collection_channel.to_string(),
                ],
                vec!["collected_on".into(), p.collected_on.to_string()],
                vec![
                    "record_created".into(),
                    person.created_at.get(..10).unwrap_or_default().to_owned(),
                ],
            ]
            .into_iter()
            .filter(|r| !r[1].is_empty())
            .collect(),
        };
        let guardians = Section {
            key: "guardians",
            provided: false,
            columns: vec!["name", "relation", "since"],
            rows: self
                .family()
                .guardians_of(id)?
                .into_iter()
                .map(|g| vec![g.name, g.relation.to_string(), g.since.to_string()])
                .collect(),
        };
        let children = Section {
            key: "children",
            provided: false,
            columns: vec!["name", "relation", "since"],
            rows: self
                .family()
                .children_of(id)?
                .into_iter()
                .map(|g| vec![g.name, g.relation.to_string(), g.since.to_string()])
                .collect(),
        };
        let memberships = Section {
            key: "memberships",
            provided: true,
            columns: vec!["category", "starts_on", "ends_on", "status"],
            rows: self
                .family()
                .memberships_of(id)?
                .into_iter()
                .map(|m| {
                    vec![
                        m.data.category,
                        m.data.starts_on.to_string(),
                        opt(m.data.ends_on),
                        m.data.status.to_string(),
                    ]
                })
                .collect(),
        };
        let history = self.consent().history(id)?;
        let giver_name = |e: &crate::consent::ConsentEvent| -> Result<String> {
            Ok(match (e.giver_person_id, e.giver_org_id) {
                // An erased guardian is named by their surrogate.
                (Some(pid), _) => self.privacy().name_and_language(pid)?.0,
                (None, Some(oid)) => self.org().organisation(oid)?.data.name,
                _ => String::new(),
            })
        };
        let mut consent_rows = Vec::new();
        let mut wordings: Vec<(String, String, String)> = Vec::new();
        let mut consent_lines = Vec::new();
        let mut versions: Vec<crate::consent::PurposeVersion> = Vec::new();
        let mut fetched: Vec<i64> = Vec::new();
        for e in &history {
            // Each purpose's versions read once, whatever its events.
            if !fetched.contains(&e.purpose_id) {
                fetched.push(e.purpose_id);
                versions.extend(self.consent().purpose_versions(e.purpose_id)?);
            }
            // Every event is told, its purpose's code standing in for a label whose
            // version cannot be found.
            let version = versions
                .iter()
                .find(|v| v.purpose_id == e.purpose_id && v.version == e.purpose_version);
            let on = crate::time::parse_stamp(&e.occurred_at)
                .map(|t| self.local_day(t))
                .unwrap_or(person.data.collected_on);
            consent_lines.push(ConsentLine {
                on,
                label_fr: version.map_or(e.purpose_code.clone(), |v| v.wording.label_fr.clone()),
                label_en: version.map_or(e.purpose_code.clone(), |v| v.wording.label_en.clone()),
                action: e.action,
                given_by: e.given_by,
                giver: giver_name(e)?,
                channel: e.channel,
                evidence: e.evidence.clone(),
                wording_fr: version
                    .map(|v| v.wording.wording_fr.clone())
                    .unwrap_or_default(),
                wording_en: version
                    .map(|v| v.wording.wording_en.clone())
                    .unwrap_or_default(),
                policy: e.policy_label.clone().unwrap_or_default(),
            });
            consent_rows.push(vec![
                e.occurred_at.get(..10).unwrap_or_default().to_owned(),
                e.purpose_code.clone(),
                e.action.to_string(),
                format!("v{}", e.purpose_version),
                e.policy_label.clone().unwrap_or_default(),
                e.given_by.to_string(),
                giver_name(e)?,
                e.channel.to_string(),
                e.evidence.clone(),
                e.staff.clone(),
            ]);
            let key = format!("{} v{}", e.purpose_code, e.purpose_version);
            if !wordings.iter().any(|w| w.0 == key) {
                if let Some(v) = self
                    .consent()
                    .purpose_versions(e.purpose_id)?
                    .into_iter()
                    .find(|v| v.version == e.purpose_version)
                {
                    wordings.push((key, v.wording.wording_fr, v.wording.wording_en));
                }
            }
        }
        let consents = Section {
            key: "consents",
            provided: true,
            columns: vec![
                "date", "purpose", "action", "wording", "policy", "given_by", "giver", "channel",
                "evidence", "staff",
            ],
            rows: consent_rows,
        };
        let requests = Section {
            key: "requests",
            provided: false,
            columns: vec![
                "kind",
                "received_on",
                "requester",
                "status",
                "due_on",
                "responded_on",
            ],
            rows: self
                .requests()
                .involving(id)?
                .into_iter()
                .filter(|r| r.data.person_id == id)
                .map(|r| {
                    vec![
                        r.data.kind.to_string(),
                        r.data.received_on.to_string(),
                        r.data.requester.to_string(),
                        r.status.to_string(),
                        r.deadline.due.to_string(),
                        opt(r.responded_on),
                    ]
                })
                .collect(),
        };
        let register = self.privacy().processing_register(today)?;
        Ok(PersonRecord {
            age: person.age_on(today),
            person,
            sections: vec![
                identity,
                guardians,
                children,
                memberships,
                consents,
                requests,
            ],
            wordings,
            processing: self.privacy().processing_of(id, today)?,
            retention: self.privacy().retention_rules()?,
            processing_version: register.version,
            processing_since: register.effective_on,
            consent_lines,
            holds_licence: self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM licences WHERE licensee_person_id = ?1)",
                [id],
                |r| r.get(0),
            )?,
            withheld: Vec::new(),
        })
    }
}
