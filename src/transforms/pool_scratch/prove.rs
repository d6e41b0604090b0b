//! pool-scratch proofs: that the buffer does not outlive the call (every use and alias
//! followed, callees of the package checked in turn) and that it allocates (the compiler,
//! or a fill loop).

use super::*;
use crate::semantic::callees::Call;

impl<'a, 't> Analysis<'a, 't> {
    /// What says the site allocates: the compiler, or the heuristics without it.
    pub(super) fn evidence(&self, site: &Site<'t>) -> Result<Evidence, Reason> {
        let fact = self.compiler_fact(site);
        let filled = if site.kind == Kind::Map {
            self.filled_in_loop(site)?
        } else {
            None
        };
        // A heap profile's allocations at the site's line, without the compiler's word on
        // it (which names the column, and wins). The profile knows lines, not columns: only
        // a statement alone on its line (no other statement joined by `;`, which could be
        // what allocated there).
        let src = self.src();
        let (from, to) = (site.stmt.start_byte(), site.stmt.end_byte());
        let line_start = src[..from].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[to..].find('\n').map_or(src.len(), |i| to + i);
        let rest = src[to..line_end].trim_start();
        let alone =
            src[line_start..from].trim().is_empty() && (rest.is_empty() || rest.starts_with("//"));
        let sampled = self.ctx.profile.as_ref().filter(|_| alone).and_then(|p| {
            let line = self.ctx.line_as_read(self.file, site.init.start_byte());
            let (objects, bytes, share) =
                p.allocs_at(&self.pkg.files[self.file].path, u32::try_from(line).ok()?)?;
            Some(Evidence::Profile(format!(
                "the heap profile sampled {objects} objects, {bytes} bytes allocated at line {line} ({share:.2}% of the profile's objects or bytes)"
            )))
        });
        match (fact, site.kind) {
            (None, _) if sampled.is_some() => Ok(sampled.expect("checked above")),
            (Some(f), _) if f.verdict != Verdict::Stays => Ok(Evidence::Compiler(format!(
                "{}:{}: {}",
                f.line, f.col, f.said
            ))),
            // On the stack, a map allocates only once it outgrows one 8-entry group: shown
            // when a loop of more than 8 constant turns writes a distinct key on each.
            (Some(f), Kind::Map)
                if filled
                    .as_ref()
                    .and_then(|x| x.distinct)
                    .is_some_and(|n| n > 8) =>
            {
                let x = filled.as_ref().expect("checked above");
                Ok(Evidence::Source(format!(
                    "the loop at line {} writes {} distinct keys: it grows past one 8-entry group and allocates even on the stack, where the compiler keeps it ({}:{}: {})",
                    x.line,
                    x.distinct.unwrap_or(0),
                    f.line,
                    f.col,
                    f.said
                )))
            }
            (Some(f), _) => Err(Reason::StaysOnStack(format!(
                "{}:{}: {}",
                f.line, f.col, f.said
            ))),
            (None, Kind::Map) => match filled.map(|x| x.line) {
                Some(line) => Ok(Evidence::Source(format!(
                    "filled in the loop at line {line}: it grows past one 8-entry group and allocates even on the stack"
                ))),
                None => Err(Reason::MapNotFilled(self.no_verdict())),
            },
            (None, _) => match self.via.borrow().clone() {
                Some(via) => Ok(Evidence::Source(format!(
                    "passed to {via}, an interface call the compiler cannot see through, so it escapes"
                ))),
                None => Err(Reason::NoEvidence(self.no_verdict())),
            },
        }
    }

    /// The compiler's fact on the site's allocation, if it stated one.
    pub(super) fn compiler_fact(&self, site: &Site<'t>) -> Option<&Fact> {
        // The compiler's column: the call's parenthesis, the literal's brace.
        let paren = match site.init.kind() {
            "call_expression" => site.init.child_by_field_name("arguments"),
            _ => site.init.child_by_field_name("body"),
        }
        .map_or(site.init.start_byte(), |n| n.start_byte());
        let prefix = match (site.kind, site.init.kind()) {
            (Kind::NewArray, _) => "new(",
            (_, "composite_literal") => "map[",
            (Kind::Map, _) => "make(map[",
            (Kind::Slice, _) => "make([]",
        };
        self.ctx.escapes.as_ref().and_then(|files| {
            let facts = &files[self.file];
            facts
                .get(&paren)
                .filter(|f| f.said.starts_with(prefix))
                .or_else(|| {
                    facts.get(&site.name.start_byte()).filter(|f| {
                        f.verdict == Verdict::Moved
                            && f.said == format!("moved to heap: {}", self.text(site.name))
                    })
                })
        })
    }

    fn no_verdict(&self) -> super::reasons::NoVerdict {
        match self.ctx.escapes {
            Some(_) => super::reasons::NoVerdict::NotSaid,
            None => super::reasons::NoVerdict::NotAsked,
        }
    }

    /// The loop that writes entries into the map on every turn (`m[k] = v` inside a loop
    /// that does not hold the site), when there is one.
    pub(super) fn filled_in_loop(&self, site: &Site<'t>) -> Result<Option<Filled>, Reason> {
        let scopes = &self.ctx.scopes[self.file];
        for u in scopes.uses_of(site.decl) {
            let Some(id) = node_at(self.pkg, self.file, u) else {
                continue;
            };
            let Some(ix) = id.parent().filter(|p| p.kind() == "index_expression") else {
                continue;
            };
            let written = ix.parent().is_some_and(|a| {
                a.kind() == "expression_list"
                    && a.parent().is_some_and(|s| {
                        s.kind() == "assignment_statement"
                            && s.child_by_field_name("left")
                                .is_some_and(|l| l.id() == a.id())
                    })
            }) || ix
                .parent()
                .is_some_and(|a| matches!(a.kind(), "inc_statement" | "dec_statement"));
            if !written {
                continue;
            }
            // Every loop around the write that does not hold the site: the write runs the
            // product of their turns.
            let loops: Vec<Node<'t>> = ancestors(ix)
                .take_while(|a| a.id() != site.func.id())
                .filter(|a| a.kind() == "for_statement" && !within(site.stmt, *a))
                .collect();
            if let Some(&lp) = loops.last() {
                let writes = loops.iter().try_fold(1i128, |acc, l| {
                    self.small_loop(*l).map(|n| acc.saturating_mul(n))
                });
                if writes.is_some_and(|n| n <= 8) {
                    return Err(Reason::SmallLoop(self.line_ref(self.file, lp)));
                }
                // Distinct keys: the key is the counter of the innermost loop around the
                // write, whose turns write as many distinct keys.
                let inner = loops[0];
                let distinct = ix.child_by_field_name("index").and_then(|k| {
                    let c =
                        crate::semantic::loops::counting_loop(inner, self.src(), scopes, &|x| {
                            self.constant(x)
                        })?;
                    (k.kind() == "identifier" && scopes.local(k.start_byte()) == Some(c.var))
                        .then(|| self.small_loop(inner))
                        .flatten()
                });
                return Ok(Some(Filled {
                    line: self.line_ref(self.file, lp),
                    distinct,
                }));
            }
        }
        Ok(None)
    }

    /// `for i := 0; i < N; i++` or `for range N` with a constant N: N.
    pub(super) fn small_loop(&self, lp: Node<'t>) -> Option<i128> {
        let scopes = &self.ctx.scopes[self.file];
        let l =
            crate::semantic::loops::counting_loop(lp, self.src(), scopes, &|x| self.constant(x))?;
        // A body that assigns the counter may run any number of times.
        let body = lp.child_by_field_name("body")?;
        let written = scopes.opaque(l.var)
            || scopes.uses_of(l.var).into_iter().any(|u| {
                node_at(self.pkg, self.file, u)
                    .is_some_and(|n| within(n, body) && crate::syntax::ast::is_written(n))
            });
        (!written).then(|| self.constant(l.bound).map(|b| l.turns(b)))?
    }

    /// Checks every use of a variable holding the buffer (or an alias of it) in `func`.
    /// `site` is the target itself (whose reassignments are checked); `outer_loop` the loop
    /// its array is hoisted out of.
    pub(super) fn check_decl(&self, fr: Frame<'_, 't>, decl: DeclId) -> Result<(), Reason> {
        let mut work = vec![decl];
        let mut seen = HashSet::from([decl]);
        // A callee without facts is reported only when no other use gives a known reason:
        // `stored in a field` says more than `not known not to retain it`.
        let mut unknown = None;
        while let Some(d) = work.pop() {
            let root = self.pkg.files[fr.file].tree().root_node();
            if let Some(e) = crate::semantic::flow::misread_use(root, &self.ctx.scopes[fr.file], d)
            {
                return Err(Reason::Use(
                    short(self.src_of(fr.file), e),
                    self.line_ref(fr.file, e),
                ));
            }
            for u in self.ctx.scopes[fr.file].uses_of(d) {
                let Some(id) = node_at(self.pkg, fr.file, u) else {
                    continue;
                };
                self.check_context(fr, id)?;
                let is_site = fr.site.is_some_and(|s| s.decl == d);
                match self.use_ok(fr, id, is_site) {
                    Ok(Some(alias)) if seen.insert(alias) => work.push(alias),
                    Ok(_) => {}
                    Err(r @ Reason::PassedTo(..)) => {
                        unknown.get_or_insert(r);
                    }
                    Err(r) => return Err(r),
                }
            }
        }
        unknown.map_or(Ok(()), Err)
    }

    /// Function literals, go and defer statements between a use and its function.
    pub(super) fn check_context(&self, fr: Frame<'_, 't>, id: Node<'t>) -> Result<(), Reason> {
        let at = self.line_ref(fr.file, id);
        for a in ancestors(id).take_while(|a| a.id() != fr.func.id()) {
            match a.kind() {
                "go_statement" => return Err(Reason::Goroutine(at)),
                "defer_statement" if fr.outer_loop.is_some_and(|l| within(a, l)) => {
                    return Err(Reason::DeferInLoop(at));
                }
                "func_literal" => {
                    let called = a.parent().is_some_and(|c| {
                        c.kind() == "call_expression"
                            && c.child_by_field_name("function")
                                .is_some_and(|f| f.id() == a.id())
                    });
                    if !called {
                        return Err(Reason::Captured(at));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// One use of a buffer expression `e`; `Ok(Some(d))` when it makes variable `d` an
    /// alias to check in turn.
    pub(super) fn use_ok(
        &self,
        fr: Frame<'_, 't>,
        e: Node<'t>,
        is_site: bool,
    ) -> Result<Option<DeclId>, Reason> {
        let src = self.src_of(fr.file);
        let at = self.line_ref(fr.file, e);
        let Some(p) = e.parent() else {
            return Ok(None);
        };
        let derived = |n: Node<'t>| self.use_ok(fr, n, false);
        let unknown = || Err(Reason::Use(short(src, p), at));
        match p.kind() {
            "parenthesized_expression" => derived(p),
            "index_expression" => {
                if p.child_by_field_name("operand")
                    .is_some_and(|o| o.id() == e.id())
                {
                    self.element_use(fr, p)
                } else {
                    unknown()
                }
            }
            "slice_expression" => {
                if p.child_by_field_name("operand")
                    .is_some_and(|o| o.id() == e.id())
                {
                    derived(p)
                } else {
                    unknown()
                }
            }
            "unary_expression" => match op(p, src) {
                "*" => derived(p),
                "&" => Err(Reason::Use(short(src, p), at)),
                _ => Ok(None),
            },
            "binary_expression" => Ok(None),
            "argument_list" => self.call_use(fr, p, e, false, is_site),
            "variadic_argument" => {
                let list = p.parent().ok_or(Reason::Use(short(src, p), at))?;
                self.call_use(fr, list, p, true, is_site)
            }
            "expression_list" => {
                let stmt = p.parent().ok_or(Reason::Use(short(src, p), at))?;
                match stmt.kind() {
                    "return_statement" => Err(Reason::Returned(at)),
                    "assignment_statement" | "short_var_declaration" => {
                        self.assign_use(fr, stmt, e, is_site)
                    }
                    _ => Err(Reason::Use(short(src, stmt), at)),
                }
            }
            "return_statement" => Err(Reason::Returned(at)),
            "var_spec" => {
                let names: Vec<Node<'t>> = crate::syntax::ast::field_children(p, "name");
                let values = p
                    .child_by_field_name("value")
                    .map(list_items)
                    .unwrap_or_default();
                let k = values.iter().position(|v| v.id() == e.id());
                match k.and_then(|k| names.get(k)) {
                    Some(n) => self.alias(fr, *n, at).map(Some),
                    None => unknown(),
                }
            }
            "send_statement" => Err(Reason::Stored("a channel".into(), at)),
            "literal_element" | "keyed_element" | "literal_value" => {
                Err(Reason::Stored("a composite literal".into(), at))
            }
            "range_clause" => {
                if p.child_by_field_name("right")
                    .is_some_and(|r| r.id() == e.id())
                {
                    Ok(None)
                } else {
                    Err(Reason::Reassigned(at))
                }
            }
            "assignment_statement" | "short_var_declaration" => {
                // A lone operand (not in an expression list) on either side.
                self.assign_use(fr, p, e, is_site)
            }
            "inc_statement" | "dec_statement" | "expression_statement" => Ok(None),
            "selector_expression"
                if p.child_by_field_name("operand")
                    .is_some_and(|o| o.id() == e.id()) =>
            {
                match p.parent().filter(|c| {
                    c.kind() == "call_expression"
                        && c.child_by_field_name("function")
                            .is_some_and(|f| f.id() == p.id())
                }) {
                    Some(call) => self.method_use(fr, p, call, e),
                    None => unknown(),
                }
            }
            _ => unknown(),
        }
    }

    /// `e.m(...)`: a method called on a variable holding the buffer as a slice of this
    /// package's named type (`b := readBuf(buf)`, `b.uint32()`). What the method keeps of
    /// its receiver is the compiler's word (a pointer receiver takes the variable's
    /// address, through which the buffer is reached).
    fn method_use(
        &self,
        fr: Frame<'_, 't>,
        sel: Node<'t>,
        call: Node<'t>,
        e: Node<'t>,
    ) -> Result<Option<DeclId>, Reason> {
        let src = self.src_of(fr.file);
        let at = self.line_ref(fr.file, e);
        let unknown = || Err(Reason::Use(short(src, call), at));
        let method = sel
            .child_by_field_name("field")
            .map_or("", |m| &src[m.byte_range()]);
        let ty = crate::semantic::selectors::static_type(self.pkg, self.ctx, fr.file, e);
        let Some(base) = ty.as_ref().and_then(|t| t.own_name()) else {
            return unknown();
        };
        let is_slice = ty
            .as_ref()
            .and_then(|t| t.underlying(self.pkg, self.ctx))
            .is_some_and(|u| matches!(u, crate::semantic::ty::Ty::Slice(_)));
        let key = (base.to_string(), method.to_string());
        let (Some(sig), true) = (self.ctx.index.methods.get(&key), is_slice) else {
            return unknown();
        };
        if sig.generic || !self.method_unique(base, method) {
            return unknown();
        }
        let passed = || Err(Reason::PassedTo(format!("`{}`", short(src, sel)), at));
        let Some(log) = self.ctx.compiler.as_ref() else {
            return passed();
        };
        let file = &self.pkg.files[sig.decl.file].path;
        use crate::semantic::callees::Keeps;
        match log.keeps_receiver(file, base, method) {
            Keeps::Nothing(w) => {
                self.note_basis(format!("`{}`", short(src, sel)), Basis::Compiler(w));
                Ok(None)
            }
            Keeps::Unknown(Some(w)) | Keeps::Result(w) => {
                Err(Reason::KeptBy(format!("`{}`", short(src, sel)), w, at))
            }
            Keeps::Unknown(None) => passed(),
        }
    }

    /// An element `x[i]` of a buffer. Read as a value it is a copy, but a path into it
    /// (`x[i][j]`, `x[i].f`, to any depth) stays inside the pooled memory: its address
    /// (`&x[i].f`), a slice of it (`x[i][:]`, `x[i].name[:n]`) or a method called on it
    /// (which may take its address through a pointer receiver) hands that memory on, and is
    /// checked as the buffer itself is.
    pub(super) fn element_use(
        &self,
        fr: Frame<'_, 't>,
        elem: Node<'t>,
    ) -> Result<Option<DeclId>, Reason> {
        let src = self.src_of(fr.file);
        let mut top = elem;
        while let Some(p) = top.parent() {
            let on_operand = p
                .child_by_field_name("operand")
                .is_some_and(|o| o.id() == top.id());
            match p.kind() {
                "parenthesized_expression" => top = p,
                "index_expression" if on_operand => top = p,
                "selector_expression" if on_operand => {
                    if p.parent().is_some_and(|c| {
                        c.kind() == "call_expression"
                            && c.child_by_field_name("function")
                                .is_some_and(|f| f.id() == p.id())
                    }) {
                        // A method of the element: a pointer receiver takes its address.
                        return Err(Reason::ElementMethod(
                            short(src, p.parent().unwrap_or(p)),
                            self.line_ref(fr.file, p),
                        ));
                    }
                    top = p;
                }
                _ => break,
            }
        }
        match top.parent() {
            Some(a) if a.kind() == "unary_expression" && op(a, src) == "&" => {
                self.use_ok(fr, a, false)
            }
            Some(s)
                if s.kind() == "slice_expression"
                    && s.child_by_field_name("operand")
                        .is_some_and(|o| o.id() == top.id()) =>
            {
                self.use_ok(fr, s, false)
            }
            // A method value `x[i].m` binds the receiver, by address for a pointer one.
            _ if top.kind() == "selector_expression" && self.is_method_value(fr.file, top) => Err(
                Reason::ElementMethod(short(src, top), self.line_ref(fr.file, top)),
            ),
            _ => Ok(None),
        }
    }

    /// Whether selector `s` (not called) may be a method value: its name is a method of
    /// some type of the package. (A method of an imported type taken as a value from an
    /// element is not recognised; it is read as a field.)
    pub(super) fn is_method_value(&self, file: usize, s: Node<'t>) -> bool {
        let Some(f) = s.child_by_field_name("field") else {
            return true;
        };
        let name = &self.src_of(file)[f.byte_range()];
        self.ctx.index.methods.keys().any(|(_, m)| m == name)
    }

    /// `e` on one side of an assignment.
    pub(super) fn assign_use(
        &self,
        fr: Frame<'_, 't>,
        stmt: Node<'t>,
        e: Node<'t>,
        is_site: bool,
    ) -> Result<Option<DeclId>, Reason> {
        let (file, site) = (fr.file, fr.site);
        let src = self.src_of(file);
        let at = self.line_ref(file, e);
        let left = stmt.child_by_field_name("left");
        let right = stmt.child_by_field_name("right");
        let items = |n: Option<Node<'t>>| n.map(list_items).unwrap_or_default();
        let (lefts, rights) = (items(left), items(right));
        if left.is_some_and(|l| within(e, l)) {
            // Written to: the target itself may only take what is derived from it.
            if !is_site {
                return Ok(None);
            }
            let k = lefts.iter().position(|x| x.id() == e.id());
            let rhs = k
                .and_then(|k| rights.get(k))
                .filter(|_| lefts.len() == rights.len());
            let derived =
                rhs.is_some_and(|r| site.is_some_and(|s| self.derived_from(file, *r, s.decl)));
            if derived && stmt.kind() == "assignment_statement" && op(stmt, src) == "=" {
                return Ok(None);
            }
            return Err(Reason::Reassigned(at));
        }
        let k = rights.iter().position(|x| x.id() == e.id());
        let target = match k {
            Some(k) if lefts.len() == rights.len() => lefts[k],
            _ => return Err(Reason::Use(short(src, stmt), at)),
        };
        if stmt.kind() == "assignment_statement" && op(stmt, src) != "=" {
            return Err(Reason::Use(short(src, stmt), at));
        }
        match target.kind() {
            "identifier" if &src[target.byte_range()] == "_" => Ok(None),
            "identifier" => {
                if let Some(s) = site
                    && self.ctx.scopes[file].local(target.start_byte()) == Some(s.decl)
                {
                    // `x = x[:n]`: checked as a write of the target.
                    return Ok(None);
                }
                self.alias(fr, target, at).map(Some)
            }
            _ => Err(Reason::Stored(format!("`{}`", short(src, target)), at)),
        }
    }

    /// A variable a buffer is stored in: local to the function (and to the loop), declared
    /// after the site, or why not.
    pub(super) fn alias(
        &self,
        fr: Frame<'_, 't>,
        target: Node<'t>,
        at: LineRef,
    ) -> Result<DeclId, Reason> {
        let scopes = &self.ctx.scopes[fr.file];
        let name = &self.src_of(fr.file)[target.byte_range()];
        let d = scopes
            .local(target.start_byte())
            .or_else(|| scopes.decl_at(target.start_byte()))
            .ok_or_else(|| Reason::Stored(format!("the package variable `{name}`"), at))?;
        let decl_at = scopes.decl(d).name_start;
        let inside = |n: Node<'t>| n.start_byte() <= decl_at && decl_at < n.end_byte();
        let body = fr.func.child_by_field_name("body").unwrap_or(fr.func);
        if !inside(body) {
            return Err(Reason::Stored(
                format!("`{name}`, declared outside the function"),
                at,
            ));
        }
        if let Some(l) = fr.outer_loop
            && !inside(l)
        {
            return Err(Reason::StoredOutside(name.to_string(), at));
        }
        // A variable declared before the site can be read by a deferred call or a goroutine
        // started before it, after the array went back to the pool.
        if let Some(s) = fr.site
            && decl_at < s.stmt.start_byte()
        {
            return Err(Reason::DeclaredBefore(name.to_string(), at));
        }
        Ok(d)
    }

    /// Whether `e` is the variable `d`, re-sliced or appended to.
    pub(super) fn derived_from(&self, file: usize, e: Node<'t>, d: DeclId) -> bool {
        let src = self.src_of(file);
        match e.kind() {
            "identifier" => self.ctx.scopes[file].local(e.start_byte()) == Some(d),
            "parenthesized_expression" => named_children(e)
                .first()
                .is_some_and(|x| self.derived_from(file, *x, d)),
            "slice_expression" => e
                .child_by_field_name("operand")
                .is_some_and(|o| self.derived_from(file, o, d)),
            "call_expression" => {
                let f = e.child_by_field_name("function");
                f.is_some_and(|f| {
                    &src[f.byte_range()] == "append" && self.builtin(file, "append", f.start_byte())
                }) && e
                    .child_by_field_name("arguments")
                    .and_then(|a| named_children(a).first().copied())
                    .is_some_and(|a| self.derived_from(file, a, d))
            }
            _ => false,
        }
    }

    /// The buffer expression `arg` (an element of `list`) passed to a call.
    pub(super) fn call_use(
        &self,
        fr: Frame<'_, 't>,
        list: Node<'t>,
        arg: Node<'t>,
        spread: bool,
        is_site: bool,
    ) -> Result<Option<DeclId>, Reason> {
        let (file, site) = (fr.file, fr.site);
        let src = self.src_of(file);
        let at = self.line_ref(file, arg);
        let Some(call) = list.parent().filter(|c| c.kind() == "call_expression") else {
            return Err(Reason::Use(short(src, list), at));
        };
        let idx = named_children(list)
            .iter()
            .position(|a| a.id() == arg.id())
            .unwrap_or(0);
        let f = call
            .child_by_field_name("function")
            .ok_or(Reason::Use(short(src, call), at))?;
        let fname = &src[f.byte_range()];
        let derived = || self.use_ok(fr, call, false);
        let passed = || Err(Reason::PassedTo(format!("`{}`", short(src, f)), at));
        match f.kind() {
            "identifier" if self.builtin(file, fname, f.start_byte()) => match fname {
                _ if BUILTINS_KEEP_NOTHING.contains(&fname) => Ok(None),
                "string" => Ok(None),
                "append" if idx == 0 => {
                    let full = is_site
                        && site.is_some_and(|s| s.kind == Kind::Slice && s.len.is_none())
                        && arg.kind() == "identifier"
                        && named_children(list).len() > 1;
                    if full {
                        return Err(Reason::AppendReallocates(at));
                    }
                    derived()
                }
                "append" if spread => Ok(None),
                "append" => Err(Reason::Stored("a slice by append".into(), at)),
                _ => passed(),
            },
            "identifier"
                if self.ctx.scopes[file]
                    .lookup(fname, f.start_byte())
                    .is_none()
                    && self.ctx.index.types.get(fname).is_some_and(|t| !t.generic)
                    && self.ctx.index.unique(fname) =>
            {
                // A conversion to a type of this package: to a slice type it is the buffer
                // under another name; to a string or an array, a copy.
                if spread || named_children(list).len() != 1 {
                    return passed();
                }
                let named = crate::semantic::ty::Ty::Named {
                    pkg: None,
                    name: fname.to_string(),
                    args: Vec::new(),
                };
                use crate::semantic::ty::Ty;
                match named.underlying(self.pkg, self.ctx) {
                    Some(Ty::Slice(_)) => derived(),
                    Some(Ty::Pointer(a)) if matches!(*a, Ty::Array(..)) => derived(),
                    Some(Ty::Array(..)) => Ok(None),
                    Some(Ty::Basic(b)) if b == "string" => Ok(None),
                    _ => passed(),
                }
            }
            "identifier" if self.ctx.scopes[file].local(f.start_byte()).is_none() => {
                let Some(sig) = self.ctx.index.funcs.get(fname) else {
                    return passed();
                };
                if sig.generic || !self.ctx.index.unique(fname) || spread {
                    return passed();
                }
                self.callee(fname, sig, idx, at)?;
                self.note_basis(format!("`{fname}`"), Basis::Package);
                Ok(None)
            }
            "selector_expression" => {
                let operand = f.child_by_field_name("operand");
                let method = f
                    .child_by_field_name("field")
                    .map_or("", |m| &src[m.byte_range()]);
                let Some(o) = operand else { return passed() };
                // pkg.Func(...): the compiler's word when it shows the call keeps nothing; else
                // the list (whose entries rest on documented contracts the compiler cannot see
                // through: io.ReadFull calls r.Read); else the compiler's leak, or unknown.
                if let Some((path, name)) = self.import_of(file, o) {
                    let callee = format!("`{}`", short(src, f));
                    let asked = Call {
                        path: &path,
                        name: name.as_deref(),
                        recv: None,
                        func: method,
                        idx,
                        spread,
                    };
                    let said = self.compiler_keeps(&asked, &callee, at);
                    if let Some(Ok(derives)) = said {
                        return if derives { derived() } else { Ok(None) };
                    }
                    return match LIB_FUNCS
                        .iter()
                        .find(|(p, n, _)| *p == path && *n == method)
                    {
                        Some((p, n, d)) => {
                            if *p == "io" {
                                self.note_via(format!("io.{n}"), file, call);
                            }
                            self.note_basis(callee, Basis::List);
                            if *d { derived() } else { Ok(None) }
                        }
                        None => said.map_or_else(passed, |r| r.map(|_| None)),
                    };
                }
                // pkg.Var.Method(...), the same way.
                if o.kind() == "selector_expression"
                    && let (Some(po), Some(pv)) = (
                        o.child_by_field_name("operand"),
                        o.child_by_field_name("field"),
                    )
                    && let Some((path, name)) = self.import_of(file, po)
                {
                    let var = &src[pv.byte_range()];
                    let callee = format!("`{}`", short(src, f));
                    let said = self
                        .ctx
                        .compiler
                        .as_ref()
                        .and_then(|log| log.var_type(&path, name.as_deref(), var))
                        .and_then(|base| {
                            let call = Call {
                                path: &path,
                                name: name.as_deref(),
                                recv: Some(&base),
                                func: method,
                                idx,
                                spread,
                            };
                            self.compiler_keeps(&call, &callee, at)
                        });
                    if let Some(Ok(derives)) = said {
                        return if derives { derived() } else { Ok(None) };
                    }
                    let m = LIB_VALUES
                        .iter()
                        .filter(|(p, vars, _)| *p == path && vars.contains(&var))
                        .flat_map(|(_, _, ms)| ms.iter())
                        .find(|(m, _)| *m == method);
                    if m.is_some() {
                        self.note_basis(callee, Basis::List);
                    }
                    return match m {
                        Some((_, true)) => derived(),
                        Some((_, false)) => Ok(None),
                        None => said.map_or_else(passed, |r| r.map(|_| None)),
                    };
                }
                // x.Method(...) on an io or hash interface, or on a package type.
                let ty = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, o);
                let Some(ty) = ty else { return passed() };
                // An io or hash interface, or an interface whose method comes from one
                // (hash.Hash32 embeds hash.Hash, which embeds io.Writer).
                let contract = match &ty {
                    crate::semantic::ty::Ty::Named {
                        pkg: Some(path),
                        name: tname,
                        args,
                    } if args.is_empty() && is_contract_iface(path, tname) => Some(ty.clone()),
                    _ => match self.method_origin(&ty, method, 0) {
                        Origin::Contract(t) => Some(t),
                        Origin::No | Origin::Unknown => None,
                    },
                };
                if let Some(iface) = contract
                    && let crate::semantic::ty::Ty::Named {
                        pkg: Some(path),
                        name: tname,
                        ..
                    } = &iface
                {
                    return match IFACE_METHODS.iter().find(|(m, _)| *m == method) {
                        Some((_, d)) => {
                            let written = iface
                                .render(self.pkg, self.ctx, file)
                                .unwrap_or_else(|| format!("{path}.{tname}"));
                            let through = if iface == ty {
                                String::new()
                            } else {
                                let outer = ty
                                    .render(self.pkg, self.ctx, file)
                                    .unwrap_or_else(|| short(src, o));
                                format!(" ({outer} embeds {written})")
                            };
                            self.note_via(format!("{written}.{method}"), file, call);
                            self.note_basis(
                                format!("`{}`{through}", short(src, f)),
                                Basis::Contract(format!("{written}.{method}")),
                            );
                            if *d { derived() } else { Ok(None) }
                        }
                        None => passed(),
                    };
                }
                // A method declared on another package's type (`(*os.File).Read`), called on
                // a value of it: the compiler's facts for it. (An interface type has no
                // method declarations: its calls stay unknown.)
                if let Some(crate::semantic::ty::Ty::Named {
                    pkg: Some(path),
                    name: tname,
                    ..
                }) = ty.pointee().or(Some(&ty))
                {
                    let callee = format!("`{}`", short(src, f));
                    let call = Call {
                        path,
                        name: None,
                        recv: Some(tname),
                        func: method,
                        idx,
                        spread,
                    };
                    return match self.compiler_keeps(&call, &callee, at) {
                        Some(r) => {
                            r.map_or_else(Err, |derives| if derives { derived() } else { Ok(None) })
                        }
                        None => passed(),
                    };
                }
                let Some(base) = ty.pointee().unwrap_or(&ty).own_name() else {
                    return passed();
                };
                match self
                    .ctx
                    .index
                    .methods
                    .get(&(base.to_string(), method.to_string()))
                {
                    Some(sig) if !sig.generic && !spread && self.method_unique(base, method) => {
                        self.callee(&format!("{base}.{method}"), sig, idx, at)?;
                        self.note_basis(format!("`{}`", short(src, f)), Basis::Package);
                        Ok(None)
                    }
                    _ => passed(),
                }
            }
            _ => passed(),
        }
    }

    /// Where method `method` of interface type `ty` comes from: an io or hash interface
    /// whose contract covers it, reached through embedded interfaces only (an interface
    /// that declares the method itself documents it itself).
    fn method_origin(&self, ty: &crate::semantic::ty::Ty, method: &str, depth: u32) -> Origin {
        use crate::semantic::ty::Ty;
        if depth > 8 {
            return Origin::Unknown;
        }
        let Some(Ty::Interface(elems)) = ty.underlying(self.pkg, self.ctx) else {
            return Origin::Unknown;
        };
        let named_contract = match ty {
            Ty::Named {
                pkg: Some(p),
                name,
                args,
            } => args.is_empty() && is_contract_iface(p, name),
            _ => false,
        };
        if elems.iter().any(|(n, _)| n == method) {
            return if named_contract {
                Origin::Contract(ty.clone())
            } else {
                Origin::Unknown
            };
        }
        let mut found = Origin::No;
        for (_, t) in elems.iter().filter(|(n, _)| n.is_empty()) {
            match self.method_origin(t, method, depth + 1) {
                Origin::No => {}
                Origin::Unknown => return Origin::Unknown,
                Origin::Contract(c) => {
                    if matches!(found, Origin::No) {
                        found = Origin::Contract(c);
                    }
                }
            }
        }
        match found {
            Origin::Contract(_) if named_contract => Origin::Contract(ty.clone()),
            other => other,
        }
    }

    /// Whether the package declares method `name` of type `base` once (build-tagged files can
    /// declare it twice, and the index keeps one).
    pub(super) fn method_unique(&self, base: &str, name: &str) -> bool {
        self.ctx
            .index
            .method_decls
            .get(&(base.to_string(), name.to_string()))
            == Some(&1)
    }

    pub(super) fn note_via(&self, what: String, file: usize, call: Node<'t>) {
        let mut via = self.via.borrow_mut();
        if via.is_none() {
            let place = if file == self.file {
                String::new()
            } else {
                let p = &self.pkg.files[file].path;
                format!("{}, ", p.file_name().unwrap_or_default().to_string_lossy())
            };
            *via = Some(format!(
                "`{what}` ({place}line {})",
                self.line_ref(file, call)
            ));
        }
    }

    /// A same-package function or method receiving the buffer as parameter `idx`: its
    /// parameter must keep the same rules there.
    pub(super) fn callee(
        &self,
        fname: &str,
        sig: &crate::semantic::index::Signature,
        idx: usize,
        at: LineRef,
    ) -> Result<(), Reason> {
        let passed = || Reason::PassedTo(format!("`{fname}`"), at);
        let param = sig.params.get(idx).ok_or_else(passed)?;
        if param.variadic || param.name.is_none() {
            return if param.name.is_none() && !param.variadic {
                Ok(()) // an unnamed parameter is never used
            } else {
                Err(passed())
            };
        }
        let file = sig.decl.file;
        let fnode = sig
            .decl
            .node(self.pkg, "function_declaration")
            .or_else(|| sig.decl.node(self.pkg, "method_declaration"))
            .ok_or_else(passed)?;
        let params = fnode.child_by_field_name("parameters").ok_or_else(passed)?;
        let names: Vec<Node<'t>> = named_children(params)
            .into_iter()
            .flat_map(|p| crate::syntax::ast::field_children(p, "name"))
            .collect();
        let name = names.get(idx).ok_or_else(passed)?;
        let d = self.ctx.scopes[file]
            .decl_at(name.start_byte())
            .ok_or_else(passed)?;
        if !self.visiting.borrow_mut().insert((file, d)) {
            return Ok(());
        }
        let frame = Frame {
            file,
            func: fnode,
            outer_loop: None,
            site: None,
        };
        self.check_decl(frame, d)
            .map_err(|why| Reason::Retained(format!("`{fname}`"), Box::new(why)))
    }

    /// The import an identifier names, when it is a package name in the file: its path,
    /// and the name its package must declare when the import gives none (`None` for an
    /// import named in the file). A package outside the standard library only with the
    /// compiler's facts, which name its files.
    pub(super) fn import_of(&self, file: usize, o: Node<'t>) -> Option<(String, Option<String>)> {
        if o.kind() != "identifier" {
            return None;
        }
        let name = &self.src_of(file)[o.byte_range()];
        if let Some(path) = self.import_path_of_name(file, name, o.start_byte()) {
            return Some((path, None));
        }
        self.ctx.compiler.as_ref()?;
        if self.ctx.scopes[file].lookup(name, o.start_byte()).is_some()
            || self.ctx.index.top_level.contains_key(name)
        {
            return None;
        }
        self.ctx
            .imports(self.pkg, file)
            .iter()
            .find(|(_, n)| n == name)
            .map(|(p, n)| {
                let default = crate::syntax::imports::default_name(p) == n;
                (p.clone(), default.then(|| n.clone()))
            })
    }

    /// What the compiler says the function `call` calls (written `callee`, at `at`) keeps
    /// of the buffer: `None` when it said nothing (or there is no compiler evidence);
    /// `Some(Ok(derives))` when it keeps nothing but what its result hands back
    /// (`derives`: it does); `Some(Err(..))` when it may keep it.
    pub(super) fn compiler_keeps(
        &self,
        call: &crate::semantic::callees::Call<'_>,
        callee: &str,
        at: LineRef,
    ) -> Option<Result<bool, Reason>> {
        use crate::semantic::callees::Keeps;
        let log = self.ctx.compiler.as_ref()?;
        match log.keeps(call) {
            Keeps::Nothing(w) => {
                self.note_basis(callee.to_string(), Basis::Compiler(w));
                Some(Ok(false))
            }
            Keeps::Result(w) => {
                self.note_basis(callee.to_string(), Basis::Compiler(w));
                Some(Ok(true))
            }
            Keeps::Unknown(Some(w)) => Some(Err(Reason::KeptBy(callee.to_string(), w, at))),
            Keeps::Unknown(None) => None,
        }
    }

    /// Records what a call the buffer is passed to was judged by, for the finding.
    pub(super) fn note_basis(&self, callee: String, basis: Basis) {
        let mut b = self.basis.borrow_mut();
        if !b.iter().any(|(c, _)| *c == callee) {
            b.push((callee, basis));
        }
    }

    pub(super) fn import_path_of_name(
        &self,
        file: usize,
        name: &str,
        pos: usize,
    ) -> Option<String> {
        if self.ctx.scopes[file].lookup(name, pos).is_some()
            || self.ctx.index.top_level.contains_key(name)
        {
            return None;
        }
        // A standard package: its path's first element has no dot.
        self.ctx
            .imports(self.pkg, file)
            .iter()
            .find(|(path, n)| n == name && !path.split('/').next().unwrap_or("").contains('.'))
            .map(|(p, _)| p.clone())
    }
}

/// A loop that fills a scratch map.
pub(super) struct Filled {
    pub(super) line: LineRef,
    /// How many distinct keys it writes, when that is known (the key is the counter of a
    /// loop with a constant number of turns).
    pub(super) distinct: Option<i128>,
}

/// Where a buffer's uses are checked: the function, the loop its array is hoisted out of,
/// and the site itself when the function is the site's (a callee's parameter has none).
#[derive(Clone, Copy)]
pub(super) struct Frame<'s, 't> {
    pub(super) file: usize,
    pub(super) func: Node<'t>,
    pub(super) outer_loop: Option<Node<'t>>,
    pub(super) site: Option<&'s Site<'t>>,
}

/// What a call the buffer is passed to was judged by.
#[derive(Debug, Clone)]
pub(super) enum Basis {
    /// The compiler's escape facts for the callee's parameter (its words and position).
    Compiler(String),
    /// The documented contract of an interface method (`io.Reader.Read`: "Implementations
    /// must not retain p").
    Contract(String),
    /// gomapfix's list of standard functions that do not retain their arguments (read
    /// from their source; used where the compiler said nothing).
    List,
    /// Its own parameter checked by the same rules, in the package's source.
    Package,
}

/// Calls of the standard library known not to retain their slice arguments, by import path
/// and function; `true` when the result is derived from the argument (an append).
pub(super) const LIB_FUNCS: &[(&str, &str, bool)] = &[
    ("io", "ReadFull", false),
    ("io", "ReadAtLeast", false),
    ("encoding/binary", "PutUvarint", false),
    ("encoding/binary", "PutVarint", false),
    ("encoding/binary", "Uvarint", false),
    ("encoding/binary", "Varint", false),
    ("encoding/binary", "AppendUvarint", true),
    ("encoding/binary", "AppendVarint", true),
    ("strconv", "AppendInt", true),
    ("strconv", "AppendUint", true),
    ("strconv", "AppendFloat", true),
    ("strconv", "AppendBool", true),
    ("strconv", "AppendQuote", true),
    ("strconv", "AppendQuoteRune", true),
    ("strconv", "AppendQuoteToASCII", true),
    ("unicode/utf8", "EncodeRune", false),
    ("unicode/utf8", "AppendRune", true),
    ("unicode/utf8", "DecodeRune", false),
    ("unicode/utf8", "DecodeLastRune", false),
    ("unicode/utf8", "RuneCount", false),
    ("unicode/utf8", "Valid", false),
    ("unicode/utf8", "FullRune", false),
    ("encoding/hex", "Encode", false),
    ("encoding/hex", "Decode", false),
    ("encoding/hex", "AppendEncode", true),
    ("bytes", "Equal", false),
    ("bytes", "Compare", false),
    ("bytes", "Index", false),
    ("bytes", "IndexByte", false),
    ("bytes", "IndexRune", false),
    ("bytes", "IndexAny", false),
    ("bytes", "IndexFunc", false),
    ("bytes", "LastIndex", false),
    ("bytes", "LastIndexByte", false),
    ("bytes", "LastIndexAny", false),
    ("bytes", "HasPrefix", false),
    ("bytes", "HasSuffix", false),
    ("bytes", "Contains", false),
    ("bytes", "Count", false),
];

pub(super) const LIB_VALUES: &[LibValues] = &[
    (
        "encoding/binary",
        &["BigEndian", "LittleEndian", "NativeEndian"],
        &[
            ("PutUint16", false),
            ("PutUint32", false),
            ("PutUint64", false),
            ("Uint16", false),
            ("Uint32", false),
            ("Uint64", false),
            ("AppendUint16", true),
            ("AppendUint32", true),
            ("AppendUint64", true),
        ],
    ),
    (
        "encoding/base64",
        &[
            "StdEncoding",
            "URLEncoding",
            "RawStdEncoding",
            "RawURLEncoding",
        ],
        &[
            ("Encode", false),
            ("Decode", false),
            ("AppendEncode", true),
            ("AppendDecode", true),
        ],
    ),
];

/// Interfaces whose methods must not retain their slice argument (io.Reader: "Implementations
/// must not retain p"; hash.Hash embeds io.Writer), and those methods (derived result?).
pub(super) const IFACES: &[(&str, &[&str])] = &[
    (
        "io",
        &[
            "Reader",
            "Writer",
            "ReadWriter",
            "ReadCloser",
            "WriteCloser",
            "ReadWriteCloser",
            "ReadSeeker",
            "WriteSeeker",
            "ReadWriteSeeker",
            "ReadSeekCloser",
            "ReaderAt",
            "WriterAt",
        ],
    ),
    ("hash", &["Hash", "Hash32", "Hash64"]),
];

/// Whether `path.name` is one of [`IFACES`].
fn is_contract_iface(path: &str, name: &str) -> bool {
    IFACES
        .iter()
        .any(|(p, names)| *p == path && names.contains(&name))
}

/// Where an interface's method comes from (see `Analysis::method_origin`).
enum Origin {
    /// The interface has no such method.
    No,
    /// From this io or hash interface, whose documented contract covers it.
    Contract(crate::semantic::ty::Ty),
    /// Declared by another interface, or not known.
    Unknown,
}

pub(super) const IFACE_METHODS: &[(&str, bool)] = &[
    ("Read", false),
    ("Write", false),
    ("ReadAt", false),
    ("WriteAt", false),
    ("Sum", true),
];

pub(super) const BUILTINS_KEEP_NOTHING: &[&str] =
    &["len", "cap", "clear", "copy", "min", "max", "delete"];
