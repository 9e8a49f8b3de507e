//! Staff accounts as a signed-in colleague sees them: who is signed in, the accounts, and
//! removing one (the person in charge). Adding an account or a passphrase stays on the
//! PC that holds the register (it wraps the database key).

use carnet_core::accounts::Account;
use carnet_core::Contexts;

crate::command! {
    /// Who is signed in, and what they may do.
    Session = "session" {} -> carnet_core::accounts::Session,
    |c, r, at| Ok(r.session())
}

crate::command! {
    StaffAccounts = "staff_accounts" {} -> Vec<Account>,
    |c, r, at| r.accounts().list()
}

crate::command! {
    /// A colleague's account removed (the person in charge): at the service, their
    /// sessions end at once.
    RemoveAccount = "remove_account" { account: i64 } -> (),
    |c, r, at| r.accounts().remove(c.account, &carnet_core::Vault::none(), at.now)
}
