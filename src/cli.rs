//! Command-line arguments as typed, validated into a configuration, then the run itself:
//! analyze, print or write, and the exit code.

use crate::output::report::{self, Mode, TextReport};
use crate::{Options, Outcome};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "gomapfix",
    version,
    about = "Rewrites allocation-heavy Go idioms into forms that allocate less, without changing what the program means.",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 nothing to change, or --write applied everything; 1 --dry-run or --check found changes; 2 usage error, or a file that could not be read, parsed or written (the rest of the batch still runs; 2 wins over 1); 3 --verify restored a package (3 wins over 1 and 2)."
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or directories (default: the current directory).
    paths: Vec<PathBuf>,
    /// Print the unified diff of every file that would change; write nothing (default).
    #[arg(long, group = "mode")]
    dry_run: bool,
    /// Rewrite the files in place.
    #[arg(long, group = "mode")]
    write: bool,
    /// Print nothing but the findings; exit 1 when anything would change.
    #[arg(long, group = "mode")]
    check: bool,
    /// Only these transforms (comma-separated).
    #[arg(long, value_name = "RULES")]
    select: Option<String>,
    /// Not these transforms (comma-separated).
    #[arg(long, value_name = "RULES")]
    ignore: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Also list every skipped site with its reason.
    #[arg(short, long)]
    verbose: bool,
    /// No progress bar, no summary.
    #[arg(long)]
    quiet: bool,
    /// Also touch files whose header says they are generated.
    #[arg(long)]
    include_generated: bool,
    /// Also walk vendor directories.
    #[arg(long)]
    include_vendor: bool,
    /// Also judge and rewrite sites in `_test.go` files, compiling them for evidence (they
    /// are analysed either way, and their sites listed as skipped `test-file`; a rewrite
    /// elsewhere still edits the tests that use what it changes).
    #[arg(long)]
    include_tests: bool,
    /// Also apply unsafe fixes (ruff's applicability): rewrites of an unexported map field
    /// of an exported struct, which keep what the package's own code can observe but not
    /// what other packages can (each finding says what). Without it they are counted.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Leave changed files in gomapfix's own layout; by default a file that was gofmt-clean
    /// is run through `gofmt` (when on PATH) after the rewrite.
    #[arg(long)]
    no_gofmt: bool,
    /// Use the Go compiler's escape analysis as evidence: run `go list -export
    /// -gcflags=all=-m` (with `-test` under --include-tests) for the packages being
    /// processed (pool-scratch); its facts are cached under the user's
    /// cache directory. The default when `go` is on PATH (then only for packages with a
    /// possible site, and a directory outside any module is passed over in silence).
    #[arg(long)]
    escapes: bool,
    /// Do not run the compiler for evidence even when `go` is on PATH (a tree that does not
    /// build): pool-scratch's sites are judged from the source, and each finding says so.
    #[arg(long, conflicts_with_all = ["escapes", "escape_log"])]
    no_escapes: bool,
    /// Use a saved `go build -gcflags=-m` log as escape evidence; relative file names in it
    /// are taken from the log's directory.
    #[arg(long, value_name = "FILE", conflicts_with = "escapes")]
    escape_log: Option<PathBuf>,
    /// A pprof profile (repeatable): `go test -cpuprofile`/`-memprofile`, `runtime/pprof`,
    /// `net/http/pprof`. Findings and skips carry their share of it; sites under
    /// --min-share, or never sampled, are left alone as `cold`. Without it, a
    /// `default.pgo` beside a main package's files is read, as `go build -pgo=auto` does.
    #[arg(long, value_name = "FILE")]
    profile: Vec<PathBuf>,
    /// With a profile: the share (percent of allocated objects or bytes, or of CPU time with the
    /// site's line on the stack) under which a site is cold [default: 1].
    #[arg(long, value_name = "PCT", value_parser = parse_share)]
    min_share: Option<f64>,
    /// With a profile: rewrite sites it never sampled too (they are `cold` otherwise).
    #[arg(long)]
    include_unprofiled: bool,
    /// Do not read a `default.pgo` as the run's profile.
    #[arg(long, conflicts_with = "profile")]
    no_default_pgo: bool,
    /// Process only the K-th of N parts of the packages (1-based), for N CI jobs: a stable
    /// partition by module and package path, whose N parts together are the whole run.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<crate::Shard>,
    /// After --write, build and vet every touched package with the go command (`=test`:
    /// also run its tests); a package that fails is restored as read, and the exit is 3.
    #[arg(long, value_name = "WHAT", num_args = 0..=1, require_equals = true, default_missing_value = "build", value_enum)]
    verify: Option<VerifyArg>,
    /// The `go test -timeout` of --verify=test.
    #[arg(long, value_name = "DURATION", default_value = "10m")]
    verify_timeout: String,
    /// Write the changes as `git apply`-able patches into DIR, with an index.json, instead
    /// of printing the diff (a package's changes are never cut).
    #[arg(long, value_name = "DIR")]
    patch_dir: Option<PathBuf>,
    /// One patch per module, per package, or per CODEOWNERS owner.
    #[arg(long, value_enum, requires = "patch_dir", default_value_t = SplitArg::Module)]
    split: SplitArg,
    /// Benchmark baseline: walk, read and parse every file, nothing else.
    #[arg(long, hide = true)]
    parse_only: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the transforms, one line each.
    Rules,
    /// Print a transform's documentation: what, why, example, safety.
    Explain { rule: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SplitArg {
    Module,
    Package,
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum VerifyArg {
    /// `go build` and `go vet`.
    Build,
    /// Also `go test -count=1`.
    Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

/// The validated configuration of a run.
struct Config {
    paths: Vec<PathBuf>,
    mode: Mode,
    options: Options,
    format: Format,
    verbose: bool,
    quiet: bool,
    verify: Option<crate::VerifyLevel>,
    verify_timeout: String,
    patch_dir: Option<(PathBuf, crate::Split)>,
}

fn parse_share(s: &str) -> Result<f64, String> {
    match s.trim_end_matches('%').parse::<f64>() {
        Ok(v) if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(format!("`{s}`: a percentage from 0 to 100")),
    }
}

fn parse_shard(s: &str) -> Result<crate::Shard, String> {
    let bad = || format!("`{s}`: expected K/N with 1 <= K <= N, e.g. 2/8");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u64, u64) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok(crate::Shard { k, n })
}

fn rule_list(s: &str) -> Result<Vec<String>, String> {
    let ids = crate::rule_ids();
    s.split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            if ids.contains(&r) {
                Ok(r.to_string())
            } else {
                Err(format!(
                    "unknown transform `{r}` (known: {})",
                    ids.join(", ")
                ))
            }
        })
        .collect()
}

impl Config {
    fn from_args(a: Args) -> Result<Config, String> {
        let mode = if a.write {
            Mode::Write
        } else if a.check {
            Mode::Check
        } else {
            Mode::DryRun
        };
        let selected = match &a.select {
            Some(s) => rule_list(s)?,
            None => crate::rule_ids().into_iter().map(str::to_string).collect(),
        };
        let ignored = match &a.ignore {
            Some(s) => rule_list(s)?,
            None => Vec::new(),
        };
        let select: Vec<String> = selected
            .into_iter()
            .filter(|r| !ignored.contains(r))
            .collect();
        if select.is_empty() {
            return Err("--select and --ignore leave no transform to run".into());
        }
        if a.verify.is_some() && mode != Mode::Write {
            return Err("--verify checks what --write wrote: use it with --write".into());
        }
        if a.jobs == Some(0) {
            return Err("--jobs takes a number of threads, at least 1".into());
        }
        let escapes = match (&a.escape_log, a.escapes) {
            (Some(f), _) => {
                let text = std::fs::read_to_string(f)
                    .map_err(|e| format!("--escape-log {}: cannot read: {e}", f.display()))?;
                let base = f.parent().unwrap_or(std::path::Path::new("."));
                let base = if base.as_os_str().is_empty() {
                    std::path::Path::new(".")
                } else {
                    base
                };
                // The go command names the standard library's files from `$GOROOT/src`.
                let goroot = crate::engine::gowork::goroot().map(|g| g.join("src"));
                let mut bases = vec![base];
                bases.extend(goroot.as_deref());
                crate::EscapeSource::Log(std::sync::Arc::new(crate::EscapeLog::parse_in(
                    &text, &bases,
                )))
            }
            (None, true) => crate::EscapeSource::Build,
            (None, false) if a.no_escapes => crate::EscapeSource::None,
            (None, false) => {
                if crate::engine::gowork::goroot().is_some() {
                    crate::EscapeSource::Default
                } else {
                    crate::EscapeSource::None
                }
            }
        };
        let jobs = a
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        Ok(Config {
            paths: if a.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                a.paths
            },
            mode,
            options: Options {
                select,
                include_generated: a.include_generated,
                include_vendor: a.include_vendor,
                include_tests: a.include_tests,
                unsafe_fixes: a.unsafe_fixes,
                no_gofmt: a.no_gofmt,
                jobs,
                escapes,
                shard: a.shard,
                profiles: a.profile,
                min_share: a.min_share,
                include_unprofiled: a.include_unprofiled,
                no_default_pgo: a.no_default_pgo,
                eager: false,
            },
            format: a.format,
            verbose: a.verbose,
            quiet: a.quiet,
            verify: a.verify.map(|v| match v {
                VerifyArg::Build => crate::VerifyLevel::Build,
                VerifyArg::Test => crate::VerifyLevel::Test,
            }),
            verify_timeout: a.verify_timeout,
            patch_dir: a.patch_dir.map(|d| {
                (
                    d,
                    match a.split {
                        SplitArg::Module => crate::Split::Module,
                        SplitArg::Package => crate::Split::Package,
                        SplitArg::Owner => crate::Split::Owner,
                    },
                )
            }),
        })
    }
}

/// Runs the command line and returns the exit code; output goes to the given streams.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> std::io::Result<i32>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args = match Args::try_parse_from(args) {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let rendered = e.render().to_string();
            if code == 0 {
                stdout.write_all(rendered.as_bytes())?;
            } else {
                stderr.write_all(rendered.as_bytes())?;
            }
            return Ok(code);
        }
    };
    match &args.command {
        Some(Command::Rules) => {
            for t in crate::transforms::REGISTRY {
                writeln!(stdout, "{:<20} {}", t.meta().id, t.meta().summary)?;
            }
            return Ok(0);
        }
        Some(Command::Explain { rule }) => {
            return match crate::rule_docs(rule) {
                Some(docs) => {
                    stdout.write_all(docs.as_bytes())?;
                    Ok(0)
                }
                None => {
                    writeln!(
                        stderr,
                        "gomapfix: unknown transform `{rule}` (known: {})",
                        crate::rule_ids().join(", ")
                    )?;
                    Ok(2)
                }
            };
        }
        None => {}
    }
    let parse_only = args.parse_only;
    let cfg = match Config::from_args(args) {
        Ok(c) => c,
        Err(msg) => {
            writeln!(stderr, "gomapfix: {msg}")?;
            return Ok(2);
        }
    };
    if parse_only {
        let (files, bytes, flagged) = crate::parse_only(&cfg.paths, &cfg.options);
        for f in &flagged {
            writeln!(stderr, "gomapfix: tree-sitter-go flags {f}")?;
        }
        writeln!(
            stderr,
            "gomapfix: parsed {files} files, {bytes} bytes; {} with a syntax problem",
            flagged.len()
        )?;
        return Ok(0);
    }
    let progress = if cfg.quiet || cfg.format != Format::Text || !std::io::stderr().is_terminal() {
        indicatif::ProgressBar::hidden()
    } else {
        let pb = indicatif::ProgressBar::new(0);
        pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} directories {wide_bar}")
        {
            pb.set_style(style);
        }
        pb
    };
    let text = TextReport {
        mode: cfg.mode,
        verbose: cfg.verbose,
        quiet: cfg.quiet,
    };
    // A dry run or check in text prints each package's part as soon as it and every one
    // before it are done, and keeps only the names of its changed files.
    let streaming =
        cfg.format == Format::Text && cfg.mode != Mode::Write && cfg.patch_dir.is_none();
    let mut printing: std::io::Result<()> = Ok(());
    let mut out = crate::analyze_streaming(
        &cfg.paths,
        &cfg.options,
        &|p| match p {
            crate::Progress::Directories(n) => progress.set_length(n),
            crate::Progress::DirectoryDone => progress.inc(1),
        },
        &mut |part| {
            if !streaming || printing.is_err() {
                return;
            }
            printing = progress.suspend(|| text.print_part(part, &mut *stdout, &mut *stderr));
            for f in part.changes.iter_mut().flatten() {
                f.new = Vec::new();
                f.diff = String::new();
                if let Some(o) = &mut f.original {
                    *o = Vec::new();
                }
            }
        },
    );
    printing?;
    progress.finish_and_clear();
    if let Some((dir, split)) = &cfg.patch_dir {
        match crate::write_patches(&out, dir, *split) {
            Ok(index) => out.patches = Some((dir.clone(), index)),
            Err(e) => out.problems.push(crate::Problem {
                path: dir.display().to_string(),
                line: 0,
                column: 0,
                tag: "unwritable",
                message: format!("{}: cannot write the patches: {e}", dir.display()),
                fatal: true,
            }),
        }
    }
    let written = if cfg.mode == Mode::Write {
        let sets = out.write();
        if let Some(level) = cfg.verify {
            out.verification = Some(crate::verify(&out, &sets, level, &cfg.verify_timeout));
        }
        sets.iter().map(|&i| out.changes[i].len()).sum()
    } else {
        0
    };
    let code = exit_code(&out, cfg.mode);
    match cfg.format {
        Format::Text if streaming => text.print_end(&out, written, stderr)?,
        Format::Text => text.print(&out, written, stdout, stderr)?,
        Format::Json => report::print_json(&out, cfg.mode, written, code, stdout)?,
        Format::Sarif => crate::output::sarif::print(&out, cfg.verbose, stdout)?,
    }
    Ok(code)
}

fn exit_code(out: &Outcome, mode: Mode) -> i32 {
    if out
        .verification
        .as_ref()
        .is_some_and(|v| !v.restored.is_empty())
    {
        3
    } else if out.has_fatal() {
        2
    } else if mode != Mode::Write && !out.changes.is_empty() {
        1
    } else {
        0
    }
}
