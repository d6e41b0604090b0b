//! reflect-field rewrite: a chain into a field access or a store, a binding's uses one by
//! one, a dynamic name into the generated accessor's call.

use super::*;

impl<'a, 't> Analysis<'a, 't> {
    /// Every use of `v` rewritten, and the binding deleted; all or nothing. `None` when no
    /// use selects a field by name or index (`v.Kind()`, `v.Len()`, `v.Index(i)`...): no
    /// site, nothing to report. A binding whose uses cannot all be seen is one.
    pub(super) fn binding_fix(
        &self,
        value_of: Node<'t>,
        arg: Node<'t>,
        v: DeclId,
        deref: bool,
    ) -> Result<Option<(Vec<Edit>, String)>, Reason> {
        let scopes = &self.ctx.scopes[self.file];
        let root = self.pkg.files[self.file].tree().root_node();
        if scopes.opaque(v) {
            return Err(Reason::Chain(short(self.src(), value_of)));
        }
        // Each use's chain, read once: it decides whether this is a site and is rewritten.
        let uses: Vec<(Node<'t>, Result<Option<Chain<'t>>, Reason>)> = scopes
            .uses_of(v)
            .into_iter()
            .filter_map(|s| root.descendant_for_byte_range(s, s + scopes.decl(v).name.len()))
            .map(|u| {
                let chain = if crate::syntax::ast::is_written(u) {
                    Ok(None)
                } else {
                    self.chain(u, deref)
                };
                (u, chain)
            })
            .collect();
        let selects_a_field = uses.iter().any(|(_, c)| {
            matches!(c, Ok(Some(_))) || matches!(c, Err(r) if !matches!(r, Reason::Chain(_)))
        });
        if !selects_a_field {
            return Ok(None);
        }
        let form = crate::syntax::ast::ancestors(value_of)
            .find(|a| a.kind() == "short_var_declaration")
            .and_then(|d| d.parent())
            .map(|p| p.kind());
        match form {
            Some("statement_list") => {}
            Some("labeled_statement") => {
                return Err(Reason::BindingForm(
                    scopes.decl(v).name.clone(),
                    "under a label",
                ));
            }
            _ => {
                return Err(Reason::BindingForm(
                    scopes.decl(v).name.clone(),
                    "in an if, for or switch header",
                ));
            }
        }
        let mut edits = Vec::new();
        let mut messages = Vec::new();
        let name = scopes.decl(v).name.clone();
        // The first reason a use is not rewritten; one about the chain itself is more
        // telling than "used otherwise", wherever it comes.
        let mut failed: Option<Reason> = None;
        for (u, chain) in uses {
            let other = || Reason::BindingUse(name.clone(), self.line(u));
            let result = match chain {
                Ok(Some(c)) => self.chain_fix(arg, &c, Some(value_of)),
                Ok(None) | Err(Reason::Chain(_)) => Err(other()),
                Err(r) => Err(r),
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
                LineRef::of(self.ctx, self.file, w[1].start),
            ));
        }
        let stmt = crate::syntax::ast::enclosing_statement(value_of);
        let del = crate::fix::edit::delete_lines(
            self.file,
            self.src(),
            stmt.start_byte(),
            stmt.end_byte(),
        )
        .ok_or_else(|| Reason::Chain(short(self.src(), stmt)))?;
        edits.push(del);
        Ok(Some((
            edits,
            format!(
                "{} (through `{}`, whose binding goes)",
                messages.join("; "),
                scopes.decl(v).name
            ),
        )))
    }

    /// The rewrite of one chain over `arg`. `copied_at`: the binding whose copy of a value
    /// must not be outdated by a write before the use.
    pub(super) fn chain_fix(
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
        let pointer = ty.pointee().is_some();
        let inner = ty.pointee().unwrap_or(&ty);
        let Some(tname) = inner
            .own_name()
            .filter(|t| self.struct_spec(t).is_some())
            .map(str::to_string)
        else {
            let spelled = ty.spelled(self.pkg, self.ctx, self.file);
            return Err(match inner.underlying(self.pkg, self.ctx) {
                Some(Ty::Interface(_)) => Reason::Interface(self.text(base).to_string(), spelled),
                Some(Ty::Basic(b)) if matches!(b.as_str(), "any" | "error") => {
                    Reason::Interface(self.text(base).to_string(), spelled)
                }
                _ => Reason::NotStruct(spelled),
            });
        };
        if !GETTERS.contains(&c.method.as_str()) && !SETTERS.contains(&c.method.as_str()) {
            return Err(Reason::Chain(short(self.src(), c.call)));
        }
        // `reflect.ValueOf(&p).Elem()` with p a pointer: the Value is still a pointer, on
        // which FieldByName panics in the original.
        if pointer && base_is_ptr {
            return Err(Reason::PointerToPointer(
                self.text(arg).to_string(),
                ty.spelled(self.pkg, self.ctx, self.file),
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
        let kind = self.kind(&field);
        let resolved = field.resolved(self.pkg, self.ctx);
        // Of a defined (or unresolved) type: a getter's native value converts to it.
        let named = !match &resolved {
            Some(Ty::Basic(n)) => crate::semantic::index::is_predeclared_type(n),
            Some(Ty::Slice(e)) => matches!(&**e, Ty::Basic(b) if b == "byte" || b == "uint8"),
            _ => false,
        };
        let mismatch = || {
            Reason::Mismatch(
                field.name.clone(),
                field.ty.clone(),
                format!("{}()", c.method),
            )
        };
        if kind.is_none() && c.method != "Interface" {
            let why = resolved
                .as_ref()
                .and_then(|t| t.why_unknown(self.pkg, self.ctx))
                .unwrap_or_else(|| {
                    "a dot import, a type declared twice under build constraints, a generic type"
                        .into()
                });
            return Err(Reason::KindUnknown(
                field.name.clone(),
                field.ty.clone(),
                why,
            ));
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
                    || matches!(self.field_underlying(&field), Some(Ty::Struct(_)));
                match c
                    .call
                    .parent()
                    .filter(|p| p.kind() == "type_assertion_expression")
                {
                    Some(ta)
                        if concrete
                            && !comma_ok(ta)
                            && ta.child_by_field_name("type").is_some_and(|t| {
                                self.text(t) == field.ty
                                    && resolved.is_some()
                                    && crate::semantic::ty::of(self.pkg, self.ctx, self.file, t)
                                        == resolved
                            }) =>
                    {
                        (ta, access.clone())
                    }
                    _ => {
                        // Written into the site's file: its version.
                        let any = if self.pkg.file_allows(self.file, 18) {
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
                    let fits = |k: i128, bits: u32| {
                        matches!(
                            self.field_underlying(&field),
                            Some(Ty::Basic(u)) if representable(k, &u, bits)
                        )
                    };
                    match self.eval(*value) {
                        Some(k) if want != Kind::Float && !fits(k, 64) => {
                            return Err(Reason::Unrepresentable(v.to_string(), field.ty.clone()));
                        }
                        // The package may be built for 386 or arm, where the original
                        // compiles and truncates.
                        Some(k) if want != Kind::Float && !fits(k, 32) => {
                            return Err(Reason::Unrepresentable32(v.to_string(), field.ty.clone()));
                        }
                        Some(_) if want != Kind::Float => {}
                        _ if self.surely_variable(*value) => {}
                        _ => return Err(Reason::MaybeConstant(v.to_string(), field.ty.clone())),
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
        if crate::syntax::ast::has_comment(target) {
            return Err(Reason::Chain(short(self.src(), target)));
        }
        let message = format!("{} -> {text}", short(self.src(), target));
        Ok((
            Edit::replace(self.file, target.start_byte(), target.end_byte(), text),
            message,
        ))
    }

    /// The dynamic-name rewrite: `tField(&x, name)` or `tField(p, name)`.
    pub(super) fn dynamic(
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
        if let Some(at) = self.pkg.broken_file() {
            return Err(Reason::Accessor(format!(
                "{at} does not parse, so the accessor file cannot be rendered"
            )));
        }
        let target = accessor_file(self.pkg, self.ctx, tname).map_err(Reason::Accessor)?;
        if let Some(f) = crate::transforms::generated_file_taken(self.pkg, target) {
            return Err(Reason::Accessor(format!(
                "{f} exists and is not gomapfix's"
            )));
        }
        // The accessors file imports reflect and uses these as Go's own: a package-level
        // declaration of one would clash with the import or change what it means. Below
        // go1.18 its accessors return interface{}, and `any` is just a name.
        let own = declared_by_package(self.pkg);
        let any = self.pkg.allows(18).then_some("any");
        if let Some(n) = ["reflect", "panic", "string", "nil"]
            .into_iter()
            .chain(any)
            .find(|n| own.contains(*n))
        {
            return Err(Reason::Accessor(format!(
                "the package declares {n}, which the accessors file uses as the reflect import or Go's own"
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
        if crate::transforms::package_scope_names(self.pkg).contains(&fname)
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
        if self.pkg.allows(18) {
            self.usable("any", c.call)?;
        }
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
}

pub(super) fn wrap(native: &str, ty: &str, access: &str) -> String {
    if ty == native {
        access.to_string()
    } else {
        format!("{native}({access})")
    }
}
