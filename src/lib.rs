//! tender: public procurement for the Dutch social domain.
//!
//! The pipeline: `load` reads YAML and spreadsheets into the `model`, `validate`
//! checks a tender, `score` evaluates bids (a pure function), `render` writes
//! documents and spreadsheets.

pub mod load;
pub mod model;
