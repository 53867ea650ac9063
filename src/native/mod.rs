//! Native messaging at run time: the framing codec, validating middleware for Rust hosts,
//! and the validating proxy for hosts in any language (issue 6).
pub mod cli;
pub mod codec;
