"""The rpl_screening service: restricted-party lists, screenings, review cases and decisions."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import structlog
from fastapi import FastAPI
from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from contracts import topics
from rpl_screening.config import Settings
from rpl_screening.list_version.endpoints import router as list_version_router
from rpl_screening.list_version.feeds import FeedRefresher
from rpl_screening.list_version.importer import ListImporter
from rpl_screening.list_version.service import ListVersionService
from rpl_screening.matching import ScreeningEngine
from rpl_screening.models import platform
from rpl_screening.review_case.endpoints import router as review_case_router
from rpl_screening.review_case.service import DEADLINE_TIMER, ReviewCaseService
from rpl_screening.screening import consumers as screening_consumers
from rpl_screening.screening.endpoints import router as screening_router
from rpl_screening.screening.service import ScreeningService
from servicekit import Clock, Runtime, ServiceSpec, SystemClock, create_service_app

log = structlog.get_logger()


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    engine = ScreeningEngine(threshold=settings.review_threshold, max_matches=settings.max_matches)
    review_window = timedelta(hours=settings.review_window_hours)
    review_cases = ReviewCaseService(engine=engine, clock=clock, review_window=review_window)
    screenings = ScreeningService(engine=engine, review_cases=review_cases)
    list_versions = ListVersionService(engine=engine, screenings=screenings)
    importer = ListImporter(versions=list_versions, engine=engine)
    feeds = FeedRefresher(settings.list_feeds, importer)

    async def on_startup(runtime: Runtime) -> None:
        if settings.lists_dir is None:
            log.warning("lists.none_configured", effect="every customer goes to manual review")
            return
        await engine.load_directory(settings.lists_dir)
        async with runtime.sessionmaker.begin() as session:
            await list_versions.record_loaded(session)

    async def refresh_feeds(runtime: Runtime) -> None:
        if settings.list_feeds:
            await feeds.run(runtime.sessionmaker, settings.list_refresh_seconds)

    async def on_deadline(session: AsyncSession, timer: Row[Any]) -> None:
        await review_cases.expire(session, uuid.UUID(timer.payload["case_id"]))

    spec = ServiceSpec(
        name="rpl_screening",
        title="Restricted-party screening",
        description="Screens customers against restricted-party lists; flagged customers wait for a reviewer "
        "for up to 72 hours (R-RPL-04). Every screening and decision records the list versions used.",
        tables=platform,
        routers=[review_case_router, screening_router, list_version_router],
        publishes=(topics.SCREENING,),
        consumes={topics.CUSTOMERS: screening_consumers.handlers(screenings)},
        timer_handlers={DEADLINE_TIMER: on_deadline},
        components=[engine, review_cases, screenings, list_versions, importer],
        on_startup=on_startup,
        background=[refresh_feeds],
        upload_paths=("/v1/list-versions",),
        openapi_tags=[
            {"name": "review cases", "description": "Manual review of possible matches"},
            {"name": "screenings", "description": "Ad-hoc and batch checks; every screening with its evidence"},
            {"name": "lists", "description": "Restricted-party list versions, their diffs and entries"},
        ],
    )
    return create_service_app(spec, settings, clock=clock)
