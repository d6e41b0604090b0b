//! Declarations of imported packages (issue 22, item 1): a package the analysed code
//! imports is found where the go command finds it (the engine's locator: the standard
//! library, the module's own packages, a workspace's modules, `vendor/`, the module cache),
//! read with the same grammar, from outlines, the first time a proof asks about it, and
//! kept for the whole run. What it serves: the type a name declares (so sizes and
//! underlying types of another package's types), constants, a function's one result, a
//! struct's fields, and where an interface's method comes from.
//!
//! A name declared in several files under build constraints (`file_unix.go`,
//! `file_windows.go`) is served only when every declaration gives the same type: what
//! gomapfix says then holds on every platform, not only on the one it runs on.

use crate::semantic::context::{Context, Inputs, ScopeCache};
use crate::semantic::index::Loc;
use crate::semantic::ty::Ty;
use crate::syntax::package::{Package, PkgFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, OnceLock};

/// Where an import path's package directory is; `None` when it cannot be found.
pub(crate) type Locate = Box<dyn Fn(&str) -> Option<PathBuf> + Send + Sync>;

/// The imported packages of one module's view (its requirements decide which version of
/// a package an import path means), read on first use.
pub(crate) struct World {
    locate: Locate,
    /// Package clauses by import path, read without parsing.
    clauses: Mutex<HashMap<String, Option<String>>>,
    /// `$GOROOT/src`: a package there names its vendored packages (`golang.org/x/net/...`)
    /// by the path they have under `vendor/`.
    std_root: Option<PathBuf>,
    loaded: Mutex<HashMap<String, Slot>>,
}

/// A package read once, by whichever thread asks first (`None`: not found or not read).
type Slot = Arc<OnceLock<Option<Arc<Imported>>>>;

/// One imported package, as read.
pub(crate) struct Imported {
    pub(crate) path: String,
    pub(crate) pkg: Package,
    pub(crate) ctx: Context,
    /// What was asked of it, answered once (see [`Imported::answer`]).
    answers: Mutex<Answers>,
}

/// Answers by question and name (`None`: not served).
type Answers = HashMap<(Query, String), Option<Vec<Ty>>>;

/// What a proof asks of an imported package, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Query {
    Declared,
    Results,
    MethodResults,
    Var,
    Variants,
}

impl World {
    pub(crate) fn new(locate: Locate, std_root: Option<PathBuf>) -> World {
        World {
            locate,
            clauses: Mutex::new(HashMap::new()),
            std_root,
            loaded: Mutex::new(HashMap::new()),
        }
    }

    /// The package `path` names, read the first time it is asked for.
    pub(crate) fn package(self: &Arc<Self>, path: &str) -> Option<Arc<Imported>> {
        if path == "C" || path.is_empty() {
            return None;
        }
        let slot = self
            .loaded
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(path.to_string())
            .or_default()
            .clone();
        slot.get_or_init(|| {
            let dir = (self.locate)(path)?;
            load(self, path, &dir).map(Arc::new)
        })
        .clone()
    }

    /// The type named `name` of package `path` declares (its definition, or what an alias
    /// stands for), every name in it tied to its package.
    pub(crate) fn declared(self: &Arc<Self>, path: &str, name: &str) -> Option<Ty> {
        self.package(path)?.declared(name)
    }

    /// Every type name `name` of package `path` is declared as (see [`Imported::variants`]).
    pub(crate) fn variants(self: &Arc<Self>, path: &str, name: &str) -> Option<Vec<Ty>> {
        self.package(path)?.variants(name)
    }

    /// The value of integer constant `name` of package `path`.
    pub(crate) fn const_value(self: &Arc<Self>, path: &str, name: &str) -> Option<i128> {
        let imp = self.package(path)?;
        if !exported(name) || !imp.ctx.index.unique(name) {
            return None;
        }
        imp.ctx.index.const_value(name)
    }

    /// The result types of function `func` of package `path`, when it is exported, not
    /// generic and declared once.
    pub(crate) fn func_results(self: &Arc<Self>, path: &str, func: &str) -> Option<Vec<Ty>> {
        let imp = self.package(path)?;
        imp.answer(Query::Results, func, || {
            let sig = imp.ctx.index.funcs.get(func)?;
            if !exported(func) || sig.generic || !imp.ctx.index.unique(func) {
                return None;
            }
            sig.results.iter().map(|r| imp.resolved(r.ty)).collect()
        })
    }

    /// The result types of exported method `method` declared on type `tname` of package
    /// `path` (not a promoted one), when the method is declared once and not generic.
    pub(crate) fn method_results(
        self: &Arc<Self>,
        path: &str,
        tname: &str,
        method: &str,
    ) -> Option<Vec<Ty>> {
        if !exported(method) {
            return None;
        }
        let imp = self.package(path)?;
        imp.answer(Query::MethodResults, &format!("{tname}.{method}"), || {
            let key = (tname.to_string(), method.to_string());
            let sig = imp.ctx.index.methods.get(&key)?;
            if sig.generic || imp.ctx.index.method_decls.get(&key) != Some(&1) {
                return None;
            }
            sig.results.iter().map(|r| imp.resolved(r.ty)).collect()
        })
    }

    /// The type of exported variable `var` of package `path`: as declared, or the one
    /// result of the package's function that initialises it (`var Stdout = NewFile(...)`).
    pub(crate) fn var_type(self: &Arc<Self>, path: &str, var: &str) -> Option<Ty> {
        let imp = self.package(path)?;
        imp.answer(Query::Var, var, || {
            Self::read_var_type(&imp, var).map(|t| vec![t])
        })?
        .pop()
    }

    fn read_var_type(imp: &Imported, var: &str) -> Option<Ty> {
        if !exported(var) || !imp.ctx.index.unique(var) {
            return None;
        }
        let &(loc, k) = imp.ctx.index.vars.get(var)?;
        let f = &imp.pkg.files[loc.file];
        let outline = f.outline();
        let mut spec = outline
            .root_node()
            .descendant_for_byte_range(loc.start, loc.end)?;
        while spec.kind() != "var_spec" || spec.start_byte() != loc.start {
            spec = spec.parent()?;
        }
        if let Some(t) = spec.child_by_field_name("type") {
            return imp.resolved(Loc::of(loc.file, t));
        }
        // The value is blanked in an outline when it is a literal; a call is kept.
        let values = crate::syntax::ast::list_items(spec.child_by_field_name("value")?);
        let call = values.get(k).filter(|v| v.kind() == "call_expression")?;
        (values.len() == crate::syntax::ast::field_children(spec, "name").len()).then_some(())?;
        let callee = call.child_by_field_name("function")?;
        if callee.kind() != "identifier" {
            return None;
        }
        let name = &f.text[callee.byte_range()];
        let sig = imp.ctx.index.funcs.get(name)?;
        if sig.generic || !imp.ctx.index.unique(name) || sig.results.len() != 1 {
            return None;
        }
        imp.resolved(sig.results[0].ty)
    }

    /// The type of field `field` declared in struct type `tname` of package `path` (not a
    /// promoted one: a field declared in the struct is the one a selector picks), when the
    /// field is exported.
    pub(crate) fn field_type(self: &Arc<Self>, path: &str, tname: &str, field: &str) -> Option<Ty> {
        if !exported(field) {
            return None;
        }
        let mut t = self.declared(path, tname)?;
        // A defined type's underlying struct: `type T U` with U a struct type.
        for _ in 0..8 {
            match t {
                Ty::Struct(fields) => {
                    return fields.into_iter().find(|f| f.name == field).map(|f| f.ty);
                }
                Ty::Named {
                    pkg: Some(p),
                    name,
                    args,
                } if args.is_empty() => t = self.declared(&p, &name)?,
                _ => return None,
            }
        }
        None
    }

    /// Why [`World::declared`] does not serve type `name` of package `path`, for a person.
    pub(crate) fn why_unknown(self: &Arc<Self>, path: &str, name: &str) -> String {
        let Some(imp) = self.package(path) else {
            return format!(
                "the package {path} is not found where the go command looks (GOROOT, the module and its workspace, vendor/, the module cache)"
            );
        };
        let q = format!("{}.{name}", imp.pkg.name);
        match imp.ctx.index.types.get(name) {
            None => format!("{path} declares no type {name}"),
            Some(d) if d.generic => format!("{q} is generic"),
            Some(_) if !imp.ctx.index.unique(name) => {
                format!(
                    "{q} is declared differently for different platforms, under build constraints"
                )
            }
            Some(_) => format!("{q}'s declaration does not resolve"),
        }
    }

    /// The package clause of the package `path` names (what an import without a name of
    /// its own calls it), read from its files' headers without parsing them.
    pub(crate) fn clause(&self, path: &str) -> Option<String> {
        if let Some(c) = self
            .clauses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
        {
            return c.clone();
        }
        let c = (self.locate)(path).and_then(|dir| package_clause(&dir));
        self.clauses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), c.clone());
        c
    }
}

fn exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

impl Imported {
    /// See [`World::declared`]; each name read once.
    pub(crate) fn declared(&self, name: &str) -> Option<Ty> {
        self.answer(Query::Declared, name, || {
            self.read_declared(name).map(|t| vec![t])
        })?
        .pop()
    }

    /// The answer to `query` of `name`, computed by `read` the first time it is asked;
    /// the outlines it parsed are let go of after.
    fn answer(
        &self,
        query: Query,
        name: &str,
        read: impl FnOnce() -> Option<Vec<Ty>>,
    ) -> Option<Vec<Ty>> {
        let key = (query, name.to_string());
        if let Some(a) = self
            .answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return a.clone();
        }
        let a = read();
        self.forget_trees();
        self.answers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, a.clone());
        a
    }

    /// Lets go of the outlines a query parsed: what is read is kept as types, not trees.
    fn forget_trees(&self) {
        for f in &self.pkg.files {
            f.forget_outline();
        }
    }

    fn read_declared(&self, name: &str) -> Option<Ty> {
        let decl = self.ctx.index.types.get(name)?;
        if decl.generic {
            return None;
        }
        if self.ctx.index.unique(name) {
            return self.spec_type(decl.spec);
        }
        // Declared in several files (build constraints): served when all agree.
        let mut all = self.read_variants(name)?;
        let first = all.pop()?;
        all.iter().all(|t| *t == first).then_some(first)
    }

    /// Every type name `name` is declared as, one per declaration (several under build
    /// constraints), each distinct once; `None` when one of them cannot be read or is
    /// generic.
    pub(crate) fn variants(&self, name: &str) -> Option<Vec<Ty>> {
        self.answer(Query::Variants, name, || self.read_variants(name))
    }

    fn read_variants(&self, name: &str) -> Option<Vec<Ty>> {
        let decl = self.ctx.index.types.get(name)?;
        if decl.generic {
            return None;
        }
        if self.ctx.index.unique(name) {
            return self.spec_type(decl.spec).map(|t| vec![t]);
        }
        let mut found: Vec<Ty> = Vec::new();
        let mut count = 0;
        for (fi, f) in self.pkg.files.iter().enumerate() {
            let outline = f.outline();
            let root = outline.root_node();
            let mut c = root.walk();
            for top in root.named_children(&mut c) {
                if top.kind() != "type_declaration" {
                    continue;
                }
                let mut c2 = top.walk();
                for spec in top.named_children(&mut c2) {
                    let named = spec
                        .child_by_field_name("name")
                        .is_some_and(|n| &f.text[n.byte_range()] == name);
                    if !named {
                        continue;
                    }
                    if spec.child_by_field_name("type_parameters").is_some() {
                        return None;
                    }
                    let t = self.spec_type(Loc::of(fi, spec))?;
                    count += 1;
                    if !found.contains(&t) {
                        found.push(t);
                    }
                }
            }
        }
        // Every declaration the index counted was read (another kind of declaration of
        // the name, a function or a variable under other constraints, is none of these).
        (count == *self.ctx.index.top_level.get(name)? && !found.is_empty()).then_some(found)
    }

    /// The type a `type_spec` or `type_alias` at `spec` gives its name.
    fn spec_type(&self, spec: Loc) -> Option<Ty> {
        let f = &self.pkg.files[spec.file];
        let outline = f.outline();
        let mut n = outline
            .root_node()
            .descendant_for_byte_range(spec.start, spec.end)?;
        while !matches!(n.kind(), "type_spec" | "type_alias") || n.start_byte() != spec.start {
            n = n.parent()?;
        }
        let t = n.child_by_field_name("type")?;
        self.resolved(Loc::of(spec.file, t))
    }

    /// The type whose node spans `loc`, with this package's own names tied to its path.
    fn resolved(&self, loc: Loc) -> Option<Ty> {
        let t = crate::semantic::ty::at_loc(&self.pkg, &self.ctx, loc)?;
        Some(t.qualified(&self.path))
    }
}

/// The package clause and files of the package in `dir`: the files `go build` may compile
/// on some platform (not tests, not `//go:build ignore`, not `_`- or `.`-prefixed), of the
/// package clause most of them give (none when two clauses tie).
fn package_files(dir: &Path) -> Option<(String, Vec<(PathBuf, String)>)> {
    let files = go_files(dir, |p| std::fs::read_to_string(p).ok())?;
    let name = majority(&files)?;
    let mut files = files;
    files.retain(|(_, t)| crate::syntax::source::package_name(t) == Some(name.as_str()));
    Some((name, files))
}

/// The package clause [`package_files`] picks, read from the head of each file (where the
/// clause and the build constraints stand) rather than the whole file.
fn package_clause(dir: &Path) -> Option<String> {
    let head = |p: &Path| -> Option<String> {
        use std::io::Read;
        let mut buf = Vec::with_capacity(8192);
        std::fs::File::open(p)
            .ok()?
            .take(8192)
            .read_to_end(&mut buf)
            .ok()?;
        let text = String::from_utf8_lossy(&buf).into_owned();
        match crate::syntax::source::package_name(&text) {
            Some(_) => Some(text),
            // A header longer than the head: the whole file.
            None => std::fs::read_to_string(p).ok(),
        }
    };
    majority(&go_files(dir, head)?)
}

/// The package clause most files give (none when two tie).
fn majority(files: &[(PathBuf, String)]) -> Option<String> {
    let mut names: HashMap<String, usize> = HashMap::new();
    for (_, text) in files {
        if let Some(n) = crate::syntax::source::package_name(text) {
            *names.entry(n.to_string()).or_default() += 1;
        }
    }
    let mut ranked: Vec<(usize, String)> = names.into_iter().map(|(n, c)| (c, n)).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    match ranked.as_slice() {
        [(a, _), (b, _), ..] if a == b => None,
        [(_, n), ..] => Some(n.clone()),
        [] => None,
    }
}

/// The `.go` files of `dir` that are no tests, not `_`- or `.`-prefixed and not
/// `//go:build ignore`, as `read` reads them.
fn go_files(dir: &Path, read: impl Fn(&Path) -> Option<String>) -> Option<Vec<(PathBuf, String)>> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".go")
            || name.ends_with("_test.go")
            || name.starts_with('.')
            || name.starts_with('_')
            || !p.is_file()
        {
            continue;
        }
        let Some(text) = read(&p) else {
            continue;
        };
        if crate::syntax::build::ignored(&text) {
            continue;
        }
        files.push((p, text));
    }
    files.sort();
    Some(files)
}

/// Reads the package of `dir` that `path` imports (see [`package_files`]).
fn load(world: &Arc<World>, path: &str, dir: &Path) -> Option<Imported> {
    let (name, files) = package_files(dir)?;
    let flag = Arc::new(AtomicBool::new(false));
    let files: Vec<PkgFile> = files
        .into_iter()
        .map(|(p, t)| PkgFile::lazy(p, t, crate::syntax::source::Generated::No, true, &flag))
        .collect();
    let pkg = Package {
        dir: dir.to_path_buf(),
        name: name.clone(),
        files,
        go_version: None,
    };
    let ctx = Context::build_with(
        &pkg,
        &mut ScopeCache::default(),
        Inputs {
            world: Some(Arc::downgrade(world)),
            ..Inputs::default()
        },
    );
    // A package of the standard library (not of `cmd`, which vendors its own) imports
    // `golang.org/x/...` from `$GOROOT/src/vendor`, whatever the module requires.
    if let Some(src) = &world.std_root
        && dir.starts_with(src)
        && !dir.starts_with(src.join("cmd"))
    {
        for (i, f) in pkg.files.iter().enumerate() {
            let imports = crate::syntax::imports::all_imports(&f.outline(), &f.text)
                .into_iter()
                .map(|(p, n)| {
                    let dotted = p.split('/').next().is_some_and(|e| e.contains('.'));
                    if dotted && src.join("vendor").join(&p).is_dir() {
                        (format!("vendor/{p}"), n)
                    } else {
                        (p, n)
                    }
                })
                .collect();
            ctx.preset_imports(i, imports);
        }
    }
    for f in &pkg.files {
        f.forget_outline();
    }
    Some(Imported {
        answers: Mutex::new(HashMap::new()),
        path: path.to_string(),
        pkg,
        ctx,
    })
}
