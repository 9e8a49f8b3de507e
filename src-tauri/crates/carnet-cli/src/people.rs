//! People: add, list, show, search.

use carnet_core::Contexts;
use std::process::ExitCode;

use carnet_core::model::{Channel, Language};
use carnet_core::people::{Address, PersonInput, PersonPage};
use carnet_core::Error;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// People: add, list, show
    #[command(subcommand)]
    Person(PersonCmd),
    /// Find people by any part of their names (accents and case ignored)
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
}

#[derive(Subcommand)]
pub(crate) enum PersonCmd {
    Add(Box<PersonArgs>),
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
pub(crate) struct PersonArgs {
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

impl PersonArgs {
    /// The person as typed (collected today unless said).
    pub(crate) fn input(&self, today: NaiveDate) -> PersonInput {
        PersonInput {
            given_name: self.given.clone(),
            family_name: self.family.clone(),
            emails: self.email.clone(),
            phones: self.phone.clone(),
            address: Address {
                street: self.street.clone(),
                city: self.city.clone(),
                region: self.region.clone(),
                postal_code: self.postal_code.clone(),
                country: self.country.clone(),
            },
            preferred_language: self.language,
            birth_date: self.birth_date,
            collection_channel: self.channel,
            collected_on: self.collected_on.unwrap_or(today),
            notes: self.notes.clone(),
        }
    }
}

pub(crate) fn run(ctx: &Ctx, command: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match command {
        Command::Person(PersonCmd::Add(a)) => {
            let reg = ctx.open()?;
            let id = reg.people().add(&a.input(ctx.today()), now)?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("added person {id}")
            });
        }
        Command::Person(PersonCmd::List { offset, limit }) => {
            let reg = ctx.open()?;
            let people = reg.people().list(*offset, *limit)?;
            ctx.out(&people, || summaries(&people));
        }
        Command::Person(PersonCmd::Show { id }) => {
            let reg = ctx.open()?;
            let page = reg.people().page(*id, ctx.today())?;
            ctx.out(&page, || show_person(&page));
        }
        Command::Search { query, limit } => {
            let reg = ctx.open()?;
            let found = reg.people().search(query, *limit)?;
            ctx.out(&found, || summaries(&found));
        }
    }
    Ok(ExitCode::SUCCESS)
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
