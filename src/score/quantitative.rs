//! Quantitative criteria: scored by formula from the provider's answer, either
//! linearly between a best and a worst value or by a declared option.

use rust_decimal::Decimal;

use super::exact::Exact;
use crate::model::{Criterion, CriterionKind, Linear, Quantity};

/// A scored quantitative answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantitative {
    /// Share of the criterion's points earned, 0 to 1, exact.
    pub fraction: Exact,
    /// The number answered (linear criteria).
    pub number: Option<Decimal>,
    /// The declared option's value (option criteria): the fraction for weighted points, the
    /// option value for the coefficient method.
    pub option_value: Option<Decimal>,
}

/// Scores a quantitative answer; `Err` says (in Dutch) why the answer cannot be scored.
pub fn score(c: &Criterion, answer: Option<&Quantity>) -> Result<Quantitative, String> {
    let CriterionKind::Quantitative {
        linear, options, ..
    } = &c.kind
    else {
        return Err(format!("criterium {} is niet kwantitatief", c.id));
    };
    let title = c.title.nl();
    match (answer, linear, options.is_empty()) {
        (None, _, _) => Err(format!(
            "geen antwoord op het kwantitatieve criterium '{title}'"
        )),
        // Beyond its bound (src/bounds.rs) the answer is not scored: the arithmetic could
        // overflow.
        (Some(Quantity::Number(x)), Some(_), _) if !crate::bounds::number_ok(*x) => Err(format!(
            "het antwoord {x} bij '{title}' ligt buiten de grens van -{max} tot {max}",
            max = crate::bounds::MAX_BID_NUMBER
        )),
        (Some(Quantity::Number(x)), Some(l), _) => Ok(Quantitative {
            fraction: linear_fraction(l, *x),
            number: Some(*x),
            option_value: None,
        }),
        (Some(Quantity::Option(code)), _, false) => {
            match options
                .iter()
                .find(|o| o.code.eq_ignore_ascii_case(code.trim()))
            {
                Some(o) => Ok(Quantitative {
                    fraction: Exact::from(o.value).clamp_to(Exact::zero(), Exact::one()),
                    number: None,
                    option_value: Some(o.value),
                }),
                None => Err(format!(
                    "optie '{code}' bestaat niet bij '{title}' (kies uit: {})",
                    options
                        .iter()
                        .map(|o| o.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
        }
        (Some(Quantity::Number(x)), None, false) => Err(format!(
            "bij '{title}' wordt een optie gevraagd, geen getal ({x})"
        )),
        (Some(Quantity::Option(s)), Some(_), _) => Err(format!(
            "bij '{title}' wordt een getal gevraagd, niet '{s}'"
        )),
        (Some(_), None, true) => Err(format!("'{title}' heeft geen scoringsregel")),
    }
}

/// The fraction (0 to 1) of the points a linear criterion gives `x`, exact: all at `best`,
/// none at `worst`, linear between and clamped outside.
pub fn linear_fraction(l: &Linear, x: Decimal) -> Exact {
    if l.best == l.worst {
        return if x == l.best {
            Exact::one()
        } else {
            Exact::zero()
        };
    }
    (Exact::from(x) - l.worst)
        .checked_div(&(Exact::from(l.best) - l.worst))
        .unwrap_or_default()
        .clamp_to(Exact::zero(), Exact::one())
}

/// The highest option value of a criterion (0 for a linear criterion).
pub fn max_option_value(c: &Criterion) -> Decimal {
    match &c.kind {
        CriterionKind::Quantitative { options, .. } => options
            .iter()
            .map(|o| o.value)
            .max()
            .unwrap_or(Decimal::ZERO),
        CriterionKind::Qualitative { .. } => Decimal::ZERO,
    }
}
