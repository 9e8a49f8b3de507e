//! The consent context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

text_enum!(PurposeKind, PurposeKind { Communication = "communication", Publication = "publication", Statistics = "statistics", Other = "other" });

text_enum!(ConsentAction, ConsentAction { Granted = "granted", Withdrawn = "withdrawn" });

text_enum!(
    /// Who gave a consent: the person, a linked guardian, a guardian together with the
    /// child (France, under the age of consent), or a linked school acting for a pupil.
    GivenBy, GivenBy { Person = "person", Guardian = "guardian", GuardianWithChild = "guardian_with_child", School = "school" }
);

/// The consent context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub given_by: &'static [GivenBy],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            given_by: GivenBy::ALL,
        }
    }
}
