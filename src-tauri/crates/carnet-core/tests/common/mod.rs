#![allow(dead_code)]
use carnet_core::Contexts;
use std::path::{Path, PathBuf};

use carnet_core::model::{Channel, Jurisdiction, Language};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::{Address, PersonInput};
use carnet_core::secret::{DbKey, KdfParams, RecoveryKey};
use carnet_core::{Protection, Register};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Cheap Argon2 settings so tests stay fast; the product uses `KdfParams::DEFAULT`.
pub const FAST: KdfParams = KdfParams {
    m_kib: 1024,
    t: 1,
    p: 1,
};
pub const PASS: &str = "un mot de passe assez long";

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap()
}

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("carnet.db")
}

pub fn profile(j: Jurisdiction) -> OrganisationProfile {
    OrganisationProfile::new("École de musique Les P’tits mélomanes", j)
}

/// A register protected by a passphrase, its recovery key text, and its path.
pub fn fresh(dir: &Path, j: Jurisdiction) -> (Register, String, PathBuf) {
    let path = db_path(dir);
    let created = Register::create(
        &path,
        Protection::Passphrase {
            passphrase: PASS,
            params: FAST,
        },
        &profile(j),
        now(),
    )
    .unwrap();
    let mut reg = created.register;
    reg.set_staff("Sophie (secrétariat)");
    (reg, created.recovery_key.expose().to_owned(), path)
}

pub fn person(given: &str, family: &str, birth: Option<&str>) -> PersonInput {
    PersonInput {
        birth_date: birth.map(date),
        ..PersonInput::named(given, family, Channel::PaperForm, date("2026-09-01"))
    }
}

pub fn full_person(marker: &str) -> PersonInput {
    PersonInput {
        given_name: format!("Zoë{marker}"),
        family_name: format!("Lefèvre-Cœurdevey{marker}"),
        emails: vec![format!("zoe.{marker}@exemple.fr").to_lowercase()],
        phones: vec![format!("514 555 0199 {marker}")],
        address: Address {
            street: format!("12 rue des Érables {marker}"),
            city: format!("Montréal{marker}"),
            region: "QC".into(),
            postal_code: "H2X 1Y4".into(),
            country: "Canada".into(),
        },
        preferred_language: Language::Fr,
        birth_date: Some(date("1985-03-02")),
        collection_channel: Channel::ContactForm,
        collected_on: date("2026-10-01"),
        notes: format!("Allergique aux arachides {marker}"),
    }
}

/// A SQLCipher connection opened directly with the key, as an attacker holding the
/// key (or a repair tool) would: it bypasses every rule of the domain.
pub fn raw(path: &Path, recovery_key: &str) -> rusqlite::Connection {
    let key: DbKey = RecoveryKey::parse(recovery_key).unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\";",
        hex::encode(key.bytes())
    ))
    .unwrap();
    conn
}

/// The plaintext of every page of a SQLCipher 4 database and of its write-ahead log,
/// decrypted with the raw key as an attacker holding the key would read them —
/// including free pages and old page images that SQL no longer shows.
pub fn decrypted_pages(db: &Path, recovery_key: &str) -> Vec<u8> {
    use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
    const PAGE: usize = 4096;
    const RESERVE: usize = 80; // 16-byte IV + 64-byte HMAC-SHA512 at each page's end
    let key: DbKey = RecoveryKey::parse(recovery_key).unwrap();
    let decrypt = |page: &[u8], first: bool, out: &mut Vec<u8>| {
        let start = if first { 16 } else { 0 };
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let mut body = page[start..PAGE - RESERVE].to_vec();
        cbc::Decryptor::<aes::Aes256>::new(key.bytes().into(), iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut body)
            .unwrap();
        out.extend_from_slice(&body);
    };
    let mut out = Vec::new();
    let file = std::fs::read(db).unwrap();
    for (i, page) in file.chunks_exact(PAGE).enumerate() {
        decrypt(page, i == 0, &mut out);
    }
    let mut wal_name = db.as_os_str().to_owned();
    wal_name.push("-wal");
    if let Ok(wal) = std::fs::read(PathBuf::from(wal_name)) {
        // 32-byte header, then frames of a 24-byte header and one page.
        for frame in wal.get(32..).unwrap_or(&[]).chunks_exact(24 + PAGE) {
            let page_no = u32::from_be_bytes(frame[..4].try_into().unwrap());
            decrypt(&frame[24..], page_no == 1, &mut out);
        }
    }
    out
}

pub fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// A fresh SQLCipher database at `path` under a new key, foreign keys on: what the
/// migration tests build old schemas in.
pub fn keyed_connection(path: &Path) -> (rusqlite::Connection, DbKey) {
    let key = DbKey::generate().unwrap();
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA foreign_keys = ON;",
        hex::encode(key.bytes())
    ))
    .unwrap();
    (conn, key)
}

/// The person in charge's passphrase and office staff's, for the accounts tests.
pub const DIRECTRICE: &str = "la directrice a un long mot de passe";
pub const SECRETAIRE: &str = "le secrétariat a le sien aussi";

/// Adds the person in charge (Hélène Tremblay) and office staff (Sophie Gagnon) to a
/// register without accounts; returns their account numbers.
pub fn add_office_accounts(reg: &mut Register) -> (i64, i64) {
    use carnet_core::accounts::AccountKey;
    use carnet_core::model::StaffRole;
    let helene = reg
        .accounts()
        .add(
            "Hélène Tremblay",
            StaffRole::PrivacyOfficer,
            AccountKey::Passphrase(DIRECTRICE, FAST),
            &carnet_core::Vault::none(),
            now(),
        )
        .unwrap();
    let sophie = reg
        .accounts()
        .add(
            "Sophie Gagnon",
            StaffRole::OfficeStaff,
            AccountKey::Passphrase(SECRETAIRE, FAST),
            &carnet_core::Vault::none(),
            now(),
        )
        .unwrap();
    (helene, sophie)
}
