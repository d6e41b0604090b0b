//! Constants: the one evaluator every transform asks, names resolved where the expression
//! stands (a local constant, a package constant, or nothing: a variable is no constant).

use crate::semantic::context::Context;
use crate::semantic::scope::{DeclId, DeclKind};
use crate::syntax::ast::{field_children, list_items};
use crate::syntax::package::Package;
use tree_sitter::Node;

/// The value of the integer constant expression `n` of `file`, where it stands.
pub(crate) fn value(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<i128> {
    value_at_depth(pkg, ctx, file, n, 0)
}

fn value_at_depth(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    n: Node<'_>,
    depth: u32,
) -> Option<i128> {
    if depth > 16 {
        return None;
    }
    let pos = n.start_byte();
    crate::semantic::index::eval(
        n,
        &pkg.files[file].text,
        0,
        &mut |name: &str| {
            if let Some((q, c)) = name.split_once('.') {
                return imported(pkg, ctx, file, q, c, pos);
            }
            match ctx.scopes[file].lookup(name, pos) {
                None => ctx.index.const_value(name),
                Some(d) => local_at_depth(pkg, ctx, file, d, depth + 1),
            }
        },
        &|name: &str| ctx.index.types.contains_key(name),
    )
}

/// The value of constant `c` of the package file `file` imports as `q` (written `q.c` at
/// `pos`), read from that package's source.
fn imported(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    q: &str,
    c: &str,
    pos: usize,
) -> Option<i128> {
    if ctx.scopes[file].lookup(q, pos).is_some() || ctx.index.top_level.contains_key(q) {
        return None;
    }
    let path = ctx.import_path(pkg, file, q)?;
    ctx.world()?.const_value(&path, c)
}

/// The value of a local constant declared with its own expression (`const n = 8` inside a
/// function; one of a group that repeats the expression above it is not evaluated).
pub(crate) fn local(pkg: &Package, ctx: &Context, file: usize, d: DeclId) -> Option<i128> {
    local_at_depth(pkg, ctx, file, d, 0)
}

fn local_at_depth(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    d: DeclId,
    depth: u32,
) -> Option<i128> {
    let spec = local_spec(pkg, ctx, file, d)?;
    let names = field_children(spec, "name");
    let k = names
        .iter()
        .position(|n| n.start_byte() == ctx.scopes[file].decl(d).name_start)?;
    let value = list_items(spec.child_by_field_name("value")?)
        .get(k)
        .copied()?;
    value_at_depth(pkg, ctx, file, value, depth)
}

/// The `const_spec` of a local constant.
pub(crate) fn local_spec<'t>(
    pkg: &'t Package,
    ctx: &Context,
    file: usize,
    d: DeclId,
) -> Option<Node<'t>> {
    let decl = ctx.scopes[file].decl(d);
    if decl.kind != DeclKind::Const {
        return None;
    }
    let root = pkg.files[file].tree().root_node();
    let mut n = root.descendant_for_byte_range(decl.stmt.0, decl.stmt.1)?;
    while n.kind() != "const_spec" {
        n = n.parent()?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_where_the_expression_stands() {
        let text = "package p

const n = 4

func f() {
	const m = n * 2
	_ = m + 1
	{
		const n = 10
		_ = n + m
	}
	v := 3
	_ = v * n
}
";
        let pkg = Package::of_files(&[("a.go", text)]);
        let ctx = Context::build_with(&pkg, &mut Default::default(), Default::default());
        let root = pkg.files[0].tree().root_node();
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            root.descendant_for_byte_range(i, i + s.len())
                .map(|n| {
                    let mut n = n;
                    while n.end_byte() - n.start_byte() < s.len() {
                        n = n.parent().unwrap();
                    }
                    n
                })
                .unwrap()
        };
        assert_eq!(value(&pkg, &ctx, 0, at("m + 1")), Some(9));
        assert_eq!(value(&pkg, &ctx, 0, at("n + m")), Some(18), "the inner n");
        assert_eq!(value(&pkg, &ctx, 0, at("v * n")), None, "v is a variable");
    }
}
