//! Staff accounts as a signed-in colleague sees them: who is signed in, the accounts,
//! removing one (the person in charge), and at the register service adding one or
//! setting a passphrase (checked there by a verifier). On one PC, adding an account or a
//! passphrase wraps the database key in a key slot: the app does it itself.

use carnet_core::accounts::{Account, AccountKey};
use carnet_core::model::StaffRole;
use carnet_core::secret::KdfParams;
use carnet_core::Contexts;

crate::command! {
    read
    /// Who is signed in, and what they may do.
    Session = "session" {} -> carnet_core::accounts::Session,
    |c, r, at| Ok(r.session())
}

crate::command! {
    read
    StaffAccounts = "staff_accounts" {} -> Vec<Account>,
    |c, r, at| r.accounts().list()
}

crate::command! {
    /// A colleague's account removed (the person in charge): at the service, their
    /// sessions end at once.
    RemoveAccount = "remove_account" { account: i64 } -> (),
    |c, r, at| r.accounts().remove(c.account, &carnet_core::Vault::none(), at.now)
}

crate::command! {
    /// A new passphrase for an account at the register service: one's own (with the
    /// current one), or any account's for the person in charge. The service checks it by
    /// a verifier kept in the register; it unwraps no key.
    SetAccountPassphrase = "set_account_passphrase" {
        account: i64,
        passphrase: String,
        current_passphrase: Option<String>,
    } -> (),
    |c, r, at| r.service().set_passphrase(
        c.account,
        &c.passphrase,
        c.current_passphrase.as_deref(),
        KdfParams::DEFAULT,
        at.now,
    )
}

crate::command! {
    /// A new colleague's account at the register service (the person in charge): it signs
    /// in there with its passphrase, which unwraps no key.
    AddServiceAccount = "add_service_account" { name: String, role: StaffRole, passphrase: String } -> i64,
    |c, r, at| {
        // The passphrase judged first; then an account with no way in on any computer
        // (its key slot holds no envelope), and its verifier.
        let org = r.org().profile()?.name;
        carnet_core::secret::check_passphrase(&c.passphrase, &[&c.name, &org])?;
        let id = r.accounts().add(
            &c.name,
            c.role,
            AccountKey::ServiceOnly,
            &carnet_core::Vault::none(),
            at.now,
        )?;
        r.service().set_passphrase(id, &c.passphrase, None, KdfParams::DEFAULT, at.now)?;
        Ok(id)
    }
}
