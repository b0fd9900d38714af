//! The sociale kaart of an open house: the providers in force after a round, with what they
//! gave for the public on their application, for the kaart website
//! ([`crate::render::kaart`]), the same site the award of a tender writes.

use super::register::Chain;
use crate::model::LoadedTender;
use crate::render::kaart::{KaartOffer, KaartProvider};

/// The providers in force after the chain's last round, by name (one entry per KvK
/// number; the latest application's public details). A lot without rungs applied for
/// offers the lot's whole ladder.
pub fn kaart_providers(tender: &LoadedTender, chain: &Chain) -> Vec<KaartProvider> {
    let Some(day) = chain.rounds.last().map(|(_, _, r)| r.date) else {
        return Vec::new();
    };
    let mut out: Vec<(String, KaartProvider)> = Vec::new();
    for (_, d) in chain.in_force(day) {
        let lot = d.lot.clone().unwrap_or_default();
        let (from, to) = d.rungs.unwrap_or_else(|| {
            tender
                .lot(&lot)
                .map_or((1, 6), |lv| (lv.lot.ladder.from, lv.lot.ladder.to))
        });
        let offer = KaartOffer { lot, from, to };
        match out
            .iter_mut()
            .find(|(kvk, _)| super::register::same_kvk(kvk, &d.kvk))
        {
            Some((_, p)) => {
                p.offers.push(offer);
                p.public = d.public.clone();
            }
            None => out.push((
                d.kvk.clone(),
                KaartProvider {
                    name: d.name.clone(),
                    public: d.public.clone(),
                    offers: vec![offer],
                },
            )),
        }
    }
    let mut v: Vec<KaartProvider> = out.into_iter().map(|(_, p)| p).collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}
