//! Tauri commands: each adapts one `carnet-core` call.

use carnet_core::consent::{
    ConsentEvent, ConsentInput, ConsentState, LedgerReport, PolicyVersion, Purpose, PurposeWording,
};
use carnet_core::family::{Guardian, GuardianLink, Membership, MembershipInput};
use carnet_core::model::{IdentityMethod, Language, RefusalGround, Relation, RequestStatus};
use carnet_core::org::{Organisation, OrganisationInput, OrganisationProfile};
use carnet_core::people::{Person, PersonInput, PersonSummary};
use carnet_core::requests::{Deadline, Refusal, Request, RequestCounts, RequestInput, Urgency};
use carnet_core::secret::KdfParams;
use carnet_core::{Error, ErrorBody, Protection, Register, Unlock};
use carnet_docs::{Doc, LetterKind};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tauri::State;
use zeroize::Zeroizing;

use crate::AppState;

/// What every command returns on failure: `{code, message, detail}`; the UI words it.
#[derive(Debug)]
pub struct CommandError(pub ErrorBody);

impl Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl From<Error> for CommandError {
    fn from(e: Error) -> Self {
        CommandError(ErrorBody::from(&e))
    }
}

type Res<T> = Result<T, CommandError>;

/// Runs `f` on the open register, or answers `locked` when none is open. The lock is
/// held only for `f`: never across a dialog.
pub(crate) fn with_register<T>(
    state: &AppState,
    f: impl FnOnce(&mut Register) -> carnet_core::Result<T>,
) -> Res<T> {
    let mut guard = state.register.lock().expect("register lock");
    match guard.as_mut() {
        Some(reg) => {
            reg.set_utc_offset(office_offset());
            Ok(f(reg)?)
        }
        None => Err(Error::Locked.into()),
    }
}

fn install(state: &AppState, mut reg: Register) {
    reg.set_staff(&state.staff.lock().expect("staff lock"));
    *state.register.lock().expect("register lock") = Some(reg);
}

#[derive(Serialize)]
pub struct Status {
    /// `setup` (no register yet), `locked`, or `open`.
    phase: &'static str,
    keyring_available: bool,
    unlock_keyring: bool,
    unlock_passphrase: bool,
    profile: Option<OrganisationProfile>,
    staff: String,
    db_path: String,
    /// Open requests, due within a week, overdue (for the navigation's warning).
    requests: Option<RequestCounts>,
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> Res<Status> {
    let (open, requests) = match state.register.lock().expect("register lock").as_ref() {
        Some(r) => (
            Some(r.profile()?),
            Some(r.request_counts(local_today(), DUE_SOON_DAYS)?),
        ),
        None => (None, None),
    };
    let exists = state.db_path.exists();
    let (kr, pp) = if exists {
        Register::unlock_methods(&state.db_path)?
    } else {
        (false, false)
    };
    Ok(Status {
        phase: if open.is_some() {
            "open"
        } else if exists {
            "locked"
        } else {
            "setup"
        },
        keyring_available: state.vault.is_available(),
        unlock_keyring: kr,
        unlock_passphrase: pp,
        profile: open,
        staff: state.staff.lock().expect("staff lock").clone(),
        db_path: state.db_path.display().to_string(),
        requests,
    })
}

#[derive(Serialize)]
pub struct CreatedView {
    recovery_key: Zeroizing<String>,
}

/// First run: creates the register; the key goes to the keyring unless a passphrase is given.
#[tauri::command]
pub fn create_register(
    state: State<'_, AppState>,
    profile: OrganisationProfile,
    passphrase: Option<Zeroizing<String>>,
    staff: String,
) -> Res<CreatedView> {
    *state.staff.lock().expect("staff lock") = staff;
    let protection = match passphrase.as_deref() {
        Some(p) => Protection::Passphrase {
            passphrase: p,
            params: KdfParams::DEFAULT,
        },
        None => Protection::Keyring(&state.vault),
    };
    let created = Register::create(&state.db_path, protection, &profile, Utc::now())?;
    let recovery_key = Zeroizing::new(created.recovery_key.expose().to_owned());
    install(&state, created.register);
    Ok(CreatedView { recovery_key })
}

#[tauri::command]
pub fn unlock_keyring(state: State<'_, AppState>) -> Res<()> {
    let reg = Register::open(&state.db_path, Unlock::Keyring(&state.vault))?;
    install(&state, reg);
    Ok(())
}

#[tauri::command]
pub fn unlock_passphrase(state: State<'_, AppState>, passphrase: Zeroizing<String>) -> Res<()> {
    let reg = Register::open(&state.db_path, Unlock::Passphrase(&passphrase))?;
    install(&state, reg);
    Ok(())
}

/// Opens with the recovery key; `remember` puts the key back in this PC's keyring.
#[tauri::command]
pub fn unlock_recovery(
    state: State<'_, AppState>,
    recovery_key: Zeroizing<String>,
    remember: bool,
) -> Res<()> {
    let mut reg = Register::open(&state.db_path, Unlock::RecoveryKey(&recovery_key))?;
    if remember {
        reg.remember_in_keyring(&state.vault, Utc::now())?;
    }
    install(&state, reg);
    Ok(())
}

#[tauri::command]
pub fn set_staff(state: State<'_, AppState>, name: String) -> Res<()> {
    if let Some(reg) = state.register.lock().expect("register lock").as_mut() {
        reg.set_staff(&name);
    }
    *state.staff.lock().expect("staff lock") = name;
    Ok(())
}

#[derive(Serialize)]
pub struct PeoplePage {
    total: i64,
    people: Vec<PersonSummary>,
}

#[tauri::command]
pub fn list_people(state: State<'_, AppState>, offset: u32, limit: u32) -> Res<PeoplePage> {
    with_register(&state, |r| {
        Ok(PeoplePage {
            total: r.count_people()?,
            people: r.list_people(offset, limit)?,
        })
    })
}

#[tauri::command]
pub fn search_people(
    state: State<'_, AppState>,
    query: String,
    limit: usize,
) -> Res<Vec<PersonSummary>> {
    with_register(&state, |r| r.search_people(&query, limit))
}

#[derive(Serialize)]
pub struct PersonPage {
    person: Person,
    age: Option<i32>,
    minor: bool,
    age_of_consent: u8,
    guardians: Vec<GuardianLink>,
    children: Vec<GuardianLink>,
    memberships: Vec<Membership>,
    consents: Vec<ConsentState>,
    history: Vec<ConsentEvent>,
    /// Requests about the person or made by them for a child.
    requests: Vec<RequestRow>,
}

#[tauri::command]
pub fn person_page(state: State<'_, AppState>, id: i64) -> Res<PersonPage> {
    let today = local_today();
    with_register(&state, |r| {
        let person = r.person(id)?;
        let age = person.age_on(today);
        let profile = r.profile()?;
        Ok(PersonPage {
            minor: profile.is_minor(age),
            age,
            age_of_consent: profile.age_of_consent(),
            guardians: r.guardians_of(id)?,
            children: r.children_of(id)?,
            memberships: r.memberships_of(id)?,
            consents: r.consent_state(id)?,
            history: r.consent_history(id)?,
            requests: r
                .requests_involving(id)?
                .into_iter()
                .map(|q| request_row(r, q, today))
                .collect::<carnet_core::Result<_>>()?,
            person,
        })
    })
}

/// Adds a person (no id) or saves an edit.
#[tauri::command]
pub fn save_person(state: State<'_, AppState>, id: Option<i64>, input: PersonInput) -> Res<i64> {
    let now = Utc::now();
    with_register(&state, |r| match id {
        Some(id) => r.update_person(id, &input, now).map(|()| id),
        None => r.add_person(&input, now),
    })
}

#[tauri::command]
pub fn link_guardian(
    state: State<'_, AppState>,
    child_id: i64,
    guardian: Guardian,
    relation: Relation,
    since: Option<NaiveDate>,
) -> Res<i64> {
    let now = Utc::now();
    with_register(&state, |r| {
        r.link_guardian(
            child_id,
            guardian,
            relation,
            since.unwrap_or(now.date_naive()),
            now,
        )
    })
}

#[tauri::command]
pub fn add_membership(
    state: State<'_, AppState>,
    person_id: i64,
    membership: MembershipInput,
) -> Res<i64> {
    with_register(&state, |r| {
        r.add_membership(person_id, &membership, Utc::now())
    })
}

/// A consent as the form sends it: `occurred_at` is optional (now).
#[derive(Deserialize)]
pub struct ConsentFormInput {
    person_id: i64,
    purpose: String,
    action: carnet_core::model::ConsentAction,
    channel: carnet_core::model::Channel,
    given_by: carnet_core::model::GivenBy,
    #[serde(default)]
    giver: Option<Guardian>,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    occurred_at: Option<DateTime<Utc>>,
}

#[tauri::command]
pub fn record_consent(state: State<'_, AppState>, form: ConsentFormInput) -> Res<ConsentEvent> {
    let now = Utc::now();
    let f = form;
    let input = ConsentInput {
        person_id: f.person_id,
        purpose: f.purpose,
        purpose_version: None,
        action: f.action,
        channel: f.channel,
        given_by: f.given_by,
        giver: f.giver,
        evidence: f.evidence,
        occurred_at: f.occurred_at.unwrap_or(now),
    };
    with_register(&state, |r| r.record_consent(&input, now))
}

#[tauri::command]
pub fn purposes(state: State<'_, AppState>) -> Res<Vec<Purpose>> {
    with_register(&state, |r| r.purposes())
}

#[tauri::command]
pub fn add_purpose_version(
    state: State<'_, AppState>,
    purpose_id: i64,
    wording: PurposeWording,
    effective_on: NaiveDate,
) -> Res<i64> {
    with_register(&state, |r| {
        r.add_purpose_version(purpose_id, &wording, effective_on, Utc::now())
    })
}

#[tauri::command]
pub fn policy_versions(state: State<'_, AppState>) -> Res<Vec<PolicyVersion>> {
    with_register(&state, |r| r.policy_versions())
}

#[tauri::command]
pub fn add_policy_version(
    state: State<'_, AppState>,
    label: String,
    effective_on: NaiveDate,
    text_fr: String,
    text_en: String,
) -> Res<i64> {
    with_register(&state, |r| {
        r.add_policy_version(&label, effective_on, &text_fr, &text_en, Utc::now())
    })
}

#[tauri::command]
pub fn organisations(state: State<'_, AppState>) -> Res<Vec<Organisation>> {
    with_register(&state, |r| r.organisations())
}

#[tauri::command]
pub fn add_organisation(state: State<'_, AppState>, input: OrganisationInput) -> Res<i64> {
    with_register(&state, |r| r.add_organisation(&input, Utc::now()))
}

#[tauri::command]
pub fn profile(state: State<'_, AppState>) -> Res<OrganisationProfile> {
    with_register(&state, |r| r.profile())
}

#[tauri::command]
pub fn update_profile(state: State<'_, AppState>, profile: OrganisationProfile) -> Res<()> {
    with_register(&state, |r| r.update_profile(&profile, Utc::now()))
}

#[tauri::command]
pub fn verify_ledger(state: State<'_, AppState>) -> Res<LedgerReport> {
    with_register(&state, |r| r.verify_ledger())
}

// ------------------------------------------------------------------ privacy requests

/// The OS's current offset from UTC, read at each command (it changes with daylight saving).
pub(crate) fn office_offset() -> chrono::FixedOffset {
    use chrono::Offset;
    chrono::Local::now().offset().fix()
}

/// Today as the office sees it: deadlines count in local days.
pub(crate) fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Serialize)]
pub struct RequestRow {
    #[serde(flatten)]
    request: Request,
    person_name: String,
    requester_label: String,
    /// The requester's language: the letters' default.
    language: Language,
    days_left: Option<i64>,
    /// `soon` within `DUE_SOON_DAYS`, `overdue` past the deadline, else null.
    urgency: Option<Urgency>,
}

fn request_row(
    r: &Register,
    request: Request,
    today: NaiveDate,
) -> carnet_core::Result<RequestRow> {
    let person_name = r.person(request.data.person_id)?.display_name();
    let to = carnet_docs::recipient(r, &request)?;
    Ok(RequestRow {
        days_left: request.days_left(today),
        urgency: request.urgency(today, DUE_SOON_DAYS),
        person_name,
        requester_label: to.name,
        language: to.language,
        request,
    })
}

#[derive(Serialize)]
pub struct RequestList {
    counts: RequestCounts,
    rows: Vec<RequestRow>,
}

/// The dashboard: open requests soonest first (or every request), with the counts.
#[tauri::command]
pub fn list_requests(state: State<'_, AppState>, open_only: bool) -> Res<RequestList> {
    let today = local_today();
    with_register(&state, |r| {
        let all = r.requests(false)?;
        let counts = RequestCounts::of(&all, today, DUE_SOON_DAYS);
        let rows = all
            .into_iter()
            .filter(|q| !open_only || q.status.is_open())
            .map(|q| request_row(r, q, today))
            .collect::<carnet_core::Result<_>>()?;
        Ok(RequestList { counts, rows })
    })
}

/// A request is "due soon" this many days before its deadline.
pub const DUE_SOON_DAYS: i64 = 7;

#[derive(Serialize)]
pub struct GroundChoice {
    ground: RefusalGround,
    /// The article(s), or `None` for `other` (the staff member types the provision).
    articles: Option<&'static str>,
}

#[derive(Serialize)]
pub struct RequestPage {
    #[serde(flatten)]
    row: RequestRow,
    jurisdiction: carnet_core::model::Jurisdiction,
    letters: Vec<LetterKind>,
    grounds: Vec<GroundChoice>,
    /// The first month's end: an extension notice must go out by then (France).
    extension_deadline: NaiveDate,
    /// For a withdrawal, stop-communications or objection request (absent for other
    /// kinds): the consents the person has now (what can be withdrawn) and those this
    /// request withdrew.
    consents: Option<Vec<PurposeChoice>>,
    withdrawals: Option<Vec<PurposeChoice>>,
}

/// A purpose as the request page lists it, with the day its current state began.
#[derive(Serialize)]
pub struct PurposeChoice {
    code: String,
    kind: carnet_core::model::PurposeKind,
    label_fr: String,
    label_en: String,
    on: NaiveDate,
}

/// The purposes `codes` with their labels, each dated on the office's day.
fn purpose_choices(
    r: &Register,
    purposes: &[Purpose],
    codes: impl IntoIterator<Item = (String, String)>,
) -> carnet_core::Result<Vec<PurposeChoice>> {
    codes
        .into_iter()
        .map(|(code, at)| {
            let p = purposes
                .iter()
                .find(|p| p.code == code)
                .ok_or(Error::NotFound { entity: "purpose" })?;
            Ok(PurposeChoice {
                kind: p.kind,
                label_fr: p.latest.wording.label_fr.clone(),
                label_en: p.latest.wording.label_en.clone(),
                on: r.local_day(carnet_core::time::parse_stamp(&at)?),
                code,
            })
        })
        .collect()
}

#[tauri::command]
pub fn request_page(state: State<'_, AppState>, id: i64) -> Res<RequestPage> {
    let today = local_today();
    with_register(&state, |r| {
        let request = r.request(id)?;
        let j = r.profile()?.jurisdiction;
        let letters = LetterKind::available(&request);
        let extension_deadline =
            carnet_core::requests::deadline(j, request.data.received_on, None).due;
        let (consents, withdrawals) = if request.withdraws_consents() {
            let purposes = r.purposes()?;
            let granted = r
                .consent_state(request.data.person_id)?
                .into_iter()
                .filter(|s| s.granted)
                .map(|s| (s.purpose_code, s.since));
            let done = r
                .request_consent_events(id)?
                .into_iter()
                .map(|e| (e.purpose_code, e.occurred_at));
            (
                Some(purpose_choices(r, &purposes, granted)?),
                Some(purpose_choices(r, &purposes, done)?),
            )
        } else {
            (None, None)
        };
        Ok(RequestPage {
            row: request_row(r, request, today)?,
            jurisdiction: j,
            letters,
            grounds: RefusalGround::available(j)
                .into_iter()
                .map(|g| GroundChoice {
                    ground: g,
                    articles: g.provision(j),
                })
                .collect(),
            extension_deadline,
            consents,
            withdrawals,
        })
    })
}

/// Records the withdrawals a request asks for, from its page.
#[tauri::command]
pub fn withdraw_for_request(
    state: State<'_, AppState>,
    id: i64,
    purposes: Vec<String>,
) -> Res<usize> {
    with_register(&state, |r| {
        Ok(r.withdraw_for_request(id, &purposes, Utc::now())?.len())
    })
}

#[tauri::command]
pub fn add_request(state: State<'_, AppState>, input: RequestInput) -> Res<i64> {
    with_register(&state, |r| r.add_request(&input, Utc::now()))
}

#[tauri::command]
pub fn verify_request_identity(
    state: State<'_, AppState>,
    id: i64,
    method: IdentityMethod,
    on: NaiveDate,
) -> Res<()> {
    with_register(&state, |r| r.verify_identity(id, method, on, Utc::now()))
}

#[tauri::command]
pub fn extend_request(
    state: State<'_, AppState>,
    id: i64,
    notice_on: NaiveDate,
    reason: String,
) -> Res<Deadline> {
    with_register(&state, |r| {
        r.extend_request(id, notice_on, &reason, Utc::now())
    })
}

#[tauri::command]
pub fn close_request(
    state: State<'_, AppState>,
    id: i64,
    status: RequestStatus,
    decision: String,
    refusal: Option<Refusal>,
    on: NaiveDate,
) -> Res<()> {
    with_register(&state, |r| {
        r.close_request(id, status, &decision, refusal.as_ref(), on, Utc::now())
    })
}

/// The letter as blocks, for the preview drawn before saving.
#[tauri::command]
pub fn preview_letter(
    state: State<'_, AppState>,
    id: i64,
    kind: LetterKind,
    language: Option<Language>,
) -> Res<Doc> {
    with_register(&state, |r| {
        carnet_docs::request_letter(r, id, kind, language, local_today())
    })
}
