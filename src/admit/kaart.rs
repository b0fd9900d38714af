//! The hook to the sociale kaart: the admitted providers with what they gave for the public,
//! as data. The kaart website builder (branch `kaart`) takes this list; until it is merged,
//! `tender admit` writes the list as `kaart/providers.json`.

use serde::Serialize;

use super::register::Chain;
use crate::model::KaartInfo;

/// One admitted provider as the sociale kaart shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KaartProvider {
    /// The provider's name.
    pub name: String,
    /// What it gave for the kaart.
    #[serde(flatten)]
    pub public: KaartInfo,
    /// The lots it is admitted to, with the rungs it serves in each.
    pub lots: Vec<KaartLot>,
}

/// A lot an admitted provider serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KaartLot {
    /// The lot id.
    pub lot: String,
    /// The rungs served.
    pub rungs: Option<(u8, u8)>,
}

/// The providers in force after the chain's last round, by name (one entry per KvK
/// number; the latest application's public details).
pub fn kaart_providers(chain: &Chain) -> Vec<KaartProvider> {
    let Some(day) = chain.rounds.last().map(|(_, _, r)| r.date) else {
        return Vec::new();
    };
    let mut out: Vec<(String, KaartProvider)> = Vec::new();
    for (_, d) in chain.in_force(day) {
        let lot = KaartLot {
            lot: d.lot.clone().unwrap_or_default(),
            rungs: d.rungs,
        };
        match out
            .iter_mut()
            .find(|(kvk, _)| super::register::same_kvk(kvk, &d.kvk))
        {
            Some((_, p)) => {
                p.lots.push(lot);
                p.public = d.kaart.clone();
            }
            None => out.push((
                d.kvk.clone(),
                KaartProvider {
                    name: d.name.clone(),
                    public: d.kaart.clone(),
                    lots: vec![lot],
                },
            )),
        }
    }
    let mut v: Vec<KaartProvider> = out.into_iter().map(|(_, p)| p).collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}
