//! Newsletter lists: subscriptions with their terms, unsubscribes to carry out, and the
//! files exchanged with Mailchimp and Brevo.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::consent::GivenBy;
use carnet_core::consent::PurposeWording;
use carnet_core::exchange::read_table_file;
use carnet_core::model::Channel;
use carnet_core::newsletter::{ConsentKind, ImpliedSource, MailingFormat};
use carnet_core::newsletter::{ListInput, MailingImport, Subscription};
use carnet_core::{Error, Register};
use chrono::{DateTime, NaiveDate, Utc};
use clap::Subcommand;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Newsletter lists: subscribers, unsubscribes, Mailchimp and Brevo files
    #[command(subcommand)]
    Newsletter(NewsletterCmd),
}

#[derive(Subcommand)]
pub(crate) enum NewsletterCmd {
    /// The lists, their subscribers in force and unsubscribes still to carry out
    List,
    /// A new list and the wording its subscribers agree to
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        tags: String,
        #[arg(long)]
        wording_fr: String,
        #[arg(long)]
        wording_en: String,
    },
    /// A list's people and their subscription
    Show { list: i64 },
    /// Subscribe a person: express, or implied (CASL) with its source and date
    Subscribe {
        list: i64,
        #[arg(long)]
        person: i64,
        #[arg(long, value_parser = parse_enum::<ConsentKind>, default_value = "express")]
        kind: ConsentKind,
        /// purchase, membership, donation, volunteering or inquiry (implied only)
        #[arg(long, value_parser = parse_enum::<ImpliedSource>)]
        source: Option<ImpliedSource>,
        #[arg(long)]
        source_on: Option<NaiveDate>,
        #[arg(long, value_parser = parse_enum::<Channel>, default_value = "paper_form")]
        channel: Channel,
        /// What proves it (the form, the email…)
        #[arg(long)]
        evidence: String,
        /// When the person opted in [default: now]
        #[arg(long)]
        at: Option<DateTime<Utc>>,
        /// When they confirmed (double opt-in)
        #[arg(long)]
        confirmed_at: Option<DateTime<Utc>>,
    },
    /// Unsubscribe a person; the unsubscribe is then to carry out in the mailing tool
    Unsubscribe {
        list: i64,
        #[arg(long)]
        person: i64,
        #[arg(long, value_parser = parse_enum::<Channel>, default_value = "email")]
        channel: Channel,
        #[arg(long, default_value = "")]
        evidence: String,
    },
    /// Unsubscribes still to carry out in the mailing tool, with their deadline
    Pending,
    /// The list's pending unsubscribes were carried out in the mailing tool
    Done { list: i64 },
    /// The subscribers in force, in a tool's import format
    Export {
        list: i64,
        #[arg(long, value_parser = parse_enum::<MailingFormat>)]
        format: MailingFormat,
        #[arg(long)]
        out: PathBuf,
        /// The pending unsubscribes instead (to import as unsubscribed / blocklisted)
        #[arg(long)]
        unsubscribes: bool,
    },
    /// A tool's export: Mailchimp's audience files (subscribed, unsubscribed, cleaned) or
    /// Brevo's contacts with their blocklist column
    Import {
        file: PathBuf,
        #[arg(long, value_parser = parse_enum::<MailingFormat>)]
        format: MailingFormat,
        #[arg(long, default_value_t = 1)]
        list: i64,
        #[arg(long)]
        dry_run: bool,
    },
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let Command::Newsletter(cmd) = cmd;
    let now = ctx.now;
    let reg = ctx.open()?;
    match cmd {
        NewsletterCmd::List => {
            let lists = reg.newsletter().lists(now)?;
            let summary = reg.newsletter().summary(now)?;
            ctx.out(
                &serde_json::json!({ "lists": lists, "summary": summary }),
                || lists_text(&lists, summary.overdue_unsubscribes),
            );
        }
        NewsletterCmd::Add {
            name,
            tags,
            wording_fr,
            wording_en,
        } => {
            let id = reg.newsletter().add_list(
                &ListInput {
                    name: name.clone(),
                    tags: tags.clone(),
                    wording: PurposeWording {
                        label_fr: name.clone(),
                        label_en: name.clone(),
                        wording_fr: wording_fr.clone(),
                        wording_en: wording_en.clone(),
                    },
                },
                ctx.today(),
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("list {id} recorded")
            });
        }
        NewsletterCmd::Show { list } => {
            let subs = reg.newsletter().subscribers(*list, now)?;
            ctx.out(&subs, || subscribers_text(&subs));
        }
        NewsletterCmd::Subscribe {
            list,
            person,
            kind,
            source,
            source_on,
            channel,
            evidence,
            at,
            confirmed_at,
        } => {
            let seq = reg.newsletter().subscribe(
                &Subscription {
                    person_id: *person,
                    list_id: *list,
                    kind: *kind,
                    implied_source: *source,
                    source_on: *source_on,
                    channel: *channel,
                    given_by: GivenBy::Person,
                    giver: None,
                    evidence: evidence.clone(),
                    occurred_at: at.unwrap_or(now),
                    confirmed_at: *confirmed_at,
                },
                now,
            )?;
            let state = reg.newsletter().subscription_state(*person, *list, now)?;
            ctx.out(
                &serde_json::json!({ "seq": seq, "state": state }),
                || match state.and_then(|s| s.expires_on) {
                    Some(e) => format!("subscribed (event {seq}); the implied consent ends on {e}"),
                    None => format!("subscribed (event {seq})"),
                },
            );
        }
        NewsletterCmd::Unsubscribe {
            list,
            person,
            channel,
            evidence,
        } => {
            let seq = reg
                .newsletter()
                .unsubscribe(*person, *list, *channel, evidence, now, now)?;
            let due = reg
                .newsletter()
                .pending_unsubscribes(now)?
                .into_iter()
                .find(|p| p.seq == seq)
                .map(|p| p.due_on);
            ctx.out(&serde_json::json!({ "seq": seq, "due_on": due }), || {
                format!(
                    "unsubscribed (event {seq}); carry it out in the mailing tool by {}",
                    due.map(|d| d.to_string()).unwrap_or_default()
                )
            });
        }
        NewsletterCmd::Pending => {
            let pending = reg.newsletter().pending_unsubscribes(now)?;
            ctx.out(&pending, || {
                pending
                    .iter()
                    .map(|p| {
                        format!(
                            "{:<24} {:<30} {:<32} due {} ({} days)",
                            p.list_name,
                            p.name,
                            p.email.clone().unwrap_or_default(),
                            p.due_on,
                            p.days_left
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        NewsletterCmd::Done { list } => {
            let n = reg.newsletter().unsubscribes_done(*list, now)?;
            ctx.out(&serde_json::json!({ "done": n }), || {
                format!("{n} unsubscribes marked as carried out")
            });
        }
        NewsletterCmd::Export { .. } | NewsletterCmd::Import { .. } => {
            return mailing(ctx, &reg, cmd);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The files exchanged with the mailing tool: the subscribers (or the unsubscribes) out,
/// the tool's export in.
fn mailing(ctx: &Ctx, reg: &Register, cmd: &NewsletterCmd) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match cmd {
        NewsletterCmd::Export {
            list,
            format,
            out,
            unsubscribes,
        } => {
            let export = if *unsubscribes {
                reg.newsletter().export_unsubscribes(*list, *format, now)?
            } else {
                reg.newsletter().export_mailing(*list, *format, now)?
            };
            carnet_core::register::write_atomically(out, &export.bytes)?;
            ctx.out(
                &serde_json::json!({ "written": out, "exported": export.exported, "left_out": export.left_out }),
                || {
                    format!(
                        "{} addresses written to {} ({} subscribers left out: no address the tool takes)",
                        export.exported,
                        out.display(),
                        export.left_out
                    )
                },
            );
        }
        NewsletterCmd::Import {
            file,
            format,
            list,
            dry_run,
        } => {
            let table = read_table_file(file)?;
            let report = reg.newsletter().import_mailing(
                &table,
                MailingImport {
                    list_id: *list,
                    format: *format,
                    dry_run: *dry_run,
                },
                now,
            )?;
            ctx.out(&report, || import_text(&report));
            if !report.problems.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        _ => unreachable!("run sends only the mailing tool's files here"),
    }
    Ok(ExitCode::SUCCESS)
}

fn lists_text(lists: &[carnet_core::newsletter::NewsletterList], overdue: i64) -> String {
    let mut s: Vec<String> = lists
        .iter()
        .map(|l| {
            format!(
                "{:>4}  {:<30} {} subscribers, {} unsubscribes to carry out",
                l.id, l.name, l.subscribers, l.pending_unsubscribes
            )
        })
        .collect();
    if overdue > 0 {
        s.push(format!(
            "{overdue} unsubscribes are past their ten business days"
        ));
    }
    s.join("\n")
}

fn subscribers_text(subs: &[carnet_core::newsletter::Subscriber]) -> String {
    subs.iter()
        .map(|s| {
            format!(
                "{:>6}  {:<30} {:<32} {}{}",
                s.state.person_id,
                s.name,
                s.email.clone().unwrap_or_default(),
                if s.state.in_force {
                    s.state.kind.as_str()
                } else {
                    "not subscribed"
                },
                s.state
                    .expires_on
                    .map(|d| format!(", ends {d}"))
                    .unwrap_or_default()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn import_text(report: &carnet_core::newsletter::MailingImportReport) -> String {
    let mut s = format!(
        "{} lines: {} subscribed ({} new people), {} already subscribed, {} left unsubscribed, {} erased addresses refused, {} withdrawn, {} suppressed, {} undeliverable",
        report.lines,
        report.subscribed,
        report.created_people,
        report.already,
        report.kept_unsubscribed,
        report.kept_erased,
        report.withdrawn,
        report.suppressed,
        report.undeliverable
    );
    for p in &report.problems {
        s += &format!("\n  line {}: {} {}", p.line, p.field, p.reason);
    }
    if report.dry_run {
        s += "\nnothing was written";
    }
    s
}
