from pathlib import Path

from pydantic_settings import SettingsConfigDict

from rpl_screening.list_formats import ListFeed
from servicekit import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RPL_SCREENING_", extra="ignore", populate_by_name=True)

    service_name: str = "rpl_screening"
    # Folder holding the published list files (OFAC, UN ...); read in place, never copied.
    lists_dir: Path | None = None
    # R-RPL-04: the review window.
    review_window_hours: float = 72.0
    # A score at or above this is a possible match (R-RPL-03); None keeps the engine's tuned default.
    review_threshold: float | None = None
    max_matches: int = 10
    # Publisher feeds fetched on a schedule (JSON in RPL_SCREENING_LIST_FEEDS); deploy/ names the official URLs.
    list_feeds: list[ListFeed] = []
    list_refresh_seconds: float = 6 * 3600
