//! The success bonus (pure): due for a participant whose paid work has been held for the
//! rule's months by the end of a quarter; a relapse or drop-out within those months
//! cancels it, since the provider stays responsible after the goal is reached.

use chrono::{Months, NaiveDate};
use serde::Serialize;

use super::{Participant, Status};
use crate::model::BonusRule;

/// What the rule makes of one participant at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// No paid work, or its period has not ended by the date.
    NotYet,
    /// Paid work held for the whole period: the bonus is due (the period ended on the date
    /// given).
    Due(NaiveDate),
    /// A relapse or drop-out within the period cancelled it (on the date given).
    Cancelled(NaiveDate),
}

/// The end of the period a participant must hold paid work: its start plus the months.
pub fn period_end(rule: &BonusRule, paid_work: NaiveDate) -> Option<NaiveDate> {
    paid_work.checked_add_months(Months::new(rule.months))
}

/// The bonus outcome of a participant as reported, on `date` (the end of a quarter).
/// A relapse or drop-out dated within the period cancels, whenever it is reported; one
/// before the period has ended cancels at once.
pub fn outcome(rule: &BonusRule, p: &Participant, date: NaiveDate) -> Outcome {
    let Some(start) = p.paid_work else {
        return Outcome::NotYet;
    };
    let Some(end) = period_end(rule, start) else {
        return Outcome::NotYet;
    };
    if matches!(p.status, Status::Relapsed | Status::DroppedOut)
        && let Some(d) = p.status_date
        && d <= end
        && d <= date
    {
        return Outcome::Cancelled(d);
    }
    if end <= date {
        Outcome::Due(end)
    } else {
        Outcome::NotYet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn p(paid: Option<&str>, status: Status, on: Option<&str>) -> Participant {
        Participant {
            row: 8,
            id: "D-1".into(),
            referral: None,
            start: Some(d("2017-01-10")),
            rung_start: Some(4),
            moves: vec![],
            status,
            status_date: on.map(d),
            paid_work: paid.map(d),
        }
    }

    #[test]
    fn the_rule() {
        let rule = BonusRule { months: 6 };
        let held = p(Some("2017-02-01"), Status::Active, None);
        assert_eq!(outcome(&rule, &held, d("2017-06-30")), Outcome::NotYet);
        assert_eq!(
            outcome(&rule, &held, d("2017-09-30")),
            Outcome::Due(d("2017-08-01"))
        );
        let relapse = p(Some("2017-02-01"), Status::Relapsed, Some("2017-07-15"));
        assert_eq!(
            outcome(&rule, &relapse, d("2017-09-30")),
            Outcome::Cancelled(d("2017-07-15"))
        );
        // A relapse after the period leaves the bonus due.
        let late = p(Some("2017-02-01"), Status::Relapsed, Some("2017-08-02"));
        assert_eq!(
            outcome(&rule, &late, d("2017-09-30")),
            Outcome::Due(d("2017-08-01"))
        );
        assert_eq!(
            outcome(&rule, &p(None, Status::Active, None), d("2018-12-31")),
            Outcome::NotYet
        );
    }
}
