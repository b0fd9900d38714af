//! Generates the sample applications of the open-house sample,
//! `samples/activerend-werk-open-house/applications/`, and its submission log, by filling
//! the tender's own application form.
//!
//! Run from the repository root:
//!
//! ```text
//! cargo run --example sample_applications
//! ```
//!
//! Six applications arrive before the first round (15 November 2016): one says it has no
//! certificates of conduct and names no evidence of its experience (refused, with both
//! reasons); the five others qualify for the four places of lot P1, so the announced
//! lottery decides. One arrives after the first round and is decided in the second, when
//! `mutaties.csv` has freed a place. Never edit the generated files by hand: edit this
//! file and run it again.

use std::path::PathBuf;

use tender::load::{LoadedTender, load_valid};
use tender::model::{Bid, Declaration, Location, Offer, Provider, PublicInfo};

/// One sample application: file, received at, name, KvK, rungs, and the declarations
/// that differ from "met, with the evidence asked" (requirement id, met, evidence).
struct Sample {
    file: &'static str,
    received_at: &'static str,
    name: &'static str,
    kvk: &'static str,
    rungs: (u8, u8),
    description: &'static str,
    locations: &'static str,
    contact: &'static str,
    differ: &'static [(&'static str, Option<bool>, &'static str)],
}

const SAMPLES: &[Sample] = &[
    Sample {
        file: "de-groene-draad.xlsx",
        received_at: "2016-10-12T10:05",
        name: "Stichting De Groene Draad",
        kvk: "41234567",
        rungs: (2, 4),
        description: "Werken in de tuin en de kwekerij, in een vaste groep met een vaste begeleider.",
        locations: "Kwekerslaan 4, Aadorp; Tuinpad 12, Beekveld",
        contact: "0592-123456, aanmelden@groenedraad.example",
        differ: &[],
    },
    Sample {
        file: "het-trefpunt.xlsx",
        received_at: "2016-10-20T14:30",
        name: "Het Trefpunt B.V.",
        kvk: "52345678",
        rungs: (2, 3),
        description: "Dagbesteding in de wijk: koken, klussen en de winkel, met ruimte om te beginnen met een paar uur per week.",
        locations: "Marktplein 1, Dalwijk",
        contact: "www.trefpunt.example, 0593-234567",
        differ: &[],
    },
    Sample {
        file: "samen-verder.xlsx",
        received_at: "2016-11-02T09:12",
        name: "Samen Verder Coöperatie U.A.",
        kvk: "63456789",
        rungs: (2, 4),
        description: "Arbeidsmatige dagbesteding in een fietsenwerkplaats.",
        locations: "Stationsweg 20, Cranendonk-aan-Zee",
        contact: "info@samenverder.example",
        differ: &[
            ("vog-medewerkers", Some(false), ""),
            ("ervaring-doelgroep", Some(true), ""),
        ],
    },
    Sample {
        file: "reintegra-flex.xlsx",
        received_at: "2016-11-07T16:45",
        name: "Reintegra Flex B.V.",
        kvk: "74567890",
        rungs: (3, 4),
        description: "Werkplekken in de logistiek en de inpak, als opstap naar vrijwilligerswerk.",
        locations: "Industrieweg 8, Aadorp",
        contact: "0592-345678",
        differ: &[],
    },
    Sample {
        file: "de-vlinderhof.xlsx",
        received_at: "2016-11-10T11:20",
        name: "Zorgcoöperatie De Vlinderhof",
        kvk: "85678901",
        rungs: (2, 4),
        description: "Dagbesteding op een zorgboerderij: dieren, land en de boerderijwinkel.",
        locations: "Hoeveweg 3, Beekveld",
        contact: "vlinderhof@zorg.example, 0594-456789",
        differ: &[],
    },
    Sample {
        file: "atelier-oost.xlsx",
        received_at: "2016-11-14T15:02",
        name: "Atelier Oost",
        kvk: "96789012",
        rungs: (2, 3),
        description: "Creatieve dagbesteding: hout, keramiek en drukwerk op bestelling.",
        locations: "Oosterstraat 77, Dalwijk",
        contact: "atelier@oost.example",
        differ: &[],
    },
    Sample {
        file: "combinatie-werkroute.xlsx",
        received_at: "2016-11-28T10:40",
        name: "Combinatie WerkRoute",
        kvk: "30987654",
        rungs: (3, 4),
        description: "Leerwerkplekken in de groenvoorziening en de schoonmaak, met een jobcoach op de werkvloer.",
        locations: "Havenkade 15, Cranendonk-aan-Zee",
        contact: "werkroute@combinatie.example",
        differ: &[],
    },
];

fn to_bid(t: &LoadedTender, s: &Sample) -> Result<Bid, String> {
    let lv = t.lot("P1").ok_or("the sample has no lot P1")?;
    let declarations = lv
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let d = match s.differ.iter().find(|(id, _, _)| *id == r.id) {
                Some((_, met, evidence)) => Declaration {
                    met: *met,
                    evidence: evidence.to_string(),
                },
                None if r.id == tender::admit::terms::ACCEPT_TARIFFS => Declaration {
                    met: Some(true),
                    evidence: "Directeur-bestuurder".into(),
                },
                None => Declaration {
                    met: Some(true),
                    evidence: format!("Bijlage {}: {}", i + 1, r.evidence.nl().trim()),
                },
            };
            (r.id.clone(), d)
        })
        .collect();
    Ok(Bid {
        file: s.file.into(),
        code: String::new(),
        provider: Provider {
            name: s.name.into(),
            kvk: s.kvk.into(),
            contact: "Directeur".into(),
            email: format!("directie@{}.example", s.file.trim_end_matches(".xlsx")),
            partners: Vec::new(),
            public: public_info(s),
        },
        offers: vec![Offer {
            lot: "P1".into(),
            ladder_from: Some(s.rungs.0),
            ladder_to: Some(s.rungs.1),
            declarations,
            ..Offer::default()
        }],
    })
}

/// The public block of an application from the sample's short notation: locations as
/// `street number, town; ...` (the municipality is the town's), contact as a comma-separated
/// list of a phone number, an e-mail address and a web address.
fn public_info(s: &Sample) -> PublicInfo {
    let locations = s
        .locations
        .split(';')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Location {
            address: l.to_string(),
            municipality: format!("Gemeente {}", l.rsplit(", ").next().unwrap_or(l)),
        })
        .collect();
    let mut p = PublicInfo {
        description: s.description.into(),
        start: "Via de consulent of het wijkteam; eerst een kennismakingsgesprek.".into(),
        locations,
        ..PublicInfo::default()
    };
    for c in s.contact.split(", ").map(str::trim) {
        if c.contains('@') {
            p.email = c.into();
        } else if let Some(host) = c.strip_prefix("www.") {
            p.website = format!("https://www.{host}");
        } else {
            p.phone = c.into();
        }
    }
    p
}

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let folder = root.join("samples/activerend-werk-open-house");
    let tender = load_valid(&folder).map_err(|_| {
        "the open-house sample is not valid; run `tender validate samples/activerend-werk-open-house`"
    })?;
    let dir = folder.join("applications");
    let mut log = String::from("file,received_at\n");
    for s in SAMPLES {
        let bid = to_bid(&tender, s)?;
        let bytes = tender::form::write_form(&tender, Some(&bid)).map_err(|e| e.to_string())?;
        let path = dir.join(s.file);
        tender::output::write_atomic(&path, &bytes).map_err(|e| e.to_string())?;
        log.push_str(&format!("{},{}\n", s.file, s.received_at));
        println!("{}", path.display());
    }
    tender::output::write_atomic(&folder.join("submissions.csv"), log.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(())
}
