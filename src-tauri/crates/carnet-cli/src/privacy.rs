//! Forgetting: erasure plans and their execution, legal holds, retention rules and
//! purges, and the processing register.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::model::Language;
use carnet_core::privacy::{Activity, ErasureInput, ErasurePlan, HoldInput, Item, PlanLine};
use carnet_core::privacy::{HoldReason, RetentionCategory};
use carnet_core::{Error, Register};
use chrono::NaiveDate;
use clap::Subcommand;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Erase a person (or a family): see the plan first, then run it
    #[command(subcommand)]
    Erase(EraseCmd),
    /// Retention: what the rules have due, and the purge that carries it out
    #[command(subcommand)]
    Purge(PurgeCmd),
    /// Retention rules per category
    #[command(subcommand)]
    Retention(RetentionCmd),
    /// Legal holds that keep a record past an erasure or a purge, until a date
    #[command(subcommand)]
    Hold(HoldCmd),
    /// The processing register (inventory of personal information, GDPR Art. 30)
    #[command(subcommand)]
    Processing(ProcessingCmd),
    /// The pack for the CAI or the CNIL (ZIP): the dossier, the processing and incident
    /// registers, the requests with their deadlines, erasures, retention and purges, the
    /// accounts and roles, the backups' state; the same as CSV and JSON
    #[command(name = "regulator-pack", alias = "pack")]
    Pack {
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
}

#[derive(clap::Args)]
pub(crate) struct Whom {
    /// The person to erase (the one the request is about)
    person: i64,
    /// Their linked children or guardians erased with them
    #[arg(long = "with", value_name = "PERSON")]
    with: Vec<i64>,
    /// The erasure request this answers (it is closed as answered)
    #[arg(long)]
    request: Option<i64>,
}

impl Whom {
    fn input(&self) -> ErasureInput {
        let mut person_ids = vec![self.person];
        person_ids.extend(&self.with);
        ErasureInput {
            request_id: self.request,
            person_ids,
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum EraseCmd {
    /// What would be deleted, anonymised and kept (and why); changes nothing
    Plan(Whom),
    /// Carry out the erasure in one transaction
    Run {
        #[command(flatten)]
        whom: Whom,
        /// The person's name, typed again to confirm
        #[arg(long)]
        confirm: String,
        /// Write the erasure certificate (PDF) here
        #[arg(long, value_name = "FILE.pdf")]
        certificate: Option<PathBuf>,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
    /// Print again the certificate of the erasure that answered a request (no names)
    Certificate {
        request: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
}

#[derive(Subcommand)]
pub(crate) enum PurgeCmd {
    /// What each retention rule has due today; changes nothing
    Preview,
    /// Carry out what the preview shows and record a purge report (counts only)
    Run,
    /// The purge reports, most recent first
    Reports,
}

#[derive(Subcommand)]
pub(crate) enum RetentionCmd {
    List,
    /// Set a rule: former_people, closed_requests, audit_log or incidents, in months
    Set {
        #[arg(value_parser = parse_enum::<RetentionCategory>)]
        category: RetentionCategory,
        months: u32,
    },
}

#[derive(Subcommand)]
pub(crate) enum HoldCmd {
    /// Hold a person's record until a date: accounting, legal_proceedings, anti_fraud or other
    Add {
        person: i64,
        #[arg(long, value_parser = parse_enum::<HoldReason>)]
        reason: HoldReason,
        #[arg(long)]
        until: NaiveDate,
        #[arg(long, default_value = "")]
        note: String,
    },
    List {
        person: i64,
    },
    /// End a hold before its date
    Release {
        id: i64,
    },
}

#[derive(Subcommand)]
pub(crate) enum ProcessingCmd {
    /// The register in force (with --json: the activities, to edit and adopt)
    Show {
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Adopt a new version from a JSON file of activities, in force from a date
    Adopt {
        file: PathBuf,
        #[arg(long)]
        from: NaiveDate,
    },
    /// Print the register in force as a PDF
    Print {
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
}

fn lines(title: &str, lines: &[PlanLine]) -> String {
    let mut s = format!("{title}:");
    for l in lines {
        s += &format!("\n  {:>6}  {}", l.count, item(l.item));
    }
    s
}

fn item(i: Item) -> String {
    serde_json::to_value(i)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

fn plan_text(plan: &ErasurePlan) -> String {
    let mut s = String::from("erasure plan for:");
    for p in &plan.people {
        s += &format!("\n  #{} {} ({:?})", p.id, p.name, p.role);
        if let Some(until) = p.held_until {
            s += &format!(" — HELD until {until}: kept, erasure deferred");
        }
    }
    s += &format!("\n{}", lines("deleted", &plan.deleted));
    s += &format!("\n{}", lines("anonymised", &plan.anonymised));
    s += "\nkept:";
    for k in &plan.kept {
        let until = k.until.map(|d| format!(" until {d}")).unwrap_or_default();
        s += &format!(
            "\n  {:>6}  {} — {}{until}",
            k.count,
            item(k.item),
            serde_json::to_value(k.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        );
    }
    if !plan.recipients.is_empty() {
        s += "\nrecipients to tell (GDPR Art. 19):";
        for r in &plan.recipients {
            s += &format!("\n  {}", r.name);
        }
    }
    if !plan.family.is_empty() {
        s += "\nlinked, not in this plan (add with --with):";
        for p in &plan.family {
            s += &format!("\n  #{} {} ({:?})", p.id, p.name, p.role);
        }
    }
    if !plan.mentions.is_empty() {
        s += "\nmentions to review (free texts that may name them; the erasure does not touch them):";
        for m in &plan.mentions {
            s += &format!(
                "\n  {} #{} (may name #{})",
                serde_json::to_value(m.place)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                m.id,
                m.person_id
            );
        }
    }
    let c = &plan.copies;
    match c.backups_until {
        Some(until) if c.folder_missing => s += &format!(
            "\nbackups: the folder is not there; its backups hold them until {until} at the latest (rotation)"
        ),
        Some(until) => s += &format!(
            "\nbackups: {} taken before hold them until {until} at the latest (rotation)",
            c.backups
        ),
        None => s += "\nbackups: none holds them",
    }
    if c.beside > 0 {
        s += &format!(
            "\ncopies beside the register (before a restore or an upgrade): {} hold them too",
            c.beside
        );
    }
    if plan.can_execute {
        s += &format!("\nto run it: --confirm \"{}\"", plan.confirm_name);
    } else {
        s += "\nBLOCKED:";
        for b in &plan.blockers {
            s += &format!("\n  {}", serde_json::to_string(b).expect("serialisable"));
        }
    }
    s
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let reg = ctx.open()?;
    match cmd {
        Command::Erase(cmd) => erase(ctx, &reg, cmd),
        Command::Purge(cmd) => purge(ctx, &reg, cmd),
        Command::Retention(cmd) => retention(ctx, &reg, cmd),
        Command::Hold(cmd) => hold(ctx, &reg, cmd),
        Command::Processing(cmd) => processing(ctx, &reg, cmd),
        Command::Pack { out, language } => {
            let lang = match language {
                Some(l) => *l,
                None => reg.org().profile()?.language,
            };
            let pack = reg.privacy().regulator_pack(ctx.now)?;
            carnet_core::register::write_atomically(
                out,
                &carnet_docs::regulator_pack(&pack, lang)?,
            )?;
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!(
                    "wrote {}: {} requests, {} erasures, {} incidents, {} purges",
                    out.display(),
                    pack.requests.len(),
                    pack.erasures.len(),
                    pack.incidents.len(),
                    pack.purges.len()
                )
            });
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// An erasure: its plan, its execution, its certificate.
fn erase(ctx: &Ctx, reg: &Register, cmd: &EraseCmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        EraseCmd::Plan(whom) => {
            let plan = reg.privacy().erasure_plan(&whom.input(), now)?;
            ctx.out(&plan, || plan_text(&plan));
            if !plan.can_execute {
                return Ok(ExitCode::from(1));
            }
        }
        EraseCmd::Run {
            whom,
            confirm,
            certificate,
            language,
        } => {
            let lang = match language {
                Some(l) => *l,
                None => reg.org().profile()?.language,
            };
            let done = reg.privacy().erase(&whom.input(), confirm, now)?;
            if let Some(out) = certificate {
                let pdf = carnet_docs::render(&carnet_docs::erasure_certificate(
                    &done.certificate,
                    &reg.org().profile()?,
                    lang,
                ))?;
                carnet_core::register::write_atomically(out, &pdf)?;
                if let Some(id) = whom.request {
                    reg.requests()
                        .record_document(id, "erasure_certificate", now)?;
                }
            }
            ctx.out(&done.people, || {
                let mut lines: Vec<String> = done
                    .people
                    .iter()
                    .map(|p| match p.deferred_until {
                        Some(d) => format!("held until {d}: consents ended, erasure deferred"),
                        None => format!("erased: now {}", p.surrogate),
                    })
                    .collect();
                if !done.complete {
                    lines.push(
                        "completed in the file when the other window or program reading the register closes (Carnet finishes it at the next open)".into(),
                    );
                }
                lines.join("\n")
            });
        }
        EraseCmd::Certificate {
            request,
            out,
            language,
        } => {
            let profile = reg.org().profile()?;
            let cert = reg.privacy().erasure_certificate(*request)?;
            let pdf = carnet_docs::render(&carnet_docs::erasure_certificate(
                &cert,
                &profile,
                language.unwrap_or(profile.language),
            ))?;
            carnet_core::register::write_atomically(out, &pdf)?;
            reg.requests()
                .record_document(*request, "erasure_certificate", now)?;
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!("wrote {}", out.display())
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
/// The retention purge: what is due, the purge, its reports.
fn purge(ctx: &Ctx, reg: &Register, cmd: &PurgeCmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        PurgeCmd::Preview => {
            let p = reg.privacy().purge_preview(now)?;
            ctx.out(&p, || {
                let mut s = format!("due on {}:", p.day);
                for r in &p.rules {
                    s += &format!(
                        "\n  {:<16} {:>4} months (before {}): {} due{}",
                        r.category.as_str(),
                        r.months,
                        r.cutoff,
                        r.due,
                        if r.held > 0 {
                            format!(", {} kept by a hold", r.held)
                        } else {
                            String::new()
                        }
                    );
                }
                s += &format!(
                    "\n  deferred erasures whose hold ended: {}",
                    p.deferred_erasures_due
                );
                s += &format!(
                    "\n  contest entries past their contest's retention: {}",
                    p.contest_entries_due
                );
                s += &format!("\n  in all: {}", p.total_due);
                s
            });
        }
        PurgeCmd::Run => {
            let r = reg.privacy().purge(now)?;
            ctx.out(&r, || {
                let mut s = format!("purge report #{} ({}):", r.id, r.day);
                for rule in &r.rules {
                    s += &format!("\n  {:<16} {}", rule.category.as_str(), rule.due);
                }
                s += &format!(
                    "\n  deferred erasures completed: {}",
                    r.deferred_erasures_completed
                );
                s += &format!("\n  contest entries purged: {}", r.contest_entries_purged);
                s
            });
        }
        PurgeCmd::Reports => {
            let all = reg.privacy().purge_reports()?;
            ctx.out(&all, || {
                all.iter()
                    .map(|r| {
                        let n: i64 = r.rules.iter().map(|x| x.due).sum::<i64>()
                            + r.deferred_erasures_completed
                            + r.contest_entries_purged;
                        format!("#{} {} by {}: {} records", r.id, r.day, r.staff, n)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
/// Retention rules per category.
fn retention(ctx: &Ctx, reg: &Register, cmd: &RetentionCmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        RetentionCmd::List => {
            let rules = reg.privacy().retention_rules()?;
            ctx.out(&rules, || {
                rules
                    .iter()
                    .map(|r| {
                        format!(
                            "{:<16} {:>4} months (default {})",
                            r.category.as_str(),
                            r.months,
                            r.default_months
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        RetentionCmd::Set { category, months } => {
            reg.privacy().set_retention(*category, *months, now)?;
            ctx.out(
                &serde_json::json!({ "category": category, "months": months }),
                || format!("{} kept {months} months", category.as_str()),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
/// Legal holds.
fn hold(ctx: &Ctx, reg: &Register, cmd: &HoldCmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        HoldCmd::Add {
            person,
            reason,
            until,
            note,
        } => {
            let id = reg.privacy().add_hold(
                &HoldInput {
                    person_id: *person,
                    reason: *reason,
                    note: note.clone(),
                    until: *until,
                },
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("hold {id}: person {person} kept until {until}")
            });
        }
        HoldCmd::List { person } => {
            let holds = reg.privacy().holds_of(*person, now)?;
            ctx.out(&holds, || {
                holds
                    .iter()
                    .map(|h| {
                        format!(
                            "{:>4}  {} until {}{}",
                            h.id,
                            h.reason.as_str(),
                            h.until,
                            if h.in_force { "" } else { " (ended)" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        HoldCmd::Release { id } => {
            reg.privacy().release_hold(*id, now)?;
            ctx.out(&serde_json::json!({ "released": id }), || {
                format!("hold {id} released")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
/// The processing register.
fn processing(ctx: &Ctx, reg: &Register, cmd: &ProcessingCmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        ProcessingCmd::Show { on } => {
            let day = on.unwrap_or_else(|| ctx.today());
            let r = reg.privacy().processing_register(day)?;
            if ctx.cli.json {
                ctx.out(&r.activities, String::new);
            } else {
                ctx.out(&r, || {
                    let mut s = format!("processing register version {}", r.version);
                    for a in &r.activities {
                        s += &format!(
                            "\n  {:<12} {} — {} ({})",
                            a.code,
                            a.name.fr,
                            a.legal_basis.as_str(),
                            a.recipients
                                .iter()
                                .map(|x| x.name.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        );
                    }
                    s
                });
            }
        }
        ProcessingCmd::Adopt { file, from } => {
            let text = std::fs::read_to_string(file)?;
            let activities: Vec<Activity> =
                serde_json::from_str(&text).map_err(|_| Error::InvalidInput {
                    field: carnet_core::Field::Activity,
                    reason:
                        "the file is not a JSON list of activities (see `processing show --json`)",
                })?;
            let version = reg.privacy().adopt_processing(&activities, *from, now)?;
            ctx.out(&serde_json::json!({ "version": version }), || {
                format!("processing register version {version} in force from {from}")
            });
        }
        ProcessingCmd::Print { out, language } => {
            let profile = reg.org().profile()?;
            let r = reg.privacy().processing_register(ctx.today())?;
            let pdf = carnet_docs::render(&carnet_docs::processing_register(
                &r,
                &profile,
                language.unwrap_or(profile.language),
            ))?;
            carnet_core::register::write_atomically(out, &pdf)?;
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!("wrote {}", out.display())
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
