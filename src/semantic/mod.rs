//! The facts about a package that the transforms' proofs rest on, shared by all of them
//! instead of each carrying its own copy, built once per package round: resolution
//! (`scope` inside functions, `index` at package level), constants (`consts`), types
//! (`ty`, resolved to package paths, with sizes; `selectors`, fields and methods by Go's
//! rules and static types), data flow inside a function (`cfg`, `flow`: may-change-between
//! and reaching definitions; `order`, evaluation order inside one statement), counting
//! loops (`loops`), the values the grammar reads as types (`misread`), the compiler's escape
//! facts (`escapes`), pprof profiles' weights (`profile`) and what the functions of other packages keep of their arguments
//! by them (`callees`), and the round's model of a package that holds them (`context`).

pub(crate) mod callees;
pub(crate) mod cfg;
pub(crate) mod consts;
pub(crate) mod context;
pub(crate) mod escapes;
pub(crate) mod flow;
pub(crate) mod imported;
pub(crate) mod index;
pub(crate) mod loops;
pub(crate) mod misread;
pub(crate) mod order;
pub(crate) mod profile;
pub(crate) mod scope;
pub(crate) mod selectors;
pub(crate) mod ty;
