//! map-value-boundary's sites: a map type whose values may be over the inline limit, as
//! text (the prefilter) and as a type the shared retyping machinery takes ([`BigValues`]).

use super::*;
use crate::semantic::ty::Ty;

/// A predeclared type no bigger than 16 bytes.
fn small_predeclared(name: &str) -> bool {
    crate::semantic::ty::predeclared(name)
        .and_then(|p| p.layout)
        .is_some_and(|(size, _)| size <= 16)
}

/// Whether a map's value type, by its syntax alone, is surely no bigger than 128 bytes:
/// a pointer, slice, map, channel, function or interface, `struct{}`, a small
/// predeclared type. A named type, an array or a struct with fields may be bigger.
pub(super) fn small_value(kind: &str, text: &str) -> bool {
    match kind {
        "pointer_type" | "slice_type" | "map_type" | "channel_type" | "function_type"
        | "interface_type" => true,
        "struct_type" => text.trim_start_matches("struct").trim() == "{}",
        "type_identifier" => small_predeclared(text),
        _ => false,
    }
}

/// The textual prefilter: some `map[K]V` whose V, as written, may be over the limit (see
/// [`small_value`]; a type of another package counts, whose size is reported unknown).
pub(super) fn big_map_text(text: &str) -> bool {
    let mut rest = text;
    while let Some(p) = rest.find("map[") {
        rest = &rest[p + 4..];
        // The key, brackets balanced.
        let mut depth = 1;
        let Some(end) = rest.char_indices().find_map(|(i, c)| {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(i)
        }) else {
            return false;
        };
        let value = &rest[end + 1..];
        let word: String = value
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let small = ["*", "[]", "map[", "chan", "<-", "func", "interface"]
            .iter()
            .any(|p| value.starts_with(p))
            || value.starts_with("struct{}")
            || (small_predeclared(&word) && !value[word.len()..].starts_with('.'));
        if !small {
            return true;
        }
    }
    false
}

/// `map[K]V` with V over the inline limit, or of a size the source does not tell.
#[derive(Debug, Clone)]
pub(super) struct BigValues {
    pub(super) key: String,
    pub(super) val: String,
    /// The size of V on 64-bit targets, when the package's source tells it.
    pub(super) size: Option<u64>,
    /// The map type resolved in its file, when the source tells it.
    pub(super) resolved: Option<Ty>,
    /// Why the size is not known (when it is not).
    pub(super) unknown: String,
}

impl Shape for BigValues {
    fn of_type(pkg: &Package, ctx: &Context, file: usize, n: Node<'_>) -> Option<Self> {
        if n.kind() != "map_type" {
            return None;
        }
        let k = n.child_by_field_name("key")?;
        let v = n.child_by_field_name("value")?;
        let src = &pkg.files[file].text;
        // Small by its syntax, whatever the resolution of its names says (a `*T` or a
        // `bool` in a file with a dot import).
        if small_value(v.kind(), &src[v.byte_range()]) {
            return None;
        }
        let size = crate::semantic::ty::map_value_size(pkg, ctx, file, n);
        if size.is_some_and(|s| s <= INLINE_LIMIT) {
            return None;
        }
        let value = crate::semantic::ty::of(pkg, ctx, file, v);
        // Declared differently per platform (build constraints), but small on every one:
        // no candidate either.
        if size.is_none()
            && value
                .as_ref()
                .and_then(|t| t.size_bound(pkg, ctx))
                .is_some_and(|s| s <= INLINE_LIMIT)
        {
            return None;
        }
        let resolved = crate::semantic::ty::of(pkg, ctx, file, n);
        let unknown = match (&size, value) {
            (Some(_), _) => String::new(),
            (None, Some(v)) => v.why_unknown(pkg, ctx).unwrap_or_else(|| {
                "a type declared inside a function, an array length that is not a constant".into()
            }),
            (None, None) => "a name it is written with does not resolve: a package not found, an import that is not unique".into(),
        };
        Some(BigValues {
            resolved,
            unknown,
            key: src[k.byte_range()].to_string(),
            val: src[v.byte_range()].to_string(),
            size,
        })
    }

    fn same(&self, other: &Self) -> bool {
        self.key == other.key && self.val == other.val && self.resolved == other.resolved
    }
}
