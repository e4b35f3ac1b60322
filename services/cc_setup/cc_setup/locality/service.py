"""The data-locality map (R-CC-05): managed data, read by anyone authenticated, changed by the platform root."""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from cc_setup.catalogue import PLATFORMS
from cc_setup.locality.errors import LocalityNotFound, NoCompatibleLocation, bad_locality
from cc_setup.locality.models import DataLocality
from cc_setup.locality.repository import DataLocalityRepository
from cc_setup.locality.schemas import DataLocalityPut
from servicekit import Principal, check_version


class DataLocalityService:
    async def list(
        self, session: AsyncSession, *, region: str | None = None, data_center: str | None = None
    ) -> Sequence[DataLocality]:
        return await DataLocalityRepository(session).list(region=region, data_center=data_center)

    async def get(self, session: AsyncSession, country: str) -> DataLocality:
        row = await DataLocalityRepository(session).get(country)
        if row is None:
            raise LocalityNotFound(country)
        return row

    async def locate(self, session: AsyncSession, country: str, *, step: str = "settings") -> DataLocality:
        """The country's row, or the refusal that sends the user to solution assurance (R-CC-05)."""
        row = await DataLocalityRepository(session).get(country)
        if row is None:
            raise NoCompatibleLocation(country, step=step)  # R-CC-05
        return row

    async def put(
        self, session: AsyncSession, country: str, data: DataLocalityPut, *, principal: Principal, if_match: str | None
    ) -> tuple[DataLocality, bool]:
        """Set a country's row; answers the row and whether it is new. A confirmed setup keeps its data center."""
        if data.default_time_zone not in zoneinfo.available_timezones():
            raise bad_locality("default_time_zone", f"{data.default_time_zone!r} is not an IANA time zone")
        unknown = sorted(set(data.platforms) - set(PLATFORMS))
        if unknown:
            raise bad_locality("platforms", f"unknown platforms {unknown}; choose among {sorted(PLATFORMS)}")
        repository = DataLocalityRepository(session)
        row = await repository.get(country, for_update=True)
        values = data.model_dump() | {
            "platforms": list(dict.fromkeys(data.platforms)),
            "updated_by": principal.client_id,
        }
        if row is None:
            return await repository.add(DataLocality(country=country, **values)), True
        check_version(if_match, row.version, "data-locality row")
        for name, value in values.items():
            setattr(row, name, value)
        await session.flush()
        return row, False

    async def remove(self, session: AsyncSession, country: str, *, if_match: str | None) -> None:
        """The country no longer has a compatible location; setups already confirmed there keep theirs."""
        repository = DataLocalityRepository(session)
        row = await repository.get(country, for_update=True)
        if row is None:
            raise LocalityNotFound(country)
        check_version(if_match, row.version, "data-locality row")
        await repository.remove(country)
