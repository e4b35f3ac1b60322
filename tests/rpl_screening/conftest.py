from __future__ import annotations

import os
from pathlib import Path

import pytest

from devstack.config import default_rpl_data_dir

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared list files the parser and matcher tests read: RPL_DATA_DIR, else ../shared/data/rpl.

    RPL_DATA_DIR=none starts the session's services with no list loaded; these tests still read the shared folder.
    """
    configured = os.environ.get("RPL_DATA_DIR")
    return Path(configured) if configured and configured != "none" else default_rpl_data_dir(PROJECT_ROOT)
