//! gofmt's alignment of trailing `//` comments in statement lists (and the unkeyed elements
//! of composite literals), redone where a rewrite
//! changed the width of a line. go/printer writes a trailing comment after a tab cell, so
//! text/tabwriter aligns the comments of a run of consecutive one-line statements (same
//! list, no blank or comment-only line between, each with a trailing comment) one space
//! past the widest statement; a statement without one, or one spanning several lines, ends
//! the run.

use crate::syntax::ast::descendants;
use similar::{DiffOp, TextDiff};
use tree_sitter::{Node, Tree};

/// The rows of `after` that are new, or next to a new row or a deletion, compared with
/// `before`.
pub(crate) fn touched_rows(before: &str, after: &str) -> Vec<bool> {
    let rows = after.split_inclusive('\n').count() + 1;
    let mut touched = vec![false; rows];
    let diff = TextDiff::from_lines(before, after);
    for op in diff.ops() {
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { new_index, .. } => {
                touched[new_index.min(rows - 1)] = true;
                if new_index > 0 {
                    touched[new_index - 1] = true;
                }
            }
            // An inserted line without a comment ends the run above it and starts the run
            // below it anew: their neighbours are touched too.
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => {
                let from = new_index.saturating_sub(1);
                for t in &mut touched[from..(new_index + new_len + 1).min(rows)] {
                    *t = true;
                }
            }
        }
    }
    touched
}

/// `text` with the trailing comments of every run that holds a touched row realigned.
pub(crate) fn realign(tree: &Tree, text: &str, touched: &[bool]) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for list in descendants(tree.root_node()) {
        if !is_statement_container(list) {
            continue;
        }
        for run in runs(list, text) {
            if !run
                .iter()
                .any(|l| touched.get(l.row).copied().unwrap_or(false))
            {
                continue;
            }
            let width = run.iter().map(|l| l.width).max().unwrap_or(0);
            for l in &run {
                let pad = " ".repeat(width - l.width + 1);
                if text[l.code_end..l.comment_start] != pad {
                    edits.push((l.code_end, l.comment_start, pad));
                }
            }
        }
    }
    let mut out = text.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

fn is_statement_container(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "statement_list"
            | "literal_value"
            | "expression_case"
            | "default_case"
            | "type_case"
            | "communication_case"
    )
}

/// One statement line with a trailing comment.
struct CommentLine {
    row: usize,
    /// Width in characters of the statement, from the end of the indentation.
    width: usize,
    indent: usize,
    code_end: usize,
    comment_start: usize,
}

fn runs(list: Node<'_>, text: &str) -> Vec<Vec<CommentLine>> {
    let items = crate::syntax::ast::named_children_with_comments(list);
    let mut out: Vec<Vec<CommentLine>> = Vec::new();
    let mut cur: Vec<CommentLine> = Vec::new();
    let case_row = list
        .kind()
        .ends_with("_case")
        .then(|| list.start_position().row);
    for (k, s) in items.iter().enumerate() {
        // A case clause's own values sit on its `case` line; comments are taken below.
        if s.kind() == "comment" || Some(s.start_position().row) == case_row {
            continue;
        }
        let line = trailing_comment(*s, items.get(k + 1).copied(), text);
        match line {
            Some(l)
                if cur
                    .last()
                    .is_some_and(|p| p.row + 1 == l.row && p.indent == l.indent) =>
            {
                cur.push(l)
            }
            Some(l) => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.push(l);
            }
            None => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The statement as a line of a run: on one line, its line holding nothing else but
/// indentation and a trailing `//` comment.
fn trailing_comment(s: Node<'_>, next: Option<Node<'_>>, text: &str) -> Option<CommentLine> {
    let c = next.filter(|c| c.kind() == "comment")?;
    if s.start_position().row != s.end_position().row
        || c.start_position().row != s.end_position().row
        || c.end_position().row != c.start_position().row
        || !text[c.byte_range()].starts_with("//")
    {
        return None;
    }
    let line_start = text[..s.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..s.start_byte()];
    if !indent.chars().all(|ch| ch == '\t') {
        return None;
    }
    // An element of a composite literal keeps its comma before the comment.
    let code_end = if s.kind() == "literal_element" && text[s.end_byte()..].starts_with(',') {
        s.end_byte() + 1
    } else if s.kind() == "keyed_element" {
        // gofmt aligns keyed values in columns of their own: not redone here.
        return None;
    } else {
        s.end_byte()
    };
    let code = &text[s.start_byte()..code_end];
    let gap = &text[code_end..c.start_byte()];
    if code.contains('\t') || !gap.chars().all(|ch| ch == ' ' || ch == '\t') || gap.is_empty() {
        return None;
    }
    let line_end = text[c.end_byte()..]
        .find('\n')
        .map_or(text.len(), |i| c.end_byte() + i);
    if !text[c.end_byte()..line_end].trim().is_empty() {
        return None;
    }
    Some(CommentLine {
        row: s.start_position().row,
        width: code.chars().count(),
        indent: indent.len(),
        code_end,
        comment_start: c.start_byte(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(before: &str, after: &str) -> String {
        let tree = crate::syntax::parse::parse(after);
        realign(&tree, after, &touched_rows(before, after))
    }

    #[test]
    fn a_shortened_line_realigns_its_run() {
        let before =
            "package p\n\nfunc f() {\n\taaaa := g() // x\n\tb := 1      // y\n\n\tc := 2 // z\n}\n";
        let after =
            "package p\n\nfunc f() {\n\taaaa := 1 // x\n\tb := 1      // y\n\n\tc := 2 // z\n}\n";
        assert_eq!(
            fix(before, after),
            "package p\n\nfunc f() {\n\taaaa := 1 // x\n\tb := 1    // y\n\n\tc := 2 // z\n}\n"
        );
    }

    #[test]
    fn a_line_without_comment_ends_the_run() {
        let before = "package p\n\nfunc f() {\n\ta := 1 // x\n\tb := 2\n\tcc := 3 // y\n}\n";
        let after = "package p\n\nfunc f() {\n\ta := 1 // x\n\tb := 2\n\tcc := 33 // y\n}\n";
        assert_eq!(fix(before, after), after);
    }

    /// encoding/json/v2's fields.go: a line inserted below a comment run splits it, and the
    /// line above keeps its own width only.
    #[test]
    fn an_inserted_line_splits_the_run_above_it() {
        let before =
            "package p\n\nfunc f() {\n\ta := -1           // x\n\tnames := make(m) // y\n}\n";
        let after =
            "package p\n\nfunc f() {\n\ta := -1           // x\n\tclear(p)\n\tnames := p // y\n}\n";
        assert_eq!(
            fix(before, after),
            "package p\n\nfunc f() {\n\ta := -1 // x\n\tclear(p)\n\tnames := p // y\n}\n"
        );
    }

    #[test]
    fn a_deleted_line_rejoins_and_realigns() {
        let before = "package p\n\nfunc f() {\n\ta := 1           // x\n\tvvvvvvvvvvvv := 2 // v\n\tb := 2           // y\n}\n";
        let after =
            "package p\n\nfunc f() {\n\ta := 1           // x\n\tb := 2           // y\n}\n";
        assert_eq!(
            fix(before, after),
            "package p\n\nfunc f() {\n\ta := 1 // x\n\tb := 2 // y\n}\n"
        );
    }

    #[test]
    fn literal_elements_keep_their_comma() {
        let before = "package p\n\nvar x = []int{\n\tf(1), // a\n\t2,    // b\n}\n";
        let after = "package p\n\nvar x = []int{\n\t1,    // a\n\t2,    // b\n}\n";
        assert_eq!(
            fix(before, after),
            "package p\n\nvar x = []int{\n\t1, // a\n\t2, // b\n}\n"
        );
    }

    #[test]
    fn untouched_runs_and_case_clauses() {
        let before = "package p\n\nfunc f(x int) {\n\tswitch x {\n\tcase 1:\n\t\taaaaa := 1 // x\n\t\tb := 2     // y\n\t}\n\tq := 1   // untouched\n\tqqq := 2 // run\n}\n";
        let after = "package p\n\nfunc f(x int) {\n\tswitch x {\n\tcase 1:\n\t\ta := 1 // x\n\t\tb := 2     // y\n\t}\n\tq := 1   // untouched\n\tqqq := 2 // run\n}\n";
        assert_eq!(
            fix(before, after),
            "package p\n\nfunc f(x int) {\n\tswitch x {\n\tcase 1:\n\t\ta := 1 // x\n\t\tb := 2 // y\n\t}\n\tq := 1   // untouched\n\tqqq := 2 // run\n}\n"
        );
    }
}
