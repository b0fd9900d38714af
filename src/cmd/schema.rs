//! `tender schema`: the JSON Schema of tender.yaml or a criterion file.

use tender::diagnostic::Error;

use crate::cli::SchemaKind;

/// Runs the command.
pub fn run(which: SchemaKind) -> Result<u8, Error> {
    let text = match which {
        SchemaKind::Tender => tender::schema::tender_schema(),
        SchemaKind::Criterion => tender::schema::criterion_schema(),
    };
    println!("{text}");
    Ok(0)
}
