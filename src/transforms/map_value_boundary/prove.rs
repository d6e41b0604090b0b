//! map-value-boundary's proofs: evaluation order kept (the map and the key against the
//! statement's other calls), no lock copied, a map read Go does not evaluate, a comma-ok
//! result that may take the slab's bool, a name the slab may take.

use super::*;
use crate::semantic::ty::Ty;

impl<'a, 't> Analysis<'a, 't> {
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
    pub(super) fn order_holds(
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
    pub(super) fn no_lock_inside(&self) -> Result<(), Reason> {
        // Another package's lock held by value (sync.Mutex, atomic.Int64's noCopy), read
        // from its source: vet's copylocks sees those too.
        if let Some(crate::semantic::ty::Ty::Map(_, v)) = &self.t.ty.resolved
            && let Some(world) = self.ctx.world()
            && let Some(lock) = foreign_lock(
                &world,
                v,
                &|t| match t {
                    crate::semantic::ty::Ty::Local { .. } => t.local_declared(self.pkg, self.ctx),
                    _ => t.underlying(self.pkg, self.ctx),
                },
                0,
            )
        {
            return Err(Reason::HoldsLock(self.t.ty.val.clone(), lock));
        }
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
    pub(super) fn private(&self, file: usize, d: crate::semantic::scope::DeclId) -> bool {
        let root = self.pkg.files[file].tree().root_node();
        crate::semantic::order::Statement::unit(self.pkg, self.ctx, file, root)
            .private(d, &|_| false)
    }

    /// A key no call of its statement can change and whose evaluation cannot panic, of a
    /// key type whose hashing cannot panic: a constant or literal, a local no call can
    /// write (see [`Analysis::private`]), and `+ - * & | ^ &^`, ordered comparisons, `&&
    /// ||` and unary `+ - ^ !` of those (not `/`, `%` or shifts, which may panic, nor `==`
    /// and `!=`, which panic on an uncomparable dynamic type).
    pub(super) fn stable_key(&self, file: usize, key: Node<'t>) -> bool {
        if !self.key_hash_cannot_panic() {
            return false;
        }
        self.stable(file, key)
    }

    /// A key that is itself a call of one of the package's functions, `m[f(x)] = g()`:
    /// Go evaluates it in call order with the statement's other calls, before and after
    /// the rewrite alike (`x` is read just before `f` runs in both). A call of another
    /// package's name may be a conversion, which gc evaluates with the key's operands.
    pub(super) fn called_key(&self, file: usize, key: Node<'t>) -> bool {
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

    pub(super) fn stable(&self, file: usize, e: Node<'t>) -> bool {
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
    pub(super) fn key_hash_cannot_panic(&self) -> bool {
        let Some(Ty::Map(k, _)) = &self.t.ty.resolved else {
            return false;
        };
        // A predeclared name resolves to the package's type when the package declares it.
        matches!(
            k.underlying(self.pkg, self.ctx),
            Some(Ty::Pointer(_) | Ty::Chan(..))
        ) || matches!(
            k.underlying(self.pkg, self.ctx),
            Some(Ty::Basic(n)) if crate::semantic::index::is_predeclared_type(&n)
        )
    }

    /// A call of a slab method on another rewritten map: `b.At(k)`, `b.Lookup(k)`... on a
    /// `*slabMap` (a local made by `newSlabMap`, or anything declared with the slab's type).
    pub(super) fn slab_method_call(&self, file: usize, call: Node<'t>) -> bool {
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
        let slab = names.ty();
        if crate::semantic::selectors::static_type(self.pkg, self.ctx, file, recv).is_some_and(
            |t| {
                matches!(t.pointee(), Some(Ty::Named { pkg: None, name, args })
                    if *name == slab && !args.is_empty())
            },
        ) {
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
                        && (spec.child_by_field_name("type").is_some_and(|t| {
                            text[t.byte_range()].starts_with(&format!("*{slab}["))
                        }) || made(spec.child_by_field_name("value"), text))
                })
            })
    }

    /// Where Go does not evaluate `m[k]`, and so would not evaluate `*m.At(k)`'s call: in
    /// `len` or `cap` of an array (`len(m[k])` is a constant), in `unsafe.Sizeof`,
    /// `Alignof` or `Offsetof`, and as the range expression of a `for` with at most one
    /// iteration variable (an array's length is constant, and the spec then does not
    /// evaluate the range expression).
    pub(super) fn not_evaluated(&self, file: usize, ix: Node<'t>) -> Option<Reason> {
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
    pub(super) fn ok_is_bool(&self, file: usize, ix: Node<'t>) -> Result<(), Reason> {
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
        if ty.is_some_and(|t| t.is_basic("bool")) && !self.ctx.index.top_level.contains_key("bool")
        {
            return Ok(());
        }
        Err(Reason::UntypedResult(
            short(src, stmt),
            self.line(file, stmt.start_byte()),
        ))
    }

    /// The slab's name does not resolve to a local where the rewrite writes it.
    pub(super) fn name_free(&self, file: usize, at: Node<'t>, name: &str) -> Result<(), Reason> {
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
}

/// The first type of another package with `Lock` and `Unlock` methods that a value of type
/// `t` holds by value (through fields, arrays and other packages' declarations).
fn foreign_lock(
    world: &std::sync::Arc<crate::semantic::imported::World>,
    t: &crate::semantic::ty::Ty,
    local: &dyn Fn(&crate::semantic::ty::Ty) -> Option<crate::semantic::ty::Ty>,
    depth: u32,
) -> Option<String> {
    use crate::semantic::ty::Ty;
    if depth > 16 {
        return None;
    }
    match t {
        Ty::Named {
            pkg: Some(path),
            name,
            ..
        } => {
            let imp = world.package(path)?;
            let has = |m: &str| {
                imp.ctx
                    .index
                    .methods
                    .contains_key(&(name.clone(), m.to_string()))
            };
            if has("Lock") && has("Unlock") {
                return Some(format!("{path}.{name}"));
            }
            foreign_lock(world, &imp.declared(name)?, local, depth + 1)
        }
        Ty::Named { pkg: None, .. } | Ty::Local { .. } => {
            foreign_lock(world, &local(t)?, local, depth + 1)
        }
        Ty::Array(_, e) => foreign_lock(world, e, local, depth + 1),
        Ty::Struct(fields) => fields
            .iter()
            .find_map(|f| foreign_lock(world, &f.ty, local, depth + 1)),
        _ => None,
    }
}
