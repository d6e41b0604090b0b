//! nested-map proofs: the fill loop (start, step, bound, a store on every turn), every
//! index pair in range, every use of the target understood, evaluation order kept, no whole
//! value of the owner observed.

use super::*;

impl<'a, 't> Analysis<'a, 't> {
    /// `for i := 0; i < ROWS; i++ { [m[i] = make(...)]; for j := 0; j < COLS; j++ { m[i][j] = ... } }`
    /// right after the creation.
    pub(super) fn fill_loop(&self, creation_stmt: Node<'t>, uses: &[Use<'t>]) -> Option<Fill<'t>> {
        let file = self.t.file;
        let outer = next_statement(creation_stmt)?;
        let (vi, rows, body) = self.counting_loop(file, outer)?;
        // Every row: the loop starts at 0, steps by one and never moves its variable.
        if has_branch(body) || !self.starts_at_zero(file, outer) || self.written_in(file, vi, body)
        {
            return None;
        }
        let stmts = block_statements(body);
        let mut row_create = None;
        let mut inner_loop = None;
        for s in &stmts {
            let mentions = uses.iter().any(|u| within(u.base, *s));
            if s.kind() == "for_statement" && inner_loop.is_none() {
                inner_loop = Some(*s);
            } else if mentions
                && row_create.is_none()
                && inner_loop.is_none()
                && self.is_row_create_of(file, *s, vi)
            {
                row_create = Some(*s);
            } else if mentions {
                return None;
            }
        }
        let inner = inner_loop?;
        let (vj, cols, ibody) = self.counting_loop(file, inner)?;
        if !self.starts_at_zero(file, inner) || self.written_in(file, vj, ibody) {
            return None;
        }
        let stores = block_statements(ibody).into_iter().any(|s| {
            s.kind() == "assignment_statement"
                && has_token(s, "=")
                && s.child_by_field_name("left")
                    .map(list_items)
                    .is_some_and(|l| {
                        l.len() == 1
                            && self.cell_parts(l[0]).is_some_and(|(base, i, j)| {
                                uses.iter().any(|u| u.base == base)
                                    && self.is_var(file, i, vi)
                                    && self.is_var(file, j, vj)
                            })
                    })
        });
        stores.then_some(Fill {
            rows,
            cols,
            row_create,
            outer,
        })
    }

    /// A loop `for v := 0; v < N; v++` or `for v := range N` with N a positive constant.
    pub(super) fn counting_loop(
        &self,
        file: usize,
        n: Node<'t>,
    ) -> Option<(DeclId, Bound, Node<'t>)> {
        if n.kind() != "for_statement" {
            return None;
        }
        let body = n.child_by_field_name("body")?;
        let (var, bound) = self.loop_header(file, n)?;
        let value = self.eval_at(file, bound)?;
        let src = self.src(file);
        let name = (bound.kind() == "identifier").then(|| {
            let w = &src[bound.byte_range()];
            let b = self.binding_at(file, w, bound.start_byte());
            (w.to_string(), b)
        });
        let name = name.filter(|(w, b)| self.untyped_const(w, *b));
        (value > 0).then_some((var, Bound { value, name }, body))
    }

    /// Whether a counting loop starts at 0 (`for v := range N` always does).
    pub(super) fn starts_at_zero(&self, file: usize, n: Node<'t>) -> bool {
        named_children(n).iter().any(|ch| match ch.kind() {
            "range_clause" => true,
            "for_clause" => ch
                .child_by_field_name("initializer")
                .and_then(|i| i.child_by_field_name("right"))
                .map(list_items)
                .is_some_and(|r| r.len() == 1 && self.eval_at(file, r[0]) == Some(0)),
            _ => false,
        })
    }

    /// Whether `d` is assigned, incremented or has its address taken inside `body`.
    pub(super) fn written_in(&self, file: usize, d: DeclId, body: Node<'t>) -> bool {
        if self.ctx.scopes[file].opaque(d) {
            return true;
        }
        self.ctx.scopes[file].uses_of(d).into_iter().any(|s| {
            body.descendant_for_byte_range(s, s)
                .is_some_and(|n| within(n, body) && crate::ast::is_written(n))
        })
    }

    /// The variable a loop counts with from a non-negative start, and its exclusive bound.
    pub(super) fn loop_header(&self, file: usize, n: Node<'t>) -> Option<(DeclId, Node<'t>)> {
        let l = crate::semantic::loops::counting_loop(
            n,
            self.src(file),
            &self.ctx.scopes[file],
            &|x| self.eval_at(file, x),
        )?;
        // The proofs need `0 <= i < bound`.
        (l.start >= 0 && !l.inclusive).then_some((l.var, l.bound))
    }

    pub(super) fn is_var(&self, file: usize, n: Node<'_>, d: DeclId) -> bool {
        n.kind() == "identifier" && self.ctx.scopes[file].local(n.start_byte()) == Some(d)
    }

    /// `m[v] = make(map[K]V[, n])` or `m[v] = map[K]V{}`.
    pub(super) fn is_row_create_of(&self, file: usize, s: Node<'t>, v: DeclId) -> bool {
        self.row_create_parts(file, s)
            .is_some_and(|(_, i)| self.is_var(file, i, v))
    }

    /// For a row creation statement: the row `m[i]` and its index.
    pub(super) fn row_create_parts(
        &self,
        file: usize,
        s: Node<'t>,
    ) -> Option<(Node<'t>, Node<'t>)> {
        if s.kind() != "assignment_statement" || !has_token(s, "=") {
            return None;
        }
        let l = list_items(s.child_by_field_name("left")?);
        let r = list_items(s.child_by_field_name("right")?);
        if l.len() != 1 || r.len() != 1 || l[0].kind() != "index_expression" {
            return None;
        }
        if !row_creation(self.pkg, self.ctx, file, r[0], &self.t.ty) {
            return None;
        }
        Some((l[0], l[0].child_by_field_name("index")?))
    }

    /// `base[i][j]` split into its parts.
    pub(super) fn cell_parts(&self, n: Node<'t>) -> Option<(Node<'t>, Node<'t>, Node<'t>)> {
        if n.kind() != "index_expression" {
            return None;
        }
        let row = n.child_by_field_name("operand")?;
        if row.kind() != "index_expression" {
            return None;
        }
        Some((
            row.child_by_field_name("operand")?,
            row.child_by_field_name("index")?,
            n.child_by_field_name("index")?,
        ))
    }

    /// Sorts one use into a cell, a row creation the rewrite deletes, a creation, a nil
    /// comparison, or a reason to skip.
    pub(super) fn classify(
        &self,
        u: Use<'t>,
        fill: Option<&Fill<'t>>,
        cells: &mut Vec<CellUse<'t>>,
        deleted: &mut Vec<Node<'t>>,
        creations: &mut Vec<(usize, Node<'t>)>,
    ) -> Result<(), Reason> {
        let src = self.src(u.file);
        let Some(parent) = u.base.parent() else {
            return Err(self.use_reason(u.file, u.base));
        };
        if parent.kind() == "binary_expression" {
            let op = parent
                .child_by_field_name("operator")
                .map(|o| &src[o.byte_range()]);
            let other = if parent.child_by_field_name("left") == Some(u.base) {
                parent.child_by_field_name("right")
            } else {
                parent.child_by_field_name("left")
            };
            // A flattened slice is nil exactly when the map was: only creations assign it.
            if matches!(op, Some("==" | "!=")) && other.is_some_and(|o| o.kind() == "nil") {
                return Ok(());
            }
        }
        if let Some(c) = self.assigned_creation(u.file, u.base) {
            creations.push((u.file, c));
            return Ok(());
        }
        if parent.kind() != "index_expression"
            || parent.child_by_field_name("operand") != Some(u.base)
        {
            return Err(self.use_reason(u.file, context_of(u.base)));
        }
        let row = parent;
        let Some(i) = row.child_by_field_name("index") else {
            return Err(self.use_reason(u.file, row));
        };
        let Some(rp) = row.parent() else {
            return Err(self.use_reason(u.file, row));
        };
        if rp.kind() == "index_expression" && rp.child_by_field_name("operand") == Some(row) {
            let cell = rp;
            let Some(j) = cell.child_by_field_name("index") else {
                return Err(self.use_reason(u.file, cell));
            };
            cells.push(CellUse {
                file: u.file,
                base: u.base,
                cell,
                i,
                j,
                comma_ok: is_comma_ok(cell),
            });
            return Ok(());
        }
        // A row creation: part of the fill loop, or of a guard idiom, or a reset.
        let stmt = enclosing_statement(row);
        if fill.is_some_and(|f| f.row_create == Some(stmt)) {
            return Ok(());
        }
        if let Some(guard) = self.guard_of(u.file, row, stmt) {
            if !deleted.contains(&guard) {
                deleted.push(guard);
            }
            return Ok(());
        }
        if self
            .row_create_parts(u.file, stmt)
            .is_some_and(|(r, _)| r == row)
        {
            return Err(Reason::RowReset(
                short(src, stmt),
                self.line(u.file, stmt.start_byte()),
            ));
        }
        Err(self.use_reason(u.file, context_of(row)))
    }

    /// The `if` statement of `if m[i] == nil { m[i] = make(...) }` or
    /// `if _, ok := m[i]; !ok { m[i] = ... }` that `row` belongs to.
    pub(super) fn guard_of(&self, file: usize, row: Node<'t>, stmt: Node<'t>) -> Option<Node<'t>> {
        let src = self.src(file);
        let if_stmt = std::iter::once(stmt)
            .chain(ancestors(stmt))
            .find(|a| a.kind() == "if_statement")?;
        if if_stmt.child_by_field_name("alternative").is_some() {
            return None;
        }
        let body = block_statements(if_stmt.child_by_field_name("consequence")?);
        let [create] = body.as_slice() else {
            return None;
        };
        let (crow, ci) = self.row_create_parts(file, *create)?;
        let base_text = |r: Node<'_>| {
            r.child_by_field_name("operand")
                .map(|o| &src[o.byte_range()])
        };
        let idx = &src[ci.byte_range()];
        // The index is read twice, and the guard that reads it first is deleted: it must
        // read the same value both times and never panic.
        if !self.quiet_read(file, ci, 0) {
            return None;
        }
        let same_row = |r: Node<'_>| {
            r.kind() == "index_expression"
                && base_text(r) == base_text(crow)
                && r.child_by_field_name("index")
                    .is_some_and(|x| &src[x.byte_range()] == idx)
        };
        let cond = if_stmt.child_by_field_name("condition")?;
        let shaped = match if_stmt.child_by_field_name("initializer") {
            None => {
                cond.kind() == "binary_expression"
                    && cond
                        .child_by_field_name("operator")
                        .is_some_and(|o| &src[o.byte_range()] == "==")
                    && cond.child_by_field_name("left").is_some_and(same_row)
                    && cond
                        .child_by_field_name("right")
                        .is_some_and(|r| r.kind() == "nil")
            }
            Some(init) => {
                let ok_name = init.child_by_field_name("left").map(list_items);
                let right = init.child_by_field_name("right").map(list_items);
                match (ok_name.as_deref(), right.as_deref()) {
                    (Some([blank, ok]), Some([r])) => {
                        init.kind() == "short_var_declaration"
                            && &src[blank.byte_range()] == "_"
                            && same_row(*r)
                            && cond.kind() == "unary_expression"
                            && cond
                                .child_by_field_name("operand")
                                .is_some_and(|o| src[o.byte_range()] == src[ok.byte_range()])
                    }
                    _ => false,
                }
            }
        };
        (shaped
            && (row == crow
                || within(row, cond)
                || if_stmt
                    .child_by_field_name("initializer")
                    .is_some_and(|i| within(row, i))))
        .then_some(if_stmt)
    }

    /// Whether evaluating `e` only reads, and cannot panic: a name, a constant, a field of a
    /// struct value (not through a pointer, which may be nil), or an element of an array
    /// value at a constant index within its length (`p[0]` of a `[2]int8`, `q.Y`).
    pub(super) fn quiet_read(&self, file: usize, e: Node<'t>, depth: u32) -> bool {
        if depth > 8 {
            return false;
        }
        let static_type =
            |n: Node<'t>| crate::semantic::selectors::static_type(self.pkg, self.ctx, file, n);
        match e.kind() {
            "identifier" | "int_literal" => true,
            "parenthesized_expression" => named_children(e)
                .first()
                .is_some_and(|x| self.quiet_read(file, *x, depth + 1)),
            "selector_expression" => {
                let Some(o) = e.child_by_field_name("operand") else {
                    return false;
                };
                // The field's own type is known only when no embedded pointer is on its path.
                static_type(e).is_some()
                    && static_type(o).is_some_and(|t| !t.starts_with('*'))
                    && self.quiet_read(file, o, depth + 1)
            }
            "index_expression" => {
                let (Some(o), Some(i)) = (
                    e.child_by_field_name("operand"),
                    e.child_by_field_name("index"),
                ) else {
                    return false;
                };
                let len = static_type(o).and_then(|t| {
                    let rest = t.strip_prefix('[')?;
                    let (n, _) = rest.split_once(']')?;
                    n.trim().parse::<i128>().ok()
                });
                let at = self.eval_at(file, i);
                matches!((len, at), (Some(n), Some(k)) if (0..n).contains(&k))
                    && self.quiet_read(file, o, depth + 1)
            }
            _ => false,
        }
    }

    /// Whether an index is proven in `[0, dim)` where it is used: a constant inside the
    /// bounds, or the variable of an enclosing counting loop bounded within `dim` and not
    /// assigned in its body.
    pub(super) fn proven(&self, file: usize, idx: Node<'t>, dim: i128, at: Node<'t>) -> bool {
        if let Some(v) = self.eval_at(file, idx) {
            return (0..dim).contains(&v);
        }
        if idx.kind() != "identifier" {
            return false;
        }
        let scopes = &self.ctx.scopes[file];
        let Some(d) = scopes.local(idx.start_byte()) else {
            return false;
        };
        let Some(for_stmt) = ancestors(at).find(|a| {
            a.kind() == "for_statement" && self.loop_header(file, *a).is_some_and(|(v, _)| v == d)
        }) else {
            return false;
        };
        let Some((_, bound)) = self.loop_header(file, for_stmt) else {
            return false;
        };
        let Some(body) = for_stmt.child_by_field_name("body") else {
            return false;
        };
        // Before go1.22 a loop shares one variable across iterations: a closure that runs
        // later sees it past the bound.
        if !self.pkg.allows(22)
            && ancestors(at)
                .take_while(|a| *a != body)
                .any(|a| a.kind() == "func_literal")
        {
            return false;
        }
        if !within(at, body) || self.eval_at(file, bound).is_none_or(|b| b > dim) {
            return false;
        }
        !self.written_in(file, d, body)
    }

    /// Class 7 of the sound-proofs issue: the rewritten cell reads its target and indices
    /// as the original did, relative to the statement's other calls. A checked index is
    /// itself a call (ordered among them, panicking before a later one runs where the
    /// original ran it), so a checked cell is skipped beside any other call; a proven
    /// cell only when that call may write the target or an index (anything but a local
    /// no call can reach, or a constant).
    pub(super) fn order_holds(&self, c: &CellUse<'t>, proven: bool) -> Result<(), Reason> {
        let src = self.src(c.file);
        let scopes = &self.ctx.scopes[c.file];
        let unit = crate::semantic::order::evaluation_unit(c.cell);
        let Some(call) = crate::semantic::order::other_effect(
            unit,
            &[c.cell],
            src,
            scopes,
            &self.ctx.index,
            &|_| false,
        ) else {
            return Ok(());
        };
        let root = self.pkg.files[c.file].tree.root_node();
        let func = ancestors(c.cell).find(|a| crate::ast::is_function(*a));
        let private = |d: DeclId| {
            func.is_some_and(|f| {
                crate::semantic::order::private_local(
                    root,
                    src,
                    f,
                    scopes,
                    d,
                    &self.ctx.index,
                    &|_| false,
                )
            })
        };
        let target_private = match self.t.kind {
            Kind::Local(d) => c.file == self.t.file && private(d),
            _ => false,
        };
        if proven
            && target_private
            && self.stable(c.file, c.i, &private)
            && self.stable(c.file, c.j, &private)
        {
            return Ok(());
        }
        Err(Reason::EvalOrder(
            short(src, c.cell),
            short(src, call),
            self.line(c.file, c.cell.start_byte()),
        ))
    }

    /// Whether no call can change the value of an index expression: constants, and locals
    /// `private` accepts, joined by operators that read nothing else.
    pub(super) fn stable(
        &self,
        file: usize,
        e: Node<'t>,
        private: &dyn Fn(DeclId) -> bool,
    ) -> bool {
        if self.eval_at(file, e).is_some() {
            return true;
        }
        let scopes = &self.ctx.scopes[file];
        match e.kind() {
            "identifier" => scopes.local(e.start_byte()).is_some_and(|d| {
                scopes.decl(d).kind == crate::semantic::scope::DeclKind::Const || private(d)
            }),
            "parenthesized_expression" => crate::ast::named_children(e)
                .first()
                .is_some_and(|x| self.stable(file, *x, private)),
            "binary_expression" => ["left", "right"].iter().all(|f| {
                e.child_by_field_name(f)
                    .is_some_and(|x| self.stable(file, x, private))
            }),
            "unary_expression" => {
                e.child_by_field_name("operator")
                    .is_some_and(|o| !matches!(o.kind(), "*" | "<-" | "&"))
                    && e.child_by_field_name("operand")
                        .is_some_and(|x| self.stable(file, x, private))
            }
            _ => false,
        }
    }

    /// Class 8 of the sound-proofs issue: a field's type is seen by whatever gets the whole
    /// struct: `fmt` prints a map as `map[...]` and a slice as `[...]`, reflection and
    /// encoders walk the fields, an interface value can reach any of them. The field is
    /// kept only when no value that may hold the owner struct (the struct, a pointer to it,
    /// a slice, map, array or struct of them) is an argument of a call outside the package
    /// (or of a function value, a builtin such as `panic`, a conversion to an interface),
    /// or of one of the package's functions at a parameter of interface type.
    pub(super) fn no_whole_value_use(&self) -> Result<(), Reason> {
        let owner = self.t.owner.as_deref().unwrap_or_default();
        let holders = self.holder_types(owner);
        for (fi, f) in self.pkg.files.iter().enumerate() {
            for n in descendants(f.tree.root_node()) {
                if self.boxes_owner(fi, n, &holders) {
                    return Err(Reason::WholeValue(
                        owner.to_string(),
                        short(&f.text, n),
                        self.line(fi, n.start_byte()),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Whether `n` hands a value that may hold one of `holders` to code that can look at
    /// it whole: an argument of a call that observes it, or a conversion to an interface
    /// (an element of a literal, an assignment, a return or a send of an interface type),
    /// after which any code the interface value reaches can.
    pub(super) fn boxes_owner(&self, file: usize, n: Node<'t>, holders: &[String]) -> bool {
        let src = self.src(file);
        let may = |e: Node<'t>| self.may_hold(file, e, holders, 0);
        let ty_boxes = |e: Node<'t>| {
            crate::semantic::selectors::static_type(self.pkg, self.ctx, file, e)
                .is_none_or(|t| self.boxes(&t))
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
                holders.iter().any(|h| h == t)
                    && self.ctx.scopes[file].local(i.start_byte()).is_none()
            }),
            "call_expression" => crate::ast::call_parts(n).is_some_and(|(callee, args)| {
                args.iter()
                    .enumerate()
                    .any(|(k, a)| self.observes(file, callee, k) && may(*a))
            }),
            "composite_literal" => {
                let Some(ty) = n.child_by_field_name("type") else {
                    return false;
                };
                let Some(body) = n.child_by_field_name("body") else {
                    return false;
                };
                self.boxes(&src[ty.byte_range()])
                    && named_children(body).into_iter().any(|el| {
                        let v = match el.kind() {
                            "keyed_element" => named_children(el).last().copied(),
                            _ => Some(el),
                        };
                        v.map(|v| named_children(v).first().copied().unwrap_or(v))
                            .is_some_and(may)
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
                self.boxes(&src[t.byte_range()])
                    && n.child_by_field_name("value")
                        .is_some_and(|v| list_items(v).into_iter().any(may))
            }),
            "send_statement" => {
                n.child_by_field_name("value").is_some_and(may)
                    && n.child_by_field_name("channel").is_none_or(ty_boxes)
            }
            "return_statement" => {
                let func = ancestors(n).find(|a| crate::ast::is_function(*a));
                let results = func
                    .and_then(|f| f.child_by_field_name("result"))
                    .map(|r| self.boxes(&src[r.byte_range()]));
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
    pub(super) fn bound_literal(&self, file: usize, id: Node<'t>) -> Option<Node<'t>> {
        let scopes = &self.ctx.scopes[file];
        let d = scopes.local(id.start_byte())?;
        let decl = scopes.decl(d);
        let root = self.pkg.files[file].tree.root_node();
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
                        .is_some_and(|n| crate::ast::is_written(n))
            });
        (l.start_byte() == decl.name_start && r.kind() == "func_literal" && !written).then_some(r)
    }

    /// The owner and every package type whose declaration mentions a type of the set.
    pub(super) fn holder_types(&self, owner: &str) -> Vec<String> {
        let mut set = vec![owner.to_string()];
        loop {
            let before = set.len();
            for (name, decl) in &self.ctx.index.types {
                if set.contains(name) {
                    continue;
                }
                let f = &self.pkg.files[decl.spec.file];
                let text = &f.text[decl.spec.start..decl.spec.end];
                if set.iter().any(|t| mentions(text, t)) {
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
    pub(super) fn observes(&self, file: usize, callee: Node<'t>, k: usize) -> bool {
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
                    ix.methods
                        .get(&(r.trim_start_matches('*').to_string(), m.to_string()))
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
            let f = &self.pkg.files[p.ty.file];
            let ty = f.text[p.ty.start..p.ty.end].trim_start_matches("...");
            !self.concrete(ty)
        })
    }

    /// Whether a type holds interface values anywhere (`any`, `[]any`, `map[string]error`,
    /// a struct with an interface field): any of them may hold the owner struct. A type of
    /// another package holds one of the package's values only after being handed it, which
    /// is itself an argument the check stops at.
    pub(super) fn boxes(&self, ty: &str) -> bool {
        ["any", "interface", "error"]
            .iter()
            .any(|w| mentions(ty, w))
            || self.ctx.index.types.iter().any(|(name, d)| {
                mentions(ty, name)
                    && self.pkg.files[d.spec.file].text[d.spec.start..d.spec.end]
                        .contains("interface")
            })
    }

    /// Whether a parameter type is concrete (not an interface, nor a type parameter).
    pub(super) fn concrete(&self, ty: &str) -> bool {
        if matches!(ty, "any" | "error") || ty.starts_with("interface") {
            return false;
        }
        let base = ty.trim_start_matches(['*', '[', ']']);
        match self.ctx.index.types.get(base) {
            Some(d) => {
                let f = &self.pkg.files[d.spec.file];
                !f.text[d.spec.start..d.spec.end].contains("interface")
            }
            // A predeclared type, a type of another package (io.Reader?), or a type
            // parameter: only the first is surely concrete.
            None => crate::semantic::index::is_predeclared_type(base),
        }
    }

    /// Whether an expression may hold a value of one of `holders`. Its static type decides
    /// when the source states it; otherwise where it comes from: a literal, an arithmetic
    /// or comparison result, a builtin's result or a call of another package's function
    /// cannot (another package can hand back such a value only after receiving one, which
    /// is itself an argument this check stops at), a path into a value that may is taken to.
    pub(super) fn may_hold(
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
            return holders.iter().any(|h| mentions(&ty, h));
        }
        let src = self.src(file);
        let scopes = &self.ctx.scopes[file];
        let ix = &self.ctx.index;
        let again =
            |x: Option<Node<'t>>| x.is_none_or(|x| self.may_hold(file, x, holders, depth + 1));
        match e.kind() {
            "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "true"
            | "false"
            | "nil"
            | "iota"
            | "binary_expression"
            | "func_literal" => false,
            "parenthesized_expression" | "variadic_argument" => {
                again(named_children(e).first().copied())
            }
            "unary_expression" => {
                let op = e.child_by_field_name("operator").map(|o| o.kind());
                matches!(op, Some("&" | "*" | "<-")) && again(e.child_by_field_name("operand"))
            }
            "index_expression" | "slice_expression" | "selector_expression" => {
                again(e.child_by_field_name("operand"))
            }
            "type_assertion_expression" => e
                .child_by_field_name("type")
                .is_none_or(|t| holders.iter().any(|h| mentions(&src[t.byte_range()], h))),
            "call_expression" => {
                let Some((f, args)) = crate::ast::call_parts(e) else {
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
                            holders.iter().any(|h| mentions(t, h)) || self.boxes(t)
                        })
                    }
                    "identifier" => {
                        let name = &src[f.byte_range()];
                        if let Some(sig) = ix.funcs.get(name) {
                            return sig.results.iter().any(|r| {
                                let t = &self.pkg.files[r.ty.file].text[r.ty.start..r.ty.end];
                                holders.iter().any(|h| mentions(t, h)) || !self.concrete(t)
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
                                    holders.iter().any(|h| mentions(t, h)) || !self.concrete(t)
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
                    return ix.top_level.contains_key(name) && !ix.consts.contains_key(name);
                };
                let decl = scopes.decl(d);
                let root = self.pkg.files[file].tree.root_node();
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
