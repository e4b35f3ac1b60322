from __future__ import annotations

from pathlib import Path

import pytest

from rpl_screening.list_formats import load_default_lists
from rpl_screening.matching import ScreeningIndex, Vocabulary, load_vocabulary


@pytest.fixture(scope="session")
def index(data_dir: Path) -> ScreeningIndex:
    """SDN + OFAC consolidated + UN, built once: what the service loads at start-up."""
    return ScreeningIndex.build(load_default_lists(data_dir), vocab=load_vocabulary(data_dir))


@pytest.fixture(scope="session")
def vocab(data_dir: Path) -> Vocabulary:
    return load_vocabulary(data_dir)
