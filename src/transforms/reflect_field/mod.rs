//! reflect-field: `reflect.ValueOf(x).FieldByName("F").String()` and its kin into direct
//! field access, and dynamic names into a generated accessor.

mod accessors;
mod detect;
mod prove;
mod reasons;
mod rewrite;

use accessors::{accessor_cases, accessor_file, accessor_name, needed_accessors, render_accessors};

use super::{Context, Meta, Transform, declared_by_package};
use crate::fix::edit::{Edit, Evidence, Findings, Fix, LineRef, SkipReason};
use crate::semantic::flow::{Change, Touch};
use crate::semantic::scope::{DeclId, DeclKind};
use crate::semantic::selectors::{
    FieldInfo, FieldsError, Selected, direct_fields, static_type, struct_spec, visible_fields,
};
use crate::semantic::ty::Ty;
use crate::syntax::ast::{descendants, field_children, list_items, named_children, short, within};
use crate::syntax::package::Package;
use crate::syntax::source::Generated;
use detect::{Chain, Sel, reflect_name};
use reasons::Reason;
use tree_sitter::Node;

pub(crate) struct ReflectField;

const RULE: &str = "reflect-field";
const ACCESSORS: &str = "gomapfix_accessors.go";
/// Where the accessors of types declared in `_test.go` files go: compiled with them only.
const TEST_ACCESSORS: &str = "gomapfix_accessors_test.go";
/// The same for an external test package (`package p_test`), which shares the directory
/// with package p and so cannot share its file name.
const EXT_TEST_ACCESSORS: &str = "gomapfix_accessors_ext_test.go";
/// The Value getters a chain may end in.
const GETTERS: [&str; 8] = [
    "Interface",
    "String",
    "Int",
    "Uint",
    "Float",
    "Bool",
    "Bytes",
    "Len",
];
/// The Value setters a chain may end in.
const SETTERS: [&str; 5] = ["SetString", "SetInt", "SetUint", "SetFloat", "SetBool"];
const UNEXPORTED_PANIC: &str =
    "reflect.Value.Interface: cannot return value obtained from unexported field or method";

static META: Meta = Meta {
    id: RULE,
    summary: "reflect.ValueOf field access on the package's own structs into direct access or a generated accessor",
    saving: "a field read by name: 81 to 2.9 ns; by a dynamic name 160 to 39 ns",
    docs: include_str!("../../../transforms/reflect-field/README.md"),
    prefilter: |text| text.contains("\"reflect\"") && text.contains(".ValueOf("),
    sites: |_| true,
    uses_escapes: false,
};

impl Transform for ReflectField {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
        for (file, f) in pkg.files.iter().enumerate() {
            if !f.parses() || !f.editable {
                continue;
            }
            let Some(refl) = reflect_name(f.outline().root_node(), &f.text) else {
                continue;
            };
            let a = Analysis {
                pkg,
                ctx,
                file,
                refl,
                graphs: Default::default(),
            };
            for n in descendants(f.tree().root_node()) {
                if let Some(arg) = a.value_of(n) {
                    a.site(n, arg, out);
                }
            }
        }
    }

    fn generate(&self, pkg: &Package, ctx: &Context) -> Vec<(&'static str, String)> {
        let needed = needed_accessors(pkg, ctx);
        [ACCESSORS, TEST_ACCESSORS, EXT_TEST_ACCESSORS]
            .into_iter()
            .filter_map(|name| render_accessors(pkg, ctx, &needed, name).map(|c| (name, c)))
            .collect()
    }
}

/// The kind of a field's type, as reflect would see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Int,
    Uint,
    Float,
    Bool,
    Bytes,
    Slice,
    Array,
    Map,
    Chan,
    Other,
}

struct Analysis<'a, 't> {
    pkg: &'t Package,
    ctx: &'a Context,
    file: usize,
    refl: String,
    /// The control-flow graphs of the file's functions, built once each.
    graphs: crate::semantic::cfg::Graphs<'t>,
}

impl<'a, 't> Analysis<'a, 't> {
    fn src(&self) -> &'t str {
        &self.pkg.files[self.file].text
    }

    fn text(&self, n: Node<'_>) -> &'t str {
        &self.src()[n.byte_range()]
    }

    fn line(&self, n: Node<'_>) -> LineRef {
        LineRef::of(self.ctx, self.file, n.start_byte())
    }

    fn eval(&self, n: Node<'_>) -> Option<i128> {
        crate::semantic::consts::value(self.pkg, self.ctx, self.file, n)
    }

    /// One `reflect.ValueOf(arg)`: a chain, a `v := reflect.ValueOf(x)` binding, or neither.
    fn site(&self, value_of: Node<'t>, arg: Node<'t>, out: &mut Findings) {
        if let Some((v, deref)) = self.binding(value_of) {
            // A binding none of whose uses selects a field is no site: nothing to report.
            let result = match self.binding_fix(value_of, arg, v, deref) {
                Ok(None) => return,
                Ok(Some(fix)) => Ok(fix),
                Err(r) => Err(r),
            };
            return self.report(value_of, result, out);
        }
        match self.chain(value_of, false) {
            Ok(None) => {}
            Ok(Some(chain)) => {
                let result = self
                    .chain_fix(arg, &chain, None)
                    .map(|(edit, ev)| (vec![edit], ev));
                self.report(value_of, result, out);
            }
            Err(reason) => self.report(value_of, Err(reason), out),
        }
    }

    fn report(
        &self,
        at: Node<'t>,
        result: Result<(Vec<Edit>, String), Reason>,
        out: &mut Findings,
    ) {
        if out.ignored(self.ctx, self.file, at.start_byte()) {
            return;
        }
        match result {
            Ok((edits, message)) => out.fixes.push(Fix {
                rule: RULE,
                file: self.file,
                at: at.start_byte(),
                message,
                evidence: Evidence::Source(
                    "the static type and the field resolve from the source".into(),
                ),
                edits,
                claims: Vec::new(),
                unsafe_because: None,
            }),
            Err(r) => out.skip(self.file, at.start_byte(), r),
        }
    }

    fn operand_text(&self, n: Node<'_>) -> String {
        self.text(n).to_string()
    }

    /// The static type of an expression, when the package's source says it.
    fn type_of(&self, file: usize, e: Node<'_>) -> Option<Ty> {
        static_type(self.pkg, self.ctx, file, e)
    }

    fn struct_spec(&self, tname: &str) -> Option<Node<'t>> {
        struct_spec(self.pkg, self.ctx, tname)
    }

    fn field_by_name(&self, tname: &str, name: &str) -> Result<FieldInfo, Reason> {
        match visible_fields(self.pkg, self.ctx, tname)?.remove(name) {
            Some(Some(f)) => Ok(f),
            Some(None) => Err(Reason::Ambiguous(tname.to_string(), name.to_string())),
            None => Err(Reason::NoSuchField(tname.to_string(), name.to_string())),
        }
    }

    fn field_by_index(&self, tname: &str, k: i128) -> Result<FieldInfo, Reason> {
        let direct = direct_fields(self.pkg, self.ctx, tname)
            .ok_or_else(|| Reason::NotStruct(tname.to_string()))?;
        usize::try_from(k)
            .ok()
            .and_then(|k| direct.get(k).cloned())
            .map(|(f, _)| f)
            .ok_or_else(|| Reason::NoSuchField(tname.to_string(), format!("#{k}")))
    }

    /// The underlying type of a field's type, when the package's source tells it.
    fn field_underlying(&self, field: &FieldInfo) -> Option<Ty> {
        field
            .resolved(self.pkg, self.ctx)?
            .underlying(self.pkg, self.ctx)
    }

    /// The reflect kind of a field's type; `None` when it may be another package's type.
    fn kind(&self, field: &FieldInfo) -> Option<Kind> {
        match self.field_underlying(field) {
            Some(u) => kind_of(&u),
            // Not resolved (a dot import, a type declared twice under build tags, a generic
            // one): another package's only when it is written qualified.
            None => (!field.ty.contains('.')).then_some(Kind::Other),
        }
    }
}

/// The reflect kind of an underlying type.
fn kind_of(u: &Ty) -> Option<Kind> {
    let foreign = || u.any_part(&mut |t| matches!(t, Ty::Named { pkg: Some(_), .. }));
    Some(match u {
        Ty::Basic(n) => match n.as_str() {
            "string" => Kind::String,
            "int" | "int8" | "int16" | "int32" | "int64" | "rune" => Kind::Int,
            "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte" => Kind::Uint,
            "float32" | "float64" => Kind::Float,
            "bool" => Kind::Bool,
            _ => Kind::Other,
        },
        Ty::Slice(e) if matches!(&**e, Ty::Basic(b) if b == "byte" || b == "uint8") => Kind::Bytes,
        Ty::Slice(_) => Kind::Slice,
        Ty::Array(..) => Kind::Array,
        Ty::Map(..) => Kind::Map,
        Ty::Chan(..) => Kind::Chan,
        Ty::Struct(_) | Ty::Local { .. } => Kind::Other,
        _ if foreign() => return None,
        _ => Kind::Other,
    })
}

/// Whether the constant `v` converts to the predeclared type `underlying`, with `int`,
/// `uint` and `uintptr` `bits` wide (64 on amd64 and arm64, 32 on 386 and arm).
fn representable(v: i128, underlying: &str, bits: u32) -> bool {
    let wide = bits == 64;
    let (lo, hi): (i128, i128) = match underlying {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" | "rune" => (i32::MIN.into(), i32::MAX.into()),
        "int" if !wide => (i32::MIN.into(), i32::MAX.into()),
        "int" | "int64" => (i64::MIN.into(), i64::MAX.into()),
        "uint8" | "byte" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint" | "uintptr" if !wide => (0, u32::MAX.into()),
        "uint" | "uint64" | "uintptr" => (0, u64::MAX.into()),
        "float32" | "float64" => (i128::MIN, i128::MAX),
        _ => return false,
    };
    (lo..=hi).contains(&v)
}

/// Whether a type assertion is the comma-ok form (`v, ok := e.(T)`, `var v, ok = e.(T)`).
fn comma_ok(ta: Node<'_>) -> bool {
    let Some(stmt) = ta
        .parent()
        .filter(|p| p.kind() == "expression_list")
        .and_then(|l| l.parent())
    else {
        return false;
    };
    let lefts = match stmt.kind() {
        "var_spec" => field_children(stmt, "name").len(),
        _ => stmt
            .child_by_field_name("left")
            .map_or(0, |l| list_items(l).len()),
    };
    lefts == 2
}
