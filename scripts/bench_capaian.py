#!/usr/bin/env python3
# Copyright 2024 SAKIP Indonesia
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Cost of computing capaian (issue 15, "Done when"): N indicator-quarters
through :func:`tools.capaian.capaian_many` against a plain Python loop over the
same numbers computing R / T * 100 with floats.

    .venv/bin/python scripts/bench_capaian.py [--items 100000] [--repeat 5]

The numbers are random but seeded (targets 0.01 .. 10,000 with 2 decimals,
realisations 0 .. 1.3 x target, as floats, the way Odoo reads them). Timed:
``higher`` with the default rule; a mix of rules (higher, lower by difference
and by ratio with a cap of 120, range, text grades) with the rule per item;
and rating the ``higher`` results on a five-band scale. Each figure is the best
of ``--repeat`` runs. Pure Python: no database, no Odoo.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.capaian import Rule, capaian_many
from tools.capaian_rating import RatingScale, rate_many

GRADES = ("AA", "A", "BB", "B", "CC", "C", "D")
RULES = (
    Rule(),
    Rule(polarity="lower"),
    Rule(polarity="lower", lower_method="ratio", cap=120),
    Rule(polarity="range", rollup="average"),
    Rule(polarity="text", scale=GRADES),
)
SCALE = RatingScale(
    [
        (0, "Sangat Kurang", "#C0392B"),
        (50, "Kurang", "#E67E22", False),
        (66, "Cukup", "#F1C40F"),
        (76, "Baik", "#27AE60"),
        (91, "Sangat Baik", "#1E8449"),
    ]
)


def numbers(count, seed=15):
    chance = random.Random(seed)
    pairs = []
    for __ in range(count):
        target = chance.randint(1, 1_000_000) / 100
        pairs.append((target, round(target * chance.uniform(0, 1.3), 2)))
    return pairs


def mixed(pairs, seed=16):
    chance = random.Random(seed)
    items = []
    for target, realisation in pairs:
        rule = chance.choice(RULES)
        if rule.polarity == "range":
            items.append(((target, target * 1.1), realisation, rule))
        elif rule.polarity == "text":
            items.append((chance.choice(GRADES), chance.choice(GRADES), rule))
        else:
            items.append((target, realisation, rule))
    return items


def plain_loop(pairs):
    results = []
    for target, realisation in pairs:
        results.append(realisation / target * 100)
    return results


def best_of(repeat, function, *args):
    best = None
    for __ in range(repeat):
        start = time.perf_counter()
        function(*args)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    pairs = numbers(args.items)
    items = mixed(pairs)
    results = capaian_many(pairs)
    plain = best_of(args.repeat, plain_loop, pairs)
    rows = [
        ("plain loop, float R / T * 100", plain),
        ("capaian_many, higher (Decimal)", best_of(args.repeat, capaian_many, pairs)),
        ("capaian_many, mixed rules per item", best_of(args.repeat, capaian_many, items)),
        ("rate_many, 5-band scale", best_of(args.repeat, rate_many, results, SCALE)),
    ]
    python = sys.version.split()[0]
    print(f"{args.items:,} indicator-quarters, best of {args.repeat} (Python {python})")
    for label, seconds in rows:
        print(
            f"  {label:<38} {seconds * 1000:9.1f} ms  "
            f"{seconds / args.items * 1e6:6.2f} µs/item  x{seconds / plain:6.1f}"
        )


if __name__ == "__main__":
    main()
