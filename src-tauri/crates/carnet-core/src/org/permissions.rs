//! Every operation of the org context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::{Any, When};
use crate::register::Permission as P;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("org.add_organisation", Any),
    ("org.organisation", Any),
    ("org.organisations", Any),
    ("org.profile", Any),
    (
        "org.update_profile",
        When(
            P::OrganisationRules,
            "jurisdiction, age of consent, paper, language",
        ),
    ),
];
