//! The Go compiler's escape analysis as evidence for pool-scratch: `go build -gcflags=-m`
//! run for the packages being processed (`--escapes`), or a saved log (`--escape-log`).
//!
//! Only three kinds of line matter, matched to a site by file, line and column (the
//! compiler's column of a `make`, `new` or composite literal is its opening parenthesis or
//! brace; of a moved variable, its name):
//! - `FILE:L:C: make([]byte, 4096) escapes to heap`
//! - `FILE:L:C: moved to heap: buf`
//! - `FILE:L:C: make([]byte, 64) does not escape`
//!
//! Everything else (`can inline`, `leaking param`, `inlining call to`) is ignored. An inlined
//! copy of a function is reported at the call site, so it never hides the verdict on the
//! function's own body.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// What the compiler said about the allocation at one position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// "escapes to heap": allocated on the heap on every execution.
    Escapes,
    /// "moved to heap: NAME": the variable declared here lives on the heap.
    Moved,
    /// "does not escape": stays on the stack.
    Stays,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fact {
    pub(crate) verdict: Verdict,
    /// The compiler's words, for the report (`make([]byte, 4096) escapes to heap`).
    pub(crate) said: String,
    /// Where the compiler said it, in the file it compiled (1-based).
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// What the compiler said about one parameter of a function it compiled, at the
/// parameter's name: `leaking param: p` (what p points to is kept), `leaking param content:
/// p` (only what p's elements point to), `leaking param: p to result r level=0` (handed
/// back in a result), `p does not escape`, `moved to heap: p` (its address escapes, and no
/// leak is reported then).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParamFact {
    pub(crate) name: String,
    pub(crate) heap: bool,
    pub(crate) content: bool,
    /// Flows to a result at level 0 (the result aliases what p points to).
    pub(crate) result: bool,
    pub(crate) stays: bool,
    pub(crate) moved: bool,
    /// The compiler's words, the first line said at this position.
    pub(crate) said: String,
}

/// Escape facts by file (canonical path), then by (line, column), both 1-based; the facts
/// about parameters the same way; and the files compiled for each package (by the `# path`
/// header the go command writes before a package's lines).
#[derive(Debug, Default)]
pub struct EscapeLog {
    files: HashMap<PathBuf, BTreeMap<(usize, usize), Fact>>,
    params: HashMap<PathBuf, HashMap<(usize, usize), ParamFact>>,
    packages: HashMap<String, BTreeSet<PathBuf>>,
    /// The modules built, by module path: their roots (canonical), where a package of the
    /// module is by its import path, whatever the checkout's directory is named.
    modules: HashMap<String, PathBuf>,
    /// The compiled files' declarations, read when a call asks (`semantic::callees`).
    pub(crate) decls: crate::semantic::callees::DeclCache,
}

impl EscapeLog {
    /// Reads a log as `go build -gcflags=-m` writes it. Relative file names are taken from
    /// `base` (the directory the build ran in); a name that does not exist there is tried
    /// from the current directory.
    pub fn parse(text: &str, base: &Path) -> EscapeLog {
        EscapeLog::parse_in(text, &[base])
    }

    /// [`EscapeLog::parse`] with relative names tried from each of `bases` in turn.
    pub fn parse_in(text: &str, bases: &[&Path]) -> EscapeLog {
        let mut log = EscapeLog::default();
        log.add(text, bases);
        log
    }

    /// Adds a log's facts. A relative file name is tried from each of `bases` in turn (the
    /// directory the build ran in, then `$GOROOT/src`, where the go command names the
    /// standard library's files from), then from the current directory.
    pub(crate) fn add(&mut self, text: &str, bases: &[&Path]) {
        let mut canon: HashMap<&str, Option<PathBuf>> = HashMap::new();
        let mut package: Option<&str> = None;
        for line in text.lines() {
            if let Some(p) = line.strip_prefix("# ") {
                // `# example.com/m/p` or `# example.com/m/p [example.com/m/p.test]`.
                package = p.split_whitespace().next();
                continue;
            }
            let Some((file, l, c, msg)) = split_position(line) else {
                continue;
            };
            let param = param_fact(msg);
            let verdict = if !site_verdict(msg) {
                None
            } else if msg.ends_with(" escapes to heap") {
                Some(Verdict::Escapes)
            } else if msg.starts_with("moved to heap: ") {
                Some(Verdict::Moved)
            } else if msg.ends_with(" does not escape") {
                Some(Verdict::Stays)
            } else {
                None
            };
            if verdict.is_none() && param.is_none() {
                continue;
            }
            let path = canon
                .entry(file)
                .or_insert_with(|| {
                    let p = Path::new(file);
                    bases
                        .iter()
                        .find_map(|b| std::fs::canonicalize(b.join(p)).ok())
                        .or_else(|| std::fs::canonicalize(p).ok())
                })
                .clone();
            let Some(path) = path else { continue };
            if let Some(pkg) = package {
                self.packages
                    .entry(pkg.to_string())
                    .or_default()
                    .insert(path.clone());
            }
            if let Some((name, kind)) = param {
                let f = self
                    .params
                    .entry(path.clone())
                    .or_default()
                    .entry((l, c))
                    .or_insert_with(|| ParamFact {
                        name: name.to_string(),
                        said: msg.to_string(),
                        ..ParamFact::default()
                    });
                if f.name != name {
                    // Two names at one position: nothing is known of either.
                    f.heap = true;
                }
                match kind {
                    ParamKind::Heap => f.heap = true,
                    ParamKind::Content => f.content = true,
                    ParamKind::Result(0) => f.result = true,
                    ParamKind::Result(_) => f.content = true,
                    ParamKind::Stays => f.stays = true,
                    ParamKind::Moved => f.moved = true,
                }
            }
            let Some(verdict) = verdict else { continue };
            let facts = self.files.entry(path).or_default();
            let fact = Fact {
                verdict,
                said: msg.to_string(),
                line: l,
                col: c,
            };
            // One position can be reported twice (a function and a closure in it): a heap
            // verdict wins over a stack one.
            match facts.get(&(l, c)) {
                Some(f) if f.verdict != Verdict::Stays => {}
                _ => {
                    facts.insert((l, c), fact);
                }
            }
        }
    }

    /// Notes that the module `path` was built from `root`: its packages' files are found by
    /// their import paths.
    pub(crate) fn add_module(&mut self, path: String, root: &Path) {
        if let Ok(root) = std::fs::canonicalize(root) {
            self.modules.insert(path, root);
        }
    }

    /// The directory of package `path` when it belongs to a module that was built.
    fn module_dir(&self, path: &str) -> Option<PathBuf> {
        self.modules
            .iter()
            .filter_map(|(m, root)| {
                let rest = path.strip_prefix(m.as_str())?;
                if rest.is_empty() {
                    Some((m.len(), root.clone()))
                } else {
                    rest.strip_prefix('/').map(|r| (m.len(), root.join(r)))
                }
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, d)| d)
    }

    /// The facts of one file (any spelling of its path), by (line, column).
    pub(crate) fn file(&self, path: &Path) -> Option<&BTreeMap<(usize, usize), Fact>> {
        let p = std::fs::canonicalize(path).ok()?;
        self.files.get(&p)
    }

    /// What the compiler said of the parameter named at (line, column) of `path` (a
    /// canonical path, as [`EscapeLog::package_files`] gives).
    pub(crate) fn param(&self, path: &Path, line: usize, col: usize) -> Option<&ParamFact> {
        self.params.get(path)?.get(&(line, col))
    }

    /// The files the compiler compiled for package `path` (canonical paths), in the
    /// directory most of them are in: a line about an inlined or instantiated function of
    /// another package can appear under a package's header, named by its own file. The
    /// standard library names its vendored packages `vendor/...`.
    pub(crate) fn package_files(&self, path: &str) -> Vec<PathBuf> {
        let Some(files) = self
            .packages
            .get(path)
            .or_else(|| self.packages.get(&format!("vendor/{path}")))
        else {
            return Vec::new();
        };
        // A package of a module that was built: its directory is known. (A nested module
        // under it is another module: its packages are not in that directory's files.)
        if let Some(dir) = self.module_dir(path) {
            return files
                .iter()
                .filter(|f| f.parent() == Some(dir.as_path()))
                .cloned()
                .collect();
        }
        // The package's own directory is named like the import path's last element (its
        // module's version stripped: `y@v1.2.3`; a major version's `/v2` skipped). Lines
        // of another package's inlined or instantiated code name their own files under
        // this header; two candidates are one too many.
        let mut elems = path.rsplit('/');
        let last = elems.next().unwrap_or(path);
        let major = last.len() > 1
            && last.starts_with('v')
            && last[1..].bytes().all(|b| b.is_ascii_digit());
        let want = if major {
            elems.next().unwrap_or(last)
        } else {
            last
        };
        let named = |d: &Path| {
            d.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                let n = n.split('@').next().unwrap_or("");
                n == want || (major && n == last)
            })
        };
        let mut dirs: Vec<&Path> = files
            .iter()
            .filter_map(|f| f.parent())
            .filter(|d| named(d))
            .collect();
        dirs.sort();
        dirs.dedup();
        let [dir] = dirs[..] else {
            return Vec::new();
        };
        files
            .iter()
            .filter(|f| f.parent() == Some(dir))
            .cloned()
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Whether a file holds `//line` directives, which change the positions the compiler
/// reports for what follows them: its facts cannot be matched by position.
pub(crate) fn has_line_directives(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with("//line ") || l.contains("/*line "))
}

/// Whether a verdict is about something a site can be: a `make`, a `new`, a map literal,
/// or a moved variable (the compiler's words begin with what it allocates).
fn site_verdict(msg: &str) -> bool {
    msg.starts_with("make(")
        || msg.starts_with("new(")
        || msg.starts_with("map[")
        || msg.starts_with("moved to heap: ")
}

/// Whether a line of a `-gcflags=-m` log says something gomapfix reads: a package header,
/// a verdict a site can have, or a fact about a parameter.
pub(crate) fn is_read(line: &str) -> bool {
    if line.starts_with("# ") {
        return true;
    }
    let Some((_, _, _, msg)) = split_position(line) else {
        return false;
    };
    let verdict = msg.ends_with(" escapes to heap")
        || msg.ends_with(" does not escape")
        || msg.starts_with("moved to heap: ");
    (verdict && site_verdict(msg)) || param_fact(msg).is_some()
}

enum ParamKind {
    Heap,
    Content,
    Result(u32),
    Stays,
    Moved,
}

/// The parameter a message is about, and what it says of it; `None` for other messages.
fn param_fact(msg: &str) -> Option<(&str, ParamKind)> {
    let ident = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '~' || c == '.')
    };
    if let Some(rest) = msg.strip_prefix("leaking param content: ") {
        return ident(rest).then_some((rest, ParamKind::Content));
    }
    if let Some(rest) = msg.strip_prefix("leaking param: ") {
        return match rest.split_once(" to result ") {
            Some((name, r)) => {
                let level = r.rsplit_once(" level=")?.1.parse().ok()?;
                ident(name).then_some((name, ParamKind::Result(level)))
            }
            None => ident(rest).then_some((rest, ParamKind::Heap)),
        };
    }
    if let Some(rest) = msg.strip_prefix("moved to heap: ") {
        return ident(rest).then_some((rest, ParamKind::Moved));
    }
    let name = msg.strip_suffix(" does not escape")?;
    ident(name).then_some((name, ParamKind::Stays))
}

/// `FILE:LINE:COL: MESSAGE`, with a file name that may itself hold colons.
fn split_position(line: &str) -> Option<(&str, usize, usize, &str)> {
    let (head, msg) = line.split_once(": ")?;
    let mut parts = head.rsplitn(3, ':');
    let c = parts.next()?.parse().ok()?;
    let l = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    file.ends_with(".go")
        .then_some((file, l, c, msg.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_verdicts_are_read_and_the_rest_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("p")).unwrap();
        std::fs::write(dir.path().join("p/p.go"), "package p\n").unwrap();
        let log = EscapeLog::parse(
            "# example.com/esc/p\n\
             p/p.go:8:6: can inline Read\n\
             p/p.go:8:11: leaking param: r\n\
             p/p.go:9:13: make([]byte, 4096) escapes to heap\n\
             p/p.go:15:13: make([]byte, 64) does not escape\n\
             p/p.go:27:6: moved to heap: arr\n\
             p/p.go:33:11: make(map[int][8]int) does not escape\n\
             p/p.go:33:11: make(map[int][8]int) escapes to heap\n\
             p/gone.go:1:1: make([]byte, 1) escapes to heap\n",
            dir.path(),
        );
        let facts = log.file(&dir.path().join("p/./p.go")).unwrap();
        let v = |l, c| facts.get(&(l, c)).map(|f| f.verdict.clone());
        assert_eq!(v(9, 13), Some(Verdict::Escapes));
        assert_eq!(v(15, 13), Some(Verdict::Stays));
        assert_eq!(v(27, 6), Some(Verdict::Moved));
        assert_eq!(v(33, 11), Some(Verdict::Escapes), "heap wins over stack");
        assert_eq!(v(8, 11), None);
        assert_eq!(facts.len(), 4);
        assert_eq!(facts[&(9, 13)].said, "make([]byte, 4096) escapes to heap");
    }

    #[test]
    fn line_directives_are_seen() {
        assert!(has_line_directives(
            "package p\n\n//line a.go:50:1\nfunc f() {}\n"
        ));
        assert!(has_line_directives(
            "package p\n\nvar x = /*line a.go:3:4*/ 1\n"
        ));
        assert!(!has_line_directives(
            "package p\n\n// line a.go:50:1\nfunc f() {}\n"
        ));
    }

    #[test]
    fn a_package_is_its_own_directory() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["p/p.go", "q/g1.go", "q/g2.go", "y@v1.2.0/y.go"] {
            let path = dir.path().join(f);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "package x\n").unwrap();
        }
        // q's generic code instantiated in p: q's files under p's header, two to one.
        let log = EscapeLog::parse(
            "# example.com/m/p\n\
             q/g1.go:2:10: make([]T, n) escapes to heap\n\
             q/g2.go:2:10: make([]T, n) escapes to heap\n\
             p/p.go:3:12: leaking param: b\n\
             # example.com/y\n\
             y@v1.2.0/y.go:3:12: b does not escape\n",
            dir.path(),
        );
        let names = |p: &str| -> Vec<String> {
            log.package_files(p)
                .iter()
                .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
                .collect()
        };
        assert_eq!(names("example.com/m/p"), ["p.go"]);
        assert_eq!(
            names("example.com/y"),
            ["y.go"],
            "a module's version is not its name"
        );
    }

    #[test]
    fn positions_split_from_the_right() {
        assert_eq!(
            split_position("C:/x/a.go:3:4: moved to heap: b"),
            Some(("C:/x/a.go", 3, 4, "moved to heap: b"))
        );
        assert_eq!(split_position("# example.com/p"), None);
        assert_eq!(split_position("note: module requires Go 1.30"), None);
    }
}
