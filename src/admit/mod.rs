//! Open house (toelatingsprocedure): applications are read, checked against the
//! requirements and the fixed tariffs, and decided in rounds; the register of admitted
//! providers is a chain of rounds that is only ever added to.
//!
//! The stage reads side by side with the evaluation: [`read`] gathers the applications of a
//! round, [`decide`] is a pure function of the tender, the applications and the register so
//! far, [`register`] keeps the chain, and [`letters`] writes what each applicant receives.

pub mod terms;
