//! Reading inputs: tender YAML and the criteria library.

pub mod yaml;
