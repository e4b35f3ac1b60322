"""The rpl_screening service: restricted-party lists, screenings, review cases and decisions."""

from __future__ import annotations

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
from rpl_screening.list_version.service import ListVersionService
from rpl_screening.models import platform
from rpl_screening.review_case.endpoints import router as review_case_router
from rpl_screening.review_case.service import ReviewCaseService
from rpl_screening.screening import consumers
from rpl_screening.screening.endpoints import router as screening_router
from rpl_screening.screening.engine import ScreeningEngine
from rpl_screening.screening.service import DEADLINE_TIMER, ScreeningService
from servicekit import Clock, Runtime, ServiceSpec, SystemClock, create_service_app

log = structlog.get_logger()


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    settings = settings or Settings()
    clock = clock or SystemClock()
    engine = ScreeningEngine(threshold=settings.review_threshold, max_matches=settings.max_matches)
    screening_service = ScreeningService(engine, clock, review_window=timedelta(hours=settings.review_window_hours))
    review_case_service = ReviewCaseService(engine, clock)
    list_versions = ListVersionService(engine, screening_service)

    async def on_startup(runtime: Runtime) -> None:
        if settings.lists_dir is None:
            log.warning("lists.none_configured", effect="every customer goes to manual review")
            return
        await engine.load_directory(settings.lists_dir)
        async with runtime.sessionmaker.begin() as session:
            await list_versions.record_loaded(session)

    async def refresh_feeds(runtime: Runtime) -> None:
        if settings.list_feeds:
            await FeedRefresher(settings.list_feeds, list_versions).run(runtime, settings.list_refresh_seconds)

    async def on_deadline(session: AsyncSession, timer: Row[Any]) -> None:
        await review_case_service.expire(session, timer)

    spec = ServiceSpec(
        name="rpl_screening",
        title="Restricted-party screening",
        description="Screens customers against restricted-party lists; flagged customers wait for a reviewer "
        "for up to 72 hours (R-RPL-04). Every screening and decision records the list versions used.",
        tables=platform,
        routers=[review_case_router, screening_router, list_version_router],
        publishes=(topics.SCREENING,),
        consumes={topics.CUSTOMERS: consumers.handlers(screening_service)},
        timer_handlers={DEADLINE_TIMER: on_deadline},
        components=[engine, screening_service, review_case_service, list_versions],
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
