"""RFC 9457 problem details: one exception tree, raised by services, rendered by the app.

ProblemError
├── BadRequest (400)        ├── MalformedJson
├── Unauthorized (401)
├── Forbidden (403)
├── NotFound (404)
├── Conflict (409)
├── PreconditionFailed (412) ├── VersionMismatch
├── PayloadTooLarge (413)
├── UnsupportedMediaType (415)
├── Unprocessable (422)     ├── ValidationFailed, IdempotencyKeyReused
├── TooManyRequests (429)
└── ServiceUnavailable (503)
"""

from __future__ import annotations

from typing import Any, ClassVar

from contracts.problem import InvalidParam

PROBLEM_BASE = "https://problems.wholesale.example/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemError(Exception):
    status: ClassVar[int] = 500
    type: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"
    rule: ClassVar[str | None] = None

    def __init__(
        self,
        detail: str | None = None,
        *,
        invalid_params: list[InvalidParam] | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        self.invalid_params = invalid_params
        self.headers = headers or {}
        self.extensions = extensions

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.type,
            "title": self.title,
            "status": self.status,
        }
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        if self.rule:
            body["rule"] = self.rule
        if self.invalid_params:
            body["invalid_params"] = [p.model_dump() for p in self.invalid_params]
        body.update(self.extensions)
        return body


class BadRequest(ProblemError):
    status = 400
    type = "bad-request"
    title = "Bad request"


class MalformedJson(BadRequest):
    type = "malformed-json"
    title = "Malformed JSON body"


class Unauthorized(ProblemError):
    status = 401
    type = "unauthorized"
    title = "Authentication required"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ProblemError):
    status = 403
    type = "forbidden"
    title = "Not allowed"


class NotFound(ProblemError):
    status = 404
    type = "not-found"
    title = "Not found"


class Conflict(ProblemError):
    status = 409
    type = "conflict"
    title = "Conflict"


class PreconditionFailed(ProblemError):
    status = 412
    type = "precondition-failed"
    title = "Precondition failed"


class VersionMismatch(PreconditionFailed):
    """Every resource answers a stale If-Match the same way, with the ETag to read again."""

    type = "version-mismatch"
    title = "The resource changed since you read it"

    def __init__(self, resource: str, current_etag: str) -> None:
        super().__init__(
            f"If-Match does not match the {resource}'s current ETag {current_etag}; read it again.",
            current_etag=current_etag,
        )


class PayloadTooLarge(ProblemError):
    status = 413
    type = "payload-too-large"
    title = "Request body too large"


class UnsupportedMediaType(ProblemError):
    status = 415
    type = "unsupported-media-type"
    title = "Unsupported media type"


class Unprocessable(ProblemError):
    status = 422
    type = "unprocessable"
    title = "Unprocessable request"


class ValidationFailed(Unprocessable):
    type = "validation-failed"
    title = "Request validation failed"

    @classmethod
    def field(cls, name: str, reason: str, *, rule: str | None = None) -> ValidationFailed:
        error = cls(f"{name}: {reason}", invalid_params=[InvalidParam(name=name, reason=reason)])
        if rule:
            error.extensions["rule"] = rule
        return error


class IdempotencyKeyReused(Unprocessable):
    type = "idempotency-key-reused"
    title = "Idempotency-Key reused with a different request"


class TooManyRequests(ProblemError):
    """The caller is over its rate limit; `Retry-After` says in how many seconds it is served again."""

    status = 429
    type = "rate-limited"
    title = "Too many requests"


class ServiceUnavailable(ProblemError):
    status = 503
    type = "service-unavailable"
    title = "Service unavailable"


__all__ = [
    "BadRequest",
    "Conflict",
    "Forbidden",
    "IdempotencyKeyReused",
    "MalformedJson",
    "NotFound",
    "PayloadTooLarge",
    "PreconditionFailed",
    "ProblemError",
    "ServiceUnavailable",
    "TooManyRequests",
    "Unauthorized",
    "UnsupportedMediaType",
    "Unprocessable",
    "ValidationFailed",
    "VersionMismatch",
]
