//! Why a map-value-boundary site is left alone: each reason's tag (what `-v` and the json
//! report group by) and its text.

use super::retype::{Shared, Why};
use crate::fix::edit::{LineRef, SkipReason};

/// Why a map with big values is left alone.
#[derive(Debug, thiserror::Error)]
pub(super) enum Reason {
    /// Worded alike by both retyping transforms.
    #[error(transparent)]
    Shared(Shared),
    #[error(
        "the size of {0} is not known from the source ({1}), so it cannot be shown to be over the 128-byte limit"
    )]
    SizeUnknown(String, String),
    #[error("the module's go version is below go1.18, which the generic slab needs")]
    GoVersion,
    #[error(
        "`{0}` at line {1} ranges over the map: its rewrite `range m.All()` needs range-over-func, go1.23, and the file's go version (the module's, or its //go:build line's) is older"
    )]
    RangeBelowGo123(String, LineRef),
    #[error("the generated slab cannot be named in this package: {0}")]
    SlabNames(String),
    #[error(
        "a field of {0} (declared at line {1}): gomapfix retypes fields of named, non-generic structs declared at the package level"
    )]
    FieldOf(&'static str, LineRef),
    #[error(
        "`{0}` at line {1} hands the map to other code (an argument, a result, an assignment): that code would get a *slabMap"
    )]
    PassedOrReturned(String, LineRef),
    #[error("`{0}` at line {1} takes the map's address")]
    AddressTaken(String, LineRef),
    #[error(
        "`{0}` at line {1} compares the map with nil (left to the reader: the slab is nil exactly when the map was, but gomapfix does not rewrite comparisons)"
    )]
    NilComparison(String, LineRef),
    /// The machinery asked where the map is created, which only nested-map needs.
    #[error("its creation is not one the rewrite understands")]
    Creation,
    #[error(
        "`{1}` at line {2} may hand a whole {0} value to code that can see the field's type (printing, reflection, encoding, an interface): it would show a pointer where it showed a map"
    )]
    WholeValue(String, String, LineRef),
    #[error(
        "`{0}` at line {2}: `{1}` in the same statement is a call that may change the map, and the rewritten read or write is a call ordered against it where the map access was not (Go orders calls, not map reads)"
    )]
    EvalOrder(String, String, LineRef),
    #[error(
        "`{0}` at line {1}: {2} names something else there, so the rewrite cannot name the slab"
    )]
    NameShadowed(String, LineRef, String),
    #[error(
        "`{0}` at line {1} moves into a call, and gomapfix does not know how gofmt lays it out there (a line break, a comment, a form it does not model)"
    )]
    LayoutNotModelled(String, LineRef),
    #[error(
        "its size hint `{0}` at line {1} is of a type int may not hold (uint, uint64, uintptr, or one whose type the source does not tell): newSlabMap takes an int, and a hint wrapped negative would panic where make did not"
    )]
    SizeHint(String, LineRef),
    #[error(
        "{0} does not parse, so the package's generated slab, which the rewrite needs, cannot be rendered"
    )]
    SlabNotRendered(String),
    #[error(
        "{0} exists and is not gomapfix's: the rewrite needs the generated slab in a file of that name"
    )]
    GeneratedFileTaken(String),
    #[error(
        "`{0}` at line {1} clears the map: the generated slab is compiled at the module's go version, below go1.21, and has no Clear"
    )]
    ClearBelowGo121(String, LineRef),
    #[error(
        "`{0}` at line {1}: Go does not evaluate the map read there (the length of an array is a constant), and the rewritten call would be evaluated"
    )]
    NotEvaluated(String, LineRef),
    #[error(
        "`{0}` at line {1} assigns the comma-ok result to a variable not known to be a plain bool: an untyped boolean may go into a defined boolean type, Lookup's bool may not"
    )]
    UntypedResult(String, LineRef),
    #[error(
        "`{0}` at line {2}: the key may change or panic across `{1}`, a call in the same statement; gc evaluates the key before that call, and the rewritten method call would evaluate it after"
    )]
    KeyOrder(String, String, LineRef),
    #[error(
        "its key type {0} may hold an interface, which satisfies the slab's comparable constraint only from go1.20, and the module's go version is older"
    )]
    KeyNotComparable(String),
    #[error(
        "its values are {0} bytes: the slab passes them by value, and one over 64 MiB would near the compiler's 1 GB stack frame limit"
    )]
    TooLarge(u64),
    #[error(
        "{0} holds {1}, a lock (it has Lock and Unlock methods): go vet reports a copy of it out of a map read, and not out of the rewritten call's result"
    )]
    HoldsLock(String, String),
    #[error(
        "`{0}` at line {1} is in the body of a range over the map: over the slab's All that body is a function of its own, where recover() no longer stops the panic"
    )]
    RecoverInRange(String, LineRef),
    #[error(
        "{0}: the generated slab, which has no build constraint, would not be compiled with it as the rewrite needs"
    )]
    BuildConstrained(String),
}

impl SkipReason for Reason {
    fn tag(&self) -> &'static str {
        match self {
            Reason::Shared(s) => s.tag(),
            Reason::SizeUnknown(..) => "size-unknown",
            Reason::GoVersion | Reason::RangeBelowGo123(..) | Reason::ClearBelowGo121(..) => {
                "go-version"
            }
            Reason::SlabNotRendered(_) => "file-does-not-parse",
            Reason::GeneratedFileTaken(_) => "generated-file-taken",
            Reason::NotEvaluated(..) => "not-evaluated",
            Reason::UntypedResult(..) => "untyped-result",
            Reason::KeyOrder(..) => "evaluation-order",
            Reason::KeyNotComparable(_) => "go-version",
            Reason::TooLarge(_) => "too-large",
            Reason::HoldsLock(..) => "holds-lock",
            Reason::RecoverInRange(..) => "recover-in-range",
            Reason::BuildConstrained(_) => "build-constrained",
            Reason::SlabNames(_) | Reason::NameShadowed(..) => "name-shadowed",
            Reason::FieldOf(..) => "declaration-form",
            Reason::PassedOrReturned(..) => "passed-or-returned",
            Reason::AddressTaken(..) => "address-taken",
            Reason::NilComparison(..) => "nil-comparison",
            Reason::Creation => "use-not-understood",
            Reason::LayoutNotModelled(..) => "layout-not-modelled",
            Reason::SizeHint(..) => "size-hint",
            Reason::WholeValue(..) => "whole-value-use",
            Reason::EvalOrder(..) => "evaluation-order",
        }
    }
}

impl From<Why> for Reason {
    fn from(why: Why) -> Self {
        match why {
            Why::Shared(s) => Reason::Shared(s),
            Why::FieldOf(what, at) => Reason::FieldOf(what, at),
            Why::WholeValue(owner, text, at) => Reason::WholeValue(owner, text, at),
            // A nil slab reads as the nil map did: the machinery asks about creation only
            // for nested-map, and a use or zero value it cannot place is not understood.
            Why::ZeroValue(text, at) => Reason::Shared(Shared::Use(text, at)),
            Why::NotCreated | Why::NotCreatedFirst => Reason::Creation,
        }
    }
}
