//! The confidentiality-incident register: list, record, update, print.

use carnet_core::incidents::{Incident, IncidentInput};
use carnet_core::model::Language;
use carnet_core::Contexts;

crate::command! {
    read
    ListIncidents = "list_incidents" {} -> Vec<Incident>,
    |c, r, at| r.incidents().all(at.now)
}

crate::command! {
    /// Records an incident (no id) or saves what the investigation adds.
    SaveIncident = "save_incident" { id: Option<i64>, input: IncidentInput } -> Incident,
    |c, r, at| {
        let id = match c.id {
            Some(id) => r.incidents().update(id, &c.input, at.now).map(|()| id)?,
            None => r.incidents().add(&c.input, at.now)?,
        };
        r.incidents().get(id, at.now)
    }
}

crate::command! {
    /// One incident (or the whole register when `id` is none) as a PDF.
    IncidentReportFile = "incident_report_file" { id: Option<i64>, language: Option<Language> } -> crate::File,
    |c, r, at| {
        let profile = r.org().profile()?;
        let lang = c.language.unwrap_or(profile.language);
        let doc = match c.id {
            Some(id) => carnet_docs::incident_report(&r.incidents().get(id, at.now)?, &profile, lang),
            None => carnet_docs::incident_register(&r.incidents().all(at.now)?, &profile, lang),
        };
        let today = r.local_day(at.now);
        Ok(crate::File {
            name: match (c.id, lang) {
                (Some(id), _) => format!("incident-{id}.pdf"),
                (None, Language::Fr) => format!("registre-des-incidents-{today}.pdf"),
                (None, Language::En) => format!("incident-register-{today}.pdf"),
            },
            bytes: carnet_docs::render(&doc)?,
        })
    }
}
