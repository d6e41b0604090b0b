//! Types as Go means them, not as they are spelled: a type node resolved in its own file's
//! scope, every named type tied to the package that declares it (this package, an import
//! path, or a function's own scope). Two spellings in two files are the same type when
//! their `Ty`s are equal; a `Ty` is written back into any file with that file's import
//! names. Sizes and alignments on 64-bit targets are computed from it.

use crate::semantic::context::Context;
use crate::semantic::index::Loc;
use crate::semantic::scope::{DeclId, DeclKind};
use crate::syntax::ast::{field_children, named_children};
use crate::syntax::package::Package;
use tree_sitter::Node;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Ty {
    /// A predeclared type: `int`, `string`, `error`, `any`...
    Basic(String),
    /// A named type declared at package level: in this package (`pkg` is `None`) or in
    /// the package imported by that path; with its type arguments.
    Named {
        pkg: Option<String>,
        name: String,
        args: Vec<Ty>,
    },
    /// A type declared inside a function, or a type parameter: the file and the
    /// declaration. It means something only inside its scope.
    Local {
        file: usize,
        decl: DeclId,
    },
    Pointer(Box<Ty>),
    Slice(Box<Ty>),
    Array(u64, Box<Ty>),
    Map(Box<Ty>, Box<Ty>),
    /// `chan T`, `<-chan T` (receive only) or `chan<- T` (send only).
    Chan(ChanDir, Box<Ty>),
    Func {
        params: Vec<Ty>,
        results: Vec<Ty>,
        variadic: bool,
    },
    Struct(Vec<Field>),
    /// Methods by name with their signatures, then embedded types (name empty).
    Interface(Vec<(String, Ty)>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum ChanDir {
    Both,
    Recv,
    Send,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Field {
    /// The field's name (an embedded field's is its type's name).
    pub(crate) name: String,
    pub(crate) embedded: bool,
    pub(crate) ty: Ty,
    /// The tag as written (its text is part of the type's identity).
    pub(crate) tag: Option<String>,
}

/// The names a file gives types: the package's own declarations, the file's imports
/// (by name), and whether it dot-imports anything (then an unknown bare name may be one).
struct FileNames<'c> {
    imports: &'c [(String, String)],
    dot: bool,
    world: Option<std::sync::Arc<crate::semantic::imported::World>>,
}

impl<'c> FileNames<'c> {
    fn of(pkg: &Package, ctx: &'c Context, file: usize) -> FileNames<'c> {
        let imports = ctx.imports(pkg, file);
        let dot = imports.iter().any(|(_, n)| n == ".");
        FileNames {
            imports,
            dot,
            world: ctx.world(),
        }
    }

    /// The path a package name stands for (see [`crate::semantic::context::qualifier_path`]).
    fn path(&self, name: &str) -> Option<String> {
        crate::semantic::context::qualifier_path(self.imports, name, self.world.as_ref())
    }

    /// The name this file uses for a path, when exactly one import gives it one.
    fn name(&self, path: &str) -> Option<String> {
        let mut it = self
            .imports
            .iter()
            .filter(|(p, n)| p == path && n != "_" && n != ".");
        let n = match (it.next(), it.next()) {
            (Some((_, n)), None) => n,
            _ => return None,
        };
        // An import without a name of its own is known by its package clause.
        if crate::syntax::imports::default_name(path) == n
            && let Some(world) = &self.world
            && let Some(clause) = world.clause(path)
        {
            return (self.path(&clause).as_deref() == Some(path)).then_some(clause);
        }
        Some(n.clone())
    }
}

/// The type a type node of `file` denotes where it stands; `None` when some part of it
/// cannot be resolved from the source (a name from a dot import, an unknown qualifier, an
/// array length that is not a constant).
pub(crate) fn of(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<Ty> {
    Resolver {
        pkg,
        ctx,
        file,
        names: FileNames::of(pkg, ctx, file),
        scoped: true,
    }
    .ty(n, 0)
}

/// The largest map value the runtime stores inline: a bigger one gets a heap object of its
/// own per entry (`internal/runtime/maps`, `abi.MapMaxElemBytes`).
pub(crate) const MAP_INLINE_LIMIT: u64 = 128;

/// The size of a map type's values on 64-bit targets, when the source tells it.
pub(crate) fn map_value_size(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    map: Node<'_>,
) -> Option<u64> {
    let v = map.child_by_field_name("value")?;
    of(pkg, ctx, file, v)?.size(pkg, ctx).map(|(size, _)| size)
}

/// The type whose node spans `loc`, written at package level (a field's, a package
/// variable's or a result's type, from the package index), resolved in its own file. A file
/// not parsed whole is read from its outline, which keeps every declaration.
pub(crate) fn at_loc(pkg: &Package, ctx: &Context, loc: Loc) -> Option<Ty> {
    let f = &pkg.files[loc.file];
    let tree = if f.is_parsed() {
        f.tree().clone()
    } else {
        f.outline()
    };
    // The lowest type node spanning exactly `loc` (an embedded field's declaration spans
    // what its type does).
    let is_type = |k: &str| k == "type_identifier" || k == "type_elem" || k.ends_with("_type");
    let mut n = tree
        .root_node()
        .descendant_for_byte_range(loc.start, loc.end)?;
    while !is_type(n.kind()) {
        n = n.parent().filter(|p| p.byte_range() == n.byte_range())?;
    }
    if n.byte_range() != (loc.start..loc.end) {
        return None;
    }
    Resolver {
        pkg,
        ctx,
        file: loc.file,
        names: FileNames::of(pkg, ctx, loc.file),
        scoped: false,
    }
    .ty(n, 0)
}

struct Resolver<'a> {
    pkg: &'a Package,
    ctx: &'a Context,
    file: usize,
    names: FileNames<'a>,
    /// Whether the node is in `file`'s tree (so local scopes apply).
    scoped: bool,
}

impl Resolver<'_> {
    fn ty(&self, n: Node<'_>, depth: u32) -> Option<Ty> {
        let src = &self.pkg.files[self.file].text;
        self.ty_in(n, src, depth)
    }

    fn ty_in(&self, n: Node<'_>, src: &str, depth: u32) -> Option<Ty> {
        if depth > 32 || n.has_error() {
            return None;
        }
        let sub = |k: Node<'_>| self.ty_in(k, src, depth + 1).map(Box::new);
        let text = |k: Node<'_>| src[k.byte_range()].to_string();
        match n.kind() {
            "type_identifier" => self.name(&text(n), n.start_byte()),
            "qualified_type" => {
                let q = text(n.child_by_field_name("package")?);
                let name = text(n.child_by_field_name("name")?);
                let path = self.names.path(&q)?;
                Some(Ty::Named {
                    pkg: Some(path),
                    name,
                    args: Vec::new(),
                })
            }
            "generic_type" => {
                let base = self.ty_in(n.child_by_field_name("type")?, src, depth + 1)?;
                let args = named_children(n.child_by_field_name("type_arguments")?)
                    .into_iter()
                    .map(|a| self.ty_in(a, src, depth + 1))
                    .collect::<Option<Vec<_>>>()?;
                match base {
                    Ty::Named { pkg, name, .. } => Some(Ty::Named { pkg, name, args }),
                    _ => None,
                }
            }
            "type_elem" | "parenthesized_type" => {
                let inner = named_children(n);
                match inner.as_slice() {
                    [one] => self.ty_in(*one, src, depth + 1),
                    _ => None,
                }
            }
            "pointer_type" => Some(Ty::Pointer(sub(*named_children(n).first()?)?)),
            "slice_type" => Some(Ty::Slice(sub(n.child_by_field_name("element")?)?)),
            "array_type" => {
                let len = n.child_by_field_name("length")?;
                let v = if self.scoped {
                    crate::semantic::consts::value(self.pkg, self.ctx, self.file, len)?
                } else {
                    crate::semantic::index::eval(
                        len,
                        src,
                        0,
                        &mut |name: &str| match name.split_once('.') {
                            Some((q, c)) => {
                                let path = self.names.path(q)?;
                                self.ctx.world()?.const_value(&path, c)
                            }
                            None => self.ctx.index.const_value(name),
                        },
                        &|name: &str| self.ctx.index.types.contains_key(name),
                    )?
                };
                Some(Ty::Array(
                    u64::try_from(v).ok()?,
                    sub(n.child_by_field_name("element")?)?,
                ))
            }
            "map_type" => Some(Ty::Map(
                sub(n.child_by_field_name("key")?)?,
                sub(n.child_by_field_name("value")?)?,
            )),
            "channel_type" => {
                let t = src[n.byte_range()].trim_start();
                let dir = if t.starts_with("<-") {
                    ChanDir::Recv
                } else if t["chan".len().min(t.len())..]
                    .trim_start()
                    .starts_with("<-")
                {
                    ChanDir::Send
                } else {
                    ChanDir::Both
                };
                Some(Ty::Chan(dir, sub(n.child_by_field_name("value")?)?))
            }
            "function_type" => {
                let (params, variadic) =
                    self.params(n.child_by_field_name("parameters")?, src, depth)?;
                let results = match n.child_by_field_name("result") {
                    None => Vec::new(),
                    Some(r) if r.kind() == "parameter_list" => self.params(r, src, depth)?.0,
                    Some(r) => vec![self.ty_in(r, src, depth + 1)?],
                };
                Some(Ty::Func {
                    params,
                    results,
                    variadic,
                })
            }
            "struct_type" => {
                let list = named_children(n)
                    .into_iter()
                    .find(|c| c.kind() == "field_declaration_list");
                let mut fields = Vec::new();
                for fd in list.map(named_children).unwrap_or_default() {
                    if fd.kind() != "field_declaration" {
                        continue;
                    }
                    let tn = fd.child_by_field_name("type")?;
                    let mut ty = self.ty_in(tn, src, depth + 1)?;
                    let tag = fd.child_by_field_name("tag").map(text);
                    let names = field_children(fd, "name");
                    if names.is_empty() {
                        // `*T` embedded: the star is a token of the field declaration.
                        let mut c = fd.walk();
                        if fd.children(&mut c).any(|ch| ch.kind() == "*") {
                            ty = Ty::Pointer(Box::new(ty));
                        }
                        let name = src[tn.byte_range()]
                            .rsplit('.')
                            .next()?
                            .split('[')
                            .next()?
                            .to_string();
                        fields.push(Field {
                            name,
                            embedded: true,
                            ty,
                            tag,
                        });
                    } else {
                        for nm in names {
                            fields.push(Field {
                                name: text(nm),
                                embedded: false,
                                ty: ty.clone(),
                                tag: tag.clone(),
                            });
                        }
                    }
                }
                Some(Ty::Struct(fields))
            }
            "interface_type" => {
                let mut elems = Vec::new();
                for e in named_children(n) {
                    match e.kind() {
                        "method_elem" => {
                            let name = text(e.child_by_field_name("name")?);
                            let (params, variadic) =
                                self.params(e.child_by_field_name("parameters")?, src, depth)?;
                            let results = match e.child_by_field_name("result") {
                                None => Vec::new(),
                                Some(r) if r.kind() == "parameter_list" => {
                                    self.params(r, src, depth)?.0
                                }
                                Some(r) => vec![self.ty_in(r, src, depth + 1)?],
                            };
                            elems.push((
                                name,
                                Ty::Func {
                                    params,
                                    results,
                                    variadic,
                                },
                            ));
                        }
                        // An embedded interface; a union or `~T` is a constraint, not
                        // followed.
                        "type_elem" => elems.push((String::new(), self.ty_in(e, src, depth + 1)?)),
                        _ => return None,
                    }
                }
                Some(Ty::Interface(elems))
            }
            _ => None,
        }
    }

    /// A parameter list's types (a name list `a, b int` gives one per name), and whether
    /// the last is variadic.
    fn params(&self, list: Node<'_>, src: &str, depth: u32) -> Option<(Vec<Ty>, bool)> {
        let mut out = Vec::new();
        let mut variadic = false;
        for p in named_children(list) {
            let t = self.ty_in(p.child_by_field_name("type")?, src, depth + 1)?;
            let count = field_children(p, "name").len().max(1);
            variadic = p.kind() == "variadic_parameter_declaration";
            out.extend(std::iter::repeat_n(t, count));
        }
        Some((out, variadic))
    }

    /// A bare type name at `pos`: a local type or type parameter, the package's own type,
    /// or a predeclared one.
    fn name(&self, name: &str, pos: usize) -> Option<Ty> {
        let local = self
            .scoped
            .then(|| self.ctx.scopes[self.file].lookup(name, pos))
            .flatten();
        if let Some(d) = local {
            let kind = self.ctx.scopes[self.file].decl(d).kind;
            return matches!(kind, DeclKind::Type | DeclKind::TypeParam).then_some(Ty::Local {
                file: self.file,
                decl: d,
            });
        }
        if self.ctx.index.types.contains_key(name) {
            return Some(Ty::Named {
                pkg: None,
                name: name.to_string(),
                args: Vec::new(),
            });
        }
        if self.ctx.index.top_level.contains_key(name) {
            return None;
        }
        if self.names.dot {
            // A dot-imported package's exported name, or a predeclared one when none of
            // them declares it (read from their source).
            let world = self.names.world.as_ref()?;
            let mut found = None;
            for (path, n) in self.names.imports {
                if n != "." {
                    continue;
                }
                let imp = world.package(path)?;
                if !imp.ctx.index.top_level.contains_key(name) {
                    continue;
                }
                if found.is_some() || !imp.ctx.index.types.contains_key(name) {
                    return None;
                }
                found = Some(Ty::Named {
                    pkg: Some(path.clone()),
                    name: name.to_string(),
                    args: Vec::new(),
                });
            }
            if found.is_some() {
                return found;
            }
        }
        is_predeclared(name).then(|| Ty::Basic(name.to_string()))
    }
}

fn is_predeclared(name: &str) -> bool {
    predeclared(name).is_some()
}

/// What kind of predeclared type a name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Bool,
    String,
    Integer,
    Float,
    Complex,
    /// `any` and `error`.
    Interface,
    /// `comparable`, which only constrains a type parameter.
    Constraint,
}

/// A predeclared type: its name, class, and size and alignment on 64-bit targets.
#[derive(Debug)]
pub(crate) struct Predeclared {
    pub(crate) name: &'static str,
    pub(crate) class: Class,
    pub(crate) layout: Option<(u64, u64)>,
}

/// Go's predeclared types: the one table the model reads them from.
const PREDECLARED: &[Predeclared] = {
    const fn p(name: &'static str, class: Class, size: u64, align: u64) -> Predeclared {
        Predeclared {
            name,
            class,
            layout: Some((size, align)),
        }
    }
    use Class::*;
    &[
        p("bool", Bool, 1, 1),
        p("string", String, 16, 8),
        p("int", Integer, 8, 8),
        p("int8", Integer, 1, 1),
        p("int16", Integer, 2, 2),
        p("int32", Integer, 4, 4),
        p("int64", Integer, 8, 8),
        p("uint", Integer, 8, 8),
        p("uint8", Integer, 1, 1),
        p("uint16", Integer, 2, 2),
        p("uint32", Integer, 4, 4),
        p("uint64", Integer, 8, 8),
        p("uintptr", Integer, 8, 8),
        p("byte", Integer, 1, 1),
        p("rune", Integer, 4, 4),
        p("float32", Float, 4, 4),
        p("float64", Float, 8, 8),
        p("complex64", Complex, 8, 4),
        p("complex128", Complex, 16, 8),
        p("any", Interface, 16, 8),
        p("error", Interface, 16, 8),
        Predeclared {
            name: "comparable",
            class: Constraint,
            layout: None,
        },
    ]
};

/// The predeclared type of that name, if there is one (whether the package shadows the
/// name is the caller's question).
pub(crate) fn predeclared(name: &str) -> Option<&'static Predeclared> {
    PREDECLARED.iter().find(|p| p.name == name)
}

impl Ty {
    /// What a pointer type points to.
    pub(crate) fn pointee(&self) -> Option<&Ty> {
        match self {
            Ty::Pointer(t) => Some(t),
            _ => None,
        }
    }

    /// The name of a non-generic type this package declares at package level.
    pub(crate) fn own_name(&self) -> Option<&str> {
        match self {
            Ty::Named {
                pkg: None,
                name,
                args,
            } if args.is_empty() => Some(name),
            _ => None,
        }
    }

    /// The underlying type: a package type's declared type, followed through defined types
    /// and aliases; a predeclared or literal type is its own. `None` when the source does
    /// not tell (a generic type, one declared differently under build tags, a type local
    /// to a function, another package's type when its source cannot be found).
    pub(crate) fn underlying(&self, pkg: &Package, ctx: &Context) -> Option<Ty> {
        let mut t = self.clone();
        for _ in 0..16 {
            let name = match &t {
                Ty::Named {
                    pkg: None,
                    name,
                    args,
                } if args.is_empty() => name.clone(),
                Ty::Named {
                    pkg: Some(path),
                    name,
                    args,
                } if args.is_empty() => {
                    t = ctx.world()?.declared(path, name)?;
                    continue;
                }
                Ty::Named { .. } | Ty::Local { .. } => return None,
                _ => return Some(t),
            };
            let decl = ctx.index.types.get(&name)?;
            if decl.generic || !ctx.index.unique(&name) {
                return None;
            }
            let spec = decl
                .spec
                .node(pkg, "type_spec")
                .or_else(|| decl.spec.node(pkg, "type_alias"))?;
            t = of(pkg, ctx, decl.spec.file, spec.child_by_field_name("type")?)?;
        }
        None
    }

    /// Why [`Ty::size`] does not tell this type's size, when another package's type is the
    /// cause: the first such type it is made of, and what keeps its declaration from being
    /// read.
    pub(crate) fn why_unknown(&self, pkg: &Package, ctx: &Context) -> Option<String> {
        self.why_at(pkg, ctx, 0)
    }

    fn why_at(&self, pkg: &Package, ctx: &Context, depth: u32) -> Option<String> {
        if depth > 16 {
            return None;
        }
        match self {
            Ty::Local { file, decl } => {
                let d = ctx.scopes[*file].decl(*decl);
                (d.kind == DeclKind::TypeParam).then(|| format!("{} is a type parameter", d.name))
            }
            Ty::Named {
                pkg: None,
                name,
                args,
            } => {
                if !args.is_empty() {
                    Some(format!("{name} is an instance of a generic type"))
                } else if !ctx.index.unique(name) {
                    Some(format!(
                        "{name} is declared more than once, under build constraints"
                    ))
                } else {
                    self.underlying(pkg, ctx)?.why_at(pkg, ctx, depth + 1)
                }
            }
            Ty::Named {
                pkg: Some(path),
                name,
                args,
            } => {
                if !args.is_empty() {
                    return Some(format!("{name} is an instance of a generic type"));
                }
                let world = ctx.world()?;
                match world.declared(path, name) {
                    Some(t) => t.why_at(pkg, ctx, depth + 1),
                    None => Some(world.why_unknown(path, name)),
                }
            }
            Ty::Array(_, t) => t.why_at(pkg, ctx, depth + 1),
            Ty::Struct(fields) => fields.iter().find_map(|f| f.ty.why_at(pkg, ctx, depth + 1)),
            _ => None,
        }
    }

    /// The type with the names of the package it was resolved in (`pkg: None`) tied to
    /// that package's import path: a type read from an imported package's source.
    pub(crate) fn qualified(&self, path: &str) -> Ty {
        let q = |t: &Ty| t.qualified(path);
        let all = |ts: &[Ty]| ts.iter().map(q).collect::<Vec<_>>();
        match self {
            Ty::Named { pkg, name, args } => Ty::Named {
                pkg: Some(pkg.clone().unwrap_or_else(|| path.to_string())),
                name: name.clone(),
                args: all(args),
            },
            Ty::Basic(_) | Ty::Local { .. } => self.clone(),
            Ty::Pointer(t) => Ty::Pointer(Box::new(q(t))),
            Ty::Slice(t) => Ty::Slice(Box::new(q(t))),
            Ty::Array(n, t) => Ty::Array(*n, Box::new(q(t))),
            Ty::Map(k, v) => Ty::Map(Box::new(q(k)), Box::new(q(v))),
            Ty::Chan(d, t) => Ty::Chan(*d, Box::new(q(t))),
            Ty::Func {
                params,
                results,
                variadic,
            } => Ty::Func {
                params: all(params),
                results: all(results),
                variadic: *variadic,
            },
            Ty::Struct(fields) => Ty::Struct(
                fields
                    .iter()
                    .map(|f| Field {
                        ty: q(&f.ty),
                        ..f.clone()
                    })
                    .collect(),
            ),
            Ty::Interface(elems) => {
                Ty::Interface(elems.iter().map(|(n, t)| (n.clone(), q(t))).collect())
            }
        }
    }

    /// Whether `f` holds for this type or any type it is written with (elements, keys,
    /// fields, parameters and results, type arguments, embedded interfaces).
    pub(crate) fn any_part(&self, f: &mut dyn FnMut(&Ty) -> bool) -> bool {
        if f(self) {
            return true;
        }
        match self {
            Ty::Basic(_) | Ty::Local { .. } => false,
            Ty::Named { args, .. } => args.iter().any(|a| a.any_part(f)),
            Ty::Pointer(t) | Ty::Slice(t) | Ty::Array(_, t) | Ty::Chan(_, t) => t.any_part(f),
            Ty::Map(k, v) => k.any_part(f) || v.any_part(f),
            Ty::Func {
                params, results, ..
            } => params.iter().chain(results).any(|t| t.any_part(f)),
            Ty::Struct(fields) => fields.iter().any(|x| x.ty.any_part(f)),
            Ty::Interface(elems) => elems.iter().any(|(_, t)| t.any_part(f)),
        }
    }

    /// Whether this type is written with one of the package's types named in `names`,
    /// looking into the declarations of types local to a function (one that cannot be read
    /// may); a type parameter is not looked into (what it is instantiated with is written
    /// where it is instantiated).
    pub(crate) fn may_mention(&self, pkg: &Package, ctx: &Context, names: &[String]) -> bool {
        self.mentions_at(pkg, ctx, names, 0)
    }

    fn mentions_at(&self, pkg: &Package, ctx: &Context, names: &[String], depth: u32) -> bool {
        self.any_part(&mut |t| match t {
            Ty::Named {
                pkg: None, name, ..
            } => names.contains(name),
            Ty::Local { file, decl } => {
                ctx.scopes[*file].decl(*decl).kind == DeclKind::Type
                    && (depth > 8
                        || t.local_declared(pkg, ctx)
                            .is_none_or(|d| d.mentions_at(pkg, ctx, names, depth + 1)))
            }
            _ => false,
        })
    }

    /// The type a type declared inside a function is declared as (not a type parameter,
    /// nor a generic type).
    pub(crate) fn local_declared(&self, pkg: &Package, ctx: &Context) -> Option<Ty> {
        let Ty::Local { file, decl } = self else {
            return None;
        };
        let d = ctx.scopes[*file].decl(*decl);
        if d.kind != DeclKind::Type {
            return None;
        }
        let root = pkg.files[*file].tree().root_node();
        let spec = root
            .descendant_for_byte_range(d.name_start, d.name_start + d.name.len())
            .and_then(|n| n.parent())
            .filter(|s| matches!(s.kind(), "type_spec" | "type_alias"))?;
        if spec.child_by_field_name("type_parameters").is_some() {
            return None;
        }
        of(pkg, ctx, *file, spec.child_by_field_name("type")?)
    }

    /// Whether this is the predeclared type `name` (the caller knows the package does not
    /// shadow it: a shadowing declaration resolves to the package's type).
    pub(crate) fn is_basic(&self, name: &str) -> bool {
        matches!(self, Ty::Basic(n) if n == name)
    }

    /// This type written in `file`: each imported type qualified by the name `file` gives
    /// its package. `None` when `file` does not import a package the type names (or
    /// imports it twice), dot-imports anything, or the type is local to a function.
    pub(crate) fn render(&self, pkg: &Package, ctx: &Context, file: usize) -> Option<String> {
        let names = FileNames::of(pkg, ctx, file);
        if names.dot {
            return None;
        }
        let mut out = String::new();
        self.write(&names, &mut out).then_some(out)
    }

    /// This type as a message names it in `file`: written as [`Ty::render`] writes it, a
    /// package the file does not import by its path's last element, and a type local to a
    /// function by its name.
    pub(crate) fn spelled(&self, pkg: &Package, ctx: &Context, file: usize) -> String {
        if let Some(s) = self.render(pkg, ctx, file) {
            return s;
        }
        let mut out = String::new();
        self.write_with(&FileNames::of(pkg, ctx, file), Some(ctx), &mut out);
        out
    }

    fn write(&self, names: &FileNames, out: &mut String) -> bool {
        self.write_with(names, None, out)
    }

    /// Writes the type; `lenient`, the context to name what `names` cannot write.
    fn write_with(&self, names: &FileNames, lenient: Option<&Context>, out: &mut String) -> bool {
        let list = |tys: &[Ty], out: &mut String, variadic: bool| {
            for (k, t) in tys.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                if variadic && k + 1 == tys.len() {
                    out.push_str("...");
                }
                if !t.write_with(names, lenient, out) {
                    return false;
                }
            }
            true
        };
        match self {
            Ty::Basic(n) => out.push_str(n),
            Ty::Named { pkg, name, args } => {
                if let Some(p) = pkg {
                    match (names.name(p), lenient) {
                        (Some(q), _) => out.push_str(&q),
                        (None, Some(_)) => out.push_str(p.rsplit('/').next().unwrap_or(p)),
                        (None, None) => return false,
                    }
                    out.push('.');
                }
                out.push_str(name);
                if !args.is_empty() {
                    out.push('[');
                    if !list(args, out, false) {
                        return false;
                    }
                    out.push(']');
                }
            }
            Ty::Local { file, decl } => match lenient {
                Some(ctx) => out.push_str(&ctx.scopes[*file].decl(*decl).name),
                None => return false,
            },
            Ty::Pointer(t) => {
                out.push('*');
                return t.write_with(names, lenient, out);
            }
            Ty::Slice(t) => {
                out.push_str("[]");
                return t.write_with(names, lenient, out);
            }
            Ty::Array(n, t) => {
                out.push_str(&format!("[{n}]"));
                return t.write_with(names, lenient, out);
            }
            Ty::Map(k, v) => {
                out.push_str("map[");
                if !k.write_with(names, lenient, out) {
                    return false;
                }
                out.push(']');
                return v.write_with(names, lenient, out);
            }
            Ty::Chan(dir, t) => {
                out.push_str(match dir {
                    ChanDir::Both => "chan ",
                    ChanDir::Recv => "<-chan ",
                    ChanDir::Send => "chan<- ",
                });
                return t.write_with(names, lenient, out);
            }
            Ty::Func {
                params,
                results,
                variadic,
            } => {
                out.push_str("func(");
                if !list(params, out, *variadic) {
                    return false;
                }
                out.push(')');
                match results.as_slice() {
                    [] => {}
                    [one] if !matches!(one, Ty::Func { .. }) => {
                        out.push(' ');
                        return one.write_with(names, lenient, out);
                    }
                    _ => {
                        out.push_str(" (");
                        if !list(results, out, false) {
                            return false;
                        }
                        out.push(')');
                    }
                }
            }
            Ty::Struct(fields) => {
                out.push_str("struct{");
                for (k, f) in fields.iter().enumerate() {
                    out.push_str(if k == 0 { " " } else { "; " });
                    if !f.embedded {
                        out.push_str(&f.name);
                        out.push(' ');
                    }
                    if !f.ty.write_with(names, lenient, out) {
                        return false;
                    }
                    if let Some(tag) = &f.tag {
                        out.push(' ');
                        out.push_str(tag);
                    }
                }
                out.push_str(if fields.is_empty() { "}" } else { " }" });
            }
            Ty::Interface(elems) => {
                out.push_str("interface{");
                for (k, (name, t)) in elems.iter().enumerate() {
                    out.push_str(if k == 0 { " " } else { "; " });
                    if name.is_empty() {
                        if !t.write_with(names, lenient, out) {
                            return false;
                        }
                    } else {
                        let mut sig = String::new();
                        if !t.write_with(names, lenient, &mut sig) {
                            return false;
                        }
                        out.push_str(name);
                        out.push_str(sig.strip_prefix("func").unwrap_or(&sig));
                    }
                }
                out.push_str(if elems.is_empty() { "}" } else { " }" });
            }
        }
        true
    }

    /// Size and alignment on 64-bit targets, or `None` when the source does not tell (a
    /// type of another package outside the few whose layout is documented, a generic type,
    /// a name declared twice under build tags).
    pub(crate) fn size(&self, pkg: &Package, ctx: &Context) -> Option<(u64, u64)> {
        self.size_at(pkg, ctx, 0, false)
    }

    /// The most the size can be on any 64-bit target: as [`Ty::size`], but another
    /// package's type declared differently under build constraints counts as its largest
    /// declaration (laid out with each part's largest size and alignment, which bounds
    /// every platform's layout: alignments are powers of two). `labels.Labels` is a string,
    /// a slice or a small struct by build tag: small on every target.
    pub(crate) fn size_bound(&self, pkg: &Package, ctx: &Context) -> Option<u64> {
        self.size_at(pkg, ctx, 0, true).map(|(s, _)| s)
    }

    fn size_at(&self, pkg: &Package, ctx: &Context, depth: u32, upper: bool) -> Option<(u64, u64)> {
        if depth > 32 {
            return None;
        }
        match self {
            Ty::Basic(n) => predeclared_size(n),
            Ty::Named {
                pkg: Some(path),
                name,
                args,
            } if args.is_empty() => match (path.as_str(), name.as_str()) {
                ("time", "Duration" | "Month" | "Weekday") | ("unsafe", "Pointer") => Some((8, 8)),
                _ if upper => {
                    let mut bound: Option<(u64, u64)> = None;
                    for t in ctx.world()?.variants(path, name)? {
                        let (s, a) = t.size_at(pkg, ctx, depth + 1, upper)?;
                        let (bs, ba) = bound.unwrap_or((0, 1));
                        bound = Some((bs.max(s), ba.max(a)));
                    }
                    bound
                }
                _ => ctx
                    .world()?
                    .declared(path, name)?
                    .size_at(pkg, ctx, depth + 1, upper),
            },
            Ty::Named {
                pkg: None,
                name,
                args,
            } if args.is_empty() => {
                let decl = ctx.index.types.get(name)?;
                if decl.generic || !ctx.index.unique(name) {
                    return None;
                }
                let spec = decl
                    .spec
                    .node(pkg, "type_spec")
                    .or_else(|| decl.spec.node(pkg, "type_alias"))?;
                of(pkg, ctx, decl.spec.file, spec.child_by_field_name("type")?)?.size_at(
                    pkg,
                    ctx,
                    depth + 1,
                    upper,
                )
            }
            Ty::Named { .. } => None,
            Ty::Local { .. } => self
                .local_declared(pkg, ctx)?
                .size_at(pkg, ctx, depth + 1, upper),
            Ty::Pointer(_) | Ty::Map(..) | Ty::Chan(..) | Ty::Func { .. } => Some((8, 8)),
            Ty::Slice(_) => Some((24, 8)),
            Ty::Interface(_) => Some((16, 8)),
            Ty::Array(n, t) => {
                let (s, a) = t.size_at(pkg, ctx, depth + 1, upper)?;
                Some((n.checked_mul(s)?, a))
            }
            Ty::Struct(fields) => {
                let mut off = 0u64;
                let mut align = 1u64;
                let mut last_zero = false;
                for f in fields {
                    let (s, a) = f.ty.size_at(pkg, ctx, depth + 1, upper)?;
                    off = off.div_ceil(a).checked_mul(a)?.checked_add(s)?;
                    last_zero = s == 0;
                    align = align.max(a);
                }
                // A final zero-size field gets a byte so its address stays inside the struct.
                if last_zero && off > 0 {
                    off += 1;
                }
                Some((off.div_ceil(align) * align, align))
            }
        }
    }
}

fn predeclared_size(name: &str) -> Option<(u64, u64)> {
    predeclared(name)?.layout
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(files: &[(&str, &str)]) -> Package {
        Package::of_files(files)
    }

    /// The `Ty` of the type declared as `name` in file `file`.
    fn declared(pkg: &Package, ctx: &Context, file: usize, name: &str) -> Option<Ty> {
        let f = &pkg.files[file];
        let spec = crate::syntax::ast::descendants(f.tree().root_node())
            .into_iter()
            .find(|n| {
                matches!(n.kind(), "type_spec" | "type_alias")
                    && n.child_by_field_name("name")
                        .is_some_and(|x| &f.text[x.byte_range()] == name)
            })?;
        of(pkg, ctx, file, spec.child_by_field_name("type")?)
    }

    #[test]
    fn names_resolve_to_package_paths() {
        let pkg = package(&[
            (
                "a.go",
                "package p\n\nimport (\n\t\"example.com/io\"\n\tr \"math/rand/v2\"\n)\n\ntype W = map[string][]*io.Writer\ntype R = r.Rand\ntype T struct{ N int }\n",
            ),
            (
                "b.go",
                "package p\n\nimport (\n\txio \"example.com/io\"\n\t\"io\"\n\t\"math/rand\"\n)\n\ntype W2 = map[string][]*xio.Writer\ntype W3 = map[string][]*io.Writer\ntype R2 = rand.Rand\n",
            ),
        ]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let w = declared(&pkg, &ctx, 0, "W").unwrap();
        assert_eq!(Some(&w), declared(&pkg, &ctx, 1, "W2").as_ref());
        assert_ne!(Some(&w), declared(&pkg, &ctx, 1, "W3").as_ref());
        assert_ne!(
            declared(&pkg, &ctx, 0, "R"),
            declared(&pkg, &ctx, 1, "R2"),
            "math/rand/v2 and math/rand"
        );
        assert_eq!(
            w.render(&pkg, &ctx, 1).as_deref(),
            Some("map[string][]*xio.Writer")
        );
        // The type resolved from its node's place (a file not parsed whole reads it from
        // its outline) is the one its node gives.
        let spec_type = |file: usize, name: &str| {
            let f = &pkg.files[file];
            crate::syntax::ast::descendants(f.tree().root_node())
                .into_iter()
                .find(|n| {
                    matches!(n.kind(), "type_spec" | "type_alias")
                        && n.child_by_field_name("name")
                            .is_some_and(|x| &f.text[x.byte_range()] == name)
                })
                .and_then(|n| n.child_by_field_name("type"))
                .map(|t| Loc::of(file, t))
                .unwrap()
        };
        assert_eq!(at_loc(&pkg, &ctx, spec_type(0, "W")), Some(w.clone()));
        let lazy = Package::lazy_of_files(&[(
            "a.go",
            "package p\n\nimport \"example.com/io\"\n\nfunc f() {}\n\ntype W = map[string][]*io.Writer\n",
        )]);
        let lazy_ctx = Context::build_with(&lazy, &mut Default::default(), Default::default());
        let at = lazy.files[0].text.find("map[").unwrap();
        let loc = Loc {
            file: 0,
            start: at,
            end: at + "map[string][]*io.Writer".len(),
        };
        assert_eq!(at_loc(&lazy, &lazy_ctx, loc), Some(w));
        assert!(!lazy.files[0].is_parsed(), "read from the outline");
        let r = declared(&pkg, &ctx, 0, "R").unwrap();
        assert_eq!(r.render(&pkg, &ctx, 1), None, "b.go's rand is math/rand");
        assert_eq!(r.spelled(&pkg, &ctx, 1), "v2.Rand");
    }

    #[test]
    fn a_type_renders_only_where_its_packages_have_names() {
        let pkg = package(&[
            (
                "a.go",
                "package p\n\nimport \"example.com/io\"\n\ntype S struct{ W io.Writer }\ntype M = map[string]io.Writer\ntype Tag = struct{ N int `a.b` }\n",
            ),
            ("b.go", "package p\n\nimport \"io\"\n\nvar _ io.Reader\n"),
            (
                "c.go",
                "package p\n\nimport \"example.com/io\"\n\nvar _ io.Writer\n",
            ),
            ("d.go", "package p\n\nimport . \"io\"\n\nvar _ Writer\n"),
        ]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let Some(Ty::Struct(fields)) = declared(&pkg, &ctx, 0, "S") else {
            panic!("S is a struct");
        };
        let w = &fields[0].ty;
        assert_eq!(
            w.render(&pkg, &ctx, 1),
            None,
            "b.go's io is the standard one"
        );
        assert_eq!(w.render(&pkg, &ctx, 2).as_deref(), Some("io.Writer"));
        assert_eq!(w.render(&pkg, &ctx, 3), None, "a dot import hides names");
        let m = declared(&pkg, &ctx, 0, "M").unwrap();
        assert_eq!(
            m.render(&pkg, &ctx, 0).as_deref(),
            Some("map[string]io.Writer")
        );
        // A struct tag is not a qualifier.
        let tag = declared(&pkg, &ctx, 0, "Tag").unwrap();
        assert_eq!(
            tag.render(&pkg, &ctx, 1).as_deref(),
            Some("struct{ N int `a.b` }")
        );
    }

    #[test]
    fn local_types_and_dot_imports() {
        let pkg = package(&[
            (
                "a.go",
                "package p\n\nfunc f[T any]() {\n\ttype L struct{ x T }\n\tvar _ L\n}\n\ntype int8 struct{}\n\ntype I = int8\n",
            ),
            (
                "b.go",
                "package p\n\nimport . \"io\"\n\nvar _ Writer\n\ntype Wr = Writer\n\ntype N = int\n",
            ),
        ]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let l = declared(&pkg, &ctx, 0, "L").unwrap();
        assert!(matches!(&l, Ty::Struct(f) if matches!(f[0].ty, Ty::Local { .. })));
        assert_eq!(l.render(&pkg, &ctx, 0), None);
        // The package's own int8 shadows the predeclared one.
        assert_eq!(
            declared(&pkg, &ctx, 0, "I"),
            Some(Ty::Named {
                pkg: None,
                name: "int8".into(),
                args: Vec::new()
            })
        );
        assert_eq!(declared(&pkg, &ctx, 1, "Wr"), None);
        assert_eq!(declared(&pkg, &ctx, 1, "N"), None, "b.go dot-imports");
        assert_eq!(
            Ty::Struct(vec![]).render(&pkg, &ctx, 1),
            None,
            "nor renders there"
        );
    }

    #[test]
    fn sizes_on_64_bit() {
        let src = "package p

import (
	t \"time\"
	time \"example.com/notime\"
)

const N = 16

type A [128]byte
type B [N*8 + 1]byte
type C [2]A
type S struct {
	a bool
	b int64
	c bool
}
type E struct {
	a int64
	b struct{}
}
type P struct {
	a [120]byte
	b int64
	c bool
}
type D t.Duration
type X time.Duration
type G[T any] struct{ t T }
";
        let pkg = package(&[("a.go", src)]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let size = |name: &str| {
            declared(&pkg, &ctx, 0, name)
                .and_then(|t| t.size(&pkg, &ctx))
                .map(|(s, _)| s)
        };
        assert_eq!(size("A"), Some(128));
        assert_eq!(size("B"), Some(129));
        assert_eq!(size("C"), Some(256));
        assert_eq!(size("S"), Some(24));
        assert_eq!(size("E"), Some(16));
        // 120 + 8 + 1, padded to the alignment of int64.
        assert_eq!(size("P"), Some(136));
        assert_eq!(size("D"), Some(8));
        assert_eq!(size("X"), None, "`time` here is another package");
        assert_eq!(size("G"), None, "a type parameter's size is not known");
    }

    #[test]
    fn rendering_keeps_go_syntax() {
        let pkg = package(&[(
            "a.go",
            "package p\n\nimport \"io\"\n\ntype F = func(a, b int, c ...string) (int, error)\ntype G = <-chan chan<- int\ntype I = interface{ io.Reader; M(x int) bool }\ntype S = struct{ *T; N int `json:\"n\"` }\ntype T struct{}\n",
        )]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let r = |name: &str| declared(&pkg, &ctx, 0, name).and_then(|t| t.render(&pkg, &ctx, 0));
        assert_eq!(
            r("F").as_deref(),
            Some("func(int, int, ...string) (int, error)")
        );
        assert_eq!(r("G").as_deref(), Some("<-chan chan<- int"));
        assert_eq!(
            r("I").as_deref(),
            Some("interface{ io.Reader; M(int) bool }")
        );
        assert_eq!(r("S").as_deref(), Some("struct{ *T; N int `json:\"n\"` }"));
    }
}
