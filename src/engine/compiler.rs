//! Runs the Go compiler's escape analysis (`go build -gcflags=all=-m`) for `--escapes`; what it
//! says is read by `semantic::escapes`.

use crate::semantic::escapes::EscapeLog;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What `--escapes` gathered: the log, and what went wrong on the way (each a warning).
pub struct Gathered {
    pub log: EscapeLog,
    pub problems: Vec<(PathBuf, String)>,
}

/// Runs `go build -gcflags=-m` for the package directories `dirs`, grouped by module (one
/// build per module, from its root; modules in parallel). When a module's build fails, its
/// packages are built one by one so that those that do build still give evidence; a
/// package that does not build is named with the compiler's first error.
pub fn gather(dirs: &[PathBuf]) -> Gathered {
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
            None => problems.push((
                d.clone(),
                "not inside a Go module (no go.mod above it): no compiler evidence for its sites"
                    .to_string(),
            )),
        }
    }
    type Built = (PathBuf, Vec<String>, Vec<(PathBuf, String)>);
    let results: Vec<Built> = modules
        .into_par_iter()
        .map(|(root, pkgs)| {
            let patterns: Vec<String> = pkgs.iter().map(|(p, _)| p.clone()).collect();
            let (ok, out) = build(&root, &patterns);
            if ok {
                return (root, vec![out], Vec::new());
            }
            let per: Vec<(PathBuf, bool, String)> = pkgs
                .par_iter()
                .map(|(p, dir)| {
                    let (ok, out) = build(&root, std::slice::from_ref(p));
                    (dir.clone(), ok, out)
                })
                .collect();
            let mut logs = Vec::new();
            let mut failed = Vec::new();
            for (dir, ok, out) in per {
                if ok {
                    logs.push(out);
                } else {
                    failed.push((dir, first_error(&out)));
                }
            }
            (root, logs, failed)
        })
        .collect();
    let mut log = EscapeLog::default();
    let goroot_src = crate::engine::gowork::goroot().map(|g| g.join("src"));
    for (root, logs, failed) in results {
        for out in logs {
            let mut bases = vec![root.as_path()];
            bases.extend(goroot_src.as_deref());
            log.add(&out, &bases);
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

fn build(root: &Path, patterns: &[String]) -> (bool, String) {
    let mut go = crate::engine::gowork::go_in(root);
    let out = go
        .cmd
        // `all=`: the facts of every function the packages call, the standard library's and
        // other modules' included (what each keeps of its arguments).
        .args(["build", "-gcflags=all=-m", "-o", null_device()])
        .args(patterns)
        .output();
    match out {
        Ok(o) => (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(e) => (false, format!("cannot run `go`: {e}")),
    }
}

fn null_device() -> &'static str {
    if cfg!(windows) { "NUL" } else { "/dev/null" }
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
