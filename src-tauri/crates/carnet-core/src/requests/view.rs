//! What the front ends show of requests: a dashboard row, the dashboard, and the request
//! page with everything its steps need. Every rule the screens follow (open or closed,
//! on time, how pressing, which letters, whether an extension or a portability export is
//! offered) is decided here, once, so the app and the command line show the same thing.

use crate::requests::Requests;
use crate::Contexts;
use chrono::NaiveDate;
use serde::Serialize;

use super::{
    extension_deadline, recipient, LetterKind, Request, RequestCounts, Urgency, DUE_SOON_DAYS,
};
use crate::consent::Purpose;
use crate::consent::PurposeKind;
use crate::error::{Error, Result};
use crate::model::{Jurisdiction, Language};
use crate::requests::{RefusalGround, RequestKind};

/// A request as a list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RequestRow {
    #[serde(flatten)]
    pub request: Request,
    pub person_name: String,
    pub requester_label: String,
    /// The requester's language: the letters' default.
    pub language: Language,
    /// Still to be answered (received or identity checked).
    pub open: bool,
    pub days_left: Option<i64>,
    /// `soon` within `DUE_SOON_DAYS`, `overdue` past the deadline, else null.
    pub urgency: Option<Urgency>,
    /// Once closed: answered or refused on or before the deadline.
    pub on_time: Option<bool>,
    /// The person was erased: `person_name` is their surrogate, and no letter is printed.
    pub person_erased: bool,
}

/// The dashboard: the counts and the rows.
#[derive(Debug, Clone, Serialize)]
pub struct RequestList {
    pub counts: RequestCounts,
    pub rows: Vec<RequestRow>,
}

/// A legal ground a refusal can rest on in the organisation's jurisdiction.
#[derive(Debug, Clone, Serialize)]
pub struct GroundChoice {
    pub ground: RefusalGround,
    /// The article(s), or `None` for `other` (the staff member types the provision).
    pub articles: Option<&'static str>,
}

/// A purpose as the request page lists it, with the day its current state began.
#[derive(Debug, Clone, Serialize)]
pub struct PurposeChoice {
    pub code: String,
    pub kind: PurposeKind,
    pub label_fr: String,
    pub label_en: String,
    pub on: NaiveDate,
    /// Ticked at first: the communication purposes of a stop-communications request.
    pub preselected: bool,
}

/// Everything the request page shows and offers.
#[derive(Debug, Clone, Serialize)]
pub struct RequestPage {
    #[serde(flatten)]
    pub row: RequestRow,
    pub jurisdiction: Jurisdiction,
    /// The letters available at this step.
    pub letters: Vec<LetterKind>,
    /// A portability request whose requester's identity was checked: the ZIP is offered.
    pub portability: bool,
    pub grounds: Vec<GroundChoice>,
    /// An extension notice can be recorded now (France, open, none yet).
    pub can_extend: bool,
    /// The first month's end: an extension notice must go out by then (France).
    pub extension_deadline: NaiveDate,
    /// For a withdrawal, stop-communications or objection request (absent for other
    /// kinds): the consents the person has now (what can be withdrawn) and those this
    /// request withdrew.
    pub consents: Option<Vec<PurposeChoice>>,
    pub withdrawals: Option<Vec<PurposeChoice>>,
    /// For an erasure request: the erasure may be planned now (open, identity checked,
    /// the person still there), or was carried out (its certificate can be printed).
    pub erasure: Option<ErasureStep>,
    /// For an erasure or a rectification: the recipients to tell (GDPR Art. 19) and when
    /// each was told.
    pub recipients: Option<Vec<crate::privacy::RecipientNotice>>,
    /// What the organisation's settings still lack before any letter can be made (its
    /// postal address, the person in charge, a way to reach them); empty when ready.
    pub letter_gaps: Vec<crate::Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErasureStep {
    /// Waiting for the identity check.
    IdentityFirst,
    /// The plan can be drawn up and carried out.
    Plan,
    /// Carried out: the certificate can be printed again (with surrogates, no names).
    Done,
    /// Closed without an erasure (refused, withdrawn).
    Closed,
}

impl Requests<'_> {
    /// `request` as a list row on the office's `today`.
    pub fn row(&self, request: Request, today: NaiveDate) -> Result<RequestRow> {
        let person_name = self.privacy().name_and_language(request.data.person_id)?.0;
        let person_erased = self
            .privacy()
            .surrogate_of(request.data.person_id)?
            .is_some();
        let to = recipient(self, &request)?;
        Ok(RequestRow {
            open: request.status.is_open(),
            days_left: request.days_left(today),
            urgency: request.urgency(today, DUE_SOON_DAYS),
            on_time: request.on_time(),
            person_name,
            person_erased,
            requester_label: to.name,
            language: to.language,
            request,
        })
    }

    /// The dashboard: open requests soonest first (or every request), with the counts.
    pub fn list(&self, open_only: bool, today: NaiveDate) -> Result<RequestList> {
        let all = self.all(false)?;
        let counts = RequestCounts::of(&all, today, DUE_SOON_DAYS);
        let rows = all
            .into_iter()
            .filter(|q| !open_only || q.status.is_open())
            .map(|q| self.row(q, today))
            .collect::<Result<_>>()?;
        Ok(RequestList { counts, rows })
    }

    /// The request page on the office's `today`.
    pub fn page(&self, id: i64, today: NaiveDate) -> Result<RequestPage> {
        let request = self.get(id)?;
        let profile = self.org().profile()?;
        let j = profile.jurisdiction;
        let (consents, withdrawals) = if request.withdraws_consents() {
            let purposes = self.consent().purposes()?;
            let preselect = request.data.kind == RequestKind::StopCommunications;
            let granted = self
                .consent()
                .state(request.data.person_id)?
                .into_iter()
                .filter(|s| s.granted)
                .map(|s| (s.purpose_code, s.since));
            let done = self
                .requests()
                .consent_events(id)?
                .into_iter()
                .map(|e| (e.purpose_code, e.occurred_at));
            (
                Some(self.purpose_choices(&purposes, granted, preselect)?),
                Some(self.purpose_choices(&purposes, done, false)?),
            )
        } else {
            (None, None)
        };
        let open = request.status.is_open();
        let erased = self
            .privacy()
            .surrogate_of(request.data.person_id)?
            .is_some();
        let erasure = (request.data.kind == RequestKind::Erasure).then(|| {
            if self.privacy().erasure_certificate(id).is_ok() {
                ErasureStep::Done
            } else if !open || erased {
                ErasureStep::Closed
            } else if request.identity.is_none() {
                ErasureStep::IdentityFirst
            } else {
                ErasureStep::Plan
            }
        });
        let recipients = match request.data.kind {
            RequestKind::Erasure | RequestKind::Rectification => {
                Some(self.privacy().recipient_notices(id, today)?)
            }
            _ => None,
        };
        Ok(RequestPage {
            letter_gaps: profile.letter_gaps(),
            recipients,
            letters: if erased {
                Vec::new()
            } else {
                LetterKind::available(&request)
            },
            erasure,
            portability: request.data.kind == RequestKind::Portability
                && request.identity.is_some(),
            grounds: RefusalGround::available(j)
                .into_iter()
                .map(|g| GroundChoice {
                    ground: g,
                    articles: g.provision(j),
                })
                .collect(),
            can_extend: j == Jurisdiction::France && open && request.extension_notice_on.is_none(),
            extension_deadline: extension_deadline(j, request.data.received_on),
            jurisdiction: j,
            consents,
            withdrawals,
            row: self.row(request, today)?,
        })
    }

    /// The purposes `codes` with their labels, each dated on the office's day; the
    /// communication ones ticked when `preselect_communication`.
    fn purpose_choices(
        &self,
        purposes: &[Purpose],
        codes: impl IntoIterator<Item = (String, String)>,
        preselect_communication: bool,
    ) -> Result<Vec<PurposeChoice>> {
        codes
            .into_iter()
            .map(|(code, at)| {
                let p = purposes
                    .iter()
                    .find(|p| p.code == code)
                    .ok_or(Error::NotFound { entity: "purpose" })?;
                Ok(PurposeChoice {
                    kind: p.kind,
                    preselected: preselect_communication && p.kind == PurposeKind::Communication,
                    label_fr: p.latest.wording.label_fr.clone(),
                    label_en: p.latest.wording.label_en.clone(),
                    on: self.local_day(crate::time::parse_stamp(&at)?),
                    code,
                })
            })
            .collect()
    }
}
