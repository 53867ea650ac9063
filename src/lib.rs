//! msglint: static analysis and run-time validation for browser-extension messaging.
//!
//! The pipeline of `msglint check` is `discover` (manifests, contexts, files) ->
//! `parse` (swc, once per file) -> `semantic` (aliases, listener model) -> `rules`
//! (per file in parallel, then per extension) -> `report` (pretty, JSON, SARIF, ...).
//! `contract` and `native` are the schema engine and the native-messaging run time.

pub mod alloc;
pub mod analysis;
pub mod check;
pub mod cli;
pub mod config;
pub mod contract;
pub mod diagnostic;
pub mod discover;
pub mod native;
pub mod parse;
pub mod report;
pub mod resolve;
pub mod rules;
pub mod semantic;
pub mod source;
pub mod suppress;
pub mod taint;
pub mod uri;
