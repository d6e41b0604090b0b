//! Why a nested-map site is left alone: each reason's tag (what `-v` and the json
//! report group by) and its text.

use super::*;

/// Why a nested map is left alone.
#[derive(Debug, thiserror::Error)]
pub(super) enum Reason {
    /// Worded alike by both retyping transforms.
    #[error(transparent)]
    Shared(Shared),
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
    #[error("dimensions unknown: assert them with //gomapfix:dims ROWS COLS")]
    DimsUnknown,
    #[error("{0}: ROWS and COLS must be positive integer constants (literals or constant names)")]
    BadDims(String),
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
    #[error("`{0}` at line {1} would no longer be evaluated, and it may have an effect")]
    SideEffect(String, LineRef),
    #[error("no free name for the generated constant or index function")]
    NoName,
    /// A `//gomapfix:dims` directive whose line holds no target.
    #[error(
        "the //gomapfix:dims directive stands on no target: a map[K]map[K]V of one integer key type, declared here, and created by make or an empty literal"
    )]
    DimsWithoutTarget,
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
            Reason::Shared(s) => s.tag(),
            Reason::NotCreated | Reason::NotCreatedFirst | Reason::ZeroValue(..) => "may-be-nil",
            Reason::DimsUnknown => "dimensions-unknown",
            Reason::BadDims(_) => "bad-dims-directive",
            Reason::RowReset(..) => "row-reset",
            Reason::Unproven(..) => "index-not-proven",
            Reason::CommaOk(..) => "comma-ok-not-proven",
            Reason::SideEffect(..) => "side-effect",
            Reason::NoName => "no-free-name",
            Reason::DimsWithoutTarget => "dims-without-target",
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
            Why::Shared(s) => Reason::Shared(s),
            Why::NotCreated => Reason::NotCreated,
            Why::NotCreatedFirst => Reason::NotCreatedFirst,
            Why::FieldOf(what, at) => {
                Reason::Shared(retype::Shared::Use(format!("field of {what}"), at))
            }
            Why::ZeroValue(text, at) => Reason::ZeroValue(text, at),
            Why::WholeValue(owner, text, at) => Reason::WholeValue(owner, text, at),
        }
    }
}
