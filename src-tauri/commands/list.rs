// The one list of the app's commands, as `context::name`. It is read by `lib.rs` (the
// invoke handler) and by `build.rs` (the app manifest, which makes one `allow-…`
// permission per command); `tests/commands.rs` checks that the capability file
// grants exactly these. A new command is added here, and nowhere else by name.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            app::app_status,
            app::vocabularies,
            app::create_register,
            app::choose_register,
            app::unlock_keyring,
            app::unlock_passphrase,
            app::unlock_recovery,
            app::set_staff,
            app::recovery_key,
            app::confirm_recovery_key,
            app::save_recovery_sheet,
            app::print_page,
            app::open_saved,
            people::list_people,
            people::search_people,
            people::person_page,
            people::save_person,
            family::link_guardian,
            family::add_membership,
            consent::record_consent,
            consent::purposes,
            consent::add_purpose_version,
            consent::policy_versions,
            consent::add_policy_version,
            consent::verify_ledger,
            org::organisations,
            org::add_organisation,
            org::profile,
            org::update_profile,
            requests::list_requests,
            requests::request_page,
            requests::add_request,
            requests::verify_request_identity,
            requests::extend_request,
            requests::close_request,
            requests::withdraw_for_request,
            requests::preview_letter,
            requests::save_letter,
            requests::save_portability,
            requests::save_requests_csv,
        }
    };
}
