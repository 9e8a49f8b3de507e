//! A client of the service: pairs a PC (the code typed, the certificate pinned), then
//! connects only to that certificate, signs in and calls commands. It keeps no personal
//! data: its pairing holds the service's address, the certificate's fingerprint and the
//! device's token, nothing else.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use spake2::{Ed25519Group, Identity, Password, Spake2};

use crate::proto::{
    normalised_code, pairing_proof, random_hex, read_frame, same_proof, write_frame, Call,
    RemoteError, Request, Response, MAX_FRAME, SPAKE_CLIENT, SPAKE_SERVICE,
};
use crate::tls::{self, Fingerprint, CERTIFICATE_CHANGED};

/// What a paired PC keeps (in its own settings folder, readable by its user only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    pub address: String,
    /// The service certificate's SHA-256, hex.
    pub fingerprint: String,
    pub device_id: i64,
    pub token: String,
}

impl Pairing {
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let body = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        // Readable by its user alone from its first byte (the token is in it).
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        file.write_all(&body)?;
        file.sync_all()
    }

    pub fn load(path: &Path) -> std::io::Result<Pairing> {
        serde_json::from_slice(&std::fs::read(path)?).map_err(std::io::Error::other)
    }

    fn pinned(&self) -> Result<Fingerprint, ClientError> {
        let bytes = hex::decode(&self.fingerprint).map_err(|_| ClientError::BadPairing)?;
        bytes.try_into().map_err(|_| ClientError::BadPairing)
    }
}

/// What can go wrong on the client's side, in words for the office.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("the service cannot be reached at this address (is it running, and is this PC on the office's network?)")]
    Unreachable,
    #[error("the service presents a different certificate from the one paired: another machine may be answering in its place, or the service was reinstalled without its register. Nothing was sent; ask the person in charge before pairing again")]
    CertificateChanged,
    #[error("the service did not prove it knows this code: check the code it shows (a new one comes after five tries), or another machine stands between this PC and the service. Nothing was kept")]
    PairingNotProved,
    #[error("the connection was cut: whether the last change was made is unknown until the service is reached again")]
    Cut,
    #[error("this PC's pairing file is damaged: pair it again")]
    BadPairing,
    #[error("{}", .0.message)]
    Refused(RemoteError),
}

impl ClientError {
    /// The service's code, for a refusal.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Refused(e) => &e.code,
            ClientError::Unreachable => "unreachable",
            ClientError::CertificateChanged => "certificate_changed",
            ClientError::PairingNotProved => "pairing_not_proved",
            ClientError::Cut => "connection_cut",
            ClientError::BadPairing => "bad_pairing",
        }
    }
}

/// One TLS connection to the service.
pub struct Connection {
    tls: rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
    seen: Arc<Mutex<Option<Fingerprint>>>,
    /// Everything received once [`Connection::keep_received`] asked for it (the tests'
    /// check that no key ever arrives); nothing is kept otherwise.
    received: Option<Vec<u8>>,
}

fn connect(address: &str, pinned: Option<Fingerprint>) -> Result<Connection, ClientError> {
    let addr = address
        .to_socket_addrs()
        .map_err(|_| ClientError::Unreachable)?
        .next()
        .ok_or(ClientError::Unreachable)?;
    let tcp = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .map_err(|_| ClientError::Unreachable)?;
    let _ = tcp.set_nodelay(true);
    // A service that stops answering is said to be unreachable, not waited for long (the
    // window waits on it).
    let _ = tcp.set_read_timeout(Some(Duration::from_secs(45)));
    let _ = tcp.set_write_timeout(Some(Duration::from_secs(45)));
    let seen = Arc::new(Mutex::new(None));
    let config = tls::client_config(pinned, seen.clone()).map_err(|_| ClientError::Unreachable)?;
    // The name is not checked (the certificate is pinned); rustls wants one all the same.
    let name = rustls::pki_types::ServerName::try_from("carnet-server")
        .map_err(|_| ClientError::Unreachable)?;
    let conn = rustls::ClientConnection::new(config, name).map_err(|_| ClientError::Unreachable)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    // Finish the handshake now, so a refused certificate is told before anything is sent.
    while tls.conn.is_handshaking() {
        if let Err(e) = tls.conn.complete_io(&mut tls.sock) {
            return Err(if e.to_string().contains(CERTIFICATE_CHANGED) {
                ClientError::CertificateChanged
            } else {
                ClientError::Unreachable
            });
        }
    }
    Ok(Connection {
        tls,
        seen,
        received: None,
    })
}

impl Connection {
    /// Opens a connection to a paired service: its certificate must be the one pinned.
    pub fn open(pairing: &Pairing) -> Result<Connection, ClientError> {
        connect(&pairing.address, Some(pairing.pinned()?))
    }

    /// Keeps every byte received from now on, for [`Connection::received`].
    pub fn keep_received(&mut self) {
        self.received.get_or_insert_with(Vec::new);
    }

    pub fn received(&self) -> &[u8] {
        self.received.as_deref().unwrap_or_default()
    }

    fn ask(&mut self, req: &Request) -> Result<Response, ClientError> {
        write_frame(&mut self.tls, req).map_err(|_| ClientError::Cut)?;
        let body = read_frame(&mut self.tls, MAX_FRAME)
            .map_err(|_| ClientError::Cut)?
            .ok_or(ClientError::Cut)?;
        if let Some(kept) = &mut self.received {
            kept.extend_from_slice(&body);
        }
        serde_json::from_slice(&body).map_err(|_| ClientError::Cut)
    }

    /// Signs a colleague in from this device; the session's token.
    pub fn sign_in(
        &mut self,
        pairing: &Pairing,
        account: &str,
        passphrase: &str,
    ) -> Result<Session, ClientError> {
        match self.ask(&Request::SignIn {
            device_id: pairing.device_id,
            device_token: pairing.token.clone(),
            account: account.to_owned(),
            passphrase: passphrase.to_owned(),
        })? {
            Response::SignedIn {
                session,
                account,
                role,
            } => Ok(Session {
                token: session,
                account,
                role,
            }),
            Response::Error(e) => Err(ClientError::Refused(e)),
            _ => Err(ClientError::Cut),
        }
    }

    /// Runs one command in a session; its answer. Its request id is new: see
    /// [`Connection::call_with_id`] to retry one.
    pub fn call(
        &mut self,
        session: &Session,
        call: Call,
    ) -> Result<serde_json::Value, ClientError> {
        match self.call_with_id(session, &random_hex(16), call)? {
            Outcome::Done(value) => Ok(value),
            // A new id was never applied before.
            Outcome::AlreadyApplied { .. } => Err(ClientError::Cut),
        }
    }

    /// Runs one command under `request_id`: after a cut, calling again with the same id
    /// either makes the write (it had not happened) or says it was already made; never
    /// twice.
    pub fn call_with_id(
        &mut self,
        session: &Session,
        request_id: &str,
        call: Call,
    ) -> Result<Outcome, ClientError> {
        match self.ask(&Request::Call {
            session: session.token.clone(),
            request_id: request_id.to_owned(),
            call: Box::new(call),
        })? {
            Response::Answer { value } => Ok(Outcome::Done(value)),
            Response::AlreadyApplied { action, entity_id } => {
                Ok(Outcome::AlreadyApplied { action, entity_id })
            }
            Response::Error(e) => Err(ClientError::Refused(e)),
            _ => Err(ClientError::Cut),
        }
    }

    /// Sends a call and drops the connection before its answer (the tests' network cut).
    #[doc(hidden)]
    pub fn send_and_cut(mut self, session: &Session, request_id: &str, call: Call) {
        let _ = write_frame(
            &mut self.tls,
            &Request::Call {
                session: session.token.clone(),
                request_id: request_id.to_owned(),
                call: Box::new(call),
            },
        );
    }

    pub fn sign_out(&mut self, session: &Session) -> Result<(), ClientError> {
        self.ask(&Request::SignOut {
            session: session.token.clone(),
        })
        .map(drop)
    }
}

/// What a call did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done(serde_json::Value),
    /// The same request id had already made this write (the earlier answer was lost).
    AlreadyApplied {
        action: String,
        entity_id: Option<i64>,
    },
}

/// A signed-in colleague.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub account: String,
    pub role: carnet_core::model::StaffRole,
}

/// Pairs this PC with the service at `address` using the code it shows: SPAKE2 keyed by
/// the code, then each side proves, under the key, the certificate it sees; the
/// certificate is kept only once the service's proof over it checks.
pub fn pair(address: &str, code: &str, device_name: &str) -> Result<Pairing, ClientError> {
    let mut conn = connect(address, None)?;
    let cert = conn
        .seen
        .lock()
        .ok()
        .and_then(|s| *s)
        .ok_or(ClientError::Unreachable)?;
    let (state, ours) = Spake2::<Ed25519Group>::start_a(
        &Password::new(normalised_code(code)),
        &Identity::new(SPAKE_CLIENT),
        &Identity::new(SPAKE_SERVICE),
    );
    let (theirs, proof) = match conn.ask(&Request::PairStart {
        device_name: device_name.to_owned(),
        spake: hex::encode(ours),
    })? {
        Response::PairChallenge { spake, proof } => (spake, proof),
        Response::Error(e) => return Err(ClientError::Refused(e)),
        _ => return Err(ClientError::Cut),
    };
    let theirs = hex::decode(theirs).map_err(|_| ClientError::PairingNotProved)?;
    let key = zeroize::Zeroizing::new(
        state
            .finish(&theirs)
            .map_err(|_| ClientError::PairingNotProved)?,
    );
    // A wrong code, or a machine in between with its own certificate: the service's
    // proof does not check, and nothing more is sent.
    if !same_proof(&pairing_proof(&key, "service", &cert), &proof) {
        return Err(ClientError::PairingNotProved);
    }
    match conn.ask(&Request::PairFinish {
        proof: pairing_proof(&key, "client", &cert),
    })? {
        Response::Paired { device_id, token } => Ok(Pairing {
            address: address.to_owned(),
            fingerprint: hex::encode(cert),
            device_id,
            token,
        }),
        Response::Error(e) => Err(ClientError::Refused(e)),
        _ => Err(ClientError::Cut),
    }
}
