//! The org context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

text_enum!(OrgKind, OrganisationKind { School = "school", Other = "other" });

/// The org context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    /// The idle delays offered, in minutes (see `org::idle_lock_minutes`).
    pub idle_lock_minutes: &'static [u32],
    pub idle_lock_default: u32,
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            idle_lock_minutes: super::IDLE_LOCK_CHOICES,
            idle_lock_default: super::IDLE_LOCK_DEFAULT,
        }
    }
}
