//! The register's contexts, each reached through its handle: `reg.licences().add(..)`,
//! `reg.incidents().all(now)`. A handle borrows the open register; its operations live in
//! its context's folder, and a context reaches another only through that one's handle.
//! The frame (`register`) holds no context's operation and names no context: this list
//! assembles them, and `HOOKS` is all the frame asks of them (their schema, the copy
//! before a migration, the ledger's guards, the organisation's name).

use crate::accounts::Accounts;
use crate::backup::Backups;
use crate::consent::Consent;
use crate::contests::Contests;
#[cfg(test)]
use crate::example::Loans;
use crate::exchange::Exchange;
use crate::family::Family;
use crate::incidents::Incidents;
use crate::licences::Licences;
use crate::newsletter::Newsletter;
use crate::org::Org;
use crate::people::People;
use crate::privacy::Privacy;
use crate::register::Register;
use crate::requests::Requests;
use crate::service::Service;

/// Every closed list the screens offer, each context's flattened into one object: the UI
/// keeps no copy of its own, so a value added to a vocabulary appears in every form that
/// offers the list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Vocabularies {
    #[serde(flatten)]
    pub register: crate::model::Lists,
    #[serde(flatten)]
    pub org: crate::org::Lists,
    #[serde(flatten)]
    pub family: crate::family::Lists,
    #[serde(flatten)]
    pub consent: crate::consent::Lists,
    #[serde(flatten)]
    pub requests: crate::requests::Lists,
    #[serde(flatten)]
    pub privacy: crate::privacy::Lists,
    #[serde(flatten)]
    pub incidents: crate::incidents::Lists,
    #[serde(flatten)]
    pub contests: crate::contests::Lists,
    #[serde(flatten)]
    pub exchange: crate::exchange::Lists,
    #[serde(flatten)]
    pub newsletter: crate::newsletter::Lists,
}

impl Vocabularies {
    pub fn get() -> Vocabularies {
        Vocabularies {
            register: crate::model::Lists::get(),
            org: crate::org::Lists::get(),
            family: crate::family::Lists::get(),
            consent: crate::consent::Lists::get(),
            requests: crate::requests::Lists::get(),
            privacy: crate::privacy::Lists::get(),
            incidents: crate::incidents::Lists::get(),
            contests: crate::contests::Lists::get(),
            exchange: crate::exchange::Lists::get(),
            newsletter: crate::newsletter::Lists::get(),
        }
    }
}

/// Every operation of the register and what it takes: the frame's, then each context's
/// (`<context>/permissions.rs`). A name is the handle's and the operation's
/// (`licences.add`); the frame's stand alone (`open`).
pub fn operations() -> impl Iterator<Item = &'static (&'static str, crate::register::Access)> {
    HOOKS.contexts.iter().flat_map(|c| c.operations.iter())
}

/// Every table, with its columns and what an erasure does to each: the frame's, then each
/// context's (`<context>/migrations.rs`, `ERASURE`).
pub fn erasure_declared() -> impl Iterator<
    Item = &'static (
        &'static str,
        &'static [(&'static str, crate::register::migrations::Treatment)],
    ),
> {
    HOOKS.contexts.iter().flat_map(|c| c.erasure.iter())
}

/// What the frame asks of the contexts when it opens a register.
pub(crate) const HOOKS: crate::register::Hooks = crate::register::Hooks {
    before_migration: |conn, key, path, version| {
        crate::backup::before_migration(conn, key, path, version).map(drop)
    },
    opened: crate::consent::check_guards,
    organisation_name: |reg| Ok(reg.org().profile()?.name),
    contexts: &[
        crate::register::FRAME,
        crate::org::CONTEXT,
        crate::people::CONTEXT,
        crate::family::CONTEXT,
        crate::consent::CONTEXT,
        crate::requests::CONTEXT,
        crate::privacy::CONTEXT,
        crate::incidents::CONTEXT,
        crate::contests::CONTEXT,
        crate::newsletter::CONTEXT,
        crate::licences::CONTEXT,
        crate::exchange::CONTEXT,
        crate::backup::CONTEXT,
        crate::accounts::CONTEXT,
        crate::service::CONTEXT,
        #[cfg(test)]
        crate::example::CONTEXT,
    ],
};

/// Makes a context's handle: a borrow of the register that derefs to it (so an operation
/// writes through `self.change(..)` and reads through `self.rows(..)`).
macro_rules! handle {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name<'r>(pub(crate) &'r $crate::register::Register);

        impl std::ops::Deref for $name<'_> {
            type Target = $crate::register::Register;
            fn deref(&self) -> &$crate::register::Register {
                self.0
            }
        }
    };
}
pub(crate) use handle;

/// A handle that borrows the register exclusively, for a context whose operations change
/// who is acting (the staff accounts).
macro_rules! handle_mut {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name<'r>(pub(crate) &'r mut $crate::register::Register);

        impl std::ops::Deref for $name<'_> {
            type Target = $crate::register::Register;
            fn deref(&self) -> &$crate::register::Register {
                self.0
            }
        }

        impl std::ops::DerefMut for $name<'_> {
            fn deref_mut(&mut self) -> &mut $crate::register::Register {
                self.0
            }
        }
    };
}
pub(crate) use handle_mut;

/// Every context's handle, on the register (`use carnet_core::Contexts;`).
pub trait Contexts {
    /// The staff accounts (an exclusive borrow: adding the first one changes who acts).
    fn accounts(&mut self) -> Accounts<'_>;
    /// Checked encrypted backups, their rotation and the decisions journal.
    fn backups(&self) -> Backups<'_>;
    /// Spreadsheets in and out: the people import, lists for Excel.
    fn exchange(&self) -> Exchange<'_>;
    /// Erasure, legal holds, retention and purges, the processing register, suppressions.
    fn privacy(&self) -> Privacy<'_>;
    /// Privacy requests: access, correction, erasure, withdrawal… and their letters.
    fn requests(&self) -> Requests<'_>;
    /// People, their contacts, search and the person's page.
    fn people(&self) -> People<'_>;
    /// The organisation's profile and the other organisations (schools).
    fn org(&self) -> Org<'_>;
    /// Guardians, children and memberships.
    fn family(&self) -> Family<'_>;
    /// Consent purposes, policies and the chained ledger.
    fn consent(&self) -> Consent<'_>;
    /// Newsletter lists, subscriptions and the mailing tools' files.
    fn newsletter(&self) -> Newsletter<'_>;
    /// Contests, their entries, the draw, winners and shipments.
    fn contests(&self) -> Contests<'_>;
    /// The confidentiality-incident register.
    fn incidents(&self) -> Incidents<'_>;
    /// Licences, their terms, renewals and reminders.
    fn licences(&self) -> Licences<'_>;
    /// The register service's identity and paired devices.
    fn service(&self) -> Service<'_>;
    /// The recipe's example (tests only): instruments lent.
    #[cfg(test)]
    fn loans(&self) -> Loans<'_>;
}

impl Contexts for Register {
    fn accounts(&mut self) -> Accounts<'_> {
        Accounts(self)
    }
    fn backups(&self) -> Backups<'_> {
        Backups(self)
    }
    fn exchange(&self) -> Exchange<'_> {
        Exchange(self)
    }
    fn privacy(&self) -> Privacy<'_> {
        Privacy(self)
    }
    fn requests(&self) -> Requests<'_> {
        Requests(self)
    }
    fn people(&self) -> People<'_> {
        People(self)
    }
    fn org(&self) -> Org<'_> {
        Org(self)
    }
    fn family(&self) -> Family<'_> {
        Family(self)
    }
    fn consent(&self) -> Consent<'_> {
        Consent(self)
    }
    fn newsletter(&self) -> Newsletter<'_> {
        Newsletter(self)
    }
    fn contests(&self) -> Contests<'_> {
        Contests(self)
    }
    fn incidents(&self) -> Incidents<'_> {
        Incidents(self)
    }
    fn licences(&self) -> Licences<'_> {
        Licences(self)
    }
    fn service(&self) -> Service<'_> {
        Service(self)
    }
    #[cfg(test)]
    fn loans(&self) -> Loans<'_> {
        Loans(self)
    }
}

/// A fresh register (every context) in `dir`, for the crate's unit tests: a cheap passphrase,
/// a school in Quebec.
#[cfg(test)]
pub(crate) fn test_register(dir: &std::path::Path, now: chrono::DateTime<chrono::Utc>) -> Register {
    Register::create(
        &dir.join("carnet.db"),
        crate::Protection::Passphrase {
            passphrase: "une phrase de passe solide",
            params: crate::secret::KdfParams {
                m_kib: 1024,
                t: 1,
                p: 1,
            },
        },
        &crate::org::OrganisationProfile::new(
            "École de musique",
            crate::model::Jurisdiction::Quebec,
        ),
        now,
    )
    .unwrap()
    .register
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A context declares what erasure does to exactly the tables its own steps create
    /// (the schema test then checks every column of them).
    #[test]
    fn each_context_declares_the_erasure_of_the_tables_it_creates() {
        for c in HOOKS.contexts {
            let created: BTreeSet<&str> = c
                .schema
                .iter()
                .flat_map(|s| s.sql.split("CREATE TABLE ").skip(1))
                .filter_map(|rest| rest.split_whitespace().next())
                .filter(|t| !t.ends_with("_new") && !t.ends_with("_v2"))
                .collect();
            let declared: BTreeSet<&str> = c.erasure.iter().map(|(t, _)| *t).collect();
            assert_eq!(created, declared, "{}", c.name);
        }
    }

    /// Each context's operations are named after its handle (`contests.draw`); the frame's
    /// stand alone; a restore is the backups' (it opens a register of its own).
    #[test]
    fn each_context_names_its_operations_after_its_handle() {
        for c in HOOKS.contexts {
            for (name, _) in c.operations {
                let ok = match c.name {
                    "register" => !name.contains('.'),
                    "backups" if *name == "restore" => true,
                    handle => name
                        .strip_prefix(handle)
                        .is_some_and(|r| r.starts_with('.')),
                };
                assert!(ok, "{name} is listed by {}", c.name);
            }
        }
    }
}
