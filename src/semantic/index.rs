//! The package's declared types, constants and function signatures, and constant
//! evaluation (iota included). Types as Go means them, and their sizes, are
//! `semantic::ty`'s.

use crate::syntax::package::Package;
use std::collections::{BTreeMap, HashMap, HashSet};
use tree_sitter::Node;

/// Where a node lives: file index and byte range, so it can be found again in its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Loc {
    pub(crate) file: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Loc {
    pub(crate) fn of(file: usize, n: Node<'_>) -> Loc {
        Loc {
            file,
            start: n.start_byte(),
            end: n.end_byte(),
        }
    }

    /// The node at this location with this kind.
    pub(crate) fn node<'t>(&self, pkg: &'t Package, kind: &str) -> Option<Node<'t>> {
        let mut n = pkg.files[self.file]
            .tree()
            .root_node()
            .descendant_for_byte_range(self.start, self.end)?;
        loop {
            if n.kind() == kind && n.start_byte() == self.start && n.end_byte() == self.end {
                return Some(n);
            }
            n = n.parent()?;
            if n.start_byte() != self.start || n.end_byte() != self.end {
                return None;
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConstSpec {
    /// The expression that gives this constant its value (repeated from an earlier spec of
    /// its group when omitted), and the iota of its own spec.
    pub(crate) expr: Option<Loc>,
    pub(crate) iota: i128,
}

/// A parameter or result: its name (if any) and its type node.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    dead_code,
    reason = "read by reflect-field (single-result functions) and pool-scratch (same-package callees), issues 3 and 4; unit-tested here"
)]
pub(crate) struct Param {
    pub(crate) name: Option<String>,
    pub(crate) ty: Loc,
    pub(crate) variadic: bool,
}

/// A function's or method's signature, as declared.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    dead_code,
    reason = "read by reflect-field (single-result functions) and pool-scratch (same-package callees), issues 3 and 4; unit-tested here"
)]
pub(crate) struct Signature {
    /// The declaration node.
    pub(crate) decl: Loc,
    pub(crate) params: Vec<Param>,
    pub(crate) results: Vec<Param>,
    pub(crate) generic: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypeDecl {
    /// The type_spec (or type_alias) node.
    pub(crate) spec: Loc,
    pub(crate) generic: bool,
}

/// Everything declared at the package level, across all files.
#[derive(Debug, Default)]
pub(crate) struct PkgIndex {
    /// Package-level names and how many declarations each has (build tags can make two).
    pub(crate) top_level: BTreeMap<String, usize>,
    pub(crate) types: HashMap<String, TypeDecl>,
    pub(crate) consts: HashMap<String, ConstSpec>,
    /// Package-level functions by name.
    pub(crate) funcs: HashMap<String, Signature>,
    /// Methods by (receiver base type name, method name).
    pub(crate) methods: HashMap<(String, String), Signature>,
    /// How many declarations each method has (build tags can make two; `methods` keeps one).
    pub(crate) method_decls: HashMap<(String, String), usize>,
    /// Names of the methods some declaration gives a pointer receiver.
    pub(crate) pointer_methods: HashSet<String>,
    /// Package-level variables: the `var_spec` declaring each, and the name's position in
    /// it (the last declaration when build tags make several; see [`PkgIndex::unique`]).
    pub(crate) vars: HashMap<String, (Loc, usize)>,
    const_values: HashMap<String, Option<i128>>,
    /// Every identifier spelled anywhere in the package (see [`PkgIndex::spelled`]).
    spelled: std::sync::OnceLock<HashSet<String>>,
    pub(crate) dot_import: bool,
}

impl PkgIndex {
    /// Whether `other` indexes the same declarations (the fuzz target compares an index
    /// read from whole trees with one read from outlines).
    pub(crate) fn same_declarations(&self, other: &PkgIndex) -> bool {
        self.top_level == other.top_level
            && self.types == other.types
            && self.consts == other.consts
            && self.funcs == other.funcs
            && self.methods == other.methods
            && self.method_decls == other.method_decls
            && self.pointer_methods == other.pointer_methods
            && self.vars == other.vars
            && self.const_values == other.const_values
            && self.dot_import == other.dot_import
    }

    pub(crate) fn build(pkg: &Package) -> PkgIndex {
        let mut ix = PkgIndex::default();
        for (fi, f) in pkg.files.iter().enumerate() {
            let outline = f.outline();
            let root = outline.root_node();
            let mut c = root.walk();
            for top in root.named_children(&mut c) {
                ix.top_decl(fi, top, &f.text);
            }
        }
        let names: Vec<String> = ix.consts.keys().cloned().collect();
        for n in names {
            let mut visiting = HashSet::new();
            let v = ix.eval_named(pkg, &n, &mut visiting);
            ix.const_values.insert(n, v);
        }
        ix
    }

    fn top_decl(&mut self, fi: usize, top: Node<'_>, src: &str) {
        let text = |n: Node<'_>| src[n.byte_range()].to_string();
        match top.kind() {
            "function_declaration" => {
                if let Some(n) = top.child_by_field_name("name") {
                    *self.top_level.entry(text(n)).or_default() += 1;
                    self.funcs.insert(text(n), signature(fi, top, src));
                }
            }
            "method_declaration" => {
                let recv_type = top
                    .child_by_field_name("receiver")
                    .and_then(|r| {
                        crate::syntax::ast::named_children(r)
                            .into_iter()
                            .find(|p| p.kind() == "parameter_declaration")
                    })
                    .and_then(|p| p.child_by_field_name("type"));
                if let (Some(t), Some(n)) = (recv_type, top.child_by_field_name("name"))
                    && src[t.byte_range()].trim_start_matches('(').starts_with('*')
                {
                    self.pointer_methods.insert(text(n));
                }
                let recv = recv_type.map(|t| receiver_base(&src[t.byte_range()]));
                if let (Some(recv), Some(n)) = (recv, top.child_by_field_name("name")) {
                    *self
                        .method_decls
                        .entry((recv.clone(), text(n)))
                        .or_default() += 1;
                    self.methods
                        .insert((recv, text(n)), signature(fi, top, src));
                }
            }
            "import_declaration" => {
                let mut stack = vec![top];
                while let Some(n) = stack.pop() {
                    if n.kind() == "import_spec"
                        && n.child_by_field_name("name")
                            .is_some_and(|a| a.kind() == "dot")
                    {
                        self.dot_import = true;
                    }
                    let mut c = n.walk();
                    stack.extend(n.named_children(&mut c));
                }
            }
            "var_declaration" => {
                let mut stack = vec![top];
                while let Some(n) = stack.pop() {
                    if n.kind() == "var_spec" {
                        let mut c = n.walk();
                        for (k, name) in n
                            .children_by_field_name("name", &mut c)
                            .filter(|n| n.is_named())
                            .enumerate()
                        {
                            *self.top_level.entry(text(name)).or_default() += 1;
                            self.vars.insert(text(name), (Loc::of(fi, n), k));
                        }
                        // Not into its value: a function literal there declares locals.
                        continue;
                    }
                    let mut c = n.walk();
                    stack.extend(n.named_children(&mut c));
                }
            }
            "const_declaration" => {
                let mut last_expr = None;
                let mut iota = 0;
                let mut c = top.walk();
                for spec in top.named_children(&mut c) {
                    if spec.kind() != "const_spec" {
                        continue;
                    }
                    if let Some(v) = spec.child_by_field_name("value") {
                        let first = crate::syntax::ast::named_children(v);
                        last_expr = Some(first);
                    }
                    let mut nc = spec.walk();
                    for (k, name) in spec
                        .children_by_field_name("name", &mut nc)
                        .filter(|n| n.is_named())
                        .enumerate()
                    {
                        let expr = last_expr
                            .as_ref()
                            .and_then(|e: &Vec<Node<'_>>| e.get(k))
                            .map(|e| Loc::of(fi, *e));
                        *self.top_level.entry(text(name)).or_default() += 1;
                        self.consts.insert(text(name), ConstSpec { expr, iota });
                    }
                    iota += 1;
                }
            }
            "type_declaration" => {
                let mut c = top.walk();
                for spec in top.named_children(&mut c) {
                    if !matches!(spec.kind(), "type_spec" | "type_alias") {
                        continue;
                    }
                    if let Some(n) = spec.child_by_field_name("name") {
                        *self.top_level.entry(text(n)).or_default() += 1;
                        self.types.insert(
                            text(n),
                            TypeDecl {
                                spec: Loc::of(fi, spec),
                                generic: spec.child_by_field_name("type_parameters").is_some(),
                            },
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Every identifier spelled anywhere in the package (labels included), so a new name
    /// can never clash; gathered on first use from the files' tokens, which only a rewrite
    /// needs. A file whose text is not all Go tokens is read from its tree.
    pub(crate) fn spelled(&self, pkg: &Package) -> &HashSet<String> {
        self.spelled.get_or_init(|| {
            let mut out = HashSet::new();
            for f in &pkg.files {
                if f.problem.is_some() || !crate::syntax::validate::identifiers(&f.text, &mut out) {
                    collect_spelled(f.tree().root_node(), &f.text, &mut out);
                }
            }
            out
        })
    }

    /// The value of a package-level integer constant.
    pub(crate) fn const_value(&self, name: &str) -> Option<i128> {
        self.const_values.get(name).copied().flatten()
    }

    /// Whether a package-level name is declared exactly once (build-tagged duplicates and
    /// unknown names are not).
    pub(crate) fn unique(&self, name: &str) -> bool {
        self.top_level.get(name) == Some(&1)
    }

    fn eval_named(
        &self,
        pkg: &Package,
        name: &str,
        visiting: &mut HashSet<String>,
    ) -> Option<i128> {
        if let Some(v) = self.const_values.get(name) {
            return *v;
        }
        let spec = self.consts.get(name)?;
        if !self.unique(name) || !visiting.insert(name.to_string()) {
            return None;
        }
        let loc = spec.expr?;
        let f = &pkg.files[loc.file];
        let outline = f.outline();
        let node = outline
            .root_node()
            .descendant_for_byte_range(loc.start, loc.end)?;
        let node = outermost_with_range(node);
        let iota = spec.iota;
        let v = eval(
            node,
            &f.text,
            iota,
            &mut |n: &str| self.eval_named(pkg, n, visiting),
            &|n: &str| self.types.contains_key(n),
        );
        visiting.remove(name);
        v
    }

    /// Whether `ty` (a type node of this package) is an integer type: a predeclared one, or
    /// a package type whose underlying type is one.
    pub(crate) fn is_integer_type(&self, pkg: &Package, ty: Node<'_>, src: &str) -> bool {
        let mut depth = 0;
        let mut name = src[ty.byte_range()].to_string();
        if ty.kind() != "type_identifier" {
            return false;
        }
        loop {
            if is_predeclared_integer(&name) {
                return true;
            }
            let Some(decl) = self.types.get(&name) else {
                return false;
            };
            if decl.generic || !self.unique(&name) || depth > 16 {
                return false;
            }
            depth += 1;
            let Some(spec) = decl
                .spec
                .node(pkg, "type_spec")
                .or_else(|| decl.spec.node(pkg, "type_alias"))
            else {
                return false;
            };
            let Some(t) = spec.child_by_field_name("type") else {
                return false;
            };
            if t.kind() != "type_identifier" {
                return false;
            }
            name = pkg.files[decl.spec.file].text[t.byte_range()].to_string();
        }
    }

    #[allow(
        dead_code,
        reason = "engine API for the transforms of issues 3 and 4 (reflect imports, pool imports, slab sizes); unit-tested here"
    )]
    /// A constant expression evaluated with package-level constants.
    pub(crate) fn eval_in_package(&self, pkg: &Package, file: usize, n: Node<'_>) -> Option<i128> {
        eval(
            n,
            &pkg.files[file].text,
            0,
            &mut |name: &str| self.const_value(name),
            &|name: &str| self.types.contains_key(name),
        )
    }
}

/// A receiver's base type name: `*T[K]` -> `T`.
fn receiver_base(t: &str) -> String {
    let t = t
        .trim_start_matches('*')
        .trim_start_matches('(')
        .trim_start_matches('*');
    t.split(['[', ')']).next().unwrap_or(t).trim().to_string()
}

/// The parameters and results of a function, method or function literal node.
fn signature(file: usize, f: Node<'_>, src: &str) -> Signature {
    let list = |field: &str| -> Vec<Param> {
        let Some(l) = f.child_by_field_name(field) else {
            return Vec::new();
        };
        if l.kind() != "parameter_list" {
            // A single unnamed result type.
            return vec![Param {
                name: None,
                ty: Loc::of(file, l),
                variadic: false,
            }];
        }
        let mut out = Vec::new();
        for p in crate::syntax::ast::named_children(l) {
            let Some(ty) = p.child_by_field_name("type") else {
                continue;
            };
            let variadic = p.kind() == "variadic_parameter_declaration";
            let mut nc = p.walk();
            let names: Vec<Node<'_>> = p
                .children_by_field_name("name", &mut nc)
                .filter(|n| n.is_named())
                .collect();
            if names.is_empty() {
                out.push(Param {
                    name: None,
                    ty: Loc::of(file, ty),
                    variadic,
                });
            }
            for n in names {
                out.push(Param {
                    name: Some(src[n.byte_range()].to_string()),
                    ty: Loc::of(file, ty),
                    variadic,
                });
            }
        }
        out
    };
    Signature {
        decl: Loc::of(file, f),
        params: list("parameters"),
        results: list("result"),
        generic: f.child_by_field_name("type_parameters").is_some(),
    }
}

/// tree-sitter gives the innermost node for a range; the expression is the outermost one.
fn outermost_with_range(mut n: Node<'_>) -> Node<'_> {
    while let Some(p) = n.parent() {
        if p.start_byte() != n.start_byte()
            || p.end_byte() != n.end_byte()
            || p.kind() == "expression_list"
        {
            break;
        }
        n = p;
    }
    n
}

fn collect_spelled(root: Node<'_>, src: &str, out: &mut HashSet<String>) {
    let mut cursor = root.walk();
    let mut visit_children = true;
    loop {
        let n = cursor.node();
        if visit_children
            && matches!(
                n.kind(),
                "identifier" | "type_identifier" | "field_identifier" | "package_identifier"
            )
        {
            let name = &src[n.byte_range()];
            if !out.contains(name) {
                out.insert(name.to_string());
            }
        }
        if visit_children && cursor.goto_first_child() {
            continue;
        }
        if cursor.goto_next_sibling() {
            visit_children = true;
            continue;
        }
        if !cursor.goto_parent() {
            break;
        }
        visit_children = false;
    }
}

/// Go's predeclared types other than the interfaces `any` and `error` (and the constraint
/// `comparable`); see [`crate::semantic::ty::predeclared`].
pub(crate) fn is_predeclared_type(name: &str) -> bool {
    use crate::semantic::ty::{Class, predeclared};
    predeclared(name).is_some_and(|p| !matches!(p.class, Class::Interface | Class::Constraint))
}

pub(crate) fn is_predeclared_integer(name: &str) -> bool {
    use crate::semantic::ty::{Class, predeclared};
    predeclared(name).is_some_and(|p| p.class == Class::Integer)
}

/// Evaluates an integer constant expression; names are looked up through `lookup`.
pub(crate) fn eval(
    n: Node<'_>,
    src: &str,
    iota: i128,
    lookup: &mut dyn FnMut(&str) -> Option<i128>,
    is_type: &dyn Fn(&str) -> bool,
) -> Option<i128> {
    let text = &src[n.byte_range()];
    match n.kind() {
        "int_literal" => parse_int(text),
        "rune_literal" => {
            let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
            let mut chars = inner.chars();
            let c = chars.next()?;
            (c != '\\' && chars.next().is_none()).then_some(c as i128)
        }
        // A package may declare its own `iota` (`const iota = 5`), which `lookup` finds.
        "iota" => lookup("iota").or(Some(iota)),
        "identifier" => lookup(text),
        // Another package's constant (`sha256.Size`), looked up as `name.Const`.
        "selector_expression" => {
            let o = n.child_by_field_name("operand")?;
            let f = n.child_by_field_name("field")?;
            (o.kind() == "identifier")
                .then(|| {
                    lookup(&format!(
                        "{}.{}",
                        &src[o.byte_range()],
                        &src[f.byte_range()]
                    ))
                })
                .flatten()
        }
        "parenthesized_expression" => {
            let inner = *crate::syntax::ast::named_children(n).first()?;
            eval(inner, src, iota, lookup, is_type)
        }
        "unary_expression" => {
            let op = n.child_by_field_name("operator")?;
            let v = eval(
                n.child_by_field_name("operand")?,
                src,
                iota,
                lookup,
                is_type,
            )?;
            match &src[op.byte_range()] {
                "-" => v.checked_neg(),
                "+" => Some(v),
                "^" => Some(!v),
                _ => None,
            }
        }
        "binary_expression" => {
            let op = &src[n.child_by_field_name("operator")?.byte_range()];
            let a = eval(n.child_by_field_name("left")?, src, iota, lookup, is_type)?;
            let b = eval(n.child_by_field_name("right")?, src, iota, lookup, is_type)?;
            match op {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "/" => a.checked_div(b),
                "%" => a.checked_rem(b),
                "<<" => u32::try_from(b)
                    .ok()
                    .filter(|&s| s < 100)
                    .and_then(|s| a.checked_shl(s)),
                ">>" => u32::try_from(b).ok().filter(|&s| s < 127).map(|s| a >> s),
                "&" => Some(a & b),
                "|" => Some(a | b),
                "^" => Some(a ^ b),
                "&^" => Some(a & !b),
                _ => None,
            }
        }
        // A conversion of a constant, e.g. `int64(8)` or `Cols(4)`.
        "call_expression" | "type_conversion_expression" => {
            let list = crate::syntax::ast::named_children(n.child_by_field_name("arguments")?);
            let callee = n
                .child_by_field_name("function")
                .or_else(|| n.child_by_field_name("type"))?;
            let cname = &src[callee.byte_range()];
            if list.len() == 1 && (is_predeclared_integer(cname) || is_type(cname)) {
                eval(list[0], src, iota, lookup, is_type)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn parse_int(text: &str) -> Option<i128> {
    let t: String = text.chars().filter(|&c| c != '_').collect();
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h.to_string(), 16)
    } else if let Some(b) = t.strip_prefix("0b").or_else(|| t.strip_prefix("0B")) {
        (b.to_string(), 2)
    } else if let Some(o) = t.strip_prefix("0o").or_else(|| t.strip_prefix("0O")) {
        (o.to_string(), 8)
    } else if t.len() > 1 && t.starts_with('0') {
        (t[1..].to_string(), 8)
    } else {
        (t, 10)
    };
    i128::from_str_radix(&digits, radix).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pkg(src: &str) -> Package {
        Package::of_files(&[("a.go", src)])
    }

    #[test]
    fn a_package_iota_shadows_the_predeclared_one() {
        let p = pkg("package p\n\nconst iota = 5\n\nconst (\n\t_ = iota\n\tB = iota * 40\n)\n");
        let ix = PkgIndex::build(&p);
        assert_eq!(ix.const_value("B"), Some(200));
        let q = pkg("package p\n\nconst (\n\t_ = iota\n\tB = iota * 40\n)\n");
        assert_eq!(PkgIndex::build(&q).const_value("B"), Some(40));
    }

    #[test]
    fn constants_with_iota_and_expressions() {
        let p = pkg("package p

const (
	a = iota * 2
	b
	c = 1 << 10
	d = c/4 + 0x10 - 0b1 + 0o7 + 1_000
	e, f = 3, a + d
)

type Row int

const g = Row(5)
");
        let ix = PkgIndex::build(&p);
        assert_eq!(ix.const_value("a"), Some(0));
        assert_eq!(ix.const_value("b"), Some(2));
        assert_eq!(ix.const_value("c"), Some(1024));
        assert_eq!(ix.const_value("d"), Some(256 + 16 - 1 + 7 + 1000));
        assert_eq!(ix.const_value("f"), Some(1278));
        assert_eq!(ix.const_value("g"), Some(5));
    }

    /// Package variables, grouped or not, several to a spec; never the locals of a
    /// function literal in a value.
    #[test]
    fn package_variables_are_indexed_by_spec() {
        let p = pkg("package p

var a, b = 1, 2

var (
	c   int
	run = func() { var local int; _ = local }
)
");
        let ix = PkgIndex::build(&p);
        let at = |n: &str| {
            ix.vars
                .get(n)
                .map(|(loc, k)| (&p.files[0].text[loc.start..loc.end], *k))
        };
        assert_eq!(at("b"), Some(("a, b = 1, 2", 1)));
        assert_eq!(at("c"), Some(("c   int", 0)));
        assert!(at("run").is_some());
        assert_eq!(at("local"), None);
        assert!(!ix.top_level.contains_key("local"));
    }

    #[test]
    fn function_and_method_signatures() {
        let p = pkg("package p

func f(a, b int, s ...string) (n int, err error) { return }
func g() *T { return nil }
func (t *T[K]) m(x []byte) {}
");
        let ix = PkgIndex::build(&p);
        let src = &p.files[0].text;
        let ty = |l: &Loc| src[l.start..l.end].to_string();
        let f = &ix.funcs["f"];
        let params: Vec<(Option<String>, String, bool)> = f
            .params
            .iter()
            .map(|p| (p.name.clone(), ty(&p.ty), p.variadic))
            .collect();
        assert_eq!(
            params,
            vec![
                (Some("a".into()), "int".into(), false),
                (Some("b".into()), "int".into(), false),
                (Some("s".into()), "string".into(), true)
            ]
        );
        assert_eq!(f.results.len(), 2);
        let g = &ix.funcs["g"];
        assert_eq!(
            (g.results.len(), ty(&g.results[0].ty)),
            (1, "*T".to_string())
        );
        let m = &ix.methods[&("T".to_string(), "m".to_string())];
        assert_eq!(ty(&m.params[0].ty), "[]byte");
    }

    #[test]
    fn integer_types_through_named_types() {
        let p =
            pkg("package p\n\ntype Row int32\ntype R2 Row\ntype F float64\n\nvar a R2\nvar b F\n");
        let ix = PkgIndex::build(&p);
        let root = p.files[0].tree().root_node();
        let src = &p.files[0].text;
        let mut found = Vec::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.kind() == "var_spec" {
                let t = n.child_by_field_name("type").unwrap();
                found.push((
                    src[t.byte_range()].to_string(),
                    ix.is_integer_type(&p, t, src),
                ));
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
        found.sort();
        assert_eq!(
            found,
            vec![("F".to_string(), false), ("R2".to_string(), true)]
        );
    }
}
