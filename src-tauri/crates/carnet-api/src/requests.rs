//! Privacy requests: the dashboard, the request page and its steps, the access
//! package's review, letters previewed and made, the portability export, the audit CSV.

use carnet_core::model::Language;
use carnet_core::requests::{
    Approval, Deadline, IdentityMethod, LetterKind, Refusal, RefusalGround, RequestInput,
    RequestList, RequestStatus,
};
use carnet_core::Contexts;
use carnet_docs::Doc;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::command! {
    read
    /// The dashboard: open requests soonest first (or every request), with the counts.
    ListRequests = "list_requests" { open_only: bool } -> RequestList,
    |c, r, at| {
        let today = r.local_day(at.now);
        r.requests().list(c.open_only, today)
    }
}

crate::command! {
    read
    RequestPage = "request_page" { id: i64 } -> carnet_core::requests::RequestPage,
    |c, r, at| {
        let today = r.local_day(at.now);
        r.requests().page(c.id, today)
    }
}

crate::command! {
    AddRequest = "add_request" { input: RequestInput } -> i64,
    |c, r, at| r.requests().add(&c.input, at.now)
}

crate::command! {
    VerifyRequestIdentity = "verify_request_identity" {
        id: i64,
        method: IdentityMethod,
        on: NaiveDate,
    } -> (),
    |c, r, at| r.requests().verify_identity(c.id, c.method, c.on, at.now)
}

crate::command! {
    ExtendRequest = "extend_request" { id: i64, notice_on: NaiveDate, reason: String } -> Deadline,
    |c, r, at| r.requests().extend(c.id, c.notice_on, &c.reason, at.now)
}

crate::command! {
    CloseRequest = "close_request" {
        id: i64,
        status: RequestStatus,
        decision: String,
        refusal: Option<Refusal>,
        on: NaiveDate,
    } -> (),
    |c, r, at| r.requests().close(c.id, c.status, &c.decision, c.refusal.as_ref(), c.on, at.now)
}

crate::command! {
    /// Records the withdrawals a request asks for; how many were recorded.
    WithdrawForRequest = "withdraw_for_request" { id: i64, purposes: Vec<String> } -> usize,
    |c, r, at| Ok(r.requests().withdraw_for(c.id, &c.purposes, at.now)?.len())
}

crate::command! {
    read
    /// The letter as blocks, for the preview drawn before saving.
    PreviewLetter = "preview_letter" { id: i64, kind: LetterKind, language: Option<Language> } -> Doc,
    |c, r, at| {
        let today = r.local_day(at.now);
        carnet_docs::request_letter_preview(r, c.id, c.kind, c.language, today)
    }
}

crate::command! {
    read
    /// An access request's package review: its items, flagged ones first, and the approval.
    AccessReview = "access_review" { id: i64 } -> carnet_core::requests::AccessReview,
    |c, r, at| {
        let today = r.local_day(at.now);
        r.requests().access_review(c.id, today)
    }
}

crate::command! {
    /// Masks one item of the package, with its ground; the review as it now stands.
    MaskAccessItem = "mask_access_item" { id: i64, item: String, ground: RefusalGround }
        -> carnet_core::requests::AccessReview,
    |c, r, at| {
        r.requests().mask(c.id, &c.item, c.ground, at.now)?;
        let today = r.local_day(at.now);
        r.requests().access_review(c.id, today)
    }
}

crate::command! {
    /// Gives an item back to the package; the review as it now stands.
    UnmaskAccessItem = "unmask_access_item" { id: i64, item: String }
        -> carnet_core::requests::AccessReview,
    |c, r, at| {
        r.requests().unmask(c.id, &c.item, at.now)?;
        let today = r.local_day(at.now);
        r.requests().access_review(c.id, today)
    }
}

crate::command! {
    /// Approves the package as it stands (the person in charge, when an item is masked).
    ApproveAccessPackage = "approve_access_package" { id: i64 } -> Approval,
    |c, r, at| r.requests().approve_access_package(c.id, at.now)
}

crate::command! {
    /// One letter of a request as a PDF (an access report only once its package is
    /// released); recorded as produced by [`DocumentSaved`] once the office saved it.
    LetterFile = "letter_file" { id: i64, kind: LetterKind, language: Option<Language> } -> crate::File,
    |c, r, at| {
        let today = r.local_day(at.now);
        let doc = carnet_docs::request_letter(r, c.id, c.kind, c.language, today)?;
        Ok(crate::File {
            name: format!("{}-{}-{today}.pdf", c.kind.file_stem(doc.language), c.id),
            bytes: carnet_docs::render(&doc)?,
        })
    }
}

crate::command! {
    /// The portability export of the request's person: a ZIP of JSON and CSV files.
    PortabilityFile = "portability_file" { id: i64, language: Option<Language> } -> crate::File,
    |c, r, at| {
        let today = r.local_day(at.now);
        let req = r.requests().get(c.id)?;
        let lang = c.language.unwrap_or(carnet_docs::recipient(r, &req)?.language);
        let record = r.requests().record(c.id, today)?;
        let bytes = carnet_docs::portability_zip(&record, &r.org().profile()?.name, lang, today)?;
        let id = c.id;
        Ok(crate::File {
            name: match lang {
                Language::Fr => format!("donnees-portabilite-{id}-{today}.zip"),
                Language::En => format!("portability-data-{id}-{today}.zip"),
            },
            bytes,
        })
    }
}

/// A document of a request the office saved.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Saved {
    Letter(LetterKind),
    PortabilityExport,
    ErasureCertificate,
}

crate::command! {
    /// Notes in the request's history and the audit log that a document was saved.
    RecordDocument = "record_document" { id: i64, document: Saved } -> (),
    |c, r, at| {
        let name = match c.document {
            Saved::Letter(kind) => kind.document_name(),
            Saved::PortabilityExport => "portability_export",
            Saved::ErasureCertificate => "erasure_certificate",
        };
        r.requests().record_document(c.id, name, at.now)
    }
}

crate::command! {
    /// Every request as CSV for an audit (no names).
    RequestsCsv = "requests_csv" {} -> crate::File,
    |c, r, at| Ok(crate::File {
        name: format!("carnet-requests-{}.csv", r.local_day(at.now)),
        bytes: r.requests().csv()?,
    })
}
