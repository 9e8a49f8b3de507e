//! Roles are a boundary at the service: every command of the schema that the permission
//! table keeps for the person in charge is refused to office staff when it comes through
//! a client (a real `carnet-server` process, real TLS on the loopback), and the same call
//! from the person in charge is not refused for want of a permission — so each refusal
//! is the role's, not a malformed call's.

mod common;

use carnet_api::accounts::{RemoveAccount, StaffAccounts};
use carnet_api::backup::SetBackupRotation;
use carnet_api::consent::{AcknowledgeLedger, AddPolicyVersion, AddPurposeVersion};
use carnet_api::incidents::{IncidentReportFile, ListIncidents};
use carnet_api::newsletter::{AddNewsletterList, MailingExportFile};
use carnet_api::org::{Profile, UpdateProfile};
use carnet_api::privacy::{
    AddHold, AdoptProcessing, ExecuteErasure, RegulatorPackFile, ReleaseHold, RunPurge,
    SetRetention,
};
use carnet_api::requests::{AddRequest, ExtendRequest, RequestsCsv};
use carnet_api::service::{PairingCode, RevokeDevice};
use carnet_core::consent::PurposeWording;
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::newsletter::ListInput;
use carnet_core::org::OrganisationProfile;
use carnet_core::privacy::{ErasureInput, HoldInput, HoldReason, RetentionCategory};
use carnet_core::requests::{RequestInput, RequestKind, Requester};
use carnet_server::client::Connection;
use carnet_server::proto::Call;
use chrono::NaiveDate;
use common::{office, pair_five, start, DIRECTRICE, SECRETAIRE};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

#[test]
fn office_staff_are_refused_every_decision_of_the_person_in_charge_at_the_service() {
    let o = office();
    let mut service = start(&o, "127.0.0.1:0", &[]);
    let pcs = pair_five(&mut service);
    let (desk, laptop) = (&pcs[0], &pcs[1]);
    let mut at_desk = Connection::open(desk).unwrap();
    let helene = at_desk
        .sign_in(desk, "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    let mut on_laptop = Connection::open(laptop).unwrap();
    let sophie = on_laptop
        .sign_in(laptop, "Sophie Gagnon", SECRETAIRE)
        .unwrap();

    // Everyday work is Sophie's: a request for Léa (person 1).
    let request = on_laptop
        .call(
            &sophie,
            Call::of(&AddRequest {
                input: RequestInput {
                    kind: RequestKind::Access,
                    received_on: day(1),
                    channel: Channel::Email,
                    person_id: 1,
                    requester: Requester::Person,
                    requester_person_id: None,
                    requester_name: String::new(),
                    notes: String::new(),
                },
            }),
        )
        .unwrap()
        .as_i64()
        .unwrap();
    let profile: OrganisationProfile =
        serde_json::from_value(on_laptop.call(&sophie, Call::of(&Profile {})).unwrap()).unwrap();
    let wording = PurposeWording {
        label_fr: "Infolettre des parents".into(),
        label_en: "Parents' newsletter".into(),
        wording_fr: "J'accepte de recevoir l'infolettre.".into(),
        wording_en: "I agree to receive the newsletter.".into(),
    };

    // Each decision the permission table keeps for the person in charge, as a call.
    let decisions: Vec<(&str, Call)> = vec![
        (
            "erase a person",
            Call::of(&ExecuteErasure {
                input: ErasureInput {
                    request_id: None,
                    person_ids: vec![1],
                },
                confirm_name: "Léa Tremblay".into(),
            }),
        ),
        ("run the purge", Call::of(&RunPurge {})),
        (
            "change a retention rule",
            Call::of(&SetRetention {
                category: RetentionCategory::FormerPeople,
                months: 48,
            }),
        ),
        (
            "put a legal hold",
            Call::of(&AddHold {
                input: HoldInput {
                    person_id: 1,
                    reason: HoldReason::Accounting,
                    note: String::new(),
                    until: day(31),
                },
            }),
        ),
        ("release a legal hold", Call::of(&ReleaseHold { id: 1 })),
        (
            "adopt the processing register",
            Call::of(&AdoptProcessing {
                activities: Vec::new(),
                effective_on: day(6),
            }),
        ),
        (
            "the regulator's pack",
            Call::of(&RegulatorPackFile { language: None }),
        ),
        ("every request as CSV", Call::of(&RequestsCsv {})),
        (
            "a list's subscribers for the mailing tool",
            Call::of(&MailingExportFile {
                list_id: 1,
                format: carnet_core::newsletter::MailingFormat::Mailchimp,
                unsubscribes: false,
            }),
        ),
        ("the incident register", Call::of(&ListIncidents {})),
        (
            "print the incident register",
            Call::of(&IncidentReportFile {
                id: None,
                language: None,
            }),
        ),
        (
            "a new privacy policy",
            Call::of(&AddPolicyVersion {
                label: "2027".into(),
                effective_on: day(6),
                text_fr: "Politique".into(),
                text_en: "Policy".into(),
            }),
        ),
        (
            "a new wording of a purpose",
            Call::of(&AddPurposeVersion {
                purpose_id: 1,
                wording: wording.clone(),
                effective_on: day(6),
            }),
        ),
        (
            "a new newsletter list",
            Call::of(&AddNewsletterList {
                input: ListInput {
                    name: "Parents".into(),
                    tags: String::new(),
                    wording,
                },
            }),
        ),
        (
            "acknowledge the ledger",
            Call::of(&AcknowledgeLedger { note: "vu".into() }),
        ),
        (
            "extend a request's deadline",
            Call::of(&ExtendRequest {
                id: request,
                notice_on: day(6),
                reason: "volume".into(),
            }),
        ),
        (
            "change the organisation's rules",
            Call::of(&UpdateProfile {
                profile: OrganisationProfile {
                    jurisdiction: Jurisdiction::France,
                    ..profile
                },
            }),
        ),
        ("list the staff accounts", Call::of(&StaffAccounts {})),
        (
            "the backups' rotation",
            Call::of(&SetBackupRotation {
                keep_daily: 3,
                keep_monthly: 1,
                erased_days: 30,
            }),
        ),
        ("revoke a device", Call::of(&RevokeDevice { id: 1 })),
        ("the code that pairs another PC", Call::of(&PairingCode {})),
        (
            "remove an account",
            Call::of(&RemoveAccount { account: o.sophie }),
        ),
    ];
    for (what, call) in &decisions {
        let refused = on_laptop.call(&sophie, call.clone()).unwrap_err();
        assert_eq!(refused.code(), "not_permitted", "{what}: {refused}");
    }
    // The same calls from the person in charge: none is refused for want of a permission.
    for (what, call) in &decisions {
        match at_desk.call(&helene, call.clone()) {
            Ok(_) => {}
            Err(e) => assert!(
                !matches!(e.code(), "not_permitted" | "bad_request"),
                "{what}: {e}"
            ),
        }
    }
    // The last one removed Sophie: her session ended at once.
    assert_eq!(
        on_laptop
            .call(&sophie, Call::of(&Profile {}))
            .unwrap_err()
            .code(),
        "session_ended"
    );
}
