//! The control-flow graph of one function body, built from the tree by Go's rules for
//! statements: `if`/`else`, the three `for` forms and `range`, expression and type
//! switches (cases tried in order, `default` last, `fallthrough`), `select`, labels,
//! `break`/`continue` (labelled or not), `goto` and `return`.
//!
//! A node is a simple statement or the evaluated part of a compound one (an `if`'s
//! condition, a `for`'s post statement, a case's expressions, a `range` expression).
//! The graph over-approximates: every branch may be taken, a call may return, and a
//! function literal is a function of its own (its body is not part of this graph). A body
//! the builder does not understand (a parse error, an unknown statement) gives no graph,
//! and the callers then assume the worst.

use crate::syntax::ast::{ancestors, block_statements, named_children};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tree_sitter::Node;

/// The node every path starts at.
pub(crate) const ENTRY: usize = 0;
/// The node every returning path ends at.
pub(crate) const EXIT: usize = 1;

pub(crate) struct Cfg<'t> {
    /// The tree node each graph node stands for (`None` for entry, exit and joins).
    trees: Vec<Option<Node<'t>>>,
    succ: Vec<Vec<usize>>,
    pred: Vec<Vec<usize>>,
    /// Graph node of each tree node (by tree-sitter node id).
    at: HashMap<usize, usize>,
}

/// The graphs of one file's functions, each built the first time it is asked for: an
/// analysis that asks about many points of one function builds its graph once.
#[derive(Default)]
pub(crate) struct Graphs<'t>(RefCell<HashMap<usize, Option<Rc<Cfg<'t>>>>>);

impl<'t> Graphs<'t> {
    /// The graph of `func` (see [`Cfg::build`]).
    pub(crate) fn of(&self, func: Node<'t>, src: &str) -> Option<Rc<Cfg<'t>>> {
        self.0
            .borrow_mut()
            .entry(func.id())
            .or_insert_with(|| Cfg::build(func, src).map(Rc::new))
            .clone()
    }
}

/// A statement that `break` (and for loops `continue`) may leave.
struct Target {
    label: Option<String>,
    /// Where `continue` goes, for a loop.
    cont: Option<usize>,
    breaks: Vec<usize>,
}

struct Builder<'s, 't> {
    src: &'s str,
    g: Cfg<'t>,
    targets: Vec<Target>,
    labels: HashMap<String, usize>,
    gotos: Vec<(usize, String)>,
    /// The `fallthrough` statements of the clause being built.
    fallthrough: Vec<usize>,
}

impl<'t> Cfg<'t> {
    /// The graph of a function declaration's or literal's body; `None` when the body holds
    /// something the builder does not understand.
    pub(crate) fn build(func: Node<'t>, src: &str) -> Option<Cfg<'t>> {
        let body = func.child_by_field_name("body")?;
        let mut b = Builder {
            src,
            g: Cfg {
                trees: vec![None, None],
                succ: vec![Vec::new(), Vec::new()],
                pred: vec![Vec::new(), Vec::new()],
                at: HashMap::new(),
            },
            targets: Vec::new(),
            labels: HashMap::new(),
            gotos: Vec::new(),
            fallthrough: Vec::new(),
        };
        let outs = b.block(body, vec![ENTRY])?;
        b.link_all(&outs, EXIT);
        for (from, label) in std::mem::take(&mut b.gotos) {
            let to = *b.labels.get(&label)?;
            b.link(from, to);
        }
        if !b.fallthrough.is_empty() {
            return None;
        }
        Some(b.g)
    }

    /// The graph node that evaluates `n`: the innermost simple statement or evaluated part
    /// holding it. `None` when `n` is not in this body or sits inside a function literal
    /// (a literal itself is located where it is evaluated).
    pub(crate) fn locate(&self, n: Node<'t>) -> Option<usize> {
        for a in std::iter::once(n).chain(ancestors(n)) {
            if let Some(&i) = self.at.get(&a.id()) {
                return Some(i);
            }
            if a.kind() == "func_literal" && a != n {
                return None;
            }
        }
        None
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.trees.len()
    }

    /// The nodes reachable from `from` by one step or more, never passing through a node
    /// of `avoid` (such a node is reached, not left).
    pub(crate) fn forward(&self, from: usize, avoid: &[usize]) -> Vec<bool> {
        walk(&self.succ, from, avoid)
    }

    /// The nodes from which `to` is reachable by one step or more, never passing through a
    /// node of `avoid` on the way.
    pub(crate) fn backward(&self, to: usize, avoid: &[usize]) -> Vec<bool> {
        walk(&self.pred, to, avoid)
    }

    /// Whether some path goes from `a` to `b` (one step or more) without passing through a
    /// node of `avoid` in between.
    pub(crate) fn reaches(&self, a: usize, b: usize, avoid: &[usize]) -> bool {
        self.forward(a, avoid)[b]
    }

    #[cfg(test)]
    fn tree(&self, i: usize) -> Option<Node<'t>> {
        self.trees[i]
    }
}

/// The statements of a switch or select clause (after its `case ...:`).
fn clause_statements(clause: Node<'_>) -> Vec<Node<'_>> {
    named_children(clause)
        .into_iter()
        .filter(|x| x.kind() == "statement_list")
        .flat_map(named_children)
        .collect()
}

fn walk(edges: &[Vec<usize>], start: usize, avoid: &[usize]) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = edges[start].clone();
    while let Some(n) = stack.pop() {
        if seen[n] {
            continue;
        }
        seen[n] = true;
        if !avoid.contains(&n) {
            stack.extend(edges[n].iter().copied());
        }
    }
    seen
}

impl<'t> Builder<'_, 't> {
    fn add(&mut self, tree: Option<Node<'t>>, preds: &[usize]) -> usize {
        let id = self.g.trees.len();
        self.g.trees.push(tree);
        self.g.succ.push(Vec::new());
        self.g.pred.push(Vec::new());
        if let Some(t) = tree {
            self.g.at.insert(t.id(), id);
        }
        self.link_all(preds, id);
        id
    }

    fn link(&mut self, a: usize, b: usize) {
        if !self.g.succ[a].contains(&b) {
            self.g.succ[a].push(b);
            self.g.pred[b].push(a);
        }
    }

    fn link_all(&mut self, preds: &[usize], b: usize) {
        for &p in preds {
            self.link(p, b);
        }
    }

    fn text(&self, n: Node<'_>) -> String {
        self.src[n.byte_range()].to_string()
    }

    /// A block (or a clause's statement list): its statements in order.
    fn block(&mut self, block: Node<'t>, ins: Vec<usize>) -> Option<Vec<usize>> {
        self.seq(&block_statements(block), ins)
    }

    fn seq(&mut self, stmts: &[Node<'t>], mut ins: Vec<usize>) -> Option<Vec<usize>> {
        for s in stmts {
            ins = self.stmt(*s, ins, None)?;
        }
        Some(ins)
    }

    /// The statement `s` entered from `ins`; its fall-out nodes. `label` is the label of
    /// a labelled statement around it.
    fn stmt(&mut self, s: Node<'t>, ins: Vec<usize>, label: Option<String>) -> Option<Vec<usize>> {
        if s.has_error() {
            return None;
        }
        match s.kind() {
            "expression_statement"
            | "send_statement"
            | "inc_statement"
            | "dec_statement"
            | "assignment_statement"
            | "short_var_declaration"
            | "var_declaration"
            | "const_declaration"
            | "type_declaration"
            | "go_statement"
            | "defer_statement"
            | "empty_statement" => Some(vec![self.add(Some(s), &ins)]),
            "return_statement" => {
                let n = self.add(Some(s), &ins);
                self.link(n, EXIT);
                Some(Vec::new())
            }
            "block" => self.block(s, ins),
            "if_statement" => self.if_stmt(s, ins),
            "for_statement" => self.for_stmt(s, ins, label),
            "expression_switch_statement" | "type_switch_statement" => {
                self.switch_stmt(s, ins, label)
            }
            "select_statement" => self.select_stmt(s, ins, label),
            "labeled_statement" => {
                let name = s.child_by_field_name("label").map(|l| self.text(l))?;
                // The label's own node runs just before its statement (and stands for it
                // when the whole labelled statement is asked for).
                let join = self.add(Some(s), &ins);
                if self.labels.insert(name.clone(), join).is_some() {
                    return None;
                }
                let inner = named_children(s)
                    .into_iter()
                    .find(|c| c.kind() != "label_name");
                match inner {
                    Some(st) => self.stmt(st, vec![join], Some(name)),
                    None => Some(vec![join]),
                }
            }
            "goto_statement" => {
                let n = self.add(Some(s), &ins);
                let name = named_children(s)
                    .into_iter()
                    .find(|c| c.kind() == "label_name")
                    .map(|l| self.text(l))?;
                self.gotos.push((n, name));
                Some(Vec::new())
            }
            "break_statement" | "continue_statement" => {
                let n = self.add(Some(s), &ins);
                let name = named_children(s)
                    .into_iter()
                    .find(|c| c.kind() == "label_name")
                    .map(|l| self.text(l));
                let cont = s.kind() == "continue_statement";
                let t = self.targets.iter_mut().rev().find(|t| match &name {
                    Some(l) => t.label.as_deref() == Some(l.as_str()),
                    None => !cont || t.cont.is_some(),
                })?;
                if cont {
                    let c = t.cont?;
                    self.link(n, c);
                } else {
                    t.breaks.push(n);
                }
                Some(Vec::new())
            }
            "fallthrough_statement" => {
                let n = self.add(Some(s), &ins);
                self.fallthrough.push(n);
                Some(Vec::new())
            }
            _ => None,
        }
    }

    fn if_stmt(&mut self, s: Node<'t>, mut ins: Vec<usize>) -> Option<Vec<usize>> {
        if let Some(init) = s.child_by_field_name("initializer") {
            ins = self.stmt(init, ins, None)?;
        }
        let cond = self.add(Some(s.child_by_field_name("condition")?), &ins);
        let mut outs = self.block(s.child_by_field_name("consequence")?, vec![cond])?;
        match s.child_by_field_name("alternative") {
            Some(alt) => outs.extend(self.stmt(alt, vec![cond], None)?),
            None => outs.push(cond),
        }
        Some(outs)
    }

    fn for_stmt(
        &mut self,
        s: Node<'t>,
        mut ins: Vec<usize>,
        label: Option<String>,
    ) -> Option<Vec<usize>> {
        let body = s.child_by_field_name("body")?;
        let header = named_children(s).into_iter().find(|c| *c != body);
        // The node each turn starts at, where `continue` goes, and whether the loop can
        // end without a `break`.
        let (head, cont, ends) = match header {
            None => {
                let head = self.add(None, &ins);
                (head, head, false)
            }
            Some(h) if h.kind() == "for_clause" => {
                if let Some(init) = h.child_by_field_name("initializer") {
                    ins = self.stmt(init, ins, None)?;
                }
                let cond = h.child_by_field_name("condition");
                let head = self.add(cond, &ins);
                let cont = match h.child_by_field_name("update") {
                    Some(u) => {
                        let post = self.stmt(u, Vec::new(), None)?;
                        let post = *post.first()?;
                        self.link(post, head);
                        post
                    }
                    None => head,
                };
                (head, cont, cond.is_some())
            }
            Some(h) if h.kind() == "range_clause" => {
                let over = self.add(Some(h.child_by_field_name("right")?), &ins);
                // Each turn assigns the iteration variables (when there are any).
                let head = self.add(h.child_by_field_name("left"), &[over]);
                (head, head, true)
            }
            Some(cond) => {
                let head = self.add(Some(cond), &ins);
                (head, head, true)
            }
        };
        self.targets.push(Target {
            label,
            cont: Some(cont),
            breaks: Vec::new(),
        });
        let outs = self.block(body, vec![head]);
        let t = self.targets.pop()?;
        self.link_all(&outs?, cont);
        let mut outs = t.breaks;
        if ends {
            outs.push(head);
        }
        Some(outs)
    }

    fn switch_stmt(
        &mut self,
        s: Node<'t>,
        mut ins: Vec<usize>,
        label: Option<String>,
    ) -> Option<Vec<usize>> {
        if let Some(init) = s.child_by_field_name("initializer") {
            ins = self.stmt(init, ins, None)?;
        }
        let tag = self.add(s.child_by_field_name("value"), &ins);
        let clauses: Vec<Node<'t>> = named_children(s)
            .into_iter()
            .filter(|c| matches!(c.kind(), "expression_case" | "type_case" | "default_case"))
            .collect();
        // Cases are tried in order; `default` is taken when none matches.
        let mut tried = tag;
        let mut entries = Vec::new();
        for c in &clauses {
            if c.kind() == "default_case" {
                entries.push(None);
            } else {
                let values = c.child_by_field_name("value");
                let test = match (c.kind(), values) {
                    ("expression_case", Some(v)) => self.add(Some(v), &[tried]),
                    _ => self.add(None, &[tried]),
                };
                tried = test;
                entries.push(Some(test));
            }
        }
        self.targets.push(Target {
            label,
            cont: None,
            breaks: Vec::new(),
        });
        let saved = std::mem::take(&mut self.fallthrough);
        let mut outs = Vec::new();
        let mut has_default = false;
        let mut built = Some(());
        for (c, entry) in clauses.iter().zip(&entries) {
            let mut from: Vec<usize> = std::mem::take(&mut self.fallthrough);
            match entry {
                Some(e) => from.push(*e),
                None => {
                    has_default = true;
                    from.push(tried);
                }
            }
            match self.seq(&clause_statements(*c), from) {
                Some(o) => outs.extend(o),
                None => built = None,
            }
        }
        let dangling = !self.fallthrough.is_empty();
        self.fallthrough = saved;
        let t = self.targets.pop()?;
        built?;
        if dangling {
            return None;
        }
        if !has_default {
            outs.push(tried);
        }
        outs.extend(t.breaks);
        Some(outs)
    }

    fn select_stmt(
        &mut self,
        s: Node<'t>,
        ins: Vec<usize>,
        label: Option<String>,
    ) -> Option<Vec<usize>> {
        let head = self.add(None, &ins);
        self.targets.push(Target {
            label,
            cont: None,
            breaks: Vec::new(),
        });
        let mut outs = Vec::new();
        let mut built = Some(());
        for c in named_children(s) {
            let from = match c.kind() {
                "communication_case" => match c.child_by_field_name("communication") {
                    Some(comm) => vec![self.add(Some(comm), &[head])],
                    None => {
                        built = None;
                        continue;
                    }
                },
                "default_case" => vec![head],
                _ => continue,
            };
            match self.seq(&clause_statements(c), from) {
                Some(o) => outs.extend(o),
                None => built = None,
            }
        }
        let t = self.targets.pop()?;
        built?;
        outs.extend(t.breaks);
        Some(outs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::ast::descendants;

    /// The graph of `f`'s body, and the graph node of the call `name()`.
    fn with_graph(body: &str, check: impl Fn(&Cfg<'_>, &dyn Fn(&str) -> usize)) {
        let src = format!("package p\n\nfunc f() {{\n{body}\n}}\n");
        let tree = crate::syntax::parse::parse(&src);
        let root = tree.root_node();
        let func = descendants(root)
            .into_iter()
            .find(|n| n.kind() == "function_declaration")
            .unwrap();
        let g = Cfg::build(func, &src).expect("a graph");
        let all = descendants(root);
        let node = |name: &str| {
            let call = all
                .iter()
                .find(|n| {
                    n.kind() == "call_expression" && src[n.byte_range()] == format!("{name}()")
                })
                .unwrap_or_else(|| panic!("no call {name}()"));
            g.locate(*call).unwrap()
        };
        check(&g, &node);
    }

    #[test]
    fn straight_line_and_branches() {
        with_graph(
            "\ta()\n\tif c {\n\t\tb()\n\t} else {\n\t\tc()\n\t}\n\td()",
            |g, n| {
                assert!(g.reaches(n("a"), n("b"), &[]));
                assert!(g.reaches(n("a"), n("c"), &[]));
                assert!(!g.reaches(n("b"), n("c"), &[]));
                assert!(g.reaches(n("c"), n("d"), &[]));
                assert!(!g.reaches(n("d"), n("a"), &[]));
                assert!(g.reaches(n("d"), EXIT, &[]));
                // Every path from a to d passes through b or c.
                assert!(!g.reaches(n("a"), n("d"), &[n("b"), n("c")]));
            },
        );
    }

    #[test]
    fn loops_break_continue_and_labels() {
        with_graph(
            "\tfor i := 0; i < 3; i++ {\n\t\ta()\n\t\tif c {\n\t\t\tcontinue\n\t\t}\n\t\tb()\n\t}\n\td()",
            |g, n| {
                assert!(g.reaches(n("b"), n("a"), &[]));
                assert!(g.reaches(n("a"), n("a"), &[]));
                assert!(g.reaches(n("a"), n("d"), &[n("b")]));
            },
        );
        with_graph(
            "outer:\n\tfor {\n\t\tfor {\n\t\t\ta()\n\t\t\tbreak outer\n\t\t}\n\t\tb()\n\t}\n\tc()",
            |g, n| {
                assert!(!g.reaches(n("a"), n("b"), &[]));
                assert!(g.reaches(n("a"), n("c"), &[]));
                // The inner loop ends only through the break, and the outer one only
                // through it too.
                assert!(!g.reaches(ENTRY, n("b"), &[]));
                assert!(!g.reaches(ENTRY, n("c"), &[n("a")]));
            },
        );
        with_graph("\tfor range xs {\n\t\ta()\n\t}\n\tb()", |g, n| {
            assert!(g.reaches(n("a"), n("a"), &[]));
            assert!(g.reaches(ENTRY, n("b"), &[n("a")]));
        });
    }

    #[test]
    fn switches_select_goto_and_return() {
        with_graph(
            "\tswitch x {\n\tcase 1:\n\t\ta()\n\t\tfallthrough\n\tcase 2:\n\t\tb()\n\tdefault:\n\t\tc()\n\t}\n\td()",
            |g, n| {
                assert!(g.reaches(n("a"), n("b"), &[]));
                assert!(!g.reaches(n("b"), n("c"), &[]));
                assert!(g.reaches(n("c"), n("d"), &[]));
                // With a default, some case runs.
                assert!(!g.reaches(ENTRY, n("d"), &[n("a"), n("b"), n("c")]));
            },
        );
        with_graph(
            "\tselect {\n\tcase <-ch:\n\t\ta()\n\tdefault:\n\t\tb()\n\t}\n\tc()",
            |g, n| {
                assert!(!g.reaches(n("a"), n("b"), &[]));
                assert!(g.reaches(n("b"), n("c"), &[]));
            },
        );
        with_graph(
            "\ta()\nagain:\n\tb()\n\tif c {\n\t\tgoto again\n\t}\n\td()\n\treturn\n\te()",
            |g, n| {
                assert!(g.reaches(n("b"), n("b"), &[]));
                assert!(!g.reaches(n("d"), n("b"), &[]));
                assert!(!g.reaches(ENTRY, n("e"), &[]));
            },
        );
    }

    #[test]
    fn points_in_headers_and_literals() {
        let src = "package p\n\nfunc f() {\n\tfor i := 0; i < n(); i++ {\n\t\tg := func() { h() }\n\t\t_ = g\n\t}\n}\n";
        let tree = crate::syntax::parse::parse(src);
        let root = tree.root_node();
        let func = descendants(root)
            .into_iter()
            .find(|n| n.kind() == "function_declaration")
            .unwrap();
        let g = Cfg::build(func, src).unwrap();
        let find = |t: &str| {
            *descendants(root)
                .iter()
                .find(|n| n.kind() == "call_expression" && &src[n.byte_range()] == t)
                .unwrap()
        };
        let cond = g.locate(find("n()")).unwrap();
        assert_eq!(g.tree(cond).map(|t| &src[t.byte_range()]), Some("i < n()"));
        assert!(g.reaches(cond, cond, &[]));
        assert_eq!(g.locate(find("h()")), None);
        assert!(g.len() > 4);
    }

    #[test]
    fn bodies_not_understood_give_no_graph() {
        let src = "package p\n\nfunc f() {\n\tgoto nowhere\n}\n";
        let tree = crate::syntax::parse::parse(src);
        let func = descendants(tree.root_node())
            .into_iter()
            .find(|n| n.kind() == "function_declaration")
            .unwrap();
        assert!(Cfg::build(func, src).is_none());
    }
}
