//! Monitoring after the award: `monitoring:` in tender.yaml says which indicators the
//! providers' quarterly reports are measured on, with their targets, the small-number
//! threshold of published counts and the success-bonus rule.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Percent;

/// How the trajectories are monitored after the award.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Monitoring {
    /// The indicators measured, each with its target; the report form asks only what these
    /// indicators use.
    pub indicators: Indicators,
    /// Published counts below this number are shown as `< N` (privacy, AVG). Default 5.
    #[serde(default = "default_suppress_below")]
    pub suppress_below: u32,
    /// The success bonus of `trajectory-with-bonus` lots: when it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<BonusRule>,
    /// The quarters reported on, e.g. `[2017-Q1, 2017-Q2]`. Default: every quarter of the
    /// contract period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quarters: Vec<String>,
}

/// The most participants one report form holds.
pub const MAX_PARTICIPANTS: u32 = 500;

fn default_suppress_below() -> u32 {
    5
}

/// The indicators measured, each with its target. Leave out an indicator that is not used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    /// Share of participants who rose at least one rung on the participation ladder since
    /// their start: the target is the least share, e.g. `40%`. Also gives the ladder
    /// transition matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rung_up: Option<Percent>,
    /// Calendar days from referral to start, on average: the target is the most days, e.g.
    /// `14`. Also compared with the days each provider promised in its bid (the criterion
    /// `snelheid-van-start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_to_start: Option<u32>,
    /// Share of participants who moved on to paid work: the target is the least share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_work: Option<Percent>,
    /// Share of participants who dropped out: the target is the most share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_out: Option<Percent>,
    /// Share of participants who relapsed: the target is the most share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relapse: Option<Percent>,
}

impl Indicators {
    /// Whether no indicator is used.
    pub fn is_empty(&self) -> bool {
        self.rung_up.is_none()
            && self.days_to_start.is_none()
            && self.paid_work.is_none()
            && self.drop_out.is_none()
            && self.relapse.is_none()
    }
}

/// When the success bonus is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BonusRule {
    /// Months of paid work held, counted from its start, before the bonus is due; a relapse
    /// or drop-out within these months cancels it (the provider stays responsible after the
    /// goal is reached).
    pub months: u32,
}

/// A quarter of a year, written `2017-Q1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    /// The year.
    pub year: i32,
    /// The quarter, 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// Parses `2017-Q1` (also `2017-q1`).
    pub fn parse(s: &str) -> Option<Quarter> {
        let (y, q) = s.trim().split_once(['-'])?;
        let q = q.strip_prefix(['Q', 'q'])?;
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) || q.len() != 1 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let q: u8 = q.parse().ok()?;
        ((1..=4).contains(&q) && (1900..=2999).contains(&year)).then_some(Quarter { year, q })
    }
    /// The quarter a date falls in.
    pub fn of(d: chrono::NaiveDate) -> Quarter {
        use chrono::Datelike;
        Quarter {
            year: d.year(),
            q: u8::try_from(d.month0() / 3 + 1).unwrap_or(1),
        }
    }
    /// The first day.
    pub fn start(self) -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(self.year, u32::from(self.q) * 3 - 2, 1).unwrap_or_default()
    }
    /// The last day.
    pub fn end(self) -> chrono::NaiveDate {
        self.next().start().pred_opt().unwrap_or_default()
    }
    /// The quarter after.
    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter {
                year: self.year + 1,
                q: 1,
            }
        } else {
            Quarter {
                year: self.year,
                q: self.q + 1,
            }
        }
    }
    /// Whether a date falls in the quarter.
    pub fn contains(self, d: chrono::NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }
    /// The quarters from the one of `from` to the one of `to`, in order (at most 400).
    pub fn between(from: chrono::NaiveDate, to: chrono::NaiveDate) -> Vec<Quarter> {
        let mut q = Quarter::of(from);
        let last = Quarter::of(to);
        let mut out = Vec::new();
        while q <= last && out.len() < 400 {
            out.push(q);
            q = q.next();
        }
        out
    }
}

impl Serialize for Quarter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

impl Monitoring {
    /// The quarters reported on: those listed, or every quarter of the contract period.
    pub fn quarter_list(&self, contract: (chrono::NaiveDate, chrono::NaiveDate)) -> Vec<Quarter> {
        if self.quarters.is_empty() {
            Quarter::between(contract.0, contract.1)
        } else {
            self.quarters
                .iter()
                .filter_map(|q| Quarter::parse(q))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters() {
        let q = Quarter::parse("2017-Q4").unwrap();
        assert_eq!(q.start().to_string(), "2017-10-01");
        assert_eq!(q.end().to_string(), "2017-12-31");
        assert_eq!(q.next().to_string(), "2018-Q1");
        assert_eq!(Quarter::parse("2017-Q5"), None);
        assert_eq!(Quarter::parse("17-Q1"), None);
        let d = chrono::NaiveDate::from_ymd_opt(2017, 5, 31).unwrap();
        assert_eq!(Quarter::of(d).to_string(), "2017-Q2");
        let all = Quarter::between(
            chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2018, 12, 31).unwrap(),
        );
        assert_eq!(all.len(), 8);
    }
}
