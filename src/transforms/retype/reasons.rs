//! Why a retyped target is left alone, as the shared machinery finds it. The reasons both
//! retyping transforms give in the same words are [`Shared`], given as they are; the
//! others ([`Why`]'s own variants) each transform words for what its rewrite would show.

use crate::fix::edit::{LineRef, SkipReason};

/// The reasons nested-map and map-value-boundary give in the same words and tags.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Shared {
    #[error("changing the type of an exported variable or field would break the package's API")]
    Exported,
    #[error("declared together with other names in one statement")]
    SeveralNames,
    /// Declared in an if/for/switch header.
    #[error("declared in an if/for/switch header")]
    HeaderDeclaration,
    /// A package variable declared more than once (build tags).
    #[error(
        "declared more than once in the package (build tags?): not every declaration can be seen together"
    )]
    DuplicateDeclaration,
    /// A file of the package does not parse (where).
    #[error("{0} does not parse, so not every use of a package-level target can be seen")]
    BrokenFile(String),
    #[error("created at line {0} by a literal with entries")]
    CreatedWithEntries(LineRef),
    /// A use the transform does not understand: its text and line.
    #[error("`{0}` at line {1} is a use the rewrite does not understand")]
    Use(String, LineRef),
    /// Another struct or method has the field's name.
    #[error(
        "another struct or method in the package is also named {0}, so its selectors cannot be told apart"
    )]
    AmbiguousField(String),
    /// A variable declared with its type in a `var ( ... )` group of several.
    #[error(
        "declared with its type inside a var ( ... ) group, whose alignment gomapfix does not re-render"
    )]
    VarGroup,
    /// The struct's layout is not one the field retyping re-renders.
    #[error(
        "its struct has multi-line fields or inline comments, whose alignment gomapfix does not re-render"
    )]
    Layout,
    /// Two edits of one fix overlap (see `retype::overlap`).
    #[error("uses nest inside each other at line {0}")]
    NestedUse(LineRef),
    #[error("a comment at line {0} sits inside an expression the rewrite replaces")]
    Comment(LineRef),
}

impl SkipReason for Shared {
    fn tag(&self) -> &'static str {
        match self {
            Shared::Exported => "exported",
            Shared::SeveralNames
            | Shared::HeaderDeclaration
            | Shared::VarGroup
            | Shared::Layout => "declaration-form",
            Shared::DuplicateDeclaration => "declared-twice",
            Shared::BrokenFile(_) => "file-does-not-parse",
            Shared::CreatedWithEntries(_) => "literal-with-entries",
            Shared::Use(..) | Shared::NestedUse(_) => "use-not-understood",
            Shared::AmbiguousField(_) => "ambiguous-field",
            Shared::Comment(_) => "comment-inside-rewrite",
        }
    }
}

/// A reason found by the shared machinery: one worded alike by both transforms, or one
/// each words for itself.
#[derive(Debug)]
pub(crate) enum Why {
    Shared(Shared),
    /// A field of a struct that is not a named, non-generic package-level type: what it
    /// is (`an anonymous struct`, `a generic struct`) and where.
    FieldOf(&'static str, LineRef),
    /// A package variable not created where it is declared.
    NotCreated,
    /// A local whose creation does not run before every use.
    NotCreatedFirst,
    /// A value of the owner made with the field's zero value: the text and line.
    ZeroValue(String, LineRef),
    /// A whole owner value may reach code that sees the field's type: owner, text, line.
    WholeValue(String, String, LineRef),
}

impl From<Shared> for Why {
    fn from(s: Shared) -> Why {
        Why::Shared(s)
    }
}
