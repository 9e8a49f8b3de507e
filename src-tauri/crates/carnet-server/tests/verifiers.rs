//! At the service a passphrase is checked by a verifier, not a key slot: once a colleague
//! has signed in there, her passphrase no longer unwraps the database key — a copy of the
//! register and its key file, with her passphrase, opens nothing — while she still signs
//! in, changes her passphrase there, and the account the service starts with keeps its
//! slot (the service opens the register with it at its next start).

mod common;

use carnet_api::accounts::{AddServiceAccount, Session, SetAccountPassphrase, StaffAccounts};
use carnet_core::accounts::AccountSecret;
use carnet_core::model::StaffRole;
use carnet_core::{Register, Unlock};
use carnet_server::client::Connection;
use carnet_server::proto::Call;
use common::*;

fn open_as(o: &Office, id: i64, passphrase: &str) -> Result<Register, String> {
    Register::open(
        &o.db,
        Unlock::Account(id, AccountSecret::Passphrase(passphrase)),
    )
    .map_err(|e| e.code().as_str().to_owned())
}

#[test]
fn a_passphrase_signs_in_at_the_service_and_no_longer_unwraps_the_key() {
    let o = office();
    // Before the service: Sophie's passphrase opens the register (her key slot).
    drop(open_as(&o, o.sophie, SECRETAIRE).unwrap());

    let mut service = start(&o, "127.0.0.1:0", &[]);
    let pcs = pair_five(&mut service);
    let mut conn = Connection::open(&pcs[0]).unwrap();
    let sophie = conn.sign_in(&pcs[0], "Sophie Gagnon", SECRETAIRE).unwrap();
    let helene = conn
        .sign_in(&pcs[0], "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    // She is listed with a passphrase (now her verifier).
    let accounts = conn.call(&helene, Call::of(&StaffAccounts {})).unwrap();
    assert!(accounts
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["passphrase"] == true));
    // Office staff set no one else's passphrase.
    let refused = conn
        .call(
            &sophie,
            Call::of(&SetAccountPassphrase {
                account: o.helene,
                passphrase: "une phrase que sophie choisirait".into(),
                current_passphrase: None,
            }),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "not_permitted");
    drop(conn);
    drop(service);

    // The service opened with the recovery key: neither passphrase unwraps the key now.
    assert_eq!(
        open_as(&o, o.sophie, SECRETAIRE).err().as_deref(),
        Some("passphrase_not_set")
    );
    assert_eq!(
        open_as(&o, o.helene, DIRECTRICE).err().as_deref(),
        Some("passphrase_not_set")
    );
    // The key file holds no passphrase envelope any more.
    let key_file = std::fs::read_to_string(o.db.with_extension("db.carnet-key")).unwrap();
    assert!(!key_file.contains("argon2"), "{key_file}");

    // At the next start, the verifiers sign them in; a wrong passphrase is refused.
    let service = start(&o, "127.0.0.1:0", &[]);
    // (the same PC; the service listens on another port of the loopback this time)
    let mut pc = pcs[0].clone();
    pc.address = service.address.clone();
    let pcs = [pc];
    let mut conn = Connection::open(&pcs[0]).unwrap();
    assert_eq!(
        conn.sign_in(&pcs[0], "Sophie Gagnon", "pas la bonne phrase")
            .unwrap_err()
            .code(),
        "wrong_passphrase"
    );
    // An unknown name reads like a wrong passphrase (it costs a verifier's derivation too).
    assert_eq!(
        conn.sign_in(&pcs[0], "Personne", SECRETAIRE)
            .unwrap_err()
            .code(),
        "wrong_passphrase"
    );
    let sophie = conn.sign_in(&pcs[0], "Sophie Gagnon", SECRETAIRE).unwrap();
    // She changes her own passphrase there, with her current one: the old one is then
    // refused, the new one signs in. Without it, nothing changes; with a wrong one, the
    // session ends (a session left open, or its token copied, does not take her account).
    let new = "le piano du club sonne faux en hiver";
    let change = |current: Option<&str>| {
        Call::of(&SetAccountPassphrase {
            account: o.sophie,
            passphrase: new.into(),
            current_passphrase: current.map(str::to_owned),
        })
    };
    assert_eq!(
        conn.call(&sophie, change(None)).unwrap_err().code(),
        "invalid_input"
    );
    assert_eq!(
        conn.call(&sophie, change(Some("pas la bonne phrase")))
            .unwrap_err()
            .code(),
        "wrong_passphrase"
    );
    assert_eq!(
        conn.call(&sophie, Call::of(&Session {}))
            .unwrap_err()
            .code(),
        "session_ended",
        "a wrong current passphrase ends the session"
    );
    let sophie = conn.sign_in(&pcs[0], "Sophie Gagnon", SECRETAIRE).unwrap();
    conn.call(&sophie, change(Some(SECRETAIRE))).unwrap();
    assert_eq!(
        conn.sign_in(&pcs[0], "Sophie Gagnon", SECRETAIRE)
            .unwrap_err()
            .code(),
        "wrong_passphrase"
    );
    let sophie = conn.sign_in(&pcs[0], "Sophie Gagnon", new).unwrap();

    // A new colleague's account, made at the service by the person in charge: its
    // passphrase is judged first (a weak one adds no account), office staff add none,
    // and no envelope of it ever reaches the key file.
    let marc_pass = "les partitions de la fanfare du quartier";
    let add = |passphrase: &str| {
        Call::of(&AddServiceAccount {
            name: "Marc Lavoie".into(),
            role: StaffRole::OfficeStaff,
            passphrase: passphrase.into(),
        })
    };
    assert_eq!(
        conn.call(&sophie, add(marc_pass)).unwrap_err().code(),
        "not_permitted"
    );
    let helene = conn
        .sign_in(&pcs[0], "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    let count = |conn: &mut Connection| {
        conn.call(&helene, Call::of(&StaffAccounts {}))
            .unwrap()
            .as_array()
            .unwrap()
            .len()
    };
    let before = count(&mut conn);
    assert_eq!(
        conn.call(&helene, add("marc")).unwrap_err().code(),
        "weak_passphrase"
    );
    assert_eq!(count(&mut conn), before, "nothing added");
    let marc = conn
        .call(&helene, add(marc_pass))
        .unwrap()
        .as_i64()
        .unwrap();
    conn.sign_in(&pcs[0], "Marc Lavoie", marc_pass).unwrap();
    drop(conn);
    drop(service);
    assert_eq!(
        open_as(&o, o.sophie, new).err().as_deref(),
        Some("passphrase_not_set"),
        "the new passphrase unwraps nothing either"
    );
    assert_eq!(
        open_as(&o, marc, marc_pass).err().as_deref(),
        Some("passphrase_not_set"),
        "the new colleague's passphrase never unwrapped anything"
    );
    let key_file = std::fs::read_to_string(o.db.with_extension("db.carnet-key")).unwrap();
    assert!(!key_file.contains("argon2"), "{key_file}");
}

#[test]
fn the_account_the_service_starts_with_keeps_its_slot() {
    let o = office();
    let file = o._dir.path().join("passphrase");
    std::fs::write(&file, DIRECTRICE).unwrap();
    let run = |o: &Office| {
        start_with(
            o,
            &[
                "--account",
                "Hélène Tremblay",
                "--passphrase-file",
                file.to_str().unwrap(),
            ],
        )
    };
    let mut service = run(&o);
    let pcs = pair_five(&mut service);
    let mut conn = Connection::open(&pcs[0]).unwrap();
    let helene = conn
        .sign_in(&pcs[0], "Hélène Tremblay", DIRECTRICE)
        .unwrap();
    // Her passphrase is the service's to start with: not changed from a PC (it would
    // change her sign-in and leave the slot's).
    let refused = conn
        .call(
            &helene,
            Call::of(&SetAccountPassphrase {
                account: o.helene,
                passphrase: "le piano du club sonne faux en hiver".into(),
                current_passphrase: Some(DIRECTRICE.into()),
            }),
        )
        .unwrap_err();
    assert_eq!(refused.code(), "conflict");
    conn.sign_in(&pcs[0], "Sophie Gagnon", SECRETAIRE).unwrap();
    drop(conn);
    drop(service);
    // Sophie's slot is retired; Hélène's, the service's own, still opens it…
    assert_eq!(
        open_as(&o, o.sophie, SECRETAIRE).err().as_deref(),
        Some("passphrase_not_set")
    );
    drop(open_as(&o, o.helene, DIRECTRICE).unwrap());
    // …so the service starts again with it, and Sophie signs in by her verifier.
    let service = run(&o);
    let mut pc = pcs[0].clone();
    pc.address = service.address.clone();
    let mut conn = Connection::open(&pc).unwrap();
    conn.sign_in(&pc, "Sophie Gagnon", SECRETAIRE).unwrap();
    drop(service);
}
