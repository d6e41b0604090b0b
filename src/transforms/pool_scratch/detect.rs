//! pool-scratch's sites: `buf := make([]T, n)` (or `new([N]T)`, `var buf [N]T`) shaped
//! like a scratch buffer, found from the text first (the `:=` tokens), then confirmed on the
//! tree ([`Analysis::site`]).

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `make([]T, N)`, or `make([]T, n, N)` (`len` is `n`).
    Slice,
    /// `new([N]T)`.
    NewArray,
    /// `make(map[K]V)` or `map[K]V{}`.
    Map,
}

pub(super) struct Site<'t> {
    pub(super) stmt: Node<'t>,
    pub(super) name: Node<'t>,
    pub(super) decl: DeclId,
    pub(super) init: Node<'t>,
    pub(super) kind: Kind,
    /// The element type (slices and arrays) or the map type.
    pub(super) ty: Node<'t>,
    /// The array length.
    pub(super) size: i128,
    /// `make([]T, n, N)`: the length expression.
    pub(super) len: Option<Node<'t>>,
    /// `make(map[K]V, hint)`: the size hint, dropped by the rewrite.
    pub(super) hint: Option<Node<'t>>,
    /// The function literal or declaration whose body holds the site.
    pub(super) func: Node<'t>,
    /// The outermost loop of that function holding the site.
    pub(super) outer_loop: Option<Node<'t>>,
}

/// Whether a parsed file may hold a site (the engine's second filter, [`Meta::sites`]).
pub(super) fn may_have_site(root: Node<'_>, src: &str) -> bool {
    has_site_text(src) && short_var_decls(root, src).any(|n| shaped_like_site(n, src))
}

/// Every `x := ...` of a file, found from its `:=` tokens rather than by walking the tree
/// (every short variable declaration has one; those in strings and comments are not
/// tokens of a declaration).
pub(super) fn short_var_decls<'t>(root: Node<'t>, src: &'t str) -> impl Iterator<Item = Node<'t>> {
    src.match_indices(":=").filter_map(move |(at, _)| {
        root.descendant_for_byte_range(at, at + 2)
            .filter(|t| t.kind() == ":=")
            .and_then(|t| t.parent())
            .filter(|p| p.kind() == "short_var_declaration")
    })
}

/// The part of [`Analysis::site`] that needs neither scopes nor the rest of the package:
/// the statement's shape, and, for arrays, a size that may be a constant. `site` starts
/// with it, so a file none of whose statements passes has no site.
pub(super) fn shaped_like_site(stmt: Node<'_>, src: &str) -> bool {
    let text = |n: Node<'_>| &src[n.byte_range()];
    let (Some(l), Some(r)) = (
        stmt.child_by_field_name("left"),
        stmt.child_by_field_name("right"),
    ) else {
        return false;
    };
    let (left, right) = (list_items(l), list_items(r));
    if left.len() != 1 || right.len() != 1 || left[0].kind() != "identifier" {
        return false;
    }
    let in_block = stmt.parent().is_some_and(|p| {
        matches!(
            p.kind(),
            "block"
                | "statement_list"
                | "expression_case"
                | "default_case"
                | "type_case"
                | "communication_case"
        ) && p
            .child_by_field_name("communication")
            .is_none_or(|c| c.id() != stmt.id())
    });
    let init = right[0];
    // Cheap textual test first: most `:=` are not `make`, `new` or a map literal.
    let head = text(init);
    if text(left[0]) == "_"
        || !in_block
        || !(head.starts_with("make(") || head.starts_with("new(") || head.starts_with("map["))
    {
        return false;
    }
    let Some(func) = ancestors(stmt).find(|a| crate::syntax::ast::is_function(*a)) else {
        return false;
    };
    let in_loop = || {
        ancestors(stmt)
            .take_while(|a| a.id() != func.id())
            .any(|a| a.kind() == "for_statement")
    };
    let array_value = |map: Node<'_>| {
        map.child_by_field_name("value")
            .is_some_and(|v| v.kind() == "array_type")
    };
    match init.kind() {
        "call_expression" => {
            let Some((f, args)) = crate::syntax::ast::call_parts(init) else {
                return false;
            };
            if f.kind() != "identifier" {
                return false;
            }
            match (text(f), args.first().map(|a| a.kind())) {
                ("make", Some("slice_type")) => {
                    (2..=3).contains(&args.len())
                        && may_be_constant(args[args.len() - 1], stmt, src)
                }
                ("new", Some("array_type")) => {
                    args.len() == 1
                        && args[0]
                            .child_by_field_name("length")
                            .is_some_and(|n| may_be_constant(n, stmt, src))
                }
                ("make", Some("map_type")) => {
                    args.len() <= 2 && (array_value(args[0]) || in_loop())
                }
                _ => false,
            }
        }
        "composite_literal" => init.child_by_field_name("type").is_some_and(|ty| {
            ty.kind() == "map_type"
                && init
                    .child_by_field_name("body")
                    .is_some_and(|b| b.named_child_count() == 0)
                && (array_value(ty) || in_loop())
        }),
        _ => false,
    }
}

/// False when `n` cannot be a constant `types::eval` would evaluate: it has a part of
/// another kind, or names something declared in the function before `at` (a parameter, an
/// earlier declaration of an enclosing block or loop header), which the scopes would find.
pub(super) fn may_be_constant(n: Node<'_>, at: Node<'_>, src: &str) -> bool {
    match n.kind() {
        "int_literal" | "rune_literal" | "iota" => true,
        "identifier" => !declared_before(&src[n.byte_range()], at, src),
        "parenthesized_expression" | "unary_expression" | "binary_expression" => named_children(n)
            .into_iter()
            .all(|c| may_be_constant(c, at, src)),
        "call_expression" | "type_conversion_expression" => n
            .child_by_field_name("arguments")
            .map(named_children)
            .is_some_and(|a| a.len() == 1 && may_be_constant(a[0], at, src)),
        _ => false,
    }
}

/// Whether `name` is declared, in scope at `stmt`, by a parameter of an enclosing function,
/// an earlier statement of an enclosing block, or an enclosing loop's header.
pub(super) fn declared_before(name: &str, stmt: Node<'_>, src: &str) -> bool {
    let declares = |d: Node<'_>| {
        let names: Vec<Node<'_>> = match d.kind() {
            "short_var_declaration" => d
                .child_by_field_name("left")
                .map(list_items)
                .unwrap_or_default(),
            "var_declaration" | "const_declaration" => descendants(d)
                .into_iter()
                .filter(|s| matches!(s.kind(), "var_spec" | "const_spec"))
                .flat_map(|s| crate::syntax::ast::field_children(s, "name"))
                .collect(),
            "parameter_list" => named_children(d)
                .into_iter()
                .flat_map(|p| crate::syntax::ast::field_children(p, "name"))
                .collect(),
            "range_clause" => d
                .child_by_field_name("left")
                .map(list_items)
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        names.iter().any(|n| &src[n.byte_range()] == name)
    };
    let mut child = stmt;
    for a in ancestors(stmt) {
        if crate::syntax::ast::is_function(a) {
            if ["receiver", "parameters", "result"]
                .iter()
                .filter_map(|f| a.child_by_field_name(f))
                .any(declares)
            {
                return true;
            }
            // Past a declaration is the package, whose constants are what is looked for.
            if a.kind() != "func_literal" {
                return false;
            }
        } else if a.kind() == "for_statement" {
            let header = named_children(a)
                .into_iter()
                .find(|h| matches!(h.kind(), "for_clause" | "range_clause"));
            let init = header.and_then(|h| {
                if h.kind() == "range_clause" {
                    Some(h)
                } else {
                    h.child_by_field_name("initializer")
                }
            });
            if init.is_some_and(declares) {
                return true;
            }
        } else if a.kind() == "source_file" {
            // A function literal in a package-level declaration.
            return false;
        } else {
            let mut s = child.prev_named_sibling();
            while let Some(x) = s {
                if declares(x) {
                    return true;
                }
                s = x.prev_named_sibling();
            }
        }
        child = a;
    }
    false
}

/// The words a file with a target cannot lack: `:=` followed by `make(`, `new(` or `map[`.
pub(super) fn has_site_text(text: &str) -> bool {
    [":= make(", ":= new(", ":= map["]
        .iter()
        .any(|p| text.contains(p))
}

impl<'a, 't> Analysis<'a, 't> {
    /// A target declaration: `x := make([]T, N)`, `make([]T, n, N)`, `new([N]T)`,
    /// `make(map[K][N]T)`, `map[K][N]T{}`, or any map made inside a loop.
    /// Whether a function literal is the `New` of a `sync.Pool` literal: what it makes is
    /// what the pool hands out, already pooled; no site.
    fn pool_new(&self, func: Node<'t>) -> bool {
        let Some(el) = func
            .parent()
            .filter(|p| p.kind() == "literal_element")
            .and_then(|p| p.parent())
            .filter(|k| k.kind() == "keyed_element")
        else {
            return false;
        };
        let key = named_children(el)
            .first()
            .map(|k| self.text(*k).trim().to_string());
        let lit = ancestors(el).find(|a| a.kind() == "composite_literal");
        key.as_deref() == Some("New")
            && lit
                .and_then(|l| l.child_by_field_name("type"))
                .is_some_and(|t| {
                    crate::semantic::ty::of(self.pkg, self.ctx, self.file, t).is_some_and(|t| {
                        matches!(t, crate::semantic::ty::Ty::Named { pkg: Some(p), name, .. }
                            if p == "sync" && name == "Pool")
                    })
                })
    }

    pub(super) fn site(&self, stmt: Node<'t>) -> Option<Site<'t>> {
        if !shaped_like_site(stmt, self.src()) {
            return None;
        }
        let name = list_items(stmt.child_by_field_name("left")?)[0];
        let init = list_items(stmt.child_by_field_name("right")?)[0];
        let decl = self.ctx.scopes[self.file].decl_at(name.start_byte())?;
        let func = ancestors(stmt).find(|a| crate::syntax::ast::is_function(*a))?;
        if self.pool_new(func) {
            return None;
        }
        // The loop a reused buffer is hoisted out of: only when the statement can run again
        // in the same call. A site every path from which leaves the loop (`if eof { b :=
        // make(...); ...; return }` inside `for`) runs at most once per call: hoisted, it
        // would allocate on every call, the ones that never reach it included (xz's
        // `(*Reader).Read`); it is a per-call site.
        // (The function's control flow is built only for a statement that is a site.)
        let repeats = || {
            crate::semantic::cfg::Cfg::build(func, self.src())
                .and_then(|g| g.locate(stmt).map(|n| g.reaches(n, n, &[])))
                .unwrap_or(true)
        };
        let innermost_loop = ancestors(stmt)
            .take_while(|a| a.id() != func.id())
            .filter(|a| a.kind() == "for_statement")
            .last();
        let pos = init.start_byte();
        let mut hint = None;
        let (kind, ty, size, len) = match init.kind() {
            "call_expression" => {
                let f = init.child_by_field_name("function")?;
                let fname = self.text(f);
                if f.kind() != "identifier" || !self.builtin(self.file, fname, pos) {
                    return None;
                }
                let args = named_children(init.child_by_field_name("arguments")?);
                match (fname, args.first().map(|a| a.kind())) {
                    ("make", Some("slice_type")) if (2..=3).contains(&args.len()) => {
                        let size = self.constant(*args.last()?)?;
                        let len = (args.len() == 3).then(|| args[1]);
                        if len.is_some_and(|l| self.constant(l) == Some(size)) {
                            (
                                Kind::Slice,
                                args[0].child_by_field_name("element")?,
                                size,
                                None,
                            )
                        } else {
                            (
                                Kind::Slice,
                                args[0].child_by_field_name("element")?,
                                size,
                                len,
                            )
                        }
                    }
                    ("new", Some("array_type")) if args.len() == 1 => {
                        let size = self.constant(args[0].child_by_field_name("length")?)?;
                        (
                            Kind::NewArray,
                            args[0].child_by_field_name("element")?,
                            size,
                            None,
                        )
                    }
                    ("make", Some("map_type")) if args.len() <= 2 => {
                        hint = args.get(1).copied();
                        (Kind::Map, args[0], 0, None)
                    }
                    _ => return None,
                }
            }
            "composite_literal" => {
                let ty = init.child_by_field_name("type")?;
                let body = init.child_by_field_name("body")?;
                if ty.kind() != "map_type" || body.named_child_count() > 0 {
                    return None;
                }
                (Kind::Map, ty, 0, None)
            }
            _ => return None,
        };
        if kind != Kind::Map && size <= 0 {
            return None;
        }
        let outer_loop = innermost_loop.filter(|_| repeats());
        if kind == Kind::Map {
            let value_is_array = ty
                .child_by_field_name("value")
                .is_some_and(|v| v.kind() == "array_type");
            if !value_is_array && outer_loop.is_none() {
                return None;
            }
        }
        Some(Site {
            stmt,
            name,
            decl,
            init,
            kind,
            ty,
            size,
            len,
            hint,
            func,
            outer_loop,
        })
    }
}
