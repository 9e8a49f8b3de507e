//! The office's register as a service: `carnet-server` runs the register (the same
//! encrypted file and domain) on one machine of the office and holds its key; the other
//! PCs pair with it and connect as clients. TLS only, with the certificate the service
//! makes at its first start, pinned by each client when it pairs with the short code the
//! service shows; colleagues sign in with their account and every call runs as that
//! account, so roles are enforced where the key lives.
//!
//! - [`tls`]: the certificate, and the client's pin.
//! - [`proto`]: frames, requests, calls and answers, the pairing proof.
//! - [`server`]: the service (sessions, pairing, calls run as the account).
//! - [`client`]: pairing, connecting, signing in, calling.

pub mod client;
pub mod proto;
pub mod server;
pub mod tls;
