"""Keeping builds safe: one build at a time, interrupted builds undone, dates reproducible.

* :func:`build_lock` takes an exclusive ``flock`` on ``<state>/build.lock``; a
  second build exits with a message naming the running one instead of
  writing beside it.
* :func:`stop_on_signals` turns SIGTERM into ``KeyboardInterrupt`` (as SIGINT
  already is), so the staging folders of :mod:`build_kb.site` and
  :mod:`build_kb.index` are removed and the previous site is left in place.
* :func:`reproducible_date` sets ``SOURCE_DATE_EPOCH`` to the last commit's
  time when it is not set, so that the dates MkDocs writes (``sitemap.xml``)
  are those of the commit, not of the day of the build.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import subprocess
from pathlib import Path
from typing import Iterator


class BuildLocked(Exception):
    """Another build holds the lock; ``str()`` says which and what to do."""


@contextlib.contextmanager
def build_lock(state_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``state_dir/build.lock`` for the duration of a build.

    Raises:
        BuildLocked: when another process holds it.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "build.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(f"another build is running (pid {holder}); wait for it to finish, then build again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` so that cleanup code runs."""

    def interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def reproducible_date(project: Path) -> None:
    """Set ``SOURCE_DATE_EPOCH`` from the last commit of ``project`` unless it is set already or there is no git."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=project, capture_output=True, text=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp
