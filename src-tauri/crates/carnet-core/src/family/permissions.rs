//! Every operation of the family context and what it takes (`contexts::operations`
//! gathers every context's; `tests/permissions.rs` fails on one missing).

use crate::register::Access;
use crate::register::Access::Any;

pub const OPERATIONS: &[(&str, Access)] = &[
    ("family.add_membership", Any),
    ("family.children_of", Any),
    ("family.guardians_of", Any),
    ("family.link_guardian", Any),
    ("family.memberships_of", Any),
    ("family.unlink_guardian", Any),
];
