//! The transform trait and the registry of every transform, in the order fixes are taken.

pub(crate) mod nested_map;
pub(crate) mod pool_scratch;
pub(crate) mod reflect_field;

use crate::directives::Directives;
use crate::edit::Findings;
use crate::escapes::Fact;
use crate::package::Package;
use crate::scope::ScopeInfo;
use crate::types::PkgIndex;
use std::collections::HashMap;
use std::sync::Arc;

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
    /// Whether it reads the compiler's escape analysis (`--escapes` runs the compiler only
    /// when a selected transform does).
    pub(crate) uses_escapes: bool,
}

/// What the engine knows about a package in the current round.
pub(crate) struct Context {
    pub(crate) index: PkgIndex,
    /// Per file, in the package's file order.
    pub(crate) scopes: Vec<Arc<ScopeInfo>>,
    pub(crate) directives: Vec<Directives>,
    /// Per file, the compiler's escape facts by byte offset in the current text; `None`
    /// when the run has no escape evidence (`--escapes`, `--escape-log`).
    pub(crate) escapes: Option<Vec<HashMap<usize, Fact>>>,
}

impl Context {
    /// Builds the context, taking each file's scopes from `cache` when its text has not
    /// changed since they were resolved (a fix-point round rewrites a few files of a
    /// package; resolving the others again, generated ones included, is most of a round).
    pub(crate) fn build_with(pkg: &Package, cache: &mut ScopeCache) -> Context {
        cache.0.resize(pkg.files.len(), None);
        Context {
            index: PkgIndex::build(pkg),
            scopes: pkg
                .files
                .iter()
                .zip(cache.0.iter_mut())
                .map(|(f, slot)| match slot {
                    Some((text, s)) if *text == f.text => s.clone(),
                    _ => {
                        let s = Arc::new(crate::scope::resolve(f.tree.root_node(), &f.text));
                        *slot = Some((f.text.clone(), s.clone()));
                        s
                    }
                })
                .collect(),
            directives: pkg
                .files
                .iter()
                .map(|f| Directives::scan(&f.text))
                .collect(),
            escapes: None,
        }
    }
}

/// Each file's resolved scopes, with the text they were resolved on.
#[derive(Default)]
pub(crate) struct ScopeCache(Vec<Option<(String, Arc<ScopeInfo>)>>);

pub(crate) trait Transform: Sync {
    fn meta(&self) -> &'static Meta;
    /// Every candidate site ends as exactly one of: a fix, or a skip with its reason.
    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings);
    /// The package's generated file for this transform, rendered whole from the package
    /// as the fixes left it: (file name, content), or `None` when it needs none.
    fn generate(&self, _pkg: &Package, _ctx: &Context) -> Option<(&'static str, String)> {
        None
    }
}

pub(crate) static REGISTRY: &[&dyn Transform] = &[
    &nested_map::NestedMap,
    &pool_scratch::PoolScratch,
    &reflect_field::ReflectField,
];

pub(crate) fn by_id(id: &str) -> Option<&'static dyn Transform> {
    REGISTRY.iter().copied().find(|t| t.meta().id == id)
}
