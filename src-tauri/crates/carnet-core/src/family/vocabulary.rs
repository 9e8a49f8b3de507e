//! The family context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

text_enum!(Relation, Relation { Parent = "parent", Tutor = "tutor", School = "school" });

impl Relation {
    /// The relations a person can have to a child (a school's is `School`).
    pub const PERSON: &'static [Relation] = &[Relation::Parent, Relation::Tutor];
}

text_enum!(MembershipStatus, MembershipStatus { Active = "active", Suspended = "suspended", Ended = "ended" });

/// The family context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub guardian_relations: &'static [Relation],
    pub membership_statuses: &'static [MembershipStatus],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            guardian_relations: Relation::PERSON,
            membership_statuses: MembershipStatus::ALL,
        }
    }
}
