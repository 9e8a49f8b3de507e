//! End to end in the real window: tauri-driver drives WebKitWebDriver, which starts the
//! built app under Xvfb. Needs `tauri-driver` (cargo install tauri-driver), Debian's
//! `webkit2gtk-driver` and `xvfb`; `.ci/test` sets CARNET_REQUIRE_E2E=1 so that their
//! absence fails instead of skipping.
//!
//! The office's day is told as scenarios, each a test of its own on its own register and
//! app window (the rig is shared code, not shared state), run one at a time.

use carnet_core::Contexts;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

use carnet_core::consent::ConsentInput;
use carnet_core::consent::{ConsentAction, GivenBy};
use carnet_core::family::Guardian;
use carnet_core::family::Relation;
use carnet_core::model::{Channel, Jurisdiction};
use carnet_core::org::OrganisationProfile;
use carnet_core::people::PersonInput;
use carnet_core::secret::KdfParams;
use carnet_core::{Protection, Register};
use chrono::{NaiveDate, Utc};

use crate::rig::*;

const PASS: &str = "une phrase de passe solide";

type Scenario = fn(PathBuf) -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// tauri-driver, when the end-to-end tools are all here; `None` skips (and fails when
/// CARNET_REQUIRE_E2E is set, as in CI).
fn tools() -> Option<PathBuf> {
    let tools = (
        find_tool("tauri-driver"),
        find_tool("WebKitWebDriver"),
        find_tool("Xvfb"),
    );
    let (Some(tauri_driver), Some(_), Some(_)) = tools else {
        assert!(
            std::env::var("CARNET_REQUIRE_E2E").is_err(),
            "end-to-end tools missing: {tools:?}"
        );
        eprintln!("skipped: tauri-driver, WebKitWebDriver or Xvfb not installed");
        return None;
    };
    Some(tauri_driver)
}

/// One scenario at a time: each starts its own Xvfb, driver and app window, and two
/// drivers would compete for the same port.
static ONE_WINDOW: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn run(scenario: Scenario) {
    let _one = ONE_WINDOW.lock().await;
    if let Some(tauri_driver) = tools() {
        scenario(tauri_driver).await;
    }
}

/// Each scenario is a test of its own (`cargo test --test app e2e::window_contest` runs
/// one), on its own register and app window: the rig is shared code, not shared state.
macro_rules! scenarios {
    ($($test:ident => $scenario:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread")]
            async fn $test() {
                run(|d| Box::pin($scenario(d))).await;
            }
        )*
    };
}

scenarios! {
    // First run, a family, a child's consent, restart and search.
    window_first_run => first_run_a_family_and_a_childs_consent,
    // A parent's access request for a child, from the parent's page.
    window_parents_access_request => a_parents_access_request,
    // An overdue request refused, a withdrawal carried out, the English screens.
    window_overdue_refusal_and_withdrawal => an_overdue_refusal_and_a_withdrawal,
    // An erasure request carried out, its certificate, the privacy screens.
    window_erasure_and_privacy_screens => an_erasure_request_and_the_privacy_screens,
    // A contest: 200 entries imported, a draw, a winner's answer, labels, a shipment.
    window_contest_to_shipping => a_contest_from_entries_to_shipping,
    // A French Excel file imported through the wizard, a subscriber exported for Mailchimp.
    window_spreadsheet_and_newsletter => a_spreadsheet_imported_and_the_newsletter_exported,
    // A backup taken, then restored on a new PC with the recovery key alone.
    window_backup_restored_on_a_new_pc => a_backup_restored_on_a_new_pc,
    // Staff accounts: the person in charge's, a colleague's, unlocking as her.
    window_staff_accounts => staff_accounts,
    // Two PCs on one register service: Sophie adds a family, Hélène answers the parent.
    window_two_pcs_on_one_service => two_pcs_on_one_service,
}

/// A register made the way the app makes one (passphrase), with Marie and her daughter
/// Zoë linked, and the photo consent Marie gave for Zoë: the starting point of
/// the scenarios that do not walk the first run again.
fn seed_family(db: &Path) -> String {
    let mut profile = OrganisationProfile::new(
        "École de musique Les P’tits mélomanes",
        Jurisdiction::Quebec,
    );
    profile.address = "45 rue Saint-Denis, Montréal (Québec) H2X 3K8".into();
    profile.privacy_contact = "Hélène Tremblay".into();
    profile.privacy_email = "vie.privee@melomanes.ca".into();
    let now = Utc::now();
    let created = Register::create(
        db,
        Protection::Passphrase {
            passphrase: PASS,
            params: KdfParams::DEFAULT,
        },
        &profile,
        now,
    )
    .unwrap();
    let recovery = created.recovery_key.expose().to_owned();
    let mut reg = created.register;
    reg.confirm_recovery_key(now).unwrap();
    reg.set_staff("Sophie");
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let person = |given: &str, birth: &str| PersonInput {
        birth_date: Some(day(birth)),
        ..PersonInput::named(
            given,
            "Lefèvre-Cœurdevey",
            Channel::PaperForm,
            day("2026-09-01"),
        )
    };
    let marie = reg
        .people()
        .add(&person("Marie", "1985-03-02"), now)
        .unwrap();
    let zoe = reg.people().add(&person("Zoë", "2016-05-10"), now).unwrap();
    reg.family()
        .link_guardian(
            zoe,
            Guardian::Person(marie),
            Relation::Parent,
            day("2016-05-10"),
            now,
        )
        .unwrap();
    reg.consent()
        .record(
            &ConsentInput {
                person_id: zoe,
                purpose: "photos".into(),
                purpose_version: None,
                action: ConsentAction::Granted,
                channel: Channel::PaperForm,
                given_by: GivenBy::Guardian,
                giver: Some(Guardian::Person(marie)),
                evidence: "fiche d’inscription signée".into(),
                occurred_at: now,
            },
            now,
        )
        .unwrap();
    recovery
}

/// Opens the seeded register with the passphrase, Sophie at the desk, and goes to Zoë's page.
async fn unlock_and_open_zoe(c: &fantoccini::Client) {
    wait(c, "input[name=passphrase]").await;
    set(c, "input[name=staff]", "Sophie").await;
    set(c, "input[name=passphrase]", PASS).await;
    click(c, "#unlock-open").await;
    wait_text(c, "#people-count", "the people list", |t| t.contains('2')).await;
    search(c, "zoe", 1).await;
    wait(c, "#search")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_text(c, "#person-name", "Zoë's page", |t| {
        t == "Zoë Lefèvre-Cœurdevey"
    })
    .await;
}

async fn first_run_a_family_and_a_childs_consent(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    let c = rig.session().await;

    // First run: no register yet. The app says where it looked and asks before creating.
    let shown = wait_text(&c, "#register-path", "the register's path", |t| {
        !t.is_empty()
    })
    .await;
    assert_eq!(shown, rig.db.display().to_string());
    snap(&c, "0-no-register").await;
    click(&c, "#register-create").await;
    // Organisation, staff name, passphrase, recovery key.
    wait(&c, "input[name=org-name]").await;
    snap(&c, "1-first-run").await;
    set(
        &c,
        "input[name=org-name]",
        "École de musique Les P’tits mélomanes",
    )
    .await;
    click(&c, "#setup-next").await;
    set(&c, "input[name=staff]", "Sophie").await;
    click(&c, "#setup-next").await;
    wait(&c, "input[name=protect]").await;
    c.execute(
        "const r = document.querySelector('input[value=passphrase]'); if (!r.checked) r.click();",
        vec![],
    )
    .await
    .unwrap();
    set(&c, "input[name=passphrase]", PASS).await;
    set(&c, "input[name=passphrase2]", PASS).await;
    click(&c, "#setup-next").await;
    let key = wait_text(&c, "#recovery-key", "a recovery key", |t| t.len() == 65).await;
    snap(&c, "2-recovery-key").await;
    click(&c, "#recovery-save").await;
    wait_text(&c, ".note[role=status]", "the saved path", |t| {
        t.contains("carnet-cle-de-secours.pdf")
    })
    .await;
    let sheet = saved_pdf_text(&rig.saves, "carnet-cle-de-secours");
    assert!(
        sheet.contains(&key) && sheet.contains("P’tits mélomanes"),
        "{sheet}"
    );
    assert!(
        wait(&c, "#recovery-continue")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "cannot go on before confirming"
    );
    // The window is closed before the key is confirmed as put away…
    c.close().await.unwrap();
    // …so the next start, once unlocked, shows the same key again, rebuilt by the app.
    let c = rig.session().await;
    wait(&c, "input[name=passphrase]").await;
    set(&c, "input[name=passphrase]", PASS).await;
    click(&c, "#unlock-open").await;
    let again = wait_text(&c, "#recovery-key", "the recovery key again", |t| {
        t.len() == 65
    })
    .await;
    assert_eq!(again, key);
    assert!(
        c.find(fantoccini::Locator::Css("#nav-people"))
            .await
            .is_err(),
        "no way around it"
    );
    click(&c, "#recovery-kept").await;
    click(&c, "#recovery-continue").await;

    // A parent, then a child created from the parent's page.
    click(&c, "#add-person").await;
    set(&c, "input[name=given]", "Marie").await;
    set(&c, "input[name=family]", "Lefèvre-Cœurdevey").await;
    set(&c, "input[name=birth]", "1985-03-02").await;
    click(&c, "#person-save").await;
    wait_text(&c, "#person-name", "the parent's name", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;
    click(&c, "#add-child").await;
    click(&c, "#link-new").await;
    assert_eq!(
        wait(&c, "input[name=family]")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Lefèvre-Cœurdevey")
    );
    set(&c, "input[name=given]", "Zoë").await;
    set(&c, "input[name=birth]", "2016-05-10").await;
    click(&c, "#person-save").await;
    wait_text(&c, "#person-name", "back on the parent", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;
    click_button_named(&c, "Zoë Lefèvre-Cœurdevey").await;
    wait_text(&c, "#person-name", "the child's page", |t| {
        t == "Zoë Lefèvre-Cœurdevey"
    })
    .await;
    wait_text(&c, "#minor-badge", "the minor badge", |t| t.contains("14")).await;

    // The child alone cannot consent to photos: the rule is explained in the dialog.
    click(&c, "tr[data-purpose=photos] button[data-action=grant]").await;
    set(&c, "dialog select[name=given_by]", "person").await;
    set(
        &c,
        "dialog input[name=evidence]",
        "fiche d’inscription signée",
    )
    .await;
    click(&c, "#dialog-submit").await;
    let why = wait_text(&c, "dialog .alert", "the minors' rule", |t| !t.is_empty()).await;
    snap(&c, "4-minor-consent-refused").await;
    assert!(
        why.contains("moins de 14 ans") && why.contains("parent"),
        "{why}"
    );

    // Recorded from the guardian: it shows in the state and the history.
    set(&c, "dialog select[name=given_by]", "guardian").await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "tr[data-purpose=photos] td.ok", "granted", |t| {
        t.starts_with("Accordé")
    })
    .await;
    let history = text_of(&c, "#consent-history").await;
    assert!(
        history.contains("Un parent ou tuteur (Marie Lefèvre-Cœurdevey)")
            && history.contains("fiche d’inscription signée")
            && history.contains("Sophie"),
        "{history}"
    );
    snap(&c, "5-person-page").await;
    // The parent's receipt of the consent, saved and read back.
    click(&c, "#consent-history [data-action=receipt]").await;
    wait_text(&c, "#receipt-saved", "the receipt saved", |t| !t.is_empty()).await;
    let receipt = saved_pdf_text(&rig.saves, "recu-consentement-");
    assert!(
        receipt.contains("Reçu de consentement")
            && receipt.contains("fiche d’inscription signée")
            && receipt.contains("Marie Lefèvre-Cœurdevey"),
        "{receipt}"
    );
    c.close().await.unwrap();

    // Restart: unlock with the passphrase; everything is still there.
    let c = rig.session().await;
    wait(&c, "input[name=passphrase]").await;
    // The unlock screen names whose register it opens, not where the file is.
    let named = text_of(&c, "#register-path").await;
    assert_eq!(named, "Registre de : École de musique Les P’tits mélomanes");
    snap(&c, "6-unlock").await;
    set(&c, "input[name=passphrase]", PASS).await;
    click(&c, "#unlock-open").await;
    wait_text(&c, "#people-count", "two people", |t| t.contains('2')).await;
    assert_eq!(search(&c, "lefevre", 2).await.len(), 2);
    assert_eq!(search(&c, "LEFÈVRE-CŒUR", 2).await.len(), 2);
    assert_eq!(search(&c, "zoe", 1).await, vec!["Lefèvre-Cœurdevey, Zoë"]);
    assert_eq!(
        search(&c, "Zoë coeur", 1).await,
        vec!["Lefèvre-Cœurdevey, Zoë"]
    );
    search(&c, "lefe", 2).await;
    snap(&c, "3-people-search").await;
    search(&c, "Zoë coeur", 1).await;
    wait(&c, "#search")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap(); // Enter opens the first result
    wait_text(&c, "#person-name", "Zoë's page", |t| {
        t == "Zoë Lefèvre-Cœurdevey"
    })
    .await;
    let history = text_of(&c, "#consent-history").await;
    assert!(
        history.contains("Accordé") && history.contains("Marie Lefèvre-Cœurdevey"),
        "{history}"
    );
    c.close().await.unwrap();
}

async fn a_parents_access_request(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    seed_family(&rig.db);
    let c = rig.session().await;
    wait(&c, "input[name=passphrase]").await;
    set(&c, "input[name=staff]", "Sophie").await;
    set(&c, "input[name=passphrase]", PASS).await;
    click(&c, "#unlock-open").await;
    wait_text(&c, "#people-count", "the people list", |t| t.contains('2')).await;

    // Marie wrote: she wants to know what the school keeps about her daughter Zoë. A
    // new secretary starts from Marie's page, the parent's, and every click to the
    // saved PDF is counted.
    let mut clicks = 0;
    click(&c, "#people-list li:first-child").await;
    clicks += 1;
    wait_text(&c, "#person-name", "Marie's page", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;
    wait_text(&c, "#common-case", "the common case's line", |t| {
        t.contains("Un parent veut savoir ce que nous conservons sur son enfant")
    })
    .await;
    wait_text(
        &c,
        "#person-request",
        "the button says what it is for",
        |t| t.starts_with("Demande d’accès, de correction"),
    )
    .await;
    click(&c, "#common-case-access").await;
    clicks += 1;
    // Who is it about: Marie herself, or her daughter.
    let about = wait_text(&c, "#request-about", "the choice of child", |t| {
        t.contains("Zoë Lefèvre-Cœurdevey, son enfant")
    })
    .await;
    assert!(
        about.contains("Marie Lefèvre-Cœurdevey, pour elle-même"),
        "{about}"
    );
    snap(&c, "42-request-about-the-child").await;
    click(&c, "#request-about label:nth-of-type(2) input[name=about]").await;
    clicks += 1;
    wait_text(&c, "#request-concerns", "the request is about Zoë", |t| {
        t.contains("Zoë Lefèvre-Cœurdevey")
    })
    .await;
    let guardian_checked = wait(&c, "input[name=requester][value=guardian]")
        .await
        .prop("checked")
        .await
        .unwrap();
    assert_eq!(guardian_checked.as_deref(), Some("true"), "the parent asks");
    let kind = wait(&c, "#request-kind").await.prop("value").await.unwrap();
    assert_eq!(kind.as_deref(), Some("access"));
    let chosen = wait(&c, "#request-guardian")
        .await
        .prop("value")
        .await
        .unwrap();
    assert!(
        chosen.is_some_and(|v| !v.is_empty()),
        "Marie is the requester"
    );
    wait_text(
        &c,
        "#request-kind-help",
        "what an access request is for",
        |t| t.contains("un rapport en PDF"),
    )
    .await;
    // Days in the office's format (Quebec: 2026-12-06) whatever the computer's locale; a
    // month-first day is refused with the expected form, never read the wrong way round.
    let shown = c
        .execute(
            "const el = document.querySelector('input[name=received]');
             const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
             const shown = native.get.call(el);
             native.set.call(el, '12/31/2026'); el.dispatchEvent(new Event('input'));
             const refused = el.validationMessage;
             el.value = shown;
             return [shown, refused, el.validationMessage];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        shown[0].as_str().unwrap(),
        chrono::Local::now().date_naive().to_string()
    );
    assert!(shown[1].as_str().unwrap().contains("AAAA-MM-JJ"), "{shown}");
    assert_eq!(shown[2].as_str().unwrap(), "", "{shown}");
    click(&c, "#request-save").await;
    clicks += 1;
    wait_text(&c, "#request-title", "the request page", |t| {
        t == "Accès aux renseignements — Zoë Lefèvre-Cœurdevey"
    })
    .await;
    wait_text(&c, "#request-deadline", "30 days to answer", |t| {
        t.contains("30 jours restants")
    })
    .await;
    wait_text(&c, "#no-letter", "no document before the check", |t| {
        t.contains("identité")
    })
    .await;
    // No method is chosen for the office: "Identité vérifiée" alone records nothing.
    click(&c, "#identity-verify").await;
    wait_text(&c, "#identity-methods ~ .alert", "a method first", |t| {
        t.contains("Choisissez d’abord comment l’identité a été vérifiée")
    })
    .await;
    assert!(
        c.find(fantoccini::Locator::Css("#identity-done"))
            .await
            .is_err(),
        "nothing recorded"
    );
    snap(&c, "43-identity-method-first").await;
    click(&c, "input[name=identity-method][value=known_in_person]").await;
    clicks += 1;
    click(&c, "#identity-verify").await;
    clicks += 1;
    wait_text(&c, "#identity-done", "the check recorded", |t| {
        t.contains("Sophie") && t.contains("Je connais cette personne")
    })
    .await;
    // The package is reviewed before it goes out: saving waits for the approval. The
    // consent's evidence (staff text) is withheld, for the scenario's sake.
    wait_text(&c, "#review-status", "not approved yet", |t| {
        t.contains("Pas encore approuvé")
    })
    .await;
    assert!(
        c.find(fantoccini::Locator::Css("#letter-access_report-save"))
            .await
            .unwrap()
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "no saving before the approval"
    );
    click(&c, "button[id^='review-mask-consents:'][id$=':evidence']").await;
    clicks += 1;
    wait_text(&c, "#review-items", "the evidence withheld", |t| {
        t.contains("Retenu : Renseignement sur une autre personne")
            && t.contains("texte écrit par le personnel")
    })
    .await;
    snap(&c, "8a-access-review").await;
    click(&c, "#review-approve").await;
    clicks += 1;
    wait_text(&c, "#review-status", "the approval", |t| {
        t.contains("Approuvé par Sophie") && t.contains("1 élément(s) retenu(s)")
    })
    .await;
    click(&c, "#letter-access_report-save").await;
    clicks += 1;
    wait_text(&c, "#saved-path", "the saved report", |t| {
        t.contains(".pdf")
    })
    .await;
    eprintln!("clicks from the people list to the child's saved access report: {clicks}");
    // Eight to the report, two of them the review (withhold one item, approve).
    assert!(clicks <= 10, "{clicks} clicks");
    let text = saved_pdf_text(&rig.saves, "reponse-demande-acces-");
    assert!(!text.contains("fiche d’inscription signée"), "withheld");
    for needle in [
        "Ce que nous conservons sur Zoë Lefèvre-Cœurdevey",
        "À l’attention de Marie Lefèvre-Cœurdevey",
        "10 mai 2016",
        "Ce que nous ne communiquons pas",
        "La preuve notée pour un consentement",
        "45 rue Saint-Denis, Montréal (Québec) H2X 3K8",
        "Hélène Tremblay · vie.privee@melomanes.ca",
        "Préparé par Sophie le",
        "Les demandes concernant Zoë",
        "Commission d’accès à l’information",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the saved report"
        );
    }
    for internal in [
        "2016-05-10",
        "Saisi par",
        "Statut",
        "Échéance",
        "Libellé",
        "Finalité",
    ] {
        assert!(!text.contains(internal), "{internal:?} in the saved report");
    }

    // The preview, as it will print.
    click(&c, "#letter-access_report-preview").await;
    let preview = wait_text(&c, "#letter-preview", "the preview", |t| {
        t.contains("Ce que nous conservons sur Zoë Lefèvre-Cœurdevey")
    })
    .await;
    assert!(
        preview.contains("À l’attention de Marie Lefèvre-Cœurdevey")
            && preview.contains("Préparé par Sophie"),
        "{preview}"
    );
    snap(&c, "8-request-preview").await;
    click(&c, "#open-saved").await;

    // The dashboard lists it with its days left; then it is closed as answered.
    click(&c, "#nav-requests").await;
    wait_text(
        &c,
        "#common-case",
        "the common case on the requests list",
        |t| t.contains("Demande d’accès"),
    )
    .await;
    let row = wait_text(&c, "#requests-table tbody tr", "the open request", |t| {
        t.contains("Zoë Lefèvre-Cœurdevey")
    })
    .await;
    assert!(
        row.contains("30 jours restants") && row.contains("Marie Lefèvre-Cœurdevey"),
        "{row}"
    );
    snap(&c, "9-requests-dashboard").await;
    click(&c, "#requests-table tbody tr td:nth-child(2)").await;
    click(&c, "#request-close").await;
    wait_text(&c, "#request-page dl", "closed as answered", |t| {
        t.contains("Répondue")
    })
    .await;
    click(&c, "#request-person-open").await;
    wait_text(&c, "#person-requests", "the request on Zoë's page", |t| {
        t.contains("Accès aux renseignements") && t.contains("Répondue")
    })
    .await;
    c.close().await.unwrap();
}

async fn an_overdue_refusal_and_a_withdrawal(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    seed_family(&rig.db);
    let c = rig.session().await;
    unlock_and_open_zoe(&c).await;

    // The parent's own rectification request, received 40 days ago: overdue, flagged in
    // red, then refused on a legal ground; the refusal letter cites it.
    click_button_named(&c, "Marie Lefèvre-Cœurdevey").await;
    wait_text(&c, "#person-name", "the parent's page", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;
    click(&c, "#person-request").await;
    set(&c, "#request-kind", "rectification").await;
    let received = chrono::Local::now().date_naive() - chrono::Days::new(40);
    set(&c, "input[name=received]", &received.to_string()).await;
    click(&c, "#request-save").await;
    wait_text(&c, "#request-deadline", "overdue", |t| {
        t.contains("En retard de 10 j")
    })
    .await;
    // The record's form opens from the request and comes back to it.
    click(&c, "#rectify-open").await;
    let given = wait(&c, "input[name=given]")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(given.as_deref(), Some("Marie"));
    click(&c, "#person-cancel").await;
    wait_text(&c, "#request-title", "back on the request", |t| {
        t.starts_with("Rectification")
    })
    .await;
    click(&c, "#nav-requests").await;
    wait_text(&c, "#requests-badge", "the overdue badge", |t| t == "1").await;
    let warn = wait(&c, "#stat-overdue")
        .await
        .attr("class")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(warn.contains("overdue"), "{warn}");
    snap(&c, "10-requests-overdue").await;
    click(&c, "#requests-table tbody tr.overdue td:nth-child(2)").await;
    click(&c, "input[name=outcome][value=refused]").await;
    set(&c, "#refusal-ground", "third_party").await;
    set(
        &c,
        "#request-decision",
        "La correction demandée toucherait la fiche d’une autre famille.",
    )
    .await;
    click(&c, "#request-close").await;
    click(&c, "#letter-refusal-preview").await;
    wait_text(&c, "#letter-preview", "the refusal preview", |t| {
        t.contains("L’article 40")
    })
    .await;
    snap(&c, "11-refusal-letter").await;
    click(&c, "#letter-refusal-save").await;
    wait_text(&c, "#saved-path", "the saved refusal", |t| {
        t.contains("lettre-de-refus")
    })
    .await;
    let text = saved_pdf_text(&rig.saves, "lettre-de-refus-");
    for needle in [
        "L’article 40 de la Loi sur la protection des renseignements personnels dans le secteur privé",
        "toucherait la fiche d’une autre famille",
        "Commission d’accès à l’information",
        "À l’attention de Marie Lefèvre-Cœurdevey",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from the refusal letter: {text}");
    }

    // The parent withdraws the photo consent for Zoë: recorded from the request page in
    // the parent's name, then confirmed by a letter that lists exactly that withdrawal.
    click(&c, "#request-person-open").await;
    click_button_named(&c, "Zoë Lefèvre-Cœurdevey").await;
    wait_text(&c, "#person-name", "back on the child's page", |t| {
        t == "Zoë Lefèvre-Cœurdevey"
    })
    .await;
    click(&c, "#person-request").await;
    set(&c, "#request-kind", "consent_withdrawal").await;
    click(&c, "#request-save").await;
    wait_text(&c, "#request-title", "the withdrawal request", |t| {
        t.starts_with("Retrait de consentement — Zoë")
    })
    .await;
    click(&c, "input[name=withdraw][value=photos]").await;
    snap(&c, "13-withdrawal-request").await;
    click(&c, "#withdraw-save").await;
    wait_text(&c, "#withdrawn-list", "the withdrawal recorded", |t| {
        t.starts_with("Photos — retiré le")
    })
    .await;
    click(&c, "input[name=identity-method][value=known_in_person]").await;
    click(&c, "#identity-verify").await;
    wait(&c, "#identity-done").await;
    click(&c, "#request-close").await;
    click(&c, "#letter-confirmation-save").await;
    wait_text(&c, "#saved-path", "the saved confirmation", |t| {
        t.contains("confirmation")
    })
    .await;
    let text = saved_pdf_text(&rig.saves, "confirmation-");
    for needle in [
        "Consentements retirés",
        "Photos",
        "À l’attention de Marie Lefèvre-Cœurdevey",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the confirmation: {text}"
        );
    }
    click(&c, "#request-person-open").await;
    wait_text(&c, "#consent-history", "the ledger's withdrawal", |t| {
        t.contains("Demande nº") && t.contains("Retiré")
    })
    .await;

    click(&c, "#lang-switch").await;
    wait_text(&c, "#nav-settings", "English words", |t| t == "Settings").await;
    click(&c, "#nav-requests").await;
    wait_text(&c, "#requests h1", "the English dashboard", |t| {
        t == "Privacy requests"
    })
    .await;
    click(&c, "#requests-toggle").await;
    click(&c, "#requests-table tbody tr td:nth-child(2)").await;
    let closed = wait_text(&c, "#request-page", "a closed request in English", |t| {
        t.contains("Result")
    })
    .await;
    assert!(
        closed.contains("Reasons for the refusal") && !closed.contains("Fermer"),
        "{closed}"
    );
    snap(&c, "12-request-english").await;
    click(&c, "#nav-settings").await;
    wait(&c, "input[name=age]").await;
    snap(&c, "7-settings-english").await;
    c.close().await.unwrap();
}

async fn an_erasure_request_and_the_privacy_screens(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    seed_family(&rig.db);
    let c = rig.session().await;
    unlock_and_open_zoe(&c).await;

    // Marie asks that everything about Zoë be erased; her identity is checked first.
    click(&c, "#person-request").await;
    wait(&c, "#request-form").await;
    set(&c, "select[name=kind]", "erasure").await;
    click(&c, "#request-save").await;
    wait_text(&c, "#request-title", "the erasure request", |t| {
        t == "Effacement — Zoë Lefèvre-Cœurdevey"
    })
    .await;
    wait(&c, "#erasure-identity-first").await;
    click(&c, "input[name=identity-method][value=document_seen]").await;
    click(&c, "#identity-verify").await;
    click(&c, "#erasure-plan-open").await;

    // The plan: what goes, what stays and why; the mother is offered and added.
    wait_text(&c, "#erasure-kept", "what is kept", |t| {
        t.contains("Historique des consentements") && t.contains("Preuve des consentements")
    })
    .await;
    click(&c, "#erasure-family input[type=checkbox]").await;
    wait_text(&c, "#erasure-people", "the mother added", |t| {
        t.contains("Marie Lefèvre-Cœurdevey") && t.contains("parent ou tuteur")
    })
    .await;
    wait_text(&c, "#erasure-recipients", "whom to tell", |t| {
        t.contains("Public (site web, réseaux sociaux)")
    })
    .await;
    snap(&c, "15-erasure-plan").await;

    // A wrong name changes nothing; the right one (accents and capitals aside) erases.
    set(&c, "#erasure-confirm", "Zoë Dupont").await;
    click(&c, "#erasure-run").await;
    wait_text(&c, "#erasure-form .alert", "the name refused", |t| {
        t.contains("ne correspond pas")
    })
    .await;
    set(&c, "#erasure-confirm", "zoe lefevre-coeurdevey").await;
    click(&c, "#erasure-run").await;
    let result = wait_text(&c, "#erasure-surrogates", "the anonymous references", |t| {
        t.contains("Référence anonyme")
    })
    .await;
    // The child's reference comes first: she is the person the request is about.
    let at =
        result.find("Référence anonyme : ").expect("a reference") + "Référence anonyme : ".len();
    let surrogate: String = result[at..].chars().take(9).collect();
    assert!(result.starts_with("personne visée"), "{result}");
    click(&c, "#erasure-certificate").await;
    wait_text(&c, "#certificate-saved", "the saved certificate", |t| {
        t.contains(".pdf")
    })
    .await;
    snap(&c, "16-erasure-done").await;
    let text = saved_pdf_text(&rig.saves, "attestation-effacement-");
    for needle in [
        "Attestation d’effacement",
        "Marie Lefèvre-Cœurdevey",
        surrogate.as_str(),
        "Historique des consentements, sans nom ni texte",
        "Public (site web, réseaux sociaux)",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} missing from the certificate: {text}"
        );
    }
    assert!(
        !text.contains("Zoë"),
        "the child is not named on the certificate"
    );

    // The request page: answered, the surrogate, the recipients' checklist.
    click(&c, "#erasure-back").await;
    wait_text(&c, "#request-title", "the surrogate in the title", |t| {
        t.contains(&surrogate)
    })
    .await;
    click(&c, "#notice-0").await;
    wait_text(&c, "#recipient-notices", "the recipient ticked", |t| {
        t.contains("informé le")
    })
    .await;

    // Nobody of the family is found any more.
    click(&c, "#nav-people").await;
    search(&c, "lefevre", 0).await;
    search(&c, "zoe", 0).await;

    // The privacy screens: retention, an incident with its clock, the processing register.
    click(&c, "#nav-privacy").await;
    wait_text(&c, "#retention-rules", "the rules", |t| {
        t.contains("Anciens membres et contacts")
    })
    .await;
    wait(&c, "#purge-nothing").await;
    snap(&c, "17-retention").await;
    click(&c, "#tab-incidents").await;
    click(&c, "#incident-new").await;
    set(&c, "input[name=title]", "Courriel envoyé au mauvais groupe").await;
    set(&c, "select[name=nature]", "disclosure").await;
    set(
        &c,
        "textarea[name=information]",
        "Liste des parents du cours de piano",
    )
    .await;
    set(
        &c,
        "textarea[name=circumstances]",
        "Copie visible au lieu de copie cachée",
    )
    .await;
    set(&c, "select[name=serious]", "yes").await;
    click(&c, "#incident-save").await;
    wait_text(&c, "#incident-clock", "Quebec: promptly", |t| {
        t.contains("avec diligence")
    })
    .await;
    snap(&c, "18-incident").await;
    click(&c, "#incident-print").await;
    wait_text(&c, "#incident-saved", "the incident PDF", |t| {
        t.contains(".pdf")
    })
    .await;
    assert!(
        saved_pdf_text(&rig.saves, "incident-").contains("Copie visible au lieu de copie cachée")
    );
    click(&c, "#nav-privacy").await;
    click(&c, "#tab-processing").await;
    wait_text(&c, "#activities", "the activities", |t| {
        t.contains("Registre des personnes")
    })
    .await;
    snap(&c, "19-processing").await;
    c.close().await.unwrap();
}

async fn a_contest_from_entries_to_shipping(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    seed_family(&rig.db);
    // The form export the office downloaded: 200 entrants.
    let today = chrono::Local::now().date_naive();
    let day = |d: i64| (today + chrono::Duration::days(d)).to_string();
    let mut csv = String::from(
        "Horodateur,Prénom,Nom,Courriel,Date de naissance,Adresse,Ville,Province,Code postal\n",
    );
    for i in 0..200 {
        csv.push_str(&format!(
            "{} 10:00:00,Élève{i},Gagnon{i},e{i}@exemple.ca,1990-03-{:02},{} rue des Pins,Laval,QC,H7N 2B{}\n",
            day(-1),
            1 + i % 28,
            10 + i,
            i % 10
        ));
    }
    std::fs::write(rig.saves.with_file_name("open.csv"), csv).unwrap();
    let c = rig.session().await;
    unlock_and_open_zoe(&c).await;

    // The contest, with its prize and the skill-testing question.
    click(&c, "#nav-contests").await;
    click(&c, "#contest-new").await;
    set(&c, "input[name=contest-name]", "Concours de Noël").await;
    set(&c, "input[name=opens]", &day(-10)).await;
    set(&c, "input[name=closes]", &day(-1)).await;
    set(&c, "input[name=draw]", &day(0)).await;
    set(&c, "input[name=question]", "(7 × 3) + 12 − 5").await;
    set(&c, "input[name=answer]", "28").await;
    set(&c, "input[name=prize-name]", "Métronome").await;
    set(&c, "input[name=prize-quantity]", "3").await;
    set(&c, "input[name=prize-value]", "35").await;
    click(&c, "#contest-save").await;
    wait_text(&c, "#contest-title", "the contest page", |t| {
        t == "Concours de Noël"
    })
    .await;
    // Its draw is sealed from now: the commitment is on the page and in the rules.
    let sealed = wait_text(&c, "#contest-commitment", "the draw's commitment", |t| {
        t.contains("SHA-256")
    })
    .await;
    let commitment = sealed.rsplit(' ').next().unwrap().to_owned();
    assert_eq!(commitment.len(), 64, "{sealed}");

    // The import is checked first, then written whole.
    click(&c, "#import-pick").await;
    wait_text(&c, "#import-counts", "the check of the file", |t| {
        t.contains("200 nouvelle(s) personne(s)")
    })
    .await;
    click(&c, "#import-go").await;
    wait_text(&c, "#entries-count", "200 entries, all eligible", |t| {
        t.contains("200 participation(s), dont 200")
    })
    .await;
    snap(&c, "20-contest-entries").await;
    // Finding an entry ignores accents and case, as the people search does.
    let shown = |c: &fantoccini::Client| {
        let c = c.clone();
        async move {
            c.execute(
                "return document.querySelectorAll('#entries-table tbody tr:not([hidden])').length",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap()
        }
    };
    set(&c, "#entry-search", "ELEVE199 gagnon").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while shown(&c).await != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "one entry for Élève199"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    set(&c, "#entry-search", "").await;
    while shown(&c).await != 200 {
        assert!(std::time::Instant::now() < deadline, "every entry again");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // Entries closed (the closing day is over), then the draw: three winners and three
    // alternates, checked, the secret revealed.
    click(&c, "#entries-close").await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "#closing-info", "the closing statement", |t| {
        t.contains("200 participation(s)")
    })
    .await;
    click(&c, "#draw-run").await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "#draw-check", "the draw checked", |t| {
        t.contains("Vérifié")
    })
    .await;
    wait_text(&c, "#draw-secret", "the secret revealed", |t| t.len() > 64).await;
    let rows = wait_text(&c, "#winners-table tbody", "winners and alternates", |t| {
        t.matches("Substitut").count() == 3
    })
    .await;
    assert_eq!(rows.matches("Gagnant — à confirmer").count(), 3, "{rows}");

    // The first winner answers the question, claims the prize; the shipment is prepared.
    set(
        &c,
        "#winners-table tbody tr:first-child input[name=skill-answer]",
        " 28",
    )
    .await;
    click(
        &c,
        "#winners-table tbody tr:first-child [data-action=skill]",
    )
    .await;
    wait_text(
        &c,
        "#winners-table tbody tr:first-child",
        "a right answer",
        |t| t.contains("Bonne réponse"),
    )
    .await;
    click(
        &c,
        "#winners-table tbody tr:first-child [data-action=claim]",
    )
    .await;
    click(
        &c,
        "#winners-table tbody tr:first-child [data-action=prepare]",
    )
    .await;
    wait(&c, "dialog input[name=ship-name]").await;
    click(&c, "#dialog-submit").await;
    let board = wait_text(&c, "#shipments-table", "the shipment to pack", |t| {
        t.contains("À emballer")
    })
    .await;
    assert!(
        board.contains("LAVAL QC  H7N 2B"),
        "Canada Post's last line: {board}"
    );
    snap(&c, "21-contest-winners").await;

    // Labels from the 8th of a half-used sheet; the PDF is read back.
    set(&c, "#label-start", "8").await;
    wait(&c, "#label-sheet .label.filled").await;
    c.execute(
        "document.getElementById('labels').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    snap(&c, "22-contest-labels").await;
    click(&c, "#labels-print").await;
    wait_text(&c, "#shipments-status", "the labels saved", |t| {
        t.contains(".pdf")
    })
    .await;
    let labels = saved_pdf_text(&rig.saves, "etiquettes-concours-");
    assert!(
        labels.contains("LAVAL QC H7N 2B") || labels.contains("LAVAL QC  H7N 2B"),
        "{labels}"
    );

    // Shipped with its carrier and tracking number.
    set(&c, "#shipments-table input[name=carrier]", "Postes Canada").await;
    set(&c, "#shipments-table input[name=tracking]", "1234567890").await;
    click(&c, "#shipments-table [data-action=shipped]").await;
    wait_text(&c, "#shipments-table", "shipped", |t| {
        t.contains("Expédié") && t.contains("Postes Canada 1234567890")
    })
    .await;
    c.close().await.unwrap();
}

/// French Excel's "CSV (point-virgule)": Windows-1252, `;`, CRLF; a column the wizard
/// cannot guess ("Mèl"); with `bad`, an impossible date on line 3 and a bad address on
/// line 5.
fn excel_file(bad: bool) -> Vec<u8> {
    let mut f: Vec<u8> = b"Nom;Pr\xe9nom;M\xe8l;Date de naissance;Ville\r\n".to_vec();
    f.extend_from_slice(
        b"Bernard;Th\xe9o;theo.bernard@exemple.ca;14/07/1980;\"Saint-J\xe9r\xf4me; QC\"\r\n",
    );
    if bad {
        f.extend_from_slice(b"C\x9curderoy;Ana\xefs;anais@exemple.ca;31/02/1990;Laval\r\n");
    }
    f.extend_from_slice(b"Lef\xe8vre;Chlo\xe9;chloe@exemple.ca;25/12/1975;Montr\xe9al\r\n");
    if bad {
        f.extend_from_slice(b"Roy;L\xe9a;pas-une-adresse;01/01/1990;Qu\xe9bec\r\n");
    }
    f
}

async fn a_spreadsheet_imported_and_the_newsletter_exported(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    seed_family(&rig.db);
    let open = rig.saves.with_file_name("open.csv");
    std::fs::write(&open, excel_file(true)).unwrap();
    let c = rig.session().await;
    unlock_and_open_zoe(&c).await;

    // The wizard reads the file as French Excel wrote it.
    click(&c, "#nav-people").await;
    click(&c, "#import-people").await;
    click(&c, "#import-choose").await;
    wait_text(&c, "#import-read", "the file read", |t| {
        t.contains("Windows-1252") && t.contains("« ; »") && t.contains("4 lignes")
    })
    .await;
    // "Mèl" is not a header Carnet knows: the office maps it.
    set(&c, "select[name=map-2]", "email").await;
    let problems = wait_text(&c, "#import-problems", "the lines to correct", |t| {
        t.contains("Ligne 5")
    })
    .await;
    assert!(
        problems.contains("Ligne 3 — la date de naissance : cette date n’existe pas"),
        "{problems}"
    );
    assert!(
        problems.contains("Ligne 5 — un courriel : ce n’est pas une adresse courriel"),
        "{problems}"
    );
    assert!(
        wait(&c, "#import-go")
            .await
            .attr("disabled")
            .await
            .unwrap()
            .is_some(),
        "nothing can be imported while a line is wrong"
    );
    c.execute(
        "document.getElementById('import-counts').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    snap(&c, "30-import-problems").await;

    // The office corrects the file and checks again: the mapping is kept.
    std::fs::write(&open, excel_file(false)).unwrap();
    click(&c, "#import-recheck").await;
    wait_text(&c, "#import-verdict", "ready", |t| {
        t.contains("Prêt : 2 personnes à créer")
    })
    .await;
    snap(&c, "31-import-ready").await;
    click(&c, "#import-go").await;
    wait_text(&c, "#import-done", "the import done", |t| {
        t.contains("2 personnes créées")
    })
    .await;

    // Théo subscribes to the newsletter on paper; the list is exported for Mailchimp.
    click(&c, "#nav-people").await;
    search(&c, "theo", 1).await;
    wait(&c, "#search")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_text(&c, "#person-name", "Théo's page", |t| t == "Théo Bernard").await;
    click(&c, "#person-subscribe").await;
    set(
        &c,
        "dialog input[name=sub-evidence]",
        "Bulletin d’inscription signé",
    )
    .await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "#person-newsletters", "the subscription", |t| {
        t.contains("Infolettre : Exprès")
    })
    .await;
    click(&c, "#nav-newsletter").await;
    click(&c, "#newsletter-lists tbody td").await;
    wait_text(&c, "#subscribers", "the subscriber", |t| {
        t.contains("Théo Bernard") && t.contains("theo.bernard@exemple.ca")
    })
    .await;
    snap(&c, "32-newsletter-list").await;
    click(&c, "#export-mailchimp").await;
    wait_text(&c, "#newsletter-out", "the file saved", |t| {
        t.contains(".csv")
    })
    .await;
    let file = std::fs::read_dir(&rig.saves)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with("mailchimp.csv"))
        .expect("the Mailchimp file");
    assert_eq!(
        std::fs::read_to_string(file).unwrap(),
        "Email Address,First Name,Last Name,Tags\ntheo.bernard@exemple.ca,Théo,Bernard,\n"
    );

    // Théo buys a licence ending in 20 days: the list and the dashboard remind of it.
    let ends = (chrono::Local::now().date_naive() + chrono::Duration::days(20)).to_string();
    click(&c, "#nav-licences").await;
    click(&c, "#licence-new").await;
    set(&c, "dialog input[name=licence-person]", "theo").await;
    click(&c, "dialog .small-list li").await;
    set(&c, "dialog input[name=licence-product]", "Solfège en ligne").await;
    set(&c, "dialog input[name=licence-code]", "SOL-0042").await;
    set(&c, "dialog input[name=licence-ends]", &ends).await;
    set(&c, "dialog input[name=licence-price]", "450").await;
    set(&c, "dialog input[name=licence-invoice]", "F-2026-114").await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "#licences-table", "the licence listed", |t| {
        t.contains("SOL-0042") && t.contains("Théo Bernard") && t.contains("dans 20 j")
    })
    .await;
    wait_text(&c, "#licences-30", "one licence within 30 days", |t| {
        t.starts_with('1')
    })
    .await;
    snap(&c, "33-licences").await;
    click(&c, "#licences-table tbody td").await;
    click(&c, "#licence-reminder").await;
    wait_text(&c, "#licence-out", "the reminder saved", |t| {
        t.contains(".pdf")
    })
    .await;
    snap(&c, "34-licence-dialog").await;
    let letter = saved_pdf_text(&rig.saves, "rappel-licence-");
    assert!(
        letter.contains("SOL-0042") && letter.contains("dans 20 jours"),
        "{letter}"
    );
    c.execute("document.querySelector('dialog[open]').close();", vec![])
        .await
        .unwrap();
    click(&c, "#nav-requests").await;
    wait_text(&c, "#licences-banner", "the dashboard's reminder", |t| {
        t.contains("1 licence(s) arrivent à échéance dans les 30 jours")
    })
    .await;
    snap(&c, "35-dashboard-reminders").await;
    c.close().await.unwrap();
}

async fn a_backup_restored_on_a_new_pc(tauri_driver: PathBuf) {
    // The office's PC: a backup into the folder chosen in the settings.
    let old = tempfile::tempdir().unwrap();
    let rig = Rig::start(old.path(), tauri_driver.clone());
    let recovery = seed_family(&rig.db);
    let c = rig.session().await;
    unlock_and_open_zoe(&c).await;
    click(&c, "#nav-requests").await;
    wait_text(&c, "#backup-banner", "no folder yet", |t| {
        t.contains("le registre est la seule copie")
    })
    .await;
    click(&c, "#nav-settings").await;
    click(&c, "#backup-folder-choose").await;
    click(&c, "#backup-now").await;
    wait_text(&c, "#backup-out", "the backup checked", |t| {
        t.contains("Sauvegarde vérifiée") && t.contains("2 personnes")
    })
    .await;
    wait(&c, "#backup-list li").await;
    c.execute(
        "document.getElementById('backup-section').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    snap(&c, "36-backups").await;

    // A new key for the register: the new sheet saved first, then applied.
    click(&c, "#rekey-prepare").await;
    let new_key = text_of(&c, "#rekey-key").await;
    click(&c, "#rekey-save").await;
    wait_text(&c, "#rekey-section .note", "the new sheet saved", |t| {
        t.contains(".pdf")
    })
    .await;
    click(&c, "#rekey-kept").await;
    click(&c, "#rekey-apply").await;
    wait_text(&c, "#rekey-done", "the new key applied", |t| {
        t.contains("Nouvelle clé appliquée")
    })
    .await;
    let sheet = saved_pdf_text(&rig.saves, "carnet-nouvelle-cle");
    assert!(
        sheet
            .split_whitespace()
            .collect::<String>()
            .contains(&new_key.replace(' ', "")),
        "the saved sheet holds the new key"
    );
    c.close().await.unwrap();
    let backup = std::fs::read_dir(&rig.saves)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "carnet-backup"))
        .expect("the backup");
    let db = rig.db.clone();
    drop(rig);
    assert!(Register::open(&db, carnet_core::Unlock::RecoveryKey(&recovery)).is_err());
    Register::open(&db, carnet_core::Unlock::RecoveryKey(&new_key)).unwrap();

    // The new PC: nothing but the backup file (no key file) and the recovery key printed
    // when it was taken (the backup keeps the key it was taken with).
    let new = tempfile::tempdir().unwrap();
    let rig = Rig::start(new.path(), tauri_driver);
    std::fs::copy(&backup, rig.saves.with_file_name("open.carnet-backup")).unwrap();
    let c = rig.session().await;
    click(&c, "#restore-open").await;
    click(&c, "#restore-choose").await;
    wait_text(&c, "#restore-file", "the backup chosen", |t| {
        t.contains("open.carnet-backup")
    })
    .await;
    set(&c, "input[name=restore-key]", "not a key").await;
    click(&c, "#restore-check").await;
    wait_text(&c, "dialog .alert", "a wrong key refused", |t| {
        !t.is_empty()
    })
    .await;
    set(&c, "input[name=restore-key]", &recovery).await;
    set(&c, "input[name=restore-staff]", "Sophie").await;
    click(&c, "#restore-check").await;
    wait_text(&c, "#restore-info", "what the backup holds", |t| {
        t.contains("Les P’tits mélomanes") && t.contains("2 personnes")
    })
    .await;
    snap(&c, "37-restore").await;
    click(&c, "#restore-go").await;
    // Only the backup file was brought: no decisions journal beside it, no register here
    // to tell what was decided since. The restore waits for the acknowledgement.
    wait_text(
        &c,
        "#restore-acknowledge",
        "the missing journal explained",
        |t| t.contains("journal des décisions"),
    )
    .await;
    snap(&c, "40-restore-without-journal").await;
    click(&c, "#restore-anyway").await;
    wait(&c, "#restore-done").await;
    click(&c, "#restore-continue").await;
    wait_text(&c, "#people-count", "every person back", |t| {
        t.contains('2')
    })
    .await;
    search(&c, "zoe", 1).await;
    c.close().await.unwrap();
}

async fn staff_accounts(tauri_driver: PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    seed_family(&rig.db);
    let c = rig.session().await;
    unlock_and_open_zoe(&c).await;
    click(&c, "#nav-settings").await;
    // The first account: the person in charge's; she is signed in with it.
    click(&c, "#accounts-first").await;
    set(&c, "#account-name", "Hélène Tremblay").await;
    set(
        &c,
        "#account-new-passphrase",
        "la directrice a un long mot de passe",
    )
    .await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "#accounts-me", "signed in as the new account", |t| {
        t.contains("Hélène Tremblay") && t.contains("Responsable")
    })
    .await;
    click(&c, "#accounts-add").await;
    set(&c, "#account-name", "Sophie Gagnon").await;
    // "Suggest a passphrase": everyday words, shown in clear to be written down.
    click(&c, "dialog .passphrase-suggest").await;
    wait_text(&c, "dialog .suggested", "a passphrase suggested", |t| {
        t.contains("Notez-la") && t.matches('-').count() >= 4
    })
    .await;
    snap(&c, "41-passphrase-suggestion").await;
    set(
        &c,
        "#account-new-passphrase",
        "le secrétariat a le sien aussi",
    )
    .await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "#accounts-table", "the colleague's account", |t| {
        t.contains("Sophie Gagnon") && t.contains("Secrétariat") && t.contains("phrase de passe")
    })
    .await;
    c.execute(
        "document.getElementById('accounts-section').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    snap(&c, "38-staff-accounts").await;

    // Locked: the unlock screen lists the accounts; Sophie opens with hers.
    click(&c, "#nav-lock").await;
    wait(&c, "#unlock-account").await;
    set(&c, "#unlock-account", "2").await;
    set(
        &c,
        "#unlock-account-passphrase",
        "la directrice a un long mot de passe",
    )
    .await;
    click(&c, "#unlock-open").await;
    wait_text(
        &c,
        "section.card .alert",
        "another account's passphrase refused",
        |t| t.contains("incorrecte"),
    )
    .await;
    set(
        &c,
        "#unlock-account-passphrase",
        "le secrétariat a le sien aussi",
    )
    .await;
    snap(&c, "39-unlock-with-an-account").await;
    click(&c, "#unlock-open").await;
    wait_text(&c, "#people-count", "the people list", |t| t.contains('2')).await;
    // Office staff: no incident register, and the settings say who is signed in.
    click(&c, "#nav-privacy").await;
    wait(&c, "#tab-retention").await;
    let incidents = c
        .find_all(fantoccini::Locator::Css("#tab-incidents"))
        .await
        .unwrap();
    assert!(incidents.is_empty(), "office staff get no incident tab");
    click(&c, "#nav-settings").await;
    wait_text(&c, "#accounts-me", "Sophie signed in", |t| {
        t.contains("Sophie Gagnon") && t.contains("Secrétariat")
    })
    .await;
    c.close().await.unwrap();
}

/// Pairs the window's PC with the service from the where-screen, then signs `account` in.
async fn connect_and_sign_in(
    c: &fantoccini::Client,
    address: &str,
    code: &str,
    pc: &str,
    account: &str,
    passphrase: &str,
    shots: Option<[&str; 3]>,
) {
    wait(c, "#register-path").await;
    if let Some([where_, _, _]) = shots {
        snap(c, where_).await;
    }
    click(c, "#register-connect").await;
    set(c, "#service-address", address).await;
    set(c, "#service-code", code).await;
    set(c, "#device-name", pc).await;
    if let Some([_, connect, _]) = shots {
        snap(c, connect).await;
    }
    click(c, "#service-pair").await;
    wait_text(c, "#service-where", "the service's address", |t| {
        t == address
    })
    .await;
    set(c, "#service-account", account).await;
    set(c, "#service-passphrase", passphrase).await;
    if let Some([_, _, sign_in]) = shots {
        snap(c, sign_in).await;
    }
    click(c, "#service-sign-in").await;
    wait(c, "#people-count").await;
}

/// Every file under `dir` whose bytes hold `needle` (as UTF-8).
fn files_holding(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if std::fs::read(&p)
                .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
            {
                found.push(p);
            }
        }
    }
    found
}

async fn two_pcs_on_one_service(tauri_driver: PathBuf) {
    use carnet_core::accounts::AccountSecret;
    use carnet_testkit::office::{office_in, DIRECTRICE, SECRETAIRE};
    // The office's register, on the service's machine, with Hélène (the person in charge)
    // and Sophie (office staff); letters need the office's address and contact.
    let office_dir = tempfile::tempdir().unwrap();
    let office = office_in(office_dir.path());
    let reg = Register::open(
        &office.db,
        carnet_core::Unlock::Account(office.helene, AccountSecret::Passphrase(DIRECTRICE)),
    )
    .unwrap();
    let mut profile = reg.org().profile().unwrap();
    profile.address = "45 rue Saint-Denis, Montréal (Québec) H2X 3K8".into();
    profile.privacy_contact = "Hélène Tremblay".into();
    profile.privacy_email = "vie.privee@pianistes.ca".into();
    reg.org().update_profile(&profile, Utc::now()).unwrap();
    let service = std::sync::Arc::new(
        carnet_server::server::Service::new(
            reg,
            std::time::Duration::from_secs(900),
            Box::new(|_| {}),
        )
        .unwrap(),
    );
    let address = service.serve_in_background("127.0.0.1:0").unwrap();

    // Two PCs of the office, each a window of its own, neither with a register.
    let sophies = tempfile::tempdir().unwrap();
    let helenes = tempfile::tempdir().unwrap();
    let rig_s = Rig::start(sophies.path(), tauri_driver.clone());
    let rig_h = Rig::start(helenes.path(), tauri_driver);
    let s = rig_s.session().await;
    connect_and_sign_in(
        &s,
        &address,
        &service.pairing_code(),
        "Poste de l’accueil",
        "Sophie Gagnon",
        SECRETAIRE,
        Some([
            "50-where-connect",
            "51-connect-to-the-service",
            "51a-sign-in-at-the-service",
        ]),
    )
    .await;
    wait_text(&s, "#people-count", "Léa, at the service", |t| {
        t.contains('1')
    })
    .await;

    // Sophie adds a family on the front desk's PC.
    click(&s, "#add-person").await;
    set(&s, "input[name=given]", "Marie").await;
    set(&s, "input[name=family]", "Lefèvre-Cœurdevey").await;
    set(&s, "input[name=birth]", "1985-03-02").await;
    click(&s, "#person-save").await;
    wait_text(&s, "#person-name", "the parent's page", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;
    click(&s, "#add-child").await;
    click(&s, "#link-new").await;
    set(&s, "input[name=given]", "Zoë").await;
    set(&s, "input[name=birth]", "2016-05-10").await;
    click(&s, "#person-save").await;
    wait_text(&s, "#person-name", "back on the parent", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;

    // Hélène, on her own PC, finds the family and answers Marie's access request.
    let hl = rig_h.session().await;
    connect_and_sign_in(
        &hl,
        &address,
        &service.pairing_code(),
        "Bureau de la direction",
        "Hélène Tremblay",
        DIRECTRICE,
        None,
    )
    .await;
    wait_text(
        &hl,
        "#people-count",
        "the family added on the other PC",
        |t| t.contains('3'),
    )
    .await;
    search(&hl, "marie", 1).await;
    wait(&hl, "#search")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_text(&hl, "#person-name", "Marie's page", |t| {
        t == "Marie Lefèvre-Cœurdevey"
    })
    .await;
    click(&hl, "#common-case-access").await;
    wait_text(&hl, "#request-about", "the choice of child", |t| {
        t.contains("Zoë Lefèvre-Cœurdevey, son enfant")
    })
    .await;
    click(&hl, "#request-about label:nth-of-type(2) input[name=about]").await;
    wait_text(&hl, "#request-concerns", "the request is about Zoë", |t| {
        t.contains("Zoë Lefèvre-Cœurdevey")
    })
    .await;
    click(&hl, "#request-save").await;
    wait_text(&hl, "#request-title", "the request page", |t| {
        t == "Accès aux renseignements — Zoë Lefèvre-Cœurdevey"
    })
    .await;
    click(&hl, "input[name=identity-method][value=known_in_person]").await;
    click(&hl, "#identity-verify").await;
    wait_text(
        &hl,
        "#identity-done",
        "the check, in Hélène's name",
        |t| t.contains("Hélène Tremblay"),
    )
    .await;
    click(&hl, "#review-approve").await;
    wait_text(&hl, "#review-status", "the approval", |t| {
        t.contains("Approuvé par Hélène Tremblay")
    })
    .await;
    snap(&hl, "52-access-through-the-service").await;
    click(&hl, "#letter-access_report-save").await;
    wait_text(&hl, "#saved-path", "the report made at the service", |t| {
        t.contains(".pdf")
    })
    .await;
    let text = saved_pdf_text(&rig_h.saves, "reponse-demande-acces-");
    for needle in [
        "Ce que nous conservons sur Zoë Lefèvre-Cœurdevey",
        "À l’attention de Marie Lefèvre-Cœurdevey",
        "10 mai 2016",
        "45 rue Saint-Denis, Montréal (Québec) H2X 3K8",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from the report");
    }
    click(&hl, "#request-close").await;
    wait_text(&hl, "#request-page dl", "closed as answered", |t| {
        t.contains("Répondue")
    })
    .await;

    // Sophie is refused the erasure: the person in charge's decision, at the service.
    click(&s, "#nav-people").await;
    search(&s, "zoe", 1).await;
    wait(&s, "#search")
        .await
        .send_keys("\u{E007}")
        .await
        .unwrap();
    wait_text(&s, "#person-name", "Zoë's page", |t| {
        t == "Zoë Lefèvre-Cœurdevey"
    })
    .await;
    click(&s, "#person-request").await;
    wait(&s, "#request-form").await;
    set(&s, "select[name=kind]", "erasure").await;
    click(&s, "#request-save").await;
    wait(&s, "#erasure-identity-first").await;
    click(&s, "input[name=identity-method][value=document_seen]").await;
    click(&s, "#identity-verify").await;
    click(&s, "#erasure-plan-open").await;
    set(&s, "#erasure-confirm", "Zoë Lefèvre-Cœurdevey").await;
    click(&s, "#erasure-run").await;
    wait_text(&s, "#erasure-form .alert", "the erasure refused", |t| {
        t.contains("Seule la personne responsable")
    })
    .await;
    snap(&s, "53-erasure-refused-at-the-service").await;

    // The front desk's PC is stolen: Hélène revokes it from her settings, with the code
    // that pairs a new one beside the list; its next call is refused at the service.
    click(&hl, "#nav-settings").await;
    wait_text(
        &hl,
        "#service-pairing-code",
        "the code for another PC",
        |t| t.len() == 9 && t.as_bytes()[4] == b'-',
    )
    .await;
    wait_text(&hl, "#service-devices", "the two PCs", |t| {
        t.contains("Poste de l’accueil") && t.contains("Bureau de la direction")
    })
    .await;
    hl.execute(
        "document.getElementById('service-section').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    snap(&hl, "54-paired-pcs").await;
    hl.execute("window.confirm = () => true;", vec![])
        .await
        .unwrap();
    click(&hl, "#revoke-device-1").await;
    wait_text(&hl, "#service-devices", "the PC revoked", |t| {
        t.contains("Révoqué le") && t.contains("Hélène Tremblay")
    })
    .await;
    click(&s, "#nav-people").await;
    wait_text(&s, "#people-count", "the revoked PC refused", |t| {
        t.contains("révoqué")
    })
    .await;

    // Hélène restores the service's backup of a moment ago, from her PC, with the
    // recovery key: the PC she revoked since stays revoked; she signs in again.
    let backups = office_dir.path().join("sauvegardes");
    std::fs::create_dir_all(&backups).unwrap();
    service.set_backup_folder(&backups).unwrap();
    click(&hl, "#nav-people").await;
    click(&hl, "#nav-settings").await;
    click(&hl, "#backup-now").await;
    wait(&hl, "#backup-restore-0").await;
    hl.execute(
        "document.getElementById('backup-section').scrollIntoView();",
        vec![],
    )
    .await
    .unwrap();
    click(&hl, "#backup-restore-0").await;
    set(&hl, "#restore-service-key", &office.recovery_text).await;
    snap(&hl, "55-restore-at-the-service").await;
    click(&hl, "#dialog-submit").await;
    wait_text(&hl, "#restore-done", "the restore done", |t| !t.is_empty()).await;
    snap(&hl, "56-restored-at-the-service").await;
    click(&hl, "#restore-continue").await;
    set(&hl, "#service-account", "Hélène Tremblay").await;
    set(&hl, "#service-passphrase", DIRECTRICE).await;
    click(&hl, "#service-sign-in").await;
    wait(&hl, "#people-count").await;
    s.close().await.unwrap();
    hl.close().await.unwrap();
    drop((rig_s, rig_h));

    // Neither PC holds a register, nor a name of the family on disk (the saved report
    // aside, which Hélène chose to save).
    for pc in [sophies.path(), helenes.path()] {
        assert!(!pc.join("carnet.db").exists());
        for needle in ["Lefèvre", "Lefe\u{300}vre", "Zoë", "Tremblay"] {
            let found: Vec<PathBuf> = files_holding(pc, needle)
                .into_iter()
                .filter(|p| !p.starts_with(pc.join("saves")))
                .collect();
            assert!(
                found.is_empty(),
                "{needle:?} kept on a client PC: {found:?}"
            );
        }
    }
}
