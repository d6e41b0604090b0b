//! The top of the house below the command line: what a run found (`Outcome` and its
//! parts, collected from the engine's packages by `report`), how it is printed (`report`:
//! text and json, `sarif`, `diff`), written (`write`, all of a package or none), split into
//! patches (`patches`) and checked with the go command (`verify`).

pub(crate) mod diff;
pub(crate) mod patches;
pub(crate) mod report;
pub(crate) mod sarif;
pub(crate) mod verify;
pub(crate) mod write;

use patches::PatchIndex;
use serde::Serialize;
use std::path::PathBuf;
use verify::Verification;

/// A rewrite gomapfix found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Finding {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What the rewrite rests on (a proof from the source, a directive, compiler evidence).
    pub evidence: String,
    /// The site's weight in the run's profiles (`--profile`), when they sampled it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<crate::semantic::profile::Weight>,
}

/// A candidate site left alone, and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Skipped {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// A stable tag, e.g. `dimensions-unknown`.
    pub reason: String,
    pub message: String,
    /// The site's weight in the run's profiles (`--profile`), when they sampled it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<crate::semantic::profile::Weight>,
}

/// A file that could not be handled (exit code 2), or a warning (`fatal` false).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// Where in the file, when the problem has a place (1-based; 0 when it has none).
    pub line: usize,
    pub column: usize,
    /// What kind of problem, for tools to group by: `unreadable`, `not-utf8`,
    /// `does-not-parse`, `unknown-syntax`, `read-only`, `write-refused`, `package-left-as-read`,
    /// `internal-error`, `escapes`.
    pub tag: &'static str,
    pub message: String,
    pub fatal: bool,
}

/// One file of a package's change set.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: PathBuf,
    pub display: String,
    /// The path of the module holding the file (empty outside a module).
    pub module: String,
    /// The import path of the file's package (its directory outside a module).
    pub package: String,
    /// The bytes as read; `None` for a file gomapfix creates.
    pub original: Option<Vec<u8>>,
    pub new: Vec<u8>,
    pub diff: String,
}

/// Everything a run found, sorted by path whatever the thread count.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub files_read: usize,
    pub bytes_read: usize,
    pub packages: usize,
    pub packages_parsed: usize,
    pub findings: Vec<Finding>,
    pub skipped: Vec<Skipped>,
    /// Per package, the files to write together or not at all.
    pub changes: Vec<Vec<FileChange>>,
    pub problems: Vec<Problem>,
    /// What `--verify` found, when asked.
    pub verification: Option<Verification>,
    /// The patches `--patch-dir` wrote, when asked.
    pub patches: Option<(PathBuf, PatchIndex)>,
}

impl Outcome {
    pub fn has_fatal(&self) -> bool {
        self.problems.iter().any(|p| p.fatal)
    }

    /// Writes every package's change set together or not at all; returns the indices of the
    /// sets written. A set that cannot be written is named in `problems`.
    pub fn write(&mut self) -> Vec<usize> {
        let mut written = Vec::new();
        for (i, pkg) in self.changes.iter().enumerate() {
            let pending: Vec<write::Pending<'_>> = pkg
                .iter()
                .map(|f| write::Pending {
                    path: &f.path,
                    original: f.original.as_deref(),
                    new: f.new.clone(),
                })
                .collect();
            match write::write_all(&pending) {
                Ok(()) => written.push(i),
                Err(e) => self.problems.push(Problem {
                    path: pkg[0].display.clone(),
                    line: 0,
                    column: 0,
                    tag: "write-refused",
                    message: e.to_string(),
                    fatal: true,
                }),
            }
        }
        written
    }
}
