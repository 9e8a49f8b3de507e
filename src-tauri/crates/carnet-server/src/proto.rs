//! What travels between a client and the service, inside TLS: frames of one JSON message
//! each (a 4-byte big-endian length, then the message), a request answered by one response.
//! A call is a command's name and its typed arguments (`Call`), answered by a typed value
//! or an error with the domain's stable code. Nothing here can carry the database key.

use std::io::{Read, Write};

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::tls::Fingerprint;

/// A frame larger than this is refused (an import's file fits well inside).
pub const MAX_FRAME: usize = 16 << 20;

pub fn write_frame<W: Write, T: Serialize>(w: &mut W, msg: &T) -> std::io::Result<()> {
    let body = serde_json::to_vec(msg).map_err(std::io::Error::other)?;
    if body.len() > MAX_FRAME {
        return Err(std::io::Error::other("message too large"));
    }
    w.write_all(&(body.len() as u32).to_be_bytes())?;
    w.write_all(&body)?;
    w.flush()
}

/// Reads one frame's bytes, refusing one over `max` before reading it (`None` when the
/// peer closed between frames).
pub fn read_frame<R: Read>(r: &mut R, max: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > max.min(MAX_FRAME) {
        return Err(std::io::Error::other("message too large"));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    Ok(Some(body))
}

/// What a client asks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// A new PC pairs with the code the service shows, in two steps: a SPAKE2 exchange
    /// keyed by the code (an attacker gets one guess per try, nothing to crack offline),
    /// then each side's proof, under the key it gave, of the certificate it sees (see
    /// [`pairing_proof`]): a machine in between, which must show its own certificate,
    /// fails both.
    PairStart {
        device_name: String,
        /// The client's SPAKE2 message, hex.
        spake: String,
    },
    PairFinish {
        proof: String,
    },
    /// A colleague signs in from a paired device.
    SignIn {
        device_id: i64,
        device_token: String,
        account: String,
        passphrase: String,
    },
    /// A command, in a session. `request_id` names the call (a retry carries the same).
    Call {
        session: String,
        request_id: String,
        call: Box<Call>,
    },
    SignOut {
        session: String,
    },
}

/// A command of the schema (`carnet_api`): its name and its arguments, which the
/// service reads into the command's own structure (an unknown name, or arguments that do
/// not fit, run nothing). The signed-in account's role decides, in the domain, whether it
/// may.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub command: String,
    #[serde(default)]
    pub args: serde_json::Value,
}

impl Call {
    pub fn of<C: carnet_api::Command>(command: &C) -> Call {
        Call {
            command: C::NAME.to_owned(),
            args: serde_json::to_value(command).expect("a command's arguments serialise"),
        }
    }
}

/// What the service answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    /// The service's SPAKE2 message, and its proof over its own certificate.
    PairChallenge {
        spake: String,
        proof: String,
    },
    Paired {
        device_id: i64,
        token: String,
    },
    SignedIn {
        session: String,
        account: String,
        role: carnet_core::model::StaffRole,
    },
    Answer {
        value: serde_json::Value,
    },
    /// The request id was already applied (a retry after a cut): what it made.
    AlreadyApplied {
        action: String,
        entity_id: Option<i64>,
    },
    Error(RemoteError),
}

/// An error as the service reports it: the domain's stable code (or the service's own:
/// `session_ended`, `device_revoked`, `pairing_refused`…), never a value or a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemoteError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<serde_json::Value>,
}

impl RemoteError {
    pub fn new(code: &str, message: &str) -> RemoteError {
        RemoteError {
            code: code.to_owned(),
            message: message.to_owned(),
            detail: None,
        }
    }
}

impl From<&carnet_core::Error> for RemoteError {
    fn from(e: &carnet_core::Error) -> Self {
        let body = carnet_core::ErrorBody::from(e);
        let code = serde_json::to_value(body.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "internal".into());
        RemoteError {
            code,
            message: body.message,
            detail: body.detail,
        }
    }
}

/// The pairing code as both sides key SPAKE2 with it: letters and digits, upper case
/// (the dash and spaces as typed do not count).
pub fn normalised_code(code: &str) -> Vec<u8> {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase() as u8)
        .collect()
}

/// The two identities SPAKE2 binds (client first).
pub const SPAKE_CLIENT: &[u8] = b"carnet pairing client v2";
pub const SPAKE_SERVICE: &[u8] = b"carnet pairing service v2";

/// A side's proof, under the key SPAKE2 gave, of the certificate it sees: `who` is
/// `client` or `service`; HMAC-SHA256 over length-prefixed parts.
pub fn pairing_proof(key: &[u8], who: &str, cert: &Fingerprint) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    for part in [b"carnet pairing v2".as_slice(), who.as_bytes(), cert] {
        mac.update(&(part.len() as u32).to_be_bytes());
        mac.update(part);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// Compares two proofs in constant time.
pub fn same_proof(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Random bytes as hex (tokens, nonces).
pub fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    getrandom::fill(&mut b).expect("the OS gives random bytes");
    hex::encode(b)
}
