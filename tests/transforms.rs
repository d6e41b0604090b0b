//! Runs every case of every transform (`transforms/<name>/cases/<case>/`, one Go module
//! each) through the engine the CLI uses, and checks: the snapshot (findings, skips with
//! reasons, problems, diff), the `// want` markers, convergence and idempotency, and the
//! real Go tools on the rewritten code (`gofmt -l`, `go vet`, and the case's own tests,
//! which must pass before and after the rewrite), and, for a case with a `main` package,
//! the program's behaviour: its output, exit status and panic value must be the same
//! before and after the rewrite.
//!
//! Two tests per case, through libtest-mimic: `snapshot::<transform>::<case>` (what gomapfix
//! says: snapshot, markers, layout, idempotency; no Go tool, seconds for all) and
//! `go::<transform>::<case>` (what Go says of the rewrite), with the transform's module name
//! (`cargo test --test transforms -- snapshot::` is the fast tier, `nested_map` selects a
//! transform). A failing case names itself and keeps its rewritten copy, named in the
//! failure.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn go(dir: &Path, args: &[&str]) -> (bool, String) {
    common::go(dir, args)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

/// `// want "rule"` and `// want skip:"reason"` markers, several on a line when it holds
/// several sites (`// want "pool-scratch" skip:"escapes"`): (file, line) -> expected, sorted.
fn markers(dir: &Path) -> BTreeMap<(String, usize), Vec<String>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "go") {
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        for (i, line) in std::fs::read_to_string(&p)
            .unwrap_or_default()
            .lines()
            .enumerate()
        {
            if let Some(pos) = line.find("// want ") {
                let rest = &line[pos + "// want ".len()..];
                let want = rest.split(" //").next().unwrap().replace('"', "");
                let mut want: Vec<String> = want.split_whitespace().map(str::to_string).collect();
                want.sort();
                out.insert((name.clone(), i + 1), want);
            }
        }
    }
    out
}

/// A case's options; a case with an `escapes.log` (a saved `go build -gcflags=-m` log,
/// names relative to the case) runs with it as compiler evidence, so the tests do not
/// depend on the compiler's wording of the day; one with a file `unsafe-fixes`, with
/// `--unsafe-fixes`.
fn options(rule: &str, dir: &Path) -> gomapfix::Options {
    let log = dir.join("escapes.log");
    let escapes = match std::fs::read_to_string(&log) {
        Ok(text) => {
            gomapfix::EscapeSource::Log(std::sync::Arc::new(gomapfix::EscapeLog::parse(&text, dir)))
        }
        Err(_) => gomapfix::EscapeSource::None,
    };
    gomapfix::Options {
        select: vec![rule.to_string()],
        jobs: 2,
        escapes,
        // The cases show what a transform does wherever its sites are, tests included;
        // that a default run leaves test files' sites alone is the CLI's (tests/cli.rs).
        include_tests: true,
        // A case holding a file named `unsafe-fixes` shows them applied.
        unsafe_fixes: dir.join("unsafe-fixes").exists(),
        ..gomapfix::Options::default()
    }
}

fn render(o: &gomapfix::Outcome, tmp: &str) -> String {
    let mut s = String::from("--- findings ---\n");
    for f in &o.findings {
        s.push_str(&format!(
            "{}:{}:{}: {} ({})\n",
            f.path, f.line, f.column, f.message, f.evidence
        ));
    }
    s.push_str("--- skipped ---\n");
    for k in &o.skipped {
        s.push_str(&format!(
            "{}:{}:{}: {}: {}\n",
            k.path, k.line, k.column, k.reason, k.message
        ));
    }
    if !o.problems.is_empty() {
        s.push_str("--- problems ---\n");
        for p in &o.problems {
            s.push_str(&format!("{}\n", p.message));
        }
    }
    s.push_str("--- diff ---\n");
    for pkg in &o.changes {
        for f in pkg {
            s.push_str(&f.diff);
        }
    }
    // Diff headers name a file outside the current directory and any repository by its
    // absolute path without the leading `/`.
    let bare = tmp.trim_start_matches('/');
    s.replace(&format!(" a/{bare}/"), " a/")
        .replace(&format!(" b/{bare}/"), " b/")
        .replace(&format!("{tmp}/"), "")
}

/// Whether the case is a program (a `package main` with a `main` function, not in a file
/// the build ignores).
fn is_program(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().any(|e| {
        let p = e.unwrap().path();
        p.extension().is_some_and(|x| x == "go")
            && !p.to_string_lossy().ends_with("_test.go")
            && std::fs::read_to_string(&p).is_ok_and(|t| {
                // A `//go:build ignore` generator is run alone, not built with the case.
                (t.contains("\npackage main\n") || t.starts_with("package main\n"))
                    && !t.starts_with("//go:build ignore")
            })
    })
}

/// What a program does: its standard output and error, with a panic's goroutine trace cut
/// (it names lines the rewrite moves) but the panic value kept, and its exit status.
fn behaviour(dir: &Path) -> Result<String, String> {
    let bin = dir.join("case.bin");
    let (ok, out) = go(dir, &["build", "-o", bin.to_str().unwrap(), "."]);
    if !ok {
        return Err(format!("does not build:\n{out}"));
    }
    let run = Command::new(&bin)
        .current_dir(dir)
        .env("GOTRACEBACK", "single")
        .output()
        .expect("the case's program runs");
    std::fs::remove_file(&bin).ok();
    let stderr = String::from_utf8_lossy(&run.stderr);
    let kept: Vec<&str> = stderr
        .lines()
        .take_while(|l| !l.starts_with("goroutine "))
        .collect();
    Ok(format!(
        "--- stdout ---\n{}--- stderr ---\n{}\n--- exit: {:?} ---\n",
        String::from_utf8_lossy(&run.stdout),
        kept.join("\n"),
        run.status.code()
    ))
}

/// The two tiers of a case: what gomapfix says (snapshot, markers, its own layout,
/// idempotency; no Go tool), and what Go says of the rewrite (gofmt, vet, the case's tests,
/// the program's behaviour). `cargo test --test transforms -- snapshot::` runs the first
/// alone, in seconds.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tier {
    Snapshot,
    Go,
}

fn run_case(rule: &str, case: &Path, go_ok: bool, tier: Tier) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().to_string();
    let go_ok = go_ok && tier == Tier::Go;
    let mut errors = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(&name);
    copy_dir(case, &dir);
    let tmp_str = tmp.path().to_string_lossy().to_string();
    let outcome = gomapfix::analyze(std::slice::from_ref(&dir), &options(rule, &dir));
    if tier == Tier::Snapshot {
        what_gomapfix_says(rule, &name, &dir, &tmp_str, &outcome, &mut errors);
    }

    let broken = outcome.problems.iter().any(|p| p.fatal);
    let tests = std::fs::read_dir(&dir).unwrap().any(|e| {
        e.unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with("_test.go")
    });
    let program = go_ok && !broken && is_program(&dir);
    let before = program.then(|| behaviour(&dir));
    if let Some(Err(e)) = &before {
        errors.push(format!("{name}: the case's program {e}"));
    }
    // Whether the case also vets where int is 32 bits: then the rewrite must too (a
    // package is built for 386 and arm as well).
    let mut vets_on_386 = false;
    if go_ok && !broken {
        let (ok, out) = go(&dir, &["vet", "./..."]);
        if !ok {
            errors.push(format!("{name}: the case itself does not vet:\n{out}"));
        }
        vets_on_386 = common::go_env(&dir, &["vet", "./..."], &[("GOARCH", "386")]).0;
        if tests {
            let (ok, out) = go(&dir, &["test", "-count=1", "./..."]);
            if !ok {
                errors.push(format!(
                    "{name}: the case's own tests fail before the rewrite:\n{out}"
                ));
            }
        }
    }

    // Apply, as --write would.
    let originals: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    for pkg in &outcome.changes {
        for f in pkg {
            std::fs::write(&f.path, &f.new).unwrap();
        }
    }
    // A file that does not parse is never touched.
    for (p, bytes) in &originals {
        if outcome
            .problems
            .iter()
            .any(|pr| pr.fatal && pr.message.starts_with(&p.to_string_lossy().to_string()))
        {
            assert_eq!(
                &std::fs::read(p).unwrap(),
                bytes,
                "{name}: a broken file was modified"
            );
        }
    }

    // Idempotent: a second run over the output finds nothing.
    // A saved escape log describes the code as it was; the second run asks the compiler
    // about the rewritten code, as a user re-running with --escapes would. Without the
    // compiler (the snapshot tier) a case with a log has no evidence for its output that
    // matches the first run's (a site the compiler kept on the stack would be judged by the
    // source rules): its second run is the go tier's.
    let mut again_opts = options(rule, &dir);
    let with_log = dir.join("escapes.log").exists();
    if with_log {
        again_opts.escapes = gomapfix::EscapeSource::Build;
    }
    let again = if with_log && !go_ok {
        gomapfix::Outcome::default()
    } else {
        gomapfix::analyze(std::slice::from_ref(&dir), &again_opts)
    };
    if !again.findings.is_empty() || !again.changes.is_empty() {
        errors.push(format!(
            "{name}: a second run still changes things:\n{}",
            render(&again, &tmp_str)
        ));
    }
    if (!with_log || go_ok)
        && again.problems.iter().filter(|p| p.fatal).count()
            != outcome.problems.iter().filter(|p| p.fatal).count()
    {
        errors.push(format!(
            "{name}: the rewrite introduced a problem: {:?}",
            again.problems
        ));
    }

    if go_ok && !broken {
        let (_, out) = go(&dir, &["gofmt", "-l", "."]);
        if !out.trim().is_empty() {
            let (_, d) = go(&dir, &["gofmt", "-d", "."]);
            errors.push(format!(
                "{name}: the rewritten code is not gofmt-clean:\n{d}"
            ));
        }
        let (ok, out) = go(&dir, &["vet", "./..."]);
        if !ok {
            errors.push(format!("{name}: the rewritten code does not vet:\n{out}"));
        }
        if vets_on_386 {
            let (ok, out) = common::go_env(&dir, &["vet", "./..."], &[("GOARCH", "386")]);
            if !ok {
                errors.push(format!(
                    "{name}: the rewritten code does not vet for GOARCH=386, where the case does:\n{out}"
                ));
            }
        }
        if tests {
            let (ok, out) = go(&dir, &["test", "-count=1", "./..."]);
            if !ok {
                errors.push(format!(
                    "{name}: the case's own tests fail after the rewrite:\n{out}"
                ));
            }
        }
    }
    if let Some(Ok(before)) = before {
        match behaviour(&dir) {
            Ok(after) if after == before => {}
            Ok(after) => errors.push(format!(
                "{name}: the rewrite changed what the program does:\nbefore:\n{before}after:\n{after}"
            )),
            Err(e) => errors.push(format!("{name}: the rewritten program {e}")),
        }
    }
    if !errors.is_empty() {
        errors.push(format!(
            "{name}: the rewritten case is kept in {}",
            tmp.keep().join(&name).display()
        ));
    }
    errors
}

/// The snapshot tier's checks of one run: gomapfix's own layout is gofmt's, the snapshot,
/// the `// want` markers.
fn what_gomapfix_says(
    rule: &str,
    name: &str,
    dir: &Path,
    tmp_str: &str,
    outcome: &gomapfix::Outcome,
    errors: &mut Vec<String>,
) {
    let name = name.to_string();
    // Without gofmt on PATH the files keep gomapfix's own layout: it must be gofmt's too.
    let own_layout = gomapfix::analyze(
        std::slice::from_ref(&dir.to_path_buf()),
        &gomapfix::Options {
            no_gofmt: true,
            ..options(rule, dir)
        },
    );
    for (a, b) in outcome
        .changes
        .iter()
        .flatten()
        .zip(own_layout.changes.iter().flatten())
    {
        if a.new != b.new {
            errors.push(format!(
                "{name}: {}: gomapfix's own layout is not gofmt's:\n{}",
                a.path.display(),
                similar::TextDiff::from_lines(
                    String::from_utf8_lossy(&b.new),
                    String::from_utf8_lossy(&a.new)
                )
                .unified_diff()
                .header("own layout", "gofmt")
            ));
        }
    }

    // A snapshot that differs is one problem among the others: the checks below still run,
    // so a wrong rewrite is also named by what it does.
    let snapshot = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        insta::with_settings!({
            snapshot_path => root().join("snapshots").join(rule),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("gomapfix --select {rule} on transforms/{rule}/cases/{name}"),
        }, {
            insta::assert_snapshot!(name.clone(), render(outcome, tmp_str));
        });
    }));
    if snapshot.is_err() {
        errors.push(format!("{name}: the snapshot differs (shown above)"));
    }

    // Markers: every finding and skip on a marked line, every marker hit.
    let want = markers(dir);
    let mut got: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    let file_of = |p: &str| {
        Path::new(p)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string()
    };
    for f in &outcome.findings {
        got.entry((file_of(&f.path), f.line))
            .or_default()
            .push(f.rule.clone());
    }
    for s in &outcome.skipped {
        got.entry((file_of(&s.path), s.line))
            .or_default()
            .push(format!("skip:{}", s.reason));
    }
    for v in got.values_mut() {
        v.sort();
    }
    for (k, v) in &want {
        match got.get(k) {
            Some(g) if g == v => {}
            other => errors.push(format!(
                "{name}: {}:{} wants {}, got {other:?}",
                k.0,
                k.1,
                v.join(" ")
            )),
        }
    }
    for (k, v) in &got {
        if !want.contains_key(k) {
            errors.push(format!(
                "{name}: {}:{}: {} on a line with no // want marker",
                k.0,
                k.1,
                v.join(" ")
            ));
        }
    }
}

fn cases(rule: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("transforms").join(rule).join("cases"))
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

const SECTIONS: [&str; 8] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Fix safety",
    "## Skipped when",
    "## Go version",
    "## References",
];

fn every_transform_has_docs_in_order_and_cases() {
    for rule in gomapfix::rule_ids() {
        let path = root().join("transforms").join(rule).join("README.md");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} is missing", path.display()));
        assert_eq!(
            gomapfix::rule_docs(rule),
            Some(text.as_str()),
            "`gomapfix explain {rule}` prints its README"
        );
        let mut last = 0;
        for s in SECTIONS {
            let at = text
                .find(s)
                .unwrap_or_else(|| panic!("{rule}: README lacks `{s}`"));
            assert!(at >= last, "{rule}: `{s}` is out of order");
            last = at;
        }
        assert!(cases(rule).len() >= 3, "{rule}: too few cases");
    }
}

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    // Asked once, before the cases run in parallel: a missing toolchain is said once.
    let go_ok = std::sync::OnceLock::new();
    let go_ok = std::sync::Arc::new(go_ok);
    let mut trials = vec![
        libtest_mimic::Trial::test("every_transform_has_docs_in_order_and_cases", || {
            every_transform_has_docs_in_order_and_cases();
            Ok(())
        }),
        libtest_mimic::Trial::test("markers_read_several_per_line", || {
            let t = tempfile::tempdir().unwrap();
            std::fs::write(
                t.path().join("a.go"),
                "package a\n\nvar x = 1 // want skip:\"escapes\" \"pool-scratch\" // note\nvar y = 2 // want \"nested-map\"\n",
            )
            .unwrap();
            let m = markers(t.path());
            let want = |l: usize| m.get(&("a.go".to_string(), l)).cloned();
            assert_eq!(
                want(3),
                Some(vec!["pool-scratch".to_string(), "skip:escapes".to_string()])
            );
            assert_eq!(want(4), Some(vec!["nested-map".to_string()]));
            assert_eq!(m.len(), 2);
            Ok(())
        }),
    ];
    for rule in gomapfix::rule_ids() {
        for (case, tier) in cases(rule)
            .into_iter()
            .flat_map(|c| [(c.clone(), Tier::Snapshot), (c, Tier::Go)])
        {
            let name = format!(
                "{}::{}::{}",
                if tier == Tier::Go { "go" } else { "snapshot" },
                rule.replace('-', "_"),
                case.file_name().unwrap().to_string_lossy()
            );
            let go_ok = go_ok.clone();
            trials.push(libtest_mimic::Trial::test(name, move || {
                let go_ok = tier == Tier::Go
                    && *go_ok.get_or_init(|| {
                        common::go_available(
                            "the gofmt, go vet, go test and behaviour checks of every case",
                        )
                    });
                let errors = run_case(rule, &case, go_ok, tier);
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{} problem(s):\n{}", errors.len(), errors.join("\n\n")).into())
                }
            }));
        }
    }
    libtest_mimic::run(&args, trials).exit();
}
