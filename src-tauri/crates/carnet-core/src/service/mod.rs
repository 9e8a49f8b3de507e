//! The register as a service for the office's PCs (`carnet-server`): the TLS identity the
//! service presents, and the devices paired with it. The service itself (transport,
//! pairing, sign-in, sessions) lives in the `carnet-server` crate; what it keeps is here,
//! in the encrypted register.

use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;
use serde::Serialize;

use crate::accounts::Permission;
use crate::error::{Error, Result};
use crate::field::Field;

pub(crate) mod migrations;
pub mod permissions;

/// What this context brings to the register besides its handle (`contexts::HOOKS`).
pub(crate) const CONTEXT: crate::register::Context = crate::register::Context {
    name: "service",
    schema: migrations::MIGRATIONS,
    erasure: migrations::ERASURE,
    operations: permissions::OPERATIONS,
};

/// The certificate the service presents and its private key (DER).
pub struct Identity {
    pub cert: Vec<u8>,
    pub key: zeroize::Zeroizing<Vec<u8>>,
}

/// A PC paired with the service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Device {
    pub id: i64,
    pub name: String,
    pub paired_at: String,
    pub revoked_at: Option<String>,
    pub revoked_by: Option<String>,
}

impl Device {
    pub fn revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

crate::contexts::handle! {
    /// The register service's identity and paired devices: `reg.service().devices()`,
    /// `.pair_device(..)`, `.revoke_device(..)`.
    Service
}

const DEVICE_COLUMNS: &str = "id, name, paired_at, revoked_at, revoked_by";

fn device(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        name: r.get(1)?,
        paired_at: r.get(2)?,
        revoked_at: r.get(3)?,
        revoked_by: r.get(4)?,
    })
}

impl Service<'_> {
    /// The service's certificate and key, once made (the person in charge's, or the
    /// service's own when it opened with the recovery key).
    pub fn identity(&self) -> Result<Option<Identity>> {
        self.require(Permission::ManageAccounts)?;
        Ok(self
            .conn
            .query_row(
                "SELECT cert, key FROM service_identity WHERE id = 1",
                [],
                |r| {
                    Ok(Identity {
                        cert: r.get(0)?,
                        key: zeroize::Zeroizing::new(r.get(1)?),
                    })
                },
            )
            .optional()?)
    }

    /// Keeps the certificate made at the service's first start (once: a new certificate
    /// would make every paired PC refuse the service).
    pub fn set_identity(&self, cert: &[u8], key: &[u8], now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        self.change(now, "service.identity", "service", |tx| {
            tx.execute(
                "INSERT INTO service_identity (id, cert, key, made_at) VALUES (1, ?1, ?2, ?3)",
                (cert, key, crate::time::stamp(now)),
            )
            .map_err(|_| Error::Conflict("the service already has its certificate"))?;
            Ok((None, ()))
        })
    }

    /// Records a PC paired with the service: its name and its token's SHA-256 (hex).
    pub fn pair_device(&self, name: &str, token_hash: &str, now: DateTime<Utc>) -> Result<i64> {
        self.require(Permission::ManageAccounts)?;
        let name = crate::fold::bounded(Field::Staff, name)?;
        if name.is_empty() {
            return Err(Error::invalid(Field::Staff, "name the computer"));
        }
        self.change(now, "service.device.pair", "device", |tx| {
            tx.execute(
                "INSERT INTO service_devices (name, token_hash, paired_at) VALUES (?1, ?2, ?3)",
                (&name, token_hash, crate::time::stamp(now)),
            )?;
            let id = tx.last_insert_rowid();
            Ok((Some(id), id))
        })
    }

    /// Revokes a device (a stolen laptop): its token opens nothing from now on.
    pub fn revoke_device(&self, id: i64, now: DateTime<Utc>) -> Result<()> {
        self.require(Permission::ManageAccounts)?;
        self.change(now, "service.device.revoke", "device", |tx| {
            let n = tx.execute(
                "UPDATE service_devices SET revoked_at = ?2, revoked_by = ?3 WHERE id = ?1 AND revoked_at IS NULL",
                (id, crate::time::stamp(now), tx.staff),
            )?;
            if n == 0 {
                return Err(Error::NotFound { entity: "device" });
            }
            Ok((Some(id), ()))
        })
    }

    /// Every device paired, revoked ones included.
    pub fn devices(&self) -> Result<Vec<Device>> {
        self.rows(
            &format!("SELECT {DEVICE_COLUMNS} FROM service_devices ORDER BY id"),
            [],
            device,
        )
    }

    /// The device a token's SHA-256 belongs to, if any (revoked or not).
    pub fn device_by_token(&self, token_hash: &str) -> Result<Option<Device>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DEVICE_COLUMNS} FROM service_devices WHERE token_hash = ?1"),
                [token_hash],
                device,
            )
            .optional()?)
    }
}
