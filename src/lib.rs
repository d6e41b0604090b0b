//! gomapfix: a codemod that rewrites allocation-heavy Go idioms into forms that allocate
//! less, without changing what the program means.
//!
//! The CLI (`cli`) and the tests share one entry point, [`analyze`], so every case is run
//! through exactly the engine the command line uses.

mod cli;
mod engine;
mod fix;
mod output;
mod semantic;
mod syntax;
mod transforms;

pub use cli::run;
pub use output::patches::{CodeOwners, PatchEntry, PatchIndex, Split, write_patches};
pub use output::verify::{Restored, Verification, VerifyLevel, verify};
pub use output::{FileChange, Finding, Outcome, Problem, Skipped};
pub use semantic::profile::Weight as ProfileWeight;

use engine::{compiler, walk};
use output::report;
use semantic::escapes;
use syntax::{package, parse, source};

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// After a package of more source than this, the allocator's free memory is given back to
/// the system: its trees took about 36 bytes per byte of source, and glibc keeps what a
/// worker freed in that worker's arena. A package of more than `HUGE_PACKAGE` (GOROOT's
/// cmd/compile/internal/ssa, 10.5 MB of source, about 400 MB of trees; syscall, runtime)
/// is analysed while no other such package is. Four copies of GOROOT/src side by side:
/// 790 MB peak with neither, 451 MB with both, against one copy's 428-433 MB (483-527 MB
/// before).
const BIG_PACKAGE: usize = 1 << 20;

/// A package of more source than this is analysed while no other such package is.
const HUGE_PACKAGE: usize = 4 << 20;
static HUGE_PACKAGES: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_memory() {
    // SAFETY: malloc_trim only releases free memory of the allocator's arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_memory() {}

/// What to run and over what.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Transform ids to run, in registry order; empty means all.
    pub select: Vec<String>,
    pub include_generated: bool,
    pub include_vendor: bool,
    /// Rewrite sites in `_test.go` files too (`--include-tests`).
    pub include_tests: bool,
    /// Apply unsafe fixes (`--unsafe-fixes`): rewrites that keep what the package's own
    /// code can observe but not what other packages' code can; without it they are skips
    /// (`unsafe-fix`), counted in the summary.
    pub unsafe_fixes: bool,
    /// Worker threads; 0 means all cores.
    pub jobs: usize,
    /// Where pool-scratch's escape evidence comes from.
    pub escapes: EscapeSource,
    /// Leave the changed files in gomapfix's own layout: do not run `gofmt` over them.
    pub no_gofmt: bool,
    /// Only this part of the packages (`--shard K/N`).
    pub shard: Option<Shard>,
    /// pprof profiles (`--profile`, repeatable): sites they show under `min_share` are
    /// left alone as `cold`. Without any, a `default.pgo` in a main package's directory
    /// is read, as `go build -pgo=auto` does (unless `no_default_pgo`).
    pub profiles: Vec<PathBuf>,
    /// `--min-share PCT`; `None` is [`DEFAULT_MIN_SHARE`].
    pub min_share: Option<f64>,
    /// `--include-unprofiled`: sites no profile sampled are rewritten too.
    pub include_unprofiled: bool,
    /// `--no-default-pgo`: a `default.pgo` is not read.
    pub no_default_pgo: bool,
    /// Parse every file of an analysed package before the transforms run, as gomapfix did
    /// before files were parsed on demand (the fuzz target compares the two).
    #[doc(hidden)]
    pub eager: bool,
}

/// `--shard K/N`: the K-th of N parts (1-based) of the directories a run would process,
/// chosen by a stable hash of each directory's import path (its module path and the path
/// under the module root; the directory's own path outside a module). The same tree gives
/// the same parts on every machine, and a package keeps its part as others come and go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl Shard {
    /// Whether the directory with this key falls in this shard.
    pub fn takes(&self, key: &str) -> bool {
        use std::hash::Hasher;
        let mut h = fnv::FnvHasher::default();
        h.write(key.as_bytes());
        h.finish() % self.n == self.k - 1
    }
}

/// The share of the profiles (in percent) under which a site is cold by default: a site
/// under 1% of the allocated objects and bytes (or of the CPU time its line is on the
/// stack) saves at most that much by its rewrite, not worth a line of a reviewer's diff.
pub const DEFAULT_MIN_SHARE: f64 = 1.0;

/// The compiler evidence of a run.
#[derive(Debug, Clone, Default)]
pub enum EscapeSource {
    /// None: pool-scratch falls back on its interface-call heuristic.
    #[default]
    None,
    /// `--escapes`: run `go list -export -gcflags=all=-m` for the packages being processed.
    Build,
    /// The same, not asked for (`go` is on PATH and `--no-escapes` was not given): only
    /// for packages with a possible site, and silent about directories the compiler cannot
    /// speak of (outside a module, tests only); a package that does not build is named.
    Default,
    /// `--escape-log FILE`: a saved log, already read.
    Log(std::sync::Arc<escapes::EscapeLog>),
}

pub use escapes::EscapeLog;

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
    analyze_with_progress(paths, opts, &|_| {})
}

/// How far a run has come, told to [`analyze_with_progress`]'s callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The walk is done: this many directories are to be analysed.
    Directories(u64),
    /// One more directory is done (called from the worker threads).
    DirectoryDone,
}

/// [`analyze`], telling `progress` how far it has come (the CLI draws its bar from it).
pub fn analyze_with_progress(
    paths: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(Progress) + Sync),
) -> Outcome {
    analyze_streaming(paths, opts, progress, &mut |_| {})
}

/// [`analyze_with_progress`], handing each directory's part of the outcome to `on_part` in
/// path order as soon as it and every directory before it are done (the first part holds
/// what is known before any directory: unreadable paths, escapes problems). The returned
/// outcome holds every part as `on_part` left it: a caller that printed a part's diffs may
/// empty its texts so that a large batch holds only what it must.
pub fn analyze_streaming(
    paths: &[PathBuf],
    opts: &Options,
    progress: &(dyn Fn(Progress) + Sync),
    on_part: &mut dyn FnMut(&mut Outcome),
) -> Outcome {
    let rules: Vec<&'static dyn transforms::Transform> = transforms::REGISTRY
        .iter()
        .copied()
        .filter(|t| opts.select.is_empty() || opts.select.iter().any(|s| s == t.meta().id))
        .collect();
    let walked = walk::go_files(
        paths,
        walk::WalkOptions {
            include_vendor: opts.include_vendor,
        },
    );
    let (files, only) = (walked.files, walked.only);
    let mut out = Outcome::default();
    for p in &walked.empty_patterns {
        out.problems.push(Problem {
            path: p.display().to_string(),
            line: 0,
            column: 0,
            tag: "empty-pattern",
            message: format!(
                "{}: matches no Go file (as for the go command, packages of nested modules are left out: name a module's directory, or the directory without /..., to walk it whole)",
                p.display()
            ),
            fatal: false,
        });
    }
    for e in walked.errors {
        out.problems.push(Problem {
            path: engine::display_path(&e.path),
            line: 0,
            column: 0,
            tag: "unreadable",
            message: format!("{}: cannot read: {}", engine::display_path(&e.path), e.msg),
            fatal: true,
        });
    }
    // Directories are read, analysed and let go of in parallel, so memory holds the
    // packages in flight and the changed files, not the tree.
    let mut dirs: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let dir = f.parent().map(Path::to_path_buf).unwrap_or_default();
        dirs.entry(dir).or_default().push(f);
    }
    let mut gomod = package::GoModCache::default();
    let dirs: Vec<(Vec<PathBuf>, Unit)> = dirs
        .into_iter()
        .map(|(dir, files)| {
            let module = gomod.module_for(&dir);
            let abs = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
            let unit = Unit {
                package: module
                    .as_ref()
                    .map_or_else(|| engine::display_path(&dir), |m| m.import_path(&abs)),
                module: module.as_ref().map_or_else(String::new, |m| m.path.clone()),
                version: module.and_then(|m| m.go),
            };
            (files, unit)
        })
        .filter(|(_, unit)| opts.shard.is_none_or(|s| s.takes(&unit.package)))
        .collect();
    progress(Progress::Directories(dirs.len() as u64));
    let wants_evidence = rules.iter().any(|t| t.meta().uses_escapes);
    let escapes = match &opts.escapes {
        EscapeSource::None => None,
        _ if !wants_evidence => None,
        EscapeSource::Log(log) => Some(log.clone()),
        EscapeSource::Build | EscapeSource::Default => {
            let asked = matches!(opts.escapes, EscapeSource::Build);
            // Test files are compiled only when their sites may be rewritten.
            let tests = opts.include_tests;
            let compiled = |f: &PathBuf| tests || !f.to_string_lossy().ends_with("_test.go");
            // Unasked, only the directories where a transform that reads the compiler may
            // find a site (any of their compiled files passes its syntactic filter).
            let may_have_site = |files: &[PathBuf]| {
                asked
                    || files.iter().filter(|f| compiled(f)).any(|f| {
                        std::fs::read_to_string(f).is_ok_and(|text| {
                            rules
                                .iter()
                                .filter(|t| t.meta().uses_escapes)
                                .any(|t| (t.meta().prefilter)(&text))
                        })
                    })
            };
            // Only directories with a file that is compiled (without --include-tests, not
            // only tests). Unasked, every file is read once more for the filter: in parallel.
            let built: Vec<PathBuf> = pool(opts.jobs).install(|| {
                dirs.par_iter()
                    .filter(|(files, _)| files.iter().any(compiled))
                    .filter(|(files, _)| may_have_site(files))
                    // A file named from the current directory (`c.go`) has the parent "".
                    .filter_map(|(files, _)| files[0].parent().map(Path::to_path_buf))
                    .map(|d| {
                        if d.as_os_str().is_empty() {
                            PathBuf::from(".")
                        } else {
                            d
                        }
                    })
                    .collect()
            });
            let g = pool(opts.jobs).install(|| compiler::gather(&built, asked, tests));
            for (dir, msg) in g.problems {
                out.problems.push(Problem {
                    line: 0,
                    column: 0,
                    tag: "escapes",
                    path: engine::display_path(&dir),
                    message: format!("{}: {msg}", engine::display_path(&dir)),
                    fatal: false,
                });
            }
            Some(std::sync::Arc::new(g.log))
        }
    };
    let profile = match load_profiles(&dirs, opts) {
        Ok((gate, notes)) => {
            out.problems.extend(notes);
            gate
        }
        Err(p) => {
            // Nothing is analysed; the problem is the run's only part.
            out.problems.push(p);
            let mut only = std::mem::take(&mut out);
            sort_part(&mut only);
            on_part(&mut only);
            merge(&mut out, only);
            return out;
        }
    };
    let eopts = engine::EngineOptions {
        include_generated: opts.include_generated,
        include_tests: opts.include_tests,
        unsafe_fixes: opts.unsafe_fixes,
        gofmt: !opts.no_gofmt,
        escapes,
        eager: opts.eager,
        worlds: Some(std::sync::Arc::new(engine::imports::Worlds::default())),
        profile,
    };
    // What is known before the first directory (unreadable paths, escapes) goes first.
    let mut first = Outcome {
        problems: std::mem::take(&mut out.problems),
        ..Outcome::default()
    };
    sort_part(&mut first);
    on_part(&mut first);
    merge(&mut out, first);
    // Directories are analysed in parallel and handed to `on_part` in path order, each as
    // soon as it and every one before it are done; the caller may print a part and drop
    // its texts before the next arrives.
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
    std::thread::scope(|scope| {
        let (only, rules, eopts) = (&only, &rules, &eopts);
        scope.spawn(move || {
            pool(opts.jobs).install(|| {
                dirs.into_par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, (files, unit))| {
                        let dir = files[0].parent().map(Path::to_path_buf).unwrap_or_default();
                        let mut part =
                            analyze_dir(&files, only.get(&dir), unit.version, rules, eopts);
                        for f in part.changes.iter_mut().flatten() {
                            f.module.clone_from(&unit.module);
                            f.package.clone_from(&unit.package);
                        }
                        progress(Progress::DirectoryDone);
                        // The receiver outlives the senders: a send cannot fail.
                        let _ = tx.send((i, part));
                    });
            });
        });
        let mut waiting: BTreeMap<usize, Outcome> = BTreeMap::new();
        let mut next = 0;
        for (i, part) in rx {
            waiting.insert(i, part);
            while let Some(mut part) = waiting.remove(&next) {
                sort_part(&mut part);
                on_part(&mut part);
                merge(&mut out, part);
                next += 1;
            }
        }
    });
    out.findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    out.skipped.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    out.problems
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    // A file shared by several packages of its directory (one without a package clause)
    // is named once.
    out.problems
        .dedup_by(|a, b| a.path == b.path && a.message == b.message);
    out.changes.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    out
}

/// The run's profiles: `--profile`'s, or else each `default.pgo` beside a main package's
/// files; indexed by the analysed files, with notes saying which were read and how many of
/// their samples map to no analysed file. A profile that cannot be read stops the run.
#[allow(clippy::type_complexity)]
fn load_profiles(
    dirs: &[(Vec<PathBuf>, Unit)],
    opts: &Options,
) -> Result<(Option<std::sync::Arc<engine::ProfileGate>>, Vec<Problem>), Problem> {
    use semantic::profile::{Analysed, Kind, Profile, Profiles};
    let mut notes = Vec::new();
    let mut paths: Vec<(PathBuf, bool)> =
        opts.profiles.iter().map(|p| (p.clone(), false)).collect();
    if paths.is_empty() && !opts.no_default_pgo {
        for (files, _) in dirs {
            let dir = files[0].parent().map(Path::to_path_buf).unwrap_or_default();
            let pgo = dir.join("default.pgo");
            // The file first: only a directory holding one has its package clause read.
            if !pgo.is_file() {
                continue;
            }
            let main = files.iter().any(|f| {
                !f.to_string_lossy().ends_with("_test.go")
                    && std::fs::read_to_string(f)
                        .is_ok_and(|t| source::package_name(&t) == Some("main"))
            });
            if main {
                paths.push((pgo, true));
            }
        }
    }
    if paths.is_empty() {
        if opts.min_share.is_some() || opts.include_unprofiled {
            notes.push(Problem {
                path: String::new(),
                line: 0,
                column: 0,
                tag: "profile",
                message: "--min-share and --include-unprofiled have no effect without a profile (--profile, or a default.pgo beside a main package)".to_string(),
                fatal: false,
            });
        }
        return Ok((None, notes));
    }
    let mut read = Vec::new();
    for (p, default) in &paths {
        match Profile::read(p) {
            Ok(prof) => {
                if *default {
                    notes.push(Problem {
                        path: engine::display_path(p),
                        line: 0,
                        column: 0,
                        tag: "profile",
                        message: format!(
                            "{}: read as the profile of the packages in its main package's build, as go build -pgo=auto reads it (--no-default-pgo leaves it out)",
                            engine::display_path(p)
                        ),
                        fatal: false,
                    });
                }
                read.push(prof);
            }
            Err(e) => {
                return Err(Problem {
                    path: engine::display_path(p),
                    line: 0,
                    column: 0,
                    tag: "profile",
                    message: e.to_string(),
                    fatal: true,
                });
            }
        }
    }
    let analysed: Vec<Analysed> = dirs
        .iter()
        .flat_map(|(files, unit)| {
            // The directory's path under its module's root, from its import path.
            let dir = (!unit.module.is_empty())
                .then(|| unit.package.strip_prefix(&unit.module))
                .flatten()
                .map(|d| d.trim_start_matches('/').to_string());
            files.iter().map(move |f| Analysed {
                path: f.clone(),
                // Compared by its trailing elements only outside a module.
                abs: match &dir {
                    Some(_) => f.clone(),
                    None => std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()),
                },
                // The standard library's module is `std`, but its packages' paths are
                // `fmt`, not `std/fmt`, in function names and to `go list`.
                import_path: match unit.package.strip_prefix("std/") {
                    Some(p) if unit.module == "std" => p.to_string(),
                    _ => unit.package.clone(),
                },
                in_module: dir.as_ref().and_then(|d| {
                    let name = f.file_name()?.to_string_lossy();
                    Some(if d.is_empty() {
                        name.into_owned()
                    } else {
                        format!("{d}/{name}")
                    })
                }),
            })
        })
        .collect();
    let profiles = Profiles::index(read, &analysed);
    // A default.pgo speaks for its main package's build, as the go command applies it:
    // the packages `go list -deps` names from its directory (without go, or when it fails,
    // the packages its samples map to). The others are judged as without a profile.
    let defaults: Vec<&PathBuf> = paths.iter().filter(|(_, d)| *d).map(|(p, _)| p).collect();
    let scope = (!defaults.is_empty()).then(|| {
        let mut in_build: std::collections::HashSet<String> = std::collections::HashSet::new();
        for pgo in &defaults {
            let dir = pgo.parent().map(Path::to_path_buf).unwrap_or_default();
            let listed = engine::gowork::deps_of(&dir);
            match listed {
                Some(deps) => in_build.extend(deps),
                None => {
                    let sampled: std::collections::HashSet<&PathBuf> =
                        profiles.sampled_files().collect();
                    in_build.extend(
                        analysed
                            .iter()
                            .filter(|a| sampled.contains(&a.path))
                            .map(|a| a.import_path.clone()),
                    );
                }
            }
        }
        analysed
            .iter()
            .filter(|a| in_build.contains(&a.import_path))
            .map(|a| a.path.clone())
            .collect::<std::collections::HashSet<PathBuf>>()
    });
    for (source, lost, all, pct) in &profiles.unmapped {
        let kind = match profiles.read.iter().find(|(_, s)| s == source) {
            Some((Kind::Heap, _)) => "heap",
            _ => "CPU",
        };
        notes.push(Problem {
            path: source.clone(),
            line: 0,
            column: 0,
            tag: "profile",
            message: format!(
                "{source}: a {kind} profile; {lost} of its {all} samples ({pct:.1}% of its value) have no frame in the analysed files"
            ),
            fatal: false,
        });
    }
    Ok((
        Some(std::sync::Arc::new(engine::ProfileGate {
            profiles: std::sync::Arc::new(profiles),
            min_share: opts.min_share.unwrap_or(DEFAULT_MIN_SHARE),
            include_unprofiled: opts.include_unprofiled,
            scope,
        })),
        notes,
    ))
}

/// A part's findings, skips and problems in path order; a problem of a file shared by
/// several packages of its directory (one without a package clause) named once.
fn sort_part(p: &mut Outcome) {
    p.findings.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    p.skipped.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule).cmp(&(&b.path, b.line, b.column, &b.rule))
    });
    p.problems
        .sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    p.problems
        .dedup_by(|a, b| a.path == b.path && a.message == b.message);
    p.changes.sort_by(|a, b| a[0].path.cmp(&b[0].path));
}

fn merge(out: &mut Outcome, p: Outcome) {
    out.files_read += p.files_read;
    out.bytes_read += p.bytes_read;
    out.packages += p.packages;
    out.packages_parsed += p.packages_parsed;
    out.findings.extend(p.findings);
    out.skipped.extend(p.skipped);
    out.changes.extend(p.changes);
    out.problems.extend(p.problems);
}

/// Where a directory sits: its module and import path.
struct Unit {
    module: String,
    package: String,
    version: Option<package::GoVersion>,
}

/// One directory: its files read, grouped into packages, each run through the engine.
fn analyze_dir(
    files: &[PathBuf],
    only: Option<&std::collections::BTreeSet<PathBuf>>,
    version: Option<package::GoVersion>,
    rules: &[&'static dyn transforms::Transform],
    eopts: &engine::EngineOptions,
) -> Outcome {
    let mut out = Outcome::default();
    let mut sources = Vec::new();
    for p in files {
        match source::Source::read(p) {
            Ok(mut s) => {
                out.files_read += 1;
                out.bytes_read += s.original.len();
                s.selected = only.is_none_or(|named| named.contains(p));
                sources.push(s);
            }
            Err(e) => {
                let path = match &e {
                    source::SourceError::Unreadable { path, .. }
                    | source::SourceError::NotUtf8 { path, .. } => engine::display_path(path),
                };
                if let source::SourceError::NotUtf8 { line, col, .. } = &e
                    && let Some(s) = source::Source::lossy(p, *line, *col)
                {
                    sources.push(s);
                }
                let (line, column, tag) = match &e {
                    source::SourceError::NotUtf8 { line, col, .. } => (*line, *col, "not-utf8"),
                    source::SourceError::Unreadable { .. } => (0, 0, "unreadable"),
                };
                out.problems.push(Problem {
                    path,
                    line,
                    column,
                    tag,
                    message: e.to_string(),
                    fatal: true,
                });
            }
        }
    }
    for raw in package::group(sources, version) {
        out.packages += 1;
        let bytes: usize = raw.sources.iter().map(|s| s.text.len()).sum();
        let _one_at_a_time =
            (bytes > HUGE_PACKAGE).then(|| HUGE_PACKAGES.lock().unwrap_or_else(|e| e.into_inner()));
        let result = engine::run_package_guarded(raw, rules, eopts);
        if bytes > BIG_PACKAGE {
            give_back_memory();
        }
        match result {
            Ok(result) => report::collect(result, &mut out),
            Err(failure) => out.problems.push(Problem {
                line: 0,
                column: 0,
                tag: "internal-error",
                path: failure.dir,
                message: failure.message,
                fatal: true,
            }),
        }
    }
    out
}

/// The parse-only baseline for benchmarks: the same walk and reads, a tree-sitter parse of
/// every file, nothing else. Returns the files and bytes read, and the files tree-sitter
/// flags with their first problem.
pub fn parse_only(paths: &[PathBuf], opts: &Options) -> (usize, usize, Vec<String>) {
    let files = walk::go_files(
        paths,
        walk::WalkOptions {
            include_vendor: opts.include_vendor,
        },
    )
    .files;
    let (n, bytes, mut flagged) = pool(opts.jobs).install(|| {
        files
            .par_iter()
            .filter_map(|p| source::Source::read(p).ok())
            .map(|s| {
                let tree = parse::parse(&s.text);
                let flagged: Vec<String> = parse::first_problem(&tree)
                    .map(|p| match p {
                        parse::SyntaxProblem::At { line, col, what } => {
                            format!("{}:{line}:{col}: {what}", engine::display_path(&s.path))
                        }
                        parse::SyntaxProblem::Unknown { line, col } => format!(
                            "{}:{line}:{col}: valid Go this grammar does not know",
                            engine::display_path(&s.path)
                        ),
                        parse::SyntaxProblem::Misread { line, col, what } => {
                            format!("{}:{line}:{col}: {what}", engine::display_path(&s.path))
                        }
                        parse::SyntaxProblem::Unlocated => format!(
                            "{}: an error with no error node",
                            engine::display_path(&s.path)
                        ),
                    })
                    .into_iter()
                    .collect();
                (1, s.original.len(), flagged)
            })
            .reduce(
                || (0, 0, Vec::new()),
                |mut a, b| {
                    a.2.extend(b.2);
                    (a.0 + b.0, a.1 + b.1, a.2)
                },
            )
    });
    flagged.sort();
    (n, bytes, flagged)
}

/// For the fuzz harness (`tests/fuzz.rs`): the package clause of `text` when it parses
/// with no error node, else what is wrong (the first problem, as the report names it).
#[doc(hidden)]
pub fn parsed_package(text: &str) -> Result<String, String> {
    if let Some(p) = parse::first_problem(&parse::parse(text)) {
        return Err(format!("{p:?}"));
    }
    source::package_name(text)
        .map(str::to_string)
        .ok_or_else(|| "no package clause".to_string())
}

/// For the fuzz harness: whether the fast check (`syntax::validate`) takes `text` as Go.
#[doc(hidden)]
pub fn quick_valid(text: &str) -> bool {
    syntax::validate::valid(text)
}

/// For the fuzz harness: whether parsing `new` incrementally from the tree of `old` gives
/// the tree a fresh parse of `new` gives, when `new` is valid; when it is not, whether both
/// trees say so (where the grammar recovers from an error may differ between the two, and
/// the engine only reads whether a rewritten file has one: it is then thrown away).
#[doc(hidden)]
pub fn reparse_agrees(old: &str, new: &str) -> bool {
    let fresh = parse::parse(new);
    let incremental = parse::reparse(&parse::parse(old), old, new);
    match (
        fresh.root_node().has_error(),
        incremental.root_node().has_error(),
    ) {
        (false, false) => parse::same_tree(&fresh, &incremental),
        (a, b) => a == b,
    }
}

/// For the fuzz harness: whether a file the fast check takes indexes the same
/// declarations read from its outline (function bodies left out) as from its whole tree.
/// True for a file the check or the grammar rejects (no outline is read of it).
#[doc(hidden)]
pub fn outline_agrees(text: &str) -> bool {
    use syntax::package::{Package, PkgFile};
    use syntax::source::Generated;
    let Some(_) = syntax::validate::function_bodies(text) else {
        return true;
    };
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let package = |f: PkgFile| Package {
        dir: "p".into(),
        name: "p".into(),
        files: vec![f],
        go_version: None,
    };
    let whole = package(PkgFile::new(
        "p.go".into(),
        text.into(),
        Generated::No,
        true,
    ));
    if whole.files[0].problem.is_some() {
        return true;
    }
    let outlined = package(PkgFile::lazy(
        "p.go".into(),
        text.into(),
        Generated::No,
        true,
        &flag,
    ));
    let (a, b) = (
        semantic::index::PkgIndex::build(&whole),
        semantic::index::PkgIndex::build(&outlined),
    );
    a.same_declarations(&b) && !outlined.files[0].is_parsed()
}
