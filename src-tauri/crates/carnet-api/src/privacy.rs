//! Forgetting: the erasure plan and its execution, the certificate, the recipients'
//! checklist, legal holds, retention and purges, the processing register.

use carnet_core::model::Language;
use carnet_core::privacy::{
    Activity, ErasureDone, ErasureInput, HoldInput, ProcessingRegister, ProcessingVersion,
    PurgePreview, PurgeReport, RetentionCategory, RetentionRule,
};
use carnet_core::Contexts;
use chrono::NaiveDate;
use serde::Serialize;

crate::command! {
    /// What the dashboard shows: records due for purge, incidents to handle, the ledger
    /// (not a `read`: checking the ledger may write).
    PrivacySummary = "privacy_summary" {} -> carnet_core::privacy::PrivacySummary,
    |c, r, at| r.privacy().summary(at.now)
}

crate::command! {
    ErasurePlan = "erasure_plan" { input: ErasureInput } -> carnet_core::privacy::ErasurePlan,
    |c, r, at| r.privacy().erasure_plan(&c.input, at.now)
}

crate::command! {
    /// Carries out the erasure (the person in charge); the answer holds the certificate
    /// made at that moment, the only copy that can name the addressee: whoever carries it
    /// keeps it in memory until it is saved.
    ExecuteErasure = "execute_erasure" { input: ErasureInput, confirm_name: String } -> ErasureDone,
    |c, r, at| r.privacy().erase(&c.input, &c.confirm_name, at.now)
}

/// An erasure certificate as a PDF in `language` (the organisation's when none).
pub fn certificate_file(
    cert: &carnet_core::privacy::ErasureCertificate,
    profile: &carnet_core::org::OrganisationProfile,
    request_id: i64,
    language: Option<Language>,
) -> carnet_core::Result<crate::File> {
    let lang = language.unwrap_or(profile.language);
    Ok(crate::File {
        name: match lang {
            Language::Fr => format!("attestation-effacement-{request_id}.pdf"),
            Language::En => format!("erasure-certificate-{request_id}.pdf"),
        },
        bytes: carnet_docs::render(&carnet_docs::erasure_certificate(cert, profile, lang))?,
    })
}

crate::command! {
    /// A request's erasure certificate rebuilt from the register (it names no one: the
    /// copy addressed to the requester exists only in the answer of the erasure).
    ErasureCertificateFile = "erasure_certificate_file" { request_id: i64, language: Option<Language> } -> crate::File,
    |c, r, at| {
        let cert = r.privacy().erasure_certificate(c.request_id)?;
        certificate_file(&cert, &r.org().profile()?, c.request_id, c.language)
    }
}

crate::command! {
    RecordRecipientNotice = "record_recipient_notice" {
        request_id: i64,
        recipient: String,
        on: NaiveDate,
    } -> (),
    |c, r, at| r.privacy().record_recipient_notice(c.request_id, &c.recipient, c.on, at.now)
}

crate::command! {
    AddHold = "add_hold" { input: HoldInput } -> i64,
    |c, r, at| r.privacy().add_hold(&c.input, at.now)
}

crate::command! {
    ReleaseHold = "release_hold" { id: i64 } -> (),
    |c, r, at| r.privacy().release_hold(c.id, at.now)
}

/// The retention screen: the rules, what they have due today, the past purges.
#[derive(Debug, Serialize)]
pub struct RetentionView {
    pub rules: Vec<RetentionRule>,
    pub preview: PurgePreview,
    pub reports: Vec<PurgeReport>,
}

crate::command! {
    Retention = "retention" {} -> RetentionView,
    |c, r, at| Ok(RetentionView {
        rules: r.privacy().retention_rules()?,
        preview: r.privacy().purge_preview(at.now)?,
        reports: r.privacy().purge_reports()?,
    })
}

crate::command! {
    SetRetention = "set_retention" { category: RetentionCategory, months: u32 } -> (),
    |c, r, at| r.privacy().set_retention(c.category, c.months, at.now)
}

crate::command! {
    RunPurge = "run_purge" {} -> PurgeReport,
    |c, r, at| r.privacy().purge(at.now)
}

/// The processing register as the editor starts from it (the latest version), with the
/// list of versions.
#[derive(Debug, Serialize)]
pub struct ProcessingView {
    pub latest: ProcessingRegister,
    pub in_force: i64,
    pub versions: Vec<ProcessingVersion>,
}

crate::command! {
    read
    Processing = "processing" {} -> ProcessingView,
    |c, r, at| {
        let today = r.local_day(at.now);
        Ok(ProcessingView {
            latest: r.privacy().processing_latest()?,
            in_force: r.privacy().processing_register(today)?.version,
            versions: r.privacy().processing_versions()?,
        })
    }
}

crate::command! {
    AdoptProcessing = "adopt_processing" { activities: Vec<Activity>, effective_on: NaiveDate } -> i64,
    |c, r, at| r.privacy().adopt_processing(&c.activities, c.effective_on, at.now)
}

crate::command! {
    /// The processing register in force as a PDF for the office's file.
    ProcessingRegisterFile = "processing_register_file" { language: Option<Language> } -> crate::File,
    |c, r, at| {
        let today = r.local_day(at.now);
        let profile = r.org().profile()?;
        let lang = c.language.unwrap_or(profile.language);
        let register = r.privacy().processing_register(today)?;
        Ok(crate::File {
            name: match lang {
                Language::Fr => format!("registre-des-traitements-{today}.pdf"),
                Language::En => format!("processing-register-{today}.pdf"),
            },
            bytes: carnet_docs::render(&carnet_docs::processing_register(&register, &profile, lang))?,
        })
    }
}

crate::command! {
    /// The regulator's pack (a ZIP: the dossier, the registers, the lists as CSV), for the
    /// person in charge.
    RegulatorPackFile = "regulator_pack_file" { language: Option<Language> } -> crate::File,
    |c, r, at| {
        let today = r.local_day(at.now);
        let lang = c.language.unwrap_or(r.org().profile()?.language);
        let pack = r.privacy().regulator_pack(at.now)?;
        Ok(crate::File {
            name: match lang {
                Language::Fr => format!("dossier-autorite-{today}.zip"),
                Language::En => format!("authority-pack-{today}.zip"),
            },
            bytes: carnet_docs::regulator_pack(&pack, lang)?,
        })
    }
}
