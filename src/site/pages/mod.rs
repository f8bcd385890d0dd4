//! One module per page family.

pub mod catalog;
pub mod compare;
pub mod guide;
pub mod hubs;
pub mod offer;
pub mod sheet;
