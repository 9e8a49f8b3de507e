//! The desktop app's integration tests: its commands through Tauri's mock runtime, and
//! the real window driven end to end (tauri-driver + WebKitWebDriver under Xvfb), and the
//! house rules the compiler cannot check (`tidy`).

mod commands;
mod e2e;
mod rig;
mod tidy;
