//! Inline SVG charts for the evaluation report: no script, no external file, every text
//! escaped. Geometry uses f64 (it only places shapes); labels show the exact values.

use std::fmt::Write as _;

/// Okabe-Ito colours: distinguishable for colour-blind readers and in grey print.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
];

/// Escapes text for SVG (XML).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Shortens a label for the chart's label column (full text is in the title tooltip).
/// A short ending that tells rows apart is kept: the bid code of `Name (B18)` or
/// `Criterion · B18`, so bids of one provider stay distinguishable.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let tail = [" (", " · "]
        .iter()
        .filter_map(|sep| s.rfind(sep))
        .max()
        .map(|i| &s[i..])
        .filter(|t| t.chars().count() <= 12 && t.chars().count() + 4 <= max);
    let keep = max.saturating_sub(1 + tail.map_or(0, |t| t.chars().count()));
    let head = &s[..s.len() - tail.map_or(0, str::len)];
    let mut t: String = head
        .chars()
        .take(keep)
        .collect::<String>()
        .trim_end()
        .to_string();
    t.push('…');
    t.push_str(tail.unwrap_or_default());
    t
}

/// One bar of a stacked bar chart.
#[derive(Debug, Clone)]
pub struct Bar {
    /// Label left of the bar.
    pub label: String,
    /// One value per series (negative values are drawn as zero).
    pub values: Vec<f64>,
    /// Text right of the bar (the total as it reads).
    pub total: String,
}

/// A horizontal stacked bar chart: one bar per bid, one segment per series. Two drawings of
/// it: 760 wide for a screen and paper, and 340 wide (class `narrow`) for a phone, whose
/// labels stand above the bars; the stylesheet shows one of them. Neither is scaled down
/// on a screen, so their 12 px text stays readable.
pub fn stacked_bars(title: &str, series: &[String], bars: &[Bar], max: f64) -> String {
    let mut s = stacked_bars_wide(title, series, bars, max);
    s.push_str(&stacked_bars_narrow(title, series, bars, max));
    s
}

fn stacked_bars_wide(title: &str, series: &[String], bars: &[Bar], max: f64) -> String {
    let (w, label_w, row_h, top) = (760.0, 220.0, 28.0, 34.0);
    let value_w = value_width(bars, 110.0, 240.0);
    let bar_w = w - label_w - value_w;
    let legend_rows = series.len().div_ceil(3);
    let h = top + row_h * bars.len() as f64 + 18.0 + 20.0 * legend_rows as f64 + 8.0;
    let max = if max > 0.0 { max } else { 1.0 };
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart stacked" viewBox="0 0 {w} {h:.0}" width="{w}" height="{h:.0}" role="img" aria-label="{t}" font-family="Noto Sans, Segoe UI, Arial, sans-serif" font-size="12"><title>{t}</title><text x="0" y="16" font-size="13" font-weight="600" fill="#1b1f24">{t}</text>"##,
        t = esc(title)
    );
    // Grid at quarters of the scale.
    for q in 0..=4 {
        let x = label_w + bar_w * f64::from(q) / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{y1:.1}" x2="{x:.1}" y2="{y2:.1}" stroke="#d5d9de" stroke-width="1"/>"##,
            y1 = top - 6.0,
            y2 = top + row_h * bars.len() as f64
        );
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            s,
            r##"<text x="{lx:.1}" y="{ty:.1}" text-anchor="end" fill="#1b1f24"><title>{full}</title>{lab}</text>"##,
            lx = label_w - 8.0,
            ty = y + row_h / 2.0 + 4.0,
            full = esc(&bar.label),
            lab = esc(&short(&bar.label, 30))
        );
        let mut x = label_w;
        for (j, v) in bar.values.iter().enumerate() {
            let v = v.max(0.0);
            let seg = bar_w * v / max;
            if seg > 0.0 {
                let _ = write!(
                    s,
                    r##"<rect x="{x:.1}" y="{ry:.1}" width="{seg:.1}" height="{rh:.1}" fill="{c}"><title>{name}: {v}</title></rect>"##,
                    ry = y + 5.0,
                    rh = row_h - 10.0,
                    c = PALETTE[j % PALETTE.len()],
                    name = esc(series.get(j).map(String::as_str).unwrap_or("")),
                    v = esc(&format!("{v:.2}"))
                );
            }
            x += seg;
        }
        let _ = write!(
            s,
            r##"<text x="{vx:.1}" y="{ty:.1}" fill="#1b1f24" font-weight="600">{tot}</text>"##,
            vx = x + 6.0,
            ty = y + row_h / 2.0 + 4.0,
            tot = esc(&short(&bar.total, fits(240.0)))
        );
    }
    let ly = top + row_h * bars.len() as f64 + 18.0;
    for (j, name) in series.iter().enumerate() {
        let col = (j % 3) as f64;
        let row = (j / 3) as f64;
        let x = col * (w / 3.0);
        let y = ly + row * 20.0;
        let _ = write!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="12" height="12" fill="{c}"/><text x="{tx:.1}" y="{ty:.1}" fill="#1b1f24">{n}</text>"##,
            c = PALETTE[j % PALETTE.len()],
            tx = x + 17.0,
            ty = y + 10.5,
            n = esc(&short(name, 36))
        );
    }
    s.push_str("</svg>");
    s
}

/// One row of an evaluator spread chart: one criterion for one bid.
#[derive(Debug, Clone)]
pub struct SpreadRow {
    /// Label left of the row.
    pub label: String,
    /// Each evaluator's score: (tooltip, e.g. `E1: 75`, position on the axis).
    pub scores: Vec<(String, f64)>,
    /// The aggregated score: (tooltip, position on the axis).
    pub agreed: Option<(String, f64)>,
    /// Whether evaluators differ too much (drawn in the warning colour).
    pub flagged: bool,
}

/// Evaluator spread: per row the range of the evaluators' scores, a dot per evaluator and
/// a diamond for the aggregated score. Like [`stacked_bars`], drawn twice: wide, and narrow
/// for a phone with each row's label above its axis.
pub fn spread(title: &str, rows: &[SpreadRow], min: f64, max: f64, legend: [&str; 3]) -> String {
    let mut s = spread_wide(title, rows, min, max, legend);
    s.push_str(&spread_narrow(title, rows, min, max, legend));
    s
}

fn spread_wide(title: &str, rows: &[SpreadRow], min: f64, max: f64, legend: [&str; 3]) -> String {
    let (w, label_w, right, row_h, top) = (760.0, 260.0, 30.0, 20.0, 44.0);
    let plot_w = w - label_w - right;
    let h = top + row_h * rows.len() as f64 + 34.0;
    let span = if max > min { max - min } else { 1.0 };
    let xof = |v: f64| label_w + plot_w * ((v - min) / span).clamp(0.0, 1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart spread" viewBox="0 0 {w} {h:.0}" width="{w}" height="{h:.0}" role="img" aria-label="{t}" font-family="Noto Sans, Segoe UI, Arial, sans-serif" font-size="11"><title>{t}</title><text x="0" y="16" font-size="13" font-weight="600" fill="#1b1f24">{t}</text>"##,
        t = esc(title)
    );
    for q in 0..=4 {
        let v = min + span * f64::from(q) / 4.0;
        let x = xof(v);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{y1:.1}" x2="{x:.1}" y2="{y2:.1}" stroke="#d5d9de"/><text x="{x:.1}" y="{ty:.1}" text-anchor="middle" fill="#5a6370">{v}</text>"##,
            y1 = top - 6.0,
            y2 = top + row_h * rows.len() as f64,
            ty = top - 10.0,
            v = esc(&format!("{v:.0}"))
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = top + row_h * i as f64 + row_h / 2.0;
        let colour = if row.flagged { "#9b1c1c" } else { "#154273" };
        if i % 2 == 1 {
            let _ = write!(
                s,
                r##"<rect x="0" y="{ry:.1}" width="{w}" height="{row_h}" fill="#f3f5f7"/>"##,
                ry = y - row_h / 2.0
            );
        }
        let _ = write!(
            s,
            r##"<text x="{lx:.1}" y="{ty:.1}" text-anchor="end" fill="{c}"><title>{full}</title>{lab}</text>"##,
            lx = label_w - 8.0,
            ty = y + 4.0,
            c = if row.flagged { colour } else { "#1b1f24" },
            full = esc(&row.label),
            lab = esc(&short(&row.label, 44))
        );
        spread_marks(&mut s, row, y, colour, &xof);
    }
    let ly = top + row_h * rows.len() as f64 + 20.0;
    let _ = write!(
        s,
        r##"<circle cx="{a:.1}" cy="{ly:.1}" r="4" fill="#fff" stroke="#154273" stroke-width="1.5"/><text x="{at:.1}" y="{lt:.1}" fill="#1b1f24">{l0}</text><path d="M{b0:.1} {ly:.1} L{b:.1} {ly0:.1} L{b1:.1} {ly:.1} L{b:.1} {ly1:.1} Z" fill="#154273"/><text x="{bt:.1}" y="{lt:.1}" fill="#1b1f24">{l1}</text><line x1="{c0:.1}" y1="{ly:.1}" x2="{c1:.1}" y2="{ly:.1}" stroke="#9b1c1c" stroke-width="3" opacity="0.6"/><text x="{ct:.1}" y="{lt:.1}" fill="#9b1c1c">{l2}</text>"##,
        a = label_w,
        at = label_w + 8.0,
        lt = ly + 4.0,
        l0 = esc(legend[0]),
        b = label_w + 150.0,
        b0 = label_w + 145.0,
        b1 = label_w + 155.0,
        ly0 = ly - 5.0,
        ly1 = ly + 5.0,
        bt = label_w + 162.0,
        l1 = esc(legend[1]),
        c0 = label_w + 300.0,
        c1 = label_w + 318.0,
        ct = label_w + 324.0,
        l2 = esc(legend[2])
    );
    s.push_str("</svg>");
    s
}

/// Width of the phone drawings, in px: fits a 390 px screen less the page's margins.
const NARROW_W: f64 = 340.0;
/// Characters of 12 px text that fit across [`NARROW_W`] (13 px for the title).
const NARROW_CHARS: usize = 46;

/// The title of a narrow chart on one or two lines (cut with an ellipsis beyond that); the
/// full title is the chart's tooltip and accessible name.
fn title_lines(title: &str) -> Vec<String> {
    let max = NARROW_CHARS - 4;
    if title.chars().count() <= max {
        return vec![title.to_string()];
    }
    let words: Vec<&str> = title.split(' ').collect();
    let mut first = String::new();
    let mut rest = 0;
    for (i, w) in words.iter().enumerate() {
        let next = if first.is_empty() {
            w.chars().count()
        } else {
            first.chars().count() + 1 + w.chars().count()
        };
        if next > max && !first.is_empty() {
            rest = i;
            break;
        }
        if !first.is_empty() {
            first.push(' ');
        }
        first.push_str(w);
        rest = i + 1;
    }
    let second = words[rest..].join(" ");
    if second.is_empty() {
        vec![short(&first, max)]
    } else {
        vec![short(&first, max), short(&second, max)]
    }
}

fn narrow_head(s: &mut String, class: &str, title: &str, h: f64) -> f64 {
    let w = NARROW_W;
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="chart {class} narrow" viewBox="0 0 {w} {h:.0}" width="{w}" height="{h:.0}" role="img" aria-label="{t}" font-family="Noto Sans, Segoe UI, Arial, sans-serif" font-size="12"><title>{t}</title>"##,
        t = esc(title)
    );
    let lines = title_lines(title);
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            s,
            r##"<text x="0" y="{y}" font-size="13" font-weight="600" fill="#1b1f24">{l}</text>"##,
            y = 16 + 18 * i,
            l = esc(line)
        );
    }
    18.0 * lines.len() as f64
}

/// The width of a bar's 12 px bold total text of `chars` characters, with the gap before it
/// (7.6 px a character: the widest of the fonts the charts name, in bold).
fn total_width(chars: usize) -> f64 {
    chars as f64 * 7.6 + 10.0
}

/// The characters of a bar's total that fit in `width`.
fn fits(width: f64) -> usize {
    (((width - 10.0) / 7.6).floor() as usize).max(4)
}

/// The room right of the bars for their totals: the longest total's width, at least
/// `least` and at most `most` (a longer total is shortened to fit).
fn value_width(bars: &[Bar], least: f64, most: f64) -> f64 {
    bars.iter()
        .map(|b| total_width(b.total.chars().count()))
        .fold(least, f64::max)
        .min(most)
}

/// A spread row's marks at height `y`, the same in both drawings: the range of the
/// evaluators' scores as a line, each score as a circle, the agreed score as a diamond.
fn spread_marks(s: &mut String, row: &SpreadRow, y: f64, colour: &str, xof: &dyn Fn(f64) -> f64) {
    let vals: Vec<f64> = row.scores.iter().map(|(_, v)| *v).collect();
    if let (Some(lo), Some(hi)) = (
        vals.iter().cloned().reduce(f64::min),
        vals.iter().cloned().reduce(f64::max),
    ) {
        let _ = write!(
            s,
            r##"<line x1="{x1:.1}" y1="{y:.1}" x2="{x2:.1}" y2="{y:.1}" stroke="{colour}" stroke-width="3" stroke-linecap="round" opacity="0.45"/>"##,
            x1 = xof(lo),
            x2 = xof(hi)
        );
    }
    for (tip, v) in &row.scores {
        let _ = write!(
            s,
            r##"<circle cx="{cx:.1}" cy="{y:.1}" r="4" fill="#ffffff" stroke="{colour}" stroke-width="1.5"><title>{tip}</title></circle>"##,
            cx = xof(*v),
            tip = esc(tip)
        );
    }
    if let Some((tip, a)) = &row.agreed {
        let cx = xof(*a);
        let _ = write!(
            s,
            r##"<path d="M{x0:.1} {y:.1} L{cx:.1} {y0:.1} L{x1:.1} {y:.1} L{cx:.1} {y1:.1} Z" fill="{colour}"><title>{tip}</title></path>"##,
            x0 = cx - 5.0,
            x1 = cx + 5.0,
            y0 = y - 5.0,
            y1 = y + 5.0,
            tip = esc(tip)
        );
    }
}

fn title_height(title: &str) -> f64 {
    18.0 * title_lines(title).len() as f64
}

fn stacked_bars_narrow(title: &str, series: &[String], bars: &[Bar], max: f64) -> String {
    let (w, row_h) = (NARROW_W, 42.0);
    let value_w = value_width(bars, 96.0, 150.0);
    let top = title_height(title) + 12.0;
    let bar_w = w - value_w;
    let h = top + row_h * bars.len() as f64 + 12.0 + 20.0 * series.len() as f64;
    let max = if max > 0.0 { max } else { 1.0 };
    let mut s = String::new();
    narrow_head(&mut s, "stacked", title, h);
    for (i, bar) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let _ = write!(
            s,
            r##"<text x="0" y="{ty:.1}" fill="#1b1f24"><title>{full}</title>{lab}</text>"##,
            ty = y + 13.0,
            full = esc(&bar.label),
            lab = esc(&short(&bar.label, NARROW_CHARS))
        );
        let mut x = 0.0;
        for (j, v) in bar.values.iter().enumerate() {
            let v = v.max(0.0);
            let seg = bar_w * v / max;
            if seg > 0.0 {
                let _ = write!(
                    s,
                    r##"<rect x="{x:.1}" y="{ry:.1}" width="{seg:.1}" height="16" fill="{c}"><title>{name}: {v}</title></rect>"##,
                    ry = y + 19.0,
                    c = PALETTE[j % PALETTE.len()],
                    name = esc(series.get(j).map(String::as_str).unwrap_or("")),
                    v = esc(&format!("{v:.2}"))
                );
            }
            x += seg;
        }
        let _ = write!(
            s,
            r##"<text x="{vx:.1}" y="{ty:.1}" fill="#1b1f24" font-weight="600">{tot}</text>"##,
            vx = x + 6.0,
            ty = y + 31.5,
            tot = esc(&short(&bar.total, fits(150.0)))
        );
    }
    let ly = top + row_h * bars.len() as f64 + 8.0;
    for (j, name) in series.iter().enumerate() {
        let y = ly + 20.0 * j as f64;
        let _ = write!(
            s,
            r##"<rect x="0" y="{y:.1}" width="12" height="12" fill="{c}"/><text x="17" y="{ty:.1}" fill="#1b1f24">{n}</text>"##,
            c = PALETTE[j % PALETTE.len()],
            ty = y + 10.5,
            n = esc(&short(name, NARROW_CHARS - 3))
        );
    }
    s.push_str("</svg>");
    s
}

fn spread_narrow(title: &str, rows: &[SpreadRow], min: f64, max: f64, legend: [&str; 3]) -> String {
    let (w, left, right, row_h) = (NARROW_W, 12.0, 14.0, 38.0);
    let top = title_height(title) + 26.0;
    let plot_w = w - left - right;
    let h = top + row_h * rows.len() as f64 + 10.0 + 20.0 * 3.0;
    let span = if max > min { max - min } else { 1.0 };
    let xof = |v: f64| left + plot_w * ((v - min) / span).clamp(0.0, 1.0);
    let mut s = String::new();
    narrow_head(&mut s, "spread", title, h);
    for q in 0..=4 {
        let v = min + span * f64::from(q) / 4.0;
        let x = xof(v);
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{y1:.1}" x2="{x:.1}" y2="{y2:.1}" stroke="#d5d9de"/><text x="{x:.1}" y="{ty:.1}" text-anchor="middle" fill="#5a6370">{v}</text>"##,
            y1 = top - 4.0,
            y2 = top + row_h * rows.len() as f64,
            ty = top - 8.0,
            v = esc(&format!("{v:.0}"))
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y0 = top + row_h * i as f64;
        let y = y0 + 27.0;
        let colour = if row.flagged { "#9b1c1c" } else { "#154273" };
        if i % 2 == 1 {
            let _ = write!(
                s,
                r##"<rect x="0" y="{y0:.1}" width="{w}" height="{row_h}" fill="#f3f5f7" opacity="0.8"/>"##
            );
        }
        let _ = write!(
            s,
            r##"<text x="0" y="{ty:.1}" fill="{c}"><title>{full}</title>{lab}</text>"##,
            ty = y0 + 13.0,
            c = if row.flagged { colour } else { "#1b1f24" },
            full = esc(&row.label),
            lab = esc(&short(&row.label, NARROW_CHARS))
        );
        spread_marks(&mut s, row, y, colour, &xof);
    }
    // The legend: one line each.
    let ly = top + row_h * rows.len() as f64 + 18.0;
    let (l0, l1, l2) = (ly, ly + 20.0, ly + 40.0);
    let _ = write!(
        s,
        r##"<circle cx="6" cy="{l0:.1}" r="4" fill="#fff" stroke="#154273" stroke-width="1.5"/><text x="18" y="{t0:.1}" fill="#1b1f24">{a}</text><path d="M1 {l1:.1} L6 {u1:.1} L11 {l1:.1} L6 {d1:.1} Z" fill="#154273"/><text x="18" y="{t1:.1}" fill="#1b1f24">{b}</text><line x1="0" y1="{l2:.1}" x2="12" y2="{l2:.1}" stroke="#9b1c1c" stroke-width="3" opacity="0.6"/><text x="18" y="{t2:.1}" fill="#9b1c1c">{c}</text>"##,
        t0 = l0 + 4.0,
        u1 = l1 - 5.0,
        d1 = l1 + 5.0,
        t1 = l1 + 4.0,
        t2 = l2 + 4.0,
        a = esc(&short(legend[0], NARROW_CHARS - 3)),
        b = esc(&short(legend[1], NARROW_CHARS - 3)),
        c = esc(&short(legend[2], NARROW_CHARS - 3))
    );
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every bar total, of any length, ends inside its drawing, also for a full bar (the
    /// phone chart once cut "26 deelnemers" to "26 deelnemer").
    #[test]
    fn bar_totals_stay_inside_the_drawing() {
        let totals = [
            "5",
            "26 deelnemers",
            "26 participants",
            "te weinig om te tonen",
            "1.234 deelnemers in totaal, over acht kwartalen en veertig aanbieders",
        ];
        let bars: Vec<Bar> = totals
            .iter()
            .map(|t| Bar {
                label: "Stichting Samen Verder Werkt · P1".into(),
                values: vec![60.0, 40.0],
                total: (*t).into(),
            })
            .collect();
        let svg = stacked_bars("Titel", &["a".into(), "b".into()], &bars, 100.0);
        let re = regex::Regex::new(
            r#"viewBox="0 0 ([0-9.]+) [0-9.]+"|<text x="([0-9.]+)" y="[0-9.]+" fill="\#1b1f24" font-weight="600">([^<]*)</text>"#,
        )
        .unwrap();
        let mut width = 0.0;
        let mut seen = 0;
        for c in re.captures_iter(&svg) {
            if let Some(w) = c.get(1) {
                width = w.as_str().parse::<f64>().unwrap();
                continue;
            }
            let x: f64 = c[2].parse().unwrap();
            let text = &c[3];
            let end = x + total_width(text.chars().count()) - 10.0;
            assert!(
                end <= width,
                "{text:?} ends at {end} in a drawing {width} wide"
            );
            seen += 1;
        }
        assert_eq!(seen, 2 * totals.len());
    }

    #[test]
    fn short_labels_keep_the_bid_code() {
        assert_eq!(short("Werkroute B.V. (B01)", 30), "Werkroute B.V. (B01)");
        assert_eq!(
            short("Stichting Samen Verder Werkt 00017 (B18)", 30),
            "Stichting Samen Verder… (B18)"
        );
        assert_eq!(
            short("Samenwerking rond het individuele traject · B18", 30),
            "Samenwerking rond het i… · B18"
        );
        // No code at the end: cut.
        assert_eq!(
            short("abcdefghijklmnopqrstuvwxyz0123456789", 10),
            "abcdefghi…"
        );
    }

    #[test]
    fn chart_text_is_escaped() {
        let svg = stacked_bars(
            "<script>",
            &["a&b".into()],
            &[Bar {
                label: "<img src=x onerror=alert(1)>".into(),
                values: vec![3.0],
                total: "3".into(),
            }],
            10.0,
        );
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<img"));
        assert!(svg.contains("a&amp;b"));
        let svg = spread(
            "t",
            &[SpreadRow {
                label: "\"quoted\"".into(),
                scores: vec![("E1: 25".into(), 25.0), ("E2: 100".into(), 100.0)],
                agreed: Some(("vastgesteld: 50".into(), 50.0)),
                flagged: true,
            }],
            0.0,
            100.0,
            ["beoordelaar", "vastgesteld", "verschil"],
        );
        assert!(svg.contains("&quot;quoted&quot;"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(!svg.contains("\"quoted\""));
    }

    #[test]
    fn every_chart_is_drawn_wide_and_narrow() {
        let bars = [Bar {
            label: "Stichting Samen Verder Werkt (B06)".into(),
            values: vec![10.0, 20.0],
            total: "30,00".into(),
        }];
        let svg = stacked_bars(
            "Perceel P1: punten",
            &["a".into(), "b".into()],
            &bars,
            100.0,
        );
        assert_eq!(svg.matches("<svg ").count(), 2);
        assert!(svg.contains(r#"class="chart stacked" viewBox="0 0 760 "#));
        assert!(svg.contains(r#"class="chart stacked narrow" viewBox="0 0 340 "#));
        // Both show every label and total, at 12 px or more.
        assert_eq!(svg.matches(">30,00</text>").count(), 2);
        assert!(!svg.contains("font-size=\"11\"") && !svg.contains("font-size=\"10\""));
        let rows = [SpreadRow {
            label: "Veiligheid · B06".into(),
            scores: vec![("E1: 25".into(), 25.0)],
            agreed: None,
            flagged: false,
        }];
        let svg = spread("t", &rows, 0.0, 100.0, ["e", "a", "d"]);
        assert!(svg.contains(r#"class="chart spread narrow" viewBox="0 0 340 "#));
        assert_eq!(svg.matches("Veiligheid · B06</text>").count(), 2);
    }

    #[test]
    fn a_long_narrow_title_takes_two_lines() {
        let t = "Perceel P2: waarde per criterium (aftrek van de prijs)";
        let lines = title_lines(t);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.join(" "), t);
        assert!(lines.iter().all(|l| l.chars().count() <= NARROW_CHARS - 4));
        assert_eq!(title_lines("kort"), vec!["kort".to_string()]);
    }
}
