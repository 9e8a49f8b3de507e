//! `carnet-admin`: Carnet's command-line companion for the IT helper — create a
//! register, add and find people, record consents, verify the ledger — on the same
//! domain crate as the desktop app.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::consent::ConsentInput;
use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::model::{
    Channel, ConsentAction, GivenBy, IdentityMethod, Jurisdiction, Language, MembershipStatus,
    OrgKind, Paper, RefusalGround, Relation, RequestKind, RequestStatus, Requester,
};
use carnet_core::org::{OrganisationInput, OrganisationProfile};
use carnet_core::people::{Address, PersonInput, PersonPage};
use carnet_core::requests::RequestInput;
use carnet_core::secret::KdfParams;
use carnet_core::{Error, ErrorBody, Protection, Register, Unlock, Vault};
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(
    name = "carnet-admin",
    version,
    about = "Carnet's command-line companion: the encrypted register from a terminal or a script"
)]
struct Cli {
    /// Register file [default: carnet.db in the OS application-data folder]
    #[arg(long, env = "CARNET_DB", global = true)]
    db: Option<PathBuf>,
    /// Unlock with the passphrase held in this environment variable (instead of the OS keyring)
    #[arg(long, value_name = "VAR", global = true)]
    passphrase_env: Option<String>,
    /// Unlock with the recovery key written in this file
    #[arg(long, value_name = "FILE", global = true)]
    recovery_key_file: Option<PathBuf>,
    /// Staff member recorded in the audit log and on consents [default: the OS user name]
    #[arg(long, env = "CARNET_STAFF", global = true)]
    staff: Option<String>,
    /// Print results (and errors) as JSON
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new register (prints its recovery key once)
    Init(InitArgs),
    /// People: add, list, show
    #[command(subcommand)]
    Person(PersonCmd),
    /// Find people by any part of their names (accents and case ignored)
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Schools and other organisations
    #[command(subcommand, name = "org")]
    Organisation(OrgCmd),
    /// Link a guardian (parent, tutor) or a school to a child
    Guardian(GuardianArgs),
    /// Add a membership period
    Membership(MembershipArgs),
    /// Record and list consents
    #[command(subcommand)]
    Consent(ConsentCmd),
    /// Consent purposes and their current wording
    Purposes,
    /// Privacy-policy versions
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Check the consent ledger's hash chain; exits with 1 when it was altered
    Verify,
    /// Privacy requests: record, check identity, extend, close, export for an audit
    #[command(subcommand)]
    Request(RequestCmd),
    /// Print the answer to an access request as a PDF: cover letter, every piece of data, explanations
    AccessReport {
        /// The person the data is about
        #[arg(long)]
        person: i64,
        /// Whom the letter is addressed to [default: the person]
        #[arg(long)]
        to: Option<String>,
        /// The letter goes to a parent or guardian about a child
        #[arg(long)]
        for_child: bool,
        /// fr or en [default: the person's language]
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Key management
    #[command(subcommand)]
    Key(KeyCmd),
    /// The latest staff actions
    Audit {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

#[derive(Args)]
struct InitArgs {
    #[arg(long)]
    org_name: String,
    #[arg(long, value_parser = parse_enum::<Jurisdiction>)]
    jurisdiction: Jurisdiction,
    /// letter or a4 [default: letter in Quebec, a4 in France]
    #[arg(long, value_parser = parse_enum::<Paper>)]
    paper: Option<Paper>,
    #[arg(long, value_parser = parse_enum::<Language>, default_value = "fr")]
    language: Language,
    #[arg(long, default_value = "")]
    address: String,
    #[arg(long, default_value = "")]
    privacy_contact: String,
    /// Age under which a guardian must consent [default: 14 in Quebec, 15 in France]
    #[arg(long)]
    age_of_consent: Option<u8>,
    /// Write the recovery key to this file instead of printing it
    #[arg(long, value_name = "FILE")]
    recovery_key_out: Option<PathBuf>,
}

#[derive(Subcommand)]
// Parsed once per run: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
enum PersonCmd {
    Add(PersonArgs),
    List {
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[arg(long, default_value_t = 100)]
        limit: u32,
    },
    Show {
        id: i64,
    },
}

#[derive(Args)]
struct PersonArgs {
    #[arg(long, default_value = "")]
    given: String,
    #[arg(long, default_value = "")]
    family: String,
    #[arg(long)]
    email: Vec<String>,
    #[arg(long)]
    phone: Vec<String>,
    #[arg(long)]
    birth_date: Option<NaiveDate>,
    #[arg(long, value_parser = parse_enum::<Language>, default_value = "fr")]
    language: Language,
    /// How the data came in: contact_form, account, online_order, phone_order, email, in_person, social_media, job_application, mail, paper_form, staff, other
    #[arg(long, value_parser = parse_enum::<Channel>)]
    channel: Channel,
    /// Date the data was collected [default: today]
    #[arg(long)]
    collected_on: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    street: String,
    #[arg(long, default_value = "")]
    city: String,
    #[arg(long, default_value = "")]
    region: String,
    #[arg(long, default_value = "")]
    postal_code: String,
    #[arg(long, default_value = "")]
    country: String,
    #[arg(long, default_value = "")]
    notes: String,
}

#[derive(Subcommand)]
enum OrgCmd {
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_enum::<OrgKind>, default_value = "school")]
        kind: OrgKind,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        address: String,
        #[arg(long, value_parser = parse_enum::<Channel>)]
        channel: Channel,
        #[arg(long)]
        collected_on: Option<NaiveDate>,
    },
    List,
}

#[derive(Args)]
struct GuardianArgs {
    #[arg(long)]
    child: i64,
    /// The guardian, a person
    #[arg(long, conflicts_with = "organisation")]
    person: Option<i64>,
    /// The school acting for the pupil
    #[arg(long)]
    organisation: Option<i64>,
    /// parent, tutor or school [default: parent for a person, school for an organisation]
    #[arg(long, value_parser = parse_enum::<Relation>)]
    relation: Option<Relation>,
    #[arg(long)]
    since: Option<NaiveDate>,
}

#[derive(Args)]
struct MembershipArgs {
    #[arg(long)]
    person: i64,
    #[arg(long, default_value = "")]
    category: String,
    #[arg(long)]
    starts_on: NaiveDate,
    #[arg(long)]
    ends_on: Option<NaiveDate>,
    #[arg(long, value_parser = parse_enum::<MembershipStatus>, default_value = "active")]
    status: MembershipStatus,
}

#[derive(Subcommand)]
enum ConsentCmd {
    Grant(ConsentArgs),
    Withdraw(ConsentArgs),
    /// Current state and full history of a person's consents
    List {
        #[arg(long)]
        person: i64,
    },
}

#[derive(Args)]
struct ConsentArgs {
    #[arg(long)]
    person: i64,
    /// Purpose code (see `carnet-admin purposes`)
    #[arg(long)]
    purpose: String,
    /// Wording version shown [default: the one in force at --at]
    #[arg(long)]
    version: Option<i64>,
    #[arg(long, value_parser = parse_enum::<Channel>)]
    channel: Channel,
    /// person, guardian, guardian_with_child or school
    #[arg(long, value_parser = parse_enum::<GivenBy>, default_value = "person")]
    given_by: GivenBy,
    #[arg(long, conflicts_with = "giver_organisation")]
    giver_person: Option<i64>,
    #[arg(long)]
    giver_organisation: Option<i64>,
    /// What proves it (form, email, call…)
    #[arg(long, default_value = "")]
    evidence: String,
    /// When it happened (RFC 3339) [default: now]
    #[arg(long)]
    at: Option<DateTime<Utc>>,
}

#[derive(Subcommand)]
enum PolicyCmd {
    Add {
        #[arg(long)]
        label: String,
        #[arg(long)]
        effective_on: NaiveDate,
        #[arg(long, value_name = "FILE")]
        text_fr: PathBuf,
        #[arg(long, value_name = "FILE")]
        text_en: PathBuf,
    },
    List,
}

#[derive(Subcommand)]
enum RequestCmd {
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
enum LetterArg {
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

#[derive(Subcommand)]
enum KeyCmd {
    /// Store the register's key in the OS keyring (after opening it with the recovery key)
    Remember,
    /// Set a passphrase that can unlock the register, read from this environment variable
    SetPassphrase {
        #[arg(long, value_name = "VAR")]
        new_passphrase_env: String,
    },
}

fn parse_enum<T>(s: &str) -> Result<T, String>
where
    T: TextEnum,
{
    T::parse_text(s).ok_or_else(|| format!("expected one of: {}", T::choices()))
}

trait TextEnum: Sized + Clone + Send + Sync + 'static {
    fn parse_text(s: &str) -> Option<Self>;
    fn choices() -> String;
}

macro_rules! text_enums {
    ($($t:ty),+) => {$(
        impl TextEnum for $t {
            fn parse_text(s: &str) -> Option<Self> { <$t>::parse(s).ok() }
            fn choices() -> String { <$t>::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ") }
        }
    )+};
}
text_enums!(
    Jurisdiction,
    Paper,
    Language,
    Channel,
    OrgKind,
    Relation,
    MembershipStatus,
    GivenBy,
    RequestKind,
    Requester,
    IdentityMethod,
    RequestStatus,
    RefusalGround
);

struct Ctx {
    cli: Cli,
    now: DateTime<Utc>,
}

impl Ctx {
    fn path(&self) -> Result<PathBuf, Error> {
        self.cli
            .db
            .clone()
            .or_else(carnet_core::store::default_path)
            .ok_or(Error::DatabaseNotFound)
    }

    fn passphrase(var: &str) -> Result<Zeroizing<String>, Error> {
        std::env::var(var)
            .map(Zeroizing::new)
            .map_err(|_| Error::InvalidInput {
                field: "passphrase",
                reason: "the named environment variable is not set",
            })
    }

    fn open(&self) -> Result<Register, Error> {
        let path = self.path()?;
        let mut reg = if let Some(file) = &self.cli.recovery_key_file {
            let text = Zeroizing::new(std::fs::read_to_string(file)?);
            Register::open(&path, Unlock::RecoveryKey(&text))?
        } else if let Some(var) = &self.cli.passphrase_env {
            let pass = Self::passphrase(var)?;
            Register::open(&path, Unlock::Passphrase(&pass))?
        } else {
            Register::open(&path, Unlock::Keyring(&Vault::os()))?
        };
        reg.set_staff(&self.staff());
        reg.set_utc_offset(chrono::Offset::fix(chrono::Local::now().offset()));
        Ok(reg)
    }

    fn staff(&self) -> String {
        self.cli
            .staff
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .unwrap_or_default()
    }

    /// Today on this computer's calendar (deadlines count in the office's days).
    fn today(&self) -> NaiveDate {
        self.now.with_timezone(&chrono::Local).date_naive()
    }

    /// Prints JSON with `--json`, else the human text.
    fn out<T: Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        let text = if self.cli.json {
            serde_json::to_string_pretty(value).expect("serialisable")
        } else {
            human()
        };
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{text}");
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let json = cli.json;
    let ctx = Ctx {
        cli,
        now: Utc::now(),
    };
    match run(&ctx) {
        Ok(code) => code,
        Err(e) => {
            let body = ErrorBody::from(&e);
            if json {
                eprintln!(
                    "{}",
                    serde_json::to_string_pretty(&body).expect("serialisable")
                );
            } else {
                eprintln!("error [{}]: {}", body.code.as_str(), body.message);
            }
            ExitCode::from(2)
        }
    }
}

fn run(ctx: &Ctx) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match &ctx.cli.command {
        Command::Init(a) => init(ctx, a)?,
        Command::Person(PersonCmd::Add(a)) => {
            let mut reg = ctx.open()?;
            let input = PersonInput {
                given_name: a.given.clone(),
                family_name: a.family.clone(),
                emails: a.email.clone(),
                phones: a.phone.clone(),
                address: Address {
                    street: a.street.clone(),
                    city: a.city.clone(),
                    region: a.region.clone(),
                    postal_code: a.postal_code.clone(),
                    country: a.country.clone(),
                },
                preferred_language: a.language,
                birth_date: a.birth_date,
                collection_channel: a.channel,
                collected_on: a.collected_on.unwrap_or(ctx.today()),
                notes: a.notes.clone(),
            };
            let id = reg.add_person(&input, now)?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("added person {id}")
            });
        }
        Command::Person(PersonCmd::List { offset, limit }) => {
            let reg = ctx.open()?;
            let people = reg.list_people(*offset, *limit)?;
            ctx.out(&people, || summaries(&people));
        }
        Command::Person(PersonCmd::Show { id }) => {
            let reg = ctx.open()?;
            let page = reg.person_page(*id, ctx.today())?;
            ctx.out(&page, || show_person(&page));
        }
        Command::Search { query, limit } => {
            let reg = ctx.open()?;
            let found = reg.search_people(query, *limit)?;
            ctx.out(&found, || summaries(&found));
        }
        Command::Organisation(OrgCmd::Add {
            name,
            kind,
            email,
            phone,
            address,
            channel,
            collected_on,
        }) => {
            let mut reg = ctx.open()?;
            let id = reg.add_organisation(
                &OrganisationInput {
                    name: name.clone(),
                    kind: *kind,
                    email: email.clone(),
                    phone: phone.clone(),
                    address: address.clone(),
                    collection_channel: *channel,
                    collected_on: collected_on.unwrap_or(ctx.today()),
                    notes: String::new(),
                },
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("added organisation {id}")
            });
        }
        Command::Organisation(OrgCmd::List) => {
            let reg = ctx.open()?;
            let orgs = reg.organisations()?;
            ctx.out(&orgs, || {
                orgs.iter()
                    .map(|o| format!("{:>6}  {}  ({})", o.id, o.data.name, o.data.kind))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Guardian(a) => {
            let mut reg = ctx.open()?;
            let (guardian, default_relation) = match (a.person, a.organisation) {
                (Some(p), None) => (Guardian::Person(p), Relation::Parent),
                (None, Some(o)) => (Guardian::Organisation(o), Relation::School),
                _ => {
                    return Err(Error::InvalidInput {
                        field: "guardian",
                        reason: "give --person or --organisation",
                    })
                }
            };
            let id = reg.link_guardian(
                a.child,
                guardian,
                a.relation.unwrap_or(default_relation),
                a.since.unwrap_or(ctx.today()),
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("linked (link {id})")
            });
        }
        Command::Membership(a) => {
            let mut reg = ctx.open()?;
            let id = reg.add_membership(
                a.person,
                &MembershipInput {
                    category: a.category.clone(),
                    starts_on: a.starts_on,
                    ends_on: a.ends_on,
                    status: a.status,
                },
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("added membership {id}")
            });
        }
        Command::Consent(ConsentCmd::Grant(a)) => record_consent(ctx, a, ConsentAction::Granted)?,
        Command::Consent(ConsentCmd::Withdraw(a)) => {
            record_consent(ctx, a, ConsentAction::Withdrawn)?
        }
        Command::Consent(ConsentCmd::List { person }) => {
            let reg = ctx.open()?;
            let value = serde_json::json!({ "state": reg.consent_state(*person)?, "history": reg.consent_history(*person)? });
            ctx.out(&value, || {
                let mut s = String::from("current:\n");
                for st in value["state"].as_array().into_iter().flatten() {
                    s += &format!(
                        "  {:<24} {} since {}\n",
                        st["purpose_code"].as_str().unwrap_or(""),
                        if st["granted"] == true {
                            "granted  "
                        } else {
                            "withdrawn"
                        },
                        st["since"].as_str().unwrap_or("")
                    );
                }
                s += "history:\n";
                for e in value["history"].as_array().into_iter().flatten() {
                    s += &format!(
                        "  #{:<5} {} {:<9} {:<24} v{} by {} via {} (entered by {})\n",
                        e["seq"],
                        e["occurred_at"].as_str().unwrap_or(""),
                        e["action"].as_str().unwrap_or(""),
                        e["purpose_code"].as_str().unwrap_or(""),
                        e["purpose_version"],
                        e["given_by"].as_str().unwrap_or(""),
                        e["channel"].as_str().unwrap_or(""),
                        e["staff"].as_str().unwrap_or("")
                    );
                }
                s.trim_end().to_owned()
            });
        }
        Command::Purposes => {
            let reg = ctx.open()?;
            let purposes = reg.purposes()?;
            ctx.out(&purposes, || {
                purposes
                    .iter()
                    .map(|p| {
                        format!(
                            "{:<24} v{}  {}{}",
                            p.code,
                            p.latest.version,
                            p.latest.wording.label_fr,
                            if p.active { "" } else { "  (inactive)" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Policy(PolicyCmd::Add {
            label,
            effective_on,
            text_fr,
            text_en,
        }) => {
            let mut reg = ctx.open()?;
            let fr = std::fs::read_to_string(text_fr)?;
            let en = std::fs::read_to_string(text_en)?;
            let id = reg.add_policy_version(label, *effective_on, &fr, &en, now)?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("added policy version {id}")
            });
        }
        Command::Policy(PolicyCmd::List) => {
            let reg = ctx.open()?;
            let versions = reg.policy_versions()?;
            ctx.out(&versions, || {
                versions
                    .iter()
                    .map(|v| format!("{:>4}  {}  in force from {}", v.id, v.label, v.effective_on))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Verify => {
            let reg = ctx.open()?;
            let report = reg.verify_ledger()?;
            ctx.out(&report, || {
                if report.is_intact() {
                    format!(
                        "consent ledger intact: {} events, head {}",
                        report.events, report.head_hash
                    )
                } else {
                    let mut s = format!("consent ledger ALTERED ({} events):", report.events);
                    for p in &report.problems {
                        s += &format!("\n  {}", serde_json::to_string(p).expect("serialisable"));
                    }
                    s
                }
            });
            if !report.is_intact() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Request(cmd) => request_command(ctx, cmd)?,
        Command::AccessReport {
            person,
            to,
            for_child,
            language,
            out,
        } => {
            let reg = ctx.open()?;
            let record = reg.person_record(*person, ctx.today())?;
            let name = to.clone().unwrap_or_else(|| record.person.display_name());
            let lang = language.unwrap_or(record.person.data.preferred_language);
            let doc = carnet_docs::access_report(
                &record,
                &reg.profile()?,
                &carnet_docs::Addressee {
                    name: &name,
                    acting: if *for_child {
                        carnet_docs::Acting::Guardian
                    } else {
                        carnet_docs::Acting::Themself
                    },
                },
                lang,
                ctx.today(),
            );
            let pdf = carnet_docs::render(&doc)?;
            carnet_core::store::write_atomically(out, &pdf)?;
            ctx.out(
                &serde_json::json!({ "file": out, "bytes": pdf.len() }),
                || format!("access report written to {}", out.display()),
            );
        }
        Command::Key(KeyCmd::Remember) => {
            let mut reg = ctx.open()?;
            reg.remember_in_keyring(&Vault::os(), now)?;
            ctx.out(&serde_json::json!({ "keyring": true }), || {
                "the key is now in the OS keyring".into()
            });
        }
        Command::Key(KeyCmd::SetPassphrase { new_passphrase_env }) => {
            let mut reg = ctx.open()?;
            let pass = Ctx::passphrase(new_passphrase_env)?;
            reg.set_passphrase(&pass, KdfParams::DEFAULT, now)?;
            ctx.out(&serde_json::json!({ "passphrase": true }), || {
                "passphrase set".into()
            });
        }
        Command::Audit { limit } => {
            let reg = ctx.open()?;
            let log = reg.audit_log(*limit)?;
            ctx.out(&log, || {
                log.iter()
                    .map(|e| {
                        format!(
                            "{}  {:<20} {:<24} {}#{}",
                            e.at,
                            e.staff,
                            e.action,
                            e.entity,
                            e.entity_id.map(|i| i.to_string()).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn request_command(ctx: &Ctx, cmd: &RequestCmd) -> Result<(), Error> {
    let now = ctx.now;
    let today = ctx.today();
    let mut reg = ctx.open()?;
    match cmd {
        RequestCmd::Add {
            kind,
            person,
            requester,
            requester_person,
            requester_name,
            channel,
            received_on,
        } => {
            let id = reg.add_request(
                &RequestInput {
                    kind: *kind,
                    received_on: received_on.unwrap_or(today),
                    channel: *channel,
                    person_id: *person,
                    requester: *requester,
                    requester_person_id: *requester_person,
                    requester_name: requester_name.clone(),
                    notes: String::new(),
                },
                now,
            )?;
            let due = reg.request(id)?.deadline.due;
            ctx.out(&serde_json::json!({ "id": id, "due": due }), || {
                format!("recorded request {id}, answer due by {due}")
            });
        }
        RequestCmd::List { all } => {
            let list = reg.requests(!all)?;
            ctx.out(&list, || {
                if list.is_empty() {
                    return "no request".into();
                }
                list.iter()
                    .map(|r| {
                        let left = match r.days_left(today) {
                            Some(d) if d < 0 => format!("OVERDUE by {} days", -d),
                            Some(d) => format!("{d} days left"),
                            None => format!(
                                "{} on {}",
                                r.status,
                                r.responded_on.map(|d| d.to_string()).unwrap_or_default()
                            ),
                        };
                        format!(
                            "{:>5}  {:<20} person #{:<6} received {}  due {}  {}",
                            r.id,
                            r.data.kind.as_str(),
                            r.data.person_id,
                            r.data.received_on,
                            r.deadline.due,
                            left
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RequestCmd::VerifyIdentity { id, method, on } => {
            reg.verify_identity(*id, *method, on.unwrap_or(today), now)?;
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
            let d = reg.extend_request(*id, notice_on.unwrap_or(today), reason, now)?;
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
            reg.close_request(
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
        RequestCmd::Letter {
            id,
            kind,
            language,
            out,
        } => {
            let doc = carnet_docs::request_letter(&reg, *id, (*kind).into(), *language, today)?;
            let pdf = carnet_docs::render(&doc)?;
            carnet_core::store::write_atomically(out, &pdf)?;
            ctx.out(
                &serde_json::json!({ "file": out, "bytes": pdf.len() }),
                || format!("letter written to {}", out.display()),
            );
        }
        RequestCmd::Portability { id, language, out } => {
            let req = reg.request(*id)?;
            let lang = language.unwrap_or(carnet_docs::recipient(&reg, &req)?.language);
            let record = reg.request_record(*id, today)?;
            let zip = carnet_docs::portability_zip(&record, &reg.profile()?.name, lang, today)?;
            carnet_core::store::write_atomically(out, &zip)?;
            ctx.out(
                &serde_json::json!({ "file": out, "bytes": zip.len() }),
                || format!("portability export written to {}", out.display()),
            );
        }
        RequestCmd::ExportCsv => {
            let csv = reg.requests_csv()?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(csv.as_bytes())?;
        }
    }
    Ok(())
}

fn init(ctx: &Ctx, a: &InitArgs) -> Result<(), Error> {
    let path = ctx.path()?;
    let mut profile = OrganisationProfile::new(&a.org_name, a.jurisdiction);
    profile.paper = a.paper.unwrap_or(profile.paper);
    profile.language = a.language;
    profile.address = a.address.clone();
    profile.privacy_contact = a.privacy_contact.clone();
    profile.age_of_consent = a.age_of_consent;
    let vault = Vault::os();
    let pass;
    let protection = match &ctx.cli.passphrase_env {
        Some(var) => {
            pass = Ctx::passphrase(var)?;
            Protection::Passphrase {
                passphrase: &pass,
                params: KdfParams::DEFAULT,
            }
        }
        None => Protection::Keyring(&vault),
    };
    let created = Register::create(&path, protection, &profile, ctx.now)?;
    let rk = created.recovery_key.expose();
    match &a.recovery_key_out {
        Some(file) => {
            write_private(file, &format!("{rk}\n"))?;
            ctx.out(&serde_json::json!({ "database": path, "recovery_key_file": file }), || {
                format!("created {}\nrecovery key written to {} — print it, keep it safe, then delete the file", path.display(), file.display())
            });
        }
        None => ctx.out(&serde_json::json!({ "database": path, "recovery_key": rk }), || {
            format!(
                "created {}\n\nRECOVERY KEY (shown once — write it down or print it, and keep it somewhere safe):\n\n    {rk}\n",
                path.display()
            )
        }),
    }
    Ok(())
}

/// A file only its owner can read (on Unix; on Windows the user profile's ACLs apply).
fn write_private(path: &std::path::Path, text: &str) -> Result<(), Error> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

fn record_consent(ctx: &Ctx, a: &ConsentArgs, action: ConsentAction) -> Result<(), Error> {
    let mut reg = ctx.open()?;
    let giver = match (a.giver_person, a.giver_organisation) {
        (Some(p), _) => Some(Guardian::Person(p)),
        (None, Some(o)) => Some(Guardian::Organisation(o)),
        (None, None) => None,
    };
    let event = reg.record_consent(
        &ConsentInput {
            person_id: a.person,
            purpose: a.purpose.clone(),
            purpose_version: a.version,
            action,
            channel: a.channel,
            given_by: a.given_by,
            giver,
            evidence: a.evidence.clone(),
            occurred_at: a.at.unwrap_or(ctx.now),
        },
        ctx.now,
    )?;
    ctx.out(&event, || {
        format!(
            "recorded consent event #{} ({} {})",
            event.seq, event.action, event.purpose_code
        )
    });
    Ok(())
}

fn summaries(people: &[carnet_core::people::PersonSummary]) -> String {
    if people.is_empty() {
        return "no one found".into();
    }
    people
        .iter()
        .map(|p| {
            format!(
                "{:>8}  {}, {}{}",
                p.id,
                p.family_name,
                p.given_name,
                p.birth_date.map(|b| format!("  ({b})")).unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn show_person(page: &PersonPage) -> String {
    let p = &page.person;
    let d = &p.data;
    let a = &d.address;
    let mut out = format!(
        "#{} {} {}\n  language: {}\n  birth date: {}{}{}\n  emails: {}\n  phones: {}\n  address: {} {} {} {} {}\n  collected: {} on {}\n  notes: {}",
        p.id, d.given_name, d.family_name, d.preferred_language,
        d.birth_date.map(|b| b.to_string()).unwrap_or_else(|| "unknown".into()),
        page.age.map(|a| format!(" (age {a})")).unwrap_or_default(),
        if page.minor { format!(", under {}", page.age_of_consent) } else { String::new() },
        d.emails.join(", "), d.phones.join(", "),
        a.street, a.postal_code, a.city, a.region, a.country,
        d.collection_channel, d.collected_on, d.notes,
    );
    for g in &page.guardians {
        out += &format!("\n  guardian: {} ({})", g.name, g.relation);
    }
    for c in &page.children {
        out += &format!("\n  child: {} (#{})", c.name, c.child_id);
    }
    for m in &page.memberships {
        out += &format!(
            "\n  membership: {} {} → {} ({})",
            m.data.category,
            m.data.starts_on,
            m.data
                .ends_on
                .map(|e| e.to_string())
                .unwrap_or_else(|| "…".into()),
            m.data.status
        );
    }
    for c in &page.consents {
        out += &format!(
            "\n  consent: {} {} since {}",
            c.purpose_code,
            if c.granted { "granted" } else { "withdrawn" },
            &c.since[..10.min(c.since.len())]
        );
    }
    for r in &page.requests {
        out += &format!(
            "\n  request #{}: {} received {} ({})",
            r.request.id,
            r.request.data.kind,
            r.request.data.received_on,
            match r.days_left {
                Some(d) if d < 0 => format!("{} days overdue", -d),
                Some(d) => format!("{d} days left"),
                None => r.request.status.to_string(),
            }
        );
    }
    out
}
