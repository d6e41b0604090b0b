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
    // Constraints count only above the package clause, as line comments.
    if header_lines(text).any(|l| l.starts_with("//go:build") || l.starts_with("// +build")) {
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

/// The lines of a file above its package clause that are line comments of their own, as
/// `go/build` reads constraints: not lines inside a `/* ... */` block.
fn header_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut in_block = false;
    text.lines()
        .take_while(|l| !l.starts_with("package "))
        .filter(move |l| {
            let t = l.trim();
            if in_block {
                // A comment after the block's end on the same line does not start the
                // line: it counts for nothing either.
                in_block = !t.contains("*/");
                return false;
            }
            if let Some(rest) = t.strip_prefix("/*") {
                in_block = !rest.contains("*/");
                return false;
            }
            t.starts_with("//")
        })
}

/// Whether a file's `//go:build` line names the `ignore` tag: such a file is run alone
/// (`go run gen.go`), never built with its directory.
pub(crate) fn ignored(text: &str) -> bool {
    header_lines(text)
        .filter_map(|l| l.strip_prefix("//go:build"))
        .any(|expr| {
            expr.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                .any(|w| w == "ignore")
        })
}

/// The Go language version a file's `//go:build` line implies, as `go/build/constraint`'s
/// `GoVersion` computes it: the least go1.N the expression needs to be true (`go1.22 &&
/// linux` needs go1.22; `go1.22 || linux` needs none), as the minor N. Since Go 1.21 the
/// compiler takes a file's language version from it: max(go1.N, go1.21), whatever the
/// module's version ([`crate::syntax::package::Package::file_version`]).
pub(crate) fn go_version_line(text: &str) -> Option<u32> {
    let line = header_lines(text).find_map(|l| l.strip_prefix("//go:build"))?;
    let tokens: Vec<String> = {
        let mut out = Vec::new();
        let mut word = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_alphanumeric() || c == '_' || c == '.' {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            match c {
                '!' | '(' | ')' => out.push(c.to_string()),
                '&' | '|' if chars.peek() == Some(&c) => {
                    chars.next();
                    out.push(format!("{c}{c}"));
                }
                c if c.is_whitespace() => {}
                _ => return None,
            }
        }
        if !word.is_empty() {
            out.push(word);
        }
        out
    };
    let mut p = ConstraintParser { tokens, at: 0 };
    let v = p.or(1)?;
    (p.at == p.tokens.len() && v >= 0).then_some(v as u32)
}

/// A recursive-descent reader of a `//go:build` expression that computes its least Go
/// version (`-1`: none) under a sign (a negation flips `&&` and `||`, and `!go1.N`
/// implies nothing).
struct ConstraintParser {
    tokens: Vec<String>,
    at: usize,
}

impl ConstraintParser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }

    fn or(&mut self, sign: i32) -> Option<i64> {
        let mut v = self.and(sign)?;
        while self.peek() == Some("||") {
            self.at += 1;
            let w = self.and(sign)?;
            v = if sign > 0 { v.min(w) } else { v.max(w) };
        }
        Some(v)
    }

    fn and(&mut self, sign: i32) -> Option<i64> {
        let mut v = self.not(sign)?;
        while self.peek() == Some("&&") {
            self.at += 1;
            let w = self.not(sign)?;
            v = if sign > 0 { v.max(w) } else { v.min(w) };
        }
        Some(v)
    }

    fn not(&mut self, sign: i32) -> Option<i64> {
        match self.peek()? {
            "!" => {
                self.at += 1;
                self.not(-sign)
            }
            "(" => {
                self.at += 1;
                let v = self.or(sign)?;
                (self.peek() == Some(")")).then(|| self.at += 1)?;
                Some(v)
            }
            "&&" | "||" | ")" => None,
            tag => {
                let tag = tag.to_string();
                self.at += 1;
                if sign < 0 {
                    return Some(-1);
                }
                Some(match tag.strip_prefix("go1") {
                    Some("") => 0,
                    Some(rest) => rest
                        .strip_prefix('.')
                        .and_then(|n| n.parse::<i64>().ok())
                        .unwrap_or(-1),
                    None => -1,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_go_version_a_build_line_implies() {
        let v = |line: &str| go_version_line(&format!("{line}\n\npackage p\n"));
        assert_eq!(v("//go:build go1.22"), Some(22));
        assert_eq!(v("//go:build linux && go1.21"), Some(21));
        assert_eq!(v("//go:build go1.22 || linux"), None);
        assert_eq!(v("//go:build go1.20 || go1.23"), Some(20));
        assert_eq!(v("//go:build !go1.22"), None);
        assert_eq!(v("//go:build !(!go1.18 || windows)"), Some(18));
        assert_eq!(
            v("//go:build (go1.19 && amd64) || (go1.21 && arm64)"),
            Some(19)
        );
        assert_eq!(v("//go:build linux"), None);
        assert_eq!(v("// +build go1.22"), None);
        assert_eq!(go_version_line("package p\n//go:build go1.22\n"), None);
        // Inside a block comment it is no constraint (go vet calls it misplaced).
        assert_eq!(
            go_version_line("/*\n//go:build go1.23\n*/\n\npackage p\n"),
            None
        );
        assert_eq!(
            go_version_line("/* a */\n//go:build go1.23\n\npackage p\n"),
            Some(23)
        );
        assert!(!constrained(
            std::path::Path::new("a.go"),
            "/*\n//go:build linux\n*/\n\npackage p\n"
        ));
        assert!(ignored("//go:build ignore\n\npackage main\n"));
        assert!(ignored("//go:build ignore && linux\n\npackage main\n"));
        assert!(!ignored("//go:build linux\n\npackage main\n"));
    }

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
