//! guidepress: a static site generator for compensation negotiation guides.
//!
//! The modules read as the pipeline: [`content`] finds and reads files,
//! [`parse`] turns each into a [`model::Guide`], [`validate`] checks the
//! figures, [`export`] writes the data contract, and [`cli`] wires the
//! subcommands.

pub mod alloc;
pub mod as_of;
pub mod build;
pub mod cli;
pub mod companies;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod export;
pub mod load;
pub mod model;
pub mod output;
pub mod parse;
pub mod progress;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod validate;
