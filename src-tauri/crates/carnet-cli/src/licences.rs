//! Licences: record, list (the soonest to end first), renew, and the reminder letter.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::licences::{Licence, LicenceInput, Licensee, TermInput};
use carnet_core::model::Language;
use carnet_core::Error;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Licences: terms, renewals and reminders
    #[command(subcommand)]
    Licence(LicenceCmd),
}

/// A price as `450` or `450.50` (in the currency's units).
fn parse_price(s: &str) -> Result<i64, String> {
    let v: f64 = s
        .replace(',', ".")
        .parse()
        .map_err(|_| "the price is a number, e.g. 450.50")?;
    Ok((v * 100.0).round() as i64)
}

#[derive(Args)]
pub(crate) struct TermArgs {
    #[arg(long)]
    starts: NaiveDate,
    #[arg(long)]
    ends: NaiveDate,
    #[arg(long)]
    seats: i64,
    /// In the currency's units (CAD in Quebec, EUR in France)
    #[arg(long, value_parser = parse_price)]
    price: i64,
    #[arg(long, default_value = "")]
    invoice: String,
}

impl TermArgs {
    fn term(&self) -> TermInput {
        TermInput {
            starts_on: self.starts,
            ends_on: self.ends,
            seats: self.seats,
            price_cents: self.price,
            invoice_ref: self.invoice.clone(),
        }
    }
}

#[derive(Subcommand)]
pub(crate) enum LicenceCmd {
    Add {
        /// The licensee: an organisation (a school)…
        #[arg(long, conflicts_with = "person", required_unless_present = "person")]
        organisation: Option<i64>,
        /// …or a person
        #[arg(long)]
        person: Option<i64>,
        /// The person the office writes to about it
        #[arg(long)]
        contact: Option<i64>,
        #[arg(long)]
        product: String,
        #[arg(long)]
        code: String,
        #[command(flatten)]
        term: TermArgs,
    },
    /// Every licence, the soonest to end first; --within DAYS keeps those ending by then
    List {
        #[arg(long)]
        within: Option<i64>,
    },
    /// A new term, kept in the licence's history
    Renew {
        id: i64,
        #[command(flatten)]
        term: TermArgs,
    },
    /// The reminder letter to the contact (PDF)
    Reminder {
        id: i64,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
}

fn line(l: &Licence) -> String {
    format!(
        "{:>4}  {:<14} {:<28} {:<28} ends {} ({} days){}",
        l.id,
        l.code,
        l.product,
        l.licensee_name,
        l.ends_on,
        l.days_left,
        if l.expired { ", ended" } else { "" }
    )
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let Command::Licence(cmd) = cmd;
    let now = ctx.now;
    let reg = ctx.open()?;
    match cmd {
        LicenceCmd::Add {
            organisation,
            person,
            contact,
            product,
            code,
            term,
        } => {
            let licensee = match (organisation, person) {
                (Some(o), _) => Licensee::Organisation(*o),
                (None, Some(p)) => Licensee::Person(*p),
                (None, None) => unreachable!("clap requires one"),
            };
            let id = reg.licences().add(
                &LicenceInput {
                    licensee,
                    contact_person_id: *contact,
                    product: product.clone(),
                    code: code.clone(),
                    term: term.term(),
                },
                now,
            )?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("licence {id} recorded")
            });
        }
        LicenceCmd::List { within } => {
            let all: Vec<Licence> = reg
                .licences()
                .all(now)?
                .into_iter()
                .filter(|l| within.is_none_or(|w| l.days_left >= 0 && l.days_left <= w))
                .collect();
            ctx.out(&all, || all.iter().map(line).collect::<Vec<_>>().join("\n"));
        }
        LicenceCmd::Renew { id, term } => {
            reg.licences().renew(*id, &term.term(), now)?;
            let l = reg.licences().get(*id, now)?;
            ctx.out(&l, || line(&l));
        }
        LicenceCmd::Reminder { id, out, language } => {
            let profile = reg.org().profile()?;
            let l = reg.licences().get(*id, now)?;
            let doc = carnet_docs::licence_reminder(
                &l,
                &profile,
                language.unwrap_or(profile.language),
                ctx.today(),
            );
            carnet_core::register::write_atomically(out, &carnet_docs::render(&doc)?)?;
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!("wrote {}", out.display())
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}
