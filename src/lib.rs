//! guidepress: a static site generator for compensation negotiation guides.
//!
//! The modules read as the pipeline: [`content`] finds and reads files,
//! [`parse`] turns each into a [`model::Guide`], [`validate`] checks the
//! figures and [`load`] does both for a whole site; [`site`] builds each
//! page's data (with the HTML pieces of [`html`]), [`render`] runs the
//! theme's templates over it, [`output`] checks links and writes, [`build`]
//! runs one build and [`serve`] rebuilds on every edit; [`export`] writes
//! the data contract and [`cli`] wires the subcommands. [`progress`] and
//! [`diagnostic`] are what every phase reports through.

pub mod alloc;
pub mod as_of;
pub mod build;
pub mod cli;
pub mod companies;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod export;
pub mod html;
pub mod load;
pub mod model;
pub mod output;
pub mod parse;
pub mod progress;
pub mod render;
pub mod serve;
pub mod signal;
pub mod site;
pub mod slug;
pub mod validate;
