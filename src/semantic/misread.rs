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
use std::collections::{HashMap, HashSet};
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

/// Whether the tokens of `file` leave room for a misread value, so that its tree must be
/// read (see [`misread_value`]); false only when every `new(`/`make(` in it is the builtin
/// taking what is surely a type: a type literal, an expression the grammar reads as one, a
/// name of an import followed by `.`, or a name that is a type of the package or of the
/// language and that no token of the file could declare again as a value (a declared name
/// is followed by `:=`, `=`, `,` or the start of a type). A file read here is never
/// parsed for this check.
pub(crate) fn may_misread(pkg: &Package, ctx: &Context, file: usize) -> bool {
    let f = &pkg.files[file];
    let src = &*f.text;
    if !crate::syntax::ast::word_offsets(src, "new").any(|_| true)
        && !crate::syntax::ast::word_offsets(src, "make").any(|_| true)
    {
        return false;
    }
    let Some(toks) = crate::syntax::validate::tokens(src) else {
        return true;
    };
    use crate::syntax::validate::Tok;
    let is = |i: usize, t: Tok, x: &str| toks.get(i).is_some_and(|&(k, y)| k == t && y == x);
    let op = |i: usize, x: &str| is(i, Tok::Op, x);
    // Whether the name at `i` may be declared there: a declared name is followed by `:=` or
    // `=`, or, after `var`, `const`, `(`, `,` or the start of a statement, by `,` or the
    // start of its type (`T(x)`, `[]T, n` and `f(x T)` are not declarations of `T`).
    let declared_at = |i: usize| {
        let after_start = i == 0
            || matches!(toks[i - 1], (Tok::Semi, _))
            || matches!(
                toks[i - 1],
                (
                    Tok::Keyword,
                    "var" | "const" | "for" | "case" | "if" | "switch"
                )
            )
            || matches!(toks[i - 1], (Tok::Op, "(" | "," | "{"));
        match toks.get(i + 1) {
            Some((Tok::Op, ":=" | "=")) => true,
            Some((Tok::Ident, _)) => after_start,
            Some((Tok::Keyword, k)) => {
                after_start && matches!(*k, "func" | "map" | "chan" | "struct" | "interface")
            }
            Some((Tok::Op, o)) => after_start && matches!(*o, "," | "(" | "[" | "*" | "..." | "<-"),
            _ => false,
        }
    };
    // The names some token may declare, and those some token calls: gathered in one pass
    // when first asked (most files call `new`/`make` only with type literals), so a file
    // with many calls costs no more than one with a few.
    let sets = std::cell::OnceCell::new();
    let sets = || {
        sets.get_or_init(|| {
            let mut declared: HashSet<&str> = HashSet::new();
            let mut called: HashSet<&str> = HashSet::new();
            for (i, &(k, name)) in toks.iter().enumerate() {
                if k != Tok::Ident || (i > 0 && op(i - 1, ".")) {
                    continue;
                }
                if declared_at(i) {
                    declared.insert(name);
                }
                if op(i + 1, "(") {
                    called.insert(name);
                }
            }
            (declared, called)
        })
    };
    let outline = f.outline();
    let imported: Vec<String> = crate::syntax::imports::import_decls(&outline)
        .into_iter()
        .flat_map(|d| crate::syntax::imports::import_specs(d, src))
        .map(|s| {
            s.alias
                .unwrap_or_else(|| s.path.rsplit('/').next().unwrap_or_default().to_string())
        })
        .collect();
    for i in 0..toks.len() {
        let (Tok::Ident, name @ ("new" | "make")) = toks[i] else {
            continue;
        };
        if i > 0 && op(i - 1, ".") {
            continue;
        }
        // A name `new` or `make` declared by the program (a misread if called).
        if !op(i + 1, "(") || ctx.index.top_level.contains_key(name) {
            if sets().1.contains(name) {
                return true;
            }
            continue;
        }
        let mut h = i + 2;
        while op(h, "*") || op(h, "(") {
            h += 1;
        }
        let Some(&(kind, head)) = toks.get(h) else {
            return true;
        };
        if kind != Tok::Ident {
            continue;
        }
        if op(h + 1, ".") {
            if imported.iter().any(|n| n == head) {
                continue;
            }
            return true;
        }
        let a_type =
            crate::semantic::index::is_predeclared_type(head) || ctx.index.types.contains_key(head);
        if !a_type || sets().0.contains(head) {
            return true;
        }
    }
    false
}

/// The first call in `file` whose arguments the grammar read as types though they are (or
/// may be) values: its byte offset and what it is.
pub(crate) fn misread_value(pkg: &Package, ctx: &Context, file: usize) -> Option<(usize, String)> {
    let f = &pkg.files[file];
    if f.is_parsed() {
        return misread_in(f.tree(), &ctx.scopes[file], pkg, ctx, file);
    }
    // A call and the local declarations it could see are in one function: only the bodies
    // naming `new` or `make` are read, and their scopes resolved for this check alone.
    let words = |body: &str| {
        word_offsets(body, "new").next().is_some() || word_offsets(body, "make").next().is_some()
    };
    f.read_bodies(words, |tree| {
        let scopes = crate::semantic::scope::resolve(tree.root_node(), &f.text);
        misread_in(tree, &scopes, pkg, ctx, file)
    })
}

fn misread_in(
    tree: &tree_sitter::Tree,
    scopes: &crate::semantic::scope::ScopeInfo,
    pkg: &Package,
    ctx: &Context,
    file: usize,
) -> Option<(usize, String)> {
    let f = &pkg.files[file];
    let src = &*f.text;
    let text = |n: Node<'_>| &src[n.byte_range()];
    let root = tree.root_node();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::semantic::context::{Context, ScopeCache};

    /// What the token test says of the file `a.go` of a package with a type `T`, what the
    /// tree's test finds, and whether the tree was parsed by the token test.
    fn read(src: &str) -> (bool, Option<(usize, String)>) {
        let decls = "package p\n\ntype T struct{}\n";
        let pkg = Package::lazy_of_files(&[("a.go", src), ("b.go", decls)]);
        let ctx = Context::build_with(&pkg, &mut ScopeCache::default(), Default::default());
        let may = may_misread(&pkg, &ctx, 0);
        assert!(!pkg.files[1].is_parsed(), "the index reads outlines");
        if !may {
            assert!(!pkg.files[0].is_parsed(), "the token test parsed the file");
        }
        (may, misread_value(&pkg, &ctx, 0))
    }

    #[test]
    fn types_surely_types_need_no_tree() {
        let (may, found) = read(
            "package p\n\nimport \"bytes\"\n\nfunc f(n int) {\n\tvar x T\n\t_ = x\n\t_ = T(x)\n\t_ = []T{}\n\t_ = new(T)\n\t_ = new(*T)\n\t_ = new(bytes.Buffer)\n\t_ = new(int)\n\t_ = make([]int, n)\n\t_ = make(map[string]T)\n\t// make sure: new T\n}\n",
        );
        assert!(!may);
        assert_eq!(found, None);
    }

    #[test]
    fn a_name_the_file_may_declare_as_a_value_is_read_from_the_tree() {
        for body in [
            "T := 1\n\t_ = new(T)",
            "var T (int)\n\t_ = new(T)",
            "var T, U = 1, 2\n\t_, _ = new(T), U",
            "for T := range 3 {\n\t\t_ = new(T)\n\t}",
            "x, T := 1, 2\n\t_, _ = x, new(T)",
        ] {
            let src = format!("package p\n\nfunc f() {{\n\t{body}\n}}\n");
            let (may, found) = read(&src);
            assert!(may, "{body}");
            assert!(found.is_some(), "{body}");
        }
        for src in [
            // A parameter named like the type.
            "package p\n\nfunc f(T int) { _ = new(T) }\n",
            // A package-level value, a name that is not an import, a local `make`.
            "package p\n\nvar v = 1\n\nfunc f() { _ = new(v) }\n",
            "package p\n\nfunc f(v struct{ f int }) { _ = new(v.f) }\n",
            "package p\n\nfunc f() {\n\tmake := func(T) int { return 0 }\n\t_ = make(T{})\n}\n",
        ] {
            let (may, _) = read(src);
            assert!(may, "{src}");
        }
    }
}
