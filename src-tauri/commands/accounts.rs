//! Staff accounts: unlocking as one, who is at the desk, and the accounts the person in
//! charge keeps (add, remove, a new passphrase or this session's keyring entry). The
//! domain decides who may do what.

use carnet_core::accounts::{Account, AccountKey, AccountSecret, Session};
use carnet_core::model::StaffRole;
use carnet_core::secret::KdfParams;
use carnet_core::Contexts;
use carnet_core::{Register, Unlock};
use chrono::Utc;
use tauri::{AppHandle, Runtime, State};
use zeroize::Zeroizing;

use super::app::open_with;
use super::{with_register, Reply, Res};
use crate::AppState;

/// Opens the register as an account: with its passphrase, or (none given) its entry in
/// this OS session's keyring. Argon2id runs off the main thread.
#[tauri::command(rename_all = "snake_case")]
pub async fn unlock_account<R: Runtime>(
    app: AppHandle<R>,
    account: i64,
    passphrase: Option<Zeroizing<String>>,
) -> Res<()> {
    open_with(app, move |state| {
        let secret = match passphrase.as_deref() {
            Some(p) => AccountSecret::Passphrase(p),
            None => AccountSecret::Keyring(&state.vault),
        };
        Ok((
            Register::open(&state.db_path(), Unlock::Account(account, secret))?,
            (),
        ))
    })
    .await
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn session(state: State<'_, AppState>) -> Res<Reply<Session>> {
    state.run(carnet_api::accounts::Session {})
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn staff_accounts(state: State<'_, AppState>) -> Res<Reply<Vec<Account>>> {
    state.run(carnet_api::accounts::StaffAccounts {})
}

fn key(passphrase: &Option<Zeroizing<String>>) -> AccountKey<'_> {
    match passphrase {
        Some(p) => AccountKey::Passphrase(p.as_str(), KdfParams::DEFAULT),
        None => AccountKey::Keyring,
    }
}

/// A new account: its passphrase, or (none given) this OS session's keyring.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_account<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    role: StaffRole,
    passphrase: Option<Zeroizing<String>>,
) -> Res<Reply<i64>> {
    super::blocking(app, move |state| {
        if state.is_client() {
            // At the service: a passphrase checked there by a verifier (no keyring).
            return state.run(carnet_api::accounts::AddServiceAccount {
                name,
                role,
                passphrase: at_service(&passphrase)?,
            });
        }
        with_register(state, |r| {
            r.accounts()
                .add(&name, role, key(&passphrase), &state.vault, Utc::now())
        })
        .map(Reply::Here)
    })
    .await
}

/// The passphrase an account is given at the service: one is needed (a keyring entry on
/// this PC would open nothing there).
fn at_service(passphrase: &Option<Zeroizing<String>>) -> Res<String> {
    match passphrase {
        Some(p) if !p.is_empty() => Ok(p.as_str().to_owned()),
        _ => Err(carnet_core::Error::PassphraseNotSet.into()),
    }
}

/// Removes an account (the person in charge): on this PC, its keyring entry goes too.
#[tauri::command(async, rename_all = "snake_case")]
pub fn remove_account(state: State<'_, AppState>, account: i64) -> Res<Reply<()>> {
    if state.is_client() {
        return state.run(carnet_api::accounts::RemoveAccount { account });
    }
    with_register(&state, |r| {
        r.accounts().remove(account, &state.vault, Utc::now())
    })
    .map(Reply::Here)
}

/// A new passphrase for an account, or (none given) this session's keyring entry. At the
/// office's service, one's own passphrase is changed with the current one.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_account_key<R: Runtime>(
    app: AppHandle<R>,
    account: i64,
    passphrase: Option<Zeroizing<String>>,
    current_passphrase: Option<Zeroizing<String>>,
) -> Res<Reply<()>> {
    super::blocking(app, move |state| {
        if state.is_client() {
            return state.run(carnet_api::accounts::SetAccountPassphrase {
                account,
                passphrase: at_service(&passphrase)?,
                current_passphrase: current_passphrase.as_ref().map(|p| p.as_str().to_owned()),
            });
        }
        with_register(state, |r| {
            r.accounts()
                .set_key(account, key(&passphrase), &state.vault, Utc::now())
        })
        .map(Reply::Here)
    })
    .await
}
