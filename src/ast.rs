//! Small helpers over tree-sitter nodes shared by the engine and the transforms.

use tree_sitter::Node;

pub(crate) fn named_children<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).collect()
}

pub(crate) fn field_children<'t>(n: Node<'t>, field: &str) -> Vec<Node<'t>> {
    let mut c = n.walk();
    // tree-sitter puts the separating commas in the field too.
    n.children_by_field_name(field, &mut c)
        .filter(|ch| ch.is_named())
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

#[cfg(test)]
mod tests {
    use super::one_line;

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
}
