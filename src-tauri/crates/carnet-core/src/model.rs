//! The closed vocabularies every context shares (jurisdiction, paper, language, the
//! collection channel, data categories, staff roles), stored as text, and `text_enum!`, with
//! which each context declares its own (`<context>/vocabulary.rs`).

use serde::Serialize;

use crate::consent::GivenBy;

/// A closed vocabulary stored as text: `ALL`, `as_str`, `parse` (an unknown word names its
/// field), SQL and JSON as the text.
macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident, $field:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> $crate::error::Result<Self> {
                match s { $($text => Ok($name::$variant),)+ _ => Err($crate::error::Error::invalid($crate::field::Field::$field, "is not one of the known values")) }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).map_err(|_| rusqlite::types::FromSqlError::InvalidType)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// What a staff account may do: office staff keep the register day to day; the person
    /// in charge of personal information alone erases, purges, exports the whole register,
    /// manages accounts and keys, and keeps the incident register.
    StaffRole, StaffRole { OfficeStaff = "office_staff", PrivacyOfficer = "privacy_officer" }
);

text_enum!(
    /// Whose law applies: it sets deadlines, the age of consent and the authority to complain to.
    Jurisdiction, Jurisdiction { Quebec = "quebec", France = "france" }
);

impl Jurisdiction {
    /// Quebec P-39.1 s.4.1: under 14; France (loi Informatique et Libertés art. 45): under 15.
    pub fn default_age_of_consent(self) -> u8 {
        match self {
            Jurisdiction::Quebec => 14,
            Jurisdiction::France => 15,
        }
    }

    /// The paper the offices of the jurisdiction print on: Letter in Quebec, A4 in France.
    pub fn default_paper(self) -> Paper {
        match self {
            Jurisdiction::Quebec => Paper::Letter,
            Jurisdiction::France => Paper::A4,
        }
    }

    /// Who gives a minor's consent by default (see `consent::authority`): in Quebec a
    /// guardian; in France a guardian jointly with the child.
    pub fn minor_giver(self) -> GivenBy {
        match self {
            Jurisdiction::Quebec => GivenBy::Guardian,
            Jurisdiction::France => GivenBy::GuardianWithChild,
        }
    }
}

text_enum!(Paper, Paper { Letter = "letter", A4 = "a4" });
text_enum!(Language, Language { Fr = "fr", En = "en" });

text_enum!(
    /// How a record came to the organisation: the "source" an access response must give.
    Channel, CollectionChannel {
        ContactForm = "contact_form",
        Account = "account",
        OnlineOrder = "online_order",
        PhoneOrder = "phone_order",
        Email = "email",
        InPerson = "in_person",
        SocialMedia = "social_media",
        JobApplication = "job_application",
        Mail = "mail",
        PaperForm = "paper_form",
        Staff = "staff",
        Other = "other",
    }
);

/// A jurisdiction's defaults, as a new register or the settings screen proposes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct JurisdictionRules {
    pub jurisdiction: Jurisdiction,
    pub paper: Paper,
    pub age_of_consent: u8,
    pub minor_giver: GivenBy,
    /// The country code dates and numbers are written for (`CA`, `FR`).
    pub region: &'static str,
}

text_enum!(
    /// A category of personal data, as the processing register and the incident register
    /// name it.
    DataCategory, DataCategories {
        Identity = "identity",
        Contact = "contact",
        Address = "address",
        BirthDate = "birth_date",
        Notes = "notes",
        Membership = "membership",
        Family = "family",
        ConsentRecords = "consent_records",
        Requests = "requests",
        Payment = "payment",
    }
);

/// The register's own lists (shared by every context), as the screens are given them.
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub jurisdictions: Vec<JurisdictionRules>,
    /// Every field an error can name (each has words on screen).
    pub fields: &'static [crate::Field],
    /// The longest text each field takes (`maxlength` on the forms).
    pub field_limits: std::collections::BTreeMap<&'static str, usize>,
    /// The bounds of the numbers the forms take (`min`, `max`), by the form's name.
    pub number_limits: std::collections::BTreeMap<&'static str, (i64, i64)>,
    pub papers: &'static [Paper],
    pub languages: &'static [Language],
    pub channels: &'static [Channel],
    pub data_categories: &'static [DataCategory],
    pub staff_roles: &'static [StaffRole],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            jurisdictions: Jurisdiction::ALL
                .iter()
                .map(|&j| JurisdictionRules {
                    jurisdiction: j,
                    paper: j.default_paper(),
                    age_of_consent: j.default_age_of_consent(),
                    minor_giver: j.minor_giver(),
                    region: match j {
                        Jurisdiction::Quebec => "CA",
                        Jurisdiction::France => "FR",
                    },
                })
                .collect(),
            fields: crate::Field::ALL,
            number_limits: crate::field::NUMBER_LIMITS.iter().copied().collect(),
            field_limits: crate::Field::ALL
                .iter()
                .map(|f| (f.as_str(), f.max_chars()))
                .collect(),
            papers: Paper::ALL,
            languages: Language::ALL,
            channels: Channel::ALL,
            data_categories: DataCategory::ALL,
            staff_roles: StaffRole::ALL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::requests::RefusalGround;

    #[test]
    fn every_value_round_trips_through_text() {
        for c in Channel::ALL {
            assert_eq!(Channel::parse(c.as_str()).unwrap(), *c);
            assert_eq!(
                serde_json::to_string(c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        for g in GivenBy::ALL {
            assert_eq!(GivenBy::parse(g.as_str()).unwrap(), *g);
        }
        // Quebec has no "manifestly unfounded" ground of its own; France none for legal proceedings.
        assert_eq!(RefusalGround::available(Jurisdiction::Quebec).len(), 5);
        assert!(!RefusalGround::available(Jurisdiction::Quebec)
            .contains(&RefusalGround::ManifestlyUnfounded));
        assert!(!RefusalGround::available(Jurisdiction::France)
            .contains(&RefusalGround::LegalProceedings));
        assert!(matches!(
            Jurisdiction::parse("belgium"),
            Err(Error::InvalidInput {
                field: crate::Field::Jurisdiction,
                ..
            })
        ));
    }
}
