//! What the test binaries share.

use std::path::Path;
use std::process::Command;

/// Whether the Go toolchain can be used for `what`; without it the Go checks fail under
/// `CI=true` and are skipped loudly elsewhere.
pub fn go_available(what: &str) -> bool {
    let ok = Command::new("go")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`go` is not on PATH: {what} cannot run (CI=true makes this fatal)"
        );
        eprintln!("\n!!! `go` is not on PATH: {what} SKIPPED !!!\n");
    }
    ok
}

/// Runs `go ARGS` (or `gofmt ARGS` when the first is "gofmt") in `dir`: whether it
/// succeeded, and what it printed. Never downloads a toolchain behind the tests' back
/// (unless the caller chose one) nor a module.
#[allow(dead_code, reason = "not every test binary runs Go")]
pub fn go(dir: &Path, args: &[&str]) -> (bool, String) {
    go_env(dir, args, &[])
}

/// [`go`] with more environment (`GOARCH=386`).
pub fn go_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let mut cmd = Command::new(if args[0] == "gofmt" { "gofmt" } else { "go" });
    cmd.envs(env.iter().copied());
    // Never download a toolchain behind the tests' back, unless the caller chose one.
    if std::env::var_os("GOTOOLCHAIN").is_none() {
        cmd.env("GOTOOLCHAIN", "local");
    }
    let out = cmd
        .args(if args[0] == "gofmt" { &args[1..] } else { args })
        .current_dir(dir)
        .env("GOWORK", "off")
        .env("GOPROXY", "off")
        .env("GOFLAGS", "-mod=mod")
        .output()
        .expect("go runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// The diff blocks of a dry run, one per file, sorted.
#[allow(dead_code, reason = "not every test binary compares diffs")]
pub fn diff_blocks(out: &str) -> Vec<String> {
    let mut blocks: Vec<String> = out
        .split("--- a/")
        .filter(|b| !b.is_empty())
        .map(|b| format!("--- a/{b}"))
        .collect();
    blocks.sort();
    blocks
}

/// Runs the gomapfix binary in `dir`: (exit code, stdout, stderr).
#[allow(dead_code, reason = "not every test binary runs gomapfix")]
pub fn gomapfix(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("gomapfix")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Copies a directory tree.
#[allow(dead_code, reason = "not every test binary copies fixtures")]
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
