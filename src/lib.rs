//! tender: public procurement for the Dutch social domain.
//!
//! The pipeline: `load` reads YAML and spreadsheets into the `model`, `validate`
//! checks a tender, `score` evaluates bids (a pure function), `render` writes
//! documents and spreadsheets.

pub mod bounds;
pub mod check;
pub mod decisions;
pub mod diagnostic;
pub mod diff;
pub mod evaluate;
pub mod form;
pub mod layout;
pub mod load;
pub mod method_check;
pub mod model;
pub mod monitor;
pub mod nvi;
pub mod output;
pub mod record;
pub mod render;
pub mod sample;
pub mod schema;
pub mod score;
pub mod sheets;
pub mod summary;
pub mod term;
pub mod timing;
pub mod validate;
pub mod words;
pub mod workbook;
