"""Keeping builds safe: one build at a time, interrupted builds undone, dates reproducible.

* :func:`build_lock` takes an exclusive ``flock`` on ``<state>/build.lock``; a
  second build exits with a message naming the running one instead of
  writing beside it.
* :func:`stop_on_signals` turns SIGTERM into ``KeyboardInterrupt`` (as SIGINT
  already is), so the staging folders of :mod:`build_kb.site` and
  :mod:`build_kb.search.index` are removed and the previous site is left in place.
* :func:`publish` puts the staged site and index in place together, or
  neither, with SIGINT and SIGTERM held back until both renames are done.
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
import threading
from pathlib import Path
from typing import Iterator, Protocol


class BuildLocked(Exception):
    """Another build holds the lock; ``str()`` says which and what to do."""


@contextlib.contextmanager
def build_lock(state_dir: Path, *, wait: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on ``state_dir/build.lock`` for the duration of a build.

    Args:
        state_dir: the folder of the lock file (created when missing).
        wait: wait for another holder to finish instead of raising.

    Raises:
        BuildLocked: when another process holds it and ``wait`` is false.
    """
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "build.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
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


#: The signals that stop a build; held back while its outputs are swapped in.
STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM wait; the first that arrived is raised again when the block ends.

    Their handlers are replaced by one that only records the signal, then restored, and the signal
    sent again to this process, so that its usual handler (``KeyboardInterrupt``) runs after the last
    statement of the block, not between two of them. Blocking the signals with ``pthread_sigmask``
    would not do: it holds them back from one thread, and the kernel hands a process's signal to any
    thread that does not block it, whose Python handler then runs in the main thread all the same.
    Outside the main thread (where handlers cannot be set, and where no handler interrupts) the
    block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(signum, frame):  # noqa: ARG001 - signal handler signature
        arrived.append(signum)

    previous = {number: signal.signal(number, hold) for number in STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if arrived:
            signal.raise_signal(arrived[0])


class Staged(Protocol):
    """Something built aside that can be put in place and taken back (a staged site or index)."""

    def swap_in(self) -> None:
        """Put the new output in place of the previous one; raise ``OSError`` and change nothing when that fails."""

    def undo(self) -> None:
        """Put the previous output back, after a successful :meth:`swap_in`."""


def publish(*staged: Staged) -> None:
    """Swap in every one of ``staged``, all or none, with SIGINT and SIGTERM deferred until done.

    A signal that arrives meanwhile raises ``KeyboardInterrupt`` once every one is in place.

    Raises:
        OSError: when a rename fails; those already swapped in are undone first.
    """
    with deferred_signals():
        done: list[Staged] = []
        try:
            for item in staged:
                item.swap_in()
                done.append(item)
        except BaseException:
            for item in reversed(done):
                item.undo()
            raise


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
