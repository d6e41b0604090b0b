//! pool-scratch: scratch buffers and scratch maps that allocate on every call, taken from a
//! package-level `sync.Pool` instead, when nothing derived from them outlives the call.
//!
//! A site is worth rewriting only when it allocates: the compiler says so (`--escapes`,
//! `--escape-log`), or, without its word, the buffer goes through an interface call of the
//! non-retaining list (what makes it escape), or the map is filled in a loop (it grows past
//! one 8-entry group even on the stack). It is safe only when no alias of it is returned,
//! stored outside, captured or passed anywhere that could keep it: checked from the source,
//! whatever the compiler says.

mod proofs;
mod reasons;
mod rewrite;

use super::{Context, Meta, Transform};
use crate::fix::edit::{Edit, Evidence, Findings, Fix, LineRef, SkipReason, indent_at};
use crate::semantic::escapes::Verdict;
use crate::semantic::scope::DeclId;
use crate::syntax::ast::{ancestors, descendants, list_items, named_children, short, within};
use crate::syntax::package::Package;
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
        LineRef::of(self.ctx, file, n.start_byte())
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
        let func = ancestors(stmt).find(|a| crate::syntax::ast::is_function(*a))?;
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
}

/// `sync` must name the package in the file that declares a new pool: not declared in the
/// package, not the name of another import, and imported under its own name (or not at all:
/// then the import is added).
fn sync_usable(a: &Analysis<'_, '_>) -> Result<(), Reason> {
    if a.ctx.index.top_level.contains_key("sync") {
        return Err(Reason::NameShadowed("sync"));
    }
    let clash = a
        .ctx
        .imports(a.pkg, a.file)
        .iter()
        .filter(|(_, name)| name != "." && name != "_")
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
    let root = pkg.files[file].tree().root_node();
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
