//! The monitoring report: per quarter and over all quarters, in Markdown, HTML (with SVG
//! charts of the ladder flows) and xlsx, in Dutch or English; and the result as JSON.
//!
//! Every sentence is made from the numbers it states. Published documents show a count
//! below the tender's threshold as `< N` (and no share, mean or amount made from it);
//! a zero is shown, since no person stands behind it. The JSON is for the municipality
//! itself: it holds the exact counts (the bonus is paid from them).

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::Serialize;

use super::aggregate::{Aggregate, Figures, Indicator, Kind, Period};
use super::check::{Contract, Route};
use super::read::FileRead;
use super::{Finding, Severity};
use crate::diagnostic::Error;
use crate::model::{Lang, Quarter, ladder_rung_name};
use crate::output::Sink;
use crate::render::markdown::{escape, to_html};
use crate::render::money::{money, number, percent};
use crate::render::svg::{self, Bar};
use crate::score::exact::Exact;

/// The schema version of `monitoring.json`. Version 2: a finding's `message` and `cell`
/// are `{ nl, en }`.
pub const SCHEMA_VERSION: u32 = 2;

/// What `monitoring.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct MonitorResult<'a> {
    /// The schema version.
    pub schema_version: u32,
    /// The tool's version.
    pub tool_version: &'static str,
    /// The tender id.
    pub tender_id: &'a str,
    /// The definition hash the reports were checked against.
    pub definition_hash: &'a str,
    /// The small-number threshold of the published documents.
    pub suppress_below: u32,
    /// Every report file met, with its SHA-256 and whether it was counted.
    pub reports: &'a [FileRead],
    /// Every finding.
    pub findings: &'a [Finding],
    /// The awards the reports were checked against.
    pub contract: &'a Contract,
    /// The figures, exact.
    pub figures: &'a Aggregate,
    /// The contract's first day, where the cumulative period starts (also when no report
    /// was counted).
    #[serde(skip)]
    pub contract_start: chrono::NaiveDate,
}

/// Shows counts, hiding those below the threshold.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    /// The threshold.
    pub below: u32,
    /// The language.
    pub lang: Lang,
    /// How the providers came to the contract: after an award each stands next to the
    /// promises of its bid; in an open house there are none, which the documents say.
    pub route: Route,
}

impl Shown {
    /// Whether a count is hidden.
    pub fn hidden(self, n: u32) -> bool {
        n > 0 && n < self.below
    }
    /// A count as published: `< 5` when hidden.
    pub fn count(self, n: u32) -> String {
        if self.hidden(n) {
            format!("< {}", self.below)
        } else {
            n.to_string()
        }
    }
}

fn tr(lang: Lang, nl: &str, en: &str) -> String {
    match lang {
        Lang::Nl => nl.to_string(),
        Lang::En => en.to_string(),
    }
}

fn pct(v: &Exact, lang: Lang) -> String {
    percent(&(v.clone() * Exact::int(100)), lang)
}

fn pct_dec(v: Decimal, lang: Lang) -> String {
    percent(v * Decimal::ONE_HUNDRED, lang)
}

/// The name of an indicator.
pub fn indicator_name(k: Kind, lang: Lang) -> String {
    match k {
        Kind::RungUp => tr(
            lang,
            "Minstens één trede gestegen",
            "Rose at least one rung",
        ),
        Kind::DaysToStart => tr(
            lang,
            "Dagen van verwijzing tot start",
            "Days from referral to start",
        ),
        Kind::PaidWork => tr(lang, "Uitstroom naar betaald werk", "Outflow to paid work"),
        Kind::DropOut => tr(lang, "Uitval", "Drop-out"),
        Kind::Relapse => tr(lang, "Terugval", "Relapse"),
    }
}

/// The published value of an indicator: a share with its count, or the mean days.
pub fn indicator_value(i: &Indicator, s: Shown) -> String {
    let lang = s.lang;
    match (&i.value, i.kind) {
        (None, _) => "–".into(),
        (Some(_), Kind::DaysToStart) if s.hidden(i.count) => {
            tr(lang, "te weinig deelnemers", "too few participants")
        }
        (Some(v), Kind::DaysToStart) => format!(
            "{} ({} {})",
            number(v, 1, lang),
            s.count(i.count),
            tr(lang, "gestart", "started")
        ),
        (Some(v), _) => {
            if s.hidden(i.count) || s.hidden(i.base) {
                format!(
                    "{} {} {}",
                    s.count(i.count),
                    tr(lang, "van", "of"),
                    s.count(i.base)
                )
            } else {
                format!(
                    "{} ({} {} {})",
                    pct(v, lang),
                    i.count,
                    tr(lang, "van", "of"),
                    i.base
                )
            }
        }
    }
}

/// The target as written: `ten minste 40%`, `ten hoogste 14 dagen`.
pub fn target_text(i: &Indicator, lang: Lang) -> String {
    let Some(t) = i.target else {
        return "–".into();
    };
    let v = if i.kind == Kind::DaysToStart {
        format!("{} {}", number(t, 1, lang), tr(lang, "dagen", "days"))
    } else {
        pct_dec(t, lang)
    };
    if i.kind.higher_is_better() {
        format!("{} {v}", tr(lang, "ten minste", "at least"))
    } else {
        format!("{} {v}", tr(lang, "ten hoogste", "at most"))
    }
}

/// One true sentence about an indicator, from its numbers; a deviation from the target or
/// the promise is said as such.
pub fn sentence(i: &Indicator, s: Shown) -> String {
    let lang = s.lang;
    let Some(v) = &i.value else {
        return match i.kind {
            Kind::DaysToStart => tr(
                lang,
                "Geen deelnemer met verwijzings- en startdatum gestart in deze periode.",
                "No participant with a referral and start date started in this period.",
            ),
            _ => tr(
                lang,
                "Geen deelnemers in deze periode.",
                "No participants in this period.",
            ),
        };
    };
    if s.hidden(i.count) || (i.kind != Kind::DaysToStart && s.hidden(i.base)) {
        return match lang {
            Lang::Nl => format!(
                "{}: te weinig deelnemers om te publiceren (minder dan {}).",
                indicator_name(i.kind, lang),
                s.below
            ),
            Lang::En => format!(
                "{}: too few participants to publish (fewer than {}).",
                indicator_name(i.kind, lang),
                s.below
            ),
        };
    }
    let one = i.count == 1;
    let (nl_verb, en_verb) = match i.kind {
        Kind::RungUp => (
            if one { "steeg" } else { "stegen" },
            "rose at least one rung",
        ),
        Kind::PaidWork => (
            if one {
                "stroomde uit naar betaald werk"
            } else {
                "stroomden uit naar betaald werk"
            },
            "moved on to paid work",
        ),
        Kind::DropOut => (if one { "viel uit" } else { "vielen uit" }, "dropped out"),
        Kind::Relapse => (if one { "viel terug" } else { "vielen terug" }, "relapsed"),
        Kind::DaysToStart => ("", ""),
    };
    let nl_verb = if i.kind == Kind::RungUp {
        format!("{nl_verb} minstens één trede")
    } else {
        nl_verb.to_string()
    };
    let mut out = match (i.kind, lang) {
        (Kind::DaysToStart, Lang::Nl) => format!(
            "Gemiddeld {} dagen van verwijzing tot start ({} {} gestart).",
            number(v, 1, lang),
            i.count,
            if one { "deelnemer" } else { "deelnemers" }
        ),
        (Kind::DaysToStart, Lang::En) => format!(
            "On average {} days from referral to start ({} {} started).",
            number(v, 1, lang),
            i.count,
            if one { "participant" } else { "participants" }
        ),
        (_, Lang::Nl) => format!(
            "{} van de {} deelnemers ({}) {nl_verb}.",
            i.count,
            i.base,
            pct(v, lang)
        ),
        (_, Lang::En) => format!(
            "{} of {} participants ({}) {en_verb}.",
            i.count,
            i.base,
            pct(v, lang)
        ),
    };
    let target = target_text(i, lang);
    match (i.meets_target, lang) {
        (Some(true), Lang::Nl) => out.push_str(&format!(" Dat haalt het doel van {target}.")),
        (Some(true), Lang::En) => out.push_str(&format!(" That meets the target of {target}.")),
        (Some(false), Lang::Nl) => out.push_str(&format!(
            " Afwijking: dat haalt het doel van {target} niet."
        )),
        (Some(false), Lang::En) => {
            out.push_str(&format!(" Deviation: that misses the target of {target}."))
        }
        (None, _) => {}
    }
    if i.kind == Kind::DaysToStart && s.route == Route::Admission {
        out.push(' ');
        out.push_str(&no_promise_sentence(lang));
    }
    if let (Some(p), Some(keeps)) = (i.promise, i.keeps_promise) {
        let days = number(p, 1, lang);
        let later = i.later_than_promise.unwrap_or(0);
        out.push(' ');
        out.push_str(&match (keeps, lang) {
            (true, Lang::Nl) => format!("De aanbieder beloofde in de inschrijving {days} dagen; het gemiddelde blijft daarbinnen."),
            (true, Lang::En) => format!("The provider promised {days} days in its bid; the average stays within it."),
            (false, Lang::Nl) => format!("Afwijking: de aanbieder beloofde in de inschrijving {days} dagen; het gemiddelde ligt daarboven."),
            (false, Lang::En) => format!("Deviation: the provider promised {days} days in its bid; the average is above it."),
        });
        if later > 0 {
            out.push(' ');
            out.push_str(&match lang {
                Lang::Nl if later == 1 && !s.hidden(later) => {
                    "1 deelnemer startte later dan beloofd.".to_string()
                }
                Lang::En if later == 1 && !s.hidden(later) => {
                    "1 participant started later than promised.".to_string()
                }
                Lang::Nl => format!("{} deelnemers startten later dan beloofd.", s.count(later)),
                Lang::En => format!(
                    "{} participants started later than promised.",
                    s.count(later)
                ),
            });
        }
    }
    out
}

/// What an open house has instead of a promise: a sentence saying there is none, and why.
pub fn no_promise_sentence(lang: Lang) -> String {
    tr(
        lang,
        "Een belofte van de aanbieder om mee te vergelijken is er niet: een open house laat aanbieders toe zonder inschrijving.",
        "There is no promise of the provider to compare with: an open house admits providers without a bid.",
    )
}

/// The promise column of an indicator: the days the bid promised; in an open house, for
/// the indicator a bid would have promised, the words that there is no promise.
pub fn promise_text(i: &Indicator, s: Shown) -> String {
    let lang = s.lang;
    match (i.promise, s.route) {
        (Some(p), _) => format!("{} {}", number(p, 1, lang), tr(lang, "dagen", "days")),
        (None, Route::Admission) if i.kind == Kind::DaysToStart => tr(
            lang,
            "geen: toegelaten zonder inschrijving",
            "none: admitted without a bid",
        ),
        (None, _) => "–".into(),
    }
}

/// The sentence on the success bonus.
pub fn bonus_sentence(b: &super::aggregate::Bonus, s: Shown) -> String {
    let lang = s.lang;
    let mut out = if s.hidden(b.due) {
        match lang {
            Lang::Nl => format!(
                "Resultaatbonus verschuldigd voor minder dan {} deelnemers (aantal en bedrag niet gepubliceerd).",
                s.below
            ),
            Lang::En => format!(
                "Success bonus due for fewer than {} participants (number and amount not published).",
                s.below
            ),
        }
    } else {
        match (b.amount, b.tariff, lang) {
            (Some(a), Some(t), Lang::Nl) => format!(
                "Resultaatbonus verschuldigd voor {} deelnemers: {} ({} × {}).",
                b.due,
                money(a, lang),
                b.due,
                money(t, lang)
            ),
            (Some(a), Some(t), Lang::En) => format!(
                "Success bonus due for {} participants: {} ({} × {}).",
                b.due,
                money(a, lang),
                b.due,
                money(t, lang)
            ),
            (_, _, Lang::Nl) => format!("Resultaatbonus verschuldigd voor {} deelnemers.", b.due),
            (_, _, Lang::En) => format!("Success bonus due for {} participants.", b.due),
        }
    };
    if b.cancelled > 0 {
        out.push(' ');
        out.push_str(&match lang {
            Lang::Nl if s.hidden(b.cancelled) => format!("Voor minder dan {} deelnemers verviel de bonus door terugval of uitval binnen de periode.", s.below),
            Lang::En if s.hidden(b.cancelled) => format!("For fewer than {} participants the bonus was cancelled by a relapse or drop-out within the period.", s.below),
            Lang::Nl => format!("Voor {} deelnemers verviel de bonus door terugval of uitval binnen de periode.", b.cancelled),
            Lang::En => format!("For {} participants the bonus was cancelled by a relapse or drop-out within the period.", b.cancelled),
        });
    }
    out
}

fn period_title(p: Period, lang: Lang) -> String {
    match p {
        Period::Quarter { quarter } => quarter.to_string(),
        Period::Cumulative { from, to } => match lang {
            Lang::Nl => format!("cumulatief van {from} tot en met {to}"),
            Lang::En => format!("cumulative from {from} to {to}"),
        },
    }
}

/// The chart of the ladder flows of a period: per provider and lot, the participants
/// who rose, stayed and fell, as shares. A bar with a hidden count is left empty.
pub fn flow_chart(figs: &[&Figures], s: Shown) -> Option<String> {
    let lang = s.lang;
    let bars: Vec<Bar> = figs
        .iter()
        .filter(|f| !f.transitions.is_empty())
        .map(|f| {
            let (mut up, mut same, mut down) = (0u32, 0u32, 0u32);
            for t in &f.transitions {
                match t.to.cmp(&t.from) {
                    std::cmp::Ordering::Greater => up += t.count,
                    std::cmp::Ordering::Equal => same += t.count,
                    std::cmp::Ordering::Less => down += t.count,
                }
            }
            let total = up + same + down;
            let label = format!("{} · {}", f.provider_name, f.lot);
            if [up, same, down, total].iter().any(|n| s.hidden(*n)) {
                return Bar {
                    label,
                    values: vec![],
                    total: tr(lang, "te weinig om te tonen", "too few to show"),
                };
            }
            let sh = |n: u32| {
                Exact::ratio_of(i64::from(n) * 100, i64::from(total)).map_or(0.0, |e| e.to_f64())
            };
            Bar {
                label,
                values: vec![sh(up), sh(same), sh(down)],
                total: format!("{total} {}", tr(lang, "deelnemers", "participants")),
            }
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let series = vec![
        tr(lang, "hoger op de ladder", "up the ladder"),
        tr(lang, "zelfde trede", "same rung"),
        tr(lang, "lager op de ladder", "down the ladder"),
    ];
    Some(svg::stacked_bars(
        &tr(
            lang,
            "Ladderbewegingen (% van de deelnemers)",
            "Ladder moves (% of participants)",
        ),
        &series,
        &bars,
        100.0,
    ))
}

/// One document: Markdown blocks and charts.
struct Doc {
    blocks: Vec<(String, Option<String>)>,
}

impl Doc {
    fn markdown(&self) -> String {
        self.blocks.iter().map(|(md, _)| md.as_str()).collect()
    }
    fn html(&self, title: &str, lang: Lang) -> String {
        let mut body = String::new();
        for (md, chart) in &self.blocks {
            body.push_str(&to_html(md, 0));
            if let Some(c) = chart {
                body.push_str("<figure>");
                body.push_str(c);
                body.push_str("</figure>\n");
            }
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{l}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>body{{font-family:system-ui,Arial,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1b1f24;line-height:1.45}}table{{border-collapse:collapse;margin:.5rem 0}}th,td{{border:1px solid #c8ccd1;padding:.25rem .5rem;text-align:left;vertical-align:top}}th{{background:#eef2f6}}figure{{margin:1rem 0;overflow-x:auto}}svg{{max-width:100%;height:auto}}svg.chart.narrow{{display:none}}@media screen{{figure svg.chart{{max-width:none}}}}@media screen and (max-width:40rem){{figure svg.chart{{display:none}}figure svg.chart.narrow{{display:block}}table{{display:block;max-width:100%;overflow-x:auto}}}}{wrap}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
            l = match lang {
                Lang::Nl => "nl",
                Lang::En => "en",
            },
            t = svg::esc(title),
            wrap = crate::render::paper::WRAP_LONG_WORDS,
        )
    }
}

fn document(tender_title: &str, period: Period, figs: &[&Figures], s: Shown) -> (String, Doc) {
    let lang = s.lang;
    // The period first: the tender's title may end in brackets of its own.
    let title = format!(
        "{} {} — {}",
        tr(lang, "Monitoring", "Monitoring"),
        period_title(period, lang),
        tender_title
    );
    let mut blocks = Vec::new();
    let mut md = format!("# {}\n\n", escape(&title));
    // What the tables show, when there are any.
    md.push_str(&match (s.route, lang) {
        _ if figs.is_empty() => String::new(),
        (Route::Award, Lang::Nl) => format!("Per aanbieder en perceel: elke indicator naast het doel van de aanbesteding en de belofte uit de inschrijving. Aantallen onder de {} staan er als \"< {}\" (AVG).\n\n", s.below, s.below),
        (Route::Award, Lang::En) => format!("Per provider and lot: each indicator next to the tender's target and the promise of the bid. Counts below {} are shown as \"< {}\" (GDPR).\n\n", s.below, s.below),
        (Route::Admission, Lang::Nl) => format!("Per toegelaten aanbieder en perceel: elke indicator naast het doel van de toelatingsprocedure. Een open house kent geen inschrijvingen, dus ook geen beloften van aanbieders: de doelen gelden voor elke toegelaten aanbieder. Aantallen onder de {} staan er als \"< {}\" (AVG).\n\n", s.below, s.below),
        (Route::Admission, Lang::En) => format!("Per admitted provider and lot: each indicator next to the target of the open house. An open house has no bids, so no promises of providers: the targets hold for every admitted provider. Counts below {} are shown as \"< {}\" (GDPR).\n\n", s.below, s.below),
    });
    if figs.is_empty() {
        md.push_str(&tr(
            lang,
            "Geen rapportages geteld.\n\n",
            "No reports counted.\n\n",
        ));
    }
    blocks.push((md, flow_chart(figs, s)));
    for f in figs {
        let mut md = format!(
            "## {} — {} {}\n\n",
            escape(&f.provider_name),
            tr(lang, "perceel", "lot"),
            escape(&f.lot)
        );
        md.push_str(&format!(
            "{}: {}\n\n",
            tr(lang, "Deelnemers", "Participants"),
            s.count(f.participants)
        ));
        if !f.indicators.is_empty() {
            md.push_str(&format!(
                "| {} | {} | {} | {} |\n|---|---|---|---|\n",
                tr(lang, "Indicator", "Indicator"),
                tr(lang, "Waarde", "Value"),
                tr(lang, "Doel", "Target"),
                tr(lang, "Belofte", "Promise"),
            ));
            for i in &f.indicators {
                md.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    indicator_name(i.kind, lang),
                    indicator_value(i, s),
                    target_text(i, lang),
                    promise_text(i, s),
                ));
            }
            md.push('\n');
            for i in &f.indicators {
                md.push_str(&format!("- {}\n", sentence(i, s)));
            }
            md.push('\n');
        }
        if let Some(b) = &f.bonus {
            md.push_str(&format!("{}\n\n", bonus_sentence(b, s)));
        }
        if !f.transitions.is_empty() {
            md.push_str(&transition_table(f, s));
        }
        blocks.push((md, None));
    }
    (title, Doc { blocks })
}

fn transition_table(f: &Figures, s: Shown) -> String {
    let lang = s.lang;
    let mut from: Vec<u8> = f.transitions.iter().map(|t| t.from).collect();
    let mut to: Vec<u8> = f.transitions.iter().map(|t| t.to).collect();
    from.dedup();
    to.sort_unstable();
    to.dedup();
    let mut md = format!(
        "{}\n\n| {} |",
        tr(
            lang,
            "Van trede bij start (rij) naar trede aan het eind (kolom):",
            "From rung at start (row) to rung at the end (column):"
        ),
        tr(lang, "trede", "rung")
    );
    for t in &to {
        md.push_str(&format!(" {t} |"));
    }
    md.push_str("\n|---|");
    for _ in &to {
        md.push_str("---|");
    }
    md.push('\n');
    for fr in &from {
        md.push_str(&format!("| {fr} {} |", ladder_rung_name(*fr, lang)));
        for t in &to {
            let n = f
                .transitions
                .iter()
                .find(|x| x.from == *fr && x.to == *t)
                .map_or(0, |x| x.count);
            md.push_str(&format!(" {} |", s.count(n)));
        }
        md.push('\n');
    }
    md.push('\n');
    md
}

/// The findings section of the overview.
fn findings_md(findings: &[Finding], lang: Lang) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let mut md = format!(
        "## {}\n\n",
        tr(
            lang,
            "Bevindingen bij de rapportages",
            "Findings in the reports"
        )
    );
    for f in findings {
        let sev = match (f.severity, lang) {
            (Severity::Error, Lang::Nl) => "geweigerd",
            (Severity::Error, Lang::En) => "refused",
            (Severity::Warning, Lang::Nl) => "let op",
            (Severity::Warning, Lang::En) => "note",
        };
        md.push_str(&format!(
            "- **{sev}** {}{}: {}\n",
            escape(&f.file),
            f.cell
                .as_ref()
                .map(|c| format!(" ({})", escape(c.get(lang))))
                .unwrap_or_default(),
            escape(f.message.get(lang))
        ));
    }
    md.push('\n');
    md
}

/// The file stem of a period's documents, in the documents' language.
pub fn stem(p: Period, lang: Lang) -> String {
    match (p, lang) {
        (Period::Quarter { quarter }, _) => format!("monitoring-{quarter}"),
        (Period::Cumulative { .. }, Lang::Nl) => "monitoring-cumulatief".into(),
        (Period::Cumulative { .. }, Lang::En) => "monitoring-cumulative".into(),
    }
}

/// Writes every document: per quarter and cumulative `.md` and `.html`, one `.xlsx` with a
/// sheet per period, and `monitoring.json`.
pub fn write_all(
    sink: &dyn Sink,
    tender_title: &str,
    result: &MonitorResult<'_>,
    lang: Lang,
) -> Result<(), Error> {
    let s = Shown {
        below: result.suppress_below,
        lang,
        route: result.contract.route,
    };
    let agg = result.figures;
    let mut periods: Vec<(Period, Vec<&Figures>)> = agg
        .quarters
        .iter()
        .map(|q| {
            (
                Period::Quarter { quarter: *q },
                agg.per_quarter
                    .iter()
                    .filter(|f| f.period == Period::Quarter { quarter: *q })
                    .collect(),
            )
        })
        .collect();
    match agg.cumulative.first() {
        Some(first) => periods.push((first.period, agg.cumulative.iter().collect())),
        // No report counted: the cumulative document still says so, with the findings
        // that refused the reports, up to the last quarter a report was sent for.
        None => {
            let sent = result.reports.iter().filter_map(|f| {
                f.file
                    .strip_prefix("monitoring/")
                    .and_then(|rest| rest.split('/').next())
                    .and_then(Quarter::parse)
            });
            if let Some(last) = sent.max() {
                periods.push((
                    Period::Cumulative {
                        from: result.contract_start,
                        to: last.end(),
                    },
                    Vec::new(),
                ));
            }
        }
    }
    // Each document is made from the figures alone, so they are made side by side (the
    // output set sorts what was written).
    let documents = || -> Result<(), Error> {
        crate::timing::time("render: documents", || {
            periods.par_iter().try_for_each(|(period, figs)| {
                let (title, mut doc) = document(tender_title, *period, figs, s);
                if matches!(period, Period::Cumulative { .. }) {
                    doc.blocks.push((findings_md(result.findings, lang), None));
                }
                let stem = stem(*period, lang);
                sink.write(&format!("{stem}.md"), doc.markdown().as_bytes())?;
                sink.write(&format!("{stem}.html"), doc.html(&title, lang).as_bytes())
            })
        })
    };
    let data = || -> Result<(), Error> {
        // A sheet per period with figures ("No reports" when none has).
        let counted: Vec<(Period, Vec<&Figures>)> = periods
            .iter()
            .filter(|(_, figs)| !figs.is_empty())
            .cloned()
            .collect();
        let book = crate::timing::time("render: workbook", || workbook(tender_title, &counted, s))?;
        sink.write("monitoring.xlsx", &book)?;
        let json = serde_json::to_string_pretty(result)
            .map_err(|e| Error::unusable(std::path::Path::new("monitoring.json"), e.to_string()))?;
        sink.write("monitoring.json", format!("{json}\n").as_bytes())
    };
    let (documents, data) = rayon::join(documents, data);
    documents.and(data)
}

/// The workbook: a sheet per period, a row per provider, lot and indicator, every number
/// in a column of its own (counts, shares, mean days, targets, amounts) so it filters and
/// sums; a count below the threshold is an empty cell, and the row's explanation says why.
fn workbook(
    tender_title: &str,
    periods: &[(Period, Vec<&Figures>)],
    s: Shown,
) -> Result<Vec<u8>, Error> {
    use crate::render::xlsx::{Book, Cell, Num};
    let lang = s.lang;
    let count = |n: u32| {
        if s.hidden(n) {
            Cell::Empty
        } else {
            Cell::int(n)
        }
    };
    let headers = [
        tr(lang, "Aanbieder", "Provider"),
        tr(lang, "Perceel", "Lot"),
        tr(lang, "Deelnemers", "Participants"),
        tr(lang, "Indicator", "Indicator"),
        tr(lang, "Aantal", "Count"),
        tr(lang, "Van (aantal)", "Out of (count)"),
        tr(lang, "Aandeel (%)", "Share (%)"),
        tr(lang, "Gemiddeld (dagen)", "Mean (days)"),
        tr(lang, "Doel", "Target"),
        tr(lang, "Doel (%)", "Target (%)"),
        tr(lang, "Doel (dagen)", "Target (days)"),
        tr(lang, "Bedrag (€)", "Amount (€)"),
        tr(lang, "Toelichting", "Explanation"),
    ];
    let mut book = Book::titled(tender_title, lang);
    for (period, figs) in periods {
        let name = match period {
            Period::Quarter { quarter } => quarter.to_string(),
            Period::Cumulative { .. } => tr(lang, "Cumulatief", "Cumulative"),
        };
        let mut rows = Vec::new();
        for f in figs {
            let lead = || {
                vec![
                    Cell::text(&f.provider_name),
                    Cell::text(&f.lot),
                    count(f.participants),
                ]
            };
            for i in &f.indicators {
                let days = i.kind == Kind::DaysToStart;
                let hidden = s.hidden(i.count) || (!days && s.hidden(i.base));
                let value = if hidden { None } else { i.value.as_ref() };
                let mut row = lead();
                row.extend([
                    Cell::text(&indicator_name(i.kind, lang)),
                    if hidden {
                        Cell::Empty
                    } else {
                        Cell::int(i.count)
                    },
                    if hidden || days {
                        Cell::Empty
                    } else {
                        Cell::int(i.base)
                    },
                    Cell::exact(value.filter(|_| !days), Num::Percent(1)),
                    Cell::exact(value.filter(|_| days), Num::Fixed(1)),
                    Cell::text(&match i.target {
                        None => String::new(),
                        Some(_) if i.kind.higher_is_better() => tr(lang, "ten minste", "at least"),
                        Some(_) => tr(lang, "ten hoogste", "at most"),
                    }),
                    Cell::dec(i.target.filter(|_| !days), Num::Percent(1)),
                    Cell::dec(i.target.filter(|_| days), Num::Fixed(1)),
                    Cell::Empty,
                    Cell::text(&sentence(i, s)),
                ]);
                rows.push(row);
            }
            if let Some(b) = &f.bonus {
                let hidden = s.hidden(b.due);
                let mut row = lead();
                row.extend([
                    Cell::text(&tr(lang, "Resultaatbonus", "Success bonus")),
                    count(b.due),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::dec(b.amount.filter(|_| !hidden), Num::Eur),
                    Cell::text(&bonus_sentence(b, s)),
                ]);
                rows.push(row);
            }
        }
        book.sheet(&name, &headers, rows)?;
    }
    if periods.is_empty() {
        book.sheet(
            &tr(lang, "Geen rapportages", "No reports"),
            &headers,
            Vec::new(),
        )?;
    }
    book.finish()
}

/// The quarters' names, for messages.
pub fn quarter_list(qs: &[Quarter]) -> String {
    qs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
