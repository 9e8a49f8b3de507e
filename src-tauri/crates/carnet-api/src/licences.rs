//! Licences: the list (the soonest to end first), recording, renewing, and the
//! reminder letter to the contact.

use carnet_core::licences::{Licence, LicenceInput, LicenceSummary, TermInput};
use carnet_core::model::Language;
use carnet_core::Contexts;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LicenceList {
    pub licences: Vec<Licence>,
    pub summary: LicenceSummary,
}

crate::command! {
    read
    ListLicences = "list_licences" {} -> LicenceList,
    |c, r, at| Ok(LicenceList {
        licences: r.licences().all(at.now)?,
        summary: r.licences().summary(at.now)?,
    })
}

crate::command! {
    AddLicence = "add_licence" { input: LicenceInput } -> i64,
    |c, r, at| r.licences().add(&c.input, at.now)
}

crate::command! {
    RenewLicence = "renew_licence" { id: i64, term: TermInput } -> Licence,
    |c, r, at| {
        r.licences().renew(c.id, &c.term, at.now)?;
        r.licences().get(c.id, at.now)
    }
}

crate::command! {
    LicenceReminderFile = "licence_reminder_file" { id: i64, language: Option<Language> } -> crate::File,
    |c, r, at| {
        let profile = r.org().profile()?;
        let l = r.licences().get(c.id, at.now)?;
        let today = r.local_day(at.now);
        let doc = carnet_docs::licence_reminder(&l, &profile, c.language.unwrap_or(profile.language), today);
        Ok(crate::File {
            name: format!("rappel-licence-{}.pdf", l.code),
            bytes: carnet_docs::render(&doc)?,
        })
    }
}
