//! pool-scratch rewrite: the Get, the deferred Put and the clear, and the package-level
//! pool (shared only with files compiled with the site and naming the same types, and only
//! when gomapfix generated it).

use super::*;

/// Go's tiny allocator's block (`maxTinySize` in runtime/malloc.go): pointer-free objects
/// under it are packed together, and cost about what pooling them does.
const TINY_ALLOC: u64 = 16;

impl<'a, 't> Analysis<'a, 't> {
    /// Whether a per-call array is the wrong size for a pool (checked before the proofs:
    /// whatever they say, it is not pooled).
    pub(super) fn pool_size(&self, site: &Site<'t>) -> Result<(), Reason> {
        if site.kind == Kind::Map || site.outer_loop.is_some() {
            return Ok(());
        }
        // A pool keeps what it holds alive across a garbage collection (two, through its
        // victim cache): an array over the bound is not pooled (fmt's printer drops its
        // buffers over 64 KiB for the same reason). An element of unknown size counts as
        // one byte.
        let ty = crate::semantic::ty::of(self.pkg, self.ctx, self.file, site.ty);
        let elem = ty
            .as_ref()
            .and_then(|t| t.size(self.pkg, self.ctx))
            .map_or(1, |(size, _)| size.max(1));
        let bytes = u64::try_from(site.size)
            .unwrap_or(u64::MAX)
            .saturating_mul(elem);
        if bytes > MAX_POOLED_ARRAY {
            return Err(Reason::TooBigToPool(bytes));
        }
        // Go's tiny allocator serves a pointer-free object under 16 bytes from a shared
        // 16-byte block: about what the pool's Get, deferred Put and clear cost (8 bytes
        // through an io.Reader: 31 ns made, 28 ns pooled; 16 bytes: 42 against 30). Found
        // on roaring64's ReadFrom: one allocation less a call, no faster.
        if bytes < TINY_ALLOC && ty.is_some_and(|t| self.pointer_free(&t, 0)) {
            return Err(Reason::TooSmallToPool(bytes));
        }
        Ok(())
    }

    /// Whether a value of `t` holds no pointer: booleans and numbers, and arrays and
    /// structs of them (what Go's tiny allocator takes).
    fn pointer_free(&self, t: &crate::semantic::ty::Ty, depth: usize) -> bool {
        use crate::semantic::ty::{Class, Ty, predeclared};
        if depth > 8 {
            return false;
        }
        match t.underlying(self.pkg, self.ctx) {
            Some(Ty::Basic(b)) => predeclared(&b).is_some_and(|p| {
                matches!(
                    p.class,
                    Class::Bool | Class::Integer | Class::Float | Class::Complex
                )
            }),
            Some(Ty::Array(_, e)) => self.pointer_free(&e, depth + 1),
            Some(Ty::Struct(fields)) => fields.iter().all(|f| self.pointer_free(&f.ty, depth + 1)),
            _ => false,
        }
    }

    pub(super) fn rewrite(&self, site: &Site<'t>, evidence: Evidence) -> Result<Fix, Reason> {
        let src = self.src();
        let f = &self.pkg.files[self.file];
        // The Get, the Put and the pool are written into the site's file: its version.
        let has_any = self.pkg.file_allows(self.file, 18);
        let has_clear = self.pkg.file_allows(self.file, 21);
        let pos = site.init.start_byte();
        for b in ["new", "make"] {
            if !self.builtin(self.file, b, 0) {
                return Err(Reason::NameShadowed(b));
            }
        }
        if has_clear && !self.builtin(self.file, "clear", pos) {
            return Err(Reason::NameShadowed("clear"));
        }
        // The bounded put-back reads len(m).
        if site.kind == Kind::Map
            && site.outer_loop.is_none()
            && !self.builtin(self.file, "len", pos)
        {
            return Err(Reason::NameShadowed("len"));
        }
        if site.kind == Kind::Map && !has_clear {
            return Err(Reason::OldGo(
                "clear (go1.21), which empties a pooled map of any key type",
            ));
        }
        let any = if has_any && self.builtin(self.file, "any", 0) {
            "any"
        } else {
            "interface{}"
        };
        let ty_text = crate::syntax::ast::one_line(&src[site.ty.byte_range()]);
        // Reused only across the turns of a loop in one call: made once before the loop,
        // no pool.
        if let Some(lp) = site.outer_loop {
            return self.hoist(site, lp, evidence, has_clear, &ty_text);
        }
        let (pooled_ty, new_expr, base) = match site.kind {
            Kind::Slice | Kind::NewArray => (
                format!("*[{}]{ty_text}", site.size),
                format!("new([{}]{ty_text})", site.size),
                format!("{}{}", plural(&ident_words(&ty_text)), site.size),
            ),
            Kind::Map => (
                ty_text.clone(),
                format!("make({ty_text})"),
                ident_words(&ty_text),
            ),
        };
        let decl_text = format!("sync.Pool{{New: func() {any} {{ return {new_expr} }}}}");
        // The pool: an existing one of this package with the same declaration, or a new one.
        let (pool, pool_edit) = self.pool(&format!("{base}Pool"), &decl_text, site.ty)?;
        let mut edits = Vec::new();
        let mut claims = Vec::new();
        if let Some(e) = pool_edit {
            sync_usable(self)?;
            // The import first: with no import yet, both go right after the package clause.
            if let Some(i) = crate::fix::imports::add_import(self.file, f.tree(), src, "sync") {
                edits.push(i);
            }
            edits.push(e);
            // Two files could each declare a pool of this name in one round: the claim
            // keeps the second for the next round, which sees the declaration and shares it
            // (or, when it may not, picks another name).
            claims.push(pool.clone());
        }
        let name = self.text(site.name);
        let indent = indent_at(src, site.stmt.start_byte()).to_string();
        let get = format!("{pool}.Get().({pooled_ty})");
        let zero = |arr: &str| {
            if has_clear {
                format!("clear({arr}[:])")
            } else {
                format!("*{arr} = [{}]{ty_text}{{}}", site.size)
            }
        };
        let view = |arr: &str| match site.len {
            Some(l) => format!("{arr}[:{}]", self.text(l)),
            None => format!("{arr}[:]"),
        };
        let put = |v: &str, ind: &str| match site.kind {
            Kind::Map => bounded_put(&pool, v, ind),
            _ => format!("defer {pool}.Put({v})"),
        };
        let held = match site.kind {
            Kind::NewArray | Kind::Map => name.to_string(),
            Kind::Slice => self.fresh(site.func, &format!("{name}Arr")),
        };
        let site_text = match site.kind {
            Kind::Slice => format!(
                "{held} := {get}\n{indent}{}\n{indent}{}\n{indent}{name} := {}",
                put(&held, &indent),
                zero(&held),
                view(&held)
            ),
            Kind::NewArray => format!(
                "{name} := {get}\n{indent}{}\n{indent}{}",
                put(name, &indent),
                zero(name)
            ),
            Kind::Map => format!("{name} := {get}\n{indent}{}", put(name, &indent)),
        };
        edits.push(Edit::replace(
            self.file,
            site.stmt.start_byte(),
            site.stmt.end_byte(),
            site_text,
        ));
        let message = format!(
            "`{}` taken from {pool} and put back when the function returns",
            short(src, site.init)
        );
        if held != name {
            claims.push(self.local_claim(site, &held));
        }
        Ok(self.fix_of(site, message, evidence, edits, claims))
    }

    /// Two sites of one function could pick the same new name in one round: the claim
    /// keeps the second for the next, which sees the first's name and picks another.
    fn local_claim(&self, site: &Site<'t>, name: &str) -> String {
        format!(
            "{name} in the function at {}:{}",
            self.file,
            site.func.start_byte()
        )
    }

    fn fix_of(
        &self,
        site: &Site<'t>,
        message: String,
        evidence: Evidence,
        edits: Vec<Edit>,
        claims: Vec<String>,
    ) -> Fix {
        Fix {
            rule: RULE,
            file: self.file,
            at: site.init.start_byte(),
            message,
            evidence,
            edits,
            claims,
            unsafe_because: None,
        }
    }

    /// A site inside a loop, made once before the function's outermost loop `lp` holding it
    /// and cleared where it was made, on every turn: the same proof as a pooled site (nothing
    /// derived from it survives a turn), and no pool, since it is reused only inside one
    /// call. The variable keeps its name when it is never assigned and its name means it
    /// alone in the function (`m := make(...)` moves, `clear(m)` stays); else the storage
    /// gets a name of its own and the variable takes it at the site.
    pub(super) fn hoist(
        &self,
        site: &Site<'t>,
        lp: Node<'t>,
        evidence: Evidence,
        has_clear: bool,
        ty_text: &str,
    ) -> Result<Fix, Reason> {
        let src = self.src();
        let name = self.text(site.name);
        let indent = indent_at(src, site.stmt.start_byte()).to_string();
        let at = match lp.parent() {
            Some(p) if p.kind() == "labeled_statement" => p,
            _ => lp,
        };
        // A label sits at the left of gofmt's layout: indent like the loop itself.
        let lindent = indent_at(src, lp.start_byte()).to_string();
        let scopes = &self.ctx.scopes[self.file];
        let never_written = scopes.uses_of(site.decl).into_iter().all(|u| {
            node_at(self.pkg, self.file, u)
                .is_none_or(|n| n.id() == site.name.id() || !crate::syntax::ast::is_written(n))
        });
        let only_meaning = descendants(site.func)
            .into_iter()
            .filter(|n| n.kind() == "identifier" && self.text(*n) == name)
            .all(|n| {
                scopes.local(n.start_byte()) == Some(site.decl)
                    || scopes.decl_at(n.start_byte()) == Some(site.decl)
            });
        let zero = |arr: &str| {
            if has_clear {
                format!("clear({arr}[:])")
            } else {
                format!("*{arr} = [{}]{ty_text}{{}}", site.size)
            }
        };
        // `clear(buf[:cap(buf)])` needs the builtin cap where the site is.
        let cap_ok = site.len.is_none() || self.builtin(self.file, "cap", site.stmt.start_byte());
        let keep_name =
            never_written && only_meaning && (site.kind != Kind::Slice || (has_clear && cap_ok));
        let mut claims = Vec::new();
        let (made, at_site) = if keep_name {
            let made = crate::syntax::ast::one_line(&src[site.stmt.byte_range()]);
            let cleared = match site.kind {
                Kind::Map => format!("clear({name})"),
                Kind::NewArray => zero(name),
                Kind::Slice if site.len.is_some() => format!("clear({name}[:cap({name})])"),
                Kind::Slice => format!("clear({name})"),
            };
            (made, cleared)
        } else {
            let suffix = if site.kind == Kind::Map { "Map" } else { "Arr" };
            let base = if name.ends_with(suffix) {
                format!("{name}Reused")
            } else {
                format!("{name}{suffix}")
            };
            let held = self.fresh(site.func, &base);
            claims.push(self.local_claim(site, &held));
            match site.kind {
                Kind::Map => (
                    format!(
                        "{held} := {}",
                        crate::syntax::ast::one_line(self.text(site.init))
                    ),
                    format!("clear({held})\n{indent}{name} := {held}"),
                ),
                Kind::NewArray => (
                    format!("{held} := new([{}]{ty_text})", site.size),
                    format!("{}\n{indent}{name} := {held}", zero(&held)),
                ),
                Kind::Slice => {
                    let view = match site.len {
                        Some(l) => format!("{held}[:{}]", self.text(l)),
                        None => format!("{held}[:]"),
                    };
                    (
                        format!("{held} := new([{}]{ty_text})", site.size),
                        format!("{}\n{indent}{name} := {view}", zero(&held)),
                    )
                }
            }
        };
        // Above the comment lines that lead into the loop, which belong to it.
        let insert_at = crate::syntax::ast::start_above_leading_comments(src, at);
        let edits = vec![
            Edit::insert(self.file, insert_at, format!("{lindent}{made}\n")),
            Edit::replace(
                self.file,
                site.stmt.start_byte(),
                site.stmt.end_byte(),
                at_site,
            ),
        ];
        let message = format!(
            "`{}` made once before the loop at line {} and cleared on every turn: it is reused only across the turns of one call, so no pool",
            short(src, site.init),
            LineRef::of(self.ctx, self.file, at.start_byte())
        );
        Ok(self.fix_of(site, message, evidence, edits, claims))
    }

    /// The pool named from `base`: one declared with `decl` already (reused), or a new
    /// declaration under a name no identifier of the package spells.
    pub(super) fn pool(
        &self,
        base: &str,
        decl: &str,
        ty: Node<'t>,
    ) -> Result<(String, Option<Edit>), Reason> {
        let is_test = |file: usize| crate::syntax::build::is_test(&self.pkg.files[file].path);
        // A pool another file declared is usable here when that file is always compiled
        // with this one: not a test file (unless this one is), not build-constrained.
        let usable = |file: usize| {
            let f = &self.pkg.files[file];
            file == self.file
                || ((!is_test(file) || is_test(self.file))
                    && !crate::syntax::build::constrained(&f.path, &f.text)
                    && self.names_alike(ty, file))
        };
        for k in 1.. {
            let name = if k == 1 {
                base.to_string()
            } else {
                format!("{base}{k}")
            };
            if let Some((file, value)) = self.package_var(&name) {
                if value == decl && usable(file) && self.owned(&name) {
                    return Ok((name, None));
                }
                continue;
            }
            if self.ctx.index.spelled(self.pkg).contains(&name) {
                continue;
            }
            let f = &self.pkg.files[self.file];
            let root = f.tree().root_node();
            let after = named_children(root)
                .into_iter()
                .rfind(|n| matches!(n.kind(), "import_declaration" | "package_clause"))
                .map_or(0, |n| n.end_byte());
            // Past a trailing comment (`import "os" // for stdout`, `//nolint:...`): it
            // stays with the line it is written on.
            let line_end = f.text[after..]
                .find('\n')
                .map_or(f.text.len(), |p| after + p);
            let after = if f.text[after..line_end].trim_start().starts_with("//") {
                line_end
            } else {
                after
            };
            return Ok((
                name.clone(),
                // Stacking: the new pools of one file's sites go in in one round.
                Some(Edit::insert_stacking(
                    self.file,
                    after,
                    format!("\n\nvar {name} = {decl}"),
                )),
            ));
        }
        unreachable!()
    }

    /// Whether the type `ty` of this file, written in `other`, names the same types: its
    /// `Ty`, resolved here, is written the same way in both files (each imported type under
    /// the same package name, nothing from a dot import, nothing local to a function).
    /// `rand.Rand` is another type in a file that imports `math/rand/v2`, and a pool
    /// declared there holds another type.
    pub(super) fn names_alike(&self, ty: Node<'t>, other: usize) -> bool {
        crate::semantic::ty::of(self.pkg, self.ctx, self.file, ty).is_some_and(|t| {
            let here = t.render(self.pkg, self.ctx, self.file);
            here.is_some() && here == t.render(self.pkg, self.ctx, other)
        })
    }

    /// Whether the package variable `name` is used only as gomapfix uses its pools: every
    /// use is `x := name.Get().(T)` followed at once by `defer name.Put(x)` or
    /// `defer func() { clear(x); name.Put(x) }()`. A pool of the user's with the generated
    /// name and declaration may hold entries it put in its own way (not cleared, still
    /// referenced): it is never shared.
    pub(super) fn owned(&self, name: &str) -> bool {
        // Compared with their spaces collapsed (the bounded form spans lines).
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let defer_forms = |x: &str| {
            [
                format!("defer {name}.Put({x})"),
                format!("defer func() {{ clear({x}); {name}.Put({x}) }}()"),
                words(&bounded_put(name, x, "")),
            ]
        };
        // The `x := name.Get().(T)` statement's variable and its following defer, when `id`
        // is the pool in such a statement.
        let get_site = |stmt: Node<'_>, text: &str| -> bool {
            if stmt.kind() != "short_var_declaration" {
                return false;
            }
            let (Some(l), Some(r)) = (
                stmt.child_by_field_name("left"),
                stmt.child_by_field_name("right"),
            ) else {
                return false;
            };
            let (ls, rs) = (list_items(l), list_items(r));
            if ls.len() != 1 || rs.len() != 1 || rs[0].kind() != "type_assertion_expression" {
                return false;
            }
            let x = &text[ls[0].byte_range()];
            let call = rs[0].child_by_field_name("operand");
            if call.is_none_or(|c| text[c.byte_range()] != format!("{name}.Get()")) {
                return false;
            }
            stmt.next_named_sibling().is_some_and(|d| {
                d.kind() == "defer_statement"
                    && defer_forms(x).contains(&words(&text[d.byte_range()]))
            })
        };
        for (k, f) in self.pkg.files.iter().enumerate() {
            let text = &f.text[..];
            if !text.contains(name) {
                continue;
            }
            for id in descendants(f.tree().root_node()) {
                if id.kind() != "identifier" || &text[id.byte_range()] != name {
                    continue;
                }
                if self.ctx.scopes[k].lookup(name, id.start_byte()).is_some() {
                    continue; // a local of that name, not the pool
                }
                let spec = id.parent().filter(|p| p.kind() == "var_spec");
                if spec.is_some() {
                    continue; // the declaration
                }
                let ok = ancestors(id).any(|a| {
                    (a.kind() == "short_var_declaration" && get_site(a, text))
                        || (a.kind() == "defer_statement"
                            && a.prev_named_sibling().is_some_and(|g| get_site(g, text)))
                });
                if !ok {
                    return false;
                }
            }
        }
        true
    }

    /// A package-level `var NAME = VALUE`: its file and value text.
    /// `None` when no variable has the name; a value of `""` when it is not declared once,
    /// alone in its spec, with a value (such a variable is never a pool to share).
    pub(super) fn package_var(&self, name: &str) -> Option<(usize, String)> {
        let &(loc, _) = self.ctx.index.vars.get(name)?;
        let spec = loc.node(self.pkg, "var_spec")?;
        let f = &self.pkg.files[loc.file];
        let value = (self.ctx.index.unique(name)
            && crate::syntax::ast::field_children(spec, "name").len() == 1)
            .then(|| spec.child_by_field_name("value"))
            .flatten()
            .map(|v| f.text[v.byte_range()].to_string())
            .unwrap_or_default();
        Some((loc.file, value))
    }

    /// A name for a new local: no package-level name, and no identifier spelled in the
    /// function, so it neither shadows nor is shadowed.
    pub(super) fn fresh(&self, func: Node<'t>, base: &str) -> String {
        let spelled: HashSet<&str> = descendants(func)
            .into_iter()
            .filter(|n| n.kind() == "identifier")
            .map(|n| self.text(n))
            .collect();
        (1..)
            .map(|k| {
                if k == 1 {
                    base.to_string()
                } else {
                    format!("{base}{k}")
                }
            })
            .find(|n| !spelled.contains(n.as_str()) && !self.ctx.index.top_level.contains_key(n))
            .unwrap_or_default()
    }
}

/// `sync` must name the package in the file that declares a new pool: not declared in the
/// package, not the name of another import, and imported under its own name (or not at all:
/// then the import is added).
pub(super) fn sync_usable(a: &Analysis<'_, '_>) -> Result<(), Reason> {
    if a.ctx.index.top_level.contains_key("sync") {
        return Err(Reason::NameShadowed("sync"));
    }
    let clash = a
        .ctx
        .imports(a.pkg, a.file)
        .iter()
        .filter(|(_, name)| name != "." && name != "_")
        .any(|(path, name)| (path == "sync") != (name == "sync"));
    if clash {
        return Err(Reason::NameShadowed("sync"));
    }
    // An import whose package clause says `sync` under another path (`example.com/syncx`)
    // gives the file the name too: a file that does not import "sync" but says `sync.X`
    // (or may, where a local declaration of the word hides what it is) has another `sync`.
    let imports_sync = a
        .ctx
        .imports(a.pkg, a.file)
        .iter()
        .any(|(path, name)| path == "sync" && name == "sync");
    let f = &a.pkg.files[a.file];
    if !imports_sync
        && crate::fix::imports::package_refs(f.tree(), &f.text, "sync").is_none_or(|n| n > 0)
    {
        return Err(Reason::NameShadowed("sync"));
    }
    Ok(())
}

/// A type's words as one lower camel-case identifier: `[8]int` → `8Int`, `*big.Int` →
/// `bigInt`, `map[string][4]int` → `mapString4Int`, `byte` → `byte`.
pub(super) fn ident_words(ty: &str) -> String {
    let mut out = String::new();
    for w in ty
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
    {
        let mut cs = w.chars();
        if out.is_empty() {
            out.push_str(w);
        } else if let Some(c) = cs.next() {
            out.extend(c.to_uppercase());
            out.push_str(cs.as_str());
        }
    }
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert_str(0, "arr");
    }
    let mut cs = out.chars();
    match cs.next() {
        Some(c) => c.to_lowercase().chain(cs).collect(),
        None => "scratch".into(),
    }
}

pub(super) fn plural(w: &str) -> String {
    if w.ends_with('s') {
        w.to_string()
    } else {
        format!("{w}s")
    }
}

/// The largest array a pool holds, in bytes: 64 KiB.
pub(super) const MAX_POOLED_ARRAY: u64 = 64 << 10;

/// A pooled map that holds more entries than this when it goes back is dropped, not put
/// back: clearing a map keeps the memory it grew to, and a pool keeps what it is given
/// alive across a garbage collection (two, through its victim cache). 1024 entries bound
/// what one pooled map holds to tens of KB for small keys and values (a Swiss-table group
/// holds 8 slots and a control word); the scratch maps worth pooling hold a few dozen.
pub(super) const MAP_POOL_LIMIT: usize = 1024;

/// `defer` of the put-back of map `v` into `pool`, at indentation `ind`: cleared and put
/// back unless it grew past [`MAP_POOL_LIMIT`] entries.
pub(super) fn bounded_put(pool: &str, v: &str, ind: &str) -> String {
    format!(
        "defer func() {{\n{ind}\tif len({v}) <= {MAP_POOL_LIMIT} {{\n{ind}\t\tclear({v})\n{ind}\t\t{pool}.Put({v})\n{ind}\t}}\n{ind}}}()"
    )
}
