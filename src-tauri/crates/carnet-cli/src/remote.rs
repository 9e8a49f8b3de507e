//! The command line through the register service (`--server ADDRESS`): this PC pairs once
//! (`service pair`), then each command signs the account in (`--account`, its passphrase
//! from `--passphrase-env`), runs as that account at the service and signs out. The roles
//! are the service's; nothing of the register is kept here but the pairing.

use std::path::PathBuf;
use std::process::ExitCode;

use carnet_api as api;
use carnet_core::Error;
use carnet_server::client::{pair, ClientError, Connection, Pairing};
use carnet_server::proto::Call;
use clap::Subcommand;

use crate::ctx::Ctx;
use crate::Command as Any;

#[derive(Subcommand)]
pub(crate) enum Command {
    /// The register service (several PCs on one register): pair this PC, list or revoke
    /// the paired PCs
    #[command(subcommand)]
    Service(ServiceCmd),
}

#[derive(Subcommand)]
pub(crate) enum ServiceCmd {
    /// Pair this PC with the service at ADDRESS (host:port), with the code it shows
    Pair {
        address: String,
        #[arg(long)]
        code: String,
        /// This PC's name, as the person in charge will see it [default: the host name]
        #[arg(long)]
        name: Option<String>,
    },
    /// The PCs paired with the service (with --server)
    Devices,
    /// Revoke a paired PC: its pairing opens nothing from now on (with --server)
    RevokeDevice { id: i64 },
    /// Any command of the schema the app and the service share, by its name, with its
    /// arguments as JSON (with --server; `service commands` lists the names)
    Call {
        command: String,
        #[arg(long, default_value = "{}")]
        args: String,
    },
    /// The names of the commands the service carries
    Commands,
}

/// Where this PC keeps its pairing with `address` (`--pairing` elsewhere).
fn pairing_path(ctx: &Ctx, address: &str) -> Result<PathBuf, Error> {
    if let Some(p) = &ctx.cli.pairing {
        return Ok(p.clone());
    }
    let dir = carnet_core::register::default_path()
        .and_then(|p| p.parent().map(|d| d.join("pairings")))
        .ok_or(Error::DatabaseNotFound)?;
    let name: String = address
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    Ok(dir.join(format!("{name}.json")))
}

/// A refusal or a fault, said as the rest of the command line says errors.
fn failed(ctx: &Ctx, e: &ClientError) -> ExitCode {
    if ctx.cli.json {
        eprintln!(
            "{}",
            serde_json::json!({ "code": e.code(), "message": e.to_string() })
        );
    } else {
        eprintln!("error [{}]: {e}", e.code());
    }
    ExitCode::from(2)
}

/// What runs without --server: pairing this PC (the address is the command's), and the
/// list of the schema's commands.
pub(crate) fn pair_here(ctx: &Ctx, cmd: &ServiceCmd) -> Option<Result<ExitCode, Error>> {
    let (address, code, name) = match cmd {
        ServiceCmd::Pair {
            address,
            code,
            name,
        } => (address, code, name),
        ServiceCmd::Commands => {
            ctx.out(&api::NAMES, || api::NAMES.join("\n"));
            return Some(Ok(ExitCode::SUCCESS));
        }
        _ => return None,
    };
    let name = name
        .clone()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "carnet-admin".into());
    Some((|| {
        let paired = match pair(address, code, &name) {
            Ok(p) => p,
            Err(e) => return Ok(failed(ctx, &e)),
        };
        let path = pairing_path(ctx, address)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        paired.save(&path)?;
        ctx.out(
            &serde_json::json!({ "device_id": paired.device_id, "pairing": path, "fingerprint": paired.fingerprint }),
            || {
                format!(
                    "paired as device {} (the service's certificate {}); kept in {}",
                    paired.device_id,
                    carnet_server::tls::shown(
                        &hex::decode(&paired.fingerprint)
                            .ok()
                            .and_then(|b| b.try_into().ok())
                            .unwrap_or([0; 32])
                    ),
                    path.display()
                )
            },
        );
        Ok(ExitCode::SUCCESS)
    })())
}

/// The call a command makes through the service, if it has one yet.
fn call_for(ctx: &Ctx, command: &Any) -> Option<Call> {
    use crate::people::{Command as P, PersonCmd};
    use crate::register::Command as R;
    use crate::requests::{Command as Q, RequestCmd};
    Some(match command {
        Any::People(P::Search { query, limit }) => Call::of(&api::people::SearchPeople {
            query: query.clone(),
            limit: *limit,
        }),
        Any::People(P::Person(PersonCmd::Add(a))) => Call::of(&api::people::SavePerson {
            id: None,
            input: a.input(ctx.today()),
        }),
        Any::Register(R::Audit { limit }) => Call::of(&api::service::AuditLog { limit: *limit }),
        Any::Remote(Command::Service(ServiceCmd::Devices)) => Call::of(&api::service::Devices {}),
        Any::Remote(Command::Service(ServiceCmd::RevokeDevice { id })) => {
            Call::of(&api::service::RevokeDevice { id: *id })
        }
        Any::Requests(Q::Request(RequestCmd::List { all })) => {
            Call::of(&api::requests::ListRequests { open_only: !all })
        }
        Any::Requests(Q::Request(add @ RequestCmd::Add { .. })) => {
            Call::of(&api::requests::AddRequest {
                input: add.add_input(ctx.today())?,
            })
        }
        Any::Requests(Q::Request(RequestCmd::VerifyIdentity { id, method, on })) => {
            Call::of(&api::requests::VerifyRequestIdentity {
                id: *id,
                method: *method,
                on: on.unwrap_or(ctx.today()),
            })
        }
        Any::Requests(Q::Request(RequestCmd::Extend {
            id,
            notice_on,
            reason,
        })) => Call::of(&api::requests::ExtendRequest {
            id: *id,
            notice_on: notice_on.unwrap_or(ctx.today()),
            reason: reason.clone(),
        }),
        // Any command of the schema, by name: arguments that do not fit it run nothing
        // (the service says `bad_request`).
        Any::Remote(Command::Service(ServiceCmd::Call { command, args })) => Call {
            command: command.clone(),
            args: serde_json::from_str(args).ok()?,
        },
        _ => return None,
    })
}

/// Runs the command through the service at `address`.
pub(crate) fn run(ctx: &Ctx, address: &str) -> Result<ExitCode, Error> {
    if let Any::Remote(Command::Service(ServiceCmd::Call { args, .. })) = &ctx.cli.command {
        if serde_json::from_str::<serde_json::Value>(args).is_err() {
            eprintln!("error [invalid_input]: --args is not JSON (an object of the command's arguments, e.g. '{{\"id\": 3}}')");
            return Ok(ExitCode::from(2));
        }
    }
    let Some(call) = call_for(ctx, &ctx.cli.command) else {
        eprintln!(
            "error [not_available]: this command does not run through the service yet: run it on the service's machine, with --db"
        );
        return Ok(ExitCode::from(2));
    };
    let path = pairing_path(ctx, address)?;
    let pairing = match Pairing::load(&path) {
        Ok(p) if p.address == address => p,
        _ => {
            eprintln!(
                "error [not_paired]: this PC is not paired with {address}: carnet-admin service pair {address} --code XXXX-XXXX"
            );
            return Ok(ExitCode::from(2));
        }
    };
    let (Some(account), Some(var)) = (&ctx.cli.account, &ctx.cli.passphrase_env) else {
        eprintln!("error [account_required]: name the account (--account) and its passphrase (--passphrase-env)");
        return Ok(ExitCode::from(2));
    };
    let pass = Ctx::passphrase(var)?;
    let answer = Connection::open(&pairing).and_then(|mut conn| {
        let session = conn.sign_in(&pairing, account, &pass)?;
        let answer = conn.call(&session, call);
        let _ = conn.sign_out(&session);
        answer
    });
    match answer {
        Ok(value) => {
            ctx.out(&value, || match &value {
                serde_json::Value::Null => "done".into(),
                v => serde_json::to_string_pretty(v).unwrap_or_default(),
            });
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => Ok(failed(ctx, &e)),
    }
}
