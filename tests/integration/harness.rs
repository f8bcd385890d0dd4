//! Temporary sites built from fixtures, and the binary run against them.

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Every file under `dir`: relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().display().to_string();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub const SITE_TOML: &str = r#"title = "Test guides"
base_url = "https://example.org/guides/"

[companies]
"Scale AI" = { aliases = ["Scale"] }
"Google DeepMind" = { aliases = ["DeepMind"] }

[currency]
display = "USD"
rates = { GBP = 1.27, EUR = 1.08 }
"#;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}

/// The project's own folder (its example site).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The seed site beside the project (`../shared/seed-site`), present on
/// developer machines and always in CI. When it is absent a test that
/// needs it is skipped, and says so past the test harness's capture; with
/// `GUIDEPRESS_REQUIRE_SEED=1` (CI sets it when the seed is there) its
/// absence fails the test instead.
pub fn seed_site(test: &str) -> Option<PathBuf> {
    let required = std::env::var_os("GUIDEPRESS_REQUIRE_SEED").is_some_and(|v| v == "1");
    seed_site_at(&project_root().join("../shared/seed-site"), required, test)
}

/// [`seed_site`] for the seed at `seed`.
pub fn seed_site_at(seed: &Path, required: bool, test: &str) -> Option<PathBuf> {
    if seed.join("site.toml").exists() {
        return Some(seed.to_path_buf());
    }
    assert!(
        !required,
        "{test}: GUIDEPRESS_REQUIRE_SEED=1 but there is no seed site at {}",
        seed.display()
    );
    // eprintln! is captured for passing tests; a write to stderr itself is not.
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: no seed site at {} (GUIDEPRESS_REQUIRE_SEED=1 makes this a failure)",
        seed.display()
    );
    None
}

/// `guidepress` with colour off, as CI and pipes see it.
pub fn guidepress() -> Command {
    let mut cmd = Command::cargo_bin("guidepress").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

pub struct TempSite {
    pub dir: tempfile::TempDir,
}

impl TempSite {
    pub fn new() -> TempSite {
        TempSite::with_config(SITE_TOML)
    }

    pub fn with_config(config: &str) -> TempSite {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("site.toml"), config).expect("site.toml");
        std::fs::create_dir(dir.path().join("content")).expect("content dir");
        TempSite { dir }
    }

    /// A copy of the project's example site (its site.toml and content/).
    pub fn example() -> TempSite {
        let config = std::fs::read_to_string(project_root().join("site.toml")).expect("site.toml");
        let site = TempSite::with_config(&config);
        for entry in std::fs::read_dir(project_root().join("content")).expect("content") {
            let entry = entry.expect("entry");
            std::fs::copy(entry.path(), site.content().join(entry.file_name()))
                .expect("copy guide");
        }
        site
    }

    /// Runs `build` with extra arguments; panics unless it succeeds.
    pub fn build(&self, extra: &[&str]) -> PathBuf {
        self.cmd().arg("build").args(extra).assert().success();
        self.root().join("public")
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.root().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.root().join("content")
    }

    /// Writes `content/<name>`.
    pub fn guide(&self, name: &str, text: impl AsRef<[u8]>) -> &TempSite {
        self.file(&format!("content/{name}"), text)
    }

    /// Writes a file of the site (`templates/base.html`,
    /// `static/assets/style.css`), making its folders.
    pub fn file(&self, relative: &str, text: impl AsRef<[u8]>) -> &TempSite {
        let path = self.root().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        self
    }

    pub fn cmd(&self) -> Command {
        let mut cmd = guidepress();
        cmd.arg("-r").arg(self.root());
        cmd
    }

    /// `check --format json`: the diagnostics list, whatever the exit code.
    pub fn diagnostics(&self, extra: &[&str]) -> Vec<Value> {
        let output = self
            .cmd()
            .args(["check", "--format", "json"])
            .args(extra)
            .output()
            .expect("run");
        serde_json::from_slice::<Value>(&output.stdout)
            .unwrap_or_else(|e| {
                panic!(
                    "JSON diagnostics ({e}): {}",
                    String::from_utf8_lossy(&output.stdout)
                )
            })
            .as_array()
            .cloned()
            .expect("a list")
    }

    /// `export`: the JSON document.
    pub fn export(&self, extra: &[&str]) -> Value {
        let output = self
            .cmd()
            .arg("export")
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).expect("export JSON")
    }
}

/// (code, line) pairs of a diagnostics list.
pub fn codes_and_lines(diagnostics: &[Value]) -> Vec<(String, Option<u64>)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64(),
            )
        })
        .collect()
}
