"""What a developer or an operator sees when a part of the stack fails: real processes and real signals.

- A service whose database is down answers 503 problem+json with Retry-After, one warning line a request; its
  background loops say so once, not every poll, and say when the database is back.
- With the broker gone the service stays ready (`degraded`): its writes wait in the outbox.
- `kill -9` of whatever started the stack leaves nothing running: every Procfile entry (devstack.supervise) and
  PostgreSQL (its guard) stop with it, and a crash's stale handles do not keep the next run from stopping the
  server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import structlog
from fastapi import FastAPI

from devstack.broker import Broker, free_port
from devstack.config import ensure_keys
from devstack.in_process import issuer_for, root_principal
from devstack.postgres import (
    SANDBOX_CARRIER,
    EmbeddedPostgres,
    create_databases,
    database_url,
    forget_dead_handles,
    migrate,
    remove_stale_pid_file,
)
from servicekit._observability import configure_logging

in_session_loop = pytest.mark.asyncio(loop_scope="session")

PROBLEM = "application/problem+json"
UNKNOWN_CUSTOMER = "/v1/customers/00000000-0000-0000-0000-0000000000ff"
BOUND = 30.0  # seconds: what a wait below may take at most before the test fails (not what it is expected to)


@contextlib.contextmanager
def captured_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """Every log entry while the block runs, with the request's context (request id, service)."""
    previous = structlog.get_config()
    capture = structlog.testing.LogCapture()
    structlog.configure(processors=[structlog.contextvars.merge_contextvars, capture])
    try:
        yield capture.entries
    finally:
        structlog.configure(**previous)


def wait_until(condition: Callable[[], bool], what: str, bound: float = BOUND) -> None:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {bound:g} s: {what}")
        time.sleep(0.05)


async def async_wait_until(condition: Callable[[], bool], what: str, bound: float = BOUND) -> None:
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {bound:g} s: {what}")
        await asyncio.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().rsplit(")", 1)[1].split()[0] == "Z")


# --- a service whose database or broker is gone ----------------------------------------------------------------


@dataclass
class World:
    folder: Path
    postgres: EmbeddedPostgres | None
    broker: Broker
    app: FastAPI
    client: httpx.AsyncClient


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def world(folder: Path) -> AsyncIterator[World]:
    """pstn_orders with its workers (relay, consumers, timers) on a PostgreSQL and a broker of its own."""
    from pstn_orders.config import Settings
    from pstn_orders.main import create_app

    postgres = EmbeddedPostgres(folder / "postgres")  # from this (the main) thread
    url = database_url(postgres.url("postgres"), "pstn_orders")
    await create_databases(url, ["pstn_orders", SANDBOX_CARRIER])  # the sandbox carrier keeps its own
    await asyncio.to_thread(migrate, "pstn_orders", url)
    broker = Broker(free_port())
    broker.start()
    private, public = ensure_keys(folder / "keys")
    settings = Settings(
        database_url=url,
        kafka_bootstrap_servers=broker.bootstrap_servers,
        kafka_idempotent_producer=False,
        kafka_session_timeout_ms=1_000,
        kafka_heartbeat_interval_ms=200,
        kafka_topic_partitions=4,
        jwt_public_key_file=public,
        outbox_poll_seconds=0.2,
        timer_poll_seconds=0.2,
        broker_watch_seconds=0.5,
        broker_stop_timeout_seconds=2.0,
        log_json=True,
        log_level="INFO",
    )
    app = create_app(settings)
    token = issuer_for(private, settings).issue(root_principal())
    world = World(folder, postgres, broker, app, httpx.AsyncClient())
    try:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://pstn-orders",
                headers={"Authorization": f"Bearer {token}"},
            ) as client:
                world.client = client
                yield world
    finally:
        configure_logging("WARNING", True)  # the session's services log at WARNING
        broker.stop()
        if world.postgres is not None:
            world.postgres.stop()


@in_session_loop
async def test_without_its_broker_a_service_stays_ready_and_says_events_wait(world: World) -> None:
    ready = await world.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"database": "ok", "broker": "ok"}}

    world.broker.kill()
    try:
        degraded = await world.client.get("/readyz")
        # Reads and writes go on (the outbox keeps every event until the broker is back).
        read = await world.client.get(UNKNOWN_CUSTOMER)
    finally:
        world.broker.start()

    assert degraded.status_code == 200
    assert degraded.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "broker": "unreachable (events wait in the outbox)"},
    }
    assert read.status_code == 404


@in_session_loop
async def test_with_its_database_down_a_service_answers_503_and_logs_one_line_a_request(world: World) -> None:
    assert world.postgres is not None
    data_dir = world.postgres.data_dir
    request_ids = [uuid.uuid4().hex for _ in range(3)]
    with captured_logs() as logs:
        world.postgres.stop()
        world.postgres = None
        # The timers poll every 0.2 s: their first failure is logged at once, the next ones are held back.
        await async_wait_until(lambda: bool(_events(logs, "timers.failed")), "the timers' first failure is logged")
        answers = [await world.client.get(UNKNOWN_CUSTOMER, headers={"x-request-id": rid}) for rid in request_ids]
        not_ready = await world.client.get("/readyz")
        # More polls fail while the requests above run; the line count below is not what a poll count would be.
        failures_before = _events(logs, "timers.failed")[0]["failures"]
        await async_wait_until(lambda: _failures_seen(world) > failures_before + 3, "the timers keep polling")
        timer_lines = len(_events(logs, "timers.failed"))

        world.postgres = EmbeddedPostgres(data_dir)
        await async_wait_until(lambda: bool(_events(logs, "timers.failed.recovered")), "the timers say they recovered")
        after = await world.client.get(UNKNOWN_CUSTOMER)

    for answer, rid in zip(answers, request_ids, strict=True):
        assert answer.status_code == 503
        assert answer.headers["content-type"] == PROBLEM
        assert answer.headers["retry-after"] == "5"
        assert answer.headers["x-request-id"] == rid
        problem = answer.json()
        assert problem["type"] == "https://problems.wholesale.example/database-unavailable"
        assert problem["status"] == 503
        assert problem["title"] == "The database is unavailable"
        assert "retry in 5 s" in problem["detail"]
        lines = [entry for entry in logs if entry.get("request_id") == rid]
        assert [(e["event"], e["log_level"]) for e in lines] == [("request.database_unavailable", "warning")]
        assert "exc_info" not in lines[0]  # no traceback: the cause is outside the service
    assert not_ready.status_code == 503
    assert not_ready.json()["status"] == "not_ready"
    assert not_ready.json()["checks"]["database"].startswith("unreachable")
    assert timer_lines == 1
    assert "exc_info" not in _events(logs, "timers.failed")[0]
    assert after.status_code == 404


def _events(logs: list[MutableMapping[str, Any]], event: str) -> list[MutableMapping[str, Any]]:
    return [entry for entry in logs if entry.get("event") == event and entry.get("service") == "pstn_orders"]


def _failures_seen(world: World) -> int:
    """How many polls in a row the timers have failed (the loop's own count)."""
    return int(world.app.state.runtime.timers.failures.failures)


@in_session_loop
async def test_an_unexpected_error_is_a_500_logged_once_with_its_traceback(world: World) -> None:
    @world.app.get("/boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("a fault of ours")

    with captured_logs() as logs:
        answer = await world.client.get("/boom", headers={"x-request-id": "boom-1"})

    assert answer.status_code == 500
    assert answer.headers["content-type"] == PROBLEM
    lines = [entry for entry in logs if entry.get("request_id") == "boom-1"]
    assert [(e["event"], e["log_level"]) for e in lines] == [("request.failed", "error")]
    assert isinstance(lines[0]["exc_info"], RuntimeError)


# --- everything dies with whatever started it ------------------------------------------------------------------

_PARENT = textwrap.dedent(
    """
    # What honcho does with a Procfile entry: a reader process starts it in a session of its own.
    import os, subprocess, sys, time
    entry = subprocess.Popen(
        [sys.executable, "-m", "devstack.supervise", "sleeper", "--", sys.executable, "-c",
         "import time; time.sleep(600)"],
        start_new_session=True, env=os.environ | {"STACK_PID": sys.argv[1]},
    )
    print(entry.pid, flush=True)
    time.sleep(600)
    """
)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


@pytest.fixture
def stack_process() -> Iterator[subprocess.Popen[bytes]]:
    """A process standing for `make run` (STACK_PID)."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    yield process
    process.kill()
    process.wait()


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("killed", ["reader", "stack"])
def test_a_procfile_entry_dies_with_the_stack(stack_process: subprocess.Popen[bytes], killed: str) -> None:
    reader = subprocess.Popen(
        [sys.executable, "-c", _PARENT, str(stack_process.pid)], stdout=subprocess.PIPE, start_new_session=True
    )
    try:
        assert reader.stdout is not None
        supervisor = int(reader.stdout.readline())
        wait_until(lambda: bool(_children(supervisor)), "the entry's command runs")
        (command,) = _children(supervisor)

        (reader if killed == "reader" else stack_process).send_signal(signal.SIGKILL)

        wait_until(lambda: not alive(supervisor) and not alive(command), "the entry and its command are gone")
    finally:
        reader.kill()
        reader.wait()
        assert reader.stdout is not None
        reader.stdout.close()


def test_an_entry_that_stops_on_its_own_is_named_with_what_to_do() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "devstack.supervise", "broker", "--", sys.executable, "-c", "raise SystemExit(3)"],
        capture_output=True,
        text=True,
        timeout=BOUND,
    )

    assert done.returncode == 3
    assert done.stdout.splitlines() == [
        "broker stopped unexpectedly (exit code 3): the stack stops; the services keep their events in their "
        "outboxes; `make run` starts the stack again"
    ]


_STARTER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from devstack.postgres import EmbeddedPostgres
    postgres = EmbeddedPostgres(Path(sys.argv[1]))
    if sys.argv[2] == "guarded":
        postgres.guard()
    print(postgres.pid, flush=True)
    time.sleep(600)
    """
)


def _start_postgres_and_kill_its_starter(data_dir: Path, mode: str) -> tuple[int, int]:
    """(starter pid, postmaster pid) after a `kill -9` of a process that started PostgreSQL on `data_dir`."""
    starter = subprocess.Popen([sys.executable, "-c", _STARTER, str(data_dir), mode], stdout=subprocess.PIPE)
    try:
        assert starter.stdout is not None
        postmaster = int(starter.stdout.readline())
    finally:
        starter.kill()
        starter.wait()
        assert starter.stdout is not None
        starter.stdout.close()
    return starter.pid, postmaster


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_postgres_stops_when_its_starter_is_killed(tmp_path: Path) -> None:
    data_dir = tmp_path / "postgres"
    _, postmaster = _start_postgres_and_kill_its_starter(data_dir, "guarded")

    wait_until(lambda: not alive(postmaster), "the guard stops the server")
    assert not (data_dir / "postmaster.pid").exists()  # a clean (fast) shutdown


def test_after_a_crash_the_next_run_still_stops_postgres(tmp_path: Path) -> None:
    data_dir = tmp_path / "postgres"
    starter, postmaster = _start_postgres_and_kill_its_starter(data_dir, "unguarded")
    assert alive(postmaster)  # the crash left the server running, and its handle listed
    assert starter in json.loads((data_dir / ".handle_pids.json").read_text())

    postgres = EmbeddedPostgres(data_dir)  # the next `make run` joins it ...
    assert postgres.pid == postmaster
    postgres.stop()  # ... and its Ctrl-C stops it

    wait_until(lambda: not alive(postmaster), "the server stops")
    assert json.loads((data_dir / ".handle_pids.json").read_text()) == []


def test_a_stale_pid_file_naming_another_program_is_removed(tmp_path: Path) -> None:
    data_dir = tmp_path / "postgres"
    data_dir.mkdir()
    # After a reboot the postmaster's old id may belong to anything: here, this test's own process.
    (data_dir / "postmaster.pid").write_text(f"{os.getpid()}\n{data_dir}\n0\n5432\n\n\n\nready\n")
    (data_dir / ".handle_pids.json").write_text(json.dumps([2**22 + 1]))  # above any pid_max: not running

    assert remove_stale_pid_file(data_dir)
    assert forget_dead_handles(data_dir) == [2**22 + 1]
    assert not (data_dir / "postmaster.pid").exists()
