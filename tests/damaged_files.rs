//! Damaged bid forms never make `tender check` panic: each is either read or refused
//! as unusable with a reason.
//!
//! Valid sample bids (.xlsx and .ods) are damaged in a few hundred seeded ways
//! (bytes overwritten, files cut short) and read.

use rand::{Rng, SeedableRng};

#[test]
fn damaged_forms_are_read_or_refused_never_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let sources = [
        (
            std::fs::read(root.join("samples/activerend-werk/bids/samen-verder.xlsx")).unwrap(),
            "x.xlsx",
        ),
        (
            std::fs::read(root.join("samples/activerend-werk/bids/de-vlinderhof.ods")).unwrap(),
            "x.ods",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20161014);
    let (mut read, mut refused) = (0, 0);
    for i in 0..300 {
        let (src, name) = &sources[i % 2];
        let mut b = src.clone();
        for _ in 0..rng.gen_range(1..20) {
            let p = rng.gen_range(0..b.len());
            b[p] = rng.r#gen();
        }
        if i % 7 == 0 {
            b.truncate(rng.gen_range(10..b.len()));
        }
        let f = dir.path().join(name);
        std::fs::write(&f, &b).unwrap();
        let outcome = std::panic::catch_unwind(|| {
            tender::load::bid::read_bid(&f, None)
                .map(|r| tender::check::check_bid(&r.tender, &r.bid).len())
        });
        match outcome {
            Ok(Ok(_)) => read += 1,
            Ok(Err(e)) => {
                refused += 1;
                let line = e.to_string();
                assert!(!line.contains('\n'), "more than one line: {line}");
            }
            Err(_) => panic!("damage #{i} made the reader panic"),
        }
    }
    assert!(read > 0 && refused > 0, "read {read}, refused {refused}");
}
