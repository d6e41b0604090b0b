//! `--verify` through the library, with change sets made by hand (a fake transform that
//! breaks a package on purpose): a package that no longer builds, vets or passes is put
//! back as read, its generated files removed; the others keep their changes.

mod common;

use gomapfix::{FileChange, Outcome, VerifyLevel};
use std::fs;
use std::path::Path;

const A: &str = "package p\n\n// F is one.\nfunc F() int { return 1 }\n";
const A_TEST: &str = "package p\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) {\n\tif F() != 1 {\n\t\tt.Fatal(F())\n\t}\n}\n";

fn module() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    fs::write(t.path().join("go.mod"), "module example.com/m\n\ngo 1.22\n").unwrap();
    for pkg in ["p", "q"] {
        fs::create_dir_all(t.path().join(pkg)).unwrap();
        fs::write(
            t.path().join(pkg).join("a.go"),
            A.replace("package p", &format!("package {pkg}")),
        )
        .unwrap();
        fs::write(
            t.path().join(pkg).join("a_test.go"),
            A_TEST.replace("package p", &format!("package {pkg}")),
        )
        .unwrap();
    }
    t
}

fn change(path: &Path, original: Option<&str>, new: &str) -> FileChange {
    FileChange {
        path: path.to_path_buf(),
        display: path.display().to_string(),
        module: "example.com/m".into(),
        package: format!(
            "example.com/m/{}",
            path.parent()
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
        ),
        original: original.map(|o| o.as_bytes().to_vec()),
        new: new.as_bytes().to_vec(),
        diff: String::new(),
    }
}

/// p gets `new_p` in a.go plus a generated file; q gets a harmless comment.
fn run(t: &Path, new_p: &str, level: VerifyLevel) -> Outcome {
    let (p, q) = (t.join("p"), t.join("q"));
    let mut out = Outcome {
        changes: vec![
            vec![
                change(&p.join("a.go"), Some(A), new_p),
                change(&p.join("gomapfix_gen.go"), None, "package p\n\nvar g = 1\n"),
            ],
            vec![change(
                &q.join("a.go"),
                Some(&A.replace("package p", "package q")),
                &A.replace("package p", "package q")
                    .replace("// F is one.", "// F is one, still."),
            )],
        ],
        ..Outcome::default()
    };
    let written = out.write();
    assert_eq!(written, vec![0, 1], "{:?}", out.problems);
    assert!(p.join("gomapfix_gen.go").exists());
    out.verification = Some(gomapfix::verify(&out, &written, level, "2m"));
    out
}

fn assert_p_restored(t: &Path, out: &Outcome, stage: &str, needle: &str) {
    let v = out.verification.as_ref().unwrap();
    assert_eq!(v.packages, 2);
    assert_eq!(v.restored.len(), 1, "{v:?}");
    let r = &v.restored[0];
    assert_eq!(r.stage, stage, "{r:?}");
    assert!(r.message.contains(needle), "{r:?}");
    assert!(!r.fails_without_changes, "{r:?}");
    assert_eq!(r.package, "example.com/m/p");
    assert_eq!(fs::read_to_string(t.join("p/a.go")).unwrap(), A);
    assert!(
        !t.join("p/gomapfix_gen.go").exists(),
        "the generated file is removed"
    );
    // q's change stands.
    assert!(
        fs::read_to_string(t.join("q/a.go"))
            .unwrap()
            .contains("still")
    );
}

#[test]
fn a_package_that_no_longer_builds_is_restored_whole() {
    if !common::go_available("--verify") {
        return;
    }
    let t = module();
    let out = run(
        t.path(),
        &A.replace("return 1", "return x"),
        VerifyLevel::Build,
    );
    assert_p_restored(t.path(), &out, "build", "undefined: x");
}

#[test]
fn a_package_that_no_longer_vets_is_restored() {
    if !common::go_available("--verify") {
        return;
    }
    let t = module();
    let vetted = "package p\n\nimport \"fmt\"\n\n// F is one.\nfunc F() int { fmt.Printf(\"%d\\n\", \"s\"); return 1 }\n";
    let out = run(t.path(), vetted, VerifyLevel::Build);
    assert_p_restored(t.path(), &out, "vet", "Printf");
}

#[test]
fn a_package_whose_tests_no_longer_pass_is_restored_only_under_test() {
    if !common::go_available("--verify") {
        return;
    }
    let t = module();
    let wrong = A.replace("return 1", "return 2");
    let out = run(t.path(), &wrong, VerifyLevel::Build);
    let v = out.verification.as_ref().unwrap();
    assert!(v.restored.is_empty(), "build and vet pass: {v:?}");
    assert_eq!(fs::read_to_string(t.path().join("p/a.go")).unwrap(), wrong);

    let t = module();
    let out = run(t.path(), &wrong, VerifyLevel::Test);
    assert_p_restored(t.path(), &out, "test", "FAIL: TestF");
}
