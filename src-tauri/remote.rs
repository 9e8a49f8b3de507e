//! The app as a client of the office's register service: the pairing this PC keeps (the
//! service's address, its certificate's fingerprint, the device's token — no personal
//! data), the connection, and the signed-in colleague's session. Commands of the schema
//! travel as their name and arguments; a write whose answer was lost is asked again once
//! under the same request id, so it is made once or not at all and the app is told which.

use std::path::PathBuf;

use carnet_server::client::{self, ClientError, Connection, Outcome, Pairing};
use carnet_server::proto::{random_hex, Call};
use serde_json::Value;

/// The file, in the app's data folder, that makes this PC a client of the service.
pub const PAIRING_FILE: &str = "carnet-service.json";

pub struct Remote {
    pub pairing: Pairing,
    pub file: PathBuf,
    conn: Option<Connection>,
    session: Option<client::Session>,
}

impl Remote {
    pub fn new(pairing: Pairing, file: PathBuf) -> Remote {
        Remote {
            pairing,
            file,
            conn: None,
            session: None,
        }
    }

    pub fn session(&self) -> Option<&client::Session> {
        self.session.as_ref()
    }

    fn connection(&mut self) -> Result<&mut Connection, ClientError> {
        if self.conn.is_none() {
            self.conn = Some(Connection::open(&self.pairing)?);
        }
        Ok(self.conn.as_mut().expect("just opened"))
    }

    /// Signs a colleague in (a new connection, so a service restarted since is met).
    pub fn sign_in(&mut self, account: &str, passphrase: &str) -> Result<(), ClientError> {
        self.sign_out();
        let pairing = self.pairing.clone();
        let session = self.connection()?.sign_in(&pairing, account, passphrase)?;
        self.session = Some(session);
        Ok(())
    }

    /// Ends the session here at once, and at the service when it can be reached (on the
    /// side: a service that does not answer does not hold the window).
    pub fn sign_out(&mut self) {
        if let (Some(mut conn), Some(session)) = (self.conn.take(), self.session.take()) {
            std::thread::spawn(move || {
                let _ = conn.sign_out(&session);
            });
        }
        self.session = None;
        self.conn = None;
    }

    /// Runs one command at the service. A cut connection is opened again and the call
    /// asked once more under the same request id: the service then either makes it (it
    /// had not) or says it already had; never twice.
    pub fn call(&mut self, call: Call) -> Result<Value, ClientError> {
        let session = self.session.clone().ok_or_else(|| {
            ClientError::Refused(carnet_server::proto::RemoteError::new(
                "session_ended",
                "sign in to the office's register first",
            ))
        })?;
        let request_id = random_hex(16);
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = self
                .connection()
                .and_then(|c| c.call_with_id(&session, &request_id, call.clone()));
            match answer {
                Ok(Outcome::Done(value)) => return Ok(value),
                // The answer to the first try was lost, but its change was made: said so
                // (not as a failure to do again), the screen reads the record anew.
                Ok(Outcome::AlreadyApplied { .. }) => {
                    return Err(ClientError::Refused(
                        carnet_server::proto::RemoteError::new(
                            "already_applied",
                            "the connection was cut while the service answered, but the change was made: open the record again to see it",
                        ),
                    ))
                }
                Err(ClientError::Cut) if tries < 2 => self.conn = None,
                // Cut, then not reached again: whether the change was made is unknown.
                Err(ClientError::Unreachable) if tries >= 2 => {
                    self.conn = None;
                    return Err(ClientError::Cut);
                }
                Err(e) => {
                    if matches!(e, ClientError::Cut | ClientError::Unreachable) {
                        self.conn = None;
                    }
                    if matches!(
                        e.code(),
                        "session_ended" | "device_revoked" | "device_unknown"
                    ) {
                        self.session = None;
                    }
                    return Err(e);
                }
            }
        }
    }
}
