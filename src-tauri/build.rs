/// Every command the UI may call. Each is granted by name in
/// `src-tauri/capabilities/main.json`; a command missing there is refused.
const COMMANDS: &[&str] = &[
    "app_status",
    "create_register",
    "unlock_keyring",
    "unlock_passphrase",
    "unlock_recovery",
    "set_staff",
    "list_people",
    "search_people",
    "person_page",
    "save_person",
    "link_guardian",
    "add_membership",
    "record_consent",
    "purposes",
    "add_purpose_version",
    "policy_versions",
    "add_policy_version",
    "organisations",
    "add_organisation",
    "profile",
    "update_profile",
    "verify_ledger",
    "save_recovery_sheet",
    "list_requests",
    "request_page",
    "add_request",
    "verify_request_identity",
    "extend_request",
    "close_request",
    "withdraw_for_request",
    "preview_letter",
    "save_letter",
    "save_portability",
    "save_requests_csv",
    "open_saved",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
