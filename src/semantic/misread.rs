//! Values the grammar reads as types. tree-sitter-go reads a lone name (and `x.f`, `a[i]`,
//! `*p`) as the first argument of `new` or `make` as a type, as it always was before Go
//! 1.26; but `new(buf)` takes the variable `buf` when one is in scope, and a local function
//! named `make` takes values. Every use analysis reads values from `identifier` nodes, so
//! such a file would hide a use of a variable: it is found here, by resolving the names,
//! and the engine then treats the file as opaque (never rewritten; targets it could reach
//! skipped).

use crate::ast::{descendants, named_children};
use crate::package::Package;
use crate::semantic::scope::DeclKind;
use crate::transforms::Context;
use tree_sitter::Node;

/// The first call in `file` whose arguments the grammar read as types though they are (or
/// may be) values: its byte offset and what it is.
pub(crate) fn misread_value(pkg: &Package, ctx: &Context, file: usize) -> Option<(usize, String)> {
    let f = &pkg.files[file];
    let src = &*f.text;
    let text = |n: Node<'_>| &src[n.byte_range()];
    let scopes = &ctx.scopes[file];
    let nodes = descendants(f.tree.root_node());
    // The names the file's imports bind (asked only for `new(x.f)`).
    let imported = |name: &str| {
        nodes.iter().filter(|n| n.kind() == "import_spec").any(|s| {
            let bound = s.child_by_field_name("name").map(text).or_else(|| {
                let path = text(s.child_by_field_name("path")?).trim_matches(['"', '`']);
                path.rsplit('/').next()
            });
            bound == Some(name)
        })
    };
    // Whether a name used at `n` is a value: a local that is not a type, or a package-level
    // name that is not a type.
    let value = |n: Node<'_>| match scopes.local(n.start_byte()) {
        Some(d) => !matches!(scopes.decl(d).kind, DeclKind::Type | DeclKind::TypeParam),
        None => {
            let name = text(n);
            !ctx.index.types.contains_key(name) && ctx.index.top_level.contains_key(name)
        }
    };
    for &call in &nodes {
        if call.kind() != "call_expression" {
            continue;
        }
        let Some(callee) = call.child_by_field_name("function") else {
            continue;
        };
        let name = text(callee);
        if callee.kind() != "identifier" || !matches!(name, "new" | "make") {
            continue;
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            continue;
        };
        let args = named_children(args);
        let typed = |a: &Node<'_>| a.kind() == "type_identifier" || a.kind().ends_with("_type");
        let builtin =
            scopes.local(callee.start_byte()).is_none() && !ctx.index.top_level.contains_key(name);
        if !builtin {
            if args.iter().any(typed) {
                return Some((
                    call.start_byte(),
                    format!(
                        "`{name}` here is not the builtin but a name of the program, whose arguments this grammar reads as types"
                    ),
                ));
            }
            continue;
        }
        let Some(first) = args.first().copied() else {
            continue;
        };
        // The name a type reading of the argument starts from.
        let mut head = first;
        loop {
            match head.kind() {
                "pointer_type" | "parenthesized_type" => match named_children(head).first() {
                    Some(c) => head = *c,
                    None => break,
                },
                "generic_type" => match head.child_by_field_name("type") {
                    Some(c) => head = c,
                    None => break,
                },
                _ => break,
            }
        }
        let misread = match head.kind() {
            "type_identifier" => value(head),
            "qualified_type" => head
                .child_by_field_name("package")
                .is_none_or(|p| !imported(text(p))),
            _ => false,
        };
        if misread {
            return Some((
                first.start_byte(),
                format!(
                    "`{name}({})` takes a value (Go 1.26), which this grammar reads as a type",
                    text(first)
                ),
            ));
        }
    }
    None
}
