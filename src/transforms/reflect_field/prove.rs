//! reflect-field proofs: that the copy `reflect.ValueOf(x)` made is still what x holds
//! where it is read, that the field access keeps the order of the statement's calls, and
//! that a setter's value and conversion mean what `Set*` did.

use super::*;

impl<'a, 't> Analysis<'a, 't> {
    /// Why a variable may change between a binding and a use, as a clause.
    pub(super) fn why(&self, c: Change<'t>) -> String {
        let l = self.line(c.node());
        match c {
            Change::Write(_) => format!("line {l} can write it"),
            Change::Alias(_) => format!(
                "line {l} takes its address (or calls a method that may), so it can be written through that pointer at any time"
            ),
            Change::LaterRun(_) => format!(
                "the use at line {l} is in a function literal, which may run after a later write"
            ),
            Change::Unknown(_) => {
                format!(
                    "the control flow of the function at line {l} is not understood, so the order of the binding and the use is unknowable"
                )
            }
            Change::Misparsed(_) => format!(
                "its use at line {l} is an index expression the parser reads as a generic instantiation, which cannot be followed"
            ),
        }
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
    pub(super) fn order_holds(
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
        use crate::semantic::order::Statement;
        let (stmt, keep) = if setter {
            (
                Statement::unit(self.pkg, self.ctx, self.file, target),
                vec![],
            )
        } else {
            (
                Statement::of(self.pkg, self.ctx, self.file, target),
                vec![target],
            )
        };
        let Some(call) = stmt.other_call(&keep, &|n| self.reads_only(n)) else {
            return Ok(());
        };
        let private = |allowed: &dyn Fn(Node<'_>) -> bool| {
            base.kind() == "identifier"
                && self.ctx.scopes[self.file]
                    .local(base.start_byte())
                    .is_some_and(|d| stmt.private(d, allowed))
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
    pub(super) fn reads_only(&self, call: Node<'t>) -> bool {
        // Besides the getters a chain may end in.
        const READS: &[&str] = &[
            "ValueOf",
            "Indirect",
            "Elem",
            "FieldByName",
            "Field",
            "FieldByIndex",
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
                    if !READS.contains(&name) && !GETTERS.contains(&name) {
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
                    let root = self.pkg.files[self.file].tree().root_node();
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
    pub(super) fn shadowed(&self, name: &str, at: Node<'_>) -> bool {
        self.ctx.scopes[self.file]
            .lookup(name, at.start_byte())
            .is_some()
            || self.ctx.index.top_level.contains_key(name)
    }

    pub(super) fn usable(&self, name: &str, at: Node<'_>) -> Result<(), Reason> {
        if name != "interface{}" && self.shadowed(name, at) {
            return Err(Reason::Shadowed(name.to_string()));
        }
        Ok(())
    }

    /// A conversion to the field's type written at `at`: its type name must mean the
    /// same there (not shadowed, not a qualified name the file may not import).
    pub(super) fn conversion_usable(&self, ty: &str, at: Node<'_>) -> Result<(), Reason> {
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
    pub(super) fn surely_variable(&self, n: Node<'_>) -> bool {
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
            // An operation on a variable is not a constant (`n > 1`, `-n`, `n * 2`). A shift
            // is one only through its left operand: in `1 << n` the untyped 1 takes its type
            // from the context, int64 in `SetInt(1 << n)` and the field's in `F(1 << n)`,
            // where `256 >> n` into an int8 field would not compile.
            "binary_expression" => {
                let shift = n
                    .child_by_field_name("operator")
                    .is_some_and(|o| matches!(o.kind(), "<<" | ">>"));
                let sides: &[&str] = if shift { &["left"] } else { &["left", "right"] };
                sides.iter().any(|f| {
                    n.child_by_field_name(f)
                        .is_some_and(|o| self.surely_variable(o))
                })
            }
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
                        && crate::semantic::index::is_predeclared_type(self.text(f))
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

    /// A constant operand: an integer constant the package's source evaluates, a string
    /// literal, `true` or `false` (not shadowed).
    pub(super) fn constant_operand(&self, n: Node<'_>) -> bool {
        match n.kind() {
            "interpreted_string_literal" | "raw_string_literal" => true,
            "true" | "false" => !self.shadowed(self.text(n), n),
            _ => self.eval(n).is_some(),
        }
    }

    /// A local variable of the function that no call can reach (see
    /// [`crate::semantic::order::Statement::private`]).
    pub(super) fn unreachable_local(&self, n: Node<'t>) -> bool {
        let stmt = crate::semantic::order::Statement::of(self.pkg, self.ctx, self.file, n);
        n.kind() == "identifier"
            && self.ctx.scopes[self.file]
                .local(n.start_byte())
                .is_some_and(|d| stmt.private(d, &|_| false))
    }

    /// A variable, or a field of an addressable struct or of a pointer's.
    pub(super) fn addressable(&self, n: Node<'_>) -> bool {
        match n.kind() {
            "identifier" => self.surely_variable(n),
            "selector_expression" => n.child_by_field_name("operand").is_some_and(|o| {
                self.addressable(o)
                    || self
                        .type_of(self.file, o)
                        .is_some_and(|t| t.pointee().is_some())
            }),
            _ => false,
        }
    }

    /// A write to `x` (or through it) after `binding` and before `use_at`, or inside a
    /// function literal anywhere (it may run in between).
    pub(super) fn written_between(
        &self,
        x: Node<'t>,
        binding: Node<'t>,
        use_at: Node<'t>,
        through: bool,
    ) -> Option<Change<'t>> {
        let scopes = &self.ctx.scopes[self.file];
        let target = if x.kind() == "identifier" {
            scopes.local(x.start_byte())
        } else {
            None
        };
        let Some(d) = target else {
            // Only a local variable's writes can all be seen.
            return Some(Change::Write(x));
        };
        let binding_stmt = crate::syntax::ast::enclosing_statement(binding);
        crate::semantic::flow::may_change_between(
            &self.graphs,
            self.src(),
            scopes,
            d,
            binding_stmt,
            use_at,
            &|n| touch(n, self.file, self.src(), self.ctx, self.pkg, through),
        )
    }
}

/// Whether this use of a variable writes it (or through it): an assignment, `++`/`--` or
/// `&` of it or of a field or element of it, or a method that takes its address: by the
/// method set of its type when that is one of the package's (a pointer receiver reached
/// through embedded values), else any package method of that name with a pointer
/// receiver, or a call of a method gomapfix cannot see.
pub(super) fn touch(
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
                let named_type = ty.as_ref().and_then(|t| t.own_name());
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
