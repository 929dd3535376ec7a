"""What is kept between runs in ``.build-kb/parsed``: each statute file's check, keyed by its bytes.

Parsed files are kept by :func:`build_kb.load.files.load_file` itself (keyed by the file's bytes and
the loader's code). A file's *check* (its diagnostics and the instrument built from it) is kept
here, keyed by the file's bytes and a stamp the caller gives: a hash of the code and schemas that
check, and the day, since statuses are checked against today. The pipeline asks :class:`CheckCache`
before it checks a file and gives it the result after; nothing is passed down as a callback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_kb.load.files import cache_key, read_cached, write_cached


@dataclass(frozen=True)
class CheckCache:
    """Checks of statute files kept in ``folder``, valid while ``stamp`` is the same.

    Attributes:
        folder: the cache folder (``.build-kb/parsed``).
        stamp: bytes that change whenever a kept check may no longer hold (code, schemas, date).
    """

    folder: Path
    stamp: bytes

    def _entry(self, raw: bytes, name: str) -> Path:
        return self.folder / f"checked-{cache_key(raw, name)}.pickle"

    def get(self, path: Path, name: str):
        """The check kept for the file at ``path`` (displayed as ``name``) as it is now, or ``None``."""
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        stored = read_cached(self._entry(raw, name))
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == cache_key(self.stamp + raw, name):
            return stored[1]
        return None

    def put(self, path: Path, name: str, value) -> None:
        """Keep ``value``, the check of the file at ``path`` as it is now (skipped when it cannot be read)."""
        try:
            raw = path.read_bytes()
        except OSError:
            return
        write_cached(self._entry(raw, name), (cache_key(self.stamp + raw, name), value))


def prune(folder: Path, files: dict[str, Path]) -> None:
    """Remove from ``folder`` the parses and checks of files that are no longer as they were.

    Args:
        folder: the cache folder.
        files: display name → path of every file the statutes folder holds now.
    """
    keys = {cache_key(path.read_bytes(), name) for name, path in files.items() if path.is_file()}
    keep = {f"{key}.pickle" for key in keys} | {f"checked-{key}.pickle" for key in keys}
    for entry in folder.glob("*.pickle"):
        if entry.name not in keep:
            entry.unlink(missing_ok=True)
