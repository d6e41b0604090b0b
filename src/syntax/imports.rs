//! A file's imports as written: the specs of its import declarations, the name each binds.
//! Adding and dropping imports is `fix::imports`'.

use tree_sitter::{Node, Tree};

pub(crate) struct Spec {
    pub(crate) path: String,
    pub(crate) alias: Option<String>,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

pub(crate) fn import_specs(decl: Node<'_>, text: &str) -> Vec<Spec> {
    let mut out = Vec::new();
    let mut stack = vec![decl];
    while let Some(n) = stack.pop() {
        if n.kind() == "import_spec" {
            let path = n
                .child_by_field_name("path")
                .map(|p| text[p.byte_range()].trim_matches(['"', '`']).to_string())
                .unwrap_or_default();
            let alias = n
                .child_by_field_name("name")
                .map(|a| text[a.byte_range()].to_string());
            out.push(Spec {
                path,
                alias,
                start: n.start_byte(),
                end: n.end_byte(),
            });
        } else {
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }
    out.sort_by_key(|s| s.start);
    out
}

pub(crate) fn import_decls(tree: &Tree) -> Vec<Node<'_>> {
    let root = tree.root_node();
    let mut c = root.walk();
    root.named_children(&mut c)
        .filter(|n| n.kind() == "import_declaration")
        .collect()
}

/// The standard-library imports (no dot in the path's first element) of the file, with
/// their alias; dot and blank imports are left out (nothing names them).
pub(crate) fn std_imports(tree: &Tree, text: &str) -> Vec<(String, Option<String>)> {
    import_decls(tree)
        .into_iter()
        .flat_map(|d| import_specs(d, text))
        .filter(|s| {
            s.alias.as_deref().is_none_or(|a| a != "." && a != "_")
                && !s.path.split('/').next().unwrap_or("").contains('.')
        })
        .map(|s| (s.path, s.alias))
        .collect()
}

/// The name an import of `path` declares without an alias: the last element of the path,
/// or the one before a major-version element (`math/rand/v2` is package `rand`). That is
/// the package clause of every standard package; of another module's it is the convention
/// gofmt's and goimports' users follow.
pub(crate) fn default_name(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let major = last.len() > 1
        && last.starts_with('v')
        && last[1..].bytes().all(|b| b.is_ascii_digit())
        && !last[1..].starts_with('0')
        && last != "v1";
    match parts.next() {
        Some(prev) if major => prev,
        _ => last,
    }
}

/// Every import of a file as (path, name), the name `.` or `_` included.
pub(crate) fn all_imports(tree: &Tree, text: &str) -> Vec<(String, String)> {
    import_decls(tree)
        .into_iter()
        .flat_map(|d| import_specs(d, text))
        .map(|s| {
            let name = s
                .alias
                .clone()
                .unwrap_or_else(|| default_name(&s.path).to_string());
            (s.path, name)
        })
        .collect()
}
