//! reflect-field: `reflect.ValueOf(x).FieldByName("F").String()` and its kin into direct
//! field access, and dynamic names into a generated accessor.

mod reasons;

use super::{Context, Meta, Transform};
use crate::ast::{
    ancestors, descendants, field_children, list_items, named_children, short, within,
};
use crate::edit::{Edit, Evidence, Findings, Fix, LineRef, SkipReason};
use crate::package::Package;
use crate::scope::{DeclId, DeclKind};
use crate::semantic::flow::{Change, Touch};
use crate::semantic::selectors::{
    FieldInfo, FieldsError, direct_fields, is_predeclared, static_type, struct_spec, underlying,
    visible_fields,
};
use crate::source::Generated;
use reasons::Reason;
use tree_sitter::Node;

pub(crate) struct ReflectField;

const RULE: &str = "reflect-field";
const ACCESSORS: &str = "gomapfix_accessors.go";
/// Where the accessors of types declared in `_test.go` files go: compiled with them only.
const TEST_ACCESSORS: &str = "gomapfix_accessors_test.go";
/// The Value methods a chain may end in.
const TERMINALS: [&str; 13] = [
    "Interface",
    "String",
    "Int",
    "Uint",
    "Float",
    "Bool",
    "Bytes",
    "Len",
    "SetString",
    "SetInt",
    "SetUint",
    "SetFloat",
    "SetBool",
];
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
            let Some(refl) = reflect_name(f.tree.root_node(), &f.text) else {
                continue;
            };
            let a = Analysis {
                pkg,
                ctx,
                file,
                refl,
            };
            for n in descendants(f.tree.root_node()) {
                if let Some(arg) = a.value_of(n) {
                    a.site(n, arg, out);
                }
            }
        }
    }

    fn generate(&self, pkg: &Package, ctx: &Context) -> Vec<(&'static str, String)> {
        [ACCESSORS, TEST_ACCESSORS]
            .into_iter()
            .filter_map(|name| render_accessors(pkg, ctx, name).map(|c| (name, c)))
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
}

impl<'a, 't> Analysis<'a, 't> {
    fn src(&self) -> &'t str {
        &self.pkg.files[self.file].text
    }

    fn text(&self, n: Node<'_>) -> &'t str {
        &self.src()[n.byte_range()]
    }

    fn line(&self, n: Node<'_>) -> LineRef {
        LineRef {
            file: self.file,
            at: n.start_byte(),
        }
    }

    /// Why a variable may change between a binding and a use, as a clause.
    fn why(&self, c: Change<'t>) -> String {
        let l = self.line(c.node());
        match c {
            Change::Write(_) => format!("line {l} can write it"),
            Change::Alias(_) => format!(
                "line {l} takes its address (or calls a method that may), so it can be written through that pointer at any time"
            ),
            Change::LaterRun(_) => format!(
                "the use at line {l} is in a function literal, which may run after a later write"
            ),
            Change::Goto(_) => {
                format!(
                    "the goto at line {l} makes the order of the binding and the use unknowable"
                )
            }
            Change::Misparsed(_) => format!(
                "its use at line {l} is an index expression the parser reads as a generic instantiation, which cannot be followed"
            ),
        }
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
        let line = crate::edit::line_col(self.src(), value_of.start_byte()).0;
        let ignored = self.ctx.directives[self.file].ignores(line, RULE);
        if let Some((v, deref)) = self.binding(value_of) {
            let result = self.binding_fix(value_of, arg, v, deref);
            return self.report(ignored, value_of, result, out);
        }
        match self.chain(value_of, false) {
            Ok(None) => {}
            Ok(Some(chain)) => {
                let result = self
                    .chain_fix(arg, &chain, None)
                    .map(|(edit, ev)| (vec![edit], ev));
                self.report(ignored, value_of, result, out);
            }
            Err(reason) => self.report(ignored, value_of, Err(reason), out),
        }
    }

    fn report(
        &self,
        ignored: bool,
        at: Node<'t>,
        result: Result<(Vec<Edit>, String), Reason>,
        out: &mut Findings,
    ) {
        match result {
            _ if ignored => out.skip(RULE, self.file, at.start_byte(), &Reason::Ignored),
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
            Err(r) => out.skip(RULE, self.file, at.start_byte(), &r),
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

    /// Every use of `v` rewritten, and the binding deleted; all or nothing.
    fn binding_fix(
        &self,
        value_of: Node<'t>,
        arg: Node<'t>,
        v: DeclId,
        deref: bool,
    ) -> Result<(Vec<Edit>, String), Reason> {
        let scopes = &self.ctx.scopes[self.file];
        let root = self.pkg.files[self.file].tree.root_node();
        if scopes.opaque(v) {
            return Err(Reason::Chain(short(self.src(), value_of)));
        }
        let uses: Vec<Node<'t>> = scopes
            .uses_of(v)
            .into_iter()
            .filter_map(|s| root.descendant_for_byte_range(s, s + scopes.decl(v).name.len()))
            .collect();
        if uses.is_empty() {
            return Err(Reason::Chain(short(self.src(), value_of)));
        }
        let mut edits = Vec::new();
        let mut messages = Vec::new();
        let name = scopes.decl(v).name.clone();
        // The first reason a use is not rewritten; one about the chain itself is more
        // telling than "used otherwise", wherever it comes.
        let mut failed: Option<Reason> = None;
        for u in &uses {
            let other = || Reason::BindingUse(name.clone(), self.line(*u));
            let result = if crate::ast::is_written(*u) {
                Err(other())
            } else {
                match self.chain(*u, deref) {
                    Ok(Some(c)) => self.chain_fix(arg, &c, Some(value_of)),
                    Ok(None) | Err(Reason::Chain(_)) => Err(other()),
                    Err(r) => Err(r),
                }
            };
            match result {
                Ok((e, m)) => {
                    edits.push(e);
                    messages.push(m);
                }
                Err(r) => {
                    if failed.as_ref().is_none_or(|f| {
                        matches!(f, Reason::BindingUse(..)) && !matches!(r, Reason::BindingUse(..))
                    }) {
                        failed = Some(r);
                    }
                }
            }
        }
        if let Some(r) = failed {
            return Err(r);
        }
        // `v.FieldByName("A").SetInt(v.FieldByName("B").Int())`: one use's rewrite would
        // replace text inside another's.
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.start, e.end));
        if let Some(w) = sorted.windows(2).find(|w| w[1].start < w[0].end) {
            return Err(Reason::Nested(
                name,
                LineRef {
                    file: self.file,
                    at: w[1].start,
                },
            ));
        }
        let stmt = crate::ast::enclosing_statement(value_of);
        let del =
            crate::edit::delete_lines(self.file, self.src(), stmt.start_byte(), stmt.end_byte())
                .ok_or_else(|| Reason::Chain(short(self.src(), stmt)))?;
        edits.push(del);
        Ok((
            edits,
            format!(
                "{} (through `{}`, whose binding goes)",
                messages.join("; "),
                scopes.decl(v).name
            ),
        ))
    }

    /// The rewrite of one chain over `arg`. `copied_at`: the binding whose copy of a value
    /// must not be outdated by a write before the use.
    fn chain_fix(
        &self,
        arg: Node<'t>,
        c: &Chain<'t>,
        copied_at: Option<Node<'t>>,
    ) -> Result<(Edit, String), Reason> {
        // The operand the fields are selected on, and whether it is a pointer.
        let (base, base_is_ptr) = self.base(arg)?;
        if base.kind() == "call_expression" && copied_at.is_some() {
            // The binding ran the call once; each use written out would run it again.
            return Err(Reason::BoundCall(short(self.src(), base)));
        }
        let ty = self
            .type_of(self.file, base)
            .ok_or_else(|| Reason::TypeUnknown(short(self.src(), base)))?;
        let pointer = ty.starts_with('*');
        let tname = ty.trim_start_matches('*').to_string();
        if self.struct_spec(&tname).is_none() {
            let u = self.underlying(self.file, &tname);
            if matches!(u.as_str(), "any" | "error") || u.starts_with("interface") {
                return Err(Reason::Interface(self.text(base).to_string(), ty));
            }
            return Err(Reason::NotStruct(ty));
        }
        if !TERMINALS.contains(&c.method.as_str()) {
            return Err(Reason::Chain(short(self.src(), c.call)));
        }
        // `reflect.ValueOf(&p).Elem()` with p a pointer: the Value is still a pointer, on
        // which FieldByName panics in the original.
        if pointer && base_is_ptr {
            return Err(Reason::PointerToPointer(
                self.text(arg).to_string(),
                ty.clone(),
            ));
        }
        let derefs = pointer || base_is_ptr;
        // A pointer Value must be dereferenced before selecting a field, and only a
        // pointer can be: anything else panics in the original.
        if derefs != c.deref {
            let t = if derefs {
                format!("pointer *{tname}")
            } else {
                format!("value of type {tname}")
            };
            return Err(Reason::Deref(self.text(arg).to_string(), t, derefs));
        }
        let recv = if base_is_ptr {
            self.text(base).to_string()
        } else {
            self.operand_text(base)
        };
        if let Some(b) = copied_at {
            // The operand is written again at the use: it must name the same variable there.
            let root = descendants(base)
                .into_iter()
                .find(|n| n.kind() == "identifier")
                .unwrap_or(base);
            let scopes = &self.ctx.scopes[self.file];
            if scopes.lookup(self.text(root), c.call.start_byte())
                != scopes.local(root.start_byte())
            {
                return Err(Reason::Shadowed(self.text(root).to_string()));
            }
            if !derefs {
                if let Some(w) = self.written_between(base, b, c.call, true) {
                    return Err(Reason::Copied(self.text(base).to_string(), self.why(w)));
                }
            } else if !base_is_ptr {
                // Through a pointer nothing is copied, but the pointer itself must not change.
                if let Some(w) = self.written_between(base, b, c.call, false) {
                    return Err(Reason::Repointed(self.text(base).to_string(), self.why(w)));
                }
            }
        }
        if let Sel::Dynamic(name) = c.sel {
            return self.dynamic(c, &tname, base, base_is_ptr, pointer, name);
        }
        let field = match &c.sel {
            Sel::Name(n) => self.field_by_name(&tname, n)?,
            Sel::Index(k) => self.field_by_index(&tname, *k)?,
            Sel::Dynamic(_) => unreachable!("handled above"),
        };
        if field.through_pointer {
            return Err(Reason::ThroughPointer(field.name.clone()));
        }
        let access = format!("{recv}.{}", field.selector());
        let exported = field.name.starts_with(|ch: char| ch.is_uppercase());
        let kind = self.kind(field.file, &field.ty);
        let named = !is_predeclared(&field.ty);
        let mismatch = || {
            Reason::Mismatch(
                field.name.clone(),
                field.ty.clone(),
                format!("{}()", c.method),
            )
        };
        if kind.is_none() && c.method != "Interface" {
            return Err(Reason::KindUnknown(field.name.clone(), field.ty.clone()));
        }
        for conv in ["string", "int64", "uint64", "float64", "bool", "len"] {
            if self.shadowed(conv, c.call) {
                return Err(Reason::Shadowed(conv.to_string()));
            }
        }
        let (target, text) = match (c.method.as_str(), c.args.as_slice()) {
            ("Interface", []) => {
                if !exported {
                    return Err(Reason::Unexported(field.name.clone(), "Interface()"));
                }
                // `.(FT)` on the boxed field cannot fail when FT is a concrete type (an
                // interface-typed field may be nil, and its assertion panic), and it must not
                // be a comma-ok assertion.
                let concrete = matches!(kind, Some(k) if k != Kind::Other)
                    || self.underlying(field.file, &field.ty) == "struct";
                match c
                    .call
                    .parent()
                    .filter(|p| p.kind() == "type_assertion_expression")
                {
                    Some(ta)
                        if concrete
                            && !comma_ok(ta)
                            && ta
                                .child_by_field_name("type")
                                .is_some_and(|t| self.text(t) == field.ty) =>
                    {
                        (ta, access.clone())
                    }
                    _ => {
                        let any = if self.pkg.allows(18) {
                            "any"
                        } else {
                            "interface{}"
                        };
                        self.usable(any, c.call)?;
                        (c.call, format!("{any}({access})"))
                    }
                }
            }
            ("String", []) if kind == Some(Kind::String) => {
                (c.call, wrap("string", &field.ty, &access))
            }
            ("Int", []) if kind == Some(Kind::Int) => (c.call, wrap("int64", &field.ty, &access)),
            ("Uint", []) if kind == Some(Kind::Uint) => {
                (c.call, wrap("uint64", &field.ty, &access))
            }
            ("Float", []) if kind == Some(Kind::Float) => {
                (c.call, wrap("float64", &field.ty, &access))
            }
            ("Bool", []) if kind == Some(Kind::Bool) => (c.call, wrap("bool", &field.ty, &access)),
            ("Bytes", []) if kind == Some(Kind::Bytes) => (
                c.call,
                if named {
                    format!("[]byte({access})")
                } else {
                    access.clone()
                },
            ),
            ("Len", [])
                if matches!(
                    kind,
                    Some(
                        Kind::String
                            | Kind::Slice
                            | Kind::Array
                            | Kind::Map
                            | Kind::Chan
                            | Kind::Bytes
                    )
                ) =>
            {
                (c.call, format!("len({access})"))
            }
            (m @ ("SetString" | "SetInt" | "SetUint" | "SetFloat" | "SetBool"), [value]) => {
                if !exported {
                    return Err(Reason::Unexported(field.name.clone(), "a Set method"));
                }
                if !derefs {
                    return Err(Reason::NotAddressable(self.text(arg).to_string()));
                }
                let want = match m {
                    "SetString" => Kind::String,
                    "SetInt" => Kind::Int,
                    "SetUint" => Kind::Uint,
                    "SetFloat" => Kind::Float,
                    _ => Kind::Bool,
                };
                if kind != Some(want) {
                    return Err(mismatch());
                }
                let stmt = c
                    .call
                    .parent()
                    .filter(|p| p.kind() == "expression_statement")
                    .ok_or_else(|| Reason::Chain(short(self.src(), c.call)))?;
                let native = match want {
                    Kind::String => "string",
                    Kind::Int => "int64",
                    Kind::Uint => "uint64",
                    Kind::Float => "float64",
                    _ => "bool",
                };
                let v = self.text(*value);
                // `f().X = v` reads v beside the call, in an order Go leaves open; the
                // original read it after: only a constant is sure to be the same.
                if base.kind() == "call_expression" && !self.constant_operand(*value) {
                    return Err(Reason::EvalOrder(
                        short(self.src(), c.call),
                        short(self.src(), base),
                        self.line(base),
                    ));
                }
                let rhs = if field.ty == native {
                    v.to_string()
                } else if matches!(want, Kind::String | Kind::Bool) {
                    // Every string (bool) value, constant or not, converts to a type whose
                    // underlying type is string (bool).
                    self.conversion_usable(&field.ty, c.call)?;
                    format!("{}({v})", field.ty)
                } else {
                    // A conversion of a constant the field's type cannot hold does not compile.
                    match self.eval(*value) {
                        Some(k)
                            if want != Kind::Float
                                && !representable(k, &self.underlying(field.file, &field.ty)) =>
                        {
                            return Err(Reason::Unrepresentable(v.to_string(), field.ty.clone()));
                        }
                        Some(_) if want != Kind::Float => {}
                        _ if self.surely_variable(*value) => {}
                        _ => return Err(Reason::Unrepresentable(v.to_string(), field.ty.clone())),
                    }
                    self.conversion_usable(&field.ty, c.call)?;
                    format!("{}({v})", field.ty)
                };
                self.order_holds(
                    arg,
                    base,
                    base_is_ptr,
                    pointer,
                    copied_at,
                    c.call,
                    *value,
                    true,
                )?;
                (stmt, format!("{access} = {rhs}"))
            }
            ("Interface" | "String" | "Int" | "Uint" | "Float" | "Bool" | "Bytes" | "Len", _) => {
                return Err(mismatch());
            }
            _ => return Err(Reason::Chain(short(self.src(), c.call))),
        };
        if target.kind() != "expression_statement" {
            self.order_holds(
                arg,
                base,
                base_is_ptr,
                pointer,
                copied_at,
                c.call,
                target,
                false,
            )?;
        }
        if crate::ast::has_comment(target) {
            return Err(Reason::Chain(short(self.src(), target)));
        }
        let message = format!("{} -> {text}", short(self.src(), target));
        Ok((
            Edit::replace(self.file, target.start_byte(), target.end_byte(), text),
            message,
        ))
    }

    /// Class 7 of the sound-proofs issue. The chain's calls ran in their place among the
    /// statement's other calls; the field access that replaces them reads (or stores
    /// through its operand) at a moment Go leaves open. A getter (`target`) is kept only
    /// when no other call of its statement can write the struct: a local struct value no
    /// call reaches (its address taken only by this chain's own `reflect.ValueOf(&o)`, and
    /// no binding Value standing for it). A setter (`setter` true, `target` its argument)
    /// whose argument calls is kept only when it stores through `&o`, a variable's fixed
    /// address: a pointer operand may be re-pointed by the call, or be nil, which the
    /// original found out before the call ran.
    #[allow(
        clippy::too_many_arguments,
        reason = "the facts chain_fix already derived"
    )]
    fn order_holds(
        &self,
        arg: Node<'t>,
        base: Node<'t>,
        base_is_ptr: bool,
        pointer: bool,
        copied_at: Option<Node<'t>>,
        chain: Node<'t>,
        target: Node<'t>,
        setter: bool,
    ) -> Result<(), Reason> {
        use crate::semantic::order::{evaluation_unit, other_effect, private_local};
        let scopes = &self.ctx.scopes[self.file];
        let (unit, keep) = if setter {
            (target, vec![])
        } else {
            (evaluation_unit(target), vec![target])
        };
        let Some(call) = other_effect(unit, &keep, self.src(), scopes, &self.ctx.index, &|n| {
            self.reads_only(n)
        }) else {
            return Ok(());
        };
        let root = self.pkg.files[self.file].tree.root_node();
        let private = |allowed: &dyn Fn(Node<'_>) -> bool| {
            base.kind() == "identifier"
                && scopes.local(base.start_byte()).is_some_and(|d| {
                    crate::semantic::flow::function_of(target).is_some_and(|f| {
                        private_local(root, self.src(), f, scopes, d, &self.ctx.index, allowed)
                    })
                })
        };
        let holds = if setter {
            // Through a pointer variable the original failed at FieldByName (a nil
            // pointer's Elem is the zero Value) before the argument's calls ran; `p.X = f()`
            // runs them first. Only `&o` cannot be nil.
            base_is_ptr
        } else if base_is_ptr {
            // `&o` in this chain's own ValueOf is the one pointer allowed; a binding's Value
            // is another name for o that a call may be handed.
            copied_at.is_none() && private(&|n| within(n, arg))
        } else {
            !pointer && private(&|_| false)
        };
        if holds {
            return Ok(());
        }
        Err(Reason::EvalOrder(
            short(self.src(), chain),
            short(self.src(), call),
            self.line(call),
        ))
    }

    /// Whether a call is one of reflect's getters (or `reflect.ValueOf`, `reflect.Indirect`)
    /// on a chain that starts at the reflect package or at a local bound to such a chain:
    /// it writes nothing the program can see. Every link is then a method of reflect's
    /// types, never one of the package's.
    fn reads_only(&self, call: Node<'t>) -> bool {
        const READS: &[&str] = &[
            "ValueOf",
            "Indirect",
            "Elem",
            "FieldByName",
            "Field",
            "FieldByIndex",
            "String",
            "Int",
            "Uint",
            "Float",
            "Bool",
            "Bytes",
            "Len",
            "Interface",
            "NumField",
            "Kind",
            "Type",
            "IsNil",
            "IsValid",
            "IsZero",
            "CanSet",
            "CanAddr",
            "CanInterface",
        ];
        let scopes = &self.ctx.scopes[self.file];
        let mut cur = call;
        let mut bound_once = false;
        loop {
            match cur.kind() {
                "call_expression" => {
                    let Some(f) = cur.child_by_field_name("function") else {
                        return false;
                    };
                    if f.kind() != "selector_expression" {
                        return false;
                    }
                    let name = f.child_by_field_name("field").map_or("", |x| self.text(x));
                    if !READS.contains(&name) {
                        return false;
                    }
                    let Some(op) = f.child_by_field_name("operand") else {
                        return false;
                    };
                    cur = op;
                }
                "identifier" => {
                    let Some(d) = scopes.local(cur.start_byte()) else {
                        return self.text(cur) == self.refl;
                    };
                    // A binding `v := <chain>`: follow its chain once.
                    let decl = scopes.decl(d);
                    let root = self.pkg.files[self.file].tree.root_node();
                    let Some(stmt) = root.descendant_for_byte_range(decl.stmt.0, decl.stmt.1)
                    else {
                        return false;
                    };
                    let right = stmt.child_by_field_name("right").map(list_items);
                    match (bound_once, stmt.kind(), right.as_deref()) {
                        (false, "short_var_declaration", Some([r])) => {
                            bound_once = true;
                            cur = *r;
                        }
                        _ => return false,
                    }
                }
                _ => return false,
            }
        }
    }

    /// Whether `name` means something else than the predeclared identifier at `at`.
    fn shadowed(&self, name: &str, at: Node<'_>) -> bool {
        self.ctx.scopes[self.file]
            .lookup(name, at.start_byte())
            .is_some()
            || self.ctx.index.top_level.contains_key(name)
    }

    fn usable(&self, name: &str, at: Node<'_>) -> Result<(), Reason> {
        if name != "interface{}" && self.shadowed(name, at) {
            return Err(Reason::Shadowed(name.to_string()));
        }
        Ok(())
    }

    /// A conversion to the field's type written at `at`: its type name must mean the
    /// same there (not shadowed, not a qualified name the file may not import).
    fn conversion_usable(&self, ty: &str, at: Node<'_>) -> Result<(), Reason> {
        if ty.contains('.') || !ty.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(Reason::Shadowed(ty.to_string()));
        }
        if self.ctx.scopes[self.file]
            .lookup(ty, at.start_byte())
            .is_some()
        {
            return Err(Reason::Shadowed(ty.to_string()));
        }
        Ok(())
    }

    /// Whether an expression is certainly not a constant: a variable, a field or element
    /// of one, or a call of a function of the package.
    fn surely_variable(&self, n: Node<'_>) -> bool {
        let scopes = &self.ctx.scopes[self.file];
        let is_var = |id: Node<'_>| match scopes.local(id.start_byte()) {
            Some(d) => !matches!(
                scopes.decl(d).kind,
                DeclKind::Const | DeclKind::Type | DeclKind::TypeParam
            ),
            None => {
                let name = self.text(id);
                self.ctx.index.top_level.contains_key(name)
                    && !self.ctx.index.consts.contains_key(name)
                    && !self.ctx.index.types.contains_key(name)
                    && !self.ctx.index.funcs.contains_key(name)
            }
        };
        match n.kind() {
            "identifier" => is_var(n),
            "parenthesized_expression" => named_children(n)
                .first()
                .is_some_and(|x| self.surely_variable(*x)),
            "selector_expression" | "index_expression" => n
                .child_by_field_name("operand")
                .is_some_and(|o| self.surely_variable(o)),
            // An operation on a variable is not a constant (`n > 1`, `-n`, `n * 2`).
            "binary_expression" => ["left", "right"].iter().any(|f| {
                n.child_by_field_name(f)
                    .is_some_and(|o| self.surely_variable(o))
            }),
            "unary_expression"
                if n.child_by_field_name("operator")
                    .is_some_and(|o| matches!(o.kind(), "-" | "+" | "!" | "^")) =>
            {
                n.child_by_field_name("operand")
                    .is_some_and(|o| self.surely_variable(o))
            }
            // A conversion of a variable to a predeclared type (`int64(n)`).
            "call_expression"
                if n.child_by_field_name("function").is_some_and(|f| {
                    f.kind() == "identifier"
                        && crate::types::is_predeclared_type(self.text(f))
                        && !self.shadowed(self.text(f), f)
                }) =>
            {
                let args = n
                    .child_by_field_name("arguments")
                    .map(named_children)
                    .unwrap_or_default();
                args.len() == 1 && self.surely_variable(args[0])
            }
            "call_expression" => n.child_by_field_name("function").is_some_and(|f| {
                f.kind() == "identifier"
                    && scopes.local(f.start_byte()).is_none()
                    && self.ctx.index.funcs.contains_key(self.text(f))
            }),
            _ => false,
        }
    }

    /// The dynamic-name rewrite: `tField(&x, name)` or `tField(p, name)`.
    fn dynamic(
        &self,
        c: &Chain<'t>,
        tname: &str,
        base: Node<'t>,
        base_is_ptr: bool,
        pointer: bool,
        name: Node<'t>,
    ) -> Result<(Edit, String), Reason> {
        if c.method != "Interface" || !c.args.is_empty() {
            return Err(Reason::Chain(short(self.src(), c.call)));
        }
        if !self.pkg.allows(18) {
            return Err(Reason::OldGo);
        }
        if let Some(at) = self.pkg.broken_file() {
            return Err(Reason::Accessor(format!(
                "{at} does not parse, so the accessor file cannot be rendered"
            )));
        }
        let target = accessor_file(self.pkg, self.ctx, tname).map_err(Reason::Accessor)?;
        if let Some(f) = self.pkg.files.iter().find(|f| {
            f.path.file_name().is_some_and(|n| n == target) && f.generated != Generated::ByGomapfix
        }) {
            return Err(Reason::Accessor(format!(
                "{} exists and is not gomapfix's",
                f.path.display()
            )));
        }
        let fname = accessor_name(tname);
        if let Some(other) = self
            .ctx
            .index
            .types
            .keys()
            .find(|t| *t != tname && accessor_name(t) == fname)
        {
            return Err(Reason::Accessor(format!(
                "the name {fname} would serve both {tname} and {other}"
            )));
        }
        if declared_by_package(self.pkg).contains(&fname)
            || self.ctx.scopes[self.file]
                .lookup(&fname, c.call.start_byte())
                .is_some()
        {
            return Err(Reason::Accessor(format!("the name {fname} is taken")));
        }
        accessor_cases(self.pkg, self.ctx, tname).map_err(Reason::Accessor)?;
        // The name is read after the operand's address is taken: it must not write it.
        if !matches!(
            name.kind(),
            "identifier" | "selector_expression" | "interpreted_string_literal"
        ) {
            return Err(Reason::Accessor(format!(
                "the name expression `{}` may have effects",
                short(self.src(), name)
            )));
        }
        if !(pointer || base_is_ptr || self.addressable(base)) {
            return Err(Reason::Unaddressable(self.text(base).to_string()));
        }
        // `tField(f(), name)` reads name beside the call, in an order Go leaves open; the
        // original read it after: only a local no call can reach keeps its value.
        if base.kind() == "call_expression" && !self.unreachable_local(name) {
            return Err(Reason::EvalOrder(
                short(self.src(), c.call),
                short(self.src(), base),
                self.line(base),
            ));
        }
        self.usable("any", c.call)?;
        // `reflect.ValueOf(p)` with p a pointer passes p; `reflect.ValueOf(&o)` and a value
        // `reflect.ValueOf(o)` pass `&o`.
        let operand = if pointer {
            self.text(base).to_string()
        } else {
            format!("&{}", self.text(base))
        };
        let text = format!("{fname}({operand}, {})", self.text(name));
        Ok((
            Edit::replace(
                self.file,
                c.call.start_byte(),
                c.call.end_byte(),
                text.clone(),
            ),
            format!("{} -> {text}", short(self.src(), c.call)),
        ))
    }

    /// A constant operand: an integer constant the package's source evaluates, a string
    /// literal, `true` or `false` (not shadowed).
    fn constant_operand(&self, n: Node<'_>) -> bool {
        match n.kind() {
            "interpreted_string_literal" | "raw_string_literal" => true,
            "true" | "false" => !self.shadowed(self.text(n), n),
            _ => self.eval(n).is_some(),
        }
    }

    /// A local variable of the function that no call can reach (see
    /// [`crate::semantic::order::private_local`]).
    fn unreachable_local(&self, n: Node<'t>) -> bool {
        let scopes = &self.ctx.scopes[self.file];
        let root = self.pkg.files[self.file].tree.root_node();
        n.kind() == "identifier"
            && scopes.local(n.start_byte()).is_some_and(|d| {
                crate::semantic::flow::function_of(n).is_some_and(|f| {
                    crate::semantic::order::private_local(
                        root,
                        self.src(),
                        f,
                        scopes,
                        d,
                        &self.ctx.index,
                        &|_| false,
                    )
                })
            })
    }

    /// A variable, or a field of an addressable struct or of a pointer's.
    fn addressable(&self, n: Node<'_>) -> bool {
        match n.kind() {
            "identifier" => self.surely_variable(n),
            "selector_expression" => n.child_by_field_name("operand").is_some_and(|o| {
                self.addressable(o)
                    || self
                        .type_of(self.file, o)
                        .is_some_and(|t| t.starts_with('*'))
            }),
            _ => false,
        }
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

    /// A write to `x` (or through it) after `binding` and before `use_at`, or inside a
    /// function literal anywhere (it may run in between).
    fn written_between(
        &self,
        x: Node<'t>,
        binding: Node<'t>,
        use_at: Node<'t>,
        through: bool,
    ) -> Option<Change<'t>> {
        let scopes = &self.ctx.scopes[self.file];
        let root = self.pkg.files[self.file].tree.root_node();
        let target = if x.kind() == "identifier" {
            scopes.local(x.start_byte())
        } else {
            None
        };
        let Some(d) = target else {
            // Only a local variable's writes can all be seen.
            return Some(Change::Write(x));
        };
        let binding_stmt = crate::ast::enclosing_statement(binding);
        crate::semantic::flow::may_change_between(root, scopes, d, binding_stmt, use_at, &|n| {
            touch(n, self.src(), self.ctx, self.pkg, through)
        })
    }

    /// The static type of an expression, as text, when the package's source says it.
    fn type_of(&self, file: usize, e: Node<'t>) -> Option<String> {
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

fn accessor_name(tname: &str) -> String {
    let mut c = tname.chars();
    let first = c
        .next()
        .map(|f| f.to_lowercase().to_string())
        .unwrap_or_default();
    format!("{first}{}Field", c.as_str())
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
/// `&` of it or of a field or element of it, or a method call that may have a pointer
/// receiver (any package method of that name does, or none is known).
fn touch(n: Node<'_>, src: &str, ctx: &Context, pkg: &Package, through: bool) -> Touch {
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
        return if crate::ast::is_written(n) {
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
                let mut named = ctx
                    .index
                    .methods
                    .iter()
                    .filter(|((_, name), _)| name == m)
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
                let pointer_receiver = named.any(|(_, sig)| {
                    let decl = &pkg.files[sig.decl.file];
                    decl.tree
                        .root_node()
                        .descendant_for_byte_range(sig.decl.start, sig.decl.end)
                        .and_then(|d| {
                            std::iter::once(d)
                                .chain(ancestors(d))
                                .find(|x| x.kind() == "method_declaration")
                        })
                        .and_then(|d| d.child_by_field_name("receiver"))
                        .is_none_or(|r| decl.text[r.byte_range()].contains('*'))
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
        _ if crate::ast::is_written(cur) => Touch::Write,
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

/// The switch cases of a type's accessor: (name, selector path, whether it is exported).
fn accessor_cases(
    pkg: &Package,
    ctx: &Context,
    tname: &str,
) -> Result<Vec<(String, String, bool)>, String> {
    let fields = visible_fields(pkg, ctx, tname).map_err(|e| Reason::from(e).to_string())?;
    let mut ordered: Vec<(usize, String, String, bool)> = Vec::new();
    let direct: Vec<String> = direct_fields(pkg, ctx, tname)
        .ok_or_else(|| format!("{tname} is not a struct of the package"))?
        .into_iter()
        .map(|(f, _)| f.name)
        .collect();
    for (name, f) in fields {
        let Some(f) = f else { continue };
        if f.through_pointer {
            return Err(format!("{name} is promoted through an embedded pointer"));
        }
        let rank = direct.iter().position(|d| *d == name).unwrap_or(usize::MAX);
        ordered.push((
            rank,
            name.clone(),
            f.selector().to_string(),
            name.starts_with(|c: char| c.is_uppercase()),
        ));
    }
    ordered.sort();
    Ok(ordered.into_iter().map(|(_, n, p, e)| (n, p, e)).collect())
}

/// The package-level names the package's own files (not gomapfix's) declare.
fn declared_by_package(pkg: &Package) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for f in pkg
        .files
        .iter()
        .filter(|f| f.generated != Generated::ByGomapfix)
    {
        for top in named_children(f.tree.root_node()) {
            for n in std::iter::once(top).chain(descendants(top)) {
                let is_decl = match n.kind() {
                    "function_declaration" => true,
                    "var_spec" | "const_spec" | "type_spec" | "type_alias" => {
                        n.parent().is_some_and(|p| {
                            ancestors(p).all(|a| {
                                a.kind() != "function_declaration"
                                    && a.kind() != "method_declaration"
                            })
                        })
                    }
                    _ => false,
                };
                if is_decl {
                    for id in field_children(n, "name") {
                        out.insert(f.text[id.byte_range()].to_string());
                    }
                }
            }
        }
    }
    out
}

/// The file a type's accessor goes in: the one compiled with the file declaring the type
/// (a `_test.go` one for a type of a test file). A type of a build-constrained file has
/// none: the accessor would need its constraint.
fn accessor_file(pkg: &Package, ctx: &Context, tname: &str) -> Result<&'static str, String> {
    let decl = ctx
        .index
        .types
        .get(tname)
        .filter(|_| ctx.index.unique(tname))
        .ok_or_else(|| format!("{tname} is not declared once by the package"))?;
    let f = &pkg.files[decl.spec.file];
    if crate::semantic::build::constrained(&f.path, &f.text) {
        return Err(format!(
            "{tname} is declared in {}, compiled only under a build constraint",
            f.path.file_name().unwrap_or_default().to_string_lossy()
        ));
    }
    Ok(if crate::semantic::build::is_test(&f.path) {
        TEST_ACCESSORS
    } else {
        ACCESSORS
    })
}

/// The accessors file `name`: one accessor per type whose accessor the package calls and
/// that goes in that file.
fn render_accessors(pkg: &Package, ctx: &Context, name: &str) -> Option<String> {
    let file_name = name;
    let mut needed: Vec<String> = Vec::new();
    let own = std::cell::OnceCell::new();
    for (fi, f) in pkg
        .files
        .iter()
        .enumerate()
        // An accessor's name ends in `Field`: a file without the word calls none.
        .filter(|(_, f)| f.generated != Generated::ByGomapfix && f.text.contains("Field"))
    {
        for n in descendants(f.tree.root_node()) {
            if n.kind() != "call_expression" {
                continue;
            }
            let Some(func) = n
                .child_by_field_name("function")
                .filter(|x| x.kind() == "identifier")
            else {
                continue;
            };
            let name = &f.text[func.byte_range()];
            if !name.ends_with("Field")
                || ctx.scopes[fi].local(func.start_byte()).is_some()
                || own.get_or_init(|| declared_by_package(pkg)).contains(name)
            {
                continue;
            }
            // The one type of that accessor name (two, `User` and `user`, get none).
            let mut owners = ctx.index.types.keys().filter(|t| accessor_name(t) == name);
            let owner = match (owners.next(), owners.next()) {
                (Some(t), None) if struct_spec(pkg, ctx, t).is_some() => Some(t),
                _ => None,
            };
            if let Some(t) = owner.filter(|t| {
                !needed.contains(t) && accessor_file(pkg, ctx, t).is_ok_and(|f| f == file_name)
            }) {
                needed.push(t.clone());
            }
        }
    }
    if needed.is_empty() {
        return None;
    }
    needed.sort();
    let any = if pkg.allows(18) { "any" } else { "interface{}" };
    let mut out = format!(
        "{}\n\npackage {}\n\nimport \"reflect\"\n",
        crate::source::OWN_GENERATED_HEADER,
        pkg.name
    );
    for t in needed {
        let cases = accessor_cases(pkg, ctx, &t).ok()?;
        let f = accessor_name(&t);
        out.push_str(&format!(
            "\n// {f} returns the field of x named name, as\n// reflect.ValueOf(x).Elem().FieldByName(name).Interface() would, and panics\n// where that panics, with the same value.\nfunc {f}(x *{t}, name string) {any} {{\n\tif x == nil {{\n\t\tpanic(&reflect.ValueError{{Method: \"reflect.Value.FieldByName\", Kind: reflect.Invalid}})\n\t}}\n\tswitch name {{\n"
        ));
        for (name, path, exported) in cases {
            if exported {
                out.push_str(&format!("\tcase \"{name}\":\n\t\treturn x.{path}\n"));
            } else {
                out.push_str(&format!(
                    "\tcase \"{name}\":\n\t\tpanic(\"{UNEXPORTED_PANIC}\")\n"
                ));
            }
        }
        out.push_str("\t}\n\tpanic(&reflect.ValueError{Method: \"reflect.Value.Interface\", Kind: reflect.Invalid})\n}\n");
    }
    Some(out)
}
