"""The site's sources as ordinary files, written before the site generator runs.

In: the project's MkDocs configuration (``mkdocs.yml``), its hand-written pages
(the configuration's ``docs_dir``, ``content/``) and the linked corpus. Out: a
stage folder that any MkDocs-compatible generator builds as it is::

    <stage>/mkdocs.yml   INHERIT: the project's configuration; docs_dir, nav and theme.custom_dir set
    <stage>/docs/        the hand-written pages, then every generated page and download
    <stage>/overrides/   the package's theme extension (theme/: the Content-Security-Policy)

:func:`run_generator` then runs ``mkdocs build`` (or ``properdocs build``) on it
as a program of its own: no page exists only inside a plugin hook, so moving
to another generator that reads ``mkdocs.yml`` means running that program.

The stage is kept between builds: a file whose bytes have not changed is not
rewritten (its time stays), files no longer generated are removed, so a
generator watching the folder (``build-kb serve``) sees only real changes. An
instrument's pages are not even rendered again when their key (a digest of
everything they show, :func:`build_kb.render.pages.page_keys`) is the one the
stage recorded for the pages it holds (``page-keys.json``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import load_config

from build_kb.link.graph import LinkedCorpus
from build_kb.model import JURISDICTIONS
from build_kb.render.pages import page_keys, render_pages
from build_kb.render.templating import site_text
from build_kb.render.urls import page_path

#: The package's theme extension, put before the theme's own templates (``theme.custom_dir``).
THEME_DIR = Path(__file__).resolve().parent / "theme"
#: Site generators :func:`run_generator` knows: name → the module run as ``python -m <module>``.
GENERATORS = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


class GeneratorError(Exception):
    """The site generator failed; ``str()`` holds its own messages (warnings and errors)."""


@dataclass(frozen=True)
class Stage:
    """A written stage folder.

    Attributes:
        root: the stage folder.
        config: its configuration (``root/mkdocs.yml``), which inherits the project's.
        docs: the folder of pages the generator reads (``root/docs``).
        project: the folder of the project's configuration; the generator runs there, so that
            paths in it relative to the project (snippets' ``base_path``) still hold.
        pages: the project's folder of hand-written pages (its ``docs_dir``), copied into ``docs``.
        written: files (docs-relative paths) written or removed by this call: what changed.
    """

    root: Path
    config: Path
    docs: Path
    project: Path
    pages: Path
    written: tuple[str, ...]


def site_nav(linked: LinkedCorpus, configured: list | None) -> list:
    """The site navigation: home, one tab per jurisdiction (its instruments), Compare, then ``configured``.

    Args:
        linked: the linked corpus whose instruments are listed, in corpus order.
        configured: the ``nav`` of the project's configuration (hand-written pages), or ``None``.

    Returns:
        a MkDocs ``nav`` list; labels are escaped (:func:`build_kb.render.templating.site_text`), since the theme
        writes them into pages unescaped.
    """
    nav: list = [{"Home": "index.md"}]
    by_jurisdiction: dict[str, list] = {}
    for instrument in linked.corpus.instruments:
        label = str(site_text(f"{instrument.short_title.zh} {instrument.short_title.en}".strip()))
        by_jurisdiction.setdefault(JURISDICTIONS[instrument.jurisdiction], []).append({label: page_path(instrument.id)})
    nav += [{name: pages} for name, pages in by_jurisdiction.items()]
    nav += [{"Compare": [{"Topics": "topics/index.md"}, {"Gap matrix": "gaps.md"}, {"Redlines": "redlines/index.md"},
                         {"From proposal to law": "proposals.md"}, {"Graph": "graph.md"}]}]
    return nav + list(configured or [])


def _tree(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` (hidden ones left out): folder-relative POSIX path → path."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            found[relative.as_posix()] = path
    return found


#: The stage's record of the key of each instrument page it holds (:func:`build_kb.render.pages.page_keys`).
_KEYS = "page-keys.json"


def _read_keys(path: Path) -> dict[str, str]:
    """The page keys a stage recorded, or ``{}`` when there are none it can read."""
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) and all(isinstance(v, str) for v in keys.values()) else {}


def _sync(folder: Path, files: dict[str, bytes], keep: frozenset[str] = frozenset()) -> list[str]:
    """Make ``folder`` hold exactly ``files`` (relative path → bytes) and the files ``keep`` it holds
    already, untouched; return the paths written or removed."""
    changed = []
    for relative, path in _tree(folder).items() if folder.is_dir() else ():
        if relative not in files and relative not in keep:
            path.unlink()
            changed.append(relative)
    for relative, content in files.items():
        path = folder / relative
        try:
            if path.read_bytes() == content:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        changed.append(relative)
    for directory in sorted((d for d in folder.rglob("*") if d.is_dir()), key=lambda d: len(d.parts), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()
    return changed


def _encoded(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def write_stage(root: str | Path, config_file: str | Path, linked: LinkedCorpus, *, exports: bool = True,
                extra: dict[str, bytes] | None = None) -> Stage:
    """Write the stage folder for ``linked`` at ``root`` (created when missing, else brought up to date).

    Args:
        root: the stage folder (``.build-kb/stage`` for builds, ``.build-kb/preview`` for the preview).
        config_file: the project's MkDocs configuration; its ``docs_dir`` holds the hand-written pages
            (a generated page of the same path replaces one), its ``nav`` the order of their tabs, its
            ``theme.custom_dir`` (if any) templates that the package's own then extend.
        linked: the linked corpus to render (:func:`build_kb.render.pages.render_pages`).
        exports: whether to write the whole-graph downloads (left out by the preview).
        extra: more files for ``docs`` (docs-relative path → bytes), e.g. the preview's copy of the
            last build's Pagefind index.

    Returns:
        :class:`Stage`.

    Raises:
        KnowledgeBaseError: when a page could not be rendered (:func:`build_kb.render.pages.render_pages`).
        mkdocs.exceptions.ConfigurationError: when the project's configuration is not valid.
        OSError: when the stage cannot be written.
    """
    root, config_file = Path(root).resolve(), Path(config_file).resolve()
    project = load_config(str(config_file))
    keys = page_keys(linked)
    previous = _read_keys(root / _KEYS)
    # a page whose key is that of the page the stage holds is not rendered again: it is kept as it is
    kept = frozenset(path for path, key in keys.items() if previous.get(path) == key and (root / "docs" / path).is_file())
    docs = {relative: path.read_bytes() for relative, path in _tree(Path(project.docs_dir)).items() if relative not in kept}
    docs.update({relative: _encoded(content) for relative, content in render_pages(linked, exports=exports, skip=kept).items()})
    docs.update(extra or {})
    # until the pages are written, no page has a key: an interrupted write leaves nothing to trust
    (root / _KEYS).unlink(missing_ok=True)
    overrides: dict[str, bytes] = {}
    if project.theme.custom_dir:
        overrides.update({relative: path.read_bytes() for relative, path in _tree(Path(project.theme.custom_dir)).items()})
    overrides.update({relative: path.read_bytes() for relative, path in _tree(THEME_DIR).items()})
    root.mkdir(parents=True, exist_ok=True)
    written = _sync(root / "docs", docs, kept - docs.keys())
    _sync_file(root / _KEYS, json.dumps(keys, indent=0, sort_keys=True).encode("utf-8"))
    _sync(root / "overrides", overrides)
    # JSON is YAML: every label and path quoted, whatever it holds
    config = {"INHERIT": os.path.relpath(config_file, root), "docs_dir": str(root / "docs"),
              "nav": site_nav(linked, project.nav), "theme": {"custom_dir": str(root / "overrides")}}
    text = "# Written by build-kb from the project's configuration; rewritten on every build.\n" \
        + json.dumps(config, ensure_ascii=False, indent=1) + "\n"
    if _sync_file(root / "mkdocs.yml", text.encode("utf-8")):
        written.append("mkdocs.yml")
    return Stage(root, root / "mkdocs.yml", root / "docs", config_file.parent, Path(project.docs_dir), tuple(written))


def _sync_file(path: Path, content: bytes) -> bool:
    try:
        if path.read_bytes() == content:
            return False
    except OSError:
        pass
    path.write_bytes(content)
    return True


def generator_command(generator: str, verb: str, stage: Stage, *arguments: str) -> list[str]:
    """The command that runs ``generator`` (a key of :data:`GENERATORS`) with ``verb`` on ``stage``.

    Raises:
        ValueError: when the generator is not one of :data:`GENERATORS`.
    """
    if generator not in GENERATORS:
        raise ValueError(f"unknown site generator {generator!r}: choose one of {', '.join(GENERATORS)}")
    return [sys.executable, "-m", GENERATORS[generator], verb, "--config-file", str(stage.config), *arguments]


def generator_environment() -> dict[str, str]:
    """The environment the generator runs in: this one, without MkDocs' banner about its version 2."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def run_generator(stage: Stage, site_dir: str | Path, generator: str = "mkdocs", *, dirty: bool = False) -> None:
    """Build the site of ``stage`` into ``site_dir`` with ``generator``, run as a program (``python -m``).

    Args:
        stage: a stage written by :func:`write_stage`.
        site_dir: the folder to build into (emptied first by the generator, unless ``dirty``).
        generator: ``mkdocs`` or ``properdocs`` (:data:`GENERATORS`).
        dirty: render only the pages whose source is newer than their page in ``site_dir``
            (``--dirty``; not strict, since the generator warns of every dirty build; for
            :func:`build_kb.site.output.generate`, which decides when that is safe).

    Raises:
        GeneratorError: when the generator exits with an error (under ``strict: true`` a warning is
            one), or cannot be started; the message holds its warnings and errors.
        ValueError: for an unknown generator.
    """
    command = generator_command(generator, "build", stage, "--site-dir", str(Path(site_dir).resolve()), "--quiet",
                                *(("--dirty", "--no-strict") if dirty else ()))
    try:
        done = subprocess.run(command, cwd=stage.project, capture_output=True, text=True, env=generator_environment())
    except OSError as exc:
        raise GeneratorError(f"cannot run {generator}: {exc}") from None
    if done.returncode != 0:
        said = [line for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise GeneratorError(f"{generator} stopped (exit {done.returncode}):\n" + "\n".join(said[-40:]))
