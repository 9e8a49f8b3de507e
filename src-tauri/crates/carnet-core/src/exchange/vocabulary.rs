//! The exchange context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

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

/// The exchange context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub import_targets: &'static [ImportTarget],
    pub date_orders: &'static [DateOrder],
    pub duplicate_choices: &'static [DuplicateChoice],
    pub export_lists: &'static [ExportList],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            import_targets: ImportTarget::ALL,
            date_orders: DateOrder::ALL,
            duplicate_choices: DuplicateChoice::ALL,
            export_lists: ExportList::ALL,
        }
    }
}
