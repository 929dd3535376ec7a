"""Build the static site: MkDocs into a temporary folder, Pagefind over it, then swap.

The previous ``site/`` stays untouched until the new one is complete: the
new site is generated next to it (same file system) and renamed into place,
so a failed or interrupted build never leaves a half site.

Search design: Pagefind indexes the built pages, with one index for the
whole site in Chinese segmentation (``force_language="zh"``). Its Chinese
tokenizer segments Han text into words and keeps Latin words whole, so
both 删除 and ``delete`` find PIPL Art. 47, and the browser downloads only
the index fragments a query needs.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config


class SiteBuildError(Exception):
    """The site could not be built; the previous site is untouched. ``str()`` says why."""


@dataclass(frozen=True)
class SiteBuild:
    """Result of :func:`build_site`: the site folder, its size (bytes), pages indexed by Pagefind."""

    site_dir: Path
    size_bytes: int
    pages_indexed: int


async def _pagefind(site: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    # The context manager writes the bundle on exit, to output_path (by default ./pagefind of the caller).
    config = IndexConfig(force_language="zh", root_selector="html", output_path=str(site / "pagefind"))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site))
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def index_site(site: Path) -> int:
    """Write the Pagefind index into ``site/pagefind``; return the number of pages in it.

    Only pages with ``data-pagefind-body`` (the instrument pages) are indexed.
    """
    return asyncio.run(_pagefind(site))


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def build_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None) -> SiteBuild:
    """Build the whole site and replace ``site_dir`` atomically.

    Args:
        config_file: the MkDocs configuration.
        site_dir: output folder (default: ``site_dir`` of the configuration).

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
        pages = index_site(staging)
        if pages == 0:
            raise SiteBuildError("Pagefind indexed no page")
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
