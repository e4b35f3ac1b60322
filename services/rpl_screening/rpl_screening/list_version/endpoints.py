"""List versions HTTP API: import a list, read versions and their diffs, look up an entry."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Path, Query, Request, Response, UploadFile
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from contracts.enums import Role
from rpl_screening.list_formats import ListFormat
from rpl_screening.list_version.importer import ListImporter
from rpl_screening.list_version.schemas import ListDiffRead, ListEntryRead, ListVersionRead
from rpl_screening.list_version.service import ListVersionService
from servicekit import (
    PROBLEM_RESPONSES,
    SINGLE_LINE,
    Page,
    Paging,
    Principal,
    Runtime,
    Session,
    component,
    page_of,
    require_roles,
)

router = APIRouter(tags=["lists"], responses=PROBLEM_RESPONSES)
Versions = Annotated[ListVersionService, Depends(component(ListVersionService))]
Importer = Annotated[ListImporter, Depends(component(ListImporter))]
Admin = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT))]
Reader = Annotated[Principal, Depends(require_roles(Role.PLATFORM_ROOT, Role.SCREENING_REVIEWER))]


def _sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    runtime: Runtime = request.app.state.runtime
    return runtime.sessionmaker


# An import commits by itself (see ListImporter), so it takes the service's sessionmaker, not the request's Session.
Sessionmaker = Annotated[async_sessionmaker[AsyncSession], Depends(_sessionmaker)]


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
    importer: Importer,
    sessionmaker: Sessionmaker,
    addresses: Annotated[UploadFile | None, File(description="OFAC ADD.CSV, for the OFAC CSV formats")] = None,
    aliases: Annotated[UploadFile | None, File(description="OFAC ALT.CSV, for the OFAC CSV formats")] = None,
) -> ListVersionRead:
    """Import a new version of one list: it replaces that source's version for every screening from now on.

    Customers already screened are screened again against the added and changed entries only; one that now
    matches gets a review case. A file that does not parse changes nothing: the previous version stays active.
    """
    version, created = await importer.import_files(
        sessionmaker,
        format,
        await file.read(),
        await addresses.read() if addresses else None,
        await aliases.read() if aliases else None,
        origin="upload",
    )
    response.status_code = 201 if created else 200
    response.headers["Location"] = str(request.url_for("get_list_version", version_id=version.id))
    return ListVersionRead.model_validate(version)


@router.get("/v1/list-versions", operation_id="list_list_versions", response_model=Page[ListVersionRead])
async def list_list_versions(
    session: Session,
    principal: Reader,
    versions: Versions,
    page: Paging,
    source: Annotated[str | None, Query(max_length=100, pattern=SINGLE_LINE)] = None,
) -> Page[ListVersionRead]:
    """Every version imported, oldest first, optionally of one source."""
    return page_of(await versions.list(session, page, source=source), page, ListVersionRead)


@router.get("/v1/list-versions/{version_id}", operation_id="get_list_version", response_model=ListVersionRead)
async def get_list_version(
    version_id: uuid.UUID, session: Session, principal: Reader, versions: Versions
) -> ListVersionRead:
    """Read one imported version: its source, checksum, origin and change counts."""
    return ListVersionRead.model_validate(await versions.get(session, version_id))


@router.get("/v1/list-versions/{version_id}/diff", operation_id="get_list_version_diff", response_model=ListDiffRead)
async def get_list_version_diff(
    version_id: uuid.UUID, session: Session, principal: Reader, versions: Versions
) -> ListDiffRead:
    """Entries added, removed and changed since the previous version of the same source."""
    return ListDiffRead.model_validate(await versions.get(session, version_id))


@router.get("/v1/list-entries/{source}/{uid}", operation_id="get_list_entry", response_model=ListEntryRead)
async def get_list_entry(
    source: Annotated[str, Path(max_length=100, pattern=SINGLE_LINE)],
    uid: Annotated[str, Path(max_length=200, pattern=SINGLE_LINE)],
    principal: Reader,
    versions: Versions,
) -> ListEntryRead:
    """One entry of the active version of a list: names, aliases, addresses, programs."""
    entry, version = versions.active_entry(source, uid)
    return ListEntryRead.model_validate({**asdict(entry), "list_version": version})
