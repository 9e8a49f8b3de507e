//! The real window, driven through tauri-driver (WebKitWebDriver under Xvfb): shared by
//! the end-to-end test and the UI benchmark.
#![allow(dead_code)]

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub fn find_tool(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

pub struct Rig {
    xvfb: Child,
    pub driver: Option<Child>,
    pub display: String,
    pub port: u16,
    pub db: PathBuf,
    pub saves: PathBuf,
    pub tauri_driver: PathBuf,
}

impl Rig {
    pub fn start(dir: &Path, tauri_driver: PathBuf) -> Rig {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        // A display no other X server holds (a run killed half-way leaves its lock file,
        // and Xvfb would not start on that display: the window would never come).
        let n = (0..300)
            .map(|_| {
                300 + (std::process::id() * 7
                    + NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                    % 300
            })
            .find(|n| !Path::new(&format!("/tmp/.X{n}-lock")).exists())
            .expect("a free X display among :300 to :599");
        let display = format!(":{n}");
        let xvfb = Command::new("Xvfb")
            .args([display.as_str(), "-screen", "0", "1280x800x24"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb");
        std::thread::sleep(Duration::from_millis(800));
        let saves = dir.join("saves");
        std::fs::create_dir_all(&saves).unwrap();
        let mut rig = Rig {
            xvfb,
            driver: None,
            display,
            port: 4444 + (n as u16 % 1000) * 2,
            db: dir.join("carnet.db"),
            saves,
            tauri_driver,
        };
        rig.start_driver();
        rig
    }

    pub fn start_driver(&mut self) {
        let driver = Command::new(&self.tauri_driver)
            .args([
                "--port",
                &self.port.to_string(),
                "--native-port",
                &(self.port + 1).to_string(),
            ])
            .env("DISPLAY", &self.display)
            .env("CARNET_DB", &self.db)
            .env("CARNET_E2E_SAVE_DIR", &self.saves)
            // The file the open dialog "chooses" (a scenario writes it first).
            .env(
                "CARNET_E2E_OPEN_FILE",
                self.saves.with_file_name("open.csv"),
            )
            .env("LANG", "fr_CA.UTF-8")
            // The webview's storage (language, staff name) lives under these: one set per rig.
            .env("XDG_DATA_HOME", self.saves.with_file_name("xdg-data"))
            .env("XDG_CONFIG_HOME", self.saves.with_file_name("xdg-config"))
            .env("XDG_CACHE_HOME", self.saves.with_file_name("xdg-cache"))
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

    pub async fn session(&self) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({ "application": env!("CARGO_BIN_EXE_carnet") }),
        );
        caps.insert("browserName".into(), json!("wry"));
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session")
    }
}

/// Every process started, directly or not, by `root` (from /proc).
pub fn descendants(root: u32) -> Vec<u32> {
    let procs: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .map(|rd| {
            rd.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
                .filter_map(|pid| {
                    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
                    let ppid = status
                        .lines()
                        .find(|l| l.starts_with("PPid:"))?
                        .split_whitespace()
                        .nth(1)?
                        .parse()
                        .ok()?;
                    Some((pid, ppid))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut out = vec![];
    let mut frontier = vec![root];
    while let Some(p) = frontier.pop() {
        for &(pid, ppid) in &procs {
            if ppid == p && pid != root && !out.contains(&pid) {
                out.push(pid);
                frontier.push(pid);
            }
        }
    }
    out
}

impl Drop for Rig {
    fn drop(&mut self) {
        if let Some(d) = self.driver.as_mut() {
            // End WebKitWebDriver (and anything it still runs) with tauri-driver, one pid
            // at a time: never a process-group kill, which could reach the test itself.
            for pid in descendants(d.id()) {
                let _ = Command::new("kill").arg(pid.to_string()).status();
            }
            let _ = d.kill();
            let _ = d.wait();
        }
        let _ = self.xvfb.kill();
        let _ = self.xvfb.wait();
    }
}

/// How long a step may take in the window: a document rendered by a debug build on a
/// loaded two-core CI machine has taken more than 20 s.
const PATIENCE: Duration = Duration::from_secs(45);

pub async fn wait(c: &Client, css: &str) -> fantoccini::elements::Element {
    let deadline = std::time::Instant::now() + PATIENCE;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match c.wait().at_most(left).for_element(Locator::Css(css)).await {
            Ok(el) => return el,
            // The page was being replaced while the driver looked (locking reloads it):
            // look again in the new page, within the same patience.
            Err(e)
                if !left.is_zero()
                    && ["unload", "navigat", "stale", "no such window"]
                        .iter()
                        .any(|m| e.to_string().contains(m)) =>
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => fail(c, css, e).await,
        }
    }
}

/// What the window showed instead helps more than the timeout.
async fn fail(c: &Client, css: &str, e: fantoccini::error::CmdError) -> ! {
    let shown = c.find(Locator::Css("body")).await.ok();
    let text = match shown {
        Some(b) => b.text().await.unwrap_or_default(),
        None => String::new(),
    };
    panic!("{css} never appeared ({e}); the window shows: {text:?}")
}

pub async fn click(c: &Client, css: &str) {
    wait(c, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Sets a field's value as the UI would receive it (date inputs cannot be typed into
/// reliably through WebDriver) and fires its events.
pub async fn set(c: &Client, css: &str, value: &str) {
    wait(c, css).await;
    c.execute(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1];
         el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![json!(css), json!(value)],
    )
    .await
    .unwrap();
}

pub async fn text_of(c: &Client, css: &str) -> String {
    wait(c, css).await.text().await.unwrap()
}

/// Polls until `css`'s text satisfies `pred`, returning it.
pub async fn wait_text(c: &Client, css: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
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
            // What the window showed instead (an error, another screen) says more.
            let shown = match c.find(Locator::Css("body")).await {
                Ok(b) => b.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("{css} never appeared (waiting for {what}); the window shows: {shown:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// With CARNET_SCREENSHOTS=DIR, saves what the window shows (docs/screenshots is made this way).
pub async fn snap(c: &Client, name: &str) {
    if let Some(dir) = std::env::var_os("CARNET_SCREENSHOTS") {
        tokio::time::sleep(Duration::from_millis(300)).await;
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            Path::new(&dir).join(format!("{name}.png")),
            c.screenshot().await.unwrap(),
        )
        .unwrap();
    }
}

/// The names listed on the people screen, read in one script so that a list redrawn by
/// the next keystroke cannot leave a stale element half-way through the read.
pub async fn result_names(c: &Client) -> Vec<String> {
    let names = c
        .execute(
            "return [...document.querySelectorAll('#people-list li .name')].map((e) => e.textContent);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(names).unwrap()
}

pub async fn search(c: &Client, query: &str, expect: usize) -> Vec<String> {
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

/// Clicks the button whose whole text is `label` (a person's name in a list of links).
pub async fn click_button_named(c: &Client, label: &str) {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(&format!("//button[text()='{label}']")))
        .await
        .unwrap_or_else(|e| panic!("no button {label:?}: {e}"))
        .click()
        .await
        .unwrap();
}

/// The text of the one PDF saved in `dir` whose name starts with `prefix`, as
/// `pdftotext -raw` reads it, whitespace collapsed.
pub fn saved_pdf_text(dir: &Path, prefix: &str) -> String {
    let pdf = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}… saved in {}", dir.display()));
    carnet_testkit::pdf_text(&pdf)
}
