from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from contracts.enums import Role
from customers import examples
from servicekit import SingleLine

API_CLIENT_READ: dict[str, Any] = {k: v for k, v in examples.API_CLIENT.items() if k != "client_secret"}
ROTATED: dict[str, Any] = examples.API_CLIENT | {
    "client_secret": "n3w-s3cr3t-shown-once-4e5f6a",
    "previous_secret_expires_at": "2026-11-24T09:30:00Z",
}


class TokenRead(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [examples.TOKEN]})

    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class OAuthErrorRead(BaseModel):
    """An error of the token endpoint, as RFC 6749 §5.2 spells it (OAuth2 client libraries read this form)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"error": "invalid_client", "error_description": "Unknown client or wrong secret."}]
        }
    )

    error: str = Field(description="invalid_request, invalid_client or unsupported_grant_type")
    error_description: str


class ApiClientCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "OSS provisioning", "roles": ["partner_admin"]}]}
    )

    name: Annotated[SingleLine, StringConstraints(min_length=1, max_length=200)]
    roles: list[Role] = Field(min_length=1)


class ApiClientRead(BaseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [API_CLIENT_READ]})

    client_id: str
    customer_id: uuid.UUID
    name: str
    roles: list[Role]
    created_at: datetime


class ApiClientList(BaseModel):
    """A customer's API clients that are not revoked, oldest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [API_CLIENT_READ]}]})

    items: list[ApiClientRead]


class ApiClientCreated(ApiClientRead):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [examples.API_CLIENT]})

    client_secret: str = Field(description="Shown once; only its hash is stored.")


class ApiClientRotated(ApiClientCreated):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ROTATED]})

    previous_secret_expires_at: datetime = Field(description="Until then the previous secret is accepted too.")


JWK: dict[str, Any] = {
    "kty": "OKP",
    "crv": "Ed25519",
    "x": "Z8AYGL86JDnz0BOOF1FpCjTMIRHTEJr-sGjnNk6U3as",
    "kid": "5YpbCaa3s5SMR1eleeLfLXCpUbISMm4FLzWrD-KLxnQ",
    "use": "sig",
    "alg": "EdDSA",
}


class JwkRead(BaseModel):
    """An Ed25519 public key (RFC 8037) the issuer signs tokens with, named by the `kid` of their header."""

    kty: str
    crv: str
    x: str
    kid: str
    use: str
    alg: str


class JwksRead(BaseModel):
    """The issuer's JWK Set (RFC 7517): the current signing key and the previous ones whose tokens are valid."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"keys": [JWK]}]})

    keys: list[JwkRead]
