//! Fuzzes reading a provider's quarterly monitoring report: any bytes as a filled report
//! form must give a report with its findings, or one refusal, never a panic, an abort or a
//! hang. A report read is then checked (on its own, next to a copy of itself in the next
//! quarter) and added up, as `tender monitor` does.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tender::load::LoadedTender;
use tender::model::Quarter;
use tender::monitor::check::{self, Contract};
use tender::monitor::{Report, aggregate, layout, read};

struct Setup {
    tender: LoadedTender,
    contract: Contract,
}

/// The sample tender, and the awards of the evaluation fixture (none if it cannot be read).
fn setup() -> &'static Setup {
    static S: OnceLock<Setup> = OnceLock::new();
    S.get_or_init(|| {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let tender = tender::load::load_valid(&root.join("samples/activerend-werk"))
            .expect("the sample tender loads");
        let contract = tender::record::read_result(
            &root.join("tests/fixtures/evaluation/result.json"),
            &tender,
            false,
        )
        .map(|ev| Contract::from_evaluation(&tender, &ev))
        .unwrap_or_default();
        Setup { tender, contract }
    })
}

fuzz_target!(|data: &[u8]| {
    let s = setup();
    let t = &s.tender;
    let m = t
        .def
        .monitoring
        .as_ref()
        .expect("the sample has monitoring");
    let q1 = Quarter { year: 2017, q: 1 };
    let one_line = |f: &tender::monitor::Finding| {
        let text = f.to_string();
        assert!(!text.contains('\n'), "a multi-line finding: {text}");
    };
    let (report, findings) =
        match read::read_report_bytes(data.to_vec(), "monitoring/2017-Q1/r.xlsx", q1, t, m) {
            Ok(r) => r,
            Err((_, f)) => {
                one_line(&f);
                return;
            }
        };
    findings.iter().for_each(one_line);
    check::check_report(&report, t, &s.contract)
        .iter()
        .for_each(one_line);
    let later = Report {
        file: "monitoring/2017-Q2/r.xlsx".into(),
        sha256: "other".into(),
        quarter: Quarter { year: 2017, q: 2 },
        ..report.clone()
    };
    let reports = [report, later];
    let mut counted = [true, true];
    check::check_quarter(&reports, &mut counted)
        .iter()
        .chain(&check::check_history(&reports, &mut counted))
        .for_each(one_line);
    let lots: Vec<String> = t.lots.iter().map(|l| l.lot.id.clone()).collect();
    let bonus: Vec<String> = t
        .lots
        .iter()
        .filter(|l| layout::lot_has_bonus(m, &l.lot))
        .map(|l| l.lot.id.clone())
        .collect();
    let refs: Vec<&Report> = reports.iter().collect();
    let start = t.def.tender.timeline.contract_start.date();
    let _ = aggregate::aggregate(m, &s.contract, start, &lots, &bonus, &refs);
});
