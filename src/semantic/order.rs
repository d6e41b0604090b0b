//! Evaluation order inside one statement.
//!
//! Go orders the calls, method calls and receives of a statement left to right, and leaves
//! when a variable is read relative to them unspecified (gc reads most operands after the
//! calls around them). A rewrite that turns a call into a load (a reflect chain into a
//! field selector) or a load into a call (a map cell into the checked index function)
//! moves a read across the statement's other calls. That cannot matter when no other call
//! can write what is read: this module finds those other calls, and the variables no call
//! can write.

use crate::semantic::context::Context;
use crate::semantic::scope::{DeclId, ScopeInfo};
use crate::syntax::ast::{ancestors, descendants, is_function, within};
use crate::syntax::package::Package;
use tree_sitter::Node;

/// The one question a rewrite that moves a read across a statement's calls asks: which
/// other call of the statement may run code ([`Statement::other_call`]), and which locals
/// no call can write ([`Statement::private`]).
pub(crate) struct Statement<'a, 't> {
    unit: Node<'t>,
    root: Node<'t>,
    src: &'a str,
    scopes: &'a ScopeInfo,
    names: &'a dyn Names,
}

impl<'a, 't> Statement<'a, 't> {
    /// The statement (or header part) holding `n` of file `file`: see [`evaluation_unit`].
    pub(crate) fn of(pkg: &'t Package, ctx: &'a Context, file: usize, n: Node<'t>) -> Self
    where
        't: 'a,
    {
        Statement::unit(pkg, ctx, file, evaluation_unit(n))
    }

    /// `unit` itself, for a rewrite that knows which part of a statement moves.
    pub(crate) fn unit(pkg: &'t Package, ctx: &'a Context, file: usize, unit: Node<'t>) -> Self
    where
        't: 'a,
    {
        let f = &pkg.files[file];
        Statement {
            unit,
            root: f.tree().root_node(),
            src: &f.text,
            scopes: &ctx.scopes[file],
            names: &ctx.index,
        }
    }

    /// The first other call or receive that may run code or write memory: see
    /// [`other_effect`].
    pub(crate) fn other_call(
        &self,
        keep: &[Node<'t>],
        reads_only: &dyn Fn(Node<'t>) -> bool,
    ) -> Option<Node<'t>> {
        other_effect(
            self.unit,
            keep,
            self.src,
            self.scopes,
            self.names,
            reads_only,
        )
    }

    /// Whether no call can write the local `d` behind its function's back: see
    /// [`private_local`], asked of the function that declares `d`.
    pub(crate) fn private(&self, d: DeclId, allowed: &dyn Fn(Node<'_>) -> bool) -> bool {
        let at = self.scopes.decl(d).name_start;
        self.root
            .descendant_for_byte_range(at, at)
            .and_then(|n| ancestors(n).find(|a| is_function(*a)))
            .is_some_and(|func| {
                private_local(
                    self.root,
                    self.src,
                    func,
                    self.scopes,
                    d,
                    self.names,
                    allowed,
                )
            })
    }
}

/// The node whose operands Go evaluates together with `n`'s: the statement that holds it,
/// or the part of an `if`/`for`/`switch`/`case` header it stands in.
pub(crate) fn evaluation_unit(n: Node<'_>) -> Node<'_> {
    let mut cur = n;
    while let Some(p) = cur.parent() {
        if is_function(p)
            || matches!(
                p.kind(),
                "block"
                    | "statement_list"
                    | "source_file"
                    | "if_statement"
                    | "for_statement"
                    | "for_clause"
                    | "range_clause"
                    | "expression_switch_statement"
                    | "type_switch_statement"
                    | "select_statement"
                    | "expression_case"
                    | "type_case"
                    | "communication_case"
                    | "default_case"
                    | "labeled_statement"
            )
        {
            return cur;
        }
        cur = p;
    }
    cur
}

/// Builtins that neither write memory a variable read could see nor run code of the
/// program's.
const PURE_BUILTINS: &[&str] = &[
    "len", "cap", "min", "max", "make", "new", "append", "complex", "real", "imag",
];

/// The first call or receive in `unit` that may run code or write memory, outside `keep`
/// (the nodes the rewrite moves) and not one of their ancestors (a call whose arguments
/// hold them runs after them either way). A call inside a function literal runs when the
/// literal is called, which is itself a call. `reads_only` names further calls the caller
/// knows write nothing (reflect's getters, for reflect-field).
fn other_effect<'t>(
    unit: Node<'t>,
    keep: &[Node<'t>],
    src: &str,
    scopes: &ScopeInfo,
    names: &dyn Names,
    reads_only: &dyn Fn(Node<'t>) -> bool,
) -> Option<Node<'t>> {
    descendants(unit).into_iter().find(|n| {
        let effect = match n.kind() {
            "call_expression" => !pure_call(*n, src, scopes, names) && !reads_only(*n),
            "unary_expression" => n
                .child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "<-"),
            _ => false,
        };
        effect
            && !keep.iter().any(|k| within(*n, *k) || within(*k, *n))
            && !ancestors(*n)
                .take_while(|a| *a != unit)
                .any(|a| a.kind() == "func_literal")
    })
}

/// What the package declares at its level, as the order rules need it.
pub(crate) trait Names {
    /// Whether a package-level name is a type (a conversion to it runs nothing).
    fn is_type(&self, name: &str) -> bool;
    /// Whether the package declares the name at all (it then shadows a builtin).
    fn declared(&self, name: &str) -> bool;
    /// Whether the name is a method of some type of the package.
    fn is_method(&self, name: &str) -> bool;
    /// Whether some method of that name has a pointer receiver (`x.m()` and `x.m` then
    /// take `&x`).
    fn pointer_method(&self, name: &str) -> bool;
}

impl Names for crate::semantic::index::PkgIndex {
    fn is_type(&self, name: &str) -> bool {
        self.types.contains_key(name)
    }
    fn declared(&self, name: &str) -> bool {
        self.top_level.contains_key(name)
    }
    fn is_method(&self, name: &str) -> bool {
        self.methods.keys().any(|(_, m)| m == name)
    }
    fn pointer_method(&self, name: &str) -> bool {
        self.pointer_methods.contains(name)
    }
}

/// A builtin of [`PURE_BUILTINS`] or a conversion to a predeclared or package type, named
/// by an identifier no local or package declaration shadows.
fn pure_call(call: Node<'_>, src: &str, scopes: &ScopeInfo, names: &dyn Names) -> bool {
    let Some(f) = call.child_by_field_name("function") else {
        return false;
    };
    if f.kind() != "identifier" || scopes.local(f.start_byte()).is_some() {
        return false;
    }
    let name = &src[f.byte_range()];
    if names.declared(name) {
        return names.is_type(name);
    }
    // A conversion to a predeclared type (or to `any`, `error`) runs nothing either.
    PURE_BUILTINS.contains(&name)
        || crate::semantic::index::is_predeclared_type(name)
        || matches!(name, "any" | "error")
}

/// Whether no call can write the local `d` behind the function's back: declared inside the
/// function `func`, and every occurrence of it in `func` itself (none in a function literal,
/// which a call may run) and none taking its address (`&d`, `&d.f`, `&d[i]`, slicing an
/// array, a method called or taken as a value on it, whose receiver may be a pointer),
/// except the occurrences `allowed` accepts.
fn private_local(
    root: Node<'_>,
    src: &str,
    func: Node<'_>,
    scopes: &ScopeInfo,
    d: DeclId,
    names: &dyn Names,
    allowed: &dyn Fn(Node<'_>) -> bool,
) -> bool {
    let decl = scopes.decl(d);
    if !(func.start_byte() <= decl.name_start && decl.name_start < func.end_byte()) {
        return false;
    }
    if scopes.opaque(d) {
        return false;
    }
    let len = decl.name.len();
    scopes.uses_of(d).into_iter().all(|s| {
        let Some(n) = root.descendant_for_byte_range(s, s + len) else {
            return false;
        };
        if allowed(n) {
            return true;
        }
        if ancestors(n).find(|a| is_function(*a)) != Some(func) {
            return false;
        }
        let mut cur = n;
        while let Some(p) = cur.parent() {
            let operand = p.child_by_field_name("operand") == Some(cur);
            match p.kind() {
                "parenthesized_expression" => cur = p,
                "index_expression" if operand => cur = p,
                // A field, or a method: one with a pointer receiver (called or taken as a
                // value) takes the address; a call of a method the package does not declare
                // may be anything.
                "selector_expression" if operand => {
                    let called = p.parent().is_some_and(|c| {
                        c.kind() == "call_expression"
                            && c.child_by_field_name("function") == Some(p)
                    });
                    let name = p
                        .child_by_field_name("field")
                        .map_or("", |f| &src[f.byte_range()]);
                    if names.pointer_method(name) || (called && !names.is_method(name)) {
                        return false;
                    }
                    if called {
                        return true;
                    }
                    cur = p;
                }
                "slice_expression" if operand => return false,
                "unary_expression" => {
                    return p
                        .child_by_field_name("operator")
                        .is_none_or(|o| o.kind() != "&");
                }
                _ => return true,
            }
        }
        true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package declaring types `S` and `T`, variable `g`, a method `inc` with a pointer
    /// receiver and `get` with a value receiver.
    struct Test;
    impl Names for Test {
        fn is_type(&self, name: &str) -> bool {
            matches!(name, "S" | "T")
        }
        fn declared(&self, name: &str) -> bool {
            matches!(name, "S" | "T" | "g")
        }
        fn is_method(&self, name: &str) -> bool {
            matches!(name, "inc" | "get")
        }
        fn pointer_method(&self, name: &str) -> bool {
            name == "inc"
        }
    }

    fn setup(body: &str) -> (String, tree_sitter::Tree) {
        let src = format!("package p\n\nvar g int\n\nfunc f() {{\n{body}\n}}\n");
        let tree = crate::syntax::parse::parse(&src);
        (src, tree)
    }

    /// The unit of the first `MARK` identifier, and the first effect outside it.
    fn effect(body: &str) -> Option<String> {
        let (src, tree) = setup(body);
        let root = tree.root_node();
        let scopes = crate::semantic::scope::resolve(root, &src);
        let mark = descendants(root)
            .into_iter()
            .find(|n| n.kind() == "identifier" && &src[n.byte_range()] == "MARK")
            .unwrap();
        let unit = evaluation_unit(mark);
        other_effect(unit, &[mark], &src, &scopes, &Test, &|_| false)
            .map(|n| src[n.byte_range()].to_string())
    }

    #[test]
    fn effects_are_the_other_calls_of_the_statement() {
        assert_eq!(effect("\tx := MARK + next()").as_deref(), Some("next()"));
        assert_eq!(effect("\tx := MARK + len(s) + int64(y) + T(z)"), None);
        // The call holding the mark runs after it either way.
        assert_eq!(effect("\tprint(MARK)"), None);
        assert_eq!(effect("\tprint(MARK, <-ch)").as_deref(), Some("<-ch"));
        // Another statement is not part of it; a header is split from its body.
        assert_eq!(effect("\tx := MARK\n\tnext()"), None);
        assert_eq!(effect("\tif MARK > 0 {\n\t\tnext()\n\t}"), None);
        assert_eq!(effect("\tif v := next(); MARK > v {\n\t}"), None);
        // A function literal not called runs nothing here; one called is a call.
        assert_eq!(
            effect("\tfn := func() { next() }\n\t_ = fn\n\tx := MARK"),
            None
        );
        assert_eq!(
            effect("\tx := MARK + func() int { return 1 }()").as_deref(),
            Some("func() int { return 1 }()")
        );
        // A shadowed builtin is a function of the program's.
        assert_eq!(
            effect("\tlen := func(int) int { return 0 }\n\tx := MARK + len(1)").as_deref(),
            Some("len(1)")
        );
    }

    fn private(body: &str) -> bool {
        let (src, tree) = setup(body);
        let root = tree.root_node();
        let scopes = crate::semantic::scope::resolve(root, &src);
        let x = descendants(root)
            .into_iter()
            .find(|n| n.kind() == "identifier" && &src[n.byte_range()] == "x")
            .unwrap();
        let d = scopes.decl_at(x.start_byte()).unwrap();
        let func = ancestors(x).find(|a| is_function(*a)).unwrap();
        private_local(root, &src, func, &scopes, d, &Test, &|_| false)
    }

    #[test]
    fn a_local_is_private_until_a_pointer_or_a_closure_reaches_it() {
        assert!(private("\tx := 0\n\tx++\n\ty := x + 1\n\t_ = y"));
        assert!(private("\tvar x [4]int\n\tx[1] = 2\n\t_ = x.n"));
        assert!(!private("\tx := 0\n\tp := &x\n\t_ = p"));
        assert!(!private("\tvar x [4]int\n\t_ = &x[1]"));
        assert!(!private("\tvar x [4]int\n\t_ = x[:]"));
        assert!(!private("\tvar x S\n\tx.inc()"));
        assert!(!private("\tvar x S\n\tf := x.inc\n\t_ = f"));
        assert!(!private("\tvar x S\n\tx.String()"));
        // A value receiver is handed a copy.
        assert!(private("\tvar x S\n\t_ = x.get()"));
        assert!(!private("\tx := 0\n\tinc := func() { x++ }\n\t_ = inc"));
    }
}
