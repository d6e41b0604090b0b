//! pool-scratch: scratch buffers and scratch maps that allocate on every call, taken from a
//! package-level `sync.Pool` instead, when nothing derived from them outlives the call.
//!
//! A site is worth rewriting only when it allocates: the compiler says so (`--escapes`,
//! `--escape-log`), or, without its word, the buffer goes through an interface call of the
//! non-retaining list (what makes it escape), or the map is filled in a loop (it grows past
//! one 8-entry group even on the stack). It is safe only when no alias of it is returned,
//! stored outside, captured or passed anywhere that could keep it: checked from the source,
//! whatever the compiler says.

mod reasons;

use super::{Context, Meta, Transform};
use crate::ast::{ancestors, descendants, list_items, named_children, short, within};
use crate::edit::{Edit, Evidence, Findings, Fix, LineRef, SkipReason, indent_at, line_col};
use crate::escapes::Verdict;
use crate::package::Package;
use crate::scope::DeclId;
use reasons::Reason;
use std::cell::RefCell;
use std::collections::HashSet;
use tree_sitter::Node;

pub(crate) struct PoolScratch;

const RULE: &str = "pool-scratch";

static META: Meta = Meta {
    id: RULE,
    summary: "escaping scratch arrays and per-call maps into a shared sync.Pool",
    docs: include_str!("../../../transforms/pool-scratch/README.md"),
    prefilter: has_site_text,
    // Sites in files the tool may not edit are never looked at.
    sites: |f| f.editable && may_have_site(f.tree.root_node(), &f.text),
    uses_escapes: true,
};

impl Transform for PoolScratch {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
        for (file, f) in pkg.files.iter().enumerate() {
            if !f.parses() || !f.editable || !has_site_text(&f.text) {
                continue;
            }
            for n in short_var_decls(f.tree.root_node(), &f.text) {
                let a = Analysis {
                    pkg,
                    ctx,
                    file,
                    via: RefCell::new(None),
                    visiting: RefCell::new(HashSet::new()),
                };
                if let Some(site) = a.site(n) {
                    let line = line_col(&f.text, site.init.start_byte()).0;
                    let at = site.init.start_byte();
                    if ctx.directives[file].ignores(line, RULE) {
                        out.skip(RULE, file, at, &Reason::Ignored);
                        continue;
                    }
                    match a.fix(&site) {
                        Ok(fix) => out.fixes.push(fix),
                        Err(r) => out.skip(RULE, file, at, &r),
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `make([]T, N)`, or `make([]T, n, N)` (`len` is `n`).
    Slice,
    /// `new([N]T)`.
    NewArray,
    /// `make(map[K]V)` or `map[K]V{}`.
    Map,
}

struct Site<'t> {
    stmt: Node<'t>,
    name: Node<'t>,
    decl: DeclId,
    init: Node<'t>,
    kind: Kind,
    /// The element type (slices and arrays) or the map type.
    ty: Node<'t>,
    /// The array length.
    size: i128,
    /// `make([]T, n, N)`: the length expression.
    len: Option<Node<'t>>,
    /// `make(map[K]V, hint)`: the size hint, dropped by the rewrite.
    hint: Option<Node<'t>>,
    /// The function literal or declaration whose body holds the site.
    func: Node<'t>,
    /// The outermost loop of that function holding the site.
    outer_loop: Option<Node<'t>>,
}

/// Where a buffer's uses are checked: the function, the loop its array is hoisted out of,
/// and the site itself when the function is the site's (a callee's parameter has none).
#[derive(Clone, Copy)]
struct Frame<'s, 't> {
    file: usize,
    func: Node<'t>,
    outer_loop: Option<Node<'t>>,
    site: Option<&'s Site<'t>>,
}

struct Analysis<'a, 't> {
    pkg: &'t Package,
    ctx: &'a Context,
    file: usize,
    /// The interface call that makes the buffer escape, when one was seen.
    via: RefCell<Option<String>>,
    /// Same-package parameters being checked (a recursive call is assumed to keep the rules).
    visiting: RefCell<HashSet<(usize, DeclId)>>,
}

/// Calls of the standard library known not to retain their slice arguments, by import path
/// and function; `true` when the result is derived from the argument (an append).
const LIB_FUNCS: &[(&str, &str, bool)] = &[
    ("io", "ReadFull", false),
    ("io", "ReadAtLeast", false),
    ("encoding/binary", "PutUvarint", false),
    ("encoding/binary", "PutVarint", false),
    ("encoding/binary", "Uvarint", false),
    ("encoding/binary", "Varint", false),
    ("encoding/binary", "AppendUvarint", true),
    ("encoding/binary", "AppendVarint", true),
    ("strconv", "AppendInt", true),
    ("strconv", "AppendUint", true),
    ("strconv", "AppendFloat", true),
    ("strconv", "AppendBool", true),
    ("strconv", "AppendQuote", true),
    ("strconv", "AppendQuoteRune", true),
    ("strconv", "AppendQuoteToASCII", true),
    ("unicode/utf8", "EncodeRune", false),
    ("unicode/utf8", "AppendRune", true),
    ("unicode/utf8", "DecodeRune", false),
    ("unicode/utf8", "DecodeLastRune", false),
    ("unicode/utf8", "RuneCount", false),
    ("unicode/utf8", "Valid", false),
    ("unicode/utf8", "FullRune", false),
    ("encoding/hex", "Encode", false),
    ("encoding/hex", "Decode", false),
    ("encoding/hex", "AppendEncode", true),
    ("bytes", "Equal", false),
    ("bytes", "Compare", false),
    ("bytes", "Index", false),
    ("bytes", "IndexByte", false),
    ("bytes", "IndexRune", false),
    ("bytes", "IndexAny", false),
    ("bytes", "IndexFunc", false),
    ("bytes", "LastIndex", false),
    ("bytes", "LastIndexByte", false),
    ("bytes", "LastIndexAny", false),
    ("bytes", "HasPrefix", false),
    ("bytes", "HasSuffix", false),
    ("bytes", "Contains", false),
    ("bytes", "Count", false),
];

/// `binary.BigEndian.PutUint32(b, v)`, `base64.StdEncoding.Encode(dst, src)`: package,
/// variables, methods (derived result?).
type LibValues = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, bool)],
);
const LIB_VALUES: &[LibValues] = &[
    (
        "encoding/binary",
        &["BigEndian", "LittleEndian", "NativeEndian"],
        &[
            ("PutUint16", false),
            ("PutUint32", false),
            ("PutUint64", false),
            ("Uint16", false),
            ("Uint32", false),
            ("Uint64", false),
            ("AppendUint16", true),
            ("AppendUint32", true),
            ("AppendUint64", true),
        ],
    ),
    (
        "encoding/base64",
        &[
            "StdEncoding",
            "URLEncoding",
            "RawStdEncoding",
            "RawURLEncoding",
        ],
        &[
            ("Encode", false),
            ("Decode", false),
            ("AppendEncode", true),
            ("AppendDecode", true),
        ],
    ),
];

/// Interfaces whose methods must not retain their slice argument (io.Reader: "Implementations
/// must not retain p"; hash.Hash embeds io.Writer), and those methods (derived result?).
const IFACES: &[(&str, &[&str])] = &[
    (
        "io",
        &[
            "Reader",
            "Writer",
            "ReadWriter",
            "ReadCloser",
            "WriteCloser",
            "ReadWriteCloser",
            "ReadSeeker",
            "WriteSeeker",
            "ReadWriteSeeker",
            "ReadSeekCloser",
            "ReaderAt",
            "WriterAt",
        ],
    ),
    ("hash", &["Hash", "Hash32", "Hash64"]),
];
const IFACE_METHODS: &[(&str, bool)] = &[
    ("Read", false),
    ("Write", false),
    ("ReadAt", false),
    ("WriteAt", false),
    ("Sum", true),
];

const BUILTINS_KEEP_NOTHING: &[&str] = &["len", "cap", "clear", "copy", "min", "max", "delete"];

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
        LineRef {
            file,
            at: n.start_byte(),
        }
    }

    /// Whether `name` at `pos` is the universe's (not declared in the function or package).
    fn builtin(&self, file: usize, name: &str, pos: usize) -> bool {
        self.ctx.scopes[file].lookup(name, pos).is_none()
            && !self.ctx.index.top_level.contains_key(name)
    }

    /// A target declaration: `x := make([]T, N)`, `make([]T, n, N)`, `new([N]T)`,
    /// `make(map[K][N]T)`, `map[K][N]T{}`, or any map made inside a loop.
    fn site(&self, stmt: Node<'t>) -> Option<Site<'t>> {
        if !shaped_like_site(stmt, self.src()) {
            return None;
        }
        let name = list_items(stmt.child_by_field_name("left")?)[0];
        let init = list_items(stmt.child_by_field_name("right")?)[0];
        let decl = self.ctx.scopes[self.file].decl_at(name.start_byte())?;
        let func = ancestors(stmt).find(|a| crate::ast::is_function(*a))?;
        let outer_loop = ancestors(stmt)
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
        if kind == Kind::Map {
            let value_is_array = ty
                .child_by_field_name("value")
                .is_some_and(|v| v.kind() == "array_type");
            if !value_is_array && outer_loop.is_none() {
                return None;
            }
        }
        if kind != Kind::Map && size <= 0 {
            return None;
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

    /// A constant expression's value, when every name in it is a package constant.
    fn constant(&self, n: Node<'_>) -> Option<i128> {
        crate::semantic::consts::value(self.pkg, self.ctx, self.file, n)
    }

    fn fix(&self, site: &Site<'t>) -> Result<Fix, Reason> {
        let src = self.src();
        if descendants(site.func)
            .iter()
            .any(|n| n.kind() == "goto_statement")
        {
            return Err(Reason::Goto);
        }
        if crate::ast::has_comment(site.stmt) {
            return Err(Reason::Comment);
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
        let frame = Frame {
            file: self.file,
            func: site.func,
            outer_loop: site.outer_loop,
            site: Some(site),
        };
        self.check_decl(frame, site.decl)?;
        let evidence = self.evidence(site)?;
        self.rewrite(site, evidence)
    }

    /// What says the site allocates: the compiler, or the heuristics without it.
    fn evidence(&self, site: &Site<'t>) -> Result<Evidence, Reason> {
        // The compiler's column: the call's parenthesis, the literal's brace.
        let paren = match site.init.kind() {
            "call_expression" => site.init.child_by_field_name("arguments"),
            _ => site.init.child_by_field_name("body"),
        }
        .map_or(site.init.start_byte(), |n| n.start_byte());
        let prefix = match (site.kind, site.init.kind()) {
            (Kind::NewArray, _) => "new(",
            (_, "composite_literal") => "map[",
            (Kind::Map, _) => "make(map[",
            (Kind::Slice, _) => "make([]",
        };
        let fact = self.ctx.escapes.as_ref().and_then(|files| {
            let facts = &files[self.file];
            facts
                .get(&paren)
                .filter(|f| f.said.starts_with(prefix))
                .or_else(|| {
                    facts.get(&site.name.start_byte()).filter(|f| {
                        f.verdict == Verdict::Moved
                            && f.said == format!("moved to heap: {}", self.text(site.name))
                    })
                })
        });
        let filled = if site.kind == Kind::Map {
            self.filled_in_loop(site)?
        } else {
            None
        };
        match (fact, site.kind) {
            (Some(f), _) if f.verdict != Verdict::Stays => Ok(Evidence::Compiler(format!(
                "{}:{}: {}",
                f.line, f.col, f.said
            ))),
            (Some(f), Kind::Map) if filled.is_some() => Ok(Evidence::Source(format!(
                "filled in the loop at line {}: it grows past one 8-entry group and allocates even on the stack, where the compiler keeps it ({}:{}: {})",
                filled.map_or(String::new(), |r| r.to_string()),
                f.line,
                f.col,
                f.said
            ))),
            (Some(f), _) => Err(Reason::StaysOnStack(format!(
                "{}:{}: {}",
                f.line, f.col, f.said
            ))),
            (None, Kind::Map) => match filled {
                Some(line) => Ok(Evidence::Source(format!(
                    "filled in the loop at line {line}: it grows past one 8-entry group and allocates even on the stack"
                ))),
                None => Err(Reason::MapNotFilled),
            },
            (None, _) => match self.via.borrow().clone() {
                Some(via) => Ok(Evidence::Source(format!(
                    "passed to {via}, an interface call the compiler cannot see through, so it escapes"
                ))),
                None => Err(Reason::NoEvidence),
            },
        }
    }

    /// The line of a loop that writes entries into the map on every turn (`m[k] = v` inside
    /// a loop that does not hold the site), when there is one.
    fn filled_in_loop(&self, site: &Site<'t>) -> Result<Option<LineRef>, Reason> {
        let scopes = &self.ctx.scopes[self.file];
        for u in scopes.uses_of(site.decl) {
            let Some(id) = node_at(self.pkg, self.file, u) else {
                continue;
            };
            let Some(ix) = id.parent().filter(|p| p.kind() == "index_expression") else {
                continue;
            };
            let written = ix.parent().is_some_and(|a| {
                a.kind() == "expression_list"
                    && a.parent().is_some_and(|s| {
                        s.kind() == "assignment_statement"
                            && s.child_by_field_name("left")
                                .is_some_and(|l| l.id() == a.id())
                    })
            }) || ix
                .parent()
                .is_some_and(|a| matches!(a.kind(), "inc_statement" | "dec_statement"));
            if !written {
                continue;
            }
            let lp = ancestors(ix)
                .take_while(|a| a.id() != site.func.id())
                .filter(|a| a.kind() == "for_statement" && !within(site.stmt, *a))
                .last();
            if let Some(lp) = lp {
                if self.small_loop(lp).is_some_and(|n| n <= 8) {
                    return Err(Reason::SmallLoop(self.line_ref(self.file, lp)));
                }
                return Ok(Some(self.line_ref(self.file, lp)));
            }
        }
        Ok(None)
    }

    /// `for i := 0; i < N; i++` or `for range N` with a constant N: N.
    fn small_loop(&self, lp: Node<'t>) -> Option<i128> {
        let scopes = &self.ctx.scopes[self.file];
        let l =
            crate::semantic::loops::counting_loop(lp, self.src(), scopes, &|x| self.constant(x))?;
        // A body that assigns the counter may run any number of times.
        let body = lp.child_by_field_name("body")?;
        let written = scopes.opaque(l.var)
            || scopes.uses_of(l.var).into_iter().any(|u| {
                node_at(self.pkg, self.file, u)
                    .is_some_and(|n| within(n, body) && crate::ast::is_written(n))
            });
        (!written).then(|| self.constant(l.bound).map(|b| l.turns(b)))?
    }

    /// Checks every use of a variable holding the buffer (or an alias of it) in `func`.
    /// `site` is the target itself (whose reassignments are checked); `outer_loop` the loop
    /// its array is hoisted out of.
    fn check_decl(&self, fr: Frame<'_, 't>, decl: DeclId) -> Result<(), Reason> {
        let mut work = vec![decl];
        let mut seen = HashSet::from([decl]);
        while let Some(d) = work.pop() {
            let scopes = &self.ctx.scopes[fr.file];
            if scopes.opaque(d) {
                // A use the parser misreads (`b[q.I][q.J]`): named by its first such use.
                let len = scopes.decl(d).name.len();
                let root = self.pkg.files[fr.file].tree.root_node();
                let odd = scopes
                    .uses_of(d)
                    .into_iter()
                    .filter_map(|s| root.descendant_for_byte_range(s, s + len))
                    .find(|n| n.kind() != "identifier");
                if let Some(n) = odd {
                    let e = ancestors(n)
                        .find(|a| a.kind() == "type_instantiation_expression")
                        .unwrap_or(n);
                    return Err(Reason::Use(
                        short(self.src_of(fr.file), e),
                        self.line_ref(fr.file, n),
                    ));
                }
            }
            for u in self.ctx.scopes[fr.file].uses_of(d) {
                let Some(id) = node_at(self.pkg, fr.file, u) else {
                    continue;
                };
                self.check_context(fr, id)?;
                let is_site = fr.site.is_some_and(|s| s.decl == d);
                if let Some(alias) = self.use_ok(fr, id, is_site)?
                    && seen.insert(alias)
                {
                    work.push(alias);
                }
            }
        }
        Ok(())
    }

    /// Function literals, go and defer statements between a use and its function.
    fn check_context(&self, fr: Frame<'_, 't>, id: Node<'t>) -> Result<(), Reason> {
        let at = self.line_ref(fr.file, id);
        for a in ancestors(id).take_while(|a| a.id() != fr.func.id()) {
            match a.kind() {
                "go_statement" => return Err(Reason::Goroutine(at)),
                "defer_statement" if fr.outer_loop.is_some_and(|l| within(a, l)) => {
                    return Err(Reason::DeferInLoop(at));
                }
                "func_literal" => {
                    let called = a.parent().is_some_and(|c| {
                        c.kind() == "call_expression"
                            && c.child_by_field_name("function")
                                .is_some_and(|f| f.id() == a.id())
                    });
                    if !called {
                        return Err(Reason::Captured(at));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// One use of a buffer expression `e`; `Ok(Some(d))` when it makes variable `d` an
    /// alias to check in turn.
    fn use_ok(
        &self,
        fr: Frame<'_, 't>,
        e: Node<'t>,
        is_site: bool,
    ) -> Result<Option<DeclId>, Reason> {
        let src = self.src_of(fr.file);
        let at = self.line_ref(fr.file, e);
        let Some(p) = e.parent() else {
            return Ok(None);
        };
        let derived = |n: Node<'t>| self.use_ok(fr, n, false);
        let unknown = || Err(Reason::Use(short(src, p), at));
        match p.kind() {
            "parenthesized_expression" => derived(p),
            "index_expression" => {
                if p.child_by_field_name("operand")
                    .is_some_and(|o| o.id() == e.id())
                {
                    self.element_use(fr, p)
                } else {
                    unknown()
                }
            }
            "slice_expression" => {
                if p.child_by_field_name("operand")
                    .is_some_and(|o| o.id() == e.id())
                {
                    derived(p)
                } else {
                    unknown()
                }
            }
            "unary_expression" => match op(p, src) {
                "*" => derived(p),
                "&" => Err(Reason::Use(short(src, p), at)),
                _ => Ok(None),
            },
            "binary_expression" => Ok(None),
            "argument_list" => self.call_use(fr, p, e, false, is_site),
            "variadic_argument" => {
                let list = p.parent().ok_or(Reason::Use(short(src, p), at))?;
                self.call_use(fr, list, p, true, is_site)
            }
            "expression_list" => {
                let stmt = p.parent().ok_or(Reason::Use(short(src, p), at))?;
                match stmt.kind() {
                    "return_statement" => Err(Reason::Returned(at)),
                    "assignment_statement" | "short_var_declaration" => {
                        self.assign_use(fr, stmt, e, is_site)
                    }
                    _ => Err(Reason::Use(short(src, stmt), at)),
                }
            }
            "return_statement" => Err(Reason::Returned(at)),
            "var_spec" => {
                let names: Vec<Node<'t>> = crate::ast::field_children(p, "name");
                let values = p
                    .child_by_field_name("value")
                    .map(list_items)
                    .unwrap_or_default();
                let k = values.iter().position(|v| v.id() == e.id());
                match k.and_then(|k| names.get(k)) {
                    Some(n) => self.alias(fr, *n, at).map(Some),
                    None => unknown(),
                }
            }
            "send_statement" => Err(Reason::Stored("a channel".into(), at)),
            "literal_element" | "keyed_element" | "literal_value" => {
                Err(Reason::Stored("a composite literal".into(), at))
            }
            "range_clause" => {
                if p.child_by_field_name("right")
                    .is_some_and(|r| r.id() == e.id())
                {
                    Ok(None)
                } else {
                    Err(Reason::Reassigned(at))
                }
            }
            "assignment_statement" | "short_var_declaration" => {
                // A lone operand (not in an expression list) on either side.
                self.assign_use(fr, p, e, is_site)
            }
            "inc_statement" | "dec_statement" | "expression_statement" => Ok(None),
            _ => unknown(),
        }
    }

    /// An element `x[i]` of a buffer. Read as a value it is a copy, but a path into it
    /// (`x[i][j]`, `x[i].f`, to any depth) stays inside the pooled memory: its address
    /// (`&x[i].f`), a slice of it (`x[i][:]`, `x[i].name[:n]`) or a method called on it
    /// (which may take its address through a pointer receiver) hands that memory on, and is
    /// checked as the buffer itself is.
    fn element_use(&self, fr: Frame<'_, 't>, elem: Node<'t>) -> Result<Option<DeclId>, Reason> {
        let src = self.src_of(fr.file);
        let mut top = elem;
        while let Some(p) = top.parent() {
            let on_operand = p
                .child_by_field_name("operand")
                .is_some_and(|o| o.id() == top.id());
            match p.kind() {
                "parenthesized_expression" => top = p,
                "index_expression" if on_operand => top = p,
                "selector_expression" if on_operand => {
                    if p.parent().is_some_and(|c| {
                        c.kind() == "call_expression"
                            && c.child_by_field_name("function")
                                .is_some_and(|f| f.id() == p.id())
                    }) {
                        // A method of the element: a pointer receiver takes its address.
                        return Err(Reason::ElementMethod(
                            short(src, p.parent().unwrap_or(p)),
                            self.line_ref(fr.file, p),
                        ));
                    }
                    top = p;
                }
                _ => break,
            }
        }
        match top.parent() {
            Some(a) if a.kind() == "unary_expression" && op(a, src) == "&" => {
                self.use_ok(fr, a, false)
            }
            Some(s)
                if s.kind() == "slice_expression"
                    && s.child_by_field_name("operand")
                        .is_some_and(|o| o.id() == top.id()) =>
            {
                self.use_ok(fr, s, false)
            }
            // A method value `x[i].m` binds the receiver, by address for a pointer one.
            _ if top.kind() == "selector_expression" && self.is_method_value(fr.file, top) => Err(
                Reason::ElementMethod(short(src, top), self.line_ref(fr.file, top)),
            ),
            _ => Ok(None),
        }
    }

    /// Whether selector `s` (not called) may be a method value: its name is a method of
    /// some type of the package. (A method of an imported type taken as a value from an
    /// element is not recognised; it is read as a field.)
    fn is_method_value(&self, file: usize, s: Node<'t>) -> bool {
        let Some(f) = s.child_by_field_name("field") else {
            return true;
        };
        let name = &self.src_of(file)[f.byte_range()];
        self.ctx.index.methods.keys().any(|(_, m)| m == name)
    }

    /// `e` on one side of an assignment.
    fn assign_use(
        &self,
        fr: Frame<'_, 't>,
        stmt: Node<'t>,
        e: Node<'t>,
        is_site: bool,
    ) -> Result<Option<DeclId>, Reason> {
        let (file, site) = (fr.file, fr.site);
        let src = self.src_of(file);
        let at = self.line_ref(file, e);
        let left = stmt.child_by_field_name("left");
        let right = stmt.child_by_field_name("right");
        let items = |n: Option<Node<'t>>| n.map(list_items).unwrap_or_default();
        let (lefts, rights) = (items(left), items(right));
        if left.is_some_and(|l| within(e, l)) {
            // Written to: the target itself may only take what is derived from it.
            if !is_site {
                return Ok(None);
            }
            let k = lefts.iter().position(|x| x.id() == e.id());
            let rhs = k
                .and_then(|k| rights.get(k))
                .filter(|_| lefts.len() == rights.len());
            let derived =
                rhs.is_some_and(|r| site.is_some_and(|s| self.derived_from(file, *r, s.decl)));
            if derived && stmt.kind() == "assignment_statement" && op(stmt, src) == "=" {
                return Ok(None);
            }
            return Err(Reason::Reassigned(at));
        }
        let k = rights.iter().position(|x| x.id() == e.id());
        let target = match k {
            Some(k) if lefts.len() == rights.len() => lefts[k],
            _ => return Err(Reason::Use(short(src, stmt), at)),
        };
        if stmt.kind() == "assignment_statement" && op(stmt, src) != "=" {
            return Err(Reason::Use(short(src, stmt), at));
        }
        match target.kind() {
            "identifier" if &src[target.byte_range()] == "_" => Ok(None),
            "identifier" => {
                if let Some(s) = site
                    && self.ctx.scopes[file].local(target.start_byte()) == Some(s.decl)
                {
                    // `x = x[:n]`: checked as a write of the target.
                    return Ok(None);
                }
                self.alias(fr, target, at).map(Some)
            }
            _ => Err(Reason::Stored(format!("`{}`", short(src, target)), at)),
        }
    }

    /// A variable a buffer is stored in: local to the function (and to the loop), declared
    /// after the site, or why not.
    fn alias(&self, fr: Frame<'_, 't>, target: Node<'t>, at: LineRef) -> Result<DeclId, Reason> {
        let scopes = &self.ctx.scopes[fr.file];
        let name = &self.src_of(fr.file)[target.byte_range()];
        let d = scopes
            .local(target.start_byte())
            .or_else(|| scopes.decl_at(target.start_byte()))
            .ok_or_else(|| Reason::Stored(format!("the package variable `{name}`"), at))?;
        let decl_at = scopes.decl(d).name_start;
        let inside = |n: Node<'t>| n.start_byte() <= decl_at && decl_at < n.end_byte();
        let body = fr.func.child_by_field_name("body").unwrap_or(fr.func);
        if !inside(body) {
            return Err(Reason::Stored(
                format!("`{name}`, declared outside the function"),
                at,
            ));
        }
        if let Some(l) = fr.outer_loop
            && !inside(l)
        {
            return Err(Reason::StoredOutside(name.to_string(), at));
        }
        // A variable declared before the site can be read by a deferred call or a goroutine
        // started before it, after the array went back to the pool.
        if let Some(s) = fr.site
            && decl_at < s.stmt.start_byte()
        {
            return Err(Reason::DeclaredBefore(name.to_string(), at));
        }
        Ok(d)
    }

    /// Whether `e` is the variable `d`, re-sliced or appended to.
    fn derived_from(&self, file: usize, e: Node<'t>, d: DeclId) -> bool {
        let src = self.src_of(file);
        match e.kind() {
            "identifier" => self.ctx.scopes[file].local(e.start_byte()) == Some(d),
            "parenthesized_expression" => named_children(e)
                .first()
                .is_some_and(|x| self.derived_from(file, *x, d)),
            "slice_expression" => e
                .child_by_field_name("operand")
                .is_some_and(|o| self.derived_from(file, o, d)),
            "call_expression" => {
                let f = e.child_by_field_name("function");
                f.is_some_and(|f| {
                    &src[f.byte_range()] == "append" && self.builtin(file, "append", f.start_byte())
                }) && e
                    .child_by_field_name("arguments")
                    .and_then(|a| named_children(a).first().copied())
                    .is_some_and(|a| self.derived_from(file, a, d))
            }
            _ => false,
        }
    }

    /// The buffer expression `arg` (an element of `list`) passed to a call.
    fn call_use(
        &self,
        fr: Frame<'_, 't>,
        list: Node<'t>,
        arg: Node<'t>,
        spread: bool,
        is_site: bool,
    ) -> Result<Option<DeclId>, Reason> {
        let (file, site) = (fr.file, fr.site);
        let src = self.src_of(file);
        let at = self.line_ref(file, arg);
        let Some(call) = list.parent().filter(|c| c.kind() == "call_expression") else {
            return Err(Reason::Use(short(src, list), at));
        };
        let idx = named_children(list)
            .iter()
            .position(|a| a.id() == arg.id())
            .unwrap_or(0);
        let f = call
            .child_by_field_name("function")
            .ok_or(Reason::Use(short(src, call), at))?;
        let fname = &src[f.byte_range()];
        let derived = || self.use_ok(fr, call, false);
        let passed = || Err(Reason::PassedTo(format!("`{}`", short(src, f)), at));
        match f.kind() {
            "identifier" if self.builtin(file, fname, f.start_byte()) => match fname {
                _ if BUILTINS_KEEP_NOTHING.contains(&fname) => Ok(None),
                "string" => Ok(None),
                "append" if idx == 0 => {
                    let full = is_site
                        && site.is_some_and(|s| s.kind == Kind::Slice && s.len.is_none())
                        && arg.kind() == "identifier"
                        && named_children(list).len() > 1;
                    if full {
                        return Err(Reason::AppendReallocates(at));
                    }
                    derived()
                }
                "append" if spread => Ok(None),
                "append" => Err(Reason::Stored("a slice by append".into(), at)),
                _ => passed(),
            },
            "identifier" if self.ctx.scopes[file].local(f.start_byte()).is_none() => {
                let Some(sig) = self.ctx.index.funcs.get(fname) else {
                    return passed();
                };
                if sig.generic || !self.ctx.index.unique(fname) || spread {
                    return passed();
                }
                self.callee(fname, sig, idx, at)?;
                Ok(None)
            }
            "selector_expression" => {
                let operand = f.child_by_field_name("operand");
                let method = f
                    .child_by_field_name("field")
                    .map_or("", |m| &src[m.byte_range()]);
                let Some(o) = operand else { return passed() };
                // pkg.Func(...)
                if let Some(path) = self.import_path(file, o) {
                    return match LIB_FUNCS
                        .iter()
                        .find(|(p, n, _)| *p == path && *n == method)
                    {
                        Some((p, n, d)) => {
                            if *p == "io" {
                                self.note_via(format!("io.{n}"), file, call);
                            }
                            if *d { derived() } else { Ok(None) }
                        }
                        None => passed(),
                    };
                }
                // pkg.Var.Method(...)
                if o.kind() == "selector_expression"
                    && let (Some(po), Some(pv)) = (
                        o.child_by_field_name("operand"),
                        o.child_by_field_name("field"),
                    )
                    && let Some(path) = self.import_path(file, po)
                {
                    let var = &src[pv.byte_range()];
                    let m = LIB_VALUES
                        .iter()
                        .filter(|(p, vars, _)| *p == path && vars.contains(&var))
                        .flat_map(|(_, _, ms)| ms.iter())
                        .find(|(m, _)| *m == method);
                    return match m {
                        Some((_, true)) => derived(),
                        Some((_, false)) => Ok(None),
                        None => passed(),
                    };
                }
                // x.Method(...) on an io or hash interface, or on a package type.
                let ty = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, o);
                let Some(ty) = ty else { return passed() };
                if let Some((qual, tname)) = ty.split_once('.')
                    && !qual.starts_with('*')
                {
                    let path = self.import_path_of_name(file, qual, o.start_byte());
                    let known = IFACES
                        .iter()
                        .any(|(p, names)| path.as_deref() == Some(*p) && names.contains(&tname));
                    return match IFACE_METHODS.iter().find(|(m, _)| *m == method) {
                        Some((_, d)) if known => {
                            self.note_via(format!("{ty}.{method}"), file, call);
                            if *d { derived() } else { Ok(None) }
                        }
                        _ => passed(),
                    };
                }
                let base = ty.trim_start_matches('*');
                match self
                    .ctx
                    .index
                    .methods
                    .get(&(base.to_string(), method.to_string()))
                {
                    Some(sig) if !sig.generic && !spread && self.method_unique(base, method) => {
                        self.callee(&format!("{base}.{method}"), sig, idx, at)?;
                        Ok(None)
                    }
                    _ => passed(),
                }
            }
            _ => passed(),
        }
    }

    /// Whether the package declares method `name` of type `base` once (build-tagged files can
    /// declare it twice, and the index keeps one).
    fn method_unique(&self, base: &str, name: &str) -> bool {
        self.ctx
            .index
            .method_decls
            .get(&(base.to_string(), name.to_string()))
            == Some(&1)
    }

    fn note_via(&self, what: String, file: usize, call: Node<'t>) {
        let mut via = self.via.borrow_mut();
        if via.is_none() {
            let place = if file == self.file {
                String::new()
            } else {
                let p = &self.pkg.files[file].path;
                format!("{}, ", p.file_name().unwrap_or_default().to_string_lossy())
            };
            *via = Some(format!(
                "`{what}` ({place}line {})",
                self.line_ref(file, call)
            ));
        }
    }

    /// A same-package function or method receiving the buffer as parameter `idx`: its
    /// parameter must keep the same rules there.
    fn callee(
        &self,
        fname: &str,
        sig: &crate::types::Signature,
        idx: usize,
        at: LineRef,
    ) -> Result<(), Reason> {
        let passed = || Reason::PassedTo(format!("`{fname}`"), at);
        let param = sig.params.get(idx).ok_or_else(passed)?;
        if param.variadic || param.name.is_none() {
            return if param.name.is_none() && !param.variadic {
                Ok(()) // an unnamed parameter is never used
            } else {
                Err(passed())
            };
        }
        let file = sig.decl.file;
        let fnode = sig
            .decl
            .node(self.pkg, "function_declaration")
            .or_else(|| sig.decl.node(self.pkg, "method_declaration"))
            .ok_or_else(passed)?;
        let params = fnode.child_by_field_name("parameters").ok_or_else(passed)?;
        let names: Vec<Node<'t>> = named_children(params)
            .into_iter()
            .flat_map(|p| crate::ast::field_children(p, "name"))
            .collect();
        let name = names.get(idx).ok_or_else(passed)?;
        let d = self.ctx.scopes[file]
            .decl_at(name.start_byte())
            .ok_or_else(passed)?;
        if !self.visiting.borrow_mut().insert((file, d)) {
            return Ok(());
        }
        let frame = Frame {
            file,
            func: fnode,
            outer_loop: None,
            site: None,
        };
        self.check_decl(frame, d)
            .map_err(|why| Reason::Retained(format!("`{fname}`"), Box::new(why)))
    }

    /// The import path an identifier names, when it is a package name in the file.
    fn import_path(&self, file: usize, o: Node<'t>) -> Option<String> {
        if o.kind() != "identifier" {
            return None;
        }
        let name = &self.src_of(file)[o.byte_range()];
        self.import_path_of_name(file, name, o.start_byte())
    }

    fn import_path_of_name(&self, file: usize, name: &str, pos: usize) -> Option<String> {
        if self.ctx.scopes[file].lookup(name, pos).is_some()
            || self.ctx.index.top_level.contains_key(name)
        {
            return None;
        }
        let f = &self.pkg.files[file];
        crate::imports::std_imports(&f.tree, &f.text)
            .into_iter()
            .find(|(path, alias)| {
                alias
                    .as_deref()
                    .unwrap_or(crate::imports::default_name(path))
                    == name
            })
            .map(|(p, _)| p)
    }

    fn rewrite(&self, site: &Site<'t>, evidence: Evidence) -> Result<Fix, Reason> {
        let src = self.src();
        let f = &self.pkg.files[self.file];
        let version = self.pkg.go_version;
        let has_any = version.is_none_or(|v| v.at_least(18));
        let has_clear = version.is_none_or(|v| v.at_least(21));
        let pos = site.init.start_byte();
        for b in ["new", "make"] {
            if !self.builtin(self.file, b, 0) {
                return Err(Reason::NameShadowed(b));
            }
        }
        if has_clear && !self.builtin(self.file, "clear", pos) {
            return Err(Reason::NameShadowed("clear"));
        }
        if site.kind == Kind::Map && !has_clear {
            return Err(Reason::OldGo(
                "clear (go1.21), which empties a pooled map of any key type",
            ));
        }
        let any = if has_any && self.builtin(self.file, "any", 0) {
            "any"
        } else {
            "interface{}"
        };
        let ty_text = crate::ast::one_line(&src[site.ty.byte_range()]);
        let (pooled_ty, new_expr, base) = match site.kind {
            Kind::Slice | Kind::NewArray => (
                format!("*[{}]{ty_text}", site.size),
                format!("new([{}]{ty_text})", site.size),
                format!("{}{}", plural(&ident_words(&ty_text)), site.size),
            ),
            Kind::Map => (
                ty_text.clone(),
                format!("make({ty_text})"),
                ident_words(&ty_text),
            ),
        };
        let decl_text = format!("sync.Pool{{New: func() {any} {{ return {new_expr} }}}}");
        // The pool: an existing one of this package with the same declaration, or a new one.
        let (pool, pool_edit) = self.pool(&format!("{base}Pool"), &decl_text, site.ty)?;
        let mut edits = Vec::new();
        let mut claims = Vec::new();
        if let Some(e) = pool_edit {
            sync_usable(self)?;
            // The import first: with no import yet, both go right after the package clause.
            if let Some(i) = crate::imports::add_import(self.file, &f.tree, src, "sync") {
                edits.push(i);
            }
            edits.push(e);
            // Two files could each declare a pool of this name in one round: the claim
            // keeps the second for the next round, which sees the declaration and shares it
            // (or, when it may not, picks another name).
            claims.push(pool.clone());
        }
        let name = self.text(site.name);
        let indent = indent_at(src, site.stmt.start_byte()).to_string();
        let get = format!("{pool}.Get().({pooled_ty})");
        let zero = |arr: &str| {
            if has_clear {
                format!("clear({arr}[:])")
            } else {
                format!("*{arr} = [{}]{ty_text}{{}}", site.size)
            }
        };
        let view = |arr: &str| match site.len {
            Some(l) => format!("{arr}[:{}]", self.text(l)),
            None => format!("{arr}[:]"),
        };
        let put = |v: &str| match site.kind {
            Kind::Map => format!("defer func() {{ clear({v}); {pool}.Put({v}) }}()"),
            _ => format!("defer {pool}.Put({v})"),
        };
        let (held, hoisted) = match site.outer_loop {
            None => {
                let held = match site.kind {
                    Kind::NewArray | Kind::Map => name.to_string(),
                    Kind::Slice => self.fresh(site.func, &format!("{name}Arr")),
                };
                (held, None)
            }
            Some(lp) => {
                let suffix = if site.kind == Kind::Map { "Map" } else { "Arr" };
                (self.fresh(site.func, &format!("{name}{suffix}")), Some(lp))
            }
        };
        let site_text = match (site.kind, hoisted) {
            (Kind::Slice, None) => format!(
                "{held} := {get}\n{indent}{}\n{indent}{}\n{indent}{name} := {}",
                put(&held),
                zero(&held),
                view(&held)
            ),
            (Kind::NewArray, None) => format!(
                "{name} := {get}\n{indent}{}\n{indent}{}",
                put(name),
                zero(name)
            ),
            (Kind::Map, None) => format!("{name} := {get}\n{indent}{}", put(name)),
            (Kind::Slice, Some(_)) => {
                format!("{}\n{indent}{name} := {}", zero(&held), view(&held))
            }
            (Kind::NewArray, Some(_)) => format!("{}\n{indent}{name} := {held}", zero(&held)),
            (Kind::Map, Some(_)) => format!("clear({held})\n{indent}{name} := {held}"),
        };
        edits.push(Edit::replace(
            self.file,
            site.stmt.start_byte(),
            site.stmt.end_byte(),
            site_text,
        ));
        let mut message = format!(
            "`{}` taken from {pool} and put back when the function returns",
            short(src, site.init)
        );
        if let Some(lp) = hoisted {
            let at = match lp.parent() {
                Some(p) if p.kind() == "labeled_statement" => p,
                _ => lp,
            };
            // A label sits at the left of gofmt's layout: indent like the loop itself.
            let lindent = indent_at(src, lp.start_byte()).to_string();
            // Above the comment lines that lead into the loop, which belong to it.
            let insert_at = crate::ast::start_above_leading_comments(src, at);
            edits.push(Edit::insert(
                self.file,
                insert_at,
                format!("{lindent}{held} := {get}\n{lindent}{}\n", put(&held)),
            ));
            message.push_str(&format!(
                "; hoisted out of the loop at line {}, cleared on every turn",
                LineRef {
                    file: self.file,
                    at: at.start_byte()
                }
            ));
        }
        // Two sites of one function could pick the same new name in one round: the claim
        // keeps the second for the next, which sees the first's name and picks another.
        if held != name {
            claims.push(format!(
                "{held} in the function at {}:{}",
                self.file,
                site.func.start_byte()
            ));
        }
        Ok(Fix {
            rule: RULE,
            file: self.file,
            at: site.init.start_byte(),
            message,
            evidence,
            edits,
            claims,
        })
    }

    /// The pool named from `base`: one declared with `decl` already (reused), or a new
    /// declaration under a name no identifier of the package spells.
    fn pool(&self, base: &str, decl: &str, ty: Node<'t>) -> Result<(String, Option<Edit>), Reason> {
        let is_test = |file: usize| crate::semantic::build::is_test(&self.pkg.files[file].path);
        // A pool another file declared is usable here when that file is always compiled
        // with this one: not a test file (unless this one is), not build-constrained.
        let usable = |file: usize| {
            let f = &self.pkg.files[file];
            file == self.file
                || ((!is_test(file) || is_test(self.file))
                    && !crate::semantic::build::constrained(&f.path, &f.text)
                    && self.names_alike(ty, file))
        };
        for k in 1.. {
            let name = if k == 1 {
                base.to_string()
            } else {
                format!("{base}{k}")
            };
            if let Some((file, value)) = self.package_var(&name) {
                if value == decl && usable(file) && self.owned(&name) {
                    return Ok((name, None));
                }
                continue;
            }
            if self.ctx.index.spelled(self.pkg).contains(&name) {
                continue;
            }
            let f = &self.pkg.files[self.file];
            let root = f.tree.root_node();
            let after = named_children(root)
                .into_iter()
                .rfind(|n| matches!(n.kind(), "import_declaration" | "package_clause"))
                .map_or(0, |n| n.end_byte());
            return Ok((
                name.clone(),
                // Stacking: the new pools of one file's sites go in in one round.
                Some(Edit::insert_stacking(
                    self.file,
                    after,
                    format!("\n\nvar {name} = {decl}"),
                )),
            ));
        }
        unreachable!()
    }

    /// Whether the type `ty` of this file, written in `other`, names the same types: each
    /// qualifier is an import of the same path in both files, and each unqualified name is
    /// the package's own or predeclared (not from a dot import). `rand.Rand` is another type
    /// in a file that imports `math/rand/v2`, and a pool declared there holds another type.
    fn names_alike(&self, ty: Node<'t>, other: usize) -> bool {
        let imports = |file: usize| {
            let f = &self.pkg.files[file];
            crate::imports::imported_names(&f.tree, &f.text)
        };
        let (here, there) = (imports(self.file), imports(other));
        let path = |list: &[(String, String)], name: &str| {
            let mut paths = list.iter().filter(|(_, n)| n == name).map(|(p, _)| p);
            // A name imported twice does not build; taken as unknown all the same.
            match (paths.next(), paths.next()) {
                (Some(p), None) => Some(p.clone()),
                _ => None,
            }
        };
        descendants(ty).into_iter().all(|n| match n.kind() {
            "qualified_type" => n.child_by_field_name("package").is_some_and(|q| {
                let q = self.text(q);
                path(&here, q).is_some_and(|p| path(&there, q) == Some(p))
            }),
            "type_identifier" if n.parent().is_none_or(|p| p.kind() != "qualified_type") => {
                let t = self.text(n);
                self.ctx.index.types.contains_key(t)
                    || crate::types::is_predeclared_type(t)
                    || matches!(t, "any" | "error")
            }
            _ => true,
        })
    }

    /// Whether the package variable `name` is used only as gomapfix uses its pools: every
    /// use is `x := name.Get().(T)` followed at once by `defer name.Put(x)` or
    /// `defer func() { clear(x); name.Put(x) }()`. A pool of the user's with the generated
    /// name and declaration may hold entries it put in its own way (not cleared, still
    /// referenced): it is never shared.
    fn owned(&self, name: &str) -> bool {
        let defer_forms = |x: &str| {
            [
                format!("defer {name}.Put({x})"),
                format!("defer func() {{ clear({x}); {name}.Put({x}) }}()"),
            ]
        };
        // The `x := name.Get().(T)` statement's variable and its following defer, when `id`
        // is the pool in such a statement.
        let get_site = |stmt: Node<'_>, text: &str| -> bool {
            if stmt.kind() != "short_var_declaration" {
                return false;
            }
            let (Some(l), Some(r)) = (
                stmt.child_by_field_name("left"),
                stmt.child_by_field_name("right"),
            ) else {
                return false;
            };
            let (ls, rs) = (list_items(l), list_items(r));
            if ls.len() != 1 || rs.len() != 1 || rs[0].kind() != "type_assertion_expression" {
                return false;
            }
            let x = &text[ls[0].byte_range()];
            let call = rs[0].child_by_field_name("operand");
            if call.is_none_or(|c| text[c.byte_range()] != format!("{name}.Get()")) {
                return false;
            }
            stmt.next_named_sibling().is_some_and(|d| {
                d.kind() == "defer_statement"
                    && defer_forms(x).iter().any(|f| *f == text[d.byte_range()])
            })
        };
        for (k, f) in self.pkg.files.iter().enumerate() {
            let text = &f.text[..];
            if !text.contains(name) {
                continue;
            }
            for id in descendants(f.tree.root_node()) {
                if id.kind() != "identifier" || &text[id.byte_range()] != name {
                    continue;
                }
                if self.ctx.scopes[k].lookup(name, id.start_byte()).is_some() {
                    continue; // a local of that name, not the pool
                }
                let spec = id.parent().filter(|p| p.kind() == "var_spec");
                if spec.is_some() {
                    continue; // the declaration
                }
                let ok = ancestors(id).any(|a| {
                    (a.kind() == "short_var_declaration" && get_site(a, text))
                        || (a.kind() == "defer_statement"
                            && a.prev_named_sibling().is_some_and(|g| get_site(g, text)))
                });
                if !ok {
                    return false;
                }
            }
        }
        true
    }

    /// A package-level `var NAME = VALUE`: its file and value text.
    /// `None` when no variable has the name; a value of `""` when it is not declared once,
    /// alone in its spec, with a value (such a variable is never a pool to share).
    fn package_var(&self, name: &str) -> Option<(usize, String)> {
        let &(loc, _) = self.ctx.index.vars.get(name)?;
        let spec = loc.node(self.pkg, "var_spec")?;
        let f = &self.pkg.files[loc.file];
        let value = (self.ctx.index.unique(name)
            && crate::ast::field_children(spec, "name").len() == 1)
            .then(|| spec.child_by_field_name("value"))
            .flatten()
            .map(|v| f.text[v.byte_range()].to_string())
            .unwrap_or_default();
        Some((loc.file, value))
    }

    /// A name for a new local: no package-level name, and no identifier spelled in the
    /// function, so it neither shadows nor is shadowed.
    fn fresh(&self, func: Node<'t>, base: &str) -> String {
        let spelled: HashSet<&str> = descendants(func)
            .into_iter()
            .filter(|n| n.kind() == "identifier")
            .map(|n| self.text(n))
            .collect();
        (1..)
            .map(|k| {
                if k == 1 {
                    base.to_string()
                } else {
                    format!("{base}{k}")
                }
            })
            .find(|n| !spelled.contains(n.as_str()) && !self.ctx.index.top_level.contains_key(n))
            .unwrap_or_default()
    }
}

/// `sync` must name the package in the file that declares a new pool: not declared in the
/// package, not the name of another import, and imported under its own name (or not at all:
/// then the import is added).
fn sync_usable(a: &Analysis<'_, '_>) -> Result<(), Reason> {
    if a.ctx.index.top_level.contains_key("sync") {
        return Err(Reason::NameShadowed("sync"));
    }
    let f = &a.pkg.files[a.file];
    let clash = crate::imports::imported_names(&f.tree, &f.text)
        .iter()
        .any(|(path, name)| (path == "sync") != (name == "sync"));
    if clash {
        return Err(Reason::NameShadowed("sync"));
    }
    Ok(())
}

/// Whether a parsed file may hold a site (the engine's second filter, [`Meta::sites`]).
fn may_have_site(root: Node<'_>, src: &str) -> bool {
    has_site_text(src) && short_var_decls(root, src).any(|n| shaped_like_site(n, src))
}

/// Every `x := ...` of a file, found from its `:=` tokens rather than by walking the tree
/// (every short variable declaration has one; those in strings and comments are not
/// tokens of a declaration).
fn short_var_decls<'t>(root: Node<'t>, src: &'t str) -> impl Iterator<Item = Node<'t>> {
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
fn shaped_like_site(stmt: Node<'_>, src: &str) -> bool {
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
    let Some(func) = ancestors(stmt).find(|a| crate::ast::is_function(*a)) else {
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
            let Some((f, args)) = crate::ast::call_parts(init) else {
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
fn may_be_constant(n: Node<'_>, at: Node<'_>, src: &str) -> bool {
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
fn declared_before(name: &str, stmt: Node<'_>, src: &str) -> bool {
    let declares = |d: Node<'_>| {
        let names: Vec<Node<'_>> = match d.kind() {
            "short_var_declaration" => d
                .child_by_field_name("left")
                .map(list_items)
                .unwrap_or_default(),
            "var_declaration" | "const_declaration" => descendants(d)
                .into_iter()
                .filter(|s| matches!(s.kind(), "var_spec" | "const_spec"))
                .flat_map(|s| crate::ast::field_children(s, "name"))
                .collect(),
            "parameter_list" => named_children(d)
                .into_iter()
                .flat_map(|p| crate::ast::field_children(p, "name"))
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
        if crate::ast::is_function(a) {
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
fn has_site_text(text: &str) -> bool {
    [":= make(", ":= new(", ":= map["]
        .iter()
        .any(|p| text.contains(p))
}

fn op<'s>(n: Node<'_>, src: &'s str) -> &'s str {
    n.child_by_field_name("operator")
        .map_or("", |o| &src[o.byte_range()])
}

fn node_at<'t>(pkg: &'t Package, file: usize, start: usize) -> Option<Node<'t>> {
    let root = pkg.files[file].tree.root_node();
    let n = root.descendant_for_byte_range(start, start + 1)?;
    ancestors_inclusive(n).find(|x| x.kind() == "identifier" && x.start_byte() == start)
}

fn ancestors_inclusive(n: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    std::iter::successors(Some(n), |x| x.parent())
}

/// A type's words as one lower camel-case identifier: `[8]int` → `8Int`, `*big.Int` →
/// `bigInt`, `map[string][4]int` → `mapString4Int`, `byte` → `byte`.
fn ident_words(ty: &str) -> String {
    let mut out = String::new();
    for w in ty
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
    {
        let mut cs = w.chars();
        if out.is_empty() {
            out.push_str(w);
        } else if let Some(c) = cs.next() {
            out.extend(c.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert_str(0, "arr");
    }
    let mut cs = out.chars();
    match cs.next() {
        Some(c) => c.to_lowercase().chain(cs).collect(),
        None => "scratch".into(),
    }
}

fn plural(w: &str) -> String {
    if w.ends_with('s') {
        w.to_string()
    } else {
        format!("{w}s")
    }
}

#[cfg(test)]
mod tests {
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
            let tree = crate::parse::parse(&src);
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
        use crate::source::Generated;
        let src = "package p\n\nfunc f() { b := make([]byte, 64); _ = b }\n";
        let file =
            |g, include| crate::package::PkgFile::new("p/a.go".into(), src.to_string(), g, include);
        assert!((META.sites)(&file(Generated::No, false)));
        assert!(!(META.sites)(&file(Generated::ByOther, false)));
        assert!((META.sites)(&file(Generated::ByOther, true)));
    }
}
