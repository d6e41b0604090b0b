//! Data flow inside one function, from the tree and the resolved scopes: whether a local
//! variable may change between two points of its function.
//!
//! The answer follows the function's control-flow graph (`cfg`): a write counts when some
//! path runs from the earlier point to it and on to the later point without running the
//! earlier point again (a write after the use in a loop reaches the next turn's use; a
//! write on a branch that returns does not). It stays conservative where the graph cannot
//! see: a function literal may run at any time (a write inside one counts wherever it
//! stands, and a use inside one may run after any later write); a variable whose address
//! is taken may be written through the pointer anywhere; and a body the graph does not
//! understand changes everything.

use super::cfg::Graphs;
use crate::semantic::scope::{DeclId, ScopeInfo};
use crate::syntax::ast::{ancestors, is_function, within};
use tree_sitter::Node;

/// How one occurrence of the variable touches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Touch {
    /// Read only.
    Read,
    /// Written here (assigned, incremented, a field or element of it written, a method
    /// that may write it called).
    Write,
    /// Its address (or a pointer into it) is taken here: it can be written later through
    /// the pointer, wherever that goes.
    Alias,
}

/// What may change the variable between the two points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change<'t> {
    /// A write that may run between them (on a path from one to the other, or in a
    /// function literal, which may run at any time).
    Write(Node<'t>),
    /// Its address is taken here, so it may be written through a pointer anywhere.
    Alias(Node<'t>),
    /// The later point is inside a function literal that may run after any later write.
    LaterRun(Node<'t>),
    /// The function's control flow is not understood (a parse error in it, a label the
    /// graph cannot resolve): the order of the two points is unknowable.
    Unknown(Node<'t>),
    /// A use the parse misreads (`x.F[q.I][q.J] = v` as a generic instantiation): what it
    /// does to the variable cannot be known.
    Misparsed(Node<'t>),
}

impl<'t> Change<'t> {
    pub(crate) fn node(self) -> Node<'t> {
        match self {
            Change::Write(n)
            | Change::Alias(n)
            | Change::LaterRun(n)
            | Change::Unknown(n)
            | Change::Misparsed(n) => n,
        }
    }
}

/// For a variable the scopes mark opaque, the expression the parser misread around its
/// first such use (`b[q.I][q.J]`, read as a generic instantiation): no analysis can follow
/// what it does to the variable. `None` for any other variable.
pub(crate) fn misread_use<'t>(root: Node<'t>, scopes: &ScopeInfo, d: DeclId) -> Option<Node<'t>> {
    if !scopes.opaque(d) {
        return None;
    }
    let len = scopes.decl(d).name.len();
    let odd = scopes
        .uses_of(d)
        .into_iter()
        .filter_map(|s| root.descendant_for_byte_range(s, s + len))
        .find(|n| n.kind() != "identifier")
        .and_then(|n| ancestors(n).find(|a| a.kind() == "type_instantiation_expression"));
    // Opaque always has such a use; should it not be found, the whole file is named.
    Some(odd.unwrap_or(root))
}

/// The function (declaration or literal) that holds `n`.
pub(crate) fn function_of(n: Node<'_>) -> Option<Node<'_>> {
    ancestors(n).find(|a| is_function(*a))
}

/// Why `d` may hold another value at `to` than it held when `from` ran: the occurrence or
/// construct that may change it, or `None` when nothing can. `from` and `to` are nodes of
/// one tree, `from` a statement before `to`; `touch` classifies each occurrence of `d`.
pub(crate) fn may_change_between<'t>(
    graphs: &Graphs<'t>,
    src: &str,
    scopes: &ScopeInfo,
    d: DeclId,
    from: Node<'t>,
    to: Node<'t>,
    touch: &dyn Fn(Node<'t>) -> Touch,
) -> Option<Change<'t>> {
    let root = ancestors(from).last().unwrap_or(from);
    let func = function_of(from);
    if let Some(odd) = misread_use(root, scopes, d) {
        return Some(Change::Misparsed(odd));
    }
    // A use inside a function literal (a closure, a deferred or go'd call) may run after
    // any write that follows it in the text.
    if function_of(to) != func {
        return Some(Change::LaterRun(to));
    }
    let Some(func) = func else {
        return Some(Change::Unknown(from));
    };
    let graph = graphs.of(func, src);
    let points = graph
        .as_deref()
        .and_then(|g| Some((g, g.locate(from)?, g.locate(to)?)));
    let Some((g, a, b)) = points else {
        return Some(Change::Unknown(func));
    };
    // The nodes a path from `from` reaches before `from` runs again, and those that reach
    // `to` without running `from`.
    let after_from = g.forward(a, &[a]);
    let before_to = g.backward(b, &[a]);
    let name_len = scopes.decl(d).name.len();
    scopes.uses_of(d).into_iter().find_map(|s| {
        let n = root.descendant_for_byte_range(s, s + name_len)?;
        if within(n, from) {
            return None;
        }
        match touch(n) {
            Touch::Read => None,
            Touch::Alias => Some(Change::Alias(n)),
            Touch::Write => {
                if function_of(n) != Some(func) {
                    // A function literal may run at any time.
                    return Some(Change::Write(n));
                }
                let between = match g.locate(n) {
                    None => true,
                    Some(w) if w == a => true,
                    // In the statement of the later point: before it in the text, or on a
                    // turn of a loop that comes back to it.
                    Some(w) if w == b => {
                        (a == b || after_from[b])
                            && (n.end_byte() <= to.start_byte() || before_to[b])
                    }
                    Some(w) => after_from[w] && before_to[w],
                };
                between.then_some(Change::Write(n))
            }
        }
    })
}

/// Reaching definitions for one question: whether every path that runs `from` (a
/// declaration) and then reaches one of `points` runs `through` (a statement of the same
/// function) in between, so the only definition of the variable reaching each point is the
/// one `through` makes. A point inside a function literal stands at the literal (the
/// earliest it can run); a point in `through` itself, in `from`, or where the graph cannot
/// follow answers no.
pub(crate) fn always_through<'t>(
    graphs: &Graphs<'t>,
    src: &str,
    from: Node<'t>,
    through: Node<'t>,
    points: &[Node<'t>],
) -> bool {
    let Some(func) = function_of(from) else {
        return false;
    };
    if function_of(through) != Some(func) {
        return false;
    }
    let Some(g) = graphs.of(func, src) else {
        return false;
    };
    let (Some(d), Some(c)) = (g.locate(from), g.locate(through)) else {
        return false;
    };
    let reached = g.forward(d, &[c]);
    points.iter().all(|p| {
        // The outermost function literal inside `func` holding the point, if any.
        let at = ancestors(*p)
            .take_while(|a| *a != func)
            .filter(|a| a.kind() == "func_literal")
            .last()
            .unwrap_or(*p);
        g.locate(at)
            .is_some_and(|n| n != c && n != d && !reached[n])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::descendants;

    /// `x` declared in `f`; from the statement `v := x` to the identifier in `use(v)`,
    /// with `x = ...`, `x++` as writes and `&x` as an alias.
    fn verdict(body: &str) -> Option<String> {
        let src = format!("package p\n\nfunc f() {{\n\tx := 0\n{body}\n}}\n");
        let tree = crate::syntax::parse::parse(&src);
        let root = tree.root_node();
        let scopes = crate::semantic::scope::resolve(root, &src);
        let all = descendants(root);
        let decl = all
            .iter()
            .find(|n| n.kind() == "identifier" && &src[n.byte_range()] == "x")
            .unwrap();
        let d = scopes.decl_at(decl.start_byte()).unwrap();
        let from = all
            .iter()
            .find(|n| {
                n.kind() == "short_var_declaration" && src[n.byte_range()].starts_with("v :=")
            })
            .unwrap();
        let to = all
            .iter()
            .find(|n| n.kind() == "call_expression" && src[n.byte_range()].starts_with("use(v)"))
            .unwrap();
        let touch = |n: Node<'_>| {
            let p = n.parent().unwrap();
            match p.kind() {
                "unary_expression" if src[p.byte_range()].starts_with('&') => Touch::Alias,
                "inc_statement" => Touch::Write,
                "expression_list"
                    if p.parent().is_some_and(|s| {
                        s.kind() == "assignment_statement"
                            && s.child_by_field_name("left") == Some(p)
                    }) =>
                {
                    Touch::Write
                }
                _ => Touch::Read,
            }
        };
        may_change_between(&Graphs::default(), &src, &scopes, d, *from, *to, &touch).map(|c| {
            let n = c.node();
            src[n.parent().unwrap_or(n).byte_range()].to_string()
        })
    }

    #[test]
    fn straight_line_writes_count_only_between() {
        assert_eq!(verdict("\tx = 1\n\tv := x\n\tuse(v)\n\tx = 2"), None);
        assert_eq!(verdict("\tv := x\n\tx++\n\tuse(v)").as_deref(), Some("x++"));
    }

    #[test]
    fn a_loop_runs_its_whole_body_between() {
        assert_eq!(
            verdict("\tv := x\n\tfor i := 0; i < 3; i++ {\n\t\tuse(v)\n\t\tx++\n\t}").as_deref(),
            Some("x++")
        );
        // The binding inside the loop: each iteration binds again.
        assert_eq!(
            verdict("\tfor i := 0; i < 3; i++ {\n\t\tv := x\n\t\tuse(v)\n\t\tx++\n\t}"),
            None
        );
    }

    #[test]
    fn closures_aliases_and_goto() {
        assert_eq!(
            verdict("\tv := x\n\tdefer func() { use(v) }()\n\tx = 2").as_deref(),
            Some("use(v)")
        );
        assert_eq!(
            verdict("\tinc := func() { x++ }\n\tv := x\n\tuse(v)\n\tinc()").as_deref(),
            Some("x++")
        );
        assert_eq!(
            verdict("\tp := &x\n\tv := x\n\t*p = 3\n\tuse(v)").as_deref(),
            Some("&x")
        );
        assert_eq!(
            verdict("\tv := x\nagain:\n\tuse(v)\n\tx++\n\tgoto again").as_deref(),
            Some("x++")
        );
    }

    /// `var m int` then the statement `m = 1`: whether every use of m is reached only
    /// through it.
    fn through(body: &str) -> bool {
        let src = format!("package p\n\nfunc f() {{\n\tvar m int\n{body}\n}}\n");
        let tree = crate::syntax::parse::parse(&src);
        let all = descendants(tree.root_node());
        let decl = all.iter().find(|n| n.kind() == "var_declaration").unwrap();
        let def = all
            .iter()
            .find(|n| n.kind() == "assignment_statement" && &src[n.byte_range()] == "m = 1")
            .unwrap();
        let uses: Vec<Node<'_>> = all
            .iter()
            .filter(|n| {
                n.kind() == "identifier"
                    && &src[n.byte_range()] == "m"
                    && !crate::syntax::ast::within(**n, *decl)
                    && !crate::syntax::ast::within(**n, *def)
            })
            .copied()
            .collect();
        always_through(&Graphs::default(), &src, *decl, *def, &uses)
    }

    #[test]
    fn reaching_definitions() {
        assert!(through("\tn := 2\n\tm = 1\n\tuse(m, n)"));
        assert!(through(
            "\tif c {\n\t\treturn\n\t}\n\tm = 1\n\tfor {\n\t\tuse(m)\n\t}"
        ));
        assert!(!through("\tif c {\n\t\tuse(m)\n\t}\n\tm = 1\n\tuse(m)"));
        assert!(!through("\tg := func() { use(m) }\n\tm = 1\n\tg()"));
        assert!(through("\tm = 1\n\tg := func() { use(m) }\n\tg()"));
        // A loop back to before the definition does not undo it; a goto over it does.
        assert!(through(
            "\tm = 1\n\tfor i := 0; i < 2; i++ {\n\t\tuse(m)\n\t}"
        ));
        assert!(!through("\tif c {\n\t\tgoto L\n\t}\n\tm = 1\nL:\n\tuse(m)"));
    }

    #[test]
    fn paths_not_text_decide() {
        // A write on a branch that returns never reaches the use.
        assert_eq!(
            verdict("\tv := x\n\tif c {\n\t\tx++\n\t\treturn\n\t}\n\tuse(v)"),
            None
        );
        // A goto forward over the use, and one back to before the binding.
        assert_eq!(
            verdict("\tv := x\n\tuse(v)\n\tgoto end\n\tx++\nend:\n\tx--"),
            None
        );
        assert_eq!(
            verdict("again:\n\tv := x\n\tuse(v)\n\tx++\n\tif c {\n\t\tgoto again\n\t}"),
            None
        );
        // A labelled continue of an outer loop runs the write before the next turn's use.
        assert_eq!(
            verdict(
                "\tv := x\nouter:\n\tfor {\n\t\tfor {\n\t\t\tuse(v)\n\t\t\tcontinue outer\n\t\t}\n\t\tx++\n\t}"
            ),
            None
        );
        assert_eq!(
            verdict(
                "\tv := x\nouter:\n\tfor {\n\t\tx++\n\t\tfor {\n\t\t\tuse(v)\n\t\t\tcontinue outer\n\t\t}\n\t}"
            )
            .as_deref(),
            Some("x++")
        );
    }
}
