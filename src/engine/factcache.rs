//! The compiler's escape facts kept between runs, under the user's cache directory
//! (`$XDG_CACHE_HOME/gomapfix` or the OS's equivalent; never in the user's tree): one entry
//! per module build, keyed by what the facts depend on, so that a second run over an
//! unchanged tree runs no compiler.
//!
//! The key hashes the go command's settings that change what it compiles (`GOVERSION`,
//! `GOOS`, `GOARCH`, `GOFLAGS`, `CGO_ENABLED`, `GOEXPERIMENT`, and the architecture
//! levels), the packages built, and the names (from the module root, so that a copy of
//! the tree elsewhere hits the same entry) and content of every file under
//! the root that a build reads (Go, assembly and C sources, `go.mod`, `go.sum`,
//! `vendor/modules.txt`), with the same for the modules of the workspace that governs it
//! and for the module's local `replace` directories. Modules from the module cache are
//! immutable by their version, which `go.sum` and `go.mod` name; the standard library is
//! the Go version's.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One module build's outcome: the compiler's output of each build that succeeded
/// (filtered to the lines gomapfix reads), and each package that did not build with the
/// compiler's first error, by its directory relative to the module root.
#[derive(Serialize, Deserialize, Default, Clone)]
pub(crate) struct Entry {
    pub(crate) logs: Vec<String>,
    pub(crate) failed: Vec<(PathBuf, String)>,
    /// Packages built without their tests, which do not build (`-test`), with the error.
    #[serde(default)]
    pub(crate) tests_failed: Vec<(PathBuf, String)>,
}

/// The cache directory, when the OS has one (`GOMAPFIX_CACHE_DIR` overrides it).
fn dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("GOMAPFIX_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    dirs::cache_dir().map(|d| d.join("gomapfix").join("escapes"))
}

/// The go command's settings that change what the compiler says, asked once per run.
fn go_settings() -> &'static str {
    static SETTINGS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(|| {
        Command::new("go")
            .args([
                "env",
                "GOVERSION",
                "GOOS",
                "GOARCH",
                "GOFLAGS",
                "CGO_ENABLED",
                "GOEXPERIMENT",
                "GOAMD64",
                "GOARM64",
                "GO386",
                "GOARM",
                "GOROOT",
            ])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    })
}

/// The key of a build of `patterns` in module `root` (with their tests: `tests`); `None`
/// when the go command's settings cannot be read (nothing is cached then).
pub(crate) fn key(root: &Path, patterns: &[String], tests: bool) -> Option<String> {
    let settings = go_settings();
    if settings.is_empty() {
        return None;
    }
    let mut h = Sha256::new();
    h.update(b"gomapfix escape facts v3\0");
    h.update(settings.as_bytes());
    h.update(if tests { b"tests\0" } else { b"plain\0" });
    for p in patterns {
        h.update(p.as_bytes());
        h.update(b"\0");
    }
    let mut roots = vec![root.to_path_buf()];
    if let Some(work) = crate::engine::gowork::workspace_of(root) {
        hash_file(&mut h, Path::new("go.work"), &work);
        hash_file(
            &mut h,
            Path::new("go.work.sum"),
            &work.with_file_name("go.work.sum"),
        );
        if let Some(dir) = work.parent() {
            roots.extend(work_uses(&work, dir));
        }
    }
    roots.extend(local_replaces(root));
    roots.sort();
    roots.dedup();
    for r in &roots {
        hash_tree(&mut h, r);
    }
    Some(hex(&h.finalize()))
}

/// The cached entry for `key`, if any (an unreadable or damaged one is none).
pub(crate) fn load(key: &str) -> Option<Entry> {
    let text = std::fs::read(dir()?.join(format!("{key}.json"))).ok()?;
    serde_json::from_slice(&text).ok()
}

/// Stores `entry` under `key`, written whole or not at all (a temporary file renamed);
/// a cache that cannot be written is no error.
pub(crate) fn store(key: &str, entry: &Entry) {
    let Some(dir) = dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(&dir) else {
        return;
    };
    if serde_json::to_writer(&mut tmp, entry).is_ok() {
        let _ = tmp.persist(dir.join(format!("{key}.json")));
    }
}

/// The lines of a `-gcflags=-m` log that gomapfix reads: package headers, verdicts on what
/// a site can be (`make(`, `new(`, `map[`, a moved variable) and facts about parameters
/// (not `can inline`, `inlining call to`, `devirtualizing`, or verdicts on other values).
pub(crate) fn kept_lines(out: &str) -> String {
    let mut kept = String::new();
    for l in out.lines() {
        if crate::semantic::escapes::is_read(l) {
            kept.push_str(l);
            kept.push('\n');
        }
    }
    kept
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file's name (`name`, relative to what is hashed, so that a copy of a tree elsewhere has
/// the same key) and content.
fn hash_file(h: &mut Sha256, name: &Path, path: &Path) {
    h.update(name.to_string_lossy().as_bytes());
    h.update(b"\0");
    match std::fs::read(path) {
        Ok(bytes) => {
            h.update((bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        }
        Err(_) => h.update(b"absent\0"),
    }
}

/// Every file a build of the module at `root` may read, in path order: sources and module
/// files, not in a nested module, `testdata`, or a directory whose name begins with `.` or
/// `_` (which the go command leaves out).
fn hash_tree(h: &mut Sha256, root: &Path) {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name();
            let name = name.to_string_lossy();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                let skip = name.starts_with('.')
                    || name.starts_with('_')
                    || name == "testdata"
                    || p.join("go.mod").is_file();
                if !skip {
                    stack.push(p);
                }
            } else if ft.is_file() && builds_from(&name) {
                files.push(p);
            }
        }
    }
    files.sort();
    h.update(b"tree\0");
    for f in files {
        hash_file(h, f.strip_prefix(root).unwrap_or(&f), &f);
    }
}

fn builds_from(name: &str) -> bool {
    const EXTS: &[&str] = &[
        ".go", ".s", ".S", ".c", ".h", ".cc", ".cpp", ".cxx", ".hh", ".hpp", ".m", ".f", ".syso",
    ];
    name == "go.mod"
        || name == "go.sum"
        || name == "modules.txt"
        || EXTS.iter().any(|e| name.ends_with(e))
}

/// The module directories a `go.work` uses.
fn work_uses(work: &Path, dir: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(work) else {
        return Vec::new();
    };
    directive_paths(&text, "use")
        .into_iter()
        .map(|p| dir.join(p))
        .collect()
}

/// The local directories `go.mod`'s `replace` directives name (`=> ../x`).
fn local_replaces(root: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(root.join("go.mod")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((_, new)) = line.split_once("=>") else {
            continue;
        };
        let new = new.split("//").next().unwrap_or("").trim();
        let mut parts = new.split_whitespace();
        if let (Some(p), None) = (parts.next(), parts.next())
            && (p.starts_with("./") || p.starts_with("../") || p.starts_with('/'))
        {
            out.push(root.join(p.trim_matches('"')));
        }
    }
    out
}

/// The paths of a go.work's `use` directives, in either form (`use ./a`, `use ( ./a ./b )`).
fn directive_paths(text: &str, verb: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if in_block {
            if line.starts_with(')') {
                in_block = false;
            } else if !line.is_empty() {
                out.push(line.trim_matches('"').to_string());
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix(verb) {
            let rest = rest.trim();
            if rest.starts_with('(') {
                in_block = true;
            } else if !rest.is_empty() {
                out.push(rest.trim_matches('"').to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_follows_every_source_and_module_file() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::write(root.join("go.mod"), "module m\n\ngo 1.22\n").unwrap();
        std::fs::create_dir_all(root.join("p")).unwrap();
        std::fs::write(root.join("p/p.go"), "package p\n").unwrap();
        let mut h = Sha256::new();
        hash_tree(&mut h, root);
        let before = hex(&h.finalize());
        let again = || {
            let mut h = Sha256::new();
            hash_tree(&mut h, root);
            hex(&h.finalize())
        };
        assert_eq!(again(), before, "the same tree, the same key");
        // Not read by a build: a README, a testdata file, a nested module.
        std::fs::write(root.join("README.md"), "x").unwrap();
        std::fs::create_dir_all(root.join("p/testdata")).unwrap();
        std::fs::write(root.join("p/testdata/x.go"), "package x\n").unwrap();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/go.mod"), "module sub\n").unwrap();
        std::fs::write(root.join("sub/s.go"), "package sub\n").unwrap();
        assert_eq!(again(), before);
        // Read by a build: a source, an assembly file, go.sum.
        std::fs::write(root.join("p/p.go"), "package p\n\nvar X int\n").unwrap();
        let changed = again();
        assert_ne!(changed, before);
        std::fs::write(root.join("p/a_amd64.s"), "\n").unwrap();
        assert_ne!(again(), changed);
        let with_s = again();
        std::fs::write(root.join("go.sum"), "\n").unwrap();
        assert_ne!(again(), with_s);
    }

    #[test]
    fn workspaces_and_local_replaces_are_read() {
        assert_eq!(
            directive_paths(
                "go 1.22\n\nuse (\n\t./a\n\t\"./b\" // b\n)\nuse ./c\n",
                "use"
            ),
            vec!["./a", "./b", "./c"]
        );
        let t = tempfile::tempdir().unwrap();
        std::fs::write(
            t.path().join("go.mod"),
            "module m\n\nreplace example.com/x => ../x\nreplace example.com/y v1.0.0 => example.com/z v1.2.0\nreplace (\n\texample.com/w => ./w // local\n)\n",
        )
        .unwrap();
        assert_eq!(
            local_replaces(t.path()),
            vec![t.path().join("../x"), t.path().join("./w")]
        );
    }

    #[test]
    fn only_the_lines_read_are_kept() {
        let log = "# example.com/m\n./a.go:3:6: can inline f\n./a.go:4:2: inlining call to g\n./a.go:5:10: leaking param: b\n./a.go:6:13: make([]byte, 8) escapes to heap\n./a.go:7:2: moved to heap: x\n./a.go:8:9: y does not escape\n./a.go:9:1: devirtualizing r.Read to *T\n./a.go:10:4: string(a) does not escape\n./a.go:11:4: &T{...} escapes to heap\n./a.go:12:4: ... argument does not escape\n./a.go:13:9: map[int]bool{} does not escape\n";
        assert_eq!(
            kept_lines(log),
            "# example.com/m\n./a.go:5:10: leaking param: b\n./a.go:6:13: make([]byte, 8) escapes to heap\n./a.go:7:2: moved to heap: x\n./a.go:8:9: y does not escape\n./a.go:13:9: map[int]bool{} does not escape\n"
        );
    }
}
