//! The lowest layer: Go source as text and trees. Reading files (`source`), the grammar and
//! its syntax problems (`parse`), node helpers (`ast`), comments and `//gomapfix:` directives,
//! build constraints and Go versions (`build`), packages of parsed files (`package`), and
//! `gofmt` as the judge of what is Go. Nothing here knows what a name means.

pub(crate) mod ast;
pub(crate) mod build;
pub(crate) mod comments;
pub(crate) mod directives;
pub(crate) mod gofmt;
pub(crate) mod imports;
pub(crate) mod package;
pub(crate) mod parse;
pub(crate) mod source;
pub(crate) mod validate;
