//! Every operation of the register, with what it takes to do it.
//!
//! One row per public method of [`crate::Register`] (and the free functions that act on a
//! register: the restore). A test reads the sources and fails when a public operation is
//! missing here, and walks the rows that need a permission as office staff through the
//! domain, the app's commands and the command line: each is refused with `not_permitted`
//! and changes nothing.

use super::Permission;

/// What an operation takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Any account (and anyone on a register without accounts).
    Any,
    /// Only someone with this permission.
    Needs(Permission),
    /// This permission for the case named (the rest of the operation is open to any
    /// account): a profile change that touches the rules, a request closed as refused.
    When(Permission, &'static str),
    /// Not an operation on an open register's contents: opening, creating, the clock and
    /// the benchmark's helpers.
    Outside,
}

use Access::{Any, Needs, Outside, When};
use Permission as P;

/// Every operation of the register and its access, by method name.
pub const OPERATIONS: &[(&str, Access)] = &[
    // accounts
    ("accounts.list", Needs(P::ManageAccounts)),
    ("accounts.add", Needs(P::ManageAccounts)),
    ("accounts.remove", Needs(P::ManageAccounts)),
    (
        "accounts.set_key",
        When(P::ManageAccounts, "another account's key"),
    ),
    ("require", Outside),
    ("session", Any),
    // audit
    ("audit_log", Any),
    // backups
    ("backups.due", Any),
    ("backups.settings", Any),
    ("backups.backup_to", Any),
    ("backups.last", Any),
    ("backups.rotate", Any),
    ("backups.set_settings", Needs(P::BackupSettings)),
    ("restore", Needs(P::Restore)),
    // consent
    ("consent.add_policy_version", Needs(P::ConsentCatalogue)),
    ("consent.add_purpose", Needs(P::ConsentCatalogue)),
    ("consent.add_purpose_version", Needs(P::ConsentCatalogue)),
    ("consent.set_purpose_active", Needs(P::ConsentCatalogue)),
    ("consent.policy_in_force", Any),
    ("consent.policy_versions", Any),
    ("consent.purpose_versions", Any),
    ("consent.purposes", Any),
    ("consent.acknowledge_ledger", Needs(P::LedgerAcknowledge)),
    ("consent.history", Any),
    ("consent.state", Any),
    ("consent.ledger_findings", Any),
    ("consent.ledger_needs_attention", Any),
    ("consent.record", Any),
    ("consent.verify_ledger", Any),
    // contests
    ("contests.add_entry", Any),
    ("contests.confirm_entry_distinct", Any),
    ("contests.exclude_entry", Any),
    ("contests.import_entries", Any),
    ("contests.include_entry", Any),
    ("contests.add", Any),
    ("contests.get", Any),
    ("contests.all", Any),
    ("contests.prepare_shipment", Any),
    ("contests.shipments", Any),
    ("contests.labels_to_pack", Any),
    ("contests.matching_entries", Any),
    ("contests.labels_to_print", Any),
    ("contests.shipments_csv", Any),
    ("contests.update_shipment", Any),
    ("contests.winner_address", Any),
    ("contests.claim_prize", Any),
    ("contests.list", Any),
    ("contests.page", Any),
    ("contests.draw", Any),
    ("contests.forfeit_unclaimed", Any),
    ("contests.record_skill_answer", Any),
    ("contests.verify_draw", Any),
    // spreadsheets
    (
        "exchange.export_list",
        When(P::ExportLists, "subscribers, entrants"),
    ),
    ("exchange.import_people", Any),
    ("exchange.check_people_import", Any),
    ("exchange.import_checked_people", Any),
    ("people.record", Any),
    // families
    ("family.add_membership", Any),
    ("family.children_of", Any),
    ("family.guardians_of", Any),
    ("family.link_guardian", Any),
    ("family.memberships_of", Any),
    ("family.unlink_guardian", Any),
    // incidents
    ("incidents.add", Needs(P::Incidents)),
    ("incidents.get", Needs(P::Incidents)),
    ("incidents.all", Needs(P::Incidents)),
    ("incidents.update", Needs(P::Incidents)),
    // licences
    ("licences.add", Any),
    ("licences.get", Any),
    ("licences.summary", Any),
    ("licences.all", Any),
    ("licences.renew", Any),
    // newsletters
    // a list is a consent purpose: its wording is the person in charge's
    ("newsletter.add_list", Needs(P::ConsentCatalogue)),
    ("newsletter.subscribers", Any),
    ("newsletter.list", Any),
    ("newsletter.lists", Any),
    ("newsletter.summary", Any),
    ("newsletter.pending_unsubscribes", Any),
    ("newsletter.subscribe", Any),
    ("newsletter.subscription_state", Any),
    ("newsletter.subscriptions_of", Any),
    ("newsletter.unsubscribe", Any),
    ("newsletter.unsubscribes_done", Any),
    ("newsletter.export_mailing", Needs(P::ExportLists)),
    // carrying out unsubscribes in the mailing tool is a duty, not a disclosure
    ("newsletter.export_unsubscribes", Any),
    ("newsletter.import_mailing", Any),
    // the organisation
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
    // people
    ("people.add_many", Any),
    ("people.add", Any),
    ("people.count", Any),
    ("people.list", Any),
    ("people.get", Any),
    ("people.search", Any),
    ("people.update", Any),
    ("people.page", Any),
    // privacy
    ("privacy.erase", Needs(P::Erase)),
    ("privacy.erasure_certificate", Any),
    ("privacy.erasure_plan", Any),
    ("privacy.erasures", Any),
    ("privacy.surrogate_of", Any),
    ("privacy.add_hold", Needs(P::LegalHolds)),
    ("privacy.holds_of", Any),
    ("privacy.release_hold", Needs(P::LegalHolds)),
    ("privacy.adopt_processing", Needs(P::ProcessingRegister)),
    ("privacy.processing_latest", Any),
    ("privacy.processing_of", Any),
    ("privacy.processing_register", Any),
    ("privacy.processing_versions", Any),
    ("privacy.recipient_notices", Any),
    ("privacy.record_recipient_notice", Any),
    ("privacy.summary", Any),
    ("privacy.purge", Needs(P::Purge)),
    ("privacy.purge_preview", Any),
    ("privacy.purge_reports", Any),
    ("privacy.retention_rules", Any),
    ("privacy.set_retention", Needs(P::Retention)),
    ("privacy.is_suppressed", Any),
    ("privacy.suppressed_count", Any),
    // requests
    ("requests.add", Any),
    (
        "requests.close",
        When(
            P::RefuseRequest,
            "refused, withdrawn, or an erasure request answered by hand",
        ),
    ),
    ("requests.extend", Needs(P::RefuseRequest)),
    ("requests.record_document", Any),
    ("requests.get", Any),
    ("requests.counts", Any),
    ("requests.record", Any),
    ("requests.all", Any),
    ("requests.csv", Needs(P::ExportRegister)),
    ("requests.involving", Any),
    ("requests.verify_identity", Any),
    ("requests.list", Any),
    ("requests.page", Any),
    ("requests.row", Any),
    ("requests.consent_events", Any),
    ("requests.withdraw_for", Any),
    // the key and the register
    ("apply_rekey", Needs(P::ManageKeys)),
    ("prepare_rekey", Needs(P::ManageKeys)),
    ("set_passphrase", Needs(P::ManageKeys)),
    ("remember_in_keyring", Needs(P::ManageKeys)),
    ("recovery_key", Needs(P::RecoveryKey)),
    ("confirm_recovery_key", Needs(P::RecoveryKey)),
    ("recovery_unconfirmed", Any),
    ("key_file_set_aside", Any),
    ("database_id", Any),
    ("preparer", Any),
    ("integrity_ok", Any),
    ("create", Outside),
    ("open", Outside),
    ("unlock_methods", Outside),
    ("set_staff", Outside),
    ("set_utc_offset", Outside),
    ("utc_offset", Outside),
    ("local_day", Outside),
    ("local_time", Outside),
];
