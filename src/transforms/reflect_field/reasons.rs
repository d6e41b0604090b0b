//! Why a reflect-field site is left alone: each reason's tag (what `-v` and the json
//! report group by) and its text.

use super::*;

#[derive(Debug, thiserror::Error)]
pub(super) enum Reason {
    #[error(
        "type not known: the static type of `{0}` cannot be resolved from the package's source"
    )]
    TypeUnknown(String),
    #[error("`{}` is not a non-generic struct type declared in the package", crate::syntax::ast::one_line(.0))]
    NotStruct(String),
    #[error(
        "{0} has no field {1}: the original answers an invalid Value and its terminal call panics"
    )]
    NoSuchField(String, String),
    #[error("{1} is ambiguous in {0} (or promoted from a type gomapfix cannot see)")]
    Ambiguous(String, String),
    #[error("{0} is unexported: {1} panics on it in the original")]
    Unexported(String, &'static str),
    #[error("{}", mismatch_text(.0, .1, .2))]
    Mismatch(String, String, String),
    #[error("the field is set through `{0}`, which is not addressable: the original panics")]
    NotAddressable(String),
    #[error("`{0}` (line {1}) is not a constant index")]
    NonConstIndex(String, LineRef),
    #[error("type not known: `{0}` is an interface ({1}); its dynamic type is not in the source")]
    Interface(String, String),
    #[error("`{0}` is a {1}, not a pointer: .Elem() panics in the original")]
    Deref(String, String, bool),
    /// The operand, and why it may change between the binding and the use.
    #[error(
        "reflect.ValueOf copied `{0}`, which may hold another value where the copy is read: {1}"
    )]
    Copied(String, String),
    #[error(
        "`{0}` is not a chain gomapfix understands (one field selection ending in a terminal call that `gomapfix explain reflect-field` lists)"
    )]
    Chain(String),
    #[error(
        "{0} is promoted through an embedded pointer, which may be nil (reflect and a selector panic differently)"
    )]
    ThroughPointer(String),
    #[error("the constant {0} cannot be represented in {1}: the rewrite would not compile")]
    Unrepresentable(String, String),
    /// Representable where int is 64 bits, not where it is 32 (386, arm), where the
    /// original compiles and truncates.
    #[error(
        "the constant {0} cannot be represented in {1} where int, uint and uintptr are 32 bits (386, arm): the rewrite would not compile there"
    )]
    Unrepresentable32(String, String),
    /// A setter's value not known to be a variable: a constant, or an expression with an
    /// untyped constant the conversion would type as the field (`256 >> n`).
    #[error(
        "`{0}` may be a constant, or hold an untyped one that takes the type {1} in the conversion, which {1} may not represent: the rewrite might not compile"
    )]
    MaybeConstant(String, String),
    #[error("no generated accessor: {0}")]
    Accessor(String),
    #[error("the kind of {0}'s type {1} is not known from the source ({2})")]
    KindUnknown(String, String, String),
    #[error("the rewrite needs `{0}`, which a declaration at the site shadows")]
    Shadowed(String),
    #[error("`{0}` is not addressable, so the accessor cannot be given its address")]
    Unaddressable(String),
    #[error(
        "the Value holds what `{0}` pointed to at the binding, and `{0}` may point elsewhere at the use: {1}"
    )]
    Repointed(String, String),
    #[error("`{0}` is used at line {1} other than in a field chain ending in a terminal call")]
    BindingUse(String, LineRef),
    /// Two chains through one binding nest in one expression.
    #[error(
        "two chains through `{0}` nest in one expression at line {1}; rewrite them by hand or split the statement"
    )]
    Nested(String, LineRef),
    #[error(
        "`{0}` points to a {1}: after one .Elem() the Value is still a pointer, and selecting a field on it panics in the original"
    )]
    PointerToPointer(String, String),
    /// `v := reflect.ValueOf(f())`: a call's result bound, read through the binding.
    /// The binding is not a statement of its own: an if/for/switch header, or a labelled
    /// statement (removing it would remove the label).
    #[error(
        "the binding `{0}` is declared {1}; only a binding that is a statement of its own is removed"
    )]
    BindingForm(String, &'static str),
    #[error(
        "the binding holds the result of `{0}`, called once: a field access at each use would call it again"
    )]
    BoundCall(String),
    /// The rewritten read or store, and the other call of its statement that may change
    /// what it reads or where it stores.
    #[error(
        "`{0}`: `{1}` at line {2} is a call that may change what the field access reads or where it stores, and the rewrite moves the access relative to it (Go orders calls, not variable reads)"
    )]
    EvalOrder(String, String, LineRef),
}

impl From<FieldsError> for Reason {
    fn from(e: FieldsError) -> Self {
        match e {
            FieldsError::NotStruct(t) => Reason::NotStruct(t),
            FieldsError::Foreign(t, what) => Reason::Ambiguous(t, what),
        }
    }
}

impl SkipReason for Reason {
    fn tag(&self) -> &'static str {
        match self {
            Reason::TypeUnknown(_) => "type-not-known",
            Reason::NotStruct(_) => "not-a-package-struct",
            Reason::NoSuchField(..) | Reason::Ambiguous(..) => "no-such-field",
            Reason::Unexported(..) => "unexported-field",
            Reason::Mismatch(..) => "kind-mismatch",
            Reason::NotAddressable(_) => "not-addressable",
            Reason::NonConstIndex(..) => "non-constant-index",
            Reason::Interface(..) => "type-not-known",
            Reason::Deref(..) => "kind-mismatch",
            Reason::Copied(..) => "copied-then-written",
            Reason::Chain(_) => "chain-not-understood",
            Reason::ThroughPointer(_) => "embedded-pointer",
            Reason::Unrepresentable(..)
            | Reason::Unrepresentable32(..)
            | Reason::MaybeConstant(..) => "unrepresentable-constant",
            Reason::Accessor(_) => "no-accessor",
            Reason::KindUnknown(..) => "kind-not-known",
            Reason::Shadowed(_) => "name-shadowed",
            Reason::Unaddressable(_) => "not-addressable",
            Reason::Repointed(..) => "copied-then-written",
            Reason::BindingUse(..) => "chain-not-understood",
            Reason::Nested(..) => "chains-nest",
            Reason::PointerToPointer(..) => "kind-mismatch",
            Reason::BoundCall(_) => "bound-call",
            Reason::BindingForm(..) => "declaration-form",
            Reason::EvalOrder(..) => "evaluation-order",
        }
    }
}

/// A terminal that does not match the field's kind: `.String()` answers a placeholder
/// string; `.Bytes()` and `.Len()` answer for some kinds the rewrite does not take (an
/// addressable byte array, a pointer to an array, by the Go release); every other one
/// panics.
fn mismatch_text(n: &str, ty: &str, m: &str) -> String {
    match m {
        "String()" => format!(
            "{m} does not match the kind of {n} ({ty}): the original answers a \"<{ty} Value>\" string"
        ),
        "Bytes()" | "Len()" => format!(
            "{m} on {n} ({ty}) is not a form the rewrite takes: the original answers or panics by the Value's kind, its addressability and the Go release"
        ),
        _ => format!("{m} does not match the kind of {n} ({ty}): the original panics"),
    }
}
