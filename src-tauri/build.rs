// The commands the UI may call come from the one list in `commands/list.rs`; each is
// granted by name in `src-tauri/capabilities/main.json` (a test checks the two agree).
include!("commands/list.rs");

macro_rules! names {
    ($($context:ident::$name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

const COMMANDS: &[&str] = with_commands!(names);

fn main() {
    // tauri-build does not watch a custom capabilities path: without this, an edited
    // capability file would not reach the app until some other change rebuilt it.
    println!("cargo:rerun-if-changed=src-tauri/commands/list.rs");
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
