"""Render every error as problem+json: ours, FastAPI's validation errors and Starlette's HTTP errors.

A database that cannot be reached is a 503 with Retry-After and one warning line; anything else unexpected is a
500 logged once, with its traceback.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import asyncpg
import sqlalchemy.exc
import structlog
from fastapi import FastAPI, Request, params
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from contracts.problem import InvalidParam, Problem
from servicekit._errors import (
    PROBLEM_MEDIA_TYPE,
    MalformedJson,
    NotFound,
    ProblemError,
    ServiceUnavailable,
    UnsupportedMediaType,
    ValidationFailed,
)
from servicekit._text import REASONS

log = structlog.get_logger()

UNSTORABLE_TEXT = {"22021", "22P05"}  # character not in repertoire, untranslatable character

_STATUS_TYPES = {404: NotFound}

DATABASE_RETRY_AFTER_SECONDS = 5  # long enough for a restart or a failover, short enough for an interactive client
# Connection exceptions (08), operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
# connect now), too many connections (53300).
_UNAVAILABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
_DRIVER_MODULES = ("asyncpg", "sqlalchemy")


class DatabaseUnavailable(ServiceUnavailable):
    type = "database-unavailable"
    title = "The database is unavailable"

    def __init__(self) -> None:
        super().__init__(
            f"The service cannot reach its database just now; retry in {DATABASE_RETRY_AFTER_SECONDS} s "
            "(a create repeated with its Idempotency-Key is made once).",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )


def _through_driver(tb: TracebackType | None) -> bool:
    """The exception was raised inside the database driver or the pool (not by the app's own I/O)."""
    while tb is not None:
        if str(tb.tb_frame.f_globals.get("__name__", "")).startswith(_DRIVER_MODULES):
            return True
        tb = tb.tb_next
    return False


def database_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached (refused, gone, starting or stopping, out of connections, the pool timed
    out), as opposed to a statement the database refused."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        error = pending.pop()
        if error is None or id(error) in seen:
            continue
        seen.add(id(error))
        if isinstance(error, sqlalchemy.exc.DisconnectionError | sqlalchemy.exc.TimeoutError):
            return True
        if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, asyncpg.PostgresConnectionError | asyncpg.CannotConnectNowError):
            return True
        if str(getattr(error, "sqlstate", "") or "").startswith(_UNAVAILABLE_SQLSTATES):
            return True
        if isinstance(error, OSError) and _through_driver(error.__traceback__):  # refused, no socket, timed out
            return True
        pending += [getattr(error, "orig", None), error.__cause__, error.__context__]
    return False


def error_text(exc: BaseException) -> str:
    while isinstance(exc, sqlalchemy.exc.DBAPIError) and isinstance(exc.orig, BaseException):
        exc = exc.orig
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def failure_response(exc: Exception, request: Request) -> JSONResponse:
    """The answer to an exception no handler expected: 503 if the database is out of reach, else 500."""
    if database_unavailable(exc):
        # One line, no traceback: the cause is outside the service and every request says the same.
        log.warning("request.database_unavailable", path=request.url.path, error=error_text(exc))
        return problem_response(DatabaseUnavailable(), request)
    log.error("request.failed", path=request.url.path, exc_info=exc)
    return problem_response(ProblemError("An unexpected error occurred; it has been logged."), request)


class FailureMiddleware:
    """Answers what escaped every handler (and the middleware inside it) and keeps it from the server.

    Starlette's handler for `Exception` sits in ServerErrorMiddleware, which re-raises after answering so that
    the server logs the error a second time; this answers and stops there, so each failure is logged once.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except Exception as exc:
            if started:  # too late for an answer: the server closes the connection and logs it
                raise
            response = failure_response(exc, Request(scope))
            request_id = structlog.contextvars.get_contextvars().get("request_id")
            if request_id:
                response.headers["x-request-id"] = str(request_id)
            await response(scope, receive, send)


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
        return failure_response(exc, request)

    # Raised by the pool or the driver while connecting, unwrapped: answered here, inside the request's
    # middleware (its request id and metrics), rather than by FailureMiddleware.
    for kind in (OSError, sqlalchemy.exc.SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError):
        app.add_exception_handler(kind, _failure)

    # Outermost of the app's middleware: what escapes a handler or a middleware is answered once, not re-raised.
    app.add_middleware(FailureMiddleware)


async def _failure(request: Request, exc: Exception) -> JSONResponse:
    return failure_response(exc, request)


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
