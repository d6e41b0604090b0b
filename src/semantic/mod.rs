//! The facts about a package that the transforms' proofs rest on, shared by all of them
//! instead of each carrying its own copy. It grows with the model issue 10 describes
//! (resolution, constants, types, data flow, counting loops, build context); what is here
//! now is the build context of a file, constants, counting loops, selectors and static
//! types by Go's rules, the control-flow graph of one function and the data flow over it,
//! and evaluation order inside one statement.

pub(crate) mod build;
pub(crate) mod cfg;
pub(crate) mod consts;
pub(crate) mod flow;
pub(crate) mod loops;
pub(crate) mod order;
pub(crate) mod selectors;
pub(crate) mod ty;
