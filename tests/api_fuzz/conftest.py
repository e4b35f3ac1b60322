"""The API fuzz runs last: the root's run changes platform-wide settings the other tests read."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "api_fuzz: schemathesis over the services; runs after every other test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: item.get_closest_marker("api_fuzz") is not None)  # stable: the rest keep their order
