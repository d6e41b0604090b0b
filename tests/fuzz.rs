//! The fuzz target (issue 21): real Go packages, one file mutated (a token deleted,
//! duplicated, swapped with its neighbour, replaced by another of the file's, or a keyword or
//! operator inserted), run through the whole pipeline as `gomapfix --dry-run` runs it. It
//! fails when a run panics (an `internal-error` problem) or when a file of a change set does
//! not parse, or has another package clause than the file it replaces (checked with
//! gomapfix's grammar, and with `gofmt -e` when Go is on PATH). The engine's own net (a
//! round that breaks the syntax is thrown away, `package-left-as-read`) is counted and
//! printed: it is a bug the net caught, and its input is saved like a failure.
//!
//! Corpus: every case of `transforms/*/cases`, the kept seeds of `tests/fuzz/seeds` (inputs
//! that once found a bug, run unmutated and mutated), and, when Go is on PATH, the packages
//! of `$(go env GOROOT)/src`. One input in five is run unmutated, so the rewrite paths run
//! on valid code as well as the error paths on broken code.
//!
//! `cargo test --test fuzz` runs it for `FUZZ_SECONDS` (default 20) from `FUZZ_SEED`
//! (default fixed, so CI is repeatable; `FUZZ_SEED=random` draws one and prints it).
//! `FUZZ_MAX_BYTES` bounds a package's size (default 400,000). Inputs that fail are written
//! under `target/fuzz-failures/`.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Pkg {
    files: Vec<PathBuf>,
    bytes: usize,
}

fn go_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "go"))
        .collect();
    v.sort();
    v
}

/// Every directory under `root` holding `.go` files (testdata and vendor left out, as the
/// go command does).
fn packages(root: &Path, max_bytes: usize, out: &mut Vec<Pkg>) {
    let files = go_files(root);
    let bytes: usize = files
        .iter()
        .map(|f| f.metadata().map_or(0, |m| m.len() as usize))
        .sum();
    if !files.is_empty() && bytes <= max_bytes {
        out.push(Pkg { files, bytes });
    }
    let Ok(rd) = std::fs::read_dir(root) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = rd
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().unwrap_or_default().to_string_lossy();
            !(n == "testdata" || n == "vendor" || n.starts_with('.') || n.starts_with('_'))
        })
        .collect();
    dirs.sort();
    for d in dirs {
        packages(&d, max_bytes, out);
    }
}

/// Byte ranges of the file's tokens, roughly as Go's scanner cuts them (enough to mutate
/// by): comments, string and rune literals, words (identifiers, keywords, numbers), and
/// single punctuation characters.
fn tokens(src: &str) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let word = |c: u8| c == b'_' || c == b'.' || c.is_ascii_alphanumeric() || c >= 0x80;
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |n| i + n);
        } else if src[i..].starts_with("/*") {
            i = src[i + 2..].find("*/").map_or(b.len(), |n| i + 2 + n + 2);
        } else if c == b'"' || c == b'\'' {
            i += 1;
            while i < b.len() && b[i] != c && b[i] != b'\n' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(b.len());
        } else if c == b'`' {
            i = src[i + 1..].find('`').map_or(b.len(), |n| i + 1 + n + 1);
        } else if word(c) {
            while i < b.len() && word(b[i]) {
                i += 1;
            }
        } else {
            i += 1;
        }
        // Never cut a UTF-8 sequence.
        while i < b.len() && !src.is_char_boundary(i) {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

const INSERTS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ",",
    ";",
    ":=",
    "=",
    "*",
    "&",
    "...",
    "func",
    "map",
    "make",
    "new",
    "go",
    "defer",
    "return",
    "range",
    "for",
    "if",
    "else",
    "var",
    "type",
    "chan",
    "struct",
    "interface",
    "x",
    "_",
    "0",
    "\"s\"",
    "\n",
];

/// `n` mutations of `src`.
fn mutate(src: &str, n: usize, rng: &mut fastrand::Rng) -> (String, Vec<String>) {
    let mut text = src.to_string();
    let mut said = Vec::new();
    for _ in 0..n {
        let toks = tokens(&text);
        if toks.len() < 2 {
            break;
        }
        let i = rng.usize(..toks.len());
        let (s, e) = toks[i];
        let tok = text[s..e].to_string();
        match rng.u8(..5) {
            0 => {
                said.push(format!("deleted `{tok}` at byte {s}"));
                text.replace_range(s..e, "");
            }
            1 => {
                said.push(format!("duplicated `{tok}` at byte {s}"));
                text.insert_str(e, &format!(" {tok}"));
            }
            2 if i + 1 < toks.len() => {
                let (s2, e2) = toks[i + 1];
                let next = text[s2..e2].to_string();
                said.push(format!("swapped `{tok}` and `{next}` at byte {s}"));
                text.replace_range(s2..e2, &tok);
                text.replace_range(s..e, &next);
            }
            3 => {
                let (s2, e2) = toks[rng.usize(..toks.len())];
                let other = text[s2..e2].to_string();
                said.push(format!("replaced `{tok}` at byte {s} by `{other}`"));
                text.replace_range(s..e, &other);
            }
            _ => {
                let ins = INSERTS[rng.usize(..INSERTS.len())];
                said.push(format!("inserted `{}` at byte {s}", ins.escape_debug()));
                text.insert_str(s, &format!("{ins} "));
            }
        }
    }
    (text, said)
}

/// What is wrong with one run's outcome, if anything: (fatal, what).
fn judge(outcome: &gomapfix::Outcome, packages: &[String], gofmt: bool) -> Vec<(bool, String)> {
    let mut bad = Vec::new();
    for p in &outcome.problems {
        match p.tag {
            "internal-error" => bad.push((true, format!("panic: {}", p.message))),
            "package-left-as-read" => bad.push((false, format!("net: {}", p.message))),
            _ => {}
        }
    }
    for c in outcome.changes.iter().flatten() {
        let new = String::from_utf8_lossy(&c.new);
        let want = match &c.original {
            Some(o) => gomapfix::parsed_package(&String::from_utf8_lossy(o)).ok(),
            None => None,
        };
        match gomapfix::parsed_package(&new) {
            Err(e) => bad.push((
                true,
                format!("{}: the output does not parse: {e}", c.display),
            )),
            Ok(pkg) => {
                let same = match &want {
                    Some(w) => *w == pkg,
                    None => packages.contains(&pkg),
                };
                if !same {
                    bad.push((
                        true,
                        format!("{}: the output's package is {pkg}, not {want:?}", c.display),
                    ));
                }
            }
        }
        if gofmt && let Some(e) = gofmt_rejects(&new) {
            bad.push((
                true,
                format!("{}: gofmt -e rejects the output: {e}", c.display),
            ));
        }
    }
    bad
}

fn gofmt_rejects(text: &str) -> Option<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("gofmt")
        .arg("-e")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let max_bytes: usize = std::env::var("FUZZ_MAX_BYTES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400_000);
    let seed: u64 = match std::env::var("FUZZ_SEED").as_deref() {
        Ok("random") => fastrand::u64(..),
        Ok(s) => s.parse().expect("FUZZ_SEED is a number or `random`"),
        Err(_) => 20_261_206,
    };
    let mut rng = fastrand::Rng::with_seed(seed);

    let mut corpus = Vec::new();
    for t in [
        "nested-map",
        "pool-scratch",
        "reflect-field",
        "map-value-boundary",
    ] {
        packages(
            &root.join("transforms").join(t).join("cases"),
            max_bytes,
            &mut corpus,
        );
    }
    let seeds_dir = root.join("tests/fuzz/seeds");
    let mut seeds = Vec::new();
    packages(&seeds_dir, usize::MAX, &mut seeds);
    let go = common::go_available("the fuzz target's GOROOT corpus and gofmt check");
    if go {
        let out = std::process::Command::new("go")
            .args(["env", "GOROOT"])
            .output()
            .expect("go env GOROOT");
        let goroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("src");
        packages(&goroot, max_bytes, &mut corpus);
    }
    let bytes: usize = corpus.iter().map(|p| p.bytes).sum();
    println!(
        "fuzz: seed {seed}, {seconds} s, corpus {} packages ({:.1} MB) and {} kept seeds",
        corpus.len(),
        bytes as f64 / 1e6,
        seeds.len()
    );
    assert!(!corpus.is_empty(), "the fuzz corpus is empty");

    let failures_dir = root.join("target/fuzz-failures");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut runs, mut changed, mut fatal, mut nets) = (0usize, 0usize, 0usize, 0usize);
    let mut lenient: Vec<String> = Vec::new();
    let mut stricter = 0usize;
    let mut gaps = 0usize;
    let mut reparse: Vec<String> = Vec::new();
    let mut lazy: Vec<String> = Vec::new();
    // The kept seeds first, unmutated, then random picks until the deadline.
    let mut queue: Vec<(usize, bool)> = (0..seeds.len()).map(|i| (i, true)).collect();
    while !queue.is_empty() || Instant::now() < deadline {
        let (pkg, mutations) = match queue.pop() {
            Some((i, _)) => (&seeds[i], 0),
            None => {
                let from_seeds = !seeds.is_empty() && rng.u8(..10) == 0;
                let pkg = if from_seeds {
                    &seeds[rng.usize(..seeds.len())]
                } else {
                    &corpus[rng.usize(..corpus.len())]
                };
                let n = if rng.u8(..5) == 0 {
                    0
                } else {
                    rng.usize(1..=3)
                };
                (pkg, n)
            }
        };
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("p");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(tmp.path().join("go.mod"), "module fuzz\n\ngo 1.24\n").unwrap();
        let target = rng.usize(..pkg.files.len());
        let mut said = Vec::new();
        let mut names = Vec::new();
        for (i, f) in pkg.files.iter().enumerate() {
            let Ok(text) = std::fs::read_to_string(f) else {
                continue;
            };
            let text = if i == target && mutations > 0 {
                let (t, s) = mutate(&text, mutations, &mut rng);
                said = s;
                // The engine parses a rewritten file incrementally from its last tree: that
                // must give the tree a fresh parse gives, whatever the edit.
                if !gomapfix::reparse_agrees(&text, &t) {
                    reparse.push(format!(
                        "an incremental parse of {} differs from a fresh one; mutations {said:?}",
                        f.display()
                    ));
                }
                t
            } else {
                text
            };
            // The package clauses of the files as run (a mutation may change one).
            if let Ok(n) = gomapfix::parsed_package(&text) {
                names.push(n);
            }
            if i == target {
                // The fast check against the grammar: it may be stricter (the grammar then
                // decides), never more lenient.
                match (
                    gomapfix::quick_valid(&text),
                    gomapfix::parsed_package(&text),
                ) {
                    // Go's own parser decides between the two, when on PATH.
                    (true, Err(_)) if go && gofmt_rejects(&text).is_none() => {
                        // Kept, not failed: valid Go the grammar does not know.
                        gaps += 1;
                        std::fs::create_dir_all(&failures_dir).unwrap();
                        std::fs::write(failures_dir.join(format!("gap-{seed}-{runs}.go")), &text)
                            .unwrap();
                    }
                    (true, Err(e)) => {
                        let keep = failures_dir.join(format!("lenient-{seed}-{runs}.go"));
                        std::fs::create_dir_all(&failures_dir).unwrap();
                        std::fs::write(&keep, &text).unwrap();
                        lenient.push(format!(
                            "the fast check takes {} and the grammar does not ({e}); mutations {said:?}; kept in {}",
                            f.display(),
                            keep.display()
                        ))
                    }
                    (false, Ok(_)) => stricter += 1,
                    _ => {}
                }
            }
            std::fs::write(dir.join(f.file_name().unwrap()), text).unwrap();
        }
        let opts = gomapfix::Options {
            jobs: 1,
            // Every site rewritten, test files' too: more rewrites to check.
            include_tests: true,
            ..Default::default()
        };
        let outcome = gomapfix::analyze(std::slice::from_ref(&tmp.path().to_path_buf()), &opts);
        // Files are parsed on demand; parsing every file first must find the same, but for
        // the warnings about valid Go the grammar does not know, given only of files read.
        let eager = gomapfix::analyze(
            std::slice::from_ref(&tmp.path().to_path_buf()),
            &gomapfix::Options {
                eager: true,
                ..opts
            },
        );
        let seen = |o: &gomapfix::Outcome| {
            let problems: Vec<_> = o
                .problems
                .iter()
                .filter(|p| p.tag != "unknown-syntax")
                .collect();
            let changes: Vec<Vec<(&[u8], &str)>> = o
                .changes
                .iter()
                .map(|c| c.iter().map(|f| (&f.new[..], &f.diff[..])).collect())
                .collect();
            format!("{:?}", (&o.findings, &o.skipped, changes, problems))
        };
        if seen(&outcome) != seen(&eager) {
            let keep = failures_dir.join(format!("lazy-{seed}-{runs}"));
            std::fs::create_dir_all(&keep).unwrap();
            for f in go_files(&dir) {
                std::fs::copy(&f, keep.join(f.file_name().unwrap())).unwrap();
            }
            lazy.push(format!(
                "parsing on demand found otherwise than parsing every file first; mutations {said:?}; kept in {}",
                keep.display()
            ));
        }
        if !gomapfix::outline_agrees(
            &std::fs::read_to_string(dir.join(pkg.files[target].file_name().unwrap()))
                .unwrap_or_default(),
        ) {
            lazy.push(format!(
                "the declarations read from the outline of {} differ from those of its tree; mutations {said:?}",
                pkg.files[target].display()
            ));
        }
        runs += 1;
        if outcome.changes.iter().any(|c| !c.is_empty()) {
            changed += 1;
        }
        let bad = judge(&outcome, &names, go);
        if bad.is_empty() {
            continue;
        }
        let name = format!("{seed}-{runs}");
        let keep = failures_dir.join(&name);
        std::fs::create_dir_all(&keep).unwrap();
        for f in go_files(&dir) {
            std::fs::copy(&f, keep.join(f.file_name().unwrap())).unwrap();
        }
        let mut what = format!(
            "from {}\nmutations of {}: {said:?}\n",
            pkg.files[0].parent().unwrap().display(),
            pkg.files[target].file_name().unwrap().to_string_lossy()
        );
        for (f, b) in &bad {
            if *f {
                fatal += 1;
            } else {
                nets += 1;
            }
            what.push_str(&format!("{}{b}\n", if *f { "FAIL " } else { "net " }));
        }
        std::fs::write(keep.join("what.txt"), &what).unwrap();
        println!("fuzz: input {name} kept in {}:\n{what}", keep.display());
    }
    println!(
        "fuzz: {runs} runs, {changed} with a change set, {fatal} failures, {nets} caught by the engine's net; the fast syntax check was stricter than the grammar on {stricter} inputs, took {gaps} the grammar rejects and gofmt takes, and was more lenient than both on {}",
        lenient.len()
    );
    for l in &lenient {
        println!("fuzz: {l}");
    }
    for r in reparse.iter().chain(&lazy) {
        println!("fuzz: {r}");
    }
    assert_eq!(fatal, 0, "the fuzz target found failures (above)");
    assert!(
        reparse.is_empty(),
        "incremental parses differed from fresh ones (above)"
    );
    assert!(
        lazy.is_empty(),
        "parsing on demand and parsing first differed (above)"
    );
    assert!(
        lenient.is_empty(),
        "the fast check took files the grammar rejects (above)"
    );
}
