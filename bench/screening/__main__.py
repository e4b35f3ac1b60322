"""python -m bench.screening: quality, latency and footprint of the screening engine on the shared data."""

from __future__ import annotations

import argparse
import random
import time

from bench.screening import runs
from bench.screening.data import data_dir
from bench.screening.report import table
from rpl_screening.list_formats import load_default_lists, parse_sdn_joined_jsonl
from rpl_screening.list_formats.loader import SDN_JOINED
from rpl_screening.matching import ScreeningIndex, Thresholds, load_vocabulary


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=20260820)
    parser.add_argument("--sample", type=int, default=700, help="SDN entities to vary")
    parser.add_argument("--threshold", type=float, default=None, help="review threshold (default: tuned)")
    parser.add_argument(
        "--service",
        default=None,
        help="the running rpl_screening (`make run`: http://127.0.0.1:8002): time its HTTP check, read its memory",
    )
    args = parser.parse_args()
    root = data_dir()
    threshold = args.threshold if args.threshold is not None else Thresholds().review
    started = time.perf_counter()

    base = rss_mb()
    t0 = time.perf_counter()
    lists = load_default_lists(root)
    t1 = time.perf_counter()
    vocab = load_vocabulary(root)
    index = ScreeningIndex.build(lists, vocab=vocab)
    t2 = time.perf_counter()
    after = rss_mb()
    print(f"data: {root}   review threshold: {threshold}")
    print(
        table(
            "Footprint: SDN (joined jsonl) + OFAC consolidated + UN (targets build <= 10 s, service <= 400 MB)",
            ["lists", "entries", "parse_s", "build_s", "rss_before_mb", "rss_after_mb", "index_mb"],
            [(" + ".join(p.source for p in lists), len(index), t1 - t0, t2 - t1, base, after, after - base)],
        )
    )
    sdn = next(p for p in lists if p.source == "ofac_sdn")
    report, variant_queries = runs.company_variants(index, sdn, threshold, args.seed, args.sample)
    print(report)
    report, company_names = runs.company_negatives(index, root, threshold)
    print(report)
    print(runs.nomenklatura(root, vocab, threshold))
    print(runs.watchman_pairs(root, vocab, threshold))
    print(runs.cross_script(root, vocab, threshold))
    print(runs.real_world(index, root, threshold))
    report, person_names = runs.person_negatives(index, root, threshold)
    print(report)

    del index
    sdn_only = ScreeningIndex.build([parse_sdn_joined_jsonl((root / SDN_JOINED).read_bytes())], vocab=vocab)
    queries = variant_queries + company_names + person_names
    random.Random(args.seed).shuffle(queries)
    print(runs.latency(sdn_only, queries[:6000], args.service))
    if args.service:
        rss = runs.service_rss_mb(args.service)
        print(f"\nservice resident memory with SDN + consolidated + UN loaded: {rss:.0f} MB (target <= 400 MB)")
    print(f"\nbench runtime {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
