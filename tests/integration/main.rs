//! One integration-test binary (as mdBook does): a fixture harness and a
//! module per area.

mod harness;

mod build;
mod cli;
mod diagnostics;
mod docs;
mod export;
mod incremental;
mod progress;
mod scaffold;
mod sections;
mod serve;
