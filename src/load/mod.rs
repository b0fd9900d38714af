//! Reading inputs: tender YAML and the criteria library.

pub mod bid;
pub mod bids;
pub mod cell;
pub mod file;
pub mod limits;
pub mod package;
pub mod questions;
pub mod sheet_cells;
pub mod structure;
pub mod submissions;
pub mod tender;
pub mod yaml;

pub use crate::model::LoadedTender;
pub use tender::{LoadError, Loaded, load, load_valid};
