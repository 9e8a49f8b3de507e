//! Families: guardians and children, memberships.

use carnet_core::family::Relation;
use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::Contexts;
use chrono::{NaiveDate, Utc};
use tauri::State;

use super::{with_register, Res};
use crate::AppState;

#[tauri::command(rename_all = "snake_case")]
pub fn link_guardian(
    state: State<'_, AppState>,
    child_id: i64,
    guardian: Guardian,
    relation: Relation,
    since: Option<NaiveDate>,
) -> Res<i64> {
    let now = Utc::now();
    with_register(&state, |r| {
        r.family().link_guardian(
            child_id,
            guardian,
            relation,
            since.unwrap_or(now.date_naive()),
            now,
        )
    })
}

#[tauri::command(rename_all = "snake_case")]
pub fn add_membership(
    state: State<'_, AppState>,
    person_id: i64,
    membership: MembershipInput,
) -> Res<i64> {
    with_register(&state, |r| {
        r.family()
            .add_membership(person_id, &membership, Utc::now())
    })
}
