"""Bearer JWTs: customers signs them (Ed25519, `kid` in the header), every service verifies them against the
issuer's key set (its JWKS, or a public key file)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, Request, Response, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import OAuth2
from jwt import PyJWK
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from servicekit._errors import Forbidden, TooManyRequests, Unauthorized
from servicekit._jwks import ALGORITHM, KeySet, KeySource, jwk_of
from servicekit._session import request_session

if TYPE_CHECKING:
    from servicekit._runtime import Runtime


@dataclass(frozen=True)
class Principal:
    """Who is calling: an API client of one customer, acting within that customer's subtree."""

    client_id: str
    customer_id: uuid.UUID
    tenant_path: str  # materialized path of the client's customer; its subtree is all it can reach
    roles: frozenset[Role]

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def generate_keypair() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as (private PEM, public PEM)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private, public


def public_key_of(private_pem: bytes) -> bytes:
    key = serialization.load_pem_private_key(private_pem, password=None)
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


class TokenIssuer:
    def __init__(self, private_pem: bytes, *, issuer: str, audience: str, ttl: timedelta) -> None:
        self._key = serialization.load_pem_private_key(private_pem, password=None)
        self.kid = jwk_of(public_key_of(private_pem))["kid"]
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl

    def issue(self, principal: Principal) -> str:
        now = datetime.now(UTC)
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": principal.client_id,
            "iat": now,
            "exp": now + self.ttl,
            "jti": uuid.uuid4().hex,
            "customer_id": str(principal.customer_id),
            "tenant_path": principal.tenant_path,
            "roles": sorted(principal.roles),
        }
        return jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self.kid})  # type: ignore[arg-type]


class TokenVerifier:
    """Checks a token against the key its `kid` names in `keys` (a PEM: that one key)."""

    def __init__(self, keys: bytes | KeySource, *, issuer: str, audience: str) -> None:
        self.keys: KeySource = KeySet([keys]) if isinstance(keys, bytes) else keys
        self.issuer = issuer
        self.audience = audience

    async def start(self) -> None:
        await self.keys.start()

    async def verify(self, token: str) -> Principal:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The access token is not valid: {exc}") from exc
        candidates = await self.keys.keys_for(kid if isinstance(kid, str) else None)
        if not candidates:
            raise Unauthorized(f"The access token is signed with a key the issuer does not publish (kid {kid!r:.100}).")
        error = jwt.InvalidSignatureError()
        for key in candidates:  # a token without kid (signed before kids were sent) is tried against each key
            try:
                return self._principal(token, key)
            except jwt.InvalidSignatureError as exc:
                error = exc
        raise Unauthorized(f"The access token is not valid: {error}") from error

    def _principal(self, token: str, key: PyJWK) -> Principal:
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                audience=self.audience,
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
            return Principal(
                client_id=claims["sub"],
                customer_id=uuid.UUID(claims["customer_id"]),
                tenant_path=claims["tenant_path"],
                roles=frozenset(Role(r) for r in claims.get("roles", [])),
            )
        except jwt.InvalidSignatureError:
            raise
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise Unauthorized(f"The access token is not valid: {exc}") from exc


# OAuth2 client credentials, declared so /docs offers Authorize and generated clients know a token is needed.
# The token URL is the issuer's (customers'); create_service_app writes each service's `token_url` into it.
OAUTH2 = OAuth2(
    flows=OAuthFlows(clientCredentials=OAuthFlowClientCredentials(tokenUrl="/oauth/token")),
    scheme_name="oauth2",
    description="OAuth2 client credentials: POST your client id and secret to the token URL, send the token as "
    "`Authorization: Bearer <token>`.",
    auto_error=False,
)


async def current_principal(
    request: Request,
    response: Response,
    session: Annotated[AsyncSession, Depends(request_session, scope="function")],
    _: Annotated[str | None, Security(OAUTH2)] = None,
) -> Principal:
    """The verified caller; a client over its rate limit is answered 429, a revoked client or a closed organisation
    is refused at once (the request's session)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send an access token as `Authorization: Bearer <token>` (POST /oauth/token issues one).")
    runtime: Runtime = request.app.state.runtime
    principal = await runtime.verifier.verify(token.strip())
    if runtime.limiter is not None:
        # Its own short transaction, committed at once: the client's row is not locked for the whole request, and
        # a request that fails later still counts. Before the credential check, so a refused flood stays cheap.
        async with runtime.sessionmaker.begin() as own:
            decision = await runtime.limiter.take(own, principal.client_id, runtime.clock.now())
        headers = decision.headers(runtime.limiter)
        if not decision.admitted:
            raise TooManyRequests(
                f"Over {runtime.limiter.per_second:g} requests a second (bursts up to {runtime.limiter.burst}); "
                f"retry in {decision.retry_after} s.",
                headers=headers,
            )
        response.headers.update(headers)  # on the answer; an error's answer takes them from the request's state
        request.state.rate_limit_headers = headers
    if runtime.credentials is not None and (refused := await runtime.credentials.refusal(session, principal)):
        raise refused
    return principal


class RoleCheck:
    """A dependency that answers 403 unless the caller holds one of `roles` (the OpenAPI then declares 403)."""

    def __init__(self, roles: tuple[Role, ...]) -> None:
        self.roles = roles

    async def __call__(self, principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.has(*self.roles):
            raise Forbidden(f"This operation needs one of the roles: {', '.join(sorted(self.roles))}.")
        return principal


def require_roles(*roles: Role) -> RoleCheck:
    return RoleCheck(roles)
