//! Runs the Go compiler's escape analysis for `--escapes` (`go list -export -gcflags=all=-m`:
//! every package compiled as `go build` compiles it, nothing linked; with `-test`, the test
//! files too); what it says is read by `semantic::escapes`.

use crate::semantic::escapes::EscapeLog;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `--escapes` gathered: the log, and what went wrong on the way (each a warning).
pub struct Gathered {
    pub log: EscapeLog,
    pub problems: Vec<(PathBuf, String)>,
}

/// Compiles the package directories `dirs` with `-gcflags=all=-m`, grouped by module (one
/// build per module, from its root; modules in parallel). When a module's build fails, its
/// packages are built one by one so that those that do build still give evidence; a
/// package that does not build is named with the compiler's first error.
/// `asked`: `--escapes` was given; else a directory outside any module is passed over in
/// silence (its sites are judged from the source, and their findings say so).
/// `tests`: the packages' `_test.go` files are compiled too (their sites may be rewritten);
/// a package whose tests do not build is built without them, and named.
pub fn gather(dirs: &[PathBuf], asked: bool, tests: bool) -> Gathered {
    // Per module root: (pattern, the directory as given).
    let mut modules: BTreeMap<PathBuf, Vec<(String, PathBuf)>> = BTreeMap::new();
    let mut problems = Vec::new();
    for d in dirs {
        let Ok(abs) = std::fs::canonicalize(d) else {
            continue;
        };
        match module_root(&abs) {
            Some(root) => {
                let rel = abs.strip_prefix(&root).unwrap_or(Path::new(""));
                let pattern = if rel.as_os_str().is_empty() {
                    ".".to_string()
                } else {
                    format!("./{}", rel.to_string_lossy())
                };
                modules.entry(root).or_default().push((pattern, d.clone()));
            }
            None if !asked => {}
            None => problems.push((
                d.clone(),
                "not inside a Go module (no go.mod above it): no compiler evidence for its sites"
                    .to_string(),
            )),
        }
    }
    type Failed = Vec<(PathBuf, String)>;
    type Built = (PathBuf, Vec<String>, Failed, Failed);
    let results: Vec<Built> = modules
        .into_par_iter()
        .map(|(root, pkgs)| {
            let patterns: Vec<String> = pkgs.iter().map(|(p, _)| p.clone()).collect();
            // A build whose inputs are unchanged since a run that cached it is not run again.
            let key = crate::engine::factcache::key(&root, &patterns, tests);
            let entry = match key.as_deref().and_then(crate::engine::factcache::load) {
                Some(entry) => entry,
                None => {
                    let entry = build_module(&root, &pkgs, tests);
                    if let Some(key) = &key
                        && entry.cacheable
                    {
                        crate::engine::factcache::store(key, &entry.entry);
                    }
                    entry.entry
                }
            };
            // Failed packages are cached by pattern: back to the directory as given.
            let as_given = |list: Vec<(PathBuf, String)>| -> Vec<(PathBuf, String)> {
                list.into_iter()
                    .filter_map(|(pattern, err)| {
                        pkgs.iter()
                            .find(|(p, _)| Path::new(p) == pattern)
                            .map(|(_, dir)| (dir.clone(), err))
                    })
                    .collect()
            };
            let failed = as_given(entry.failed);
            let tests_failed = as_given(entry.tests_failed);
            (root, entry.logs, failed, tests_failed)
        })
        .collect();
    let mut log = EscapeLog::default();
    let goroot_src = crate::engine::gowork::goroot().map(|g| g.join("src"));
    for (root, logs, failed, tests_failed) in results {
        if let Some(m) = crate::engine::imports::module_path(&root.join("go.mod")) {
            log.add_module(m, &root);
        }
        for out in logs {
            let mut bases = vec![root.as_path()];
            bases.extend(goroot_src.as_deref());
            log.add(&out, &bases);
        }
        for (dir, err) in tests_failed {
            problems.push((
                dir,
                format!(
                    "its tests do not build ({err}), so the sites in its _test.go files were judged without compiler evidence"
                ),
            ));
        }
        for (dir, err) in failed {
            let why = if err.contains("build constraints exclude all Go files") {
                "is not built for this platform (build constraints exclude all its files)"
                    .to_string()
            } else {
                format!("does not build ({err})")
            };
            problems.push((
                dir,
                format!("{why}, so its sites were judged without compiler evidence"),
            ));
        }
    }
    Gathered { log, problems }
}

/// A module's build, and whether it may be cached (the go command ran).
struct Outcome {
    entry: crate::engine::factcache::Entry,
    cacheable: bool,
}

/// How one package's build went, when a module's build failed and its packages are built
/// one by one.
enum PkgBuild {
    Built,
    /// Built without its tests, which do not build: the compiler's first error.
    WithoutTests(String),
    /// Not built, even without its tests: the build's output.
    Failed(String),
}

/// Builds the packages `pkgs` (pattern, directory as given) of the module at `root`: all at
/// once, or, when that fails, one by one, so that those that build still give evidence (a
/// package whose tests do not build, without its tests).
fn build_module(root: &Path, pkgs: &[(String, PathBuf)], tests: bool) -> Outcome {
    let patterns: Vec<String> = pkgs.iter().map(|(p, _)| p.clone()).collect();
    let (ok, out) = build(root, &patterns, tests);
    let mut cacheable = !out.starts_with(NO_GO);
    if ok {
        return Outcome {
            entry: crate::engine::factcache::Entry {
                logs: vec![crate::engine::factcache::kept_lines(&out)],
                failed: Vec::new(),
                tests_failed: Vec::new(),
            },
            cacheable,
        };
    }
    // Each package's build prints the facts of every package it depends on again: kept
    // once (by package header and line) in one log, merged as each build ends, so that
    // the outputs are not all held at once.
    let merged = std::sync::Mutex::new((
        String::new(),
        std::collections::HashSet::<(String, String)>::new(),
    ));
    let per: Vec<(String, PkgBuild)> = pkgs
        .par_iter()
        .map(|(p, _)| {
            let one = std::slice::from_ref(p);
            let (mut ok, mut out) = build(root, one, tests);
            let mut outcome = PkgBuild::Built;
            if !ok && tests {
                // Without its tests: the package's own sites keep their evidence.
                let with_tests = out;
                (ok, out) = build(root, one, false);
                if ok {
                    let plain = build_plain(root, p, true);
                    outcome = PkgBuild::WithoutTests(first_error(
                        plain.as_deref().unwrap_or(&with_tests),
                    ));
                }
            }
            if !ok {
                // When tests were asked for and the package fails without them too, its
                // own error is the one to name.
                return (p.clone(), PkgBuild::Failed(out));
            }
            let mut guard = merged.lock().unwrap_or_else(|e| e.into_inner());
            let (text, seen) = &mut *guard;
            let mut header = String::new();
            for line in crate::engine::factcache::kept_lines(&out).lines() {
                if line.starts_with("# ") {
                    header = line.to_string();
                    text.push_str(line);
                    text.push('\n');
                } else if seen.insert((header.clone(), line.to_string())) {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            (p.clone(), outcome)
        })
        .collect();
    let mut entry = crate::engine::factcache::Entry::default();
    for (pattern, outcome) in per {
        match outcome {
            PkgBuild::Built => {}
            PkgBuild::WithoutTests(err) => entry.tests_failed.push((PathBuf::from(pattern), err)),
            PkgBuild::Failed(out) => {
                cacheable &= !out.starts_with(NO_GO);
                // The compiler's notes (-m) come before and between its errors: the error
                // is the first line of a build without them.
                let plain = build_plain(root, &pattern, false);
                let err = first_error(plain.as_deref().unwrap_or(&out));
                entry.failed.push((PathBuf::from(pattern), err));
            }
        }
    }
    let (merged, _) = merged.into_inner().unwrap_or_else(|e| e.into_inner());
    entry.logs.push(merged);
    Outcome { entry, cacheable }
}

const NO_GO: &str = "cannot run `go`";

/// The output of a failed compile of `pattern` (with its tests: `tests`) without -gcflags,
/// when it fails.
fn build_plain(root: &Path, pattern: &str, tests: bool) -> Option<String> {
    let mut go = crate::engine::gowork::go_in(root);
    let o = go
        .cmd
        .args(["list", "-export"])
        .args(tests.then_some("-test"))
        .arg(pattern)
        .output()
        .ok()?;
    (!o.status.success()).then(|| String::from_utf8_lossy(&o.stderr).into_owned())
}

/// `go list -export -gcflags=all=-m` of `patterns` in `root` (`-test` with `tests`):
/// whether it built, and its output as read line by line: only the lines gomapfix reads
/// are kept (the `-m` output of a module and the standard library is hundreds of MB), and
/// the first hundred of the others, where a failed build's errors are. `go list -export`
/// compiles what `go build` compiles (and with `-test`, each package's test variants and
/// external test package) and links nothing.
fn build(root: &Path, patterns: &[String], tests: bool) -> (bool, String) {
    use std::io::BufRead;
    let mut go = crate::engine::gowork::go_in(root);
    let child = go
        .cmd
        // `all=`: the facts of every function the packages call, the standard library's and
        // other modules' included (what each keeps of its arguments).
        .args(["list", "-export", "-gcflags=all=-m"])
        .args(tests.then_some("-test"))
        .args(patterns)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return (false, format!("{NO_GO}: {e}")),
    };
    let mut kept = String::new();
    let mut others = 0;
    if let Some(err) = child.stderr.take() {
        for line in std::io::BufReader::new(err)
            .split(b'\n')
            .map_while(Result::ok)
        {
            let line = String::from_utf8_lossy(&line);
            let read = crate::semantic::escapes::is_read(&line);
            if read || others < 100 {
                others += usize::from(!read);
                kept.push_str(&line);
                kept.push('\n');
            }
        }
    }
    let ok = child.wait().is_ok_and(|s| s.success());
    (ok, kept)
}

/// The compiler's first error line (a line with a position that is not an escape note).
fn first_error(out: &str) -> String {
    out.lines()
        .find(|l| {
            !l.starts_with('#')
                && !l.contains("escapes to heap")
                && !l.contains("does not escape")
                && !l.contains("moved to heap")
                && !l.contains("can inline")
                && !l.contains("inlining call")
                && !l.contains("leaking param")
        })
        .unwrap_or("the build failed")
        .trim()
        .to_string()
}

fn module_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| d.join("go.mod").is_file())
        .map(Path::to_path_buf)
}
