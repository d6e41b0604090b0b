//! The transform trait and the registry of every transform, in the order fixes are taken.

pub(crate) mod map_value_boundary;
pub(crate) mod nested_map;
pub(crate) mod pool_scratch;
pub(crate) mod reflect_field;
pub(crate) mod retype;

use crate::fix::edit::Findings;
pub(crate) use crate::semantic::context::Context;
use crate::syntax::package::Package;

/// What a transform is called and how it is documented.
pub(crate) struct Meta {
    /// The CLI, directive and directory name, e.g. `nested-map`.
    pub(crate) id: &'static str,
    pub(crate) summary: &'static str,
    /// What one rewrite saved in the transform's own benchmark (the README's tables), for
    /// the profile's report of the hottest findings.
    pub(crate) saving: &'static str,
    /// `transforms/<id>/README.md`, printed by `gomapfix explain`.
    pub(crate) docs: &'static str,
    /// A cheap textual test: a package none of whose files passes it has no target, and is
    /// not parsed at all.
    pub(crate) prefilter: fn(&str) -> bool,
    /// A test of a parsed file that passed the prefilter (its tree, and whether the tool
    /// may edit it): false when no site can be in it, whatever the rest of the package
    /// says. The engine parses only the files the prefilter picked first, and a package none
    /// of whose files passes this is not analysed (its other files are never parsed).
    pub(crate) sites: fn(&crate::syntax::package::PkgFile) -> bool,
    /// Whether it reads the compiler's escape analysis (`--escapes` runs the compiler only
    /// when a selected transform does).
    pub(crate) uses_escapes: bool,
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

// The rules between transforms, written here once: which one owns a site two could take.

/// A map whose values are over the runtime's inline limit (128 bytes) is map-value-boundary's,
/// not pool-scratch's: pooling it leaves every entry a heap object of its own. The values'
/// size when the map of type `map_type` is so.
pub(crate) fn owned_by_map_value_boundary(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    map_type: tree_sitter::Node<'_>,
) -> Option<u64> {
    crate::semantic::ty::map_value_size(pkg, ctx, file, map_type)
        .filter(|s| *s > crate::semantic::ty::MAP_INLINE_LIMIT)
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
        Some(f) if f.generated == crate::syntax::source::Generated::ByGomapfix => None,
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
        for (_, name) in crate::fix::imports::all_imports(f.tree(), &f.text) {
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
        .filter(|f| f.generated != crate::syntax::source::Generated::ByGomapfix)
    {
        for top in crate::syntax::ast::named_children(f.tree().root_node()) {
            for n in std::iter::once(top).chain(crate::syntax::ast::descendants(top)) {
                let is_decl = match n.kind() {
                    "function_declaration" => true,
                    "var_spec" | "const_spec" | "type_spec" | "type_alias" => {
                        n.parent().is_some_and(|p| {
                            crate::syntax::ast::ancestors(p).all(|a| {
                                a.kind() != "function_declaration"
                                    && a.kind() != "method_declaration"
                            })
                        })
                    }
                    _ => false,
                };
                if is_decl {
                    for id in crate::syntax::ast::field_children(n, "name") {
                        out.insert(f.text[id.byte_range()].to_string());
                    }
                }
            }
        }
    }
    out
}
