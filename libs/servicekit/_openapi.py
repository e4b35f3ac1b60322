"""The OpenAPI document as generated clients need it: every error it can answer, as it is sent."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from contracts.problem import Problem
from servicekit._auth import RoleCheck, current_principal
from servicekit._errors import PROBLEM_MEDIA_TYPE
from servicekit._session import request_session


def _dependants(route: APIRoute) -> list[Dependant]:
    found, pending = [], [route.dependant]
    while pending:
        dependant = pending.pop()
        found.append(dependant)
        pending.extend(dependant.dependencies)
    return found


def _problem(description: str) -> dict[str, Any]:
    # A route's own response models are resolved when it is built; added later, the schema is named directly.
    schema = {"$ref": f"#/components/schemas/{Problem.__name__}"}
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}


def declare_problems(router: APIRouter) -> None:
    """Declare 403 where roles are checked, 429 where the caller is (its rate limit), 412 where If-Match is read
    and 503 where the database is used (the caller's credentials or the request's transaction), on every operation
    of the router."""
    for route in router.routes:
        if not isinstance(route, APIRoute):
            continue
        dependants = _dependants(route)
        if any(d.call in (current_principal, request_session) for d in dependants):
            route.responses.setdefault(503, _problem("The database is unavailable; retry after `Retry-After` seconds"))
        if any(d.call is current_principal for d in dependants):
            route.responses.setdefault(429, _problem("Over your rate limit; retry after `Retry-After` seconds"))
        if any(isinstance(d.call, RoleCheck) for d in dependants):
            route.responses.setdefault(403, _problem("Your roles do not allow this"))
        if any(p.alias.lower() == "if-match" for d in dependants for p in d.header_params):
            route.responses.setdefault(412, _problem("If-Match names an older version"))


def finish(document: dict[str, Any], *, token_url: str) -> dict[str, Any]:
    """Errors are documented as problem+json (what is sent), and the token URL is the issuer's."""
    for path in document.get("paths", {}).values():
        for operation in path.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if not response.get("x-problem", True):  # an error sent in another form (OAuth2's token errors)
                    continue
                if status[0] in "45" and "application/json" in content:
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    scheme = document.get("components", {}).get("securitySchemes", {}).get("oauth2")
    if scheme is not None:
        scheme["flows"]["clientCredentials"]["tokenUrl"] = token_url
    return document
