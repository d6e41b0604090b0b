//! The go command as gomapfix runs it (`--escapes`, `--verify`): from a module root, with
//! the workspace's settings, and never writing into the user's tree. `go build` and `go vet`
//! leave go.mod and go.sum alone by default (`-mod=readonly`, or `-mod=vendor` when the
//! module vendors), but in a workspace they may write `go.work.sum` beside `go.work`: so a
//! workspace is given to the go command as a copy of its `go.work` in a temporary directory
//! (every `use` and local `replace` path made absolute, `go.work.sum` copied), through
//! `GOWORK`. Whatever the go command writes there is thrown away.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A `go` command for `root`, and the temporary workspace it uses (keep it alive while
/// the command runs).
pub(crate) struct GoCommand {
    pub(crate) cmd: Command,
    _workspace: Option<tempfile::TempDir>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WorkFile {
    go: Option<String>,
    toolchain: Option<String>,
    #[serde(rename = "Use")]
    uses: Option<Vec<WorkUse>>,
    replace: Option<Vec<WorkReplace>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WorkUse {
    disk_path: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WorkModule {
    path: String,
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct WorkReplace {
    old: WorkModule,
    new: WorkModule,
}

/// The `go.work` that governs `root`, as the go command finds it: `$GOWORK` when set
/// (`off`: none), else the nearest `go.work` in `root` or above it.
pub(crate) fn workspace_of(root: &Path) -> Option<PathBuf> {
    match std::env::var_os("GOWORK") {
        Some(w) if w == "off" => None,
        Some(w) if !w.is_empty() => Some(PathBuf::from(w)),
        _ => root
            .ancestors()
            .map(|a| a.join("go.work"))
            .find(|p| p.is_file()),
    }
}

/// `go.work` rewritten to stand anywhere (relative paths resolved against its
/// directory), and the module roots it uses.
fn portable_workfile(work: &Path) -> Option<(String, Vec<PathBuf>)> {
    let dir = work.parent()?;
    let out = Command::new("go")
        .args(["work", "edit", "-json"])
        .arg(work)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let w: WorkFile = serde_json::from_slice(&out.stdout).ok()?;
    // `dir/./a` is not `dir/a` to the go command: resolved paths are canonical.
    let abs = |p: &str| -> String {
        let joined = if Path::new(p).is_absolute() {
            PathBuf::from(p)
        } else {
            dir.join(p)
        };
        std::fs::canonicalize(&joined)
            .unwrap_or(joined)
            .to_string_lossy()
            .into_owned()
    };
    let local = |p: &str| p.starts_with("./") || p.starts_with("../") || p == "." || p == "..";
    let quote = |s: &str| format!("{s:?}");
    let mut text = String::new();
    if let Some(go) = &w.go {
        text.push_str(&format!("go {go}\n"));
    }
    if let Some(t) = &w.toolchain {
        text.push_str(&format!("toolchain {t}\n"));
    }
    let mut uses = Vec::new();
    for u in w.uses.iter().flatten() {
        let p = abs(&u.disk_path);
        let p = std::fs::canonicalize(&p).unwrap_or_else(|_| PathBuf::from(&p));
        text.push_str(&format!("use {}\n", quote(&p.to_string_lossy())));
        uses.push(p);
    }
    for r in w.replace.iter().flatten() {
        let side = |m: &WorkModule| match &m.version {
            Some(v) => format!("{} {v}", quote(&m.path)),
            None if local(&m.path) => quote(&abs(&m.path)),
            None => quote(&m.path),
        };
        text.push_str(&format!("replace {} => {}\n", side(&r.old), side(&r.new)));
    }
    Some((text, uses))
}

/// The module roots of the workspace `root` is a module of (canonical), when it is used
/// by one (the go command reads the `go.work`, so this needs `go` on PATH).
pub(crate) fn workspace_uses(root: &Path) -> Option<Vec<PathBuf>> {
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let work = workspace_of(&canonical)?;
    let (_, uses) = portable_workfile(&work)?;
    uses.contains(&canonical).then_some(uses)
}

/// `go` to be run in the module root `root`, with its workspace (if any) given as a
/// temporary copy. A module under a `go.work` that does not use it is run as the go command
/// would need it run there (`GOWORK=off`): the workspace cannot build it.
pub(crate) fn go_in(root: &Path) -> GoCommand {
    let mut cmd = Command::new("go");
    cmd.current_dir(root);
    let canonical = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let workspace = workspace_of(&canonical).and_then(|work| {
        let (text, uses) = portable_workfile(&work)?;
        if !uses.contains(&canonical) {
            cmd.env("GOWORK", "off");
            return None;
        }
        let tmp = tempfile::Builder::new()
            .prefix("gomapfix-work-")
            .tempdir()
            .ok()?;
        std::fs::write(tmp.path().join("go.work"), text).ok()?;
        if let Some(sum) = work.parent().map(|d| d.join("go.work.sum"))
            && let Ok(bytes) = std::fs::read(sum)
        {
            std::fs::write(tmp.path().join("go.work.sum"), bytes).ok()?;
        }
        cmd.env("GOWORK", tmp.path().join("go.work"));
        Some(tmp)
    });
    GoCommand {
        cmd,
        _workspace: workspace,
    }
}

/// `$(go env GOROOT)`, asked once per run.
pub(crate) fn goroot() -> Option<PathBuf> {
    static GOROOT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    GOROOT
        .get_or_init(|| {
            let out = Command::new("go").args(["env", "GOROOT"]).output().ok()?;
            let s = String::from_utf8(out.stdout).ok()?;
            let s = s.trim();
            (out.status.success() && !s.is_empty()).then(|| PathBuf::from(s))
        })
        .clone()
}

/// The import paths of the packages in the build of the package in `dir` (`go list
/// -deps`), run from its module's root with its workspace as the go command would use it;
/// `None` when there is no module or go cannot say.
pub(crate) fn deps_of(dir: &Path) -> Option<Vec<String>> {
    let canonical = std::fs::canonicalize(dir).ok()?;
    let root = canonical.ancestors().find(|a| a.join("go.mod").is_file())?;
    let rel = canonical.strip_prefix(root).ok()?;
    let pattern = format!("./{}", rel.to_string_lossy());
    let mut go = go_in(root);
    let out = go
        .cmd
        .args(["list", "-deps", "-f", "{{.ImportPath}}"])
        .arg(pattern)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect(),
    )
}
