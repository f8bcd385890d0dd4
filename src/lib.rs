//! guidepress: a static site generator for compensation negotiation guides.
//!
//! The modules read as the pipeline, each using only those after it
//! (`bench/module-graph.py` checks this in CI): [`cli`] wires the
//! subcommands; [`serve`] keeps a site's sources, a build cache and the
//! folder it serves, and rebuilds on every edit; [`build`] is the one
//! build pipeline both `build` and `serve` run (sources, a cache of what
//! the last build may lend, a sink); [`load`] reads a whole site
//! ([`content`] finds and reads files, [`parse`] turns each into a
//! [`model::Guide`], [`validate`] checks the figures); [`output`] checks
//! links and writes the output dir; [`render`] runs the theme's templates
//! over each page's data and makes the site-wide files (with [`export`]'s
//! data contract); [`site`] is the page graph, each page's data built with
//! the HTML pieces of [`html`]. Below them all, [`progress`],
//! [`diagnostic`], [`config`] and the other leaves are what every phase
//! uses.

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
