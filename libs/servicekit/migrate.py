"""Run a service's migrations to head against the database its settings name (a deploy step).

python -m servicekit.migrate customers     # reads CUSTOMERS_DATABASE_URL
"""

from __future__ import annotations

import importlib
import sys

from servicekit import migrations_dir, upgrade_to_head


def main(service: str) -> None:
    settings = importlib.import_module(f"{service}.config").Settings()
    upgrade_to_head(migrations_dir(service), settings.database_url)


if __name__ == "__main__":
    main(sys.argv[1])
