//! Fuzzes reading a bid form: any bytes as a filled bid form (.xlsx or .ods) must give a
//! bid, findings or a one-line error, never a panic, an abort or a hang. Read both on its
//! own (the form's embedded definition) and against the sample tender.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tender::load::LoadedTender;

fn sample() -> &'static LoadedTender {
    static T: OnceLock<LoadedTender> = OnceLock::new();
    T.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../samples/activerend-werk");
        tender::load::load_valid(&dir).expect("the sample tender loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("/nonexistent-fuzz-dir/bid.xlsx");
    let tender = sample();
    for expected in [None, Some(tender)] {
        match tender::load::bid::read_bid_bytes(path, data.to_vec(), expected) {
            Ok(read) => {
                let _ = tender::check::check_bid(&read.tender, &read.bid);
            }
            Err(e) => assert!(!e.to_string().contains('\n'), "a multi-line error: {e}"),
        }
    }
});
