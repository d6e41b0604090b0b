//! A batch over a workspace, end to end: a `go.work` with two modules and a nested module
//! outside it, each with its own go version; shards, per-owner patches, `--escapes` that
//! writes nothing into the tree, `--verify=test`, and SARIF.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/workspace");

fn workspace() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new(FIXTURE), t.path());
    t
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::gomapfix(dir, args)
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn each_module_keeps_its_own_go_version_and_shards_add_up() {
    let t = workspace();
    // As for the go command, `./...` at a workspace root holds no package (every module is
    // nested); it is said, and `.` walks the whole tree.
    let (code, out, err) = run(t.path(), &["./..."]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("./...: matches no Go file"), "{err}");
    let (code, whole, err) = run(t.path(), &["."]);
    assert_eq!(code, 1, "{err}");
    // cache is go1.21 (clear), tools go1.20 (no clear).
    let blocks = common::diff_blocks(&whole);
    assert_eq!(blocks.len(), 3, "{whole}");
    let of = |p: &str| {
        blocks
            .iter()
            .find(|b| b.starts_with(&format!("--- a/{p}")))
            .unwrap()
    };
    assert!(
        of("cache/store.go").contains("+\tclear(bufArr[:])"),
        "{whole}"
    );
    assert!(
        of("tools/words.go").contains("+\t*bufArr = [64]byte{}"),
        "{whole}"
    );
    assert!(of("api/grid.go").contains("mCols"), "{whole}");
    let mut union = Vec::new();
    for k in ["1/2", "2/2"] {
        union.extend(common::diff_blocks(&run(t.path(), &["--shard", k]).1));
    }
    union.sort();
    assert_eq!(union, blocks);
}

#[test]
fn per_owner_patches_apply_and_equal_the_write() {
    let t = workspace();
    let patches = tempfile::tempdir().unwrap();
    let pdir = patches.path().to_str().unwrap();
    let (code, out, err) = run(t.path(), &["--patch-dir", pdir, "--split", "owner"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty(), "the diff goes to the patches: {out}");
    assert!(err.contains("3 patches in "), "{err}");
    let index: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(patches.path().join("index.json")).unwrap())
            .unwrap();
    assert_eq!(index["split"], "owner");
    let entries = index["patches"].as_array().unwrap();
    let by_key: BTreeMap<&str, &serde_json::Value> = entries
        .iter()
        .map(|e| (e["key"].as_str().unwrap(), e))
        .collect();
    assert_eq!(
        by_key.keys().copied().collect::<Vec<_>>(),
        vec!["@api-team", "@cache-team", "@platform"],
        "{index}"
    );
    assert_eq!(by_key["@api-team"]["files"][0], "api/grid.go");
    assert_eq!(by_key["@api-team"]["rules"]["nested-map"], 1);
    assert_eq!(by_key["@cache-team"]["rewrites"], 1);
    assert_eq!(by_key["@platform"]["files"][0], "tools/words.go");
    assert_eq!(by_key["@platform"]["owners"][0], "@platform");

    // Applied one by one with git (from the root the headers name), the patches give what
    // --write gives.
    let applied = workspace();
    let has_git = std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok();
    if has_git {
        for e in entries {
            let patch = patches.path().join(e["patch"].as_str().unwrap());
            let st = std::process::Command::new("git")
                .current_dir(applied.path())
                .args(["apply", "--whitespace=nowarn"])
                .arg(&patch)
                .status()
                .unwrap();
            assert!(st.success(), "git apply {}", patch.display());
        }
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must have git"
        );
        eprintln!("!!! git is not on PATH: the patches were not applied (SKIPPED) !!!");
        return;
    }
    let (code, _, err) = run(t.path(), &["--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(files(applied.path()), files(t.path()));

    // By module and by package.
    for (split, n) in [("module", 3), ("package", 3)] {
        let p = tempfile::tempdir().unwrap();
        let t = workspace();
        run(
            t.path(),
            &["--patch-dir", p.path().to_str().unwrap(), "--split", split],
        );
        let index: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(p.path().join("index.json")).unwrap())
                .unwrap();
        let keys: Vec<&str> = index["patches"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["key"].as_str().unwrap())
            .collect();
        assert_eq!(keys.len(), n, "{index}");
        assert!(keys.contains(&"example.com/cache"), "{index}");
    }
}

#[test]
fn escapes_and_verify_write_nothing_into_the_tree_but_the_rewrites() {
    if !common::go_available("the workspace --escapes/--verify test") {
        return;
    }
    let t = workspace();
    let before = files(t.path());
    let (code, out, err) = run(t.path(), &["--escapes", "--dry-run"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("(compiler: "),
        "the compiler's verdict is used: {err}"
    );
    assert!(
        !err.contains("does not build"),
        "every module builds, tools with GOWORK=off: {err}"
    );
    assert_eq!(common::diff_blocks(&out).len(), 3);
    assert_eq!(
        files(t.path()),
        before,
        "a dry run with --escapes wrote into the tree"
    );
    // Test files are judged only with --include-tests, and then compiled for evidence
    // (`go list -export -test`): a callee only a test calls has the compiler's facts.
    fs::create_dir_all(t.path().join("cache/only")).unwrap();
    fs::write(
        t.path().join("cache/only/x_test.go"),
        "package only\n\nimport (\n\t\"encoding/hex\"\n\t\"io\"\n\t\"strings\"\n\t\"testing\"\n)\n\n\
         func digest(r io.Reader) string {\n\tbuf := make([]byte, 64)\n\tn, _ := r.Read(buf)\n\
         \treturn hex.EncodeToString(buf[:n])\n}\n\n\
         func TestDigest(t *testing.T) {\n\tif got := digest(strings.NewReader(\"ab\")); got != \"6162\" {\n\
         \t\tt.Fatal(got)\n\t}\n}\n",
    )
    .unwrap();
    let (_, _, err) = run(t.path(), &["--escapes", "--check", "-v"]);
    assert!(
        err.contains("cache/only/x_test.go:11:9: pool-scratch: skipped: in a test file"),
        "{err}"
    );
    let (_, _, err) = run(t.path(), &["--escapes", "--check", "-v", "--include-tests"]);
    assert!(
        err.contains("cache/only/x_test.go:11:9: pool-scratch: `make([]byte, 64)` taken from")
            && err.contains("`hex.EncodeToString` (compiler: "),
        "{err}"
    );
    assert!(!err.contains("does not build"), "{err}");
    // A package whose tests do not build keeps the evidence for its own sites.
    fs::create_dir_all(t.path().join("cache/half")).unwrap();
    fs::write(
        t.path().join("cache/half/half.go"),
        "package half\n\nimport \"io\"\n\n// Size reads r.\nfunc Size(r io.Reader) int {\n\
         \tbuf := make([]byte, 64)\n\tn, _ := r.Read(buf)\n\treturn n\n}\n",
    )
    .unwrap();
    fs::write(
        t.path().join("cache/half/half_test.go"),
        "package half\n\nvar broken int = \"x\"\n",
    )
    .unwrap();
    let (_, _, err) = run(t.path(), &["--escapes", "--check", "-v", "--include-tests"]);
    assert!(
        err.contains("cache/half: its tests do not build (") && err.contains("half_test.go:3:18"),
        "{err}"
    );
    assert!(
        err.contains("cache/half/half.go:7:9: pool-scratch: `make([]byte, 64)` taken from")
            && err.contains("(compiler: 7:13: make([]byte, 64) escapes to heap"),
        "{err}"
    );
    fs::remove_dir_all(t.path().join("cache/half")).unwrap();
    fs::remove_dir_all(t.path().join("cache/only")).unwrap();

    let (code, _, err) = run(t.path(), &["--escapes", "--write", "--verify=test"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("verified 3 packages (go build, go vet, go test)"),
        "{err}"
    );
    let after = files(t.path());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "files appeared or vanished (go.sum, go.work.sum, binaries?)"
    );
    for (path, bytes) in &after {
        let rewritten = ["api/grid.go", "cache/store.go", "tools/words.go"]
            .iter()
            .any(|p| Path::new(p) == path);
        assert_eq!(rewritten, *bytes != before[path], "{}", path.display());
    }
}

/// Applies SARIF replacements (whole-line regions, as gomapfix writes them) to `text`.
fn apply_sarif(text: &str, replacements: &[serde_json::Value]) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let mut reps: Vec<&serde_json::Value> = replacements.iter().collect();
    reps.sort_by_key(|r| std::cmp::Reverse(r["deletedRegion"]["startLine"].as_u64().unwrap()));
    for r in reps {
        let d = &r["deletedRegion"];
        let (start, end) = (
            d["startLine"].as_u64().unwrap() as usize - 1,
            d["endLine"].as_u64().unwrap() as usize - 1,
        );
        assert_eq!(
            (d["startColumn"].as_u64(), d["endColumn"].as_u64()),
            (Some(1), Some(1))
        );
        let new = r["insertedContent"]["text"].as_str().unwrap();
        lines.splice(start..end, new.split_inclusive('\n').map(str::to_string));
    }
    lines.concat()
}

#[test]
fn sarif_is_valid_2_1_0_and_its_fixes_are_the_write() {
    let t = workspace();
    let (code, out, err) = run(t.path(), &["--format", "sarif", "-v"]);
    assert_eq!(code, 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // A broken document is rejected by the same check.
    let mut broken = doc.clone();
    broken["runs"][0]["results"][0]["level"] = "severe".into();
    assert!(!validator.is_valid(&broken));

    let run0 = &doc["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "gomapfix");
    let results = run0["results"].as_array().unwrap();
    let warnings: Vec<&serde_json::Value> =
        results.iter().filter(|r| r["level"] == "warning").collect();
    assert_eq!(warnings.len(), 3, "{doc}");
    let grid = warnings
        .iter()
        .find(|r| r["ruleId"] == "nested-map")
        .unwrap();
    let loc = &grid["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "api/grid.go");
    assert_eq!(loc["region"]["startLine"], 8);
    assert_eq!(loc["region"]["startColumn"], 2);
    // Every result's fix, applied to the tree as read, gives what --write writes.
    let before = files(t.path());
    let mut fixed = before.clone();
    for r in &warnings {
        for change in r["fixes"][0]["artifactChanges"].as_array().unwrap() {
            let uri = PathBuf::from(change["artifactLocation"]["uri"].as_str().unwrap());
            let old = String::from_utf8(before.get(&uri).cloned().unwrap_or_default()).unwrap();
            let new = apply_sarif(&old, change["replacements"].as_array().unwrap());
            fixed.insert(uri, new.into_bytes());
        }
    }
    let (code, _, err) = run(t.path(), &["--write"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fixed, files(t.path()));
}
