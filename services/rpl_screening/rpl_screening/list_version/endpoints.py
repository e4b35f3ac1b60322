"""List versions HTTP API: import a list, read versions and their diffs, look up an entry."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from rpl_screening.list_version.formats import ListFormat, parse
from rpl_screening.list_version.schemas import ListDiffRead, ListEntryRead, ListVersionRead
from rpl_screening.list_version.service import ListVersionService
from rpl_screening.lists import ListFormatError
from rpl_screening.models import ListVersion
from rpl_screening.screening.engine import ScreeningEngine, version_label
from servicekit import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    PROBLEM_RESPONSES,
    NotFound,
    Page,
    Principal,
    Session,
    ValidationFailed,
    component,
    page_of,
    paginate,
    require_roles,
)

router = APIRouter(tags=["lists"], responses=PROBLEM_RESPONSES)

Admin = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT))]
Reader = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.SCREENING_REVIEWER))]


@router.post(
    "/v1/list-versions",
    status_code=201,
    operation_id="import_list_version",
    response_model=ListVersionRead,
    responses={200: {"model": ListVersionRead, "description": "The same file is already the active version"}},
)
async def import_list_version(
    request: Request,
    response: Response,
    principal: Admin,
    format: Annotated[ListFormat, Form(description="The publisher's format of `file`")],
    file: Annotated[UploadFile, File(description="The list as published (SDN.CSV, the UN XML, the CSL ...)")],
    versions: Annotated[ListVersionService, Depends(component(ListVersionService))],
    addresses: Annotated[UploadFile | None, File(description="OFAC ADD.CSV, for the OFAC CSV formats")] = None,
    aliases: Annotated[UploadFile | None, File(description="OFAC ALT.CSV, for the OFAC CSV formats")] = None,
) -> ListVersionRead:
    """Import a new version of one list: it replaces that source's version for every screening from now on.

    Customers already screened are screened again against the added and changed entries only; one that now
    matches gets a review case. A file that does not parse changes nothing: the previous version stays active.
    """
    try:
        parsed = parse(
            format,
            await file.read(),
            await addresses.read() if addresses else None,
            await aliases.read() if aliases else None,
        )
    except ListFormatError as exc:
        raise ValidationFailed.field("file", f"is not a valid {format} list: {exc}", rule="R-RPL-06") from exc
    version, created = await versions.import_list(request.app.state.runtime.sessionmaker, parsed, origin="upload")
    response.status_code = 201 if created else 200
    response.headers["Location"] = str(request.url_for("get_list_version", version_id=version.id))
    return ListVersionRead.of(version)


@router.get("/v1/list-versions", operation_id="list_list_versions", response_model=Page[ListVersionRead])
async def list_list_versions(
    session: Session,
    principal: Reader,
    source: str | None = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[ListVersionRead]:
    """Every version imported, oldest first, optionally of one source."""
    stmt = select(ListVersion)
    if source:
        stmt = stmt.where(ListVersion.source == source)
    rows = await session.scalars(paginate(stmt, ListVersion.loaded_at, ListVersion.id, cursor=cursor, limit=limit))
    return page_of(list(rows), limit, to_item=ListVersionRead.of)


async def _version(session: AsyncSession, version_id: uuid.UUID) -> ListVersion:
    version = await session.get(ListVersion, version_id)
    if version is None:
        raise NotFound(f"No list version {version_id}.")
    return version


@router.get("/v1/list-versions/{version_id}", operation_id="get_list_version", response_model=ListVersionRead)
async def get_list_version(version_id: uuid.UUID, session: Session, principal: Reader) -> ListVersionRead:
    return ListVersionRead.of(await _version(session, version_id))


@router.get("/v1/list-versions/{version_id}/diff", operation_id="get_list_version_diff", response_model=ListDiffRead)
async def get_list_version_diff(version_id: uuid.UUID, session: Session, principal: Reader) -> ListDiffRead:
    """Entries added, removed and changed since the previous version of the same source."""
    version = await _version(session, version_id)
    return ListDiffRead(
        version=version.label,
        previous_version=version.previous_label,
        added=version.added,
        removed=version.removed,
        changed=version.changed,
    )


@router.get("/v1/list-entries/{source}/{uid}", operation_id="get_list_entry", response_model=ListEntryRead)
async def get_list_entry(
    source: str, uid: str, principal: Reader, engine: Annotated[ScreeningEngine, Depends(component(ScreeningEngine))]
) -> ListEntryRead:
    """One entry of the active version of a list: names, aliases, addresses, programs."""
    entry = engine.entry(source, uid)
    if entry is None:
        raise NotFound(f"No entry {uid} on the active {source} list.")
    return ListEntryRead.of(entry, version_label(engine.current(source)))
