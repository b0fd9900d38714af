//! The letter each applicant receives after a round: the decision per lot (admitted, or
//! refused with every reason as a decision that cites the requirement and what the form
//! contained), what the applicant may do next, and how to object. Dutch or English, never
//! a mix; Markdown and HTML. Provider text is escaped.

use chrono::NaiveDate;

use super::terms::{join_and, tariff_lines};
use super::{Decision, Lottery, Outcome, Reason, Round};
use crate::form::layout::no;
use crate::load::LoadedTender;
use crate::model::{Lang, LotView, format_date};
use crate::render::markdown::{escape, safe_source, to_html};
use crate::tr;

/// One letter: the file stem (from the application's file name) and its Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The file stem, e.g. `de-groene-draad`.
    pub stem: String,
    /// Whether any lot was admitted.
    pub admitted: bool,
    /// The letter in Markdown.
    pub markdown: String,
}

/// A file stem safe in any folder: letters, digits, `-` and `_`; other characters become `-`.
pub fn stem_of(file: &str) -> String {
    let base = file.rsplit_once('.').map_or(file, |(b, _)| b);
    let s: String = base
        .chars()
        .take(80)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with('-') {
        format!("aanmelding{s}")
    } else {
        s
    }
}

/// The letters of a round, one per application file, in file-name order.
pub fn letters(tender: &LoadedTender, round: &Round, lang: Lang) -> Vec<Letter> {
    let mut files: Vec<&str> = round.decisions.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    let mut stems: Vec<String> = Vec::new();
    files
        .into_iter()
        .map(|file| {
            let decisions: Vec<&Decision> =
                round.decisions.iter().filter(|d| d.file == file).collect();
            let mut stem = stem_of(file);
            // Two files that differ only in characters a stem drops keep their own letter.
            while stems.contains(&stem) {
                stem.push('_');
            }
            stems.push(stem.clone());
            Letter {
                stem,
                admitted: decisions.iter().any(|d| d.outcome == Outcome::Admitted),
                markdown: letter(tender, round, &decisions, lang),
            }
        })
        .collect()
}

fn letter(tender: &LoadedTender, round: &Round, ds: &[&Decision], lang: Lang) -> String {
    let t = &tender.def.tender;
    let first = ds[0];
    let any_admitted = ds.iter().any(|d| d.outcome == Outcome::Admitted);
    let all_admitted = ds.iter().all(|d| d.outcome == Outcome::Admitted);
    let date = format_date(round.date, lang);
    let title = t.title.get(lang);
    let mut md = String::new();
    let heading = match (all_admitted, any_admitted) {
        (true, _) => tr!(lang, "Toelatingsbesluit", "Admission decision"),
        (false, true) => tr!(
            lang,
            "Besluit op uw aanmelding: toelating en afwijzing",
            "Decision on your application: admission and refusal"
        ),
        (false, false) => tr!(
            lang,
            "Afwijzing van uw aanmelding",
            "Refusal of your application"
        ),
    };
    md.push_str(&format!("# {heading}\n\n"));
    let authority = escape(&t.authority.name);
    md.push_str(&format!("{authority}  \n{date}\n\n"));
    let name = if first.name.is_empty() {
        tr!(lang, "(naam niet ingevuld)", "(name not filled in)")
    } else {
        escape(&first.name)
    };
    let kvk = if first.kvk.is_empty() {
        String::new()
    } else {
        format!(" (KvK {})", escape(&first.kvk))
    };
    let file = escape(&first.file);
    let received = format_date(first.received_at.date(), lang);
    let (id, time) = (&t.id, first.received_at.format("%H:%M"));
    md.push_str(&tr!(
        lang,
        "**Aan:** {name}{kvk}  \n**Betreft:** uw aanmelding voor {title}, kenmerk {id}, ontvangen op {received} om {time} uur (bestand {file})\n\n",
        "**To:** {name}{kvk}  \n**Subject:** your application for {title}, reference {id}, received on {received} at {time} (file {file})\n\n"
    ));
    md.push_str(&tr!(
        lang,
        "In de ronde van {date} is op uw aanmelding beslist. Een open house kent geen wedstrijd en geen rangorde: wie aan elke eis voldoet en de vaste tarieven aanvaardt, wordt toegelaten.\n\n",
        "Your application was decided in the round of {date}. An open house has no competition and no ranking: whoever meets every requirement and accepts the fixed tariffs is admitted.\n\n"
    ));
    for d in ds {
        let lv = d.lot.as_deref().and_then(|l| tender.lot(l));
        md.push_str(&lot_section(tender, round, d, lv, lang));
    }
    md.push_str(&format!("## {}\n\n", tr!(lang, "Wat nu", "What next")));
    if any_admitted {
        let contract = t
            .admission
            .as_ref()
            .map(|a| safe_source(a.contract.get(lang).trim()))
            .unwrap_or_default();
        md.push_str(&tr!(
            lang,
            "U ontvangt de overeenkomst ter ondertekening. {contract}\n\nMet de gegevens die u voor de sociale kaart gaf, staat u vanaf {date} op de sociale kaart, waar deelnemers en verwijzers een aanbieder kiezen.\n\n",
            "You will receive the agreement to sign. {contract}\n\nWith the details you gave for the social map, you are on the social map from {date}, where participants and referrers choose a provider.\n\n"
        ));
        if let Some(a) = &t.admission {
            md.push_str(&safe_source(a.tariff_change.get(lang).trim()));
            md.push_str("\n\n");
        }
    }
    if !all_admitted {
        match &t.admission {
            Some(a) if round.date <= a.applications_until.date() => {
                let until = a.applications_until.format(lang);
                md.push_str(&tr!(
                    lang,
                    "U kunt zich opnieuw aanmelden zolang de aanmeldtermijn loopt, tot en met {until}. Een nieuwe aanmelding wordt beslist in de eerstvolgende ronde na ontvangst.\n\n",
                    "You may apply again while the application term runs, until {until}. A new application is decided in the first round after it is received.\n\n"
                ));
            }
            Some(a) => {
                let until = a.applications_until.format(lang);
                md.push_str(&tr!(
                    lang,
                    "De aanmeldtermijn liep tot en met {until}; opnieuw aanmelden is niet meer mogelijk.\n\n",
                    "The application term ran until {until}; applying again is no longer possible.\n\n"
                ));
            }
            None => {}
        }
    }
    md.push_str(&format!("## {}\n\n", tr!(lang, "Bezwaar", "How to object")));
    match &t.authority.remedies {
        Some(r) => md.push_str(&safe_source(r.get(lang).trim())),
        None => md.push_str(&tr!(
            lang,
            "Neem bij bezwaar contact op met de gemeente.",
            "To object, contact the authority."
        )),
    }
    md.push_str("\n\n");
    if let Some(c) = &t.authority.contact {
        let c = escape(c);
        md.push_str(&tr!(
            lang,
            "Vragen over dit besluit: {c}.\n",
            "Questions about this decision: {c}.\n"
        ));
    }
    md
}

fn lot_section(
    tender: &LoadedTender,
    round: &Round,
    d: &Decision,
    lv: Option<&LotView>,
    lang: Lang,
) -> String {
    let mut md = String::new();
    let heading = match (&d.lot, lv) {
        (Some(id), Some(lv)) => {
            let title = lv.lot.title.get(lang);
            tr!(lang, "Perceel {id}: {title}", "Lot {id}: {title}")
        }
        (Some(id), None) => tr!(lang, "Perceel {id}", "Lot {id}"),
        (None, _) => tr!(lang, "Uw aanmelding", "Your application"),
    };
    md.push_str(&format!("## {heading}\n\n"));
    let date = format_date(round.date, lang);
    let lottery = d
        .lot
        .as_deref()
        .and_then(|l| round.lotteries.iter().find(|x| x.lot == l));
    match d.outcome {
        Outcome::Admitted => {
            let id = d.lot.as_deref().unwrap_or("?");
            let rungs = d
                .rungs
                .map(|(f, t)| tr!(lang, ", voor trede {f} t/m {t}", ", for rungs {f} to {t}"))
                .unwrap_or_default();
            md.push_str(&tr!(
                lang,
                "**Besluit:** u bent toegelaten tot perceel {id}, met ingang van {date}{rungs}, tegen de vaste tarieven:\n\n",
                "**Decision:** you are admitted to lot {id}, as of {date}{rungs}, at the fixed tariffs:\n\n"
            ));
            if let Some(lv) = lv {
                for line in tariff_lines(&lv.lot, lang) {
                    md.push_str(&format!("- {}\n", escape(&line)));
                }
                md.push('\n');
            }
            if let (Some(x), Some(draw)) = (lottery, d.draw) {
                md.push_str(&lottery_sentence(x, draw.position, draw.value, true, lang));
            }
        }
        Outcome::Refused => {
            let what = match &d.lot {
                Some(id) => tr!(
                    lang,
                    "uw aanmelding voor perceel {id} wordt afgewezen",
                    "your application for lot {id} is refused"
                ),
                None => tr!(
                    lang,
                    "uw aanmelding wordt afgewezen",
                    "your application is refused"
                ),
            };
            let n = d.reasons.len();
            let because = if n == 1 {
                tr!(lang, "om de volgende reden", "for the following reason")
            } else {
                tr!(
                    lang,
                    "om de volgende {n} redenen",
                    "for the following {n} reasons"
                )
            };
            md.push_str(&tr!(
                lang,
                "**Besluit:** {what}, {because}:\n\n",
                "**Decision:** {what}, {because}:\n\n"
            ));
            for (i, r) in d.reasons.iter().enumerate() {
                let s = capitalised(&reason_sentence(tender, lv, round, d, r, lang));
                md.push_str(&format!("{}. {s}\n", i + 1));
            }
            md.push('\n');
        }
    }
    md
}

fn lottery_sentence(x: &Lottery, position: u32, value: u64, admitted: bool, lang: Lang) -> String {
    use crate::words::Noun;
    const PROVIDER: Noun = crate::words::noun("aanbieder", "aanbieders", "provider", "providers");
    const APPLICANT: Noun =
        crate::words::noun("aanmelder", "aanmelders", "applicant", "applicants");
    const PLACE: Noun = crate::words::noun(
        "vrije plaats",
        "vrije plaatsen",
        "free place",
        "free places",
    );
    let (lot, seed) = (&x.lot, x.seed);
    let cap = PROVIDER.count(x.cap, lang);
    let before = x.admitted_before;
    let places = PLACE.count(x.places, lang);
    let qualified = APPLICANT.count(x.qualified, lang);
    let outcome = if admitted {
        tr!(
            lang,
            "dat valt binnen de {places}",
            "which is within the {places}"
        )
    } else {
        tr!(
            lang,
            "dat valt buiten de {places}",
            "which is outside the {places}"
        )
    };
    let were = match (lang, x.places) {
        (Lang::Nl, 1) => "was",
        (Lang::Nl, _) => "waren",
        (Lang::En, 1) => "was",
        (Lang::En, _) => "were",
    };
    let (before_were, before) = match (lang, before) {
        (Lang::Nl, 1) => ("was er", PROVIDER.count(before, lang)),
        (Lang::Nl, _) => ("waren er", PROVIDER.count(before, lang)),
        (Lang::En, 1) => ("was", PROVIDER.count(before, lang)),
        (Lang::En, _) => ("were", PROVIDER.count(before, lang)),
    };
    tr!(
        lang,
        "Perceel {lot} laat ten hoogste {cap} toe; vóór deze ronde {before_were} {before} toegelaten, zodat er {places} {were} voor {qualified} die aan de eisen voldoen. Zoals aangekondigd besliste een loting met lotingsgetal {seed}: uw trekking ({value}) gaf plaats {position}, {outcome}.\n\n",
        "Lot {lot} admits at most {cap}; {before} {before_were} admitted before this round, so {places} {were} open to {qualified} who meet the requirements. As announced, a lottery with seed {seed} decided: your draw ({value}) gave place {position}, {outcome}.\n\n"
    )
}

/// What a requirement is called in a reason: knock-out requirement, suitability
/// requirement, or the acceptance of the fixed tariffs.
fn requirement(lv: Option<&LotView>, id: &str, lang: Lang) -> (String, Option<String>) {
    let Some(lv) = lv else {
        return (format!("“{id}”"), None);
    };
    let Some(r) = lv.requirements.iter().find(|r| r.id == id) else {
        return (format!("“{id}”"), None);
    };
    let title = r.title.get(lang);
    let evidence = r
        .evidence
        .get(lang)
        .trim()
        .trim_end_matches('.')
        .to_string();
    let name = if id == super::terms::ACCEPT_TARIFFS {
        tr!(lang, "de verklaring “{title}”", "the declaration “{title}”")
    } else if lv.is_suitability(id) {
        tr!(
            lang,
            "de geschiktheidseis “{title}”",
            "the suitability requirement “{title}”"
        )
    } else {
        tr!(lang, "de eis “{title}”", "the requirement “{title}”")
    };
    (name, (!evidence.is_empty()).then_some(evidence))
}

/// One reason for a refusal as the decision: the rule of the admission document and what
/// the application contained, with the form's cell.
pub fn reason_sentence(
    tender: &LoadedTender,
    lv: Option<&LotView>,
    round: &Round,
    d: &Decision,
    r: &Reason,
    lang: Lang,
) -> String {
    let at = match (&r.cell, lang) {
        (Some(c), Lang::Nl) => format!(" (cel {})", escape(c)),
        (Some(c), Lang::En) => format!(" (cell {})", escape(c)),
        (None, _) => String::new(),
    };
    let subject = r.subject.as_deref().unwrap_or_default();
    let found = r.found.as_deref().map(escape);
    match r.code.as_str() {
        "knockout-not-met" => {
            let (name, _) = requirement(lv, subject, lang);
            let answer = no(lang);
            tr!(
                lang,
                "Niet voldaan aan {name}: de aanmelding antwoordt “{answer}”{at}.",
                "{name} is not met: the application answers “{answer}”{at}."
            )
        }
        "knockout-unanswered" => {
            let (name, _) = requirement(lv, subject, lang);
            tr!(
                lang,
                "Niet voldaan aan {name}: de aanmelding bevestigt die niet; het antwoord is leeg{at}.",
                "{name} is not met: the application does not confirm it; the answer is empty{at}."
            )
        }
        "evidence-missing" => {
            let (name, evidence) = requirement(lv, subject, lang);
            let asked = evidence
                .map(|e| tr!(lang, " Gevraagd bewijs: {e}.", " Evidence asked: {e}."))
                .unwrap_or_default();
            tr!(
                lang,
                "Niet voldaan aan {name}: de aanmelding noemt geen bewijsstuk{at}.{asked}",
                "{name} is not met: the application names no evidence{at}.{asked}"
            )
        }
        "ladder-missing" | "ladder-outside" | "ladder-order" => {
            let range = lv
                .map(|l| (l.lot.ladder.from, l.lot.ladder.to))
                .map(|(f, t)| tr!(lang, "trede {f} t/m {t}", "rung {f} to {t}"))
                .unwrap_or_default();
            let which = match (subject, lang) {
                ("ladder-to", Lang::Nl) => "hoogste",
                ("ladder-to", Lang::En) => "highest",
                (_, Lang::Nl) => "laagste",
                (_, Lang::En) => "lowest",
            };
            let f = found.unwrap_or_else(|| "–".into());
            match r.code.as_str() {
                "ladder-missing" => tr!(
                    lang,
                    "De aanmelding noemt niet de {which} trede van de participatieladder die zij bedient{at}; het perceel omvat {range}.",
                    "The application does not name the {which} rung of the participation ladder it serves{at}; the lot covers {range}."
                ),
                "ladder-outside" => tr!(
                    lang,
                    "De aanmelding noemt als {which} trede {f}{at}, buiten het bereik van het perceel ({range}).",
                    "The application names rung {f} as the {which} rung{at}, outside the range of the lot ({range})."
                ),
                _ => tr!(
                    lang,
                    "De hoogste trede in de aanmelding (trede {f}{at}) ligt onder de laagste, zodat de aanmelding geen geldig bereik van treden noemt.",
                    "The highest rung in the application (rung {f}{at}) is below the lowest, so the application names no valid range of rungs."
                ),
            }
        }
        "name-missing" => tr!(
            lang,
            "De aanmelding vermeldt de naam van de aanbieder niet, die het aanmeldformulier verplicht vraagt: het veld is leeg{at}.",
            "The application does not state the applicant's name, which the application form requires: the field is empty{at}."
        ),
        "kvk-missing" => tr!(
            lang,
            "De aanmelding vermeldt geen KvK-nummer, dat het aanmeldformulier verplicht vraagt: het veld is leeg{at}.",
            "The application does not state a KvK number, which the application form requires: the field is empty{at}."
        ),
        "kvk-invalid" => {
            let f = found.map(|f| format!(" “{f}”")).unwrap_or_default();
            tr!(
                lang,
                "Het KvK-nummer in de aanmelding{f} is geen nummer van 8 cijfers, zoals het aanmeldformulier vereist{at}.",
                "The KvK number in the application{f} is not a number of 8 digits, as the application form requires{at}."
            )
        }
        "no-lot" => tr!(
            lang,
            "De aanmelding kiest geen enkel perceel, terwijl een aanmelding ten minste één perceel moet noemen.",
            "The application chooses no lot, while an application must name at least one lot."
        ),
        "outside-term" => {
            let (from, until) = tender
                .def
                .tender
                .admission
                .as_ref()
                .map(|a| {
                    (
                        a.applications_from.format(lang),
                        a.applications_until.format(lang),
                    )
                })
                .unwrap_or_default();
            let received = d.received_at.format("%Y-%m-%d %H:%M");
            tr!(
                lang,
                "De aanmelding is ontvangen op {received}, buiten de aanmeldtermijn van {from} tot en met {until}.",
                "The application was received on {received}, outside the application term from {from} until {until}."
            )
        }
        "already-admitted" => {
            let since = r
                .found
                .as_deref()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .map(|s| format_date(s, lang))
                .unwrap_or_default();
            tr!(
                lang,
                "De aanbieder met dit KvK-nummer is al toegelaten tot perceel {subject} sinds de ronde van {since}; een tweede toelating is niet nodig.",
                "The provider with this KvK number is already admitted to lot {subject} since the round of {since}; a second admission is not needed."
            )
        }
        "duplicate-application" => {
            let f = found.unwrap_or_default();
            tr!(
                lang,
                "Dezelfde aanbieder (hetzelfde KvK-nummer) meldde zich in deze ronde al eerder voor perceel {subject} aan, met het bestand {f}; op die aanmelding is beslist.",
                "The same provider (the same KvK number) applied for lot {subject} earlier in this round, with the file {f}; that application was decided."
            )
        }
        "cap-full" => {
            let lottery = round.lotteries.iter().find(|x| x.lot == subject);
            match (lottery, d.draw) {
                (Some(x), Some(draw)) => {
                    let s = lottery_sentence(x, draw.position, draw.value, false, lang);
                    tr!(
                        lang,
                        "De aanmelding voldoet aan de eisen, maar er is geen plaats. {s}",
                        "The application meets the requirements, but there is no place. {s}"
                    )
                    .trim_end()
                    .to_string()
                }
                _ => tr!(
                    lang,
                    "De aanmelding voldoet aan de eisen, maar het perceel heeft geen vrije plaats.",
                    "The application meets the requirements, but the lot has no free place."
                ),
            }
        }
        "unreadable" => {
            let why = found.unwrap_or_default();
            tr!(
                lang,
                "Het bestand is niet als aanmeldformulier te lezen: {why}",
                "The file cannot be read as an application form: {why}"
            )
        }
        "formula" | "external-link" | "formula-without-value" | "cell-error" | "not-a-number" => {
            let code = &r.code;
            tr!(
                lang,
                "Een invulveld van de aanmelding bevat geen waarde die het formulier kan lezen{at} (regel “{code}”).",
                "An input of the application holds no value the form can read{at} (rule “{code}”)."
            )
        }
        other => tr!(
            lang,
            "De aanmelding voldoet niet aan de regel “{other}” van het aanmeldformulier{at}.",
            "The application does not meet the rule “{other}” of the application form{at}."
        ),
    }
}

/// The sentence with its first letter a capital ("the requirement …" opens a sentence).
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A letter as a standalone HTML page.
pub fn html(markdown: &str, title: &str, lang: Lang) -> String {
    let code = match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    };
    let title = html_escape(title);
    let body = to_html(markdown, 0);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>body{{font-family:sans-serif;max-width:42em;margin:2em auto;line-height:1.45}}{wrap}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        wrap = crate::render::paper::WRAP_LONG_WORDS,
    )
}

/// Escapes text for HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The lots an application was admitted to, in words ("P1 en P3").
pub fn admitted_lots(ds: &[&Decision], lang: Lang) -> String {
    let lots: Vec<String> = ds
        .iter()
        .filter(|d| d.outcome == Outcome::Admitted)
        .filter_map(|d| d.lot.clone())
        .collect();
    join_and(&lots, lang)
}
