"""Render every error as problem+json: ours, FastAPI's validation errors and Starlette's HTTP errors."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import FastAPI, Request, params
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from contracts.problem import InvalidParam, Problem
from servicekit._errors import (
    PROBLEM_MEDIA_TYPE,
    MalformedJson,
    NotFound,
    ProblemError,
    UnsupportedMediaType,
    ValidationFailed,
)
from servicekit._text import REASONS

log = structlog.get_logger()

UNSTORABLE_TEXT = {"22021", "22P05"}  # character not in repertoire, untranslatable character

_STATUS_TYPES = {404: NotFound}


def problem_response(error: ProblemError, request: Request) -> JSONResponse:
    rate_limit: dict[str, str] = getattr(request.state, "rate_limit_headers", {})  # the caller's, once counted
    return JSONResponse(
        error.to_problem(instance=request.url.path),
        status_code=error.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers={**rate_limit, **error.headers},
    )


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:] if parts[0] == "body" else parts
    return ".".join(parts) or "body"


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


def _takes_form(request: Request) -> bool:
    """The operation reads form fields or file uploads (its body is not JSON)."""
    route = request.scope.get("route")
    pending: list[Dependant] = [route.dependant] if isinstance(route, APIRoute) else []
    while pending:
        dependant = pending.pop()
        if any(isinstance(field.field_info, params.Form) for field in dependant.body_params):
            return True
        pending.extend(dependant.dependencies)
    return False


def _reason(error: Any) -> str:
    if error.get("type") == "string_pattern_mismatch" and (known := REASONS.get(error["ctx"]["pattern"])):
        return known
    return str(error.get("msg", "invalid"))


def validation_problem(exc: RequestValidationError, request: Request) -> ProblemError:
    errors = exc.errors()
    body_errors = [e for e in errors if e.get("loc", ("",))[0] == "body"]
    if body_errors and request.method in ("POST", "PUT", "PATCH") and not _takes_form(request):
        content_type = request.headers.get("content-type", "")
        if content_type and not _is_json(content_type):
            return UnsupportedMediaType(f"Send the body as application/json, not {content_type!r}.")
        if any(e.get("type") == "json_invalid" for e in body_errors):
            where = body_errors[0].get("ctx", {}).get("error", "")
            return MalformedJson(f"The body is not valid JSON: {where}".rstrip(": "))
    params = [InvalidParam(name=_field_name(tuple(e.get("loc", ()))), reason=_reason(e)) for e in errors]
    detail = "; ".join(f"{p.name}: {p.reason}" for p in params)
    return ValidationFailed(detail, invalid_params=params)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(validation_problem(exc, request), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        cls = _STATUS_TYPES.get(exc.status_code)
        if cls is not None:
            return problem_response(cls(str(exc.detail)), request)
        error = ProblemError(str(exc.detail))
        body = error.to_problem(instance=request.url.path) | {
            "status": exc.status_code,
            "type": f"https://problems.wholesale.example/http-{exc.status_code}",
            "title": str(exc.detail),
        }
        return JSONResponse(body, status_code=exc.status_code, media_type=PROBLEM_MEDIA_TYPE)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # A character the database cannot store (U+0000) that slipped past the models: the caller's text, not us.
        if getattr(exc.orig, "sqlstate", None) in UNSTORABLE_TEXT:
            problem = ValidationFailed("A text contains a character that cannot be stored (U+0000).")
            return problem_response(problem, request)
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request.failed", path=request.url.path)
        return problem_response(ProblemError("An unexpected error occurred; it has been logged."), request)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": title}
    for status, title in (
        (400, "Malformed request"),
        (401, "Missing or invalid access token"),
        (404, "Not found, or outside the caller's tenancy"),
        (413, "Body too large"),
        (415, "Body is not JSON"),
        (422, "Validation failed; `invalid_params` names each field"),
    )
}
