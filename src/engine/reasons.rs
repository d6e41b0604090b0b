//! Why the engine, not a transform, leaves a site alone: a fix it cannot apply, one in a
//! test file without `--include-tests`, an unsafe one without `--unsafe-fixes`, or one the profiles show cold. (A
//! `//gomapfix:ignore` is `fix::edit::Ignored`, which transforms may find first.)

use crate::fix::edit::SkipReason;

#[derive(Debug, thiserror::Error)]
pub(crate) enum Reason {
    #[error(
        "the rewrite gomapfix built is not a valid edit ({0}); left as it is (please report this)"
    )]
    InvalidEdits(String),
    /// A file refused when read: the tag, its path, and why.
    #[error("the rewrite would touch {1}, {2}")]
    Refused(&'static str, String, &'static str),
    /// A file that is generated or does not parse: its name and which.
    #[error("the rewrite would touch {0}, which {1}")]
    Uneditable(String, &'static str),
    #[error("the rewrite needs a generated file that cannot be written: {0}")]
    GeneratedFileRefused(String),
    /// A site in a `_test.go` file, in a run without `--include-tests`.
    #[error("in a test file, which is analysed but not rewritten without --include-tests")]
    TestFile,
    /// An unsafe fix, in a run without `--unsafe-fixes`: what could observe it.
    #[error("an unsafe fix, applied only with --unsafe-fixes: {0}")]
    UnsafeFix(String),
    /// A site the run's profiles show cold: its share and the cut-off, or never sampled.
    #[error("{}", cold_message(*.0, *.1))]
    Cold(Option<f64>, f64),
}

fn cold_message(share: Option<f64>, min: f64) -> String {
    match share {
        Some(s) => format!("cold: {s:.2}% of the profile, under --min-share {min}%"),
        None => "cold: the profiles never sampled it (--include-unprofiled takes it)".to_string(),
    }
}

impl SkipReason for Reason {
    fn tag(&self) -> &'static str {
        match self {
            Reason::InvalidEdits(_) => "invalid-edits",
            Reason::Refused(tag, ..) => tag,
            Reason::Uneditable(..) => "touches-uneditable-file",
            Reason::GeneratedFileRefused(_) => "generated-file-refused",
            Reason::TestFile => "test-file",
            Reason::UnsafeFix(_) => "unsafe-fix",
            Reason::Cold(..) => "cold",
        }
    }
}
