// The app's commands, typed: made from src-tauri/commands/list.rs and the commands'
// signatures by tests/commands/client.rs — do not edit by hand; run
// `cargo test --test app commands::client` after changing a command.
// Every key is snake_case, in the requests as in the answers.

/** @typedef {object} AccessReview the structure `AccessReview` */
/** @typedef {object} Account the structure `Account` */
/** @typedef {object} Activity the structure `Activity` */
/** @typedef {object} Approval the structure `Approval` */
/** @typedef {object} BackupInfo the structure `BackupInfo` */
/** @typedef {object} BackupStatus the structure `BackupStatus` */
/** @typedef {object} BackupTaken the structure `BackupTaken` */
/** @typedef {string} Channel a word of the vocabulary `Channel` */
/** @typedef {object} ConsentEvent the structure `ConsentEvent` */
/** @typedef {object} ConsentFormInput the structure `ConsentFormInput` */
/** @typedef {object} ContestInput the structure `ContestInput` */
/** @typedef {object} ContestPage the structure `ContestPage` */
/** @typedef {object} ContestSummary the structure `ContestSummary` */
/** @typedef {object} Deadline the structure `Deadline` */
/** @typedef {object} Device the structure `Device` */
/** @typedef {object} Doc the structure `Doc` */
/** @typedef {object} DrawCheck the structure `DrawCheck` */
/** @typedef {object} EntryClosing the structure `EntryClosing` */
/** @typedef {object} ErasureDone the structure `ErasureDone` */
/** @typedef {object} ErasureInput the structure `ErasureInput` */
/** @typedef {object} ErasurePlan the structure `ErasurePlan` */
/** @typedef {string} ExportList a word of the vocabulary `ExportList` */
/** @typedef {object} Guardian the tagged value `Guardian` */
/** @typedef {object} HoldInput the structure `HoldInput` */
/** @typedef {string} IdentityMethod a word of the vocabulary `IdentityMethod` */
/** @typedef {object} ImportReport the structure `ImportReport` */
/** @typedef {object} ImportStep the structure `ImportStep` */
/** @typedef {object} Incident the structure `Incident` */
/** @typedef {object} IncidentInput the structure `IncidentInput` */
/** @typedef {object} KeptCopy the structure `KeptCopy` */
/** @typedef {object} Labels the structure `Labels` */
/** @typedef {string} Language a word of the vocabulary `Language` */
/** @typedef {object} LedgerReport the structure `LedgerReport` */
/** @typedef {string} LetterKind a word of the list `LetterKind` */
/** @typedef {object} Licence the structure `Licence` */
/** @typedef {object} LicenceInput the structure `LicenceInput` */
/** @typedef {object} LicenceList the structure `LicenceList` */
/** @typedef {object} ListInput the structure `ListInput` */
/** @typedef {string} MailingFormat a word of the vocabulary `MailingFormat` */
/** @typedef {object} MailingImportReport the structure `MailingImportReport` */
/** @typedef {object} MembershipInput the structure `MembershipInput` */
/** @typedef {object} Organisation the structure `Organisation` */
/** @typedef {object} OrganisationInput the structure `OrganisationInput` */
/** @typedef {object} OrganisationProfile the structure `OrganisationProfile` */
/** @typedef {object} Overview the structure `Overview` */
/** @typedef {object} PeopleImport the structure `PeopleImport` */
/** @typedef {object} PeopleImportReport the structure `PeopleImportReport` */
/** @typedef {object} PeoplePage the structure `PeoplePage` */
/** @typedef {object} PersonInput the structure `PersonInput` */
/** @typedef {object} PersonPage the structure `PersonPage` */
/** @typedef {object} PersonSummary the structure `PersonSummary` */
/** @typedef {object} PolicyVersion the structure `PolicyVersion` */
/** @typedef {object} PrivacySummary the structure `PrivacySummary` */
/** @typedef {object} ProcessingView the structure `ProcessingView` */
/** @typedef {object} PurgeReport the structure `PurgeReport` */
/** @typedef {object} Purpose the structure `Purpose` */
/** @typedef {object} PurposeWording the structure `PurposeWording` */
/** @typedef {object} Recovered the structure `Recovered` */
/** @typedef {object} Refusal the structure `Refusal` */
/** @typedef {string} RefusalGround a word of the vocabulary `RefusalGround` */
/** @typedef {string} Relation a word of the vocabulary `Relation` */
/** @typedef {object} RequestInput the structure `RequestInput` */
/** @typedef {object} RequestList the structure `RequestList` */
/** @typedef {object} RequestPage the structure `RequestPage` */
/** @typedef {string} RequestStatus a word of the vocabulary `RequestStatus` */
/** @typedef {object} RestoreAllow the structure `RestoreAllow` */
/** @typedef {object} RestoreSummary the structure `RestoreSummary` */
/** @typedef {string} RetentionCategory a word of the vocabulary `RetentionCategory` */
/** @typedef {object} RetentionView the structure `RetentionView` */
/** @typedef {object} Session the structure `Session` */
/** @typedef {object} ShipmentInput the structure `ShipmentInput` */
/** @typedef {string} ShipmentStatus a word of the vocabulary `ShipmentStatus` */
/** @typedef {string} StaffRole a word of the vocabulary `StaffRole` */
/** @typedef {object} Status the structure `Status` */
/** @typedef {object} Strength the structure `Strength` */
/** @typedef {object} Subscriber the structure `Subscriber` */
/** @typedef {object} Subscription the structure `Subscription` */
/** @typedef {object} SubscriptionState the structure `SubscriptionState` */
/** @typedef {object} TermInput the structure `TermInput` */
/** @typedef {object} Vocabularies the structure `Vocabularies` */
/**
 * @template T
 * @typedef {{ onmessage: (message: T) => void }} IpcChannel what a long command pushes as it goes
 */

const call = (name, args) => window.__TAURI__.core.invoke(name, args ?? {});

/**
 * A channel for a long command to push its progress through.
 * @template T
 * @param {(message: T) => void} onmessage
 * @returns {IpcChannel<T>}
 */
export function progressChannel(onmessage) {
  const c = new window.__TAURI__.core.Channel();
  c.onmessage = onmessage;
  return c;
}

export const api = {
  // app
  /**
   * @returns {Promise<Status>}
   */
  appStatus: () => call("app_status"),
  /**
   * Every closed list the screens offer, and each jurisdiction's defaults.
   * @returns {Promise<Vocabularies>}
   */
  vocabularies: () => call("vocabularies"),
  /**
   * How strong a passphrase being typed is (the forms' meter); the office's name counts as
   * guessable once a register is open. The same judge refuses a weak one when it is saved.
   * @param {{ passphrase: string }} args
   * @returns {Promise<Strength>}
   */
  passphraseStrength: (args) => call("passphrase_strength", args),
  /**
   * A passphrase of everyday words in `language` that the strength check accepts (the forms'
   * "suggest one"), for a secretary to write down and remember.
   * @param {{ language: Language }} args
   * @returns {Promise<string>}
   */
  suggestPassphrase: (args) => call("suggest_passphrase", args),
  /**
   * The idle delay chosen in the settings (kept on this computer by the window), as the domain
   * bounds it; the delay in force is returned.
   * @param {{ minutes: number }} args
   * @returns {Promise<number>}
   */
  setIdleDelay: (args) => call("set_idle_delay", args),
  /**
   * Someone is at the keyboard (the window says so at most every 30 seconds of activity).
   * @returns {Promise<void>}
   */
  stillHere: () => call("still_here"),

  // backup
  /**
   * The registers a restore set aside beside the app's register, for the first screen to offer
   * back when nothing stands at the path (a restore killed half-way).
   * @returns {Promise<KeptCopy[]>}
   */
  setAsideRegisters: () => call("set_aside_registers"),
  /**
   * Puts a register set aside back where the app keeps its register (only where nothing stands,
   * and only a copy the list above names).
   * @param {{ file: string }} args
   * @returns {Promise<void>}
   */
  putBackRegister: (args) => call("put_back_register", args),

  // app
  /**
   * First run: creates the register; the key goes to the keyring unless a passphrase is given.
   * `at` is the location the office was shown and answered "create here" to: a register is never
   * created anywhere else, nor without that answer.
   * @param {{ profile: OrganisationProfile, passphrase: string | null, staff: string, at: string | null }} args
   * @returns {Promise<void>}
   */
  createRegister: (args) => call("create_register", args),
  /**
   * "Open an existing register…": the office picks the file in a native dialog; Carnet then
   * uses it (and remembers it for the next start). Returns the path, or `None` when the dialog is
   * cancelled. Nothing is created.
   * @returns {Promise<string | null>}
   */
  chooseRegister: () => call("choose_register"),
  /**
   * @returns {Promise<void>}
   */
  unlockKeyring: () => call("unlock_keyring"),
  /**
   * @param {{ passphrase: string }} args
   * @returns {Promise<void>}
   */
  unlockPassphrase: (args) => call("unlock_passphrase", args),
  /**
   * Opens with the recovery key; `remember` puts the key back in this PC's keyring.
   * @param {{ recovery_key: string, remember: boolean }} args
   * @returns {Promise<Recovered>}
   */
  unlockRecovery: (args) => call("unlock_recovery", args),
  /**
   * Pairs this PC with the office's register service: its address and the code it shows (on its
   * console and on the person in charge's screen). The pairing is kept in this PC's settings;
   * every screen then works on the service's register.
   * @param {{ address: string, code: string, device_name: string }} args
   * @returns {Promise<void>}
   */
  pairService: (args) => call("pair_service", args),
  /**
   * Signs a colleague in at the service (the passphrase is checked there, where the key lives; it
   * opens nothing on this PC).
   * @param {{ account: string, passphrase: string }} args
   * @returns {Promise<void>}
   */
  signInService: (args) => call("sign_in_service", args),
  /**
   * Forgets this PC's pairing: it works on its own register again (the service keeps the device
   * listed until the person in charge revokes it).
   * @returns {Promise<void>}
   */
  forgetService: () => call("forget_service"),

  // service
  /**
   * @returns {Promise<Device[]>}
   */
  serviceDevices: () => call("service_devices"),
  /**
   * Revokes a paired PC: its sessions end at its next call.
   * @param {{ id: number }} args
   * @returns {Promise<void>}
   */
  revokeDevice: (args) => call("revoke_device", args),
  /**
   * The code the service shows now, to pair another PC.
   * @returns {Promise<string>}
   */
  pairingCode: () => call("pairing_code"),

  // app
  /**
   * @param {{ name: string }} args
   * @returns {Promise<void>}
   */
  setStaff: (args) => call("set_staff", args),
  /**
   * The recovery key, rebuilt from the open register's key, while the office has not yet
   * confirmed it is put away (after that, it is never shown again).
   * @returns {Promise<string>}
   */
  recoveryKey: () => call("recovery_key"),
  /**
   * The office says the recovery key is printed (or saved off this computer).
   * @returns {Promise<void>}
   */
  confirmRecoveryKey: () => call("confirm_recovery_key"),
  /**
   * Renders the recovery-key sheet as a PDF on the organisation's paper and saves it where the
   * user chooses. The key is rebuilt here from the open register, never taken from the webview.
   * Returns the path, or `None` when the dialog is cancelled.
   * @param {{ language: Language }} args
   * @returns {Promise<string | null>}
   */
  saveRecoverySheet: (args) => call("save_recovery_sheet", args),
  /**
   * Prints the window as it stands (the recovery screen prints as a sheet, through its print
   * style). Asked of the webview from Rust: `window.print()` in the page does nothing in some
   * webviews (macOS).
   * @returns {Promise<void>}
   */
  printPage: () => call("print_page"),
  /**
   * Opens a file saved in this session in the system's viewer (to print a PDF).
   * @param {{ path: string }} args
   * @returns {Promise<void>}
   */
  openSaved: (args) => call("open_saved", args),
  /**
   * Locks the register: it is closed, and the next command answers `locked` until it is unlocked
   * again (the "Lock" button, and the idle delay of the settings).
   * @returns {Promise<void>}
   */
  lockRegister: () => call("lock_register"),
  /**
   * Re-keying, step one: a new key in memory; its recovery key is shown (and printed with
   * `save_rekey_sheet`) before anything changes.
   * @returns {Promise<string>}
   */
  prepareRekey: () => call("prepare_rekey"),
  /**
   * The new recovery key's sheet (PDF), before the new key is applied.
   * @param {{ language: Language }} args
   * @returns {Promise<string | null>}
   */
  saveRekeySheet: (args) => call("save_rekey_sheet", args),
  /**
   * Re-keying, step two: every page re-encrypted under the prepared key, off the main thread; a
   * new passphrase sealed when one is given.
   * @param {{ passphrase: string | null }} args
   * @returns {Promise<void>}
   */
  applyRekey: (args) => call("apply_rekey", args),

  // accounts
  /**
   * Opens the register as an account: with its passphrase, or (none given) its entry in this OS
   * session's keyring. Argon2id runs off the main thread.
   * @param {{ account: number, passphrase: string | null }} args
   * @returns {Promise<void>}
   */
  unlockAccount: (args) => call("unlock_account", args),
  /**
   * @returns {Promise<Session>}
   */
  session: () => call("session"),
  /**
   * @returns {Promise<Account[]>}
   */
  staffAccounts: () => call("staff_accounts"),
  /**
   * A new account: its passphrase, or (none given) this OS session's keyring.
   * @param {{ name: string, role: StaffRole, passphrase: string | null }} args
   * @returns {Promise<number>}
   */
  addAccount: (args) => call("add_account", args),
  /**
   * Removes an account (the person in charge): on this PC, its keyring entry goes too.
   * @param {{ account: number }} args
   * @returns {Promise<void>}
   */
  removeAccount: (args) => call("remove_account", args),
  /**
   * A new passphrase for an account, or (none given) this session's keyring entry. At the
   * office's service, one's own passphrase is changed with the current one.
   * @param {{ account: number, passphrase: string | null, current_passphrase: string | null }} args
   * @returns {Promise<void>}
   */
  setAccountKey: (args) => call("set_account_key", args),

  // people
  /**
   * @param {{ offset: number, limit: number }} args
   * @returns {Promise<PeoplePage>}
   */
  listPeople: (args) => call("list_people", args),
  /**
   * @param {{ query: string, limit: number }} args
   * @returns {Promise<PersonSummary[]>}
   */
  searchPeople: (args) => call("search_people", args),
  /**
   * @param {{ id: number }} args
   * @returns {Promise<PersonPage>}
   */
  personPage: (args) => call("person_page", args),
  /**
   * Adds a person (no id) or saves an edit.
   * @param {{ id: number | null, input: PersonInput }} args
   * @returns {Promise<number>}
   */
  savePerson: (args) => call("save_person", args),

  // family
  /**
   * @param {{ child_id: number, guardian: Guardian, relation: Relation, since: string | null }} args
   * @returns {Promise<number>}
   */
  linkGuardian: (args) => call("link_guardian", args),
  /**
   * @param {{ person_id: number, membership: MembershipInput }} args
   * @returns {Promise<number>}
   */
  addMembership: (args) => call("add_membership", args),

  // consent
  /**
   * @param {{ form: ConsentFormInput }} args
   * @returns {Promise<ConsentEvent>}
   */
  recordConsent: (args) => call("record_consent", args),
  /**
   * A consent receipt for the person, saved where the office chooses: one ledger entry (`seq`),
   * or the statement of every purpose's current state; `json` for the receipt's JSON
   * (`docs/consent-receipt.md`) instead of the PDF.
   * @param {{ person_id: number, seq: number | null, json: boolean }} args
   * @returns {Promise<string | null>}
   */
  saveConsentReceipt: (args) => call("save_consent_receipt", args),
  /**
   * @returns {Promise<Purpose[]>}
   */
  purposes: () => call("purposes"),
  /**
   * @param {{ purpose_id: number, wording: PurposeWording, effective_on: string }} args
   * @returns {Promise<number>}
   */
  addPurposeVersion: (args) => call("add_purpose_version", args),
  /**
   * @returns {Promise<PolicyVersion[]>}
   */
  policyVersions: () => call("policy_versions"),
  /**
   * @param {{ label: string, effective_on: string, text_fr: string, text_en: string }} args
   * @returns {Promise<number>}
   */
  addPolicyVersion: (args) => call("add_policy_version", args),
  /**
   * @returns {Promise<LedgerReport>}
   */
  verifyLedger: () => call("verify_ledger"),
  /**
   * The person in charge acknowledges what the ledger check shows (recorded with a note); the
   * findings stay in every later report.
   * @param {{ note: string }} args
   * @returns {Promise<LedgerReport>}
   */
  acknowledgeLedger: (args) => call("acknowledge_ledger", args),

  // org
  /**
   * @returns {Promise<Organisation[]>}
   */
  organisations: () => call("organisations"),
  /**
   * @param {{ input: OrganisationInput }} args
   * @returns {Promise<number>}
   */
  addOrganisation: (args) => call("add_organisation", args),
  /**
   * @returns {Promise<OrganisationProfile>}
   */
  profile: () => call("profile"),
  /**
   * @param {{ profile: OrganisationProfile }} args
   * @returns {Promise<void>}
   */
  updateProfile: (args) => call("update_profile", args),

  // requests
  /**
   * The dashboard: open requests soonest first (or every request), with the counts.
   * @param {{ open_only: boolean }} args
   * @returns {Promise<RequestList>}
   */
  listRequests: (args) => call("list_requests", args),
  /**
   * @param {{ id: number }} args
   * @returns {Promise<RequestPage>}
   */
  requestPage: (args) => call("request_page", args),
  /**
   * @param {{ input: RequestInput }} args
   * @returns {Promise<number>}
   */
  addRequest: (args) => call("add_request", args),
  /**
   * @param {{ id: number, method: IdentityMethod, on: string }} args
   * @returns {Promise<void>}
   */
  verifyRequestIdentity: (args) => call("verify_request_identity", args),
  /**
   * @param {{ id: number, notice_on: string, reason: string }} args
   * @returns {Promise<Deadline>}
   */
  extendRequest: (args) => call("extend_request", args),
  /**
   * @param {{ id: number, status: RequestStatus, decision: string, refusal: Refusal | null, on: string }} args
   * @returns {Promise<void>}
   */
  closeRequest: (args) => call("close_request", args),
  /**
   * Records the withdrawals a request asks for, from its page.
   * @param {{ id: number, purposes: string[] }} args
   * @returns {Promise<number>}
   */
  withdrawForRequest: (args) => call("withdraw_for_request", args),
  /**
   * The letter as blocks, for the preview drawn before saving.
   * @param {{ id: number, kind: LetterKind, language: Language | null }} args
   * @returns {Promise<Doc>}
   */
  previewLetter: (args) => call("preview_letter", args),
  /**
   * An access request's package review: its items, flagged ones first, and the approval.
   * @param {{ id: number }} args
   * @returns {Promise<AccessReview>}
   */
  accessReview: (args) => call("access_review", args),
  /**
   * Masks one item of the package, with its ground; the review as it now stands.
   * @param {{ id: number, item: string, ground: RefusalGround }} args
   * @returns {Promise<AccessReview>}
   */
  maskAccessItem: (args) => call("mask_access_item", args),
  /**
   * Gives an item back to the package; the review as it now stands.
   * @param {{ id: number, item: string }} args
   * @returns {Promise<AccessReview>}
   */
  unmaskAccessItem: (args) => call("unmask_access_item", args),
  /**
   * Approves the package as it stands (the person in charge, when an item is masked).
   * @param {{ id: number }} args
   * @returns {Promise<Approval>}
   */
  approveAccessPackage: (args) => call("approve_access_package", args),
  /**
   * Renders one letter of a request as a PDF and saves it where the user chooses; the audit log
   * notes that it was produced.
   * @param {{ id: number, kind: LetterKind, language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveLetter: (args) => call("save_letter", args),
  /**
   * The portability export of the request's person: a ZIP of JSON and CSV files.
   * @param {{ id: number, language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  savePortability: (args) => call("save_portability", args),
  /**
   * Every request as CSV for an audit (no names).
   * @returns {Promise<string | null>}
   */
  saveRequestsCsv: () => call("save_requests_csv"),

  // privacy
  /**
   * What the dashboard shows: records due for purge, incidents to handle, the ledger.
   * @returns {Promise<PrivacySummary>}
   */
  privacySummary: () => call("privacy_summary"),
  /**
   * @param {{ input: ErasureInput }} args
   * @returns {Promise<ErasurePlan>}
   */
  erasurePlan: (args) => call("erasure_plan", args),
  /**
   * Carries out the erasure; the certificate made at that moment (with the addressee's name and
   * address, which no longer exist afterwards) is kept in memory until saved.
   * @param {{ input: ErasureInput, confirm_name: string }} args
   * @returns {Promise<ErasureDone>}
   */
  executeErasure: (args) => call("execute_erasure", args),
  /**
   * Saves the erasure certificate of a request as a PDF: the copy made at the erasure (addressed
   * to the requester) if this session made it, else a reprint with no names.
   * @param {{ request_id: number, language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveErasureCertificate: (args) => call("save_erasure_certificate", args),
  /**
   * @param {{ request_id: number, recipient: string, on: string }} args
   * @returns {Promise<void>}
   */
  recordRecipientNotice: (args) => call("record_recipient_notice", args),
  /**
   * @param {{ input: HoldInput }} args
   * @returns {Promise<number>}
   */
  addHold: (args) => call("add_hold", args),
  /**
   * @param {{ id: number }} args
   * @returns {Promise<void>}
   */
  releaseHold: (args) => call("release_hold", args),
  /**
   * The retention screen: the rules, what they have due today, the past purges.
   * @returns {Promise<RetentionView>}
   */
  retention: () => call("retention"),
  /**
   * @param {{ category: RetentionCategory, months: number }} args
   * @returns {Promise<void>}
   */
  setRetention: (args) => call("set_retention", args),
  /**
   * @returns {Promise<PurgeReport>}
   */
  runPurge: () => call("run_purge"),
  /**
   * The processing register as the editor starts from it (the latest version), with the list of
   * versions.
   * @returns {Promise<ProcessingView>}
   */
  processing: () => call("processing"),
  /**
   * @param {{ activities: Activity[], effective_on: string }} args
   * @returns {Promise<number>}
   */
  adoptProcessing: (args) => call("adopt_processing", args),
  /**
   * The register in force as a PDF for the office's file.
   * @param {{ language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveProcessingRegister: (args) => call("save_processing_register", args),
  /**
   * The regulator's pack (a ZIP: the dossier, the registers, the lists as CSV), for the person in
   * charge.
   * @param {{ language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveRegulatorPack: (args) => call("save_regulator_pack", args),

  // incidents
  /**
   * @returns {Promise<Incident[]>}
   */
  listIncidents: () => call("list_incidents"),
  /**
   * Records an incident (no id) or saves what the investigation adds.
   * @param {{ id: number | null, input: IncidentInput }} args
   * @returns {Promise<Incident>}
   */
  saveIncident: (args) => call("save_incident", args),
  /**
   * One incident (or the whole register when `id` is none) as a PDF.
   * @param {{ id: number | null, language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveIncidentReport: (args) => call("save_incident_report", args),

  // contests
  /**
   * @returns {Promise<ContestSummary[]>}
   */
  listContests: () => call("list_contests"),
  /**
   * @param {{ id: number }} args
   * @returns {Promise<ContestPage>}
   */
  contestPage: (args) => call("contest_page", args),
  /**
   * The entries whose entrant matches what is typed (the domain's folding and matching).
   * @param {{ contest_id: number, query: string }} args
   * @returns {Promise<number[]>}
   */
  matchingEntries: (args) => call("matching_entries", args),
  /**
   * @param {{ input: ContestInput }} args
   * @returns {Promise<number>}
   */
  addContest: (args) => call("add_contest", args),
  /**
   * @param {{ contest_id: number, person_id: number, entered_on: string, channel: Channel }} args
   * @returns {Promise<number>}
   */
  addEntry: (args) => call("add_entry", args),
  /**
   * Asks for the form export to import (the open dialog) and remembers it for the import; answers
   * its file name.
   * @returns {Promise<string | null>}
   */
  pickEntriesFile: () => call("pick_entries_file"),
  /**
   * Checks (`dry_run`) or imports the file chosen with `pick_entries_file`, off the main thread;
   * the file goes with the command (to the office's service when paired).
   * @param {{ contest_id: number, dry_run: boolean, link_existing: boolean }} args
   * @returns {Promise<ImportReport>}
   */
  importEntries: (args) => call("import_entries", args),
  /**
   * Decides on a likely duplicate: `excluded`, `distinct`, or back in (`included`).
   * @param {{ id: number, decision: string }} args
   * @returns {Promise<void>}
   */
  decideEntry: (args) => call("decide_entry", args),
  /**
   * @param {{ id: number }} args
   * @returns {Promise<EntryClosing>}
   */
  closeEntries: (args) => call("close_entries", args),
  /**
   * @param {{ id: number, public_value: string }} args
   * @returns {Promise<DrawCheck>}
   */
  drawContest: (args) => call("draw_contest", args),
  /**
   * @param {{ winner_id: number, answer: string }} args
   * @returns {Promise<boolean>}
   */
  recordSkillAnswer: (args) => call("record_skill_answer", args),
  /**
   * @param {{ winner_id: number, on: string }} args
   * @returns {Promise<void>}
   */
  claimPrize: (args) => call("claim_prize", args),
  /**
   * @param {{ contest_id: number }} args
   * @returns {Promise<number>}
   */
  forfeitUnclaimed: (args) => call("forfeit_unclaimed", args),
  /**
   * @param {{ winner_id: number }} args
   * @returns {Promise<ShipmentInput>}
   */
  winnerAddress: (args) => call("winner_address", args),
  /**
   * @param {{ winner_id: number, input: ShipmentInput }} args
   * @returns {Promise<number>}
   */
  prepareShipment: (args) => call("prepare_shipment", args),
  /**
   * @param {{ id: number, status: ShipmentStatus, carrier: string, tracking: string, on: string }} args
   * @returns {Promise<void>}
   */
  updateShipment: (args) => call("update_shipment", args),
  /**
   * The sheet the office's paper takes and the labels to print, for the preview.
   * @param {{ contest_id: number }} args
   * @returns {Promise<Labels>}
   */
  labelPreview: (args) => call("label_preview", args),
  /**
   * The labels of the prizes to pack as a PDF, from label `start`, with the printer offset.
   * @param {{ contest_id: number, start: number, offset_x: number, offset_y: number }} args
   * @returns {Promise<string | null>}
   */
  saveLabels: (args) => call("save_labels", args),
  /**
   * One of the contest's documents: `rules`, `closing_statement`, `draw_report`, `packing_list`,
   * or `shipments_csv`.
   * @param {{ contest_id: number, document: string, language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveContestDocument: (args) => call("save_contest_document", args),

  // exchange
  /**
   * Asks for the spreadsheet to import (the open dialog) and remembers it; answers its file name.
   * @returns {Promise<string | null>}
   */
  chooseImportFile: () => call("choose_import_file"),
  /**
   * The chosen file read with `how` (mapping, date order, decisions): what each line would do.
   * Nothing is written. Reading and checking a large file takes seconds: off the main thread, so
   * the window stays alive.
   * @param {{ how: PeopleImport }} args
   * @returns {Promise<PeopleImportReport>}
   */
  checkPeopleImport: (args) => call("check_people_import", args),
  /**
   * Imports the chosen file in one transaction, off the main thread; its progress is pushed
   * through `on_progress` and `cancel_import` stops it with nothing kept. The check the preview
   * made is written as it is when neither the file, the choices nor the register changed since;
   * otherwise the file is read and checked again.
   * @param {{ how: PeopleImport, on_progress: IpcChannel<ImportStep> }} args
   * @returns {Promise<PeopleImportReport>}
   */
  importPeople: (args) => call("import_people", args),
  /**
   * Stops the running import; its transaction is rolled back.
   * @returns {Promise<void>}
   */
  cancelImport: () => call("cancel_import"),
  /**
   * A list saved as a spreadsheet for French Excel, optionally pseudonymised.
   * @param {{ list: ExportList, scope: number | null, pseudonymise: boolean }} args
   * @returns {Promise<string | null>}
   */
  saveListCsv: (args) => call("save_list_csv", args),

  // newsletter
  /**
   * @returns {Promise<Overview>}
   */
  newsletterOverview: () => call("newsletter_overview"),
  /**
   * @param {{ list_id: number }} args
   * @returns {Promise<Subscriber[]>}
   */
  listSubscribers: (args) => call("list_subscribers", args),
  /**
   * @param {{ input: ListInput }} args
   * @returns {Promise<number>}
   */
  addNewsletterList: (args) => call("add_newsletter_list", args),
  /**
   * @param {{ person_id: number }} args
   * @returns {Promise<SubscriptionState[]>}
   */
  subscriptionsOf: (args) => call("subscriptions_of", args),
  /**
   * @param {{ input: Subscription }} args
   * @returns {Promise<number>}
   */
  subscribe: (args) => call("subscribe", args),
  /**
   * @param {{ person_id: number, list_id: number, channel: Channel, evidence: string }} args
   * @returns {Promise<number>}
   */
  unsubscribe: (args) => call("unsubscribe", args),
  /**
   * @param {{ list_id: number }} args
   * @returns {Promise<number>}
   */
  unsubscribesDone: (args) => call("unsubscribes_done", args),
  /**
   * The subscribers in force (or, with `unsubscribes`, the pending unsubscribes) in a mailing
   * tool's import format.
   * @param {{ list_id: number, format: MailingFormat, unsubscribes: boolean }} args
   * @returns {Promise<string | null>}
   */
  saveMailingExport: (args) => call("save_mailing_export", args),
  /**
   * Checks (`dry_run`) or imports a mailing tool's export chosen with `choose_import_file`; the
   * file goes with the command (to the office's service when paired).
   * @param {{ list_id: number, format: MailingFormat, dry_run: boolean }} args
   * @returns {Promise<MailingImportReport>}
   */
  importMailing: (args) => call("import_mailing", args),

  // licences
  /**
   * @returns {Promise<LicenceList>}
   */
  listLicences: () => call("list_licences"),
  /**
   * @param {{ input: LicenceInput }} args
   * @returns {Promise<number>}
   */
  addLicence: (args) => call("add_licence", args),
  /**
   * @param {{ id: number, term: TermInput }} args
   * @returns {Promise<Licence>}
   */
  renewLicence: (args) => call("renew_licence", args),
  /**
   * @param {{ id: number, language: Language | null }} args
   * @returns {Promise<string | null>}
   */
  saveLicenceReminder: (args) => call("save_licence_reminder", args),

  // backup
  /**
   * @returns {Promise<BackupStatus>}
   */
  backupStatus: () => call("backup_status"),
  /**
   * Asks for the backup folder and keeps it in the settings.
   * @returns {Promise<string | null>}
   */
  chooseBackupFolder: () => call("choose_backup_folder"),
  /**
   * @param {{ keep_daily: number, keep_monthly: number, erased_days: number }} args
   * @returns {Promise<void>}
   */
  setBackupRotation: (args) => call("set_backup_rotation", args),
  /**
   * A backup now, into the folder of the settings (the service's, on a paired PC), off the main
   * thread.
   * @returns {Promise<BackupTaken>}
   */
  backupNow: () => call("backup_now"),
  /**
   * Asks for a backup to restore and remembers it; answers its file name.
   * @returns {Promise<string | null>}
   */
  chooseBackupFile: () => call("choose_backup_file"),
  /**
   * What the chosen backup holds, opened with the recovery key (checked whole).
   * @param {{ recovery_key: string }} args
   * @returns {Promise<BackupInfo>}
   */
  inspectBackup: (args) => call("inspect_backup", args),
  /**
   * Restores the chosen backup where the app keeps its register (the one there is set aside),
   * opens it, and keeps its key in this computer's keyring when there is one. On a PC paired with
   * the office's service, `file` names one of the service's backups: the service restores it (the
   * person in charge's), every session there ends, and this PC goes back to signing in.
   * @param {{ recovery_key: string, staff: string, allow: RestoreAllow | null, file: string | null }} args
   * @returns {Promise<RestoreSummary>}
   */
  restoreBackup: (args) => call("restore_backup", args),
};
