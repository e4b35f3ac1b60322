"""Where the shared list data lives, and readers for the labelled files (never copied into the repo)."""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """RPL_DATA_DIR, else the shared data folder beside the repository."""
    configured = os.environ.get("RPL_DATA_DIR")
    return Path(configured) if configured else (REPO / ".." / "shared" / "data" / "rpl").resolve()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#") and line.strip()))


# Everything after the issuer's name in an exchange listing ('Common Stock', '5.45% Senior Notes' ...).
_SECURITY = re.compile(
    r"\s+(?:common\s+(?:stock|shares|units)|class\s+[a-z]\b|(?:new\s+)?common\b|preferred|depositary|depository|"
    r"warrants?\b|units?\b|ordinary\s+shares|american\s+depositary|adr\b|ads\b|series\s+[a-z0-9]|"
    r"\d+(?:\.\d+)?%|senior\s+notes|notes\s+due|equity\s+unit|subordinated|rights?\b|shares\s+of\b|"
    r"\$\d|//|\(the\)|when\s+issued)",
    re.IGNORECASE,
)


def listed_companies(root: Path) -> list[str]:
    """Issuer names from the exchange listing file, without security descriptors, each once."""
    seen: set[str] = set()
    out = []
    for row in read_csv(root / "negatives" / "other_listed_nyse_etc_2015-01-10.csv"):
        name = _SECURITY.split(row["Company Name"], maxsplit=1)[0].strip(" ,.-")
        if len(name) >= 2 and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


@dataclass(frozen=True)
class CrossScriptPair:
    query: str
    expected: str
    min_score: float
    description: str


def cross_script_pairs(root: Path) -> list[CrossScriptPair]:
    out = []
    with (root / "labelled" / "watchman_cross_script_pairs.csv").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            query, expected, min_score, description = next(csv.reader([line]))
            out.append(CrossScriptPair(query, expected, float(min_score), description))
    return out
