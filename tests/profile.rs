//! `--profile` end to end, on profiles the tests make themselves: `tests/fixtures/profiled`
//! has two scratch buffers of one shape, `Hot`'s run on every turn of a benchmark's loop and
//! `Cold`'s once. `go test -memprofile`/`-cpuprofile` profile it; the hot one is rewritten
//! with its share, the cold one is skipped `cold` with its share (or as never sampled); a
//! `default.pgo` beside a main package is read as `go build -pgo=auto` reads it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

fn fixture() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    common::copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/profiled"),
        t.path(),
    );
    t
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::gomapfix(dir, args)
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--check", "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run(dir, &all);
    assert!(code == 0 || code == 1, "exit {code}: {err}{out}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The (line, reason or "rewrite") of every site of profiled.go, with its share.
fn sites(doc: &serde_json::Value) -> Vec<(u64, String, Option<f64>)> {
    let mut out = Vec::new();
    for f in doc["findings"].as_array().unwrap() {
        if f["path"] == "profiled.go" {
            out.push((
                f["line"].as_u64().unwrap(),
                "rewrite".to_string(),
                f["profile"]["share"].as_f64(),
            ));
        }
    }
    for s in doc["skipped"].as_array().unwrap() {
        if s["path"] == "profiled.go" {
            out.push((
                s["line"].as_u64().unwrap(),
                s["reason"].as_str().unwrap().to_string(),
                s["profile"]["share"].as_f64(),
            ));
        }
    }
    out.sort_by_key(|s| s.0);
    out
}

fn profile(dir: &Path, flags: &[&str]) {
    let mut args = vec!["test", "-run", "^$", "-bench", ".", "."];
    args.extend_from_slice(flags);
    let (ok, out) = common::go(dir, &args);
    assert!(ok, "{out}");
}

#[test]
fn heap_profile_rewrites_the_hot_site_and_leaves_the_cold_one() {
    if !common::go_available("the heap profile test") {
        return;
    }
    let t = fixture();
    let d = t.path();
    // Every allocation sampled: Cold's one 4 KiB buffer is in the profile, at its share.
    profile(
        d,
        &[
            "-benchtime",
            "3000x",
            "-memprofilerate",
            "1",
            "-memprofile",
            "mem.out",
        ],
    );
    let doc = json(d, &["--profile", "mem.out"]);
    let s = sites(&doc);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].0, s[0].1.as_str()), (9, "rewrite"), "{s:?}");
    assert!(s[0].2.is_some_and(|x| x > 50.0), "{s:?}");
    assert_eq!((s[1].0, s[1].1.as_str()), (16, "cold"), "{s:?}");
    assert!(s[1].2.is_some_and(|x| x > 0.0 && x < 1.0), "{s:?}");
    let hot = &doc["findings"][0]["profile"];
    assert!(hot["alloc_objects"].as_i64().unwrap() >= 3000, "{hot}");
    // The profile is evidence without the compiler.
    let doc = json(d, &["--profile", "mem.out", "--no-escapes"]);
    let ev = doc["findings"][0]["evidence"].as_str().unwrap();
    assert!(ev.starts_with("profile: the heap profile sampled"), "{ev}");
    // SARIF carries the weight in the result's properties.
    let (code, out, err) = run(d, &["--format", "sarif", "--profile", "mem.out"]);
    assert_eq!(code, 1, "{err}");
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let share = &sarif["runs"][0]["results"][0]["properties"]["profile"]["share"];
    assert!(share.as_f64().is_some_and(|x| x > 50.0), "{out}");
    // A cut-off of 0 takes both.
    let doc = json(d, &["--profile", "mem.out", "--min-share", "0"]);
    let s = sites(&doc);
    assert!(s.iter().all(|x| x.1 == "rewrite"), "{s:?}");
    // The text report: the hottest table, and the note on unmapped samples.
    let (code, _, err) = run(d, &["--dry-run", "--profile", "mem.out"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("hottest findings"), "{err}");
    assert!(err.contains("% of the profile]"), "{err}");
    assert!(err.contains("have no frame in the analysed files"), "{err}");
    // Cold's, and other/other.go's, which no benchmark runs.
    assert!(err.contains("2 cold sites left alone"), "{err}");
    // Written, the package still vets and its benchmark runs.
    let (code, _, err) = run(d, &["--write", "--profile", "mem.out"]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(d.join("profiled.go")).unwrap();
    assert_eq!(text.matches("Pool.Get()").count(), 1, "{text}");
    let (ok, out) = common::go(d, &["vet", "./..."]);
    assert!(ok, "{out}");
    let (ok, out) = common::go(d, &["test", "-bench", ".", "-benchtime", "10x", "."]);
    assert!(ok, "{out}");
}

#[test]
fn cpu_profile_and_default_pgo() {
    if !common::go_available("the CPU profile test") {
        return;
    }
    let t = fixture();
    let d = t.path();
    profile(d, &["-benchtime", "1s", "-cpuprofile", "cpu.out"]);
    let doc = json(d, &["--profile", "cpu.out"]);
    let s = sites(&doc);
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!((s[0].0, s[0].1.as_str()), (9, "rewrite"), "{s:?}");
    assert!(s[0].2.is_some_and(|x| x >= 1.0), "{s:?}");
    let hot = &doc["findings"][0]["profile"];
    assert!(hot["cpu_func_cum"].as_i64().unwrap() > 0, "{hot}");
    // Cold runs once: no sample has it on its stack.
    assert_eq!(
        (s[1].0, s[1].1.as_str(), s[1].2),
        (16, "cold", None),
        "{s:?}"
    );
    let msg = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["line"] == 16)
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("never sampled"), "{msg}");
    let doc = json(d, &["--profile", "cpu.out", "--include-unprofiled"]);
    assert!(sites(&doc).iter().all(|x| x.1 == "rewrite"), "{doc}");

    // As default.pgo of the main package: read without --profile, and said so.
    fs::copy(d.join("cpu.out"), d.join("cmd/tool/default.pgo")).unwrap();
    let (ok, out) = common::go(d, &["build", "-pgo=auto", "-o", "/dev/null", "./cmd/tool"]);
    assert!(ok, "go build -pgo=auto takes it: {out}");
    let (_, _, err) = run(d, &["--check", "."]);
    assert!(
        err.contains(
            "default.pgo: read as the profile of the packages in its main package's build"
        ),
        "{err}"
    );
    let doc = json(d, &[]);
    assert_eq!(
        sites(&doc).iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
        ["rewrite", "cold"]
    );
    // A package outside cmd/tool's build is judged as without a profile: rewritten.
    let other: Vec<&serde_json::Value> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "other/other.go")
        .collect();
    assert_eq!(other.len(), 1, "{doc}");
    assert!(other[0].get("profile").is_none(), "{doc}");
    // The same profile given by --profile speaks for every package: there, cold.
    let doc = json(d, &["--profile", "cpu.out"]);
    let cold = doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .any(|k| k["path"] == "other/other.go" && k["reason"] == "cold");
    assert!(cold, "{doc}");
    let doc = json(d, &["--no-default-pgo"]);
    assert!(sites(&doc).iter().all(|x| x.1 == "rewrite"), "{doc}");
}

#[test]
fn a_file_that_is_no_profile_stops_the_run() {
    let t = fixture();
    let d = t.path();
    fs::write(d.join("bad.out"), "not a profile\n").unwrap();
    let (code, out, err) = run(d, &["--dry-run", "--profile", "bad.out", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("bad.out: not a pprof profile"), "{err}");
    let (code, _, err) = run(d, &["--dry-run", "--profile", "missing.out", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("missing.out: cannot read"), "{err}");
    let (code, _, err) = run(d, &["--dry-run", "--min-share", "150", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("a percentage from 0 to 100"), "{err}");
}

/// A profile knows lines, not columns: a statement sharing its line with another (joined
/// by `;`, which gofmt would split) takes no evidence from the allocations sampled there,
/// which may be the other's.
#[test]
fn a_shared_line_is_no_profile_evidence() {
    if !common::go_available("the shared-line profile test") {
        return;
    }
    let t = fixture();
    let d = t.path();
    let path = d.join("profiled.go");
    let text = fs::read_to_string(&path).unwrap().replacen(
        "\tbuf := make([]byte, 4096)\n\tn, _ := io.ReadFull(r, buf)\n\treturn n + int(buf[0])",
        "\tbuf := make([]byte, 4096); extra = make([]byte, 64)\n\tn, _ := io.ReadFull(r, buf)\n\treturn n + int(buf[0]) + len(extra)",
        1,
    ) + "\nvar extra []byte\n";
    fs::write(&path, text).unwrap();
    profile(
        d,
        &[
            "-benchtime",
            "3000x",
            "-memprofilerate",
            "1",
            "-memprofile",
            "mem.out",
        ],
    );
    let doc = json(d, &["--profile", "mem.out", "--no-escapes"]);
    let hot = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["line"] == 9)
        .unwrap_or_else(|| panic!("{doc}"));
    let ev = hot["evidence"].as_str().unwrap();
    assert!(ev.starts_with("proof: "), "{ev}");
    assert!(hot["profile"]["share"].as_f64().unwrap() > 50.0, "{hot}");
}
