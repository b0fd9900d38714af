//! Fuzzes reading a score sheet: any bytes as a filled score sheet of the sample tender
//! must give a sheet or a one-line error, never a panic, an abort or a hang.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tender::load::LoadedTender;

fn sample() -> &'static (LoadedTender, String) {
    static T: OnceLock<(LoadedTender, String)> = OnceLock::new();
    T.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../samples/activerend-werk");
        let tender = tender::load::load_valid(&dir).expect("the sample tender loads");
        let folder = tender::evaluate::bids::read_bids(&dir.join("bids"), &tender)
            .expect("the sample bids read");
        let shown = tender::sheets::sheet_bids(&folder.bids, &folder.exclusions);
        let hash = tender::score::bid_set_hash(&shown);
        (tender, hash)
    })
}

fuzz_target!(|data: &[u8]| {
    let path = Path::new("/nonexistent-fuzz-dir/score-E1.xlsx");
    let (tender, hash) = sample();
    if let Err(e) = tender::sheets::read_sheet_bytes(path, data.to_vec(), tender, hash) {
        assert!(!e.to_string().contains('\n'), "a multi-line error: {e}");
    }
});
