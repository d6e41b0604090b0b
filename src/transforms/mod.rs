//! The transform trait and the registry of every transform, in the order fixes are taken.

pub(crate) mod map_value_boundary;
pub(crate) mod nested_map;
pub(crate) mod pool_scratch;
pub(crate) mod reflect_field;
pub(crate) mod retype;

use crate::directives::Directives;
use crate::edit::Findings;
use crate::escapes::Fact;
use crate::package::Package;
use crate::semantic::index::PkgIndex;
use crate::semantic::scope::ScopeInfo;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// What a transform is called and how it is documented.
pub(crate) struct Meta {
    /// The CLI, directive and directory name, e.g. `nested-map`.
    pub(crate) id: &'static str,
    pub(crate) summary: &'static str,
    /// `transforms/<id>/README.md`, printed by `gomapfix explain`.
    pub(crate) docs: &'static str,
    /// A cheap textual test: a package none of whose files passes it has no target, and is
    /// not parsed at all.
    pub(crate) prefilter: fn(&str) -> bool,
    /// A test of a parsed file that passed the prefilter (its tree, and whether the tool
    /// may edit it): false when no site can be in it, whatever the rest of the package
    /// says. The engine parses only the files the prefilter picked first, and a package none
    /// of whose files passes this is not analysed (its other files are never parsed).
    pub(crate) sites: fn(&crate::package::PkgFile) -> bool,
    /// Whether it reads the compiler's escape analysis (`--escapes` runs the compiler only
    /// when a selected transform does).
    pub(crate) uses_escapes: bool,
}

/// What the engine knows about a package in the current round.
pub(crate) struct Context {
    pub(crate) index: PkgIndex,
    /// Per file, in the package's file order; resolved on first use.
    pub(crate) scopes: Scopes,
    pub(crate) directives: Vec<Directives>,
    /// Per file, the compiler's escape facts by byte offset in the current text; `None`
    /// when the run has no escape evidence (`--escapes`, `--escape-log`).
    pub(crate) escapes: Option<Vec<HashMap<usize, Fact>>>,
    /// Per file, its imports as (path, name), read on first use.
    imports: Vec<OnceLock<Vec<(String, String)>>>,
}

impl Context {
    /// Builds the context, taking each file's scopes from `cache` when its text has not
    /// changed since they were resolved (a fix-point round rewrites a few files of a
    /// package; resolving the others again, generated ones included, is most of a round).
    pub(crate) fn build_with(pkg: &Package, cache: &mut ScopeCache) -> Context {
        cache.0.resize(pkg.files.len(), None);
        Context {
            index: PkgIndex::build(pkg),
            scopes: Scopes {
                files: pkg
                    .files
                    .iter()
                    .map(|f| (f.tree.clone(), f.text.clone()))
                    .collect(),
                slots: pkg
                    .files
                    .iter()
                    .zip(&cache.0)
                    .map(|(f, slot)| match slot {
                        Some((text, s)) if *text == f.text => OnceLock::from(s.clone()),
                        _ => OnceLock::new(),
                    })
                    .collect(),
            },
            directives: pkg
                .files
                .iter()
                .map(|f| Directives::scan(f.tree.root_node(), &f.text))
                .collect(),
            escapes: None,
            imports: pkg.files.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Every import of file `file` of `pkg` as (path, name), `.` and `_` included; read
    /// once per round, however many types are resolved or written in the file.
    pub(crate) fn imports(&self, pkg: &Package, file: usize) -> &[(String, String)] {
        self.imports[file].get_or_init(|| {
            let f = &pkg.files[file];
            crate::imports::all_imports(&f.tree, &f.text)
        })
    }
}

/// Each file's scopes, resolved the first time a transform asks for them: a transform
/// reads the scopes of the files it looks into, not of every file of the package.
pub(crate) struct Scopes {
    files: Vec<(tree_sitter::Tree, Arc<str>)>,
    slots: Vec<OnceLock<Arc<ScopeInfo>>>,
}

impl std::ops::Index<usize> for Scopes {
    type Output = Arc<ScopeInfo>;

    fn index(&self, i: usize) -> &Arc<ScopeInfo> {
        self.slots[i].get_or_init(|| {
            let (tree, text) = &self.files[i];
            Arc::new(crate::semantic::scope::resolve(tree.root_node(), text))
        })
    }
}

/// Each file's resolved scopes, with the text they were resolved on.
#[derive(Default)]
pub(crate) struct ScopeCache(Vec<Option<(Arc<str>, Arc<ScopeInfo>)>>);

impl ScopeCache {
    /// Keeps the scopes a round resolved, for the next rounds.
    pub(crate) fn keep(&mut self, ctx: &Context) {
        let s = &ctx.scopes;
        for ((slot, (_, text)), cached) in s.slots.iter().zip(&s.files).zip(&mut self.0) {
            if let Some(info) = slot.get()
                && cached.as_ref().is_none_or(|(t, _)| t != text)
            {
                *cached = Some((text.clone(), info.clone()));
            }
        }
    }
}

pub(crate) trait Transform: Sync {
    fn meta(&self) -> &'static Meta;
    /// Every candidate site ends as exactly one of: a fix, or a skip with its reason.
    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings);
    /// The package's generated files for this transform, rendered whole from the package
    /// as the fixes left them: (file name, content) each, none when it needs none.
    fn generate(&self, _pkg: &Package, _ctx: &Context) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

pub(crate) static REGISTRY: &[&dyn Transform] = &[
    &nested_map::NestedMap,
    &pool_scratch::PoolScratch,
    &reflect_field::ReflectField,
    &map_value_boundary::MapValueBoundary,
];

pub(crate) fn by_id(id: &str) -> Option<&'static dyn Transform> {
    REGISTRY.iter().copied().find(|t| t.meta().id == id)
}

/// The package-level names the package's own files (not gomapfix's) declare.
/// The name of a file in the package's directory that a transform's generated file of
/// that name would replace and may not: a file of the package gomapfix did not generate,
/// or one on disk the package does not hold (another package clause, excluded), which
/// the write would refuse. A rewrite that needs the generated file is then not made.
pub(crate) fn generated_file_taken(pkg: &Package, name: &str) -> Option<String> {
    match pkg
        .files
        .iter()
        .find(|f| f.path.file_name().is_some_and(|n| n == name))
    {
        Some(f) if f.generated == crate::source::Generated::ByGomapfix => None,
        Some(_) => Some(name.to_string()),
        None => pkg
            .dir
            .join(name)
            .symlink_metadata()
            .is_ok()
            .then(|| name.to_string()),
    }
}

/// The names a new package-level declaration may not take: the package's own
/// package-level names, and every file's import names (a file's import name and a
/// package-level name may not be the same, whichever file declares it).
pub(crate) fn package_scope_names(pkg: &Package) -> std::collections::HashSet<String> {
    let mut out = declared_by_package(pkg);
    for f in &pkg.files {
        for (_, name) in crate::imports::all_imports(&f.tree, &f.text) {
            if name != "." && name != "_" {
                out.insert(name);
            }
        }
    }
    out
}

pub(crate) fn declared_by_package(pkg: &Package) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for f in pkg
        .files
        .iter()
        .filter(|f| f.generated != crate::source::Generated::ByGomapfix)
    {
        for top in crate::ast::named_children(f.tree.root_node()) {
            for n in std::iter::once(top).chain(crate::ast::descendants(top)) {
                let is_decl = match n.kind() {
                    "function_declaration" => true,
                    "var_spec" | "const_spec" | "type_spec" | "type_alias" => {
                        n.parent().is_some_and(|p| {
                            crate::ast::ancestors(p).all(|a| {
                                a.kind() != "function_declaration"
                                    && a.kind() != "method_declaration"
                            })
                        })
                    }
                    _ => false,
                };
                if is_decl {
                    for id in crate::ast::field_children(n, "name") {
                        out.insert(f.text[id.byte_range()].to_string());
                    }
                }
            }
        }
    }
    out
}
