//! The retyped variable or field: what nested-map and map-value-boundary share. Both
//! change the type of one local, package variable or unexported struct field from a map
//! to something else, and must find it (its declaration forms), every use of it in the
//! package, where it is created, and whether a whole value of its struct can reach code
//! that would see the new type (printing, reflection, encoders, interfaces). The
//! transform says which map types it takes ([`Shape`]) and what each use becomes; the
//! reasons found here ([`Why`]): those worded alike are [`Shared`], the others each transform
//! words in its own terms.

mod reasons;
mod whole_value;

pub(crate) use reasons::{Shared, Why};

use super::Context;
use crate::fix::align::{self, Cell, Line};
use crate::fix::edit::{Edit, Findings, Fix, LineRef, SkipReason, line_end, line_start};
use crate::semantic::scope::{DeclId, has_token};
use crate::syntax::ast::{
    ancestors, descendants, enclosing_statement, field_children, list_items, named_children, short,
    top_level,
};
use crate::syntax::package::{Package, PkgFile};
use tree_sitter::Node;

/// The map types a transform takes, read from a type node where it is written.
pub(crate) trait Shape: Clone {
    fn of_type(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<Self>;
    /// Whether two recognised types are the same map type.
    fn same(&self, other: &Self) -> bool;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Local(DeclId),
    PkgVar,
    Field,
}

pub(crate) struct Target<'t, S> {
    pub(crate) kind: Kind,
    pub(crate) name: String,
    pub(crate) file: usize,
    pub(crate) name_node: Node<'t>,
    /// The statement (local), top-level declaration (package var) or field declaration.
    pub(crate) decl: Node<'t>,
    pub(crate) ty: S,
    /// The `map_type` written in the declaration, when there is one.
    pub(crate) type_node: Option<Node<'t>>,
    /// The creation expression of the declaration, when there is one.
    pub(crate) init: Option<Node<'t>>,
    /// The struct type's name, for a field.
    pub(crate) owner: Option<String>,
}

enum Candidate<'t, S> {
    None,
    Skip(usize, Why),
    Target(Box<Target<'t, S>>),
}

/// The one driver of a retyping transform: walks the declarations of every file `pick`
/// takes (and that parses), turns each into a target of shape `S`, a skip, or nothing, and
/// hands each target no `//gomapfix:ignore` covers to `analyse`, reporting its fix or its
/// reason at the target's name.
pub(crate) fn drive<'t, S: Shape, R: SkipReason + From<Why> + 'static>(
    pkg: &'t Package,
    ctx: &Context,
    out: &mut Findings,
    pick: impl Fn(&PkgFile) -> bool,
    mut analyse: impl FnMut(&Target<'t, S>) -> Result<Fix, R>,
) {
    for (file, f) in pkg.files.iter().enumerate() {
        if !f.parses() || !pick(f) {
            continue;
        }
        for n in descendants(f.tree().root_node()) {
            let found = match n.kind() {
                "short_var_declaration" | "var_spec" => candidate_var::<S>(pkg, ctx, file, n),
                "field_declaration" => candidate_field::<S>(pkg, ctx, file, n),
                _ => Candidate::None,
            };
            match found {
                Candidate::None => {}
                Candidate::Skip(at, why) => out.skip(file, at, R::from(why)),
                Candidate::Target(t) => {
                    let at = t.name_node.start_byte();
                    if out.ignored(ctx, file, at) {
                        continue;
                    }
                    match analyse(&t) {
                        Ok(fix) => out.fixes.push(fix),
                        Err(reason) => out.skip(file, at, reason),
                    }
                }
            }
        }
    }
}

pub(crate) fn text<'t>(pkg: &'t Package, file: usize, n: Node<'_>) -> &'t str {
    &pkg.files[file].text[n.byte_range()]
}

pub(crate) enum Creation<S> {
    Empty(S),
    WithEntries,
}

/// `make(T[, n])` or `T{}` (or `T{...}`, [`Creation::WithEntries`]) for a map type `T`
/// the shape takes.
pub(crate) fn creation<S: Shape>(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    n: Node<'_>,
) -> Option<Creation<S>> {
    match n.kind() {
        "call_expression" => {
            let f = n.child_by_field_name("function")?;
            if text(pkg, file, f) != "make" || !builtin(ctx, file, f, "make") {
                return None;
            }
            let args = named_children(n.child_by_field_name("arguments")?);
            S::of_type(pkg, ctx, file, *args.first()?).map(Creation::Empty)
        }
        "composite_literal" => {
            let ty = S::of_type(pkg, ctx, file, n.child_by_field_name("type")?)?;
            let body = n.child_by_field_name("body")?;
            if named_children(body).iter().any(|c| c.kind() != "comment") {
                Some(Creation::WithEntries)
            } else {
                Some(Creation::Empty(ty))
            }
        }
        _ => None,
    }
}

/// Whether `ident` names the predeclared `name` (not shadowed locally or in the package).
pub(crate) fn builtin(ctx: &Context, file: usize, ident: Node<'_>, name: &str) -> bool {
    ctx.scopes[file].local(ident.start_byte()).is_none() && !ctx.index.top_level.contains_key(name)
}

pub(crate) fn in_function(n: Node<'_>) -> bool {
    ancestors(n).any(crate::syntax::ast::is_function)
}

fn candidate_var<'t, S: Shape>(
    pkg: &'t Package,
    ctx: &Context,
    file: usize,
    n: Node<'t>,
) -> Candidate<'t, S> {
    let (names, values, type_node) = if n.kind() == "short_var_declaration" {
        let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return Candidate::None;
        };
        (list_items(l), list_items(r), None)
    } else {
        let values = n
            .child_by_field_name("value")
            .map(list_items)
            .unwrap_or_default();
        (
            field_children(n, "name"),
            values,
            n.child_by_field_name("type"),
        )
    };
    let declared_type = type_node.and_then(|t| S::of_type(pkg, ctx, file, t));
    let created: Vec<(Node<'t>, Creation<S>)> = values
        .iter()
        .filter_map(|v| creation(pkg, ctx, file, *v).map(|c| (*v, c)))
        .collect();
    if declared_type.is_none() && created.is_empty() {
        return Candidate::None;
    }
    let Some(first) = names.first().copied() else {
        return Candidate::None;
    };
    if names.len() != 1 || values.len() > 1 {
        return Candidate::Skip(first.start_byte(), Why::Shared(Shared::SeveralNames));
    }
    if let Some((v, Creation::WithEntries)) = created.first() {
        return Candidate::Skip(
            first.start_byte(),
            Why::Shared(Shared::CreatedWithEntries(LineRef::of(
                ctx,
                file,
                v.start_byte(),
            ))),
        );
    }
    let init = created.first().map(|(v, _)| *v);
    if init.is_none() && !values.is_empty() {
        let v = values[0];
        return Candidate::Skip(
            first.start_byte(),
            Why::Shared(Shared::Use(
                short(&pkg.files[file].text, v),
                LineRef::of(ctx, file, v.start_byte()),
            )),
        );
    }
    let ty = match (declared_type, created.into_iter().next()) {
        (Some(t), _) => t,
        (None, Some((_, Creation::Empty(t)))) => t,
        _ => return Candidate::None,
    };
    let name = text(pkg, file, first).to_string();
    let local = in_function(n);
    let decl = if local {
        enclosing_statement(n)
    } else {
        top_level(n)
    };
    let declaring = std::iter::once(n)
        .chain(ancestors(n))
        .find(|a| matches!(a.kind(), "short_var_declaration" | "var_declaration"));
    if local
        && !declaring
            .and_then(|d| d.parent())
            .is_some_and(|p| matches!(p.kind(), "statement_list" | "block"))
    {
        return Candidate::Skip(first.start_byte(), Why::Shared(Shared::HeaderDeclaration));
    }
    let kind = if local {
        match ctx.scopes[file].decl_at(first.start_byte()) {
            Some(d) => Kind::Local(d),
            None => return Candidate::None,
        }
    } else {
        Kind::PkgVar
    };
    if local && name == "_" {
        return Candidate::None;
    }
    Candidate::Target(Box::new(Target {
        kind,
        name,
        file,
        name_node: first,
        decl,
        ty,
        type_node,
        init,
        owner: None,
    }))
}

fn candidate_field<'t, S: Shape>(
    pkg: &'t Package,
    ctx: &Context,
    file: usize,
    n: Node<'t>,
) -> Candidate<'t, S> {
    let Some(ty_node) = n.child_by_field_name("type") else {
        return Candidate::None;
    };
    let Some(ty) = S::of_type(pkg, ctx, file, ty_node) else {
        return Candidate::None;
    };
    let names = field_children(n, "name");
    let Some(first) = names.first().copied() else {
        return Candidate::None;
    };
    if names.len() != 1 {
        return Candidate::Skip(first.start_byte(), Why::Shared(Shared::SeveralNames));
    }
    // Only a field of a named struct declared at the package level: its type is the owner.
    let spec = n.parent().and_then(|l| l.parent()).and_then(|s| s.parent());
    let Some(spec) = spec.filter(|s| {
        s.kind() == "type_spec"
            && top_level(*s).kind() == "type_declaration"
            && s.parent().is_some_and(|p| p.kind() == "type_declaration")
    }) else {
        return Candidate::Skip(
            first.start_byte(),
            Why::FieldOf(
                "an anonymous struct",
                LineRef::of(ctx, file, n.start_byte()),
            ),
        );
    };
    let owner = spec
        .child_by_field_name("name")
        .map(|o| text(pkg, file, o).to_string());
    if spec.child_by_field_name("type_parameters").is_some() {
        return Candidate::Skip(
            first.start_byte(),
            Why::FieldOf("a generic struct", LineRef::of(ctx, file, n.start_byte())),
        );
    }
    Candidate::Target(Box::new(Target {
        kind: Kind::Field,
        name: text(pkg, file, first).to_string(),
        file,
        name_node: first,
        decl: n,
        ty,
        type_node: Some(ty_node),
        init: None,
        owner,
    }))
}

/// A use of the target: the node holding the map (an identifier, or `x.f` for a field).
#[derive(Clone, Copy)]
pub(crate) struct Use<'t> {
    pub(crate) file: usize,
    pub(crate) base: Node<'t>,
}

/// A struct field's cells as go/printer emits them (names, type, tag, comment).
pub(crate) fn field_line(
    names: &str,
    ty: &str,
    tag: Option<String>,
    comment: Option<String>,
) -> Line {
    let mut cells = Vec::new();
    let trailing;
    if names.is_empty() {
        match (tag, comment) {
            (Some(tag), Some(c)) => {
                cells.extend([Cell::soft(ty), Cell::hard(tag)]);
                trailing = c;
            }
            (Some(tag), None) => {
                cells.push(Cell::soft(ty));
                trailing = tag;
            }
            (None, Some(c)) => {
                cells.extend([Cell::soft(ty), Cell::soft("")]);
                trailing = c;
            }
            (None, None) => trailing = ty.to_string(),
        }
    } else {
        cells.push(Cell::soft(names));
        match (tag, comment) {
            (Some(tag), Some(c)) => {
                cells.extend([Cell::soft(ty), Cell::soft(""), Cell::hard(tag)]);
                trailing = c;
            }
            (Some(tag), None) => {
                cells.extend([Cell::soft(ty), Cell::soft("")]);
                trailing = tag;
            }
            (None, Some(c)) => {
                cells.push(Cell::soft(ty));
                trailing = c;
            }
            (None, None) => trailing = ty.to_string(),
        }
    }
    Line { cells, trailing }
}

pub(crate) fn top_root(n: Node<'_>) -> Node<'_> {
    ancestors(n).last().unwrap_or(n)
}

/// `v, ok := cell` / `v, ok = cell` / `var v, ok = cell`.
pub(crate) fn is_comma_ok(cell: Node<'_>) -> bool {
    let Some(list) = cell.parent().filter(|p| p.kind() == "expression_list") else {
        return false;
    };
    let Some(stmt) = list.parent() else {
        return false;
    };
    let left = match stmt.kind() {
        "short_var_declaration" | "assignment_statement" => stmt
            .child_by_field_name("left")
            .map(|l| list_items(l).len()),
        "var_spec" => Some(field_children(stmt, "name").len()),
        _ => None,
    };
    left == Some(2)
        && list_items(list).len() == 1
        && stmt
            .child_by_field_name("right")
            .or_else(|| stmt.child_by_field_name("value"))
            == Some(list)
}

/// The node that best names a use in a message: the call it is an argument of, or its
/// statement.
pub(crate) fn context_of(n: Node<'_>) -> Node<'_> {
    let Some(p) = n.parent() else { return n };
    match p.kind() {
        "argument_list" => p.parent().unwrap_or(p),
        "expression_list" => p.parent().unwrap_or(p),
        "range_clause" => p
            .parent()
            .and_then(|f| f.child_by_field_name("body").map(|_| p))
            .unwrap_or(p),
        _ => p,
    }
}

/// Whether a type's text names `t` as a whole word (`*grid`, `[]grid`, `map[int]grid`,
/// `struct{ g grid }`), not as part of another name.
pub(crate) fn mentions(text: &str, t: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(t).any(|(i, _)| {
        !text[..i].ends_with(word)
            && !text[i + t.len()..].starts_with(word)
            && !text[..i].ends_with('.')
    })
}

/// Names no identifier of the package spells, so nothing can clash with or shadow them.
pub(crate) struct FreshNames<'c> {
    pub(crate) pkg: &'c Package,
    pub(crate) ctx: &'c Context,
    pub(crate) taken: Vec<String>,
}

impl<'c> FreshNames<'c> {
    pub(crate) fn new(pkg: &'c Package, ctx: &'c Context) -> Self {
        FreshNames {
            pkg,
            ctx,
            taken: Vec::new(),
        }
    }

    pub(crate) fn take(&mut self, base: &str) -> Option<String> {
        if self.ctx.index.dot_import {
            return None;
        }
        (1..100)
            .map(|k| {
                if k == 1 {
                    base.to_string()
                } else {
                    format!("{base}{k}")
                }
            })
            .find(|n| !self.ctx.index.spelled(self.pkg).contains(n) && !self.taken.contains(n))
            .inspect(|n| self.taken.push(n.clone()))
    }
}

/// The assignment statement `m = <creation>` around a creation expression.
pub(crate) fn creation_statement_of(creation: Node<'_>) -> Node<'_> {
    creation
        .parent()
        .and_then(|l| l.parent())
        .filter(|s| s.kind() == "assignment_statement")
        .unwrap_or(creation)
}

/// A target and the package it lives in: the questions both transforms ask of it.
pub(crate) struct Retyped<'a, 't, S> {
    pub(crate) pkg: &'t Package,
    pub(crate) ctx: &'a Context,
    pub(crate) t: &'a Target<'t, S>,
    /// The type declarations inside functions, found once: (file, name, declaration).
    pub(crate) locals: std::cell::OnceCell<Vec<(usize, String, std::ops::Range<usize>)>>,
    /// The declared types of the package's struct fields by field name, found once.
    pub(crate) fields: std::cell::OnceCell<std::collections::HashMap<String, Vec<String>>>,
}

impl<'a, 't, S: Shape> Retyped<'a, 't, S> {
    pub(crate) fn new(pkg: &'t Package, ctx: &'a Context, t: &'a Target<'t, S>) -> Self {
        Retyped {
            pkg,
            ctx,
            t,
            locals: std::cell::OnceCell::new(),
            fields: std::cell::OnceCell::new(),
        }
    }

    /// The declared types of the fields of the package's structs, by field name (an
    /// embedded field by its type's name).
    pub(crate) fn field_types(&self) -> &std::collections::HashMap<String, Vec<String>> {
        self.fields.get_or_init(|| {
            let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
            for t in self.ctx.index.types.keys() {
                for (f, _) in crate::semantic::selectors::direct_fields(self.pkg, self.ctx, t)
                    .unwrap_or_default()
                {
                    out.entry(f.name).or_default().push(f.ty);
                }
            }
            out
        })
    }

    /// The type declarations inside the package's functions (`type loc [1]st`).
    pub(crate) fn local_types(&self) -> &[(usize, String, std::ops::Range<usize>)] {
        self.locals.get_or_init(|| {
            let mut out = Vec::new();
            for (fi, f) in self.pkg.files.iter().enumerate() {
                // Cheap: a file whose every `type ` starts a line has none in a function.
                let text = &*f.text;
                if !text
                    .match_indices("type ")
                    .any(|(i, _)| i > 0 && !text[..i].ends_with('\n'))
                {
                    continue;
                }
                for n in crate::syntax::ast::descendants(f.tree().root_node()) {
                    if matches!(n.kind(), "type_spec" | "type_alias")
                        && crate::syntax::ast::ancestors(n).any(crate::syntax::ast::is_function)
                        && let Some(name) = n.child_by_field_name("name")
                    {
                        out.push((fi, f.text[name.byte_range()].to_string(), n.byte_range()));
                    }
                }
            }
            out
        })
    }

    pub(crate) fn src(&self, file: usize) -> &'t str {
        &self.pkg.files[file].text
    }

    /// A line for a message.
    pub(crate) fn line(&self, file: usize, pos: usize) -> LineRef {
        LineRef::of(self.ctx, file, pos)
    }

    pub(crate) fn use_reason(&self, file: usize, n: Node<'_>) -> Why {
        Why::Shared(Shared::Use(
            short(self.src(file), n),
            self.line(file, n.start_byte()),
        ))
    }

    /// What a package variable or field must be to change its type: unexported, declared
    /// once, in a package every file of which parses (so that every use is seen). A field of
    /// an exported struct gives its owner's name: code of other packages can make and look
    /// at the owner's values, so the fix is an unsafe one.
    pub(crate) fn package_level_checks(&self) -> Result<Option<String>, Why> {
        let t = self.t;
        if !matches!(t.kind, Kind::PkgVar | Kind::Field) {
            return Ok(None);
        }
        if t.name.starts_with(|c: char| c.is_uppercase()) {
            return Err(Why::Shared(Shared::Exported));
        }
        if let Some(at) = self.pkg.broken_file() {
            return Err(Why::Shared(Shared::BrokenFile(at)));
        }
        if t.kind == Kind::PkgVar && !self.ctx.index.unique(&t.name) {
            return Err(Why::Shared(Shared::DuplicateDeclaration));
        }
        Ok(t.owner
            .as_ref()
            .filter(|o| o.starts_with(|c: char| c.is_uppercase()))
            .cloned())
    }

    pub(crate) fn file_of(&self, n: Node<'_>) -> usize {
        self.pkg
            .files
            .iter()
            .position(|f| f.tree().root_node() == top_root(n))
            .unwrap_or(self.t.file)
    }

    /// Every use of the target in the package.
    pub(crate) fn uses(&self) -> Result<Vec<Use<'t>>, Why> {
        let t = self.t;
        let mut out = Vec::new();
        // tree-sitter-go reads `m[q.I][q.J]` (and `s.m[q.I][q.J]`) as a generic
        // instantiation: the target named inside one is used in a way the rewrite cannot see.
        // A local's such uses the scopes resolve and mark opaque; a package variable's or a
        // field's are found by name in the walk that finds their other uses.
        let misread = |fi: usize, n: Node<'t>| {
            let f = &self.pkg.files[fi];
            n.kind() == "type_instantiation_expression"
                && descendants(n).into_iter().any(|x| {
                    matches!(x.kind(), "type_identifier" | "package_identifier")
                        && f.text[x.byte_range()] == t.name
                        && (t.kind == Kind::Field
                            || self.ctx.scopes[fi].local(x.start_byte()).is_none())
                })
        };
        match t.kind {
            Kind::Local(d) => {
                let root = self.pkg.files[t.file].tree().root_node();
                if let Some(n) =
                    crate::semantic::flow::misread_use(root, &self.ctx.scopes[t.file], d)
                {
                    return Err(self.use_reason(t.file, n));
                }
                for start in self.ctx.scopes[t.file].uses_of(d) {
                    if let Some(n) = root.descendant_for_byte_range(start, start + t.name.len()) {
                        out.push(Use {
                            file: t.file,
                            base: n,
                        });
                    }
                }
            }
            Kind::PkgVar => {
                for (fi, f) in self.pkg.files.iter().enumerate() {
                    for n in descendants(f.tree().root_node()) {
                        if misread(fi, n) {
                            return Err(self.use_reason(fi, n));
                        }
                        if n.kind() == "identifier"
                            && f.text[n.byte_range()] == t.name
                            && !self.ctx.scopes[fi].is_def(n.start_byte())
                            && self.ctx.scopes[fi].local(n.start_byte()).is_none()
                        {
                            out.push(Use { file: fi, base: n });
                        }
                    }
                }
            }
            Kind::Field => {
                for (fi, f) in self.pkg.files.iter().enumerate() {
                    for n in descendants(f.tree().root_node()) {
                        if misread(fi, n) {
                            return Err(self.use_reason(fi, n));
                        }
                        if n.kind() != "field_identifier"
                            || f.text[n.byte_range()] != t.name
                            || n == t.name_node
                        {
                            continue;
                        }
                        let p = n.parent();
                        match p.map(|p| p.kind()) {
                            Some("selector_expression") => out.push(Use {
                                file: fi,
                                base: p.unwrap_or(n),
                            }),
                            _ => return Err(Why::Shared(Shared::AmbiguousField(t.name.clone()))),
                        }
                    }
                }
            }
        }
        Ok(out)
    }

    /// The statement that gives a local or package variable its map; `None` for a field.
    pub(crate) fn creation_statement(&self, uses: &[Use<'t>]) -> Result<Option<Node<'t>>, Why> {
        let t = self.t;
        match t.kind {
            Kind::Field => Ok(None),
            Kind::PkgVar => t.init.map(Some).ok_or(Why::NotCreated).map(|_| None),
            Kind::Local(_) => {
                if t.init.is_some() {
                    return Ok(Some(t.decl));
                }
                // `var m map[K]map[K]V`, then `m = make(...)` where every path to every
                // other use of m runs it first: the only definition reaching them
                // (`if ok { m = make(...) }` followed by a use leaves m nil on the other
                // path).
                let src = self.src(t.file);
                let graphs = crate::semantic::cfg::Graphs::default();
                for u in uses {
                    let Some(stmt) = self.creation_assignment(u) else {
                        continue;
                    };
                    let others: Vec<Node<'t>> = uses
                        .iter()
                        .filter(|o| o.base != u.base)
                        .map(|o| o.base)
                        .collect();
                    if uses.iter().all(|o| o.file == t.file)
                        && crate::semantic::flow::always_through(
                            &graphs, src, t.decl, stmt, &others,
                        )
                    {
                        return Ok(Some(stmt));
                    }
                }
                Err(Why::NotCreatedFirst)
            }
        }
    }

    /// For a use that is the left side of `m = <creation>`, that assignment statement.
    pub(crate) fn creation_assignment(&self, u: &Use<'t>) -> Option<Node<'t>> {
        self.assigned_creation(u.file, u.base)?;
        u.base.parent()?.parent()
    }

    /// For `base = <creation>` (the whole statement), the creation expression.
    pub(crate) fn assigned_creation(&self, file: usize, base: Node<'t>) -> Option<Node<'t>> {
        let list = base.parent().filter(|p| p.kind() == "expression_list")?;
        let stmt = list
            .parent()
            .filter(|s| s.kind() == "assignment_statement")?;
        if stmt.child_by_field_name("left") != Some(list) || !has_token(stmt, "=") {
            return None;
        }
        let left = list_items(list);
        let right = list_items(stmt.child_by_field_name("right")?);
        if left.len() != 1 || right.len() != 1 {
            return None;
        }
        match creation::<S>(self.pkg, self.ctx, file, right[0])? {
            Creation::Empty(ty) if ty.same(&self.t.ty) => Some(right[0]),
            _ => None,
        }
    }

    /// Composite literals of the owner type that set the field: each must create it (a
    /// creation the transform rewrites), and none may set it by position. When the field's
    /// zero value must not survive (`nil_ok` false), each literal must create it and any
    /// other way to make an owner value (var, new, a named result, an element type) is a
    /// reason to skip. When it may, a literal that leaves the field out is fine, and so is
    /// every other way, except an owner type inside a literal's type (`[]T{{f: x}}` sets
    /// the field in elements whose type is elided).
    pub(crate) fn field_creations(
        &self,
        creations: &mut Vec<(usize, Node<'t>)>,
        nil_ok: bool,
    ) -> Result<(), Why> {
        let owner = self.t.owner.as_deref().unwrap_or_default();
        for (fi, f) in self.pkg.files.iter().enumerate() {
            for n in descendants(f.tree().root_node()) {
                if n.kind() != "type_identifier" || f.text[n.byte_range()] != *owner {
                    continue;
                }
                if self.ctx.scopes[fi].local(n.start_byte()).is_some() {
                    continue;
                }
                let Some(p) = n.parent() else { continue };
                let line = LineRef::of(self.ctx, fi, n.start_byte());
                let zero = || Why::ZeroValue(short(&f.text, context_of(n)), line);
                match p.kind() {
                    "type_spec" if p.child_by_field_name("name") == Some(n) => {}
                    "composite_literal" => {
                        let body = p.child_by_field_name("body").ok_or_else(zero)?;
                        let mut found = false;
                        for el in named_children(body) {
                            if el.kind() == "comment" {
                                continue;
                            }
                            if el.kind() != "keyed_element" {
                                return Err(if nil_ok {
                                    self.use_reason(fi, el)
                                } else {
                                    zero()
                                });
                            }
                            let key = el
                                .child_by_field_name("key")
                                .or_else(|| named_children(el).first().copied());
                            let val = el
                                .child_by_field_name("value")
                                .or_else(|| named_children(el).get(1).copied());
                            let (Some(key), Some(val)) = (key, val) else {
                                return Err(zero());
                            };
                            if f.text[key.byte_range()] == self.t.name {
                                let expr = named_children(val).first().copied().unwrap_or(val);
                                match creation::<S>(self.pkg, self.ctx, fi, expr) {
                                    Some(Creation::Empty(ty)) if ty.same(&self.t.ty) => {
                                        creations.push((fi, expr));
                                        found = true;
                                    }
                                    _ => return Err(self.use_reason(fi, el)),
                                }
                            }
                        }
                        if !found && !nil_ok {
                            return Err(zero());
                        }
                    }
                    // `type U T`, `type U = T`: U's literals set the field under
                    // another name.
                    "type_spec" | "type_alias" if p.child_by_field_name("type") == Some(n) => {
                        return Err(self.use_reason(fi, p));
                    }
                    _ if nil_ok => {
                        let outer = ancestors(n)
                            .find(|a| !a.kind().ends_with("_type") && a.kind() != "type_elem");
                        if outer.is_some_and(|o| o.kind() == "composite_literal") {
                            return Err(self.use_reason(fi, context_of(n)));
                        }
                    }
                    "pointer_type" => {
                        let outer = ancestors(p)
                            .find(|a| !a.kind().ends_with("_type") && a.kind() != "type_elem");
                        if outer.is_some_and(|o| {
                            o.kind() == "composite_literal" || o.kind() == "argument_list"
                        }) {
                            return Err(zero());
                        }
                    }
                    "parameter_declaration" => {
                        let list = p.parent();
                        let is_named_result = list
                            .and_then(|l| l.parent())
                            .is_some_and(|f| f.child_by_field_name("result") == list)
                            && p.child_by_field_name("name").is_some();
                        if is_named_result {
                            return Err(zero());
                        }
                    }
                    // `v, ok := x.(T)` makes a zero T where the assertion fails; `x.(T)`
                    // panics instead.
                    "type_assertion_expression" => {
                        let mut e = p;
                        while let Some(q) = e
                            .parent()
                            .filter(|q| q.kind() == "parenthesized_expression")
                        {
                            e = q;
                        }
                        if !nil_ok && is_comma_ok(e) {
                            return Err(zero());
                        }
                    }
                    "method_declaration"
                    | "function_declaration"
                    | "func_literal"
                    | "type_case" => {}
                    _ => return Err(zero()),
                }
            }
        }
        Ok(())
    }

    /// The edit that writes `new_type` where the declaration states the target's type
    /// (`var m T`, a field's `f T`); none when the declaration states none (`m :=
    /// make(...)`). A field's struct is re-rendered as gofmt aligns it; a variable inside
    /// a `var ( ... )` group of several is refused, whose alignment is not re-rendered.
    pub(crate) fn retype_declaration(&self, new_type: &str) -> Result<Option<Edit>, Why> {
        let t = self.t;
        let Some(tn) = t.type_node else {
            return Ok(None);
        };
        if t.kind == Kind::Field {
            return self.retype_field(tn, new_type).map(Some);
        }
        let in_group = t.decl.kind() == "var_declaration"
            && named_children(t.decl).iter().any(|c| {
                c.kind() == "var_spec_list"
                    && named_children(*c)
                        .iter()
                        .filter(|s| s.kind() == "var_spec")
                        .count()
                        > 1
            });
        if in_group {
            return Err(Why::Shared(Shared::VarGroup));
        }
        Ok(Some(Edit::replace(
            t.file,
            tn.start_byte(),
            tn.end_byte(),
            new_type,
        )))
    }

    /// Retypes a struct field and re-renders its struct's alignment the way gofmt would.
    pub(crate) fn retype_field(&self, ty: Node<'t>, new_type: &str) -> Result<Edit, Why> {
        let file = self.t.file;
        let src = self.src(file);
        let list = self.t.decl.parent().ok_or(Why::Shared(Shared::Layout))?;
        let fields: Vec<Node<'t>> = named_children(list)
            .into_iter()
            .filter(|f| f.kind() == "field_declaration")
            .collect();
        if fields.len() == 1 {
            return Ok(Edit::replace(
                file,
                ty.start_byte(),
                ty.end_byte(),
                new_type,
            ));
        }
        let first = line_end(src, list.start_byte());
        let last = line_start(src, list.end_byte().saturating_sub(1));
        let region = &src[first..last];
        let mut lines: Vec<Line> = Vec::new();
        let mut indents: Vec<&str> = Vec::new();
        let mut pos = first;
        for raw in region.split_inclusive('\n') {
            let line_end_pos = pos + raw.len();
            let body = raw.trim_end_matches('\n');
            let indent = &body[..body.len() - body.trim_start().len()];
            let here: Vec<Node<'t>> = crate::syntax::ast::named_children_with_comments(list)
                .into_iter()
                .filter(|n| n.start_byte() >= pos && n.start_byte() < line_end_pos)
                .collect();
            indents.push(indent);
            match here.as_slice() {
                [] => {
                    if !body.trim().is_empty() {
                        return Err(Why::Shared(Shared::Layout));
                    }
                    lines.push(Line {
                        cells: vec![],
                        trailing: String::new(),
                    });
                }
                [c] if c.kind() == "comment" => lines.push(Line {
                    cells: vec![],
                    trailing: body.trim().to_string(),
                }),
                [f] | [f, _] if f.kind() == "field_declaration" => {
                    let comment = here.get(1).copied();
                    if f.end_byte() > line_end_pos
                        || comment.is_some_and(|c| {
                            c.kind() != "comment" || !src[c.byte_range()].starts_with("//")
                        })
                    {
                        return Err(Why::Shared(Shared::Layout));
                    }
                    if descendants(*f).iter().any(|d| d.kind() == "comment") {
                        return Err(Why::Shared(Shared::Layout));
                    }
                    let ftype = f
                        .child_by_field_name("type")
                        .ok_or(Why::Shared(Shared::Layout))?;
                    let type_text = if ftype == ty {
                        new_type.to_string()
                    } else {
                        src[ftype.byte_range()].to_string()
                    };
                    let names: Vec<&str> = field_children(*f, "name")
                        .iter()
                        .map(|n| &src[n.byte_range()])
                        .collect();
                    let tag = f
                        .child_by_field_name("tag")
                        .map(|t| src[t.byte_range()].to_string());
                    let comment = comment.map(|c| src[c.byte_range()].to_string());
                    lines.push(field_line(&names.join(", "), &type_text, tag, comment));
                }
                _ => return Err(Why::Shared(Shared::Layout)),
            }
            pos = line_end_pos;
        }
        let rendered = align::render(&lines);
        let mut out = String::new();
        for (r, ind) in rendered.iter().zip(&indents) {
            if r.is_empty() {
                out.push('\n');
            } else {
                out.push_str(ind);
                out.push_str(r);
                out.push('\n');
            }
        }
        Ok(Edit::replace(file, first, last, out))
    }
}

/// Where two edits of one fix overlap (a use nested in another use's rewritten text):
/// the later one's place.
pub(crate) fn overlap(ctx: &Context, edits: &[Edit]) -> Option<LineRef> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.file, e.start, e.end));
    sorted
        .windows(2)
        .find(|w| w[0].file == w[1].file && w[0].end > w[1].start)
        .map(|w| LineRef::of(ctx, w[1].file, w[1].start))
}
