//! `--verify[=test]`: after `--write`, the go command's word on every package the run
//! touched. A package that no longer builds, vets or passes its tests is restored whole (its
//! rewritten files back to the bytes read, its generated files removed) and named with the
//! go command's first error; the run then exits 3.

use crate::output::write::Pending;
use crate::output::{FileChange, Outcome};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How far verification goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifyLevel {
    /// `go build` and `go vet`.
    Build,
    /// Also `go test -count=1`.
    Test,
}

/// What `--verify` found.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Verification {
    pub level: VerifyLevel,
    /// Packages (directories) verified.
    pub packages: usize,
    pub seconds: f64,
    pub restored: Vec<Restored>,
    /// Packages the go command could not be asked about, and why (outside a module).
    pub unverified: Vec<String>,
}

/// A package put back as it was read.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Restored {
    /// The package's directory, as paths are displayed.
    pub path: String,
    pub package: String,
    /// `build`, `vet` or `test`.
    pub stage: &'static str,
    /// The go command's first error.
    pub message: String,
    /// The same stage fails on the files as read: the failure is not gomapfix's, but the
    /// rewrite could not be verified, so it is not kept.
    pub fails_without_changes: bool,
    /// Files that could not be put back (they changed on disk meanwhile), with the reason.
    pub not_restored: Vec<String>,
}

/// One module's written packages: the module root and, per package directory (relative to
/// it, `./`-prefixed), the change sets written there.
type Modules = BTreeMap<PathBuf, BTreeMap<String, Vec<usize>>>;

/// Verifies the packages of the change sets `written` (indices into `out.changes`) and
/// restores those that fail. `timeout` is passed to `go test -timeout`.
pub fn verify(out: &Outcome, written: &[usize], level: VerifyLevel, timeout: &str) -> Verification {
    let start = std::time::Instant::now();
    let mut modules: Modules = BTreeMap::new();
    let mut unverified = Vec::new();
    let mut gomod = crate::syntax::package::GoModCache::default();
    for &i in written {
        let set = &out.changes[i];
        let dir = set[0].path.parent().unwrap_or(Path::new("")).to_path_buf();
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let abs = std::fs::canonicalize(&dir).unwrap_or(dir.clone());
        match gomod.module_for(&dir) {
            Some(m) => {
                let rel = abs.strip_prefix(&m.root).unwrap_or(Path::new(""));
                let pkg = format!("./{}", rel.to_string_lossy());
                let pkg = pkg.trim_end_matches('/').to_string();
                modules
                    .entry(m.root.clone())
                    .or_default()
                    .entry(pkg)
                    .or_default()
                    .push(i);
            }
            None => unverified.push(format!(
                "{}: not in a module (no go.mod above it); the go command was not asked",
                crate::engine::display_path(&dir)
            )),
        }
    }
    let mut restored = Vec::new();
    let mut packages = 0;
    for (root, pkgs) in &modules {
        packages += pkgs.len();
        let mut failing: BTreeMap<String, (&'static str, String)> = BTreeMap::new();
        let mut stages: Vec<(&'static str, Vec<String>)> = vec![
            ("build", vec!["build".into(), "-o".into(), null_device()]),
            ("vet", vec!["vet".into()]),
        ];
        if level == VerifyLevel::Test {
            stages.push((
                "test",
                vec![
                    "test".into(),
                    "-count=1".into(),
                    format!("-timeout={timeout}"),
                ],
            ));
        }
        for (stage, args) in &stages {
            let left: Vec<&String> = pkgs.keys().filter(|p| !failing.contains_key(*p)).collect();
            if left.is_empty() {
                break;
            }
            // All of a module's packages in one command; only when it fails, one by one to
            // find which.
            if go(root, args, &left).is_ok() {
                continue;
            }
            for p in left {
                if let Err(msg) = go(root, args, &[p]) {
                    failing.insert(p.clone(), (stage, msg));
                }
            }
        }
        for (pkg, (stage, message)) in failing {
            let sets = &pkgs[&pkg];
            let mut not_restored = Vec::new();
            for &i in sets {
                not_restored.extend(restore(&out.changes[i]));
            }
            let args = &stages.iter().find(|(s, _)| *s == stage).expect("a stage").1;
            let fails_without_changes = not_restored.is_empty() && go(root, args, &[&pkg]).is_err();
            let first = &out.changes[sets[0]][0];
            let dir = first.path.parent().filter(|d| !d.as_os_str().is_empty());
            restored.push(Restored {
                path: crate::engine::display_path(dir.unwrap_or(Path::new("."))),
                package: first.package.clone(),
                stage,
                message,
                fails_without_changes,
                not_restored,
            });
        }
    }
    Verification {
        level,
        packages,
        seconds: start.elapsed().as_secs_f64(),
        restored,
        unverified,
    }
}

fn null_device() -> String {
    if cfg!(windows) { "NUL" } else { "/dev/null" }.to_string()
}

/// Runs `go ARGS PKGS` in the module root: `Err` with the first error line when it fails.
fn go(root: &Path, args: &[String], pkgs: &[&String]) -> Result<(), String> {
    let mut go = crate::engine::gowork::go_in(root);
    let out = go
        .cmd
        .args(args)
        .args(pkgs)
        .output()
        .map_err(|e| format!("cannot run go: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    );
    Err(first_error(&text))
}

/// The first line of go's output that says what is wrong (not a `# pkg` header, not a
/// `FAIL`/`ok` summary or a `---` test banner when a better line exists).
fn first_error(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let telling = |l: &&&str| {
        !l.starts_with('#')
            && !l.starts_with("FAIL")
            && !l.starts_with("ok ")
            && !l.starts_with("=== ")
            && *l != &"exit status 1"
    };
    lines
        .iter()
        .find(telling)
        .or_else(|| lines.first())
        .map_or_else(|| "the go command failed".to_string(), |l| l.to_string())
}

/// Puts a change set back: rewritten files to their bytes as read, created files removed.
/// A file that no longer holds what gomapfix wrote is left alone and named.
fn restore(set: &[FileChange]) -> Vec<String> {
    let mut left = Vec::new();
    for f in set {
        let now = std::fs::read(&f.path).ok();
        if now.as_deref() != Some(&f.new[..]) {
            left.push(format!(
                "{}: changed since gomapfix wrote it; not restored",
                f.display
            ));
            continue;
        }
        let result = match &f.original {
            Some(orig) => crate::output::write::write_all(&[Pending {
                path: &f.path,
                original: Some(&f.new),
                new: orig.clone(),
            }])
            .map_err(|e| e.to_string()),
            None => std::fs::remove_file(&f.path).map_err(|e| e.to_string()),
        };
        if let Err(e) = result {
            left.push(format!("{}: {e}", f.display));
        }
    }
    left
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_error_skips_headers_and_summaries() {
        let build = "# example.com/p\n./a.go:3:9: undefined: x\n";
        assert_eq!(first_error(build), "./a.go:3:9: undefined: x");
        let test = "--- FAIL: TestX (0.00s)\n    a_test.go:5: got 1\nFAIL\nFAIL\texample.com/p\t0.01s\nFAIL\n";
        assert_eq!(first_error(test), "--- FAIL: TestX (0.00s)");
        assert_eq!(first_error(""), "the go command failed");
    }
}
