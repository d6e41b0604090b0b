//! Go's selector rules and static types, from the package's source: the fields a
//! selector (or reflect's `FieldByName`) finds in a struct of the package, by depth,
//! with methods and embedded pointers; the static
//! type of an expression (locals, parameters, literals, calls of the package's functions,
//! fields, package variables) as a [`Ty`], which means the same in every file of the
//! package: a type written in another file is resolved in that file's scope.

use crate::semantic::context::Context;
use crate::semantic::index::Loc;
use crate::semantic::scope::{DeclId, DeclKind, has_token};
use crate::semantic::ty::{self, Ty};
use crate::syntax::ast::{field_children, list_items, named_children};
use crate::syntax::package::Package;
use std::collections::BTreeMap;
use tree_sitter::Node;

/// Why the fields of a struct cannot be listed.
#[derive(Debug)]
pub(crate) enum FieldsError {
    /// The type (the struct, or one embedded in it) is not a struct of the package.
    NotStruct(String),
    /// The struct, and what of it comes from elsewhere (a type of another package or a
    /// generic one embedded), so that its fields are not all known.
    Foreign(String, String),
}

/// A field as a selector would find it.
#[derive(Debug, Clone)]
pub(crate) struct FieldInfo {
    pub(crate) name: String,
    /// The selector from the struct that was asked, through every embedded field
    /// (`Inner.Name`): written out, so a method or another field of the same name at a
    /// shallower depth, or beside it, cannot take the selector over, as it could for the
    /// promoted `x.Name`.
    pub(crate) path: String,
    /// Whether `x.name` selects this very field: no method of that name at its depth or
    /// above it (a selector sees methods, FieldByName does not), so the short form is
    /// written; otherwise the path is.
    pub(crate) promoted_ok: bool,
    /// Its type as written in the struct's declaration (with the `*` of an embedded
    /// pointer), for messages and the reflect kinds; [`FieldInfo::resolved`] is the type.
    pub(crate) ty: String,
    pub(crate) through_pointer: bool,
    /// Where its type node is, and whether an embedded field's `*` stands outside it.
    ty_at: Loc,
    star: bool,
}

impl FieldInfo {
    /// The field's type, resolved in the file declaring the struct.
    pub(crate) fn resolved(&self, pkg: &Package, ctx: &Context) -> Option<Ty> {
        let t = ty::at_loc(pkg, ctx, self.ty_at)?;
        Some(if self.star {
            Ty::Pointer(Box::new(t))
        } else {
            t
        })
    }

    /// How the rewrite selects the field: `x.Name` when that selects it, else the path.
    pub(crate) fn selector(&self) -> &str {
        if self.promoted_ok {
            &self.name
        } else {
            &self.path
        }
    }
}

/// The type_spec of a non-generic struct type declared once in the package.
pub(crate) fn struct_spec<'t>(pkg: &'t Package, ctx: &Context, tname: &str) -> Option<Node<'t>> {
    let decl = ctx.index.types.get(tname)?;
    if decl.generic || !ctx.index.unique(tname) {
        return None;
    }
    let spec = decl.spec.node(pkg, "type_spec")?;
    (spec.child_by_field_name("type")?.kind() == "struct_type").then_some(spec)
}

/// The direct fields of a struct, in declaration order (an embedded field is named by its
/// type), with whether each is embedded.
pub(crate) fn direct_fields(
    pkg: &Package,
    ctx: &Context,
    tname: &str,
) -> Option<Vec<(FieldInfo, bool)>> {
    let spec = struct_spec(pkg, ctx, tname)?;
    let file = ctx.index.types.get(tname)?.spec.file;
    let src = &pkg.files[file].text;
    let st = spec.child_by_field_name("type")?;
    let list = named_children(st)
        .into_iter()
        .find(|n| n.kind() == "field_declaration_list")?;
    let mut out = Vec::new();
    for fd in named_children(list) {
        if fd.kind() != "field_declaration" {
            continue;
        }
        let ty = fd.child_by_field_name("type")?;
        let names = field_children(fd, "name");
        // tree-sitter-go leaves an embedded field's `*` outside its type.
        let star = names.is_empty() && has_token(fd, "*") && !src[ty.byte_range()].starts_with('*');
        let ty_text = if star {
            format!("*{}", &src[ty.byte_range()])
        } else {
            src[ty.byte_range()].to_string()
        };
        let ty_at = Loc::of(file, ty);
        if names.is_empty() {
            let base = ty_text.trim_start_matches('*');
            let name = base
                .rsplit('.')
                .next()
                .unwrap_or(base)
                .split('[')
                .next()
                .unwrap_or(base)
                .to_string();
            out.push((
                FieldInfo {
                    path: name.clone(),
                    promoted_ok: true,
                    name,
                    ty: ty_text.clone(),
                    through_pointer: false,
                    ty_at,
                    star,
                },
                true,
            ));
        }
        for n in names {
            out.push((
                FieldInfo {
                    name: src[n.byte_range()].to_string(),
                    path: src[n.byte_range()].to_string(),
                    promoted_ok: true,
                    ty: ty_text.clone(),
                    through_pointer: false,
                    ty_at,
                    star,
                },
                false,
            ));
        }
    }
    Some(out)
}

/// Every name FieldByName can find in a struct: the shallowest depth wins; two at that
/// depth are ambiguous (`None`). An embedded type from elsewhere makes the answer unknown.
pub(crate) fn visible_fields(
    pkg: &Package,
    ctx: &Context,
    tname: &str,
) -> Result<BTreeMap<String, Option<FieldInfo>>, FieldsError> {
    let mut found: BTreeMap<String, Option<FieldInfo>> = BTreeMap::new();
    // (type, reached through a pointer, the selector path to it). A type embedded twice at
    // one depth stays twice in the level, so each of its fields is found twice there and
    // is ambiguous, as reflect's FieldByName (and a selector) has it; a type met at an
    // earlier depth is not looked into again.
    let mut level: Vec<(String, bool, String)> = vec![(tname.to_string(), false, String::new())];
    let mut seen = vec![tname.to_string()];
    // Method names declared on the types met so far (at this depth or above).
    let mut methods: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for _depth in 0..8 {
        let mut here: BTreeMap<String, Vec<FieldInfo>> = BTreeMap::new();
        let mut next: Vec<(String, bool, String)> = Vec::new();
        for (t, _, _) in &level {
            methods.extend(
                ctx.index
                    .methods
                    .keys()
                    .filter(|(recv, _)| recv == t)
                    .map(|(_, m)| m.as_str()),
            );
        }
        for (t, through_ptr, prefix) in &level {
            let fields =
                direct_fields(pkg, ctx, t).ok_or_else(|| FieldsError::NotStruct(t.clone()))?;
            for (mut f, embedded) in fields {
                f.through_pointer = *through_ptr;
                f.path = format!("{prefix}{}", f.path);
                f.promoted_ok = !methods.contains(f.name.as_str());
                if embedded {
                    let base = f.ty.trim_start_matches('*').to_string();
                    if base.contains('.') || base.contains('[') {
                        return Err(FieldsError::Foreign(
                            tname.to_string(),
                            format!("a field promoted from {}", f.ty),
                        ));
                    }
                    if struct_spec(pkg, ctx, &base).is_some() && !seen.contains(&base) {
                        next.push((
                            base,
                            *through_ptr || f.ty.starts_with('*'),
                            format!("{}.", f.path),
                        ));
                    }
                }
                here.entry(f.name.clone()).or_default().push(f);
            }
        }
        seen.extend(next.iter().map(|(t, _, _)| t.clone()));
        for (name, fs) in here {
            if found.contains_key(&name) {
                continue;
            }
            found.insert(
                name,
                if fs.len() == 1 {
                    fs.into_iter().next()
                } else {
                    None
                },
            );
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    Ok(found)
}

/// The static type of an expression, from the package's own source, read in the scope of
/// `file`: locals, parameters, literals, `&x`, `new(T)`, calls of the package's functions,
/// fields and package variables. `None` when the source does not tell.
pub(crate) fn static_type(pkg: &Package, ctx: &Context, file: usize, e: Node<'_>) -> Option<Ty> {
    type_of(pkg, ctx, file, e, 0)
}

fn type_of(pkg: &Package, ctx: &Context, file: usize, e: Node<'_>, depth: u32) -> Option<Ty> {
    if depth > 12 {
        return None;
    }
    let src = &pkg.files[file].text;
    let text = |n: Node<'_>| src[n.byte_range()].to_string();
    match e.kind() {
        "parenthesized_expression" => {
            type_of(pkg, ctx, file, *named_children(e).first()?, depth + 1)
        }
        "composite_literal" => ty::of(pkg, ctx, file, e.child_by_field_name("type")?),
        // An untyped boolean constant, whose default type is bool (`ok := false`).
        "true" | "false" if !ctx.index.top_level.contains_key("bool") => {
            Some(Ty::Basic("bool".into()))
        }
        "unary_expression"
            if e.child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "&") =>
        {
            Some(Ty::Pointer(Box::new(type_of(
                pkg,
                ctx,
                file,
                e.child_by_field_name("operand")?,
                depth + 1,
            )?)))
        }
        "call_expression" => {
            let f = e.child_by_field_name("function")?;
            let args = named_children(e.child_by_field_name("arguments")?);
            let name = text(f);
            if f.kind() == "identifier"
                && name == "new"
                && args.len() == 1
                && ctx.scopes[file].local(f.start_byte()).is_none()
                && !ctx.index.top_level.contains_key("new")
            {
                // `new(T)`; Go 1.26's `new(expr)` has the expression's type, not known here.
                let k = args[0].kind();
                return (k == "type_identifier" || k.ends_with("_type"))
                    .then(|| ty::of(pkg, ctx, file, args[0]))
                    .flatten()
                    .map(|t| Ty::Pointer(Box::new(t)));
            }
            match call_results(pkg, ctx, file, e)?.as_slice() {
                [one] => Some(one.clone()),
                _ => None,
            }
        }
        "selector_expression" => {
            let operand = e.child_by_field_name("operand")?;
            let field = text(e.child_by_field_name("field")?);
            // `p.V`: a variable of an imported package.
            if let Some(path) = import_named(pkg, ctx, file, operand) {
                return ctx.world()?.var_type(&path, &field);
            }
            let base = type_of(pkg, ctx, file, operand, depth + 1)?;
            // A field of another package's struct type, declared in it (depth 0).
            if let Ty::Named {
                pkg: Some(path),
                name,
                args,
            } = base.pointee().unwrap_or(&base)
                && args.is_empty()
            {
                return ctx.world()?.field_type(path, name, &field);
            }
            let tname = base.pointee().unwrap_or(&base).own_name()?;
            match visible_fields(pkg, ctx, tname).ok()?.remove(&field)? {
                Some(f) if !f.through_pointer => f.resolved(pkg, ctx),
                _ => None,
            }
        }
        "identifier" => {
            let scopes = &ctx.scopes[file];
            match scopes.local(e.start_byte()) {
                Some(d) => local_type(pkg, ctx, file, d, depth),
                None => package_var_type(pkg, ctx, &text(e), depth),
            }
        }
        _ => None,
    }
}

/// The types of what a call of a function returns: a function of the package or of an
/// imported one (`p.F(...)`), not generic, declared once.
fn call_results(pkg: &Package, ctx: &Context, file: usize, call: Node<'_>) -> Option<Vec<Ty>> {
    let f = call.child_by_field_name("function")?;
    let src = &pkg.files[file].text;
    match f.kind() {
        "selector_expression" => {
            imported_call_types(pkg, ctx, file, f).or_else(|| method_call_types(pkg, ctx, file, f))
        }
        "identifier" if ctx.scopes[file].local(f.start_byte()).is_none() => {
            let name = &src[f.byte_range()];
            // `T(x)`: a conversion to a type of this package.
            if ctx.index.types.get(name).is_some_and(|t| !t.generic)
                && ctx.index.unique(name)
                && ctx.scopes[file].lookup(name, f.start_byte()).is_none()
            {
                let args = call.child_by_field_name("arguments")?;
                return (named_children(args).len() == 1).then(|| {
                    vec![Ty::Named {
                        pkg: None,
                        name: name.to_string(),
                        args: Vec::new(),
                    }]
                });
            }
            let sig = ctx
                .index
                .funcs
                .get(name)
                .filter(|s| !s.generic && ctx.index.unique(name))?;
            sig.results
                .iter()
                .map(|r| ty::at_loc(pkg, ctx, r.ty))
                .collect()
        }
        _ => None,
    }
}

/// The result types of `x.M(...)` for a method `M` declared on the type of `x` (or the
/// type it points to): a type of this package, or of another package from its source.
fn method_call_types(pkg: &Package, ctx: &Context, file: usize, f: Node<'_>) -> Option<Vec<Ty>> {
    let src = &pkg.files[file].text;
    let operand = f.child_by_field_name("operand")?;
    let method = &src[f.child_by_field_name("field")?.byte_range()];
    let t = type_of(pkg, ctx, file, operand, 1)?;
    let Ty::Named {
        pkg: from,
        name,
        args,
    } = t.pointee().unwrap_or(&t)
    else {
        return None;
    };
    if !args.is_empty() {
        return None;
    }
    match from {
        Some(path) => ctx.world()?.method_results(path, name, method),
        None => {
            let key = (name.clone(), method.to_string());
            let sig = ctx.index.methods.get(&key)?;
            if sig.generic || ctx.index.method_decls.get(&key) != Some(&1) {
                return None;
            }
            sig.results
                .iter()
                .map(|r| ty::at_loc(pkg, ctx, r.ty))
                .collect()
        }
    }
}

/// The import path a package name `n` (an identifier of `file`) stands for: no local or
/// package-level declaration hides it, and one import gives it.
fn import_named(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<String> {
    if n.kind() != "identifier" {
        return None;
    }
    let name = &pkg.files[file].text[n.byte_range()];
    if ctx.scopes[file].lookup(name, n.start_byte()).is_some()
        || ctx.index.top_level.contains_key(name)
    {
        return None;
    }
    ctx.import_path(pkg, file, name)
}

/// The result types of `p.F(...)` for a function `F` of an imported package `p`: from the
/// files the compiler compiled for it (when the run has its facts, one result of a named
/// type), else from its source.
fn imported_call_types(pkg: &Package, ctx: &Context, file: usize, f: Node<'_>) -> Option<Vec<Ty>> {
    let src = &pkg.files[file].text;
    let operand = f.child_by_field_name("operand")?;
    let func = &src[f.child_by_field_name("field")?.byte_range()];
    let path = import_named(pkg, ctx, file, operand)?;
    if let Some(log) = ctx.compiler.as_ref() {
        let name = &src[operand.byte_range()];
        // An import without a name of its own names the package its files declare.
        let must = (crate::syntax::imports::default_name(&path) == name).then_some(name);
        if let Some(t) = log.result_type(&path, must, func) {
            return Some(vec![t]);
        }
    }
    ctx.world()?.func_results(&path, func)
}

fn node_at<'t>(
    pkg: &'t Package,
    file: usize,
    range: (usize, usize),
    kinds: &[&str],
) -> Option<Node<'t>> {
    let mut n = pkg.files[file]
        .tree()
        .root_node()
        .descendant_for_byte_range(range.0, range.1)?;
    loop {
        if kinds.contains(&n.kind()) && n.start_byte() == range.0 {
            return Some(n);
        }
        n = n.parent()?;
    }
}

/// The type of a local declaration: a parameter, a typed or initialised var, `:=`, or a
/// range variable over a slice, array or map of known type.
fn local_type(pkg: &Package, ctx: &Context, file: usize, d: DeclId, depth: u32) -> Option<Ty> {
    let decl = ctx.scopes[file].decl(d);
    let bool_ty = || Ty::Basic("bool".into());
    match decl.kind {
        DeclKind::Param | DeclKind::Receiver | DeclKind::Result => {
            let p = node_at(
                pkg,
                file,
                decl.stmt,
                &["parameter_declaration", "variadic_parameter_declaration"],
            )?;
            let t = ty::of(pkg, ctx, file, p.child_by_field_name("type")?)?;
            Some(if p.kind() == "variadic_parameter_declaration" {
                Ty::Slice(Box::new(t))
            } else {
                t
            })
        }
        DeclKind::Var => {
            let n = node_at(
                pkg,
                file,
                decl.stmt,
                &["var_spec", "short_var_declaration", "for_statement"],
            )?;
            let position =
                |names: &[Node<'_>]| names.iter().position(|x| x.start_byte() == decl.name_start);
            match n.kind() {
                "var_spec" => {
                    if let Some(t) = n.child_by_field_name("type") {
                        return ty::of(pkg, ctx, file, t);
                    }
                    let names = field_children(n, "name");
                    let values = list_items(n.child_by_field_name("value")?);
                    if comma_ok_flag(&names, &values, position(&names)) {
                        return Some(bool_ty());
                    }
                    (names.len() == values.len()).then_some(())?;
                    type_of(pkg, ctx, file, values[position(&names)?], depth + 1)
                }
                "short_var_declaration" => {
                    let names = list_items(n.child_by_field_name("left")?);
                    let values = list_items(n.child_by_field_name("right")?);
                    if comma_ok_flag(&names, &values, position(&names)) {
                        return Some(bool_ty());
                    }
                    if let ([_, _, ..], [call]) = (names.as_slice(), values.as_slice())
                        && call.kind() == "call_expression"
                    {
                        let results = call_results(pkg, ctx, file, *call)?;
                        (results.len() == names.len()).then_some(())?;
                        return results.get(position(&names)?).cloned();
                    }
                    (names.len() == values.len()).then_some(())?;
                    type_of(pkg, ctx, file, values[position(&names)?], depth + 1)
                }
                _ => {
                    let clause = named_children(n)
                        .into_iter()
                        .find(|c| c.kind() == "range_clause")?;
                    if !has_token(clause, ":=") {
                        return None;
                    }
                    let names = list_items(clause.child_by_field_name("left")?);
                    let k = position(&names)?;
                    let over = type_of(
                        pkg,
                        ctx,
                        file,
                        clause.child_by_field_name("right")?,
                        depth + 1,
                    )?;
                    range_element(over, k)
                }
            }
        }
        _ => None,
    }
}

/// Whether the name at `k` is the second of `a, ok := x` where `x` is a comma-ok form (a
/// map index, a type assertion, a receive): its type is `bool`, the untyped boolean's
/// default type.
fn comma_ok_flag(names: &[Node<'_>], values: &[Node<'_>], k: Option<usize>) -> bool {
    names.len() == 2
        && k == Some(1)
        && values.len() == 1
        && match values[0].kind() {
            "index_expression" | "type_assertion_expression" => true,
            "unary_expression" => values[0]
                .child_by_field_name("operator")
                .is_some_and(|o| o.kind() == "<-"),
            _ => false,
        }
}

/// The type of the k-th range variable over a value of type `over` (a map's key and value,
/// a slice's or array's element; the index of a slice or array is an int).
fn range_element(over: Ty, k: usize) -> Option<Ty> {
    match (over, k) {
        (Ty::Map(key, _), 0) => Some(*key),
        (Ty::Map(_, val), 1) => Some(*val),
        (Ty::Slice(e) | Ty::Array(_, e), 1) => Some(*e),
        _ => None,
    }
}

/// The type of a package-level variable with a type or a resolvable value.
fn package_var_type(pkg: &Package, ctx: &Context, name: &str, depth: u32) -> Option<Ty> {
    if !ctx.index.unique(name) {
        return None;
    }
    let &(loc, k) = ctx.index.vars.get(name)?;
    let spec = loc.node(pkg, "var_spec")?;
    if let Some(t) = spec.child_by_field_name("type") {
        return ty::of(pkg, ctx, loc.file, t);
    }
    let values = list_items(spec.child_by_field_name("value")?);
    (values.len() == field_children(spec, "name").len())
        .then(|| type_of(pkg, ctx, loc.file, values[k], depth + 1))
        .flatten()
}

/// What a selector `x.name` selects on a value of the package's named type `tname`, by
/// Go's rules: fields and methods together, the shallowest depth wins, two at that depth
/// are ambiguous, promotion through embedded values and pointers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selected {
    Field,
    /// A method: whether its receiver is a pointer, and whether it is promoted through an
    /// embedded pointer (then the receiver is what that pointer points to, not memory of
    /// `x`).
    Method {
        pointer_receiver: bool,
        through_pointer: bool,
    },
    /// Two at the shallowest depth: the selector does not compile.
    Ambiguous,
    /// The source does not tell: a type of another package or a generic one on the way,
    /// a method declared twice under build tags, nothing found.
    Unknown,
}

/// Whether the method `name` of the package's type `recv` has a pointer receiver; `None`
/// when the package does not declare it exactly once.
pub(crate) fn pointer_receiver(
    pkg: &Package,
    ctx: &Context,
    recv: &str,
    name: &str,
) -> Option<bool> {
    let key = (recv.to_string(), name.to_string());
    if ctx.index.method_decls.get(&key) != Some(&1) {
        return None;
    }
    let sig = ctx.index.methods.get(&key)?;
    let f = &pkg.files[sig.decl.file];
    let decl = f
        .tree()
        .root_node()
        .descendant_for_byte_range(sig.decl.start, sig.decl.end)
        .and_then(|d| {
            std::iter::once(d)
                .chain(crate::syntax::ast::ancestors(d))
                .find(|x| x.kind() == "method_declaration")
        })?;
    let r = decl.child_by_field_name("receiver")?;
    Some(f.text[r.byte_range()].contains('*'))
}

/// The method set and fields of the package's type `tname` as a selector sees them (see
/// [`Selected`]).
pub(crate) fn select(pkg: &Package, ctx: &Context, tname: &str, name: &str) -> Selected {
    // (type, reached through an embedded pointer)
    let mut level: Vec<(String, bool)> = vec![(tname.to_string(), false)];
    let mut seen = vec![tname.to_string()];
    for _depth in 0..8 {
        let mut hits: Vec<Selected> = Vec::new();
        let mut next: Vec<(String, bool)> = Vec::new();
        for (t, through) in &level {
            let Some(decl) = ctx.index.types.get(t) else {
                return Selected::Unknown;
            };
            if decl.generic || !ctx.index.unique(t) {
                return Selected::Unknown;
            }
            if ctx
                .index
                .method_decls
                .contains_key(&(t.clone(), name.to_string()))
            {
                match pointer_receiver(pkg, ctx, t, name) {
                    Some(pointer_receiver) => hits.push(Selected::Method {
                        pointer_receiver,
                        through_pointer: *through,
                    }),
                    None => return Selected::Unknown,
                }
            }
            if struct_spec(pkg, ctx, t).is_none() {
                // A named type of another kind: its methods only (an interface's are not
                // declared as methods, and are not followed).
                let named = Ty::Named {
                    pkg: None,
                    name: t.clone(),
                    args: Vec::new(),
                };
                match named.underlying(pkg, ctx) {
                    Some(Ty::Interface(_)) | None => return Selected::Unknown,
                    Some(Ty::Basic(b)) if matches!(b.as_str(), "any" | "error") => {
                        return Selected::Unknown;
                    }
                    _ => continue,
                }
            }
            let Some(fields) = direct_fields(pkg, ctx, t) else {
                return Selected::Unknown;
            };
            for (f, embedded) in fields {
                if f.name == name {
                    hits.push(Selected::Field);
                }
                if embedded {
                    let base = f.ty.trim_start_matches('*').to_string();
                    if base.contains('.')
                        || base.contains('[')
                        || !ctx.index.types.contains_key(&base)
                    {
                        // Its fields and methods are not in the source: whatever the
                        // next depth holds is unknown.
                        next.push((String::new(), true));
                        continue;
                    }
                    // A type met at a shallower depth was looked into there; one met
                    // twice at this depth doubles every name it holds (ambiguous).
                    if !seen.contains(&base) {
                        next.push((base, *through || f.ty.starts_with('*')));
                    }
                }
            }
        }
        match hits.as_slice() {
            [one] => return *one,
            [_, _, ..] => return Selected::Ambiguous,
            [] => {}
        }
        if next.is_empty() || next.iter().any(|(n, _)| n.is_empty()) {
            return Selected::Unknown;
        }
        seen.extend(next.iter().map(|(t, _)| t.clone()));
        level = next;
    }
    Selected::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(files: &[(&str, &str)]) -> Package {
        Package::of_files(files)
    }

    #[test]
    fn selections_see_methods_and_fields_by_depth() {
        let pkg = package(&[(
            "a.go",
            "package p

type Base struct{ N int }

func (b *Base) Inc()     { b.N++ }
func (b Base) Get() int  { return b.N }
func (b Base) Twice() int { return 2 * b.N }

type Other struct{}

func (o Other) Twice() int { return 0 }

type Outer struct {
	Base
	*Other
	Get int
}

type Deep struct{ *Base }
type Both struct {
	Base
	Other
}
",
        )]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let sel = |t: &str, n: &str| select(&pkg, &ctx, t, n);
        assert_eq!(
            sel("Outer", "Inc"),
            Selected::Method {
                pointer_receiver: true,
                through_pointer: false
            }
        );
        // The field at depth 0 hides the promoted method.
        assert_eq!(sel("Outer", "Get"), Selected::Field);
        assert_eq!(sel("Outer", "N"), Selected::Field);
        assert_eq!(
            sel("Deep", "Inc"),
            Selected::Method {
                pointer_receiver: true,
                through_pointer: true
            }
        );
        assert_eq!(
            sel("Base", "Get"),
            Selected::Method {
                pointer_receiver: false,
                through_pointer: false
            }
        );
        // Twice at depth 1 twice: through Base and through *Other.
        assert_eq!(sel("Outer", "Twice"), Selected::Ambiguous);
        assert_eq!(sel("Both", "Twice"), Selected::Ambiguous);
        assert_eq!(sel("Outer", "Missing"), Selected::Unknown);
    }

    #[test]
    fn fields_by_depth_with_ambiguity_and_embedded_pointers() {
        let pkg = package(&[(
            "a.go",
            "package p

type Inner struct{ Name string; ID int }
type Other struct{ ID int }
type Ptr struct{ Deep int }
type Outer struct {
	Inner
	Other
	*Ptr
	Name string
}
",
        )]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let fields = visible_fields(&pkg, &ctx, "Outer").unwrap();
        // The shallower Name wins; ID is at depth 1 twice: ambiguous.
        assert_eq!(fields["Name"].as_ref().unwrap().path, "Name");
        assert!(fields["ID"].is_none());
        let deep = fields["Deep"].as_ref().unwrap();
        assert!(deep.through_pointer);
        assert_eq!(deep.path, "Ptr.Deep");
        assert!(matches!(
            visible_fields(&pkg, &ctx, "Missing"),
            Err(FieldsError::NotStruct(_))
        ));
    }
}
