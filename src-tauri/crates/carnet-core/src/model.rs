//! Small closed vocabularies shared by the register, stored as text.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident, $field:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Result<Self> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(Error::invalid(crate::field::Field::$field, "is not one of the known values")) }
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

text_enum!(OrgKind, OrganisationKind { School = "school", Other = "other" });
text_enum!(Relation, Relation { Parent = "parent", Tutor = "tutor", School = "school" });
text_enum!(MembershipStatus, MembershipStatus { Active = "active", Suspended = "suspended", Ended = "ended" });
text_enum!(PurposeKind, PurposeKind { Communication = "communication", Publication = "publication", Statistics = "statistics", Other = "other" });
text_enum!(ConsentAction, ConsentAction { Granted = "granted", Withdrawn = "withdrawn" });
text_enum!(
    /// Who gave a consent: the person, a linked guardian, a guardian together with the
    /// child (France, under the age of consent), or a linked school acting for a pupil.
    GivenBy, GivenBy { Person = "person", Guardian = "guardian", GuardianWithChild = "guardian_with_child", School = "school" }
);

text_enum!(
    /// What a privacy request asks for.
    RequestKind, RequestKind {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Portability = "portability",
        Objection = "objection",
        ConsentWithdrawal = "consent_withdrawal",
        StopCommunications = "stop_communications",
        Complaint = "complaint",
    }
);
text_enum!(Requester, Requester { Person = "person", Guardian = "guardian", Representative = "representative" });
text_enum!(
    /// How the requester's identity was checked. No copy of an identity document is kept.
    IdentityMethod, IdentityMethod {
        MemberNumber = "member_number",
        EmailCode = "email_code",
        DocumentSeen = "document_seen",
        KnownInPerson = "known_in_person",
    }
);
text_enum!(RequestStatus, RequestStatus {
    Received = "received",
    IdentityVerified = "identity_verified",
    Answered = "answered",
    Refused = "refused",
    Withdrawn = "withdrawn",
});

text_enum!(
    /// The legal ground of a refusal; the letter cites its provision.
    RefusalGround, RefusalGround {
        ThirdParty = "third_party",
        IdentityNotEstablished = "identity_not_established",
        LegalRetention = "legal_retention",
        LegalProceedings = "legal_proceedings",
        ManifestlyUnfounded = "manifestly_unfounded",
        Other = "other",
    }
);

impl RefusalGround {
    /// The article(s) a refusal on this ground relies on, or `None` when the ground does
    /// not exist in that jurisdiction (`Other` names its own provision).
    ///
    /// Quebec: Act respecting the protection of personal information in the private
    /// sector (CQLR c. P-39.1). France: GDPR (EU 2016/679).
    pub fn provision(self, j: Jurisdiction) -> Option<&'static str> {
        use RefusalGround::*;
        match (j, self) {
            (Jurisdiction::Quebec, ThirdParty) => Some("40"),
            (Jurisdiction::Quebec, IdentityNotEstablished) => Some("30"),
            (Jurisdiction::Quebec, LegalRetention) => Some("28"),
            (Jurisdiction::Quebec, LegalProceedings) => Some("39"),
            (Jurisdiction::France, ThirdParty) => Some("15(4)"),
            (Jurisdiction::France, IdentityNotEstablished) => Some("11(2), 12(2)"),
            (Jurisdiction::France, LegalRetention) => Some("17(3)(b)"),
            (Jurisdiction::France, ManifestlyUnfounded) => Some("12(5)(b)"),
            _ => None,
        }
    }

    /// The grounds a refusal may rely on in a jurisdiction, `Other` last.
    pub fn available(j: Jurisdiction) -> Vec<RefusalGround> {
        RefusalGround::ALL
            .iter()
            .copied()
            .filter(|g| *g == RefusalGround::Other || g.provision(j).is_some())
            .collect()
    }
}

impl RequestStatus {
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Received | RequestStatus::IdentityVerified
        )
    }
}

impl Relation {
    /// The relations a person can have to a child (a school's is `School`).
    pub const PERSON: &'static [Relation] = &[Relation::Parent, Relation::Tutor];
}

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
    /// Why a legal hold keeps a person's record past an erasure or a purge.
    HoldReason, HoldReason {
        Accounting = "accounting",
        LegalProceedings = "legal_proceedings",
        AntiFraud = "anti_fraud",
        Other = "other",
    }
);

text_enum!(
    /// What a retention rule applies to.
    RetentionCategory, Category {
        FormerPeople = "former_people",
        ClosedRequests = "closed_requests",
        AuditLog = "audit_log",
        Incidents = "incidents",
        Billing = "billing",
    }
);

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

text_enum!(
    /// Why a processing is lawful (GDPR Art. 6; Quebec: consent or necessity).
    LegalBasis, LegalBasis {
        Consent = "consent",
        Contract = "contract",
        LegalObligation = "legal_obligation",
        LegitimateInterest = "legitimate_interest",
    }
);

text_enum!(
    /// Who receives data: a processor acting for the office, another recipient, the public.
    RecipientRole, Recipient {
        Processor = "processor",
        Recipient = "recipient",
        Public = "public",
    }
);

text_enum!(
    /// What happened to the information (Quebec's regulation names access, use and
    /// communication not authorised by law, and loss).
    IncidentNature, IncidentNature {
        Access = "access",
        Use = "use",
        Disclosure = "disclosure",
        Loss = "loss",
        Other = "other",
    }
);

text_enum!(
    /// How likely harm is, in the risk analysis.
    Likelihood, Likelihood {
        Unlikely = "unlikely",
        Possible = "possible",
        Likely = "likely",
        VeryLikely = "very_likely",
    }
);

text_enum!(
    /// A free contest, or (France) a paid tombola that needs the mayor's authorisation.
    ContestKind, ContestKind { Free = "free", Tombola = "tombola" }
);

text_enum!(
    /// One entry per person, or per household (the same address).
    OnePer, ContestKind { Person = "person", Household = "household" }
);

text_enum!(
    /// Where a drawn entry stands.
    WinnerStatus, Entries {
        Selected = "selected",
        Alternate = "alternate",
        Claimed = "claimed",
        FailedSkill = "failed_skill",
        Forfeited = "forfeited",
    }
);

text_enum!(
    /// A prize on its way.
    ShipmentStatus, Shipment {
        ToPack = "to_pack",
        Shipped = "shipped",
        Delivered = "delivered",
        Returned = "returned",
    }
);

impl ShipmentStatus {
    /// Where a shipment can go from here: to pack → shipped → delivered, or returned
    /// (and shipped again).
    pub fn next(self) -> &'static [ShipmentStatus] {
        match self {
            ShipmentStatus::ToPack | ShipmentStatus::Returned => &[ShipmentStatus::Shipped],
            ShipmentStatus::Shipped => &[ShipmentStatus::Delivered, ShipmentStatus::Returned],
            ShipmentStatus::Delivered => &[],
        }
    }
}

text_enum!(
    /// What a column of an imported spreadsheet holds.
    ImportTarget, ImportColumn {
        GivenName = "given_name",
        FamilyName = "family_name",
        Email = "email",
        Phone = "phone",
        BirthDate = "birth_date",
        Street = "street",
        City = "city",
        Region = "region",
        PostalCode = "postal_code",
        Country = "country",
        Language = "language",
        Notes = "notes",
        CollectedOn = "collected_on",
        MemberSince = "member_since",
        MemberCategory = "member_category",
    }
);

text_enum!(
    /// How a date written with slashes reads: `JJ/MM/AAAA` (France, Quebec) or
    /// `MM/JJ/AAAA` (an English-language tool). Asked, never guessed, when a column
    /// allows both.
    DateOrder, DateOrder { DayFirst = "day_first", MonthFirst = "month_first" }
);

text_enum!(
    /// What to do with an imported line that looks like a person already in the register.
    DuplicateChoice, Duplicate { Skip = "skip", Update = "update", Create = "create" }
);

text_enum!(
    /// How a newsletter consent was obtained: express (the person opted in) or, in
    /// Canada (CASL), implied by a relationship, which expires.
    ConsentKind, ConsentKind { Express = "express", Implied = "implied" }
);

text_enum!(
    /// What an implied consent rests on (CASL s. 10(9)–(10)).
    ImpliedSource, ImpliedSource {
        Purchase = "purchase",
        Membership = "membership",
        Donation = "donation",
        Volunteering = "volunteering",
        Inquiry = "inquiry",
    }
);

impl ImpliedSource {
    /// How long CASL lets an implied consent last after its source: two years after a
    /// purchase, a membership, a donation or volunteering; six months after an inquiry.
    pub fn months(self, j: Jurisdiction) -> u32 {
        match (j, self) {
            (Jurisdiction::Quebec, ImpliedSource::Inquiry) => 6,
            (Jurisdiction::Quebec, _) => 24,
            // France: an existing customer may be written to about similar products; the
            // CNIL's reference keeps prospects three years from the last contact.
            (Jurisdiction::France, _) => 36,
        }
    }
}

text_enum!(
    /// A mailing tool's file format.
    MailingFormat, MailingFormat { Mailchimp = "mailchimp", Brevo = "brevo" }
);

text_enum!(
    /// A list on screen that can be exported as a spreadsheet.
    ExportList, ImportFile {
        People = "people",
        Members = "members",
        Entrants = "entrants",
        Licences = "licences",
        Subscribers = "subscribers",
        Requests = "requests",
    }
);

/// Every closed list the screens offer, from the vocabularies above: the UI keeps no
/// copy of its own, so a value added here appears in every form that offers the list.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabularies {
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
    pub guardian_relations: &'static [Relation],
    pub membership_statuses: &'static [MembershipStatus],
    pub given_by: &'static [GivenBy],
    pub request_kinds: &'static [RequestKind],
    pub requesters: &'static [Requester],
    pub identity_methods: &'static [IdentityMethod],
    /// How a request can be closed.
    pub closing_statuses: Vec<RequestStatus>,
    pub hold_reasons: &'static [HoldReason],
    pub retention_categories: &'static [RetentionCategory],
    pub data_categories: &'static [DataCategory],
    pub legal_bases: &'static [LegalBasis],
    pub recipient_roles: &'static [RecipientRole],
    pub incident_natures: &'static [IncidentNature],
    pub likelihoods: &'static [Likelihood],
    pub contest_kinds: &'static [ContestKind],
    /// A new contest's claim period and keeping periods.
    pub contest_defaults: crate::contests::ContestDefaults,
    pub one_per: &'static [OnePer],
    pub winner_statuses: &'static [WinnerStatus],
    pub shipment_statuses: &'static [ShipmentStatus],
    pub import_targets: &'static [ImportTarget],
    pub date_orders: &'static [DateOrder],
    pub duplicate_choices: &'static [DuplicateChoice],
    pub consent_kinds: &'static [ConsentKind],
    pub implied_sources: &'static [ImpliedSource],
    pub mailing_formats: &'static [MailingFormat],
    pub export_lists: &'static [ExportList],
    pub staff_roles: &'static [StaffRole],
    /// The idle delays offered, in minutes (see `org::idle_lock_minutes`).
    pub idle_lock_minutes: &'static [u32],
    pub idle_lock_default: u32,
}

impl Vocabularies {
    pub fn get() -> Vocabularies {
        Vocabularies {
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
            guardian_relations: Relation::PERSON,
            membership_statuses: MembershipStatus::ALL,
            given_by: GivenBy::ALL,
            request_kinds: RequestKind::ALL,
            requesters: Requester::ALL,
            identity_methods: IdentityMethod::ALL,
            closing_statuses: RequestStatus::ALL
                .iter()
                .copied()
                .filter(|s| !s.is_open())
                .collect(),
            hold_reasons: HoldReason::ALL,
            retention_categories: RetentionCategory::ALL,
            data_categories: DataCategory::ALL,
            legal_bases: LegalBasis::ALL,
            recipient_roles: RecipientRole::ALL,
            incident_natures: IncidentNature::ALL,
            likelihoods: Likelihood::ALL,
            contest_kinds: ContestKind::ALL,
            contest_defaults: crate::contests::CONTEST_DEFAULTS,
            one_per: OnePer::ALL,
            winner_statuses: WinnerStatus::ALL,
            shipment_statuses: ShipmentStatus::ALL,
            import_targets: ImportTarget::ALL,
            date_orders: DateOrder::ALL,
            duplicate_choices: DuplicateChoice::ALL,
            consent_kinds: ConsentKind::ALL,
            implied_sources: ImpliedSource::ALL,
            mailing_formats: MailingFormat::ALL,
            export_lists: ExportList::ALL,
            staff_roles: StaffRole::ALL,
            idle_lock_minutes: crate::org::IDLE_LOCK_CHOICES,
            idle_lock_default: crate::org::IDLE_LOCK_DEFAULT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
