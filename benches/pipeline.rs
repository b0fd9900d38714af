//! `cargo bench`: the stages of `tender score` on the sample tender (six bids), kept quick.
//! The benchmark at scale (100 to 10,000 bids, against the floor and the peer) is
//! `benches/run`.

use std::path::PathBuf;

use tender::load::{self, LoadedTender, bids};
use tender::{render, score, sheets};

fn main() {
    divan::main();
}

fn sample() -> (LoadedTender, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk");
    let t = load::load_valid(&dir).unwrap_or_else(|_| panic!("the sample tender is valid"));
    (t, dir)
}

#[divan::bench(sample_count = 10)]
fn load_tender() -> LoadedTender {
    sample().0
}

#[divan::bench(sample_count = 10)]
fn read_and_check_bids(bencher: divan::Bencher) {
    let (t, dir) = sample();
    bencher.bench(|| {
        tender::evaluate::bids::read_bids(&dir.join(bids::BIDS_DIR), &t).map(|f| f.bids.len())
    });
}

#[divan::bench(sample_count = 10)]
fn read_score_sheets(bencher: divan::Bencher) {
    let (t, dir) = sample();
    let folder =
        tender::evaluate::bids::read_bids(&dir.join(bids::BIDS_DIR), &t).expect("sample bids read");
    let hash = score::bid_set_hash(&sheets::sheet_bids(&folder.bids, &folder.exclusions));
    let files = bids::bid_files(&dir.join("scores")).expect("sample sheets");
    bencher.bench(|| {
        files
            .iter()
            .filter_map(|p| sheets::read_sheet(p, &t, &hash).ok())
            .count()
    });
}

#[divan::bench(sample_count = 10)]
fn score_and_render(bencher: divan::Bencher) {
    let (t, dir) = sample();
    let folder =
        tender::evaluate::bids::read_bids(&dir.join(bids::BIDS_DIR), &t).expect("sample bids read");
    let hash = score::bid_set_hash(&sheets::sheet_bids(&folder.bids, &folder.exclusions));
    let read: Vec<_> = bids::bid_files(&dir.join("scores"))
        .expect("sample sheets")
        .iter()
        .filter_map(|p| sheets::read_sheet(p, &t, &hash).ok())
        .collect();
    let templates = render::Templates::load(None).expect("built-in templates");
    let lang = t.def.tender.language;
    bencher.bench(|| {
        let ev = score::evaluate(&t, &folder.bids, &read, &folder.exclusions);
        render::evaluation_documents(&t, &ev, &folder.bids, lang, &templates).map(|d| d.len())
    });
}
