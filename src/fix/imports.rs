//! Adding and dropping imports the way gofmt and goimports lay them out.
#![allow(
    dead_code,
    reason = "engine API for the transforms of issues 3 and 4 (sync and reflect imports); unit-tested here"
)]

use crate::fix::edit::{Edit, line_end, line_start};
use std::collections::HashSet;
use tree_sitter::Tree;

pub(crate) use crate::syntax::imports::{all_imports, default_name, std_imports};
use crate::syntax::imports::{import_decls, import_specs};

/// How many times `name` is used as a package (`name.X` with `name` not bound locally, or
/// a qualified type), found from the word's places in the text; `None` when some place may
/// declare `name` locally (any use of the word other than a selector's operand, a qualified
/// type's package, an import's name, a field or a label), where only the scopes can tell.
pub(crate) fn package_refs(tree: &Tree, text: &str, name: &str) -> Option<usize> {
    let root = tree.root_node();
    let mut refs = 0;
    for o in crate::syntax::ast::word_offsets(text, name) {
        let end = o + name.len();
        let n = root.named_descendant_for_byte_range(o, end)?;
        if n.kind() == "comment" || n.kind().contains("string") {
            continue;
        }
        if n.start_byte() != o || n.end_byte() != end {
            return None;
        }
        let parent = n.parent()?;
        match n.kind() {
            "identifier"
                if parent.kind() == "selector_expression"
                    && parent.child_by_field_name("operand") == Some(n) =>
            {
                refs += 1
            }
            "package_identifier" if parent.kind() == "qualified_type" => refs += 1,
            "package_identifier" if parent.kind() == "import_spec" => {}
            "field_identifier" | "label_name" => {}
            _ => return None,
        }
    }
    Some(refs)
}

/// The names used as `name.X` anywhere with `name` not bound locally (package
/// references), from one scope resolution and one walk of the file.
pub(crate) fn used_packages(tree: &Tree, text: &str) -> HashSet<String> {
    let scopes = crate::semantic::scope::resolve(tree.root_node(), text);
    let mut out = HashSet::new();
    for n in crate::syntax::ast::descendants(tree.root_node()) {
        let name = match n.kind() {
            "selector_expression" => n
                .child_by_field_name("operand")
                .filter(|o| o.kind() == "identifier" && scopes.local(o.start_byte()).is_none()),
            "qualified_type" => n.child_by_field_name("package"),
            _ => None,
        };
        if let Some(name) = name {
            out.insert(text[name.byte_range()].to_string());
        }
    }
    out
}

/// Whether the file imports `path` under its own name.
pub(crate) fn imports(tree: &Tree, text: &str, path: &str) -> bool {
    import_decls(tree)
        .into_iter()
        .flat_map(|d| import_specs(d, text))
        .any(|s| s.path == path && s.alias.is_none())
}

/// The edit that imports `path` (a standard-library path), or `None` when it already is.
pub(crate) fn add_import(file: usize, tree: &Tree, text: &str, path: &str) -> Option<Edit> {
    if imports(tree, text, path) {
        return None;
    }
    let quoted = format!("\"{path}\"");
    // `import "C"` stands alone after its cgo preamble: no other import joins it.
    let decls: Vec<_> = import_decls(tree)
        .into_iter()
        .filter(|d| !import_specs(*d, text).iter().any(|s| s.path == "C"))
        .collect();
    // A grouped declaration: into its first block of lines (the standard library's), in order.
    if let Some(group) = decls.iter().find(|d| {
        let mut c = d.walk();
        d.named_children(&mut c)
            .any(|n| n.kind() == "import_spec_list")
    }) {
        let specs = import_specs(*group, text);
        let first_block_end = specs
            .windows(2)
            .position(|w| text[w[0].end..w[1].start].matches('\n').count() > 1)
            .map_or(specs.len(), |i| i + 1);
        let block = &specs[..first_block_end];
        let indent = block.first().map_or("\t".to_string(), |s| {
            text[line_start(text, s.start)..s.start].to_string()
        });
        // A spec that shares its line (`import ("fmt"; "io")`) gets the new one beside it,
        // separated by `;` (gofmt then puts each on its own line).
        let alone_before = |at: usize| text[line_start(text, at)..at].trim().is_empty();
        let alone_after = |at: usize| {
            let rest = text[at..line_end(text, at)].trim();
            rest.is_empty() || rest.starts_with("//")
        };
        return Some(match block.iter().find(|s| s.path.as_str() > path) {
            Some(next) if !alone_before(next.start) => {
                Edit::insert(file, next.start, format!("{quoted}; "))
            }
            Some(next) => Edit::insert(
                file,
                line_start(text, next.start),
                format!("{indent}{quoted}\n"),
            ),
            None => match block.last() {
                Some(last) if !alone_after(last.end) => {
                    Edit::insert(file, last.end, format!("; {quoted}"))
                }
                Some(last) => Edit::insert(
                    file,
                    line_end(text, last.end),
                    format!("{indent}{quoted}\n"),
                ),
                None => {
                    let open = text[group.start_byte()..]
                        .find('(')
                        .map(|p| group.start_byte() + p + 1)?;
                    Edit::insert(file, open, format!("\n\t{quoted}"))
                }
            },
        });
    }
    // A single import: turn it into a group of two.
    if let Some(single) = decls.first() {
        let spec = import_specs(*single, text).into_iter().next()?;
        let existing = &text[spec.start..spec.end];
        let mut lines = [existing.to_string(), quoted];
        lines.sort_by(|a, b| spec_path(a).cmp(spec_path(b)));
        return Some(Edit::replace(
            file,
            single.start_byte(),
            single.end_byte(),
            format!("import (\n\t{}\n\t{}\n)", lines[0], lines[1]),
        ));
    }
    // After the last `import "C"` when there is one (a new declaration right after the
    // package clause would separate nothing, but reads as the first import).
    if let Some(cgo) = import_decls(tree).last() {
        return Some(Edit::insert(
            file,
            cgo.end_byte(),
            format!("\n\nimport {quoted}"),
        ));
    }
    let root = tree.root_node();
    let mut c = root.walk();
    let clause = root
        .named_children(&mut c)
        .find(|n| n.kind() == "package_clause")?;
    Some(Edit::insert(
        file,
        clause.end_byte(),
        format!("\n\nimport {quoted}"),
    ))
}

fn spec_path(spec: &str) -> &str {
    spec.rsplit(' ').next().unwrap_or(spec).trim_matches('"')
}

/// The edit that drops the unaliased import of `path`, or `None` when there is none.
/// The edit that removes the import of `path` under `alias` (or its own name).
pub(crate) fn remove_import(
    file: usize,
    tree: &Tree,
    text: &str,
    path: &str,
    alias: Option<&str>,
) -> Option<Edit> {
    for decl in import_decls(tree) {
        let all = import_specs(decl, text);
        let Some(spec) = all
            .iter()
            .find(|s| s.path == path && s.alias.as_deref() == alias)
        else {
            continue;
        };
        if all.len() == 1 {
            let end = line_end(text, decl.end_byte());
            let end = if text[end..].starts_with('\n') {
                end + 1
            } else {
                end
            };
            return Some(Edit::replace(
                file,
                line_start(text, decl.start_byte()),
                end,
                "",
            ));
        }
        return crate::fix::edit::delete_lines(file, text, spec.start, spec.end);
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn package_refs_count_package_uses_or_give_up() {
        let src = "package p\n\nimport \"fmt\"\n\nvar s fmt.Stringer\n\nfunc f(x T) {\n\tfmt.Println(\"fmt\", x.fmt) // fmt\n}\n";
        let t = crate::syntax::parse::parse(src);
        assert_eq!(package_refs(&t, src, "fmt"), Some(2));
        let shadowed = "package p\n\nimport \"fmt\"\n\nfunc f(fmt int) { _ = fmt }\n";
        let t = crate::syntax::parse::parse(shadowed);
        assert_eq!(package_refs(&t, shadowed, "fmt"), None);
    }

    /// Where the fast count answers, it agrees with the scopes, on every file of every case.
    #[test]
    fn package_refs_agree_with_the_scopes_on_the_cases() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms");
        let mut files = Vec::new();
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "go") {
                    files.push(p);
                }
            }
        }
        let mut answered = 0;
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let tree = crate::syntax::parse::parse(&text);
            let used = used_packages(&tree, &text);
            for (path, alias) in all_imports(&tree, &text) {
                if let Some(n) = package_refs(&tree, &text, &alias) {
                    answered += 1;
                    assert_eq!(
                        n > 0,
                        used.contains(&alias),
                        "{}: {path} as {alias}",
                        f.display()
                    );
                }
            }
        }
        assert!(answered > 100, "{answered}");
    }

    use super::*;
    use crate::fix::edit::apply;

    fn add(src: &str, path: &str) -> String {
        let tree = crate::syntax::parse::parse(src);
        match add_import(0, &tree, src, path) {
            Some(e) => apply(src, &[&e]),
            None => src.to_string(),
        }
    }

    fn remove(src: &str, path: &str) -> String {
        let tree = crate::syntax::parse::parse(src);
        match remove_import(0, &tree, src, path, None) {
            Some(e) => apply(src, &[&e]),
            None => src.to_string(),
        }
    }

    #[test]
    fn add_to_nothing_single_and_group() {
        assert_eq!(
            add("package p\n\nvar x int\n", "sync"),
            "package p\n\nimport \"sync\"\n\nvar x int\n"
        );
        assert_eq!(
            add("package p\n\nimport \"fmt\"\n", "sync"),
            "package p\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n"
        );
        assert_eq!(
            add(
                "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/x\"\n)\n",
                "io"
            ),
            "package p\n\nimport (\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n\n\t\"example.com/x\"\n)\n"
        );
        assert_eq!(
            add("package p\n\nimport (\n\t\"fmt\"\n)\n", "sync"),
            "package p\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n"
        );
        let already = "package p\n\nimport \"sync\"\n";
        assert_eq!(add(already, "sync"), already);
        // `import "C"` is left alone after its preamble.
        assert_eq!(
            add(
                "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nvar x int\n",
                "sync"
            ),
            "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"sync\"\n\nvar x int\n"
        );
        assert_eq!(
            add(
                "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport \"fmt\"\n",
                "sync"
            ),
            "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n"
        );
        // Specs sharing a line: the new one beside them, never before `import (`.
        assert_eq!(
            add(
                "package p\n\nimport (\"fmt\"; \"io\"; \"strings\")\n",
                "sync"
            ),
            "package p\n\nimport (\"fmt\"; \"io\"; \"strings\"; \"sync\")\n"
        );
        assert_eq!(
            add("package p\n\nimport (\"fmt\"; \"io\")\n", "bufio"),
            "package p\n\nimport (\"bufio\"; \"fmt\"; \"io\")\n"
        );
        assert_eq!(
            add("package p\n\nimport (\"bytes\"; f \"fmt\")\n", "errors"),
            "package p\n\nimport (\"bytes\"; \"errors\"; f \"fmt\")\n"
        );
        assert_eq!(
            add("package p\n\nimport (\n\t\"fmt\"; \"sort\"\n)\n", "io"),
            "package p\n\nimport (\n\t\"fmt\"; \"io\"; \"sort\"\n)\n"
        );
    }

    #[test]
    fn remove_single_grouped_and_aliased() {
        assert_eq!(
            remove("package p\n\nimport \"reflect\"\n\nvar x int\n", "reflect"),
            "package p\n\nvar x int\n"
        );
        assert_eq!(
            remove(
                "package p\n\nimport (\n\t\"fmt\"\n\t\"reflect\"\n)\n",
                "reflect"
            ),
            "package p\n\nimport (\n\t\"fmt\"\n)\n"
        );
        let aliased = "package p\n\nimport r \"reflect\"\n";
        assert_eq!(remove(aliased, "reflect"), aliased);
        let tree = crate::syntax::parse::parse(aliased);
        let e = remove_import(0, &tree, aliased, "reflect", Some("r")).unwrap();
        assert_eq!(apply(aliased, &[&e]), "package p\n\n");
    }

    #[test]
    fn default_names_leave_out_major_versions() {
        assert_eq!(default_name("math/rand/v2"), "rand");
        assert_eq!(default_name("encoding/json/v2"), "json");
        assert_eq!(default_name("io"), "io");
        assert_eq!(default_name("example.com/x/v1"), "v1");
        assert_eq!(default_name("example.com/x/v0"), "v0");
        assert_eq!(default_name("v2"), "v2");
    }

    #[test]
    fn used_packages_are_references_not_local_names() {
        let src = "package p\n\nimport (\n\t\"io\"\n\t\"sync\"\n\t\"reflect\"\n)\n\nvar _ sync.Mutex\n\nfunc f(r io.Reader) {\n\treflect := struct{ ValueOf int }{}\n\t_ = reflect.ValueOf\n\t_ = r.Read\n}\n";
        let tree = crate::syntax::parse::parse(src);
        let used = used_packages(&tree, src);
        let mut used: Vec<&str> = used.iter().map(String::as_str).collect();
        used.sort_unstable();
        assert_eq!(used, ["io", "sync"]);
    }
}
