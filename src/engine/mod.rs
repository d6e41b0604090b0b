//! Runs the selected transforms over one package until nothing changes: fixes are taken in
//! registry order when disjoint from those already taken, the rest wait for the next round;
//! every round is re-parsed, and a round that breaks the syntax is thrown away whole.
//! Below it, the walk of the paths (`walk`), the go command's workspace (`gowork`) and the
//! compiler's escape analysis (`compiler`); above it, only the output and the command line.

pub(crate) mod compiler;
pub(crate) mod factcache;
pub(crate) mod gowork;
pub(crate) mod imports;
mod reasons;
pub(crate) mod walk;

use crate::fix::edit::{self, Edit, Evidence, Findings, Ignored, Skip};
use crate::semantic::context::{AsRead, Inputs};
use crate::semantic::escapes::{EscapeLog, Fact};
use crate::semantic::profile::{Profiles, Weight};
use crate::syntax::package::{Package, PkgFile, RawPackage};
use crate::syntax::parse::SyntaxProblem;
use crate::syntax::source::Generated;
use crate::transforms::{Context, Transform};
use reasons::Reason;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// More rounds than any package needs; reaching it means two fixes keep undoing each other.
const MAX_ROUNDS: usize = 16;

#[derive(Debug, Clone)]
pub(crate) struct FixOut {
    pub(crate) rule: &'static str,
    pub(crate) file: usize,
    /// Byte offset in the file as read.
    pub(crate) at: usize,
    pub(crate) message: String,
    pub(crate) evidence: Evidence,
}

/// A package after the fix-point loop.
pub(crate) struct PackageOutcome {
    pub(crate) raw: RawPackage,
    /// The final text of every file (same order as `raw.sources`).
    pub(crate) texts: Vec<String>,
    pub(crate) fixes: Vec<FixOut>,
    pub(crate) skips: Vec<Skip>,
    /// Files tree-sitter could not parse: (file, problem).
    pub(crate) syntax: Vec<(usize, SyntaxProblem)>,
    /// Things gone wrong in the engine itself, said in the report.
    pub(crate) warnings: Vec<String>,
    /// Read-only files some fix would have touched (named once each in the report).
    pub(crate) readonly_touched: std::collections::BTreeSet<usize>,
    pub(crate) parsed: bool,
    /// Generated files to write: path, and the new content.
    pub(crate) generated: Vec<(PathBuf, String)>,
    /// The profiles' weight of each finding's and skip's site, by (file, offset as read).
    pub(crate) weights: HashMap<(usize, usize), Weight>,
}

impl PackageOutcome {
    pub(crate) fn changed(&self, i: usize) -> bool {
        self.texts[i] != self.raw.sources[i].text
    }
}

pub(crate) struct EngineOptions {
    pub(crate) include_generated: bool,
    /// Rewrite sites in `_test.go` files too; without it their fixes become skips.
    pub(crate) include_tests: bool,
    /// Apply unsafe fixes too; without it they become skips (`unsafe-fix`).
    pub(crate) unsafe_fixes: bool,
    /// Format the changed files with `gofmt` (when on PATH and the file was gofmt-clean).
    pub(crate) gofmt: bool,
    /// The compiler's escape analysis, when `--escapes` or `--escape-log` gave one.
    pub(crate) escapes: Option<std::sync::Arc<EscapeLog>>,
    /// Every file of an analysed package parsed first (see [`run_package`]).
    pub(crate) eager: bool,
    /// The imported packages, read when a proof asks (one world per module).
    pub(crate) worlds: Option<Arc<imports::Worlds>>,
    /// The run's profiles and what they let through (`--profile`, `default.pgo`).
    pub(crate) profile: Option<Arc<ProfileGate>>,
}

/// `--profile`: the profiles, and the share under which a site is left alone as cold.
pub(crate) struct ProfileGate {
    pub(crate) profiles: Arc<Profiles>,
    /// In percent (`--min-share`).
    pub(crate) min_share: f64,
    /// Sites no profile sampled are rewritten too (`--include-unprofiled`).
    pub(crate) include_unprofiled: bool,
    /// The files the profiles speak for, when they are `default.pgo`s: those of the
    /// packages in their main packages' builds (`None`: every file, as with `--profile`).
    pub(crate) scope: Option<std::collections::HashSet<PathBuf>>,
}

thread_local! {
    /// What this thread's engine is doing, for the report when a transform panics: the
    /// transform and the package, or the step after the transforms.
    pub(crate) static CURRENT: std::cell::RefCell<String> =
        const { std::cell::RefCell::new(String::new()) };
}

fn doing(what: String) {
    CURRENT.with(|c| *c.borrow_mut() = what);
}

/// A package whose analysis panicked: where, and what the report says.
pub(crate) struct Failure {
    pub(crate) dir: String,
    pub(crate) message: String,
}

/// [`run_package`], with a bug in one package's analysis contained: the package is left as
/// it is and named (with the transform and round, or the step, it failed in), and the
/// batch goes on; the run ends with exit 2.
pub(crate) fn run_package_guarded(
    raw: RawPackage,
    rules: &[&'static dyn Transform],
    opts: &EngineOptions,
) -> Result<PackageOutcome, Failure> {
    let (dir, name) = (display_path(&raw.dir), raw.name.clone());
    doing(String::new());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_package(raw, rules, opts)))
        .map_err(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".to_string());
            Failure {
                message: format!(
                    "{dir} (package {name}): gomapfix failed while {} this package ({what}); its files were left as they are and the rest of the batch went on (please report this)",
                    CURRENT.with(|c| c.borrow().clone())
                ),
                dir,
            }
        })
}

/// The syntax problem of a file no transform needs parsed; `None` for a file that is not
/// UTF-8, which is named where it was read. The fast check (`syntax::validate`, about 15
/// times a tree-sitter parse's speed) clears most files; one it does not take is parsed
/// (the tree dropped at once), which finds the problem's place or takes the file.
fn syntax_problem(
    s: &crate::syntax::source::Source,
) -> Option<crate::syntax::parse::SyntaxProblem> {
    if s.not_utf8.is_some() || crate::syntax::validate::valid(&s.text) {
        return None;
    }
    crate::syntax::parse::first_problem(&crate::syntax::parse::parse(&s.text))
        .map(|p| p.checked_by_gofmt(&s.text))
}

pub(crate) fn run_package(
    raw: RawPackage,
    rules: &[&'static dyn Transform],
    opts: &EngineOptions,
) -> PackageOutcome {
    if opts.eager {
        return analyse(raw, rules, opts, None);
    }
    let surprised = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let out = analyse(raw, rules, opts, Some(&surprised));
    if !surprised.load(std::sync::atomic::Ordering::Relaxed) {
        return out;
    }
    // A file the syntax check took showed a problem once parsed (valid Go this grammar does
    // not know): the package is analysed again with every file parsed first, so that file
    // is opaque from the start, as it must be.
    analyse(out.raw, rules, opts, None)
}

/// Analyses and rewrites one package. With `lazy`, a file the syntax check takes is parsed
/// only when a transform asks for its tree, and the flag is set if such a tree shows a
/// problem; without, every file the analysis reads is parsed first.
fn analyse(
    raw: RawPackage,
    rules: &[&'static dyn Transform],
    opts: &EngineOptions,
    lazy: Option<&std::sync::Arc<std::sync::atomic::AtomicBool>>,
) -> PackageOutcome {
    let texts: Vec<String> = raw.sources.iter().map(|s| s.text.clone()).collect();
    let mut out = PackageOutcome {
        texts,
        fixes: Vec::new(),
        skips: Vec::new(),
        syntax: Vec::new(),
        warnings: Vec::new(),
        readonly_touched: Default::default(),
        parsed: false,
        generated: Vec::new(),
        weights: HashMap::new(),
        raw,
    };
    doing("reading".to_string());
    let candidates: Vec<&'static dyn Transform> = rules
        .iter()
        .copied()
        .filter(|t| {
            out.raw
                .sources
                .iter()
                .any(|s| (t.meta().prefilter)(&s.text))
        })
        .collect();
    if candidates.is_empty() {
        // Nothing to rewrite, but every file that is not valid Go is still named.
        for (i, s) in out.raw.sources.iter().enumerate() {
            if let Some(p) = syntax_problem(s) {
                out.syntax.push((i, p));
            }
        }
        return out;
    }
    let generated: Vec<Generated> = out.raw.sources.iter().map(|s| s.generated()).collect();
    let paths: Vec<PathBuf> = out.raw.sources.iter().map(|s| s.path.clone()).collect();
    let not_utf8: Vec<Option<(usize, usize)>> =
        out.raw.sources.iter().map(|s| s.not_utf8).collect();
    let open = |path: PathBuf, text: String, generated: Generated| match lazy {
        Some(flag) => PkgFile::lazy(path, text, generated, opts.include_generated, flag),
        None => PkgFile::new(path, text, generated, opts.include_generated),
    };
    // A file that is not UTF-8 is one that does not parse (named where it was read).
    let mark = |mut f: PkgFile, i: usize| {
        if let Some((line, col)) = not_utf8[i] {
            f.problem = Some(crate::syntax::parse::SyntaxProblem::At {
                line,
                col,
                what: "not valid UTF-8".into(),
            });
            f.editable = false;
        }
        f
    };
    let (dir, name, go_version) = (
        out.raw.dir.clone(),
        out.raw.name.clone(),
        out.raw.go_version,
    );
    // Every build parses only the files whose text changed since the last one, and those
    // incrementally from their last tree: a round that rewrites one file of a package with
    // large generated files does not parse them all again (a tree-sitter tree clones in
    // constant time), and a rewritten 20 MB file is not parsed whole again.
    let parsed: std::cell::RefCell<Vec<Option<PkgFile>>> =
        std::cell::RefCell::new(vec![None; paths.len()]);
    let build = |texts: &[String]| -> Package {
        let mut cache = parsed.borrow_mut();
        let files = texts
            .iter()
            .zip(&paths)
            .zip(&generated)
            .enumerate()
            .map(|(i, ((t, p), g))| match &cache[i] {
                Some(f) if *f.text == **t => f.clone(),
                // A file a round rewrote: parsed incrementally from its last tree.
                Some(old) => {
                    let f = mark(PkgFile::edited(old, t.clone(), opts.include_generated), i);
                    cache[i] = Some(f.clone());
                    f
                }
                None => {
                    let f = mark(open(p.clone(), t.clone(), *g), i);
                    cache[i] = Some(f.clone());
                    f
                }
            })
            .collect();
        Package {
            dir: dir.clone(),
            name: name.clone(),
            files,
            go_version,
        }
    };
    // The files a candidate's prefilter picked are parsed first; a transform whose syntactic
    // test finds no possible site in them is dropped, and when none is left the package's
    // other files are never parsed (most packages of the standard library have a `:= make(`,
    // few a constant-size one).
    let candidates: Vec<&'static dyn Transform> = candidates
        .into_iter()
        .filter(|t| {
            let m = t.meta();
            let mut cache = parsed.borrow_mut();
            let mut any = false;
            for (i, s) in out.raw.sources.iter().enumerate() {
                if !(m.prefilter)(&s.text) {
                    continue;
                }
                let f = cache[i].get_or_insert_with(|| {
                    mark(open(paths[i].clone(), s.text.clone(), generated[i]), i)
                });
                if f.parses() {
                    // Every picked file is tested, and those without a site are marked so the
                    // transform's run passes them by without parsing them.
                    if (m.sites)(f) {
                        any = true;
                    } else {
                        f.without_sites.push(m.id);
                    }
                }
            }
            any
        })
        .collect();
    out.parsed = true;
    if candidates.is_empty() {
        for (i, f) in parsed.borrow().iter().enumerate() {
            let problem = match f {
                Some(f) => f.problem.clone().filter(|_| not_utf8[i].is_none()),
                None => syntax_problem(&out.raw.sources[i]),
            };
            if let Some(p) = problem {
                out.syntax.push((i, p));
            }
        }
        return out;
    }
    let mut pkg = build(&out.texts);
    // A file where the grammar took a value for a type hides a use: it is opaque.
    // The check's context (scopes are resolved lazily, only for the files it asks about) is
    // the first round's when no file is marked, and its scopes are kept for later rounds
    // either way: nothing is resolved twice.
    let mut scope_cache = crate::semantic::context::ScopeCache::default();
    let escape_facts = original_escape_facts(&out.raw, opts.escapes.as_deref());
    let world = opts.worlds.as_ref().map(|w| w.for_dir(&out.raw.dir));
    let inputs = |history: &[Arc<Round>], original: &[PkgFile]| Inputs {
        escapes: escape_facts.as_ref().map(|facts| facts_now(facts, history)),
        compiler: opts.escapes.clone(),
        as_read: as_read(history, original),
        world: world.as_ref().map(Arc::downgrade),
        profile: opts.profile.as_ref().map(|g| g.profiles.clone()),
    };
    let first_ctx = Context::build_with(&pkg, &mut scope_cache, inputs(&[], &[]));
    let misread: Vec<(usize, usize, String)> = (0..pkg.files.len())
        .filter(|&i| pkg.files[i].parses())
        // The tokens first: most files hold no call a value could be misread in, and are
        // not parsed for this check.
        .filter(|&i| crate::semantic::misread::may_misread(&pkg, &first_ctx, i))
        .filter_map(|i| {
            crate::semantic::misread::misread_value(&pkg, &first_ctx, i).map(|(at, w)| (i, at, w))
        })
        .collect();
    scope_cache.keep(&first_ctx);
    let mut first_ctx = misread.is_empty().then_some(first_ctx);
    if !misread.is_empty() {
        let mut cache = parsed.borrow_mut();
        for (i, at, what) in misread {
            if let Some(f) = cache[i].as_mut() {
                let (line, col) = f.line_col(at);
                f.problem = Some(crate::syntax::parse::SyntaxProblem::Misread { line, col, what });
                f.editable = false;
            }
        }
        drop(cache);
        pkg = build(&out.texts);
    }
    for (i, f) in pkg.files.iter().enumerate() {
        if let Some(p) = &f.problem
            && not_utf8[i].is_none()
        {
            out.syntax.push((i, p.clone()));
        }
    }
    // Every round's applied edits, to report positions in the files as read.
    let mut history: Vec<Arc<Round>> = Vec::new();
    let original_ok: Vec<bool> = pkg.files.iter().map(PkgFile::parses).collect();
    // The files as read, kept for the unused-import check at the end (a clone shares the
    // tree and the text).
    let original_files = pkg.files.clone();
    // The context of the last round, for the generated files when no rewrite followed it.
    let mut last_ctx = None;
    for round in 0.. {
        if round == MAX_ROUNDS {
            out.warnings.push(format!(
                "{}: the fix-point loop did not settle in {MAX_ROUNDS} rounds; changes kept so far (please report this)",
                out.raw.dir.display()
            ));
            break;
        }
        let ctx = match first_ctx.take() {
            Some(ctx) => ctx,
            None => Context::build_with(&pkg, &mut scope_cache, inputs(&history, &original_files)),
        };
        let mut accepted: Vec<edit::Fix> = Vec::new();
        for t in &candidates {
            let mut findings = Findings::new(t.meta().id);
            doing(format!("running {} (round {})", t.meta().id, round + 1));
            t.run(&pkg, &ctx, &mut findings);
            doing("applying the fixes to".to_string());
            ignore_as_directed(&ctx, &mut findings);
            if !opts.include_tests {
                hold_test_sites(&pkg, &mut findings);
            }
            hold_unsafe_fixes(opts.unsafe_fixes, &mut findings);
            if let Some(gate) = &opts.profile {
                hold_cold(gate, &pkg, &ctx, &history, &mut findings, &mut out.weights);
            }
            // A site in text an earlier round wrote is gomapfix's own: not reported.
            for s in findings
                .skips
                .into_iter()
                .filter(|s| !written_by_rounds(&history, s.file, s.at))
            {
                out.skips.push(Skip {
                    at: map_to_original(&history, s.file, s.at),
                    ..s
                });
            }
            triage(&mut out, &history, &pkg, findings.fixes, &mut accepted);
        }
        scope_cache.keep(&ctx);
        if accepted.is_empty() {
            last_ctx = Some(ctx);
            break;
        }
        let edits: Vec<Edit> = accepted.iter().flat_map(|f| f.edits.clone()).collect();
        let mut new_texts = out.texts.clone();
        for (i, text) in new_texts.iter_mut().enumerate() {
            let mine: Vec<&Edit> = edits.iter().filter(|e| e.file == i).collect();
            if !mine.is_empty() {
                *text = edit::apply(text, &mine);
            }
        }
        let next = build(&new_texts);
        let rules: Vec<&str> = accepted.iter().map(|f| f.rule).collect();
        if discard_if_broken(
            &mut out,
            &next,
            &original_ok,
            &format!("a rewrite by {}", rules.join(", ")),
        ) {
            return out;
        }
        record(&mut out, &history, accepted);
        history.push(Arc::new(Round {
            edits,
            before: std::mem::take(&mut out.texts),
        }));
        out.texts = new_texts;
        pkg = next;
    }
    if !out.fixes.is_empty() {
        drop_unused_imports(&mut out, &original_files, &build);
        realign_comments(&mut out, &build);
        doing("asking gofmt about the changed files of".to_string());
        if gofmt_gate(&mut out, opts.gofmt) {
            return out;
        }
    }
    // Generated files are rendered whole from the final package, so they are
    // deterministic and a second run renders them identically.
    let final_pkg = build(&out.texts);
    // The passes after the last round (unused imports, comment alignment, gofmt) are
    // checked like a round.
    if discard_if_broken(
        &mut out,
        &final_pkg,
        &original_ok,
        "the passes after the rewrite (imports, comments, gofmt)",
    ) {
        return out;
    }
    let unchanged = pkg
        .files
        .iter()
        .zip(&out.texts)
        .all(|(f, t)| *f.text == **t);
    let ctx = match last_ctx {
        Some(ctx) if unchanged => ctx,
        _ => Context::build_with(
            &final_pkg,
            &mut scope_cache,
            inputs(&history, &original_files),
        ),
    };
    // Only from a package whose every file parses: the uses in a broken file cannot be
    // seen. A fix and the generated files it needs are applied together or not at all:
    // the transforms refuse such fixes themselves; this is the net under them.
    let refused = if final_pkg.files.iter().all(PkgFile::parses) {
        generate_files(&mut out, &final_pkg, &ctx, &candidates, opts)
    } else if out.fixes.is_empty() {
        None
    } else {
        needed_in_broken_package(&out, &final_pkg, &ctx, &candidates)
    };
    if let Some(why) = refused.filter(|_| !out.fixes.is_empty()) {
        out.warnings.push(format!(
            "{}: {why}; the package's changes were discarded and its files left as they were (please report this)",
            out.raw.dir.display()
        ));
        out.texts = out.raw.sources.iter().map(|s| s.text.clone()).collect();
        out.generated.clear();
        for f in std::mem::take(&mut out.fixes) {
            out.skips.push(Skip {
                rule: f.rule,
                file: f.file,
                at: f.at,
                reason: Arc::new(Reason::GeneratedFileRefused(why.clone())),
            });
        }
    }
    settle(&mut out);
    out
}

/// A reason to refuse the fixes that touch a file, known when it was read: the skip's
/// tag, the test on the file, and what the message says of it.
type Refusal = (
    &'static str,
    fn(&crate::syntax::source::Source) -> bool,
    &'static str,
);

/// Whether a file that parsed as read no longer does in `pkg`: then the package's changes
/// are discarded, its files left as they were, and a warning says what `by` did.
fn discard_if_broken(
    out: &mut PackageOutcome,
    pkg: &Package,
    original_ok: &[bool],
    by: &str,
) -> bool {
    let Some((broken, _)) = pkg
        .files
        .iter()
        .zip(original_ok)
        .find(|(f, ok)| **ok && !f.parses())
    else {
        return false;
    };
    out.warnings.push(format!(
        "{}: {by} left a syntax error; the package's changes were discarded and its files left as they were (please report this)",
        broken.path.display()
    ));
    out.texts = out.raw.sources.iter().map(|s| s.text.clone()).collect();
    out.fixes.clear();
    true
}

/// In a package with a file that does not parse, whether a transform would render a
/// generated file that is not already there as it is: the package's fixes may need it,
/// and it cannot be rendered from a broken package.
fn needed_in_broken_package(
    out: &PackageOutcome,
    final_pkg: &Package,
    ctx: &Context,
    candidates: &[&'static dyn Transform],
) -> Option<String> {
    for t in candidates {
        for (name, content) in t.generate(final_pkg, ctx) {
            let path = out.raw.dir.join(name);
            let same = out
                .raw
                .sources
                .iter()
                .any(|s| s.path == path && s.text == content);
            if !same {
                return Some(format!(
                    "{} would be generated for {}, but a file of the package does not parse",
                    path.display(),
                    t.meta().id
                ));
            }
        }
    }
    None
}

/// Sorts a transform's fixes of one round: an invalid one or one touching a file that
/// must not be edited becomes a skip; one that clashes with a fix accepted before it waits
/// for the next round; the others are accepted.
fn triage(
    out: &mut PackageOutcome,
    history: &[Arc<Round>],
    pkg: &Package,
    fixes: Vec<edit::Fix>,
    accepted: &mut Vec<edit::Fix>,
) {
    let texts: Vec<&str> = pkg.files.iter().map(|f| &*f.text).collect();
    for fix in fixes {
        if let Err(why) = fix.check(&texts) {
            out.skips.push(Skip {
                rule: fix.rule,
                file: fix.file,
                at: map_to_original(history, fix.file, fix.at),
                reason: Arc::new(Reason::InvalidEdits(why)),
            });
            continue;
        }
        // A read-only file (often a lock, as in Perforce checkouts), a link to a file of
        // another directory and a file the user did not name are known when read: the
        // fixes that touch them are refused, and the package's other fixes go on.
        let sources = &out.raw.sources;
        let refusals: [Refusal; 3] = [
            (
                "read-only",
                |s| s.readonly,
                "which is read-only; left as it is (make it writable to let gomapfix rewrite it)",
            ),
            (
                "linked-file",
                |s| s.linked_elsewhere,
                "a link to a file of another directory, which may compile it in another package without what the rewrite needs",
            ),
            (
                "not-selected",
                |s| !s.selected,
                "which is not among the paths given: its package is read whole, and changed only in the files named",
            ),
        ];
        if let Some((e, (tag, _, why))) = refusals.iter().find_map(|r| {
            fix.edits
                .iter()
                .find(|e| (r.1)(&sources[e.file]))
                .map(|e| (e, r))
        }) {
            out.skips.push(Skip {
                rule: fix.rule,
                file: fix.file,
                at: map_to_original(history, fix.file, fix.at),
                reason: Arc::new(Reason::Refused(
                    tag,
                    display_path(&sources[e.file].path),
                    why,
                )),
            });
            if *tag == "read-only" {
                out.readonly_touched.insert(e.file);
            }
            continue;
        }
        if let Some(e) = fix.edits.iter().find(|e| !pkg.files[e.file].editable) {
            let f = &pkg.files[e.file];
            let why = if f.parses() {
                "is generated"
            } else {
                "does not parse"
            };
            out.skips.push(Skip {
                rule: fix.rule,
                file: fix.file,
                at: map_to_original(history, fix.file, fix.at),
                reason: Arc::new(Reason::Uneditable(
                    f.path
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into_owned(),
                    why,
                )),
            });
            continue;
        }
        let clashes = fix.edits.iter().any(|e| {
            accepted
                .iter()
                .flat_map(|a| &a.edits)
                .any(|a| a.conflicts(e))
        }) || fix
            .claims
            .iter()
            .any(|c| accepted.iter().any(|a| a.claims.contains(c)));
        if !clashes {
            accepted.push(fix);
        }
    }
}

/// Reports a round's accepted fixes, their positions mapped back to the files as read
/// (the lines their messages name were found as read when written: `LineRef`).
fn record(out: &mut PackageOutcome, history: &[Arc<Round>], accepted: Vec<edit::Fix>) {
    for f in accepted {
        out.fixes.push(FixOut {
            rule: f.rule,
            file: f.file,
            at: map_to_original(history, f.file, f.at),
            message: f.message,
            evidence: f.evidence,
        });
    }
}

/// Renders the transforms' generated files from the final package (an existing file of
/// that name is replaced only when gomapfix generated it).
/// The reason a needed file was refused, if one was.
fn generate_files(
    out: &mut PackageOutcome,
    final_pkg: &Package,
    ctx: &Context,
    candidates: &[&'static dyn Transform],
    opts: &EngineOptions,
) -> Option<String> {
    let mut refused = None;
    for t in candidates {
        doing(format!("generating the file of {} for", t.meta().id));
        for (name, content) in t.generate(final_pkg, ctx) {
            let content = match opts.gofmt.then(|| crate::syntax::gofmt::format(&content)) {
                Some(Some(f)) => f,
                _ => content,
            };
            let path = out.raw.dir.join(name);
            let existing = out.raw.sources.iter().position(|s| s.path == path);
            match existing {
                Some(i) if out.raw.sources[i].generated() != Generated::ByGomapfix => {
                    if out.raw.sources[i].text != content {
                        refused.get_or_insert(format!(
                            "{} would be generated for {}, but it is not gomapfix's own",
                            path.display(),
                            t.meta().id
                        ));
                    }
                }
                Some(i) => out.texts[i] = content,
                None => out.generated.push((path, content)),
            }
        }
    }
    refused
}

/// The findings as reported: a site reported skipped in one round and fixed in another is
/// a fix; a site skipped in several rounds is one skip, with the reason of the first.
fn settle(out: &mut PackageOutcome) {
    out.skips.sort_by_key(|s| (s.file, s.at, s.rule));
    out.skips
        .dedup_by(|a, b| a.file == b.file && a.at == b.at && a.rule == b.rule);
    let fixed: Vec<(usize, usize, &str)> =
        out.fixes.iter().map(|f| (f.file, f.at, f.rule)).collect();
    out.skips
        .retain(|s| !fixed.contains(&(s.file, s.at, s.rule)));
    out.fixes.sort_by_key(|f| (f.file, f.at));
}

/// Drops the standard-library imports that the rewrites left unused (`"reflect"` once no
/// reflect call is left), the way goimports would, only where the file used them before.
/// `before`: the package's files as read, parsed.
fn drop_unused_imports(
    out: &mut PackageOutcome,
    before: &[PkgFile],
    build: &dyn Fn(&[String]) -> Package,
) {
    let after = build(&out.texts);
    for (i, f) in after.files.iter().enumerate() {
        if !out.changed(i) || !f.parses() {
            continue;
        }
        let mut edits = Vec::new();
        let imports = crate::fix::imports::std_imports(f.tree(), &f.text);
        if imports.is_empty() {
            continue;
        }
        let (bf, bt) = (before[i].tree(), &before[i].text);
        // Counted from the name's places in the text where no place can declare it (most
        // files), else from the scopes of the whole file, once per file.
        let whole = std::cell::OnceCell::new();
        let whole = || {
            whole.get_or_init(|| {
                (
                    crate::fix::imports::used_packages(bf, bt),
                    crate::fix::imports::used_packages(f.tree(), &f.text),
                )
            })
        };
        for (path, alias) in imports {
            let name = alias
                .clone()
                .unwrap_or_else(|| crate::fix::imports::default_name(&path).to_string());
            let refs = |tree, text| crate::fix::imports::package_refs(tree, text, &name);
            let (was_used, is_used) = match (refs(bf, bt), refs(f.tree(), &f.text)) {
                (Some(b), Some(a)) => (b > 0, a > 0),
                _ => {
                    let (b, a) = whole();
                    (b.contains(&name), a.contains(&name))
                }
            };
            if was_used
                && !is_used
                && let Some(e) = crate::fix::imports::remove_import(
                    i,
                    f.tree(),
                    &f.text,
                    &path,
                    alias.as_deref(),
                )
            {
                edits.push(e);
            }
        }
        if !edits.is_empty() {
            out.texts[i] = edit::apply(&out.texts[i], &edits.iter().collect::<Vec<_>>());
        }
    }
}

/// The changed files, asked of `gofmt -e` when it is on PATH. A file gofmt rejects as read
/// is not Go, whatever the grammar took it for (tree-sitter-go takes some broken files
/// without an error node): it is named as a file that does not parse, and the package's
/// changes are discarded. A rewritten file gofmt rejects is gomapfix's bug: the package's
/// changes are discarded too, with a warning. Otherwise a changed file that was gofmt-clean
/// is printed as gofmt prints it (when `format`). True when the changes were discarded.
fn gofmt_gate(out: &mut PackageOutcome, format: bool) -> bool {
    use crate::syntax::gofmt::{Verdict, judge};
    for i in 0..out.texts.len() {
        if !out.changed(i) {
            continue;
        }
        let original = &out.raw.sources[i].text;
        // Two gofmt runs on one file, side by side (a big generated file takes seconds).
        let (as_read, rewritten) = std::thread::scope(|s| {
            let as_read = s.spawn(|| judge(original));
            let rewritten = judge(&out.texts[i]);
            let as_read = as_read
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (as_read, rewritten)
        });
        let clean = match as_read {
            Verdict::Unavailable => return false,
            Verdict::Rejected { line, col, what } => {
                out.syntax.push((
                    i,
                    SyntaxProblem::At {
                        line,
                        col,
                        what: format!(
                            "syntax error: {what} (gofmt -e; gomapfix's grammar took the file)"
                        ),
                    },
                ));
                out.texts = out.raw.sources.iter().map(|s| s.text.clone()).collect();
                out.fixes.clear();
                return true;
            }
            Verdict::Formatted(f) => f == *original,
        };
        match rewritten {
            Verdict::Formatted(f) if format && clean => out.texts[i] = f,
            Verdict::Rejected { line, col, what } => {
                out.warnings.push(format!(
                    "{}: a rewrite left a file gofmt rejects ({line}:{col}: {what}); the package's changes were discarded and its files left as they were (please report this)",
                    out.raw.sources[i].path.display()
                ));
                out.texts = out.raw.sources.iter().map(|s| s.text.clone()).collect();
                out.fixes.clear();
                return true;
            }
            _ => {}
        }
    }
    false
}

/// Realigns the trailing comments of the statement runs whose lines the rewrites changed,
/// as gofmt would.
/// Parsed through `build`'s cache, so a file left as it was is not parsed again after.
fn realign_comments(out: &mut PackageOutcome, build: &dyn Fn(&[String]) -> Package) {
    let pkg = build(&out.texts);
    for (i, f) in pkg.files.iter().enumerate() {
        if !out.changed(i) || !f.parses() {
            continue;
        }
        let touched = crate::syntax::comments::touched_rows(&out.raw.sources[i].text, &f.text);
        out.texts[i] = crate::syntax::comments::realign(f.tree(), &f.text, &touched);
    }
}

/// Per file of the package, the compiler's escape facts by byte offset in the file as read;
/// `None` without a log.
fn original_escape_facts(
    raw: &RawPackage,
    log: Option<&EscapeLog>,
) -> Option<Vec<Vec<(usize, Fact)>>> {
    let log = log?;
    Some(
        raw.sources
            .iter()
            .map(|s| {
                let Some(facts) = log.file(&s.path) else {
                    return Vec::new();
                };
                if crate::semantic::escapes::has_line_directives(&s.text) {
                    return Vec::new();
                }
                let lines = crate::syntax::source::LineIndex::new(&s.text);
                facts
                    .iter()
                    .filter_map(|(&(l, c), f)| {
                        let at = lines.start(l)? + c.checked_sub(1)?;
                        (at < s.text.len()).then(|| (at, f.clone()))
                    })
                    .collect()
            })
            .collect(),
    )
}

/// The escape facts moved through the rounds applied so far, by offset in the current text;
/// a fact whose position a rewrite replaced is gone.
fn facts_now(
    facts: &[Vec<(usize, Fact)>],
    history: &[Arc<Round>],
) -> Vec<std::collections::HashMap<usize, Fact>> {
    facts
        .iter()
        .enumerate()
        .map(|(file, fs)| {
            fs.iter()
                .filter_map(|(at, f)| {
                    let mut at = *at;
                    for round in history {
                        let mine: Vec<&Edit> =
                            round.edits.iter().filter(|e| e.file == file).collect();
                        at = edit::map_forward(at, &mine)?;
                    }
                    Some((at, f.clone()))
                })
                .collect()
        })
        .collect()
}

/// One applied round: its edits and the texts they were applied to.
struct Round {
    edits: Vec<Edit>,
    before: Vec<String>,
}

/// Unsafe fixes: without `--unsafe-fixes`, skips that say what could observe them; with
/// it, applied, their message saying the same.
fn hold_unsafe_fixes(apply: bool, findings: &mut Findings) {
    let (kept, held): (Vec<_>, Vec<_>) = std::mem::take(&mut findings.fixes)
        .into_iter()
        .partition(|f| apply || f.unsafe_because.is_none());
    findings.fixes = kept;
    for f in &mut findings.fixes {
        if let Some(why) = &f.unsafe_because {
            f.message = format!("{} (unsafe fix: {why})", f.message);
        }
    }
    for f in held {
        let why = f.unsafe_because.unwrap_or_default();
        findings.skip(f.file, f.at, Reason::UnsafeFix(why));
    }
}

/// With profiles: every site's weight recorded, and the fixes of sites under the cut-off
/// (or never sampled, without `--include-unprofiled`) turned into `cold` skips. A site's
/// function is the innermost declaration or literal around it (its `func` line is the
/// profile's start line).
fn hold_cold(
    gate: &ProfileGate,
    pkg: &Package,
    ctx: &Context,
    history: &[Arc<Round>],
    findings: &mut Findings,
    weights: &mut HashMap<(usize, usize), Weight>,
) {
    // A package outside every default.pgo's build: its sites are judged as without one.
    if let Some(scope) = &gate.scope
        && !pkg.files.iter().any(|f| scope.contains(&f.path))
    {
        return;
    }
    let weigh = |file: usize, at: usize| {
        let f = &pkg.files[file];
        let line = u32::try_from(ctx.line_as_read(file, at)).unwrap_or(0);
        let start = f
            .tree()
            .root_node()
            .descendant_for_byte_range(at, at)
            .and_then(|n| {
                crate::syntax::ast::ancestors(n)
                    .find(|a| {
                        matches!(
                            a.kind(),
                            "function_declaration" | "method_declaration" | "func_literal"
                        )
                    })
                    .map(|a| u32::try_from(ctx.line_as_read(file, a.start_byte())).unwrap_or(0))
            });
        gate.profiles.weight(&f.path, line, start)
    };
    for s in &findings.skips {
        if let Some(w) = weigh(s.file, s.at) {
            weights.insert((s.file, map_to_original(history, s.file, s.at)), w);
        }
    }
    let mut held = Vec::new();
    for f in std::mem::take(&mut findings.fixes) {
        let w = weigh(f.file, f.at);
        if let Some(w) = w {
            weights.insert((f.file, map_to_original(history, f.file, f.at)), w);
        }
        let hot = match w {
            Some(w) => w.share >= gate.min_share,
            None => gate.include_unprofiled,
        };
        if hot {
            findings.fixes.push(f);
        } else {
            held.push((f, w));
        }
    }
    for (f, w) in held {
        findings.skip(
            f.file,
            f.at,
            Reason::Cold(w.map(|w| w.share), gate.min_share),
        );
    }
}

/// Turns the findings of sites in `_test.go` files into skips that say so: tests are
/// analysed (their uses bound what may change elsewhere, and a rewrite elsewhere edits them
/// as it must) but their own sites are judged and rewritten only with `--include-tests`
/// (with it, their files are compiled for evidence too). A site a `//gomapfix:ignore`
/// holds stays so.
fn hold_test_sites(pkg: &Package, findings: &mut Findings) {
    let in_test = |file: usize| crate::syntax::build::is_test(&pkg.files[file].path);
    let (kept, held): (Vec<_>, Vec<_>) = std::mem::take(&mut findings.fixes)
        .into_iter()
        .partition(|f| !in_test(f.file));
    findings.fixes = kept;
    let test_file: Arc<dyn crate::fix::edit::SkipReason> = Arc::new(Reason::TestFile);
    for s in &mut findings.skips {
        if in_test(s.file) && s.tag() != "ignored" {
            s.reason = test_file.clone();
        }
    }
    for f in held {
        findings.skip(f.file, f.at, Reason::TestFile);
    }
}

/// The map of this round's positions to the lines as read (see `Inputs::as_read`); none
/// before the first rewrite.
fn as_read(history: &[Arc<Round>], original: &[PkgFile]) -> Option<AsRead> {
    if history.is_empty() {
        return None;
    }
    let history = history.to_vec();
    let original = original.to_vec();
    Some(Arc::new(move |file, at| {
        let at = map_to_original(&history, file, at);
        original
            .get(file)
            .map_or(0, |f| f.line(at.min(f.text.len())))
    }))
}

/// Stamps a transform's findings with its rule, and turns its fixes and skips of a site
/// under a `//gomapfix:ignore` naming the rule (or none) into skips that say so: the
/// directive is the engine's, whatever the transform (which may ask first:
/// `Findings::ignored`).
fn ignore_as_directed(ctx: &Context, findings: &mut Findings) {
    let rule = findings.rule;
    for s in &mut findings.skips {
        s.rule = rule;
        if ctx.ignores(rule, s.file, s.at) {
            s.reason = Arc::new(Ignored);
        }
    }
    let (kept, dropped): (Vec<_>, Vec<_>) = std::mem::take(&mut findings.fixes)
        .into_iter()
        .map(|f| edit::Fix { rule, ..f })
        .partition(|f| !ctx.ignores(rule, f.file, f.at));
    findings.fixes = kept;
    for f in dropped {
        findings.skip(f.file, f.at, Ignored);
    }
}

/// Whether offset `at` of file `file` in this round's text was written by a round applied
/// before.
fn written_by_rounds(history: &[Arc<Round>], file: usize, mut at: usize) -> bool {
    for round in history.iter().rev() {
        let mine: Vec<&Edit> = round.edits.iter().filter(|e| e.file == file).collect();
        if edit::written(at, &mine, &round.before[file]) {
            return true;
        }
        at = edit::map_back(at, &mine, &round.before[file]);
    }
    false
}

fn map_to_original(history: &[Arc<Round>], file: usize, mut at: usize) -> usize {
    for round in history.iter().rev() {
        let mine: Vec<&Edit> = round.edits.iter().filter(|e| e.file == file).collect();
        at = edit::map_back(at, &mine, &round.before[file]);
    }
    at
}

/// The path of a file for messages: as walked, without a leading `./`.
pub(crate) fn display_path(p: &std::path::Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::edit::{Fix, LineRef};
    use crate::syntax::source::Source;
    use crate::transforms::Meta;

    fn raw(text: &str) -> RawPackage {
        RawPackage {
            dir: "p".into(),
            name: "p".into(),
            sources: vec![
                Source::from_bytes("p/a.go".into(), text.as_bytes().to_vec(), false).unwrap(),
            ],
            go_version: None,
        }
    }

    fn meta(id: &'static str) -> &'static Meta {
        Box::leak(Box::new(Meta {
            id,
            summary: "test",
            saving: "",
            docs: "",
            prefilter: |_| true,
            sites: |_| true,
            uses_escapes: false,
        }))
    }

    /// Picks the files that say `site`; its syntactic test is given. Runs only where
    /// `may_run` says it may.
    struct Picky {
        meta: &'static Meta,
        may_run: bool,
    }
    impl Transform for Picky {
        fn meta(&self) -> &'static Meta {
            self.meta
        }
        fn run(&self, _: &Package, _: &Context, _: &mut Findings) {
            assert!(
                self.may_run,
                "run on a package the syntactic test ruled out"
            );
        }
    }

    fn picky(sites: fn(&PkgFile) -> bool, may_run: bool) -> &'static Picky {
        Box::leak(Box::new(Picky {
            meta: Box::leak(Box::new(Meta {
                id: "picky",
                summary: "test",
                saving: "",
                docs: "",
                prefilter: |t| t.contains("site"),
                sites,
                uses_escapes: false,
            })),
            may_run,
        }))
    }

    /// A package whose prefiltered files hold no possible site is not analysed (no fix, no
    /// skip), but every file of it is still checked for syntax: b.go's error is reported
    /// whether the prefilter, the syntactic test, or neither passes.
    #[test]
    fn a_package_without_a_possible_site_is_only_syntax_checked() {
        let pkg = |a: &str| RawPackage {
            dir: "p".into(),
            name: "p".into(),
            sources: vec![
                Source::from_bytes("p/a.go".into(), a.as_bytes().to_vec(), false).unwrap(),
                Source::from_bytes("p/b.go".into(), b"package p\n\nfunc (\n".to_vec(), false)
                    .unwrap(),
            ],
            go_version: None,
        };
        let opts = EngineOptions {
            gofmt: true,
            include_generated: false,
            include_tests: true,
            unsafe_fixes: false,
            escapes: None,
            eager: false,
            worlds: None,
            profile: None,
        };
        let calls_site = |f: &PkgFile| f.text.contains("site()");
        let without = "package p\n\n// site\n";
        let unrelated = "package p\n\nfunc f() {}\n";
        for (a, rule) in [
            (unrelated, picky(|_| false, false)),
            (without, picky(|_| false, false)),
            (without, picky(calls_site, false)),
        ] {
            let out = run_package(pkg(a), &[rule], &opts);
            assert!(out.fixes.is_empty() && out.skips.is_empty());
            assert_eq!(out.syntax.len(), 1, "{:?}", out.syntax);
            assert_eq!(out.syntax[0].0, 1);
        }
        let with = "package p\n\nfunc f() { site() }\n";
        let out = run_package(pkg(with), &[picky(calls_site, true)], &opts);
        assert_eq!(out.syntax.len(), 1, "{:?}", out.syntax);
        assert_eq!(out.syntax[0].0, 1);
    }

    /// Renames each `x` to `y`, one fix per `x`, each fix rewriting the whole statement: two
    /// `x` in one statement make two conflicting fixes.
    struct Rename;
    impl Transform for Rename {
        fn meta(&self) -> &'static Meta {
            meta("rename")
        }
        fn run(&self, pkg: &Package, _: &Context, out: &mut Findings) {
            let f = &pkg.files[0];
            for n in crate::syntax::ast::descendants(f.tree().root_node()) {
                if n.kind() == "identifier" && &f.text[n.byte_range()] == "x" {
                    let stmt = crate::syntax::ast::enclosing_statement(n);
                    let mut t = f.text[stmt.byte_range()].to_string();
                    let at = n.start_byte() - stmt.start_byte();
                    t.replace_range(at..at + 1, "y");
                    out.fixes.push(Fix {
                        rule: "rename",
                        file: 0,
                        at: n.start_byte(),
                        message: "x to y".into(),
                        evidence: Evidence::Source("test".into()),
                        edits: vec![Edit::replace(0, stmt.start_byte(), stmt.end_byte(), t)],
                        claims: Vec::new(),
                        unsafe_because: None,
                    });
                }
            }
        }
    }

    /// Renames `x` to `y` and says the result needs `gen.go`, which it renders.
    struct Needy;
    impl Transform for Needy {
        fn meta(&self) -> &'static Meta {
            meta("needy")
        }
        fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
            Rename.run(pkg, ctx, out);
        }
        fn generate(&self, pkg: &Package, _: &Context) -> Vec<(&'static str, String)> {
            let uses = pkg.files.iter().any(|f| f.text.contains('y'));
            if uses {
                vec![(
                    "gen.go",
                    "// Code generated by gomapfix. DO NOT EDIT.\n\npackage p\n".into(),
                )]
            } else {
                Vec::new()
            }
        }
    }

    /// A fix and the generated file it needs go together: where the file is someone
    /// else's, or a file of the package does not parse, the package is left as it was and
    /// the fixes become skips that say why.
    #[test]
    fn a_fix_whose_generated_file_cannot_be_written_is_not_applied() {
        let opts = EngineOptions {
            gofmt: false,
            include_generated: false,
            include_tests: true,
            unsafe_fixes: false,
            escapes: None,
            eager: false,
            worlds: None,
            profile: None,
        };
        let pkg = |other: &str, name: &str| RawPackage {
            dir: "p".into(),
            name: "p".into(),
            sources: vec![
                Source::from_bytes("p/a.go".into(), b"package p\n\nvar x = 1\n".to_vec(), false)
                    .unwrap(),
                Source::from_bytes(format!("p/{name}").into(), other.as_bytes().to_vec(), false)
                    .unwrap(),
            ],
            go_version: None,
        };
        let written = run_package(pkg("package p\n", "b.go"), &[&Needy], &opts);
        assert_eq!(written.fixes.len(), 1);
        assert_eq!(written.generated.len(), 1);
        for (other, name) in [
            ("package p\n\nfunc own() {}\n", "gen.go"),
            ("package p\n\nfunc (\n", "b.go"),
        ] {
            let out = run_package(pkg(other, name), &[&Needy], &opts);
            assert!(out.fixes.is_empty() && out.generated.is_empty(), "{name}");
            assert!((0..out.texts.len()).all(|i| !out.changed(i)), "{name}");
            assert!(
                out.skips
                    .iter()
                    .any(|s| s.tag() == "generated-file-refused"),
                "{name}: {:?}",
                out.skips
            );
            assert!(
                out.warnings.iter().any(|w| w.contains("gen.go")),
                "{:?}",
                out.warnings
            );
        }
    }

    /// Replaces `x` by a stray parenthesis.
    struct Breaker;
    impl Transform for Breaker {
        fn meta(&self) -> &'static Meta {
            meta("breaker")
        }
        fn run(&self, pkg: &Package, _: &Context, out: &mut Findings) {
            let f = &pkg.files[0];
            if let Some(p) = f.text.find("x ") {
                out.fixes.push(Fix {
                    rule: "breaker",
                    file: 0,
                    at: p,
                    message: "break".into(),
                    evidence: Evidence::Source("test".into()),
                    edits: vec![Edit::replace(0, p, p + 1, ")")],
                    claims: Vec::new(),
                    unsafe_because: None,
                });
            }
        }
    }

    /// Inserts top-level text tree-sitter-go takes without an error node and Go rejects.
    struct Lax;
    impl Transform for Lax {
        fn meta(&self) -> &'static Meta {
            meta("lax")
        }
        fn run(&self, pkg: &Package, _: &Context, out: &mut Findings) {
            let f = &pkg.files[0];
            if !f.text.contains("(\n\t\"fmt\"\n)") {
                let p = f.text.find('\n').unwrap();
                out.fixes.push(Fix {
                    rule: "lax",
                    file: 0,
                    at: p,
                    message: "lax".into(),
                    evidence: Evidence::Source("test".into()),
                    edits: vec![Edit::insert(0, p, "\n\n(\n\t\"fmt\"\n)")],
                    claims: Vec::new(),
                    unsafe_because: None,
                });
            }
        }
    }

    /// gofmt is the judge of what is Go: a file the grammar takes and gofmt rejects is not
    /// rewritten, as read (named as one that does not parse) or as rewritten (a warning).
    #[test]
    fn a_file_gofmt_rejects_is_never_rewritten() {
        if !crate::syntax::gofmt::accepts("package p\n").unwrap_or(false) {
            assert!(std::env::var_os("CI").is_none(), "CI must have gofmt");
            eprintln!("gofmt is not on PATH: this engine test is SKIPPED");
            return;
        }
        let opts = EngineOptions {
            gofmt: false,
            include_generated: false,
            include_tests: true,
            unsafe_fixes: false,
            escapes: None,
            eager: false,
            worlds: None,
            profile: None,
        };
        let lax = "package p\n\n(\n\t\"fmt\"\n)\n\nfunc f(x int) int {\n\treturn x + x\n}\n";
        assert!(crate::syntax::parse::first_problem(&crate::syntax::parse::parse(lax)).is_none());
        let out = run_package(raw(lax), &[&Rename], &opts);
        assert!(out.fixes.is_empty());
        assert_eq!(out.texts[0], lax);
        assert!(
            matches!(&out.syntax[..], [(0, SyntaxProblem::At { line: 3, col: 1, what })] if what.contains("expected declaration")),
            "{:?}",
            out.syntax
        );
        let out = run_package(raw(SRC), &[&Lax], &opts);
        assert!(out.fixes.is_empty());
        assert_eq!(out.texts[0], SRC);
        assert!(out.syntax.is_empty());
        assert!(
            out.warnings[0].contains("a rewrite left a file gofmt rejects"),
            "{:?}",
            out.warnings
        );
    }

    /// Always finds something more to do.
    struct Endless;
    impl Transform for Endless {
        fn meta(&self) -> &'static Meta {
            meta("endless")
        }
        fn run(&self, pkg: &Package, _: &Context, out: &mut Findings) {
            let end = pkg.files[0].text.len();
            out.fixes.push(Fix {
                rule: "endless",
                file: 0,
                at: 0,
                message: "more".into(),
                evidence: Evidence::Source("test".into()),
                edits: vec![Edit::insert(0, end, "// more\n")],
                claims: Vec::new(),
                unsafe_because: None,
            });
        }
    }

    #[derive(Debug, thiserror::Error)]
    #[error("`z` at line {0}")]
    struct AtLine(crate::fix::edit::LineRef);
    impl crate::fix::edit::SkipReason for AtLine {
        fn tag(&self) -> &'static str {
            "at-line"
        }
    }

    /// Round 1 inserts three lines under the package clause; later rounds skip each `z`,
    /// naming its line, and rename each `w` to `v`.
    struct Lines;
    impl Transform for Lines {
        fn meta(&self) -> &'static Meta {
            meta("lines")
        }
        fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
            let f = &pkg.files[0];
            let fix = |at: usize, edit: Edit| Fix {
                rule: "lines",
                file: 0,
                at,
                message: "test".into(),
                evidence: Evidence::Source("test".into()),
                edits: vec![edit],
                claims: Vec::new(),
                unsafe_because: None,
            };
            if !f.text.contains("// grown") {
                let end = "package p\n".len();
                out.fixes
                    .push(fix(0, Edit::insert(0, end, "// grown\n\n// grown\n")));
                return;
            }
            for n in crate::syntax::ast::descendants(f.tree().root_node()) {
                let at = n.start_byte();
                match (n.kind(), &f.text[n.byte_range()]) {
                    ("identifier", "z") => out.skip(0, at, AtLine(LineRef::of(ctx, 0, at))),
                    ("identifier", "w") => {
                        out.fixes.push(fix(at, Edit::replace(0, at, at + 1, "v")))
                    }
                    _ => {}
                }
            }
        }
    }

    /// A line a message names is the line as read, whatever a round before inserted; a
    /// `//gomapfix:ignore` (of every rule, or naming the rule) turns the transform's skips
    /// and fixes on its line into skips that say so, in any round, and one naming another
    /// rule does not.
    #[test]
    fn lines_are_named_as_read_and_ignores_are_the_engines() {
        let src = "package p\n\nfunc f() {\n\tz := 1\n\t_ = z //gomapfix:ignore\n\t//gomapfix:ignore other\n\tw := 2\n\t_ = w //gomapfix:ignore lines\n}\n";
        let opts = EngineOptions {
            gofmt: false,
            include_generated: false,
            include_tests: true,
            unsafe_fixes: false,
            escapes: None,
            eager: false,
            worlds: None,
            profile: None,
        };
        let out = run_package(raw(src), &[&Lines], &opts);
        let line = |at: usize| out.raw.sources[0].line_col(at).0;
        let skips: Vec<(usize, &str, String)> = out
            .skips
            .iter()
            .map(|s| (line(s.at), s.tag(), s.message()))
            .collect();
        assert_eq!(
            skips,
            [
                (4, "at-line", "`z` at line 4".to_string()),
                (5, "ignored", "suppressed by //gomapfix:ignore".to_string()),
                (8, "ignored", "suppressed by //gomapfix:ignore".to_string()),
            ]
        );
        let fixed: Vec<usize> = out.fixes.iter().map(|f| line(f.at)).collect();
        assert_eq!(fixed, [1, 7]);
        assert!(out.texts[0].contains("\tv := 2\n\t_ = w //gomapfix:ignore lines"));
    }

    const SRC: &str = "package p\n\nfunc f(x int) int {\n\treturn x + x\n}\n";

    #[test]
    fn conflicting_fixes_wait_for_the_next_round() {
        let opts = EngineOptions {
            gofmt: true,
            include_generated: false,
            include_tests: true,
            unsafe_fixes: false,
            escapes: None,
            eager: false,
            worlds: None,
            profile: None,
        };
        let out = run_package(raw(SRC), &[&Rename], &opts);
        // The parameter's fix spans the whole function, so it conflicts with both others:
        // three fixes over three rounds, each reported at its place in the file as read.
        assert_eq!(
            out.texts[0],
            "package p\n\nfunc f(y int) int {\n\treturn y + y\n}\n"
        );
        let at: Vec<usize> = out.fixes.iter().map(|f| f.at).collect();
        let x = |s: &str, k: usize| SRC.find(s).unwrap() + k;
        assert_eq!(at, vec![x("x int", 0), x("x + x", 0), x("+ x", 2)]);
    }

    #[test]
    fn a_round_that_breaks_the_syntax_is_thrown_away() {
        let out = run_package(
            raw(SRC),
            &[&Breaker],
            &EngineOptions {
                gofmt: true,
                include_generated: false,
                include_tests: true,
                unsafe_fixes: false,
                escapes: None,
                eager: false,
                worlds: None,
                profile: None,
            },
        );
        assert_eq!(out.texts[0], SRC);
        assert!(out.fixes.is_empty());
        assert!(
            out.warnings[0].contains("left a syntax error") && out.warnings[0].contains("breaker"),
            "{:?}",
            out.warnings
        );
    }

    #[test]
    fn a_panic_in_one_package_is_contained_and_named() {
        struct Crash;
        impl Transform for Crash {
            fn meta(&self) -> &'static Meta {
                meta("crash")
            }
            fn run(&self, _: &Package, _: &Context, _: &mut Findings) {
                panic!("index out of bounds");
            }
        }
        let opts = EngineOptions {
            gofmt: true,
            include_generated: false,
            include_tests: true,
            unsafe_fixes: false,
            escapes: None,
            eager: false,
            worlds: None,
            profile: None,
        };
        let Err(f) = run_package_guarded(raw(SRC), &[&Crash], &opts) else {
            panic!("the panic was not reported");
        };
        assert_eq!(f.dir, "p");
        assert!(
            f.message.contains("running crash (round 1)")
                && f.message.contains("index out of bounds"),
            "{}",
            f.message
        );
        // The next package on the same thread runs as usual.
        assert!(run_package_guarded(raw(SRC), &[&Endless], &opts).is_ok());
    }

    #[test]
    fn the_round_cap_is_reported() {
        let out = run_package(
            raw(SRC),
            &[&Endless],
            &EngineOptions {
                gofmt: true,
                include_generated: false,
                include_tests: true,
                unsafe_fixes: false,
                escapes: None,
                eager: false,
                worlds: None,
                profile: None,
            },
        );
        assert_eq!(out.texts[0].matches("// more").count(), MAX_ROUNDS);
        assert!(
            out.warnings[0].contains("did not settle"),
            "{:?}",
            out.warnings
        );
    }
}
