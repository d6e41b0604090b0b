//! The house's floors only point down (issue 21): syntax < semantic < fix < transforms <
//! engine < output < the command line and the library's entry points (`cli.rs`, `lib.rs`,
//! `main.rs`). A file may name (`crate::x`) only its own floor or a lower one; this test
//! reads every file of `src/` (its unit tests left out) and names each reference that
//! points up.

use std::path::{Path, PathBuf};

const FLOORS: [&str; 6] = [
    "syntax",
    "semantic",
    "fix",
    "transforms",
    "engine",
    "output",
];
/// The top: the command line and the crate root's items (`crate::Outcome`, `crate::analyze`).
const TOP: usize = FLOORS.len();

fn floor_of_module(name: &str) -> usize {
    FLOORS.iter().position(|f| *f == name).unwrap_or(TOP)
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its unit tests (a `#[cfg(test)]` module is the last item of
/// a file, as clippy's `items_after_test_module` keeps it) and without comments.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::name` in `code`, with its line, the names of a `crate::{a, b::c}` group
/// included.
fn references(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push((line, name));
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push((line, name));
        }
    }
    out
}

#[test]
fn no_floor_names_a_higher_one() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    files.sort();
    let mut up = Vec::new();
    let mut counted = [0usize; TOP + 1];
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let floor = floor_of_module(first.trim_end_matches(".rs"));
        counted[floor] += 1;
        let text = std::fs::read_to_string(f).unwrap();
        let code = code(&text);
        // In a floor's `mod.rs`, `super::` is the crate root: the top.
        if rel.components().count() == 2 && rel.ends_with("mod.rs") && code.contains("super::") {
            up.push(format!("src/{}: super:: (the top)", rel.display()));
        }
        for (line, name) in references(&code) {
            let to = floor_of_module(&name);
            if to > floor {
                up.push(format!(
                    "src/{}:{line}: crate::{name} ({}) from {}",
                    rel.display(),
                    FLOORS.get(to).unwrap_or(&"the top"),
                    FLOORS.get(floor).unwrap_or(&"the top")
                ));
            }
        }
    }
    // Every floor holds files, and nothing sits at src/'s root but the top's three.
    assert!(counted[..TOP].iter().all(|&n| n > 0), "{counted:?}");
    assert_eq!(
        counted[TOP], 3,
        "src/ holds only cli.rs, lib.rs and main.rs at its root"
    );
    assert!(
        up.is_empty(),
        "references that point up:\n{}",
        up.join("\n")
    );
}

#[test]
fn the_checker_sees_what_points_up() {
    let text = "use crate::engine::run;\nfn f() { crate::{syntax::parse, output::diff}; }\n// crate::cli in a comment\n#[cfg(test)]\nmod tests { use crate::cli; }\n";
    let refs = references(&code(text));
    assert_eq!(
        refs,
        vec![
            (1, "engine".to_string()),
            (2, "syntax".to_string()),
            (2, "output".to_string())
        ]
    );
    assert_eq!(floor_of_module("Outcome"), TOP);
}

/// Every transform has the one shape: its pipeline (mod.rs), its sites (detect.rs), its
/// proofs (prove.rs), its edits (rewrite.rs) and its reasons (reasons.rs). `retype/` is
/// the framework two of them share, not a transform.
#[test]
fn every_transform_has_the_one_shape() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/transforms");
    let mut seen = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() || dir.ends_with("retype") {
            continue;
        }
        seen += 1;
        for part in [
            "mod.rs",
            "detect.rs",
            "prove.rs",
            "rewrite.rs",
            "reasons.rs",
        ] {
            assert!(dir.join(part).is_file(), "{} has no {part}", dir.display());
        }
    }
    assert_eq!(seen, 4, "four transforms");
}
