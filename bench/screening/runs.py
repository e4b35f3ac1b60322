"""Each measured figure of the screening engine, computed from the shared data."""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from pathlib import Path

from bench.screening.data import cross_script_pairs, listed_companies, read_csv
from bench.screening.report import percentile, prf, table
from bench.screening.variants import VARIANTS
from rpl_screening.list_formats import ListEntry, ParsedList, to_iso2
from rpl_screening.matching import Match, ScreeningIndex, Vocabulary, score_pair

OFAC = {"ofac_sdn", "ofac_cons"}
COMPANY_SCHEMAS = {"Company", "Organization", "LegalEntity"}
# Exchange-listed names checked by hand and found on today's lists: real hits, not false positives.
# The Chinese names are on OFAC's non-SDN Chinese Military-Industrial Complex (NS-CMIC) list.
KNOWN_LISTED = {
    "mechel oao": "SDN: MECHEL OAO (RUSSIA-EO14024)",
    "mechel steel group oao": "SDN: MECHEL STEEL GROUP OAO",
    "cnooc limited": "OFAC consolidated NS-CMIC: CNOOC LIMITED",
    "china mobile limited": "OFAC consolidated NS-CMIC: CHINA MOBILE LIMITED",
    "china telecom corp ltd": "OFAC consolidated NS-CMIC: CHINA TELECOM CORPORATION LIMITED",
    "china unicom (hong kong) ltd": "OFAC consolidated NS-CMIC: CHINA UNICOM (HONG KONG) LIMITED",
    "semiconductor  manufacturing international corporation": "OFAC consolidated NS-CMIC: SMIC",
}


def _hit(matches: list[Match], uid: str, threshold: float) -> bool:
    return any(m.uid == uid and m.source in OFAC and m.score >= threshold for m in matches)


def _top1(matches: list[Match], uid: str) -> bool:
    if not matches:
        return False
    best = matches[0].score
    return any(m.uid == uid and m.score >= best - 1e-9 for m in matches)


def company_variants(
    index: ScreeningIndex, sdn: ParsedList, threshold: float, seed: int, sample: int
) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    entities = [e for e in sdn.entries if e.entry_type == "entity"]
    chosen: list[ListEntry] = rng.sample(entities, min(sample, len(entities)))
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    misses: list[str] = []
    queries: list[str] = []
    for entry in chosen:
        for kind, make in VARIANTS.items():
            query = make(entry.name, rng)
            if not query:
                continue
            queries.append(query)
            matches = index.screen(query, limit=10)
            hit = _hit(matches, entry.uid, threshold)
            stats[kind]["n"] += 1
            stats[kind]["hit"] += hit
            stats[kind]["top1"] += _top1(matches, entry.uid)
            if not hit and len(misses) < 25:
                best = matches[0] if matches else None
                got = f"{best.matched_name!r} {best.score:.3f}" if best else "-"
                misses.append(f"  [{kind}] {query!r} <- {entry.name!r} (uid {entry.uid}); top: {got}")
    rows = []
    total = Counter[str]()
    for kind, s in stats.items():
        total.update(s)
        rows.append((kind, s["n"], s["hit"] / s["n"], s["top1"] / s["n"]))
    rows.append(("ALL", total["n"], total["hit"] / total["n"], total["top1"] / total["n"]))
    out = table(
        f"Companies: recall on generated variants of {len(chosen)} SDN entity names (seed {seed}, target >= 0.97)",
        ["variant", "n", "recall", "top1_acc"],
        rows,
    )
    return out + "\n  first misses:\n" + "\n".join(misses), queries


def company_negatives(index: ScreeningIndex, root: Path, threshold: float) -> tuple[str, list[str]]:
    names = listed_companies(root)
    alerts: list[tuple[float, str, Match]] = []
    for name in names:
        matches = index.screen(name, limit=1, min_score=threshold)
        if matches:
            alerts.append((matches[0].score, name, matches[0]))
    alerts.sort(key=lambda a: -a[0])
    real = [a for a in alerts if a[1].casefold() in KNOWN_LISTED]
    false = [a for a in alerts if a[1].casefold() not in KNOWN_LISTED]
    n = len(names)
    rows = [
        ("all alerts", len(alerts), len(alerts) / n),
        ("known real hits (excluded)", len(real), len(real) / n),
        ("false positives", len(false), len(false) / (n - len(real))),
    ]
    out = table(
        f"Companies: alert rate on {n} clean exchange-listed company names (target FP rate <= 0.002)",
        ["", "count", "rate"],
        rows,
    )
    lines = [f"  {s:.3f}  {name!r} -> {m.matched_name!r} ({m.source}:{m.uid})" for s, name, m in false[:30]]
    lines += [f"  real hit: {name!r} -> {m.matched_name!r} ({KNOWN_LISTED[name.casefold()]})" for _, name, m in real]
    return out + "\n  top false positives:\n" + "\n".join(lines), names


def nomenklatura(root: Path, vocab: Vocabulary, threshold: float) -> str:
    cases = read_csv(root / "labelled" / "nomenklatura_name_bench_cases.csv")
    frozen = read_csv(root / "labelled" / "nomenklatura_name_bench_logicv2_frozen_results.csv")
    rows = []
    for group, schemas, kind in (
        ("companies", COMPANY_SCHEMAS, "entity"),
        ("persons", {"Person"}, "individual"),
    ):
        ours = Counter[str]()
        for case in cases:
            if case["schema"] in schemas:
                predicted = score_pair(case["name1"], case["name2"], kind, vocab=vocab) >= threshold
                actual = case["is_match"] == "true"
                ours["tp" if predicted and actual else "fp" if predicted else "fn" if actual else "tn"] += 1
        base = Counter(r["outcome"].lower() for r in frozen if r["schema"] in schemas)
        for who, c in (("this engine", ours), ("logic-v2 frozen", base)):
            p, r, f1 = prf(c["tp"], c["fp"], c["fn"])
            rows.append((group, who, sum(c.values()), p, r, f1))
    return table(
        f"nomenklatura name pairs (threshold {threshold}; targets F1 companies >= 0.92, persons >= 0.82)",
        ["set", "matcher", "n", "precision", "recall", "F1"],
        rows,
    )


def watchman_pairs(root: Path, vocab: Vocabulary, threshold: float) -> str:
    rows = read_csv(root / "labelled" / "watchman_jaro_winkler_pairs.csv")
    seen: set[tuple[str, str]] = set()
    by_label: dict[str, Counter[str]] = defaultdict(Counter)
    wrong = []
    for row in rows:
        key = (row["indexed"], row["query"])
        if key in seen:
            continue
        seen.add(key)
        score = score_pair(row["query"], row["indexed"], None, vocab=vocab)
        label = row["researcher_label"]
        alert = score >= threshold
        by_label[label]["n"] += 1
        by_label[label]["alert"] += alert
        if (label == "match" and not alert) or (label == "no_match" and alert):
            wrong.append(f"  {label}: {row['query']!r} vs {row['indexed']!r} = {score:.3f}")
    out = [(label, c["n"], c["alert"] / c["n"]) for label, c in sorted(by_label.items())]
    text = table("Watchman Jaro-Winkler pairs: alert share per reviewer label", ["label", "n", "alert_rate"], out)
    return text + "\n  disagreements:\n" + "\n".join(wrong[:20])


def cross_script(root: Path, vocab: Vocabulary, threshold: float) -> str:
    rows = []
    for pair in cross_script_pairs(root):
        score = score_pair(pair.query, pair.expected, "individual", vocab=vocab)
        rows.append((pair.query, pair.expected, pair.min_score, score, "hit" if score >= threshold else "miss"))
    hits = sum(1 for r in rows if r[4] == "hit")
    return table(
        f"Watchman cross-script pairs: {hits}/{len(rows)} at threshold {threshold}",
        ["query", "expected", "watchman_min", "score", ""],
        rows,
    )


def real_world(index: ScreeningIndex, root: Path, threshold: float) -> str:
    rows = []
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for case in read_csv(root / "labelled" / "real_world_cases.csv"):
        country = to_iso2(case["query_country"]) if case["query_country"] else None
        matches = index.screen(case["query"], country=country, limit=10)
        alerts = [m for m in matches if m.score >= threshold]
        uid, label = case["expected_uid"], case["label"]
        expected = [m for m in matches if m.uid == uid and m.source in OFAC]
        score = expected[0].score if expected else None
        if label == "match" and not uid:
            outcome = "n/a (entry not on loaded lists)"
        elif label == "match":
            outcome = "ok" if any(m.uid == uid for m in alerts) else "MISSED"
        elif label == "no_match":
            outcome = "ok" if not alerts else f"ALERT {alerts[0].matched_name!r} {alerts[0].score:.2f}"
        else:
            outcome = f"review: {'alert' if alerts else 'clear'}"
        tally[label]["n"] += 1
        tally[label]["ok"] += outcome == "ok"
        top = f"{matches[0].matched_name[:34]} {matches[0].score:.2f}" if matches else "-"
        rows.append((case["query"][:36], label, uid or "-", "-" if score is None else f"{score:.2f}", top, outcome))
    summary = ", ".join(f"{label}: {c['ok']}/{c['n']} ok" for label, c in tally.items())
    return table(f"Real-world cases ({summary})", ["query", "label", "uid", "uid_score", "top match", "outcome"], rows)


def person_negatives(index: ScreeningIndex, root: Path, threshold: float) -> tuple[str, list[str]]:
    rows = []
    names_all: list[str] = []
    for label, file in (
        ("yente negatives (global, synthetic)", "yente_negatives_global_small.csv"),
        ("US Congress (PEP, not sanctioned)", "yente_cgb_positives_us_congress_untreated.csv"),
    ):
        names = [r["full_name"] for r in read_csv(root / "labelled" / file) if r["full_name"].strip()]
        names_all += names
        alerts = []
        for name in names:
            found = index.screen(name, kind="individual", limit=1, min_score=threshold)
            if found:
                alerts.append(f"{name} -> {found[0].matched_name} {found[0].score:.2f}")
        rows.append((label, len(names), len(alerts), len(alerts) / len(names), "; ".join(alerts[:3])))
    return table("Persons: alert rate on negatives", ["set", "n", "alerts", "rate", "examples"], rows), names_all


def latency(index: ScreeningIndex, queries: list[str], service: str | None) -> str:
    for q in queries[:200]:  # warm caches the way a running service has them
        index.screen(q)
    times = []
    for q in queries:
        t0 = time.perf_counter()
        index.screen(q, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
    rows = [("in-process, full SDN", len(times), *(percentile(times, p) for p in (50, 95, 99)), max(times))]
    if service:
        rows.append(http_latency(service, queries[:1000]))
    return table(
        "Latency per query in ms (targets p99 <= 2 ms in-process, <= 15 ms over HTTP)",
        ["path", "n", "p50", "p95", "p99", "max"],
        rows,
    )


def http_latency(service: str, queries: list[str]) -> tuple[object, ...]:
    """POST each query to the running service's ad-hoc check (`make run`), one at a time, as a provider would."""
    import httpx

    with httpx.Client(base_url=service, timeout=10, headers={"authorization": f"Bearer {root_token()}"}) as client:
        for q in queries[:50]:
            client.post("/v1/screenings/check", json={"name": q}).raise_for_status()
        times = []
        for q in queries:
            t0 = time.perf_counter()
            client.post("/v1/screenings/check", json={"name": q}).raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
    return ("HTTP POST /v1/screenings/check", len(times), *(percentile(times, p) for p in (50, 95, 99)), max(times))


def service_rss_mb(service: str) -> float:
    """Resident memory of the running service, from its Prometheus process metrics."""
    import httpx

    for line in httpx.get(f"{service}/metrics", timeout=10).text.splitlines():
        if line.startswith("process_resident_memory_bytes"):
            return float(line.split()[-1]) / 1_048_576
    raise RuntimeError("the service does not report process_resident_memory_bytes")


def root_token() -> str:
    import os
    from pathlib import Path

    import httpx

    from devstack.config import ROOT_CLIENT_ID

    secret = (Path(__file__).resolve().parents[2] / ".data" / "root-client-secret").read_text().strip()
    customers = f"http://127.0.0.1:{os.environ.get('CUSTOMERS_PORT', '8001')}"
    data = {"grant_type": "client_credentials", "client_id": ROOT_CLIENT_ID, "client_secret": secret}
    response = httpx.post(f"{customers}/oauth/token", data=data, timeout=10)
    response.raise_for_status()
    return str(response.json()["access_token"])
