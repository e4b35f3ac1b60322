"""RFC 9457 problem details, as they appear on the wire."""

from pydantic import BaseModel, ConfigDict


class InvalidParam(BaseModel):
    name: str  # dotted path of the offending field, e.g. "billing_address.country"
    reason: str


class Problem(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    rule: str | None = None
    invalid_params: list[InvalidParam] | None = None
