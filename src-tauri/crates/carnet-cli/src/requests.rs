//! Privacy requests: recording and walking them, their letters and exports, the access report of anyone.

use carnet_core::Contexts;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::model::{Channel, Language};
use carnet_core::requests::RequestInput;
use carnet_core::requests::{IdentityMethod, RefusalGround, RequestKind, RequestStatus, Requester};
use carnet_core::Error;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Privacy requests: record, check identity, extend, close, export for an audit
    #[command(subcommand)]
    Request(RequestCmd),
}

#[derive(Subcommand)]
pub(crate) enum RequestCmd {
    Add {
        /// access, rectification, erasure, portability, objection, consent_withdrawal, stop_communications, complaint
        #[arg(long, value_parser = parse_enum::<RequestKind>)]
        kind: RequestKind,
        /// The person the request is about
        #[arg(long)]
        person: i64,
        /// person, guardian or representative
        #[arg(long, value_parser = parse_enum::<Requester>, default_value = "person")]
        requester: Requester,
        /// The guardian asking for a child
        #[arg(long)]
        requester_person: Option<i64>,
        /// A representative's name
        #[arg(long, default_value = "")]
        requester_name: String,
        #[arg(long, value_parser = parse_enum::<Channel>)]
        channel: Channel,
        /// Date received [default: today]
        #[arg(long)]
        received_on: Option<NaiveDate>,
    },
    /// Open requests (or all with --all), soonest deadline first
    List {
        #[arg(long)]
        all: bool,
    },
    /// Record how the requester's identity was checked: member_number, email_code, document_seen, known_in_person
    VerifyIdentity {
        id: i64,
        #[arg(long, value_parser = parse_enum::<IdentityMethod>)]
        method: IdentityMethod,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// France: the reasoned notice extending the deadline by two months
    Extend {
        id: i64,
        #[arg(long)]
        notice_on: Option<NaiveDate>,
        #[arg(long)]
        reason: String,
    },
    /// Close as answered, refused or withdrawn
    Close {
        id: i64,
        #[arg(long, value_parser = parse_enum::<RequestStatus>)]
        status: RequestStatus,
        /// Reasons (a refusal must give them)
        #[arg(long, default_value = "")]
        decision: String,
        /// Legal ground of a refusal: third_party, identity_not_established, legal_retention,
        /// legal_proceedings (Quebec), manifestly_unfounded (France) or other
        #[arg(long, value_parser = parse_enum::<RefusalGround>)]
        ground: Option<RefusalGround>,
        /// With --ground other: the provision relied on
        #[arg(long, default_value = "")]
        provision: String,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Every request as CSV (ids, dates, identity checks, deadlines, outcomes; no names)
    ExportCsv,
    /// An access request's package review: each item of the report, flagged ones first
    /// (another person named, staff text), its mask and the approval
    Review { id: i64 },
    /// Withhold one item of the access report (its key from `request review`)
    Mask {
        id: i64,
        #[arg(long)]
        item: String,
        /// third_party, or legal_proceedings where the law names it
        #[arg(long, value_parser = parse_enum::<RefusalGround>)]
        ground: RefusalGround,
    },
    /// Give a withheld item back to the access report
    Unmask {
        id: i64,
        #[arg(long)]
        item: String,
    },
    /// Approve the access package as it stands (the person in charge, with an item masked);
    /// the access report can then be written
    Approve { id: i64 },
    /// Write one letter of a request as a PDF
    Letter {
        id: i64,
        /// access-report, extension-notice, refusal or confirmation
        #[arg(long, value_enum)]
        kind: LetterArg,
        /// fr or en [default: the requester's language]
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Write the portability export (JSON + CSV in a ZIP) of the request's person
    Portability {
        id: i64,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum LetterArg {
    AccessReport,
    ExtensionNotice,
    Refusal,
    Confirmation,
}

impl From<LetterArg> for carnet_docs::LetterKind {
    fn from(a: LetterArg) -> Self {
        match a {
            LetterArg::AccessReport => carnet_docs::LetterKind::AccessReport,
            LetterArg::ExtensionNotice => carnet_docs::LetterKind::ExtensionNotice,
            LetterArg::Refusal => carnet_docs::LetterKind::Refusal,
            LetterArg::Confirmation => carnet_docs::LetterKind::Confirmation,
        }
    }
}

pub(crate) fn run(ctx: &Ctx, command: &Command) -> Result<ExitCode, Error> {
    match command {
        Command::Request(cmd) => request_command(ctx, cmd)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn request_command(ctx: &Ctx, cmd: &RequestCmd) -> Result<(), Error> {
    let now = ctx.now;
    let today = ctx.today();
    let reg = ctx.open()?;
    match cmd {
        RequestCmd::Add { .. } => {
            let input = cmd.add_input(today).expect("an add");
            let id = reg.requests().add(&input, now)?;
            let due = reg.requests().get(id)?.deadline.due;
            ctx.out(&serde_json::json!({ "id": id, "due": due }), || {
                format!("recorded request {id}, answer due by {due}")
            });
        }
        RequestCmd::List { all } => {
            // The same rows as the app's dashboard: days left and urgency decided in the domain.
            let list = reg.requests().list(!all, today)?;
            ctx.out(&list, || {
                if list.rows.is_empty() {
                    return "no request".into();
                }
                let mut lines = vec![format!(
                    "{} open, {} due within a week, {} overdue",
                    list.counts.open, list.counts.due_soon, list.counts.overdue
                )];
                lines.extend(list.rows.iter().map(|row| {
                    let r = &row.request;
                    let left = match row.days_left {
                        Some(d) if d < 0 => format!("OVERDUE by {} days", -d),
                        Some(d) => format!("{d} days left"),
                        None => format!(
                            "{} on {}",
                            r.status,
                            r.responded_on.map(|d| d.to_string()).unwrap_or_default()
                        ),
                    };
                    format!(
                        "{:>5}  {:<20} {} (#{}), asked by {}  received {}  due {}  {}",
                        r.id,
                        r.data.kind.as_str(),
                        row.person_name,
                        r.data.person_id,
                        row.requester_label,
                        r.data.received_on,
                        r.deadline.due,
                        left
                    )
                }));
                lines.join("\n")
            });
        }
        RequestCmd::VerifyIdentity { id, method, on } => {
            reg.requests()
                .verify_identity(*id, *method, on.unwrap_or(today), now)?;
            ctx.out(
                &serde_json::json!({ "id": id, "identity_verified": true }),
                || format!("identity checked for request {id}"),
            );
        }
        RequestCmd::Extend {
            id,
            notice_on,
            reason,
        } => {
            let d = reg
                .requests()
                .extend(*id, notice_on.unwrap_or(today), reason, now)?;
            ctx.out(&d, || format!("request {id} now due by {}", d.due));
        }
        RequestCmd::Close {
            id,
            status,
            decision,
            ground,
            provision,
            on,
        } => {
            let refusal = ground.map(|ground| carnet_core::requests::Refusal {
                ground,
                provision: provision.clone(),
            });
            reg.requests().close(
                *id,
                *status,
                decision,
                refusal.as_ref(),
                on.unwrap_or(today),
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id, "status": status }), || {
                format!("request {id} closed ({status})")
            });
        }
        RequestCmd::Review { id } => {
            let review = reg.requests().access_review(*id, today)?;
            ctx.out(&review, || review_text(&review));
        }
        RequestCmd::Mask { id, item, ground } => {
            reg.requests().mask(*id, item, *ground, now)?;
            let review = reg.requests().access_review(*id, today)?;
            ctx.out(&review, || review_text(&review));
        }
        RequestCmd::Unmask { id, item } => {
            reg.requests().unmask(*id, item, now)?;
            let review = reg.requests().access_review(*id, today)?;
            ctx.out(&review, || review_text(&review));
        }
        RequestCmd::Approve { id } => {
            let a = reg.requests().approve_access_package(*id, now)?;
            ctx.out(&a, || {
                format!(
                    "access package of request {id} approved by {} ({} item(s) withheld)",
                    a.by, a.withheld
                )
            });
        }
        RequestCmd::Letter {
            id,
            kind,
            language,
            out,
        } => {
            let kind: carnet_docs::LetterKind = (*kind).into();
            let doc = carnet_docs::request_letter(&reg, *id, kind, *language, today)?;
            let pdf = carnet_docs::render(&doc)?;
            carnet_core::register::write_atomically(out, &pdf)?;
            // Every document printed leaves a trail, as in the app.
            reg.requests()
                .record_document(*id, kind.document_name(), now)?;
            ctx.out(
                &serde_json::json!({ "file": out, "bytes": pdf.len() }),
                || format!("letter written to {}", out.display()),
            );
        }
        RequestCmd::Portability { id, language, out } => {
            let req = reg.requests().get(*id)?;
            let lang = language.unwrap_or(carnet_docs::recipient(&reg, &req)?.language);
            let record = reg.requests().record(*id, today)?;
            let zip =
                carnet_docs::portability_zip(&record, &reg.org().profile()?.name, lang, today)?;
            carnet_core::register::write_atomically(out, &zip)?;
            reg.requests()
                .record_document(*id, "portability_export", now)?;
            ctx.out(
                &serde_json::json!({ "file": out, "bytes": zip.len() }),
                || format!("portability export written to {}", out.display()),
            );
        }
        RequestCmd::ExportCsv => {
            let csv = reg.requests().csv()?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&csv)?;
        }
    }
    Ok(())
}

/// The review as text: one line per item, then where the approval stands.
fn review_text(r: &carnet_core::requests::AccessReview) -> String {
    let mut s = String::new();
    for i in &r.items {
        let mut flags = Vec::new();
        if !i.others.is_empty() {
            flags.push(format!("names {}", i.others.join(", ")));
        }
        if i.staff_text {
            flags.push("staff text".to_owned());
        }
        s += &format!(
            "{} {:<24} {}{}{}\n",
            if i.flagged() { "!" } else { " " },
            i.key,
            i.text,
            if flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", flags.join("; "))
            },
            i.mask
                .map(|g| format!("  MASKED ({g})"))
                .unwrap_or_default(),
        );
    }
    s += &match &r.approval {
        Some(a) if a.current => format!(
            "approved by {} at {} ({} withheld): the access report can be written",
            a.by, a.at, a.withheld
        ),
        Some(a) => format!(
            "approved by {} at {}, but the record or the masks changed since: approve again",
            a.by, a.at
        ),
        None if r.approval_needs_person_in_charge => {
            "not approved: an item is masked, the person in charge approves".to_owned()
        }
        None => "not approved".to_owned(),
    };
    s
}

impl RequestCmd {
    /// The request `request add` records (received today unless told), here or through
    /// the service.
    pub(crate) fn add_input(&self, today: NaiveDate) -> Option<RequestInput> {
        let RequestCmd::Add {
            kind,
            person,
            requester,
            requester_person,
            requester_name,
            channel,
            received_on,
        } = self
        else {
            return None;
        };
        Some(RequestInput {
            kind: *kind,
            received_on: received_on.unwrap_or(today),
            channel: *channel,
            person_id: *person,
            requester: *requester,
            requester_person_id: *requester_person,
            requester_name: requester_name.clone(),
            notes: String::new(),
        })
    }
}
