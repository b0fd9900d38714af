//! Fuzzes loading a tender: any bytes as tender.yaml must give a tender, findings
//! or an error, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let path = std::path::Path::new("/nonexistent-fuzz-dir/tender.yaml");
        let _ = tender::load::tender::load_text(path, text.to_string());
    }
});
