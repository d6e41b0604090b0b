//! Edits (a byte range and its new text), fixes (every edit of one rewrite, across files,
//! with the evidence it rests on), skips, and applying edits to a text.

use crate::semantic::context::Context;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Edit {
    pub(crate) file: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) text: String,
    /// An insertion that may share its point with other stacking insertions of other
    /// fixes in one round (they go in the order the fixes were taken): a declaration
    /// that depends on nothing else inserted there.
    pub(crate) stacks: bool,
}

impl Edit {
    pub(crate) fn replace(file: usize, start: usize, end: usize, text: impl Into<String>) -> Edit {
        Edit {
            file,
            start,
            end,
            text: text.into(),
            stacks: false,
        }
    }

    /// An insertion that stacks with others at the same point (see [`Edit::stacks`]).
    pub(crate) fn insert_stacking(file: usize, at: usize, text: impl Into<String>) -> Edit {
        Edit {
            stacks: true,
            ..Edit::insert(file, at, text)
        }
    }

    pub(crate) fn insert(file: usize, at: usize, text: impl Into<String>) -> Edit {
        Edit::replace(file, at, at, text)
    }

    /// Whether two edits (of any fixes) cannot both be applied in one pass.
    pub(crate) fn conflicts(&self, other: &Edit) -> bool {
        if self.file != other.file {
            return false;
        }
        if self.stacks && other.stacks && self.start == other.start {
            false
        } else if self.start == self.end || other.start == other.end {
            self.start <= other.end && other.start <= self.end
        } else {
            self.start < other.end && other.start < self.end
        }
    }
}

/// What a rewrite rests on: the report says it for every fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub(crate) enum Evidence {
    /// Proven from the source alone (the detail says how).
    Source(String),
    /// The user's assertion in a directive.
    Directive(String),
    /// The Go compiler's escape analysis (the detail quotes it, with its position).
    Compiler(String),
    /// A heap profile's allocations sampled at the site's line (`--profile`).
    Profile(String),
}

impl Evidence {
    /// The evidence with `more` added to its detail (nothing when `more` is empty).
    pub(crate) fn with(self, more: &str) -> Evidence {
        if more.is_empty() {
            return self;
        }
        match self {
            Evidence::Source(d) => Evidence::Source(format!("{d}; {more}")),
            Evidence::Directive(d) => Evidence::Directive(format!("{d}; {more}")),
            Evidence::Compiler(d) => Evidence::Compiler(format!("{d}; {more}")),
            Evidence::Profile(d) => Evidence::Profile(format!("{d}; {more}")),
        }
    }
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Evidence::Source(d) => write!(f, "proof: {d}"),
            Evidence::Directive(d) => write!(f, "directive: {d}"),
            Evidence::Compiler(d) => write!(f, "compiler: {d}"),
            Evidence::Profile(d) => write!(f, "profile: {d}"),
        }
    }
}

/// One rewrite: all of its edits apply, or none.
#[derive(Debug, Clone)]
pub(crate) struct Fix {
    pub(crate) rule: &'static str,
    pub(crate) file: usize,
    /// The site (byte offset in `file`) the finding is reported at.
    pub(crate) at: usize,
    pub(crate) message: String,
    pub(crate) evidence: Evidence,
    pub(crate) edits: Vec<Edit>,
    /// The names the fix declares (package-level ones, and locals qualified by their
    /// function): two fixes claiming one name are not taken in the same round (each
    /// would declare it), whatever their edits touch.
    pub(crate) claims: Vec<String>,
    /// An unsafe fix (ruff's applicability): it keeps what the package's own code can
    /// observe but not what code elsewhere can; what could observe the change. Applied
    /// only with `--unsafe-fixes`.
    pub(crate) unsafe_because: Option<String>,
}

impl Fix {
    /// Whether the edits can be applied to `texts` (the package's files, by index): each
    /// inside its file and on character boundaries, and no two overlapping (insertions at
    /// one point keep their order). A transform that built anything else has a bug; the
    /// engine turns such a fix into a skip instead of applying it.
    pub(crate) fn check(&self, texts: &[&str]) -> Result<(), String> {
        let mut sorted: Vec<&Edit> = self.edits.iter().collect();
        sorted.sort_by_key(|e| (e.file, e.start, e.end));
        for e in &sorted {
            let Some(text) = texts.get(e.file) else {
                return Err(format!("an edit names file #{} of {}", e.file, texts.len()));
            };
            if e.start > e.end
                || e.end > text.len()
                || !text.is_char_boundary(e.start)
                || !text.is_char_boundary(e.end)
            {
                return Err(format!(
                    "an edit's range {}..{} does not lie in its file ({} bytes)",
                    e.start,
                    e.end,
                    text.len()
                ));
            }
        }
        for w in sorted.windows(2) {
            if w[0].file == w[1].file && w[1].start < w[0].end {
                return Err(format!(
                    "two of its edits overlap (bytes {}..{} and {}..{})",
                    w[0].start, w[0].end, w[1].start, w[1].end
                ));
            }
        }
        Ok(())
    }
}

/// A line named in a message: the 1-based line in the file as read (a later round's text
/// has shifted lines, so it is found through the context's map, not counted in the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LineRef {
    pub(crate) line: usize,
}

impl LineRef {
    /// The line of offset `at` of file `file` in this round's text.
    pub(crate) fn of(ctx: &Context, file: usize, at: usize) -> LineRef {
        LineRef {
            line: ctx.line_as_read(file, at),
        }
    }
}

impl std::fmt::Display for LineRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.line)
    }
}

/// Why a site is left alone, kept typed until the report: a stable tag for json and the
/// summary, and a sentence for people, written from its arguments when reported.
pub(crate) trait SkipReason: std::fmt::Display + std::fmt::Debug + Send + Sync {
    fn tag(&self) -> &'static str;
}

/// A site left alone: where, by which rule, and why.
#[derive(Debug, Clone)]
pub(crate) struct Skip {
    pub(crate) rule: &'static str,
    pub(crate) file: usize,
    pub(crate) at: usize,
    pub(crate) reason: std::sync::Arc<dyn SkipReason>,
}

impl Skip {
    pub(crate) fn tag(&self) -> &'static str {
        self.reason.tag()
    }

    pub(crate) fn message(&self) -> String {
        self.reason.to_string()
    }
}

/// A site under a `//gomapfix:ignore` that names its rule, or no rule.
#[derive(Debug, thiserror::Error)]
#[error("suppressed by //gomapfix:ignore")]
pub(crate) struct Ignored;

impl SkipReason for Ignored {
    fn tag(&self) -> &'static str {
        "ignored"
    }
}

/// What one transform found in one package: every candidate site ends as exactly one fix or
/// one skip. The engine makes one per transform and round, stamped with its rule.
#[derive(Debug)]
pub(crate) struct Findings {
    pub(crate) rule: &'static str,
    pub(crate) fixes: Vec<Fix>,
    pub(crate) skips: Vec<Skip>,
}

impl Findings {
    pub(crate) fn new(rule: &'static str) -> Findings {
        Findings {
            rule,
            fixes: Vec::new(),
            skips: Vec::new(),
        }
    }

    pub(crate) fn skip(&mut self, file: usize, at: usize, reason: impl SkipReason + 'static) {
        self.skips.push(Skip {
            rule: self.rule,
            file,
            at,
            reason: std::sync::Arc::new(reason),
        });
    }

    /// Whether the site at `at` of file `file` is under a `//gomapfix:ignore` for this
    /// rule; if it is, it is recorded as skipped for that reason and the transform passes
    /// it by. The engine turns whatever a transform reports on such a line into the same
    /// skip; asking first saves the proof, and the fresh names a rewrite would claim.
    pub(crate) fn ignored(&mut self, ctx: &Context, file: usize, at: usize) -> bool {
        let ignored = ctx.ignores(self.rule, file, at);
        if ignored {
            self.skip(file, at, Ignored);
        }
        ignored
    }
}

/// Applies disjoint edits to one text. Insertions at one point keep their given order.
pub(crate) fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in sorted {
        debug_assert!(e.start >= pos, "overlapping edits reached apply()");
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.text);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Maps a byte offset in the text after `edits` back to `before`, the text they were
/// applied to. Inside a replacement, the common prefix and suffix of the old and new text
/// map one to one, so a small change inside a large replacement keeps its place.
pub(crate) fn map_back(pos: usize, edits: &[&Edit], before: &str) -> usize {
    back(pos, edits, before).0
}

/// Whether the byte at `pos` of the text after `edits` is text they wrote (not in the
/// common prefix or suffix of a replacement and the text it replaced).
pub(crate) fn written(pos: usize, edits: &[&Edit], before: &str) -> bool {
    back(pos, edits, before).1
}

/// [`map_back`], and whether `pos` is in text the edits wrote.
fn back(pos: usize, edits: &[&Edit], before: &str) -> (usize, bool) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.start, e.end));
    let mut delta: isize = 0;
    for e in sorted {
        let new_start = e.start.saturating_add_signed(delta);
        let new_end = new_start + e.text.len();
        if pos < new_start {
            break;
        }
        if pos < new_end {
            let old = before.get(e.start..e.end).unwrap_or("");
            let k = pos - new_start;
            let prefix = common_prefix(old, &e.text);
            let suffix = common_prefix_rev(&old[prefix.min(old.len())..], &e.text[prefix..]);
            if k < prefix {
                return (e.start + k, false);
            }
            if k >= e.text.len() - suffix {
                return (e.end - (e.text.len() - k), false);
            }
            return (e.start + prefix.min(old.len()), true);
        }
        delta += e.text.len() as isize - (e.end - e.start) as isize;
    }
    (pos.saturating_add_signed(-delta), false)
}

/// Maps a byte offset in `before` to the text after `edits`; `None` when the edits replaced
/// the byte at that offset.
pub(crate) fn map_forward(pos: usize, edits: &[&Edit]) -> Option<usize> {
    let mut delta: isize = 0;
    for e in edits {
        if e.start == e.end {
            if e.start <= pos {
                delta += e.text.len() as isize;
            }
        } else if pos >= e.end {
            delta += e.text.len() as isize - (e.end - e.start) as isize;
        } else if pos >= e.start {
            return None;
        }
    }
    Some(pos.saturating_add_signed(delta))
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn common_prefix_rev(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The start of the line holding `pos`.
pub(crate) fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |p| p + 1)
}

/// The end of the line holding `pos`, past its newline.
pub(crate) fn line_end(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |p| pos + p + 1)
}

/// The indentation of the line holding `pos`.
pub(crate) fn indent_at(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let rest = &text[start..];
    &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
}

/// Deletes the statement `[start, end)` together with its whole line(s), when it stands
/// alone on them; `None` when something else shares its lines. A trailing comment stays,
/// on a line of its own. A blank line left next to another blank line goes too, since
/// gofmt keeps at most one.
pub(crate) fn delete_lines(file: usize, text: &str, start: usize, end: usize) -> Option<Edit> {
    let ls = line_start(text, start);
    let le = line_end(text, end);
    if !text[ls..start].trim().is_empty() {
        return None;
    }
    let rest = text[end..le].trim();
    if rest.starts_with("//") {
        let comment = end + text[end..le].find("//")?;
        return Some(Edit::replace(file, start, comment, ""));
    }
    if !rest.is_empty() {
        return None;
    }
    let prev_blank = ls > 0 && {
        let p = line_start(text, ls - 1);
        text[p..ls].trim().is_empty()
    };
    let next_blank = le < text.len() && text[le..line_end(text, le)].trim().is_empty();
    let end = if prev_blank && next_blank {
        line_end(text, le)
    } else {
        le
    };
    Some(Edit::replace(file, ls, end, ""))
}

#[cfg(test)]
mod tests {
    fn fix(edits: Vec<Edit>) -> Fix {
        Fix {
            rule: "t",
            file: 0,
            at: 0,
            message: String::new(),
            evidence: Evidence::Source(String::new()),
            edits,
            claims: Vec::new(),
            unsafe_because: None,
        }
    }

    #[test]
    fn a_fix_with_overlapping_or_outside_edits_is_refused() {
        let texts = ["0123456789", "ab"];
        assert!(
            fix(vec![
                Edit::replace(0, 2, 4, "x"),
                Edit::replace(0, 4, 6, "y")
            ])
            .check(&texts)
            .is_ok()
        );
        assert!(
            fix(vec![
                Edit::insert(0, 4, "a"),
                Edit::insert(0, 4, "b"),
                Edit::replace(0, 4, 5, "c")
            ])
            .check(&texts)
            .is_ok()
        );
        let nested = fix(vec![
            Edit::replace(0, 2, 8, "x"),
            Edit::replace(0, 3, 5, "y"),
        ]);
        assert!(nested.check(&texts).unwrap_err().contains("overlap"));
        let inside = fix(vec![Edit::replace(0, 2, 8, "x"), Edit::insert(0, 5, "y")]);
        assert!(inside.check(&texts).is_err());
        assert!(
            fix(vec![Edit::replace(1, 1, 3, "x")])
                .check(&texts)
                .is_err()
        );
        assert!(
            fix(vec![Edit::replace(2, 0, 0, "x")])
                .check(&texts)
                .is_err()
        );
        assert!(
            fix(vec![Edit::replace(0, 3, 2, "x")])
                .check(&texts)
                .is_err()
        );
        assert!(
            fix(vec![Edit::replace(0, 1, 2, "x")])
                .check(&["é"])
                .is_err()
        );
    }

    use super::*;

    /// A text with a replacement that grows it, an insertion and a deletion.
    fn sample() -> (&'static str, [Edit; 3]) {
        (
            "abcdefghij",
            [
                Edit::replace(0, 2, 4, "XYZW"),
                Edit::insert(0, 6, "++"),
                Edit::replace(0, 8, 10, ""),
            ],
        )
    }

    #[test]
    fn map_forward_follows_kept_bytes_and_drops_replaced_ones() {
        let (text, sample) = sample();
        let edits: Vec<&Edit> = sample.iter().collect();
        let out = apply(text, &edits);
        for (pos, ch) in text.char_indices() {
            match map_forward(pos, &edits) {
                Some(p) => assert_eq!(out[p..].chars().next(), Some(ch), "{pos}"),
                None => assert!((2..4).contains(&pos) || (8..10).contains(&pos), "{pos}"),
            }
        }
        assert_eq!(map_forward(2, &edits), None);
        assert_eq!(
            map_forward(6, &edits),
            Some(10),
            "after what was inserted before it"
        );
    }

    #[test]
    fn apply_and_map_back() {
        let (text, sample) = sample();
        let edits: Vec<&Edit> = sample.iter().collect();
        let out = apply(text, &edits);
        assert_eq!(out, "abXYZWef++gh");
        assert_eq!(map_back(0, &edits, text), 0);
        assert_eq!(map_back(3, &edits, text), 2);
        assert_eq!(map_back(6, &edits, text), 4);
        assert_eq!(map_back(10, &edits, text), 6);
        assert_eq!(map_back(11, &edits, text), 7);
        // Inside a replacement: the unchanged prefix and suffix keep their places.
        let stmt = "return x + x";
        let e = Edit::replace(0, 0, stmt.len(), "return y + x");
        assert_eq!(map_back(11, &[&e], stmt), 11);
        assert_eq!(map_back(3, &[&e], stmt), 3);
        assert_eq!(map_back(7, &[&e], stmt), 7);
    }

    #[test]
    fn conflicts() {
        let a = Edit::replace(0, 2, 4, "");
        assert!(a.conflicts(&Edit::replace(0, 3, 5, "")));
        assert!(!a.conflicts(&Edit::replace(0, 4, 5, "")));
        assert!(a.conflicts(&Edit::insert(0, 4, "x")));
        assert!(!a.conflicts(&Edit::replace(1, 2, 4, "")));
    }

    #[test]
    fn delete_lines_collapses_blank_lines() {
        let text = "a\n\n\tx = 1\n\nb\n";
        let s = text.find("x = 1").unwrap();
        let e = delete_lines(0, text, s, s + 5).unwrap();
        assert_eq!(apply(text, &[&e]), "a\n\nb\n");
        // A trailing comment stays, on a line of its own; other code on the line refuses.
        let text2 = "a\n\tx = 1 // c\n";
        let s = text2.find("x = 1").unwrap();
        let e = delete_lines(0, text2, s, s + 5).unwrap();
        assert_eq!(apply(text2, &[&e]), "a\n\t// c\n");
        let text3 = "a\n\tx = 1; y = 2\n";
        let s = text3.find("x = 1").unwrap();
        assert!(delete_lines(0, text3, s, s + 5).is_none());
    }

    /// Insertions at one point conflict (their order would be a guess) unless both stack;
    /// stacked ones go in in the order given.
    #[test]
    fn stacking_insertions_share_their_point() {
        let (a, b) = (
            Edit::insert_stacking(0, 3, "A"),
            Edit::insert_stacking(0, 3, "B"),
        );
        let plain = Edit::insert(0, 3, "C");
        assert!(!a.conflicts(&b));
        assert!(a.conflicts(&plain) && plain.conflicts(&b));
        assert!(a.conflicts(&Edit::replace(0, 2, 4, "x")));
        assert_eq!(apply("abcdef", &[&a, &b]), "abcABdef");
    }
}
