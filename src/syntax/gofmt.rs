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

/// What `gofmt` says of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// gofmt is not on PATH (or could not be run).
    Unavailable,
    /// The source as gofmt prints it.
    Formatted(String),
    /// gofmt rejects the source: its first complaint's 1-based line and column and what it
    /// says (`expected declaration, found "fmt"`).
    Rejected {
        line: usize,
        col: usize,
        what: String,
    },
}

/// Runs `gofmt -e` over `src`.
pub(crate) fn judge(src: &str) -> Verdict {
    if !available() {
        return Verdict::Unavailable;
    }
    let Ok(mut child) = Command::new("gofmt")
        .arg("-e")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        return Verdict::Unavailable;
    };
    // Written from another thread: gofmt may fill its output pipe before it has read all
    // of its input.
    let Some(mut stdin) = child.stdin.take() else {
        return Verdict::Unavailable;
    };
    let input = src.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let Ok(out) = child.wait_with_output() else {
        return Verdict::Unavailable;
    };
    if !writer.join().is_ok_and(|r| r.is_ok()) {
        return Verdict::Unavailable;
    }
    if out.status.success() {
        return match String::from_utf8(out.stdout) {
            Ok(f) => Verdict::Formatted(f),
            Err(_) => Verdict::Unavailable,
        };
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let first = err.lines().next().unwrap_or_default();
    // `<standard input>:7:2: expected declaration, found "fmt"`
    let mut parts = first.splitn(4, ':');
    let (_, line, col, what) = (parts.next(), parts.next(), parts.next(), parts.next());
    match (
        line.and_then(|l| l.trim().parse().ok()),
        col.and_then(|c| c.trim().parse().ok()),
    ) {
        (Some(line), Some(col)) => Verdict::Rejected {
            line,
            col,
            what: what.unwrap_or_default().trim().to_string(),
        },
        _ => Verdict::Rejected {
            line: 1,
            col: 1,
            what: first.trim().to_string(),
        },
    }
}

/// What `gofmt` prints for `src`: `None` when gofmt is not on PATH or rejects the source.
pub(crate) fn format(src: &str) -> Option<String> {
    match judge(src) {
        Verdict::Formatted(f) => Some(f),
        _ => None,
    }
}

/// Whether `gofmt -e` takes `src` as Go: `None` when gofmt is not on PATH.
pub(crate) fn accepts(src: &str) -> Option<bool> {
    available().then(|| format(src).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_and_formats() {
        if !available() {
            assert!(
                std::env::var_os("CI").is_none(),
                "gofmt is not on PATH, and CI must have it"
            );
            eprintln!("gofmt is not on PATH: the gofmt unit test is SKIPPED");
            return;
        }
        assert_eq!(
            judge("package p\n\nvar x  = 1\n"),
            Verdict::Formatted("package p\n\nvar x = 1\n".into())
        );
        // Taken by tree-sitter-go without an error node, rejected by Go.
        assert_eq!(
            judge("package p\n\n(\n\t\"fmt\"\n)\n"),
            Verdict::Rejected {
                line: 3,
                col: 1,
                what: "expected declaration, found '('".into()
            }
        );
        assert_eq!(accepts("package p\n\nvar = \n"), Some(false));
    }
}
