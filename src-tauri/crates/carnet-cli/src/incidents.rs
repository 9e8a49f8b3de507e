//! The confidentiality-incident register: record, list, print.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::incidents::{Clock, IncidentInput};
use carnet_core::incidents::{IncidentNature, Likelihood};
use carnet_core::model::{DataCategory, Language};
use carnet_core::Error;
use chrono::{DateTime, NaiveDate, Utc};
use clap::Subcommand;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// The confidentiality-incident register (kept five years)
    #[command(subcommand)]
    Incident(IncidentCmd),
}

#[derive(clap::Args)]
pub(crate) struct IncidentArgs {
    #[arg(long)]
    title: String,
    /// access, use, disclosure, loss or other
    #[arg(long, value_parser = parse_enum::<IncidentNature>)]
    nature: IncidentNature,
    /// The information concerned (or why it cannot be described)
    #[arg(long)]
    information: String,
    #[arg(long)]
    circumstances: String,
    /// When the office learned of it (RFC 3339, e.g. 2026-11-20T09:00:00-05:00) [default: now]
    #[arg(long)]
    learned_at: Option<DateTime<Utc>>,
    /// First (or only) day of the incident
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Last day of the incident
    #[arg(long)]
    to: Option<NaiveDate>,
    /// Categories of data, comma-separated: identity, contact, address, birth_date…
    #[arg(long, value_delimiter = ',', value_parser = parse_enum::<DataCategory>)]
    categories: Vec<DataCategory>,
    #[arg(long)]
    people: Option<i64>,
    #[arg(long)]
    records: Option<i64>,
    /// Who they are (members, children, parents…)
    #[arg(long, default_value = "")]
    concerned: String,
    #[arg(long, default_value = "")]
    sensitivity: String,
    #[arg(long, default_value = "")]
    misuse: String,
    #[arg(long, default_value = "")]
    consequences: String,
    /// unlikely, possible, likely or very_likely
    #[arg(long, value_parser = parse_enum::<Likelihood>)]
    likelihood: Option<Likelihood>,
    /// The conclusion of the risk analysis: yes (notices are due) or no
    #[arg(long)]
    serious_risk: Option<bool>,
    #[arg(long)]
    authority_notified_on: Option<NaiveDate>,
    /// Why the authority was not told, or told late
    #[arg(long, default_value = "")]
    authority_reason: String,
    #[arg(long)]
    people_notified_on: Option<NaiveDate>,
    #[arg(long)]
    public_notice_on: Option<NaiveDate>,
    #[arg(long, default_value = "")]
    measures: String,
}

#[derive(Subcommand)]
pub(crate) enum IncidentCmd {
    /// Record an incident, even one without a risk of serious injury
    Add(IncidentArgs),
    /// Replace what an incident says, as the investigation goes on
    Update {
        id: i64,
        #[command(flatten)]
        args: IncidentArgs,
    },
    /// The register, most recent first, with where each notice stands
    List,
    /// Print one incident (or the whole register with --all) as a PDF
    Report {
        id: Option<i64>,
        #[arg(long, conflicts_with = "id")]
        all: bool,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
}

impl IncidentArgs {
    fn input(&self, now: DateTime<Utc>) -> IncidentInput {
        IncidentInput {
            title: self.title.clone(),
            nature: self.nature,
            information: self.information.clone(),
            categories: self.categories.clone(),
            circumstances: self.circumstances.clone(),
            occurred_from: self.from,
            occurred_to: self.to,
            learned_at: self.learned_at.unwrap_or(now),
            people_count: self.people,
            records_count: self.records,
            people_concerned: self.concerned.clone(),
            sensitivity: self.sensitivity.clone(),
            misuse: self.misuse.clone(),
            consequences: self.consequences.clone(),
            likelihood: self.likelihood,
            serious_risk: self.serious_risk,
            authority_notified_on: self.authority_notified_on,
            authority_reason: self.authority_reason.clone(),
            people_notified_on: self.people_notified_on,
            public_notice_on: self.public_notice_on,
            measures: self.measures.clone(),
        }
    }
}

fn clock(c: &Clock) -> String {
    match c {
        Clock::Assess {
            hours_left: Some(h),
        } => format!("assess the risk; {h} h left to notify"),
        Clock::Assess { hours_left: None } => "assess the risk".into(),
        Clock::Running { hours_left } => format!("NOTIFY within {hours_left} h"),
        Clock::Overdue { hours_late } => format!("OVERDUE by {hours_late} h"),
        Clock::Promptly => "notify the Commission and the people promptly".into(),
        Clock::Notified { on, late } => {
            format!("notified on {on}{}", if *late { " (late)" } else { "" })
        }
        Clock::NotRequired => "no notice required".into(),
    }
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    let Command::Incident(cmd) = cmd;
    let reg = ctx.open()?;
    match cmd {
        IncidentCmd::Add(args) => {
            let id = reg.incidents().add(&args.input(now), now)?;
            let i = reg.incidents().get(id, now)?;
            ctx.out(&i, || {
                format!("incident {id} recorded: {}", clock(&i.clock))
            });
        }
        IncidentCmd::Update { id, args } => {
            reg.incidents().update(*id, &args.input(now), now)?;
            let i = reg.incidents().get(*id, now)?;
            ctx.out(&i, || format!("incident {id} updated: {}", clock(&i.clock)));
        }
        IncidentCmd::List => {
            let all = reg.incidents().all(now)?;
            ctx.out(&all, || {
                if all.is_empty() {
                    return "no incident recorded".into();
                }
                all.iter()
                    .map(|i| {
                        format!(
                            "{:>4}  {}  {:<10} {}  — {}",
                            i.id,
                            i.learned_local,
                            i.data.nature.as_str(),
                            i.data.title,
                            clock(&i.clock)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        IncidentCmd::Report {
            id,
            all,
            out,
            language,
        } => {
            let profile = reg.org().profile()?;
            let lang = language.unwrap_or(profile.language);
            let doc = match (id, all) {
                (Some(id), _) => {
                    carnet_docs::incident_report(&reg.incidents().get(*id, now)?, &profile, lang)
                }
                (None, true) => {
                    carnet_docs::incident_register(&reg.incidents().all(now)?, &profile, lang)
                }
                (None, false) => {
                    return Err(Error::InvalidInput {
                        field: carnet_core::Field::IncidentTitle,
                        reason: "name the incident, or --all for the register",
                    })
                }
            };
            carnet_core::register::write_atomically(out, &carnet_docs::render(&doc)?)?;
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!("wrote {}", out.display())
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
