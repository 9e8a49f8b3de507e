//! Spreadsheets in and out: `import people FILE` (with the same checks and report as
//! the app's wizard) and `export LIST` for French Excel.

use carnet_core::Contexts;
use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::exchange::{read_table_file, PeopleImport, PeopleImportReport};
use carnet_core::exchange::{DateOrder, DuplicateChoice, ExportList, ImportTarget};
use carnet_core::model::Channel;
use carnet_core::Error;
use chrono::NaiveDate;
use clap::Subcommand;

use crate::ctx::{parse_enum, Ctx};

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Import a spreadsheet (CSV: UTF-8 or Windows-1252, `;` `,` or tab): every line
    /// checked first; written in one transaction, or not at all
    #[command(subcommand)]
    Import(ImportCmd),
    /// Export a list as a spreadsheet for French Excel (`;`, UTF-8 with its mark)
    Export {
        /// people, members, entrants, licences, subscribers or requests
        #[arg(value_parser = parse_enum::<ExportList>)]
        list: ExportList,
        /// The contest (entrants) or newsletter list (subscribers)
        #[arg(long)]
        of: Option<i64>,
        /// Name no one: pseudonyms, no emails, phones or streets, years of birth only
        #[arg(long)]
        pseudonymise: bool,
        #[arg(long)]
        out: PathBuf,
    },
}

/// `HEADER=TARGET`: the file's column (by header, or by number from 1) and what it holds.
fn parse_map(s: &str) -> Result<(String, Option<ImportTarget>), String> {
    let (column, target) = s
        .rsplit_once('=')
        .ok_or("expected HEADER=TARGET (e.g. \"Courriel 2=email\", or 3=skip)")?;
    let target = match target.trim() {
        "skip" | "" => None,
        t => Some(parse_enum::<ImportTarget>(t)?),
    };
    Ok((column.trim().to_owned(), target))
}

/// `LINE=skip|update|create`: what to do with a line that looks like someone registered.
fn parse_decision(s: &str) -> Result<(usize, DuplicateChoice), String> {
    let (line, choice) = s
        .split_once('=')
        .ok_or("expected LINE=skip|update|create")?;
    Ok((
        line.trim().parse().map_err(|_| "the line is a number")?,
        parse_enum::<DuplicateChoice>(choice.trim())?,
    ))
}

#[derive(Subcommand)]
pub(crate) enum ImportCmd {
    /// People (and members): report what each line does; --dry-run writes nothing
    People {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// A column and what it holds, HEADER=TARGET (repeat); others are guessed by header
        #[arg(long = "map", value_parser = parse_map)]
        map: Vec<(String, Option<ImportTarget>)>,
        /// How slash dates read when a column allows both: day_first or month_first
        #[arg(long, value_parser = parse_enum::<DateOrder>)]
        date_order: Option<DateOrder>,
        /// Where these people's data came from
        #[arg(long, value_parser = parse_enum::<Channel>, default_value = "paper_form")]
        channel: Channel,
        /// When it was collected, for lines without a date [default: today]
        #[arg(long)]
        collected_on: Option<NaiveDate>,
        /// Every line becomes a member too
        #[arg(long)]
        members: bool,
        /// A decision for a line that looks like someone registered, LINE=skip|update|create
        #[arg(long = "decide", value_parser = parse_decision)]
        decisions: Vec<(usize, DuplicateChoice)>,
    },
}

fn human(r: &PeopleImportReport) -> String {
    let mut s = format!(
        "{} lines ({:?}, '{}'): {} to create, {} to update, {} unchanged, {} awaiting a decision, {} skipped, {} with problems",
        r.lines,
        r.encoding,
        r.separator.escape_default(),
        r.created,
        r.updated,
        r.unchanged,
        r.duplicates,
        r.skipped,
        r.invalid
    );
    for (i, (h, m)) in r.headers.iter().zip(&r.mapping).enumerate() {
        s += &format!(
            "\n  column {}  {h:<24} → {}",
            i + 1,
            m.map(|t| t.as_str()).unwrap_or("(not imported)")
        );
    }
    for c in &r.ask_date_order {
        s += &format!(
            "\n  column {} has dates that read both ways (JJ/MM or MM/JJ): say --date-order day_first or month_first",
            c + 1
        );
    }
    for p in &r.problems {
        s += &format!("\n  line {}: {} {}", p.line, p.field, p.reason);
    }
    for l in r.attention.iter().filter(|l| l.existing.is_some()) {
        s += &format!(
            "\n  line {}: {} looks like person {} ({}) — {:?}",
            l.line,
            l.name,
            l.existing.unwrap_or_default(),
            l.existing_name.clone().unwrap_or_default(),
            l.outcome
        );
    }
    s += if r.dry_run {
        "\nnothing was written"
    } else {
        "\nimported"
    };
    s
}

pub(crate) fn run(ctx: &Ctx, cmd: &Command) -> Result<ExitCode, Error> {
    let now = ctx.now;
    let reg = ctx.open()?;
    match cmd {
        Command::Import(ImportCmd::People {
            file,
            dry_run,
            map,
            date_order,
            channel,
            collected_on,
            members,
            decisions,
        }) => {
            let table = read_table_file(file)?;
            let mut mapping = carnet_core::exchange::people::guess_mapping(&table.headers);
            for (column, target) in map {
                let index = match column.parse::<usize>() {
                    Ok(n) if n >= 1 && n <= table.headers.len() => n - 1,
                    _ => table
                        .headers
                        .iter()
                        .position(|h| h.eq_ignore_ascii_case(column))
                        .ok_or(Error::invalid(
                            carnet_core::Field::ImportColumn,
                            "no column of the file has this header",
                        ))?,
                };
                if let Some(t) = target {
                    for m in mapping.iter_mut() {
                        if *m == Some(*t) {
                            *m = None;
                        }
                    }
                }
                mapping[index] = *target;
            }
            let how = PeopleImport {
                mapping,
                date_order: *date_order,
                channel: *channel,
                collected_on: *collected_on,
                members: *members,
                decisions: decisions.iter().copied().collect(),
                dry_run: *dry_run,
            };
            let report = reg
                .exchange()
                .import_people(&table, &how, now, &mut |_, _| true)?;
            ctx.out(&report, || human(&report));
            if !report.ready() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Export {
            list,
            of,
            pseudonymise,
            out,
        } => {
            let export = reg.exchange().export_list(*list, *of, *pseudonymise, now)?;
            carnet_core::register::write_atomically(out, &export.bytes)?;
            ctx.out(
                &serde_json::json!({ "written": out, "rows": export.rows }),
                || format!("{} rows written to {}", export.rows, out.display()),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
