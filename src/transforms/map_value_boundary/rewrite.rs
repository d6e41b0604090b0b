//! map-value-boundary's edits: what each use of the map becomes (a slab method call), and
//! its creation (`newSlabMap`).

use super::*;
use crate::semantic::ty::Ty;

/// What a use becomes.
pub(super) enum Rewrite<'t> {
    /// Edits of the use's own text.
    Edits(Vec<Edit>),
    /// A creation (`make(...)`, `map[K]V{}`) assigned to the target.
    Creation(usize, Node<'t>),
}

impl<'a, 't> Analysis<'a, 't> {
    /// What one use becomes, or why the target is left alone.
    pub(super) fn rewrite(&self, u: Use<'t>) -> Result<Rewrite<'t>, Reason> {
        let src = self.src(u.file);
        let base = u.base;
        if let Some(c) = self.assigned_creation(u.file, base) {
            return Ok(Rewrite::Creation(u.file, c));
        }
        let Some(parent) = base.parent() else {
            return Err(self.use_reason(u.file, base));
        };
        let line = self.line(u.file, parent.start_byte());
        let operand = parent.child_by_field_name("operand") == Some(base);
        match parent.kind() {
            "index_expression" if operand => self.index_use(u, parent).map(Rewrite::Edits),
            "argument_list" => {
                let call = parent.parent().filter(|c| c.kind() == "call_expression");
                let parts = call.and_then(call_parts);
                let Some((call, (f, args))) = call.zip(parts) else {
                    return Err(self.use_reason(u.file, parent));
                };
                let name = &src[f.byte_range()];
                let method = match (name, args.as_slice()) {
                    ("delete", [m, _]) if *m == base => "Delete",
                    ("len", [m]) if *m == base => "Len",
                    ("clear", [m]) if *m == base => "Clear",
                    _ => {
                        return Err(Reason::PassedOrReturned(short(src, call), line));
                    }
                };
                if f.kind() != "identifier" || !builtin(self.ctx, u.file, f, name) {
                    return Err(Reason::PassedOrReturned(short(src, call), line));
                }
                // The generated file is compiled at the module's version: below go1.21 it
                // has no Clear, though a file with a `//go:build` go version may call clear.
                if method == "Clear" && !self.pkg.allows(21) {
                    return Err(Reason::ClearBelowGo121(short(src, call), line));
                }
                self.order_holds(u, call, args.get(1).copied())?;
                self.plain(u.file, call.start_byte(), base.start_byte(), name, "(")?;
                let args_text = match args.get(1) {
                    Some(k) => {
                        self.plain(u.file, base.end_byte(), k.start_byte(), "", ",")?;
                        self.plain(u.file, k.end_byte(), call.end_byte(), "", ")")?;
                        // `m.Delete(k)`: one argument, where `delete(m, k)` had two.
                        let depth = crate::fix::exprfmt::depth_of(call)
                            .ok_or_else(|| self.layout(u.file, call))?;
                        let key = self.moved(u.file, *k, depth)?;
                        self.around(
                            u.file,
                            base.end_byte(),
                            &[(*k, key)],
                            call.end_byte(),
                            &[&format!(".{method}("), ")"],
                        )
                    }
                    None => {
                        self.plain(u.file, base.end_byte(), call.end_byte(), "", ")")?;
                        vec![Edit::replace(
                            u.file,
                            base.end_byte(),
                            call.end_byte(),
                            format!(".{method}()"),
                        )]
                    }
                };
                let mut edits = vec![Edit::replace(
                    u.file,
                    call.start_byte(),
                    base.start_byte(),
                    "",
                )];
                edits.extend(args_text);
                Ok(Rewrite::Edits(edits))
            }
            "range_clause" if parent.child_by_field_name("right") == Some(base) => {
                if !self.pkg.file_allows(u.file, 23) {
                    return Err(Reason::RangeBelowGo123(short(src, parent), line));
                }
                // The body of a range over a function runs in a function of its own: a
                // recover() there is not called by the deferred function any more, and
                // returns nil where it stopped a panic.
                let body = parent.parent().and_then(|f| f.child_by_field_name("body"));
                if let Some(r) = body.and_then(|b| {
                    descendants(b).into_iter().find(|n| {
                        n.kind() == "call_expression"
                            && n.child_by_field_name("function").is_some_and(|f| {
                                f.kind() == "identifier"
                                    && &src[f.byte_range()] == "recover"
                                    && builtin(self.ctx, u.file, f, "recover")
                            })
                            && !crate::syntax::ast::ancestors(*n)
                                .take_while(|a| Some(*a) != body)
                                .any(|a| a.kind() == "func_literal")
                    })
                }) {
                    return Err(Reason::RecoverInRange(
                        short(src, r),
                        self.line(u.file, r.start_byte()),
                    ));
                }
                Ok(Rewrite::Edits(vec![Edit::insert(
                    u.file,
                    base.end_byte(),
                    ".All()",
                )]))
            }
            "unary_expression"
                if parent
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&") =>
            {
                Err(Reason::AddressTaken(short(src, parent), line))
            }
            "binary_expression" => {
                let nil = [
                    parent.child_by_field_name("left"),
                    parent.child_by_field_name("right"),
                ]
                .into_iter()
                .flatten()
                .any(|o| o.kind() == "nil");
                if nil {
                    Err(Reason::NilComparison(short(src, parent), line))
                } else {
                    Err(self.use_reason(u.file, parent))
                }
            }
            "expression_list" => {
                let stmt = parent.parent();
                let left = stmt.and_then(|s| s.child_by_field_name("left")) == Some(parent);
                let with_entries = stmt
                    .and_then(|s| s.child_by_field_name("right"))
                    .map(list_items)
                    .is_some_and(|r| {
                        r.iter().any(|v| {
                            matches!(
                                retype::creation::<BigValues>(self.pkg, self.ctx, u.file, *v),
                                Some(Creation::WithEntries)
                            )
                        })
                    });
                let nil_store = left
                    && stmt.is_some_and(|s| {
                        s.kind() == "assignment_statement"
                            && has_token(s, "=")
                            && list_items(parent).len() == 1
                            && s.child_by_field_name("right")
                                .map(list_items)
                                .is_some_and(|r| r.len() == 1 && r[0].kind() == "nil")
                    });
                match stmt.map(|s| s.kind()) {
                    // `m = nil`: a nil slab is what a nil map was.
                    _ if nil_store => Ok(Rewrite::Edits(Vec::new())),
                    _ if left && with_entries => {
                        Err(Reason::Shared(Shared::CreatedWithEntries(line)))
                    }
                    Some("return_statement") => {
                        Err(Reason::PassedOrReturned(short(src, parent), line))
                    }
                    Some("assignment_statement" | "short_var_declaration" | "var_spec")
                        if !left =>
                    {
                        Err(Reason::PassedOrReturned(
                            short(src, stmt.unwrap_or(parent)),
                            line,
                        ))
                    }
                    _ => Err(self.use_reason(u.file, context_of(base))),
                }
            }
            "send_statement" | "literal_element" | "keyed_element" => {
                Err(Reason::PassedOrReturned(short(src, parent), line))
            }
            _ => Err(self.use_reason(u.file, context_of(base))),
        }
    }

    /// `m[k]` read (`m.Get(k)`), read with comma-ok (`m.Lookup(k)`) or stored to
    /// (`m.Set(k, v)`).
    pub(super) fn index_use(&self, u: Use<'t>, ix: Node<'t>) -> Result<Vec<Edit>, Reason> {
        let base = u.base;
        let Some(idx) = ix.child_by_field_name("index") else {
            return Err(self.use_reason(u.file, ix));
        };
        self.plain(u.file, base.end_byte(), idx.start_byte(), "", "[")?;
        self.plain(u.file, idx.end_byte(), ix.end_byte(), "", "]")?;
        let list = ix.parent().filter(|p| p.kind() == "expression_list");
        let stmt = list
            .and_then(|l| l.parent())
            .filter(|s| s.kind() == "assignment_statement");
        if let (Some(list), Some(stmt)) = (list, stmt)
            && stmt.child_by_field_name("left") == Some(list)
        {
            let right = stmt
                .child_by_field_name("right")
                .map(list_items)
                .unwrap_or_default();
            // `m[k] = v` alone: `m[k] op= v` and `m[a], x = ...` are not a plain store.
            let [r] = right[..] else {
                return Err(self.use_reason(u.file, stmt));
            };
            if list_items(list).len() != 1 || !has_token(stmt, "=") {
                return Err(self.use_reason(u.file, stmt));
            }
            self.plain(u.file, ix.end_byte(), r.start_byte(), "", "=")?;
            self.order_holds(u, stmt, Some(idx))?;
            // A statement of its own: its two arguments print at depth 2.
            let key = self.moved(u.file, idx, 2)?;
            let value = self.moved(u.file, r, 2)?;
            return Ok(self.around(
                u.file,
                base.end_byte(),
                &[(idx, key), (r, value)],
                r.end_byte(),
                &[".Set(", ", ", ")"],
            ));
        }
        if is_written(ix) {
            return Err(self.use_reason(u.file, context_of(ix)));
        }
        // `m[k].f = v`, `m[k][i]++` and `&m[k].f` do not compile (a map element is not
        // addressable); `m.At(k).f = v` would, and write a slot or a throwaway zero.
        let mut top = ix;
        while let Some(p) = top.parent().filter(|p| {
            (matches!(p.kind(), "selector_expression" | "index_expression")
                && p.child_by_field_name("operand") == Some(top))
                || p.kind() == "parenthesized_expression"
        }) {
            top = p;
        }
        let address = top.parent().is_some_and(|p| {
            p.kind() == "unary_expression"
                && p.child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&")
        });
        if top != ix && (is_written(top) || address) {
            return Err(self.use_reason(u.file, context_of(top)));
        }
        if let Some(why) = self.not_evaluated(u.file, ix) {
            return Err(why);
        }
        if is_comma_ok(ix) {
            self.ok_is_bool(u.file, ix)?;
        }
        self.order_holds(u, ix, Some(idx))?;
        // `m.At(k)` sits where `m[k]` did; k moves from inside an index to the call's one
        // argument.
        let depth = crate::fix::exprfmt::depth_of(ix).ok_or_else(|| self.layout(u.file, ix))?;
        let key = self.moved(u.file, idx, depth)?;
        if is_comma_ok(ix) {
            return Ok(self.around(
                u.file,
                base.end_byte(),
                &[(idx, key)],
                ix.end_byte(),
                &[".Lookup(", ")"],
            ));
        }
        // A read goes through the slot: `m.At(k).f` and `m.At(k)[i]` read one part of the
        // value (a pointer to a struct or an array selects and indexes as the value does),
        // `*m.At(k)` copies it once. A whole value returned by `Get` would be copied into
        // its result first, which costs random lookups about half again.
        let part = ix.parent().is_some_and(|p| {
            matches!(p.kind(), "selector_expression" | "index_expression")
                && p.child_by_field_name("operand") == Some(ix)
        });
        let mut edits = self.around(
            u.file,
            base.end_byte(),
            &[(idx, key)],
            ix.end_byte(),
            &[".At(", ")"],
        );
        if !part {
            edits.push(Edit::insert(u.file, base.start_byte(), "*"));
        }
        Ok(edits)
    }

    /// The edits that turn `[start, end)` into `seps[0] op0 seps[1] op1 ... seps[n]`: the
    /// separators around the operands, and each operand replaced only where its printed
    /// text changed (an operand kept as written may hold another rewritten use).
    pub(super) fn around(
        &self,
        file: usize,
        start: usize,
        operands: &[(Node<'t>, String)],
        end: usize,
        seps: &[&str],
    ) -> Vec<Edit> {
        let src = self.src(file);
        let mut edits = Vec::new();
        let mut at = start;
        for ((n, printed), sep) in operands.iter().zip(seps) {
            if src[n.byte_range()] == **printed {
                edits.push(Edit::replace(file, at, n.start_byte(), *sep));
            } else {
                edits.push(Edit::replace(
                    file,
                    at,
                    n.end_byte(),
                    format!("{sep}{printed}"),
                ));
            }
            at = n.end_byte();
        }
        edits.push(Edit::replace(file, at, end, seps[operands.len()]));
        edits
    }

    /// An operand moved into a call at `depth`, as gofmt prints it there.
    pub(super) fn moved(&self, file: usize, n: Node<'t>, depth: u32) -> Result<String, Reason> {
        crate::fix::exprfmt::print(self.src(file), n, depth).ok_or_else(|| self.layout(file, n))
    }

    pub(super) fn layout(&self, file: usize, n: Node<'t>) -> Reason {
        Reason::LayoutNotModelled(short(self.src(file), n), self.line(file, n.start_byte()))
    }

    /// The text between two points of a use is only `token` (and spaces): what the rewrite
    /// replaces holds no comment and nothing else. `name` is a callee that comes first.
    pub(super) fn plain(
        &self,
        file: usize,
        start: usize,
        end: usize,
        name: &str,
        token: &str,
    ) -> Result<(), Reason> {
        let gap = &self.src(file)[start..end];
        let rest = gap.trim().strip_prefix(name).unwrap_or(gap).trim();
        if rest == token {
            Ok(())
        } else {
            Err(Reason::Shared(Shared::Comment(self.line(file, start))))
        }
    }

    /// `make(map[K]V[, n])` or `map[K]V{}` into `newSlabMap[K, V](n)`.
    pub(super) fn creation_edit(
        &self,
        file: usize,
        c: Node<'t>,
        names: &slab::Names,
    ) -> Result<Edit, Reason> {
        let src = self.src(file);
        let line = self.line(file, c.start_byte());
        let Some(Creation::Empty(ty)) = retype::creation::<BigValues>(self.pkg, self.ctx, file, c)
        else {
            return Err(Reason::Shared(Shared::CreatedWithEntries(line)));
        };
        if crate::syntax::ast::has_comment(c) {
            return Err(Reason::Shared(Shared::Comment(line)));
        }
        self.name_free(file, c, &names.constructor())?;
        let hint = match c.kind() {
            "call_expression" => call_parts(c).and_then(|(_, args)| args.get(1).copied()),
            _ => None,
        };
        let hint = match hint {
            None => "0".to_string(),
            Some(h) => {
                // newSlabMap takes an int: an integer type int holds every value of on
                // 64-bit targets converts; another one (uint64, uint, uintptr, a type of
                // unknown underlying type) could wrap to a negative hint, which panics
                // where the map's make did not.
                let text = &src[h.byte_range()];
                let ty = crate::semantic::selectors::static_type(self.pkg, self.ctx, file, h);
                // `len(x)` and `cap(x)` are ints; a defined type converts as its
                // underlying type does.
                let measured = h.kind() == "call_expression"
                    && call_parts(h).is_some_and(|(f, args)| {
                        let name = &src[f.byte_range()];
                        f.kind() == "identifier"
                            && matches!(name, "len" | "cap")
                            && args.len() == 1
                            && builtin(self.ctx, file, f, name)
                    });
                // The hint's type as a word: a predeclared one's name, `defined N` for a
                // package type whose underlying type is the predeclared integer N (never
                // written as is: converted below), `other` for the rest.
                let ty = ty.map(|t| match &t {
                    Ty::Basic(n) => n.clone(),
                    _ if t.own_name().is_some() => match t.underlying(self.pkg, self.ctx) {
                        Some(Ty::Basic(u))
                            if crate::semantic::index::is_predeclared_integer(&u)
                                && !self.ctx.index.top_level.contains_key(&u) =>
                        {
                            format!("defined {u}")
                        }
                        _ => "other".to_string(),
                    },
                    _ => "other".to_string(),
                });
                match ty.as_deref() {
                    _ if h.kind() == "int_literal" => text.to_string(),
                    _ if measured => text.to_string(),
                    Some("int") => text.to_string(),
                    Some("defined int") => format!("int({text})"),
                    // A constant converts to int whatever its type, when int holds it.
                    _ if crate::semantic::consts::value(self.pkg, self.ctx, file, h)
                        .is_some_and(|v| (0..=i128::from(i64::MAX)).contains(&v)) =>
                    {
                        format!("int({text})")
                    }
                    Some(
                        "int8" | "int16" | "int32" | "int64" | "uint8" | "uint16" | "uint32"
                        | "byte" | "rune" | "defined int8" | "defined int16" | "defined int32"
                        | "defined int64" | "defined uint8" | "defined uint16" | "defined uint32"
                        | "defined byte" | "defined rune",
                    ) => format!("int({text})"),
                    _ => {
                        return Err(Reason::SizeHint(
                            short(src, h),
                            self.line(file, h.start_byte()),
                        ));
                    }
                }
            }
        };
        Ok(Edit::replace(
            file,
            c.start_byte(),
            c.end_byte(),
            format!("{}[{}, {}]({hint})", names.constructor(), ty.key, ty.val),
        ))
    }
}
