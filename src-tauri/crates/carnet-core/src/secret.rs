//! Key material: the database key, the recovery key that spells it out, and the
//! passphrase envelope that wraps it. Every buffer holding a key is zeroized on drop
//! and no type here prints or serialises its secret.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::{Encoding, Specification};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{Error, Result};

pub const KEY_LEN: usize = 32;

/// The random 256-bit key SQLCipher uses as a raw key (no key derivation at open).
pub struct DbKey(Zeroizing<[u8; KEY_LEN]>);

impl DbKey {
    pub fn generate() -> Result<Self> {
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        getrandom::fill(k.as_mut()).map_err(|_| Error::Io("no system randomness".into()))?;
        Ok(DbKey(k))
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        if bytes.len() != KEY_LEN {
            return Err(Error::WrongKey);
        }
        let mut k = Zeroizing::new([0u8; KEY_LEN]);
        k.copy_from_slice(bytes);
        Ok(DbKey(k))
    }

    pub fn bytes(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// The `PRAGMA key` statement for this key, in a buffer that is wiped after use.
    pub(crate) fn pragma(&self) -> Zeroizing<String> {
        self.statement("key")
    }

    /// The `PRAGMA rekey` statement that re-encrypts a database under this key.
    pub(crate) fn rekey_pragma(&self) -> Zeroizing<String> {
        self.statement("rekey")
    }

    fn statement(&self, pragma: &str) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(hex::encode(self.0.as_ref()));
        let stmt = Zeroizing::new(format!("PRAGMA {pragma} = \"x'{}'\";", hex.as_str()));
        hex.zeroize();
        stmt
    }

    /// A value that tells whether a key is the right one for a database without
    /// opening it. SHA-256 of a random 256-bit key reveals nothing usable.
    pub fn check_value(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"carnet key check v1");
        h.update(self.0.as_ref());
        hex::encode(h.finalize())
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

/// Crockford's base32: no I, L, O or U, and lenient when read back (i, l → 1; o → 0).
fn crockford() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzIiLlOo");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ111100");
    spec.encoding().expect("valid base32 specification")
}

const RECOVERY_CHECK_LEN: usize = 2;
const RECOVERY_GROUP: usize = 5;

/// The printable form of the database key, made once when the register is created:
/// 55 base32 characters in groups of five, the last ones a checksum that catches typos.
pub struct RecoveryKey(Zeroizing<String>);

impl RecoveryKey {
    pub fn from_key(key: &DbKey) -> Self {
        let mut raw = Zeroizing::new(Vec::with_capacity(KEY_LEN + RECOVERY_CHECK_LEN));
        raw.extend_from_slice(key.bytes());
        raw.extend_from_slice(&checksum(key.bytes()));
        let plain = Zeroizing::new(crockford().encode(&raw));
        let mut grouped = String::with_capacity(plain.len() + plain.len() / RECOVERY_GROUP);
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % RECOVERY_GROUP == 0 {
                grouped.push('-');
            }
            grouped.push(c);
        }
        RecoveryKey(Zeroizing::new(grouped))
    }

    /// Reads a typed recovery key: spaces, dashes and case do not matter.
    pub fn parse(text: &str) -> Result<DbKey> {
        let compact: Zeroizing<String> = Zeroizing::new(
            text.chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect(),
        );
        let enc = crockford();
        let want_len = enc.encode_len(KEY_LEN + RECOVERY_CHECK_LEN);
        if compact.len() != want_len {
            return Err(Error::InvalidRecoveryKey("it must have 55 characters"));
        }
        let raw = Zeroizing::new(enc.decode(compact.as_bytes()).map_err(|_| {
            Error::InvalidRecoveryKey("it contains a character that is not used in recovery keys")
        })?);
        let (key, check) = raw.split_at(KEY_LEN);
        if check != checksum(key) {
            return Err(Error::InvalidRecoveryKey(
                "a character was mistyped (the checksum does not match)",
            ));
        }
        DbKey::from_slice(key)
    }

    /// The text to show or print once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

fn checksum(key: &[u8]) -> [u8; RECOVERY_CHECK_LEN] {
    let d = Sha256::digest(key);
    [d[0], d[1]]
}

pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// zxcvbn's score a passphrase needs: 3 ("safely unguessable", 10^8 guesses or more), so
/// that a stolen key file resists an offline attack even before Argon2id's cost.
pub const MIN_PASSPHRASE_SCORE: u8 = 3;
/// Past this length a passphrase is judged on its start (zxcvbn slows on long input, and
/// 100 characters of anything are far beyond the score asked).
const JUDGED_CHARS: usize = 100;

/// How strong a passphrase is, judged by what an attacker would try first (dictionaries,
/// everyday French and English words, names, dates, keyboard rows, repeats, `words` such
/// as the organisation's or the account's name, word by word and run together: see
/// [`crate::phrase::guessable_words`]), not by its length alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Strength {
    /// 0 (guessed at once) to 4 (very unguessable).
    pub score: u8,
    pub acceptable: bool,
}

pub fn passphrase_strength(passphrase: &str, words: &[&str]) -> Strength {
    let judged: String = passphrase.chars().take(JUDGED_CHARS).collect();
    let score = if judged.is_empty() {
        0
    } else {
        let guessable = crate::phrase::guessable_words(words);
        let guessable: Vec<&str> = guessable.iter().map(String::as_str).collect();
        let whole = zxcvbn::zxcvbn(&judged, &guessable).guesses() as f64;
        score_of(whole.min(word_sequence_guesses(&judged, &guessable)))
    };
    Strength {
        score,
        acceptable: score >= MIN_PASSPHRASE_SCORE
            && passphrase.chars().count() >= MIN_PASSPHRASE_CHARS,
    }
}

/// The guesses of a passphrase read as words one after the other: the product of each
/// word's guesses (its rank among the guessable words, else zxcvbn's count for it alone)
/// and a few for the separator. zxcvbn alone adds 10^4 per extra part of a sequence, which
/// lets any three everyday words with spaces pass ("bonjour le monde"); an attacker with
/// a word list tries those in a few thousand guesses.
fn word_sequence_guesses(passphrase: &str, guessable: &[&str]) -> f64 {
    let words: Vec<&str> = passphrase
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let per_word = words.iter().map(|w| {
        let folded = crate::fold::fold(w);
        match guessable.iter().position(|g| *g == folded) {
            Some(rank) => (rank + 1) as f64,
            None => zxcvbn::zxcvbn(w, guessable).guesses() as f64,
        }
    });
    let separators = if words.len() > 1 { 10.0 } else { 1.0 };
    per_word.product::<f64>() * separators
}

/// zxcvbn's score for a number of guesses (its own thresholds).
fn score_of(guesses: f64) -> u8 {
    match guesses {
        g if g < 1e3 + 5.0 => 0,
        g if g < 1e6 + 5.0 => 1,
        g if g < 1e8 + 5.0 => 2,
        g if g < 1e10 + 5.0 => 3,
        _ => 4,
    }
}

/// Refuses a passphrase shorter than [`MIN_PASSPHRASE_CHARS`] or easier to guess than
/// [`MIN_PASSPHRASE_SCORE`] (`weak_passphrase`, with the score).
pub fn check_passphrase(passphrase: &str, words: &[&str]) -> Result<()> {
    let s = passphrase_strength(passphrase, words);
    if s.acceptable {
        Ok(())
    } else {
        Err(Error::WeakPassphrase {
            min: MIN_PASSPHRASE_CHARS,
            score: s.score,
        })
    }
}

/// Argon2id cost used for new envelopes (64 MiB, 3 passes, 1 lane).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl KdfParams {
    /// Whether settings read from a key file are within what Carnet ever writes, with
    /// room to grow: a tampered file must not make an unlock take minutes or gigabytes.
    pub fn is_bounded(&self) -> bool {
        (8..=1024 * 1024).contains(&self.m_kib)
            && (1..=16).contains(&self.t)
            && (1..=8).contains(&self.p)
    }

    pub const DEFAULT: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };
}

/// The database key wrapped by a key derived from a passphrase (Argon2id then
/// XChaCha20-Poly1305). It is stored beside the database; without the passphrase it
/// reveals nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PassphraseEnvelope {
    pub kdf: String,
    pub params: KdfParams,
    pub salt: String,
    pub nonce: String,
    pub wrapped: String,
}

const ENVELOPE_AAD: &[u8] = b"carnet passphrase envelope v1";

impl PassphraseEnvelope {
    pub fn seal(key: &DbKey, passphrase: &str, params: KdfParams) -> Result<Self> {
        check_passphrase(passphrase, &[])?;
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut salt).map_err(|_| Error::Io("no system randomness".into()))?;
        getrandom::fill(&mut nonce).map_err(|_| Error::Io("no system randomness".into()))?;
        let kek = derive(passphrase, &salt, params)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let wrapped = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: key.bytes(),
                    aad: ENVELOPE_AAD,
                },
            )
            .map_err(|_| Error::Io("encryption failed".into()))?;
        Ok(PassphraseEnvelope {
            kdf: "argon2id-v19".into(),
            params,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            wrapped: hex::encode(wrapped),
        })
    }

    pub fn open(&self, passphrase: &str) -> Result<DbKey> {
        if self.kdf != "argon2id-v19" || !self.params.is_bounded() {
            return Err(Error::KeyInfoDamaged);
        }
        let salt = hex::decode(&self.salt).map_err(|_| Error::KeyInfoDamaged)?;
        let nonce = hex::decode(&self.nonce).map_err(|_| Error::KeyInfoDamaged)?;
        let wrapped = hex::decode(&self.wrapped).map_err(|_| Error::KeyInfoDamaged)?;
        if nonce.len() != 24 {
            return Err(Error::KeyInfoDamaged);
        }
        let kek = derive(passphrase, &salt, self.params)?;
        let cipher = XChaCha20Poly1305::new(kek.as_ref().into());
        let key = Zeroizing::new(
            cipher
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &wrapped,
                        aad: ENVELOPE_AAD,
                    },
                )
                .map_err(|_| Error::WrongPassphrase)?,
        );
        DbKey::from_slice(&key)
    }
}

/// `key` encrypted under `kek` (XChaCha20-Poly1305, a random nonce, `aad` bound in):
/// the nonce and ciphertext in hex. An account's slot holds the database key this way.
pub(crate) fn wrap_key(kek: &DbKey, key: &DbKey, aad: &[u8]) -> Result<(String, String)> {
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|_| Error::Io("no system randomness".into()))?;
    let cipher = XChaCha20Poly1305::new(kek.bytes().into());
    let wrapped = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: key.bytes(),
                aad,
            },
        )
        .map_err(|_| Error::Io("encryption failed".into()))?;
    Ok((hex::encode(nonce), hex::encode(wrapped)))
}

/// The key [`wrap_key`] wrapped; anything else (another key, an edited file) is
/// `key_info_damaged`.
pub(crate) fn unwrap_key(kek: &DbKey, nonce: &str, wrapped: &str, aad: &[u8]) -> Result<DbKey> {
    let nonce = hex::decode(nonce).map_err(|_| Error::KeyInfoDamaged)?;
    let wrapped = hex::decode(wrapped).map_err(|_| Error::KeyInfoDamaged)?;
    if nonce.len() != 24 {
        return Err(Error::KeyInfoDamaged);
    }
    let cipher = XChaCha20Poly1305::new(kek.bytes().into());
    let key = Zeroizing::new(
        cipher
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad })
            .map_err(|_| Error::KeyInfoDamaged)?,
    );
    DbKey::from_slice(&key)
}

fn derive(passphrase: &str, salt: &[u8], p: KdfParams) -> Result<Zeroizing<[u8; KEY_LEN]>> {
    let params =
        Params::new(p.m_kib, p.t, p.p, Some(KEY_LEN)).map_err(|_| Error::KeyInfoDamaged)?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    argon
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut())
        .map_err(|_| Error::KeyInfoDamaged)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: KdfParams = KdfParams {
        m_kib: 1024,
        t: 1,
        p: 1,
    };

    #[test]
    fn recovery_key_round_trips_and_is_grouped() {
        let key = DbKey::generate().unwrap();
        let rk = RecoveryKey::from_key(&key);
        let text = rk.expose();
        assert_eq!(text.len(), 55 + 10, "55 characters and 10 dashes");
        assert!(text.split('-').all(|g| g.len() == 5));
        let back = RecoveryKey::parse(text).unwrap();
        assert_eq!(back.bytes(), key.bytes());
        // typed in lower case with spaces instead of dashes, O for 0 and l for 1
        let sloppy = text
            .replace('-', " ")
            .to_lowercase()
            .replace('0', "o")
            .replace('1', "l");
        assert_eq!(RecoveryKey::parse(&sloppy).unwrap().bytes(), key.bytes());
    }

    #[test]
    fn recovery_key_known_answer() {
        // All-zero key: the body is 52 zeros then the checksum of 32 zero bytes
        // (SHA-256 starts 66 68), spelled in Crockford base32.
        let key = DbKey::from_slice(&[0u8; 32]).unwrap();
        let text = RecoveryKey::from_key(&key).expose().replace('-', "");
        assert_eq!(&text[..51], "0".repeat(51));
        assert_eq!(&text[51..], "6CT0");
    }

    #[test]
    fn recovery_key_typo_is_caught_by_checksum() {
        let key = DbKey::generate().unwrap();
        let text = RecoveryKey::from_key(&key).expose().to_owned();
        let mut chars: Vec<char> = text.chars().collect();
        chars[7] = if chars[7] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert!(matches!(
            RecoveryKey::parse(&typo),
            Err(Error::InvalidRecoveryKey(_))
        ));
        assert!(matches!(
            RecoveryKey::parse("ABCDE-FGHJK"),
            Err(Error::InvalidRecoveryKey(_))
        ));
        assert!(matches!(
            RecoveryKey::parse(&text.replace('-', "").replacen(
                |c: char| c.is_ascii_alphanumeric(),
                "U",
                1
            )),
            Err(Error::InvalidRecoveryKey(_))
        ));
    }

    #[test]
    fn envelope_opens_with_the_passphrase_only() {
        let key = DbKey::generate().unwrap();
        let env = PassphraseEnvelope::seal(&key, "correct horse battery", FAST).unwrap();
        assert_eq!(
            env.open("correct horse battery").unwrap().bytes(),
            key.bytes()
        );
        assert!(matches!(
            env.open("correct horse batterie"),
            Err(Error::WrongPassphrase)
        ));
        assert!(!env.wrapped.contains(&hex::encode(key.bytes())));
    }

    #[test]
    fn short_passphrase_is_refused() {
        let key = DbKey::generate().unwrap();
        assert!(matches!(
            PassphraseEnvelope::seal(&key, "court", FAST),
            Err(Error::WeakPassphrase { min: 10, .. })
        ));
    }

    /// Strength, not length: long but guessable passphrases are refused, a few unrelated
    /// words pass, and the office's own words count as guessable.
    #[test]
    fn passphrases_are_judged_by_strength() {
        for weak in [
            "motdepasse123",
            "azertyuiop",
            "1234567890123",
            "aaaaaaaaaaaaaaaa",
            "Password2026!",
            "iloveyou2026",
        ] {
            let s = passphrase_strength(weak, &[]);
            assert!(!s.acceptable, "{weak} accepted (score {})", s.score);
        }
        for strong in [
            "une phrase de passe solide",
            "girafe orageuse mange du cresson",
            "Tx7#qL9!mW2$vR",
        ] {
            let s = passphrase_strength(strong, &[]);
            assert!(s.acceptable, "{strong} refused (score {})", s.score);
        }
        // Guessable once the office's name is known.
        let org = "Les Petits Mélomanes de Laval";
        assert!(
            passphrase_strength("lespetitsmelomanes", &[]).score
                >= passphrase_strength("lespetitsmelomanes", &["lespetitsmelomanes"]).score
        );
        assert!(check_passphrase("melomaneslaval", &[org, "melomanes", "laval"]).is_err());
        // Everyday words in a row, and the name run together, with no hint but the name.
        assert!(check_passphrase("bonjour le monde", &[]).is_err());
        assert!(check_passphrase("lespetitsmelomanesdelaval", &[org]).is_err());
        assert!(check_passphrase("Les Petits Mélomanes de Laval", &[org]).is_err());
        // A suggestion is always accepted, in both languages.
        for lang in [crate::model::Language::Fr, crate::model::Language::En] {
            for _ in 0..20 {
                let p = crate::phrase::suggest(lang, &[org]).unwrap();
                assert!(check_passphrase(&p, &[org]).is_ok(), "{p}");
            }
        }
        // A very long input is judged quickly, on its start.
        assert!(passphrase_strength(&"girafe orageuse ".repeat(10_000), &[]).acceptable);
    }

    #[test]
    fn debug_output_never_shows_keys() {
        let key = DbKey::from_slice(&[0xAB; 32]).unwrap();
        let rk = RecoveryKey::from_key(&key);
        assert_eq!(format!("{key:?}"), "DbKey(<redacted>)");
        assert_eq!(format!("{rk:?}"), "RecoveryKey(<redacted>)");
        assert!(key.pragma().contains(&"ab".repeat(32)));
    }
}
