//! gclint: a static analyzer for Genesys Cloud apps. It reads the app's
//! manifest and source code, resolves every Platform API call against a
//! database built from Genesys's swagger, and reports which scope or
//! permission each call needs and whether the app's configuration grants it.
//!
//! Data flow (DESIGN.md, docs/architecture.md): [`load`] walks the paths
//! ([`discover`]), reads definitions ([`manifest`], [`config`], [`parse`])
//! and code ([`scan`]) into the [`model`] and links each call to its
//! clients; [`check`] runs the [`rules`] and the policy; [`fix`] applies
//! the fixes rules attach ([`edit`]); [`privilege`] computes
//! least-privilege scopes and roles; [`access`] compares what two
//! revisions grant and need. [`analysis`] is the library the front doors
//! ([`cli`], [`lsp`], [`mcp`]) call: each analysis takes options read from
//! `gclint.toml` ([`settings`]) and returns data, which [`report`]
//! renders. Every module imports only the layers below it
//! (`tests/architecture.rs`).

pub mod access;
pub mod analysis;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod db;
pub mod diagnostic;
pub mod discover;
pub mod edit;
pub mod files;
pub mod fix;
pub mod generated;
pub mod import;
pub mod load;
pub mod lsp;
pub mod manifest;
pub mod mcp;
pub mod model;
pub mod parallel;
pub mod parse;
pub mod privilege;
pub mod report;
pub mod rules;
pub mod scan;
pub mod settings;
pub mod source;
pub mod suppress;
