//! Consents: recording and listing them, the purposes and policy versions, checking the ledger.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::family::Guardian;
use carnet_core::model::Channel;
use carnet_core::Error;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Record and list consents
    #[command(subcommand)]
    Consent(ConsentCmd),
    /// Consent purposes and their current wording
    Purposes,
    /// Privacy-policy versions
    #[command(subcommand)]
    Policy(PolicyCmd),
    /// Check the consent ledger's hash chain and list its findings; exits with 1 while a
    /// problem awaits the review of the person in charge
    Verify,
    /// The person in charge has reviewed what `verify` shows: record it with a note; the
    /// findings stay reported and the chain goes on from its tail
    Acknowledge {
        #[arg(long)]
        note: String,
    },
}

#[derive(Subcommand)]
pub(crate) enum ConsentCmd {
    Grant(ConsentArgs),
    Withdraw(ConsentArgs),
    /// Current state and full history of a person's consents
    List {
        #[arg(long)]
        person: i64,
    },
    /// A consent receipt for the person (PDF, or JSON when FILE ends in .json): one ledger
    /// entry (--seq), or the statement of every purpose's current state
    Receipt {
        #[arg(long)]
        person: i64,
        #[arg(long)]
        seq: Option<i64>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check a receipt (its JSON) against the ledger; exits with 1 when it does not match
    CheckReceipt {
        file: PathBuf,
    },
}

#[derive(Args)]
pub(crate) struct ConsentArgs {
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
pub(crate) enum PolicyCmd {
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

pub(crate) fn run(ctx: &Ctx, command: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match command {
        Command::Consent(ConsentCmd::Grant(a)) => record_consent(ctx, a, ConsentAction::Granted)?,
        Command::Consent(ConsentCmd::Withdraw(a)) => {
            record_consent(ctx, a, ConsentAction::Withdrawn)?
        }
        Command::Consent(ConsentCmd::Receipt { person, seq, out }) => {
            let reg = ctx.open()?;
            let receipts = match seq {
                Some(seq) => {
                    let r = reg.consent().receipt(*seq, now)?;
                    if r.subject_id != *person {
                        return Err(Error::NotFound { entity: "consent" });
                    }
                    vec![r]
                }
                None => reg.consent().current_receipts(*person, now)?,
            };
            let json = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            let bytes = if json {
                let value = match receipts.as_slice() {
                    [one] if seq.is_some() => serde_json::to_value(one),
                    all => serde_json::to_value(all),
                }
                .expect("a receipt serialises");
                serde_json::to_vec_pretty(&value).expect("JSON")
            } else {
                let paper = reg.org().profile()?.paper;
                carnet_docs::render(&carnet_docs::consent_receipts(&receipts, paper))?
            };
            carnet_core::register::write_atomically(out, &bytes)?;
            ctx.out(
                &serde_json::json!({ "written": out, "receipts": receipts.len() }),
                || format!("{} receipt(s) written to {}", receipts.len(), out.display()),
            );
        }
        Command::Consent(ConsentCmd::CheckReceipt { file }) => {
            let reg = ctx.open()?;
            let text = std::fs::read(file)?;
            let receipts: Vec<carnet_core::consent::ConsentReceipt> =
                match serde_json::from_slice(&text) {
                    Ok(one) => vec![one],
                    Err(_) => serde_json::from_slice(&text).map_err(|_| {
                        Error::invalid(
                            carnet_core::Field::ImportFile,
                            "is not a Carnet consent receipt",
                        )
                    })?,
                };
            let mut all = true;
            let mut lines = Vec::new();
            for r in &receipts {
                let ok = reg.consent().receipt_matches(r)?;
                all &= ok;
                lines.push(format!(
                    "receipt {} (ledger entry {}): {}",
                    r.receipt_id,
                    r.ledger.seq,
                    if ok {
                        "matches the ledger"
                    } else {
                        "DOES NOT MATCH the ledger"
                    }
                ));
            }
            ctx.out(&serde_json::json!({ "matches": all }), || lines.join("\n"));
            if !all {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Consent(ConsentCmd::List { person }) => {
            let reg = ctx.open()?;
            let value = serde_json::json!({ "state": reg.consent().state(*person)?, "history": reg.consent().history(*person)? });
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
            let purposes = reg.consent().purposes()?;
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
            let reg = ctx.open()?;
            let fr = std::fs::read_to_string(text_fr)?;
            let en = std::fs::read_to_string(text_en)?;
            let id = reg
                .consent()
                .add_policy_version(label, *effective_on, &fr, &en, now)?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("added policy version {id}")
            });
        }
        Command::Policy(PolicyCmd::List) => {
            let reg = ctx.open()?;
            let versions = reg.consent().policy_versions()?;
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
            let report = reg.consent().verify_ledger()?;
            ctx.out(&report, || ledger_text(&report));
            if report.needs_review {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Acknowledge { note } => {
            let reg = ctx.open()?;
            let report = reg.consent().acknowledge_ledger(note, ctx.now)?;
            ctx.out(&report, || ledger_text(&report));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn record_consent(ctx: &Ctx, a: &ConsentArgs, action: ConsentAction) -> Result<(), Error> {
    let reg = ctx.open()?;
    let giver = match (a.giver_person, a.giver_organisation) {
        (Some(p), _) => Some(Guardian::Person(p)),
        (None, Some(o)) => Some(Guardian::Organisation(o)),
        (None, None) => None,
    };
    let event = reg.consent().record(
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

fn ledger_text(report: &carnet_core::consent::LedgerReport) -> String {
    let mut s = if report.is_intact() {
        format!(
            "consent ledger intact: {} events, head {}",
            report.events, report.head_hash
        )
    } else if report.needs_review {
        format!(
            "consent ledger ALTERED ({} events); the person in charge must review it:",
            report.events
        )
    } else {
        format!(
            "consent ledger: {} events; earlier tampering reviewed and acknowledged:",
            report.events
        )
    };
    for p in &report.problems {
        s += &format!("\n  now: {}", json(p));
    }
    for f in &report.findings {
        let state = match &f.acknowledged {
            Some(a) => format!("acknowledged {} by {}: {}", a.at, a.by, a.note),
            None => "NOT YET ACKNOWLEDGED".into(),
        };
        let problems: Vec<String> = f.problems.iter().map(json).collect();
        s += &format!(
            "\n  finding {} ({}, {}): {} — {state}",
            f.id,
            json(&f.origin),
            f.found_at,
            problems.join(", ")
        );
    }
    s
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("serialisable")
}
