//! Hand-worked examples for every price formula and award method, and properties.
//!
//! The test lot `T` has one tariff `t` with a basket of 1 (so the evaluation price is the
//! tariff) and, unless stated, one quantitative criterion `snelheid-van-start` scored
//! linearly from 30 days (no points) to 5 days (all points): 5 days is fraction 1, 17.5 is
//! 0.5, 30 is 0. No score sheets are needed for it.

use std::path::Path;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::load::tender::load_valid;
use crate::model::LoadedTender;
use crate::model::{
    Bid, FeatureOption, LibraryEntry, Lot, Offer, Provider, Quantitative as QuantEntry, Quantity,
    ScoreEntry, ScoreSheet, Text,
};

fn sample() -> &'static LoadedTender {
    static S: OnceLock<LoadedTender> = OnceLock::new();
    S.get_or_init(|| {
        match load_valid(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/activerend-werk")) {
            Ok(t) => t,
            Err(_) => panic!("the sample tender must load"),
        }
    })
}

/// A tender with the single lot `T`, its `award:` and `criteria:` given as YAML.
pub(crate) fn tender_with(award: &str, criteria: &str) -> LoadedTender {
    let base = sample();
    let yaml = format!(
        "id: T\ntitle: Test\nladder: {{ from: 1, to: 6 }}\nmax_awards: 1\n\
         criteria: {criteria}\n\
         price_model:\n  kind: fixed-per-arrangement\n  tariffs:\n    t: {{ per: arrangement }}\n  basket: {{ t: 1 }}\n\
         award: {award}\n"
    );
    let lot: Lot = serde_saphyr::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    let mut def = base.def.clone();
    def.lots = vec![lot];
    let mut library = base.library.clone();
    library.insert(
        "opties".into(),
        LibraryEntry::Quantitative(QuantEntry {
            id: "opties".into(),
            title: Text::plain("Opties"),
            question: Text::plain("Welke opties?"),
            unit: None,
            linear: None,
            options: [("a", dec!(0)), ("b", dec!(0.1)), ("c", dec!(0.2))]
                .iter()
                .map(|(c, v)| FeatureOption {
                    code: (*c).into(),
                    label: Text::plain(*c),
                    value: *v,
                })
                .collect(),
            theme: None,
        }),
    );
    LoadedTender::new(base.dir.clone(), base.file.clone(), def, library)
}

const SPEED: &str = "[{ use: snelheid-van-start, weight: 40, best: 5, worst: 30 }]";

fn weighted(formula: &str, extra: &str) -> LoadedTender {
    tender_with(
        &format!(
            "{{ method: weighted-points, price_weight: 60, price_formula: {formula}{extra} }}"
        ),
        SPEED,
    )
}

pub(crate) fn bid(code: &str, price: Decimal, days: Decimal) -> Bid {
    Bid {
        file: format!("{code}.xlsx"),
        code: code.into(),
        provider: Provider {
            name: format!("Aanbieder {code}"),
            ..Provider::default()
        },
        offers: vec![Offer {
            lot: "T".into(),
            tariffs: [("t".to_string(), price)].into_iter().collect(),
            quantities: [("snelheid-van-start".to_string(), Quantity::Number(days))]
                .into_iter()
                .collect(),
            ..Offer::default()
        }],
    }
}

fn eval(t: &LoadedTender, bids: &[Bid]) -> LotResult {
    let e = evaluate(t, bids, &[], &[]);
    e.lots.into_iter().next().unwrap()
}

fn b<'a>(l: &'a LotResult, code: &str) -> &'a BidResult {
    l.bids.iter().find(|b| b.code == code).unwrap()
}

fn total(l: &LotResult, code: &str) -> Exact {
    b(l, code).total.clone().unwrap()
}

/// A decimal as an exact value.
fn x(d: Decimal) -> Exact {
    Exact::from(d)
}

fn price_points(l: &LotResult, code: &str) -> Exact {
    match &b(l, code).price {
        Some(PriceResult::Points { points, .. }) => points.clone(),
        ref p => panic!("no price points: {p:?}"),
    }
}

fn three() -> Vec<Bid> {
    vec![
        bid("A", dec!(1000), dec!(5)),
        bid("B", dec!(1250), dec!(17.5)),
        bid("C", dec!(2000), dec!(30)),
    ]
}

// ---- price formulas (weighted points: price weight 60, quality weight 40) ----

#[test]
fn relative_to_lowest() {
    // A: 60 x 1000/1000 = 60, + 40 x 1 = 100
    // B: 60 x 1000/1250 = 48, + 40 x 0.5 = 20 -> 68
    // C: 60 x 1000/2000 = 30, + 0 -> 30
    let l = eval(&weighted("relative-to-lowest", ""), &three());
    assert_eq!(price_points(&l, "B"), dec!(48));
    assert_eq!(total(&l, "A"), dec!(100));
    assert_eq!(total(&l, "B"), dec!(68));
    assert_eq!(total(&l, "C"), dec!(30));
    assert_eq!(l.awarded, vec!["A"]);
    assert_eq!(b(&l, "C").rank, Some(3));
}

#[test]
fn linear_range() {
    // range 1000..2000. B: 60 x (2000-1250)/1000 = 45; C: 0 (the highest)
    let l = eval(&weighted("linear-range", ""), &three());
    assert_eq!(price_points(&l, "A"), dec!(60));
    assert_eq!(price_points(&l, "B"), dec!(45));
    assert_eq!(price_points(&l, "C"), dec!(0));
}

#[test]
fn linear_range_all_equal_and_single_bid() {
    // All prices equal: every bid earns all price points (no division by zero).
    let bids = vec![bid("A", dec!(900), dec!(30)), bid("B", dec!(900), dec!(30))];
    let l = eval(&weighted("linear-range", ""), &bids);
    assert_eq!(price_points(&l, "A"), dec!(60));
    assert_eq!(price_points(&l, "B"), dec!(60));
    // A single bid is its own lowest and highest.
    let l = eval(&weighted("linear-range", ""), &bids[..1]);
    assert_eq!(total(&l, "A"), dec!(60));
    assert_eq!(l.awarded, vec!["A"]);
}

#[test]
fn linear_bounds_clamps() {
    // bounds 800..1800: A 60 x 800/1000 = 48; B 60 x 550/1000 = 33;
    // C 2000 >= 1800 -> 0 (clamped, not negative); D 700 <= 800 -> 60 (clamped, not above)
    let mut bids = three();
    bids.push(bid("D", dec!(700), dec!(30)));
    let l = eval(
        &weighted("linear-bounds", ", price_bounds: { low: 800, high: 1800 }"),
        &bids,
    );
    assert_eq!(price_points(&l, "A"), dec!(48));
    assert_eq!(price_points(&l, "B"), dec!(33));
    assert_eq!(price_points(&l, "C"), dec!(0));
    assert_eq!(price_points(&l, "D"), dec!(60));
}

#[test]
fn deviation_from_lowest_clamps() {
    // B: 60 x (1 - 250/1000) = 45; C: 60 x (1 - 1000/1000) = 0; D 2500: 1 - 1.5 < 0 -> 0
    let mut bids = three();
    bids.push(bid("D", dec!(2500), dec!(30)));
    let l = eval(&weighted("deviation-from-lowest", ""), &bids);
    assert_eq!(price_points(&l, "A"), dec!(60));
    assert_eq!(price_points(&l, "B"), dec!(45));
    assert_eq!(price_points(&l, "C"), dec!(0));
    assert_eq!(price_points(&l, "D"), dec!(0));
}

#[test]
fn logarithmic() {
    // A = 2. B: 60 x (1 - ln(1.25)/ln 2) = 60 x (1 - 0.3219281) = 40.684314 -> 40.68
    // C: ln(2)/ln(2) = 1 -> 0; D 3000: ln 3 / ln 2 > 1 -> 0 (clamped)
    let mut bids = three();
    bids.push(bid("D", dec!(3000), dec!(30)));
    let l = eval(&weighted("logarithmic", ", log_base: 2"), &bids);
    assert_eq!(price_points(&l, "A"), dec!(60));
    assert_eq!(price_points(&l, "B"), dec!(40.68));
    assert_eq!(price_points(&l, "C"), dec!(0));
    assert_eq!(price_points(&l, "D"), dec!(0));
}

#[test]
fn relative_to_reference() {
    // reference 1100: A 1100/1000 = 1.1 -> clamped to 60; B 60 x 0.88 = 52.8; C 60 x 0.55 = 33
    let l = eval(
        &weighted("relative-to-reference", ", reference_price: 1100"),
        &three(),
    );
    assert_eq!(price_points(&l, "A"), dec!(60));
    assert_eq!(price_points(&l, "B"), dec!(52.8));
    assert_eq!(price_points(&l, "C"), dec!(33));
}

// ---- rounding ----

fn rounding_case(rounding: &str) -> LotResult {
    // price weight 73, quality 27, both bids 2000 and 1000:
    // X (2000, 17.5 days): price 73 x 0.5 = 36.5, quality 27 x 0.5 = 13.5, exact total 50
    let t = tender_with(
        &format!(
            "{{ method: weighted-points, price_weight: 73, price_formula: relative-to-lowest, rounding: {rounding} }}"
        ),
        "[{ use: snelheid-van-start, weight: 27, best: 5, worst: 30 }]",
    );
    eval(
        &t,
        &[
            bid("L", dec!(1000), dec!(30)),
            bid("X", dec!(2000), dec!(17.5)),
        ],
    )
}

#[test]
fn rounding_points_half_up() {
    // 36.5 -> 37, 13.5 -> 14: total 51 (exact 50)
    let l = rounding_case("{ step: points, decimals: 0, mode: half-up }");
    assert_eq!(total(&l, "X"), dec!(51));
    assert_eq!(b(&l, "X").total_unrounded, Some(x(dec!(50))));
}

#[test]
fn rounding_points_half_even() {
    // 36.5 -> 36 (even), 13.5 -> 14 (even): total 50
    let l = rounding_case("{ step: points, decimals: 0, mode: half-even }");
    assert_eq!(price_points(&l, "X"), dec!(36));
    assert_eq!(total(&l, "X"), dec!(50));
}

#[test]
fn rounding_total_only_and_none() {
    // step total: 36.5 + 13.5 = 50 exactly; price points stay 36.5
    let l = rounding_case("{ step: total, decimals: 0, mode: half-up }");
    assert_eq!(price_points(&l, "X"), dec!(36.5));
    assert_eq!(total(&l, "X"), dec!(50));
    let l = rounding_case("{ step: none, decimals: 0 }");
    assert_eq!(price_points(&l, "X"), dec!(36.5));
    assert_eq!(total(&l, "X"), dec!(50));
}

// ---- award methods ----

#[test]
fn award_on_value_zero_negative_and_surcharge() {
    // value_eur 1200 for speed: A 1000 - 1200 x 1 = -200 (negative fictitious price);
    // B 1200 - 1200 = 0 (zero); C 700 - 1200 x 0.5 = 100. Lowest wins: A.
    let t = tender_with(
        "{ method: award-on-value, rounding: { step: total, decimals: 2, mode: half-even } }",
        "[{ use: snelheid-van-start, value_eur: 1200, best: 5, worst: 30 }]",
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(5)),
            bid("B", dec!(1200), dec!(5)),
            bid("C", dec!(700), dec!(17.5)),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(-200));
    assert_eq!(total(&l, "B"), dec!(0));
    assert_eq!(total(&l, "C"), dec!(100));
    assert_eq!(l.awarded, vec!["A"]);
    assert!(l.method.lower_is_better);
    // A surcharge (negative value): D 700 + 300 x 0.5 = 850; E 800 + 0 = 800: E wins.
    let t = tender_with(
        "{ method: award-on-value }",
        "[{ use: snelheid-van-start, value_eur: -300, best: 5, worst: 30 }]",
    );
    let l = eval(
        &t,
        &[
            bid("D", dec!(700), dec!(17.5)),
            bid("E", dec!(800), dec!(30)),
        ],
    );
    assert_eq!(total(&l, "D"), dec!(850));
    assert_eq!(l.awarded, vec!["E"]);
}

#[test]
fn price_per_quality() {
    // max quality 40. A: 1000 / (40/40) = 1000; B: 600 / (20/40) = 1200; A wins.
    // C has no quality points: excluded, the ratio cannot be computed.
    let t = tender_with("{ method: price-per-quality, total: 40 }", SPEED);
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(5)),
            bid("B", dec!(600), dec!(17.5)),
            bid("C", dec!(100), dec!(30)),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(1000));
    assert_eq!(total(&l, "B"), dec!(1200));
    assert_eq!(l.awarded, vec!["A"]);
    let c = b(&l, "C");
    assert!(!c.admission.admitted);
    assert_eq!(c.admission.exclusions[0].code, "zero-quality");
    assert_eq!(c.admission.exclusions[0].stage, Stage::Threshold);
}

#[test]
fn quality_per_price() {
    // reference 1000. A: 40 x 1000 / 1000 = 40; B: 20 x 1000 / 600 = 33.33..; A wins.
    let t = tender_with(
        "{ method: quality-per-price, total: 40, reference_price: 1000 }",
        SPEED,
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(5)),
            bid("B", dec!(600), dec!(17.5)),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(40));
    assert_eq!(total(&l, "B"), Exact::ratio_of(100, 3).unwrap());
    assert_eq!(l.awarded, vec!["A"]);
    assert_eq!(l.method.quality_as, Some(crate::model::QualityAs::Points));
    // With the quality share instead: A 1 x 1000 / 1000 = 1, B 0.5 x 1000 / 600 = 5/6. The
    // ranking is the same.
    let t = tender_with(
        "{ method: quality-per-price, total: 40, reference_price: 1000, quality_as: share }",
        SPEED,
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(5)),
            bid("B", dec!(600), dec!(17.5)),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(1));
    assert_eq!(total(&l, "B"), Exact::ratio_of(5, 6).unwrap());
    assert_eq!(l.awarded, vec!["A"]);
    assert_eq!(l.method.quality_as, Some(crate::model::QualityAs::Share));
}

#[test]
fn price_per_quality_point() {
    // "Prijs per kwaliteitspunt": A 1000 / 40 points = 25, B 600 / 20 points = 30; A wins,
    // as with the share (1000 and 1200).
    let t = tender_with(
        "{ method: price-per-quality, total: 40, quality_as: points }",
        SPEED,
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(5)),
            bid("B", dec!(600), dec!(17.5)),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(25));
    assert_eq!(total(&l, "B"), dec!(30));
    assert!(matches!(&b(&l, "B").price, Some(PriceResult::Ratio { ratio }) if *ratio == dec!(30)));
    assert_eq!(l.awarded, vec!["A"]);
    // A price of 700 at 30 points is 70/3 per point: not a terminating decimal, exact all
    // the same, and written with its fraction beside it.
    let l = eval(
        &t,
        &[
            bid("A", dec!(700), dec!(11.25)),
            bid("B", dec!(600), dec!(17.5)),
        ],
    );
    assert_eq!(total(&l, "A"), Exact::ratio_of(70, 3).unwrap());
    let json = serde_json::to_string(b(&l, "A")).unwrap();
    assert!(
        json.contains(r#""total":"23.3333333333","total_exact":"70/3""#),
        "{json}"
    );
}

fn with_option(mut b: Bid, code: &str) -> Bid {
    b.offers[0].quantities = [("opties".to_string(), Quantity::Option(code.into()))]
        .into_iter()
        .collect();
    b
}

#[test]
fn coefficient_with_a_tie_broken_by_price() {
    // max option values 0.2, so K = 1 + declared / 0.8.
    // A: 1000 / (1 + 0.2/0.8) = 1000 / 1.25 = 800
    // B: 850 / 1 = 850
    // C: 900 / (1 + 0.1/0.8) = 900 / 1.125 = 800  -> ties with A; `price` puts C (900) first.
    let t = tender_with(
        "{ method: coefficient, tie_break: [quality, price, lottery] }",
        "[{ use: opties }]",
    );
    let l = eval(
        &t,
        &[
            with_option(bid("A", dec!(1000), dec!(0)), "c"),
            with_option(bid("B", dec!(850), dec!(0)), "a"),
            with_option(bid("C", dec!(900), dec!(0)), "b"),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(800));
    assert_eq!(total(&l, "B"), dec!(850));
    assert_eq!(total(&l, "C"), dec!(800));
    assert_eq!(l.awarded, vec!["C"]);
    assert_eq!(b(&l, "A").rank, Some(2));
    assert_eq!(l.ties[0].bids, vec!["C", "A"]);
    assert_eq!(l.ties[0].decided_by, vec!["price"]);
    assert_eq!(
        b(&l, "A")
            .tie_break
            .as_ref()
            .and_then(|t| t.decided_by.clone()),
        Some("price".into())
    );
    // Both bids of the group point at it; a bid outside every tie has no tie-break.
    assert_eq!(b(&l, "A").tie_break.as_ref().map(|t| t.tie), Some(0));
    assert_eq!(b(&l, "C").tie_break.as_ref().map(|t| t.tie), Some(0));
    assert_eq!(b(&l, "B").tie_break, None);
    assert!(!l.lottery.used);
}

#[test]
fn lowest_price_and_lottery() {
    // Equal prices: quality (none) and price do not separate them; the lottery does,
    // with the recorded seed, and the same seed gives the same draw every time.
    let t = tender_with("{ method: lowest-price, lottery_seed: 7 }", "[]");
    let bids = [
        bid("A", dec!(500), dec!(0)),
        bid("B", dec!(500), dec!(0)),
        bid("C", dec!(600), dec!(0)),
    ];
    let l = eval(&t, &bids);
    assert_eq!(total(&l, "C"), dec!(600));
    assert_eq!(b(&l, "C").rank, Some(3));
    assert!(l.lottery.used);
    assert_eq!(l.lottery.seed, 7);
    assert_eq!(l.lottery.seed_source, "tender");
    assert_eq!(l.ties[0].decided_by, vec!["lottery"]);
    let first = l.awarded.clone();
    let draws = &l.lottery.draws;
    let expected = if draws["A"] < draws["B"] { "A" } else { "B" };
    assert_eq!(first, vec![expected]);
    assert_eq!(eval(&t, &bids).awarded, first);
}

#[test]
fn no_sheets_are_needed_without_qualitative_criteria() {
    // The sample committee has three evaluators, but nothing here is scored by them.
    let t = weighted("relative-to-lowest", "");
    let e = evaluate(&t, &three(), &[], &[]);
    assert!(!e.has_blocking(), "{:?}", e.findings);
}

#[test]
fn lottery_seed_derived_from_tender_and_lot() {
    let (seed, source) = rank::lottery_seed("AW-2017", "P1", None);
    assert_eq!(source, "derived");
    // first 8 bytes of sha256("AW-2017/P1"), big-endian
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(b"AW-2017/P1");
    assert_eq!(seed, u64::from_be_bytes(h[..8].try_into().unwrap()));
}

#[test]
fn unresolved_tie_without_lottery_blocks() {
    let t = tender_with("{ method: lowest-price, tie_break: [price] }", "[]");
    let l = eval(
        &t,
        &[bid("A", dec!(500), dec!(0)), bid("B", dec!(500), dec!(0))],
    );
    assert_eq!(b(&l, "A").rank, Some(1));
    assert_eq!(b(&l, "B").rank, Some(1));
    assert!(l.awarded.is_empty());
    assert_eq!(l.status, LotStatus::Blocked);
    assert!(l.findings.iter().any(|f| f.code == "unresolved-tie"));
}

#[test]
fn quality_only_holds_tariffs_to_the_fixed_price() {
    // Quality alone decides; a tariff above the fixed price (480) excludes.
    let t = tender_with(
        "{ method: quality-only, total: 40, fixed_price: 480 }",
        SPEED,
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(480), dec!(17.5)),
            bid("B", dec!(300), dec!(5)),
            bid("C", dec!(500), dec!(5)),
        ],
    );
    assert_eq!(total(&l, "A"), dec!(20));
    assert_eq!(total(&l, "B"), dec!(40));
    assert_eq!(l.awarded, vec!["B"]);
    let c = b(&l, "C");
    assert_eq!(c.admission.exclusions[0].code, "tariff-above-fixed-price");
}

// ---- admission, thresholds, flags ----

#[test]
fn tariffs_and_knock_outs_exclude_with_reasons() {
    let t = tender_with("{ method: lowest-price }", "[]");
    let mut t = t;
    t.lots[0].lot.price_model.tariffs[0].ceiling = Some(dec!(1000));
    t.lots[0].requirements = sample().lots[0].requirements[..1].to_vec();
    let req = t.lots[0].requirements[0].id.clone();
    let ok = |mut b: Bid| {
        b.offers[0].declarations.insert(
            req.clone(),
            crate::model::Declaration {
                met: Some(true),
                evidence: "bijlage 1".into(),
            },
        );
        b
    };
    let mut no_evidence = ok(bid("E", dec!(900), dec!(0)));
    no_evidence.offers[0].declarations[0].evidence = " ".into();
    let mut missing = ok(bid("M", dec!(900), dec!(0)));
    missing.offers[0].tariffs.clear();
    let bids = [
        ok(bid("A", dec!(900), dec!(0))),
        ok(bid("H", dec!(1000.01), dec!(0))),
        ok(bid("N", dec!(-1), dec!(0))),
        bid("K", dec!(900), dec!(0)),
        no_evidence,
        missing,
    ];
    let l = eval(&t, &bids);
    let code = |c: &str| b(&l, c).admission.exclusions[0].code.clone();
    assert!(b(&l, "A").admission.admitted);
    assert_eq!(code("H"), "tariff-above-ceiling");
    assert_eq!(code("N"), "tariff-negative");
    assert_eq!(code("K"), "knockout-unanswered");
    assert_eq!(code("E"), "evidence-missing");
    assert_eq!(code("M"), "tariff-missing");
    assert_eq!(b(&l, "M").evaluation_price, None);
    // admitted first, then the excluded by code
    let order: Vec<&str> = l.bids.iter().map(|b| b.code.as_str()).collect();
    assert_eq!(order, vec!["A", "E", "H", "K", "M", "N"]);
}

#[test]
fn command_exclusions_apply_per_lot_or_to_all() {
    let t = weighted("relative-to-lowest", "");
    let ex = [Exclusion {
        bid: "B".into(),
        lot: None,
        stage: Stage::Late,
        code: "late".into(),
        reason: "ontvangen na de sluitingstermijn".into(),
        detail: None,
    }];
    let e = evaluate(&t, &three(), &[], &ex);
    let l = &e.lots[0];
    assert_eq!(b(l, "B").admission.exclusions[0].stage, Stage::Late);
    // B left the field: A and C only
    assert_eq!(b(l, "C").rank, Some(2));
}

#[test]
fn thresholds_exclude_total_and_per_criterion() {
    // quality threshold 50%: C (0%) is excluded; criterion threshold 60%: B (50%) too.
    let t = tender_with(
        "{ method: weighted-points, price_weight: 60, price_formula: relative-to-lowest, quality_threshold: 50% }",
        "[{ use: snelheid-van-start, weight: 40, best: 5, worst: 30, threshold: 60% }]",
    );
    let l = eval(&t, &three());
    assert_eq!(b(&l, "C").admission.exclusions.len(), 2);
    assert_eq!(
        b(&l, "B").admission.exclusions[0].code,
        "criterion-threshold"
    );
    assert_eq!(b(&l, "B").admission.exclusions[0].stage, Stage::Threshold);
    assert_eq!(l.awarded, vec!["A"]);
}

#[test]
fn abnormally_low_flag_with_numbers() {
    // prices 1000, 1250, 2000, 600: median (1000 + 1250) / 2 = 1125; 80% = 900; 600 < 900
    let mut bids = three();
    bids.push(bid("D", dec!(600), dec!(30)));
    let l = eval(&weighted("relative-to-lowest", ""), &bids);
    assert_eq!(l.median_price, Some(dec!(1125)));
    assert_eq!(
        b(&l, "D").flags,
        vec![Flag::AbnormallyLow {
            evaluation_price: dec!(600),
            median: dec!(1125),
            share: crate::model::Percent(dec!(80)),
            limit: dec!(900.00),
            ratio_to_median: dec!(0.5333),
            cost_elements: Vec::new(),
        }]
    );
    assert!(b(&l, "A").flags.is_empty());
}

// ---- rank reversal ----

#[test]
fn rank_reversal_when_the_cheapest_leaves() {
    // Price weight 50, quality 50 (speed), relative to lowest.
    // X 500, 30 days: 50 + 0 = 50
    // A 1000, 30 days: 50 x 500/1000 = 25 + 0 = 25
    // B 1500, 25 days: 50 x 500/1500 = 16.67 + 50 x 0.2 = 10 -> 26.67: B ahead of A
    // Without X the lowest is 1000: A 50 + 0 = 50; B 33.33 + 10 = 43.33: A ahead of B.
    let t = tender_with(
        "{ method: weighted-points, price_weight: 50, price_formula: relative-to-lowest }",
        "[{ use: snelheid-van-start, weight: 50, best: 5, worst: 30 }]",
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(30)),
            bid("B", dec!(1500), dec!(25)),
            bid("X", dec!(500), dec!(30)),
        ],
    );
    assert!(l.rank_reversal.applies);
    assert_eq!(l.rank_reversal.findings.len(), 1);
    let f = &l.rank_reversal.findings[0];
    assert_eq!(
        (f.left_out.as_str(), f.ahead.as_str(), f.behind.as_str()),
        ("X", "B", "A")
    );
    assert_eq!(f.totals_before, (x(dec!(26.67)), x(dec!(25))));
    assert_eq!(f.totals_after, (x(dec!(43.33)), x(dec!(50))));
    // A formula on fixed bounds cannot reverse.
    let t = tender_with(
        "{ method: weighted-points, price_weight: 50, price_formula: linear-bounds, price_bounds: { low: 0, high: 3000 } }",
        "[{ use: snelheid-van-start, weight: 50, best: 5, worst: 30 }]",
    );
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(30)),
            bid("B", dec!(1500), dec!(25)),
            bid("X", dec!(500), dec!(30)),
        ],
    );
    assert!(!l.rank_reversal.applies);
}

// ---- sensitivity ----

#[test]
fn sensitivity_price_quality_shift() {
    // Price 60 / quality 40, relative to lowest.
    // A 1000, 30 days: price fraction 1, quality 0 -> 60
    // B 1200, 5 days: price fraction 5/6, quality 1 -> 50 + 40 = 90; B wins.
    // Moving d points from quality to price (d < 0 in our sign):
    // A: (60 - d) x 1; B: (60 - d) x 5/6 + (40 + d) x 1.
    // Equal when 60 - d = 50 - 5d/6 + 40 + d  ->  -30 = d/6 + d... solve: 60 - d = 90 + d/6
    // -> -30 = 7d/6 -> d = -180/7 = -25.714286, exactly -180/7: weight moves from quality to
    // price. At that shift A and B tie, and the first tie-break (quality) keeps B ahead: a
    // tie, and only a larger shift gives A the award.
    let t = weighted("relative-to-lowest", "");
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(30)),
            bid("B", dec!(1200), dec!(5)),
        ],
    );
    assert_eq!(l.awarded, vec!["B"]);
    let s = l.sensitivity.price_quality.as_ref().unwrap();
    assert_eq!(s.delta, Exact::ratio_of(-180, 7).unwrap());
    assert_eq!((s.ahead.as_str(), s.behind.as_str()), ("B", "A"));
    assert_eq!(s.share, Exact::ratio_of(-9, 35).unwrap());
    assert_eq!(s.direction, ShiftDirection::QualityToPrice);
    assert_eq!(s.at_shift, ShiftOutcome::Tie);
    assert_eq!(s.decided_by.as_deref(), Some("quality"));
    // per criterion: moving weight away from speed (the only quality criterion) by the same
    // proportional rule gives the same crossing here.
    let c = l.sensitivity.criteria[0].shift.as_ref().unwrap();
    assert_eq!(c.delta, Exact::ratio_of(-180, 7).unwrap());
    assert_eq!(c.direction, ShiftDirection::FromCriterion);
}

// ---- qualitative scores from sheets ----

fn qual_tender(aggregation: &str) -> LoadedTender {
    let mut t = tender_with(
        "{ method: weighted-points, price_weight: 60, price_formula: relative-to-lowest }",
        "[{ use: veiligheid, weight: 40 }]",
    );
    t.def.committee.aggregation = match aggregation {
        "mean" => crate::model::Aggregation::Mean,
        "median" => crate::model::Aggregation::Median,
        _ => crate::model::Aggregation::Consensus,
    };
    t
}

fn sheet(evaluator: &str, scores: &[(&str, Option<Decimal>, &str)]) -> ScoreSheet {
    ScoreSheet {
        file: format!("score-{evaluator}.xlsx"),
        evaluator: evaluator.into(),
        entries: scores
            .iter()
            .enumerate()
            .map(|(i, (bid, s, j))| ScoreEntry {
                lot: "T".into(),
                bid: (*bid).into(),
                criterion: "veiligheid".into(),
                score: *s,
                justification: (*j).into(),
                cell: format!("T!E{}", i + 5).into(),
                justification_cell: "".into(),
            })
            .collect(),
    }
}

#[test]
fn mean_median_consensus_and_disagreement() {
    let bids = [bid("A", dec!(1000), dec!(0)), bid("B", dec!(1000), dec!(0))];
    let sheets = vec![
        sheet(
            "E1",
            &[("A", Some(dec!(100)), "sterk"), ("B", Some(dec!(50)), "ok")],
        ),
        sheet(
            "E2",
            &[("A", Some(dec!(25)), "zwak"), ("B", Some(dec!(50)), "ok")],
        ),
        sheet(
            "E3",
            &[("A", Some(dec!(75)), "goed"), ("B", Some(dec!(75)), "goed")],
        ),
    ];
    // mean A: (100 + 25 + 75) / 3 = 66.67 -> fraction 0.6667 -> 40 x = 26.67
    let e = evaluate(&qual_tender("mean"), &bids, &sheets, &[]);
    let l = &e.lots[0];
    let a = &b(l, "A").criteria[0];
    assert_eq!(a.points, Some(x(dec!(26.67))));
    // A's evaluators differ 3 steps (25 to 100) > 2: flagged; B's 1 step: not.
    assert!(a.disagreement);
    assert_eq!(a.spread_steps, Some(3));
    assert!(!b(l, "B").criteria[0].disagreement);
    assert_eq!(l.status, LotStatus::Scored);
    // median A: 75 -> 30 points
    let e = evaluate(&qual_tender("median"), &bids, &sheets, &[]);
    assert_eq!(b(&e.lots[0], "A").criteria[0].points, Some(x(dec!(30))));
    // An unfilled consensus sheet is ignored under mean, with a warning.
    let mut empty = sheets.clone();
    empty.push(sheet("consensus", &[("A", None, ""), ("B", None, "")]));
    let e = evaluate(&qual_tender("mean"), &bids, &empty, &[]);
    assert!(!e.has_blocking());
    assert_eq!(e.findings[0].code, "empty-consensus");
    assert_eq!(b(&e.lots[0], "A").criteria[0].points, Some(x(dec!(26.67))));
    // consensus: no consensus sheet blocks; with one it decides.
    let e = evaluate(&qual_tender("consensus"), &bids, &sheets, &[]);
    assert_eq!(e.lots[0].status, LotStatus::Blocked);
    assert!(
        e.lots[0]
            .findings
            .iter()
            .any(|f| f.code == "missing-consensus")
    );
    let mut with = sheets.clone();
    with.push(sheet(
        "consensus",
        &[
            ("A", Some(dec!(50)), "samen"),
            ("B", Some(dec!(100)), "samen"),
        ],
    ));
    let e = evaluate(&qual_tender("consensus"), &bids, &with, &[]);
    assert_eq!(e.lots[0].status, LotStatus::Scored);
    assert_eq!(e.lots[0].awarded, vec!["B"]);
    assert_eq!(b(&e.lots[0], "A").criteria[0].scores.len(), 4);
}

#[test]
fn missing_and_invalid_scores_are_blocking_findings() {
    let bids = [bid("A", dec!(1000), dec!(0)), bid("B", dec!(1000), dec!(0))];
    let sheets = vec![
        sheet("E1", &[("A", Some(dec!(100)), "sterk"), ("B", None, "")]),
        sheet(
            "E3",
            &[("A", Some(dec!(60)), "?"), ("B", Some(dec!(50)), "")],
        ),
        sheet(
            "consensus",
            &[
                ("A", Some(dec!(50)), "samen"),
                ("B", Some(dec!(50)), "samen"),
            ],
        ),
    ];
    let e = evaluate(&qual_tender("consensus"), &bids, &sheets, &[]);
    assert!(e.has_blocking());
    assert!(
        e.findings
            .iter()
            .any(|f| f.code == "missing-sheet" && f.evaluator.as_deref() == Some("E2"))
    );
    let codes: Vec<(String, String, String)> = e.lots[0]
        .findings
        .iter()
        .map(|f| {
            (
                f.code.clone(),
                f.evaluator.clone().unwrap_or_default(),
                f.bid.clone().unwrap_or_default(),
            )
        })
        .collect();
    let has = |c: &str, ev: &str, bid: &str| codes.contains(&(c.into(), ev.into(), bid.into()));
    assert!(has("missing-score", "E1", "B"));
    // E2's sheet is missing: that one finding, not one per score it would have held.
    assert!(!has("missing-score", "E2", "A"));
    assert!(!has("missing-score", "E2", "B"));
    assert!(has("invalid-score", "E3", "A"));
    assert!(has("missing-justification", "E3", "B"));
    assert_eq!(e.lots[0].status, LotStatus::Blocked);
    let f = e.lots[0]
        .findings
        .iter()
        .find(|f| f.code == "invalid-score")
        .unwrap();
    assert_eq!(f.place.as_deref(), Some("score-E3.xlsx T!E5"));
    assert!(
        f.message
            .en
            .contains("not on the scale (0, 25, 50, 75, 100)"),
        "{}",
        f.message.en
    );
    assert!(
        f.message
            .nl
            .contains("niet op de schaal staat (0, 25, 50, 75, 100)"),
        "{}",
        f.message.nl
    );
}

#[test]
fn result_json_keeps_decimals_as_strings_and_round_trips() {
    let l = evaluate(
        &weighted("logarithmic", ", log_base: 2"),
        &three(),
        &[],
        &[],
    );
    let json = serde_json::to_string_pretty(&l).unwrap();
    assert!(json.contains("\"total\": \"60.68\""), "{json}");
    let back: Evaluation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, l);
}

// ---- properties ----

mod props {
    use super::*;
    use proptest::prelude::*;

    fn formula() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "relative-to-lowest",
            "linear-range",
            "linear-bounds, price_bounds: { low: 500, high: 5000 }",
            "deviation-from-lowest",
            "logarithmic, log_base: 3",
            "relative-to-reference, reference_price: 2000",
        ])
    }

    fn bids() -> impl Strategy<Value = Vec<(u32, u32)>> {
        // (price in euros, days)
        prop::collection::vec((100u32..10_000, 0u32..40), 1..6)
    }

    fn make(v: &[(u32, u32)]) -> Vec<Bid> {
        v.iter()
            .enumerate()
            .map(|(i, (p, d))| bid(&format!("B{i:02}"), Decimal::from(*p), Decimal::from(*d)))
            .collect()
    }

    /// Every award method, as (award, criteria).
    fn any_method() -> impl Strategy<Value = (String, &'static str)> {
        let mut v: Vec<(String, &'static str)> = [
            "relative-to-lowest",
            "linear-range",
            "deviation-from-lowest",
        ]
        .iter()
        .map(|f| {
            (
                format!("{{ method: weighted-points, price_weight: 60, price_formula: {f} }}"),
                SPEED,
            )
        })
        .collect();
        v.extend([
            (
                "{ method: award-on-value }".to_string(),
                "[{ use: snelheid-van-start, value_eur: 500, best: 5, worst: 30 }]",
            ),
            (
                "{ method: price-per-quality, total: 40 }".to_string(),
                SPEED,
            ),
            (
                "{ method: quality-per-price, total: 40, reference_price: 1000 }".to_string(),
                SPEED,
            ),
            ("{ method: lowest-price }".to_string(), "[]"),
            ("{ method: quality-only, total: 40 }".to_string(), SPEED),
        ]);
        prop::sample::select(v)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn every_method_rewards_a_better_bid_and_ignores_input_order(
            m in any_method(),
            v in prop::collection::vec((100u32..10_000, 0u32..29), 1..6),
            cut in 1u32..500,
            faster in 1u32..20,
        ) {
            let t = tender_with(&m.0, m.1);
            let before = eval(&t, &make(&v));
            let lower = before.method.lower_is_better;
            let not_worse = |a: Exact, b: Exact| if lower { a <= b } else { a >= b };
            let mut better = v.clone();
            better[0].0 = better[0].0.saturating_sub(cut).max(1);
            better[0].1 = better[0].1.saturating_sub(faster);
            let after = eval(&t, &make(&better));
            prop_assert!(not_worse(total(&after, "B00"), total(&before, "B00")));
            prop_assert!(not_worse(
                b(&after, "B00").total_unrounded.clone().unwrap(),
                b(&before, "B00").total_unrounded.clone().unwrap()
            ));
            let mut reversed = make(&v);
            reversed.reverse();
            prop_assert_eq!(
                serde_json::to_string(&evaluate(&t, &make(&v), &[], &[])).unwrap(),
                serde_json::to_string(&evaluate(&t, &reversed, &[], &[])).unwrap()
            );
        }

        #[test]
        fn lower_price_or_better_quality_never_lowers_a_result(
            f in formula(), v in bids(), cut in 1u32..500, faster in 1u32..20
        ) {
            let t = weighted(f.split(',').next().unwrap(), &f.find(',').map(|i| f[i..].to_string()).unwrap_or_default());
            let before = eval(&t, &make(&v));
            let mut cheaper = v.clone();
            cheaper[0].0 = cheaper[0].0.saturating_sub(cut).max(1);
            let after = eval(&t, &make(&cheaper));
            prop_assert!(total(&after, "B00") >= total(&before, "B00"));
            let mut better = v.clone();
            better[0].1 = better[0].1.saturating_sub(faster);
            let after = eval(&t, &make(&better));
            prop_assert!(total(&after, "B00") >= total(&before, "B00"));
        }

        #[test]
        fn input_order_does_not_change_the_outcome(f in formula(), v in bids()) {
            let t = weighted(f.split(',').next().unwrap(), &f.find(',').map(|i| f[i..].to_string()).unwrap_or_default());
            let bids = make(&v);
            let mut reversed = bids.clone();
            reversed.reverse();
            let a = serde_json::to_string(&evaluate(&t, &bids, &[], &[])).unwrap();
            let b = serde_json::to_string(&evaluate(&t, &reversed, &[], &[])).unwrap();
            prop_assert_eq!(a, b);
        }

        #[test]
        fn identical_bids_tie_and_the_tie_break_decides(f in formula(), p in 100u32..10_000, d in 0u32..40) {
            let t = weighted(f.split(',').next().unwrap(), &f.find(',').map(|i| f[i..].to_string()).unwrap_or_default());
            let l = eval(&t, &make(&[(p, d), (p, d)]));
            prop_assert_eq!(total(&l, "B00"), total(&l, "B01"));
            prop_assert_eq!(l.ties.len(), 1);
            prop_assert_eq!(&l.ties[0].decided_by, &vec!["lottery".to_string()]);
            prop_assert_eq!(l.awarded.len(), 1);
            let ranks = (b(&l, "B00").rank, b(&l, "B01").rank);
            prop_assert!(ranks == (Some(1), Some(2)) || ranks == (Some(2), Some(1)));
        }

        #[test]
        fn totals_never_exceed_the_maximum(f in formula(), v in bids()) {
            let t = weighted(f.split(',').next().unwrap(), &f.find(',').map(|i| f[i..].to_string()).unwrap_or_default());
            let l = eval(&t, &make(&v));
            for bid in &l.bids {
                prop_assert!(bid.total.clone().unwrap() <= dec!(100));
                prop_assert!(bid.total.clone().unwrap() >= dec!(0));
            }
        }
    }
}

#[test]
fn a_large_tie_is_listed_once_and_noted_briefly() {
    // Eight equal bids: one group, each bid pointing at it; the ranking table names five
    // of the others and counts the rest instead of listing every code on every row.
    let t = tender_with("{ method: lowest-price, lottery_seed: 7 }", "[]");
    let bids: Vec<Bid> = ["A", "B", "C", "D", "E", "F", "G", "H"]
        .iter()
        .map(|c| bid(c, dec!(500), dec!(0)))
        .collect();
    let e = evaluate(&t, &bids, &[], &[]);
    let l = &e.lots[0];
    assert_eq!(l.ties.len(), 1);
    assert_eq!(l.ties[0].bids.len(), 8);
    assert!(
        l.bids
            .iter()
            .all(|b| b.tie_break.as_ref().map(|t| t.tie) == Some(0))
    );
    let table = super::table::ranking_tables(&e, crate::model::Lang::En);
    let second = &l.ties[0].bids[1];
    let others: Vec<&str> = l.ties[0]
        .bids
        .iter()
        .map(String::as_str)
        .filter(|c| c != second)
        .take(5)
        .collect();
    let note = format!("tied with {} and 2 others (lottery)", others.join(", "));
    assert!(table.contains(&note), "{table}");
}

// ---- exact arithmetic ----

/// Weighted points where a criterion scores in thirds: `snelheid-van-start` from 60 days
/// (no points) to 0 days (all 30 points), so 20 days is 40/60 of 30 points = 20 exactly;
/// price 70 points relative to the lowest; nothing rounded.
fn thirds(tie_break: &str) -> LoadedTender {
    tender_with(
        &format!(
            "{{ method: weighted-points, total: 100, price_weight: 70, price_formula: relative-to-lowest, rounding: {{ step: none }}, tie_break: {tie_break}, lottery_seed: 11 }}"
        ),
        "[{ use: snelheid-van-start, weight: 30, best: 0, worst: 60 }]",
    )
}

#[test]
fn totals_equal_as_fractions_tie() {
    // A: 20 days -> 40/60 x 30 = 20 points; 600/700 x 70 = 60 price points; 80.
    // B: 40 days -> 20/60 x 30 = 10 points; lowest price, 70 points; 80.
    // With 28-digit decimals A came to 79.99...99 (or 80.00...01) and lost (or won) by the
    // residue. As fractions they are equal: a tie, decided by the next rule (quality).
    let t = thirds("[quality, price, lottery]");
    let l = eval(
        &t,
        &[bid("A", dec!(700), dec!(20)), bid("B", dec!(600), dec!(40))],
    );
    assert_eq!(total(&l, "A"), dec!(80));
    assert_eq!(total(&l, "B"), dec!(80));
    assert_eq!(b(&l, "A").criteria[0].points, Some(x(dec!(20))));
    assert_eq!(l.ties.len(), 1);
    assert_eq!(l.ties[0].total, dec!(80));
    assert_eq!(l.ties[0].bids, vec!["A", "B"]);
    assert_eq!(l.ties[0].decided_by, vec!["quality"]);
    assert_eq!(l.awarded, vec!["A"]);
    let json = serde_json::to_string(&l).unwrap();
    assert!(json.contains(r#""total":"80""#), "{json}");
    // 2/3 of the criterion does not terminate: rounded, with the fraction beside it.
    assert!(
        json.contains(r#""fraction":"0.6666666667","fraction_exact":"2/3","points":"20""#),
        "{json}"
    );

    // Equal on quality too (both 20 days): price decides; equal on price as well: the
    // lottery, with its seed.
    let l = eval(
        &t,
        &[
            bid("A", dec!(700), dec!(20)),
            bid("B", dec!(700), dec!(20)),
            bid("C", dec!(600), dec!(40)),
        ],
    );
    assert_eq!(l.ties.len(), 1);
    assert_eq!(l.ties[0].bids.len(), 3);
    assert_eq!(l.ties[0].decided_by, vec!["lottery", "quality"]);
    assert!(l.lottery.used);
    assert_eq!(l.ties[0].bids[2], "C");
}

#[test]
fn a_rule_whose_values_are_equal_as_fractions_does_not_decide() {
    // The tie-break by criterion: A and B both reach 2/3 of the criterion (20 days), one
    // through a residue-prone path no more: the criterion rule leaves them equal and the
    // price decides.
    let t = thirds("[\"criterion:snelheid-van-start\", price, lottery]");
    let l = eval(
        &t,
        &[bid("A", dec!(700), dec!(20)), bid("B", dec!(700), dec!(20))],
    );
    assert_eq!(l.ties[0].decided_by, vec!["lottery"]);
}

#[test]
fn the_sensitivity_sentence_names_the_direction_and_what_happens() {
    use crate::model::Lang;
    // The hand-worked case of `sensitivity_price_quality_shift`: B (awarded) and A tie when
    // 180/7 points move from quality to price; quality keeps B ahead there.
    let t = weighted("relative-to-lowest", "");
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(30)),
            bid("B", dec!(1200), dec!(5)),
        ],
    );
    let s = l.sensitivity.price_quality.as_ref().unwrap();
    assert_eq!(
        crate::render::report::shift_text(&l, None, s, Lang::Nl),
        "Prijs ↔ kwaliteit: verschuift 25,71 punten (25,71%) gewicht van kwaliteit naar prijs, dan staan Aanbieder B (B) en Aanbieder A (A) gelijk en houdt de beslisregel bij gelijke stand (kwaliteit) Aanbieder B (B) voor; bij een grotere verschuiving neemt Aanbieder A (A) de gegunde plaats over van Aanbieder B (B)."
    );
    assert_eq!(
        crate::render::report::shift_text(&l, None, s, Lang::En),
        "Price ↔ quality: if 25.71 points (25.71%) of weight moves from quality to price, Aanbieder B (B) and Aanbieder A (A) tie and the tie-break (quality) keeps Aanbieder B (B) ahead; with a larger shift Aanbieder A (A) takes the awarded place of Aanbieder B (B)."
    );
    let c = l.sensitivity.criteria[0].shift.as_ref().unwrap();
    assert_eq!(
        crate::render::report::shift_text(&l, Some("Snelheid"), c, Lang::Nl),
        "“Snelheid”: verschuift 25,71 punten (25,71%) gewicht van “Snelheid” naar de andere criteria en de prijs, dan staan Aanbieder B (B) en Aanbieder A (A) gelijk en houdt de beslisregel bij gelijke stand (kwaliteit) Aanbieder B (B) voor; bij een grotere verschuiving neemt Aanbieder A (A) de gegunde plaats over van Aanbieder B (B)."
    );

    // When the tie-break favours the bid behind, the place changes hands at the shift
    // itself: tie-break by price, and A is cheaper.
    let t = weighted("relative-to-lowest", ", tie_break: [price, lottery]");
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(30)),
            bid("B", dec!(1200), dec!(5)),
        ],
    );
    let s = l.sensitivity.price_quality.as_ref().unwrap();
    assert_eq!(s.at_shift, ShiftOutcome::ChangesHands);
    assert_eq!(s.decided_by.as_deref(), Some("price"));
    assert_eq!(
        crate::render::report::shift_text(&l, None, s, Lang::En),
        "Price ↔ quality: if 25.71 points (25.71%) of weight moves from quality to price, Aanbieder B (B) and Aanbieder A (A) tie and the tie-break (price) puts Aanbieder A (A) ahead, so at this shift Aanbieder A (A) takes the awarded place of Aanbieder B (B)."
    );
}

mod exact_props {
    use super::*;
    use proptest::prelude::*;

    /// Bids on a small grid of prices and days, so totals that are equal as fractions (and
    /// ties on every rule) come up often.
    fn grid() -> impl Strategy<Value = Vec<(u32, u32)>> {
        prop::collection::vec(
            (
                prop::sample::select(vec![600u32, 700, 800, 900, 1050, 1200]),
                prop::sample::select(vec![0u32, 10, 20, 30, 40, 60]),
            ),
            1..7,
        )
    }

    fn make(v: &[(u32, u32)]) -> Vec<Bid> {
        v.iter()
            .enumerate()
            .map(|(i, (p, d))| bid(&format!("B{i:02}"), Decimal::from(*p), Decimal::from(*d)))
            .collect()
    }

    fn chains() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "[quality, price, lottery]",
            "[price, quality, lottery]",
            "[\"criterion:snelheid-van-start\", price, lottery]",
            "[quality, price]",
        ])
    }

    /// A bid's value under a tie-break rule, as `tender` compares it (higher is better;
    /// the price and the lottery draw negated).
    fn value(l: &LotResult, code: &str, rule: &str) -> Exact {
        let bid = b(l, code);
        match rule {
            "quality" => bid.quality_points.clone().unwrap_or_default(),
            "price" => -Exact::from(bid.evaluation_price.unwrap_or_default()),
            "lottery" => -Exact::from(Decimal::from(*l.lottery.draws.get(code).unwrap_or(&0))),
            _ => bid.criteria[0].fraction.clone().unwrap_or_default(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn equal_totals_tie_and_every_rule_that_decides_separates(v in grid(), chain in chains()) {
            let t = thirds(chain);
            let l = eval(&t, &make(&v));
            let rules: Vec<String> = t.lots[0].lot.award().tie_break.clone();
            // Bids with equal totals (as fractions) are in one tie group, and only they.
            for x in l.bids.iter().filter(|b| b.admission.admitted) {
                for y in l.bids.iter().filter(|b| b.admission.admitted && b.code != x.code) {
                    let same_group = matches!((&x.tie_break, &y.tie_break), (Some(a), Some(b)) if a.tie == b.tie);
                    prop_assert_eq!(x.total == y.total, same_group, "{} {}", x.code, y.code);
                }
            }
            for tie in &l.ties {
                for (k, rule) in tie.decided_by.iter().enumerate() {
                    let (a, c) = (&tie.bids[k], &tie.bids[k + 1]);
                    let at = rules.iter().position(|r| r == rule);
                    // Every rule before the deciding one leaves them equal ...
                    let before = at.unwrap_or(rules.len());
                    for r in &rules[..before] {
                        prop_assert_eq!(value(&l, a, r), value(&l, c, r), "{} {} {}", a, c, r);
                    }
                    // ... and the deciding rule puts the first ahead, strictly.
                    if let Some(i) = at {
                        prop_assert!(value(&l, a, &rules[i]) > value(&l, c, &rules[i]), "{} {} {}", a, c, rule);
                    } else {
                        prop_assert_eq!(rule.as_str(), "unresolved");
                        prop_assert_eq!(b(&l, a).rank, b(&l, c).rank);
                    }
                }
            }
        }

        #[test]
        fn the_same_bids_in_any_order_give_the_same_result(
            v in grid(), chain in chains(), seed in any::<u64>()
        ) {
            let t = thirds(chain);
            let bids = make(&v);
            let mut shuffled = bids.clone();
            // A permutation from the seed.
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            prop_assert_eq!(
                serde_json::to_string(&evaluate(&t, &bids, &[], &[])).unwrap(),
                serde_json::to_string(&evaluate(&t, &shuffled, &[], &[])).unwrap()
            );
        }

        #[test]
        fn scaling_every_price_leaves_a_relative_ranking_unchanged(
            v in prop::collection::vec((100u32..10_000, 0u32..60), 1..7),
            formula in prop::sample::select(vec![
                "relative-to-lowest",
                "linear-range",
                "deviation-from-lowest",
                "logarithmic, log_base: 3",
            ]),
            factor in prop::sample::select(vec![dec!(2), dec!(3), dec!(7), dec!(0.25), dec!(12.5)]),
            step in prop::sample::select(vec!["none", "points", "total"]),
        ) {
            let (f, extra) = formula.split_once(',').map_or((formula, ""), |(f, e)| (f, e));
            let extra = if extra.is_empty() { String::new() } else { format!(",{extra}") };
            let t = tender_with(
                &format!(
                    "{{ method: weighted-points, price_weight: 70, price_formula: {f}{extra}, rounding: {{ step: {step} }} }}"
                ),
                "[{ use: snelheid-van-start, weight: 30, best: 0, worst: 60 }]",
            );
            let bids = make(&v);
            let scaled: Vec<Bid> = bids
                .iter()
                .map(|b| {
                    let mut b = b.clone();
                    for p in b.offers[0].tariffs.values_mut() {
                        *p *= factor;
                    }
                    b
                })
                .collect();
            let ranking = |l: &LotResult| -> Vec<(String, Option<u32>, bool)> {
                l.bids.iter().map(|b| (b.code.clone(), b.rank, b.awarded)).collect()
            };
            let (a, c) = (eval(&t, &bids), eval(&t, &scaled));
            prop_assert_eq!(ranking(&a), ranking(&c));
            for (x, y) in a.bids.iter().zip(&c.bids) {
                prop_assert_eq!(&x.total, &y.total);
            }
        }
    }
}

#[test]
fn the_tender_document_explains_quality_as_with_a_worked_example() {
    use crate::model::Lang;
    use crate::render::explain;
    let t = tender_with(
        "{ method: price-per-quality, total: 40, quality_as: points }",
        SPEED,
    );
    let text = explain::method(&t.lots[0], Lang::Nl).join("\n");
    assert!(
        text.contains("Prijs per kwaliteitspunt: de beoordelingsprijs wordt gedeeld door de behaalde kwaliteitspunten. De laagste uitkomst wint. Voorbeeld: een inschrijving van € 1.000 met 30 van de 40 kwaliteitspunten komt uit op € 1.000 ÷ 30 = € 33,33 per kwaliteitspunt."),
        "{text}"
    );
    let t = tender_with("{ method: price-per-quality, total: 40 }", SPEED);
    let text = explain::method(&t.lots[0], Lang::En).join("\n");
    assert!(
        text.contains("Example: a bid of € 1,000 with 30 of the 40 quality points comes to € 1,000 ÷ (30 ÷ 40) = € 1,333.33."),
        "{text}"
    );
    let t = tender_with(
        "{ method: quality-per-price, total: 40, reference_price: 1200, quality_as: share }",
        SPEED,
    );
    let text = explain::method(&t.lots[0], Lang::Nl).join("\n");
    assert!(
        text.contains("komt uit op (30 ÷ 40) × € 1.200,00 ÷ € 1.000 = 0,9."),
        "{text}"
    );
}

#[test]
fn the_sensitivity_sentence_with_a_positive_shift() {
    use crate::model::Lang;
    // A: 1000, 17.5 days: 60 + 20 = 80; B: 2000, 5 days: 30 + 40 = 70; A is awarded.
    // Moving d points from price to quality: A 80 - d/2, B 70 + d/2: equal at d = +10. There
    // the first tie-break (quality) puts B ahead: the award changes hands at the shift.
    let t = weighted("relative-to-lowest", "");
    let l = eval(
        &t,
        &[
            bid("A", dec!(1000), dec!(17.5)),
            bid("B", dec!(2000), dec!(5)),
        ],
    );
    assert_eq!(l.awarded, vec!["A"]);
    let s = l.sensitivity.price_quality.as_ref().unwrap();
    assert_eq!(s.delta, dec!(10));
    assert_eq!(s.share, dec!(0.1));
    assert_eq!(s.direction, ShiftDirection::PriceToQuality);
    assert_eq!(s.at_shift, ShiftOutcome::ChangesHands);
    assert_eq!(
        crate::render::report::shift_text(&l, None, s, Lang::Nl),
        "Prijs ↔ kwaliteit: verschuift 10 punten (10%) gewicht van prijs naar kwaliteit, dan staan Aanbieder A (A) en Aanbieder B (B) gelijk en zet de beslisregel bij gelijke stand (kwaliteit) Aanbieder B (B) voor: daarmee neemt Aanbieder B (B) de gegunde plaats over van Aanbieder A (A)."
    );
    let c = l.sensitivity.criteria[0].shift.as_ref().unwrap();
    assert_eq!(c.direction, ShiftDirection::ToCriterion);
    assert!(c.delta.is_positive());
    assert_eq!(
        crate::render::report::shift_text(&l, Some("Snelheid"), c, Lang::En),
        "“Snelheid”: if 10 points (10%) of weight moves from the other criteria and price to “Snelheid”, Aanbieder A (A) and Aanbieder B (B) tie and the tie-break (quality) puts Aanbieder B (B) ahead, so at this shift Aanbieder B (B) takes the awarded place of Aanbieder A (A)."
    );
}

// ---- reële prijs: floors, fixed tariffs, cost breakdown ----

#[test]
fn a_tariff_at_the_floor_is_admitted_and_below_it_excluded() {
    let mut t = tender_with("{ method: lowest-price }", "[]");
    t.lots[0].lot.price_model.tariffs[0].floor = Some(dec!(500));
    let l = eval(
        &t,
        &[
            bid("A", dec!(500), dec!(0)),
            bid("B", dec!(499.99), dec!(0)),
        ],
    );
    assert!(b(&l, "A").admission.admitted);
    let e = &b(&l, "B").admission.exclusions;
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].code, "tariff-below-floor");
    assert_eq!(
        e[0].detail.as_ref().and_then(|d| d.found.as_deref()),
        Some("499.99")
    );
    assert_eq!(l.method.floors.get("t"), Some(&dec!(500)));
}

/// Every formula: when every tariff is fixed, every bid has the same evaluation price and
/// gets the same price points, whatever it wrote in the tariff cell (nothing divides by
/// zero, nothing is excluded for a missing tariff).
#[test]
fn fixed_tariffs_give_every_bid_the_same_price_and_price_points() {
    for formula in [
        "relative-to-lowest",
        "linear-range",
        "deviation-from-lowest",
        "logarithmic",
        "relative-to-reference, reference_price: 1000",
        "linear-bounds, price_bounds: { low: 500, high: 1500 }",
    ] {
        let mut t = weighted(formula, "");
        t.lots[0].lot.price_model.tariffs[0].fixed = Some(dec!(800));
        let mut none = bid("C", dec!(0), dec!(30));
        none.offers[0].tariffs.clear();
        let l = eval(
            &t,
            &[
                bid("A", dec!(100), dec!(5)),
                bid("B", dec!(5000), dec!(17.5)),
                none,
            ],
        );
        let prices: Vec<Option<Decimal>> = l.bids.iter().map(|b| b.evaluation_price).collect();
        assert_eq!(prices, vec![Some(dec!(800)); 3], "{formula}");
        let points: Vec<_> = l
            .bids
            .iter()
            .map(|b| match &b.price {
                Some(PriceResult::Points { points, .. }) => points.clone(),
                other => panic!("{formula}: {other:?}"),
            })
            .collect();
        assert!(
            points.iter().all(|p| *p == points[0]),
            "{formula}: {points:?}"
        );
        // Quality alone orders them: A (5 days) before B before C.
        let order: Vec<&str> = l.bids.iter().map(|b| b.code.as_str()).collect();
        assert_eq!(order, vec!["A", "B", "C"], "{formula}");
    }
}

fn with_costs(code: &str, price: Decimal, costs: &[(&str, Decimal)]) -> Bid {
    let mut b = bid(code, price, dec!(30));
    b.offers[0].costs.insert(
        "t".into(),
        costs.iter().map(|(e, v)| (e.to_string(), *v)).collect(),
    );
    b
}

#[test]
fn elements_stand_out_below_the_share_of_the_others_median() {
    let mut t = weighted("relative-to-lowest", "");
    t.lots[0].lot.price_model.cost_breakdown = Some(crate::model::CostBreakdown {
        elements: ["staff", "housing", "overhead"]
            .iter()
            .map(|id| crate::model::CostElement {
                id: id.to_string(),
                label: Text::plain(*id),
            })
            .collect(),
        tariffs: Vec::new(),
    });
    // Evaluation prices 1000, 1000, 1100 and 500: median 1000, 80% is 800: D is flagged.
    // D's staff 400 against the others' median 500 (limit 400.0): not below, equal is fine.
    // D's housing 0 against 300: stands out. D's overhead 100 against median 200 (limit
    // 160): stands out.
    let bids = [
        with_costs(
            "A",
            dec!(1000),
            &[
                ("staff", dec!(500)),
                ("housing", dec!(300)),
                ("overhead", dec!(200)),
            ],
        ),
        with_costs(
            "B",
            dec!(1000),
            &[
                ("staff", dec!(450)),
                ("housing", dec!(350)),
                ("overhead", dec!(200)),
            ],
        ),
        with_costs(
            "C",
            dec!(1100),
            &[
                ("staff", dec!(550)),
                ("housing", dec!(250)),
                ("overhead", dec!(300)),
            ],
        ),
        with_costs(
            "D",
            dec!(500),
            &[
                ("staff", dec!(400)),
                ("housing", dec!(0)),
                ("overhead", dec!(100)),
            ],
        ),
    ];
    let l = eval(&t, &bids);
    let Some(Flag::AbnormallyLow { cost_elements, .. }) = b(&l, "D").flags.first() else {
        panic!("D is flagged: {:?}", b(&l, "D").flags);
    };
    let named: Vec<(&str, Decimal, Decimal, Decimal)> = cost_elements
        .iter()
        .map(|s| (s.element.as_str(), s.amount, s.median, s.limit))
        .collect();
    assert_eq!(
        named,
        vec![
            ("housing", dec!(0), dec!(300), dec!(240.00)),
            ("overhead", dec!(100), dec!(200), dec!(160.00)),
        ]
    );
    assert!(b(&l, "A").flags.is_empty());
    // The breakdown is in the result, as given.
    assert_eq!(b(&l, "D").costs["t"]["housing"], dec!(0));
}

#[test]
fn an_element_needs_two_other_bids_to_stand_out() {
    let pm: crate::model::PriceModel = serde_saphyr::from_str(
        "kind: fixed-per-arrangement\ntariffs: { t: { per: arrangement } }\nbasket: { t: 1 }\n\
         cost_breakdown: { elements: [{ id: e, label: E }] }\n",
    )
    .unwrap();
    let offer = |v: Decimal| {
        let mut o = Offer::default();
        o.costs
            .insert("t".into(), [("e".to_string(), v)].into_iter().collect());
        o
    };
    let share = crate::model::Percent(dec!(80));
    let (a, b2, c) = (offer(dec!(10)), offer(dec!(100)), offer(dec!(100)));
    assert!(flags::standing_out(&pm, share, &[&a, &b2], 0).is_empty());
    assert_eq!(flags::standing_out(&pm, share, &[&a, &b2, &c], 0).len(), 1);
    // A median of zero never makes an element stand out; a negative amount is left out.
    let (z1, z2) = (offer(dec!(0)), offer(dec!(0)));
    assert!(flags::standing_out(&pm, share, &[&z1, &z2, &offer(dec!(0))], 0).is_empty());
    assert!(flags::standing_out(&pm, share, &[&offer(dec!(-5)), &b2, &c], 0).is_empty());
}
