//! The generated `gomapfix_slab.go`: the body of `transforms/map-value-boundary/slab`
//! (whose Go tests pin its map semantics), in the package's name, under names the
//! package does not declare, with the methods its go version can compile.

use super::Context;
use crate::syntax::package::Package;

/// The slab as tested, package `slab`.
const SLAB: &str = include_str!("../../../transforms/map-value-boundary/slab/slab.go");

pub(super) const FILE: &str = "gomapfix_slab.go";
pub(super) const EXT_TEST_FILE: &str = "gomapfix_slab_ext_test.go";

/// The package-level names the slab declares.
const DECLARED: [&str; 7] = [
    "slabMap",
    "newSlabMap",
    "slabFirst",
    "slabFirstBytes",
    "slabChunkBytes",
    "slabNilRead",
    "slabRekey",
];

/// The packages the slab imports, by the name it refers to them with.
const IMPORTS: [(&str, &str); 2] = [("bits", "math/bits"), ("unsafe", "unsafe")];

/// The predeclared names the slab's code refers to: a package that declares one of them
/// at its level would change what the slab means (or break it).
const PREDECLARED: &[&str] = &[
    "any",
    "append",
    "bool",
    "clear",
    "comparable",
    "false",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "len",
    "make",
    "new",
    "nil",
    "panic",
    "true",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintptr",
];

/// The slab's names in one package: the declared ones, all with the same suffix, and the
/// name each import goes by (its own, or an alias where the package declares that name:
/// a file's import name and a package-level name may not be the same).
#[derive(Debug, Clone)]
pub(super) struct Names {
    suffix: String,
    imports: Vec<(&'static str, String)>,
}

impl Names {
    /// The first suffix (none, then 2, 3...) under which no name of the slab is declared
    /// by the package's own files. Deterministic: the same package gives the same names,
    /// before and after its rewrite (which declares nothing at the package level). A dot
    /// import is no obstacle: it brings only exported names into its file, and every name
    /// the slab declares or refers to is lower-case.
    pub(super) fn of(pkg: &Package, _ctx: &Context) -> Result<Names, String> {
        debug_assert!(
            DECLARED
                .iter()
                .chain(PREDECLARED)
                .chain(IMPORTS.iter().map(|(n, _)| n))
                .all(|n| n.starts_with(|c: char| c.is_ascii_lowercase()))
        );
        let own = super::super::declared_by_package(pkg);
        if let Some(p) = PREDECLARED.iter().find(|p| own.contains(**p)) {
            return Err(format!(
                "the package declares {p}, which the generated slab uses as Go's own"
            ));
        }
        let suffixes = || (1..100).map(|k| if k == 1 { String::new() } else { k.to_string() });
        // The slab's package-level names may be neither the package's nor any file's
        // import names.
        let scope = super::super::package_scope_names(pkg);
        let suffix = suffixes()
            .find(|s| DECLARED.iter().all(|d| !scope.contains(&format!("{d}{s}"))))
            .ok_or("every suffix of the slab's names is taken")?;
        let imports = IMPORTS
            .iter()
            .map(|(name, _)| {
                suffixes()
                    .map(|s| format!("{name}{s}"))
                    .find(|n| !own.contains(n))
                    .map(|n| (*name, n))
                    .ok_or("every name for the slab's imports is taken")
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Names { suffix, imports })
    }

    pub(super) fn ty(&self) -> String {
        format!("slabMap{}", self.suffix)
    }

    pub(super) fn constructor(&self) -> String {
        format!("newSlabMap{}", self.suffix)
    }
}

pub(super) const TEST_FILE: &str = "gomapfix_slab_test.go";

/// The file the package's slab goes in: an external test package needs its own, and a
/// package of test files only gets a test file (a file `go build` compiles would turn a
/// directory of tests into a package that builds).
pub(super) fn file_for(pkg: &Package) -> &'static str {
    let has = |name: &str| {
        pkg.files
            .iter()
            .any(|f| f.path.file_name().is_some_and(|n| n == name))
    };
    if pkg.name.ends_with("_test") {
        EXT_TEST_FILE
    } else if !has(FILE)
        && pkg.files.iter().all(|f| {
            f.generated == crate::syntax::source::Generated::ByGomapfix
                || crate::syntax::build::is_test(&f.path)
        })
    {
        TEST_FILE
    } else {
        FILE
    }
}

/// The generated file: rendered whole from the package's name, names and go version.
/// The file has no build constraint, so it is compiled at the module's version: `Clear`
/// needs the `clear` builtin (go1.21), and a module below it has none (its files never
/// call it: a file with a `//go:build go1.N` line is at go1.21 at least, but its rewrite
/// of `clear` is refused below the module's go1.21). `All` is a plain function type and
/// compiles at any version; ranging over it needs go1.23 in the file that does.
pub(super) fn render(pkg: &Package, names: &Names) -> String {
    let mut s = SLAB.replacen("package slab", &format!("package {}", pkg.name), 1);
    if !pkg.allows(21) {
        s = drop_method(&s, "// Clear is");
    }
    if !names.suffix.is_empty() {
        for d in DECLARED {
            s = rename(&s, d, &format!("{d}{}", names.suffix));
        }
    }
    for (name, alias) in &names.imports {
        if name != alias {
            let path = IMPORTS.iter().find(|(n, _)| n == name).map_or("", |i| i.1);
            s = s.replacen(
                &format!("\t\"{path}\"\n"),
                &format!("\t{alias} \"{path}\"\n"),
                1,
            );
            s = s.replace(&format!("{name}."), &format!("{alias}."));
        }
    }
    s
}

/// The text without the method whose doc comment starts with `doc`, and the blank line
/// before it.
fn drop_method(s: &str, doc: &str) -> String {
    let Some(start) = s.find(&format!("\n{doc}")) else {
        return s.to_string();
    };
    let end = s[start..]
        .find("\n}\n")
        .map_or(s.len(), |e| start + e + "\n}".len());
    let start = if s[..start].ends_with('\n') {
        start - 1
    } else {
        start
    };
    format!("{}{}", &s[..start], &s[end..])
}

/// Every whole-word occurrence of `from` as `to`.
fn rename(s: &str, from: &str, to: &str) -> String {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (i, _) in s.match_indices(from) {
        let before = s[..i].chars().next_back();
        let after = s[i + from.len()..].chars().next();
        if before.is_some_and(word) || after.is_some_and(word) {
            continue;
        }
        out.push_str(&s[last..i]);
        out.push_str(to);
        last = i + from.len();
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_keeps_other_words() {
        let s = "type slabMap[K] struct{}\nfunc newSlabMap() *slabMap[K] // slabMaps\n";
        let r = rename(s, "slabMap", "slabMap2");
        assert_eq!(
            r,
            "type slabMap2[K] struct{}\nfunc newSlabMap() *slabMap2[K] // slabMaps\n"
        );
    }

    #[test]
    fn old_modules_lose_the_methods_they_cannot_compile() {
        let clear = drop_method(SLAB, "// Clear is");
        assert!(SLAB.contains("func (m *slabMap[K, V]) Clear()"));
        assert!(!clear.contains("Clear()"));
        assert!(clear.contains("func (m *slabMap[K, V]) All()"));
        assert!(clear.contains("func (m *slabMap[K, V]) Len() int"));
        assert!(!clear.contains("\n\n\n"));
        assert!(!SLAB.contains("\"iter\""), "All needs no import");
    }

    #[test]
    fn imports_are_aliased_where_the_package_declares_their_names() {
        let pkg =
            Package::of_files(&[("a.go", "package p\n\nfunc bits() {}\n\ntype unsafe2 int\n")]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let names = Names::of(&pkg, &ctx).unwrap();
        let s = render(&pkg, &names);
        assert!(s.contains("\tbits2 \"math/bits\"\n"), "{s}");
        assert!(s.contains("bits2.Len32(") && !s.contains(" bits.") && !s.contains("(bits."));
        // `unsafe` itself is free: unsafe2 is taken but not needed.
        assert!(s.contains("\t\"unsafe\"\n") && s.contains("unsafe.Sizeof"));
        let shadow = Package::of_files(&[("a.go", "package p\n\nfunc clear(x int) {}\n")]);
        let err = Names::of(
            &shadow,
            &Context::build_with(&shadow, &mut Default::default(), Default::default()),
        )
        .unwrap_err();
        assert!(err.contains("declares clear"), "{err}");
    }
}
