"""Build the static site: MkDocs into a temporary folder, Pagefind over it, then swap.

The previous ``site/`` stays untouched until the new one is complete: the
new site is generated next to it (same file system) and renamed into place,
so a failed or interrupted build never leaves a half site.

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
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .pipeline import run
from .render import SearchRecord, search_records


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


def build_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None,
               records: list[SearchRecord] | None = None) -> SiteBuild:
    """Build the whole site and replace ``site_dir`` atomically.

    Args:
        config_file: the MkDocs configuration.
        site_dir: output folder (default: ``site_dir`` of the configuration).
        records: what the site search indexes (default: the articles of the statutes
            folder next to the configuration, via :func:`build_kb.render.search_records`).

    Returns:
        :class:`SiteBuild`.

    Raises:
        SiteBuildError: when MkDocs or Pagefind fails; ``site_dir`` is then unchanged.
    """
    config_file = Path(config_file).resolve()
    probe = load_config(str(config_file))
    target = Path(site_dir).resolve() if site_dir else Path(probe.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        try:
            mkdocs_build(config)
        except SystemExit as exc:  # MkDocs exits on strict-mode warnings
            raise SiteBuildError(f"MkDocs stopped (exit {exc.code}); see the messages above") from None
        except Exception as exc:  # noqa: BLE001 - MkDocs and plugins raise many kinds
            raise SiteBuildError(str(exc)) from None
        if records is None:
            records = search_records(run(config_file.parent / "statutes").linked)
        pages = index_site(staging, records)
        if pages == 0:
            raise SiteBuildError("Pagefind indexed nothing")
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return SiteBuild(target, _size(target), pages)


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with renames only."""
    new.chmod(0o755)
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
