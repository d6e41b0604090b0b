//! Whether a whole value of the owner struct can reach code that sees the field's type.

use super::*;
use crate::semantic::ty::Ty;

/// Where `t` is first spelled as a word in `text` (see [`mentions`]).
fn first_mention(text: &str, t: &str) -> Option<usize> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(t).map(|(i, _)| i).find(|&i| {
        !text[..i].ends_with(word)
            && !text[i + t.len()..].starts_with(word)
            && !text[..i].ends_with('.')
    })
}

impl<'a, 't, S: Shape> Retyped<'a, 't, S> {
    /// Class 8 of the sound-proofs issue: a field's type is seen by whatever gets the whole
    /// struct: `fmt` prints a map as `map[...]` and a slice as `[...]`, reflection and
    /// encoders walk the fields, an interface value can reach any of them. The field is
    /// kept only when no value that may hold the owner struct (the struct, a pointer to it,
    /// a slice, map, array or struct of them) is an argument of a call outside the package
    /// (or of a function value, a builtin such as `panic`, a conversion to an interface),
    /// or of one of the package's functions at a parameter of interface type.
    ///
    /// A declaration through which another package can get such a value (see
    /// `exported_route`) is no skip: it is returned, what the fix's unsafety rests on.
    /// (what, and where: `line 12`, or `export_test.go, line 3` in another file).
    pub(crate) fn no_whole_value_use(&self) -> Result<Option<(String, String)>, Why> {
        let owner = self.t.owner.as_deref().unwrap_or_default();
        let holders = self.holder_types(owner);
        // The generated slab is generic code over its V: it holds no owner of its own.
        let slab = |f: &crate::syntax::package::PkgFile| {
            f.generated == crate::syntax::source::Generated::ByGomapfix
                && f.path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("gomapfix_slab"))
        };
        for (fi, f) in self.pkg.files.iter().enumerate().filter(|(_, f)| !slab(f)) {
            for n in descendants(f.tree().root_node()) {
                if self.boxes_owner(fi, n, &holders) {
                    return Err(Why::WholeValue(
                        owner.to_string(),
                        short(&f.text, n),
                        self.line(fi, n.start_byte()),
                    ));
                }
            }
        }
        // `(*view)(unsafe.Pointer(&m))` reads memory of one type as another: a file that
        // imports unsafe and names a holder may do so, and would read a pointer where the
        // map was.
        for (fi, f) in self.pkg.files.iter().enumerate().filter(|(_, f)| !slab(f)) {
            let unsafe_imported = crate::fix::imports::all_imports(f.tree(), &f.text)
                .iter()
                .any(|(path, _)| path == "unsafe");
            if !unsafe_imported {
                continue;
            }
            // The layout questions (`unsafe.Offsetof(newBoard().n)`) need not name the
            // struct: a field after the retyped one moves when its size changes. Any of them
            // in the file is taken for a question about the owner.
            let layout = ["Offsetof(", "Sizeof(", "Alignof("]
                .iter()
                .filter_map(|q| f.text.find(q))
                .min();
            if layout.is_some() || holders.iter().any(|h| first_mention(&f.text, h).is_some()) {
                // Named at its first layout question or conversion through unsafe.Pointer,
                // or its import.
                let at = layout
                    .or_else(|| f.text.find("unsafe.Pointer("))
                    .or_else(|| f.text.find("\"unsafe\""))
                    .unwrap_or(0);
                let node = f
                    .tree()
                    .root_node()
                    .descendant_for_byte_range(at, at)
                    .and_then(|n| {
                        std::iter::once(n)
                            .chain(ancestors(n))
                            .find(|a| matches!(a.kind(), "call_expression" | "import_spec"))
                    })
                    .unwrap_or(f.tree().root_node());
                return Err(Why::WholeValue(
                    owner.to_string(),
                    short(&f.text, node),
                    self.line(fi, node.start_byte()),
                ));
            }
        }
        Ok(self.exported_route(&holders).map(|(at, what)| {
            let line = self.line(at.file, at.start);
            let place = if at.file == self.t.file {
                format!("line {line}")
            } else {
                let p = &self.pkg.files[at.file].path;
                format!(
                    "{}, line {line}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            };
            (what, place)
        }))
    }

    /// A declaration through which another package can get a value that may hold the
    /// owner, though the owner's type is unexported: an exported function, or an exported
    /// method of an exported type, with a parameter or result of a holder type, or of a
    /// type whose exported methods give one; an exported variable of one (declared so, or
    /// made by a literal or a function that gives one); an exported type that holds it
    /// (embedding it, or a field of it). That package can
    /// print or compare the value (`fmt`, `reflect.DeepEqual`) and would see the new type.
    /// Test files count: an `export_test.go` exports to the external test package.
    fn exported_route(&self, holders: &[String]) -> Option<(crate::semantic::index::Loc, String)> {
        let ix = &self.ctx.index;
        let exported = |n: &str| n.starts_with(|c: char| c.is_uppercase());
        let text_of =
            |l: &crate::semantic::index::Loc| &self.pkg.files[l.file].text[l.start..l.end];
        // The types a value of which can lead to a holder in another package's hands:
        // the holders, the types that hold one of these, and the types with an exported
        // method (callable through a value another package got) whose parameters or
        // results name one of these (`func (t) Make() st`).
        let mut exported_methods: std::collections::HashMap<&str, Vec<&str>> = Default::default();
        for ((recv, m), sig) in &ix.methods {
            if exported(m) {
                exported_methods.entry(recv.as_str()).or_default().extend(
                    sig.params
                        .iter()
                        .chain(&sig.results)
                        .map(|p| text_of(&p.ty)),
                );
            }
        }
        let mut carriers: Vec<String> = holders.to_vec();
        loop {
            let before = carriers.len();
            for (name, decl) in &ix.types {
                if carriers.contains(name) {
                    continue;
                }
                let spec = text_of(&decl.spec);
                let via_method = exported_methods
                    .get(name.as_str())
                    .is_some_and(|tys| tys.iter().any(|t| carriers.iter().any(|c| mentions(t, c))));
                if via_method || carriers.iter().any(|c| mentions(spec, c)) {
                    carriers.push(name.clone());
                }
            }
            if carriers.len() == before {
                break;
            }
        }
        let holders = &carriers[..];
        let holds = |t: &str| holders.iter().any(|h| mentions(t, h));
        let gives = |sig: &crate::semantic::index::Signature| {
            sig.results.iter().any(|r| holds(text_of(&r.ty)))
        };
        let sig_holds = |sig: &crate::semantic::index::Signature| {
            gives(sig) || sig.params.iter().any(|p| holds(text_of(&p.ty)))
        };
        let mut routes: Vec<(crate::semantic::index::Loc, String)> = Vec::new();
        for (name, sig) in &ix.funcs {
            if exported(name) && sig_holds(sig) {
                routes.push((sig.decl, format!("func {name}")));
            }
        }
        for ((recv, name), sig) in &ix.methods {
            if exported(name) && exported(recv) && sig_holds(sig) {
                routes.push((sig.decl, format!("func ({recv}) {name}")));
            }
        }
        let makers: Vec<&String> = ix
            .funcs
            .iter()
            .filter(|(_, sig)| gives(sig))
            .map(|(n, _)| n)
            .collect();
        let method_makers: Vec<&String> = ix
            .methods
            .iter()
            .filter(|(_, sig)| gives(sig))
            .map(|((_, n), _)| n)
            .collect();
        for (name, (loc, _)) in &ix.vars {
            let spec = text_of(loc);
            if !exported(name) {
                continue;
            }
            // What the values give, by their static types where the source tells them
            // (`var G = &g` of a package variable `g` holding one); otherwise by what they
            // spell: a holder, a function that gives one, another package variable.
            let values = loc
                .node(self.pkg, "var_spec")
                .and_then(|spec| spec.child_by_field_name("value"))
                .map(list_items)
                .unwrap_or_default();
            let value_holds =
                values.iter().any(|v| {
                    match crate::semantic::selectors::static_type(self.pkg, self.ctx, loc.file, *v)
                    {
                        Some(t) => t.may_mention(self.pkg, self.ctx, holders),
                        None => {
                            let text = &self.pkg.files[loc.file].text[v.byte_range()];
                            ix.vars
                                .keys()
                                .any(|other| other != name && mentions(text, other))
                        }
                    }
                });
            if holds(spec)
                || value_holds
                || makers.iter().any(|m| mentions(spec, m))
                || method_makers
                    .iter()
                    .any(|m| spec.contains(&format!(".{m}(")))
            {
                routes.push((*loc, format!("var {name}")));
            }
        }
        for (name, decl) in &ix.types {
            if exported(name) && holders.contains(name) {
                routes.push((decl.spec, format!("type {name}")));
            }
        }
        routes.into_iter().min()
    }

    /// Whether `n` hands a value that may hold one of `holders` to code that can look at
    /// it whole: an argument of a call that observes it, or a conversion to an interface
    /// (an element of a literal, an assignment, a return or a send of an interface type),
    /// after which any code the interface value reaches can.
    pub(crate) fn boxes_owner(&self, file: usize, n: Node<'t>, holders: &[String]) -> bool {
        let src = self.src(file);
        let may = |e: Node<'t>| self.may_hold(file, e, holders, 0);
        let ty_boxes = |e: Node<'t>| {
            crate::semantic::selectors::static_type(self.pkg, self.ctx, file, e)
                .is_none_or(|t| self.boxes_ty(&t))
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
                // `zero[store]`: an instantiation, see above.
                (holders.iter().any(|h| h == t)
                    && self.ctx.scopes[file].local(i.start_byte()).is_none())
                    // `mm[a]` of a map with interface keys boxes a as its key (hashing
                    // it: a struct holding a map panics as unhashable, one holding a
                    // pointer does not). Any map indexed by such a value may be one.
                    || (may(i)
                        && n.child_by_field_name("operand").is_none_or(ty_boxes))
            }),
            "call_expression" => crate::syntax::ast::call_parts(n).is_some_and(|(callee, args)| {
                // `append(xs, v)` boxes v when xs is a slice of an interface type (or of a
                // type the source does not tell).
                // `delete(mm, v)` hashes v as a key of mm, boxed where mm's keys are
                // interfaces.
                let name = &src[callee.byte_range()];
                let append = callee.kind() == "identifier"
                    && matches!(name, "append" | "delete")
                    && super::builtin(self.ctx, file, callee, name);
                args.iter().enumerate().any(|(k, a)| {
                    let observed = if append && k > 0 {
                        args.first().is_some_and(|xs| ty_boxes(*xs))
                    } else {
                        self.observes(file, callee, k)
                    };
                    observed && may(*a)
                })
            }),
            "composite_literal" => {
                let Some(ty) = n.child_by_field_name("type") else {
                    return false;
                };
                let Some(body) = n.child_by_field_name("body") else {
                    return false;
                };
                let ty_text = &src[ty.byte_range()];
                // A literal of one of the package's structs boxes what goes into a field of
                // an interface type (`box{v: s}` with `v any`), by name or position.
                let fields = crate::semantic::selectors::direct_fields(self.pkg, self.ctx, ty_text);
                let unwrap = |v: Node<'t>| named_children(v).first().copied().unwrap_or(v);
                named_children(body).into_iter().enumerate().any(|(i, el)| {
                    let (key, v) = match el.kind() {
                        "keyed_element" => (
                            named_children(el).first().copied().map(unwrap),
                            named_children(el).last().copied(),
                        ),
                        _ => (None, Some(el)),
                    };
                    // A map literal's key is boxed as its values are.
                    if fields.is_none() && self.boxes_node(file, ty) && key.is_some_and(may) {
                        return true;
                    }
                    let boxed = match &fields {
                        Some(fields) => {
                            let field = match key {
                                Some(k) => {
                                    let k = &src[k.byte_range()];
                                    fields.iter().find(|(f, _)| f.name == k)
                                }
                                None => fields.get(i),
                            };
                            field.is_none_or(|(f, _)| {
                                f.resolved(self.pkg, self.ctx)
                                    .is_none_or(|t| self.boxes_ty(&t))
                            })
                        }
                        None => self.boxes_node(file, ty),
                    };
                    boxed && v.map(unwrap).is_some_and(may)
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
                self.boxes_node(file, t)
                    && n.child_by_field_name("value")
                        .is_some_and(|v| list_items(v).into_iter().any(may))
            }),
            "send_statement" => {
                n.child_by_field_name("value").is_some_and(may)
                    && n.child_by_field_name("channel").is_none_or(ty_boxes)
            }
            "return_statement" => {
                let func = ancestors(n).find(|a| crate::syntax::ast::is_function(*a));
                let results = func
                    .and_then(|f| f.child_by_field_name("result"))
                    .map(|r| self.boxes_node(file, r));
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
    pub(crate) fn bound_literal(&self, file: usize, id: Node<'t>) -> Option<Node<'t>> {
        let scopes = &self.ctx.scopes[file];
        let d = scopes.local(id.start_byte())?;
        let decl = scopes.decl(d);
        let root = self.pkg.files[file].tree().root_node();
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
                        .is_some_and(|n| crate::syntax::ast::is_written(n))
            });
        (l.start_byte() == decl.name_start && r.kind() == "func_literal" && !written).then_some(r)
    }

    /// The owner and every package type whose declaration mentions a type of the set.
    pub(crate) fn holder_types(&self, owner: &str) -> Vec<String> {
        let mut set = vec![owner.to_string()];
        // The package's types, and the types declared inside its functions (`type loc
        // [1]st` in a function holds an st as well): by name, conservatively, whichever
        // scope a name is declared in.
        let mut specs: Vec<(String, &str)> = self
            .ctx
            .index
            .types
            .iter()
            .map(|(name, decl)| {
                let f = &self.pkg.files[decl.spec.file];
                (name.clone(), &f.text[decl.spec.start..decl.spec.end])
            })
            .collect();
        for (fi, name, range) in self.local_types() {
            specs.push((name.clone(), &self.pkg.files[*fi].text[range.clone()]));
        }
        loop {
            let before = set.len();
            for (name, text) in &specs {
                if !set.contains(name) && set.iter().any(|t| mentions(text, t)) {
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
    pub(crate) fn observes(&self, file: usize, callee: Node<'t>, k: usize) -> bool {
        let src = self.src(file);
        let scopes = &self.ctx.scopes[file];
        let ix = &self.ctx.index;
        let sigs: Vec<&crate::semantic::index::Signature> = match callee.kind() {
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
                    let base = r.pointee().unwrap_or(&r).own_name()?;
                    ix.methods.get(&(base.to_string(), m.to_string()))
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
            self.boxes_loc(p.ty)
        })
    }

    /// Whether a value of a resolved type may hold an interface value anywhere in it: an
    /// interface (`any`, `error`, however aliased, the package's or one declared in a
    /// function) or a type written with one, or a type the source does not show (another
    /// package's, a type parameter, a generic or twice-declared type of the package). The
    /// package's named types and a function's own types are looked into.
    pub(crate) fn boxes_ty(&self, ty: &Ty) -> bool {
        self.boxes_ty_seen(ty, &mut Vec::new())
    }

    fn boxes_ty_seen(&self, ty: &Ty, seen: &mut Vec<Ty>) -> bool {
        ty.any_part(&mut |t| match t {
            Ty::Interface(_) => true,
            Ty::Basic(n) => matches!(n.as_str(), "any" | "error"),
            Ty::Named { pkg: Some(_), .. } => true,
            Ty::Named { pkg: None, .. } | Ty::Local { .. } => {
                // A type met again on its own path adds nothing (`type node struct{ next
                // *node }`).
                if seen.contains(t) {
                    return false;
                }
                if seen.len() > 16 {
                    return true;
                }
                let declared = match t {
                    Ty::Local { .. } => t.local_declared(self.pkg, self.ctx),
                    _ => t.underlying(self.pkg, self.ctx),
                };
                seen.push(t.clone());
                let boxes = declared.is_none_or(|d| self.boxes_ty_seen(&d, seen));
                seen.pop();
                boxes
            }
            _ => false,
        })
    }

    /// [`Self::boxes_ty`] of a type node of `file`; one the source does not resolve may.
    pub(crate) fn boxes_node(&self, file: usize, n: Node<'_>) -> bool {
        if n.kind() == "parameter_list" {
            // Several results: any of them.
            return named_children(n).into_iter().any(|p| {
                p.child_by_field_name("type")
                    .is_none_or(|t| self.boxes_node(file, t))
            });
        }
        crate::semantic::ty::of(self.pkg, self.ctx, file, n).is_none_or(|t| self.boxes_ty(&t))
    }

    /// [`Self::boxes_ty`] of a parameter's or result's type from the package index.
    fn boxes_loc(&self, loc: crate::semantic::index::Loc) -> bool {
        crate::semantic::ty::at_loc(self.pkg, self.ctx, loc).is_none_or(|t| self.boxes_ty(&t))
    }

    /// Whether an expression may hold a value of one of `holders`. Its static type decides
    /// when the source states it; otherwise where it comes from: a literal, an arithmetic
    /// or comparison result, a builtin's result or a call of another package's function
    /// cannot (another package can hand back such a value only after receiving one, which
    /// is itself an argument this check stops at), a path into a value that may is taken to.
    pub(crate) fn may_hold(
        &self,
        file: usize,
        e: Node<'t>,
        holders: &[String],
        depth: u32,
    ) -> bool {
        if depth > 8 {
            return true;
        }
        if let Some(ty) = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, e) {
            return ty.may_mention(self.pkg, self.ctx, holders);
        }
        let src = self.src(file);
        let scopes = &self.ctx.scopes[file];
        let ix = &self.ctx.index;
        let again =
            |x: Option<Node<'t>>| x.is_none_or(|x| self.may_hold(file, x, holders, depth + 1));
        match e.kind() {
            k if crate::syntax::ast::is_literal(k) => false,
            "binary_expression" | "func_literal" => false,
            "parenthesized_expression" | "variadic_argument" => {
                again(named_children(e).first().copied())
            }
            "unary_expression" => {
                let op = e.child_by_field_name("operator").map(|o| o.kind());
                matches!(op, Some("&" | "*" | "<-")) && again(e.child_by_field_name("operand"))
            }
            "index_expression" | "slice_expression" => again(e.child_by_field_name("operand")),
            "selector_expression" => {
                // `x.f`: what the field holds, by its declared type. A field or method value
                // of another package's type holds a value of the owner only if one was
                // handed to that package, which this scan sees where it happens; a method
                // value of the package's own binds `x`.
                let Some(name) = e.child_by_field_name("field").map(|f| &src[f.byte_range()])
                else {
                    return true;
                };
                if ix.methods.keys().any(|(_, m)| m == name) {
                    return again(e.child_by_field_name("operand"));
                }
                // A field of the package's structs holds one when its declared type says
                // so (an interface-typed field gets one only by an assignment this scan
                // sees as boxing it). A name that is no field of theirs (a type declared in
                // a function, another package's type) is judged by its operand, as before.
                let declared = self.field_types().get(name);
                if declared
                    .is_some_and(|tys| tys.iter().any(|ty| holders.iter().any(|h| mentions(ty, h))))
                {
                    return true;
                }
                let declared = declared.is_some();
                // A type declared in a function with a field of that name and a holder.
                let local = self.local_types().iter().any(|(fi, _, range)| {
                    let t = &self.pkg.files[*fi].text[range.clone()];
                    mentions(t, name) && holders.iter().any(|h| mentions(t, h))
                });
                local || (!declared && again(e.child_by_field_name("operand")))
            }
            "type_assertion_expression" => e
                .child_by_field_name("type")
                .is_none_or(|t| holders.iter().any(|h| mentions(&src[t.byte_range()], h))),
            "call_expression" => {
                let Some((f, args)) = crate::syntax::ast::call_parts(e) else {
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
                            holders.iter().any(|h| mentions(t, h)) || self.boxes_node(file, r)
                        })
                    }
                    "identifier" => {
                        let name = &src[f.byte_range()];
                        if let Some(sig) = ix.funcs.get(name) {
                            return sig.results.iter().any(|r| {
                                let t = &self.pkg.files[r.ty.file].text[r.ty.start..r.ty.end];
                                holders.iter().any(|h| mentions(t, h)) || self.boxes_loc(r.ty)
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
                                    holders.iter().any(|h| mentions(t, h)) || self.boxes_loc(r.ty)
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
                    return ix.top_level.contains_key(name)
                        && !ix.consts.contains_key(name)
                        && !ix.types.contains_key(name)
                        && !ix.funcs.contains_key(name);
                };
                let decl = scopes.decl(d);
                let root = self.pkg.files[file].tree().root_node();
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
}
