//! nested-map: `map[K]map[K]V` with known dimensions into one flat `[]V` indexed `i*COLS+j`.

mod detect;
mod prove;
mod reasons;
mod rewrite;

use super::retype::{
    self, FreshNames, Kind, Retyped, Shape, Shared, Target, Use, builtin, context_of,
    creation_statement_of, is_comma_ok, text,
};
use super::{Context, Meta, Transform};
use crate::fix::edit::{
    Edit, Evidence, Findings, Fix, LineRef, SkipReason, delete_lines, indent_at, line_end,
};
use crate::semantic::scope::{DeclId, has_token};
use crate::syntax::ast::{
    ancestors, block_statements, descendants, enclosing_statement, has_comment, list_items,
    named_children, short, top_level, within,
};
use crate::syntax::package::{Package, PkgFile};
use detect::{MapType, nested_same_key};
use prove::side_effect;
use reasons::Reason;
use rewrite::index_expr;
use tree_sitter::Node;

pub(crate) struct NestedMap;

const RULE: &str = "nested-map";

static META: Meta = Meta {
    id: RULE,
    summary: "nested integer maps with known dimensions into one flattened slice indexed i*cols+j",
    saving: "a 1024x512 grid: 17,428 allocs to 1, built in 0.018x the time",
    docs: include_str!("../../../transforms/nested-map/README.md"),
    prefilter: |t| nested_same_key(t) || t.contains("//gomapfix:dims"),
    sites: |_| true,
    uses_escapes: false,
};

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
        // A target's type is written in its declaration or creation: a file without the
        // prefilter's words has none (and is not parsed for this walk).
        let pick = |f: &PkgFile| nested_same_key(&f.text);
        retype::drive(pkg, ctx, out, pick, |t: &Target<'_, MapType>| {
            let mark = fresh.taken.len();
            let result: Result<Fix, Reason> = Analysis(Retyped::new(pkg, ctx, t)).run(&mut fresh);
            if result.is_err() {
                // A skipped target keeps no name.
                fresh.taken.truncate(mark);
            }
            result
        });
        dims_without_target(pkg, ctx, out);
    }
}

/// A `//gomapfix:dims` directive whose line holds a map but no target
/// (`map[uint]map[int8]int`, a map not created here): the user asked for a rewrite, so the
/// line is reported as skipped, with why.
fn dims_without_target(pkg: &Package, ctx: &Context, out: &mut Findings) {
    for (file, f) in pkg.files.iter().enumerate() {
        let lines: Vec<usize> = ctx.directives[file].dims_lines().collect();
        if lines.is_empty() {
            continue;
        }
        let reported = |line: usize| {
            out.fixes
                .iter()
                .map(|x| (x.file, x.at))
                .chain(out.skips.iter().map(|s| (s.file, s.at)))
                .any(|(fi, at)| fi == file && f.line(at) == line)
        };
        let missing: Vec<usize> = lines.into_iter().filter(|l| !reported(*l)).collect();
        for line in missing {
            // The line's first word, where the declaration starts.
            let Some(start) = f.line_start(line) else {
                continue;
            };
            let rest = &f.text[start..];
            // A line without a map type is no candidate: a target rewritten in an earlier
            // round (its directive stays), or a directive on something else altogether.
            let text = rest.split('\n').next().unwrap_or_default();
            if !text.contains("map[") {
                continue;
            }
            let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            out.skip(file, start + indent, Reason::DimsWithoutTarget);
        }
    }
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

struct Fill<'t> {
    rows: Bound,
    cols: Bound,
    row_create: Option<Node<'t>>,
    outer: Node<'t>,
}

/// A target under analysis: the shared questions ([`Retyped`]) and nested-map's own.
struct Analysis<'a, 't>(Retyped<'a, 't, MapType>);

impl<'a, 't> std::ops::Deref for Analysis<'a, 't> {
    type Target = Retyped<'a, 't, MapType>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
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
    fn use_reason(&self, file: usize, n: Node<'_>) -> Reason {
        self.0.use_reason(file, n).into()
    }

    fn run(&self, fresh: &mut FreshNames<'_>) -> Result<Fix, Reason> {
        let t = self.t;
        let decl_line = self.pkg.files[t.file].line(t.name_node.start_byte());
        let dirs = &self.ctx.directives[t.file];
        let exported_owner = self.package_level_checks()?;
        let mut route = None;
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
            self.field_creations(&mut creations, false)?;
            route = self.no_whole_value_use()?;
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
                return Err(Reason::Shared(Shared::Comment(line)));
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
                        .all(|(_, n)| Some(creation_statement_of(*n)) == creation_stmt)
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
                return Err(Reason::Shared(Shared::Comment(
                    self.line(t.file, init.start_byte()),
                )));
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
                return Err(Reason::Shared(Shared::Comment(
                    self.line(*f, n.start_byte()),
                )));
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
        edits.extend(self.retype_declaration(&slice_type)?);
        self.declare_new_names(
            &new_consts,
            checked_fn.as_deref(),
            &rows,
            &cols,
            &t.ty.key,
            &mut edits,
        );
        // Edits of one fix must not overlap (a use nested in another use's index).
        if let Some(at) = retype::overlap(self.ctx, &edits) {
            return Err(Reason::Shared(Shared::NestedUse(at)));
        }
        let evidence = match (&directive, filled) {
            (Some(_), _) => Evidence::Directive(format!(
                "//gomapfix:dims {} {} at line {}{}",
                rows.value,
                cols.value,
                LineRef::of(self.ctx, t.file, self.directive_pos(decl_line)),
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
            unsafe_because: unsafe_note(exported_owner.as_deref(), route),
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
                    .tree()
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
}

/// What code of other packages could observe of the rewrite of a field: of an exported
/// struct `exported` (they can make one with the field zero), or of a struct they can get
/// through an exported declaration (`route`: what and where); `None` when neither.
fn unsafe_note(exported: Option<&str>, route: Option<(String, String)>) -> Option<String> {
    if let Some(o) = exported {
        return Some(format!(
            "{o} is exported: another package can make a {o} whose field is zero ({o}{{}}, new({o}), var x {o}) and call its methods, which would index a nil slice (a panic) where the nil map read as empty; and can print, compare or reflect over a {o} (fmt's %v, reflect.DeepEqual), and would see a slice where they saw a map"
        ));
    }
    route.map(|(what, place)| {
        format!(
            "another package can get the struct through `{what}` ({place}): print, compare or reflect over it (fmt's %v, reflect.DeepEqual) and see a slice where it saw a map; or, when an exported type holds it, make one whose field is zero and call its methods, which would index a nil slice (a panic) where the nil map read as empty"
        )
    })
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
