//! `tender schema`: the JSON Schema of tender.yaml or a criterion file.

use tender::diagnostic::Error;

use crate::cli::{SchemaFormat, SchemaKind};

/// Runs the command.
pub fn run(which: SchemaKind, format: SchemaFormat) -> Result<u8, Error> {
    let text = match (format, which) {
        (SchemaFormat::Markdown, _) => tender::schema::reference_markdown(),
        (SchemaFormat::Json, SchemaKind::Tender) => tender::schema::tender_schema(),
        (SchemaFormat::Json, SchemaKind::Criterion) => tender::schema::criterion_schema(),
        (SchemaFormat::Json, SchemaKind::Answers) => tender::schema::answers_schema(),
    };
    tender::outln!("{text}");
    Ok(0)
}
