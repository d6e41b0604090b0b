//! The package model a transform reads in one round: the package index, each file's scopes
//! (resolved on first use, kept across rounds for files whose text did not change), each
//! file's imports and `//gomapfix:` directives, and the inputs the engine gives beside it
//! ([`Inputs`]): the compiler's escape facts and where this round's text stood as read.

use crate::semantic::escapes::{EscapeLog, Fact};
use crate::semantic::imported::World;
use crate::semantic::index::PkgIndex;
use crate::semantic::profile::Profiles;
use crate::semantic::scope::ScopeInfo;
use crate::syntax::directives::Directives;
use crate::syntax::package::{Package, PkgFile};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, Weak};

/// What the engine knows about a package in the current round.
pub(crate) struct Context {
    pub(crate) index: PkgIndex,
    /// Per file, in the package's file order; resolved on first use.
    pub(crate) scopes: Scopes,
    pub(crate) directives: Vec<Directives>,
    /// Per file, the compiler's escape facts by byte offset in the current text; `None`
    /// when the run has no escape evidence (`--escapes`, `--escape-log`).
    pub(crate) escapes: Option<Vec<HashMap<usize, Fact>>>,
    /// The whole log the escape facts came from: what the functions of other packages keep
    /// of their arguments (`semantic::callees`).
    pub(crate) compiler: Option<Arc<EscapeLog>>,
    /// The imported packages of the module's view (see [`Inputs::world`]).
    world: Option<Weak<World>>,
    /// The run's profiles (`--profile`): heap allocations sampled at a line are evidence.
    pub(crate) profile: Option<Arc<Profiles>>,
    /// See [`Inputs::as_read`].
    as_read: Option<AsRead>,
    /// Per file, its imports as (path, name), read on first use.
    imports: Vec<OnceLock<Vec<(String, String)>>>,
}

/// Where a byte of this round's text (file, offset) stood in the file as read, as a 1-based
/// line: the map back through the rounds the engine applied so far.
pub(crate) type AsRead = Arc<dyn Fn(usize, usize) -> usize + Send + Sync>;

/// What the engine knows of a package beside its text, given to each round's model.
#[derive(Default)]
pub(crate) struct Inputs {
    /// Per file, the compiler's escape facts by byte offset in this round's text; `None`
    /// when the run has no escape evidence (`--escapes`, `--escape-log`).
    pub(crate) escapes: Option<Vec<HashMap<usize, Fact>>>,
    /// The log itself, for what callees keep (see [`Context::compiler`]).
    pub(crate) compiler: Option<Arc<EscapeLog>>,
    /// `None` in the first round, whose text is the text as read.
    pub(crate) as_read: Option<AsRead>,
    /// The packages the code imports, read when a proof asks (`semantic::imported`); the
    /// engine keeps the world alive for the run.
    pub(crate) world: Option<Weak<World>>,
    /// The run's profiles, when it has some.
    pub(crate) profile: Option<Arc<Profiles>>,
}

impl Context {
    /// Builds the context, taking each file's scopes from `cache` when its text has not
    /// changed since they were resolved (a fix-point round rewrites a few files of a
    /// package; resolving the others again, generated ones included, is most of a round).
    pub(crate) fn build_with(pkg: &Package, cache: &mut ScopeCache, inputs: Inputs) -> Context {
        cache.0.resize(pkg.files.len(), None);
        Context {
            index: PkgIndex::build(pkg),
            scopes: Scopes {
                files: pkg.files.clone(),
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
                .map(|f| Directives::scan(|| f.tree(), &f.text))
                .collect(),
            escapes: inputs.escapes,
            compiler: inputs.compiler,
            as_read: inputs.as_read,
            world: inputs.world,
            profile: inputs.profile,
            imports: pkg.files.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// Whether a `//gomapfix:ignore` covers offset `at` of file `file` for `rule`.
    pub(crate) fn ignores(&self, rule: &str, file: usize, at: usize) -> bool {
        self.directives[file].ignores(self.scopes.files[file].line(at), rule)
    }

    /// The 1-based line, in file `file` as read, of offset `at` of this round's text: the
    /// line a message names.
    pub(crate) fn line_as_read(&self, file: usize, at: usize) -> usize {
        match &self.as_read {
            Some(map) => map(file, at),
            None => self.scopes.files[file].line(at),
        }
    }

    /// The imported packages, when the run reads them.
    pub(crate) fn world(&self) -> Option<Arc<World>> {
        self.world.as_ref()?.upgrade()
    }

    /// Gives file `file` these imports in place of those its text gives (a package of the
    /// standard library names its vendored packages without their `vendor/` prefix).
    pub(crate) fn preset_imports(&self, file: usize, imports: Vec<(String, String)>) {
        let _ = self.imports[file].set(imports);
    }

    /// The import path file `file` names `q`: one import of that name, whose package
    /// declares that name when the import gives none (read when the run has a world).
    pub(crate) fn import_path(&self, pkg: &Package, file: usize, q: &str) -> Option<String> {
        qualifier_path(self.imports(pkg, file), q, self.world().as_ref())
    }

    /// Every import of file `file` of `pkg` as (path, name), `.` and `_` included; read
    /// once per round, however many types are resolved or written in the file.
    pub(crate) fn imports(&self, pkg: &Package, file: usize) -> &[(String, String)] {
        self.imports[file].get_or_init(|| {
            // The import declarations come before every body: a file not parsed whole is
            // read from its outline.
            let f = &pkg.files[file];
            let tree = if f.is_parsed() {
                f.tree().clone()
            } else {
                f.outline()
            };
            crate::syntax::imports::all_imports(&tree, &f.text)
        })
    }
}

/// The import path qualifier `q` stands for among a file's `imports` (path, name): one
/// import of that name, whose package declares that name when the import gives none. With
/// the imported packages (`world`), an import without a name of its own is known by its
/// package clause (`import "example.com/go-shapes"` declaring `package shapes`).
pub(crate) fn qualifier_path(
    imports: &[(String, String)],
    q: &str,
    world: Option<&Arc<World>>,
) -> Option<String> {
    let unnamed = |p: &str, n: &str| crate::syntax::imports::default_name(p) == n;
    let mut it = imports.iter().filter(|(_, n)| n == q);
    match (it.next(), it.next()) {
        (Some((path, n)), None) => {
            if unnamed(path, n)
                && let Some(world) = world
                && world.clause(path).is_some_and(|c| c != q)
            {
                return None;
            }
            Some(path.clone())
        }
        (Some(_), Some(_)) => None,
        (None, _) => {
            // No import is named `q`: an import without a name of its own whose package
            // clause is `q`, the only one.
            let world = world?;
            let mut it = imports
                .iter()
                .filter(|(p, n)| unnamed(p, n) && world.clause(p).as_deref() == Some(q));
            match (it.next(), it.next()) {
                (Some((p, _)), None) => Some(p.clone()),
                _ => None,
            }
        }
    }
}

/// Each file's scopes, resolved the first time a transform asks for them: a transform
/// reads the scopes of the files it looks into, not of every file of the package.
pub(crate) struct Scopes {
    files: Vec<PkgFile>,
    slots: Vec<OnceLock<Arc<ScopeInfo>>>,
}

impl std::ops::Index<usize> for Scopes {
    type Output = Arc<ScopeInfo>;

    fn index(&self, i: usize) -> &Arc<ScopeInfo> {
        self.slots[i].get_or_init(|| {
            let f = &self.files[i];
            Arc::new(crate::semantic::scope::resolve(
                f.tree().root_node(),
                &f.text,
            ))
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
        for ((slot, f), cached) in s.slots.iter().zip(&s.files).zip(&mut self.0) {
            let text = &f.text;
            if let Some(info) = slot.get()
                && cached.as_ref().is_none_or(|(t, _)| t != text)
            {
                *cached = Some((text.clone(), info.clone()));
            }
        }
    }
}
