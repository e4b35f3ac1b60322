"""Write a new Alembic revision for a service, compared against its models on a scratch embedded PostgreSQL.

python -m devstack.revision customers "add users and packages"
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

from alembic import command

from devstack.postgres import EmbeddedPostgres, create_databases, migrate
from servicekit import alembic_config, migrations_dir


def main(service: str, message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        postgres = EmbeddedPostgres(Path(scratch) / "postgres")
        try:
            url = postgres.url(service)
            asyncio.run(create_databases(url, [service]))
            migrate(service, url)
            script = command.revision(alembic_config(migrations_dir(service), url), message=message, autogenerate=True)
            subprocess.run([sys.executable, "-m", "ruff", "format", "--quiet", script.path], check=False)  # type: ignore[union-attr]
        finally:
            postgres.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
