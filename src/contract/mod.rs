//! Message contracts: loading, compiling and validating (issue 5).
pub mod cli;
