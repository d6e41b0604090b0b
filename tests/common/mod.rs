//! What the test binaries share.

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
