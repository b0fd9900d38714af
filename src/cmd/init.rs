//! `tender init`: a new tender folder from the bundled sample.

use std::path::Path;

use tender::diagnostic::Error;
use tender::sample;

/// Runs the command.
pub fn run(dir: &Path) -> Result<u8, Error> {
    sample::write_new_tender(dir)?;
    tender::outln!(
        "created {} from the sample; next: tender validate {}",
        dir.display(),
        dir.display()
    );
    Ok(0)
}
