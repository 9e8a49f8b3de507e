//! Families: guardians and children, memberships.

use carnet_core::family::{Guardian, MembershipInput, Relation};
use carnet_core::Contexts;
use chrono::NaiveDate;

crate::command! {
    /// Links a guardian (an existing person or a new one) to a child, from `since` (today).
    LinkGuardian = "link_guardian" {
        child_id: i64,
        guardian: Guardian,
        relation: Relation,
        #[serde(default)]
        since: Option<NaiveDate>,
    } -> i64,
    |c, r, at| {
        let since = c.since.unwrap_or(r.local_day(at.now));
        r.family().link_guardian(c.child_id, c.guardian, c.relation, since, at.now)
    }
}

crate::command! {
    AddMembership = "add_membership" { person_id: i64, membership: MembershipInput } -> i64,
    |c, r, at| r.family().add_membership(c.person_id, &c.membership, at.now)
}
