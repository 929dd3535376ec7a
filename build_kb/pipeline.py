"""The pipeline up to the graph: statutes folder → loaded → validated → linked.

One function that the CLI, the preview and the tests share, so that
every entry point sees the same corpus and the same diagnostics.
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from typing import TYPE_CHECKING

from build_kb.diagnostics import Diagnostic, errors_in, reported
from build_kb.load.cache import CheckCache, prune

if TYPE_CHECKING:  # the stages are imported when run, so that listing files stays light (build-kb search)
    from build_kb.link.graph import LinkedCorpus

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


@dataclass(frozen=True)
class StatuteFolder:
    """The files of a statutes folder, by kind, each list sorted, and what was found there but not read.

    Attributes:
        instruments: ``<jurisdiction>/<slug>.yaml`` files.
        topics, successions, proposals: ``<folder>/<id>.yaml`` files of :data:`DATA_FOLDERS`.
        diagnostics: one error per entry that looks like a statute file but is not read (a symbolic
            link, a folder named ``x.yaml``, ``x.yml``, a file outside the folders of its kind…).
    """

    instruments: tuple[Path, ...] = ()
    topics: tuple[Path, ...] = ()
    successions: tuple[Path, ...] = ()
    proposals: tuple[Path, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def all(self) -> list[Path]:
        """Every file that is read, instruments first."""
        return [*self.instruments, *self.topics, *self.successions, *self.proposals]


def _refused(path: Path, message: str, hint: str) -> Diagnostic:
    return Diagnostic(_display(path), 0, 0, "", message, hint)


def _entry_problem(path: Path) -> tuple[str, str] | None:
    """Why a ``*.yaml`` (or ``.yml``, any case) entry is not read, as (message, hint), or ``None``."""
    if path.is_symlink():
        target = os.readlink(path)
        missing = "" if path.exists() else ", which does not exist"
        return (f"the file is a symbolic link to {target}{missing}; it is not read",
                "put the file itself here: statute files are ordinary files kept in the repository")
    if path.is_dir():
        return ("this is a folder, but its name ends like a statute file's", f"rename the folder (without {path.suffix})")
    if not path.is_file():
        return "the file is not an ordinary file; it is not read", "replace it with an ordinary file"
    if path.suffix != ".yaml":
        return "the file is not read: statute files end in '.yaml'", f"rename it to {path.stem}.yaml"
    return None


def discover(statutes_dir: str | Path) -> StatuteFolder:
    """Find the statute files under ``statutes_dir`` without following symbolic links.

    Instruments are ``<jurisdiction>/<slug>.yaml`` (a jurisdiction of
    :data:`build_kb.model.JURISDICTIONS`), data files ``<folder>/<id>.yaml`` (:data:`DATA_FOLDERS`),
    and ``TEMPLATE.yaml`` at the top is the template. Every other entry whose name ends in
    ``.yaml``/``.yml`` (any case) is reported, never silently skipped; so is a symbolic link to a
    folder. A hidden ``.x.yaml`` is reported too; other names starting with ``.`` (folders such as
    ``.git``, editor files) are ignored.

    Returns:
        :class:`StatuteFolder`; never raises on a file-system oddity (an unreadable folder is a diagnostic).
    """
    from build_kb.model import JURISDICTIONS

    root = Path(statutes_dir)
    found: dict[str, list[Path]] = {"instruments": [], **{name: [] for name in DATA_FOLDERS}}
    problems: list[Diagnostic] = []

    def walk_error(error: OSError) -> None:
        problems.append(_refused(Path(error.filename or root), f"the folder cannot be read: {error.strerror}",
                                 "make the folder readable"))

    for folder, dirs, names in os.walk(root, onerror=walk_error):
        here = Path(folder)
        depth = len(here.relative_to(root).parts)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in list(dirs):
            if (here / name).is_symlink():
                dirs.remove(name)
                problems.append(_refused(here / name, f"the folder is a symbolic link to {os.readlink(here / name)}; it is not followed",
                                         "put the folder itself here"))
        for name in sorted(names + [d for d in dirs if d.lower().endswith((".yaml", ".yml"))]):
            path = here / name
            if not name.lower().endswith((".yaml", ".yml")):
                continue
            if name.startswith("."):
                problems.append(_refused(path, "the file is not read: its name starts with '.', which hides it",
                                         f"rename it to {name.lstrip('.')}, or delete it"))
                continue
            problem = _entry_problem(path)
            if problem is not None:
                problems.append(_refused(path, *problem))
                continue
            if depth == 0:
                if name not in NOT_INSTRUMENTS:
                    problems.append(_refused(path, "the file is not read: an instrument's file belongs in the folder of its jurisdiction",
                                             f"move it to {root.name}/<jurisdiction>/{name}, the jurisdiction one of {', '.join(JURISDICTIONS)}"))
            elif depth == 1 and here.name in DATA_FOLDERS:
                found[here.name].append(path)
            elif depth == 1 and here.name in JURISDICTIONS:
                found["instruments"].append(path)
            elif depth == 1:
                problems.append(_refused(path, f"the file is not read: {here.name!r} is not a jurisdiction or a folder of comparison data",
                                         f"use a folder named {', '.join(JURISDICTIONS)} or {', '.join(DATA_FOLDERS)}"))
            else:
                problems.append(_refused(path, "the file is not read: statute files are one folder deep",
                                         f"move it to {root.name}/{here.relative_to(root).parts[0]}/{name}"))
        dirs[:] = [d for d in dirs if not d.lower().endswith((".yaml", ".yml"))]
    return StatuteFolder(*(tuple(sorted(found[k])) for k in ("instruments", *DATA_FOLDERS)), tuple(problems))


def topic_files(statutes_dir: Path) -> list[Path]:
    """Every topic file, ``statutes_dir/topics/*.yaml``, sorted (see :func:`discover`)."""
    return list(discover(statutes_dir).topics)


def succession_files(statutes_dir: Path) -> list[Path]:
    """Every succession table, ``statutes_dir/successions/*.yaml``, sorted (see :func:`discover`)."""
    return list(discover(statutes_dir).successions)


def proposal_files(statutes_dir: Path) -> list[Path]:
    """Every proposal or challenge of the founding paper, ``statutes_dir/proposals/*.yaml``, sorted (see :func:`discover`)."""
    return list(discover(statutes_dir).proposals)


def statute_files(statutes_dir: Path) -> list[Path]:
    """Every instrument file, ``statutes_dir/<jurisdiction>/<slug>.yaml``, sorted (see :func:`discover`)."""
    return list(discover(statutes_dir).instruments)


def _display(path: Path) -> str:
    """A path as diagnostics show it: relative to the current folder when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def run(statutes_dir: str | Path) -> PipelineResult:
    """Load, validate and link ``statutes_dir`` (:func:`run_uncached`), reading unchanged files from the
    cache of parsed and checked files (``.build-kb/parsed``); each call sees the folder as it is now."""
    return run_uncached(statutes_dir)


@functools.lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """A hash of the package's code and schemas: checks cached by other code are not reused."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    from build_kb.validate.instruments import SCHEMA_DIR

    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted(SCHEMA_DIR.glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def _checked(loaded, path: Path, cache: CheckCache | None):
    """The check of one instrument file (:func:`build_kb.validate.instruments.check_and_build`), kept in
    ``cache``; a fault of the checker is a diagnostic for the file, and is not kept."""
    from build_kb.validate.instruments import check_and_build

    stored = cache.get(path, loaded.path) if cache is not None else None
    if stored is not None:
        return stored
    found: list[Diagnostic] = []
    with reported(found, loaded.path, "checking"):
        result = check_and_build(loaded)
        if cache is not None:
            cache.put(path, loaded.path, result)
        return result
    return found, None


def parse_cache_dir(statutes_dir: Path) -> Path:
    """Where parsed statute files are kept between runs: ``.build-kb/parsed`` beside the statutes folder."""
    return statutes_dir.resolve().parent / ".build-kb" / "parsed"


def run_uncached(statutes_dir: str | Path, cache: bool = True) -> PipelineResult:
    """Load, validate and link every instrument under ``statutes_dir``, and the data of ``DATA_FOLDERS``.

    Never raises on bad input: problems are in ``diagnostics``. File names in
    diagnostics are relative to the current directory when possible. With ``cache``,
    files unchanged since the last run are not parsed again (:func:`build_kb.load.files.load_file`).
    """
    from build_kb.link.graph import link
    from build_kb.load.files import load_file
    from build_kb.validate.proposals import validate_proposals
    from build_kb.validate.successions import validate_successions
    from build_kb.validate.topics import validate_topics
    from build_kb.model import Corpus
    from build_kb.validate.instruments import validate

    statutes_dir = Path(statutes_dir)
    cache_dir = parse_cache_dir(statutes_dir) if cache else None
    folder = discover(statutes_dir)
    diagnostics = list(folder.diagnostics)
    here = _display(statutes_dir)
    # Each stage guards its own files; these guards are the last net, for a fault between files.
    corpus: Corpus = Corpus(())
    with reported(diagnostics, here, "checking the instruments of"):
        loaded = [load_file(path, _display(path), cache_dir) for path in folder.instruments]
        # a status is checked against today: a check of yesterday is not reused
        checks = CheckCache(cache_dir, _code_stamp() + date.today().isoformat().encode()) if cache_dir else None
        corpus, found = validate(loaded, [_checked(f, p, checks) for f, p in zip(loaded, folder.instruments)])
        diagnostics += found
    topics, successions, proposals = (), (), ()
    with reported(diagnostics, here, "checking the topics of"):
        topics, found = validate_topics([load_file(p, _display(p), cache_dir) for p in folder.topics], corpus)
        diagnostics += found
    with reported(diagnostics, here, "checking the succession tables of"):
        successions, found = validate_successions([load_file(p, _display(p), cache_dir) for p in folder.successions], corpus)
        diagnostics += found
    corpus = replace(corpus, topics=topics, successions=successions)
    with reported(diagnostics, here, "checking the proposals of"):
        proposals, found = validate_proposals([load_file(p, _display(p), cache_dir) for p in folder.proposals], corpus,
                                              {p.stem for p in folder.topics})
        diagnostics += found
    corpus = replace(corpus, proposals=proposals)
    if cache_dir is not None and cache_dir.is_dir():
        with reported(diagnostics, here, "pruning the cache of"):
            prune(cache_dir, {_display(p): p for p in folder.all()})
    linked = None
    with reported(diagnostics, here, "linking"):
        linked = link(corpus)
    if linked is None:
        linked = link(Corpus(()))
    return PipelineResult(linked, tuple(sorted(diagnostics + list(linked.diagnostics))))
