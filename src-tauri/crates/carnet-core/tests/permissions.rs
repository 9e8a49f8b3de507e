//! Every legal decision has a permission, checked in the domain: the table of operations
//! names every public operation of the register, and office staff are refused each one
//! that needs a permission (with nothing changed), while the person in charge is not.
//! The recovery key is the person in charge's alone, and its confirmation lives inside
//! the encrypted register.

mod common;

use carnet_core::Contexts;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use carnet_core::accounts::{Access, AccountKey, AccountSecret, Permission};
use carnet_core::backup::{restore, BackupSettings};
use carnet_core::consent::PurposeKind;
use carnet_core::consent::PurposeWording;
use carnet_core::contexts::operations;
use carnet_core::exchange::ExportList;
use carnet_core::incidents::IncidentInput;
use carnet_core::model::{Jurisdiction, Paper, StaffRole};
use carnet_core::newsletter::MailingFormat;
use carnet_core::privacy::{ErasureInput, HoldInput};
use carnet_core::privacy::{HoldReason, RetentionCategory};
use carnet_core::requests::Refusal;
use carnet_core::requests::{RefusalGround, RequestStatus};
use carnet_core::{Code, Register, Unlock, Vault};
use common::*;

fn as_account<'a>(id: i64, pass: &'a str) -> Unlock<'a> {
    Unlock::Account(id, AccountSecret::Passphrase(pass))
}

struct Office {
    path: PathBuf,
    recovery: String,
    helene: i64,
    sophie: i64,
    person: i64,
    /// An access request about `person` whose package has an item masked.
    access: i64,
}

/// A register with the person in charge (Hélène), office staff (Sophie) and one person.
fn office(dir: &Path) -> Office {
    let (mut reg, recovery, path) = fresh(dir, Jurisdiction::Quebec);
    let person = reg.people().add(&full_person("A"), now()).unwrap();
    reg.set_staff("Hélène");
    let access = reg
        .requests()
        .add(
            &carnet_core::requests::RequestInput {
                kind: carnet_core::requests::RequestKind::Access,
                received_on: date("2026-11-20"),
                channel: carnet_core::model::Channel::Email,
                person_id: person,
                requester: carnet_core::requests::Requester::Person,
                requester_person_id: None,
                requester_name: String::new(),
                notes: String::new(),
            },
            now(),
        )
        .unwrap();
    reg.requests()
        .verify_identity(
            access,
            carnet_core::requests::IdentityMethod::DocumentSeen,
            date("2026-11-21"),
            now(),
        )
        .unwrap();
    reg.requests()
        .mask(access, "identity:notes", RefusalGround::ThirdParty, now())
        .unwrap();
    let (helene, sophie) = add_office_accounts(&mut reg);
    Office {
        path,
        recovery,
        helene,
        sophie,
        person,
        access,
    }
}

/// The public operations of the register, read from the sources: every `pub fn` inside an
/// `impl Register` block or a context's handle (`impl Licences<'_>`), with whether its
/// body asks for a permission, and the restore (a function of its own).
fn operations_in_sources() -> BTreeMap<String, bool> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, bool>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            // The recipe's example context is built for the lib's own tests only.
            if path.is_dir() && path.ends_with("src/example") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let mut inside = false;
                let mut current: Option<String> = None;
                // An operation of the register's frame is named alone (`open`); one of a
                // context's handle by its context (`licences.add` for `impl Licences<'_>`).
                let mut prefix = String::new();
                for line in text.lines() {
                    if line.starts_with("impl Register {") {
                        inside = true;
                        prefix.clear();
                    } else if let Some(handle) = line
                        .strip_prefix("impl ")
                        .and_then(|l| l.strip_suffix("<'_> {"))
                        .filter(|h| h.chars().all(char::is_alphanumeric))
                    {
                        inside = true;
                        prefix = format!("{}.", handle.to_lowercase());
                    } else if inside && line.starts_with('}') {
                        inside = false;
                        current = None;
                    } else if let Some(rest) = line.strip_prefix("    pub fn ").filter(|_| inside) {
                        let name: String = rest
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        let name = format!("{prefix}{name}");
                        out.insert(name.clone(), false);
                        current = Some(name);
                    } else if line.starts_with("    fn ") || line.starts_with("    pub(crate) fn ")
                    {
                        current = None;
                    } else if line.contains("self.require(") {
                        if let Some(name) = &current {
                            out.insert(name.clone(), true);
                        }
                    }
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.insert("restore".into(), true);
    out
}

#[test]
fn the_table_names_every_operation_of_the_register() {
    let checked = operations_in_sources();
    let found: BTreeSet<String> = checked.keys().cloned().collect();
    assert!(
        found.len() > 150,
        "the scan found {} operations",
        found.len()
    );
    let table: BTreeSet<String> = operations().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        operations().count(),
        table.len(),
        "an operation is listed twice"
    );
    let missing: Vec<_> = found.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "public operations missing from their context's permissions.rs: {missing:?}"
    );
    let stale: Vec<_> = table.difference(&found).collect();
    assert!(stale.is_empty(), "listed but gone: {stale:?}");
    // An operation that asks for a permission is not listed as open to any account (but
    // those that only ask whether: who acts, and whether to show the recovery screen).
    for (name, access) in operations() {
        if checked.get(*name) == Some(&true)
            && !matches!(*name, "require" | "session" | "recovery_unconfirmed")
        {
            assert!(
                matches!(access, Access::Needs(_) | Access::When(..)),
                "{name} asks for a permission but is listed as {access:?}"
            );
        }
    }
    // Every permission guards at least one operation.
    for p in Permission::ALL {
        assert!(
            operations().any(|(_, a)| matches!(a,
                Access::Needs(q) | Access::When(q, _) if q == p)),
            "{p} guards nothing"
        );
    }
}

type Attempt = Box<dyn Fn(&mut Register, &Office) -> carnet_core::Result<()>>;

/// One attempt per operation of the table that needs a permission: the operation's
/// guarded case, with arguments that would otherwise be accepted where they can be.
fn attempts() -> Vec<(&'static str, Attempt)> {
    fn ok<T>(r: carnet_core::Result<T>) -> carnet_core::Result<()> {
        r.map(|_| ())
    }
    let incident = || -> IncidentInput {
        serde_json::from_value(serde_json::json!({
            "title": "Portable volé",
            "nature": "loss",
            "information": "la liste des inscriptions",
            "circumstances": "volé dans une voiture",
            "learned_at": "2026-11-24T09:00:00Z",
        }))
        .unwrap()
    };
    let wording = || PurposeWording {
        label_fr: "Photos".into(),
        label_en: "Photos".into(),
        wording_fr: "Publier des photos".into(),
        wording_en: "Publish photos".into(),
    };
    let list: Vec<(&'static str, Attempt)> = vec![
        (
            "accounts.add",
            Box::new(|r, _| {
                ok(r.accounts().add(
                    "Nouvelle",
                    StaffRole::PrivacyOfficer,
                    AccountKey::Passphrase("une phrase pour la nouvelle venue", FAST),
                    &Vault::none(),
                    now(),
                ))
            }),
        ),
        (
            "accounts.remove",
            Box::new(|r, o| r.accounts().remove(o.helene, &Vault::none(), now())),
        ),
        ("accounts.list", Box::new(|r, _| ok(r.accounts().list()))),
        (
            "accounts.set_key",
            Box::new(|r, o| {
                r.accounts().set_key(
                    o.helene,
                    AccountKey::Passphrase("une autre phrase de passe choisie", FAST),
                    &Vault::none(),
                    now(),
                )
            }),
        ),
        (
            "backups.set_settings",
            Box::new(|r, _| {
                r.backups().set_settings(
                    &BackupSettings {
                        keep_daily: 1,
                        ..BackupSettings::default()
                    },
                    now(),
                )
            }),
        ),
        (
            "restore",
            Box::new(|_, _| unreachable!("walked on its own")),
        ),
        (
            "consent.add_policy_version",
            Box::new(|r, _| {
                ok(r.consent()
                    .add_policy_version("v9", date("2026-12-01"), "texte", "text", now()))
            }),
        ),
        (
            "consent.add_purpose",
            Box::new(move |r, _| {
                ok(r.consent().add_purpose(
                    "photos_web",
                    PurposeKind::Publication,
                    &wording(),
                    date("2026-12-01"),
                    now(),
                ))
            }),
        ),
        (
            "consent.add_purpose_version",
            Box::new(move |r, _| {
                ok(r.consent()
                    .add_purpose_version(1, &wording(), date("2026-12-01"), now()))
            }),
        ),
        (
            "consent.set_purpose_active",
            Box::new(|r, _| r.consent().set_purpose_active(1, false, now())),
        ),
        (
            "consent.acknowledge_ledger",
            Box::new(|r, _| ok(r.consent().acknowledge_ledger("vu", now()))),
        ),
        (
            "exchange.export_list",
            Box::new(|r, _| {
                use ExportList::*;
                // Every list but the licences' (the office's customers, day to day).
                for list in [People, Members, Requests, Entrants, Subscribers] {
                    match r.exchange().export_list(list, Some(1), false, now()) {
                        Err(e) if e.code() == Code::NotPermitted => {}
                        other => return ok(other),
                    }
                }
                Err(carnet_core::Error::NotPermitted(Permission::ExportLists))
            }),
        ),
        (
            "incidents.add",
            Box::new(move |r, _| ok(r.incidents().add(&incident(), now()))),
        ),
        (
            "incidents.get",
            Box::new(|r, _| ok(r.incidents().get(1, now()))),
        ),
        (
            "incidents.all",
            Box::new(|r, _| ok(r.incidents().all(now()))),
        ),
        (
            "incidents.update",
            Box::new(move |r, _| r.incidents().update(1, &incident(), now())),
        ),
        (
            "newsletter.export_mailing",
            Box::new(|r, _| {
                ok(r.newsletter()
                    .export_mailing(1, MailingFormat::Mailchimp, now()))
            }),
        ),
        (
            "org.update_profile",
            Box::new(|r, _| {
                let mut p = r.org().profile()?;
                p.age_of_consent = Some(1);
                p.paper = Paper::A4;
                r.org().update_profile(&p, now())
            }),
        ),
        (
            "privacy.erase",
            Box::new(|r, o| {
                ok(r.privacy().erase(
                    &ErasureInput {
                        request_id: None,
                        person_ids: vec![o.person],
                    },
                    "ZoëA Lefèvre-Cœurdevey",
                    now(),
                ))
            }),
        ),
        (
            "privacy.add_hold",
            Box::new(|r, o| {
                ok(r.privacy().add_hold(
                    &HoldInput {
                        person_id: o.person,
                        reason: HoldReason::Accounting,
                        note: String::new(),
                        until: date("2030-01-01"),
                    },
                    now(),
                ))
            }),
        ),
        (
            "privacy.release_hold",
            Box::new(|r, _| r.privacy().release_hold(1, now())),
        ),
        (
            "privacy.adopt_processing",
            Box::new(|r, _| {
                let activities = r.privacy().processing_latest()?.activities;
                ok(r.privacy()
                    .adopt_processing(&activities, date("2026-12-01"), now()))
            }),
        ),
        (
            "privacy.purge",
            Box::new(|r, _| ok(r.privacy().purge(now()))),
        ),
        (
            "privacy.set_retention",
            Box::new(|r, _| {
                r.privacy()
                    .set_retention(RetentionCategory::FormerPeople, 1, now())
            }),
        ),
        (
            "requests.close",
            Box::new(|r, _| {
                r.requests().close(
                    1,
                    RequestStatus::Refused,
                    "non",
                    Some(&Refusal {
                        ground: RefusalGround::Other,
                        provision: "art. 1".into(),
                    }),
                    date("2026-11-24"),
                    now(),
                )
            }),
        ),
        ("requests.csv", Box::new(|r, _| ok(r.requests().csv()))),
        (
            "service.identity",
            Box::new(|r, _| ok(r.service().identity().map(|i| i.map(|i| i.cert)))),
        ),
        (
            "service.set_identity",
            Box::new(|r, _| r.service().set_identity(b"cert", b"key", now())),
        ),
        (
            "service.pair_device",
            Box::new(|r, _| ok(r.service().pair_device("Portable", "00", now()))),
        ),
        (
            "service.revoke_device",
            Box::new(|r, _| r.service().revoke_device(1, now())),
        ),
        (
            "service.carried_over",
            Box::new(|r, _| ok(r.service().carried_over())),
        ),
        (
            "service.carry_over",
            Box::new(|r, _| {
                // What the person in charge's own register holds, put back (a no-op).
                let kept = r.service().carried_over();
                match kept {
                    Ok(k) => r.service().carry_over(&k, now()),
                    Err(e) => Err(e),
                }
            }),
        ),
        (
            "service.set_passphrase",
            Box::new(|r, o| {
                r.service().set_passphrase(
                    o.helene,
                    "une autre phrase de passe choisie",
                    None,
                    FAST,
                    now(),
                )
            }),
        ),
        (
            "requests.approve_access_package",
            Box::new(|r, o| ok(r.requests().approve_access_package(o.access, now()))),
        ),
        (
            "privacy.regulator_pack",
            Box::new(|r, _| ok(r.privacy().regulator_pack(now()))),
        ),
        (
            "requests.extend",
            Box::new(|r, _| {
                ok(r.requests()
                    .extend(1, date("2026-11-24"), "dossier complexe", now()))
            }),
        ),
        (
            "newsletter.add_list",
            Box::new(move |r, _| {
                ok(r.newsletter().add_list(
                    &carnet_core::newsletter::ListInput {
                        name: "Parents".into(),
                        tags: String::new(),
                        wording: wording(),
                    },
                    date("2026-12-01"),
                    now(),
                ))
            }),
        ),
        (
            "apply_rekey",
            Box::new(|_, _| unreachable!("walked on its own")),
        ),
        ("prepare_rekey", Box::new(|r, _| ok(r.prepare_rekey()))),
        (
            "set_passphrase",
            Box::new(|r, _| r.set_passphrase("une phrase du registre lui-même", FAST, now())),
        ),
        (
            "remember_in_keyring",
            Box::new(|r, _| r.remember_in_keyring(&Vault::none(), now())),
        ),
        ("recovery_key", Box::new(|r, _| ok(r.recovery_key()))),
        (
            "confirm_recovery_key",
            Box::new(|r, _| r.confirm_recovery_key(now())),
        ),
    ];
    list
}

fn guarded() -> BTreeSet<&'static str> {
    operations()
        .filter(|(_, a)| matches!(a, Access::Needs(_) | Access::When(..)))
        .map(|(n, _)| *n)
        .collect()
}

fn audit_rows(r: &Register) -> usize {
    r.audit_log(100_000).unwrap().len()
}

#[test]
fn office_staff_are_refused_every_decision_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let o = office(dir.path());
    let attempts = attempts();
    let walked: BTreeSet<&str> = attempts.iter().map(|(n, _)| *n).collect();
    assert_eq!(walked, guarded(), "every guarded operation is walked");

    let mut reg = Register::open(&o.path, as_account(o.sophie, SECRETAIRE)).unwrap();
    let key_file = std::fs::read(carnet_core::register::key_info_path(&o.path)).unwrap();
    let before = audit_rows(&reg);
    let profile = reg.org().profile().unwrap();
    for (name, attempt) in &attempts {
        if matches!(*name, "restore" | "apply_rekey") {
            continue;
        }
        let err = attempt(&mut reg, &o).expect_err(name);
        assert_eq!(err.code(), Code::NotPermitted, "{name}: {err}");
    }
    // A re-key prepared by the person in charge, applied from office staff's session.
    let pending = Register::open(&o.path, as_account(o.helene, DIRECTRICE))
        .unwrap()
        .prepare_rekey()
        .unwrap();
    let err = reg
        .apply_rekey(pending, &Vault::none(), None, now())
        .unwrap_err();
    assert_eq!(err.code(), Code::NotPermitted);
    assert_eq!(audit_rows(&reg), before, "nothing was recorded");
    assert_eq!(reg.org().profile().unwrap(), profile);
    assert!(reg.people().get(o.person).is_ok(), "nobody was erased");
    assert_eq!(
        std::fs::read(carnet_core::register::key_info_path(&o.path)).unwrap(),
        key_file,
        "the key file is as it was"
    );
    // Everyday work stays open to office staff: the name and address of the organisation.
    let mut p = reg.org().profile().unwrap();
    p.address = "12 rue des Lilas, Laval".into();
    reg.org().update_profile(&p, now()).unwrap();
    drop(reg);

    // The person in charge is refused none of them (some fail for what they are: no
    // such incident, a request that does not exist).
    let mut reg = Register::open(&o.path, as_account(o.helene, DIRECTRICE)).unwrap();
    for (name, attempt) in &attempts {
        if matches!(
            *name,
            "restore" | "apply_rekey" | "accounts.remove" | "privacy.erase" | "privacy.purge"
        ) {
            continue;
        }
        if let Err(e) = attempt(&mut reg, &o) {
            assert_ne!(e.code(), Code::NotPermitted, "{name}: {e}");
        }
    }
}

#[test]
fn office_staff_cannot_restore_a_backup_over_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let o = office(dir.path());
    let out = dir.path().join("sauvegardes");
    std::fs::create_dir(&out).unwrap();
    let reg = Register::open(&o.path, as_account(o.helene, DIRECTRICE)).unwrap();
    let (info, _) = reg.backups().backup_to(&out, now()).unwrap();
    reg.people()
        .add(&person("Après", "Sauvegarde", None), now())
        .unwrap();
    drop(reg);
    let before = std::fs::read(&o.path).unwrap();

    let err = restore(&info.file, &o.path, as_account(o.sophie, SECRETAIRE), now()).unwrap_err();
    assert_eq!(err.code(), Code::NotPermitted);
    assert_eq!(std::fs::read(&o.path).unwrap(), before, "nothing moved");
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .collect();
    assert!(aside.is_empty(), "nothing set aside");
    // Even where nothing stands at the path (a new PC), the backup's own roles decide.
    let elsewhere = dir.path().join("nouveau-pc").join("carnet.db");
    let err = restore(
        &info.file,
        &elsewhere,
        as_account(o.sophie, SECRETAIRE),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::NotPermitted);
    assert!(!elsewhere.exists());
    // The register's own passphrase from before the accounts still unwraps the key (it is
    // in every older key file): it restores nothing, here or on a new PC.
    for place in [&o.path, &elsewhere] {
        let err = restore(&info.file, place, Unlock::Passphrase(PASS), now()).unwrap_err();
        assert!(
            matches!(err.code(), Code::NotPermitted | Code::AccountRequired),
            "{err:?}"
        );
    }
    assert_eq!(std::fs::read(&o.path).unwrap(), before, "nothing moved");
    assert!(!elsewhere.exists());
    // The person in charge restores.
    let done = restore(&info.file, &o.path, as_account(o.helene, DIRECTRICE), now()).unwrap();
    assert_eq!(done.info.counts.people, 1);
}

#[test]
fn the_recovery_key_is_the_person_in_charges_and_its_confirmation_cannot_be_edited_back() {
    let dir = tempfile::tempdir().unwrap();
    let o = office(dir.path());

    // Not confirmed yet: office staff are still never shown it.
    let reg = Register::open(&o.path, as_account(o.sophie, SECRETAIRE)).unwrap();
    assert!(
        !reg.recovery_unconfirmed(),
        "no recovery screen for office staff"
    );
    assert_eq!(reg.recovery_key().unwrap_err().code(), Code::NotPermitted);
    drop(reg);

    let mut reg = Register::open(&o.path, as_account(o.helene, DIRECTRICE)).unwrap();
    assert!(reg.recovery_unconfirmed());
    assert_eq!(reg.recovery_key().unwrap().expose(), o.recovery);
    reg.confirm_recovery_key(now()).unwrap();
    assert!(!reg.recovery_unconfirmed());
    drop(reg);

    // Someone edits the key file to say "unconfirmed" again: nothing is shown.
    let key_path = carnet_core::register::key_info_path(&o.path);
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&key_path).unwrap()).unwrap();
    json["recovery_unconfirmed"] = serde_json::Value::Bool(true);
    std::fs::write(&key_path, serde_json::to_vec(&json).unwrap()).unwrap();
    let reg = Register::open(&o.path, as_account(o.helene, DIRECTRICE)).unwrap();
    assert!(!reg.recovery_unconfirmed());
    assert_eq!(reg.recovery_key().unwrap_err().code(), Code::Conflict);
    drop(reg);

    // A session opened with the recovery key says so in the audit log, with the name typed.
    let mut reg = Register::open(&o.path, Unlock::RecoveryKey(&o.recovery)).unwrap();
    reg.set_staff("Hélène");
    reg.people()
        .add(&person("Noé", "Roy", None), now())
        .unwrap();
    let last = reg.audit_log(1).unwrap().remove(0);
    assert_eq!(last.staff, "[recovery key] (Hélène)");
    reg.set_staff("");
    reg.people()
        .add(&person("Lou", "Roy", None), now())
        .unwrap();
    assert_eq!(reg.audit_log(1).unwrap()[0].staff, "[recovery key]");
}

#[test]
fn a_register_without_accounts_shows_the_recovery_key_to_whoever_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, recovery, path) = fresh(dir.path(), Jurisdiction::France);
    assert!(reg.recovery_unconfirmed());
    assert_eq!(reg.recovery_key().unwrap().expose(), recovery);
    reg.confirm_recovery_key(now()).unwrap();
    drop(reg);
    let reg = Register::open(&path, Unlock::Passphrase(PASS)).unwrap();
    assert!(!reg.recovery_unconfirmed());
}

/// The register service rests, between calls, as nobody: whatever forgets to name the
/// account can do no more than office staff; acting for an account, then as itself again
/// (for its own records) follows who is named.
#[test]
fn the_service_rests_as_nobody_between_calls() {
    let dir = tempfile::tempdir().unwrap();
    let o = office(dir.path());
    let mut reg = Register::open(&o.path, as_account(o.helene, DIRECTRICE)).unwrap();
    reg.require(Permission::Erase).unwrap();
    reg.serve_nobody();
    assert_eq!(
        reg.require(Permission::Erase).unwrap_err().code(),
        Code::NotPermitted
    );
    reg.serve_as(o.sophie, "Portable").unwrap();
    assert_eq!(reg.preparer(), "Sophie Gagnon · Portable");
    assert_eq!(
        reg.require(Permission::Erase).unwrap_err().code(),
        Code::NotPermitted
    );
    reg.serve_as(o.helene, "Poste").unwrap();
    reg.require(Permission::Erase).unwrap();
    reg.serve_as_itself();
    reg.require(Permission::Erase).unwrap();
    assert_eq!(reg.preparer(), "Hélène Tremblay");
    // A removed account's name opens nothing: the register then acts as nobody.
    reg.accounts()
        .remove(o.sophie, &Vault::none(), now())
        .unwrap();
    assert!(reg.serve_as(o.sophie, "Portable").is_err());
    assert_eq!(
        reg.require(Permission::Erase).unwrap_err().code(),
        Code::NotPermitted
    );
}
