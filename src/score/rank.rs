//! Ranking: order by the ranking value, break ties by the tender's chain
//! (`quality`, `price`, `criterion:<id>`, `lottery`), and rank.
//!
//! The lottery is a ChaCha20 generator seeded with the tender's `lottery_seed`, or with a
//! seed derived from the tender and lot id; each admitted bid draws one `u64` in code
//! order, and the lowest draw goes first. The draws do not depend on the order of the
//! input, and the seed is recorded in the result.

use std::cmp::Ordering;

use indexmap::IndexMap;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::exact::Exact;
use super::result::{Lottery, Tie, TieBreak};

/// What ranking needs of one admitted bid.
#[derive(Debug, Clone, PartialEq)]
pub struct Rankable {
    /// The bid code.
    pub code: String,
    /// The ranking value (rounded or not, as the tender ranks).
    pub key: Exact,
    /// Quality for the `quality` tie-break (higher is better).
    pub quality: Exact,
    /// Evaluation price for the `price` tie-break (lower is better).
    pub price: Decimal,
    /// Fraction per criterion id for `criterion:<id>` (higher is better).
    pub criteria: IndexMap<String, Exact>,
}

/// The outcome of ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    /// Indexes into the input, best first.
    pub order: Vec<usize>,
    /// Rank per input index (1 is best; bids equal after every tie-break share a rank).
    pub ranks: Vec<u32>,
    /// Tie information per input index.
    pub tie_breaks: Vec<Option<TieBreak>>,
    /// The tie groups.
    pub ties: Vec<Tie>,
    /// Whether a pair stayed equal after every rule.
    pub unresolved: bool,
    /// The lottery.
    pub lottery: Lottery,
    /// The lottery draw per input index (drawn whether or not the lottery decided).
    pub draws: Vec<u64>,
}

/// The lottery seed of a lot: the tender's, or the first 8 bytes (big-endian) of
/// SHA-256 of `<tender id>/<lot id>`. Returns the seed and its source.
pub fn lottery_seed(tender_id: &str, lot_id: &str, given: Option<u64>) -> (u64, &'static str) {
    match given {
        Some(s) => (s, "tender"),
        None => {
            let h = Sha256::digest(format!("{tender_id}/{lot_id}").as_bytes());
            let mut b = [0u8; 8];
            b.copy_from_slice(&h[..8]);
            (u64::from_be_bytes(b), "derived")
        }
    }
}

/// One rule of the tie-break chain applied to two bids (`Less`: `a` goes first). Values
/// are compared exactly: a rule whose values are equal as fractions never decides.
fn rule(name: &str, a: &Rankable, b: &Rankable, da: u64, db: u64) -> Ordering {
    match name {
        "quality" => b.quality.cmp(&a.quality),
        "price" => a.price.cmp(&b.price),
        "lottery" => da.cmp(&db),
        _ => match name.strip_prefix("criterion:") {
            Some(id) => {
                let zero = Exact::zero();
                let fa = a.criteria.get(id).unwrap_or(&zero);
                let fb = b.criteria.get(id).unwrap_or(&zero);
                fb.cmp(fa)
            }
            None => Ordering::Equal,
        },
    }
}

/// The first rule of `chain` that separates `a` and `b` (with their lottery draws), and
/// which goes first (`Less`: `a`); `None` when every rule leaves them equal.
pub fn decide<'c>(
    chain: &'c [String],
    a: &Rankable,
    b: &Rankable,
    da: u64,
    db: u64,
) -> Option<(&'c str, Ordering)> {
    chain.iter().find_map(|r| {
        let o = rule(r, a, b, da, db);
        (o != Ordering::Equal).then_some((r.as_str(), o))
    })
}

/// Ranks the bids.
pub fn rank(
    bids: &[Rankable],
    lower_is_better: bool,
    chain: &[String],
    seed: (u64, &str),
) -> Ranking {
    // Draws in code order, so the input order does not matter.
    let mut by_code: Vec<usize> = (0..bids.len()).collect();
    by_code.sort_by(|&a, &b| bids[a].code.cmp(&bids[b].code));
    let mut rng = ChaCha20Rng::seed_from_u64(seed.0);
    let mut draws = vec![0u64; bids.len()];
    for &i in &by_code {
        draws[i] = rng.next_u64();
    }
    let key_cmp = |a: &Rankable, b: &Rankable| {
        if lower_is_better {
            a.key.cmp(&b.key)
        } else {
            b.key.cmp(&a.key)
        }
    };
    // First rule that separates two bids with equal keys.
    let decide = |a: usize, b: usize| -> Option<(&str, Ordering)> {
        decide(chain, &bids[a], &bids[b], draws[a], draws[b])
    };
    let mut order = by_code.clone();
    order.sort_by(|&a, &b| {
        key_cmp(&bids[a], &bids[b]).then_with(|| decide(a, b).map_or(Ordering::Equal, |d| d.1))
    });
    let mut ranks = vec![0u32; bids.len()];
    let mut tie_breaks: Vec<Option<TieBreak>> = vec![None; bids.len()];
    let mut ties = Vec::new();
    let mut unresolved = false;
    let mut used_lottery = false;
    let mut pos = 0;
    while pos < order.len() {
        let mut end = pos + 1;
        while end < order.len() && key_cmp(&bids[order[pos]], &bids[order[end]]) == Ordering::Equal
        {
            end += 1;
        }
        let group = &order[pos..end];
        let mut decided_by = Vec::new();
        for (k, &i) in group.iter().enumerate() {
            let rule_name = if k == 0 {
                None
            } else {
                Some(match decide(group[k - 1], i) {
                    Some((r, _)) => r.to_string(),
                    None => "unresolved".to_string(),
                })
            };
            ranks[i] = match &rule_name {
                Some(r) if r == "unresolved" => {
                    unresolved = true;
                    ranks[group[k - 1]]
                }
                _ => (pos + k + 1) as u32,
            };
            if rule_name.as_deref() == Some("lottery") {
                used_lottery = true;
            }
            if group.len() > 1 {
                tie_breaks[i] = Some(TieBreak {
                    tie: ties.len(),
                    decided_by: rule_name.clone(),
                });
            }
            if let Some(r) = rule_name {
                decided_by.push(r);
            }
        }
        if group.len() > 1 {
            ties.push(Tie {
                total: bids[group[0]].key.clone(),
                bids: group.iter().map(|&i| bids[i].code.clone()).collect(),
                decided_by,
            });
        }
        pos = end;
    }
    let lottery = Lottery {
        seed: seed.0,
        seed_source: seed.1.to_string(),
        used: used_lottery,
        draws: if used_lottery {
            by_code
                .iter()
                .map(|&i| (bids[i].code.clone(), draws[i]))
                .collect()
        } else {
            IndexMap::new()
        },
    };
    Ranking {
        order,
        ranks,
        tie_breaks,
        ties,
        unresolved,
        lottery,
        draws,
    }
}
