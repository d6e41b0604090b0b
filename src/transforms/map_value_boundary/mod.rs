//! map-value-boundary: a map whose values are over the runtime's 128-byte inline limit
//! (each stored in a heap object of its own) into a generated `slabMap[K, V]`, the values
//! in chunks beside a `map[K]int32` index.
//!
//! The target forms (local, package variable, unexported field), their uses and their
//! creations come from the shared [`retype`] machinery; this module says which maps it
//! takes and what each use becomes. A nil `*slabMap` reads as a nil map does and panics
//! on `Set` as a write to one does, so unlike nested-map nothing needs a creation first.

mod detect;
mod prove;
mod reasons;
mod rewrite;
mod slab;

use super::retype::{
    self, Creation, Kind, Retyped, Shape, Shared, Target, Use, builtin, context_of, is_comma_ok,
};
use super::{Context, Meta, Transform};
use crate::fix::edit::{Edit, Evidence, Findings, Fix};
use crate::semantic::scope::has_token;
use crate::syntax::ast::{call_parts, descendants, is_written, list_items, short};
use crate::syntax::package::{Package, PkgFile};
use crate::syntax::source::Generated;
use detect::{BigValues, big_map_text, small_value};
use reasons::Reason;
use rewrite::Rewrite;
use tree_sitter::Node;

pub(crate) struct MapValueBoundary;

const RULE: &str = "map-value-boundary";

use crate::semantic::ty::MAP_INLINE_LIMIT as INLINE_LIMIT;

/// The largest value the slab takes: 64 MiB, far from the compiler's 1 GB stack frame
/// limit for the slab's by-value arguments and results.
const MAX_VALUE: u64 = 64 << 20;

static META: Meta = Meta {
    id: RULE,
    summary: "maps whose values are over 128 bytes into a slab: values in chunks, a 4-byte index in the map",
    saving: "2^20 inserts of 256-byte values: 1.008 to 0.012 allocs per insert, a forced GC 31x shorter",
    docs: include_str!("../../../transforms/map-value-boundary/README.md"),
    prefilter: big_map_text,
    sites: |f| {
        f.generated != Generated::ByGomapfix
            && big_map_text(&f.text)
            // A body the prefilter would not pick holds no map type with a big value.
            && f.read_bodies(big_map_text, |t| {
                descendants(t.root_node()).into_iter().any(|n| {
                    n.kind() == "map_type"
                        && n.child_by_field_name("value")
                            .is_some_and(|v| !small_value(v.kind(), &f.text[v.byte_range()]))
                })
            })
    },
    uses_escapes: false,
};

impl Transform for MapValueBoundary {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn run(&self, pkg: &Package, ctx: &Context, out: &mut Findings) {
        // The slab's names, found on the first target that needs them.
        let names = std::cell::OnceCell::new();
        // A target is declared with its map type or its creation in the file.
        let pick = |f: &PkgFile| {
            f.generated != Generated::ByGomapfix
                && big_map_text(&f.text)
                && !f.without_sites.contains(&RULE)
        };
        retype::drive(pkg, ctx, out, pick, |t: &Target<'_, BigValues>| {
            let a = Analysis {
                r: Retyped::new(pkg, ctx, t),
                names: &names,
            };
            a.run()
        });
    }

    fn generate(&self, pkg: &Package, ctx: &Context) -> Vec<(&'static str, String)> {
        let file = slab::file_for(pkg);
        let present = pkg.files.iter().any(|f| {
            f.generated == Generated::ByGomapfix && f.path.file_name().is_some_and(|n| n == file)
        });
        // Every name the slab may have ends in `labMap` or `labMap<n>`: a package none of
        // whose files spells it neither uses a slab nor had one, and its declarations
        // need not be walked for the slab's names.
        if !present && !pkg.files.iter().any(|f| f.text.contains("labMap")) {
            return Vec::new();
        }
        let Ok(names) = slab::Names::of(pkg, ctx) else {
            return Vec::new();
        };
        let (ty, ctor) = (
            format!("{}[", names.ty()),
            format!("{}[", names.constructor()),
        );
        let used = pkg.files.iter().any(|f| {
            f.generated != Generated::ByGomapfix && (f.text.contains(&ty) || f.text.contains(&ctor))
        });
        if present || used {
            vec![(file, slab::render(pkg, &names))]
        } else {
            Vec::new()
        }
    }
}

struct Analysis<'a, 't> {
    r: Retyped<'a, 't, BigValues>,
    names: &'a std::cell::OnceCell<Result<slab::Names, String>>,
}

impl<'a, 't> std::ops::Deref for Analysis<'a, 't> {
    type Target = Retyped<'a, 't, BigValues>;

    fn deref(&self) -> &Self::Target {
        &self.r
    }
}

impl<'a, 't> Analysis<'a, 't> {
    fn use_reason(&self, file: usize, n: Node<'_>) -> Reason {
        self.r.use_reason(file, n).into()
    }

    fn run(&self) -> Result<Fix, Reason> {
        let t = self.t;
        let size =
            t.ty.size
                .ok_or_else(|| Reason::SizeUnknown(t.ty.val.clone(), t.ty.unknown.clone()))?;
        if !self.pkg.allows(18) {
            return Err(Reason::GoVersion);
        }
        // Before go1.20 an interface type (or a struct or array holding one) does not
        // satisfy `comparable`, which the slab's K is constrained by.
        if !self.pkg.allows(20) && !self.key_hash_cannot_panic() {
            return Err(Reason::KeyNotComparable(t.ty.key.clone()));
        }
        // The slab passes values by value (Set's argument, Lookup's result): a value near
        // the compiler's 1 GB frame limit would not build where the map did.
        if size > MAX_VALUE {
            return Err(Reason::TooLarge(size));
        }
        self.no_lock_inside()?;
        let names = self
            .names
            .get_or_init(|| slab::Names::of(self.pkg, self.ctx))
            .as_ref()
            .map_err(|why| Reason::SlabNames(why.clone()))?;
        let exported_owner = self.package_level_checks()?;
        let mut route = None;
        // The rewrite needs the generated slab: it is rendered only from a package whose
        // every file parses, and written only where no file of its name is someone else's.
        if let Some(at) = self.pkg.broken_file() {
            return Err(Reason::SlabNotRendered(at));
        }
        if let Some(taken) = super::generated_file_taken(self.pkg, slab::file_for(self.pkg)) {
            return Err(Reason::GeneratedFileTaken(taken));
        }
        // The generated file has no build constraint: it is compiled whenever the
        // package's unconstrained files are. A file run alone (`//go:build ignore`, `go run
        // gen.go`) would not see it, and a package whose files are all constrained would
        // gain a file where some builds found none (a `package main` without its main).
        let decl = &self.pkg.files[t.file];
        if crate::syntax::build::ignored(&decl.text) {
            return Err(Reason::BuildConstrained(
                "its file is built only on its own (//go:build ignore)".into(),
            ));
        }
        let plain = |f: &crate::syntax::package::PkgFile| {
            f.generated != crate::syntax::source::Generated::ByGomapfix
                && !crate::syntax::build::constrained(&f.path, &f.text)
        };
        if !self.pkg.files.iter().any(plain) {
            return Err(Reason::BuildConstrained(
                "every file of its package is compiled only under a build constraint".into(),
            ));
        }
        let uses = self.uses()?;
        let mut edits: Vec<Edit> = Vec::new();
        let mut creations: Vec<(usize, Node<'t>)> =
            t.init.map(|i| (t.file, i)).into_iter().collect();
        for u in &uses {
            match self.rewrite(*u)? {
                Rewrite::Edits(e) => edits.extend(e),
                Rewrite::Creation(f, c) => creations.push((f, c)),
            }
        }
        if t.kind == Kind::Field {
            // A literal that leaves the field out holds a nil slab, which reads as the
            // nil map did; one that sets it must create it.
            self.field_creations(&mut creations, true)?;
            route = self.no_whole_value_use()?;
        }
        for (f, c) in &creations {
            edits.push(self.creation_edit(*f, *c, names)?);
        }
        if let Some(tn) = t.type_node {
            self.name_free(t.file, tn, &names.ty())?;
        }
        let new_type = format!("*{}[{}, {}]", names.ty(), t.ty.key, t.ty.val);
        edits.extend(self.retype_declaration(&new_type)?);
        if let Some(at) = retype::overlap(self.ctx, &edits) {
            return Err(Reason::Shared(Shared::NestedUse(at)));
        }
        Ok(Fix {
            rule: RULE,
            file: t.file,
            at: t.name_node.start_byte(),
            message: format!(
                "move the values of {} (map[{}]{}, {size} bytes each, over the {INLINE_LIMIT}-byte inline limit) into a slab: chunks of values beside a map[{}]int32 index ({} use{} rewritten)",
                t.name,
                t.ty.key,
                t.ty.val,
                t.ty.key,
                uses.len(),
                if uses.len() == 1 { "" } else { "s" }
            ),
            evidence: Evidence::Source(format!(
                "{} is {size} bytes on 64-bit targets, computed from the package's declarations; every use of {} is a read, comma-ok read, store, delete, len, clear, range or creation, each of which the slab does with map semantics",
                t.ty.val, t.name
            )),
            edits,
            claims: Vec::new(),
            unsafe_because: unsafe_note(exported_owner.as_deref(), route),
        })
    }
}

/// What code of other packages could observe of the rewrite of a field: of an exported
/// struct `exported` (they can make one with the field zero), or of a struct they can get
/// through an exported declaration (`route`: what and where); `None` when neither.
fn unsafe_note(exported: Option<&str>, route: Option<(String, String)>) -> Option<String> {
    // A zero owner made elsewhere holds a nil slab, which reads and writes as the nil map
    // did: only what looks at the value whole sees the change.
    let seen = "print, compare or reflect over it (fmt's %v, reflect.DeepEqual, unsafe.Sizeof) and see a pointer to a slab where it saw a map";
    if let Some(o) = exported {
        return Some(format!("{o} is exported: another package can {seen}"));
    }
    route.map(|(what, place)| {
        format!("another package can get the struct through `{what}` ({place}): {seen}")
    })
}

#[cfg(test)]
mod tests {
    use super::big_map_text;
    use crate::transforms::Transform;

    /// Run over one file, its findings and skips' tags.
    fn run(src: &str) -> (usize, Vec<&'static str>) {
        let pkg = crate::syntax::package::Package::of_files(&[("a.go", src)]);
        let ctx = crate::semantic::context::Context::build_with(
            &pkg,
            &mut Default::default(),
            Default::default(),
        );
        let mut out = crate::fix::edit::Findings::new(super::RULE);
        super::MapValueBoundary.run(&pkg, &ctx, &mut out);
        (out.fixes.len(), out.skips.iter().map(|s| s.tag()).collect())
    }

    /// `m[k].f = v` does not compile (a map element is not addressable), and
    /// `m.At(k).f = v` would: such code is left as it is, not made to build.
    #[test]
    fn writes_into_an_element_are_not_made_legal() {
        for body in [
            "m[1].f = 5",
            "m[1].arr[2]++",
            "m[1].arr[0] += 2",
            "p := &m[1].f; _ = p",
            "(m[1]).f = 1",
        ] {
            let src = format!(
                "package p\n\ntype V struct {{\n\tf   int\n\tarr [20]int64\n}}\n\nfunc f() {{\n\tm := map[int]V{{}}\n\tm[1] = V{{}}\n\t{body}\n}}\n"
            );
            let (fixes, skips) = run(&src);
            assert_eq!(
                (fixes, skips.as_slice()),
                (0, ["use-not-understood"].as_slice()),
                "{body}"
            );
        }
        let (fixes, _) = run(
            "package p\n\ntype V struct {\n\tf   int\n\tarr [20]int64\n}\n\nfunc f() int64 {\n\tm := map[int]V{}\n\tm[1] = V{}\n\treturn m[1].arr[2] + int64(m[1].f)\n}\n",
        );
        assert_eq!(fixes, 1, "reads through an element are rewritten");
    }

    #[test]
    fn prefilter_wants_a_value_that_may_be_big() {
        assert!(big_map_text("var m map[int][256]byte"));
        assert!(big_map_text("m := make(map[string]record)"));
        assert!(big_map_text("var m map[[2]int]struct{ a [20]int64 }"));
        assert!(big_map_text("var m map[string]time.Time"));
        assert!(big_map_text("x := map[int]*T{}; y := map[int]stringer{}"));
        assert!(!big_map_text("var m map[string]int"));
        assert!(!big_map_text("var m map[[4]byte]*T"));
        assert!(!big_map_text(
            "m := map[string][]byte{}; s := map[int]struct{}{}"
        ));
        assert!(!big_map_text("func f(m map[string]func()) map[K]chan int"));
    }
}
