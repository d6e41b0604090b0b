//! The slab the map-value-boundary transform generates (`gomapfix_slab.go`), checked on
//! its own: its Go tests pin map semantics (missing keys, comma-ok, overwrite, delete and
//! add during a range, NaN keys, the nil receiver and its panic, zeroed and reused slots,
//! chunk layout by value size, a million entries) and `go vet` and `gofmt` accept it.

mod common;

use std::path::PathBuf;
use std::process::Command;

fn slab_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("transforms/map-value-boundary/slab")
}

fn go(args: &[&str]) -> String {
    let mut cmd = Command::new(args[0]);
    if std::env::var_os("GOTOOLCHAIN").is_none() {
        cmd.env("GOTOOLCHAIN", "local");
    }
    let out = cmd
        .args(&args[1..])
        .current_dir(slab_dir())
        .env("GOWORK", "off")
        .env("GOPROXY", "off")
        .output()
        .expect("go runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{} failed:\n{text}", args.join(" "));
    text
}

#[test]
fn slab_go_tests_pass() {
    if !common::go_available("the slab's Go tests") {
        return;
    }
    let out = go(&["go", "test", "-count=1", "."]);
    assert!(out.starts_with("ok"), "{out}");
}

#[test]
fn slab_is_vet_and_gofmt_clean() {
    if !common::go_available("go vet and gofmt on the slab") {
        return;
    }
    go(&["go", "vet", "."]);
    let unformatted = go(&["gofmt", "-l", "."]);
    assert!(unformatted.is_empty(), "gofmt would change: {unformatted}");
}
