//! One tree-sitter parser per thread, and the first syntax problem of a tree as line:col.

use std::cell::RefCell;
use tree_sitter::{Node, Parser, Tree};

thread_local! {
    static PARSER: RefCell<Parser> = RefCell::new({
        let mut p = Parser::new();
        p.set_language(&tree_sitter_go::LANGUAGE.into())
            .expect("tree-sitter-go matches the tree-sitter ABI");
        p
    });
}

pub(crate) fn parse(text: &str) -> Tree {
    PARSER.with(|p| {
        p.borrow_mut()
            .parse(text, None)
            .expect("a parser with a language and no timeout always returns a tree")
    })
}

/// What is wrong with a tree, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SyntaxProblem {
    /// An ERROR or MISSING node at this 1-based line and byte column.
    At {
        line: usize,
        col: usize,
        what: String,
    },
    /// The root says it has an error but no node shows one (tree-sitter-go does this for
    /// some valid files); such a file is never rewritten, and never called broken.
    Unlocated,
}

pub(crate) fn first_problem(tree: &Tree) -> Option<SyntaxProblem> {
    let root = tree.root_node();
    if !root.has_error() {
        // tree-sitter-go takes an empty file, or one of comments only, as valid; the go
        // command does not (`expected 'package'`).
        let mut c = root.walk();
        let clause = root
            .named_children(&mut c)
            .any(|n| n.kind() == "package_clause");
        return (!clause).then(|| SyntaxProblem::At {
            line: 1,
            col: 1,
            what: "no package clause".to_string(),
        });
    }
    Some(find_error(root).map_or(SyntaxProblem::Unlocated, |n| {
        let p = n.start_position();
        let what = if n.is_missing() {
            format!("missing {}", n.kind())
        } else {
            "syntax error".to_string()
        };
        SyntaxProblem::At {
            line: p.row + 1,
            col: p.column + 1,
            what,
        }
    }))
}

fn find_error(node: Node<'_>) -> Option<Node<'_>> {
    if node.is_error() || node.is_missing() {
        return Some(node);
    }
    if !node.has_error() {
        return None;
    }
    let mut cursor = node.walk();
    node.children(&mut cursor).find_map(find_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_file_has_no_problem() {
        assert_eq!(first_problem(&parse("package p\n\nfunc f() {}\n")), None);
    }

    #[test]
    fn broken_file_names_line_and_column() {
        match first_problem(&parse("package p\n\nfunc f() {\n\tx := \n}\n")) {
            Some(SyntaxProblem::At { line, .. }) => assert!(line >= 4),
            other => panic!("unexpected {other:?}"),
        }
    }
}
