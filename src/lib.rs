//! gomapfix: a codemod that rewrites allocation-heavy Go idioms into forms that allocate
//! less, without changing what the program means.
//!
//! The CLI (`cli`) and the tests share one entry point, [`analyze`], so every case is run
//! through exactly the engine the command line uses.

mod align;
mod ast;
mod cli;
mod diff;
mod directives;
mod edit;
mod engine;
mod imports;
mod package;
mod parse;
mod report;
mod scope;
mod source;
mod transforms;
mod types;
mod walk;
mod write;

pub use cli::run;

use rayon::prelude::*;
use serde::Serialize;
use std::path::PathBuf;

/// What to run and over what.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Transform ids to run, in registry order; empty means all.
    pub select: Vec<String>,
    pub include_generated: bool,
    pub include_vendor: bool,
    /// Worker threads; 0 means all cores.
    pub jobs: usize,
}

/// A rewrite gomapfix found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Finding {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What the rewrite rests on (a proof from the source, a directive, compiler evidence).
    pub evidence: String,
}

/// A candidate site left alone, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Skipped {
    pub rule: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// A stable tag, e.g. `dimensions-unknown`.
    pub reason: String,
    pub message: String,
}

/// A file that could not be handled (exit code 2), or a warning (`fatal` false).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
    pub fatal: bool,
}

/// One file of a package's change set.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: PathBuf,
    pub display: String,
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
}

impl Outcome {
    pub fn has_fatal(&self) -> bool {
        self.problems.iter().any(|p| p.fatal)
    }
}

/// The transform ids, in registry order.
pub fn rule_ids() -> Vec<&'static str> {
    transforms::REGISTRY.iter().map(|t| t.meta().id).collect()
}

/// The documentation of a transform (its README), if it exists.
pub fn rule_docs(id: &str) -> Option<&'static str> {
    transforms::by_id(id).map(|t| t.meta().docs)
}

fn pool(jobs: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .expect("a thread pool with a valid thread count")
}

/// Walks `paths`, runs the selected transforms over every package, and returns what would
/// change; nothing is written.
pub fn analyze(paths: &[PathBuf], opts: &Options) -> Outcome {
    analyze_with_progress(paths, opts, &indicatif::ProgressBar::hidden())
}

pub(crate) fn analyze_with_progress(
    paths: &[PathBuf],
    opts: &Options,
    progress: &indicatif::ProgressBar,
) -> Outcome {
    let rules: Vec<&'static dyn transforms::Transform> = transforms::REGISTRY
        .iter()
        .copied()
        .filter(|t| opts.select.is_empty() || opts.select.iter().any(|s| s == t.meta().id))
        .collect();
    let (files, walk_errors) = walk::go_files(
        paths,
        walk::WalkOptions {
            include_vendor: opts.include_vendor,
        },
    );
    let mut out = Outcome::default();
    for e in walk_errors {
        out.problems.push(Problem {
            path: engine::display_path(&e.path),
            message: format!("{}: cannot read: {}", engine::display_path(&e.path), e.msg),
            fatal: true,
        });
    }
    let pool = pool(opts.jobs);
    let read: Vec<Result<source::Source, source::SourceError>> =
        pool.install(|| files.par_iter().map(|p| source::Source::read(p)).collect());
    let mut sources = Vec::new();
    for r in read {
        match r {
            Ok(s) => {
                out.files_read += 1;
                out.bytes_read += s.original.len();
                sources.push(s);
            }
            Err(e) => {
                let path = match &e {
                    source::SourceError::Unreadable { path, .. }
                    | source::SourceError::NotUtf8 { path, .. } => engine::display_path(path),
                };
                out.problems.push(Problem {
                    path,
                    message: e.to_string(),
                    fatal: true,
                });
            }
        }
    }
    let raw = package::group(sources, &mut package::GoModCache::default());
    out.packages = raw.len();
    progress.set_length(raw.len() as u64);
    let eopts = engine::EngineOptions {
        include_generated: opts.include_generated,
    };
    let outcomes: Vec<engine::PackageOutcome> = pool.install(|| {
        raw.into_par_iter()
            .map(|p| {
                let o = engine::run_package(p, &rules, &eopts);
                progress.inc(1);
                o
            })
            .collect()
    });
    for o in outcomes {
        report::collect(o, &mut out);
    }
    out.findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    out.skipped.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    out.problems
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    out.changes.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    out
}

/// The parse-only baseline for benchmarks: the same walk and reads, a tree-sitter parse of
/// every file, nothing else. Returns (files, bytes, files with a syntax problem).
pub fn parse_only(paths: &[PathBuf], opts: &Options) -> (usize, usize, usize) {
    let (files, _) = walk::go_files(
        paths,
        walk::WalkOptions {
            include_vendor: opts.include_vendor,
        },
    );
    pool(opts.jobs).install(|| {
        files
            .par_iter()
            .filter_map(|p| source::Source::read(p).ok())
            .map(|s| {
                let tree = parse::parse(&s.text);
                (
                    1,
                    s.original.len(),
                    usize::from(parse::first_problem(&tree).is_some()),
                )
            })
            .reduce(|| (0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    })
}
