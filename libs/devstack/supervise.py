"""One Procfile entry of `make run`, tied to the stack: `python -m devstack.supervise NAME [--stop-delay S] -- CMD`.

honcho starts every entry in its own session, so a `kill -9` of `make run` (or of honcho) would leave it running,
holding its port. This runs CMD as its child and ends it when the stack is gone:

- the child gets PR_SET_PDEATHSIG (Linux): it is killed if this process dies, even by SIGKILL;
- this process gets SIGTERM when its parent (honcho's reader of the entry) dies, and watches `make run` itself
  (STACK_PID); either way it stops the child with SIGTERM, then SIGKILL after STOP_GRACE_SECONDS;
- SIGTERM or SIGINT (honcho stopping the stack) reaches the child once, after `--stop-delay` seconds: the broker
  waits a moment so the services leave it cleanly;
- a child that exits while nobody asked it to is reported in one line, saying what to do.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from devstack.broker import die_with_parent

STACK_PID_ENV = "STACK_PID"  # the `make run` process; set by devstack.run
STOP_GRACE_SECONDS = 4.0  # within honcho's 5 s
_HINTS = {
    "broker": "the services keep their events in their outboxes; `make run` starts the stack again",
    "mail": "`make run` starts the stack again",
}


def die_by_kill() -> None:
    """The child's death signal is SIGKILL: if this process is killed, nothing of the entry is left."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def describe(returncode: int) -> str:
    if returncode < 0:
        return f"killed by {signal.Signals(-returncode).name}"
    return f"exit code {returncode}"


def exit_code(returncode: int) -> int:
    return 128 - returncode if returncode < 0 else returncode


class _Watch:
    """What ends the child: a stop asked for (signal), or the stack gone (parent or STACK_PID)."""

    def __init__(self, stack_pid: int | None) -> None:
        self.parent = os.getppid()
        self.stop_asked_at: float | None = None
        self.stack_fd: int | None = None
        self.stack_pid = stack_pid
        if stack_pid is not None:
            with contextlib.suppress(OSError, AttributeError):
                self.stack_fd = os.pidfd_open(stack_pid)  # readable once it exits; immune to a reused id

    def stack_gone(self) -> bool:
        if os.getppid() != self.parent:
            return True
        if self.stack_fd is not None:
            return bool(select.select([self.stack_fd], [], [], 0)[0])
        if self.stack_pid is not None:
            try:
                os.kill(self.stack_pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:
                pass
        return False


def _stop(child: subprocess.Popen[bytes], grace: float) -> int:
    with contextlib.suppress(ProcessLookupError):
        child.send_signal(signal.SIGTERM)
    try:
        return child.wait(grace)
    except subprocess.TimeoutExpired:
        child.kill()
        return child.wait()


def supervise(name: str, command: list[str], *, stop_delay: float = 0.0) -> int:
    stack_pid = int(os.environ[STACK_PID_ENV]) if os.environ.get(STACK_PID_ENV, "").isdigit() else None
    watch = _Watch(stack_pid)

    def asked_to_stop(signum: int, frame: object) -> None:
        if watch.stop_asked_at is None:
            watch.stop_asked_at = time.monotonic()

    handler: Callable[[int, object], None] = asked_to_stop
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, handler)
    die_with_parent()  # SIGTERM when honcho's reader of this entry dies, e.g. with `kill -9` of its group
    if watch.stack_gone():
        return 1
    child = subprocess.Popen(
        command,
        process_group=0,  # signals reach it from here only, once
        preexec_fn=die_by_kill if sys.platform == "linux" else None,
    )
    forwarded = False
    while True:
        with contextlib.suppress(subprocess.TimeoutExpired):
            returncode = child.wait(0.25)
            break
        if watch.stop_asked_at is not None and not forwarded:
            if time.monotonic() - watch.stop_asked_at >= stop_delay:
                with contextlib.suppress(ProcessLookupError):
                    child.send_signal(signal.SIGTERM)
                forwarded = True
        elif watch.stop_asked_at is None and watch.stack_gone():
            # `make run` died without stopping its entries: stop this one, quietly (nobody reads the output).
            return exit_code(_stop(child, STOP_GRACE_SECONDS))
    if watch.stop_asked_at is None:
        hint = _HINTS.get(name, "`make run` starts the stack again")
        sys.stdout.write(f"{name} stopped unexpectedly ({describe(returncode)}): the stack stops; {hint}\n")
        sys.stdout.flush()
    return exit_code(returncode)


def main(argv: list[str]) -> int:
    usage = "usage: python -m devstack.supervise NAME [--stop-delay SECONDS] -- COMMAND..."
    if "--" not in argv or argv.index("--") < 1 or argv.index("--") == len(argv) - 1:
        sys.exit(usage)
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1 :]
    name, stop_delay = options[0], 0.0
    if options[1:2] == ["--stop-delay"] and len(options) == 3:
        stop_delay = float(options[2])
    elif len(options) != 1:
        sys.exit(usage)
    return supervise(name, command, stop_delay=stop_delay)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
