//! Which letters a request can produce at its current step, and who they go to.

use crate::Contexts;
use serde::{Deserialize, Serialize};

use super::Request;
use crate::error::Result;
use crate::model::Language;
use crate::register::Register;
use crate::requests::{RequestKind, RequestStatus, Requester};

/// In what capacity the requester asks (and a letter is addressed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Acting {
    /// The person the data is about.
    Themself,
    /// A parent or guardian, for a child.
    Guardian,
    /// A mandated representative (lawyer, power of attorney).
    Representative,
}

/// The letters a request can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// Every piece of data about the person, with the explanations (access requests).
    AccessReport,
    /// The two-month extension, with its reasons (France, within the first month).
    ExtensionNotice,
    /// A refusal: reasons, the provision relied on, where to turn.
    Refusal,
    /// The request was carried out (rectification, withdrawal, erasure, portability…).
    Confirmation,
}

impl LetterKind {
    /// The letters this request can produce now, in the order they are usually sent.
    pub fn available(req: &Request) -> Vec<LetterKind> {
        let mut out = Vec::new();
        let verified = req.identity.is_some();
        if req.extension_notice_on.is_some() {
            out.push(LetterKind::ExtensionNotice);
        }
        if req.data.kind == RequestKind::Access
            && verified
            && req.status != RequestStatus::Refused
            && req.status != RequestStatus::Withdrawn
        {
            out.push(LetterKind::AccessReport);
        }
        if req.status == RequestStatus::Refused {
            out.push(LetterKind::Refusal);
        }
        if req.status == RequestStatus::Answered && req.data.kind != RequestKind::Access {
            out.push(LetterKind::Confirmation);
        }
        out
    }

    /// The name the audit log gives the saved document (nothing of its content).
    pub fn document_name(self) -> &'static str {
        match self {
            LetterKind::AccessReport => "access_report",
            LetterKind::ExtensionNotice => "extension_notice",
            LetterKind::Refusal => "refusal",
            LetterKind::Confirmation => "confirmation",
        }
    }

    pub fn file_stem(self, lang: Language) -> &'static str {
        match (self, lang) {
            (LetterKind::AccessReport, Language::Fr) => "reponse-demande-acces",
            (LetterKind::AccessReport, Language::En) => "access-request-response",
            (LetterKind::ExtensionNotice, Language::Fr) => "avis-de-prolongation",
            (LetterKind::ExtensionNotice, Language::En) => "extension-notice",
            (LetterKind::Refusal, Language::Fr) => "lettre-de-refus",
            (LetterKind::Refusal, Language::En) => "refusal-letter",
            (LetterKind::Confirmation, Language::Fr) => "confirmation",
            (LetterKind::Confirmation, Language::En) => "confirmation",
        }
    }
}

/// Who the letter goes to and in which language: the requester's own language unless
/// the caller chooses.
pub struct Recipient {
    pub name: String,
    pub acting: Acting,
    pub language: Language,
}

/// The requester of `req`: the person, their linked guardian, or the named representative
/// (an erased person is named by their surrogate).
pub fn recipient(reg: &Register, req: &Request) -> Result<Recipient> {
    let (name, language) = reg.privacy().name_and_language(req.data.person_id)?;
    Ok(match (req.data.requester, req.data.requester_person_id) {
        (Requester::Guardian, Some(g)) => {
            let (name, language) = reg.privacy().name_and_language(g)?;
            Recipient {
                name,
                acting: Acting::Guardian,
                language,
            }
        }
        (Requester::Representative, _) => Recipient {
            name: req.data.requester_name.clone(),
            acting: Acting::Representative,
            language,
        },
        _ => Recipient {
            name,
            acting: Acting::Themself,
            language,
        },
    })
}
