"""Where document bytes live: a storage interface, and the filesystem store every deployment starts with."""

from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path
from typing import Protocol


class DocumentStore(Protocol):
    """Bytes by an opaque key; the documents table holds everything else about them."""

    async def put(self, data: bytes) -> str: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


class DocumentMissing(LookupError):
    """The store has nothing under the key."""


class FilesystemStore:
    """Each document a file under `root`, in a folder per first two characters of its key."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not key.isalnum():  # keys are ours (uuid hex): never a path from outside
            raise DocumentMissing(key)
        return self.root / key[:2] / key

    async def put(self, data: bytes) -> str:
        key = uuid.uuid4().hex
        await asyncio.to_thread(self._write, self._path(key), data)
        return key

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(data)
        os.replace(partial, path)  # a reader sees the whole file or none

    async def get(self, key: str) -> bytes:
        try:
            return await asyncio.to_thread(self._path(key).read_bytes)
        except FileNotFoundError as exc:
            raise DocumentMissing(key) from exc

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)
