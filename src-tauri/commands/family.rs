//! Families: guardians and children, memberships.

use carnet_api::family::{AddMembership, LinkGuardian};
use carnet_core::family::{Guardian, MembershipInput, Relation};
use chrono::NaiveDate;
use tauri::State;

use super::{Reply, Res};
use crate::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn link_guardian(
    state: State<'_, AppState>,
    child_id: i64,
    guardian: Guardian,
    relation: Relation,
    since: Option<NaiveDate>,
) -> Res<Reply<i64>> {
    state.run(LinkGuardian {
        child_id,
        guardian,
        relation,
        since,
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_membership(
    state: State<'_, AppState>,
    person_id: i64,
    membership: MembershipInput,
) -> Res<Reply<i64>> {
    state.run(AddMembership {
        person_id,
        membership,
    })
}
