//! Values the grammar reads as types. tree-sitter-go reads a lone name (and `x.f`, `a[i]`,
//! `*p`) as the first argument of `new` or `make` as a type, as it always was before Go
//! 1.26; but `new(buf)` takes the variable `buf` when one is in scope, and a local function
//! named `make` takes values. Every use analysis reads values from `identifier` nodes, so
//! such a file would hide a use of a variable: it is found here, by resolving the names,
//! and the engine then treats the file as opaque (never rewritten; targets it could reach
//! skipped).

use crate::semantic::context::Context;
use crate::semantic::scope::DeclKind;
use crate::syntax::ast::{call_of_callee, identifier_at, named_children, word_offsets};
use crate::syntax::package::Package;
use std::collections::HashMap;
use tree_sitter::Node;

/// Whether `file` may declare a local `name` that is a value: some token `name` in it is an
/// identifier other than the callee of a call, or a node this test does not know (a
/// declaration is such a token). When none is, the scopes are not asked: most files declare
/// neither `new`, `make` nor a variable named like a type they make, and resolving a file's
/// scopes costs a walk of its tree.
fn may_declare(root: Node<'_>, src: &str, name: &str) -> bool {
    word_offsets(src, name).any(|o| {
        let end = o + name.len();
        match root.named_descendant_for_byte_range(o, end) {
            Some(n) if n.start_byte() == o && n.end_byte() == end => match n.kind() {
                "identifier" => call_of_callee(n).is_none(),
                "type_identifier" | "field_identifier" | "package_identifier" | "label_name" => {
                    false
                }
                _ => true,
            },
            Some(n) => !(n.kind() == "comment" || n.kind().contains("string")),
            None => true,
        }
    })
}

/// The first call in `file` whose arguments the grammar read as types though they are (or
/// may be) values: its byte offset and what it is.
pub(crate) fn misread_value(pkg: &Package, ctx: &Context, file: usize) -> Option<(usize, String)> {
    let f = &pkg.files[file];
    let src = &*f.text;
    let text = |n: Node<'_>| &src[n.byte_range()];
    let root = f.tree.root_node();
    // The kind of the local declaration a name used at `n` refers to, if any.
    let mut asked: HashMap<&str, bool> = HashMap::new();
    let mut local = |n: Node<'_>| -> Option<DeclKind> {
        let name = text(n);
        let may = *asked
            .entry(name)
            .or_insert_with(|| may_declare(root, src, name));
        if !may {
            return None;
        }
        let scopes = &ctx.scopes[file];
        scopes.local(n.start_byte()).map(|d| scopes.decl(d).kind)
    };
    // The names the file's imports bind (asked only for `new(x.f)`).
    let imported = |name: &str| {
        let decls = named_children(root)
            .into_iter()
            .filter(|d| d.kind() == "import_declaration");
        decls
            .flat_map(crate::syntax::ast::descendants)
            .filter(|n| n.kind() == "import_spec")
            .any(|s| {
                let bound = s.child_by_field_name("name").map(text).or_else(|| {
                    let path = text(s.child_by_field_name("path")?).trim_matches(['"', '`']);
                    path.rsplit('/').next()
                });
                bound == Some(name)
            })
    };
    // Only the calls of a name `new` or `make`, found from the text: every such callee is
    // an identifier token there, in source order.
    let mut at: Vec<(usize, usize)> = ["new", "make"]
        .into_iter()
        .flat_map(|w| word_offsets(src, w).map(move |o| (o, w.len())))
        .collect();
    at.sort_unstable();
    for (o, len) in at {
        let Some(callee) = identifier_at(root, o, len) else {
            continue;
        };
        let Some(call) = call_of_callee(callee) else {
            continue;
        };
        let name = text(callee);
        let Some(args) = call.child_by_field_name("arguments") else {
            continue;
        };
        let args = named_children(args);
        let typed = |a: &Node<'_>| a.kind() == "type_identifier" || a.kind().ends_with("_type");
        let builtin = local(callee).is_none() && !ctx.index.top_level.contains_key(name);
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
        // Whether the head names a value: a local that is not a type, or a package-level
        // name that is not a type.
        let misread = match head.kind() {
            "type_identifier" => match local(head) {
                Some(kind) => !matches!(kind, DeclKind::Type | DeclKind::TypeParam),
                None => {
                    let name = text(head);
                    !ctx.index.types.contains_key(name) && ctx.index.top_level.contains_key(name)
                }
            },
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
