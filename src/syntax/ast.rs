//! Small helpers over tree-sitter nodes shared by the engine and the transforms.

use tree_sitter::Node;

/// The named children of `n`, comments left out: a comment is an "extra" that tree-sitter
/// places anywhere, so counting it would shift every position after it (`f(/* c */ buf)`
/// has one argument, not two).
pub(crate) fn named_children<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c)
        .filter(|ch| ch.kind() != "comment")
        .collect()
}

/// The named children of `n`, comments included (for code that re-renders layout).
pub(crate) fn named_children_with_comments<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

pub(crate) fn field_children<'t>(n: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut c = n.walk();
    // tree-sitter puts the separating commas in the field too.
    n.children_by_field_name(field, &mut c)
        .filter(|ch| ch.is_named() && ch.kind() != "comment")
        .collect()
}

/// A call's function and its arguments (named children of the argument list).
pub(crate) fn call_parts(call: Node<'_>) -> Option<(Node<'_>, Vec<Node<'_>>)> {
    let f = call.child_by_field_name("function")?;
    let args = call.child_by_field_name("arguments")?;
    Some((f, named_children(args)))
}

/// The named children of an `expression_list` (or the node itself when it is not one).
pub(crate) fn list_items(n: Node<'_>) -> Vec<Node<'_>> {
    if n.kind() == "expression_list" {
        named_children(n)
    } else {
        vec![n]
    }
}

/// The statements of a block (through its `statement_list`).
pub(crate) fn block_statements(block: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    for ch in named_children(block) {
        if ch.kind() == "statement_list" {
            out.extend(
                named_children(ch)
                    .into_iter()
                    .filter(|s| s.kind() != "comment"),
            );
        } else if ch.kind() != "comment" {
            out.push(ch);
        }
    }
    out
}

/// Every node of a subtree, depth first, in source order.
pub(crate) fn descendants(root: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut cursor = root.walk();
    let mut down = true;
    loop {
        if down {
            out.push(cursor.node());
            if cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.node() == root {
            break;
        }
        if cursor.goto_next_sibling() {
            down = true;
            continue;
        }
        if !cursor.goto_parent() || cursor.node() == root {
            break;
        }
        down = false;
    }
    out
}

/// A function declaration, method declaration or function literal: what has a body of
/// its own.
pub(crate) fn is_function(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "function_declaration" | "method_declaration" | "func_literal"
    )
}

pub(crate) fn ancestors(n: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    std::iter::successors(n.parent(), Node::parent)
}

/// Whether `inner` lies within `outer`'s byte range.
pub(crate) fn within(inner: Node<'_>, outer: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

/// The statement or top-level declaration `n` belongs to: its first ancestor (or itself)
/// whose parent is a statement list, a block or the source file.
pub(crate) fn enclosing_statement(n: Node<'_>) -> Node<'_> {
    let mut cur = n;
    while let Some(p) = cur.parent() {
        if matches!(p.kind(), "statement_list" | "block" | "source_file") {
            return cur;
        }
        cur = p;
    }
    cur
}

/// The top-level declaration holding `n`.
pub(crate) fn top_level(n: Node<'_>) -> Node<'_> {
    let mut cur = n;
    while let Some(p) = cur.parent() {
        if p.kind() == "source_file" {
            return cur;
        }
        cur = p;
    }
    cur
}

/// Where to insert a line above the statement `stmt`: the start of its own line, or of the
/// first of the comment lines that lead into it (comments from the tree, each alone on
/// its line, the last ending on the line above the statement's). Text that merely looks
/// like a comment, a line of a raw string starting with `//`, is not one.
pub(crate) fn start_above_leading_comments(src: &str, stmt: Node<'_>) -> usize {
    let line_start = |at: usize| src[..at].rfind('\n').map_or(0, |i| i + 1);
    let mut at = line_start(stmt.start_byte());
    let mut row = stmt.start_position().row;
    let mut cur = stmt;
    loop {
        let prev = cur.prev_sibling().or_else(|| {
            cur.parent()
                .filter(|p| p.kind() == "statement_list")
                .and_then(|p| p.prev_sibling())
        });
        let Some(c) = prev.filter(|c| c.kind() == "comment") else {
            break;
        };
        let start = line_start(c.start_byte());
        if c.end_position().row + 1 != row || !src[start..c.start_byte()].trim().is_empty() {
            break;
        }
        at = start;
        row = c.start_position().row;
        cur = c;
    }
    at
}

/// The source of `n` on one line, cut to a readable length, for messages.
pub(crate) fn short(src: &str, n: Node<'_>) -> String {
    one_line(&src[n.byte_range()])
}

/// Text on one line, cut to a readable length, for messages. Line breaks become the
/// semicolons Go's lexer would insert there (`struct { A int; B int }`), and whitespace
/// runs collapse to one space.
pub(crate) fn one_line(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut joined = String::new();
    for (i, line) in lines.iter().enumerate() {
        joined.push_str(line);
        let Some(next) = lines.get(i + 1) else { break };
        let ends_token = line
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || "_)]}\"'`".contains(c));
        if ends_token && !next.starts_with('}') && !next.starts_with(')') {
            joined.push(';');
        }
        joined.push(' ');
    }
    let t: String = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 60 {
        let cut: String = t.chars().take(57).collect();
        format!("{cut}...")
    } else {
        t
    }
}

/// Whether a subtree holds a comment (edits that rebuild it would lose the comment).
pub(crate) fn has_comment(n: Node<'_>) -> bool {
    descendants(n).iter().any(|d| d.kind() == "comment")
}

/// Whether an expression is assigned, incremented or has its address taken here.
pub(crate) fn is_written(n: Node<'_>) -> bool {
    let Some(p) = n.parent() else { return false };
    match p.kind() {
        "inc_statement" | "dec_statement" => true,
        "unary_expression" => p
            .child_by_field_name("operator")
            .is_some_and(|o| o.kind() == "&"),
        "expression_list" => p.parent().is_some_and(|s| {
            matches!(
                s.kind(),
                "assignment_statement"
                    | "short_var_declaration"
                    | "range_clause"
                    | "receive_statement"
            ) && s.child_by_field_name("left") == Some(p)
        }),
        _ => false,
    }
}

/// Whether a node kind is a literal or a predeclared constant's name: a value that holds
/// nothing and whose evaluation runs nothing.
pub(crate) fn is_literal(kind: &str) -> bool {
    matches!(
        kind,
        "int_literal"
            | "float_literal"
            | "imaginary_literal"
            | "rune_literal"
            | "interpreted_string_literal"
            | "raw_string_literal"
            | "true"
            | "false"
            | "nil"
            | "iota"
    )
}

/// Whether a byte may be part of an identifier (a byte above 0x7f counts as one, so a name
/// with a non-ASCII letter is never taken apart).
pub(crate) fn ident_byte(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80
}

/// The byte offsets where `word` stands alone in `text`: not preceded or followed by a
/// character an identifier may hold (a byte above 0x7f counts as one, so a name with a
/// non-ASCII letter is never taken apart). Every identifier token `word` is among them
/// (with those in comments and strings), so a query for the nodes named `word` can look
/// only there.
pub(crate) fn word_offsets<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let ident = ident_byte;
    let bytes = text.as_bytes();
    text.match_indices(word).filter_map(move |(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + word.len()).copied();
        (!before.is_some_and(ident) && !after.is_some_and(ident)).then_some(at)
    })
}

/// The `identifier` node spanning exactly `at..at + len` in the tree of `root`, if the
/// text there is one (not a comment, a string or a field name).
pub(crate) fn identifier_at(root: Node<'_>, at: usize, len: usize) -> Option<Node<'_>> {
    root.named_descendant_for_byte_range(at, at + len)
        .filter(|n| n.kind() == "identifier" && n.start_byte() == at && n.end_byte() == at + len)
}

/// The call whose callee is the identifier `id` itself (`id(...)`).
pub(crate) fn call_of_callee(id: Node<'_>) -> Option<Node<'_>> {
    let parent = id.parent()?;
    (parent.kind() == "call_expression" && parent.child_by_field_name("function") == Some(id))
        .then_some(parent)
}

#[cfg(test)]
mod tests {
    use super::{descendants, named_children, one_line, start_above_leading_comments};

    #[test]
    fn positions_come_from_the_tree() {
        let src = "package p\n\nfunc f() {\n\ts := `a\n// b`\n\t// lead\n\t// in\n\tfor {\n\t}\n\tt := `c\n// d`\n\tfor {\n\t}\n\tg( /* c */ x, nil)\n}\n";
        let tree = crate::syntax::parse::parse(src);
        let all = descendants(tree.root_node());
        let loops: Vec<_> = all.iter().filter(|n| n.kind() == "for_statement").collect();
        let line_of = |at: usize| src[..at].matches('\n').count() + 1;
        // Two comment lines lead into the first loop; a raw string's line does not.
        assert_eq!(line_of(start_above_leading_comments(src, *loops[0])), 6);
        assert_eq!(line_of(start_above_leading_comments(src, *loops[1])), 12);
        let args = all.iter().find(|n| n.kind() == "argument_list").unwrap();
        let items: Vec<&str> = named_children(*args)
            .iter()
            .map(|a| &src[a.byte_range()])
            .collect();
        assert_eq!(items, ["x", "nil"]);
    }

    #[test]
    fn one_line_puts_back_the_semicolons_of_line_breaks() {
        assert_eq!(
            one_line("struct {\n\tName string\n\tPort int\n}"),
            "struct { Name string; Port int }"
        );
        assert_eq!(one_line("f(a,\n\tb)"), "f(a, b)");
        assert_eq!(one_line("a  +   b"), "a + b");
        assert!(one_line(&"x".repeat(80)).ends_with("..."));
    }

    #[test]
    fn word_offsets_take_whole_words_only() {
        use crate::syntax::ast::{call_of_callee, identifier_at, word_offsets};
        let src = "x := new(T); renew(x); news := new2(); newé := 1; s.new(1); new";
        let found: Vec<usize> = word_offsets(src, "new").collect();
        assert_eq!(
            found,
            vec![5, 53, src.len() - 3],
            "`s.new` is found: the tree tells a field"
        );
        let tree =
            crate::syntax::parse::parse("package p\n\nfunc f() { _ = new(int); _ = x.new }\n");
        let text = "package p\n\nfunc f() { _ = new(int); _ = x.new }\n";
        let at: Vec<usize> = word_offsets(text, "new").collect();
        assert_eq!(at.len(), 2);
        let id = identifier_at(tree.root_node(), at[0], 3).expect("the callee is an identifier");
        assert!(call_of_callee(id).is_some());
        assert!(
            identifier_at(tree.root_node(), at[1], 3).is_none(),
            "a field name is not one"
        );
    }
}
