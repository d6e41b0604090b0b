//! The command-line contract end to end, in temporary directories: modes, exit codes,
//! stdout against stderr, walking, bad input, writes that keep what they must.

mod common;

use assert_cmd::Command;
use std::fs;
use std::path::Path;

const GRID: &str = "package p

// F fills a small grid.
func F() int {
	m := make(map[int]map[int]int)
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = 1
		}
	}
	return m[1][1]
}
";

fn gomapfix() -> Command {
    Command::cargo_bin("gomapfix").unwrap()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/p\n\ngo 1.22\n");
    write(t.path(), "a/grid.go", GRID);
    t
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_env(dir, &[], args)
}

/// [`run`] with environment variables set.
fn run_env(dir: &Path, env: &[(&str, &std::ffi::OsStr)], args: &[&str]) -> (i32, String, String) {
    let out = gomapfix()
        .current_dir(dir)
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn dry_run_is_the_default_prints_a_diff_and_writes_nothing() {
    let t = tree();
    let (code, out, err) = run(t.path(), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.starts_with("--- a/a/grid.go\n+++ b/a/grid.go\n@@ "),
        "{out}"
    );
    assert!(out.contains("+\tm := make([]int, 2*mCols)"), "{out}");
    assert!(
        err.contains("a/grid.go:5:2: nested-map: flatten m"),
        "{err}"
    );
    assert!(err.contains("1 change (nested-map 1)"), "{err}");
    assert_eq!(
        fs::read_to_string(t.path().join("a/grid.go")).unwrap(),
        GRID
    );
    let (code2, out2, _) = run(t.path(), &["--dry-run", "."]);
    assert_eq!((code2, out2), (1, out));
}

#[test]
fn write_applies_and_a_dry_run_after_it_prints_nothing() {
    let t = tree();
    let (code, out, err) = run(t.path(), &["--write"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("1 file written"), "{err}");
    assert!(
        fs::read_to_string(t.path().join("a/grid.go"))
            .unwrap()
            .contains("m[i*mCols+j] = 1")
    );
    let (code, out, _) = run(t.path(), &[]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn check_prints_only_findings_and_exits_1() {
    let t = tree();
    let (code, out, err) = run(t.path(), &["--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        out, "a/grid.go\n",
        "the files that would change, as gofmt -l lists them"
    );
    assert!(err.contains("nested-map: flatten m"), "{err}");
    assert!(!err.contains(" read, "), "{err}");
}

#[test]
fn select_and_ignore_validate_rule_names() {
    let t = tree();
    let (code, _, err) = run(t.path(), &["--select", "bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown transform `bogus`"), "{err}");
    let all = gomapfix::rule_ids().join(",");
    let (code, _, err) = run(t.path(), &["--ignore", &all]);
    assert_eq!(code, 2);
    assert!(err.contains("leave no transform"), "{err}");
    let (code, _, _) = run(t.path(), &["--select", "nested-map"]);
    assert_eq!(code, 1);
}

#[test]
fn usage_errors_exit_2() {
    let t = tree();
    assert_eq!(run(t.path(), &["--write", "--check"]).0, 2);
    assert_eq!(run(t.path(), &["--jobs", "0"]).0, 2);
    assert_eq!(run(t.path(), &["--format", "yaml"]).0, 2);
}

#[test]
fn json_is_one_document_on_stdout() {
    let t = tree();
    let (code, out, err) = run(t.path(), &["--format", "json", "-v"]);
    assert_eq!(code, 1);
    assert!(err.is_empty(), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["mode"], "dry-run");
    assert_eq!(v["findings"][0]["rule"], "nested-map");
    assert_eq!(v["findings"][0]["path"], "a/grid.go");
    assert_eq!(v["findings"][0]["line"], 5);
    assert!(
        v["findings"][0]["evidence"]
            .as_str()
            .unwrap()
            .starts_with("proof: ")
    );
    assert!(
        v["diffs"][0]["diff"]
            .as_str()
            .unwrap()
            .contains("+++ b/a/grid.go")
    );
    assert_eq!(v["summary"]["changes"]["nested-map"], 1);
    assert_eq!(v["summary"]["exit_code"], 1);
    // Problems carry their place and a tag, like findings and skips.
    write(t.path(), "a/broken.go", "package p\n\nfunc (\n");
    let (code, out, _) = run(t.path(), &["--format", "json"]);
    assert_eq!(code, 2);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // (With `go` on PATH the compiler is asked too, and says the package does not build.)
    let p = v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["fatal"] == true)
        .unwrap();
    assert_eq!(p["path"], "a/broken.go", "{v}");
    assert_eq!(p["tag"], "does-not-parse", "{v}");
    assert!(
        p["line"].as_u64().unwrap() >= 3 && p["column"].as_u64().unwrap() >= 1,
        "{v}"
    );
}

#[test]
fn verbose_lists_skips_with_reasons_and_quiet_drops_the_summary() {
    let t = tree();
    write(
        t.path(),
        "b/b.go",
        "package b\n\nfunc G(n int) int {\n\tm := make(map[int]map[int]int)\n\tm[0] = map[int]int{}\n\treturn len(m) + n\n}\n",
    );
    let (_, _, err) = run(t.path(), &["-v"]);
    assert!(
        err.contains("b/b.go:4:2: nested-map: skipped: dimensions unknown"),
        "{err}"
    );
    assert!(err.contains("[dimensions-unknown]"), "{err}");
    let (_, _, err) = run(t.path(), &[]);
    assert!(!err.contains("skipped: "), "{err}");
    assert!(
        err.contains("1 site skipped (nested-map/dimensions-unknown 1, -v lists them)"),
        "{err}"
    );
    let (_, _, err) = run(t.path(), &["--quiet"]);
    assert!(!err.contains(" read, "), "{err}");
    assert!(err.contains("nested-map: flatten m"), "{err}");
}

#[test]
fn rules_and_explain() {
    let (code, out, _) = run(Path::new("."), &["rules"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("nested-map "), "{out}");
    // All four transforms, one a line.
    let listed: Vec<&str> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(
        listed,
        [
            "nested-map",
            "pool-scratch",
            "reflect-field",
            "map-value-boundary"
        ],
        "{out}"
    );
    for rule in listed {
        let (code, out, _) = run(Path::new("."), &["explain", rule]);
        assert_eq!(code, 0);
        assert!(
            out.starts_with(&format!("# {rule}\n")) && out.contains("## Fix safety"),
            "{out}"
        );
    }
    let (code, _, err) = run(Path::new("."), &["explain", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown transform `nope`"));
}

#[test]
fn walking_prunes_like_the_go_command_and_honours_ignore_files() {
    let t = tree();
    for d in [
        "vendor/x", "testdata", ".hidden", "_skip", "ignored", "also",
    ] {
        write(t.path(), &format!("{d}/g.go"), GRID);
    }
    write(t.path(), ".gitignore", "ignored/\n");
    write(t.path(), ".ignore", "also/\n");
    write(
        t.path(),
        "gen/g.go",
        &format!("// Code generated by stringer. DO NOT EDIT.\n\n{GRID}"),
    );
    let (_, out, err) = run(t.path(), &[]);
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("+++ ")).collect();
    assert_eq!(headers, vec!["+++ b/a/grid.go"], "{err}");
    let (_, out, _) = run(t.path(), &["--include-vendor", "--include-generated"]);
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("+++ ")).collect();
    assert_eq!(
        headers,
        vec!["+++ b/a/grid.go", "+++ b/gen/g.go", "+++ b/vendor/x/g.go"]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "o/g.go", GRID);
    let t = tree();
    std::os::unix::fs::symlink(outside.path().join("o"), t.path().join("link")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("o/g.go"), t.path().join("a/linked.go"))
        .unwrap();
    let (_, out, _) = run(t.path(), &[]);
    let headers: Vec<&str> = out.lines().filter(|l| l.starts_with("+++ ")).collect();
    assert_eq!(headers, vec!["+++ b/a/grid.go"]);
}

#[test]
fn a_file_that_does_not_parse_is_named_and_untouched_and_the_batch_goes_on() {
    let t = tree();
    let broken =
        "package q\n\nfunc H() int {\n\tm := make(map[int]map[int]int)\n\treturn m[0][0] +\n}\n";
    write(t.path(), "q/q.go", broken);
    let (code, out, err) = run(t.path(), &["--write"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("q/q.go:5:17: does not parse"), "{err}");
    assert_eq!(fs::read_to_string(t.path().join("q/q.go")).unwrap(), broken);
    assert!(
        fs::read_to_string(t.path().join("a/grid.go"))
            .unwrap()
            .contains("mCols")
    );
}

#[test]
fn exit_2_wins_over_1() {
    let t = tree();
    write(
        t.path(),
        "q/q.go",
        "package q\n\nvar m = map[int]map[int]int{\n",
    );
    let (code, out, _) = run(t.path(), &[]);
    assert_eq!(code, 2);
    assert!(out.contains("+++ b/a/grid.go"));
}

#[test]
fn non_utf8_and_unreadable_paths_are_named() {
    let t = tree();
    let bytes = b"package q\n\nvar s = \"\xff\"\n".to_vec();
    fs::create_dir_all(t.path().join("q")).unwrap();
    fs::write(t.path().join("q/q.go"), &bytes).unwrap();
    let (code, _, err) = run(t.path(), &["--write", ".", "missing"]);
    assert_eq!(code, 2);
    assert!(err.contains("q/q.go:3:10: not valid UTF-8"), "{err}");
    assert!(err.contains("missing: cannot read"), "{err}");
    assert_eq!(fs::read(t.path().join("q/q.go")).unwrap(), bytes);
    assert!(
        fs::read_to_string(t.path().join("a/grid.go"))
            .unwrap()
            .contains("mCols")
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_refuses_the_fixes_that_touch_it_and_the_package_s_others_are_made() {
    use std::os::unix::fs::PermissionsExt;
    // The check is on the permission bits, so it holds when the tests run as root too.
    let t = tree();
    let second = GRID.replace("func F", "func F2");
    write(t.path(), "a/second.go", &second);
    let ro = t.path().join("a/second.go");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, out, err) = run(t.path(), &["-v"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        out.contains("+++ b/a/grid.go") && !out.contains("second.go"),
        "{out}"
    );
    assert!(err.contains("a/second.go: read-only"), "{err}");
    assert!(err.contains("[read-only]"), "{err}");
    let (code, _, err) = run(t.path(), &["--write"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        fs::read_to_string(t.path().join("a/grid.go"))
            .unwrap()
            .contains("mCols"),
        "the writable file's fix is made"
    );
    assert_eq!(fs::read_to_string(&ro).unwrap(), second);
}

/// Naming a file limits where changes are made, not what is read: a field that another
/// file of the package uses as a map is not retyped when only its own file is named, and
/// overlapping paths process a package once.
#[test]
fn a_named_file_is_analysed_with_its_whole_package_and_changed_alone() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/p\n\ngo 1.23\n");
    write(
        t.path(),
        "c/a.go",
        "package c\n\ntype blob [40]int32\n\ntype store struct {\n\titems map[int]blob\n}\n\nfunc (s *store) put(k int) { s.items[k] = blob{} }\n",
    );
    write(
        t.path(),
        "c/b.go",
        "package c\n\nfunc use(s *store) int { return len(s.items) }\n\nfunc local() int {\n\tm := map[int]blob{}\n\tm[1] = blob{}\n\treturn len(m)\n}\n",
    );
    let (code, out, err) = run(
        t.path(),
        &["-v", "--select", "map-value-boundary", "c/a.go"],
    );
    assert_eq!(code, 0, "{err}");
    // The field's fix would touch b.go: refused; the local map of b.go is not touched.
    assert!(err.contains("[not-selected]"), "{err}");
    assert!(
        !out.contains("a/c/b.go") && !out.contains("a/c/a.go"),
        "{out}"
    );
    let (code, out, err) = run(t.path(), &["--select", "map-value-boundary", "c/b.go"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("+++ b/c/b.go") && out.contains("newSlabMap[int, blob](0)"),
        "{out}"
    );
    assert!(!out.contains("+++ b/c/a.go"), "{out}");
    // One package, once, however it is named.
    let (_, once, _) = run(t.path(), &["--select", "map-value-boundary", "c"]);
    let (_, twice, err) = run(
        t.path(),
        &[
            "--select",
            "map-value-boundary",
            "c",
            "./c",
            "c/a.go",
            "./c/b.go",
        ],
    );
    assert_eq!(once, twice, "{err}");
    assert!(err.contains("2 files read"), "{err}");
}

#[cfg(unix)]
#[test]
fn writes_keep_permissions_crlf_and_bom() {
    use std::os::unix::fs::PermissionsExt;
    let t = tree();
    let path = t.path().join("a/grid.go");
    let crlf = format!("\u{feff}{}", GRID.replace('\n', "\r\n"));
    fs::write(&path, &crlf).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
    let (code, _, err) = run(t.path(), &["--write"]);
    assert_eq!(code, 0, "{err}");
    let after = fs::read(&path).unwrap();
    assert!(after.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(after).unwrap();
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    assert!(text.contains("m[i*mCols+j] = 1\r\n"));
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let leftovers: Vec<_> = fs::read_dir(t.path().join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn output_is_identical_for_one_and_eight_jobs() {
    let t = tree();
    for k in 0..30 {
        write(
            t.path(),
            &format!("p{k}/g.go"),
            &GRID.replace("package p", &format!("package p{k}")),
        );
        write(
            t.path(),
            &format!("p{k}/s.go"),
            &format!(
                "package p{k}\n\nfunc S() int {{\n\tm := make(map[int]map[int]int)\n\treturn len(m)\n}}\n"
            ),
        );
    }
    let one = gomapfix()
        .current_dir(t.path())
        .args(["--jobs", "1", "-v"])
        .output()
        .unwrap();
    let eight = gomapfix()
        .current_dir(t.path())
        .args(["--jobs", "8", "-v"])
        .output()
        .unwrap();
    assert_eq!(one.stdout, eight.stdout);
    assert_eq!(one.stderr, eight.stderr);
    let json1 = gomapfix()
        .current_dir(t.path())
        .args(["--jobs", "1", "--format", "json"])
        .output()
        .unwrap();
    let json8 = gomapfix()
        .current_dir(t.path())
        .args(["--jobs", "8", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json1.stdout, json8.stdout);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    let t = tree();
    for k in 0..300 {
        write(
            t.path(),
            &format!("p{k}/g.go"),
            &GRID.replace("package p", &format!("package p{k}")),
        );
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("gomapfix"))
        .current_dir(t.path())
        .args(["--quiet"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}

/// On a terminal the progress bar draws on stderr from worker threads; holding stderr's lock
/// for the whole run deadlocked there (and only there).
#[cfg(unix)]
#[test]
fn a_run_on_a_terminal_finishes_and_prints_its_summary() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !has_script {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "`script` (util-linux) is needed for the terminal test"
        );
        eprintln!("!!! `script` is not installed: the terminal test is SKIPPED !!!");
        return;
    }
    let t = tree();
    for k in 0..40 {
        write(
            t.path(),
            &format!("p{k}/g.go"),
            &GRID.replace("package p", &format!("package p{k}")),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("gomapfix");
    let out = Command::new("script")
        .current_dir(t.path())
        .args([
            "-qec",
            &format!("{} --dry-run . > /dev/null", bin.display()),
            "/dev/null",
        ])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("41 changes (nested-map 41)"),
        "no summary on the terminal: {text}"
    );
}

/// `--escapes` end to end with the real compiler: `go build -gcflags=-m` per module, its
/// verdicts matched to sites, a package that does not build reported (not fatal) and
/// judged without evidence.
#[test]
fn escapes_runs_the_compiler_and_survives_a_package_that_does_not_build() {
    if !common::go_available("the --escapes end-to-end test") {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("transforms/pool-scratch/cases/buffers");
    write(t.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    fs::create_dir_all(t.path().join("buf")).unwrap();
    for f in ["buf.go", "buf_test.go"] {
        fs::copy(case.join(f), t.path().join("buf").join(f)).unwrap();
    }
    write(
        t.path(),
        "std/std.go",
        "package std\n\nimport (\n\t\"crypto/rand\"\n\t\"io\"\n\t\"strconv\"\n)\n\n// Nonce passes its buffer to two standard functions.\nfunc Nonce(r io.Reader) int {\n\tbuf := make([]byte, 32)\n\tr.Read(buf)\n\trand.Read(buf[16:])\n\tout := strconv.AppendInt(buf[:0], 42, 10)\n\treturn len(out) + int(buf[20])\n}\n",
    );
    write(
        t.path(),
        "bad/bad.go",
        "package bad\n\nimport \"io\"\n\n// Head does not type-check.\nfunc Head(r io.Reader) int {\n\tbuf := make([]byte, 64)\n\tn, _ := r.Read(buf)\n\treturn \"n\"\n}\n",
    );
    let (code, out, err) = gomapfix()
        .current_dir(t.path())
        .env("GOFLAGS", "-mod=mod")
        .env("GOTOOLCHAIN", "local")
        .args([
            "--escapes",
            "--select",
            "pool-scratch",
            "--format",
            "json",
            "-v",
        ])
        .output()
        .map(|o| {
            (
                o.status.code().unwrap_or(-1),
                String::from_utf8(o.stdout).unwrap(),
                String::from_utf8(o.stderr).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let at = |path: &str, line: u64| {
        findings
            .iter()
            .find(|f| f["path"] == path && f["line"] == line)
            .map(|f| f["evidence"].as_str().unwrap().to_string())
    };
    assert_eq!(
        at("buf/buf.go", 12).as_deref(),
        Some(
            "compiler: 12:13: make([]byte, 4096) escapes to heap; kept by no callee: `r.Read` (io.Reader.Read's contract), `h.Write` (hash.Hash.Write's contract)"
        )
    );
    assert!(at("buf/buf.go", 27).unwrap().starts_with("compiler: "));
    // Standard functions are judged by the compiler's facts for them (`all=`): what
    // crypto/rand.Read keeps of its argument, what strconv.AppendInt hands back.
    let nonce = at("std/std.go", 11).unwrap_or_else(|| panic!("{out}"));
    assert!(
        nonce.contains("`rand.Read` (compiler: rand/rand.go:")
            && nonce.contains(": b does not escape)"),
        "{nonce}"
    );
    assert!(
        nonce.contains("`strconv.AppendInt` (compiler: strconv/")
            && nonce.contains("leaking param: dst to result"),
        "{nonce}"
    );
    // The package that does not build: named, not fatal, and judged by the heuristic.
    let problems = v["problems"].as_array().unwrap();
    assert!(
        problems.iter().any(|p| p["path"] == "bad"
            && p["fatal"] == false
            && p["message"].as_str().unwrap().contains("does not build")),
        "{problems:?}"
    );
    assert!(
        at("bad/bad.go", 7)
            .unwrap()
            .starts_with("proof: passed to `io.Reader.Read`")
    );
    let skipped = v["skipped"].as_array().unwrap();
    assert!(
        skipped.iter().any(|s| s["path"] == "buf/buf.go"
            && s["line"] == 46
            && s["reason"] == "does-not-escape"),
        "{skipped:?}"
    );
}

/// Packages that need more new pools than the fix-point loop has rounds: pools of
/// different names are declared in the same round (one a round would stop at the cap and
/// report the package as not processed), across files and within one function; two files
/// needing the same pool share it.
#[test]
fn many_new_pools_in_one_package_settle() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/m\n\ngo 1.22\n");
    let read = |i: usize, size: usize| {
        format!(
            "package m\n\nimport \"io\"\n\n// Read{i} reads a header.\nfunc Read{i}(r io.Reader) (byte, error) {{\n\tb := make([]byte, {size})\n\tif _, err := io.ReadFull(r, b); err != nil {{\n\t\treturn 0, err\n\t}}\n\treturn b[0], nil\n}}\n"
        )
    };
    for i in 1..=20 {
        // Files 19 and 20 need the pools of files 1 and 2.
        // From 16 bytes: a smaller pointer-free buffer is too small to pool.
        let size = if i > 18 { (i - 17) * 8 } else { (i + 1) * 8 };
        write(t.path(), &format!("m/f{i:02}.go"), &read(i, size));
    }
    let (code, _, err) = run(t.path(), &["--write", "--select", "pool-scratch"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("20 changes (pool-scratch 20)") && err.contains("0 files could not"),
        "{err}"
    );
    let all: String = (1..=20)
        .map(|i| fs::read_to_string(t.path().join(format!("m/f{i:02}.go"))).unwrap())
        .collect();
    for size in (16..=152).step_by(8) {
        assert_eq!(
            all.matches(&format!("var bytes{size}Pool = ")).count(),
            1,
            "bytes{size}Pool declared once"
        );
    }
    assert_eq!(all.matches("bytes16Pool.Get()").count(), 2, "{all}");
    // One function of one file with 18 buffers of 18 sizes: one round adds the import,
    // the next declares the other pools together.
    let body: String = (1..=18)
        .map(|i| {
            format!(
                "\tb{i} := make([]byte, {})\n\tif _, err := io.ReadFull(r, b{i}); err != nil {{\n\t\treturn 0, err\n\t}}\n\tt += int(b{i}[0])\n",
                (i + 1) * 8
            )
        })
        .collect();
    write(
        t.path(),
        "one/one.go",
        &format!(
            "package one\n\nimport \"io\"\n\n// Sum reads 18 headers.\nfunc Sum(r io.Reader) (int, error) {{\n\tt := 0\n{body}\treturn t, nil\n}}\n"
        ),
    );
    let (code, _, err) = run(t.path(), &["--write", "--select", "pool-scratch"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("18 changes (pool-scratch 18)") && err.contains("0 files could not"),
        "{err}"
    );
    let one = fs::read_to_string(t.path().join("one/one.go")).unwrap();
    assert_eq!(one.matches(" = sync.Pool{").count(), 18, "{one}");
    let (code, out, err) = run(t.path(), &["--select", "pool-scratch"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    if common::go_available("building the rewritten package") {
        let vet = std::process::Command::new("go")
            .args(["vet", "./..."])
            .current_dir(t.path())
            .env("GOTOOLCHAIN", "local")
            .output()
            .unwrap();
        assert!(
            vet.status.success(),
            "{}",
            String::from_utf8_lossy(&vet.stderr)
        );
    }
}

/// The last step runs `gofmt` (the one on PATH) over each changed file that was
/// gofmt-clean, and over no other; `--no-gofmt` leaves gomapfix's own layout. A stand-in
/// gofmt shows which files went through it: it marks rewritten text, and calls a file
/// with `UNCLEAN` in it not gofmt-clean.
#[cfg(unix)]
#[test]
fn changed_files_go_through_gofmt_when_they_were_clean() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().unwrap();
    let fake = bin.path().join("gofmt");
    fs::write(
        &fake,
        "#!/bin/sh\nin=$(cat)\nprintf '%s\\n' \"$in\"\ncase \"$in\" in\n*UNCLEAN*) echo '// reformatted whole' ;;\n*mCols*) echo '// formatted by gofmt' ;;\nesac\n",
    )
    .unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let t = tree();
    write(
        t.path(),
        "b/grid.go",
        &GRID.replace("package p\n", "package p\n\n// UNCLEAN\n"),
    );
    let read = |rel: &str| fs::read_to_string(t.path().join(rel)).unwrap();
    let run_with = |args: &[&str]| {
        let out = gomapfix()
            .current_dir(t.path())
            .env("PATH", &path)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    let originals = (read("a/grid.go"), read("b/grid.go"));
    run_with(&["--write", "--no-gofmt"]);
    assert!(!read("a/grid.go").contains("// formatted by gofmt"));
    assert!(read("a/grid.go").contains("mCols"));
    write(t.path(), "a/grid.go", &originals.0);
    write(t.path(), "b/grid.go", &originals.1);
    run_with(&["--write"]);
    assert!(read("a/grid.go").ends_with("// formatted by gofmt\n"));
    // Not clean before: rewritten, but not run through gofmt.
    assert!(read("b/grid.go").contains("mCols"));
    assert!(!read("b/grid.go").contains("// reformatted whole"));
    assert!(!read("b/grid.go").contains("// formatted by gofmt"));
}

/// The library tells its caller how far it has come; the CLI's bar is drawn from that.
#[test]
fn the_library_reports_progress_through_a_callback() {
    let t = tree();
    write(
        t.path(),
        "b/grid.go",
        &GRID.replace("package p", "package q"),
    );
    let seen = std::sync::Mutex::new(Vec::new());
    let out = gomapfix::analyze_with_progress(
        &[t.path().to_path_buf()],
        &gomapfix::Options::default(),
        &|p| seen.lock().unwrap().push(p),
    );
    assert_eq!(out.findings.len(), 2);
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen,
        vec![
            gomapfix::Progress::Directories(2),
            gomapfix::Progress::DirectoryDone,
            gomapfix::Progress::DirectoryDone
        ]
    );
}

/// A linked directory given as a path is walked. A link to a file of another directory is
/// read as a file of its package (the go command compiles it there) and never rewritten:
/// the file it points to is compiled in its own directory too, where a rewrite's needs
/// (a generated file, the package's other uses) are not.
#[cfg(unix)]
#[test]
fn links_given_as_paths_are_followed_and_linked_files_are_read_not_rewritten() {
    let t = tree();
    std::os::unix::fs::symlink(t.path().join("a"), t.path().join("linked")).unwrap();
    let (code, _, err) = run(t.path(), &["--check", "linked"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("linked/grid.go:5:2: nested-map"), "{err}");
    fs::create_dir_all(t.path().join("other")).unwrap();
    let link = t.path().join("other/grid.go");
    std::os::unix::fs::symlink("../a/grid.go", &link).unwrap();
    let (code, _, err) = run(t.path(), &["--write", "-v", "other/grid.go"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("[linked-file]"), "{err}");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        fs::read_to_string(t.path().join("a/grid.go")).unwrap(),
        GRID
    );
    // In a walked directory, the link is read with its package: a package variable it
    // uses is not retyped in the other file.
    let w = tempfile::tempdir().unwrap();
    write(w.path(), "go.mod", "module example.com/w\n\ngo 1.23\n");
    write(
        w.path(),
        "shared/use.go",
        "package main\n\nfunc use() { g[\"x\"] = V{4} }\n",
    );
    write(
        w.path(),
        "tree/a.go",
        "package main\n\ntype V [20]int64\n\nvar g = make(map[string]V)\n\nfunc main() {\n\tg[\"y\"] = V{1}\n\tuse()\n\tprintln(len(g))\n}\n",
    );
    std::os::unix::fs::symlink("../shared/use.go", w.path().join("tree/use.go")).unwrap();
    let (code, out, err) = run(w.path(), &["-v", "--select", "map-value-boundary", "tree"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("[linked-file]"), "{err}");
}

/// One file named in several forms (`..`, absolute) is one file; two files of a package
/// named in different forms are one package.
#[test]
fn a_file_named_in_several_forms_is_read_once() {
    let t = tree();
    let abs = t.path().join("a/grid.go");
    let (_, once, _) = run(t.path(), &["a/grid.go"]);
    let (code, twice, err) = run(
        t.path(),
        &[
            "a/grid.go",
            "a/../a/grid.go",
            &abs.to_string_lossy(),
            "a/../a",
        ],
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(once, twice, "{err}");
    assert!(err.contains("1 file read"), "{err}");
}

/// A file that is not UTF-8, or has no package clause, is named, and its package is
/// analysed as holding a file that does not parse: a package variable whose uses it
/// could hold is not retyped.
#[test]
fn files_that_are_not_go_are_named_and_hold_their_package_back() {
    let pkg = "package c\n\ntype blob [40]int32\n\nvar items = map[int]blob{}\n\nfunc put(k int) { items[k] = blob{} }\n";
    for (name, bytes, says) in [
        (
            "c/b.go",
            b"package c\n\nvar s = \"\xff\"\n".to_vec(),
            "c/b.go:3:10: not valid UTF-8",
        ),
        (
            "c/empty.go",
            Vec::new(),
            "c/empty.go:1:1: does not parse (no package clause)",
        ),
    ] {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "go.mod", "module example.com/p\n\ngo 1.23\n");
        write(t.path(), "c/a.go", pkg);
        fs::write(t.path().join(name), &bytes).unwrap();
        let (code, out, err) = run(t.path(), &["-v", "--select", "map-value-boundary"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(says), "{err}");
        assert!(err.contains("[file-does-not-parse]"), "{err}");
        assert!(out.is_empty(), "{out}");
        assert_eq!(err.matches(says).count(), 1, "named once: {err}");
    }
}

/// Diff headers are relative to the repository root, whatever form the path was given
/// in (relative from a subdirectory, `../`, absolute), so `git apply` takes them.
#[test]
fn diff_headers_are_relative_to_the_repository_root() {
    let t = tree();
    fs::create_dir_all(t.path().join(".git")).unwrap();
    fs::create_dir_all(t.path().join("sub")).unwrap();
    let abs = t.path().join("a/grid.go");
    for (cwd, arg) in [
        (t.path().to_path_buf(), "a/grid.go".to_string()),
        (t.path().join("sub"), "../a/grid.go".to_string()),
        (t.path().join("sub"), abs.to_string_lossy().into_owned()),
        (t.path().join("a"), ".".to_string()),
    ] {
        let (code, out, err) = run(&cwd, &[&arg]);
        assert_eq!(code, 1, "{err}");
        assert!(
            out.starts_with("--- a/a/grid.go\n+++ b/a/grid.go\n"),
            "{arg}: {out}"
        );
    }
}

/// `./...` and `dir/...` mean what they mean to the go command: the packages below, not
/// those of a nested module; a plain directory is walked whole.
#[test]
fn dot_dot_dot_patterns_stop_at_nested_modules() {
    let t = tree();
    write(
        t.path(),
        "nested/go.mod",
        "module example.com/nested\n\ngo 1.22\n",
    );
    write(t.path(), "nested/grid.go", GRID);
    let (_, out, _) = run(t.path(), &["./..."]);
    assert!(
        out.contains("b/a/grid.go") && !out.contains("nested/grid.go"),
        "{out}"
    );
    let (_, out, _) = run(t.path(), &["a/..."]);
    assert!(out.contains("b/a/grid.go"), "{out}");
    let (_, out, _) = run(t.path(), &["."]);
    assert!(
        out.contains("b/a/grid.go") && out.contains("b/nested/grid.go"),
        "{out}"
    );
    let (_, out, _) = run(t.path(), &["nested/..."]);
    assert!(out.contains("b/nested/grid.go"), "{out}");
}

/// `--check` names a package's regenerated file when nothing else of it would change.
#[test]
fn check_names_a_generated_file_that_would_be_regenerated() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/p\n\ngo 1.23\n");
    write(
        t.path(),
        "c/a.go",
        "package c\n\nfunc F() int {\n\tm := newSlabMap[int, [200]byte](0)\n\tx := map[int][200]byte{}\n\treturn m.Len() + use(x)\n}\n\nfunc use(x map[int][200]byte) int { return len(x) }\n",
    );
    write(
        t.path(),
        "c/gomapfix_slab.go",
        "// Code generated by gomapfix. DO NOT EDIT.\n\npackage c\n\n// an older slab\n",
    );
    let (code, out, err) = run(t.path(), &["--check", "--select", "map-value-boundary"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "c/gomapfix_slab.go\n");
    assert!(err.contains("1 file would change"), "{err}");
}

#[test]
fn a_broken_file_is_named_in_a_package_with_nothing_to_rewrite() {
    let t = tree();
    // No candidate site anywhere in package q: nothing needs it parsed, yet it is named.
    write(
        t.path(),
        "q/ok.go",
        "package q\n\nfunc A() int { return 1 }\n",
    );
    write(
        t.path(),
        "q/bad.go",
        "package q\n\nfunc B() int {\n\treturn 1 +\n}\n",
    );
    let (code, _, err) = run(t.path(), &["--check"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("q/bad.go:4:11: does not parse"), "{err}");
    // Named on the command line, alone.
    let (code, out, err) = run(t.path(), &["q/bad.go"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("q/bad.go:4:11: does not parse"), "{err}");
    let (code, _, err) = run(t.path(), &["q/ok.go"]);
    assert_eq!(
        code, 2,
        "the named file's package holds a broken file: {err}"
    );
}

#[test]
fn go_the_grammar_does_not_know_is_a_warning_when_gofmt_takes_it() {
    if !common::go_available("the gofmt fallback test") {
        return;
    }
    let t = tree();
    // go/parser (and so gofmt) takes `.(type)` outside a type switch; tree-sitter-go does
    // not. The file is named with its position, the run is not failed, and the package's
    // site that the file could reach is left alone.
    write(
        t.path(),
        "q/q.go",
        "package q\n\nfunc F(x any) int {\n\tm := make(map[int]map[int]int)\n\tm[1] = map[int]int{1: 2}\n\treturn m[1][1]\n}\n",
    );
    write(t.path(), "q/odd.go", "package q\n\nvar _ = x.(type)\n");
    let (code, out, err) = run(t.path(), &["-v"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("q/odd.go:3:1: valid Go this grammar does not know"),
        "{err}"
    );
    assert!(!out.contains("q/q.go"), "{out}");
    assert!(out.contains("+++ b/a/grid.go"), "{out}");
    // Without gofmt on PATH, the same file is one that does not parse.
    let out = gomapfix()
        .current_dir(t.path())
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("q/odd.go:3:1: does not parse"));
}

#[test]
fn a_file_found_unknown_to_the_grammar_once_parsed_makes_its_package_read_again() {
    if !common::go_available("the gofmt fallback test") {
        return;
    }
    let t = tree();
    // The fast syntax check takes `odd.go` (so does gofmt: `make` read as a type name), and
    // no prefilter picks it, so it is parsed only when nested-map looks for the uses of
    // `levels`; the grammar then rejects it. The package is analysed again with every file
    // parsed first: the file is named and opaque, and the target it uses is left alone.
    write(
        t.path(),
        "q/q.go",
        "package q\n\n//gomapfix:dims 8 128\nvar levels = map[int]map[int]uint16{}\n\n// Set stores a level.\nfunc Set(i, j int, v uint16) {\n\tif levels[i] == nil {\n\t\tlevels[i] = make(map[int]uint16)\n\t}\n\tlevels[i][j] = v\n}\n",
    );
    write(
        t.path(),
        "q/odd.go",
        "package q\n\nvar width make = (map[int]int)\n\n// Get reads a level.\nfunc Get(i, j int) uint16 { return levels[i][j] }\n",
    );
    let (code, out, err) = run(t.path(), &["-v", "./q"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("q/odd.go:3:18: valid Go this grammar does not know"),
        "{err}"
    );
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("q/q.go:4:5: nested-map: skipped: odd.go:3:18 does not parse"),
        "{err}"
    );
}

#[test]
fn shards_partition_the_packages_and_together_make_the_whole_run() {
    let t = tree();
    for i in 0..12 {
        write(
            t.path(),
            &format!("p{i}/grid.go"),
            &GRID.replace("package p", &format!("package p{i}")),
        );
    }
    write(t.path(), "p3/sub/grid.go", GRID);
    let (code, whole, err) = run(t.path(), &["./..."]);
    assert_eq!(code, 1, "{err}");
    let whole = common::diff_blocks(&whole);
    assert_eq!(whole.len(), 14);
    let mut union = Vec::new();
    let mut nonempty = 0;
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let (code, out, err) = run(t.path(), &["--shard", &shard, "./..."]);
        assert!(code == 0 || code == 1, "{err}");
        let blocks = common::diff_blocks(&out);
        nonempty += usize::from(!blocks.is_empty());
        // The same shard twice gives the same part.
        assert_eq!(run(t.path(), &["--shard", &shard, "./..."]).1, out);
        union.extend(blocks);
    }
    union.sort();
    assert_eq!(union, whole, "the shards' union differs from the whole run");
    assert!(nonempty >= 2, "14 packages in one shard of 3");
    // One shard of one is the whole run; a bad shard is a usage error.
    assert_eq!(
        common::diff_blocks(&run(t.path(), &["--shard", "1/1"]).1),
        whole
    );
    for bad in ["0/3", "4/3", "1", "a/b"] {
        let (code, _, err) = run(t.path(), &["--shard", bad]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("K/N"), "{err}");
    }
}

#[test]
fn verify_builds_and_vets_what_was_written_and_restores_what_it_cannot_keep() {
    if !common::go_available("the --verify end-to-end test") {
        return;
    }
    let t = tree();
    let (code, _, err) = run(t.path(), &["--verify"]);
    assert_eq!(code, 2, "--verify without --write is a usage error: {err}");
    let (code, _, err) = run(t.path(), &["--write", "--verify"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("; verified 1 package (go build, go vet) in "),
        "{err}"
    );
    assert!(err.contains(", 0 restored"), "{err}");
    assert!(
        fs::read_to_string(t.path().join("a/grid.go"))
            .unwrap()
            .contains("mCols")
    );

    // A package whose test fails already: its rewrite cannot be verified, so it is not kept.
    let t = tree();
    write(
        t.path(),
        "a/grid_test.go",
        "package p\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {\n\tif F() != 2 {\n\t\tt.Fatal(\"F is\", F())\n\t}\n}\n",
    );
    let (code, out, err) = run(t.path(), &["--write", "--verify=test", "--format", "json"]);
    assert_eq!(code, 3, "{err}{out}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let restored = &doc["verification"]["restored"][0];
    assert_eq!(restored["stage"], "test", "{doc}");
    assert_eq!(restored["package"], "example.com/p/a", "{doc}");
    assert_eq!(restored["fails_without_changes"], true, "{doc}");
    assert_eq!(doc["summary"]["exit_code"], 3);
    assert_eq!(
        fs::read_to_string(t.path().join("a/grid.go")).unwrap(),
        GRID
    );
    let (code, _, err) = run(t.path(), &["--write", "--verify=test"]);
    assert_eq!(code, 3);
    assert!(
        err.contains("a: restored as read: go test fails: --- FAIL: TestF"),
        "{err}"
    );
    assert!(
        err.contains("fails without gomapfix's changes too"),
        "{err}"
    );
}

#[test]
fn results_stream_in_path_order_and_a_part_may_be_dropped_once_printed() {
    let t = tree();
    for i in 0..9 {
        write(
            t.path(),
            &format!("d{i}/grid.go"),
            &GRID.replace("package p", &format!("package d{i}")),
        );
    }
    write(t.path(), "nothing/n.go", "package nothing\n");
    let whole = gomapfix::analyze(&[t.path().to_path_buf()], &gomapfix::Options::default());
    for jobs in [1, 4] {
        let opts = gomapfix::Options {
            jobs,
            ..gomapfix::Options::default()
        };
        let mut parts: Vec<(usize, Vec<String>)> = Vec::new();
        let out =
            gomapfix::analyze_streaming(&[t.path().to_path_buf()], &opts, &|_| {}, &mut |p| {
                let diffs = p.changes.iter().flatten().map(|f| f.diff.clone()).collect();
                parts.push((p.files_read, diffs));
                for f in p.changes.iter_mut().flatten() {
                    f.diff = String::new();
                    f.new = Vec::new();
                }
            });
        // The preamble, then one part per directory (a, d0..d8, nothing).
        assert_eq!(parts.len(), 12, "jobs {jobs}");
        assert_eq!(parts[0].0, 0);
        let streamed: Vec<String> = parts.iter().flat_map(|(_, d)| d.clone()).collect();
        let collected: Vec<String> = whole
            .changes
            .iter()
            .flatten()
            .map(|f| f.diff.clone())
            .collect();
        assert_eq!(
            streamed, collected,
            "jobs {jobs}: in path order, the same diffs"
        );
        // What the callback dropped stays dropped; the counts stand.
        assert!(
            out.changes
                .iter()
                .flatten()
                .all(|f| f.diff.is_empty() && f.new.is_empty())
        );
        assert_eq!(out.changes.len(), whole.changes.len());
        assert_eq!(out.findings, whole.findings);
    }
    // The command line prints, part by part, what it collects for json.
    let (code, out, _) = run(t.path(), &["--jobs", "2"]);
    assert_eq!(code, 1);
    let (_, json, _) = run(t.path(), &["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let collected: String = doc["diffs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["diff"].as_str().unwrap())
        .collect();
    assert_eq!(out, collected);
    assert_eq!(out.matches("+++ b/").count(), 10);
}

#[test]
fn a_value_the_grammar_reads_as_a_type_makes_its_file_opaque() {
    // Go 1.26: new(buf) copies the variable buf (the slice header: it aliases the buffer);
    // the grammar reads `buf` as a type name, which would hide the use and let pool-scratch
    // pool a buffer the caller keeps. A local `make` takes values the same way, and a local
    // variable may hide the type `new` names.
    let cases = [
        (
            "package main\n\nimport (\n\t\"fmt\"\n\t\"io\"\n\t\"strings\"\n)\n\nfunc read(r io.Reader) *[]byte {\n\tbuf := make([]byte, 4)\n\tr.Read(buf)\n\treturn new(buf)\n}\n\nfunc main() {\n\ta := read(strings.NewReader(\"aaaa\"))\n\tread(strings.NewReader(\"bbbb\"))\n\tfmt.Println(string(*a))\n}\n",
            "main.go:12:13: `new(buf)` takes a value (Go 1.26)",
        ),
        (
            "package main\n\nimport \"fmt\"\n\ntype big struct{ a [40]int64 }\n\nvar shared = map[int]big{}\n\nfunc main() {\n\tmake := func(x any) {\n\t\tif m, ok := x.(map[int]big); ok {\n\t\t\tm[7] = big{}\n\t\t}\n\t}\n\tmake(shared)\n\tfmt.Println(len(shared))\n}\n",
            "main.go:15:2: `make` here is not the builtin",
        ),
        (
            "package main\n\nimport (\n\t\"fmt\"\n\t\"reflect\"\n)\n\ntype User struct{ A, B int }\n\ntype Admin struct{ B, A int }\n\nfunc main() {\n\tUser := Admin{B: 1, A: 2}\n\tfmt.Println(reflect.ValueOf(new(User)).Elem().Field(0).Int())\n}\n",
            "main.go:14:34: `new(User)` takes a value (Go 1.26)",
        ),
        (
            "package main\n\nimport (\n\t\"fmt\"\n\t\"reflect\"\n)\n\ntype User struct{ A, B int }\n\ntype Admin struct{ B, A int }\n\nfunc show(User Admin) {\n\tfmt.Println(reflect.ValueOf(new(User)).Elem().Field(0).Int())\n}\n\nfunc main() { show(Admin{B: 1, A: 2}) }\n",
            "main.go:13:34: `new(User)` takes a value (Go 1.26)",
        ),
    ];
    for (src, warning) in cases {
        let t = tempfile::tempdir().unwrap();
        write(t.path(), "go.mod", "module example.com/m\n\ngo 1.26\n");
        write(t.path(), "main.go", src);
        let (code, out, err) = run(t.path(), &["--write"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.is_empty());
        assert!(err.contains(warning), "{err}");
        assert!(err.contains("0 changes"), "{err}");
        assert_eq!(fs::read_to_string(t.path().join("main.go")).unwrap(), src);
    }
}

/// Test files are analysed, and edited where a rewrite elsewhere changes what they use,
/// but their own sites are rewritten only with `--include-tests` (listed as `test-file`
/// skips without it).
#[test]
fn test_files_sites_wait_for_include_tests() {
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/p\n\ngo 1.22\n");
    write(
        t.path(),
        "a/store.go",
        "package p\n\ntype V struct{ a [20]int64 }\n\ntype store struct {\n\tbyID map[int]V\n}\n\nfunc newStore() *store { return &store{byID: make(map[int]V)} }\n\nfunc (s *store) put(k int, v V) { s.byID[k] = v }\n",
    );
    write(
        t.path(),
        "a/store_test.go",
        "package p\n\nimport \"testing\"\n\nfunc TestStore(t *testing.T) {\n\ts := newStore()\n\ts.put(1, V{})\n\tif len(s.byID) != 1 {\n\t\tt.Fatal(\"len\")\n\t}\n\tlocal := map[int]V{}\n\tlocal[2] = V{}\n\tif len(local) != 1 {\n\t\tt.Fatal(\"local\")\n\t}\n}\n",
    );
    let (code, out, err) = run(t.path(), &["-v"]);
    assert_eq!(code, 1, "{err}");
    // The field's use in the test follows the field; the test's own map stays a map.
    assert!(out.contains("+\tif s.byID.Len() != 1 {"), "{out}");
    assert!(!out.contains("+\tlocal := newSlabMap"), "{out}");
    assert!(
        err.contains("a/store_test.go:11:2: map-value-boundary: skipped: in a test file")
            && err.contains("[test-file]")
            && err.contains("map-value-boundary/test-file 1"),
        "{err}"
    );
    let (code, out, err) = run(t.path(), &["-v", "--include-tests"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("+\tlocal := newSlabMap[int, V](0)"), "{out}");
    assert!(!err.contains("test-file"), "{err}");
}

/// The compiler's facts are cached under the cache directory (`GOMAPFIX_CACHE_DIR` here):
/// a second run over the same tree runs no `go build` and says the same; a changed source
/// builds again; nothing is written into the tree.
#[cfg(unix)]
#[test]
fn a_second_run_takes_the_compilers_facts_from_the_cache() {
    use std::os::unix::fs::PermissionsExt;
    if !common::go_available("the escape-facts cache test") {
        return;
    }
    let real_go = String::from_utf8(
        std::process::Command::new("sh")
            .args(["-c", "command -v go"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let t = tempfile::tempdir().unwrap();
    let tree = t.path().join("tree");
    let bin = t.path().join("bin");
    let cache = t.path().join("cache");
    let calls = t.path().join("calls.txt");
    fs::create_dir_all(&bin).unwrap();
    // A `go` that notes each command before running the real one.
    let shim = bin.join("go");
    fs::write(
        &shim,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{}' \"$@\"\n",
            calls.display(),
            real_go.trim()
        ),
    )
    .unwrap();
    fs::set_permissions(&shim, fs::Permissions::from_mode(0o755)).unwrap();
    write(&tree, "go.mod", "module example.com/c\n\ngo 1.22\n");
    write(
        &tree,
        "c.go",
        "package c\n\nimport \"io\"\n\n// Read reads through a scratch buffer.\nfunc Read(r io.Reader) int {\n\tbuf := make([]byte, 512)\n\tn, _ := r.Read(buf)\n\treturn n\n}\n",
    );
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let run = || {
        let _ = fs::remove_file(&calls);
        let env = [
            ("PATH", path.as_ref()),
            ("GOMAPFIX_CACHE_DIR", cache.as_os_str()),
            ("GOTOOLCHAIN", "local".as_ref()),
        ];
        let (_, out, _) = run_env(&tree, &env, &["--escapes", "--format", "json"]);
        (out, fs::read_to_string(&calls).unwrap_or_default())
    };
    // The compiler runs as `go list -export -gcflags=all=-m`.
    let compiles = |calls: &str| calls.lines().any(|l| l.contains("-gcflags=all=-m"));
    let (first, calls1) = run();
    assert!(compiles(&calls1), "the first run builds: {calls1}");
    assert!(
        first.contains("make([]byte, 512) escapes to heap"),
        "{first}"
    );
    assert_eq!(
        fs::read_dir(&cache).unwrap().count(),
        1,
        "one entry for one module build"
    );
    let (second, calls2) = run();
    assert!(
        !compiles(&calls2),
        "the second run builds nothing: {calls2}"
    );
    assert_eq!(second, first);
    // A changed source is built again.
    write(
        &tree,
        "c.go",
        "package c\n\nimport \"io\"\n\n// Read reads through a scratch buffer.\nfunc Read(r io.Reader) int {\n\tbuf := make([]byte, 1024)\n\tn, _ := r.Read(buf)\n\treturn n\n}\n",
    );
    let (third, calls3) = run();
    assert!(compiles(&calls3), "{calls3}");
    assert!(
        third.contains("make([]byte, 1024) escapes to heap"),
        "{third}"
    );
    let mut names: Vec<String> = fs::read_dir(&tree)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["c.go", "go.mod"], "nothing written into the tree");
}

/// With `go` on PATH the compiler's word is the default; `--no-escapes` judges from the
/// source alone and the finding says so; `--no-escapes` with `--escapes` is refused.
#[test]
fn compiler_evidence_is_the_default_and_no_escapes_opts_out() {
    if !common::go_available("the default-evidence test") {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/d\n\ngo 1.22\n");
    write(
        t.path(),
        "d.go",
        "package d\n\nimport \"io\"\n\n// Read reads through a scratch buffer.\nfunc Read(r io.Reader) int {\n\tbuf := make([]byte, 512)\n\tn, _ := r.Read(buf)\n\treturn n\n}\n\n// Small keeps its buffer on the stack.\nfunc Small(b []byte) int {\n\ttmp := make([]byte, 16)\n\tcopy(tmp, b)\n\treturn int(tmp[0])\n}\n",
    );
    let cache = t.path().join("cache");
    let env = [
        ("GOMAPFIX_CACHE_DIR", cache.as_os_str()),
        ("GOTOOLCHAIN", "local".as_ref()),
    ];
    let run = |args: &[&str]| run_env(t.path(), &env, args);
    let evidence = |out: &str| -> (String, Vec<String>) {
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        let e = v["findings"][0]["evidence"].as_str().unwrap().to_string();
        let skips = v["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| format!("{}:{}", s["line"], s["reason"].as_str().unwrap()))
            .collect();
        (e, skips)
    };
    let (code, out, err) = run(&["--format", "json", "-v"]);
    assert_eq!(code, 1, "{err}");
    let (e, skips) = evidence(&out);
    assert!(
        e.starts_with("compiler: 7:13: make([]byte, 512) escapes to heap"),
        "{e}"
    );
    assert_eq!(skips, ["14:does-not-escape"]);
    let (code, out, err) = run(&["--format", "json", "-v", "--no-escapes"]);
    assert_eq!(code, 1, "{err}");
    let (e, skips) = evidence(&out);
    assert!(e.starts_with("proof: passed to `io.Reader.Read`"), "{e}");
    assert_eq!(skips, ["14:no-evidence"]);
    let (code, _, err) = run(&["--no-escapes", "--escapes"]);
    assert_eq!(code, 2, "{err}");
}

/// An unsafe fix (a field of an exported struct) is counted, not applied, without
/// `--unsafe-fixes`; applied with it, its finding saying what other packages could see.
#[test]
fn unsafe_fixes_are_counted_and_applied_only_when_asked() {
    let t = tempfile::tempdir().unwrap();
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("transforms/nested-map/cases/exported-unsafe/main.go");
    write(t.path(), "go.mod", "module example.com/u\n\ngo 1.22\n");
    fs::create_dir_all(t.path().join("u")).unwrap();
    fs::copy(case, t.path().join("u/main.go")).unwrap();
    let run = |more: &[&str]| {
        let mut args = vec!["--no-escapes", "--select", "nested-map"];
        args.extend_from_slice(more);
        run(t.path(), &args)
    };
    let (code, out, err) = run(&[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("0 changes and 1 more with --unsafe-fixes"),
        "{err}"
    );
    assert!(err.contains("nested-map/unsafe-fix 1"), "{err}");
    let (code, out, err) = run(&["--unsafe-fixes"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("+\tcells []int"), "{out}");
    assert!(
        err.contains("(unsafe fix: Board is exported: another package can make a Board"),
        "{err}"
    );
}

/// A run from the module's root (`gomapfix .`) finds the root package's declarations for
/// the packages that import it: an external test package here, whose `b.Put` is resolved
/// through the root package's `(*Tx).CreateBucket` result and judged by the compiler.
#[test]
fn the_root_package_is_found_from_the_current_directory() {
    if !common::go_available("the root-package test") {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    write(t.path(), "go.mod", "module example.com/kv\n\ngo 1.22\n");
    write(
        t.path(),
        "kv.go",
        "package kv\n\n// Tx is a transaction.\ntype Tx struct{}\n\n// Bucket holds sums.\ntype Bucket struct{ sum int }\n\n\
         // CreateBucket makes a bucket.\nfunc (tx *Tx) CreateBucket(name []byte) (*Bucket, error) { return &Bucket{}, nil }\n\n\
         // Put adds the lengths.\nfunc (b *Bucket) Put(k, v []byte) error { b.sum += len(k) + len(v); return nil }\n\n\
         // Update runs f.\nfunc Update(f func(tx *Tx) error) error { return f(&Tx{}) }\n",
    );
    write(
        t.path(),
        "kv_test.go",
        "package kv_test\n\nimport (\n\t\"io\"\n\t\"strings\"\n\t\"testing\"\n\n\tbolt \"example.com/kv\"\n)\n\n\
         func TestFill(t *testing.T) {\n\tbolt.Update(func(tx *bolt.Tx) error {\n\t\tb, _ := tx.CreateBucket([]byte(\"w\"))\n\
         \t\tk := make([]byte, 16)\n\t\tio.ReadFull(strings.NewReader(\"abcdefghabcdefgh\"), k)\n\t\tb.Put(k, nil)\n\t\treturn nil\n\t})\n}\n",
    );
    for dir in [".", t.path().to_str().unwrap()] {
        let (_, _, err) = run(t.path(), &[dir, "--check", "-v", "--include-tests"]);
        assert!(
            err.contains("kv_test.go:14:8: pool-scratch: `make([]byte, 16)` taken from")
                && err.contains("`b.Put` (compiler: ")
                && err.contains("kv.go:13:22: k does not escape"),
            "{dir}: {err}"
        );
    }
}
