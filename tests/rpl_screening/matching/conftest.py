from __future__ import annotations

import os
from pathlib import Path

import pytest

from rpl_screening.lists import load_default_lists
from rpl_screening.matching import ScreeningIndex, Vocabulary, load_vocabulary

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    configured = os.environ.get("RPL_DATA_DIR")
    return Path(configured) if configured else (REPO / ".." / "shared" / "data" / "rpl").resolve()


@pytest.fixture(scope="session")
def index(data_dir: Path) -> ScreeningIndex:
    """SDN + OFAC consolidated + UN, built once: what the service loads at start-up."""
    return ScreeningIndex.build(load_default_lists(data_dir), vocab=load_vocabulary(data_dir))


@pytest.fixture(scope="session")
def vocab(data_dir: Path) -> Vocabulary:
    return load_vocabulary(data_dir)
