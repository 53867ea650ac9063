//! Native messaging at run time: framing codec, host middleware, proxy (issue 6).
pub mod cli;
