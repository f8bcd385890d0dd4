//! One integration-test binary (as mdBook does): a fixture harness and a
//! module per area.

mod harness;

// The fuzz targets' checks, run here on generated input and past findings.
#[path = "../../fuzz/checks.rs"]
mod checks;

mod build;
mod cli;
mod diagnostics;
mod export;
mod faults;
mod hostile;
mod incremental;
mod properties;
mod sections;
mod serve;
