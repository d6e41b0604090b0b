//! The slab the map-value-boundary transform generates (`gomapfix_slab.go`), checked on
//! its own: its Go tests pin map semantics (missing keys, comma-ok, overwrite, delete and
//! add during a range, NaN keys, the nil receiver and its panic, zeroed and reused slots,
//! chunk layout by value size, a million entries) and `go vet` and `gofmt` accept it.

mod common;

use std::path::PathBuf;

fn slab_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("transforms/map-value-boundary/slab")
}

fn go(args: &[&str]) -> String {
    let (ok, text) = common::go(&slab_dir(), args);
    assert!(ok, "{} failed:\n{text}", args.join(" "));
    text
}

#[test]
fn slab_go_tests_pass() {
    if !common::go_available("the slab's Go tests") {
        return;
    }
    let out = go(&["test", "-count=1", "."]);
    assert!(out.starts_with("ok"), "{out}");
}

#[test]
fn slab_is_vet_and_gofmt_clean() {
    if !common::go_available("go vet and gofmt on the slab") {
        return;
    }
    go(&["vet", "."]);
    let unformatted = go(&["gofmt", "-l", "."]);
    assert!(unformatted.is_empty(), "gofmt would change: {unformatted}");
}
