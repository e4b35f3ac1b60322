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


def next_revision_id(folder: Path) -> str:
    """Revisions are numbered 0001, 0002 ... so the history reads in order."""
    numbers = [int(p.name[:4]) for p in (folder / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    return f"{max(numbers, default=0) + 1:04d}"


def main(service: str, message: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        postgres = EmbeddedPostgres(Path(scratch) / "postgres")
        try:
            url = postgres.url(service)
            asyncio.run(create_databases(url, [service]))
            migrate(service, url)
            folder = migrations_dir(service)
            config = alembic_config(folder, url)
            script = command.revision(config, message=message, autogenerate=True, rev_id=next_revision_id(folder))
            if script is not None and not isinstance(script, list):
                ruff = [sys.executable, "-m", "ruff"]
                subprocess.run([*ruff, "check", "--quiet", "--fix", "--select", "I", script.path], check=False)
                subprocess.run([*ruff, "format", "--quiet", script.path], check=False)
                print(script.path)
        finally:
            postgres.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
