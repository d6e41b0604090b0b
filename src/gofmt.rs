//! The last step of a rewrite: the changed files as `gofmt` prints them. gomapfix lays out
//! its own text as gofmt would (indentation, comment alignment, import blocks); running
//! the real `gofmt` over a changed file makes that exact where gofmt's rules are subtler
//! than the aligner's. Only a file that was gofmt-clean before is formatted: a file the user
//! keeps in another layout is not reformatted whole because one line of it changed. Without
//! `gofmt` on PATH, gomapfix's own layout stands.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// `gofmt` on PATH, asked once per run whether it runs.
fn available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("gofmt")
            .arg("-l")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .and_then(|mut c| {
                drop(c.stdin.take());
                c.wait()
            })
            .is_ok_and(|s| s.success())
    })
}

/// What `gofmt` prints for `src`: `None` when gofmt is not on PATH or rejects the source.
pub(crate) fn format(src: &str) -> Option<String> {
    if !available() {
        return None;
    }
    let mut child = Command::new("gofmt")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    // Written from another thread: gofmt may fill its output pipe before it has read all
    // of its input.
    let mut stdin = child.stdin.take()?;
    let input = src.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    (out.status.success())
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
}

/// Whether `gofmt -e` takes `src` as Go: `None` when gofmt is not on PATH.
pub(crate) fn accepts(src: &str) -> Option<bool> {
    available().then(|| format(src).is_some())
}

/// The rewritten text of a file, formatted by `gofmt` when the original was gofmt-clean:
/// `Ok(None)` when nothing is to be done (no gofmt, or an original not gofmt-clean),
/// `Err` with gofmt's complaint when it rejects the rewritten text.
pub(crate) fn reformat(original: &str, rewritten: &str) -> Result<Option<String>, String> {
    if format(original).is_none_or(|f| f != original) {
        return Ok(None);
    }
    match format(rewritten) {
        Some(f) => Ok(Some(f)),
        None => Err("gofmt rejects the rewritten file".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_only_what_was_clean() {
        if !available() {
            assert!(
                std::env::var_os("CI").is_none(),
                "gofmt is not on PATH, and CI must have it"
            );
            eprintln!("gofmt is not on PATH: the gofmt unit test is SKIPPED");
            return;
        }
        let clean = "package p\n\nvar x = 1\n";
        let rewritten = "package p\n\nvar x  = 1\nvar yy = 2 // c\nvar z = 3  // d\n";
        assert_eq!(
            reformat(clean, rewritten).unwrap().as_deref(),
            Some("package p\n\nvar x = 1\nvar yy = 2 // c\nvar z = 3  // d\n")
        );
        // An original in its own layout is left to it.
        assert_eq!(reformat("package p\nvar  x = 1\n", rewritten), Ok(None));
        assert!(reformat(clean, "package p\n\nvar = \n").is_err());
    }
}
