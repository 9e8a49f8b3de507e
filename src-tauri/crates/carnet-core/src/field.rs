//! The fields an error can name: a closed list, so that every one has words on screen
//! (French and English) and no raw key ever reaches a secretary or a document.

use serde::Serialize;

macro_rules! fields {
    ($($variant:ident = $text:literal),+ $(,)?) => {
        /// A field of a form or a record, as errors name it (`detail.field` for the UI).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum Field { $(#[serde(rename = $text)] $variant),+ }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(Field::$variant => $text),+ }
            }
        }
    };
}

fields! {
    Activity = "activity",
    ActivityPurpose = "activity_purpose",
    Address = "address",
    AgeRange = "age_range",
    AgeOfConsent = "age_of_consent",
    AuthorityReason = "authority_reason",
    BackupFolder = "backup_folder",
    BackupRotation = "backup_rotation",
    BirthDate = "birth_date",
    Carrier = "carrier",
    ConfirmDate = "confirm_date",
    ConsentKind = "consent_kind",
    Category = "category",
    Circumstances = "circumstances",
    City = "city",
    ClaimDate = "claim_date",
    CollectionChannel = "collection_channel",
    CollectionDate = "collection_date",
    ConsentAction = "consent_action",
    ConsentDate = "consent_date",
    ContestDates = "contest_dates",
    ContestKind = "contest_kind",
    ContestName = "contest_name",
    ConfirmName = "confirm_name",
    Country = "country",
    DateOrder = "date_order",
    DataCategories = "data_categories",
    Decision = "decision",
    Duplicate = "duplicate",
    EffectiveDate = "effective_date",
    Email = "email",
    Entries = "entries",
    EntryDate = "entry_date",
    Evidence = "evidence",
    Extension = "extension",
    GivenBy = "given_by",
    Giver = "giver",
    Guardian = "guardian",
    HoldReason = "hold_reason",
    HoldUntil = "hold_until",
    IdentityCheck = "identity_check",
    IdentityCheckDate = "identity_check_date",
    IdentityMethod = "identity_method",
    ImpliedSource = "implied_source",
    ImportColumn = "import_column",
    ImportFile = "import_file",
    IncidentInformation = "incident_information",
    IncidentNature = "incident_nature",
    IncidentPeriod = "incident_period",
    IncidentTitle = "incident_title",
    InvoiceRef = "invoice_ref",
    Jurisdiction = "jurisdiction",
    LabelStart = "label_start",
    LearnedAt = "learned_at",
    Language = "language",
    LegalBasis = "legal_basis",
    LicenceCode = "licence_code",
    LicenceDates = "licence_dates",
    Licensee = "licensee",
    Likelihood = "likelihood",
    ListName = "list_name",
    MailingFormat = "mailing_format",
    Measures = "measures",
    MembershipEnd = "membership_end",
    MembershipStatus = "membership_status",
    Name = "name",
    Notes = "notes",
    NoticeDate = "notice_date",
    OrganisationKind = "organisation_kind",
    OrganisationName = "organisation_name",
    Paper = "paper",
    Passphrase = "passphrase",
    PeopleConcerned = "people_concerned",
    PeopleCount = "people_count",
    Phone = "phone",
    PolicyText = "policy_text",
    PolicyVersion = "policy_version",
    PostalCode = "postal_code",
    Price = "price",
    Prizes = "prizes",
    Product = "product",
    PrivacyContact = "privacy_contact",
    PrivacyEmail = "privacy_email",
    PrivacyPhone = "privacy_phone",
    PurposeCode = "purpose_code",
    PurposeKind = "purpose_kind",
    PurposeLabel = "purpose_label",
    PurposeWording = "purpose_wording",
    Purposes = "purposes",
    ReceivedDate = "received_date",
    Recipient = "recipient",
    RefusalGround = "refusal_ground",
    Region = "region",
    RegisterLocation = "register_location",
    Relation = "relation",
    RequestKind = "request_kind",
    RequestStatus = "request_status",
    Requester = "requester",
    Retention = "retention",
    RetentionMonths = "retention_months",
    RiskAnalysis = "risk_analysis",
    Seats = "seats",
    Shipment = "shipment",
    SkillQuestion = "skill_question",
    PublicSource = "public_source",
    PublicValue = "public_value",
    SourceDate = "source_date",
    ResponseDate = "response_date",
    Staff = "staff",
    StaffRole = "staff_role",
    StaffAccount = "staff_account",
    Street = "street",
    TombolaAuthorisation = "tombola_authorisation",
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str().replace('_', " "))
    }
}

impl Field {
    /// The longest text (in characters) the field takes: generous for real names and
    /// notes, small enough that a pasted file or a hostile import cannot fill a page or
    /// the register.
    pub fn max_chars(self) -> usize {
        match self {
            Field::Name | Field::City | Field::Region | Field::Country | Field::Category => 100,
            Field::Staff | Field::PurposeCode => 100,
            Field::Email | Field::PrivacyEmail => 254,
            Field::Phone | Field::PrivacyPhone | Field::PostalCode => 40,
            Field::Street | Field::OrganisationName | Field::PurposeLabel => 200,
            Field::Address | Field::PrivacyContact | Field::Requester => 500,
            Field::Evidence | Field::Extension | Field::RefusalGround => 2_000,
            Field::Notes | Field::Decision | Field::PurposeWording => 10_000,
            Field::Activity | Field::Recipient | Field::IncidentTitle | Field::ContestName => 200,
            Field::Prizes | Field::Carrier | Field::TombolaAuthorisation => 200,
            Field::Product | Field::ListName => 200,
            Field::LicenceCode | Field::InvoiceRef => 100,
            Field::SkillQuestion | Field::PublicSource | Field::PublicValue => 500,
            Field::IncidentInformation
            | Field::Circumstances
            | Field::Measures
            | Field::RiskAnalysis
            | Field::AuthorityReason
            | Field::ActivityPurpose
            | Field::Retention => 10_000,
            Field::PolicyText => 200_000,
            _ => 1_000,
        }
    }
}

/// The bounds of the numbers the office types, checked here and given to the forms as
/// `min`/`max` (`Vocabularies::number_limits`): one place for each.
pub const AGE_OF_CONSENT: (i64, i64) = (1, 21);
pub const KEEP_DAILY: (i64, i64) = (1, 366);
pub const KEEP_MONTHLY: (i64, i64) = (0, 120);
pub const ERASED_DAYS: (i64, i64) = (0, 365);

/// The number bounds by the name the forms use.
pub const NUMBER_LIMITS: &[(&str, (i64, i64))] = &[
    ("age_of_consent", AGE_OF_CONSENT),
    ("keep_daily", KEEP_DAILY),
    ("keep_monthly", KEEP_MONTHLY),
    ("erased_days", ERASED_DAYS),
];
