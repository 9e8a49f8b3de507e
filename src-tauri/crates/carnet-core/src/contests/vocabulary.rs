//! The contests context's vocabularies: its closed lists, stored as text, and the part of
//! [`crate::Vocabularies`] the screens are given.

use serde::Serialize;

use crate::model::text_enum;

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

/// The contests context's lists, as the screens are given them (flattened into
/// [`crate::Vocabularies`]).
#[derive(Debug, Clone, Serialize)]
pub struct Lists {
    pub contest_kinds: &'static [ContestKind],
    /// A new contest's claim period and keeping periods.
    pub contest_defaults: super::ContestDefaults,
    pub one_per: &'static [OnePer],
    pub winner_statuses: &'static [WinnerStatus],
    pub shipment_statuses: &'static [ShipmentStatus],
}

impl Lists {
    pub fn get() -> Lists {
        Lists {
            contest_kinds: ContestKind::ALL,
            contest_defaults: super::CONTEST_DEFAULTS,
            one_per: OnePer::ALL,
            winner_statuses: WinnerStatus::ALL,
            shipment_statuses: ShipmentStatus::ALL,
        }
    }
}
