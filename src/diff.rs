//! Unified diffs with `a/PATH` and `b/PATH` headers, `/dev/null` for a new file.

use similar::TextDiff;

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
