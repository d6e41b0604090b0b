//! The generated `gomapfix_slab.go`: the body of `transforms/map-value-boundary/slab`
//! (whose Go tests pin its map semantics), in the package's name, under names the
//! package does not declare, with the methods its go version can compile.

use super::Context;
use crate::package::Package;

/// The slab as tested, package `slab`.
const SLAB: &str = include_str!("../../../transforms/map-value-boundary/slab/slab.go");

pub(super) const FILE: &str = "gomapfix_slab.go";
pub(super) const EXT_TEST_FILE: &str = "gomapfix_slab_ext_test.go";

/// The package-level names the slab declares.
const DECLARED: [&str; 4] = ["slabMap", "newSlabMap", "slabFirst", "slabChunkBytes"];

/// The slab's names in one package: the declared ones, all with the same suffix.
#[derive(Debug, Clone)]
pub(super) struct Names {
    suffix: String,
}

impl Names {
    /// The first suffix (none, then 2, 3...) under which no name of the slab is declared
    /// by the package's own files. Deterministic: the same package gives the same names,
    /// before and after its rewrite (which declares nothing at the package level). None
    /// for a package with a dot import, whose imported names cannot be listed.
    pub(super) fn of(pkg: &Package, ctx: &Context) -> Option<Names> {
        if ctx.index.dot_import {
            return None;
        }
        let own = super::super::declared_by_package(pkg);
        (1..100)
            .map(|k| if k == 1 { String::new() } else { k.to_string() })
            .find(|s| DECLARED.iter().all(|d| !own.contains(&format!("{d}{s}"))))
            .map(|suffix| Names { suffix })
    }

    pub(super) fn ty(&self) -> String {
        format!("slabMap{}", self.suffix)
    }

    pub(super) fn constructor(&self) -> String {
        format!("newSlabMap{}", self.suffix)
    }
}

/// The file the package's slab goes in: an external test package needs its own.
pub(super) fn file_for(pkg: &Package) -> &'static str {
    if pkg.name.ends_with("_test") {
        EXT_TEST_FILE
    } else {
        FILE
    }
}

/// The generated file: rendered whole from the package's name, names and go version.
/// `All` needs range-over-func (go1.23) and the `iter` package; `Clear` the `clear`
/// builtin (go1.21); a package below either never calls them.
pub(super) fn render(pkg: &Package, names: &Names) -> String {
    let mut s = SLAB.replacen("package slab", &format!("package {}", pkg.name), 1);
    if !pkg.allows(23) {
        s = drop_method(&s, "// All ranges");
        s = s.replacen("\t\"iter\"\n", "", 1);
    }
    if !pkg.allows(21) {
        s = drop_method(&s, "// Clear is");
    }
    if !names.suffix.is_empty() {
        for d in DECLARED {
            s = rename(&s, d, &format!("{d}{}", names.suffix));
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
        let all = drop_method(SLAB, "// All ranges");
        assert!(SLAB.contains("func (m *slabMap[K, V]) All()"));
        assert!(!all.contains("func (m *slabMap[K, V]) All()"));
        assert!(all.contains("func (m *slabMap[K, V]) Clear()"));
        let clear = drop_method(&all, "// Clear is");
        assert!(!clear.contains("Clear()"));
        assert!(clear.contains("func (m *slabMap[K, V]) Len() int"));
        assert!(!clear.contains("\n\n\n"));
    }
}
