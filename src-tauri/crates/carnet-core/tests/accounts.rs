//! Staff accounts: each account opens the register through its own key slot, a removed
//! account cannot, office staff are refused what only the person in charge may do (by the
//! domain, whatever the screens show), and the audit log names the account.

mod common;

use carnet_core::accounts::{account_choices, AccountKey, AccountSecret, Permission};
use carnet_core::backup::restore;
use carnet_core::exchange::ExportList;
use carnet_core::model::{Jurisdiction, StaffRole};
use carnet_core::privacy::ErasureInput;
use carnet_core::Contexts;
use carnet_core::{Code, Register, Unlock, Vault};
use chrono::Duration;
use common::*;

fn as_account<'a>(id: i64, pass: &'a str) -> Unlock<'a> {
    Unlock::Account(id, AccountSecret::Passphrase(pass))
}

/// A register with the person in charge (Hélène) and office staff (Sophie).
fn office(dir: &std::path::Path) -> (std::path::PathBuf, String, i64, i64) {
    let (mut reg, recovery, path) = fresh(dir, Jurisdiction::Quebec);
    let (helene, sophie) = add_office_accounts(&mut reg);
    (path, recovery, helene, sophie)
}

#[test]
fn each_account_opens_the_register_and_the_old_ways_in_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (path, recovery, helene, sophie) = office(dir.path());

    // The unlock screen lists the accounts from the key file, before any key is known.
    let choices = account_choices(&path).unwrap();
    let names: Vec<_> = choices.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Hélène Tremblay", "Sophie Gagnon"]);
    assert!(choices.iter().all(|c| c.passphrase && !c.keyring));

    let reg = Register::open(&path, as_account(helene, DIRECTRICE)).unwrap();
    let s = reg.session();
    assert_eq!(s.role, Some(StaffRole::PrivacyOfficer));
    assert_eq!(s.permissions, Permission::ALL);
    drop(reg);
    let reg = Register::open(&path, as_account(sophie, SECRETAIRE)).unwrap();
    let s = reg.session();
    assert_eq!(s.account.unwrap().name, "Sophie Gagnon");
    assert!(s.permissions.is_empty());
    drop(reg);

    // One account's passphrase does not open another's slot.
    assert_eq!(
        Register::open(&path, as_account(sophie, DIRECTRICE))
            .unwrap_err()
            .code(),
        Code::WrongPassphrase
    );
    // The register's own passphrase (from before accounts) no longer opens it.
    assert_eq!(
        Register::open(&path, Unlock::Passphrase(PASS))
            .unwrap_err()
            .code(),
        Code::AccountRequired
    );
    // The recovery key still does, with every right.
    let reg = Register::open(&path, Unlock::RecoveryKey(&recovery)).unwrap();
    assert!(reg.session().by_recovery_key);
    assert_eq!(reg.session().permissions, Permission::ALL);
}

#[test]
fn office_staff_are_refused_by_the_domain() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, helene, sophie) = office(dir.path());
    let mut reg = Register::open(&path, as_account(sophie, SECRETAIRE)).unwrap();
    let id = reg
        .people()
        .add(&person("Léa", "Roy", None), now())
        .unwrap();
    let refused = |e: carnet_core::Error, p: Permission| {
        assert_eq!(e.code(), Code::NotPermitted);
        assert_eq!(
            carnet_core::ErrorBody::from(&e).detail.unwrap()["permission"],
            serde_json::to_value(p).unwrap()
        );
    };
    let erase = ErasureInput {
        request_id: None,
        person_ids: vec![id],
    };
    refused(
        reg.privacy().erase(&erase, "Léa Roy", now()).unwrap_err(),
        Permission::Erase,
    );
    refused(reg.privacy().purge(now()).unwrap_err(), Permission::Purge);
    for list in [
        ExportList::People,
        ExportList::Members,
        ExportList::Requests,
    ] {
        refused(
            reg.exchange()
                .export_list(list, None, false, now())
                .unwrap_err(),
            Permission::ExportRegister,
        );
    }
    refused(
        reg.incidents().all(now()).unwrap_err(),
        Permission::Incidents,
    );
    refused(
        reg.accounts().list().unwrap_err(),
        Permission::ManageAccounts,
    );
    refused(
        reg.accounts()
            .add(
                "Intrus",
                StaffRole::PrivacyOfficer,
                AccountKey::Passphrase(SECRETAIRE, FAST),
                &Vault::none(),
                now(),
            )
            .unwrap_err(),
        Permission::ManageAccounts,
    );
    refused(
        reg.accounts()
            .remove(helene, &Vault::none(), now())
            .unwrap_err(),
        Permission::ManageAccounts,
    );
    refused(reg.prepare_rekey().err().unwrap(), Permission::ManageKeys);
    // Another account's passphrase is not office staff's to change; their own is.
    refused(
        reg.accounts()
            .set_key(
                helene,
                AccountKey::Passphrase(SECRETAIRE, FAST),
                &Vault::none(),
                now(),
            )
            .unwrap_err(),
        Permission::ManageAccounts,
    );
    reg.accounts()
        .set_key(
            sophie,
            AccountKey::Passphrase("un nouveau mot de passe pour Sophie", FAST),
            &Vault::none(),
            now(),
        )
        .unwrap();
    // Day-to-day work goes on, and the dashboard hides the incidents' count.
    assert_eq!(reg.privacy().summary(now()).unwrap().incidents_pending, 0);
    reg.exchange()
        .export_list(ExportList::Licences, None, false, now())
        .unwrap();
    drop(reg);
    assert!(Register::open(&path, as_account(sophie, SECRETAIRE)).is_err());
    Register::open(
        &path,
        as_account(sophie, "un nouveau mot de passe pour Sophie"),
    )
    .unwrap();

    // The person in charge does what was refused.
    let reg = Register::open(&path, as_account(helene, DIRECTRICE)).unwrap();
    reg.exchange()
        .export_list(ExportList::People, None, false, now())
        .unwrap();
    reg.privacy().erase(&erase, "Léa Roy", now()).unwrap();
}

#[test]
fn the_audit_log_names_the_account_not_a_typed_name() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _, sophie) = office(dir.path());
    let mut reg = Register::open(&path, as_account(sophie, SECRETAIRE)).unwrap();
    reg.set_staff("Quelqu’un d’autre");
    let id = reg
        .people()
        .add(&person("Léa", "Roy", None), now())
        .unwrap();
    let last = &reg.audit_log(1).unwrap()[0];
    assert_eq!(
        (last.action.as_str(), last.entity_id, last.staff.as_str()),
        ("person.create", Some(id), "Sophie Gagnon")
    );
    // The accounts' own history is in the log too, under the person in charge's name.
    let log = reg.audit_log(50).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "account.add" && e.staff == "Hélène Tremblay"));
}

#[test]
fn a_removed_account_cannot_open_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, helene, sophie) = office(dir.path());
    let old_key_file = std::fs::read(carnet_core::register::key_info_path(&path)).unwrap();
    let mut reg = Register::open(&path, as_account(helene, DIRECTRICE)).unwrap();
    // Nobody removes themselves, nor the last person in charge.
    assert_eq!(
        reg.accounts()
            .remove(helene, &Vault::none(), now())
            .unwrap_err()
            .code(),
        Code::Conflict
    );
    reg.accounts()
        .remove(sophie, &Vault::none(), now())
        .unwrap();
    let listed = reg.accounts().list().unwrap();
    assert!(listed
        .iter()
        .any(|a| a.id == sophie && a.removed_at.is_some() && !a.passphrase));
    // A name once used stays that account's in the log: it is not given again.
    assert_eq!(
        reg.accounts()
            .add(
                "sophie gagnon",
                StaffRole::OfficeStaff,
                AccountKey::Passphrase(SECRETAIRE, FAST),
                &Vault::none(),
                now()
            )
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    drop(reg);
    assert_eq!(
        Register::open(&path, as_account(sophie, SECRETAIRE))
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    assert!(!account_choices(&path)
        .unwrap()
        .iter()
        .any(|c| c.id == sophie));

    // A copy of the old key file still has the slot: the register itself refuses the
    // removed account.
    let kept = carnet_core::register::key_info_path(&path);
    let current = std::fs::read(&kept).unwrap();
    std::fs::write(&kept, &old_key_file).unwrap();
    assert_eq!(
        Register::open(&path, as_account(sophie, SECRETAIRE))
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    std::fs::write(&kept, current).unwrap();
}

#[test]
fn re_keying_keeps_every_account_and_retires_old_slots() {
    let dir = tempfile::tempdir().unwrap();
    let (path, recovery, helene, sophie) = office(dir.path());
    let old_key_file = std::fs::read(carnet_core::register::key_info_path(&path)).unwrap();
    let mut reg = Register::open(&path, as_account(helene, DIRECTRICE)).unwrap();
    // With accounts the register takes no passphrase of its own.
    let pending = reg.prepare_rekey().unwrap();
    assert_eq!(
        reg.apply_rekey(pending, &Vault::none(), Some((PASS, FAST)), now())
            .unwrap_err()
            .code(),
        Code::AccountRequired
    );
    let pending = reg.prepare_rekey().unwrap();
    let new_recovery = pending.recovery_key().expose().to_owned();
    reg.apply_rekey(pending, &Vault::none(), None, now())
        .unwrap();
    drop(reg);
    // Both colleagues keep their passphrases.
    Register::open(&path, as_account(helene, DIRECTRICE)).unwrap();
    Register::open(&path, as_account(sophie, SECRETAIRE)).unwrap();
    Register::open(&path, Unlock::RecoveryKey(&new_recovery)).unwrap();
    assert_eq!(
        Register::open(&path, Unlock::RecoveryKey(&recovery))
            .unwrap_err()
            .code(),
        Code::WrongKey
    );
    // An old copy of the key file (a departed colleague's) opens nothing any more.
    std::fs::write(carnet_core::register::key_info_path(&path), &old_key_file).unwrap();
    assert!(Register::open(&path, as_account(sophie, SECRETAIRE)).is_err());
}

#[test]
fn the_first_account_is_the_person_in_charge_and_signs_them_in() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, path) = fresh(dir.path(), Jurisdiction::France);
    assert!(!reg.session().accounts);
    assert_eq!(
        reg.accounts()
            .add(
                "Sophie",
                StaffRole::OfficeStaff,
                AccountKey::Passphrase(SECRETAIRE, FAST),
                &Vault::none(),
                now()
            )
            .unwrap_err()
            .code(),
        Code::InvalidInput
    );
    // A short passphrase is refused before anything is written.
    assert_eq!(
        reg.accounts()
            .add(
                "Hélène",
                StaffRole::PrivacyOfficer,
                AccountKey::Passphrase("court", FAST),
                &Vault::none(),
                now()
            )
            .unwrap_err()
            .code(),
        Code::WeakPassphrase
    );
    assert!(account_choices(&path).unwrap().is_empty());
    reg.accounts()
        .add(
            "Hélène",
            StaffRole::PrivacyOfficer,
            AccountKey::Passphrase(DIRECTRICE, FAST),
            &Vault::none(),
            now() + Duration::minutes(1),
        )
        .unwrap();
    let s = reg.session();
    assert!(s.accounts && s.account.unwrap().name == "Hélène");
    assert!(!Register::unlock_methods(&path).unwrap().passphrase);
}

/// With the real keyring: an account kept in the OS session's keyring opens the register
/// without typing, and a backup restored on a new PC opens with an account's passphrase.
#[test]
fn keyring_accounts_and_a_restore_keep_the_slots() {
    let dir = tempfile::tempdir().unwrap();
    let vault = Vault::os();
    let (mut reg, _, path) = fresh(dir.path(), Jurisdiction::Quebec);
    let helene = reg
        .accounts()
        .add(
            "Hélène",
            StaffRole::PrivacyOfficer,
            AccountKey::Keyring,
            &vault,
            now(),
        )
        .unwrap();
    let sophie = reg
        .accounts()
        .add(
            "Sophie",
            StaffRole::OfficeStaff,
            AccountKey::Passphrase(SECRETAIRE, FAST),
            &vault,
            now(),
        )
        .unwrap();
    let usb = tempfile::tempdir().unwrap();
    let (info, _) = reg.backups().backup_to(usb.path(), now()).unwrap();
    drop(reg);
    let reg = Register::open(
        &path,
        Unlock::Account(helene, AccountSecret::Keyring(&vault)),
    )
    .unwrap();
    assert_eq!(reg.session().role, Some(StaffRole::PrivacyOfficer));
    let database_id = reg.database_id().to_owned();
    let mut reg = reg;
    reg.accounts().remove(sophie, &vault, now()).unwrap();
    drop(reg);
    // The keyring entry is the account's, not the register's.
    assert_eq!(
        Vault::os().get(&database_id).unwrap_err().code(),
        Code::KeyringEntryMissing
    );

    // On a new PC, the backup opens through an account's slot; a restore is the person
    // in charge's (office staff are refused, nothing written).
    let new_pc = tempfile::tempdir().unwrap();
    let err = restore(
        &info.file,
        &db_path(new_pc.path()),
        as_account(sophie, SECRETAIRE),
        now(),
    )
    .unwrap_err();
    assert_eq!(err.code(), Code::NotPermitted);
    assert!(!db_path(new_pc.path()).exists());
    let done = restore(
        &info.file,
        &db_path(new_pc.path()),
        Unlock::Account(helene, AccountSecret::Keyring(&vault)),
        now(),
    )
    .unwrap();
    assert_eq!(done.register.session().account.unwrap().name, "Hélène");
}

/// An account for the register service only has no way in on any computer: its slot in
/// the key file holds no passphrase envelope and no keyring entry; it can never be the
/// first account (which opens the register on this computer), nor given a passphrase
/// here.
#[test]
fn a_service_only_account_opens_nothing_on_a_computer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut reg, _, _) = fresh(dir.path(), Jurisdiction::Quebec);
    assert_eq!(
        reg.accounts()
            .add(
                "Hélène Tremblay",
                StaffRole::PrivacyOfficer,
                AccountKey::ServiceOnly,
                &Vault::none(),
                now()
            )
            .unwrap_err()
            .code(),
        Code::Conflict
    );
    drop(reg);
    let office_dir = tempfile::tempdir().unwrap();
    let (path, _, helene, _) = office(office_dir.path());
    let mut reg = Register::open(&path, as_account(helene, DIRECTRICE)).unwrap();
    let marc = reg
        .accounts()
        .add(
            "Marc Lavoie",
            StaffRole::OfficeStaff,
            AccountKey::ServiceOnly,
            &Vault::none(),
            now(),
        )
        .unwrap();
    let listed = reg.accounts().list().unwrap();
    let entry = listed.iter().find(|a| a.id == marc).unwrap();
    assert!(!entry.passphrase && !entry.keyring, "no way in here");
    assert_eq!(
        reg.accounts()
            .set_key(marc, AccountKey::ServiceOnly, &Vault::none(), now())
            .unwrap_err()
            .code(),
        Code::Conflict
    );
    let choices = account_choices(&path).unwrap();
    let slot = choices.iter().find(|c| c.id == marc).unwrap();
    assert!(!slot.passphrase && !slot.keyring);
}
