use super::providers::{groups, kvk_key, name_key};
use super::*;
use crate::model::{Bid, Partner, Provider};

fn bid(code: &str, name: &str, kvk: &str, partners: &[(&str, &str)]) -> Bid {
    Bid {
        file: format!("{}.xlsx", code.to_lowercase()),
        code: code.into(),
        provider: Provider {
            name: name.into(),
            kvk: kvk.into(),
            partners: partners
                .iter()
                .map(|(n, k)| Partner {
                    name: (*n).into(),
                    kvk: (*k).into(),
                    role: String::new(),
                })
                .collect(),
            ..Provider::default()
        },
        offers: Vec::new(),
    }
}

#[test]
fn one_provider_spelled_many_ways_has_one_key() {
    let key = name_key("ReIntegra Flex B.V.");
    assert_eq!(key, "reintegraflex");
    for spelling in [
        "reintegra flex bv",
        "REINTEGRA FLEX B. V.",
        "ReIntegra-Flex BV",
        "Re Integra Flex",
        "ReIntegra\u{a0}Flex\u{2009}B.V.",
        "Re\u{200b}Integra Flex B.V.",
        "ReIntegra Flex B.V. i.o.",
        "ReIntegra Flex N.V.",
        "  ReIntegra   Flex,  B.V  ",
        "R\u{435}Integra Flex B.V.",    // Cyrillic e
        "\u{ff32}\u{ff45}Integra Flex", // full-width R e
        "Besloten Vennootschap ReIntegra Flex",
        "ReIntegra Flex besloten vennootschap",
        "\u{202e}ReIntegra Flex B.V.",    // a direction override
        "\u{1d411}\u{1d41e}Integra Flex", // mathematical bold R e
    ] {
        assert_eq!(name_key(spelling), key, "{spelling}");
    }
    let trefpunt = name_key("Stichting Het Trefpunt");
    for spelling in [
        "Het Trefpunt",
        "Het Trefpunt B.V.",
        "stg. het trefpunt",
        "Stichting Het Trefpunt (i.o.)",
    ] {
        assert_eq!(name_key(spelling), trefpunt, "{spelling}");
    }
    let draad = name_key("Coöperatie De Groene Draad U.A.");
    for spelling in [
        "Cooperatie de Groene Draad UA",
        "De Groene Draad",
        "Coöperatieve De Groene Draad W.A.",
        "De Groene Draad u.a.",
    ] {
        assert_eq!(name_key(spelling), draad, "{spelling}");
    }
    assert_eq!(name_key("Werk & Zorg BV"), name_key("Werk en Zorg"));
    // Different providers stay apart; a name that is only a legal form keeps it.
    assert_ne!(name_key("Werkroute B.V."), name_key("Werkroute Oost B.V."));
    assert_ne!(
        name_key("Stichting Samen Verder Werkt"),
        name_key("Samen Werkt")
    );
    assert_eq!(name_key("B.V."), "bv");
    assert_eq!(name_key(""), "");
    assert_eq!(name_key("..."), "");
}

#[test]
fn kvk_numbers_compare_on_their_digits() {
    for k in [
        "12345678",
        "1234 5678",
        "12.34.56.78",
        " 12345678 ",
        "KvK: 12345678",
        "\u{661}\u{662}\u{663}\u{664}\u{665}\u{666}\u{667}\u{668}", // Arabic-Indic
        "\u{1d7cf}2345678",                                         // mathematical bold 1
        "\u{ff11}2345678",
    ] {
        assert_eq!(kvk_key(k), "12345678", "{k}");
    }
    assert_eq!(kvk_key("onbekend"), "");
}

#[test]
fn bids_sharing_a_kvk_or_a_name_are_grouped_with_their_grounds() {
    let bids = vec![
        bid(
            "B01",
            "Werkroute B.V.",
            "11111111",
            &[("Leerbedrijf Oost", "22222222")],
        ),
        bid("B02", "De Groene Draad", "33333333", &[]),
        bid("B03", "Alfa Zorg", "44444444", &[]),
        // B01's partner, now the main provider.
        bid("B04", "Leerbedrijf Oost B.V.", "2222 2222", &[]),
        // B02's name, another KvK.
        bid("B05", "Coöperatie De Groene Draad U.A.", "55555555", &[]),
        // B03's KvK as a partner of a consortium.
        bid("B06", "Beta Werkt", "66666666", &[("Gamma", "44444444")]),
        bid("B07", "Delta", "", &[]),
        bid("B08", "Epsilon", "", &[]),
    ];
    let g = groups(&bids, |_| false);
    let members: Vec<Vec<&str>> = g
        .iter()
        .map(|g| g.members.iter().map(|&i| bids[i].code.as_str()).collect())
        .collect();
    assert_eq!(
        members,
        [vec!["B01", "B04"], vec!["B02", "B05"], vec!["B03", "B06"]]
    );
    assert_eq!(
        g[0].grounds,
        ["KvK 22222222", "\u{201c}Leerbedrijf Oost\u{201d}"]
    );
    assert_eq!(g[1].grounds, ["\u{201c}De Groene Draad\u{201d}"]);
    // Empty KvK numbers join nothing; skipped bids are left out.
    assert!(
        groups(&bids, |b| b.code == "B04"
            || b.code == "B05"
            || b.code == "B06")
        .is_empty()
    );
    // Sharing is followed through: B1-B2 by KvK, B2-B3 by name.
    let chain = vec![
        bid("B01", "Een", "11111111", &[]),
        bid("B02", "Twee", "11111111", &[]),
        bid("B03", "Twee B.V.", "99999999", &[]),
    ];
    let g = groups(&chain, |_| false);
    assert_eq!(g.len(), 1);
    assert_eq!(g[0].members, [0, 1, 2]);
    // One bid naming the same KvK twice (main and partner) is no group.
    let one = vec![bid("B01", "Een", "11111111", &[("Een", "11111111")])];
    assert!(groups(&one, |_| false).is_empty());
}

fn low(bid: &str) -> AbnormallyLow {
    AbnormallyLow {
        bid: bid.into(),
        file: None,
        lot: None,
        explanation_asked: "2016-10-18".parse().unwrap(),
        explanation_received: None,
        decision: Some(LowDecision::Accepted),
        reason: Some(Text::plain("Verklaard.")),
        decided: None,
    }
}

fn codes(fs: &[Finding]) -> Vec<(&str, &str)> {
    fs.iter().map(|f| (f.code, f.field.as_str())).collect()
}

#[test]
fn the_log_is_checked_against_the_tender_and_the_bids() {
    let bids = vec![
        bid("B01", "Een", "11111111", &[]),
        bid("B02", "Twee", "22222222", &[]),
    ];
    let mut wrong_file = low("B01");
    wrong_file.file = Some("b02.xlsx".into());
    let mut no_reason = low("B02");
    no_reason.reason = None;
    no_reason.lot = Some("P9".into());
    no_reason.decided = Some("2016-10-01".parse().unwrap());
    let log = DecisionLog {
        tender: Some("X".into()),
        abnormally_low: vec![wrong_file, no_reason, low("B07"), low("B01")],
        same_provider: vec![
            SameProvider {
                bids: vec!["B01".into(), "B02".into()],
                counts: Some("B03".into()),
                distinct: false,
                reason: Text::plain("Bevestigd."),
                decided: None,
            },
            SameProvider {
                bids: vec!["B01".into()],
                counts: Some("B01".into()),
                distinct: true,
                reason: Text::plain(" "),
                decided: None,
            },
        ],
    };
    let fs = validate(&log, "AW-2017", &["P1"], Some(&bids));
    // Without the bids, references to them are not checked.
    let unchecked = validate(&log, "AW-2017", &["P1"], None);
    assert!(
        !unchecked
            .iter()
            .any(|f| f.code == "decisions-unknown-bid" || f.code == "decisions-file-mismatch")
    );
    assert_eq!(unchecked.len(), fs.len() - 2);
    assert_eq!(
        codes(&fs),
        [
            ("decisions-other-tender", "tender"),
            ("decisions-file-mismatch", "abnormally_low[0].file"),
            ("decisions-unknown-lot", "abnormally_low[1].lot"),
            ("decisions-reason-missing", "abnormally_low[1].decision"),
            ("decisions-date-order", "abnormally_low[1].decided"),
            ("decisions-unknown-bid", "abnormally_low[2].bid"),
            ("decisions-duplicate", "abnormally_low[3].bid"),
            ("decisions-provider-outcome", "same_provider[0].counts"),
            ("decisions-group-too-small", "same_provider[1].bids"),
            ("decisions-provider-outcome", "same_provider[1].counts"),
            ("decisions-reason-missing", "same_provider[1].reason"),
            ("decisions-duplicate", "same_provider[1].bids"),
        ]
    );
    // Each check has its own sentence in the Dutch report, not the general one.
    let general = super::stage::log_finding_nl("something-else");
    for f in &fs {
        assert_ne!(super::stage::log_finding_nl(f.code), general, "{}", f.code);
    }
    assert_eq!(fs[1].message, "bid B01 is b01.xlsx, not b02.xlsx");
    assert_eq!(fs[5].message, "there is no bid B07 in bids/");
    assert_eq!(
        fs[5].hint.as_deref(),
        Some("the bids are B01, B02; use the code `tender score` shows")
    );
    // A complete log has nothing to say.
    let good = DecisionLog {
        tender: Some("AW-2017".into()),
        abnormally_low: vec![low("B01")],
        same_provider: Vec::new(),
    };
    assert!(validate(&good, "AW-2017", &["P1"], Some(&bids)).is_empty());
}

#[test]
fn decisions_read_as_sentences_in_either_language() {
    let r = Recorded::AbnormallyLow {
        bid: "B05".into(),
        explanation_asked: "2016-10-18".parse().unwrap(),
        explanation_received: None,
        decision: LowDecision::Rejected,
        reason: Text::Both {
            nl: "De loonkosten liggen onder de cao".into(),
            en: Some("Wages are below the collective agreement".into()),
        },
        decided: None,
        flagged: true,
    };
    assert_eq!(
        r.sentence(Lang::Nl),
        "De prijs van inschrijving B05 leek abnormaal laag. De commissie heeft op 18 oktober 2016 om een toelichting gevraagd (art. 2.116 Aanbestedingswet 2012) en die niet aanvaard; de inschrijving is daarom uitgesloten: De loonkosten liggen onder de cao."
    );
    assert_eq!(
        r.letter_sentence("B05", Lang::En),
        "The price of your bid appeared abnormally low. On 18 October 2016 the committee asked you for an explanation (art. 2.116 Aanbestedingswet 2012) and did not accept it; your bid is therefore excluded: Wages are below the collective agreement."
    );
    let s = Recorded::SameProvider {
        bids: vec!["B01".into(), "B07".into()],
        grounds: vec!["KvK 12345678".into()],
        counts: Some("B01".into()),
        reason: Text::plain("De aanbieder heeft B01 bevestigd."),
        decided: None,
    };
    assert!(s.concerns("B07") && !s.concerns("B02"));
    assert_eq!(
        s.letter_sentence("B07", Lang::Nl),
        "Uw inschrijving en inschrijving B01 komen van dezelfde aanbieder (KvK 12345678). Een aanbieder mag één inschrijving doen; de commissie heeft besloten dat inschrijving B01 telt en uw inschrijving daarom uitgesloten: De aanbieder heeft B01 bevestigd."
    );
    assert_eq!(
        s.sentence(Lang::En),
        "Bids B01, B07 come from the same provider (KvK 12345678). The committee decided that only bid B01 counts; the others are excluded: De aanbieder heeft B01 bevestigd."
    );
}

#[test]
fn docs_decisions_md_lists_every_field_of_the_log() {
    let doc = include_str!("../../docs/decisions.md");
    let schema = serde_json::to_value(schemars::schema_for!(DecisionLog)).unwrap();
    let fields = |v: &serde_json::Value| -> Vec<String> {
        v["properties"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let top = fields(&schema);
    assert_eq!(top.len(), 3, "{schema}");
    let mut expected: Vec<String> = top.iter().map(|f| f.to_string()).collect();
    for (prefix, def) in [
        ("abnormally_low[]", "AbnormallyLow"),
        ("same_provider[]", "SameProvider"),
    ] {
        let inner = fields(&schema["$defs"][def]);
        assert!(!inner.is_empty(), "{def}");
        expected.extend(inner.iter().map(|f| format!("{prefix}.{f}")));
    }
    for f in expected {
        let f = if top.contains(&f) && f != "tender" {
            format!("{f}[]")
        } else {
            f
        };
        assert!(
            doc.contains(&format!("| `{f}` |")),
            "docs/decisions.md does not describe `{f}`"
        );
    }
}

mod props {
    use super::super::providers::name_key;
    use proptest::prelude::*;

    /// A word of a provider's name: letters, at least two, not a legal form.
    fn word() -> impl Strategy<Value = String> {
        "[a-z]{3,9}".prop_filter("not a legal form", |w| {
            ![
                "stichting",
                "vereniging",
                "cooperatie",
                "cooperatieve",
                "cooperative",
                "coop",
                "maatschap",
                "eenmanszaak",
                "holding",
                "ltd",
                "limited",
                "gmbh",
                "inc",
                "llc",
                "bvba",
                "stg",
                "ver",
                "vof",
            ]
            .contains(&w.as_str())
        })
    }

    proptest! {
        /// Case, spacing of every kind, punctuation and legal forms at either end never
        /// keep one provider's names apart.
        #[test]
        fn spellings_of_one_name_share_its_key(words in prop::collection::vec(word(), 1..5), form in 0usize..6) {
            let plain = words.join(" ");
            let key = name_key(&plain);
            prop_assert!(!key.is_empty());
            let forms = ["B.V.", "BV", "N.V.", "U.A.", "V.O.F.", "i.o."];
            let spelled = [
                plain.to_uppercase(),
                format!("{plain} {}", forms[form]),
                format!("Stichting {plain}"),
                format!("Coöperatie {plain} U.A."),
                words.join("\u{a0}\u{2009} "),
                words.join("-"),
                format!("  {}  ", words.join("\u{200b} ")),
            ];
            for s in spelled {
                prop_assert_eq!(name_key(&s), key.clone(), "{}", s);
            }
        }

        /// Any text gives a key without panicking, and the key is stable.
        #[test]
        fn any_name_has_a_key(s in ".{0,300}") {
            let k = name_key(&s);
            prop_assert_eq!(name_key(&s), k);
        }

        /// The decision log loader never panics, whatever the bytes.
        #[test]
        fn any_log_loads_or_is_refused(s in "(abnormally_low|same_provider|bid|bids|tender|reason|decision|[-:\\[\\]{},\\n '\"a-zA-Z0-9 ]){0,80}") {
            let _ = crate::decisions::log_file::load_log(
                std::path::Path::new("besluiten.yaml"),
                s.as_bytes(),
                "AW-2017",
                &["P1"],
                Some(&[]),
            );
        }
    }
}

#[test]
fn thousands_of_legal_forms_neither_overflow_nor_hang() {
    let long = "B.V. ".repeat(20_000);
    assert_eq!(name_key(&format!("Zorg {long}")), "zorg");
    // Only legal forms: the name is kept whole (one word of initials).
    let only = name_key(&long);
    assert!(
        only.len() == 40_000 && only.starts_with("bvbv"),
        "{}",
        only.len()
    );
    // One word of 60,000 initials (`bvbv...`), taken off without recursion.
    assert_eq!(name_key(&format!("Zorg {}", "bv".repeat(30_000))), "zorg");
}
