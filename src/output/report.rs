//! Turning package outcomes into findings, skips, problems and diffs, and printing them as
//! text or json. The only module that prints.

use crate::engine::{PackageOutcome, display_path};
use crate::syntax::parse::SyntaxProblem;

use crate::output::{FileChange, Finding, Outcome, Problem, Skipped};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;

/// Adds one package's outcome to the run's.
pub(crate) fn collect(o: PackageOutcome, out: &mut Outcome) {
    if o.parsed {
        out.packages_parsed += 1;
    }
    let path_of = |i: usize| display_path(&o.raw.sources[i].path);
    let pos = |i: usize, at: usize| o.raw.sources[i].line_col(at);
    for (i, p) in &o.syntax {
        let path = path_of(*i);
        let (message, fatal, line, column, tag) = match p {
            SyntaxProblem::At { line, col, what } => (
                format!("{path}:{line}:{col}: does not parse ({what}); left untouched"),
                true,
                *line,
                *col,
                "does-not-parse",
            ),
            SyntaxProblem::Unknown { line, col } => (
                format!(
                    "{path}:{line}:{col}: valid Go this grammar does not know (gofmt takes the file); the file is analysed with its package as opaque, never rewritten"
                ),
                false,
                *line,
                *col,
                "unknown-syntax",
            ),
            SyntaxProblem::Misread { line, col, what } => (
                format!(
                    "{path}:{line}:{col}: {what}; the file is analysed with its package as opaque, never rewritten"
                ),
                false,
                *line,
                *col,
                "unknown-syntax",
            ),
            SyntaxProblem::Unlocated => (
                format!(
                    "{path}: tree-sitter-go reports an error but shows no error node (newer syntax?); the file is analysed with its package but never rewritten"
                ),
                false,
                0,
                0,
                "unknown-syntax",
            ),
        };
        out.problems.push(Problem {
            path,
            line,
            column,
            tag,
            message,
            fatal,
        });
    }
    for &i in &o.readonly_touched {
        out.problems.push(Problem {
            path: path_of(i),
            line: 0,
            column: 0,
            tag: "read-only",
            message: format!(
                "{}: read-only; the fixes that would touch it are left out, the package's others are made (make it writable to let gomapfix rewrite it)",
                path_of(i)
            ),
            fatal: true,
        });
    }
    for w in &o.warnings {
        out.problems.push(Problem {
            path: display_path(&o.raw.dir),
            line: 0,
            column: 0,
            tag: "package-left-as-read",
            message: w.clone(),
            fatal: true,
        });
    }
    for f in &o.fixes {
        let (line, column) = pos(f.file, f.at);
        out.findings.push(Finding {
            rule: f.rule.to_string(),
            path: path_of(f.file),
            line,
            column,
            message: f.message.clone(),
            evidence: f.evidence.to_string(),
            profile: o.weights.get(&(f.file, f.at)).copied(),
        });
    }
    for s in &o.skips {
        let (line, column) = pos(s.file, s.at);
        out.skipped.push(Skipped {
            rule: s.rule.to_string(),
            path: path_of(s.file),
            line,
            column,
            reason: s.tag().to_string(),
            message: s.message(),
            profile: o.weights.get(&(s.file, s.at)).copied(),
        });
    }
    let changed: Vec<usize> = (0..o.texts.len()).filter(|&i| o.changed(i)).collect();
    if changed.is_empty() && o.generated.is_empty() {
        return;
    }
    // `--dry-run` shows exactly what `--write` would do: a package with a read-only file
    // is not written at all, so it is named and not diffed.
    if let Some(&ro) = changed.iter().find(|&&i| o.raw.sources[i].readonly) {
        out.problems.push(Problem {
            path: path_of(ro),
            line: 0,
            column: 0,
            tag: "read-only",
            message: format!(
                "{}: read-only; left untouched with the rest of its package (make it writable to let gomapfix rewrite it)",
                path_of(ro)
            ),
            fatal: true,
        });
        return;
    }
    let files = changed
        .into_iter()
        .map(|i| {
            let s = &o.raw.sources[i];
            let new = s.render(&o.texts[i]);
            let display = path_of(i);
            let before = String::from_utf8_lossy(&s.original);
            let after = String::from_utf8_lossy(&new);
            FileChange {
                path: s.path.clone(),
                diff: crate::output::diff::unified(
                    &crate::output::diff::header_path(&s.path),
                    Some(&before),
                    &after,
                ),
                display,
                module: String::new(),
                package: String::new(),
                original: Some(s.original.clone()),
                new,
            }
        })
        .collect::<Vec<FileChange>>();
    let mut files = files;
    for (path, content) in &o.generated {
        let display = display_path(path);
        files.push(FileChange {
            path: path.clone(),
            diff: crate::output::diff::unified(
                &crate::output::diff::header_path(path),
                None,
                content,
            ),
            display,
            module: String::new(),
            package: String::new(),
            original: None,
            new: content.clone().into_bytes(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    out.changes.push(files);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    DryRun,
    Write,
    Check,
}

/// Per-rule change counts and per-reason skip counts, sorted.
fn counts(out: &Outcome) -> (BTreeMap<String, usize>, BTreeMap<String, usize>) {
    let mut changes = BTreeMap::new();
    for f in &out.findings {
        *changes.entry(f.rule.clone()).or_default() += 1;
    }
    let mut skips = BTreeMap::new();
    for s in &out.skipped {
        *skips.entry(format!("{}/{}", s.rule, s.reason)).or_default() += 1;
    }
    (changes, skips)
}

pub(crate) struct TextReport {
    pub(crate) mode: Mode,
    pub(crate) verbose: bool,
    pub(crate) quiet: bool,
}

impl TextReport {
    /// Diffs to stdout (dry run), findings, skips, problems and the summary to stderr.
    pub(crate) fn print(
        &self,
        out: &Outcome,
        written: usize,
        stdout: &mut dyn Write,
        stderr: &mut dyn Write,
    ) -> std::io::Result<()> {
        self.print_part(out, stdout, stderr)?;
        self.print_end(out, written, stderr)
    }

    /// One part of a run (or a whole run): the diffs (dry run; the file names under
    /// `--check`) to stdout, findings, skips under `-v` and problems to stderr.
    pub(crate) fn print_part(
        &self,
        out: &Outcome,
        stdout: &mut dyn Write,
        stderr: &mut dyn Write,
    ) -> std::io::Result<()> {
        if self.mode == Mode::DryRun && out.patches.is_none() {
            for pkg in &out.changes {
                for f in pkg {
                    stdout.write_all(f.diff.as_bytes())?;
                }
            }
        }
        let share = |w: &Option<crate::semantic::profile::Weight>| match w {
            Some(w) => format!(" [{:.2}% of the profile]", w.share),
            None => String::new(),
        };
        for f in &out.findings {
            writeln!(
                stderr,
                "{}:{}:{}: {}: {} ({}){}",
                f.path,
                f.line,
                f.column,
                f.rule,
                f.message,
                f.evidence,
                share(&f.profile)
            )?;
        }
        if self.verbose {
            for s in &out.skipped {
                // A cold skip says its share in its message.
                let w = if s.reason == "cold" {
                    String::new()
                } else {
                    share(&s.profile)
                };
                writeln!(
                    stderr,
                    "{}:{}:{}: {}: skipped: {} [{}]{w}",
                    s.path, s.line, s.column, s.rule, s.message, s.reason
                )?;
            }
        }
        for p in &out.problems {
            let label = if p.fatal { "error" } else { "warning" };
            writeln!(stderr, "gomapfix: {label}: {}", p.message)?;
        }
        if self.mode == Mode::Check {
            // As `gofmt -l` does: every file that would change, on stdout, generated ones
            // included (a package whose only change is its regenerated file is named).
            for f in out.changes.iter().flatten() {
                writeln!(stdout, "{}", f.display)?;
            }
        }
        Ok(())
    }

    /// The end of a run: what --verify restored, and the summary.
    pub(crate) fn print_end(
        &self,
        out: &Outcome,
        written: usize,
        stderr: &mut dyn Write,
    ) -> std::io::Result<()> {
        if let Some(v) = &out.verification {
            for r in &v.restored {
                let why = if r.fails_without_changes {
                    " (it fails without gomapfix's changes too: the rewrite could not be verified)"
                } else {
                    ""
                };
                writeln!(
                    stderr,
                    "gomapfix: error: {}: restored as read: go {} fails: {}{why}",
                    r.path, r.stage, r.message
                )?;
                for n in &r.not_restored {
                    writeln!(stderr, "gomapfix: error: {n}")?;
                }
            }
            for u in &v.unverified {
                writeln!(stderr, "gomapfix: warning: {u}")?;
            }
        }
        if self.mode == Mode::Check {
            let files: Vec<&crate::output::FileChange> = out.changes.iter().flatten().collect();
            if !self.quiet {
                hottest(out, stderr)?;
                let generated = files.iter().filter(|f| f.original.is_none()).count();
                writeln!(
                    stderr,
                    "gomapfix: {} {} change ({} new generated); {} could not be processed",
                    files.len(),
                    if files.len() == 1 {
                        "file would"
                    } else {
                        "files would"
                    },
                    generated,
                    out.problems.iter().filter(|p| p.fatal).count()
                )?;
            }
            return Ok(());
        }
        if self.quiet {
            return Ok(());
        }
        hottest(out, stderr)?;
        let (changes, skips) = counts(out);
        let fatal = out.problems.iter().filter(|p| p.fatal).count();
        let join = |m: &BTreeMap<String, usize>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let n =
            |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
        let mut line = format!(
            "gomapfix: {} read, {} ({} parsed); {}",
            n(out.files_read, "file", "files"),
            n(out.packages, "package", "packages"),
            out.packages_parsed,
            n(out.findings.len(), "change", "changes")
        );
        if !changes.is_empty() {
            line.push_str(&format!(" ({})", join(&changes)));
        }
        let unsafe_held = out
            .skipped
            .iter()
            .filter(|s| s.reason == "unsafe-fix")
            .count();
        if unsafe_held > 0 {
            line.push_str(&format!(" and {unsafe_held} more with --unsafe-fixes"));
        }
        if self.mode == Mode::Write {
            line.push_str(&format!(", {} written", n(written, "file", "files")));
        }
        line.push_str(&format!(
            "; {} skipped",
            n(out.skipped.len(), "site", "sites")
        ));
        if !skips.is_empty() {
            let hint = if self.verbose { "" } else { ", -v lists them" };
            line.push_str(&format!(" ({}{hint})", join(&skips)));
        }
        line.push_str(&format!(
            "; {} could not be processed",
            n(fatal, "file", "files")
        ));
        if let Some((dir, index)) = &out.patches {
            line.push_str(&format!(
                "; {} in {} (index.json)",
                n(index.patches.len(), "patch", "patches"),
                dir.display()
            ));
        }
        if let Some(v) = &out.verification {
            let what = match v.level {
                crate::output::verify::VerifyLevel::Build => "go build, go vet",
                crate::output::verify::VerifyLevel::Test => "go build, go vet, go test",
            };
            line.push_str(&format!(
                "; verified {} ({what}) in {:.1}s, {} restored",
                n(v.packages, "package", "packages"),
                v.seconds,
                v.restored.len()
            ));
        }
        writeln!(stderr, "{line}")
    }
}

/// How many findings the profile's table names; the rest are counted.
const HOTTEST: usize = 10;

/// With profiles: the findings hottest first, each with its share and what one rewrite
/// saved in its transform's own benchmark, then how many more and how many were cold.
fn hottest(out: &Outcome, stderr: &mut dyn Write) -> std::io::Result<()> {
    let cold = out.skipped.iter().filter(|s| s.reason == "cold").count();
    let mut hot: Vec<&Finding> = out
        .findings
        .iter()
        .filter(|f| f.profile.is_some())
        .collect();
    if hot.is_empty() && cold == 0 {
        return Ok(());
    }
    hot.sort_by(|a, b| {
        let (x, y) = (
            a.profile.map_or(0.0, |w| w.share),
            b.profile.map_or(0.0, |w| w.share),
        );
        y.total_cmp(&x)
            .then_with(|| (&a.path, a.line).cmp(&(&b.path, b.line)))
    });
    writeln!(
        stderr,
        "gomapfix: hottest findings (share of the profile; what one rewrite saved in the transform's own benchmark):"
    )?;
    for f in hot.iter().take(HOTTEST) {
        let saving = crate::transforms::by_id(&f.rule).map_or("", |t| t.meta().saving);
        writeln!(
            stderr,
            "  {:>6.2}%  {}:{}  {}: {saving}",
            f.profile.map_or(0.0, |w| w.share),
            f.path,
            f.line,
            f.rule
        )?;
    }
    let unsampled = out.findings.len() - hot.len();
    let mut rest = Vec::new();
    if hot.len() > HOTTEST {
        rest.push(format!("{} more above the cut-off", hot.len() - HOTTEST));
    }
    if unsampled > 0 {
        rest.push(format!("{unsampled} never sampled (--include-unprofiled)"));
    }
    rest.push(format!(
        "{cold} cold {} left alone (-v lists them with their share)",
        if cold == 1 { "site" } else { "sites" }
    ));
    writeln!(stderr, "  {}", rest.join("; "))
}

#[derive(Serialize)]
struct JsonDiff<'a> {
    path: &'a str,
    diff: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files_read: usize,
    packages: usize,
    packages_parsed: usize,
    changes: BTreeMap<String, usize>,
    skipped: BTreeMap<String, usize>,
    files_written: usize,
    exit_code: i32,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    mode: &'a str,
    findings: &'a [Finding],
    skipped: &'a [Skipped],
    problems: &'a [Problem],
    diffs: Vec<JsonDiff<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<&'a crate::output::verify::Verification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    patches: Option<&'a crate::output::patches::PatchIndex>,
    summary: JsonSummary,
}

/// One json document on stdout.
pub(crate) fn print_json(
    out: &Outcome,
    mode: Mode,
    written: usize,
    exit_code: i32,
    stdout: &mut dyn Write,
) -> std::io::Result<()> {
    let (changes, skipped) = counts(out);
    let diffs = if mode == Mode::DryRun {
        out.changes
            .iter()
            .flatten()
            .map(|f| JsonDiff {
                path: &f.display,
                diff: &f.diff,
            })
            .collect()
    } else {
        Vec::new()
    };
    let doc = JsonReport {
        version: 1,
        mode: match mode {
            Mode::DryRun => "dry-run",
            Mode::Write => "write",
            Mode::Check => "check",
        },
        findings: &out.findings,
        skipped: &out.skipped,
        problems: &out.problems,
        diffs,
        verification: out.verification.as_ref(),
        patches: out.patches.as_ref().map(|(_, i)| i),
        summary: JsonSummary {
            files_read: out.files_read,
            packages: out.packages,
            packages_parsed: out.packages_parsed,
            changes,
            skipped,
            files_written: written,
            exit_code,
        },
    };
    serde_json::to_writer_pretty(&mut *stdout, &doc)?;
    writeln!(stdout)
}
