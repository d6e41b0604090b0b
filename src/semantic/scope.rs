//! What each identifier inside a function refers to: lexical scopes with shadowing in blocks
//! and in if/for/switch/select headers, closures, parameters, named results and type params.
//!
//! Identifiers that resolve to nothing local refer to the package (or the universe, or an
//! import); consumers find a package-level object's uses as the identifiers of its name
//! that are neither definitions nor locally bound.

use crate::syntax::ast::{field_children, named_children};
use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

pub(crate) type DeclId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclKind {
    Var,
    Const,
    Type,
    Param,
    Result,
    Receiver,
    TypeParam,
}

#[derive(Debug, Clone)]
#[allow(
    dead_code,
    reason = "name and scope are for debugging output and the transforms of issues 3 and 4"
)]
pub(crate) struct Decl {
    pub(crate) name: String,
    /// Byte range of the declaring name.
    pub(crate) name_start: usize,
    pub(crate) kind: DeclKind,
    /// The statement or spec that declares it (for a range or for-clause variable: the
    /// `for` statement).
    pub(crate) stmt: (usize, usize),
    pub(crate) scope: usize,
}

#[derive(Debug)]
struct ScopeNode {
    start: usize,
    end: usize,
    parent: Option<usize>,
    /// name, declaration, the byte from which it is visible.
    names: Vec<(String, DeclId, usize)>,
}

/// The resolution of one file.
#[derive(Debug, Default)]
pub(crate) struct ScopeInfo {
    pub(crate) decls: Vec<Decl>,
    uses: HashMap<usize, DeclId>,
    defs: HashSet<usize>,
    /// Every use of each declaration, sorted (filled once resolution is done).
    by_decl: HashMap<DeclId, Vec<usize>>,
    /// Each declaration by the start of its name.
    by_name_start: HashMap<usize, DeclId>,
    /// Variables used where the parse misreads an index expression as a generic
    /// instantiation (`b[q.I][q.J]`): their uses cannot be followed.
    opaque: HashSet<DeclId>,
    scopes: Vec<ScopeNode>,
}

impl ScopeInfo {
    /// The local declaration an identifier (by its start byte) refers to, if any.
    pub(crate) fn local(&self, ident_start: usize) -> Option<DeclId> {
        self.uses.get(&ident_start).copied()
    }

    /// Whether this identifier (by its start byte) declares something.
    pub(crate) fn is_def(&self, ident_start: usize) -> bool {
        self.defs.contains(&ident_start)
    }

    pub(crate) fn decl(&self, id: DeclId) -> &Decl {
        &self.decls[id]
    }

    /// The declaration whose name starts at this byte.
    pub(crate) fn decl_at(&self, name_start: usize) -> Option<DeclId> {
        self.by_name_start.get(&name_start).copied()
    }

    /// Whether some use of `id` is one the parse misreads (see `opaque`): an analysis that
    /// must see every use of `id` cannot.
    pub(crate) fn opaque(&self, id: DeclId) -> bool {
        self.opaque.contains(&id)
    }

    /// Every identifier bound to `id`.
    pub(crate) fn uses_of(&self, id: DeclId) -> Vec<usize> {
        self.by_decl.get(&id).cloned().unwrap_or_default()
    }

    /// What `name` would refer to if written at byte `pos`: a local declaration, or `None`
    /// for the package level.
    pub(crate) fn lookup(&self, name: &str, pos: usize) -> Option<DeclId> {
        let mut scope = self
            .scopes
            .iter()
            .enumerate()
            .filter(|(_, s)| s.start <= pos && pos < s.end)
            .max_by_key(|(_, s)| (s.start, std::cmp::Reverse(s.end)))
            .map(|(i, _)| i);
        while let Some(i) = scope {
            let s = &self.scopes[i];
            if let Some(&(_, d, _)) = s
                .names
                .iter()
                .rev()
                .find(|(n, _, from)| n == name && *from <= pos)
            {
                return Some(d);
            }
            scope = s.parent;
        }
        None
    }
}

pub(crate) fn resolve(root: Node<'_>, src: &str) -> ScopeInfo {
    let mut r = Resolver {
        src,
        info: ScopeInfo::default(),
        stack: Vec::new(),
    };
    let mut cursor = root.walk();
    for top in root.named_children(&mut cursor) {
        match top.kind() {
            "function_declaration" | "method_declaration" => r.function(top),
            "var_declaration" | "const_declaration" | "type_declaration" => {
                r.mark_top_level_defs(top);
                r.walk(top);
            }
            _ => r.walk(top),
        }
    }
    let mut info = r.info;
    for (&at, &d) in &info.uses {
        info.by_decl.entry(d).or_default().push(at);
    }
    for v in info.by_decl.values_mut() {
        v.sort_unstable();
    }
    // The first declaration of a name start wins, as the linear search it replaces did.
    for (i, d) in info.decls.iter().enumerate().rev() {
        info.by_name_start.insert(d.name_start, i);
    }
    info
}

struct Frame {
    scope: usize,
    names: HashMap<String, DeclId>,
}

struct Resolver<'a> {
    src: &'a str,
    info: ScopeInfo,
    stack: Vec<Frame>,
}

/// Whether an anonymous child token `tok` appears among `n`'s children (e.g. `:=`).
pub(crate) fn has_token(n: Node<'_>, tok: &str) -> bool {
    let mut c = n.walk();
    n.children(&mut c)
        .any(|ch| !ch.is_named() && ch.kind() == tok)
}

impl<'a> Resolver<'a> {
    fn text(&self, n: Node<'_>) -> &'a str {
        &self.src[n.byte_range()]
    }

    fn push(&mut self, n: Node<'_>) {
        let parent = self.stack.last().map(|f| f.scope);
        self.info.scopes.push(ScopeNode {
            start: n.start_byte(),
            end: n.end_byte(),
            parent,
            names: Vec::new(),
        });
        self.stack.push(Frame {
            scope: self.info.scopes.len() - 1,
            names: HashMap::new(),
        });
    }

    fn pop(&mut self) {
        self.stack.pop();
    }

    fn declare(
        &mut self,
        name: Node<'_>,
        kind: DeclKind,
        stmt: (usize, usize),
        visible_from: usize,
    ) {
        self.info.defs.insert(name.start_byte());
        let text = self.text(name);
        if text == "_" {
            return;
        }
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let id = self.info.decls.len();
        self.info.decls.push(Decl {
            name: text.to_string(),
            name_start: name.start_byte(),
            kind,
            stmt,
            scope: frame.scope,
        });
        frame.names.insert(text.to_string(), id);
        self.info.scopes[frame.scope]
            .names
            .push((text.to_string(), id, visible_from));
    }

    fn use_ident(&mut self, n: Node<'_>) {
        let name = self.text(n);
        for f in self.stack.iter().rev() {
            if let Some(&d) = f.names.get(name) {
                self.info.uses.insert(n.start_byte(), d);
                return;
            }
        }
    }

    fn mark_top_level_defs(&mut self, decl: Node<'_>) {
        let mut stack = vec![decl];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "var_spec" | "const_spec" | "type_spec" | "type_alias" => {
                    for name in field_children(n, "name") {
                        self.info.defs.insert(name.start_byte());
                    }
                }
                "var_declaration" | "const_declaration" | "type_declaration" | "var_spec_list" => {
                    stack.extend(named_children(n));
                }
                _ => {}
            }
        }
    }

    /// A function declaration, method or literal: one block for its type parameters,
    /// receiver, parameters and results, which its body's top-level declarations share.
    fn function(&mut self, f: Node<'_>) {
        if let Some(name) = f.child_by_field_name("name") {
            // A literal has no name; a declaration's name is defined at the package level.
            self.info.defs.insert(name.start_byte());
        }
        self.push(f);
        let start = f.start_byte();
        if let Some(tp) = f.child_by_field_name("type_parameters") {
            self.type_params(tp, start);
        }
        if let Some(recv) = f.child_by_field_name("receiver") {
            // `func (s *S[K, V]) F()` declares K and V in the method's scope.
            for d in named_children(recv) {
                let mut t = d.child_by_field_name("type");
                while let Some(p) =
                    t.filter(|t| matches!(t.kind(), "pointer_type" | "parenthesized_type"))
                {
                    t = named_children(p).into_iter().next();
                }
                let args = t
                    .filter(|t| t.kind() == "generic_type")
                    .and_then(|g| g.child_by_field_name("type_arguments"));
                for a in args.map(named_children).unwrap_or_default() {
                    let name = if a.kind() == "type_elem" {
                        named_children(a).into_iter().next()
                    } else {
                        Some(a)
                    };
                    if let Some(name) = name.filter(|n| n.kind() == "type_identifier") {
                        self.declare(
                            name,
                            DeclKind::TypeParam,
                            (d.start_byte(), d.end_byte()),
                            start,
                        );
                    }
                }
            }
            self.params(recv, DeclKind::Receiver, start);
        }
        if let Some(p) = f.child_by_field_name("parameters") {
            self.params(p, DeclKind::Param, start);
        }
        if let Some(res) = f.child_by_field_name("result") {
            if res.kind() == "parameter_list" {
                self.params(res, DeclKind::Result, start);
            } else {
                self.walk(res);
            }
        }
        if let Some(body) = f.child_by_field_name("body") {
            self.block_contents(body);
        }
        self.pop();
    }

    fn type_params(&mut self, list: Node<'_>, from: usize) {
        let decls: Vec<_> = named_children(list);
        for d in &decls {
            for name in field_children(*d, "name") {
                self.declare(
                    name,
                    DeclKind::TypeParam,
                    (d.start_byte(), d.end_byte()),
                    from,
                );
            }
        }
        for d in decls {
            if let Some(t) = d.child_by_field_name("type") {
                self.walk(t);
            }
        }
    }

    fn params(&mut self, list: Node<'_>, kind: DeclKind, from: usize) {
        let decls = named_children(list);
        for d in &decls {
            if let Some(t) = d.child_by_field_name("type") {
                self.walk(t);
            }
        }
        for d in decls {
            for name in field_children(d, "name") {
                self.declare(name, kind, (d.start_byte(), d.end_byte()), from);
            }
        }
    }

    fn block_contents(&mut self, block: Node<'_>) {
        for ch in named_children(block) {
            if ch.kind() == "statement_list" {
                for s in named_children(ch) {
                    self.walk(s);
                }
            } else {
                self.walk(ch);
            }
        }
    }

    fn walk(&mut self, n: Node<'_>) {
        match n.kind() {
            "identifier" | "type_identifier" => self.use_ident(n),
            // tree-sitter-go reads `b[q.I][q.J]` and `x.F[i.A]` as generic instantiations
            // (`b` a type, `q`, `x` package names): a variable named there is used in a way
            // no analysis can follow, and its declaration is marked opaque.
            "type_instantiation_expression" => {
                for d in std::iter::once(n).chain(crate::syntax::ast::descendants(n)) {
                    if matches!(d.kind(), "type_identifier" | "package_identifier") {
                        self.use_ident(d);
                        if let Some(&id) = self.info.uses.get(&d.start_byte())
                            && !matches!(
                                self.info.decls[id].kind,
                                DeclKind::Type | DeclKind::TypeParam
                            )
                        {
                            self.info.opaque.insert(id);
                        }
                    }
                }
            }
            "block" => {
                self.push(n);
                self.block_contents(n);
                self.pop();
            }
            "func_literal" => self.function(n),
            // Names in a function type or an interface method are not declared anywhere.
            "parameter_declaration" | "variadic_parameter_declaration" => {
                if let Some(t) = n.child_by_field_name("type") {
                    self.walk(t);
                }
            }
            "short_var_declaration" => {
                if let Some(r) = n.child_by_field_name("right") {
                    self.walk(r);
                }
                let stmt = (n.start_byte(), n.end_byte());
                if let Some(l) = n.child_by_field_name("left") {
                    for name in named_children(l) {
                        self.redeclare_or_declare(name, stmt);
                    }
                }
            }
            "var_spec" | "const_spec" => {
                if self.stack.is_empty() {
                    return self.walk_children(n);
                }
                if let Some(t) = n.child_by_field_name("type") {
                    self.walk(t);
                }
                if let Some(v) = n.child_by_field_name("value") {
                    self.walk(v);
                }
                let kind = if n.kind() == "var_spec" {
                    DeclKind::Var
                } else {
                    DeclKind::Const
                };
                let stmt = (n.start_byte(), n.end_byte());
                for name in field_children(n, "name") {
                    self.declare(name, kind, stmt, n.end_byte());
                }
            }
            "type_spec" | "type_alias" => {
                if self.stack.is_empty() {
                    return self.walk_children(n);
                }
                let stmt = (n.start_byte(), n.end_byte());
                if let Some(name) = n.child_by_field_name("name") {
                    // A type is in scope inside its own declaration.
                    self.declare(name, DeclKind::Type, stmt, name.end_byte());
                }
                for ch in named_children(n) {
                    if Some(ch) != n.child_by_field_name("name") {
                        self.walk(ch);
                    }
                }
            }
            "if_statement" | "expression_switch_statement" | "select_statement" => {
                self.push(n);
                self.walk_children(n);
                self.pop();
            }
            "expression_case" | "default_case" | "communication_case" => {
                self.push(n);
                self.walk_children(n);
                self.pop();
            }
            "receive_statement" => {
                if let Some(r) = n.child_by_field_name("right") {
                    self.walk(r);
                }
                if let Some(l) = n.child_by_field_name("left") {
                    if has_token(n, ":=") {
                        let stmt = (n.start_byte(), n.end_byte());
                        for name in named_children(l) {
                            self.declare(name, DeclKind::Var, stmt, n.end_byte());
                        }
                    } else {
                        self.walk(l);
                    }
                }
            }
            "for_statement" => {
                self.push(n);
                for ch in named_children(n) {
                    match ch.kind() {
                        "range_clause" => self.range_clause(ch, n),
                        "for_clause" => self.for_clause(ch, n),
                        _ => self.walk(ch),
                    }
                }
                self.pop();
            }
            "type_switch_statement" => self.type_switch(n),
            _ => self.walk_children(n),
        }
    }

    fn walk_children(&mut self, n: Node<'_>) {
        for ch in named_children(n) {
            self.walk(ch);
        }
    }

    /// `a, err := f()` declares only the names new to the innermost scope.
    fn redeclare_or_declare(&mut self, name: Node<'_>, stmt: (usize, usize)) {
        if name.kind() != "identifier" {
            return self.walk(name);
        }
        let text = self.text(name);
        if let Some(&d) = self.stack.last().and_then(|f| f.names.get(text)) {
            self.info.uses.insert(name.start_byte(), d);
            return;
        }
        self.declare(name, DeclKind::Var, stmt, stmt.1);
    }

    fn range_clause(&mut self, clause: Node<'_>, for_stmt: Node<'_>) {
        if let Some(r) = clause.child_by_field_name("right") {
            self.walk(r);
        }
        if let Some(l) = clause.child_by_field_name("left") {
            if has_token(clause, ":=") {
                let stmt = (for_stmt.start_byte(), for_stmt.end_byte());
                for name in named_children(l) {
                    self.declare(name, DeclKind::Var, stmt, clause.end_byte());
                }
            } else {
                self.walk(l);
            }
        }
    }

    fn for_clause(&mut self, clause: Node<'_>, for_stmt: Node<'_>) {
        if let Some(init) = clause.child_by_field_name("initializer") {
            if init.kind() == "short_var_declaration" {
                if let Some(r) = init.child_by_field_name("right") {
                    self.walk(r);
                }
                let stmt = (for_stmt.start_byte(), for_stmt.end_byte());
                if let Some(l) = init.child_by_field_name("left") {
                    for name in named_children(l) {
                        self.declare(name, DeclKind::Var, stmt, init.end_byte());
                    }
                }
            } else {
                self.walk(init);
            }
        }
        for f in ["condition", "update"] {
            if let Some(ch) = clause.child_by_field_name(f) {
                self.walk(ch);
            }
        }
    }

    fn type_switch(&mut self, n: Node<'_>) {
        self.push(n);
        if let Some(init) = n.child_by_field_name("initializer") {
            self.walk(init);
        }
        if let Some(v) = n.child_by_field_name("value") {
            self.walk(v);
        }
        let alias = n
            .child_by_field_name("alias")
            .and_then(|a| named_children(a).into_iter().next());
        for ch in named_children(n) {
            if !matches!(ch.kind(), "type_case" | "default_case") {
                continue;
            }
            self.push(ch);
            if let Some(a) = alias {
                self.declare(
                    a,
                    DeclKind::Var,
                    (n.start_byte(), n.end_byte()),
                    ch.start_byte(),
                );
            }
            self.walk_children(ch);
            self.pop();
        }
        self.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(src: &str) -> (ScopeInfo, Vec<(usize, Option<usize>)>) {
        let tree = crate::syntax::parse::parse(src);
        let info = resolve(tree.root_node(), src);
        // For every `x` use: the line of the declaration it binds to.
        let mut out = Vec::new();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier"
                && &src[n.byte_range()] == "x"
                && !info.is_def(n.start_byte())
            {
                let line = n.start_position().row + 1;
                let decl_line = info
                    .local(n.start_byte())
                    .map(|d| src[..info.decl(d).name_start].matches('\n').count() + 1);
                out.push((line, decl_line));
            }
            let mut c = n.walk();
            stack.extend(n.children(&mut c));
        }
        out.sort_unstable();
        (info, out)
    }

    #[test]
    fn shadowing_in_blocks_headers_and_closures() {
        let src = "package p

var x = 1

func f(x int) (r int) {
	_ = x
	if x := 2; x > 0 {
		_ = x
	}
	for x := range 3 {
		_ = x
	}
	func() {
		x := 3
		_ = x
	}()
	{
		_ = x
		x := 4
		_ = x
	}
	return x
}

func g() int { return x }
";
        let (_, uses) = resolved(src);
        assert_eq!(
            uses,
            vec![
                (6, Some(5)),
                (7, Some(7)),
                (8, Some(7)),
                (11, Some(10)),
                (15, Some(14)),
                (18, Some(5)),
                (20, Some(19)),
                (22, Some(5)),
                (25, None),
            ]
        );
    }

    #[test]
    fn short_redeclaration_reuses_the_same_scope_variable() {
        let src = "package p

func f() {
	x, a := 1, 2
	x, b := 3, 4
	_, _, _ = x, a, b
}
";
        let (_, uses) = resolved(src);
        assert_eq!(uses, vec![(5, Some(4)), (6, Some(4))]);
    }

    #[test]
    fn type_switch_alias_and_select() {
        let src = "package p

func f(v any, ch chan int) {
	switch x := v.(type) {
	case int:
		_ = x
	}
	select {
	case x := <-ch:
		_ = x
	}
}
";
        let (_, uses) = resolved(src);
        assert_eq!(uses, vec![(6, Some(4)), (10, Some(9))]);
    }

    #[test]
    fn a_receiver_declares_its_type_parameters() {
        let src = "package p

type S[K comparable, V any] struct{}

func (s *S[K, _]) F() {
	var m map[K]int
	_ = m
}

func (s S[V, W]) G() {}
";
        let tree = crate::syntax::parse::parse(src);
        let info = resolve(tree.root_node(), src);
        let inside = src.find("_ = m").unwrap();
        let d = info.lookup("K", inside).expect("K is the receiver's");
        assert_eq!(info.decl(d).kind, DeclKind::TypeParam);
        assert!(info.lookup("V", inside).is_none(), "V is G's, not F's");
        assert!(info.lookup("K", src.find("func (s S").unwrap()).is_none());
    }

    #[test]
    fn an_index_of_an_index_with_selector_indices_binds_its_variables() {
        // tree-sitter-go read b[q.I][q.J] as a generic instantiation (its variables were
        // then opaque); the patched grammar reads the index of an index go/parser reads.
        let src = "package p

func f(q struct{ I, J int }) {
	b := [][2]int{}
	c := 1
	p := &b[q.I][q.J]
	_, _ = p, c
}
";
        let tree = crate::syntax::parse::parse(src);
        let info = resolve(tree.root_node(), src);
        let at = src.find("_, _").unwrap();
        let b = info.lookup("b", at).unwrap();
        let q = info.lookup("q", at).unwrap();
        let c = info.lookup("c", at).unwrap();
        assert!(!info.opaque(b) && !info.opaque(q) && !info.opaque(c));
        assert_eq!(info.uses_of(q).len(), 2, "both of q's uses are bound");
        assert_eq!(info.uses_of(b).len(), 1);
    }

    #[test]
    fn lookup_at_a_position() {
        let src = "package p

func f() {
	a := 1
	{
		n := 2
		_ = n
	}
	_ = a
}
";
        let tree = crate::syntax::parse::parse(src);
        let info = resolve(tree.root_node(), src);
        let inner = src.find("_ = n").unwrap();
        let outer = src.find("_ = a").unwrap();
        assert!(info.lookup("n", inner).is_some());
        assert!(info.lookup("n", outer).is_none());
        assert!(info.lookup("a", outer).is_some());
        assert!(info.lookup("a", src.find("a := 1").unwrap()).is_none());
    }
}
