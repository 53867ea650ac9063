//! Native messaging at run time: the framing codec, validating middleware for Rust hosts,
//! and the validating proxy for hosts in any language (issue 6).
#[cfg(feature = "async")]
pub mod async_host;
pub mod cli;
pub mod codec;
pub mod middleware;

pub use middleware::{default_error_reply, ErrorReason, ErrorReport, HandlerError, Middleware};
pub mod install;
pub mod proxy;
