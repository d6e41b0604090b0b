//! Why a nested-map site is left alone: each reason's tag (what `-v` and the json
//! report group by) and its text.

use super::*;

/// Why a nested map is left alone.
#[derive(Debug, thiserror::Error)]
pub(super) enum Reason {
    #[error("changing the type of an exported variable or field would break the package's API")]
    Exported,
    #[error(
        "its type {0} is exported: a zero {0} made outside the package holds a nil map that reads as empty, where a nil slice would panic"
    )]
    ExportedType(String),
    #[error("declared together with other names in one statement")]
    SeveralNames,
    #[error("declared in an if/for/switch header")]
    HeaderDeclaration,
    #[error(
        "declared more than once in the package (build tags?): not every declaration can be seen together"
    )]
    DuplicateDeclaration,
    #[error("{0} does not parse, so not every use of a package-level target can be seen")]
    BrokenFile(String),
    #[error(
        "not created where it is declared: a nil map reads as empty, where a nil slice would panic"
    )]
    NotCreated,
    /// A local declared without a value, and no `m = make(...)` that every path to every
    /// other use runs first.
    #[error(
        "not created before every use: on some path a use runs before (or without) an `m = make(...)`, and a nil map reads as empty, where a nil slice would panic"
    )]
    NotCreatedFirst,
    #[error("created at line {0} by a literal with entries")]
    CreatedWithEntries(LineRef),
    #[error("dimensions unknown: assert them with //gomapfix:dims ROWS COLS")]
    DimsUnknown,
    #[error("{0}: ROWS and COLS must be positive integer constants (literals or constant names)")]
    BadDims(String),
    #[error("`{0}` at line {1} is a use the rewrite does not understand")]
    Use(String, LineRef),
    #[error(
        "`{0}` at line {1} creates a row that may already exist (only a fill loop or an `if m[i] == nil` guard is provably the first touch)"
    )]
    RowReset(String, LineRef),
    #[error(
        "`{0}` at line {1} is not proven within the dimensions: assert them with //gomapfix:dims to get a checked index"
    )]
    Unproven(String, LineRef),
    #[error(
        "`{0}` at line {1}: a comma-ok read is rewritten only after a fill loop and for a proven index pair"
    )]
    CommaOk(String, LineRef),
    #[error(
        "`{0}` at line {1} can make a value whose map is nil (reads as empty) where the slice would be nil (panics)"
    )]
    ZeroValue(String, LineRef),
    #[error(
        "another struct or method in the package is also named {0}, so its selectors cannot be told apart"
    )]
    AmbiguousField(String),
    #[error("uses nest inside each other at line {0}")]
    NestedUse(LineRef),
    #[error("a comment at line {0} sits inside an expression the rewrite replaces")]
    Comment(LineRef),
    #[error(
        "declared with its type inside a var ( ... ) group, whose alignment gomapfix does not re-render"
    )]
    VarGroup,
    #[error(
        "its struct has multi-line fields or inline comments, whose alignment gomapfix does not re-render"
    )]
    Layout,
    #[error("`{0}` at line {1} would no longer be evaluated, and it may have an effect")]
    SideEffect(String, LineRef),
    #[error("no free name for the generated constant or index function")]
    NoName,
    /// Only the directive vouches for the dimensions, and the slice would be this big.
    #[error("{}", too_large_text(.0, .1, .2))]
    TooLarge(i128, i128, Option<u64>),
    /// Another call of the statement may change what the rewritten cell reads, or run
    /// before the checked index panics where it ran after the original.
    #[error(
        "`{0}` at line {2}: `{1}` in the same statement is a call that may run in another order relative to the rewritten cell (Go orders calls, not variable reads)"
    )]
    EvalOrder(String, String, LineRef),
    /// A value of the owner struct (or of a type holding it) reaches code that can observe
    /// the field's type as a whole: the owner, the expression, its line.
    #[error(
        "`{1}` at line {2} may hand a whole {0} value to code that can see the field's type (printing, reflection, encoding, an interface): it would show a slice where it showed a map"
    )]
    WholeValue(String, String, LineRef),
}

impl SkipReason for Reason {
    fn tag(&self) -> &'static str {
        match self {
            Reason::Exported | Reason::ExportedType(_) => "exported",
            Reason::SeveralNames
            | Reason::HeaderDeclaration
            | Reason::VarGroup
            | Reason::Layout => "declaration-form",
            Reason::DuplicateDeclaration => "declared-twice",
            Reason::BrokenFile(_) => "file-does-not-parse",
            Reason::NotCreated | Reason::NotCreatedFirst | Reason::ZeroValue(..) => "may-be-nil",
            Reason::CreatedWithEntries(_) => "literal-with-entries",
            Reason::DimsUnknown => "dimensions-unknown",
            Reason::BadDims(_) => "bad-dims-directive",
            Reason::Use(..) | Reason::NestedUse(_) => "use-not-understood",
            Reason::RowReset(..) => "row-reset",
            Reason::Unproven(..) => "index-not-proven",
            Reason::CommaOk(..) => "comma-ok-not-proven",
            Reason::AmbiguousField(_) => "ambiguous-field",
            Reason::Comment(_) => "comment-inside-rewrite",
            Reason::SideEffect(..) => "side-effect",
            Reason::NoName => "no-free-name",
            Reason::TooLarge(..) => "too-large",
            Reason::EvalOrder(..) => "evaluation-order",
            Reason::WholeValue(..) => "whole-value-use",
        }
    }
}

/// A directive's slice over the limit, or of a size not known.
fn too_large_text(r: &i128, c: &i128, bytes: &Option<u64>) -> String {
    match bytes {
        Some(bytes) => format!(
            "the {r}x{c} slice asserted by //gomapfix:dims would allocate {} at once, where the map grew with its entries (over the {} limit for a directive without a fill loop)",
            human_bytes(*bytes),
            human_bytes(MAX_DIRECTIVE_BYTES)
        ),
        None => format!(
            "the size of the value type is not known from the source, so the {r}x{c} slice asserted by //gomapfix:dims cannot be shown to stay under {}",
            human_bytes(MAX_DIRECTIVE_BYTES)
        ),
    }
}

impl From<retype::Why> for Reason {
    fn from(why: retype::Why) -> Self {
        use retype::Why;
        match why {
            Why::Exported => Reason::Exported,
            Why::ExportedType(t) => Reason::ExportedType(t),
            Why::SeveralNames => Reason::SeveralNames,
            Why::HeaderDeclaration => Reason::HeaderDeclaration,
            Why::DuplicateDeclaration => Reason::DuplicateDeclaration,
            Why::BrokenFile(at) => Reason::BrokenFile(at),
            Why::NotCreated => Reason::NotCreated,
            Why::NotCreatedFirst => Reason::NotCreatedFirst,
            Why::CreatedWithEntries(at) => Reason::CreatedWithEntries(at),
            Why::Use(text, at) => Reason::Use(text, at),
            Why::FieldOf(what, at) => Reason::Use(format!("field of {what}"), at),
            Why::ZeroValue(text, at) => Reason::ZeroValue(text, at),
            Why::AmbiguousField(name) => Reason::AmbiguousField(name),
            Why::Layout => Reason::Layout,
            Why::VarGroup => Reason::VarGroup,
            Why::WholeValue(owner, text, at) => Reason::WholeValue(owner, text, at),
        }
    }
}
