//! nested-map's sites: `map[K]map[K]V` with one integer key type, as text (the prefilter)
//! and as a type the shared retyping machinery takes ([`MapType`]).

use super::*;
use crate::semantic::ty::Ty;

/// `map[K]map[K]`: the words a target cannot lack (the key type is checked after parsing).
pub(super) fn nested_same_key(text: &str) -> bool {
    let mut rest = text;
    while let Some(p) = rest.find("]map[") {
        let before = &rest[..p];
        let key = before.rfind("map[").map(|k| &before[k + 4..]);
        let after = &rest[p + 5..];
        let same = key
            .filter(|k| {
                !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
            })
            .is_some_and(|k| after.strip_prefix(k).is_some_and(|a| a.starts_with(']')));
        if same {
            return true;
        }
        rest = &rest[p + 5..];
    }
    false
}

/// `map[K]map[K]V`, K an integer type.
#[derive(Debug, Clone)]
pub(super) struct MapType {
    pub(super) key: String,
    pub(super) val: String,
    /// The size of V on 64-bit targets, when the package's source tells it.
    pub(super) val_size: Option<u64>,
    /// The map type resolved in its file, when the source tells it.
    pub(super) resolved: Option<Ty>,
}

impl Shape for MapType {
    fn of_type(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<Self> {
        nested_type(pkg, ctx, file, n)
    }

    fn same(&self, other: &Self) -> bool {
        self.key == other.key && self.val == other.val && self.resolved == other.resolved
    }
}

pub(super) fn nested_type(
    pkg: &Package,
    ctx: &Context,
    file: usize,
    n: Node<'_>,
) -> Option<MapType> {
    if n.kind() != "map_type" {
        return None;
    }
    let k1 = n.child_by_field_name("key")?;
    let inner = n.child_by_field_name("value")?;
    if inner.kind() != "map_type" {
        return None;
    }
    let k2 = inner.child_by_field_name("key")?;
    let v = inner.child_by_field_name("value")?;
    let src = &pkg.files[file].text;
    if src[k1.byte_range()] != src[k2.byte_range()] || !ctx.index.is_integer_type(pkg, k1, src) {
        return None;
    }
    Some(MapType {
        resolved: crate::semantic::ty::of(pkg, ctx, file, n),
        key: src[k1.byte_range()].to_string(),
        val: src[v.byte_range()].to_string(),
        val_size: crate::semantic::ty::of(pkg, ctx, file, v)
            .and_then(|t| t.size(pkg, ctx))
            .map(|(size, _)| size),
    })
}
