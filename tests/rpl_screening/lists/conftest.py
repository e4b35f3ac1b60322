from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    configured = os.environ.get("RPL_DATA_DIR")
    return Path(configured) if configured else (REPO / ".." / "shared" / "data" / "rpl").resolve()
