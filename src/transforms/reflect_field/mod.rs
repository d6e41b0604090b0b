//! reflect-field: `reflect.ValueOf(x).FieldByName("F").String()` and its kin into direct
//! field access, and dynamic names into a generated accessor.

mod accessors;
mod proofs;
mod reasons;
mod rewrite;

use accessors::{accessor_cases, accessor_file, accessor_name, needed_accessors, render_accessors};

use super::{Context, Meta, Transform, declared_by_package};
use crate::fix::edit::{Edit, Evidence, Findings, Fix, LineRef, SkipReason};
use crate::semantic::flow::{Change, Touch};
use crate::semantic::scope::{DeclId, DeclKind};
use crate::semantic::selectors::{
    FieldInfo, FieldsError, Selected, direct_fields, is_predeclared, static_type, struct_spec,
    underlying, visible_fields,
};
use crate::syntax::ast::{descendants, field_children, list_items, named_children, short, within};
use crate::syntax::package::Package;
use crate::syntax::source::Generated;
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

/// The name the file imports "reflect" under (not a dot or blank import).
fn reflect_name(root: Node<'_>, src: &str) -> Option<String> {
    let imports = named_children(root)
        .into_iter()
        .filter(|d| d.kind() == "import_declaration");
    imports.flat_map(descendants).find_map(|n| {
        if n.kind() != "import_spec" {
            return None;
        }
        let path = n.child_by_field_name("path")?;
        if src[path.byte_range()].trim_matches('"') != "reflect" {
            return None;
        }
        match n.child_by_field_name("name") {
            None => Some("reflect".to_string()),
            Some(a) if a.kind() == "package_identifier" => Some(src[a.byte_range()].to_string()),
            Some(_) => None,
        }
    })
}

/// How the chain names its field.
#[derive(Debug, Clone)]
enum Sel<'t> {
    Name(String),
    Index(i128),
    Dynamic(Node<'t>),
}

/// `reflect.ValueOf(arg)[.Elem()].FieldByName(..)|.Field(..).Method(args)`.
struct Chain<'t> {
    deref: bool,
    sel: Sel<'t>,
    method: String,
    args: Vec<Node<'t>>,
    /// The terminal call: the whole chain expression.
    call: Node<'t>,
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

    /// `reflect.<name>(one argument)`, with `reflect` the package, not a local.
    fn reflect_call(&self, n: Node<'t>, name: &str) -> Option<Node<'t>> {
        if n.kind() != "call_expression" {
            return None;
        }
        let f = n.child_by_field_name("function")?;
        let op = f.child_by_field_name("operand")?;
        let field = f.child_by_field_name("field")?;
        if f.kind() != "selector_expression"
            || op.kind() != "identifier"
            || self.text(op) != self.refl
            || self.text(field) != name
            || self.ctx.scopes[self.file].local(op.start_byte()).is_some()
        {
            return None;
        }
        let args = named_children(n.child_by_field_name("arguments")?);
        (args.len() == 1).then(|| args[0])
    }

    fn value_of(&self, n: Node<'t>) -> Option<Node<'t>> {
        self.reflect_call(n, "ValueOf")
    }

    /// A method call on the Value `recv`: (method name, arguments, the call node).
    fn method_on(&self, recv: Node<'t>) -> Option<(String, Vec<Node<'t>>, Node<'t>)> {
        let sel = recv.parent().filter(|p| {
            p.kind() == "selector_expression" && p.child_by_field_name("operand") == Some(recv)
        })?;
        let call = sel.parent().filter(|c| {
            c.kind() == "call_expression" && c.child_by_field_name("function") == Some(sel)
        })?;
        let name = self.text(sel.child_by_field_name("field")?).to_string();
        let args = named_children(call.child_by_field_name("arguments")?);
        Some((name, args, call))
    }

    /// Follows a Value upward from `start`: `Elem`, one `FieldByName`/`Field`, a terminal.
    /// `Ok(None)`: no field is selected (not a target).
    fn chain(&self, start: Node<'t>, mut deref: bool) -> Result<Option<Chain<'t>>, Reason> {
        let mut cur = start;
        if let Some(outer) = cur
            .parent()
            .and_then(|a| a.parent())
            .filter(|c| self.reflect_call(*c, "Indirect") == Some(cur))
        {
            deref = true;
            cur = outer;
        }
        let mut sel: Option<Sel<'t>> = None;
        loop {
            let Some((name, args, call)) = self.method_on(cur) else {
                return match sel {
                    Some(_) => Err(Reason::Chain(short(self.src(), cur))),
                    None => Ok(None),
                };
            };
            match (name.as_str(), args.as_slice(), &sel) {
                ("Elem", [], None) if !deref => deref = true,
                ("FieldByName", [a], None) => {
                    let s = match a.kind() {
                        "interpreted_string_literal" | "raw_string_literal" => {
                            Sel::Name(self.text(*a).trim_matches(['"', '`']).to_string())
                        }
                        _ => Sel::Dynamic(*a),
                    };
                    sel = Some(s);
                }
                ("Field", [a], None) => match self.eval(*a) {
                    Some(k) => sel = Some(Sel::Index(k)),
                    None => {
                        return Err(Reason::NonConstIndex(short(self.src(), *a), self.line(*a)));
                    }
                },
                (_, _, Some(s)) => {
                    return Ok(Some(Chain {
                        deref,
                        sel: s.clone(),
                        method: name,
                        args,
                        call,
                    }));
                }
                _ => {
                    return match sel {
                        Some(_) => Err(Reason::Chain(short(self.src(), call))),
                        None => Ok(None),
                    };
                }
            }
            cur = call;
        }
    }

    fn eval(&self, n: Node<'_>) -> Option<i128> {
        crate::semantic::consts::value(self.pkg, self.ctx, self.file, n)
    }

    /// One `reflect.ValueOf(arg)`: a chain, a `v := reflect.ValueOf(x)` binding, or neither.
    fn site(&self, value_of: Node<'t>, arg: Node<'t>, out: &mut Findings) {
        if let Some((v, deref)) = self.binding(value_of) {
            let result = self.binding_fix(value_of, arg, v, deref);
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
                    "the static type and the field resolve from the package's source".into(),
                ),
                edits,
                claims: Vec::new(),
            }),
            Err(r) => out.skip(self.file, at.start_byte(), r),
        }
    }

    /// `v := reflect.ValueOf(x)` (or with `.Elem()`, or through `reflect.Indirect`): the
    /// variable, and whether the binding dereferences.
    fn binding(&self, value_of: Node<'t>) -> Option<(DeclId, bool)> {
        let mut top = value_of;
        let mut deref = false;
        if let Some(outer) = top
            .parent()
            .and_then(|a| a.parent())
            .filter(|c| self.reflect_call(*c, "Indirect") == Some(top))
        {
            top = outer;
            deref = true;
        }
        if let Some((name, args, call)) = self.method_on(top) {
            if name != "Elem" || !args.is_empty() || deref {
                return None;
            }
            top = call;
            deref = true;
        }
        let list = top.parent().filter(|p| p.kind() == "expression_list")?;
        let decl = list.parent().filter(|d| {
            d.kind() == "short_var_declaration" && d.child_by_field_name("right") == Some(list)
        })?;
        let left = list_items(decl.child_by_field_name("left")?);
        if left.len() != 1 || list_items(list).len() != 1 {
            return None;
        }
        Some((
            self.ctx.scopes[self.file].decl_at(left[0].start_byte())?,
            deref,
        ))
    }

    /// The operand of `reflect.ValueOf`: `&x` (a pointer to x) or an expression.
    fn base(&self, arg: Node<'t>) -> Result<(Node<'t>, bool), Reason> {
        if arg.kind() == "unary_expression"
            && arg
                .child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "&")
        {
            let inner = arg
                .child_by_field_name("operand")
                .ok_or_else(|| Reason::TypeUnknown(short(self.src(), arg)))?;
            if inner.kind() != "identifier" {
                return Err(Reason::TypeUnknown(short(self.src(), arg)));
            }
            return Ok((inner, true));
        }
        // The result of a function of the package, read in place (`defaultConfig().Name`).
        let call_of_package_func = arg.kind() == "call_expression"
            && arg
                .child_by_field_name("function")
                .is_some_and(|f| f.kind() == "identifier");
        if !(matches!(arg.kind(), "identifier" | "selector_expression") || call_of_package_func) {
            return Err(Reason::TypeUnknown(short(self.src(), arg)));
        }
        Ok((arg, false))
    }

    fn operand_text(&self, n: Node<'_>) -> String {
        self.text(n).to_string()
    }

    /// The static type of an expression, as text, when the package's source says it.
    fn type_of(&self, file: usize, e: Node<'_>) -> Option<String> {
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

    fn kind(&self, file: usize, ty: &str) -> Option<Kind> {
        kind_of(&self.underlying(file, ty))
    }

    /// The underlying type text of a type written in `file` (package types resolved).
    fn underlying(&self, _file: usize, ty: &str) -> String {
        underlying(self.pkg, self.ctx, ty, 0)
    }
}

fn wrap(native: &str, ty: &str, access: &str) -> String {
    if ty == native {
        access.to_string()
    } else {
        format!("{native}({access})")
    }
}

fn kind_of(underlying: &str) -> Option<Kind> {
    Some(match underlying {
        "string" => Kind::String,
        "int" | "int8" | "int16" | "int32" | "int64" | "rune" => Kind::Int,
        "uint" | "uint8" | "uint16" | "uint32" | "uint64" | "uintptr" | "byte" => Kind::Uint,
        "float32" | "float64" => Kind::Float,
        "bool" => Kind::Bool,
        "[]byte" | "[]uint8" => Kind::Bytes,
        u if u.starts_with("[]") => Kind::Slice,
        u if u.starts_with('[') => Kind::Array,
        u if u.starts_with("map[") => Kind::Map,
        u if u.starts_with("chan ") || u.starts_with("<-chan") => Kind::Chan,
        u if u.contains('.') => return None,
        _ => Kind::Other,
    })
}

fn representable(v: i128, underlying: &str) -> bool {
    let (lo, hi): (i128, i128) = match underlying {
        "int8" => (i8::MIN.into(), i8::MAX.into()),
        "int16" => (i16::MIN.into(), i16::MAX.into()),
        "int32" | "rune" => (i32::MIN.into(), i32::MAX.into()),
        "int" | "int64" => (i64::MIN.into(), i64::MAX.into()),
        "uint8" | "byte" => (0, u8::MAX.into()),
        "uint16" => (0, u16::MAX.into()),
        "uint32" => (0, u32::MAX.into()),
        "uint" | "uint64" | "uintptr" => (0, u64::MAX.into()),
        "float32" | "float64" => (i128::MIN, i128::MAX),
        _ => return false,
    };
    (lo..=hi).contains(&v)
}

/// Whether this use of a variable writes it (or through it): an assignment, `++`/`--` or
/// `&` of it or of a field or element of it, or a method that takes its address: by the
/// method set of its type when that is one of the package's (a pointer receiver reached
/// through embedded values), else any package method of that name with a pointer
/// receiver, or a call of a method gomapfix cannot see.
fn touch(
    n: Node<'_>,
    file: usize,
    src: &str,
    ctx: &Context,
    pkg: &Package,
    through: bool,
) -> Touch {
    // A pointer held in a variable: only the variable itself matters (what it points to is
    // what the rewrite reads, as the original did).
    if !through {
        let Some(p) = n.parent() else {
            return Touch::Read;
        };
        if p.kind() == "unary_expression"
            && p.child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "&")
        {
            return Touch::Alias;
        }
        return if crate::syntax::ast::is_written(n) {
            Touch::Write
        } else {
            Touch::Read
        };
    }
    let mut cur = n;
    while let Some(p) = cur.parent() {
        match p.kind() {
            "selector_expression" if p.child_by_field_name("operand") == Some(cur) => {
                let m = p
                    .child_by_field_name("field")
                    .map_or("", |f| &src[f.byte_range()]);
                let is_call = p.parent().is_some_and(|c| {
                    c.kind() == "call_expression" && c.child_by_field_name("function") == Some(p)
                });
                // By the operand's method set and fields when its type is the package's:
                // a value receiver (or one behind an embedded pointer) reads the variable,
                // a pointer receiver takes its address.
                let ty = static_type(pkg, ctx, file, cur);
                let named_type = ty
                    .as_deref()
                    .filter(|t| !t.starts_with('*') && ctx.index.types.contains_key(*t));
                if let Some(t) = named_type {
                    match crate::semantic::selectors::select(pkg, ctx, t, m) {
                        // A call through a func-typed field: what it runs is not seen.
                        Selected::Field if is_call => return Touch::Alias,
                        Selected::Field => {
                            cur = p;
                            continue;
                        }
                        Selected::Method {
                            pointer_receiver,
                            through_pointer,
                        } => {
                            return if pointer_receiver && !through_pointer {
                                Touch::Alias
                            } else {
                                Touch::Read
                            };
                        }
                        Selected::Ambiguous | Selected::Unknown => {}
                    }
                }
                let mut named = ctx
                    .index
                    .methods
                    .keys()
                    .filter(|(_, name)| name == m)
                    .peekable();
                if named.peek().is_none() {
                    if is_call {
                        // A call through a func-typed field, or a method gomapfix cannot see.
                        return Touch::Alias;
                    }
                    cur = p;
                    continue;
                }
                // A method that may take a pointer receiver, called or taken as a value,
                // takes x's address: it may write x, then or later through what it kept.
                let pointer_receiver = named.any(|(recv, name)| {
                    crate::semantic::selectors::pointer_receiver(pkg, ctx, recv, name)
                        .is_none_or(|p| p)
                });
                return if pointer_receiver {
                    Touch::Alias
                } else {
                    Touch::Read
                };
            }
            // Slicing an array field takes its address.
            "slice_expression" if p.child_by_field_name("operand") == Some(cur) => {
                return Touch::Alias;
            }
            "index_expression" if p.child_by_field_name("operand") == Some(cur) => cur = p,
            "parenthesized_expression" => cur = p,
            _ => break,
        }
    }
    match cur.parent() {
        Some(p)
            if p.kind() == "unary_expression"
                && p.child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&") =>
        {
            Touch::Alias
        }
        _ if crate::syntax::ast::is_written(cur) => Touch::Write,
        _ => Touch::Read,
    }
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
