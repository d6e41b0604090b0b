//! Unified diffs with `a/PATH` and `b/PATH` headers, `/dev/null` for a new file.

use similar::TextDiff;
use std::path::Path;

/// The unified diff (3 lines of context) from `old` to `new`; `old` is `None` for a file the
/// tool creates. Empty when nothing changed.
pub(crate) fn unified(path: &str, old: Option<&str>, new: &str) -> String {
    let before = old.unwrap_or("");
    if old.is_some() && before == new {
        return String::new();
    }
    let from = if old.is_some() {
        format!("a/{path}")
    } else {
        "/dev/null".to_string()
    };
    let diff = TextDiff::from_lines(before, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(&from, &format!("b/{path}"))
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The directory diff headers are relative to: the root of the git repository the current
/// directory is in, or the current directory itself outside one.
pub(crate) fn base() -> Option<&'static Path> {
    static BASE: std::sync::OnceLock<Option<std::path::PathBuf>> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let cwd = std::env::current_dir()
            .ok()
            .and_then(|c| std::fs::canonicalize(c).ok())?;
        let repo = cwd
            .ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf);
        Some(repo.unwrap_or(cwd))
    })
    .as_deref()
}

/// The path a diff header names: relative to the root of the git repository the current
/// directory is in (the current directory itself outside one), whatever form the path was
/// given in, so that `git apply` and `patch -p1` take the diff from there. One base for
/// the whole run: files of a repository nested in it are named through it
/// (`inner/pkg/a.go`), never as if at its root. A file outside the base is named by its
/// absolute path without the leading `/` (for `patch -p1` run from `/`).
pub(crate) fn header_path(path: &Path) -> String {
    let base = base();
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return path.to_string_lossy().into_owned();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(abs) = std::fs::canonicalize(dir).map(|d| d.join(name)) else {
        return crate::engine::display_path(path);
    };
    match base.and_then(|b| abs.strip_prefix(b).ok()) {
        Some(rel) => rel.to_string_lossy().into_owned(),
        None => abs.to_string_lossy().trim_start_matches('/').to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_new_files() {
        let d = unified("x.go", Some("a\nb\n"), "a\nc\n");
        assert!(
            d.starts_with("--- a/x.go\n+++ b/x.go\n@@ -1,2 +1,2 @@\n"),
            "{d}"
        );
        assert!(d.contains("-b\n+c\n"));
        let n = unified("g.go", None, "x\n");
        assert!(n.starts_with("--- /dev/null\n+++ b/g.go\n"), "{n}");
        assert_eq!(unified("x.go", Some("a\n"), "a\n"), "");
    }
}
