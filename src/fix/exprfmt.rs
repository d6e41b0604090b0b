//! gofmt's spacing of an expression that a rewrite moves to another place.
//!
//! go/printer puts blanks around a binary operator depending on how deep the expression
//! sits (`f(n - 1)` at the top of a statement, `a[n-1]` inside an index, `g(a, n-1)`
//! beside another argument): moving `k` from `m[k]` into `m.Get(k)` can change how
//! gofmt prints it. This module replays the printer's depth rules (`go/printer/nodes.go`:
//! `expr1`, `binaryExpr`, `cutoff`, `walkBinary`) for the expression forms a map key or
//! value usually takes, so that gomapfix's own text is gofmt's even without gofmt. A form
//! it does not model is printed only when it holds no binary expression (its layout then
//! does not depend on depth); otherwise the caller is told `None`.

use crate::syntax::ast::{has_comment, named_children};
use tree_sitter::Node;

fn precedence(op: &str) -> u32 {
    match op {
        "*" | "/" | "%" | "<<" | ">>" | "&" | "&^" => 5,
        "+" | "-" | "|" | "^" => 4,
        "==" | "!=" | "<" | "<=" | ">" | ">=" => 3,
        "&&" => 2,
        "||" => 1,
        _ => 0,
    }
}

fn op<'s>(src: &'s str, n: Node<'_>) -> &'s str {
    n.child_by_field_name("operator")
        .map_or("", |o| &src[o.byte_range()])
}

fn reduce_depth(depth: u32) -> u32 {
    depth.saturating_sub(1).max(1)
}

/// `walkBinary`: whether the expression has operators of precedence 4 and 5 outside
/// parentheses, and the cutoff a clash of an operator with a unary operand forces.
fn walk_binary(src: &str, e: Node<'_>) -> (bool, bool, u32) {
    let prec = precedence(op(src, e));
    let (mut has4, mut has5, mut max_problem) = (prec == 4, prec == 5, 0);
    if let Some(l) = e.child_by_field_name("left")
        && l.kind() == "binary_expression"
        && precedence(op(src, l)) >= prec
    {
        let (h4, h5, mp) = walk_binary(src, l);
        has4 |= h4;
        has5 |= h5;
        max_problem = max_problem.max(mp);
    }
    if let Some(r) = e.child_by_field_name("right") {
        match r.kind() {
            "binary_expression" if precedence(op(src, r)) > prec => {
                let (h4, h5, mp) = walk_binary(src, r);
                has4 |= h4;
                has5 |= h5;
                max_problem = max_problem.max(mp);
            }
            "unary_expression" => {
                let pair = format!("{}{}", op(src, e), op(src, r));
                match pair.as_str() {
                    "/*" | "&&" | "&^" => max_problem = 5,
                    "++" | "--" => max_problem = max_problem.max(4),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    (has4, has5, max_problem)
}

fn cutoff(src: &str, e: Node<'_>, depth: u32) -> u32 {
    let (has4, has5, max_problem) = walk_binary(src, e);
    if max_problem > 0 {
        return max_problem + 1;
    }
    match (has4 && has5, depth == 1) {
        (true, true) => 5,
        (true, false) => 4,
        (false, true) => 6,
        (false, false) => 4,
    }
}

fn diff_prec(src: &str, x: Node<'_>, prec: u32) -> u32 {
    if x.kind() == "binary_expression" && precedence(op(src, x)) == prec {
        0
    } else {
        1
    }
}

/// The expression `n` as gofmt prints it at `depth`; `None` for a form this module does
/// not model that holds a binary expression, a comment or a line break.
pub(crate) fn print(src: &str, n: Node<'_>, depth: u32) -> Option<String> {
    let text = &src[n.byte_range()];
    if text.contains('\n') || has_comment(n) {
        return None;
    }
    expr(src, n, depth.max(1))
}

fn has_binary(n: Node<'_>) -> bool {
    crate::syntax::ast::descendants(n)
        .into_iter()
        .any(|d| d.kind() == "binary_expression")
}

fn expr(src: &str, n: Node<'_>, depth: u32) -> Option<String> {
    let field = |f: &str| n.child_by_field_name(f);
    Some(match n.kind() {
        "binary_expression" => {
            let (l, r) = (field("left")?, field("right")?);
            let o = op(src, n);
            let prec = precedence(o);
            let blank = prec < cutoff(src, n, depth);
            let left = expr(src, l, depth + diff_prec(src, l, prec))?;
            let right = expr(src, r, depth + 1)?;
            if blank {
                format!("{left} {o} {right}")
            } else {
                format!("{left}{o}{right}")
            }
        }
        // go/printer's StarExpr prints its operand at depth 1; other unary operators
        // keep the depth.
        "unary_expression" => {
            let o = op(src, n);
            let d = if o == "*" { 1 } else { depth };
            format!("{o}{}", expr(src, field("operand")?, d)?)
        }
        "parenthesized_expression" => {
            let inner = named_children(n).into_iter().next()?;
            let d = if inner.kind() == "parenthesized_expression" {
                depth
            } else {
                reduce_depth(depth)
            };
            format!("({})", expr(src, inner, d)?)
        }
        "selector_expression" => format!(
            "{}.{}",
            expr(src, field("operand")?, depth)?,
            &src[field("field")?.byte_range()]
        ),
        "type_assertion_expression" => format!(
            "{}.({})",
            expr(src, field("operand")?, depth)?,
            &src[field("type")?.byte_range()]
        ),
        "index_expression" => format!(
            "{}[{}]",
            expr(src, field("operand")?, 1)?,
            expr(src, field("index")?, depth + 1)?
        ),
        "call_expression" => {
            let args = field("arguments")?;
            let items: Vec<Node<'_>> = named_children(args);
            let d = if items.len() > 1 { depth + 1 } else { depth };
            let f = field("function")?;
            let mut out = expr(src, f, d)?;
            if let Some(targs) = field("type_arguments") {
                out.push_str(&src[targs.byte_range()]);
            }
            out.push('(');
            let mut parts = Vec::new();
            for a in items {
                parts.push(match a.kind() {
                    "variadic_argument" => {
                        format!(
                            "{}...",
                            expr(src, named_children(a).into_iter().next()?, d)?
                        )
                    }
                    _ => expr(src, a, d)?,
                });
            }
            out.push_str(&parts.join(", "));
            out.push(')');
            out
        }
        // Elements of a composite literal and the body of a function literal are printed
        // at their own depth, whatever the depth around them.
        "composite_literal" | "func_literal" => src[n.byte_range()].to_string(),
        _ if !has_binary(n) => src[n.byte_range()].to_string(),
        _ => return None,
    })
}

/// The depth go/printer prints `n` at: replayed from the statement holding it down to it.
/// `None` where the path crosses a form this module does not model.
pub(crate) fn depth_of(n: Node<'_>) -> Option<u32> {
    // The path from the expression a statement prints, down to n.
    let mut path = vec![n];
    let mut cur = n;
    let start;
    loop {
        let p = cur.parent()?;
        match p.kind() {
            "expression_list" => {
                let stmt = p.parent()?;
                let lists: Vec<usize> = ["left", "right", "value"]
                    .iter()
                    .filter_map(|f| stmt.child_by_field_name(f))
                    .map(|l| crate::syntax::ast::list_items(l).len())
                    .collect();
                match stmt.kind() {
                    "assignment_statement" | "short_var_declaration" => {
                        start = if lists.len() == 2 && lists[0] > 1 && lists[1] > 1 {
                            2
                        } else {
                            1
                        };
                        break;
                    }
                    "return_statement" | "var_spec" | "const_spec" | "expression_case"
                    | "range_clause" => {
                        start = 1;
                        break;
                    }
                    _ => return None,
                }
            }
            "expression_statement"
            | "if_statement"
            | "for_clause"
            | "range_clause"
            | "expression_switch_statement"
            | "send_statement"
            | "go_statement"
            | "defer_statement"
            | "return_statement" => {
                start = 1;
                break;
            }
            "inc_statement" | "dec_statement" => {
                start = 2;
                break;
            }
            _ => {
                path.push(p);
                cur = p;
            }
        }
    }
    // Replay downwards: path.last() is printed at `start`.
    let mut depth = start;
    for w in path.windows(2).rev() {
        let (child, parent) = (w[0], w[1]);
        let is = |f: &str| parent.child_by_field_name(f) == Some(child);
        depth = match parent.kind() {
            "binary_expression" => {
                if is("left") {
                    let o = parent.child_by_field_name("operator")?;
                    let prec = precedence(o.kind());
                    let same = child.kind() == "binary_expression"
                        && child
                            .child_by_field_name("operator")
                            .is_some_and(|c| precedence(c.kind()) == prec);
                    depth + u32::from(!same)
                } else {
                    depth + 1
                }
            }
            "unary_expression"
                if parent
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "*") =>
            {
                1
            }
            "unary_expression" | "selector_expression" | "type_assertion_expression" => depth,
            "parenthesized_expression" => {
                if child.kind() == "parenthesized_expression" {
                    depth
                } else {
                    reduce_depth(depth)
                }
            }
            "index_expression" => {
                if is("operand") {
                    1
                } else {
                    depth + 1
                }
            }
            "argument_list" => depth,
            "call_expression" => {
                let args = parent
                    .child_by_field_name("arguments")
                    .map_or(0, |a| named_children(a).len());
                if args > 1 { depth + 1 } else { depth }
            }
            "literal_value" | "keyed_element" | "literal_element" => 1,
            "composite_literal" => depth,
            _ => return None,
        };
    }
    Some(depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expression `needle` of `body` (a function body), its depth and how it prints
    /// at `at`.
    fn case(body: &str, needle: &str, at: u32) -> (Option<u32>, Option<String>) {
        let src = format!("package p\n\nfunc f() {{\n\t{body}\n}}\n");
        let tree = crate::syntax::parse::parse(&src);
        let start = src.find(needle).unwrap();
        let n = tree
            .root_node()
            .descendant_for_byte_range(start, start + needle.len())
            .unwrap();
        let mut n = n;
        while n.byte_range() != (start..start + needle.len()) {
            n = n.parent().unwrap();
        }
        (depth_of(n), print(&src, n, at))
    }

    #[test]
    fn depth_follows_the_printer() {
        // An index argument is one deeper than its expression; a call with several
        // arguments prints them one deeper; a statement's expression is at depth 1.
        assert_eq!(case("x := m[n-1]", "m[n-1]", 1).0, Some(1));
        assert_eq!(case("x := m[n-1]", "n-1", 1).0, Some(2));
        assert_eq!(case("delete(m, k+2)", "delete(m, k+2)", 1).0, Some(1));
        assert_eq!(case("delete(m, k+2)", "k+2", 1).0, Some(2));
        assert_eq!(case("g(h(m[k]))", "m[k]", 1).0, Some(1));
        assert_eq!(case("g(a, h(m[k]))", "m[k]", 1).0, Some(2));
        assert_eq!(case("a, b := m[k], 1", "m[k]", 1).0, Some(2));
    }

    #[test]
    fn prints_binary_expressions_as_gofmt_does() {
        assert_eq!(case("x := m[n-1]", "n-1", 1).1.as_deref(), Some("n - 1"));
        assert_eq!(case("x := m[n-1]", "n-1", 2).1.as_deref(), Some("n-1"));
        // Mixed precedences at depth 1: blanks around the lower one only.
        assert_eq!(
            case("x := m[i*2+1]", "i*2+1", 1).1.as_deref(),
            Some("i*2 + 1")
        );
        // A unary operand that would clash keeps its blank.
        assert_eq!(
            case("x := m[a - -b]", "a - -b", 2).1.as_deref(),
            Some("a - -b")
        );
        // Inside a call's single argument the depth carries on; inside an index it grows.
        assert_eq!(
            case("x := m[h(a+b)]", "h(a+b)", 1).1.as_deref(),
            Some("h(a + b)")
        );
        assert_eq!(
            case("x := m[s[a+b]]", "s[a+b]", 1).1.as_deref(),
            Some("s[a+b]")
        );
        // A pointer's operand prints at depth 1, another unary operator's at the depth.
        assert_eq!(
            case("x := s[*h(a+b)]", "*h(a+b)", 2).1.as_deref(),
            Some("*h(a + b)")
        );
        assert_eq!(
            case("x := s[-h(a+b)]", "-h(a+b)", 2).1.as_deref(),
            Some("-h(a+b)")
        );
        assert_eq!(case("x := s[*h(a+b)]", "a+b", 1).0, Some(1));
        // Nothing to model: printed as written.
        assert_eq!(case("x := m[k.id]", "k.id", 1).1.as_deref(), Some("k.id"));
    }
}
