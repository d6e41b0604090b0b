//! Counting loops, parsed once for every transform: `for i := c; i < n; i++` (or `i += 1`,
//! or `i <= n`) with `c` a constant, and `for i := range n` with `n` a constant integer.
//! What a loop is proven to do beyond its header (its body does not assign the counter) is
//! the caller's to check: the header is all this reads.

use crate::semantic::scope::{DeclId, ScopeInfo, has_token};
use crate::syntax::ast::{list_items, named_children};
use tree_sitter::Node;

/// A loop whose header counts a fresh variable up by one from a constant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CountingLoop<'t> {
    /// The counter, declared by the header.
    pub(crate) var: DeclId,
    /// Its first value.
    pub(crate) start: i128,
    /// The bound expression: the last value is `bound - 1` (or `bound` when inclusive).
    pub(crate) bound: Node<'t>,
    /// `i <= n` rather than `i < n`.
    pub(crate) inclusive: bool,
}

impl CountingLoop<'_> {
    /// How many times the body runs when the bound is the constant `bound` (and the body
    /// leaves the counter alone).
    pub(crate) fn turns(&self, bound: i128) -> i128 {
        (bound - self.start + i128::from(self.inclusive)).max(0)
    }
}

/// The counting loop of a `for` statement `n`, if its header is one. `eval` gives the value
/// of a constant expression where it is written.
pub(crate) fn counting_loop<'t>(
    n: Node<'t>,
    src: &str,
    scopes: &ScopeInfo,
    eval: &dyn Fn(Node<'t>) -> Option<i128>,
) -> Option<CountingLoop<'t>> {
    if n.kind() != "for_statement" {
        return None;
    }
    let is_var = |x: Node<'_>, d: DeclId| {
        x.kind() == "identifier" && scopes.local(x.start_byte()) == Some(d)
    };
    for ch in named_children(n) {
        match ch.kind() {
            "range_clause" => {
                if !has_token(ch, ":=") {
                    return None;
                }
                let left = list_items(ch.child_by_field_name("left")?);
                let right = ch.child_by_field_name("right")?;
                // Over a constant integer (an array would have no constant value).
                eval(right)?;
                if left.len() != 1 {
                    return None;
                }
                return Some(CountingLoop {
                    var: scopes.decl_at(left[0].start_byte())?,
                    start: 0,
                    bound: right,
                    inclusive: false,
                });
            }
            "for_clause" => {
                let init = ch.child_by_field_name("initializer")?;
                if init.kind() != "short_var_declaration" {
                    return None;
                }
                let l = list_items(init.child_by_field_name("left")?);
                let r = list_items(init.child_by_field_name("right")?);
                if l.len() != 1 || r.len() != 1 {
                    return None;
                }
                let start = eval(r[0])?;
                let var = scopes.decl_at(l[0].start_byte())?;
                let cond = ch.child_by_field_name("condition")?;
                if cond.kind() != "binary_expression"
                    || !is_var(cond.child_by_field_name("left")?, var)
                {
                    return None;
                }
                let inclusive = match &src[cond.child_by_field_name("operator")?.byte_range()] {
                    "<" => false,
                    "<=" => true,
                    _ => return None,
                };
                let update = ch.child_by_field_name("update")?;
                let by_one = match update.kind() {
                    "inc_statement" => named_children(update)
                        .first()
                        .is_some_and(|v| is_var(*v, var)),
                    "assignment_statement" => {
                        has_token(update, "+=")
                            && update
                                .child_by_field_name("left")
                                .map(list_items)
                                .is_some_and(|l| l.len() == 1 && is_var(l[0], var))
                            && update
                                .child_by_field_name("right")
                                .map(list_items)
                                .is_some_and(|r| r.len() == 1 && eval(r[0]) == Some(1))
                    }
                    _ => false,
                };
                return by_one.then_some(CountingLoop {
                    var,
                    start,
                    bound: cond.child_by_field_name("right")?,
                    inclusive,
                });
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loops(src: &str) -> Vec<Option<(i128, String, bool)>> {
        let tree = crate::syntax::parse::parse(src);
        let scopes = crate::semantic::scope::resolve(tree.root_node(), src);
        crate::syntax::ast::descendants(tree.root_node())
            .into_iter()
            .filter(|n| n.kind() == "for_statement")
            .map(|n| {
                counting_loop(n, src, &scopes, &|x| src[x.byte_range()].parse().ok())
                    .map(|l| (l.start, src[l.bound.byte_range()].to_string(), l.inclusive))
            })
            .collect()
    }

    #[test]
    fn headers_that_count_and_headers_that_do_not() {
        let src = "package p

func f(n int) {
	for i := 0; i < n; i++ {}
	for i := 2; i <= 8; i += 1 {}
	for i := range 8 {}
	for i := 0; i < 8; i += 2 {}
	for i := 0; i > 8; i++ {}
	j := 0
	for i := 0; j < 8; i++ {}
	for i := n; i < 8; i++ {}
	for i := range n {}
	for i, v := range 8 {}
}
";
        assert_eq!(
            loops(src),
            vec![
                Some((0, "n".to_string(), false)),
                Some((2, "8".to_string(), true)),
                Some((0, "8".to_string(), false)),
                None,
                None,
                None,
                None,
                None,
                None,
            ]
        );
    }
}
