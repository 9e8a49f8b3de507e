//! The command schema: every command the screens send to a register is a name, a typed
//! request (a structure of its arguments) and a typed answer, run by [`Command::run`] on
//! a [`Register`] as the account it was opened or served as. The desktop app runs them on
//! its own register; the register service runs the same ones for its clients, found by
//! name through [`dispatch`]. Nothing here knows Tauri, a window or a socket: a command
//! is a domain call and its clock, nothing more, so both carriers enforce the same rules
//! (the domain's) and answer the same values.
//!
//! A command that makes a document answers a [`File`] (its name and bytes): the service
//! makes it where the register is, the client saves it through its own dialog.
//!
//! - [`people`], [`family`], [`consent`], [`org`], [`requests`], [`privacy`], [`exchange`],
//!   [`incidents`], [`licences`], [`newsletter`], [`contests`], [`accounts`], [`backup`],
//!   [`service`]: the commands, one module per context of the domain.

use carnet_core::{Error, Register};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// When, and from which paired device, a command runs: read once by the carrier, so the
/// domain never reads a clock. The office's day is the register's (its UTC offset is set
/// by the carrier before each command).
#[derive(Debug, Clone, Copy)]
pub struct At {
    pub now: DateTime<Utc>,
    /// The service's paired device the call comes from (`None` in the app itself).
    pub device: Option<i64>,
}

impl At {
    pub fn now() -> At {
        At {
            now: Utc::now(),
            device: None,
        }
    }
}

/// One command: its name on the wire, its arguments (the structure itself) and its answer.
pub trait Command: Serialize + DeserializeOwned {
    const NAME: &'static str;
    /// It only reads (declared `read` in [`command!`]).
    const READS_ONLY: bool;
    type Answer: Serialize;
    fn run(self, reg: &mut Register, at: &At) -> carnet_core::Result<Self::Answer>;
}

/// A document made where the register is: the file name it suggests, and its bytes
/// (base64 on the wire).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct File {
    pub name: String,
    #[serde(with = "base64")]
    pub bytes: Vec<u8>,
}

mod base64 {
    use data_encoding::BASE64;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&BASE64.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        BASE64
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

/// Declares a command: its structure (the arguments), its wire name, its answer and the
/// domain call that answers it. A command declared `read` only reads: the register
/// service may answer it on a read-only connection beside the one that writes (where a
/// write would fail, not happen).
#[macro_export]
macro_rules! command {
    (read $($rest:tt)*) => {
        $crate::command!(@declare true; $($rest)*);
    };
    (
        @declare $reads:literal;
        $(#[$meta:meta])*
        $name:ident = $wire:literal { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }
        -> $answer:ty,
        |$this:ident, $reg:ident, $at:ident| $body:expr
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl $crate::Command for $name {
            const NAME: &'static str = $wire;
            const READS_ONLY: bool = $reads;
            type Answer = $answer;
            #[allow(unused_variables)]
            fn run(
                self,
                $reg: &mut carnet_core::Register,
                $at: &$crate::At,
            ) -> carnet_core::Result<$answer> {
                let $this = self;
                $body
            }
        }
    };
    ($($rest:tt)*) => {
        $crate::command!(@declare false; $($rest)*);
    };
}

pub mod accounts;
pub mod backup;
pub mod consent;
pub mod contests;
pub mod exchange;
pub mod family;
pub mod incidents;
pub mod licences;
pub mod newsletter;
pub mod org;
pub mod people;
pub mod privacy;
pub mod requests;
pub mod service;

fn run_json<C: Command>(
    args: serde_json::Value,
    reg: &mut Register,
    at: &At,
) -> carnet_core::Result<serde_json::Value> {
    // Arguments that do not fit the command's structure run nothing.
    let command: C = serde_json::from_value(args).map_err(|_| Error::BadRequest(C::NAME))?;
    let answer = command.run(reg, at)?;
    serde_json::to_value(answer).map_err(|_| Error::Io("the answer could not be written".into()))
}

macro_rules! schema {
    ($($module:ident :: $command:ident),* $(,)?) => {
        /// Every command's wire name, in the schema's order.
        pub const NAMES: &[&str] = &[$(<$module::$command as Command>::NAME),*];

        /// Runs the command named `name` with its arguments as JSON; an unknown name, or
        /// arguments that do not fit, run nothing (`bad_request`).
        pub fn dispatch(
            name: &str,
            args: serde_json::Value,
            reg: &mut Register,
            at: &At,
        ) -> carnet_core::Result<serde_json::Value> {
            $(
                if name == <$module::$command as Command>::NAME {
                    return run_json::<$module::$command>(args, reg, at);
                }
            )*
            Err(Error::BadRequest("unknown command"))
        }

        /// Whether the command named `name` only reads (an unknown name: no).
        pub fn reads_only(name: &str) -> bool {
            $(
                if name == <$module::$command as Command>::NAME {
                    return <$module::$command as Command>::READS_ONLY;
                }
            )*
            false
        }
    };
}

schema! {
    accounts::Session,
    accounts::StaffAccounts,
    accounts::RemoveAccount,
    accounts::SetAccountPassphrase,
    accounts::AddServiceAccount,
    people::ListPeople,
    people::SearchPeople,
    people::PersonPage,
    people::SavePerson,
    family::LinkGuardian,
    family::AddMembership,
    consent::RecordConsent,
    consent::Purposes,
    consent::AddPurposeVersion,
    consent::PolicyVersions,
    consent::AddPolicyVersion,
    consent::VerifyLedger,
    consent::AcknowledgeLedger,
    consent::ConsentReceiptFile,
    org::Organisations,
    org::AddOrganisation,
    org::Profile,
    org::UpdateProfile,
    org::HomeStatus,
    requests::ListRequests,
    requests::RequestPage,
    requests::AddRequest,
    requests::VerifyRequestIdentity,
    requests::ExtendRequest,
    requests::CloseRequest,
    requests::WithdrawForRequest,
    requests::PreviewLetter,
    requests::AccessReview,
    requests::MaskAccessItem,
    requests::UnmaskAccessItem,
    requests::ApproveAccessPackage,
    requests::LetterFile,
    requests::PortabilityFile,
    requests::RecordDocument,
    requests::RequestsCsv,
    privacy::PrivacySummary,
    privacy::ErasurePlan,
    privacy::ExecuteErasure,
    privacy::ErasureCertificateFile,
    privacy::RecordRecipientNotice,
    privacy::AddHold,
    privacy::ReleaseHold,
    privacy::Retention,
    privacy::SetRetention,
    privacy::RunPurge,
    privacy::Processing,
    privacy::AdoptProcessing,
    privacy::ProcessingRegisterFile,
    privacy::RegulatorPackFile,
    incidents::ListIncidents,
    incidents::SaveIncident,
    incidents::IncidentReportFile,
    licences::ListLicences,
    licences::AddLicence,
    licences::RenewLicence,
    licences::LicenceReminderFile,
    newsletter::NewsletterOverview,
    newsletter::ListSubscribers,
    newsletter::AddNewsletterList,
    newsletter::SubscriptionsOf,
    newsletter::Subscribe,
    newsletter::Unsubscribe,
    newsletter::UnsubscribesDone,
    newsletter::MailingExportFile,
    newsletter::CheckMailingFile,
    newsletter::ImportMailingFile,
    contests::ListContests,
    contests::ContestPage,
    contests::MatchingEntries,
    contests::AddContest,
    contests::AddEntry,
    contests::DecideEntry,
    contests::CloseEntries,
    contests::DrawContest,
    contests::RecordSkillAnswer,
    contests::ClaimPrize,
    contests::ForfeitUnclaimed,
    contests::WinnerAddress,
    contests::PrepareShipment,
    contests::UpdateShipment,
    contests::LabelPreview,
    contests::LabelsFile,
    contests::ContestDocumentFile,
    contests::CheckEntriesFile,
    contests::ImportEntriesFile,
    exchange::CheckPeopleImport,
    exchange::ImportPeople,
    exchange::ListCsvFile,
    service::Devices,
    service::RevokeDevice,
    service::AuditLog,
    service::PairingCode,
    backup::BackupStatusNow,
    backup::BackupNow,
    backup::SetBackupRotation,
    backup::RestoreAtService,
}
