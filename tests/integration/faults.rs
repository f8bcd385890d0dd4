//! Faults while `build` writes: an output dir it may not write, a full
//! disk, a build killed halfway. Each time the previous output stays byte
//! for byte, nothing is left behind that the next build does not clean,
//! and the next build succeeds.
//!
//! CI runs as root, whom file modes do not stop: each fault is made with a
//! mechanism that also binds root (`chattr +i`, RLIMIT_FSIZE, a small
//! tmpfs in a user namespace), checked to bite before it is relied on.

use crate::harness::{TempSite, project_root, snapshot};
use predicates::str::contains;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Names beside the output that builds leave while they run.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with(".public."))
        .collect()
}

/// Whether this process can create a file in `dir`.
fn writable(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = std::fs::write(&probe, "").is_ok();
    let _ = std::fs::remove_file(&probe);
    ok
}

/// Makes `path` unwritable for as long as it lives, by the first mechanism
/// that works here: the immutable attribute (binds root too), else a mode.
struct ReadOnly {
    path: PathBuf,
    immutable: bool,
}

impl ReadOnly {
    fn new(path: &Path) -> Option<ReadOnly> {
        let immutable = Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let guard = ReadOnly {
            path: path.to_path_buf(),
            immutable,
        };
        if !immutable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
        (!writable(path)).then_some(guard)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.immutable {
            let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
    }
}

/// The example site built once into `out/public`, then edited so that the
/// next build would change every guide page.
fn built_then_edited() -> (TempSite, PathBuf) {
    let site = TempSite::example();
    std::fs::create_dir(site.root().join("out")).unwrap();
    site.build(&["-o", "out/public"]);
    let guide = site.content().join("openai-ml-ai-engineer.md");
    let text = std::fs::read_to_string(&guide).unwrap();
    std::fs::write(
        &guide,
        text.replace("**Negotiation DNA**\n", "**Negotiation DNA**\nEdited. "),
    )
    .unwrap();
    let out = site.root().join("out/public");
    (site, out)
}

#[test]
fn an_output_dir_that_cannot_be_written_fails_cleanly_and_keeps_the_old_site() {
    let (site, out) = built_then_edited();
    let before = snapshot(&out);
    let parent = out.parent().unwrap().to_path_buf();
    // The folder beside the output cannot be made; then the output itself
    // cannot be swapped out.
    for locked in [parent.clone(), out.clone()] {
        let Some(guard) = ReadOnly::new(&locked) else {
            eprintln!(
                "skipped: neither chattr +i nor mode 555 stops this user writing {}",
                locked.display()
            );
            continue;
        };
        site.cmd()
            .args(["build", "-o", "out/public"])
            .assert()
            .code(1)
            .stderr(contains("E024"))
            .stderr(contains("the previous output, if any, was left as it was"));
        drop(guard);
        assert_eq!(snapshot(&out), before, "{} locked", locked.display());
        assert!(leftovers(&parent).is_empty(), "{:?}", leftovers(&parent));
    }
    site.build(&["-o", "out/public"]);
    assert_ne!(snapshot(&out), before, "the next build goes through");
    assert!(leftovers(&parent).is_empty());
}

/// `guidepress build` under a file size limit (RLIMIT_FSIZE, which binds
/// root): with SIGXFSZ ignored the write fails with EFBIG, as on a full
/// disk; with it, the process is killed mid-write.
fn build_with_size_limit(
    site: &TempSite,
    kilobytes: u32,
    ignore_signal: bool,
) -> std::process::Output {
    let trap = if ignore_signal { "trap '' XFSZ;" } else { "" };
    Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -f {kilobytes}; {trap} exec \"$@\""))
        .arg("bash")
        .arg(assert_cmd::cargo::cargo_bin("guidepress"))
        .arg("-r")
        .arg(site.root())
        .args(["build", "-o", "out/public"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_fails_cleanly_and_keeps_the_old_site() {
    let (site, out) = built_then_edited();
    let before = snapshot(&out);
    let parent = out.parent().unwrap().to_path_buf();
    let largest = before.values().map(Vec::len).max().unwrap();
    let limit = u32::try_from(largest / 1024 / 2).unwrap().max(1);

    let output = build_with_size_limit(&site, limit, true);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("E024") && stderr.contains("File too large"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
    assert!(leftovers(&parent).is_empty(), "a failed write cleans up");

    // Killed by the signal instead: the old site stays, the next build cleans.
    let output = build_with_size_limit(&site, limit, false);
    assert_eq!(output.status.code(), None, "killed by SIGXFSZ");
    assert_eq!(snapshot(&out), before);
    site.build(&["-o", "out/public"]);
    assert_ne!(snapshot(&out), before);
    assert!(leftovers(&parent).is_empty(), "{:?}", leftovers(&parent));
}

/// A real full disk: a small tmpfs, mounted in a user and mount namespace
/// of its own (no privileges needed where user namespaces are allowed).
#[test]
fn a_real_full_tmpfs_fails_cleanly_and_keeps_the_old_site() {
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"])
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!(
            "skipped: this system cannot mount a tmpfs in a user namespace (the RLIMIT_FSIZE test covers a full disk)"
        );
        return;
    }
    let (site, _) = built_then_edited();
    let disk = site.root().join("disk");
    let copies = site.root().join("copies");
    std::fs::create_dir_all(&disk).unwrap();
    std::fs::create_dir_all(&copies).unwrap();
    let big = "Filler that does not fit. ".repeat(200_000);
    std::fs::write(site.root().join("big.txt"), &big).unwrap();
    // All inside one namespace, since the tmpfs ends with it: a build that
    // fits, one that does not, and one that fits again.
    let script = r#"
        set -u
        gp() { "$GP" -r "$SITE" build -o "$DISK/public"; }
        mount -t tmpfs -o size=6m tmpfs "$DISK" || exit 90
        gp 2>/dev/null || exit 91
        cp -a "$DISK/public" "$COPIES/before"
        cp "$SITE/content/openai-ml-ai-engineer.md" "$COPIES/guide.md"
        { cat "$COPIES/guide.md"; printf '\n**Filler**\n'; cat "$SITE/big.txt"; } > "$SITE/content/openai-ml-ai-engineer.md"
        gp 2> "$COPIES/full.stderr"; echo $? > "$COPIES/full.code"
        cp -a "$DISK/public" "$COPIES/after"
        ls -a "$DISK" > "$COPIES/after.listing"
        cp "$COPIES/guide.md" "$SITE/content/openai-ml-ai-engineer.md"
        gp 2>/dev/null; echo $? > "$COPIES/again.code"
        ls -a "$DISK" > "$COPIES/again.listing"
    "#;
    let status = Command::new("unshare")
        .args(["-rm", "bash", "-c", script])
        .env("GP", assert_cmd::cargo::cargo_bin("guidepress"))
        .env("SITE", site.root())
        .env("DISK", &disk)
        .env("COPIES", &copies)
        .env("NO_COLOR", "1")
        .status()
        .unwrap();
    assert!(status.success(), "{status:?}");
    let read = |name: &str| std::fs::read_to_string(copies.join(name)).unwrap();
    assert_eq!(read("full.code").trim(), "1");
    let stderr = read("full.stderr");
    assert!(
        stderr.contains("E024") && stderr.contains("No space left on device"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&copies.join("after")),
        snapshot(&copies.join("before"))
    );
    assert!(
        !read("after.listing").contains(".public."),
        "{}",
        read("after.listing")
    );
    assert_eq!(read("again.code").trim(), "0");
    assert!(!read("again.listing").contains(".public."));
}

/// A site of `guides` generated by bench/generate.py, in a temporary dir
/// that lives as long as the first value.
fn generated_site(guides: u32, seed: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let generated = Command::new("python3")
        .arg(project_root().join("bench/generate.py"))
        .args([
            &guides.to_string(),
            &root.display().to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .status()
        .expect("python3 runs bench/generate.py");
    assert!(generated.success());
    (dir, root)
}

/// `guidepress build -u BASE` of `root`, started and not waited for.
fn spawn_build(root: &Path, base: &str) -> std::process::Child {
    Command::new(assert_cmd::cargo::cargo_bin("guidepress"))
        .arg("-r")
        .arg(root)
        .args(["build", "-u", base])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn a_build_killed_halfway_keeps_the_old_site_and_the_next_build_cleans_up() {
    let (_dir, root) = generated_site(200, 11);
    let build = |base: &str| spawn_build(&root, base);
    assert!(build("/one/").wait().unwrap().success());
    let out = root.join("public");
    let before = snapshot(&out);

    // Every page changes with the base URL; kill the build once it writes.
    let mut child = build("/two/");
    let building = format!(".public.building-{}", child.id());
    let started = Instant::now();
    loop {
        let entries = std::fs::read_dir(root.join(&building)).map_or(0, |d| d.count());
        if entries > 3 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed mid-write"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no write began"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    assert_eq!(child.wait().unwrap().code(), None, "killed");
    assert!(
        root.join(&building).exists(),
        "killed halfway, with its folder left"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "the previous output is byte for byte intact"
    );

    assert!(build("/two/").wait().unwrap().success());
    let after = snapshot(&out);
    assert_eq!(after.len(), before.len());
    assert_ne!(after, before);
    let left: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with(".public."))
        .collect();
    assert!(left.is_empty(), "the next build removed {left:?}");
}

// --- issue 19: output dirs behind links, leftovers of killed swaps ---

/// Names under `dir` that builds leave beside an output called `name`.
fn leftovers_of(dir: &Path, name: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|file| file.starts_with(&format!(".{name}.")))
        .collect()
}

#[test]
fn an_output_dir_that_is_a_symbolic_link_is_built_through_and_its_target_kept() {
    let site = TempSite::example();
    let www = site.root().join("www");
    std::fs::create_dir(&www).unwrap();
    site.build(&["-o", "www/site"]);
    let first = snapshot(&www.join("site"));
    assert!(first.contains_key("index.html"));
    std::os::unix::fs::symlink(www.join("site"), site.root().join("public")).unwrap();
    std::os::unix::fs::symlink("www/site", site.root().join("relative")).unwrap();

    // Through the default output_dir, then through `-o`, twice each.
    for args in [
        &[][..],
        &[][..],
        &["-o", "relative"][..],
        &["-o", "relative"][..],
    ] {
        site.cmd()
            .arg("build")
            .args(args)
            .args(["-u", "/moved/"])
            .assert()
            .success();
        for link in ["public", "relative"] {
            let path = site.root().join(link);
            assert!(path.is_symlink(), "{link} is still a link after {args:?}");
        }
        let now = snapshot(&www.join("site"));
        assert_eq!(now.len(), first.len(), "every file is in the link's target");
        assert!(
            String::from_utf8_lossy(&now["index.html"]).contains("/moved/"),
            "the target holds the new build"
        );
        assert!(leftovers_of(&www, "site").is_empty(), "{args:?}");
        assert!(leftovers_of(site.root(), "public").is_empty(), "{args:?}");
    }

    // A link to nowhere: refused, and nothing is made where it points.
    std::os::unix::fs::symlink(site.root().join("gone/site"), site.root().join("dangling"))
        .unwrap();
    site.cmd()
        .args(["build", "-o", "dangling"])
        .assert()
        .code(1)
        .stderr(contains("is a symbolic link to"))
        .stderr(contains("nothing was written"));
    assert!(site.root().join("dangling").is_symlink());
    assert!(!site.root().join("gone").exists());
    assert!(leftovers_of(site.root(), "dangling").is_empty());
}

#[test]
fn a_build_killed_while_it_removes_the_old_site_is_cleaned_up_by_the_next() {
    let (_dir, root) = generated_site(150, 7);
    let build = |base: &str| spawn_build(&root, base);
    assert!(build("/start/").wait().unwrap().success());
    let out = root.join("public");
    use std::os::unix::fs::MetadataExt;
    // Once the new site is swapped in, the build's own folder holds the old
    // one, which it then removes. Each build is killed the moment the
    // folder's marker is gone: whatever is left then must still be known
    // to the next build as guidepress's own.
    let mut killed_mid_removal = 0;
    for round in 0..4 {
        let swapped_from = std::fs::metadata(&out).unwrap().ino();
        let mut child = build(&format!("/b{round}/"));
        let marker = root
            .join(format!(".public.building-{}", child.id()))
            .join(".guidepress-output");
        let started = Instant::now();
        while std::fs::metadata(&out).is_ok_and(|m| m.ino() == swapped_from) {
            assert!(child.try_wait().unwrap().is_none(), "ended before its swap");
            assert!(started.elapsed() < Duration::from_secs(120), "no swap");
        }
        while marker.exists() {
            assert!(started.elapsed() < Duration::from_secs(120), "no removal");
        }
        let _ = child.kill();
        if child.wait().unwrap().code().is_none() {
            killed_mid_removal += 1;
        }
        assert!(
            out.join("index.html").is_file(),
            "a whole site is always in place"
        );
    }
    assert!(
        killed_mid_removal > 0,
        "no kill landed while the old site was removed"
    );
    assert!(build("/end/").wait().unwrap().success());
    assert!(
        leftovers(&root).is_empty(),
        "the next build left {:?}",
        leftovers(&root)
    );
}

// --- issue 19: export on a full disk ---

/// `guidepress export ARGS` through bash with a file size limit of 1 KB
/// (RLIMIT_FSIZE binds root; SIGXFSZ ignored, so writes fail with EFBIG as
/// on a full disk), stdout sent to `stdout_path`.
fn export_with_size_limit(site: &TempSite, args: &str, stdout_path: &Path) -> std::process::Output {
    Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -f 1; trap '' XFSZ; exec \"$0\" -r \"$1\" export {args} > \"$2\""
        ))
        .arg(assert_cmd::cargo::cargo_bin("guidepress"))
        .arg(site.root())
        .arg(stdout_path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn export_that_cannot_write_fails_and_leaves_nothing_behind() {
    let site = TempSite::example();
    let before = "the previous export\n";
    let kept = site.root().join("guides.json");
    std::fs::write(&kept, before).unwrap();
    let sink = site.root().join("stdout.txt");
    // -o is relative to the site root: the file is the one kept there.
    let kept_shown = kept.display().to_string();
    for (args, what) in [
        ("", "standard output"),
        ("--format csv", "standard output"),
        ("-o guides.json", kept_shown.as_str()),
        ("-o guides.json --format csv", kept_shown.as_str()),
    ] {
        let output = export_with_size_limit(&site, args, &sink);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args}: {stderr}");
        assert!(
            stderr.contains("E024") && stderr.contains(&format!("cannot write {what}")),
            "{args}: {stderr}"
        );
        assert!(stderr.contains("File too large"), "{args}: {stderr}");
        assert_eq!(std::fs::read_to_string(&kept).unwrap(), before, "{args}");
        let temps: Vec<String> = std::fs::read_dir(site.root())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .filter(|name| name.contains(".tmp-"))
            .collect();
        assert!(temps.is_empty(), "{args}: {temps:?}");
    }

    // A device is written in place, never renamed over.
    site.cmd()
        .args(["export", "-o", "/dev/full"])
        .assert()
        .code(1)
        .stderr(contains("cannot write /dev/full: No space left on device"));
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    site.cmd()
        .args(["export", "-o", "/dev/null"])
        .assert()
        .success();

    // A reader that stops early is its own choice.
    let piped = Command::new("bash")
        .arg("-c")
        .arg("\"$0\" -r \"$1\" export | head -c 10 >/dev/null; echo ${PIPESTATUS[0]}")
        .arg(assert_cmd::cargo::cargo_bin("guidepress"))
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&piped.stdout).trim(), "0");
}

#[test]
fn ctrl_c_during_a_build_removes_its_folder_and_keeps_the_old_site() {
    let (_dir, root) = generated_site(200, 12);
    assert!(spawn_build(&root, "/one/").wait().unwrap().success());
    let out = root.join("public");
    let before = snapshot(&out);
    for signal in ["-INT", "-TERM"] {
        let mut child = spawn_build(&root, "/two/");
        let building = root.join(format!(".public.building-{}", child.id()));
        let started = Instant::now();
        while std::fs::read_dir(&building).map_or(0, |d| d.count()) <= 3 {
            assert!(
                child.try_wait().unwrap().is_none(),
                "the build ended before it could be interrupted"
            );
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "no write began"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        let sent = Command::new("kill")
            .arg(signal)
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        assert_eq!(child.wait().unwrap().code(), Some(130), "{signal}");
        assert!(!building.exists(), "{signal} left {}", building.display());
        assert_eq!(leftovers(&root), Vec::<String>::new(), "{signal}");
        assert_eq!(
            snapshot(&out),
            before,
            "{signal}: the previous output is intact"
        );
    }
}
