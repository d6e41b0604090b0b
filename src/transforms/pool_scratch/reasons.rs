//! Why a pool-scratch site is left alone: each reason's tag (what `-v` and the json
//! report group by) and its text.

use super::*;

/// Why a scratch site is left alone.
#[derive(Debug, Clone, thiserror::Error)]
pub(super) enum Reason {
    #[error(
        "the function uses goto and the statement may run again (it is in a loop or on a goto's cycle): how its Gets and deferred Puts pile up is not followed"
    )]
    Goto,
    #[error(
        "its type {0} names something declared in the function: a package-level pool cannot name it"
    )]
    LocalType(String),
    #[error("returned at line {0}: it outlives the call")]
    Returned(LineRef),
    #[error("stored in {0} at line {1}: it may outlive the call")]
    Stored(String, LineRef),
    #[error(
        "stored at line {1} in `{0}`, declared outside the loop that holds the site: the next iteration would overwrite what it holds"
    )]
    StoredOutside(String, LineRef),
    #[error(
        "stored at line {1} in `{0}`, declared before the site: a deferred call or goroutine started before it could read the array after it went back to the pool"
    )]
    DeclaredBefore(String, LineRef),
    #[error("a comment inside the declaration would be lost when it is rewritten")]
    Comment,
    #[error(
        "the size hint `{0}` is not a constant: the pool makes its maps without it, and dropping it would drop what evaluating it can do (panic on a negative size, call, receive)"
    )]
    SizeHint(String),
    #[error(
        "captured at line {0} by a function literal that is neither called at once nor deferred"
    )]
    Captured(LineRef),
    #[error("used by a go statement at line {0}: the goroutine may outlive the call")]
    Goroutine(LineRef),
    #[error(
        "used by a deferred call at line {0} inside the loop: it would run after later iterations reused the array"
    )]
    DeferInLoop(LineRef),
    #[error("passed to {0} at line {1}, which is not known not to retain it")]
    PassedTo(String, LineRef),
    #[error(
        "passed to {0} at line {2}, which may keep it: the compiler cannot show it does not ({1})"
    )]
    KeptBy(String, String, LineRef),
    #[error("passed to {0}, where it is {1}")]
    Retained(String, Box<Reason>),
    #[error("used as `{0}` at line {1}, which is not understood")]
    Use(String, LineRef),
    /// `make([]T, n, N)` with `n` not a constant.
    #[error(
        "the length `{0}` is not a constant: out of range, make panics with `makeslice: len out of range` and the pooled array's slice with another message"
    )]
    Length(String),
    /// A method taken (called or as a value) on an element of the buffer.
    #[error(
        "`{0}` at line {1} takes a method of an element, whose pointer receiver may keep the element's address"
    )]
    ElementMethod(String, LineRef),
    #[error("reassigned at line {0} to something not derived from it")]
    Reassigned(LineRef),
    #[error(
        "appended to at line {0} while its length is its capacity: append copies it into a new heap array every time, so a pool saves nothing"
    )]
    AppendReallocates(LineRef),
    #[error(
        "made once per call and cleared in the loop at line {0}, which reuses it across its turns: the form wanted for a loop (a pool would add package state to save one allocation a call)"
    )]
    ReusedInLoop(LineRef),
    #[error(
        "its array is {0} bytes, over the 64 KiB a pool may keep alive across garbage collections (fmt drops its buffers over that size for the same reason)"
    )]
    TooBigToPool(u64),
    #[error(
        "its array is {0} bytes without pointers, which Go's tiny allocator packs into a shared 16-byte block for about what a pool's Get and Put cost: one allocation less a call, no faster"
    )]
    TooSmallToPool(u64),
    #[error("the compiler keeps it on the stack ({0}): pooling it would make it slower")]
    StaysOnStack(String),
    #[error("no evidence that it allocates: {0} and it is not passed through an interface call")]
    NoEvidence(NoVerdict),
    #[error("no evidence that it allocates: {0} and it is not filled in a loop")]
    MapNotFilled(NoVerdict),
    /// The map's values are over the inline limit: each entry is a heap object of its own,
    /// pooled map or not; map-value-boundary takes the map.
    #[error(
        "its values are {0} bytes, over the 128-byte limit a map stores inline: each entry is a heap object of its own whether the map is pooled or not; map-value-boundary takes this map"
    )]
    ValuesOutside(u64),
    #[error(
        "filled by the loop at line {0}, which runs at most 8 times: a map that small stays in one group on the stack"
    )]
    SmallLoop(LineRef),
    #[error("the file's go version (the module's, or its //go:build line's) is too old for {0}")]
    OldGo(&'static str),
    #[error(
        "`{0}` is declared in the package or the function, or names another import: the rewrite could not name the builtin or package"
    )]
    NameShadowed(&'static str),
}

/// Why there is no compiler verdict for a site.
#[derive(Debug, Clone, Copy)]
pub(super) enum NoVerdict {
    /// The run has no compiler evidence.
    NotAsked,
    /// The compiler ran and said nothing of it: `go build` does not compile `_test.go`
    /// files, nor a package that does not build or is not built for this platform (named
    /// among the run's problems).
    NotSaid,
}

impl std::fmt::Display for NoVerdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoVerdict::NotAsked => write!(f, "no compiler verdict for it (run with --escapes)"),
            NoVerdict::NotSaid => write!(
                f,
                "the compiler said nothing of it (it compiles no file its build constraints leave out for this platform and tags, no _test.go file without --include-tests, and no package that does not build)"
            ),
        }
    }
}

impl SkipReason for Reason {
    fn tag(&self) -> &'static str {
        match self {
            Reason::Goto => "goto",
            Reason::LocalType(_) => "local-type",
            Reason::Returned(_) => "returned",
            Reason::Stored(..) => "stored",
            Reason::StoredOutside(..) | Reason::DeclaredBefore(..) => "stored-outside",
            Reason::Comment => "comment-inside-rewrite",
            Reason::SizeHint(_) => "size-hint",
            Reason::Captured(_) => "captured",
            Reason::Goroutine(_) => "captured-by-goroutine",
            Reason::DeferInLoop(_) => "deferred-in-loop",
            Reason::PassedTo(..) => "passed-to-unknown",
            Reason::Retained(..) | Reason::KeptBy(..) => "retained-by-callee",
            Reason::Use(..) | Reason::ElementMethod(..) => "use-not-understood",
            Reason::Reassigned(_) => "reassigned",
            Reason::AppendReallocates(_) => "append-reallocates",
            Reason::StaysOnStack(_) => "does-not-escape",
            Reason::ReusedInLoop(_) => "reused-in-loop",
            Reason::TooBigToPool(_) => "too-big-to-pool",
            Reason::TooSmallToPool(_) => "too-small-to-pool",
            Reason::NoEvidence(_) | Reason::MapNotFilled(_) => "no-evidence",
            Reason::ValuesOutside(_) => "values-outside-map",
            Reason::SmallLoop(_) => "small-map",
            Reason::OldGo(_) => "go-version",
            Reason::NameShadowed(_) => "name-shadowed",
            Reason::Length(_) => "length-not-constant",
        }
    }
}
