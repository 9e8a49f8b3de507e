//! Contests: record one, enter people (typed or imported), draw, check the draw, winners,
//! labels and shipping.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::contests::{
    ContestInput, EntryImport, PrizeInput, ShipmentStatus, CONTEST_DEFAULTS,
};
use carnet_core::contests::{ContestKind, OnePer};
use carnet_core::model::{Channel, Language};
use carnet_core::Error;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Contests: entries, a draw anyone can check, winners, labels and shipping
    #[command(subcommand)]
    Contest(ContestCmd),
}

/// A prize as `NAME:QUANTITY:VALUE` (value in the currency's units, e.g. `Métronome:1:35`).
fn parse_prize(s: &str) -> Result<PrizeInput, String> {
    let mut parts = s.rsplitn(3, ':');
    let value = parts.next().unwrap_or_default();
    let quantity = parts.next().ok_or("expected NAME:QUANTITY:VALUE")?;
    let name = parts.next().ok_or("expected NAME:QUANTITY:VALUE")?;
    let value: f64 = value
        .replace(',', ".")
        .parse()
        .map_err(|_| "the value is not a number")?;
    Ok(PrizeInput {
        name: name.to_owned(),
        quantity: quantity
            .parse()
            .map_err(|_| "the quantity is not a number")?,
        value_cents: (value * 100.0).round() as u64,
    })
}

#[derive(Subcommand)]
pub(crate) enum ContestCmd {
    /// Record a contest and its prizes
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        opens: NaiveDate,
        #[arg(long)]
        closes: NaiveDate,
        #[arg(long)]
        draw: NaiveDate,
        /// A prize, NAME:QUANTITY:VALUE (repeat for each)
        #[arg(long = "prize", value_parser = parse_prize, required = true)]
        prizes: Vec<PrizeInput>,
        #[arg(long, default_value_t = CONTEST_DEFAULTS.claim_days)]
        claim_days: u32,
        #[arg(long)]
        min_age: Option<u8>,
        #[arg(long)]
        max_age: Option<u8>,
        /// A region or country whose residents may enter (repeat; none: all)
        #[arg(long = "region")]
        regions: Vec<String>,
        /// person or household
        #[arg(long, value_parser = parse_enum::<OnePer>, default_value = "person")]
        one_per: OnePer,
        /// free, or (France) tombola
        #[arg(long, value_parser = parse_enum::<ContestKind>, default_value = "free")]
        kind: ContestKind,
        #[arg(long, default_value = "")]
        tombola_authorisation: String,
        #[arg(long, default_value = "")]
        skill_question: String,
        #[arg(long, default_value = "")]
        skill_answer: String,
        #[arg(long, default_value_t = CONTEST_DEFAULTS.non_winner_days)]
        non_winner_days: u32,
        #[arg(long, default_value_t = CONTEST_DEFAULTS.winner_days)]
        winner_days: u32,
        /// The public value the rules name, to mix into the draw (e.g. "the drand round
        /// after the closing day", "Loto-Québec's 6/49 of 2026-12-19")
        #[arg(long, default_value = "")]
        public_source: String,
    },
    List,
    /// The contest: rules, entries and their eligibility, duplicates, draw, winners
    Show {
        id: i64,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
    /// Entries: add one, import a form export, decide on a likely duplicate
    #[command(subcommand)]
    Entry(EntryCmd),
    /// Close the entries (the closing day over): fixes the entry numbers drawn from
    Close {
        id: i64,
    },
    /// Draw the winners and as many alternates, revealing the committed secret
    Draw {
        id: i64,
        /// The public value the rules name, exactly as published
        #[arg(long, default_value = "")]
        public: String,
    },
    /// Redo the draw from its recorded seed and list; exits with 1 when it does not match
    VerifyDraw {
        id: i64,
    },
    /// Record a winner's answer to the skill-testing question
    Skill {
        winner: i64,
        #[arg(long)]
        answer: String,
    },
    /// The winner claimed the prize
    Claim {
        winner: i64,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Prizes not claimed by the deadline go to the next alternates
    Forfeit {
        id: i64,
    },
    /// Prepare the shipment (to the address in the register, or corrected later in the
    /// app) and mark it shipped with the carrier and tracking number
    Ship {
        winner: i64,
        /// Only prepare it (to pack, its address confirmed): `contest labels` prints it,
        /// and a later `contest ship` with the carrier marks it shipped
        #[arg(long)]
        prepare: bool,
        #[arg(long, required_unless_present = "prepare")]
        carrier: Option<String>,
        #[arg(long, default_value = "")]
        tracking: String,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// A shipment arrived or came back: delivered or returned
    Shipment {
        id: i64,
        #[arg(long, value_parser = parse_enum::<ShipmentStatus>)]
        status: ShipmentStatus,
        #[arg(long)]
        on: Option<NaiveDate>,
    },
    /// Address labels (Avery L7160 on A4, 5160 on Letter) for the prizes to pack
    Labels {
        id: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Start at this label of a half-used sheet (1 = top left)
        #[arg(long, default_value_t = 1)]
        start: usize,
        /// Printer offset in millimetres, right and down
        #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
        offset_x: f32,
        #[arg(long, default_value_t = 0.0, allow_hyphen_values = true)]
        offset_y: f32,
    },
    /// The closing statement (PDF): the entry numbers drawn from and their digest
    Closing {
        id: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
    /// The draw report (PDF): how the draw was done, entry numbers only
    Report {
        id: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
    /// The rules (PDF)
    Rules {
        id: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_parser = parse_enum::<Language>)]
        language: Option<Language>,
    },
    /// The packing list (PDF) and the shipments as CSV for a carrier's tool
    Packing {
        id: i64,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub(crate) enum EntryCmd {
    Add {
        contest: i64,
        #[arg(long)]
        person: i64,
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long, value_parser = parse_enum::<Channel>, default_value = "paper_form")]
        channel: Channel,
    },
    /// Import a form export (CSV, UTF-8): every problem with its line; nothing written
    /// while one remains, or with --dry-run
    Import {
        contest: i64,
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// Enter rows whose email is already a person's for that person
        #[arg(long)]
        link_existing: bool,
    },
    /// Leave an entry out of the draw (a duplicate)
    Exclude { entry: i64 },
    /// A likely duplicate is a different person: keep it
    Distinct { entry: i64 },
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let Command::Contest(cmd) = cmd;
    let now = ctx.now;
    let today = ctx.today();
    let mut reg = ctx.open()?;
    match cmd {
        ContestCmd::Add {
            name,
            opens,
            closes,
            draw,
            prizes,
            claim_days,
            min_age,
            max_age,
            regions,
            one_per,
            kind,
            tombola_authorisation,
            skill_question,
            skill_answer,
            non_winner_days,
            winner_days,
            public_source,
        } => {
            let id = reg.contests().add(
                &ContestInput {
                    name: name.clone(),
                    kind: *kind,
                    tombola_authorisation: tombola_authorisation.clone(),
                    opens_on: *opens,
                    closes_on: *closes,
                    draw_on: *draw,
                    claim_days: *claim_days,
                    min_age: *min_age,
                    max_age: *max_age,
                    regions: regions.clone(),
                    one_per: *one_per,
                    purpose: "contest_communications".into(),
                    skill_question: skill_question.clone(),
                    skill_answer: skill_answer.clone(),
                    rules_extra_fr: String::new(),
                    rules_extra_en: String::new(),
                    non_winner_days: *non_winner_days,
                    winner_days: *winner_days,
                    public_source: public_source.clone(),
                    prizes: prizes.clone(),
                },
                now,
            )?;
            let commitment = reg.contests().get(id)?.commitment.unwrap_or_default();
            ctx.out(
                &serde_json::json!({ "id": id, "commitment": commitment }),
                || format!("contest {id} recorded\ncommitment to its draw: {commitment}"),
            );
        }
        ContestCmd::List => {
            let all = reg.contests().list()?;
            ctx.out(&all, || list_text(&all));
        }
        ContestCmd::Show { id, language } => {
            let page = reg.contests().page(*id, now)?;
            let lang = language.unwrap_or(reg.org().profile()?.language);
            ctx.out(&page, || page_text(&page, lang));
        }
        ContestCmd::Entry(e) => return run_entry(ctx, &mut reg, e),
        ContestCmd::Close { id } => {
            let closing = reg.contests().close_entries(*id, now)?;
            ctx.out(&closing, || {
                format!(
                    "entries closed: {} entries drawn from\nlist digest {}\nentry numbers {}",
                    closing.entry_numbers.len(),
                    closing.list_digest,
                    numbers(&closing.entry_numbers)
                )
            });
        }
        ContestCmd::Draw { id, public } => {
            let check = reg.contests().draw(*id, public, now)?;
            ctx.out(&check, || draw_text(&check));
        }
        ContestCmd::VerifyDraw { id } => {
            let check = reg.contests().verify_draw(*id, now)?;
            ctx.out(&check, || verify_text(&check));
            if !check.is_valid() {
                return Ok(ExitCode::from(1));
            }
        }
        ContestCmd::Skill { winner, answer } => {
            let correct = reg.contests().record_skill_answer(*winner, answer, now)?;
            ctx.out(&serde_json::json!({ "correct": correct }), || {
                if correct {
                    "correct: the prize can be awarded".into()
                } else {
                    "wrong: the prize goes to the next alternate".into()
                }
            });
        }
        ContestCmd::Claim { winner, on } => {
            reg.contests()
                .claim_prize(*winner, on.unwrap_or(today), now)?;
            ctx.out(&serde_json::json!({ "claimed": winner }), || {
                format!("winner {winner} claimed the prize")
            });
        }
        ContestCmd::Forfeit { id } => {
            let n = reg.contests().forfeit_unclaimed(*id, now)?;
            ctx.out(&serde_json::json!({ "forfeited": n }), || {
                format!("{n} prize(s) passed to alternates")
            });
        }
        ContestCmd::Ship {
            winner,
            prepare,
            carrier,
            tracking,
            on,
        } => {
            // A shipment prepared earlier (to pack) is the one shipped now.
            let prepared = reg
                .contests()
                .shipments(None)?
                .into_iter()
                .find(|s| s.winner_id == *winner && s.status == ShipmentStatus::ToPack);
            let id = match prepared {
                Some(s) => s.id,
                None => {
                    let to = reg.contests().winner_address(*winner)?;
                    reg.contests().prepare_shipment(*winner, &to, now)?
                }
            };
            match carrier {
                Some(carrier) if !*prepare => {
                    reg.contests().update_shipment(
                        id,
                        ShipmentStatus::Shipped,
                        carrier,
                        tracking,
                        on.unwrap_or(today),
                        now,
                    )?;
                    ctx.out(
                        &serde_json::json!({ "shipment": id, "status": "shipped" }),
                        || format!("shipment {id} shipped"),
                    );
                }
                _ => ctx.out(
                    &serde_json::json!({ "shipment": id, "status": "to_pack" }),
                    || format!("shipment {id} to pack: `contest labels` prints its label"),
                ),
            }
        }
        ContestCmd::Shipment { id, status, on } => {
            reg.contests()
                .update_shipment(*id, *status, "", "", on.unwrap_or(today), now)?;
            ctx.out(
                &serde_json::json!({ "shipment": id, "status": status }),
                || format!("shipment {id}: {}", status.as_str()),
            );
        }
        ContestCmd::Labels { .. }
        | ContestCmd::Closing { .. }
        | ContestCmd::Report { .. }
        | ContestCmd::Rules { .. }
        | ContestCmd::Packing { .. } => save_document(ctx, &reg, cmd)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The entries of a contest: typed one by one, imported from a form's file, left out of
/// the draw or kept as a different person.
fn run_entry(
    ctx: &Ctx,
    reg: &mut carnet_core::Register,
    cmd: &EntryCmd,
) -> Result<ExitCode, Error> {
    let now = ctx.now;
    let today = ctx.today();
    match cmd {
        EntryCmd::Add {
            contest,
            person,
            on,
            channel,
        } => {
            let id =
                reg.contests()
                    .add_entry(*contest, *person, on.unwrap_or(today), *channel, now)?;
            ctx.out(&serde_json::json!({ "id": id }), || {
                format!("entry {id} recorded")
            });
        }
        EntryCmd::Import {
            contest,
            file,
            dry_run,
            link_existing,
        } => {
            let bytes = carnet_core::exchange::read_import_file(file)?;
            let report = reg.contests().import_entries(
                *contest,
                &bytes,
                EntryImport {
                    dry_run: *dry_run,
                    link_existing: *link_existing,
                },
                now,
            )?;
            ctx.out(&report, || import_text(&report));
            if !report.problems.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        EntryCmd::Exclude { entry } => {
            reg.contests().exclude_entry(*entry, now)?;
            ctx.out(&serde_json::json!({ "excluded": entry }), || {
                format!("entry {entry} left out of the draw")
            });
        }
        EntryCmd::Distinct { entry } => {
            reg.contests().confirm_entry_distinct(*entry, now)?;
            ctx.out(&serde_json::json!({ "distinct": entry }), || {
                format!("entry {entry} kept as a different person")
            });
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The contests, one a line.
fn list_text(all: &[carnet_core::contests::ContestSummary]) -> String {
    all.iter()
        .map(|c| {
            format!(
                "{:>4}  {}  {} → {}, draw {}  {} entries{}",
                c.contest.id,
                c.contest.data.name,
                c.contest.data.opens_on,
                c.contest.data.closes_on,
                c.contest.data.draw_on,
                c.entries,
                if c.drawn { ", drawn" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A contest's page as text: its rules in `lang`, its entries and its winners.
fn page_text(page: &carnet_core::contests::ContestPage, lang: Language) -> String {
    let mut s = match lang {
        Language::Fr => page.rules_fr.clone(),
        Language::En => page.rules_en.clone(),
    };
    s += &format!(
        "\n\n{} entries, {} eligible, {} likely-duplicate groups to decide",
        page.entries.len(),
        page.eligible,
        page.duplicates.len()
    );
    for e in &page.entries {
        s += &format!(
            "\n  entry {:>5}  {:<30} {}",
            e.id,
            e.name,
            serde_json::to_value(e.eligibility)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        );
    }
    for w in &page.winners {
        s += &format!(
            "\n  rank {:>3}  winner {:>4}  {:<30} {:<20} {}",
            w.rank,
            w.id,
            w.name,
            w.prize.clone().unwrap_or_default(),
            w.status.as_str()
        );
    }
    s
}

/// What an import of entries did (or would do), with each line's problem.
fn import_text(report: &carnet_core::contests::ImportReport) -> String {
    let mut s = format!(
            "{}: {} new, {} for people already in the register, {} left out (their email is a person's: --link-existing)",
            if report.dry_run { "nothing written" } else { "imported" },
            report.created,
            report.linked,
            report.skipped
        );
    for p in &report.problems {
        s += &format!("\n  line {}: {} {}", p.line, p.field, p.reason);
    }
    s
}

/// What checking a draw found.
fn numbers(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// A draw's values, as `docs/check_draw.py` takes them.
fn draw_text(check: &carnet_core::contests::DrawCheck) -> String {
    let mut out = format!("drawn among {} entries\n", check.entries);
    match (&check.commitment, &check.secret) {
        (Some(c), Some(s)) => out.push_str(&format!(
            "commitment {c}\nsecret {s}\npublic value {:?}\n",
            check.public_value
        )),
        _ => out.push_str(&format!("seed {} (drawn at the draw)\n", check.seed)),
    }
    out.push_str(&format!(
        "list digest {}\nentry numbers {}\norder drawn {}",
        check.list_digest,
        numbers(&check.entry_numbers),
        numbers(&check.drawn)
    ));
    out
}

fn verify_text(check: &carnet_core::contests::DrawCheck) -> String {
    format!(
        "{}: list {} , order {}{}",
        if check.is_valid() {
            "draw verified"
        } else {
            "DRAW DOES NOT MATCH"
        },
        if check.list_intact {
            "intact"
        } else {
            "ALTERED"
        },
        if check.order_reproduced {
            "reproduced"
        } else {
            "DIFFERENT"
        },
        if check.matches_current_entries {
            ""
        } else {
            " (the entries have changed since the draw, or were purged)"
        }
    )
}

/// A contest's documents written to `out`: the labels of the prizes to send, the draw
/// report, the rules, the packing list (and its CSV).
fn save_document(ctx: &Ctx, reg: &carnet_core::Register, cmd: &ContestCmd) -> Result<(), Error> {
    let now = ctx.now;
    match cmd {
        ContestCmd::Labels {
            id,
            out,
            start,
            offset_x,
            offset_y,
        } => {
            let sheet = carnet_docs::Sheet::for_paper(reg.org().profile()?.paper);
            let labels = reg.contests().labels_to_print(*id)?;
            let pdf = carnet_docs::address_labels(
                &labels,
                sheet,
                carnet_docs::LabelOptions {
                    start: *start,
                    offset_mm: (*offset_x, *offset_y),
                },
            )?;
            carnet_core::register::write_atomically(out, &pdf)?;
            ctx.out(
                &serde_json::json!({ "written": out, "labels": labels.len(), "sheet": sheet.name }),
                || {
                    format!(
                        "{} labels on {} written to {}",
                        labels.len(),
                        sheet.name,
                        out.display()
                    )
                },
            );
        }
        ContestCmd::Report { id, out, language }
        | ContestCmd::Closing { id, out, language }
        | ContestCmd::Rules { id, out, language } => {
            let profile = reg.org().profile()?;
            let page = reg.contests().page(*id, now)?;
            let lang = language.unwrap_or(profile.language);
            let doc = match cmd {
                ContestCmd::Report { .. } => carnet_docs::draw_report(&page, &profile, lang),
                ContestCmd::Closing { .. } => carnet_docs::closing_statement(&page, &profile, lang),
                _ => carnet_docs::contest_rules(&page, &profile, lang),
            };
            carnet_core::register::write_atomically(out, &carnet_docs::render(&doc)?)?;
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!("wrote {}", out.display())
            });
        }
        ContestCmd::Packing { id, out, csv } => {
            let profile = reg.org().profile()?;
            let contest = reg.contests().get(*id)?;
            let shipments = reg.contests().shipments(Some(*id))?;
            let doc = carnet_docs::packing_list(
                &contest.data.name,
                &shipments,
                &profile,
                profile.language,
            );
            carnet_core::register::write_atomically(out, &carnet_docs::render(&doc)?)?;
            if let Some(csv) = csv {
                carnet_core::register::write_atomically(csv, &reg.contests().shipments_csv(*id)?)?;
            }
            ctx.out(&serde_json::json!({ "written": out }), || {
                format!("wrote {}", out.display())
            });
        }
        _ => unreachable!("save_document is called for documents only"),
    }
    Ok(())
}
