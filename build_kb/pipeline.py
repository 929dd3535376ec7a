"""The pipeline up to the graph: statutes folder → loaded → validated → linked.

One function that the CLI, the MkDocs plugin and the tests share, so that
every entry point sees the same corpus and the same diagnostics.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, errors_in

if TYPE_CHECKING:  # the stages are imported when run, so that listing files stays light (build-kb search)
    from .link import LinkedCorpus

#: Files in the statutes folder that are not instruments.
NOT_INSTRUMENTS = {"TEMPLATE.yaml"}


@dataclass(frozen=True)
class PipelineResult:
    """What :func:`run` produced.

    Attributes:
        linked: the linked corpus of every valid file.
        diagnostics: errors and warnings of every stage, sorted by file and line.
    """

    linked: LinkedCorpus
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics of severity ERROR."""
        return errors_in(list(self.diagnostics))


#: Folders of statutes/ that hold comparison data, not instruments.
DATA_FOLDERS = ("topics", "successions", "proposals")


def topic_files(statutes_dir: Path) -> list[Path]:
    """Every topic file, ``statutes_dir/topics/*.yaml``, sorted."""
    return sorted((statutes_dir / "topics").glob("*.yaml"))


def succession_files(statutes_dir: Path) -> list[Path]:
    """Every succession table, ``statutes_dir/successions/*.yaml``, sorted."""
    return sorted((statutes_dir / "successions").glob("*.yaml"))


def proposal_files(statutes_dir: Path) -> list[Path]:
    """Every proposal or challenge of the founding paper, ``statutes_dir/proposals/*.yaml``, sorted."""
    return sorted((statutes_dir / "proposals").glob("*.yaml"))


def statute_files(statutes_dir: Path) -> list[Path]:
    """Every instrument file under ``statutes_dir`` (``*.yaml`` except the template and topics), sorted."""
    return sorted(p for p in statutes_dir.rglob("*.yaml")
                  if p.name not in NOT_INSTRUMENTS and not set(DATA_FOLDERS) & set(p.relative_to(statutes_dir).parts))


def _display(path: Path) -> str:
    """A path as diagnostics show it: relative to the current folder when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


#: The last result, keyed by the statutes folder and the (name, size, mtime) of every file in it:
#: ``build-kb build`` validates, then MkDocs' plugin asks again in the same process.
_last: tuple[tuple, PipelineResult] | None = None


def run(statutes_dir: str | Path) -> PipelineResult:
    """Like :func:`run_uncached`, but reuse the previous result while no file has changed."""
    global _last
    statutes_dir = Path(statutes_dir)
    files = (statute_files(statutes_dir) + topic_files(statutes_dir) + succession_files(statutes_dir)
             + proposal_files(statutes_dir))
    key = (str(statutes_dir.resolve()), os.getcwd(),
           tuple((str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files))
    if _last is None or _last[0] != key:
        _last = (key, run_uncached(statutes_dir))
    return _last[1]


def _prune(cache_dir: Path, paths: list[Path]) -> None:
    """Remove the cached parses and checks of files that are no longer as they were (old versions, deleted files)."""
    from .load import cache_key

    keys = {cache_key(p.read_bytes(), _display(p)) for p in paths if p.is_file()}
    keep = {f"{key}.pickle" for key in keys} | {f"checked-{key}.pickle" for key in keys}
    for entry in cache_dir.glob("*.pickle"):
        if entry.name not in keep:
            entry.unlink(missing_ok=True)


@functools.lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """A hash of the package's code and schemas: checks cached by other code are not reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")) + sorted((package.parent / "schema").glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _cached_check(cache_dir: Path, paths: dict[str, Path]):
    """A ``checked`` function for :func:`build_kb.validate.validate` that keeps each file's result in
    ``cache_dir``, keyed by the file's bytes and the package's code (:func:`_code_stamp`)."""
    from .load import cache_key, read_cached, write_cached
    from .validate import check_and_build

    def checked(loaded):
        path = paths.get(loaded.path)
        if path is None:
            return check_and_build(loaded)
        raw = path.read_bytes()
        key = cache_key(_code_stamp() + raw, loaded.path)
        entry = cache_dir / f"checked-{cache_key(raw, loaded.path)}.pickle"
        stored = read_cached(entry)
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return stored[1]
        result = check_and_build(loaded)
        write_cached(entry, (key, result))
        return result

    return checked


def parse_cache_dir(statutes_dir: Path) -> Path:
    """Where parsed statute files are kept between runs: ``.build-kb/parsed`` beside the statutes folder."""
    return statutes_dir.resolve().parent / ".build-kb" / "parsed"


def run_uncached(statutes_dir: str | Path, cache: bool = True) -> PipelineResult:
    """Load, validate and link every instrument under ``statutes_dir``, and the data of ``DATA_FOLDERS``.

    Never raises on bad input: problems are in ``diagnostics``. File names in
    diagnostics are relative to the current directory when possible. With ``cache``,
    files unchanged since the last run are not parsed again (:func:`build_kb.load.load_file`).
    """
    from .link import link
    from .load import load_file
    from .proposals import validate_proposals
    from .succession import validate_successions
    from .topics import validate_topics
    from .validate import validate

    statutes_dir = Path(statutes_dir)
    cache_dir = parse_cache_dir(statutes_dir) if cache else None
    files = statute_files(statutes_dir)
    loaded = [load_file(path, _display(path), cache_dir) for path in files]
    if cache_dir is not None:
        corpus, diagnostics = validate(loaded, _cached_check(cache_dir, {_display(p): p for p in files}))
    else:
        corpus, diagnostics = validate(loaded)
    topics, topic_diagnostics = validate_topics([load_file(p, _display(p), cache_dir) for p in topic_files(statutes_dir)], corpus)
    successions, succession_diagnostics = validate_successions(
        [load_file(p, _display(p), cache_dir) for p in succession_files(statutes_dir)], corpus)
    corpus = replace(corpus, topics=topics, successions=successions)
    proposals, proposal_diagnostics = validate_proposals(
        [load_file(p, _display(p), cache_dir) for p in proposal_files(statutes_dir)], corpus,
        {p.stem for p in topic_files(statutes_dir)})
    corpus = replace(corpus, proposals=proposals)
    if cache_dir is not None and cache_dir.is_dir():
        _prune(cache_dir, statute_files(statutes_dir) + topic_files(statutes_dir) + succession_files(statutes_dir)
               + proposal_files(statutes_dir))
    linked = link(corpus)
    diagnostics += topic_diagnostics + succession_diagnostics + proposal_diagnostics
    return PipelineResult(linked, tuple(sorted(diagnostics + list(linked.diagnostics))))
