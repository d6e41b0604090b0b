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

use std::collections::{BTreeMap, HashMap};
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

/// Escape facts by file (canonical path), then by (line, column), both 1-based.
#[derive(Debug, Default)]
pub struct EscapeLog {
    files: HashMap<PathBuf, BTreeMap<(usize, usize), Fact>>,
}

impl EscapeLog {
    /// Reads a log as `go build -gcflags=-m` writes it. Relative file names are taken from
    /// `base` (the directory the build ran in); a name that does not exist there is tried
    /// from the current directory.
    pub fn parse(text: &str, base: &Path) -> EscapeLog {
        let mut log = EscapeLog::default();
        log.add(text, base);
        log
    }

    pub(crate) fn add(&mut self, text: &str, base: &Path) {
        let mut canon: HashMap<String, Option<PathBuf>> = HashMap::new();
        for line in text.lines() {
            let Some((file, l, c, msg)) = split_position(line) else {
                continue;
            };
            let verdict = if msg.ends_with(" escapes to heap") {
                Verdict::Escapes
            } else if msg.starts_with("moved to heap: ") {
                Verdict::Moved
            } else if msg.ends_with(" does not escape") {
                Verdict::Stays
            } else {
                continue;
            };
            let path = canon
                .entry(file.to_string())
                .or_insert_with(|| {
                    let p = Path::new(file);
                    let from_base = base.join(p);
                    std::fs::canonicalize(&from_base)
                        .or_else(|_| std::fs::canonicalize(p))
                        .ok()
                })
                .clone();
            let Some(path) = path else { continue };
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

    /// The facts of one file (any spelling of its path), by (line, column).
    pub(crate) fn file(&self, path: &Path) -> Option<&BTreeMap<(usize, usize), Fact>> {
        let p = std::fs::canonicalize(path).ok()?;
        self.files.get(&p)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
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
    fn positions_split_from_the_right() {
        assert_eq!(
            split_position("C:/x/a.go:3:4: moved to heap: b"),
            Some(("C:/x/a.go", 3, 4, "moved to heap: b"))
        );
        assert_eq!(split_position("# example.com/p"), None);
        assert_eq!(split_position("note: module requires Go 1.30"), None);
    }
}
