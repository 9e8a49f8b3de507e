//! What travels between a client and the service, inside TLS: frames of one JSON message
//! each (a 4-byte big-endian length, then the message), a request answered by one response.
//! A call is a command's name and its typed arguments (`Call`), answered by a typed value
//! or an error with the domain's stable code. Nothing here can carry the database key.

use std::io::{Read, Write};

use carnet_core::people::PersonInput;
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

/// Reads one frame's bytes (`None` when the peer closed between frames).
pub fn read_frame<R: Read>(r: &mut R) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > MAX_FRAME {
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
    /// A new PC pairs with the code the service shows: `proof` binds the code to the
    /// certificate the client saw (see [`pairing_proof`]).
    Pair {
        device_name: String,
        nonce: String,
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

/// The commands the service runs, each with its typed arguments; the signed-in account's
/// role decides, in the domain, whether it may.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "command", content = "args", rename_all = "snake_case")]
pub enum Call {
    /// Who is signed in, and what they may do.
    Session,
    SearchPeople {
        query: String,
        limit: usize,
    },
    Person {
        id: i64,
    },
    AddPerson {
        input: Box<PersonInput>,
    },
    ListRequests {
        open_only: bool,
    },
    RecordConsent {
        input: Box<carnet_core::consent::ConsentInput>,
    },
    AddRequest {
        input: Box<carnet_core::requests::RequestInput>,
    },
    VerifyIdentity {
        id: i64,
        method: carnet_core::requests::IdentityMethod,
        on: chrono::NaiveDate,
    },
    /// An erasure (the person in charge's decision).
    ErasePerson {
        person_id: i64,
        confirm_name: String,
    },
    /// The audit log's newest rows.
    AuditLog {
        limit: u32,
    },
    /// The paired devices, and revoking one (a stolen laptop).
    Devices,
    RevokeDevice {
        id: i64,
    },
    /// A colleague's account removed: their sessions end at once.
    RemoveAccount {
        id: i64,
    },
}

/// What the service answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Response {
    Paired {
        device_id: i64,
        token: String,
        /// The service's proof that it knows the code, over the same certificate.
        proof: String,
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

/// The pairing code's proof over what both sides must agree on: who proves (`client` or
/// `service`), the certificate's fingerprint, the client's nonce and (for the service's
/// answer) the device token. HMAC-SHA256 keyed by the code as typed, without its dash.
pub fn pairing_proof(
    code: &str,
    who: &str,
    cert: &Fingerprint,
    nonce: &str,
    token: &str,
) -> String {
    let key: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_bytes()).expect("any key length");
    for part in [
        b"carnet pairing v1".as_slice(),
        who.as_bytes(),
        cert,
        nonce.as_bytes(),
        token.as_bytes(),
    ] {
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
