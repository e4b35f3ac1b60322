"""The issuer's signing keys as an RFC 7517 JWK Set: published by customers, fetched and cached by the others.

A key's `kid` is its RFC 7638 thumbprint, so the same key has the same id everywhere without configuring one.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import httpx
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jwt import PyJWK, PyJWKSet, PyJWTError
from jwt.utils import base64url_encode

log = structlog.get_logger()

ALGORITHM = "EdDSA"


def _public_key(public_pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(public_pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the token issuer's keys must be Ed25519")
    return key


def jwk_of(public_pem: bytes) -> dict[str, str]:
    """The public key as a JWK (OKP, Ed25519) with its thumbprint as `kid`."""
    raw = _public_key(public_pem).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    members = {"crv": "Ed25519", "kty": "OKP", "x": base64url_encode(raw).decode()}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()  # RFC 7638 §3.2
    kid = base64url_encode(hashlib.sha256(canonical).digest()).decode()
    return {**members, "kid": kid, "use": "sig", "alg": ALGORITHM}


class KeySource(Protocol):
    """Where a verifier finds the key a token names; a token without `kid` is tried against every key."""

    async def start(self) -> None: ...

    async def keys_for(self, kid: str | None) -> Sequence[PyJWK]: ...


class KeySet:
    """Keys known in advance (PEM files): the issuer's own, the first being the one it signs with."""

    def __init__(self, public_pems: Sequence[bytes]) -> None:
        if not public_pems:
            raise ValueError("a key set needs at least one key")
        self.jwks = [jwk_of(pem) for pem in public_pems]
        self._keys = {jwk["kid"]: PyJWK.from_dict(jwk) for jwk in self.jwks}

    @property
    def signing_kid(self) -> str:
        return self.jwks[0]["kid"]

    def document(self) -> dict[str, list[dict[str, str]]]:
        """The JWK Set (RFC 7517 §5)."""
        return {"keys": list(self.jwks)}

    async def start(self) -> None:
        return None

    async def keys_for(self, kid: str | None) -> Sequence[PyJWK]:
        if kid is None:
            return list(self._keys.values())
        found = self._keys.get(kid)
        return [found] if found else []


class RemoteKeySet:
    """The issuer's JWK Set fetched over HTTP: at start-up (best effort), when stale, and when a token names a key
    not in the cached set, at most once per `refetch_interval` (a flood of made-up kids costs one fetch)."""

    def __init__(
        self,
        url: str,
        *,
        refetch_interval: float = 10.0,
        max_age: float = 300.0,
        timeout: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.refetch_interval = refetch_interval
        self.max_age = max_age
        self.timeout = timeout
        self._clock = clock
        self._keys: dict[str, PyJWK] | None = None  # None: never fetched
        self._fetched_at = 0.0
        self._attempted_at = 0.0
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        try:
            self._keys = await self._fetch()
            self._fetched_at = self._attempted_at = self._clock()
        except (httpx.HTTPError, ValueError, PyJWTError) as exc:  # the issuer may start after us: fetched on use
            log.info("jwks.deferred", url=self.url, error=str(exc) or type(exc).__name__)

    async def keys_for(self, kid: str | None) -> Sequence[PyJWK]:
        keys = self._keys
        if keys is None or self._clock() - self._fetched_at > self.max_age or (kid is not None and kid not in keys):
            keys = await self._refresh(kid)
        if kid is None:
            return list(keys.values())
        found = keys.get(kid)
        return [found] if found else []

    async def _refresh(self, kid: str | None) -> dict[str, PyJWK]:
        async with self._lock:  # concurrent requests wait for one fetch
            keys, now = self._keys, self._clock()
            if keys is not None:
                fresh = now - self._fetched_at <= self.max_age
                if fresh and (kid is None or kid in keys):
                    return keys  # another request fetched it meanwhile
                if now - self._attempted_at < self.refetch_interval:
                    return keys  # rate-limited: answer from the cache
            self._attempted_at = now
            try:
                self._keys = await self._fetch()
                self._fetched_at = now
            except (httpx.HTTPError, ValueError, PyJWTError) as exc:  # keep what we have
                log.warning("jwks.fetch_failed", url=self.url, error=str(exc) or type(exc).__name__)
            return self._keys or {}

    async def _fetch(self) -> dict[str, PyJWK]:
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.get(self.url, headers={"Accept": "application/json"})
        response.raise_for_status()
        document: Any = response.json()
        found = {key.key_id: key for key in PyJWKSet.from_dict(document).keys if key.key_id}
        log.info("jwks.fetched", url=self.url, kids=sorted(found))
        return found
