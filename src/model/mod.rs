//! The tender model: what a tender, its lots, criteria and price models are.
//!
//! These types are what `tender.yaml` and the files in `criteria/` deserialize
//! into. Every field carries a `///` doc: it becomes the JSON Schema description
//! that editors show, and the reference in `docs/format.md` is generated from the
//! same text.

pub mod bid;
pub mod criterion;
pub mod loaded;
pub mod monitoring;
pub mod public;
pub mod questions;
pub mod resolved;
pub mod tender;
pub mod text;

pub use bid::*;
pub use criterion::*;
pub use loaded::{Embedded, LoadedTender, hex};
pub use monitoring::*;
pub use public::{Location, PublicInfo};
pub use questions::*;
pub use resolved::*;
pub use tender::*;
pub use text::*;
