//! Above the semantic model: edits and what they carry (`edit`: fixes, skips, evidence,
//! positions), import blocks (`imports`), and the layout of new text as gofmt lays it out
//! (`align`, `exprfmt`).

pub(crate) mod align;
pub(crate) mod edit;
pub(crate) mod exprfmt;
pub(crate) mod imports;
