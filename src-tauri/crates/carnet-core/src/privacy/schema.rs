//! What an erasure does to every column of the register. A table or column added later
//! without a line here fails the schema test (`tests/privacy.rs`), so no new record kind
//! can hold a person's data that erasure forgets.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "treatment", content = "why")]
pub enum Treatment {
    /// Deleted (the row) or blanked (the value) for an erased person.
    Erased,
    /// Replaced: the row stays as a surrogate, this value is reset.
    Anonymised,
    /// Kept, for the reason given; holds nothing that names the person once erased.
    Kept(&'static str),
    /// Not about a person of the register (the organisation, the catalogue, settings).
    NotPersonal,
}

use Treatment::*;

const LINK: Treatment = Kept("links kept records to the surrogate");
const PROOF: Treatment = Kept("proof of consent: the chain, with no text of the person");
const ACCOUNT: Treatment = Kept("proof that a request was received and answered");
const DRAW: Treatment = Kept("the draw's proof: entry numbers, ranks and outcomes, no name");
const SHIPPED: Treatment = Kept("that a prize was sent and when, with no address");
const BILLING: Treatment =
    Kept("billing records: the accounting retention the law sets, pointing at the surrogate");
const UNSUBSCRIBED: Treatment = Kept(
    "a keyed digest of an address: it is never written to again; the address cannot be read back",
);
const INCIDENT: Treatment = Kept(
    "the incident register describes groups and counts, never a person by name; kept five years",
);

/// Every table and column, and what erasure does to it.
pub const DECLARED: &[(&str, &[(&str, Treatment)])] = &[
    (
        "meta",
        &[
            ("id", NotPersonal),
            ("database_id", NotPersonal),
            ("created_at", NotPersonal),
            ("journal_key", NotPersonal),
            ("suppression_key", NotPersonal),
            ("recovery_confirmed", NotPersonal),
        ],
    ),
    (
        "organisation_profile",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("address", NotPersonal),
            ("privacy_contact", NotPersonal),
            ("privacy_email", NotPersonal),
            ("privacy_phone", NotPersonal),
            ("jurisdiction", NotPersonal),
            ("paper", NotPersonal),
            ("language", NotPersonal),
            ("age_of_consent", NotPersonal),
        ],
    ),
    (
        "people",
        &[
            ("id", LINK),
            ("given_name", Erased),
            ("family_name", Erased),
            ("sort_key", Erased),
            (
                "preferred_language",
                Kept("a language code, needed by no one, harmless"),
            ),
            ("birth_date", Erased),
            ("street", Erased),
            ("city", Erased),
            ("region", Erased),
            ("postal_code", Erased),
            ("country", Erased),
            (
                "collection_channel",
                Kept("a channel code: how the record came in"),
            ),
            ("collected_on", Kept("the date the record came in")),
            ("notes", Erased),
            ("created_at", Kept("when the record was made")),
            ("updated_at", Anonymised),
            ("erased_on", Anonymised),
            ("surrogate", Anonymised),
        ],
    ),
    (
        "person_contacts",
        &[
            ("person_id", Erased),
            ("kind", Erased),
            ("position", Erased),
            ("value", Erased),
        ],
    ),
    (
        "name_tokens",
        &[("token", Erased), ("person_id", Erased), ("sig", Erased)],
    ),
    (
        "name_initials",
        &[("pair", Erased), ("person_id", Erased), ("sig", Erased)],
    ),
    (
        "organisations",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("kind", NotPersonal),
            ("email", NotPersonal),
            ("phone", NotPersonal),
            ("address", NotPersonal),
            ("collection_channel", NotPersonal),
            ("collected_on", NotPersonal),
            ("notes", NotPersonal),
            ("created_at", NotPersonal),
        ],
    ),
    (
        "guardianships",
        &[
            ("id", Erased),
            ("child_id", Erased),
            ("guardian_person_id", Erased),
            ("guardian_org_id", Erased),
            ("relation", Erased),
            ("since", Erased),
        ],
    ),
    (
        "memberships",
        &[
            ("id", Erased),
            ("person_id", Erased),
            ("category", Erased),
            ("starts_on", Erased),
            ("ends_on", Erased),
            ("status", Erased),
        ],
    ),
    (
        "audit_log",
        &[
            ("id", NotPersonal),
            ("at", NotPersonal),
            ("staff", NotPersonal),
            ("action", NotPersonal),
            ("entity", NotPersonal),
            (
                "entity_id",
                Kept("a record number: the action, not the person"),
            ),
        ],
    ),
    (
        "purposes",
        &[
            ("id", NotPersonal),
            ("code", NotPersonal),
            ("kind", NotPersonal),
            ("active", NotPersonal),
        ],
    ),
    (
        "purpose_versions",
        &[
            ("purpose_id", NotPersonal),
            ("version", NotPersonal),
            ("label_fr", NotPersonal),
            ("label_en", NotPersonal),
            ("wording_fr", NotPersonal),
            ("wording_en", NotPersonal),
            ("effective_on", NotPersonal),
        ],
    ),
    (
        "policy_versions",
        &[
            ("id", NotPersonal),
            ("label", NotPersonal),
            ("effective_on", NotPersonal),
            ("text_fr", NotPersonal),
            ("text_en", NotPersonal),
        ],
    ),
    (
        "consent_events",
        &[
            ("seq", PROOF),
            ("person_id", LINK),
            ("purpose_id", PROOF),
            ("purpose_version", PROOF),
            ("wording_digest", PROOF),
            ("policy_version_id", PROOF),
            ("policy_digest", PROOF),
            ("action", PROOF),
            ("channel", PROOF),
            ("given_by", PROOF),
            ("giver_person_id", LINK),
            ("giver_org_id", PROOF),
            (
                "evidence_digest",
                Kept("a salted digest: without the erased salt it says nothing"),
            ),
            ("staff", PROOF),
            ("occurred_at", PROOF),
            ("recorded_at", PROOF),
            ("prev_hash", PROOF),
            ("hash", PROOF),
        ],
    ),
    (
        "consent_evidence",
        &[("seq", Erased), ("salt", Erased), ("text", Erased)],
    ),
    (
        "ledger_head",
        &[
            ("id", NotPersonal),
            ("count", NotPersonal),
            ("last_hash", NotPersonal),
            ("genesis", NotPersonal),
        ],
    ),
    (
        "ledger_findings",
        &[
            ("id", NotPersonal),
            ("found_at", NotPersonal),
            ("origin", NotPersonal),
            ("problems", NotPersonal),
            ("recorded_count", NotPersonal),
            ("recorded_hash", NotPersonal),
            ("tail_seq", NotPersonal),
            ("tail_hash", NotPersonal),
            ("acknowledged_at", NotPersonal),
            ("acknowledged_by", NotPersonal),
            ("acknowledgement", NotPersonal),
        ],
    ),
    (
        "requests",
        &[
            ("id", ACCOUNT),
            ("kind", ACCOUNT),
            ("received_on", ACCOUNT),
            ("channel", ACCOUNT),
            ("person_id", LINK),
            ("requester", ACCOUNT),
            ("requester_person_id", LINK),
            ("requester_name", Erased),
            ("identity_method", ACCOUNT),
            ("identity_checked_by", ACCOUNT),
            ("identity_checked_on", ACCOUNT),
            ("extension_notice_on", ACCOUNT),
            ("extension_reason", Erased),
            ("status", ACCOUNT),
            ("decision", Erased),
            ("responded_on", ACCOUNT),
            ("notes", Erased),
            ("created_at", ACCOUNT),
            ("refusal_ground", ACCOUNT),
            ("refusal_provision", Kept("the provision of the law cited")),
        ],
    ),
    (
        "request_consent_events",
        &[("request_id", ACCOUNT), ("seq", ACCOUNT)],
    ),
    (
        "legal_holds",
        &[
            ("id", Erased),
            ("person_id", Erased),
            ("reason", Erased),
            ("note", Erased),
            ("until", Erased),
            ("created_at", Erased),
            ("staff", Erased),
        ],
    ),
    (
        "erasures",
        &[
            ("id", Kept("the record of the erasure itself")),
            ("person_id", LINK),
            ("request_id", ACCOUNT),
            ("origin", Kept("the record of the erasure itself")),
            ("executed_at", Kept("the record of the erasure itself")),
            ("staff", Kept("the record of the erasure itself")),
            ("deferred_until", Kept("the record of the erasure itself")),
            ("completed_on", Kept("the record of the erasure itself")),
            ("summary", Kept("counts only")),
        ],
    ),
    (
        "suppressed_addresses",
        &[
            (
                "digest",
                Kept("a keyed digest, so the address is never used again"),
            ),
            ("kind", Kept("email or phone")),
            ("reason", Kept("why the address is suppressed")),
            ("added_on", Kept("when")),
        ],
    ),
    (
        "retention_rules",
        &[
            ("category", NotPersonal),
            ("months", NotPersonal),
            ("updated_at", NotPersonal),
            ("staff", NotPersonal),
        ],
    ),
    (
        "purge_reports",
        &[
            ("id", NotPersonal),
            ("at", NotPersonal),
            ("staff", NotPersonal),
            ("day", NotPersonal),
            ("counts", NotPersonal),
        ],
    ),
    (
        "processing_versions",
        &[
            ("version", NotPersonal),
            ("effective_on", NotPersonal),
            ("adopted_at", NotPersonal),
            ("staff", NotPersonal),
            ("body", NotPersonal),
        ],
    ),
    (
        "recipient_notices",
        &[
            ("request_id", ACCOUNT),
            ("recipient", ACCOUNT),
            ("notified_on", ACCOUNT),
            ("staff", ACCOUNT),
        ],
    ),
    (
        "contests",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("kind", NotPersonal),
            ("tombola_authorisation", NotPersonal),
            ("opens_on", NotPersonal),
            ("closes_on", NotPersonal),
            ("draw_on", NotPersonal),
            ("claim_days", NotPersonal),
            ("min_age", NotPersonal),
            ("max_age", NotPersonal),
            ("regions", NotPersonal),
            ("one_per", NotPersonal),
            ("purpose", NotPersonal),
            ("skill_question", NotPersonal),
            ("skill_answer", NotPersonal),
            ("rules_extra_fr", NotPersonal),
            ("rules_extra_en", NotPersonal),
            ("non_winner_days", NotPersonal),
            ("winner_days", NotPersonal),
            ("created_at", NotPersonal),
            ("counts", NotPersonal),
        ],
    ),
    (
        "prizes",
        &[
            ("id", NotPersonal),
            ("contest_id", NotPersonal),
            ("position", NotPersonal),
            ("name", NotPersonal),
            ("quantity", NotPersonal),
            ("value_cents", NotPersonal),
        ],
    ),
    (
        "entries",
        &[
            ("id", Erased),
            ("contest_id", Erased),
            ("person_id", Erased),
            ("entered_on", Erased),
            ("channel", Erased),
            ("decision", Erased),
            ("created_at", Erased),
            ("birth_date", Erased),
            ("region_key", Erased),
            ("country_key", Erased),
            ("email_key", Erased),
            ("name_key", Erased),
            ("household_key", Erased),
        ],
    ),
    (
        "draws",
        &[
            ("id", DRAW),
            ("contest_id", DRAW),
            ("seed", DRAW),
            ("list", DRAW),
            ("list_digest", DRAW),
            ("drawn", DRAW),
            ("drawn_at", DRAW),
            ("staff", DRAW),
        ],
    ),
    (
        "winners",
        &[
            ("id", DRAW),
            ("contest_id", DRAW),
            ("rank", DRAW),
            ("entry_id", Anonymised),
            ("prize_id", DRAW),
            ("status", DRAW),
            ("skill_answer", Erased),
            ("skill_correct", DRAW),
            ("decided_on", DRAW),
        ],
    ),
    (
        "shipments",
        &[
            ("id", SHIPPED),
            ("winner_id", SHIPPED),
            ("name", Erased),
            ("street", Erased),
            ("city", Erased),
            ("region", Erased),
            ("postal_code", Erased),
            ("country", Erased),
            ("carrier", SHIPPED),
            ("tracking", Erased),
            ("status", SHIPPED),
            ("prepared_on", SHIPPED),
            ("shipped_on", SHIPPED),
            ("delivered_on", SHIPPED),
            ("returned_on", SHIPPED),
        ],
    ),
    (
        "incidents",
        &[
            ("id", INCIDENT),
            ("title", INCIDENT),
            ("nature", INCIDENT),
            ("information", INCIDENT),
            ("categories", INCIDENT),
            ("circumstances", INCIDENT),
            ("occurred_from", INCIDENT),
            ("occurred_to", INCIDENT),
            ("learned_at", INCIDENT),
            ("people_count", INCIDENT),
            ("records_count", INCIDENT),
            ("people_concerned", INCIDENT),
            ("sensitivity", INCIDENT),
            ("misuse", INCIDENT),
            ("consequences", INCIDENT),
            ("likelihood", INCIDENT),
            ("serious_risk", INCIDENT),
            ("authority_notified_on", INCIDENT),
            ("authority_reason", INCIDENT),
            ("people_notified_on", INCIDENT),
            ("public_notice_on", INCIDENT),
            ("measures", INCIDENT),
            ("created_at", INCIDENT),
            ("updated_at", INCIDENT),
            ("staff", INCIDENT),
        ],
    ),
    (
        "newsletter_lists",
        &[
            ("id", NotPersonal),
            ("purpose_id", NotPersonal),
            ("name", NotPersonal),
            ("tags", NotPersonal),
        ],
    ),
    (
        "consent_terms",
        &[
            ("seq", PROOF),
            ("kind", PROOF),
            ("implied_source", PROOF),
            ("source_on", PROOF),
            ("expires_on", PROOF),
            ("confirmed_at", PROOF),
            ("digest", PROOF),
        ],
    ),
    (
        "unsubscribes",
        &[
            ("seq", PROOF),
            ("list_id", PROOF),
            ("due_on", PROOF),
            ("done_on", PROOF),
            ("source", PROOF),
        ],
    ),
    (
        "list_suppressions",
        &[
            ("list_id", NotPersonal),
            ("digest", UNSUBSCRIBED),
            ("added_on", UNSUBSCRIBED),
        ],
    ),
    (
        "undeliverable_addresses",
        &[("digest", UNSUBSCRIBED), ("since", UNSUBSCRIBED)],
    ),
    (
        "licences",
        &[
            ("id", BILLING),
            ("licensee_person_id", LINK),
            ("licensee_org_id", NotPersonal),
            ("contact_person_id", LINK),
            ("product", BILLING),
            ("code", BILLING),
            ("created_at", BILLING),
        ],
    ),
    (
        "licence_terms",
        &[
            ("id", BILLING),
            ("licence_id", BILLING),
            ("starts_on", BILLING),
            ("ends_on", BILLING),
            ("seats", BILLING),
            ("price_cents", BILLING),
            ("currency", BILLING),
            ("invoice_ref", BILLING),
            ("recorded_at", BILLING),
            ("staff", NotPersonal),
        ],
    ),
    (
        "imports",
        &[
            ("id", NotPersonal),
            ("at", NotPersonal),
            ("staff", NotPersonal),
            ("kind", NotPersonal),
            ("channel", NotPersonal),
            ("created", NotPersonal),
            ("updated", NotPersonal),
        ],
    ),
    (
        "backup_settings",
        &[
            ("id", NotPersonal),
            ("folder", NotPersonal),
            ("keep_daily", NotPersonal),
            ("keep_monthly", NotPersonal),
            ("erased_days", NotPersonal),
        ],
    ),
    (
        "backup_log",
        &[
            ("id", NotPersonal),
            ("taken_at", NotPersonal),
            ("file_name", NotPersonal),
            ("bytes", NotPersonal),
            ("people", NotPersonal),
        ],
    ),
    // Staff accounts describe the office's own staff, not the people of the register.
    (
        "staff_accounts",
        &[
            ("id", NotPersonal),
            ("name", NotPersonal),
            ("folded", NotPersonal),
            ("role", NotPersonal),
            ("slot_key", NotPersonal),
            ("created_at", NotPersonal),
            ("removed_at", NotPersonal),
        ],
    ),
];
