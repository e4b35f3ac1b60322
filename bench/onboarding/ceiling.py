"""The ceiling: a bare endpoint that inserts one row into the same PostgreSQL through asyncpg, nothing else."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
from fastapi import FastAPI
from fastapi.responses import JSONResponse


def create_app() -> FastAPI:
    dsn = os.environ["CEILING_DSN"]
    pool: list[asyncpg.Pool] = []

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool.append(await asyncpg.create_pool(dsn, min_size=10, max_size=10))
        await pool[0].execute("CREATE TABLE IF NOT EXISTS ceiling_rows (id uuid PRIMARY KEY, name text NOT NULL)")
        yield
        await pool[0].close()

    app = FastAPI(lifespan=lifespan)

    @app.post("/rows", status_code=201)
    async def insert_row(body: dict[str, str]) -> JSONResponse:
        row_id = uuid.uuid4()
        await pool[0].execute("INSERT INTO ceiling_rows (id, name) VALUES ($1, $2)", row_id, body.get("name", ""))
        return JSONResponse({"id": str(row_id)}, status_code=201)

    return app
