//! One integration-test binary (as mdBook does): a fixture harness and a
//! module per area.

mod harness;

// The fuzz targets' checks, run here on generated input and past findings.
#[path = "../../fuzz/checks.rs"]
mod checks;

mod build;
mod charts;
mod cli;
mod diagnostics;
mod docs;
mod export;
mod faults;
mod feed;
mod figures;
mod hostile;
mod incremental;
mod offers;
mod phones;
mod progress;
mod properties;
mod scaffold;
mod sections;
mod serve;
mod tables;
