//! A consensus score outside the evaluators' range: above the highest or below the lowest
//! individual score, or further than `disagreement_steps` scale steps from their median.
//! The committee may depart from its members, but only with a written reason: the
//! justification of the consensus score in the chair's consensus sheet. Without one the
//! score is a blocking finding (`consensus-outside-range`); with one the criterion is
//! marked as a disagreement, so the report shows the departure and the reason.

/// How a consensus departs from the evaluators, on the scale's positions (0 is the lowest
/// level).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departure {
    /// The lowest evaluator's position.
    pub lowest: usize,
    /// The highest evaluator's position.
    pub highest: usize,
    /// Twice the median position (an even number of evaluators has a median halfway).
    pub median_twice: usize,
}

/// Whether the consensus at scale position `consensus` departs from the evaluators'
/// positions `evaluators` (none: nothing to depart from) as described above; `steps` is
/// the tender's `disagreement_steps`.
pub fn departure(consensus: usize, evaluators: &[usize], steps: u32) -> Option<Departure> {
    let mut v = evaluators.to_vec();
    v.sort_unstable();
    let (&lowest, &highest) = (v.first()?, v.last()?);
    let n = v.len();
    let median_twice = if n % 2 == 1 {
        2 * v[n / 2]
    } else {
        v[n / 2 - 1] + v[n / 2]
    };
    let from_median = (2 * consensus).abs_diff(median_twice);
    let outside = consensus < lowest
        || consensus > highest
        || from_median > 2 * usize::try_from(steps).unwrap_or(usize::MAX / 4);
    outside.then_some(Departure {
        lowest,
        highest,
        median_twice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn above_below_and_far_from_the_median() {
        // 75 over three 50s on 0/25/50/75/100: above the highest.
        assert!(departure(3, &[2, 2, 2], 2).is_some());
        // Below the lowest.
        assert!(departure(1, &[2, 3, 2], 2).is_some());
        // Within the range and near the median.
        assert_eq!(departure(2, &[1, 2, 3], 2), None);
        assert_eq!(departure(3, &[2, 3], 1), None);
        // With 0 steps, anything off the median departs (2 and 3 have it halfway).
        assert!(departure(3, &[2, 3], 0).is_some());
        // Within the range but more than `steps` from the median: 0, 0, 4 has median 0.
        let d = departure(4, &[0, 0, 4], 2).unwrap();
        assert_eq!((d.lowest, d.highest, d.median_twice), (0, 4, 0));
        assert_eq!(departure(2, &[0, 0, 4], 2), None);
        // An even count has its median halfway: 0 and 4 give 2.
        assert_eq!(departure(2, &[0, 4], 0), None);
        assert!(departure(1, &[0, 4], 0).is_some());
        // No evaluator score: nothing to depart from.
        assert_eq!(departure(4, &[], 0), None);
    }
}
