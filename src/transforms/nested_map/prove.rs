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
                .is_some_and(|n| within(n, body) && crate::syntax::ast::is_written(n))
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
                    && static_type(o).is_some_and(|t| t.pointee().is_none())
                    && self.quiet_read(file, o, depth + 1)
            }
            "index_expression" => {
                let (Some(o), Some(i)) = (
                    e.child_by_field_name("operand"),
                    e.child_by_field_name("index"),
                ) else {
                    return false;
                };
                let len = static_type(o).and_then(|t| match t {
                    crate::semantic::ty::Ty::Array(n, _) => Some(i128::from(n)),
                    _ => None,
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
        // later sees it past the bound. The loop's file's version decides.
        if !self.pkg.file_allows(file, 22)
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
        let stmt = crate::semantic::order::Statement::of(self.pkg, self.ctx, c.file, c.cell);
        let Some(call) = stmt.other_call(&[c.cell], &|_| false) else {
            return Ok(());
        };
        let private = |d: DeclId| stmt.private(d, &|_| false);
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
            "parenthesized_expression" => crate::syntax::ast::named_children(e)
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
}

/// `make(map[K]V[, n])` or `map[K]V{}` for the inner map type of `ty`.
pub(super) fn row_creation(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    n: Node<'_>,
    ty: &MapType,
) -> bool {
    let want = format!("map[{}]{}", ty.key, ty.val);
    match n.kind() {
        "call_expression" => {
            let Some((f, args)) = crate::syntax::ast::call_parts(n) else {
                return false;
            };
            text(pkg, file, f) == "make"
                && builtin(ctx, file, f, "make")
                && args.first().is_some_and(|a| text(pkg, file, *a) == want)
        }
        "composite_literal" => {
            n.child_by_field_name("type")
                .is_some_and(|t| text(pkg, file, t) == want)
                && n.child_by_field_name("body")
                    .is_some_and(|b| named_children(b).is_empty())
        }
        _ => false,
    }
}

pub(super) fn next_statement(s: Node<'_>) -> Option<Node<'_>> {
    let mut n = s.next_named_sibling();
    while let Some(x) = n {
        if x.kind() != "comment" {
            return Some(x);
        }
        n = x.next_named_sibling();
    }
    None
}

/// A call or receive inside code the rewrite deletes or replaces; `make`, `len`, `cap` and
/// conversions to predeclared types are pure when their operands are.
pub(super) fn side_effect<'t>(src: &str, n: Node<'t>) -> Option<Node<'t>> {
    descendants(n).into_iter().find(|d| match d.kind() {
        "call_expression" => !d.child_by_field_name("function").is_some_and(|c| {
            let name = &src[c.byte_range()];
            c.kind() == "identifier"
                && (matches!(name, "make" | "len" | "cap")
                    || crate::semantic::index::is_predeclared_integer(name))
        }),
        "unary_expression" => d
            .child_by_field_name("operator")
            .is_some_and(|o| o.kind() == "<-"),
        _ => false,
    })
}

/// Whether a loop body can leave an iteration early.
pub(super) fn has_branch(body: Node<'_>) -> bool {
    descendants(body).iter().any(|d| {
        matches!(
            d.kind(),
            "break_statement" | "continue_statement" | "goto_statement" | "return_statement"
        ) && !ancestors(*d)
            .take_while(|a| *a != body)
            .any(|a| a.kind() == "func_literal")
    })
}
