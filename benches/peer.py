#!/usr/bin/env python3
"""The peer of `tender score` in the benchmark: what an analyst would do with openpyxl.

Reads each bid form's tariffs (and the start-time answer) for one lot, reads the committee's
score sheets, and computes the weighted-points ranking (relative-to-lowest price points)
of that lot. Prints the top of the ranking.

    python3 benches/peer.py TENDER_FOLDER [LOT]
"""

import os
import re
import sys

import yaml
from openpyxl import load_workbook


def main():
    folder = sys.argv[1]
    lot_id = sys.argv[2] if len(sys.argv) > 2 else "P1"
    with open(os.path.join(folder, "tender.yaml"), encoding="utf-8") as f:
        tender = yaml.safe_load(f)
    lot = next(l for l in tender["lots"] if l["id"] == lot_id)
    pm = lot["price_model"]
    label_to_tariff = {t["label"]["nl"]: tid for tid, t in pm["tariffs"].items()}
    basket = pm["basket"]
    price_weight = lot["award"]["price_weight"]
    qualitative = {c["use"]: c["weight"] for c in lot["criteria"] if "best" not in c}
    quantitative = {c["use"]: c for c in lot["criteria"] if "best" in c}

    # The bids: code by file order, tariffs and the quantitative answers of the lot.
    bids_dir = os.path.join(folder, "bids")
    files = sorted(f for f in os.listdir(bids_dir) if f.endswith(".xlsx"))
    offers = {}
    for n, name in enumerate(files):
        code = "B%02d" % (n + 1)
        wb = load_workbook(os.path.join(bids_dir, name), read_only=True, data_only=True)
        chosen = False
        for row in wb["Aanbieder"].iter_rows(values_only=True):
            if row and isinstance(row[0], str) and row[0].startswith("Perceel %s:" % lot_id):
                chosen = len(row) > 1 and row[1] == "Ja"
        if chosen:
            tariffs, days = {}, {}
            for row in wb["Perceel %s" % lot_id].iter_rows(values_only=True):
                if not row or row[0] is None or len(row) < 2:
                    continue
                label = str(row[0])
                if label in label_to_tariff and isinstance(row[1], (int, float)):
                    tariffs[label_to_tariff[label]] = row[1]
                elif label.startswith("Antwoord: ") and isinstance(row[1], (int, float)):
                    days[label] = row[1]
            price = sum(basket[t] * v for t, v in tariffs.items())
            offers[code] = {"price": price, "days": list(days.values())}
        wb.close()

    # The score sheets: every evaluator's, the consensus decides (else the mean).
    scores = {}
    scores_dir = os.path.join(folder, "scores")
    for name in sorted(os.listdir(scores_dir)):
        if not name.endswith(".xlsx"):
            continue
        who = name[len("score-"):-len(".xlsx")]
        wb = load_workbook(os.path.join(scores_dir, name), read_only=True, data_only=True)
        for row in wb[lot_id].iter_rows(values_only=True):
            if not row or len(row) < 5 or row[0] not in offers or row[4] in (None, ""):
                continue
            m = re.search(r"\(([a-z0-9-]+)\)", str(row[1]).split("\n")[0])
            if m:
                scores.setdefault(who, {})[(row[0], m.group(1))] = float(row[4])
        wb.close()
    decisive = scores.get("consensus")
    if decisive is None:
        keys = set().union(*(s.keys() for s in scores.values()))
        decisive = {k: sum(s.get(k, 0) for s in scores.values()) / len(scores) for k in keys}

    priced = [o["price"] for o in offers.values() if o["price"] > 0]
    lowest = min(priced) if priced else 0
    ranking = []
    for code, o in offers.items():
        quality = sum(w * decisive.get((code, c), 0) / 100 for c, w in qualitative.items())
        for c in quantitative.values():
            if o["days"]:
                d = o["days"][0]
                share = (c["worst"] - d) / (c["worst"] - c["best"])
                quality += c["weight"] * min(1, max(0, share))
        points = price_weight * lowest / o["price"] if o["price"] > 0 else 0
        ranking.append((round(quality + points, 2), code, round(o["price"], 2)))
    ranking.sort(key=lambda r: (-r[0], r[1]))
    print("lot %s: %d offers, %d sheets" % (lot_id, len(ranking), len(scores)))
    for rank, (total, code, price) in enumerate(ranking[:10], 1):
        print("%4d  %-6s %10.2f  %14.2f" % (rank, code, total, price))


if __name__ == "__main__":
    main()
