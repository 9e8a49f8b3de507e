//! `carnet-admin`: Carnet's command-line companion for the IT helper — create a
//! register, add and find people, record consents, verify the ledger — on the same
//! domain crate as the desktop app.

mod accounts;
mod backup;
mod consent;
mod contests;
mod ctx;
mod exchange;
mod family;
mod incidents;
mod licences;
mod newsletter;
mod people;
mod privacy;
mod register;
mod remote;
mod requests;

use std::path::PathBuf;
use std::process::ExitCode;

use carnet_core::{Error, ErrorBody};
use chrono::Utc;
use clap::{Parser, Subcommand};

use ctx::Ctx;

#[derive(Parser)]
#[command(
    name = "carnet-admin",
    version,
    about = "Carnet's command-line companion: the encrypted register from a terminal or a script"
)]
pub(crate) struct Cli {
    /// Register file [default: carnet.db in the OS application-data folder]
    #[arg(long, env = "CARNET_DB", global = true)]
    pub db: Option<PathBuf>,
    /// Unlock with the passphrase held in this environment variable (instead of the OS keyring)
    #[arg(long, value_name = "VAR", global = true)]
    pub passphrase_env: Option<String>,
    /// Unlock with the recovery key written in this file
    #[arg(long, value_name = "FILE", global = true)]
    pub recovery_key_file: Option<PathBuf>,
    /// Unlock as this staff account (its passphrase from --passphrase-env, else its entry in
    /// the OS keyring); the audit log then names the account
    #[arg(long, env = "CARNET_ACCOUNT", global = true)]
    pub account: Option<String>,
    /// Staff member recorded in the audit log and on consents [default: the OS user name]
    #[arg(long, env = "CARNET_STAFF", global = true)]
    pub staff: Option<String>,
    /// Run through the register service at this address (host:port) instead of a register
    /// file: this PC paired first (`service pair`), the account signed in with --account
    /// and --passphrase-env
    #[arg(long, env = "CARNET_SERVER", global = true)]
    pub server: Option<String>,
    /// This PC's pairing with the service [default: pairings/ in the OS application-data folder]
    #[arg(long, value_name = "FILE", env = "CARNET_PAIRING", global = true)]
    pub pairing: Option<PathBuf>,
    /// Print results (and errors) as JSON
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// Every command, one module per context (the same names as the domain's); each module's
/// commands are flattened here so the command line stays `carnet-admin person add`,
/// `carnet-admin verify`…
#[derive(Subcommand)]
pub(crate) enum Command {
    #[command(flatten)]
    Register(register::Command),
    #[command(flatten)]
    People(people::Command),
    #[command(flatten)]
    Family(family::Command),
    #[command(flatten)]
    Consent(consent::Command),
    #[command(flatten)]
    Requests(requests::Command),
    #[command(flatten)]
    Privacy(privacy::Command),
    #[command(flatten)]
    Incidents(incidents::Command),
    #[command(flatten)]
    Contests(contests::Command),
    #[command(flatten)]
    Exchange(exchange::Command),
    #[command(flatten)]
    Newsletter(newsletter::Command),
    #[command(flatten)]
    Licences(licences::Command),
    #[command(flatten)]
    Backup(backup::Command),
    #[command(flatten)]
    Accounts(accounts::Command),
    #[command(flatten)]
    Remote(remote::Command),
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
    if let Command::Remote(remote::Command::Service(cmd)) = &ctx.cli.command {
        if let Some(paired) = remote::pair_here(ctx, cmd) {
            return paired;
        }
    }
    if let Some(address) = &ctx.cli.server {
        return remote::run(ctx, address);
    }
    match &ctx.cli.command {
        Command::Register(c) => register::run(ctx, c),
        Command::People(c) => people::run(ctx, c),
        Command::Family(c) => family::run(ctx, c),
        Command::Consent(c) => consent::run(ctx, c),
        Command::Requests(c) => requests::run(ctx, c),
        Command::Privacy(c) => privacy::run(ctx, c),
        Command::Incidents(c) => incidents::run(ctx, c),
        Command::Contests(c) => contests::run(ctx, c),
        Command::Exchange(c) => exchange::run(ctx, c),
        Command::Newsletter(c) => newsletter::run(ctx, c),
        Command::Licences(c) => licences::run(ctx, c),
        Command::Backup(c) => backup::run(ctx, c),
        Command::Accounts(c) => accounts::run(ctx, c),
        Command::Remote(_) => {
            eprintln!("error [server_required]: name the service: --server ADDRESS");
            Ok(ExitCode::from(2))
        }
    }
}
