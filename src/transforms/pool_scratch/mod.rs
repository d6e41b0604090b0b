//! pool-scratch: scratch buffers and scratch maps that allocate on every call, taken from a
//! package-level `sync.Pool` instead, when nothing derived from them outlives the call.
//!
//! A site is worth rewriting only when it allocates: the compiler says so (`--escapes`,
//! `--escape-log`), or, without its word, the buffer goes through an interface call of the
//! non-retaining list (what makes it escape), or the map is filled in a loop (it grows past
//! one 8-entry group even on the stack). It is safe only when no alias of it is returned,
//! stored outside, captured or passed anywhere that could keep it: checked from the source,
//! whatever the compiler says.

mod detect;
mod prove;
mod reasons;
mod rewrite;

use super::{Context, Meta, Transform};
use crate::fix::edit::{Edit, Evidence, Findings, Fix, LineRef, SkipReason, indent_at};
use crate::semantic::escapes::{Fact, Verdict};
use crate::semantic::scope::DeclId;
use crate::syntax::ast::{ancestors, descendants, list_items, named_children, short, within};
use crate::syntax::package::Package;
use detect::{Kind, Site, has_site_text, may_have_site, short_var_decls};
use prove::Frame;
use reasons::Reason;
use std::cell::RefCell;
use std::collections::HashSet;
use tree_sitter::Node;

pub(crate) struct PoolScratch;

const RULE: &str = "pool-scratch";

static META: Meta = Meta {
    id: RULE,
    summary: "escaping scratch arrays and per-call maps into a shared sync.Pool",
    saving: "1 alloc and its bytes per call (a 4 KiB read buffer: 807 to 165 ns)",
    docs: include_str!("../../../transforms/pool-scratch/README.md"),
    prefilter: has_site_text,
    // Sites in files the tool may not edit are never looked at.
    // Only the function bodies holding a site's words are read (a site is a statement of
    // the body holding it, and its shape is read within that body).
    sites: |f| {
        f.editable
            && has_site_text(&f.text)
            && f.read_bodies(has_site_text, |t| may_have_site(t.root_node(), &f.text))
    },
    uses_escapes: true,
};

impl Transform for PoolScratch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
        for (file, f) in pkg.files.iter().enumerate() {
            if !f.parses()
                || !f.editable
                || !has_site_text(&f.text)
                || f.without_sites.contains(&RULE)
            {
                continue;
            }
            for n in short_var_decls(f.tree().root_node(), &f.text) {
                let a = Analysis {
                    pkg,
                    ctx,
                    file,
                    via: RefCell::new(None),
                    basis: RefCell::new(Vec::new()),
                    visiting: RefCell::new(HashSet::new()),
                };
                if let Some(site) = a.site(n) {
                    let at = site.init.start_byte();
                    if out.ignored(ctx, file, at) {
                        continue;
                    }
                    // One owner per site (the registry's rule).
                    if let Some(size) = (site.kind == Kind::Map)
                        .then(|| super::owned_by_map_value_boundary(pkg, ctx, file, site.ty))
                        .flatten()
                    {
                        out.skip(file, at, Reason::ValuesOutside(size));
                        continue;
                    }
                    match a.fix(&site) {
                        Ok(fix) => out.fixes.push(fix),
                        Err(r) => out.skip(file, at, r),
                    }
                }
            }
        }
    }
}

struct Analysis<'a, 't> {
    pkg: &'t Package,
    ctx: &'a Context,
    file: usize,
    /// The interface call that makes the buffer escape, when one was seen.
    via: RefCell<Option<String>>,
    /// The calls the buffer is passed to, each with what it was judged by.
    basis: RefCell<Vec<(String, prove::Basis)>>,
    /// Same-package parameters being checked (a recursive call is assumed to keep the rules).
    visiting: RefCell<HashSet<(usize, DeclId)>>,
}

/// `binary.BigEndian.PutUint32(b, v)`, `base64.StdEncoding.Encode(dst, src)`: package,
/// variables, methods (derived result?).
type LibValues = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, bool)],
);
impl<'a, 't> Analysis<'a, 't> {
    fn src_of(&self, file: usize) -> &'t str {
        &self.pkg.files[file].text
    }

    fn src(&self) -> &'t str {
        self.src_of(self.file)
    }

    fn text(&self, n: Node<'_>) -> &'t str {
        &self.src()[n.byte_range()]
    }

    fn line_ref(&self, file: usize, n: Node<'_>) -> LineRef {
        LineRef::of(self.ctx, file, n.start_byte())
    }

    /// Whether `name` at `pos` is the universe's (not declared in the function or package).
    fn builtin(&self, file: usize, name: &str, pos: usize) -> bool {
        self.ctx.scopes[file].lookup(name, pos).is_none()
            && !self.ctx.index.top_level.contains_key(name)
    }

    /// A constant expression's value, when every name in it is a package constant.
    fn constant(&self, n: Node<'_>) -> Option<i128> {
        crate::semantic::consts::value(self.pkg, self.ctx, self.file, n)
    }

    fn fix(&self, site: &Site<'t>) -> Result<Fix, Reason> {
        let src = self.src();
        // A goto may make the statement run again outside any loop the rewrite sees (its
        // Get and deferred Put would pile up): by the function's control flow, the
        // statement must not be on a cycle.
        if descendants(site.func)
            .iter()
            .any(|n| n.kind() == "goto_statement")
        {
            let repeats = crate::semantic::cfg::Cfg::build(site.func, src)
                .and_then(|g| g.locate(site.stmt).map(|n| g.reaches(n, n, &[])))
                .unwrap_or(true);
            if repeats {
                return Err(Reason::Goto);
            }
        }
        if crate::syntax::ast::has_comment(site.stmt) {
            return Err(Reason::Comment);
        }
        // Made once per call to be reused across a loop's turns (gomapfix's own hoist, or a
        // maintainer's): that is the form wanted, not a pool's.
        if site.outer_loop.is_none()
            && let Some(lp) = self.cleared_in_loop(site)
        {
            return Err(Reason::ReusedInLoop(self.line_ref(self.file, lp)));
        }
        if let Some(l) = site.len
            && self.constant(l).is_none()
        {
            return Err(Reason::Length(short(src, l)));
        }
        // A constant hint has no effect to lose (a negative constant does not compile).
        if let Some(h) = site.hint
            && self.constant(h).is_none()
        {
            return Err(Reason::SizeHint(short(src, h)));
        }
        for id in descendants(site.ty) {
            if matches!(id.kind(), "type_identifier" | "identifier")
                && self.ctx.scopes[self.file]
                    .lookup(self.text(id), id.start_byte())
                    .is_some()
            {
                return Err(Reason::LocalType(short(src, site.ty)));
            }
        }
        // The compiler's word that the site stays on the stack decides first: whatever else
        // holds it back, rewriting it would gain nothing.
        if self
            .compiler_fact(site)
            .is_some_and(|f| f.verdict == Verdict::Stays)
            && let Err(stays @ Reason::StaysOnStack(_)) = self.evidence(site)
        {
            return Err(stays);
        }
        let frame = Frame {
            file: self.file,
            func: site.func,
            outer_loop: site.outer_loop,
            site: Some(site),
        };
        self.check_decl(frame, site.decl)?;
        // Safe, but the wrong size for a pool, whatever the evidence says.
        self.pool_size(site)?;
        let evidence = self.evidence(site)?.with(&self.callees_basis());
        self.rewrite(site, evidence)
    }
}

impl<'t> Analysis<'_, 't> {
    /// The loop in which the site's variable is cleared (`clear(x)`, `clear(x[:])`,
    /// `clear(x[:cap(x)])`, `*x = [N]T{}`), when there is one.
    fn cleared_in_loop(&self, site: &Site<'t>) -> Option<Node<'t>> {
        let src = self.src();
        self.ctx.scopes[self.file]
            .uses_of(site.decl)
            .into_iter()
            .filter_map(|u| node_at(self.pkg, self.file, u))
            .find_map(|id| {
                let mut e = id;
                while let Some(p) = e.parent() {
                    let on_operand = p
                        .child_by_field_name("operand")
                        .is_some_and(|o| o.id() == e.id());
                    if p.kind() == "slice_expression" && on_operand
                        || p.kind() == "parenthesized_expression"
                    {
                        e = p;
                    } else {
                        break;
                    }
                }
                let p = e.parent()?;
                let stmt = if p.kind() == "argument_list"
                    && named_children(p).len() == 1
                    && p.parent().is_some_and(|c| {
                        c.kind() == "call_expression"
                            && c.child_by_field_name("function").is_some_and(|f| {
                                &src[f.byte_range()] == "clear"
                                    && self.builtin(self.file, "clear", f.start_byte())
                            })
                    }) {
                    p.parent()?
                        .parent()
                        .filter(|s| s.kind() == "expression_statement")?
                } else if p.kind() == "unary_expression" && op(p, src) == "*" && e.id() == id.id() {
                    let l = p.parent().filter(|l| l.kind() == "expression_list")?;
                    let a = l.parent().filter(|a| {
                        a.kind() == "assignment_statement"
                            && a.child_by_field_name("left")
                                .is_some_and(|x| x.id() == l.id())
                    })?;
                    let r = a.child_by_field_name("right")?;
                    let value = list_items(r).into_iter().next()?;
                    (value.kind() == "composite_literal"
                        && value
                            .child_by_field_name("body")
                            .is_some_and(|b| b.named_child_count() == 0))
                    .then_some(a)?
                } else {
                    return None;
                };
                ancestors(stmt)
                    .take_while(|a| a.id() != site.func.id())
                    .find(|a| a.kind() == "for_statement")
            })
    }

    /// What the calls the buffer is passed to were judged by, for the finding: empty when
    /// it is passed to none.
    fn callees_basis(&self) -> String {
        use prove::Basis;
        let b = self.basis.borrow();
        if b.is_empty() {
            return String::new();
        }
        let each: Vec<String> = b
            .iter()
            .map(|(c, basis)| match basis {
                Basis::Compiler(w) => format!("{c} (compiler: {w})"),
                Basis::Contract(m) => format!("{c} ({m}'s contract)"),
                Basis::List => format!("{c} (gomapfix's list)"),
                Basis::Package => format!("{c} (its source)"),
            })
            .collect();
        format!("kept by no callee: {}", each.join(", "))
    }
}

fn op<'s>(n: Node<'_>, src: &'s str) -> &'s str {
    n.child_by_field_name("operator")
        .map_or("", |o| &src[o.byte_range()])
}

fn node_at<'t>(pkg: &'t Package, file: usize, start: usize) -> Option<Node<'t>> {
    let root = pkg.files[file].tree().root_node();
    let n = root.descendant_for_byte_range(start, start + 1)?;
    ancestors_inclusive(n).find(|x| x.kind() == "identifier" && x.start_byte() == start)
}

fn ancestors_inclusive(n: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    std::iter::successors(Some(n), |x| x.parent())
}

#[cfg(test)]
mod tests {
    use super::rewrite::{ident_words, plural};
    use super::*;

    #[test]
    fn pool_names_come_from_the_type() {
        assert_eq!(
            format!("{}{}Pool", plural(&ident_words("byte")), 64),
            "bytes64Pool"
        );
        assert_eq!(ident_words("map[int][8]int"), "mapInt8Int");
        assert_eq!(ident_words("*big.Int"), "bigInt");
        assert_eq!(plural(&ident_words("uint64")), "uint64s");
    }

    /// The engine's syntactic filter: a file passes when some statement could be a site,
    /// and fails only when none can (a size named by a local is never a constant).
    #[test]
    fn the_syntactic_filter_passes_exactly_the_possible_sites() {
        let passes = |body: &str| {
            let src = format!("package p\n\nconst N = 8\n\n{body}\n");
            let tree = crate::syntax::parse::parse(&src);
            may_have_site(tree.root_node(), &src)
        };
        // Possible sites: a constant size, a package constant, a conversion of one, an
        // array map, a map made in a loop, a literal in a package-level function value.
        assert!(passes("func f() { b := make([]byte, 64); _ = b }"));
        assert!(passes("func f() { b := make([]byte, 0, N*2); _ = b }"));
        assert!(passes("func f() { b := new([int(N)]byte); _ = b }"));
        assert!(passes("func f() { m := make(map[int][8]int); _ = m }"));
        assert!(passes("func f() { for { m := map[string]bool{}; _ = m } }"));
        assert!(passes("var v = func() { b := make([]byte, N); _ = b }"));
        // A name declared before the site in the function is not a package constant,
        // whichever way it is declared; one declared after it, or in another function, may be.
        assert!(!passes("func f(n int) { b := make([]byte, n); _ = b }"));
        assert!(!passes("func f() { n := 4; b := make([]byte, n); _ = b }"));
        assert!(!passes(
            "func f() { const n = 4; b := make([]byte, n); _ = b }"
        ));
        assert!(!passes(
            "func f() { for n := 1; n < 3; n++ { b := make([]byte, n); _ = b } }"
        ));
        assert!(!passes(
            "func f(x []int) { for _, n := range x { b := make([]byte, n); _ = b } }"
        ));
        assert!(!passes(
            "func f(n int) { g := func() { b := make([]byte, n); _ = b }; g() }"
        ));
        assert!(passes(
            "func f() { b := make([]byte, n); _ = b }\nfunc g() { n := 1; _ = n }"
        ));
        // Not sites at all: a dynamic size, a map outside any loop, a non-empty literal,
        // `_`, a `var` declaration, a `:=` in a string.
        assert!(!passes(
            "func f(x []int) { b := make([]byte, len(x)); _ = b }"
        ));
        assert!(!passes("func f() { m := make(map[int]int); _ = m }"));
        assert!(!passes(
            "func f() { for { m := map[int]int{1: 2}; _ = m } }"
        ));
        assert!(!passes("func f() { _ := make([]byte, 8) }"));
        assert!(!passes("func f() { var b = make([]byte, 8); _ = b }"));
        assert!(!passes("func f() { s := \"b := make([]byte, 8)\"; _ = s }"));
    }

    /// A file the tool may not edit (generated by another tool, unless
    /// --include-generated) holds no site pool-scratch would look at, so it does not make
    /// the engine parse its package.
    #[test]
    fn generated_files_do_not_pass_the_filter() {
        use crate::syntax::source::Generated;
        let src = "package p\n\nfunc f() { b := make([]byte, 64); _ = b }\n";
        let file = |g, include| {
            crate::syntax::package::PkgFile::new("p/a.go".into(), src.to_string(), g, include)
        };
        assert!((META.sites)(&file(Generated::No, false)));
        assert!(!(META.sites)(&file(Generated::ByOther, false)));
        assert!((META.sites)(&file(Generated::ByOther, true)));
    }
}
