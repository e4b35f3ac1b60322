"""Bearer JWTs: customers signs them (Ed25519), every service verifies them with the public key."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from fastapi import Depends, Request, Security
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlows
from fastapi.security import OAuth2
from sqlalchemy.ext.asyncio import AsyncSession

from contracts.enums import Role
from servicekit._errors import Forbidden, Unauthorized
from servicekit._session import request_session

if TYPE_CHECKING:
    from servicekit._runtime import Runtime

ALGORITHM = "EdDSA"


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
        return jwt.encode(claims, self._key, algorithm=ALGORITHM)  # type: ignore[arg-type]


class TokenVerifier:
    def __init__(self, public_pem: bytes, *, issuer: str, audience: str) -> None:
        key = serialization.load_pem_public_key(public_pem)
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("the token issuer's public key must be Ed25519")
        self._key = key
        self.issuer = issuer
        self.audience = audience

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._key,
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
    session: Annotated[AsyncSession, Depends(request_session, scope="function")],
    _: Annotated[str | None, Security(OAUTH2)] = None,
) -> Principal:
    """The verified caller; a revoked client or a closed organisation is refused at once (the request's session)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("Send an access token as `Authorization: Bearer <token>` (POST /oauth/token issues one).")
    runtime: Runtime = request.app.state.runtime
    principal = runtime.verifier.verify(token.strip())
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
