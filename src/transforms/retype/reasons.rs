//! Why a retyped target is left alone, as the shared machinery finds it; each transform
//! turns these into its own reasons (its texts, its tags).

use crate::fix::edit::LineRef;

/// A reason found by the shared machinery.
#[derive(Debug)]
pub(crate) enum Why {
    /// An exported variable or field.
    Exported,
    /// A field of an exported struct type (its name).
    ExportedType(String),
    /// Declared together with other names.
    SeveralNames,
    /// A field of a struct that is not a named, non-generic package-level type: what it
    /// is (`an anonymous struct`, `a generic struct`) and where.
    FieldOf(&'static str, LineRef),
    /// Declared in an if/for/switch header.
    HeaderDeclaration,
    /// A package variable declared more than once (build tags).
    DuplicateDeclaration,
    /// A file of the package does not parse (where).
    BrokenFile(String),
    /// A package variable not created where it is declared.
    NotCreated,
    /// A local whose creation does not run before every use.
    NotCreatedFirst,
    /// Created by a literal with entries.
    CreatedWithEntries(LineRef),
    /// A use the transform does not understand: its text and line.
    Use(String, LineRef),
    /// A value of the owner made with the field's zero value: the text and line.
    ZeroValue(String, LineRef),
    /// Another struct or method has the field's name.
    AmbiguousField(String),
    /// The struct's layout is not one the field retyping re-renders.
    Layout,
    /// A variable declared with its type in a `var ( ... )` group of several.
    VarGroup,
    /// A whole owner value may reach code that sees the field's type: owner, text, line.
    WholeValue(String, String, LineRef),
}
