//! map-value-boundary: a map whose values are over the runtime's 128-byte inline limit
//! (each stored in a heap object of its own) into a generated `slabMap[K, V]`, the values
//! in chunks beside a `map[K]int32` index.
//!
//! The target forms (local, package variable, unexported field), their uses and their
//! creations come from the shared [`retype`] machinery; this module says which maps it
//! takes and what each use becomes. A nil `*slabMap` reads as a nil map does and panics
//! on `Set` as a write to one does, so unlike nested-map nothing needs a creation first.

mod reasons;
mod slab;

use super::retype::{
    self, Creation, Kind, Retyped, Shape, Shared, Target, Use, builtin, context_of, is_comma_ok,
};
use super::{Context, Meta, Transform};
use crate::fix::edit::{Edit, Evidence, Findings, Fix};
use crate::semantic::scope::has_token;
use crate::syntax::ast::{call_parts, descendants, is_written, list_items, short};
use crate::syntax::package::{Package, PkgFile};
use crate::syntax::source::Generated;
use reasons::Reason;
use tree_sitter::Node;

pub(crate) struct MapValueBoundary;

const RULE: &str = "map-value-boundary";

use crate::semantic::ty::MAP_INLINE_LIMIT as INLINE_LIMIT;

/// The largest value the slab takes: 64 MiB, far from the compiler's 1 GB stack frame
/// limit for the slab's by-value arguments and results.
const MAX_VALUE: u64 = 64 << 20;

static META: Meta = Meta {
    id: RULE,
    summary: "maps whose values are over 128 bytes into a slab: values in chunks, a 4-byte index in the map",
    docs: include_str!("../../../transforms/map-value-boundary/README.md"),
    prefilter: big_map_text,
    sites: |f| {
        f.generated != Generated::ByGomapfix
            && big_map_text(&f.text)
            // A body the prefilter would not pick holds no map type with a big value.
            && f.read_bodies(big_map_text, |t| {
                descendants(t.root_node()).into_iter().any(|n| {
                    n.kind() == "map_type"
                        && n.child_by_field_name("value")
                            .is_some_and(|v| !small_value(v.kind(), &f.text[v.byte_range()]))
                })
            })
    },
    uses_escapes: false,
};

/// Predeclared types no bigger than 16 bytes.
const SMALL_PREDECLARED: &[&str] = &[
    "bool",
    "string",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
    "byte",
    "rune",
    "float32",
    "float64",
    "complex64",
    "complex128",
    "error",
    "any",
];

/// Whether a map's value type, by its syntax alone, is surely no bigger than 128 bytes:
/// a pointer, slice, map, channel, function or interface, `struct{}`, a small
/// predeclared type. A named type, an array or a struct with fields may be bigger.
fn small_value(kind: &str, text: &str) -> bool {
    match kind {
        "pointer_type" | "slice_type" | "map_type" | "channel_type" | "function_type"
        | "interface_type" => true,
        "struct_type" => text.trim_start_matches("struct").trim() == "{}",
        "type_identifier" => SMALL_PREDECLARED.contains(&text),
        _ => false,
    }
}

/// The textual prefilter: some `map[K]V` whose V, as written, may be over the limit (see
/// [`small_value`]; a type of another package counts, whose size is reported unknown).
fn big_map_text(text: &str) -> bool {
    let mut rest = text;
    while let Some(p) = rest.find("map[") {
        rest = &rest[p + 4..];
        // The key, brackets balanced.
        let mut depth = 1;
        let Some(end) = rest.char_indices().find_map(|(i, c)| {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i)
        }) else {
            return false;
        };
        let value = &rest[end + 1..];
        let word: String = value
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let small = ["*", "[]", "map[", "chan", "<-", "func", "interface"]
            .iter()
            .any(|p| value.starts_with(p))
            || value.starts_with("struct{}")
            || (SMALL_PREDECLARED.contains(&word.as_str())
                && !value[word.len()..].starts_with('.'));
        if !small {
            return true;
        }
    }
    false
}

/// `map[K]V` with V over the inline limit, or of a size the source does not tell.
#[derive(Debug, Clone)]
struct BigValues {
    key: String,
    val: String,
    /// The size of V on 64-bit targets, when the package's source tells it.
    size: Option<u64>,
}

impl Shape for BigValues {
    fn of_type(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<Self> {
        if n.kind() != "map_type" {
            return None;
        }
        let k = n.child_by_field_name("key")?;
        let v = n.child_by_field_name("value")?;
        let src = &pkg.files[file].text;
        // Small by its syntax, whatever the resolution of its names says (a `*T` or a
        // `bool` in a file with a dot import).
        if small_value(v.kind(), &src[v.byte_range()]) {
            return None;
        }
        let size = crate::semantic::ty::map_value_size(pkg, ctx, file, n);
        if size.is_some_and(|s| s <= INLINE_LIMIT) {
            return None;
        }
        Some(BigValues {
            key: src[k.byte_range()].to_string(),
            val: src[v.byte_range()].to_string(),
            size,
        })
    }

    fn same(&self, other: &Self) -> bool {
        self.key == other.key && self.val == other.val
    }
}

impl Transform for MapValueBoundary {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
        // The slab's names, found on the first target that needs them.
        let names = std::cell::OnceCell::new();
        // A target is declared with its map type or its creation in the file.
        let pick = |f: &PkgFile| {
            f.generated != Generated::ByGomapfix
                && big_map_text(&f.text)
                && !f.without_sites.contains(&RULE)
        };
        retype::drive(pkg, ctx, out, pick, |t: &Target<'_, BigValues>| {
            let a = Analysis {
                r: Retyped::new(pkg, ctx, t),
                names: &names,
            };
            a.run()
        });
    }

    fn generate(&self, pkg: &Package, ctx: &Context) -> Vec<(&'static str, String)> {
        let file = slab::file_for(pkg);
        let present = pkg.files.iter().any(|f| {
            f.generated == Generated::ByGomapfix && f.path.file_name().is_some_and(|n| n == file)
        });
        // Every name the slab may have ends in `labMap` or `labMap<n>`: a package none of
        // whose files spells it neither uses a slab nor had one, and its declarations
        // need not be walked for the slab's names.
        if !present && !pkg.files.iter().any(|f| f.text.contains("labMap")) {
            return Vec::new();
        }
        let Ok(names) = slab::Names::of(pkg, ctx) else {
            return Vec::new();
        };
        let (ty, ctor) = (
            format!("{}[", names.ty()),
            format!("{}[", names.constructor()),
        );
        let used = pkg.files.iter().any(|f| {
            f.generated != Generated::ByGomapfix && (f.text.contains(&ty) || f.text.contains(&ctor))
        });
        if present || used {
            vec![(file, slab::render(pkg, &names))]
        } else {
            Vec::new()
        }
    }
}

struct Analysis<'a, 't> {
    r: Retyped<'a, 't, BigValues>,
    names: &'a std::cell::OnceCell<Result<slab::Names, String>>,
}

impl<'a, 't> std::ops::Deref for Analysis<'a, 't> {
    type Target = Retyped<'a, 't, BigValues>;

    fn deref(&self) -> &Self::Target {
        &self.r
    }
}

/// What a use becomes.
enum Rewrite<'t> {
    /// Edits of the use's own text.
    Edits(Vec<Edit>),
    /// A creation (`make(...)`, `map[K]V{}`) assigned to the target.
    Creation(usize, Node<'t>),
}

impl<'a, 't> Analysis<'a, 't> {
    fn use_reason(&self, file: usize, n: Node<'_>) -> Reason {
        self.r.use_reason(file, n).into()
    }

    fn run(&self) -> Result<Fix, Reason> {
        let t = self.t;
        let size =
            t.ty.size
                .ok_or_else(|| Reason::SizeUnknown(t.ty.val.clone()))?;
        if !self.pkg.allows(18) {
            return Err(Reason::GoVersion);
        }
        // Before go1.20 an interface type (or a struct or array holding one) does not
        // satisfy `comparable`, which the slab's K is constrained by.
        if !self.pkg.allows(20) && !self.key_hash_cannot_panic() {
            return Err(Reason::KeyNotComparable(t.ty.key.clone()));
        }
        // The slab passes values by value (Set's argument, Lookup's result): a value near
        // the compiler's 1 GB frame limit would not build where the map did.
        if size > MAX_VALUE {
            return Err(Reason::TooLarge(size));
        }
        self.no_lock_inside()?;
        let names = self
            .names
            .get_or_init(|| slab::Names::of(self.pkg, self.ctx))
            .as_ref()
            .map_err(|why| Reason::SlabNames(why.clone()))?;
        self.package_level_checks()?;
        // The rewrite needs the generated slab: it is rendered only from a package whose
        // every file parses, and written only where no file of its name is someone else's.
        if let Some(at) = self.pkg.broken_file() {
            return Err(Reason::SlabNotRendered(at));
        }
        if let Some(taken) = super::generated_file_taken(self.pkg, slab::file_for(self.pkg)) {
            return Err(Reason::GeneratedFileTaken(taken));
        }
        // The generated file has no build constraint: it is compiled whenever the
        // package's unconstrained files are. A file run alone (`//go:build ignore`, `go run
        // gen.go`) would not see it, and a package whose files are all constrained would
        // gain a file where some builds found none (a `package main` without its main).
        let decl = &self.pkg.files[t.file];
        if crate::syntax::build::ignored(&decl.text) {
            return Err(Reason::BuildConstrained(
                "its file is built only on its own (//go:build ignore)".into(),
            ));
        }
        let plain = |f: &crate::syntax::package::PkgFile| {
            f.generated != crate::syntax::source::Generated::ByGomapfix
                && !crate::syntax::build::constrained(&f.path, &f.text)
        };
        if !self.pkg.files.iter().any(plain) {
            return Err(Reason::BuildConstrained(
                "every file of its package is compiled only under a build constraint".into(),
            ));
        }
        let uses = self.uses()?;
        let mut edits: Vec<Edit> = Vec::new();
        let mut creations: Vec<(usize, Node<'t>)> =
            t.init.map(|i| (t.file, i)).into_iter().collect();
        for u in &uses {
            match self.rewrite(*u)? {
                Rewrite::Edits(e) => edits.extend(e),
                Rewrite::Creation(f, c) => creations.push((f, c)),
            }
        }
        if t.kind == Kind::Field {
            // A literal that leaves the field out holds a nil slab, which reads as the
            // nil map did; one that sets it must create it.
            self.field_creations(&mut creations, true)?;
            self.no_whole_value_use()?;
        }
        for (f, c) in &creations {
            edits.push(self.creation_edit(*f, *c, names)?);
        }
        if let Some(tn) = t.type_node {
            self.name_free(t.file, tn, &names.ty())?;
        }
        let new_type = format!("*{}[{}, {}]", names.ty(), t.ty.key, t.ty.val);
        edits.extend(self.retype_declaration(&new_type)?);
        if let Some(at) = retype::overlap(self.ctx, &edits) {
            return Err(Reason::Shared(Shared::NestedUse(at)));
        }
        Ok(Fix {
            rule: RULE,
            file: t.file,
            at: t.name_node.start_byte(),
            message: format!(
                "move the values of {} (map[{}]{}, {size} bytes each, over the {INLINE_LIMIT}-byte inline limit) into a slab: chunks of values beside a map[{}]int32 index ({} use{} rewritten)",
                t.name,
                t.ty.key,
                t.ty.val,
                t.ty.key,
                uses.len(),
                if uses.len() == 1 { "" } else { "s" }
            ),
            evidence: Evidence::Source(format!(
                "{} is {size} bytes on 64-bit targets, computed from the package's declarations; every use of {} is a read, comma-ok read, store, delete, len, clear, range or creation, each of which the slab does with map semantics",
                t.ty.val, t.name
            )),
            edits,
            claims: Vec::new(),
        })
    }

    /// What one use becomes, or why the target is left alone.
    fn rewrite(&self, u: Use<'t>) -> Result<Rewrite<'t>, Reason> {
        let src = self.src(u.file);
        let base = u.base;
        if let Some(c) = self.assigned_creation(u.file, base) {
            return Ok(Rewrite::Creation(u.file, c));
        }
        let Some(parent) = base.parent() else {
            return Err(self.use_reason(u.file, base));
        };
        let line = self.line(u.file, parent.start_byte());
        let operand = parent.child_by_field_name("operand") == Some(base);
        match parent.kind() {
            "index_expression" if operand => self.index_use(u, parent).map(Rewrite::Edits),
            "argument_list" => {
                let call = parent.parent().filter(|c| c.kind() == "call_expression");
                let parts = call.and_then(call_parts);
                let Some((call, (f, args))) = call.zip(parts) else {
                    return Err(self.use_reason(u.file, parent));
                };
                let name = &src[f.byte_range()];
                let method = match (name, args.as_slice()) {
                    ("delete", [m, _]) if *m == base => "Delete",
                    ("len", [m]) if *m == base => "Len",
                    ("clear", [m]) if *m == base => "Clear",
                    _ => {
                        return Err(Reason::PassedOrReturned(short(src, call), line));
                    }
                };
                if f.kind() != "identifier" || !builtin(self.ctx, u.file, f, name) {
                    return Err(Reason::PassedOrReturned(short(src, call), line));
                }
                // The generated file is compiled at the module's version: below go1.21 it
                // has no Clear, though a file with a `//go:build` go version may call clear.
                if method == "Clear" && !self.pkg.allows(21) {
                    return Err(Reason::ClearBelowGo121(short(src, call), line));
                }
                self.order_holds(u, call, args.get(1).copied())?;
                self.plain(u.file, call.start_byte(), base.start_byte(), name, "(")?;
                let args_text = match args.get(1) {
                    Some(k) => {
                        self.plain(u.file, base.end_byte(), k.start_byte(), "", ",")?;
                        self.plain(u.file, k.end_byte(), call.end_byte(), "", ")")?;
                        // `m.Delete(k)`: one argument, where `delete(m, k)` had two.
                        let depth = crate::fix::exprfmt::depth_of(call)
                            .ok_or_else(|| self.layout(u.file, call))?;
                        let key = self.moved(u.file, *k, depth)?;
                        self.around(
                            u.file,
                            base.end_byte(),
                            &[(*k, key)],
                            call.end_byte(),
                            &[&format!(".{method}("), ")"],
                        )
                    }
                    None => {
                        self.plain(u.file, base.end_byte(), call.end_byte(), "", ")")?;
                        vec![Edit::replace(
                            u.file,
                            base.end_byte(),
                            call.end_byte(),
                            format!(".{method}()"),
                        )]
                    }
                };
                let mut edits = vec![Edit::replace(
                    u.file,
                    call.start_byte(),
                    base.start_byte(),
                    "",
                )];
                edits.extend(args_text);
                Ok(Rewrite::Edits(edits))
            }
            "range_clause" if parent.child_by_field_name("right") == Some(base) => {
                if !self.pkg.file_allows(u.file, 23) {
                    return Err(Reason::RangeBelowGo123(short(src, parent), line));
                }
                // The body of a range over a function runs in a function of its own: a
                // recover() there is not called by the deferred function any more, and
                // returns nil where it stopped a panic.
                let body = parent.parent().and_then(|f| f.child_by_field_name("body"));
                if let Some(r) = body.and_then(|b| {
                    descendants(b).into_iter().find(|n| {
                        n.kind() == "call_expression"
                            && n.child_by_field_name("function").is_some_and(|f| {
                                f.kind() == "identifier"
                                    && &src[f.byte_range()] == "recover"
                                    && builtin(self.ctx, u.file, f, "recover")
                            })
                            && !crate::syntax::ast::ancestors(*n)
                                .take_while(|a| Some(*a) != body)
                                .any(|a| a.kind() == "func_literal")
                    })
                }) {
                    return Err(Reason::RecoverInRange(
                        short(src, r),
                        self.line(u.file, r.start_byte()),
                    ));
                }
                Ok(Rewrite::Edits(vec![Edit::insert(
                    u.file,
                    base.end_byte(),
                    ".All()",
                )]))
            }
            "unary_expression"
                if parent
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&") =>
            {
                Err(Reason::AddressTaken(short(src, parent), line))
            }
            "binary_expression" => {
                let nil = [
                    parent.child_by_field_name("left"),
                    parent.child_by_field_name("right"),
                ]
                .into_iter()
                .flatten()
                .any(|o| o.kind() == "nil");
                if nil {
                    Err(Reason::NilComparison(short(src, parent), line))
                } else {
                    Err(self.use_reason(u.file, parent))
                }
            }
            "expression_list" => {
                let stmt = parent.parent();
                let left = stmt.and_then(|s| s.child_by_field_name("left")) == Some(parent);
                let with_entries = stmt
                    .and_then(|s| s.child_by_field_name("right"))
                    .map(list_items)
                    .is_some_and(|r| {
                        r.iter().any(|v| {
                            matches!(
                                retype::creation::<BigValues>(self.pkg, self.ctx, u.file, *v),
                                Some(Creation::WithEntries)
                            )
                        })
                    });
                let nil_store = left
                    && stmt.is_some_and(|s| {
                        s.kind() == "assignment_statement"
                            && has_token(s, "=")
                            && list_items(parent).len() == 1
                            && s.child_by_field_name("right")
                                .map(list_items)
                                .is_some_and(|r| r.len() == 1 && r[0].kind() == "nil")
                    });
                match stmt.map(|s| s.kind()) {
                    // `m = nil`: a nil slab is what a nil map was.
                    _ if nil_store => Ok(Rewrite::Edits(Vec::new())),
                    _ if left && with_entries => {
                        Err(Reason::Shared(Shared::CreatedWithEntries(line)))
                    }
                    Some("return_statement") => {
                        Err(Reason::PassedOrReturned(short(src, parent), line))
                    }
                    Some("assignment_statement" | "short_var_declaration" | "var_spec")
                        if !left =>
                    {
                        Err(Reason::PassedOrReturned(
                            short(src, stmt.unwrap_or(parent)),
                            line,
                        ))
                    }
                    _ => Err(self.use_reason(u.file, context_of(base))),
                }
            }
            "send_statement" | "literal_element" | "keyed_element" => {
                Err(Reason::PassedOrReturned(short(src, parent), line))
            }
            _ => Err(self.use_reason(u.file, context_of(base))),
        }
    }

    /// `m[k]` read (`m.Get(k)`), read with comma-ok (`m.Lookup(k)`) or stored to
    /// (`m.Set(k, v)`).
    fn index_use(&self, u: Use<'t>, ix: Node<'t>) -> Result<Vec<Edit>, Reason> {
        let base = u.base;
        let Some(idx) = ix.child_by_field_name("index") else {
            return Err(self.use_reason(u.file, ix));
        };
        self.plain(u.file, base.end_byte(), idx.start_byte(), "", "[")?;
        self.plain(u.file, idx.end_byte(), ix.end_byte(), "", "]")?;
        let list = ix.parent().filter(|p| p.kind() == "expression_list");
        let stmt = list
            .and_then(|l| l.parent())
            .filter(|s| s.kind() == "assignment_statement");
        if let (Some(list), Some(stmt)) = (list, stmt)
            && stmt.child_by_field_name("left") == Some(list)
        {
            let right = stmt
                .child_by_field_name("right")
                .map(list_items)
                .unwrap_or_default();
            // `m[k] = v` alone: `m[k] op= v` and `m[a], x = ...` are not a plain store.
            let [r] = right[..] else {
                return Err(self.use_reason(u.file, stmt));
            };
            if list_items(list).len() != 1 || !has_token(stmt, "=") {
                return Err(self.use_reason(u.file, stmt));
            }
            self.plain(u.file, ix.end_byte(), r.start_byte(), "", "=")?;
            self.order_holds(u, stmt, Some(idx))?;
            // A statement of its own: its two arguments print at depth 2.
            let key = self.moved(u.file, idx, 2)?;
            let value = self.moved(u.file, r, 2)?;
            return Ok(self.around(
                u.file,
                base.end_byte(),
                &[(idx, key), (r, value)],
                r.end_byte(),
                &[".Set(", ", ", ")"],
            ));
        }
        if is_written(ix) {
            return Err(self.use_reason(u.file, context_of(ix)));
        }
        // `m[k].f = v`, `m[k][i]++` and `&m[k].f` do not compile (a map element is not
        // addressable); `m.At(k).f = v` would, and write a slot or a throwaway zero.
        let mut top = ix;
        while let Some(p) = top.parent().filter(|p| {
            (matches!(p.kind(), "selector_expression" | "index_expression")
                && p.child_by_field_name("operand") == Some(top))
                || p.kind() == "parenthesized_expression"
        }) {
            top = p;
        }
        let address = top.parent().is_some_and(|p| {
            p.kind() == "unary_expression"
                && p.child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&")
        });
        if top != ix && (is_written(top) || address) {
            return Err(self.use_reason(u.file, context_of(top)));
        }
        if let Some(why) = self.not_evaluated(u.file, ix) {
            return Err(why);
        }
        if is_comma_ok(ix) {
            self.ok_is_bool(u.file, ix)?;
        }
        self.order_holds(u, ix, Some(idx))?;
        // `m.At(k)` sits where `m[k]` did; k moves from inside an index to the call's one
        // argument.
        let depth = crate::fix::exprfmt::depth_of(ix).ok_or_else(|| self.layout(u.file, ix))?;
        let key = self.moved(u.file, idx, depth)?;
        if is_comma_ok(ix) {
            return Ok(self.around(
                u.file,
                base.end_byte(),
                &[(idx, key)],
                ix.end_byte(),
                &[".Lookup(", ")"],
            ));
        }
        // A read goes through the slot: `m.At(k).f` and `m.At(k)[i]` read one part of the
        // value (a pointer to a struct or an array selects and indexes as the value does),
        // `*m.At(k)` copies it once. A whole value returned by `Get` would be copied into
        // its result first, which costs random lookups about half again.
        let part = ix.parent().is_some_and(|p| {
            matches!(p.kind(), "selector_expression" | "index_expression")
                && p.child_by_field_name("operand") == Some(ix)
        });
        let mut edits = self.around(
            u.file,
            base.end_byte(),
            &[(idx, key)],
            ix.end_byte(),
            &[".At(", ")"],
        );
        if !part {
            edits.push(Edit::insert(u.file, base.start_byte(), "*"));
        }
        Ok(edits)
    }

    /// The edits that turn `[start, end)` into `seps[0] op0 seps[1] op1 ... seps[n]`: the
    /// separators around the operands, and each operand replaced only where its printed
    /// text changed (an operand kept as written may hold another rewritten use).
    fn around(
        &self,
        file: usize,
        start: usize,
        operands: &[(Node<'t>, String)],
        end: usize,
        seps: &[&str],
    ) -> Vec<Edit> {
        let src = self.src(file);
        let mut edits = Vec::new();
        let mut at = start;
        for ((n, printed), sep) in operands.iter().zip(seps) {
            if src[n.byte_range()] == **printed {
                edits.push(Edit::replace(file, at, n.start_byte(), *sep));
            } else {
                edits.push(Edit::replace(
                    file,
                    at,
                    n.end_byte(),
                    format!("{sep}{printed}"),
                ));
            }
            at = n.end_byte();
        }
        edits.push(Edit::replace(file, at, end, seps[operands.len()]));
        edits
    }

    /// An operand moved into a call at `depth`, as gofmt prints it there.
    fn moved(&self, file: usize, n: Node<'t>, depth: u32) -> Result<String, Reason> {
        crate::fix::exprfmt::print(self.src(file), n, depth).ok_or_else(|| self.layout(file, n))
    }

    fn layout(&self, file: usize, n: Node<'t>) -> Reason {
        Reason::LayoutNotModelled(short(self.src(file), n), self.line(file, n.start_byte()))
    }

    /// The text between two points of a use is only `token` (and spaces): what the rewrite
    /// replaces holds no comment and nothing else. `name` is a callee that comes first.
    fn plain(
        &self,
        file: usize,
        start: usize,
        end: usize,
        name: &str,
        token: &str,
    ) -> Result<(), Reason> {
        let gap = &self.src(file)[start..end];
        let rest = gap.trim().strip_prefix(name).unwrap_or(gap).trim();
        if rest == token {
            Ok(())
        } else {
            Err(Reason::Shared(Shared::Comment(self.line(file, start))))
        }
    }

    /// Go orders a statement's calls left to right, and leaves when the map operand is
    /// read relative to them unspecified; the rewritten access is a method call on it.
    /// That cannot matter when no call can change the map: a local no function literal
    /// uses and whose address is not taken. Otherwise the statement (`whole` is the part
    /// the rewrite turns into a call) may hold no other call that may run code, the key's
    /// and the stored value's included: `b.cells[k^b.next()]` where `next` replaces
    /// `b.cells` reads either map. The slab's own methods, on another rewritten map, run
    /// no code of the program's and write only that map: `a[1] = b[1]` is the same
    /// statement whichever of the two was rewritten first.
    ///
    /// The key moves too: gc evaluates a map index's key (into a temporary) before the
    /// statement's calls to its right, where `m.Set(k, f())` and `*m.At(k) + f()` evaluate
    /// `k` after `f()` (gc runs the calls among a call's arguments first). So with another
    /// call in the statement, even on a map no call can change, the key must be one no
    /// call can change and whose evaluation cannot panic ([`Analysis::stable_key`]), or
    /// the statement's only calls are inside the key itself, which run first either way.
    fn order_holds(
        &self,
        u: Use<'t>,
        whole: Node<'t>,
        key: Option<Node<'t>>,
    ) -> Result<(), Reason> {
        let src = self.src(u.file);
        let stmt = crate::semantic::order::Statement::of(self.pkg, self.ctx, u.file, whole);
        let slab_call = |c: Node<'t>| self.slab_method_call(u.file, c);
        let other = |keep: &[Node<'t>]| stmt.other_call(keep, &slab_call);
        let Some(call) = other(&[u.base]) else {
            return Ok(());
        };
        let private = match self.t.kind {
            Kind::Local(d) => self.private(u.file, d),
            _ => false,
        };
        if !private {
            return Err(Reason::EvalOrder(
                short(src, whole),
                short(src, call),
                self.line(u.file, whole.start_byte()),
            ));
        }
        let Some(key) = key else {
            return Ok(());
        };
        if self.stable_key(u.file, key) || self.called_key(u.file, key) {
            return Ok(());
        }
        match other(&[u.base, key]) {
            None => Ok(()),
            Some(call) => Err(Reason::KeyOrder(
                short(src, key),
                short(src, call),
                self.line(u.file, whole.start_byte()),
            )),
        }
    }

    /// `go vet`'s copylocks check reports a copy of a value holding a lock (a type with
    /// `Lock` and `Unlock` methods), and exempts a copy out of a call's result (`x :=
    /// *m.At(k)`): the rewrite would silence a true report. A value whose type holds one of
    /// the package's such types is left alone; another package's (`sync.Mutex`) makes the
    /// size unknown already.
    fn no_lock_inside(&self) -> Result<(), Reason> {
        let ix = &self.ctx.index;
        let locks: Vec<&String> = ix
            .types
            .keys()
            .filter(|t| {
                ix.methods.contains_key(&((*t).clone(), "Lock".to_string()))
                    && ix
                        .methods
                        .contains_key(&((*t).clone(), "Unlock".to_string()))
            })
            .collect();
        if locks.is_empty() {
            return Ok(());
        }
        // The types V's declaration reaches, by name.
        let mut seen: Vec<String> = Vec::new();
        let mut texts: Vec<String> = vec![self.t.ty.val.clone()];
        while let Some(text) = texts.pop() {
            if let Some(l) = locks.iter().find(|l| retype::mentions(&text, l)) {
                return Err(Reason::HoldsLock(self.t.ty.val.clone(), (*l).clone()));
            }
            for (name, d) in &ix.types {
                if !seen.contains(name) && retype::mentions(&text, name) {
                    seen.push(name.clone());
                    texts.push(
                        self.pkg.files[d.spec.file].text[d.spec.start..d.spec.end].to_string(),
                    );
                }
            }
        }
        Ok(())
    }

    /// Whether no call can write the local `d` of file `file`: see
    /// [`crate::semantic::order::Statement::private`] (asked of no statement in particular:
    /// the file's root stands for one).
    fn private(&self, file: usize, d: crate::semantic::scope::DeclId) -> bool {
        let root = self.pkg.files[file].tree().root_node();
        crate::semantic::order::Statement::unit(self.pkg, self.ctx, file, root)
            .private(d, &|_| false)
    }

    /// A key no call of its statement can change and whose evaluation cannot panic, of a
    /// key type whose hashing cannot panic: a constant or literal, a local no call can
    /// write (see [`Analysis::private`]), and `+ - * & | ^ &^`, ordered comparisons, `&&
    /// ||` and unary `+ - ^ !` of those (not `/`, `%` or shifts, which may panic, nor `==`
    /// and `!=`, which panic on an uncomparable dynamic type).
    fn stable_key(&self, file: usize, key: Node<'t>) -> bool {
        if !self.key_hash_cannot_panic() {
            return false;
        }
        self.stable(file, key)
    }

    /// A key that is itself a call of one of the package's functions, `m[f(x)] = g()`:
    /// Go evaluates it in call order with the statement's other calls, before and after
    /// the rewrite alike (`x` is read just before `f` runs in both). A call of another
    /// package's name may be a conversion, which gc evaluates with the key's operands.
    fn called_key(&self, file: usize, key: Node<'t>) -> bool {
        let src = self.src(file);
        self.key_hash_cannot_panic()
            && key.kind() == "call_expression"
            && key.child_by_field_name("function").is_some_and(|f| {
                let name = &src[f.byte_range()];
                f.kind() == "identifier"
                    && self.ctx.scopes[file].local(f.start_byte()).is_none()
                    && self.ctx.index.funcs.contains_key(name)
                    && self.ctx.index.unique(name)
            })
    }

    fn stable(&self, file: usize, e: Node<'t>) -> bool {
        let src = self.src(file);
        match e.kind() {
            k if crate::syntax::ast::is_literal(k) => true,
            "parenthesized_expression" => crate::syntax::ast::named_children(e)
                .first()
                .is_some_and(|x| self.stable(file, *x)),
            "identifier" => {
                let scopes = &self.ctx.scopes[file];
                match scopes.local(e.start_byte()) {
                    Some(d) => self.private(file, d),
                    None => self.ctx.index.consts.contains_key(&src[e.byte_range()]),
                }
            }
            "unary_expression" => {
                e.child_by_field_name("operator")
                    .is_some_and(|o| matches!(o.kind(), "+" | "-" | "^" | "!"))
                    && e.child_by_field_name("operand")
                        .is_some_and(|x| self.stable(file, x))
            }
            "binary_expression" => {
                // Not `==` or `!=`: comparing interfaces (or structs and arrays holding
                // them) panics on an uncomparable dynamic type.
                e.child_by_field_name("operator").is_some_and(|o| {
                    matches!(
                        o.kind(),
                        "+" | "-"
                            | "*"
                            | "&"
                            | "|"
                            | "^"
                            | "&^"
                            | "<"
                            | "<="
                            | ">"
                            | ">="
                            | "&&"
                            | "||"
                    )
                }) && ["left", "right"].iter().all(|f| {
                    e.child_by_field_name(f)
                        .is_some_and(|x| self.stable(file, x))
                })
            }
            _ => false,
        }
    }

    /// Whether hashing a key of the map's key type cannot panic: no interface in it, as
    /// far as its declaration shows (a predeclared type other than `any` and `error`, a
    /// pointer, a channel, or the package's own type whose underlying type is one).
    fn key_hash_cannot_panic(&self) -> bool {
        let k = self.t.ty.key.trim();
        let plain = |t: &str| {
            t.starts_with('*')
                || t.starts_with("chan ")
                || (crate::semantic::index::is_predeclared_type(t) && !matches!(t, "any" | "error"))
        };
        if plain(k) && !self.ctx.index.top_level.contains_key(k) {
            return true;
        }
        self.ctx.index.types.contains_key(k) && {
            let u = crate::semantic::selectors::underlying(self.pkg, self.ctx, k, 0);
            plain(&u) && !self.ctx.index.top_level.contains_key(u.as_str())
        }
    }

    /// A call of a slab method on another rewritten map: `b.At(k)`, `b.Lookup(k)`... on a
    /// `*slabMap` (a local made by `newSlabMap`, or anything declared with the slab's type).
    fn slab_method_call(&self, file: usize, call: Node<'t>) -> bool {
        let Some(Ok(names)) = self.names.get() else {
            return false;
        };
        let Some(f) = call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "selector_expression")
        else {
            return false;
        };
        let src = self.src(file);
        let method = f
            .child_by_field_name("field")
            .map_or("", |m| &src[m.byte_range()]);
        if !matches!(
            method,
            "At" | "Get" | "Lookup" | "Set" | "Delete" | "Len" | "Clear" | "All"
        ) {
            return false;
        }
        let Some(recv) = f.child_by_field_name("operand") else {
            return false;
        };
        let ty = format!("*{}[", names.ty());
        if crate::semantic::selectors::static_type(self.pkg, self.ctx, file, recv)
            .is_some_and(|t| t.starts_with(&ty))
        {
            return true;
        }
        // A variable declared by `x := newSlabMap[K, V](n)` or `var x = newSlabMap[K,
        // V](n)`: its type is the slab's, whatever is assigned to it later.
        if recv.kind() != "identifier" {
            return false;
        }
        let ctor = format!("{}[", names.constructor());
        let made = |value: Option<Node<'t>>, text: &str| {
            value.map(list_items).is_some_and(|items| {
                items.len() == 1 && text[items[0].byte_range()].starts_with(&ctor)
            })
        };
        let scopes = &self.ctx.scopes[file];
        if let Some(d) = scopes.local(recv.start_byte()) {
            let decl = scopes.decl(d);
            let root = self.pkg.files[file].tree().root_node();
            return !scopes.opaque(d)
                && root
                    .descendant_for_byte_range(decl.stmt.0, decl.stmt.1)
                    .filter(|s| s.kind() == "short_var_declaration")
                    .is_some_and(|s| made(s.child_by_field_name("right"), src));
        }
        let name = &src[recv.byte_range()];
        self.ctx.index.unique(name)
            && self.ctx.index.vars.get(name).is_some_and(|(loc, _)| {
                loc.node(self.pkg, "var_spec").is_some_and(|spec| {
                    let text = &self.pkg.files[loc.file].text;
                    crate::syntax::ast::field_children(spec, "name").len() == 1
                        && (spec
                            .child_by_field_name("type")
                            .is_some_and(|t| text[t.byte_range()].starts_with(&ty))
                            || made(spec.child_by_field_name("value"), text))
                })
            })
    }

    /// Where Go does not evaluate `m[k]`, and so would not evaluate `*m.At(k)`'s call: in
    /// `len` or `cap` of an array (`len(m[k])` is a constant), in `unsafe.Sizeof`,
    /// `Alignof` or `Offsetof`, and as the range expression of a `for` with at most one
    /// iteration variable (an array's length is constant, and the spec then does not
    /// evaluate the range expression).
    fn not_evaluated(&self, file: usize, ix: Node<'t>) -> Option<Reason> {
        let src = self.src(file);
        let unit = crate::semantic::order::evaluation_unit(ix);
        let line = |n: Node<'t>| self.line(file, n.start_byte());
        if let Some(call) = crate::syntax::ast::ancestors(ix)
            .take_while(|a| *a != unit)
            .find(|a| {
                a.kind() == "call_expression"
                    && a.child_by_field_name("function").is_some_and(|f| {
                        let name = &src[f.byte_range()];
                        (matches!(name, "len" | "cap") && builtin(self.ctx, file, f, name))
                            || (f.kind() == "selector_expression"
                                && f.child_by_field_name("field").is_some_and(|m| {
                                    matches!(
                                        &src[m.byte_range()],
                                        "Sizeof" | "Alignof" | "Offsetof"
                                    )
                                }))
                    })
            })
        {
            return Some(Reason::NotEvaluated(short(src, call), line(call)));
        }
        let range = unit.parent().filter(|p| {
            p.kind() == "range_clause" && p.child_by_field_name("right") == Some(unit)
        })?;
        let vars = range
            .child_by_field_name("left")
            .map_or(0, |l| list_items(l).len());
        (vars <= 1).then(|| Reason::NotEvaluated(short(src, range), line(range)))
    }

    /// `v, ok = m[k]` assigns an untyped boolean, which `ok` may hold under a defined
    /// boolean type; `Lookup` returns a `bool`. The left operand must be `_` or of type
    /// `bool` itself (a `:=` or a `var` declares it so).
    fn ok_is_bool(&self, file: usize, ix: Node<'t>) -> Result<(), Reason> {
        let Some(stmt) = ix.parent().and_then(|l| l.parent()) else {
            return Ok(());
        };
        if stmt.kind() != "assignment_statement" {
            return Ok(());
        }
        let Some(ok) = stmt
            .child_by_field_name("left")
            .map(list_items)
            .and_then(|l| l.get(1).copied())
        else {
            return Ok(());
        };
        let src = self.src(file);
        if &src[ok.byte_range()] == "_" {
            return Ok(());
        }
        let ty = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, ok);
        if ty.as_deref() == Some("bool") && !self.ctx.index.top_level.contains_key("bool") {
            return Ok(());
        }
        Err(Reason::UntypedResult(
            short(src, stmt),
            self.line(file, stmt.start_byte()),
        ))
    }

    /// The slab's name does not resolve to a local where the rewrite writes it.
    fn name_free(&self, file: usize, at: Node<'t>, name: &str) -> Result<(), Reason> {
        if self.ctx.scopes[file]
            .lookup(name, at.start_byte())
            .is_some()
        {
            return Err(Reason::NameShadowed(
                short(self.src(file), at),
                self.line(file, at.start_byte()),
                name.to_string(),
            ));
        }
        Ok(())
    }

    /// `make(map[K]V[, n])` or `map[K]V{}` into `newSlabMap[K, V](n)`.
    fn creation_edit(&self, file: usize, c: Node<'t>, names: &slab::Names) -> Result<Edit, Reason> {
        let src = self.src(file);
        let line = self.line(file, c.start_byte());
        let Some(Creation::Empty(ty)) = retype::creation::<BigValues>(self.pkg, self.ctx, file, c)
        else {
            return Err(Reason::Shared(Shared::CreatedWithEntries(line)));
        };
        if crate::syntax::ast::has_comment(c) {
            return Err(Reason::Shared(Shared::Comment(line)));
        }
        self.name_free(file, c, &names.constructor())?;
        let hint = match c.kind() {
            "call_expression" => call_parts(c).and_then(|(_, args)| args.get(1).copied()),
            _ => None,
        };
        let hint = match hint {
            None => "0".to_string(),
            Some(h) => {
                // newSlabMap takes an int: an integer type int holds every value of on
                // 64-bit targets converts; another one (uint64, uint, uintptr, a type of
                // unknown underlying type) could wrap to a negative hint, which panics
                // where the map's make did not.
                let text = &src[h.byte_range()];
                let ty = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, h);
                // `len(x)` and `cap(x)` are ints; a defined type converts as its
                // underlying type does.
                let measured = h.kind() == "call_expression"
                    && call_parts(h).is_some_and(|(f, args)| {
                        let name = &src[f.byte_range()];
                        f.kind() == "identifier"
                            && matches!(name, "len" | "cap")
                            && args.len() == 1
                            && builtin(self.ctx, file, f, name)
                    });
                let ty = ty.map(|t| {
                    if self.ctx.index.types.contains_key(&t) {
                        match crate::semantic::selectors::underlying(self.pkg, self.ctx, &t, 0) {
                            u if crate::semantic::index::is_predeclared_integer(&u)
                                && !self.ctx.index.top_level.contains_key(&u) =>
                            {
                                // Never written as is: converted below.
                                format!("defined {u}")
                            }
                            _ => t,
                        }
                    } else {
                        t
                    }
                });
                match ty.as_deref() {
                    _ if h.kind() == "int_literal" => text.to_string(),
                    _ if measured => text.to_string(),
                    Some("int") => text.to_string(),
                    Some("defined int") => format!("int({text})"),
                    // A constant converts to int whatever its type, when int holds it.
                    _ if crate::semantic::consts::value(self.pkg, self.ctx, file, h)
                        .is_some_and(|v| (0..=i128::from(i64::MAX)).contains(&v)) =>
                    {
                        format!("int({text})")
                    }
                    Some(
                        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32"
                        | "byte" | "rune" | "defined int8" | "defined int16" | "defined int32"
                        | "defined int64" | "defined uint8" | "defined uint16" | "defined uint32"
                        | "defined byte" | "defined rune",
                    ) => format!("int({text})"),
                    _ => {
                        return Err(Reason::SizeHint(
                            short(src, h),
                            self.line(file, h.start_byte()),
                        ));
                    }
                }
            }
        };
        Ok(Edit::replace(
            file,
            c.start_byte(),
            c.end_byte(),
            format!("{}[{}, {}]({hint})", names.constructor(), ty.key, ty.val),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::big_map_text;
    use crate::transforms::Transform;

    /// Run over one file, its findings and skips' tags.
    fn run(src: &str) -> (usize, Vec<&'static str>) {
        let pkg = crate::syntax::package::Package::of_files(&[("a.go", src)]);
        let ctx = crate::semantic::context::Context::build_with(
            &pkg,
            &mut Default::default(),
            Default::default(),
        );
        let mut out = crate::fix::edit::Findings::new(super::RULE);
        super::MapValueBoundary.run(&pkg, &ctx, &mut out);
        (out.fixes.len(), out.skips.iter().map(|s| s.tag()).collect())
    }

    /// `m[k].f = v` does not compile (a map element is not addressable), and
    /// `m.At(k).f = v` would: such code is left as it is, not made to build.
    #[test]
    fn writes_into_an_element_are_not_made_legal() {
        for body in [
            "m[1].f = 5",
            "m[1].arr[2]++",
            "m[1].arr[0] += 2",
            "p := &m[1].f; _ = p",
            "(m[1]).f = 1",
        ] {
            let src = format!(
                "package p\n\ntype V struct {{\n\tf   int\n\tarr [20]int64\n}}\n\nfunc f() {{\n\tm := map[int]V{{}}\n\tm[1] = V{{}}\n\t{body}\n}}\n"
            );
            let (fixes, skips) = run(&src);
            assert_eq!(
                (fixes, skips.as_slice()),
                (0, ["use-not-understood"].as_slice()),
                "{body}"
            );
        }
        let (fixes, _) = run(
            "package p\n\ntype V struct {\n\tf   int\n\tarr [20]int64\n}\n\nfunc f() int64 {\n\tm := map[int]V{}\n\tm[1] = V{}\n\treturn m[1].arr[2] + int64(m[1].f)\n}\n",
        );
        assert_eq!(fixes, 1, "reads through an element are rewritten");
    }

    #[test]
    fn prefilter_wants_a_value_that_may_be_big() {
        assert!(big_map_text("var m map[int][256]byte"));
        assert!(big_map_text("m := make(map[string]record)"));
        assert!(big_map_text("var m map[[2]int]struct{ a [20]int64 }"));
        assert!(big_map_text("var m map[string]time.Time"));
        assert!(big_map_text("x := map[int]*T{}; y := map[int]stringer{}"));
        assert!(!big_map_text("var m map[string]int"));
        assert!(!big_map_text("var m map[[4]byte]*T"));
        assert!(!big_map_text(
            "m := map[string][]byte{}; s := map[int]struct{}{}"
        ));
        assert!(!big_map_text("func f(m map[string]func()) map[K]chan int"));
    }
}
