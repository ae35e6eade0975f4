"""One run per knowledge base: a crawl and a nightly job must not write the frontier at once."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class LockHeld(RuntimeError):
    """Another warta crawl or nightly run works on the same database."""


class RunLock:
    """An exclusive flock beside the database; the kernel drops it when the holder dies (kill -9)."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._handle: IO[str] | None = None

    def __enter__(self) -> RunLock:
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise LockHeld(f"another warta run (pid {holder}) is using {self.path.name[:-5]}; "
                           f"exiting (lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc: object) -> None:
        if self._handle:
            self._handle.close()
