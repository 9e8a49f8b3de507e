//! The schema's names: one command each, in snake_case (the app's typed client and the
//! service's dispatch find commands by them).

use carnet_api::NAMES;

#[test]
fn every_command_has_a_name_of_its_own() {
    let mut names = NAMES.to_vec();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(
        names.len(),
        before,
        "a wire name is used twice: dispatch would run the first"
    );
    assert!(names
        .iter()
        .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
}
