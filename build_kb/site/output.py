"""The site generator's output, kept between builds and brought up to date page by page.

In: a written :class:`~build_kb.site.stage.Stage` (what changed in it: ``Stage.written``).
Out: ``.build-kb/output``, the generator's site for that stage, from which each build copies
the site it publishes (:func:`generate`).

A build from nothing runs the generator on the whole stage into a new folder. When
only generated pages changed since the output was last brought up to date (same
generator, same configuration and navigation, same theme files, the same set of
pages, the same hand-written pages), the generator runs with ``--dirty`` into
the kept output: it renders again only the pages whose source is newer than
what it wrote, so an edit of one statute renders one page. Anything else, or an
output left incomplete by a failed or interrupted run, means a build from
nothing. The published site is always a copy: nothing the generator does to its
kept output touches a site already published.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from build_kb.site.stage import Stage, run_generator

#: Written into the output once the generator has finished: what it was built from.
STATE = ".build-kb-output.json"


def _digest_tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _state(stage: Stage, generator: str) -> dict[str, str]:
    """What decides whether the kept output can be brought up to date page by page."""
    names = hashlib.sha256("\n".join(sorted(p.relative_to(stage.docs).as_posix() for p in stage.docs.rglob("*")
                                            if p.is_file())).encode()).hexdigest()
    return {"generator": generator, "config": hashlib.sha256(stage.config.read_bytes()).hexdigest(),
            "theme": _digest_tree(stage.root / "overrides"), "pages": names, "hand-written": _digest_tree(stage.pages)}


def _read_state(output: Path) -> dict | None:
    try:
        state = json.loads((output / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def _destination(stage: Stage, relative: str, output: Path, directory_urls: bool) -> Path:
    """Where the generator writes the page or file ``relative`` of the stage's docs (MkDocs' own rule)."""
    from mkdocs.structure.files import File

    return Path(File(relative, str(stage.docs), str(output), directory_urls).abs_dest_path)


def generate(stage: Stage, output: Path, generator: str = "mkdocs") -> bool:
    """Bring ``output`` up to date with ``stage``: the whole site, or only its changed pages.

    Args:
        stage: the stage just written (:func:`build_kb.site.stage.write_stage`).
        output: the kept output folder (``.build-kb/output``); created when missing.
        generator: ``mkdocs`` or ``properdocs``.

    Returns:
        ``True`` when only the changed pages were rendered, ``False`` for a build from nothing.

    Raises:
        GeneratorError: when the generator fails; the output is then marked incomplete, so that
            the next build starts from nothing.
    """
    from mkdocs.config import load_config

    state = _state(stage, generator)
    fresh = output.with_name(output.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)  # what a killed build from nothing left
    dirty = _read_state(output) == state
    if dirty:
        (output / STATE).unlink()
        # what changed is rendered again even where a file's time would not tell the generator so
        directory_urls = load_config(str(stage.config)).use_directory_urls
        for relative in stage.written:
            _destination(stage, relative, output, directory_urls).unlink(missing_ok=True)
        run_generator(stage, output, generator, dirty=True)
    else:
        run_generator(stage, fresh, generator)
        shutil.rmtree(output, ignore_errors=True)
        fresh.rename(output)
    (output / STATE).write_text(json.dumps(state, indent=1), encoding="utf-8")
    return dirty


def copy_output(output: Path, target: Path) -> None:
    """Copy the kept output into the empty folder ``target`` (without its state file)."""
    shutil.copytree(output, target, dirs_exist_ok=True, ignore=lambda folder, names: [STATE] if STATE in names else [])
