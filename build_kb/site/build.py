"""Build the static site: the stage, the site generator into a temporary folder, Pagefind over it, then swap.

The pages are written as ordinary files first (:mod:`build_kb.site.stage`), and
the site generator (MkDocs, or ProperDocs) runs on them as a program. The
previous ``site/`` stays untouched until the new one is complete: the
new site is generated next to it (same file system) by :func:`stage_site`
and renamed into place by :meth:`StagedSite.swap_in`, so a failed or
interrupted build never leaves a half site. ``build-kb build`` stages the
command-line index too and swaps both in together
(:func:`build_kb.site.lock.publish`); what a killed build leaves beside the
site, the next one removes (:func:`remove_leftovers`).

Search design: Pagefind indexes one record per article (the Chinese and
English text together, the citation as title, the jurisdiction as a filter),
all in one index with Chinese segmentation (``force_language="zh"``). Its
Chinese tokenizer segments Han text into words and keeps Latin words whole,
so both 删除 and ``delete`` find PIPL Art. 47; each hit is the article and
links to its anchor; the browser downloads only the index fragments a query
needs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape
from mkdocs.config import load_config
from mkdocs.exceptions import ConfigurationError

from build_kb.link.graph import LinkedCorpus
from build_kb.pipeline import run
from build_kb.render.pages import SearchRecord, search_records
from build_kb.site.lock import deferred_signals
from build_kb.site.output import copy_output, generate
from build_kb.site.stage import GeneratorError, write_stage


class SiteBuildError(Exception):
    """The site could not be built; the previous site is untouched. ``str()`` says why."""


@dataclass(frozen=True)
class SiteBuild:
    """Result of :func:`build_site`: the site folder, its size (bytes), pages indexed by Pagefind."""

    site_dir: Path
    size_bytes: int
    pages_indexed: int


def _pagefind(site: Path, records: list[SearchRecord]) -> int:
    # Pagefind indexes files far faster than records sent one by one, so each article becomes a
    # small page in a scratch folder; its real address (the article's anchor) travels as metadata
    # and the search page links there (content/search.md, processResult). Pagefind runs as its own
    # command, to the end: its Python service can be closed before the last file is flushed.
    with tempfile.TemporaryDirectory(prefix=".search-records-", dir=site.parent) as scratch:
        for number, record in enumerate(records):
            (Path(scratch) / f"{number}.html").write_text(_record_page(record), encoding="utf-8")
        done = subprocess.run([sys.executable, "-m", "pagefind", "--site", scratch, "--output-path", str(site / "pagefind"),
                               "--force-language", "zh", "--quiet"], capture_output=True, text=True)
        if done.returncode != 0:
            raise SiteBuildError(f"Pagefind failed: {done.stderr.strip() or done.stdout.strip()}")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def _record_page(record: SearchRecord) -> str:
    return (f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{escape(record.title)}</title></head>'
            f'<body data-pagefind-body data-pagefind-meta="anchor:{escape(record.url)}" '
            f'data-pagefind-filter="jurisdiction:{escape(record.jurisdiction)}">'
            f'<h1>{escape(record.title)}</h1><p>{escape(record.content)}</p></body></html>')


def index_site(site: Path, records: list[SearchRecord]) -> int:
    """Write the Pagefind index of ``records`` into ``site/pagefind``; return the number of records in it.

    One record per article (not per page): a hit is the article itself, ranked on its own
    words; its ``anchor`` metadata is the article's URL (``/cn/pipl/#art_47``).
    """
    return _pagefind(site, records)


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def site_folder(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None) -> Path:
    """The absolute folder a build of ``config_file`` writes: ``site_dir``, or else the configuration's ``site_dir``."""
    # not resolved: a link named site/ must be seen as a link (check_target), not followed
    if site_dir:
        return Path(os.path.abspath(site_dir))
    return Path(os.path.abspath(load_config(str(Path(config_file).resolve())).site_dir))


#: Written into every site this package builds, so that a later build knows the folder is its own.
MARKER = ".build-kb-site"


def check_target(target: Path) -> None:
    """Refuse an output folder that a build must not replace: a build replaces its folder whole.

    Raises:
        SiteBuildError: when ``target`` is a symbolic link (the folder it points to would be
            replaced, with whatever else it holds), not a folder, or a folder of files that no build
            wrote (neither this package's marker nor an ``index.html``).
    """
    if target.is_symlink():
        raise SiteBuildError(f"{target} is a symbolic link to {os.readlink(target)}; a build replaces its output folder "
                             "whole, so it does not write through a link: remove the link, or pass --site-dir")
    if target.exists() and not target.is_dir():
        raise SiteBuildError(f"{target} is a file, not a folder: move it away, or pass --site-dir")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists() and not (target / "index.html").exists():
        raise SiteBuildError(f"{target} holds files that no build wrote; a build replaces its output folder whole: "
                             "choose an empty or new folder with --site-dir, or remove this one")


def _scratch_patterns(target: Path) -> tuple[str, ...]:
    return (f".{target.name}.new-*", f".{target.name}.old-*", ".search-records-*")


def remove_leftovers(target: str | Path) -> list[Path]:
    """Remove what interrupted builds of ``target`` left beside it: staging folders, previous sites, search records.

    Only for the one build that holds :func:`build_kb.site.lock.build_lock`: another build's staging
    folder looks the same. Returns the paths removed.
    """
    target = Path(target).resolve()
    removed = []
    for pattern in _scratch_patterns(target):
        for path in sorted(target.parent.glob(pattern)):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@dataclass
class StagedSite:
    """A complete site built beside its target by :func:`stage_site`, not yet in place.

    Use it as a context manager: on leaving, the staging folder is removed if the site was not
    swapped in, the previous site if it was.

    Attributes:
        staging: the folder holding the new site.
        target: where it goes.
        pages_indexed: records in its Pagefind index.
        previous: where the previous site went, once swapped in (``None`` if there was none).
        in_place: whether the new site is at ``target``.
    """

    staging: Path
    target: Path
    pages_indexed: int
    previous: Path | None = None
    in_place: bool = False

    def swap_in(self) -> None:
        """Rename the previous site aside and the new one into place.

        Raises:
            OSError: when a rename fails; the previous site is then back at ``target``.
        """
        self.staging.chmod(0o755)
        if self.target.exists():
            # a fresh empty folder to rename onto: a name of its own even if an earlier build left one
            self.previous = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.replace(self.target, self.previous)
        try:
            os.replace(self.staging, self.target)
        except OSError:
            if self.previous is not None:
                os.replace(self.previous, self.target)
                self.previous = None
            raise
        self.in_place = True

    def undo(self) -> None:
        """Put the previous site back at ``target`` (after :meth:`swap_in`); the new one returns to ``staging``."""
        os.replace(self.target, self.staging)
        if self.previous is not None:
            os.replace(self.previous, self.target)
            self.previous = None
        self.in_place = False

    def result(self) -> SiteBuild:
        """The :class:`SiteBuild` of the site at ``target`` (after :meth:`swap_in`)."""
        return SiteBuild(self.target, _size(self.target), self.pages_indexed)

    def close(self) -> None:
        """Remove the previous site if the new one is in place, else the new one."""
        leftover = self.previous if self.in_place else self.staging
        if leftover is not None:
            shutil.rmtree(leftover, ignore_errors=True)

    def __enter__(self) -> StagedSite:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def stage_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None,
               linked: LinkedCorpus | None = None, *, generator: str = "mkdocs") -> StagedSite:
    """Build the whole site beside its target folder, without touching the target.

    Writes the stage (:func:`build_kb.site.stage.write_stage`, in ``.build-kb/stage`` beside the
    configuration), brings the generator's kept output up to date with it
    (:func:`build_kb.site.output.generate`, in ``.build-kb/output``: only the changed pages when
    that is safe), copies that beside the target, then runs Pagefind over the copy.

    Args:
        config_file: the project's MkDocs configuration.
        site_dir: output folder (default: ``site_dir`` of the configuration).
        linked: the linked corpus to publish (default: the statutes folder next to the configuration,
            which must then have no errors).
        generator: the site generator to run, ``mkdocs`` or ``properdocs`` (:data:`build_kb.site.stage.GENERATORS`).

    Returns:
        :class:`StagedSite`, to swap in (:meth:`StagedSite.swap_in`) and close.

    Raises:
        SiteBuildError: when the target may not be replaced (:func:`check_target`), or the site
            generator or Pagefind fails; nothing is left behind.
        KnowledgeBaseError: when a page could not be rendered.
    """
    config_file = Path(config_file).resolve()
    target = site_folder(config_file, site_dir)
    check_target(target)
    if linked is None:
        result = run(config_file.parent / "statutes")
        if result.errors:
            raise SiteBuildError("statute files have errors:\n" + "\n".join(str(d) for d in result.errors))
        linked = result.linked
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = None
    try:
        with deferred_signals():  # a signal between making the folder and naming it would leave it behind
            staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        try:
            stage = write_stage(stage_folder(config_file), config_file, linked)
            output = stage_folder(config_file, "output")
            generate(stage, output, generator)
            copy_output(output, staging)
        except (GeneratorError, ConfigurationError) as exc:
            raise SiteBuildError(str(exc)) from None
        pages = index_site(staging, search_records(linked))
        if pages == 0:
            raise SiteBuildError("Pagefind indexed nothing")
        (staging / MARKER).write_text("Built by build-kb; the next build replaces this folder whole.\n", encoding="utf-8")
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return StagedSite(staging, target, pages)


def stage_folder(config_file: str | Path, name: str = "stage") -> Path:
    """The stage folder of the project of ``config_file``: ``.build-kb/<name>`` beside it (``stage``, ``preview``)."""
    return Path(config_file).resolve().parent / ".build-kb" / name


def build_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None,
               linked: LinkedCorpus | None = None, *, generator: str = "mkdocs") -> SiteBuild:
    """Build the whole site and replace ``site_dir`` atomically (:func:`stage_site`, then the swap).

    Arguments as for :func:`stage_site`.

    Returns:
        :class:`SiteBuild`.

    Raises:
        SiteBuildError: when the site generator or Pagefind fails; ``site_dir`` is then unchanged.
        OSError: when the rename into place fails; ``site_dir`` is then unchanged.
    """
    with stage_site(config_file, site_dir, linked, generator=generator) as staged:
        staged.swap_in()
        return staged.result()
