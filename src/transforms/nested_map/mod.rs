//! nested-map: `map[K]map[K]V` with known dimensions into one flat `[]V` indexed `i*COLS+j`.

mod reasons;

use super::{Context, Meta, Transform};
use crate::align::{self, Cell, Line};
use crate::ast::{
    ancestors, block_statements, descendants, enclosing_statement, field_children, has_comment,
    list_items, named_children, short, top_level, within,
};
use crate::edit::{
    Edit, Evidence, Findings, Fix, LineRef, SkipReason, delete_lines, indent_at, line_col,
    line_end, line_start,
};
use crate::package::Package;
use crate::scope::{DeclId, has_token};
use reasons::Reason;
use tree_sitter::Node;

pub(crate) struct NestedMap;

const RULE: &str = "nested-map";

static META: Meta = Meta {
    id: RULE,
    summary: "nested integer maps with known dimensions into one flattened slice indexed i*cols+j",
    docs: include_str!("../../../transforms/nested-map/README.md"),
    prefilter: nested_same_key,
    sites: |_| true,
    uses_escapes: false,
};

/// `map[K]map[K]`: the words a target cannot lack (the key type is checked after parsing).
fn nested_same_key(text: &str) -> bool {
    let mut rest = text;
    while let Some(p) = rest.find("]map[") {
        let before = &rest[..p];
        let key = before.rfind("map[").map(|k| &before[k + 4..]);
        let after = &rest[p + 5..];
        let same = key
            .filter(|k| {
                !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
            })
            .is_some_and(|k| after.strip_prefix(k).is_some_and(|a| a.starts_with(']')));
        if same {
            return true;
        }
        rest = &rest[p + 5..];
    }
    false
}

/// The most a target known only from `//gomapfix:dims` may allocate at once: the map it
/// replaces grew with its entries, and a sparse memo asserted 1e6 x 1e6 must not become a
/// slice that cannot be allocated. A fill loop proves every cell was allocated anyway.
const MAX_DIRECTIVE_BYTES: u64 = 64 << 20;

/// Bytes for people: `4 MiB`, `1.5 KiB`, `96 B`.
fn human_bytes(n: u64) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a rounded figure for a message")]
    let f = n as f64;
    if n >= 1 << 30 {
        format!("{:.1} GiB", f / f64::from(1u32 << 30))
    } else if n >= 1 << 20 {
        format!("{:.1} MiB", f / f64::from(1u32 << 20))
    } else if n >= 1 << 10 {
        format!("{:.1} KiB", f / f64::from(1u32 << 10))
    } else {
        format!("{n} B")
    }
}

impl Transform for NestedMap {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
        // Names are handed out once per round, so two targets never declare the same one.
        let mut fresh = FreshNames::new(pkg, ctx);
        for (file, f) in pkg.files.iter().enumerate() {
            if !f.parses() {
                continue;
            }
            for n in descendants(f.tree.root_node()) {
                let found = match n.kind() {
                    "short_var_declaration" | "var_spec" => candidate_var(pkg, ctx, file, n),
                    "field_declaration" => candidate_field(pkg, ctx, file, n),
                    _ => Candidate::None,
                };
                match found {
                    Candidate::None => {}
                    Candidate::Skip(at, reason) => out.skip(RULE, file, at, &reason),
                    Candidate::Target(t) => {
                        let a = Analysis { pkg, ctx, t: &t };
                        let mark = fresh.taken.len();
                        match a.run(&mut fresh) {
                            Ok(fix) => out.fixes.push(fix),
                            Err(reason) => {
                                // A skipped target keeps no name.
                                fresh.taken.truncate(mark);
                                out.skip(RULE, file, t.name_node.start_byte(), &reason);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `map[K]map[K]V`, K an integer type.
#[derive(Debug, Clone)]
struct MapType {
    key: String,
    val: String,
    /// The size of V on 64-bit targets, when the package's source tells it.
    val_size: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Local(DeclId),
    PkgVar,
    Field,
}

struct Target<'t> {
    kind: Kind,
    name: String,
    file: usize,
    name_node: Node<'t>,
    /// The statement (local), top-level declaration (package var) or field declaration.
    decl: Node<'t>,
    ty: MapType,
    /// The `map_type` written in the declaration, when there is one.
    type_node: Option<Node<'t>>,
    /// The creation expression of the declaration, when there is one.
    init: Option<Node<'t>>,
    /// The struct type's name, for a field.
    owner: Option<String>,
}

enum Candidate<'t> {
    None,
    Skip(usize, Reason),
    Target(Box<Target<'t>>),
}

fn text<'t>(pkg: &'t Package, file: usize, n: Node<'_>) -> &'t str {
    &pkg.files[file].text[n.byte_range()]
}

fn line_of(pkg: &Package, file: usize, pos: usize) -> usize {
    line_col(&pkg.files[file].text, pos).0
}

fn nested_type(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<MapType> {
    if n.kind() != "map_type" {
        return None;
    }
    let k1 = n.child_by_field_name("key")?;
    let inner = n.child_by_field_name("value")?;
    if inner.kind() != "map_type" {
        return None;
    }
    let k2 = inner.child_by_field_name("key")?;
    let v = inner.child_by_field_name("value")?;
    let src = &pkg.files[file].text;
    if src[k1.byte_range()] != src[k2.byte_range()] || !ctx.index.is_integer_type(pkg, k1, src) {
        return None;
    }
    Some(MapType {
        key: src[k1.byte_range()].to_string(),
        val: src[v.byte_range()].to_string(),
        val_size: ctx.index.size_of(pkg, file, v).map(|(size, _)| size),
    })
}

enum Creation {
    Empty(MapType),
    WithEntries,
}

/// `make(map[K]map[K]V[, n])` or `map[K]map[K]V{}`.
fn creation(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<Creation> {
    match n.kind() {
        "call_expression" => {
            let f = n.child_by_field_name("function")?;
            if text(pkg, file, f) != "make" || !builtin(ctx, file, f, "make") {
                return None;
            }
            let args = named_children(n.child_by_field_name("arguments")?);
            nested_type(pkg, ctx, file, *args.first()?).map(Creation::Empty)
        }
        "composite_literal" => {
            let ty = nested_type(pkg, ctx, file, n.child_by_field_name("type")?)?;
            let body = n.child_by_field_name("body")?;
            if named_children(body).iter().any(|c| c.kind() != "comment") {
                Some(Creation::WithEntries)
            } else {
                Some(Creation::Empty(ty))
            }
        }
        _ => None,
    }
}

/// `make(map[K]V[, n])` or `map[K]V{}` for the inner map type of `ty`.
fn row_creation(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>, ty: &MapType) -> bool {
    let want = format!("map[{}]{}", ty.key, ty.val);
    match n.kind() {
        "call_expression" => {
            let Some((f, args)) = crate::ast::call_parts(n) else {
                return false;
            };
            text(pkg, file, f) == "make"
                && builtin(ctx, file, f, "make")
                && args.first().is_some_and(|a| text(pkg, file, *a) == want)
        }
        "composite_literal" => {
            n.child_by_field_name("type")
                .is_some_and(|t| text(pkg, file, t) == want)
                && n.child_by_field_name("body")
                    .is_some_and(|b| named_children(b).is_empty())
        }
        _ => false,
    }
}

/// Whether `ident` names the predeclared `name` (not shadowed locally or in the package).
fn builtin(ctx: &Context, file: usize, ident: Node<'_>, name: &str) -> bool {
    ctx.scopes[file].local(ident.start_byte()).is_none() && !ctx.index.top_level.contains_key(name)
}

fn in_function(n: Node<'_>) -> bool {
    ancestors(n).any(crate::ast::is_function)
}

fn candidate_var<'t>(pkg: &'t Package, ctx: &Context, file: usize, n: Node<'t>) -> Candidate<'t> {
    let (names, values, type_node) = if n.kind() == "short_var_declaration" {
        let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return Candidate::None;
        };
        (list_items(l), list_items(r), None)
    } else {
        let values = n
            .child_by_field_name("value")
            .map(list_items)
            .unwrap_or_default();
        (
            field_children(n, "name"),
            values,
            n.child_by_field_name("type"),
        )
    };
    let declared_type = type_node.and_then(|t| nested_type(pkg, ctx, file, t));
    let created: Vec<(Node<'t>, Creation)> = values
        .iter()
        .filter_map(|v| creation(pkg, ctx, file, *v).map(|c| (*v, c)))
        .collect();
    if declared_type.is_none() && created.is_empty() {
        return Candidate::None;
    }
    let Some(first) = names.first().copied() else {
        return Candidate::None;
    };
    if names.len() != 1 || values.len() > 1 {
        return Candidate::Skip(first.start_byte(), Reason::SeveralNames);
    }
    if let Some((v, Creation::WithEntries)) = created.first() {
        return Candidate::Skip(
            first.start_byte(),
            Reason::CreatedWithEntries(LineRef {
                file,
                at: v.start_byte(),
            }),
        );
    }
    let init = created.first().map(|(v, _)| *v);
    if init.is_none() && !values.is_empty() {
        let v = values[0];
        return Candidate::Skip(
            first.start_byte(),
            Reason::Use(
                short(&pkg.files[file].text, v),
                LineRef {
                    file,
                    at: v.start_byte(),
                },
            ),
        );
    }
    let ty = match (declared_type, created.into_iter().next()) {
        (Some(t), _) => t,
        (None, Some((_, Creation::Empty(t)))) => t,
        _ => return Candidate::None,
    };
    let name = text(pkg, file, first).to_string();
    let local = in_function(n);
    let decl = if local {
        enclosing_statement(n)
    } else {
        top_level(n)
    };
    let declaring = std::iter::once(n)
        .chain(ancestors(n))
        .find(|a| matches!(a.kind(), "short_var_declaration" | "var_declaration"));
    if local
        && !declaring
            .and_then(|d| d.parent())
            .is_some_and(|p| matches!(p.kind(), "statement_list" | "block"))
    {
        return Candidate::Skip(first.start_byte(), Reason::HeaderDeclaration);
    }
    let kind = if local {
        match ctx.scopes[file].decl_at(first.start_byte()) {
            Some(d) => Kind::Local(d),
            None => return Candidate::None,
        }
    } else {
        Kind::PkgVar
    };
    if local && name == "_" {
        return Candidate::None;
    }
    Candidate::Target(Box::new(Target {
        kind,
        name,
        file,
        name_node: first,
        decl,
        ty,
        type_node,
        init,
        owner: None,
    }))
}

fn candidate_field<'t>(pkg: &'t Package, ctx: &Context, file: usize, n: Node<'t>) -> Candidate<'t> {
    let Some(ty_node) = n.child_by_field_name("type") else {
        return Candidate::None;
    };
    let Some(ty) = nested_type(pkg, ctx, file, ty_node) else {
        return Candidate::None;
    };
    let names = field_children(n, "name");
    let Some(first) = names.first().copied() else {
        return Candidate::None;
    };
    if names.len() != 1 {
        return Candidate::Skip(first.start_byte(), Reason::SeveralNames);
    }
    // Only a field of a named struct declared at the package level: its type is the owner.
    let spec = n.parent().and_then(|l| l.parent()).and_then(|s| s.parent());
    let Some(spec) = spec.filter(|s| {
        s.kind() == "type_spec"
            && top_level(*s).kind() == "type_declaration"
            && s.parent().is_some_and(|p| p.kind() == "type_declaration")
    }) else {
        return Candidate::Skip(
            first.start_byte(),
            Reason::Use(
                "field of an anonymous struct".into(),
                LineRef {
                    file,
                    at: n.start_byte(),
                },
            ),
        );
    };
    let owner = spec
        .child_by_field_name("name")
        .map(|o| text(pkg, file, o).to_string());
    if spec.child_by_field_name("type_parameters").is_some() {
        return Candidate::Skip(
            first.start_byte(),
            Reason::Use(
                "field of a generic struct".into(),
                LineRef {
                    file,
                    at: n.start_byte(),
                },
            ),
        );
    }
    Candidate::Target(Box::new(Target {
        kind: Kind::Field,
        name: text(pkg, file, first).to_string(),
        file,
        name_node: first,
        decl: n,
        ty,
        type_node: Some(ty_node),
        init: None,
        owner,
    }))
}

/// A dimension: its value and how it can be written.
#[derive(Debug, Clone)]
struct Bound {
    value: i128,
    /// An untyped constant's name, with what it binds to, when the source names one.
    name: Option<(String, Binding)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Binding {
    Package,
    Local(usize, DeclId),
}

/// A use of the target: the node holding the map (an identifier, or `x.f` for a field).
#[derive(Clone, Copy)]
struct Use<'t> {
    file: usize,
    base: Node<'t>,
}

struct Fill<'t> {
    rows: Bound,
    cols: Bound,
    row_create: Option<Node<'t>>,
    outer: Node<'t>,
}

struct Analysis<'a, 't> {
    pkg: &'t Package,
    ctx: &'a Context,
    t: &'a Target<'t>,
}

/// A cell `m[i][j]` and what is done with it.
struct CellUse<'t> {
    file: usize,
    base: Node<'t>,
    cell: Node<'t>,
    i: Node<'t>,
    j: Node<'t>,
    comma_ok: bool,
}

impl<'a, 't> Analysis<'a, 't> {
    fn src(&self, file: usize) -> &'t str {
        &self.pkg.files[file].text
    }

    /// A line for a message (mapped back to the file as read by the engine).
    fn line(&self, file: usize, pos: usize) -> LineRef {
        LineRef { file, at: pos }
    }

    fn use_reason(&self, file: usize, n: Node<'_>) -> Reason {
        Reason::Use(short(self.src(file), n), self.line(file, n.start_byte()))
    }

    fn run(&self, fresh: &mut FreshNames<'_>) -> Result<Fix, Reason> {
        let t = self.t;
        let decl_line = line_of(self.pkg, t.file, t.name_node.start_byte());
        let dirs = &self.ctx.directives[t.file];
        if dirs.ignores(decl_line, RULE) {
            return Err(Reason::Ignored);
        }
        if matches!(t.kind, Kind::PkgVar | Kind::Field) {
            if t.name.starts_with(|c: char| c.is_uppercase()) {
                return Err(Reason::Exported);
            }
            if let Some(owner) = t
                .owner
                .as_ref()
                .filter(|o| o.starts_with(|c: char| c.is_uppercase()))
            {
                return Err(Reason::ExportedType(owner.clone()));
            }
            if let Some(at) = self.pkg.broken_file() {
                return Err(Reason::BrokenFile(at));
            }
            if t.kind == Kind::PkgVar && !self.ctx.index.unique(&t.name) {
                return Err(Reason::DuplicateDeclaration);
            }
        }
        if let Some(m) = dirs.malformed(decl_line) {
            return Err(Reason::BadDims(m.to_string()));
        }
        let uses = self.uses()?;
        // Where the target is given its map: the declaration, or the statement right after it.
        let mut edits: Vec<Edit> = Vec::new();
        let creation_stmt = self.creation_statement(&uses)?;
        let directive = match dirs.dims(decl_line) {
            Some((r, c)) => Some((
                self.bound(r, t.name_node)
                    .ok_or_else(|| Reason::BadDims(format!("//gomapfix:dims {r} {c}")))?,
                self.bound(c, t.name_node)
                    .ok_or_else(|| Reason::BadDims(format!("//gomapfix:dims {r} {c}")))?,
            )),
            None => None,
        };
        let fill = creation_stmt.and_then(|s| self.fill_loop(s, &uses));
        let (rows, cols) = match (&directive, &fill) {
            (Some((r, c)), _) => (r.clone(), c.clone()),
            (None, Some(f)) => (f.rows.clone(), f.cols.clone()),
            (None, None) => return Err(Reason::DimsUnknown),
        };
        // Every cell exists after a fill loop that covers exactly the dimensions.
        let filled = fill
            .as_ref()
            .is_some_and(|f| f.rows.value == rows.value && f.cols.value == cols.value);
        let bytes = t.ty.val_size.and_then(|size| {
            u64::try_from(rows.value.checked_mul(cols.value)?)
                .ok()?
                .checked_mul(size)
        });
        if !filled && bytes.is_none_or(|b| b > MAX_DIRECTIVE_BYTES) {
            return Err(Reason::TooLarge(rows.value, cols.value, bytes));
        }
        let mut cells: Vec<CellUse<'t>> = Vec::new();
        let mut deleted: Vec<Node<'t>> = Vec::new();
        let mut creations: Vec<(usize, Node<'t>)> = Vec::new();
        if let Some(rc) = fill.as_ref().and_then(|f| f.row_create) {
            deleted.push(rc);
        }
        for u in &uses {
            self.classify(*u, fill.as_ref(), &mut cells, &mut deleted, &mut creations)?;
        }
        if t.kind == Kind::Field {
            self.field_creations(&mut creations)?;
            self.no_whole_value_use()?;
        }
        // Names: COLS (reused when the source has an untyped constant visible everywhere it
        // is written), ROWS likewise, and the checked index function when one is needed.
        let mut sites: Vec<(usize, usize)> = cells
            .iter()
            .map(|c| (c.file, c.cell.start_byte()))
            .collect();
        sites.extend(creations.iter().map(|(f, n)| (*f, n.start_byte())));
        if let Some(init) = t.init {
            sites.push((t.file, init.start_byte()));
        }
        let mut new_consts: Vec<(String, i128)> = Vec::new();
        let cols_text = match &cols.name {
            Some((n, b)) if self.visible_everywhere(n, *b, &sites) => n.clone(),
            _ => {
                let n = fresh
                    .take(&format!("{}Cols", t.name))
                    .ok_or(Reason::NoName)?;
                new_consts.push((n.clone(), cols.value));
                n
            }
        };
        let make_sites: Vec<(usize, usize)> = creations
            .iter()
            .map(|(f, n)| (*f, n.start_byte()))
            .chain(t.init.map(|i| (t.file, i.start_byte())))
            .collect();
        let rows_text = match &rows.name {
            Some((n, b)) if self.visible_everywhere(n, *b, &make_sites) => n.clone(),
            _ => rows.value.to_string(),
        };
        let convert = t.ty.key != "int";
        let mut checked_fn: Option<String> = None;
        let mut unproven = 0;
        for c in &cells {
            let src = self.src(c.file);
            let proven = self.proven(c.file, c.i, rows.value, c.cell)
                && self.proven(c.file, c.j, cols.value, c.cell);
            let cell_text = short(src, c.cell);
            let line = self.line(c.file, c.cell.start_byte());
            if has_comment(c.cell) {
                return Err(Reason::Comment(line));
            }
            // `, true` holds only where the map read is the one the fill loop completed:
            // a local target, never made again (`m = make(...)` empties every row), read
            // after the fill loop in the same function.
            if c.comma_ok
                && !(proven
                    && filled
                    && matches!(t.kind, Kind::Local(_))
                    && creations
                        .iter()
                        .all(|(_, n)| Some(enclosing_statement(*n)) == creation_stmt)
                    && fill.as_ref().is_some_and(|f| {
                        c.file == t.file && c.cell.start_byte() >= f.outer.end_byte()
                    }))
            {
                return Err(Reason::CommaOk(cell_text, line));
            }
            let idx = if proven {
                index_expr(src, c.i, c.j, &cols_text, convert)
            } else {
                if directive.is_none() {
                    return Err(Reason::Unproven(cell_text, line));
                }
                unproven += 1;
                if checked_fn.is_none() {
                    checked_fn = Some(fresh.take(&format!("{}At", t.name)).ok_or(Reason::NoName)?);
                }
                format!(
                    "{}({}, {})",
                    checked_fn.as_deref().unwrap_or_default(),
                    &src[c.i.byte_range()],
                    &src[c.j.byte_range()]
                )
            };
            self.order_holds(c, proven)?;
            let tail = if c.comma_ok { ", true" } else { "" };
            edits.push(Edit::replace(
                c.file,
                c.base.end_byte(),
                c.cell.end_byte(),
                format!("[{idx}]{tail}"),
            ));
        }
        let make_text = format!("make([]{}, {}*{})", t.ty.val, rows_text, cols_text);
        for n in t
            .init
            .iter()
            .chain(creations.iter().map(|(_, n)| n))
            .chain(deleted.iter())
        {
            let file = self.file_of(*n);
            if let Some(call) = side_effect(self.src(file), *n) {
                return Err(Reason::SideEffect(
                    short(self.src(file), call),
                    self.line(file, call.start_byte()),
                ));
            }
        }
        if let Some(init) = t.init {
            if has_comment(init) {
                return Err(Reason::Comment(self.line(t.file, init.start_byte())));
            }
            edits.push(Edit::replace(
                t.file,
                init.start_byte(),
                init.end_byte(),
                make_text.clone(),
            ));
        }
        for (f, n) in &creations {
            if has_comment(*n) {
                return Err(Reason::Comment(self.line(*f, n.start_byte())));
            }
            edits.push(Edit::replace(
                *f,
                n.start_byte(),
                n.end_byte(),
                make_text.clone(),
            ));
        }
        for d in &deleted {
            let file = self.file_of(*d);
            edits.push(self.delete_statement(file, *d));
        }
        let slice_type = format!("[]{}", t.ty.val);
        if let Some(tn) = t.type_node {
            match t.kind {
                Kind::Field => edits.push(self.retype_field(tn, &slice_type)?),
                _ => {
                    let in_group = t.decl.kind() == "var_declaration"
                        && named_children(t.decl).iter().any(|c| {
                            c.kind() == "var_spec_list"
                                && named_children(*c)
                                    .iter()
                                    .filter(|s| s.kind() == "var_spec")
                                    .count()
                                    > 1
                        });
                    if in_group {
                        return Err(Reason::VarGroup);
                    }
                    edits.push(Edit::replace(
                        t.file,
                        tn.start_byte(),
                        tn.end_byte(),
                        slice_type.clone(),
                    ));
                }
            }
        }
        self.declare_new_names(
            &new_consts,
            checked_fn.as_deref(),
            &rows,
            &cols,
            &t.ty.key,
            &mut edits,
        );
        // Edits of one fix must not overlap (a use nested in another use's index).
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.file, e.start, e.end));
        for w in sorted.windows(2) {
            if w[0].file == w[1].file && w[0].end > w[1].start {
                return Err(Reason::NestedUse(self.line(w[1].file, w[1].start)));
            }
        }
        let evidence = match (&directive, filled) {
            (Some(_), _) => Evidence::Directive(format!(
                "//gomapfix:dims {} {} at line {}{}",
                rows.value,
                cols.value,
                LineRef {
                    file: t.file,
                    at: self.directive_pos(decl_line)
                },
                if unproven > 0 {
                    format!("; {unproven} index pair(s) checked at run time")
                } else {
                    String::new()
                }
            )),
            (None, _) => Evidence::Source(format!(
                "the fill loop at line {} stores every cell and every index pair is proven in bounds",
                self.line(t.file, fill.as_ref().map_or(0, |f| f.outer.start_byte()))
            )),
        };
        Ok(Fix {
            rule: RULE,
            file: t.file,
            at: t.name_node.start_byte(),
            message: format!(
                "flatten {} ({}x{} map[{}]map[{}]{}) into []{} indexed i*{}+j ({})",
                t.name,
                rows.value,
                cols.value,
                t.ty.key,
                t.ty.key,
                t.ty.val,
                t.ty.val,
                cols_text,
                bytes.map_or_else(
                    || "allocates every cell at once; the value size is not known from the source"
                        .to_string(),
                    |b| format!("allocates {} at once", human_bytes(b))
                )
            ),
            evidence,
            edits,
            claims: Vec::new(),
        })
    }

    /// Where the dims directive of the declaration on `line` stands: that line or the one above.
    fn directive_pos(&self, line: usize) -> usize {
        let src = self.src(self.t.file);
        let start_of = |l: usize| {
            src.split_inclusive('\n')
                .take(l - 1)
                .map(str::len)
                .sum::<usize>()
        };
        let here = src
            .lines()
            .nth(line - 1)
            .is_some_and(|l| l.contains("//gomapfix:dims"));
        if here || line == 1 {
            start_of(line)
        } else {
            start_of(line - 1)
        }
    }

    fn file_of(&self, n: Node<'_>) -> usize {
        self.pkg
            .files
            .iter()
            .position(|f| f.tree.root_node() == top_root(n))
            .unwrap_or(self.t.file)
    }

    /// Every use of the target in the package.
    fn uses(&self) -> Result<Vec<Use<'t>>, Reason> {
        let t = self.t;
        let mut out = Vec::new();
        // tree-sitter-go reads `m[q.I][q.J]` (and `s.m[q.I][q.J]`) as a generic
        // instantiation: the target named inside one is used in a way the rewrite cannot see.
        // A local's such uses are resolved by the scopes, which mark it opaque.
        if let Kind::Local(d) = t.kind
            && self.ctx.scopes[t.file].opaque(d)
        {
            let len = t.name.len();
            let root = self.pkg.files[t.file].tree.root_node();
            let odd = self.ctx.scopes[t.file]
                .uses_of(d)
                .into_iter()
                .filter_map(|s| root.descendant_for_byte_range(s, s + len))
                .find(|n| n.kind() != "identifier")
                .and_then(|n| ancestors(n).find(|a| a.kind() == "type_instantiation_expression"));
            if let Some(n) = odd {
                return Err(self.use_reason(t.file, n));
            }
        }
        for (fi, f) in self.pkg.files.iter().enumerate() {
            if matches!(t.kind, Kind::Local(_)) || !f.text.contains(t.name.as_str()) {
                continue;
            }
            for n in descendants(f.tree.root_node()) {
                if n.kind() != "type_instantiation_expression" {
                    continue;
                }
                let named = descendants(n).into_iter().any(|x| {
                    matches!(x.kind(), "type_identifier" | "package_identifier")
                        && f.text[x.byte_range()] == t.name
                        && (t.kind == Kind::Field
                            || self.ctx.scopes[fi].local(x.start_byte()).is_none())
                });
                if named {
                    return Err(self.use_reason(fi, n));
                }
            }
        }
        match t.kind {
            Kind::Local(d) => {
                let root = self.pkg.files[t.file].tree.root_node();
                for start in self.ctx.scopes[t.file].uses_of(d) {
                    if let Some(n) = root.descendant_for_byte_range(start, start + t.name.len()) {
                        out.push(Use {
                            file: t.file,
                            base: n,
                        });
                    }
                }
            }
            Kind::PkgVar => {
                for (fi, f) in self.pkg.files.iter().enumerate() {
                    for n in descendants(f.tree.root_node()) {
                        if n.kind() == "identifier"
                            && f.text[n.byte_range()] == t.name
                            && !self.ctx.scopes[fi].is_def(n.start_byte())
                            && self.ctx.scopes[fi].local(n.start_byte()).is_none()
                        {
                            out.push(Use { file: fi, base: n });
                        }
                    }
                }
            }
            Kind::Field => {
                for (fi, f) in self.pkg.files.iter().enumerate() {
                    for n in descendants(f.tree.root_node()) {
                        if n.kind() != "field_identifier"
                            || f.text[n.byte_range()] != t.name
                            || n == t.name_node
                        {
                            continue;
                        }
                        let p = n.parent();
                        match p.map(|p| p.kind()) {
                            Some("selector_expression") => out.push(Use {
                                file: fi,
                                base: p.unwrap_or(n),
                            }),
                            _ => return Err(Reason::AmbiguousField(t.name.clone())),
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The statement that gives a local or package variable its map; `None` for a field.
    fn creation_statement(&self, uses: &[Use<'t>]) -> Result<Option<Node<'t>>, Reason> {
        let t = self.t;
        match t.kind {
            Kind::Field => Ok(None),
            Kind::PkgVar => t.init.map(Some).ok_or(Reason::NotCreated).map(|_| None),
            Kind::Local(_) => {
                if t.init.is_some() {
                    return Ok(Some(t.decl));
                }
                // `var m map[K]map[K]V` followed at once by `m = make(...)`.
                let next = next_statement(t.decl).ok_or(Reason::NotCreated)?;
                // The statement itself, not one nested in it: `if ok { m = make(...) }`
                // leaves m nil on the other path.
                let is_creation = uses.iter().any(|u| {
                    enclosing_statement(u.base) == next
                        && self.assigned_creation(u.file, u.base).is_some()
                });
                if is_creation {
                    Ok(Some(next))
                } else {
                    Err(Reason::NotCreated)
                }
            }
        }
    }

    /// For `base = <creation>` (the whole statement), the creation expression.
    fn assigned_creation(&self, file: usize, base: Node<'t>) -> Option<Node<'t>> {
        let list = base.parent().filter(|p| p.kind() == "expression_list")?;
        let stmt = list
            .parent()
            .filter(|s| s.kind() == "assignment_statement")?;
        if stmt.child_by_field_name("left") != Some(list) || !has_token(stmt, "=") {
            return None;
        }
        let left = list_items(list);
        let right = list_items(stmt.child_by_field_name("right")?);
        if left.len() != 1 || right.len() != 1 {
            return None;
        }
        match creation(self.pkg, self.ctx, file, right[0])? {
            Creation::Empty(ty) if ty.key == self.t.ty.key && ty.val == self.t.ty.val => {
                Some(right[0])
            }
            _ => None,
        }
    }

    /// A dimension as written in a directive: an integer literal or a constant name.
    fn bound(&self, word: &str, at: Node<'_>) -> Option<Bound> {
        let value = if let Ok(v) = word.parse::<i128>() {
            Bound {
                value: v,
                name: None,
            }
        } else {
            let binding = self.binding_at(self.t.file, word, at.start_byte());
            let value = match binding {
                Binding::Package => self.ctx.index.const_value(word)?,
                Binding::Local(f, d) => self.local_const(f, d)?,
            };
            let name = self
                .untyped_const(word, binding)
                .then(|| (word.to_string(), binding));
            Bound { value, name }
        };
        (value.value > 0).then_some(value)
    }

    fn binding_at(&self, file: usize, name: &str, pos: usize) -> Binding {
        match self.ctx.scopes[file].lookup(name, pos) {
            Some(d) => Binding::Local(file, d),
            None => Binding::Package,
        }
    }

    /// The value of a local constant (a spec with its own expression).
    fn local_const(&self, file: usize, d: DeclId) -> Option<i128> {
        crate::semantic::consts::local(self.pkg, self.ctx, file, d)
    }

    fn const_spec(&self, file: usize, d: DeclId) -> Option<Node<'t>> {
        crate::semantic::consts::local_spec(self.pkg, self.ctx, file, d)
    }

    /// Evaluates a constant expression where it stands, names resolved through scopes.
    fn eval_at(&self, file: usize, n: Node<'_>) -> Option<i128> {
        crate::semantic::consts::value(self.pkg, self.ctx, file, n)
    }

    /// Whether a constant is untyped (no type and an expression of untyped operands), so
    /// its name can stand in an `int` index whatever the key type.
    fn untyped_const(&self, name: &str, b: Binding) -> bool {
        let (file, spec) = match b {
            Binding::Local(f, d) => match self.const_spec(f, d) {
                Some(s) => (f, s),
                None => return false,
            },
            Binding::Package => {
                let Some(cs) = self.ctx.index.consts.get(name) else {
                    return false;
                };
                let Some(loc) = cs.expr else { return false };
                let Some(e) = self.pkg.files[loc.file]
                    .tree
                    .root_node()
                    .descendant_for_byte_range(loc.start, loc.end)
                else {
                    return false;
                };
                let Some(spec) = std::iter::once(e)
                    .chain(ancestors(e))
                    .find(|a| a.kind() == "const_spec")
                else {
                    return false;
                };
                (loc.file, spec)
            }
        };
        if spec.child_by_field_name("type").is_some() {
            return false;
        }
        let Some(value) = spec.child_by_field_name("value") else {
            return false;
        };
        descendants(value).iter().all(|d| match d.kind() {
            "identifier" => {
                let n = &self.src(file)[d.byte_range()];
                let inner = self.binding_at(file, n, d.start_byte());
                inner != b && self.untyped_const(n, inner)
            }
            "call_expression" | "type_conversion_expression" | "selector_expression" => false,
            _ => true,
        })
    }

    fn visible_everywhere(&self, name: &str, b: Binding, sites: &[(usize, usize)]) -> bool {
        sites.iter().all(|&(file, pos)| match b {
            Binding::Package => self.ctx.scopes[file].lookup(name, pos).is_none(),
            Binding::Local(f, d) => f == file && self.ctx.scopes[file].lookup(name, pos) == Some(d),
        })
    }

    /// `for i := 0; i < ROWS; i++ { [m[i] = make(...)]; for j := 0; j < COLS; j++ { m[i][j] = ... } }`
    /// right after the creation.
    fn fill_loop(&self, creation_stmt: Node<'t>, uses: &[Use<'t>]) -> Option<Fill<'t>> {
        let file = self.t.file;
        let outer = next_statement(creation_stmt)?;
        let (vi, rows, body) = self.counting_loop(file, outer)?;
        // Every row: the loop starts at 0, steps by one and never moves its variable.
        if has_branch(body) || !self.starts_at_zero(file, outer) || self.written_in(file, vi, body)
        {
            return None;
        }
        let stmts = block_statements(body);
        let mut row_create = None;
        let mut inner_loop = None;
        for s in &stmts {
            let mentions = uses.iter().any(|u| within(u.base, *s));
            if s.kind() == "for_statement" && inner_loop.is_none() {
                inner_loop = Some(*s);
            } else if mentions
                && row_create.is_none()
                && inner_loop.is_none()
                && self.is_row_create_of(file, *s, vi)
            {
                row_create = Some(*s);
            } else if mentions {
                return None;
            }
        }
        let inner = inner_loop?;
        let (vj, cols, ibody) = self.counting_loop(file, inner)?;
        if !self.starts_at_zero(file, inner) || self.written_in(file, vj, ibody) {
            return None;
        }
        let stores = block_statements(ibody).into_iter().any(|s| {
            s.kind() == "assignment_statement"
                && has_token(s, "=")
                && s.child_by_field_name("left")
                    .map(list_items)
                    .is_some_and(|l| {
                        l.len() == 1
                            && self.cell_parts(l[0]).is_some_and(|(base, i, j)| {
                                uses.iter().any(|u| u.base == base)
                                    && self.is_var(file, i, vi)
                                    && self.is_var(file, j, vj)
                            })
                    })
        });
        stores.then_some(Fill {
            rows,
            cols,
            row_create,
            outer,
        })
    }

    /// A loop `for v := 0; v < N; v++` or `for v := range N` with N a positive constant.
    fn counting_loop(&self, file: usize, n: Node<'t>) -> Option<(DeclId, Bound, Node<'t>)> {
        if n.kind() != "for_statement" {
            return None;
        }
        let body = n.child_by_field_name("body")?;
        let (var, bound) = self.loop_header(file, n)?;
        let value = self.eval_at(file, bound)?;
        let src = self.src(file);
        let name = (bound.kind() == "identifier").then(|| {
            let w = &src[bound.byte_range()];
            let b = self.binding_at(file, w, bound.start_byte());
            (w.to_string(), b)
        });
        let name = name.filter(|(w, b)| self.untyped_const(w, *b));
        (value > 0).then_some((var, Bound { value, name }, body))
    }

    /// Whether a counting loop starts at 0 (`for v := range N` always does).
    fn starts_at_zero(&self, file: usize, n: Node<'t>) -> bool {
        named_children(n).iter().any(|ch| match ch.kind() {
            "range_clause" => true,
            "for_clause" => ch
                .child_by_field_name("initializer")
                .and_then(|i| i.child_by_field_name("right"))
                .map(list_items)
                .is_some_and(|r| r.len() == 1 && self.eval_at(file, r[0]) == Some(0)),
            _ => false,
        })
    }

    /// Whether `d` is assigned, incremented or has its address taken inside `body`.
    fn written_in(&self, file: usize, d: DeclId, body: Node<'t>) -> bool {
        if self.ctx.scopes[file].opaque(d) {
            return true;
        }
        self.ctx.scopes[file].uses_of(d).into_iter().any(|s| {
            body.descendant_for_byte_range(s, s)
                .is_some_and(|n| within(n, body) && crate::ast::is_written(n))
        })
    }

    /// The variable a loop counts with from a non-negative start, and its exclusive bound.
    fn loop_header(&self, file: usize, n: Node<'t>) -> Option<(DeclId, Node<'t>)> {
        let l = crate::semantic::loops::counting_loop(
            n,
            self.src(file),
            &self.ctx.scopes[file],
            &|x| self.eval_at(file, x),
        )?;
        // The proofs need `0 <= i < bound`.
        (l.start >= 0 && !l.inclusive).then_some((l.var, l.bound))
    }

    fn is_var(&self, file: usize, n: Node<'_>, d: DeclId) -> bool {
        n.kind() == "identifier" && self.ctx.scopes[file].local(n.start_byte()) == Some(d)
    }

    /// `m[v] = make(map[K]V[, n])` or `m[v] = map[K]V{}`.
    fn is_row_create_of(&self, file: usize, s: Node<'t>, v: DeclId) -> bool {
        self.row_create_parts(file, s)
            .is_some_and(|(_, i)| self.is_var(file, i, v))
    }

    /// For a row creation statement: the row `m[i]` and its index.
    fn row_create_parts(&self, file: usize, s: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
        if s.kind() != "assignment_statement" || !has_token(s, "=") {
            return None;
        }
        let l = list_items(s.child_by_field_name("left")?);
        let r = list_items(s.child_by_field_name("right")?);
        if l.len() != 1 || r.len() != 1 || l[0].kind() != "index_expression" {
            return None;
        }
        if !row_creation(self.pkg, self.ctx, file, r[0], &self.t.ty) {
            return None;
        }
        Some((l[0], l[0].child_by_field_name("index")?))
    }

    /// `base[i][j]` split into its parts.
    fn cell_parts(&self, n: Node<'t>) -> Option<(Node<'t>, Node<'t>, Node<'t>)> {
        if n.kind() != "index_expression" {
            return None;
        }
        let row = n.child_by_field_name("operand")?;
        if row.kind() != "index_expression" {
            return None;
        }
        Some((
            row.child_by_field_name("operand")?,
            row.child_by_field_name("index")?,
            n.child_by_field_name("index")?,
        ))
    }

    /// Sorts one use into a cell, a row creation the rewrite deletes, a creation, a nil
    /// comparison, or a reason to skip.
    fn classify(
        &self,
        u: Use<'t>,
        fill: Option<&Fill<'t>>,
        cells: &mut Vec<CellUse<'t>>,
        deleted: &mut Vec<Node<'t>>,
        creations: &mut Vec<(usize, Node<'t>)>,
    ) -> Result<(), Reason> {
        let src = self.src(u.file);
        let Some(parent) = u.base.parent() else {
            return Err(self.use_reason(u.file, u.base));
        };
        if parent.kind() == "binary_expression" {
            let op = parent
                .child_by_field_name("operator")
                .map(|o| &src[o.byte_range()]);
            let other = if parent.child_by_field_name("left") == Some(u.base) {
                parent.child_by_field_name("right")
            } else {
                parent.child_by_field_name("left")
            };
            // A flattened slice is nil exactly when the map was: only creations assign it.
            if matches!(op, Some("==" | "!=")) && other.is_some_and(|o| o.kind() == "nil") {
                return Ok(());
            }
        }
        if let Some(c) = self.assigned_creation(u.file, u.base) {
            creations.push((u.file, c));
            return Ok(());
        }
        if parent.kind() != "index_expression"
            || parent.child_by_field_name("operand") != Some(u.base)
        {
            return Err(self.use_reason(u.file, context_of(u.base)));
        }
        let row = parent;
        let Some(i) = row.child_by_field_name("index") else {
            return Err(self.use_reason(u.file, row));
        };
        let Some(rp) = row.parent() else {
            return Err(self.use_reason(u.file, row));
        };
        if rp.kind() == "index_expression" && rp.child_by_field_name("operand") == Some(row) {
            let cell = rp;
            let Some(j) = cell.child_by_field_name("index") else {
                return Err(self.use_reason(u.file, cell));
            };
            cells.push(CellUse {
                file: u.file,
                base: u.base,
                cell,
                i,
                j,
                comma_ok: is_comma_ok(cell),
            });
            return Ok(());
        }
        // A row creation: part of the fill loop, or of a guard idiom, or a reset.
        let stmt = enclosing_statement(row);
        if fill.is_some_and(|f| f.row_create == Some(stmt)) {
            return Ok(());
        }
        if let Some(guard) = self.guard_of(u.file, row, stmt) {
            if !deleted.contains(&guard) {
                deleted.push(guard);
            }
            return Ok(());
        }
        if self
            .row_create_parts(u.file, stmt)
            .is_some_and(|(r, _)| r == row)
        {
            return Err(Reason::RowReset(
                short(src, stmt),
                self.line(u.file, stmt.start_byte()),
            ));
        }
        Err(self.use_reason(u.file, context_of(row)))
    }

    /// The `if` statement of `if m[i] == nil { m[i] = make(...) }` or
    /// `if _, ok := m[i]; !ok { m[i] = ... }` that `row` belongs to.
    fn guard_of(&self, file: usize, row: Node<'t>, stmt: Node<'t>) -> Option<Node<'t>> {
        let src = self.src(file);
        let if_stmt = std::iter::once(stmt)
            .chain(ancestors(stmt))
            .find(|a| a.kind() == "if_statement")?;
        if if_stmt.child_by_field_name("alternative").is_some() {
            return None;
        }
        let body = block_statements(if_stmt.child_by_field_name("consequence")?);
        let [create] = body.as_slice() else {
            return None;
        };
        let (crow, ci) = self.row_create_parts(file, *create)?;
        let base_text = |r: Node<'_>| {
            r.child_by_field_name("operand")
                .map(|o| &src[o.byte_range()])
        };
        let idx = &src[ci.byte_range()];
        // The index is read twice, and the guard that reads it first is deleted: it must
        // read the same value both times and never panic.
        if !self.quiet_read(file, ci, 0) {
            return None;
        }
        let same_row = |r: Node<'_>| {
            r.kind() == "index_expression"
                && base_text(r) == base_text(crow)
                && r.child_by_field_name("index")
                    .is_some_and(|x| &src[x.byte_range()] == idx)
        };
        let cond = if_stmt.child_by_field_name("condition")?;
        let shaped = match if_stmt.child_by_field_name("initializer") {
            None => {
                cond.kind() == "binary_expression"
                    && cond
                        .child_by_field_name("operator")
                        .is_some_and(|o| &src[o.byte_range()] == "==")
                    && cond.child_by_field_name("left").is_some_and(same_row)
                    && cond
                        .child_by_field_name("right")
                        .is_some_and(|r| r.kind() == "nil")
            }
            Some(init) => {
                let ok_name = init.child_by_field_name("left").map(list_items);
                let right = init.child_by_field_name("right").map(list_items);
                match (ok_name.as_deref(), right.as_deref()) {
                    (Some([blank, ok]), Some([r])) => {
                        init.kind() == "short_var_declaration"
                            && &src[blank.byte_range()] == "_"
                            && same_row(*r)
                            && cond.kind() == "unary_expression"
                            && cond
                                .child_by_field_name("operand")
                                .is_some_and(|o| src[o.byte_range()] == src[ok.byte_range()])
                    }
                    _ => false,
                }
            }
        };
        (shaped
            && (row == crow
                || within(row, cond)
                || if_stmt
                    .child_by_field_name("initializer")
                    .is_some_and(|i| within(row, i))))
        .then_some(if_stmt)
    }

    /// Whether evaluating `e` only reads, and cannot panic: a name, a constant, a field of a
    /// struct value (not through a pointer, which may be nil), or an element of an array
    /// value at a constant index within its length (`p[0]` of a `[2]int8`, `q.Y`).
    fn quiet_read(&self, file: usize, e: Node<'t>, depth: u32) -> bool {
        if depth > 8 {
            return false;
        }
        let static_type =
            |n: Node<'t>| crate::semantic::selectors::static_type(self.pkg, self.ctx, file, n);
        match e.kind() {
            "identifier" | "int_literal" => true,
            "parenthesized_expression" => named_children(e)
                .first()
                .is_some_and(|x| self.quiet_read(file, *x, depth + 1)),
            "selector_expression" => {
                let Some(o) = e.child_by_field_name("operand") else {
                    return false;
                };
                // The field's own type is known only when no embedded pointer is on its path.
                static_type(e).is_some()
                    && static_type(o).is_some_and(|t| !t.starts_with('*'))
                    && self.quiet_read(file, o, depth + 1)
            }
            "index_expression" => {
                let (Some(o), Some(i)) = (
                    e.child_by_field_name("operand"),
                    e.child_by_field_name("index"),
                ) else {
                    return false;
                };
                let len = static_type(o).and_then(|t| {
                    let rest = t.strip_prefix('[')?;
                    let (n, _) = rest.split_once(']')?;
                    n.trim().parse::<i128>().ok()
                });
                let at = self.eval_at(file, i);
                matches!((len, at), (Some(n), Some(k)) if (0..n).contains(&k))
                    && self.quiet_read(file, o, depth + 1)
            }
            _ => false,
        }
    }

    /// Whether an index is proven in `[0, dim)` where it is used: a constant inside the
    /// bounds, or the variable of an enclosing counting loop bounded within `dim` and not
    /// assigned in its body.
    fn proven(&self, file: usize, idx: Node<'t>, dim: i128, at: Node<'t>) -> bool {
        if let Some(v) = self.eval_at(file, idx) {
            return (0..dim).contains(&v);
        }
        if idx.kind() != "identifier" {
            return false;
        }
        let scopes = &self.ctx.scopes[file];
        let Some(d) = scopes.local(idx.start_byte()) else {
            return false;
        };
        let Some(for_stmt) = ancestors(at).find(|a| {
            a.kind() == "for_statement" && self.loop_header(file, *a).is_some_and(|(v, _)| v == d)
        }) else {
            return false;
        };
        let Some((_, bound)) = self.loop_header(file, for_stmt) else {
            return false;
        };
        let Some(body) = for_stmt.child_by_field_name("body") else {
            return false;
        };
        // Before go1.22 a loop shares one variable across iterations: a closure that runs
        // later sees it past the bound.
        if !self.pkg.allows(22)
            && ancestors(at)
                .take_while(|a| *a != body)
                .any(|a| a.kind() == "func_literal")
        {
            return false;
        }
        if !within(at, body) || self.eval_at(file, bound).is_none_or(|b| b > dim) {
            return false;
        }
        !self.written_in(file, d, body)
    }

    /// Class 7 of the sound-proofs issue: the rewritten cell reads its target and indices
    /// as the original did, relative to the statement's other calls. A checked index is
    /// itself a call (ordered among them, panicking before a later one runs where the
    /// original ran it), so a checked cell is skipped beside any other call; a proven
    /// cell only when that call may write the target or an index (anything but a local
    /// no call can reach, or a constant).
    fn order_holds(&self, c: &CellUse<'t>, proven: bool) -> Result<(), Reason> {
        let src = self.src(c.file);
        let scopes = &self.ctx.scopes[c.file];
        let unit = crate::semantic::order::evaluation_unit(c.cell);
        let Some(call) = crate::semantic::order::other_effect(
            unit,
            &[c.cell],
            src,
            scopes,
            &self.ctx.index,
            &|_| false,
        ) else {
            return Ok(());
        };
        let root = self.pkg.files[c.file].tree.root_node();
        let func = ancestors(c.cell).find(|a| crate::ast::is_function(*a));
        let private = |d: DeclId| {
            func.is_some_and(|f| {
                crate::semantic::order::private_local(
                    root,
                    src,
                    f,
                    scopes,
                    d,
                    &self.ctx.index,
                    &|_| false,
                )
            })
        };
        let target_private = match self.t.kind {
            Kind::Local(d) => c.file == self.t.file && private(d),
            _ => false,
        };
        if proven
            && target_private
            && self.stable(c.file, c.i, &private)
            && self.stable(c.file, c.j, &private)
        {
            return Ok(());
        }
        Err(Reason::EvalOrder(
            short(src, c.cell),
            short(src, call),
            self.line(c.file, c.cell.start_byte()),
        ))
    }

    /// Whether no call can change the value of an index expression: constants, and locals
    /// `private` accepts, joined by operators that read nothing else.
    fn stable(&self, file: usize, e: Node<'t>, private: &dyn Fn(DeclId) -> bool) -> bool {
        if self.eval_at(file, e).is_some() {
            return true;
        }
        let scopes = &self.ctx.scopes[file];
        match e.kind() {
            "identifier" => scopes.local(e.start_byte()).is_some_and(|d| {
                scopes.decl(d).kind == crate::scope::DeclKind::Const || private(d)
            }),
            "parenthesized_expression" => crate::ast::named_children(e)
                .first()
                .is_some_and(|x| self.stable(file, *x, private)),
            "binary_expression" => ["left", "right"].iter().all(|f| {
                e.child_by_field_name(f)
                    .is_some_and(|x| self.stable(file, x, private))
            }),
            "unary_expression" => {
                e.child_by_field_name("operator")
                    .is_some_and(|o| !matches!(o.kind(), "*" | "<-" | "&"))
                    && e.child_by_field_name("operand")
                        .is_some_and(|x| self.stable(file, x, private))
            }
            _ => false,
        }
    }

    /// Class 8 of the sound-proofs issue: a field's type is seen by whatever gets the whole
    /// struct: `fmt` prints a map as `map[...]` and a slice as `[...]`, reflection and
    /// encoders walk the fields, an interface value can reach any of them. The field is
    /// kept only when no value that may hold the owner struct (the struct, a pointer to it,
    /// a slice, map, array or struct of them) is an argument of a call outside the package
    /// (or of a function value, a builtin such as `panic`, a conversion to an interface),
    /// or of one of the package's functions at a parameter of interface type.
    fn no_whole_value_use(&self) -> Result<(), Reason> {
        let owner = self.t.owner.as_deref().unwrap_or_default();
        let holders = self.holder_types(owner);
        for (fi, f) in self.pkg.files.iter().enumerate() {
            for n in descendants(f.tree.root_node()) {
                if self.boxes_owner(fi, n, &holders) {
                    return Err(Reason::WholeValue(
                        owner.to_string(),
                        short(&f.text, n),
                        self.line(fi, n.start_byte()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether `n` hands a value that may hold one of `holders` to code that can look at
    /// it whole: an argument of a call that observes it, or a conversion to an interface
    /// (an element of a literal, an assignment, a return or a send of an interface type),
    /// after which any code the interface value reaches can.
    fn boxes_owner(&self, file: usize, n: Node<'t>, holders: &[String]) -> bool {
        let src = self.src(file);
        let may = |e: Node<'t>| self.may_hold(file, e, holders, 0);
        let ty_boxes = |e: Node<'t>| {
            crate::semantic::selectors::static_type(self.pkg, self.ctx, file, e)
                .is_none_or(|t| self.boxes(&t))
        };
        match n.kind() {
            // `zero[store]()`, `box[store]`: generic code given the type can make a value
            // of it and convert it to an interface, with no value of it in sight.
            // (`zero[store]` parses as an index expression, `pair[store, int]` as an
            // instantiation.)
            "type_arguments" | "type_instantiation_expression" => {
                holders.iter().any(|h| mentions(&src[n.byte_range()], h))
            }
            "index_expression" => n.child_by_field_name("index").is_some_and(|i| {
                let t = &src[i.byte_range()];
                holders.iter().any(|h| h == t)
                    && self.ctx.scopes[file].local(i.start_byte()).is_none()
            }),
            "call_expression" => crate::ast::call_parts(n).is_some_and(|(callee, args)| {
                args.iter()
                    .enumerate()
                    .any(|(k, a)| self.observes(file, callee, k) && may(*a))
            }),
            "composite_literal" => {
                let Some(ty) = n.child_by_field_name("type") else {
                    return false;
                };
                let Some(body) = n.child_by_field_name("body") else {
                    return false;
                };
                self.boxes(&src[ty.byte_range()])
                    && named_children(body).into_iter().any(|el| {
                        let v = match el.kind() {
                            "keyed_element" => named_children(el).last().copied(),
                            _ => Some(el),
                        };
                        v.map(|v| named_children(v).first().copied().unwrap_or(v))
                            .is_some_and(may)
                    })
            }
            "assignment_statement" => {
                let l = n
                    .child_by_field_name("left")
                    .map(list_items)
                    .unwrap_or_default();
                let r = n
                    .child_by_field_name("right")
                    .map(list_items)
                    .unwrap_or_default();
                l.len() == r.len() && l.iter().zip(&r).any(|(l, r)| may(*r) && ty_boxes(*l))
            }
            "var_spec" => n.child_by_field_name("type").is_some_and(|t| {
                self.boxes(&src[t.byte_range()])
                    && n.child_by_field_name("value")
                        .is_some_and(|v| list_items(v).into_iter().any(may))
            }),
            "send_statement" => {
                n.child_by_field_name("value").is_some_and(may)
                    && n.child_by_field_name("channel").is_none_or(ty_boxes)
            }
            "return_statement" => {
                let func = ancestors(n).find(|a| crate::ast::is_function(*a));
                let results = func
                    .and_then(|f| f.child_by_field_name("result"))
                    .map(|r| self.boxes(&src[r.byte_range()]));
                results.unwrap_or(false)
                    && named_children(n)
                        .first()
                        .is_some_and(|l| list_items(*l).into_iter().any(may))
            }
            _ => false,
        }
    }

    /// The function literal a local is declared with by `name := func(...) {...}`, when it
    /// is never assigned again.
    fn bound_literal(&self, file: usize, id: Node<'t>) -> Option<Node<'t>> {
        let scopes = &self.ctx.scopes[file];
        let d = scopes.local(id.start_byte())?;
        let decl = scopes.decl(d);
        let root = self.pkg.files[file].tree.root_node();
        let stmt = root.descendant_for_byte_range(decl.stmt.0, decl.stmt.1)?;
        if stmt.kind() != "short_var_declaration" {
            return None;
        }
        let [l] = list_items(stmt.child_by_field_name("left")?)[..] else {
            return None;
        };
        let [r] = list_items(stmt.child_by_field_name("right")?)[..] else {
            return None;
        };
        let written = scopes.opaque(d)
            || scopes.uses_of(d).into_iter().any(|u| {
                u != decl.name_start
                    && root
                        .descendant_for_byte_range(u, u + decl.name.len())
                        .is_some_and(|n| crate::ast::is_written(n))
            });
        (l.start_byte() == decl.name_start && r.kind() == "func_literal" && !written).then_some(r)
    }

    /// The owner and every package type whose declaration mentions a type of the set.
    fn holder_types(&self, owner: &str) -> Vec<String> {
        let mut set = vec![owner.to_string()];
        loop {
            let before = set.len();
            for (name, decl) in &self.ctx.index.types {
                if set.contains(name) {
                    continue;
                }
                let f = &self.pkg.files[decl.spec.file];
                let text = &f.text[decl.spec.start..decl.spec.end];
                if set.iter().any(|t| mentions(text, t)) {
                    set.push(name.clone());
                }
            }
            if set.len() == before {
                return set;
            }
        }
    }

    /// Whether the callee can see its `k`-th argument's dynamic type: anything but one of
    /// the package's functions or methods at a parameter of a concrete type, or a builtin
    /// that only measures or copies.
    fn observes(&self, file: usize, callee: Node<'t>, k: usize) -> bool {
        let src = self.src(file);
        let scopes = &self.ctx.scopes[file];
        let ix = &self.ctx.index;
        let sigs: Vec<&crate::types::Signature> = match callee.kind() {
            "identifier" if scopes.local(callee.start_byte()).is_none() => {
                let name = &src[callee.byte_range()];
                if let Some(sig) = ix.funcs.get(name) {
                    vec![sig]
                } else if ix.types.contains_key(name) {
                    // A conversion: to an interface type it boxes the value.
                    return ix.types.get(name).is_some_and(|d| {
                        let f = &self.pkg.files[d.spec.file];
                        f.text[d.spec.start..d.spec.end].contains("interface")
                    });
                } else {
                    return !ix.top_level.contains_key(name)
                        && !matches!(
                            name,
                            "len"
                                | "cap"
                                | "append"
                                | "copy"
                                | "delete"
                                | "clear"
                                | "min"
                                | "max"
                                | "new"
                                | "make"
                        );
                }
            }
            "selector_expression" => {
                let m = callee
                    .child_by_field_name("field")
                    .map_or("", |f| &src[f.byte_range()]);
                // The package's method only when the receiver is surely of the package type
                // declaring it: another type's method of the same name may be anything
                // (`enc.Encode(v)`).
                let recv = callee.child_by_field_name("operand").and_then(|o| {
                    crate::semantic::selectors::static_type(self.pkg, self.ctx, file, o)
                });
                let Some(sig) = recv.and_then(|r| {
                    ix.methods
                        .get(&(r.trim_start_matches('*').to_string(), m.to_string()))
                }) else {
                    return true;
                };
                vec![sig]
            }
            _ => return true,
        };
        sigs.iter().any(|sig| {
            let p = sig
                .params
                .get(k)
                .or_else(|| sig.params.last().filter(|p| p.variadic));
            let Some(p) = p else { return true };
            let f = &self.pkg.files[p.ty.file];
            let ty = f.text[p.ty.start..p.ty.end].trim_start_matches("...");
            !self.concrete(ty)
        })
    }

    /// Whether a type holds interface values anywhere (`any`, `[]any`, `map[string]error`,
    /// a struct with an interface field): any of them may hold the owner struct. A type of
    /// another package holds one of the package's values only after being handed it, which
    /// is itself an argument the check stops at.
    fn boxes(&self, ty: &str) -> bool {
        ["any", "interface", "error"]
            .iter()
            .any(|w| mentions(ty, w))
            || self.ctx.index.types.iter().any(|(name, d)| {
                mentions(ty, name)
                    && self.pkg.files[d.spec.file].text[d.spec.start..d.spec.end]
                        .contains("interface")
            })
    }

    /// Whether a parameter type is concrete (not an interface, nor a type parameter).
    fn concrete(&self, ty: &str) -> bool {
        if matches!(ty, "any" | "error") || ty.starts_with("interface") {
            return false;
        }
        let base = ty.trim_start_matches(['*', '[', ']']);
        match self.ctx.index.types.get(base) {
            Some(d) => {
                let f = &self.pkg.files[d.spec.file];
                !f.text[d.spec.start..d.spec.end].contains("interface")
            }
            // A predeclared type, a type of another package (io.Reader?), or a type
            // parameter: only the first is surely concrete.
            None => crate::types::is_predeclared_type(base),
        }
    }

    /// Whether an expression may hold a value of one of `holders`. Its static type decides
    /// when the source states it; otherwise where it comes from: a literal, an arithmetic
    /// or comparison result, a builtin's result or a call of another package's function
    /// cannot (another package can hand back such a value only after receiving one, which
    /// is itself an argument this check stops at), a path into a value that may is taken to.
    fn may_hold(&self, file: usize, e: Node<'t>, holders: &[String], depth: u32) -> bool {
        if depth > 8 {
            return true;
        }
        if let Some(ty) = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, e) {
            return holders.iter().any(|h| mentions(&ty, h));
        }
        let src = self.src(file);
        let scopes = &self.ctx.scopes[file];
        let ix = &self.ctx.index;
        let again =
            |x: Option<Node<'t>>| x.is_none_or(|x| self.may_hold(file, x, holders, depth + 1));
        match e.kind() {
            "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "true"
            | "false"
            | "nil"
            | "iota"
            | "binary_expression"
            | "func_literal" => false,
            "parenthesized_expression" | "variadic_argument" => {
                again(named_children(e).first().copied())
            }
            "unary_expression" => {
                let op = e.child_by_field_name("operator").map(|o| o.kind());
                matches!(op, Some("&" | "*" | "<-")) && again(e.child_by_field_name("operand"))
            }
            "index_expression" | "slice_expression" | "selector_expression" => {
                again(e.child_by_field_name("operand"))
            }
            "type_assertion_expression" => e
                .child_by_field_name("type")
                .is_none_or(|t| holders.iter().any(|h| mentions(&src[t.byte_range()], h))),
            "call_expression" => {
                let Some((f, args)) = crate::ast::call_parts(e) else {
                    return true;
                };
                match f.kind() {
                    // A local bound once to a function literal: what its results say.
                    "identifier" if scopes.local(f.start_byte()).is_some() => {
                        let Some(lit) = self.bound_literal(file, f) else {
                            return true;
                        };
                        lit.child_by_field_name("result").is_some_and(|r| {
                            let t = &src[r.byte_range()];
                            holders.iter().any(|h| mentions(t, h)) || self.boxes(t)
                        })
                    }
                    "identifier" => {
                        let name = &src[f.byte_range()];
                        if let Some(sig) = ix.funcs.get(name) {
                            return sig.results.iter().any(|r| {
                                let t = &self.pkg.files[r.ty.file].text[r.ty.start..r.ty.end];
                                holders.iter().any(|h| mentions(t, h)) || !self.concrete(t)
                            });
                        }
                        match name {
                            "append" => again(args.first().copied()),
                            _ if ix.top_level.contains_key(name) => true,
                            _ => false,
                        }
                    }
                    "selector_expression" => {
                        let (Some(op), Some(m)) = (
                            f.child_by_field_name("operand"),
                            f.child_by_field_name("field"),
                        ) else {
                            return true;
                        };
                        let m = &src[m.byte_range()];
                        let methods: Vec<_> =
                            ix.methods.iter().filter(|((_, n), _)| n == m).collect();
                        if !methods.is_empty() {
                            return methods.iter().any(|(_, sig)| {
                                sig.results.iter().any(|r| {
                                    let t = &self.pkg.files[r.ty.file].text[r.ty.start..r.ty.end];
                                    holders.iter().any(|h| mentions(t, h)) || !self.concrete(t)
                                })
                            });
                        }
                        // `pkg.F(...)`: a function of another package; a method the package
                        // does not declare returns a part of its receiver at most.
                        let import = op.kind() == "identifier"
                            && scopes.local(op.start_byte()).is_none()
                            && !ix.top_level.contains_key(&src[op.byte_range()]);
                        !import && again(Some(op))
                    }
                    _ => true,
                }
            }
            "identifier" => {
                let Some(d) = scopes.local(e.start_byte()) else {
                    // A package-level variable of unknown type may; a constant, an import's
                    // name or a predeclared identifier cannot.
                    let name = &src[e.byte_range()];
                    return ix.top_level.contains_key(name) && !ix.consts.contains_key(name);
                };
                let decl = scopes.decl(d);
                let root = self.pkg.files[file].tree.root_node();
                let Some(mut stmt) = root.descendant_for_byte_range(decl.stmt.0, decl.stmt.1)
                else {
                    return true;
                };
                // A for-clause variable is declared by the clause's initializer; a range
                // variable holds a part of what is ranged over.
                if stmt.kind() == "for_statement" {
                    let header = named_children(stmt)
                        .into_iter()
                        .find(|c| matches!(c.kind(), "for_clause" | "range_clause"));
                    match header {
                        Some(h) if h.kind() == "range_clause" => {
                            return again(h.child_by_field_name("right"));
                        }
                        Some(h) => match h.child_by_field_name("initializer") {
                            Some(init) => stmt = init,
                            None => return true,
                        },
                        None => return true,
                    }
                }
                match stmt.kind() {
                    "short_var_declaration" | "var_spec" => {
                        let (l, r) = if stmt.kind() == "var_spec" {
                            (
                                field_children(stmt, "name"),
                                stmt.child_by_field_name("value"),
                            )
                        } else {
                            (
                                stmt.child_by_field_name("left")
                                    .map(list_items)
                                    .unwrap_or_default(),
                                stmt.child_by_field_name("right"),
                            )
                        };
                        let rs = r.map(list_items).unwrap_or_default();
                        let k = l.iter().position(|n| n.start_byte() == decl.name_start);
                        match (k, rs.as_slice()) {
                            (Some(k), rs) if rs.len() == l.len() => again(rs.get(k).copied()),
                            (_, [one]) => again(Some(*one)),
                            _ => true,
                        }
                    }
                    _ => true,
                }
            }
            _ => true,
        }
    }

    /// Composite literals of the owner type: each must create the field; any other way to
    /// make an owner value (var, new, a named result, an element type) would leave it nil.
    fn field_creations(&self, creations: &mut Vec<(usize, Node<'t>)>) -> Result<(), Reason> {
        let owner = self.t.owner.as_deref().unwrap_or_default();
        for (fi, f) in self.pkg.files.iter().enumerate() {
            for n in descendants(f.tree.root_node()) {
                if n.kind() != "type_identifier" || f.text[n.byte_range()] != *owner {
                    continue;
                }
                if self.ctx.scopes[fi].local(n.start_byte()).is_some() {
                    continue;
                }
                let Some(p) = n.parent() else { continue };
                let line = LineRef {
                    file: fi,
                    at: n.start_byte(),
                };
                let zero = || Reason::ZeroValue(short(&f.text, context_of(n)), line);
                match p.kind() {
                    "type_spec" if p.child_by_field_name("name") == Some(n) => {}
                    "composite_literal" => {
                        let body = p.child_by_field_name("body").ok_or_else(zero)?;
                        let mut found = false;
                        for el in named_children(body) {
                            if el.kind() == "comment" {
                                continue;
                            }
                            if el.kind() != "keyed_element" {
                                return Err(zero());
                            }
                            let key = el
                                .child_by_field_name("key")
                                .or_else(|| named_children(el).first().copied());
                            let val = el
                                .child_by_field_name("value")
                                .or_else(|| named_children(el).get(1).copied());
                            let (Some(key), Some(val)) = (key, val) else {
                                return Err(zero());
                            };
                            if f.text[key.byte_range()] == self.t.name {
                                let expr = named_children(val).first().copied().unwrap_or(val);
                                match creation(self.pkg, self.ctx, fi, expr) {
                                    Some(Creation::Empty(ty))
                                        if ty.key == self.t.ty.key && ty.val == self.t.ty.val =>
                                    {
                                        creations.push((fi, expr));
                                        found = true;
                                    }
                                    _ => return Err(self.use_reason(fi, el)),
                                }
                            }
                        }
                        if !found {
                            return Err(zero());
                        }
                    }
                    "pointer_type" => {
                        let outer = ancestors(p)
                            .find(|a| !a.kind().ends_with("_type") && a.kind() != "type_elem");
                        if outer.is_some_and(|o| {
                            o.kind() == "composite_literal" || o.kind() == "argument_list"
                        }) {
                            return Err(zero());
                        }
                    }
                    "parameter_declaration" => {
                        let list = p.parent();
                        let is_named_result = list
                            .and_then(|l| l.parent())
                            .is_some_and(|f| f.child_by_field_name("result") == list)
                            && p.child_by_field_name("name").is_some();
                        if is_named_result {
                            return Err(zero());
                        }
                    }
                    "method_declaration"
                    | "function_declaration"
                    | "func_literal"
                    | "type_assertion_expression"
                    | "type_case" => {}
                    _ => return Err(zero()),
                }
            }
        }
        Ok(())
    }

    fn delete_statement(&self, file: usize, s: Node<'t>) -> Edit {
        let src = self.src(file);
        if !has_comment(s) {
            if let Some(e) = delete_lines(file, src, s.start_byte(), s.end_byte()) {
                return e;
            }
            // A trailing comment shares the line: keep it where the statement stood.
            let rest = &src[s.end_byte()..];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            return Edit::replace(file, s.start_byte(), s.end_byte() + ws, "");
        }
        // Comments inside the deleted statement are kept, each on its own line.
        let indent = indent_at(src, s.start_byte());
        let kept: Vec<String> = descendants(s)
            .into_iter()
            .filter(|d| d.kind() == "comment")
            .map(|c| src[c.byte_range()].to_string())
            .collect();
        Edit::replace(
            file,
            s.start_byte(),
            s.end_byte(),
            kept.join(&format!("\n{indent}")),
        )
    }

    /// Retypes a struct field and re-renders its struct's alignment the way gofmt would.
    fn retype_field(&self, ty: Node<'t>, new_type: &str) -> Result<Edit, Reason> {
        let file = self.t.file;
        let src = self.src(file);
        let list = self.t.decl.parent().ok_or(Reason::Layout)?;
        let fields: Vec<Node<'t>> = named_children(list)
            .into_iter()
            .filter(|f| f.kind() == "field_declaration")
            .collect();
        if fields.len() == 1 {
            return Ok(Edit::replace(
                file,
                ty.start_byte(),
                ty.end_byte(),
                new_type,
            ));
        }
        let first = line_end(src, list.start_byte());
        let last = line_start(src, list.end_byte().saturating_sub(1));
        let region = &src[first..last];
        let mut lines: Vec<Line> = Vec::new();
        let mut indents: Vec<&str> = Vec::new();
        let mut pos = first;
        for raw in region.split_inclusive('\n') {
            let line_end_pos = pos + raw.len();
            let body = raw.trim_end_matches('\n');
            let indent = &body[..body.len() - body.trim_start().len()];
            let here: Vec<Node<'t>> = crate::ast::named_children_with_comments(list)
                .into_iter()
                .filter(|n| n.start_byte() >= pos && n.start_byte() < line_end_pos)
                .collect();
            indents.push(indent);
            match here.as_slice() {
                [] => {
                    if !body.trim().is_empty() {
                        return Err(Reason::Layout);
                    }
                    lines.push(Line {
                        cells: vec![],
                        trailing: String::new(),
                    });
                }
                [c] if c.kind() == "comment" => lines.push(Line {
                    cells: vec![],
                    trailing: body.trim().to_string(),
                }),
                [f] | [f, _] if f.kind() == "field_declaration" => {
                    let comment = here.get(1).copied();
                    if f.end_byte() > line_end_pos
                        || comment.is_some_and(|c| {
                            c.kind() != "comment" || !src[c.byte_range()].starts_with("//")
                        })
                    {
                        return Err(Reason::Layout);
                    }
                    if descendants(*f).iter().any(|d| d.kind() == "comment") {
                        return Err(Reason::Layout);
                    }
                    let ftype = f.child_by_field_name("type").ok_or(Reason::Layout)?;
                    let type_text = if ftype == ty {
                        new_type.to_string()
                    } else {
                        src[ftype.byte_range()].to_string()
                    };
                    let names: Vec<&str> = field_children(*f, "name")
                        .iter()
                        .map(|n| &src[n.byte_range()])
                        .collect();
                    let tag = f
                        .child_by_field_name("tag")
                        .map(|t| src[t.byte_range()].to_string());
                    let comment = comment.map(|c| src[c.byte_range()].to_string());
                    lines.push(field_line(&names.join(", "), &type_text, tag, comment));
                }
                _ => return Err(Reason::Layout),
            }
            pos = line_end_pos;
        }
        let rendered = align::render(&lines);
        let mut out = String::new();
        for (r, ind) in rendered.iter().zip(&indents) {
            if r.is_empty() {
                out.push('\n');
            } else {
                out.push_str(ind);
                out.push_str(r);
                out.push('\n');
            }
        }
        Ok(Edit::replace(file, first, last, out))
    }

    /// Adds the new COLS constant and the checked index function.
    fn declare_new_names(
        &self,
        consts: &[(String, i128)],
        checked: Option<&str>,
        rows: &Bound,
        cols: &Bound,
        key: &str,
        edits: &mut Vec<Edit>,
    ) {
        let t = self.t;
        let src = self.src(t.file);
        let top = top_level(t.decl);
        if let Some((name, value)) = consts.first() {
            match t.kind {
                Kind::Local(_) => {
                    let at = crate::ast::start_above_leading_comments(src, t.decl);
                    let indent = indent_at(src, t.decl.start_byte());
                    edits.push(Edit::insert(
                        t.file,
                        at,
                        format!("{indent}const {name} = {value}\n"),
                    ));
                }
                _ => edits.push(Edit::insert(
                    t.file,
                    line_end(src, top.end_byte()),
                    format!("\nconst {name} = {value}\n"),
                )),
            }
        }
        if let Some(f) = checked {
            // The function is top-level: a local constant is not visible there, so it uses
            // the value, as its range check does.
            let (ci, cj) = if key == "int" {
                ("i".to_string(), "j".to_string())
            } else {
                ("int(i)".to_string(), "int(j)".to_string())
            };
            edits.push(Edit::insert(
                t.file,
                line_end(src, top.end_byte()),
                format!(
                    "\n// {f} is the flattened index of {name}[i][j]. It panics when (i, j) lies outside the\n// {rows}x{cols} asserted by the gomapfix dims directive, where the map would have\n// answered a zero value: a wrong assertion fails loudly instead of reading another row.\nfunc {f}(i, j {key}) int {{\n\tif uint64(i) >= {rows} || uint64(j) >= {cols} {{\n\t\tpanic(\"gomapfix: {name} index out of the dimensions asserted by its dims directive\")\n\t}}\n\treturn {ci}*{cols} + {cj}\n}}\n",
                    name = t.name,
                    rows = rows.value,
                    cols = cols.value,
                ),
            ));
        }
    }
}

/// A struct field's cells as go/printer emits them (names, type, tag, comment).
fn field_line(names: &str, ty: &str, tag: Option<String>, comment: Option<String>) -> Line {
    let mut cells = Vec::new();
    let trailing;
    if names.is_empty() {
        match (tag, comment) {
            (Some(tag), Some(c)) => {
                cells.extend([Cell::soft(ty), Cell::hard(tag)]);
                trailing = c;
            }
            (Some(tag), None) => {
                cells.push(Cell::soft(ty));
                trailing = tag;
            }
            (None, Some(c)) => {
                cells.extend([Cell::soft(ty), Cell::soft("")]);
                trailing = c;
            }
            (None, None) => trailing = ty.to_string(),
        }
    } else {
        cells.push(Cell::soft(names));
        match (tag, comment) {
            (Some(tag), Some(c)) => {
                cells.extend([Cell::soft(ty), Cell::soft(""), Cell::hard(tag)]);
                trailing = c;
            }
            (Some(tag), None) => {
                cells.extend([Cell::soft(ty), Cell::soft("")]);
                trailing = tag;
            }
            (None, Some(c)) => {
                cells.push(Cell::soft(ty));
                trailing = c;
            }
            (None, None) => trailing = ty.to_string(),
        }
    }
    Line { cells, trailing }
}

fn top_root(n: Node<'_>) -> Node<'_> {
    ancestors(n).last().unwrap_or(n)
}

fn next_statement(s: Node<'_>) -> Option<Node<'_>> {
    let mut n = s.next_named_sibling();
    while let Some(x) = n {
        if x.kind() != "comment" {
            return Some(x);
        }
        n = x.next_named_sibling();
    }
    None
}

/// A call or receive inside code the rewrite deletes or replaces; `make`, `len`, `cap` and
/// conversions to predeclared types are pure when their operands are.
fn side_effect<'t>(src: &str, n: Node<'t>) -> Option<Node<'t>> {
    descendants(n).into_iter().find(|d| match d.kind() {
        "call_expression" => !d.child_by_field_name("function").is_some_and(|c| {
            let name = &src[c.byte_range()];
            c.kind() == "identifier"
                && (matches!(name, "make" | "len" | "cap")
                    || crate::types::is_predeclared_integer(name))
        }),
        "unary_expression" => d
            .child_by_field_name("operator")
            .is_some_and(|o| o.kind() == "<-"),
        _ => false,
    })
}

/// Whether a loop body can leave an iteration early.
fn has_branch(body: Node<'_>) -> bool {
    descendants(body).iter().any(|d| {
        matches!(
            d.kind(),
            "break_statement" | "continue_statement" | "goto_statement" | "return_statement"
        ) && !ancestors(*d)
            .take_while(|a| *a != body)
            .any(|a| a.kind() == "func_literal")
    })
}

/// `v, ok := cell` / `v, ok = cell` / `var v, ok = cell`.
fn is_comma_ok(cell: Node<'_>) -> bool {
    let Some(list) = cell.parent().filter(|p| p.kind() == "expression_list") else {
        return false;
    };
    let Some(stmt) = list.parent() else {
        return false;
    };
    let left = match stmt.kind() {
        "short_var_declaration" | "assignment_statement" => stmt
            .child_by_field_name("left")
            .map(|l| list_items(l).len()),
        "var_spec" => Some(field_children(stmt, "name").len()),
        _ => None,
    };
    left == Some(2)
        && list_items(list).len() == 1
        && stmt
            .child_by_field_name("right")
            .or_else(|| stmt.child_by_field_name("value"))
            == Some(list)
}

/// The node that best names a use in a message: the call it is an argument of, or its
/// statement.
fn context_of(n: Node<'_>) -> Node<'_> {
    let Some(p) = n.parent() else { return n };
    match p.kind() {
        "argument_list" => p.parent().unwrap_or(p),
        "expression_list" => p.parent().unwrap_or(p),
        "range_clause" => p
            .parent()
            .and_then(|f| f.child_by_field_name("body").map(|_| p))
            .unwrap_or(p),
        _ => p,
    }
}

/// `i*COLS+j`, in `int`, each index parenthesised when it is not an operand.
fn index_expr(src: &str, i: Node<'_>, j: Node<'_>, cols: &str, convert: bool) -> String {
    let part = |n: Node<'_>| {
        let t = &src[n.byte_range()];
        let literal = n.kind() == "int_literal";
        if convert && !literal {
            format!("int({t})")
        } else if matches!(
            n.kind(),
            "identifier"
                | "int_literal"
                | "selector_expression"
                | "call_expression"
                | "index_expression"
                | "parenthesized_expression"
        ) {
            t.to_string()
        } else {
            format!("({t})")
        }
    };
    format!("{}*{}+{}", part(i), cols, part(j))
}

/// Whether a type's text names `t` as a whole word (`*grid`, `[]grid`, `map[int]grid`,
/// `struct{ g grid }`), not as part of another name.
fn mentions(text: &str, t: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(t).any(|(i, _)| {
        !text[..i].ends_with(word)
            && !text[i + t.len()..].starts_with(word)
            && !text[..i].ends_with('.')
    })
}

/// Names no identifier of the package spells, so nothing can clash with or shadow them.
struct FreshNames<'c> {
    pkg: &'c Package,
    ctx: &'c Context,
    taken: Vec<String>,
}

impl<'c> FreshNames<'c> {
    fn new(pkg: &'c Package, ctx: &'c Context) -> Self {
        FreshNames {
            pkg,
            ctx,
            taken: Vec::new(),
        }
    }

    fn take(&mut self, base: &str) -> Option<String> {
        if self.ctx.index.dot_import {
            return None;
        }
        (1..100)
            .map(|k| {
                if k == 1 {
                    base.to_string()
                } else {
                    format!("{base}{k}")
                }
            })
            .find(|n| !self.ctx.index.spelled(self.pkg).contains(n) && !self.taken.contains(n))
            .inspect(|n| self.taken.push(n.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::nested_same_key;

    #[test]
    fn prefilter_wants_the_same_key_twice() {
        assert!(nested_same_key("var m map[int]map[int]V"));
        assert!(nested_same_key("x := make(map[Row]map[Row][8]byte)"));
        assert!(!nested_same_key("var m map[string]map[int]V"));
        assert!(!nested_same_key("var m map[int]map[int64]V"));
        assert!(!nested_same_key("var m map[int][]map[int]V"));
    }
}
