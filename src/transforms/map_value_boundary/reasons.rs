//! Why a map-value-boundary site is left alone: each reason's tag (what `-v` and the json
//! report group by) and its text.

use super::retype::Why;
use crate::fix::edit::{LineRef, SkipReason};

/// Why a map with big values is left alone.
#[derive(Debug, thiserror::Error)]
pub(super) enum Reason {
    #[error(
        "the size of {0} is not known from the package's source (a type of another package, a type parameter, an array length that is not a constant), so it cannot be shown to be over the 128-byte limit"
    )]
    SizeUnknown(String),
    #[error("the module's go version is below go1.18, which the generic slab needs")]
    GoVersion,
    #[error(
        "`{0}` at line {1} ranges over the map: its rewrite `range m.All()` needs range-over-func, go1.23, and the file's go version (the module's, or its //go:build line's) is older"
    )]
    RangeBelowGo123(String, LineRef),
    #[error("the generated slab cannot be named in this package: {0}")]
    SlabNames(String),
    #[error("changing the type of an exported variable or field would break the package's API")]
    Exported,
    #[error(
        "its type {0} is exported: code outside the package can print or reflect over its values, and would see a pointer where it saw a map"
    )]
    ExportedType(String),
    #[error("declared together with other names in one statement")]
    SeveralNames,
    #[error(
        "a field of {0} (declared at line {1}): gomapfix retypes fields of named, non-generic structs declared at the package level"
    )]
    FieldOf(&'static str, LineRef),
    #[error("declared in an if/for/switch header")]
    HeaderDeclaration,
    #[error(
        "declared with its type inside a var ( ... ) group, whose alignment gomapfix does not re-render"
    )]
    VarGroup,
    #[error(
        "its struct has multi-line fields or inline comments, whose alignment gomapfix does not re-render"
    )]
    Layout,
    #[error(
        "declared more than once in the package (build tags?): not every declaration can be seen together"
    )]
    DuplicateDeclaration,
    #[error("{0} does not parse, so not every use of a package-level target can be seen")]
    BrokenFile(String),
    #[error("created at line {0} by a literal with entries")]
    CreatedWithEntries(LineRef),
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
    #[error("`{0}` at line {1} is a use the rewrite does not understand")]
    Use(String, LineRef),
    /// The machinery asked where the map is created, which only nested-map needs.
    #[error("its creation is not one the rewrite understands")]
    Creation,
    #[error(
        "another struct or method in the package is also named {0}, so its selectors cannot be told apart"
    )]
    AmbiguousField(String),
    #[error(
        "`{1}` at line {2} may hand a whole {0} value to code that can see the field's type (printing, reflection, encoding, an interface): it would show a pointer where it showed a map"
    )]
    WholeValue(String, String, LineRef),
    #[error("a comment at line {0} sits inside an expression the rewrite replaces")]
    Comment(LineRef),
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
    #[error("uses nest inside each other at line {0}")]
    NestedUse(LineRef),
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
            Reason::SizeUnknown(_) => "size-unknown",
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
            Reason::Exported | Reason::ExportedType(_) => "exported",
            Reason::SeveralNames
            | Reason::FieldOf(..)
            | Reason::HeaderDeclaration
            | Reason::VarGroup
            | Reason::Layout => "declaration-form",
            Reason::DuplicateDeclaration => "declared-twice",
            Reason::BrokenFile(_) => "file-does-not-parse",
            Reason::CreatedWithEntries(_) => "literal-with-entries",
            Reason::PassedOrReturned(..) => "passed-or-returned",
            Reason::AddressTaken(..) => "address-taken",
            Reason::NilComparison(..) => "nil-comparison",
            Reason::Use(..) | Reason::NestedUse(_) | Reason::Creation => "use-not-understood",
            Reason::LayoutNotModelled(..) => "layout-not-modelled",
            Reason::SizeHint(..) => "size-hint",
            Reason::AmbiguousField(_) => "ambiguous-field",
            Reason::WholeValue(..) => "whole-value-use",
            Reason::Comment(_) => "comment-inside-rewrite",
            Reason::EvalOrder(..) => "evaluation-order",
        }
    }
}

impl From<Why> for Reason {
    fn from(why: Why) -> Self {
        match why {
            Why::Exported => Reason::Exported,
            Why::ExportedType(t) => Reason::ExportedType(t),
            Why::SeveralNames => Reason::SeveralNames,
            Why::HeaderDeclaration => Reason::HeaderDeclaration,
            Why::FieldOf(what, at) => Reason::FieldOf(what, at),
            Why::DuplicateDeclaration => Reason::DuplicateDeclaration,
            Why::BrokenFile(at) => Reason::BrokenFile(at),
            Why::CreatedWithEntries(at) => Reason::CreatedWithEntries(at),
            Why::AmbiguousField(name) => Reason::AmbiguousField(name),
            Why::Layout => Reason::Layout,
            Why::VarGroup => Reason::VarGroup,
            Why::WholeValue(owner, text, at) => Reason::WholeValue(owner, text, at),
            // A nil slab reads as the nil map did: the machinery asks about creation only
            // for nested-map, and a use or zero value it cannot place is not understood.
            Why::Use(text, at) | Why::ZeroValue(text, at) => Reason::Use(text, at),
            Why::NotCreated | Why::NotCreatedFirst => Reason::Creation,
        }
    }
}
