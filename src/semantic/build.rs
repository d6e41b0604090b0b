//! Build context: which files are compiled together. A file compiled only for tests or
//! only under a build constraint can declare what another file cannot use, and code
//! generated for it must be compiled with it.

use std::path::Path;

/// Whether a file is compiled only by `go test`.
pub(crate) fn is_test(path: &Path) -> bool {
    path.to_string_lossy().ends_with("_test.go")
}

/// Whether a file is compiled only under some build constraint: a `//go:build` or
/// `// +build` line, or a `_GOOS`/`_GOARCH` file name suffix. A pool declared there is not
/// shared with other files: on another platform it would not exist.
pub(crate) fn constrained(path: &Path, text: &str) -> bool {
    const OS: &[&str] = &[
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "hurd",
        "illumos",
        "ios",
        "js",
        "linux",
        "nacl",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
        "zos",
    ];
    const ARCH: &[&str] = &[
        "386", "amd64", "arm", "arm64", "loong64", "mips", "mipsle", "mips64", "mips64le", "ppc64",
        "ppc64le", "riscv64", "s390x", "wasm",
    ];
    // Constraints count only above the package clause.
    if text
        .lines()
        .take_while(|l| !l.starts_with("package "))
        .any(|l| l.starts_with("//go:build") || l.starts_with("// +build"))
    {
        return true;
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().trim_end_matches("_test").to_string())
        .unwrap_or_default();
    stem.split('_')
        .skip(1)
        .any(|part| OS.contains(&part) || ARCH.contains(&part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_constrained_files_are_told_by_name_and_header() {
        let p = |s: &str| std::path::PathBuf::from(s);
        assert!(constrained(&p("x/io_linux.go"), "package x\n"));
        assert!(constrained(&p("x/io_linux_amd64_test.go"), "package x\n"));
        assert!(constrained(&p("x/a.go"), "//go:build linux\n\npackage x\n"));
        assert!(!constrained(
            &p("x/a.go"),
            "package x\n\n//go:build linux\n"
        ));
        assert!(!constrained(&p("x/linux.go"), "package x\n"));
        assert!(!constrained(&p("x/read_buf.go"), "package x\n"));
    }

    #[test]
    fn test_files_are_told_by_name() {
        assert!(is_test(Path::new("x/a_test.go")));
        assert!(!is_test(Path::new("x/test.go")));
    }
}
