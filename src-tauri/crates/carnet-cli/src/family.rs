//! Families: guardians (a parent, a tutor, a school acting for a pupil), memberships and the organisations themselves.

use carnet_core::Contexts;
use carnet_core::Field;
use std::process::ExitCode;

use carnet_core::family::{Guardian, MembershipInput};
use carnet_core::family::{MembershipStatus, Relation};
use carnet_core::model::Channel;
use carnet_core::org::OrgKind;
use carnet_core::org::OrganisationInput;
use carnet_core::Error;
use chrono::NaiveDate;
use clap::{Args, Subcommand};

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Schools and other organisations
    #[command(subcommand, name = "org")]
    Organisation(OrgCmd),
    /// Link a guardian (parent, tutor) or a school to a child
    Guardian(GuardianArgs),
    /// Add a membership period
    Membership(MembershipArgs),
}

#[derive(Subcommand)]
pub(crate) enum OrgCmd {
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
pub(crate) struct GuardianArgs {
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
pub(crate) struct MembershipArgs {
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

pub(crate) fn run(ctx: &Ctx, command: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    match command {
        Command::Organisation(OrgCmd::Add {
            name,
            kind,
            email,
            phone,
            address,
            channel,
            collected_on,
        }) => {
            let reg = ctx.open()?;
            let id = reg.org().add_organisation(
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
            let orgs = reg.org().organisations()?;
            ctx.out(&orgs, || {
                orgs.iter()
                    .map(|o| format!("{:>6}  {}  ({})", o.id, o.data.name, o.data.kind))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        Command::Guardian(a) => {
            let reg = ctx.open()?;
            let (guardian, default_relation) = match (a.person, a.organisation) {
                (Some(p), None) => (Guardian::Person(p), Relation::Parent),
                (None, Some(o)) => (Guardian::Organisation(o), Relation::School),
                _ => {
                    return Err(Error::InvalidInput {
                        field: Field::Guardian,
                        reason: "give --person or --organisation",
                    })
                }
            };
            let id = reg.family().link_guardian(
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
            let reg = ctx.open()?;
            let id = reg.family().add_membership(
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
    }
    Ok(ExitCode::SUCCESS)
}
