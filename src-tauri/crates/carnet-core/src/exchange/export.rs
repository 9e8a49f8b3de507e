//! Any list on screen as a spreadsheet for French Excel: `;` between cells, a
//! byte-order mark, every cell neutralised against formulas, headers in the office's
//! language (those of the people list are the ones the import recognises, so an export
//! reads back unchanged).
//!
//! **Pseudonymised**, a list names no one: each person becomes `P-` and eight hex digits
//! keyed by the register's key (the same person keeps the same pseudonym in every export
//! of this register, and no one without the key can link it back); emails, phones and
//! streets are left out, a birth date keeps its year, a postal code its first three
//! characters.

use crate::exchange::Exchange;
use crate::Contexts;
use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::csv_out::SpreadsheetCsv;
use crate::error::{Error, Result};
use crate::exchange::ExportList;
use crate::model::Language;
use crate::people::Person;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListExport {
    #[serde(skip)]
    pub bytes: Vec<u8>,
    pub file_name: String,
    pub rows: usize,
}

const PEOPLE_FR: [&str; 13] = [
    "Nom",
    "Prénom",
    "Courriel",
    "Téléphone",
    "Date de naissance",
    "Adresse",
    "Ville",
    "Province",
    "Code postal",
    "Pays",
    "Langue",
    "Source",
    "Date de collecte",
];
const PEOPLE_EN: [&str; 13] = [
    "Last name",
    "First name",
    "Email",
    "Phone",
    "Birth date",
    "Address",
    "City",
    "Region",
    "Postal code",
    "Country",
    "Language",
    "Source",
    "Collected on",
];

struct Writer {
    key: [u8; 32],
    pseudonymise: bool,
}

impl Writer {
    fn pseudonym(&self, person_id: i64) -> String {
        let mut h = Sha256::new();
        h.update(b"carnet pseudonym v1");
        h.update(self.key);
        h.update(person_id.to_be_bytes());
        format!("P-{}", &hex::encode(h.finalize())[..8])
    }

    /// A person's cells, in the order of the people headers.
    fn person_cells(&self, p: &Person) -> Vec<String> {
        let d = &p.data;
        if self.pseudonymise {
            return vec![
                self.pseudonym(p.id),
                String::new(),
                String::new(),
                String::new(),
                d.birth_date
                    .map(|b| b.year().to_string())
                    .unwrap_or_default(),
                String::new(),
                d.address.city.clone(),
                d.address.region.clone(),
                d.address.postal_code.chars().take(3).collect(),
                d.address.country.clone(),
                d.preferred_language.to_string(),
                d.collection_channel.to_string(),
                d.collected_on.to_string(),
            ];
        }
        vec![
            d.family_name.clone(),
            d.given_name.clone(),
            d.emails.join(", "),
            d.phones.join(", "),
            d.birth_date.map(|b| b.to_string()).unwrap_or_default(),
            d.address.street.clone(),
            d.address.city.clone(),
            d.address.region.clone(),
            d.address.postal_code.clone(),
            d.address.country.clone(),
            d.preferred_language.to_string(),
            d.collection_channel.to_string(),
            d.collected_on.to_string(),
        ]
    }

    fn name(&self, person_id: Option<i64>, name: &str) -> String {
        match (self.pseudonymise, person_id) {
            (true, Some(id)) => self.pseudonym(id),
            (true, None) => String::new(),
            (false, _) => name.to_owned(),
        }
    }
}

impl Exchange<'_> {
    /// A list as a spreadsheet. `scope` is the contest of an entrants list, or the
    /// newsletter list of a subscribers list.
    pub fn export_list(
        &self,
        list: ExportList,
        scope: Option<i64>,
        pseudonymise: bool,
        now: DateTime<Utc>,
    ) -> Result<ListExport> {
        match list {
            ExportList::People | ExportList::Members | ExportList::Requests => {
                self.require(crate::accounts::Permission::ExportRegister)?
            }
            ExportList::Entrants | ExportList::Subscribers => {
                self.require(crate::accounts::Permission::ExportLists)?
            }
            // The schools that buy a licence: the office's own customers, day to day.
            ExportList::Licences => {}
        }
        let fr = self.org().profile()?.language == Language::Fr;
        let w = Writer {
            key: self.suppression_key(),
            pseudonymise,
        };
        let t = |fr_word: &'static str, en_word: &'static str| if fr { fr_word } else { en_word };
        let people_headers: Vec<&str> = if fr {
            PEOPLE_FR.to_vec()
        } else {
            PEOPLE_EN.to_vec()
        };
        let mut csv = SpreadsheetCsv::for_excel();
        let mut rows = 0usize;
        let scoped = || {
            scope.ok_or(Error::invalid(
                crate::field::Field::ImportFile,
                "say which contest or list to export",
            ))
        };
        let name = match list {
            ExportList::People => {
                csv.row(&people_headers)?;
                let ids: Vec<i64> = self.rows(
                    "SELECT id FROM people WHERE erased_on IS NULL ORDER BY sort_key, id",
                    [],
                    |r| r.get(0),
                )?;
                for id in ids {
                    csv.row(w.person_cells(&self.people().get(id)?))?;
                    rows += 1;
                }
                t("personnes", "people")
            }
            ExportList::Members => {
                let mut headers = people_headers.clone();
                headers.extend([
                    t("Catégorie", "Category"),
                    t("Membre depuis", "Member since"),
                    t("Fin", "Ends on"),
                    t("Statut", "Status"),
                ]);
                csv.row(&headers)?;
                let members: Vec<(i64, String, String, Option<String>, String)> = self.rows(
                    "SELECT m.person_id, m.category, m.starts_on, m.ends_on, m.status FROM memberships m
                     JOIN people p ON p.id = m.person_id AND p.erased_on IS NULL ORDER BY p.sort_key, p.id, m.starts_on",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )?;
                for (id, category, starts, ends, status) in members {
                    let mut cells = w.person_cells(&self.people().get(id)?);
                    cells.extend([category, starts, ends.unwrap_or_default(), status]);
                    csv.row(cells)?;
                    rows += 1;
                }
                t("membres", "members")
            }
            ExportList::Entrants => {
                let contest = scoped()?;
                self.contests().get(contest)?;
                let mut headers = vec![t("Inscription", "Entry")];
                headers.extend(&people_headers);
                headers.extend([t("Inscrit le", "Entered on"), t("Décision", "Decision")]);
                csv.row(&headers)?;
                let entries: Vec<(i64, i64, String, Option<String>)> = self.rows(
                    "SELECT e.id, e.person_id, e.entered_on, e.decision FROM entries e
                     JOIN people p ON p.id = e.person_id AND p.erased_on IS NULL
                     WHERE e.contest_id = ?1 ORDER BY e.id",
                    [contest],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )?;
                for (entry, person, on, decision) in entries {
                    let mut cells = vec![entry.to_string()];
                    cells.extend(w.person_cells(&self.people().get(person)?));
                    cells.extend([on, decision.unwrap_or_default()]);
                    csv.row(cells)?;
                    rows += 1;
                }
                t("participants", "entrants")
            }
            ExportList::Licences => {
                csv.row([
                    t("Code", "Code"),
                    t("Produit", "Product"),
                    t("Titulaire", "Licensee"),
                    t("Contact", "Contact"),
                    t("Places", "Seats"),
                    t("Début", "Starts on"),
                    t("Fin", "Ends on"),
                    t("Prix", "Price"),
                    t("Devise", "Currency"),
                    t("Facture", "Invoice"),
                ])?;
                for l in self.licences().all(now)? {
                    let Some(term) = l.terms.last() else { continue };
                    let licensee_person = match l.licensee {
                        crate::licences::Licensee::Person(id) => Some(id),
                        crate::licences::Licensee::Organisation(_) => None,
                    };
                    let licensee = if licensee_person.is_some() {
                        w.name(licensee_person, &l.licensee_name)
                    } else {
                        l.licensee_name.clone()
                    };
                    csv.row([
                        l.code.clone(),
                        l.product.clone(),
                        licensee,
                        w.name(l.contact_person_id, l.contact_name.as_deref().unwrap_or("")),
                        term.seats.to_string(),
                        term.starts_on.to_string(),
                        term.ends_on.to_string(),
                        format!("{}.{:02}", term.price_cents / 100, term.price_cents % 100),
                        term.currency.clone(),
                        term.invoice_ref.clone(),
                    ])?;
                    rows += 1;
                }
                t("licences", "licences")
            }
            ExportList::Subscribers => {
                let list = scoped()?;
                csv.row([
                    t("Nom", "Name"),
                    t("Courriel", "Email"),
                    t("Abonné", "Subscribed"),
                    t("Depuis", "Since"),
                    t("Consentement", "Consent"),
                    t("Source", "Source"),
                    t("Expire le", "Expires on"),
                    t("Confirmé le", "Confirmed at"),
                ])?;
                for s in self.newsletter().subscribers(list, now)? {
                    csv.row([
                        w.name(Some(s.state.person_id), &s.name),
                        if pseudonymise {
                            String::new()
                        } else {
                            s.email.clone().unwrap_or_default()
                        },
                        t(
                            if s.state.in_force { "oui" } else { "non" },
                            if s.state.in_force { "yes" } else { "no" },
                        )
                        .to_owned(),
                        s.state.since.clone(),
                        s.state.kind.to_string(),
                        s.state
                            .implied_source
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                        s.state
                            .expires_on
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        s.state.confirmed_at.clone().unwrap_or_default(),
                    ])?;
                    rows += 1;
                }
                t("abonnes", "subscribers")
            }
            ExportList::Requests => {
                self.requests().write_requests(&mut csv)?;
                rows = self.requests().all(false)?.len();
                t("demandes", "requests")
            }
        };
        let day = self.local_day(now);
        Ok(ListExport {
            bytes: csv.finish()?,
            file_name: format!(
                "{name}{}-{day}.csv",
                if pseudonymise { "-pseudo" } else { "" }
            ),
            rows,
        })
    }
}
