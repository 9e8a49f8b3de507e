//! End to end in the real window: tauri-driver drives WebKitWebDriver, which starts the
//! built app under Xvfb. Needs `tauri-driver` (cargo install tauri-driver), Debian's
//! `webkit2gtk-driver` and `xvfb`; `.ci/test` sets CARNET_REQUIRE_E2E=1 so that their
//! absence fails instead of skipping.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const PASS: &str = "une phrase de passe solide";

fn find_tool(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

struct Rig {
    xvfb: Child,
    driver: Option<Child>,
    display: String,
    port: u16,
    db: PathBuf,
    saves: PathBuf,
    tauri_driver: PathBuf,
}

impl Rig {
    fn start(dir: &Path, tauri_driver: PathBuf) -> Rig {
        let n = 300 + std::process::id() % 300;
        let display = format!(":{n}");
        let xvfb = Command::new("Xvfb").args([display.as_str(), "-screen", "0", "1280x800x24"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("Xvfb");
        std::thread::sleep(Duration::from_millis(800));
        let saves = dir.join("saves");
        std::fs::create_dir_all(&saves).unwrap();
        let mut rig = Rig { xvfb, driver: None, display, port: 4444 + (n as u16 % 1000) * 2, db: dir.join("carnet.db"), saves, tauri_driver };
        rig.start_driver();
        rig
    }

    fn start_driver(&mut self) {
        let driver = Command::new(&self.tauri_driver)
            .args(["--port", &self.port.to_string(), "--native-port", &(self.port + 1).to_string()])
            .env("DISPLAY", &self.display)
            .env("CARNET_DB", &self.db)
            .env("CARNET_E2E_SAVE_DIR", &self.saves)
            .env("LANG", "fr_CA.UTF-8")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver");
        self.driver = Some(driver);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": env!("CARGO_BIN_EXE_carnet") }));
        caps.insert("browserName".into(), json!("wry"));
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session")
    }
}

impl Drop for Rig {
    fn drop(&mut self) {
        if let Some(d) = self.driver.as_mut() {
            let _ = d.kill();
            let _ = d.wait();
        }
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

async fn wait(c: &Client, css: &str) -> fantoccini::elements::Element {
    c.wait().at_most(Duration::from_secs(20)).for_element(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css} never appeared: {e}"))
}

async fn click(c: &Client, css: &str) {
    wait(c, css).await.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Sets a field's value as the UI would receive it (date inputs cannot be typed into
/// reliably through WebDriver) and fires its events.
async fn set(c: &Client, css: &str, value: &str) {
    wait(c, css).await;
    c.execute(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1];
         el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(css), json!(value)],
    )
    .await
    .unwrap();
}

async fn text_of(c: &Client, css: &str) -> String {
    wait(c, css).await.text().await.unwrap()
}

/// Polls until `css`'s text satisfies `pred`, returning it.
async fn wait_text(c: &Client, css: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            if let Ok(t) = el.text().await {
                if pred(&t) {
                    return t;
                }
                if Instant::now() > deadline {
                    panic!("{css}: expected {what}, got {t:?}");
                }
            }
        } else if Instant::now() > deadline {
            panic!("{css} never appeared (waiting for {what})");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn result_names(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for li in c.find_all(Locator::Css("#people-list li .name")).await.unwrap() {
        out.push(li.text().await.unwrap());
    }
    out
}

async fn search(c: &Client, query: &str, expect: usize) -> Vec<String> {
    let input = wait(c, "#search").await;
    input.clear().await.unwrap();
    input.send_keys(query).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let names = result_names(c).await;
        if names.len() == expect {
            return names;
        }
        assert!(Instant::now() < deadline, "search {query:?}: {names:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn secretary_day_one_in_the_real_window() {
    let tools = (find_tool("tauri-driver"), find_tool("WebKitWebDriver"), find_tool("Xvfb"));
    let (Some(tauri_driver), Some(_), Some(_)) = tools else {
        assert!(std::env::var("CARNET_REQUIRE_E2E").is_err(), "end-to-end tools missing: {tools:?}");
        eprintln!("skipped: tauri-driver, WebKitWebDriver or Xvfb not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(dir.path(), tauri_driver);
    let c = rig.session().await;

    // First run: organisation, staff name, passphrase, recovery key.
    set(&c, "input[name=org-name]", "École de musique Les P’tits mélomanes").await;
    click(&c, "#setup-next").await;
    set(&c, "input[name=staff]", "Sophie").await;
    click(&c, "#setup-next").await;
    wait(&c, "input[name=protect]").await;
    c.execute("const r = document.querySelector('input[value=passphrase]'); if (!r.checked) r.click();", vec![]).await.unwrap();
    set(&c, "input[name=passphrase]", PASS).await;
    set(&c, "input[name=passphrase2]", PASS).await;
    click(&c, "#setup-next").await;
    let key = wait_text(&c, "#recovery-key", "a recovery key", |t| t.len() == 65).await;
    click(&c, "#recovery-save").await;
    wait_text(&c, ".note[role=status]", "the saved path", |t| t.contains("carnet-cle-de-secours.txt")).await;
    let sheet = std::fs::read_to_string(rig.saves.join("carnet-cle-de-secours.txt")).unwrap();
    assert!(sheet.contains(&key) && sheet.contains("P’tits mélomanes"), "{sheet}");
    assert!(wait(&c, "#recovery-continue").await.attr("disabled").await.unwrap().is_some(), "cannot go on before confirming");
    click(&c, "#recovery-kept").await;
    click(&c, "#recovery-continue").await;

    // A parent, then a child created from the parent's page.
    click(&c, "#add-person").await;
    set(&c, "input[name=given]", "Marie").await;
    set(&c, "input[name=family]", "Lefèvre-Cœurdevey").await;
    set(&c, "input[name=birth]", "1985-03-02").await;
    click(&c, "#person-save").await;
    wait_text(&c, "#person-name", "the parent's name", |t| t == "Marie Lefèvre-Cœurdevey").await;
    click(&c, "#add-child").await;
    click(&c, "#link-new").await;
    assert_eq!(wait(&c, "input[name=family]").await.prop("value").await.unwrap().as_deref(), Some("Lefèvre-Cœurdevey"));
    set(&c, "input[name=given]", "Zoë").await;
    set(&c, "input[name=birth]", "2016-05-10").await;
    click(&c, "#person-save").await;
    wait_text(&c, "#person-name", "back on the parent", |t| t == "Marie Lefèvre-Cœurdevey").await;
    c.wait().at_most(Duration::from_secs(10)).for_element(Locator::XPath("//button[text()='Zoë Lefèvre-Cœurdevey']")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#person-name", "the child's page", |t| t == "Zoë Lefèvre-Cœurdevey").await;
    wait_text(&c, "#minor-badge", "the minor badge", |t| t.contains("14")).await;

    // The child alone cannot consent to photos: the rule is explained in the dialog.
    click(&c, "tr[data-purpose=photos] button[data-action=grant]").await;
    set(&c, "dialog select[name=given_by]", "person").await;
    set(&c, "dialog input[name=evidence]", "fiche d’inscription signée").await;
    click(&c, "#dialog-submit").await;
    let why = wait_text(&c, "dialog .alert", "the minors' rule", |t| !t.is_empty()).await;
    assert!(why.contains("moins de 14 ans") && why.contains("parent"), "{why}");

    // Recorded from the guardian: it shows in the state and the history.
    set(&c, "dialog select[name=given_by]", "guardian").await;
    click(&c, "#dialog-submit").await;
    wait_text(&c, "tr[data-purpose=photos] td.ok", "granted", |t| t.starts_with("Accordé")).await;
    let history = text_of(&c, "#consent-history").await;
    assert!(history.contains("Un parent ou tuteur (Marie Lefèvre-Cœurdevey)") && history.contains("fiche d’inscription signée") && history.contains("Sophie"), "{history}");
    c.close().await.unwrap();

    // Restart: unlock with the passphrase; everything is still there.
    let c = rig.session().await;
    set(&c, "input[name=passphrase]", PASS).await;
    click(&c, "#unlock-open").await;
    wait_text(&c, "#people-count", "two people", |t| t.contains('2')).await;
    assert_eq!(search(&c, "lefevre", 2).await.len(), 2);
    assert_eq!(search(&c, "LEFÈVRE-CŒUR", 2).await.len(), 2);
    assert_eq!(search(&c, "zoe", 1).await, vec!["Lefèvre-Cœurdevey, Zoë"]);
    assert_eq!(search(&c, "Zoë coeur", 1).await, vec!["Lefèvre-Cœurdevey, Zoë"]);
    wait(&c, "#search").await.send_keys("\u{E007}").await.unwrap(); // Enter opens the first result
    wait_text(&c, "#person-name", "Zoë's page", |t| t == "Zoë Lefèvre-Cœurdevey").await;
    let history = text_of(&c, "#consent-history").await;
    assert!(history.contains("Accordé") && history.contains("Marie Lefèvre-Cœurdevey"), "{history}");
    c.close().await.unwrap();
}
