//! The OS keyring (Windows Credential Manager, macOS Keychain, Secret Service), as a
//! place to keep a database key under the database's id.

use std::sync::Arc;

use keyring_core::{CredentialStore, Error as KError};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::secret::DbKey;

const SERVICE: &str = "Carnet";

/// A credential store holding database keys, one entry per database id.
#[derive(Clone)]
pub struct Vault {
    store: Option<Arc<CredentialStore>>,
}

impl Vault {
    /// The operating system's keyring. When none is reachable (no Secret Service on a
    /// Linux box, say) every operation answers `KeyringUnavailable`.
    pub fn os() -> Self {
        let store = match keyring::Entry::store_status() {
            Ok(()) => keyring_core::get_default_store(),
            Err(_) => None,
        };
        Vault { store }
    }

    /// No keyring at all (a machine without one): every operation answers
    /// `KeyringUnavailable`.
    pub fn none() -> Self {
        Vault { store: None }
    }

    /// A given store: the mock store in tests, or another backend.
    pub fn with_store(store: Arc<CredentialStore>) -> Self {
        Vault { store: Some(store) }
    }

    pub fn is_available(&self) -> bool {
        self.store.is_some()
    }

    fn entry(&self, database_id: &str) -> Result<keyring_core::Entry> {
        let store = self.store.as_ref().ok_or(Error::KeyringUnavailable)?;
        store.build(SERVICE, database_id, None).map_err(map_err)
    }

    pub fn get(&self, database_id: &str) -> Result<DbKey> {
        let secret = Zeroizing::new(self.entry(database_id)?.get_secret().map_err(map_err)?);
        // A stored value of the wrong length is treated as a wrong key, never shown.
        DbKey::from_slice(&secret)
    }

    pub fn put(&self, database_id: &str, key: &DbKey) -> Result<()> {
        self.entry(database_id)?
            .set_secret(key.bytes())
            .map_err(map_err)
    }

    pub fn delete(&self, database_id: &str) -> Result<()> {
        match self.entry(database_id)?.delete_credential() {
            Ok(()) | Err(KError::NoEntry) => Ok(()),
            Err(e) => Err(map_err(e)),
        }
    }
}

/// Keyring errors carry platform messages and sometimes the secret bytes: only their
/// kind is kept.
fn map_err(e: KError) -> Error {
    match e {
        KError::NoEntry => Error::KeyringEntryMissing,
        _ => Error::KeyringUnavailable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyring_core::mock;

    #[test]
    fn mock_store_round_trip_and_missing_entry() {
        let vault = Vault::with_store(mock::Store::new().unwrap());
        let key = DbKey::generate().unwrap();
        assert!(matches!(vault.get("db-1"), Err(Error::KeyringEntryMissing)));
        vault.put("db-1", &key).unwrap();
        assert_eq!(vault.get("db-1").unwrap().bytes(), key.bytes());
        vault.delete("db-1").unwrap();
        vault.delete("db-1").unwrap();
        assert!(matches!(vault.get("db-1"), Err(Error::KeyringEntryMissing)));
    }

    #[test]
    fn unavailable_vault_says_so() {
        let vault = Vault { store: None };
        assert!(matches!(vault.get("x"), Err(Error::KeyringUnavailable)));
        assert!(!vault.is_available());
    }
}
