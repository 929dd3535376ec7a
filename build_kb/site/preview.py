"""The live preview: the stage kept up to date while the site generator serves it.

In: the project's configuration, its statutes folder and hand-written pages.
Out: a stage folder (``.build-kb/preview``, :mod:`build_kb.site.stage`) rewritten
whenever a statute file, a page or the configuration changes, served by the
generator's own development server (``mkdocs serve --dirty``), which rebuilds
the pages whose files changed and reloads the browser. Only the pages of the
edited statutes and of those joined to them are rewritten (their keys,
:func:`build_kb.render.pages.page_keys`). When the set of pages or the
configuration changes, every page's navigation changes with it: the server is
started again, and builds them all. Files with errors are left out of
the preview and named on each rebuild; the whole-graph downloads are left out.
The Pagefind index of the last full build (``site/pagefind``), if any, is
copied in, so that the preview's search works on the text of that build.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from build_kb.diagnostics import Diagnostic
from build_kb.pipeline import run
from build_kb.site.stage import Stage, generator_command, generator_environment, write_stage

#: Seconds to wait after a change for the rest of a save (editors write several events).
SETTLE_SECONDS = 0.2


class _Changed(FileSystemEventHandler):
    """Sets ``event`` on any change outside the ignored folders."""

    def __init__(self, event: threading.Event, ignored: tuple[Path, ...]) -> None:
        self.event, self.ignored = event, ignored

    def on_any_event(self, change: FileSystemEvent) -> None:
        if change.event_type in ("opened", "closed_no_write"):
            return
        path = Path(str(change.src_path))
        if not any(path == folder or folder in path.parents for folder in self.ignored):
            self.event.set()


def refresh(stage_root: Path, config_file: Path, statutes: Path, site_dir: Path | None,
            report: Callable[[list[Diagnostic]], None]) -> Stage:
    """Validate and link ``statutes`` and rewrite the preview stage at ``stage_root``.

    Args:
        stage_root: the preview's stage folder.
        config_file: the project's MkDocs configuration.
        statutes: the statutes folder.
        site_dir: the last full build, whose ``pagefind/`` folder is copied in (``None``: none).
        report: called with the errors of the files left out (an empty list when there are none).

    Returns:
        the :class:`build_kb.site.stage.Stage` written.
    """
    result = run(statutes)
    report(list(result.errors))
    stage = write_stage(stage_root, config_file, result.linked, exports=False, extra=_pagefind_files(site_dir))
    if config_file.stat().st_mtime_ns > stage.config.stat().st_mtime_ns:
        os.utime(stage.config)  # the stage inherits the project's configuration: its server reloads on its own file
    return stage


def _whole_site(stage: Stage) -> tuple:
    """What every page depends on: the set of pages (the navigation) and the configurations' bytes."""
    pages = frozenset(p.relative_to(stage.docs).as_posix() for p in stage.docs.rglob("*.md"))
    return pages, stage.config.read_bytes(), stage.config.stat().st_mtime_ns


def _pagefind_files(site_dir: Path | None) -> dict[str, bytes]:
    folder = site_dir / "pagefind" if site_dir is not None else None
    if folder is None or not folder.is_dir() or folder.is_symlink():
        return {}
    return {f"pagefind/{path.relative_to(folder).as_posix()}": path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and not path.is_symlink()}


def serve(stage_root: Path, config_file: Path, statutes: Path, site_dir: Path | None, dev_addr: str,
          report: Callable[[list[Diagnostic]], None], generator: str = "mkdocs") -> int:
    """Serve the preview on ``dev_addr`` until interrupted or the generator's server stops.

    Watches ``statutes``, the configuration's folder of pages and the configuration itself, and
    calls :func:`refresh` after each change; the generator's server (``<generator> serve``, run as
    a program) rebuilds the pages from the stage and reloads the browser.

    Args:
        stage_root, config_file, statutes, site_dir, report: as for :func:`refresh`.
        dev_addr: ``host:port`` to serve on.
        generator: ``mkdocs`` or ``properdocs``.

    Returns:
        the exit status of the generator's server (0 when interrupted with Ctrl-C).

    Raises:
        KnowledgeBaseError: when the first rendering fails (a fault of this package).
    """
    stage = refresh(stage_root, config_file, statutes, site_dir, report)
    whole = _whole_site(stage)
    changed = threading.Event()
    project = config_file.resolve().parent
    # the state folder (.build-kb: this stage, the caches) and the last build change under a preview
    handler = _Changed(changed, (stage_root.resolve().parent, *([site_dir.resolve()] if site_dir else [])))
    observer = Observer()
    for folder, recursive in ((statutes.resolve(), True), (stage.pages, True), (project, False)):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=recursive)
    observer.start()  # before the server: a save while it starts is seen
    # --dirty: the server rebuilds only the pages whose files changed (not strict: it warns of every dirty build)
    command = generator_command(generator, "serve", stage, "--dev-addr", dev_addr, "--livereload", "--dirty", "--no-strict")
    server = subprocess.Popen(command, cwd=stage.project, env=generator_environment())
    try:
        while server.poll() is None:
            if changed.wait(0.5):
                time.sleep(SETTLE_SECONDS)
                changed.clear()
                try:
                    stage = refresh(stage_root, config_file, statutes, site_dir, report)
                    if _whole_site(stage) != whole:  # every page changes: a new server builds them all
                        whole = _whole_site(stage)
                        server.terminate()
                        server.wait(timeout=30)
                        server = subprocess.Popen(command, cwd=stage.project, env=generator_environment())
                except Exception as exc:  # noqa: BLE001 - the preview goes on; the message says what failed
                    report([Diagnostic(str(statutes), 0, 0, "", f"the preview could not be rebuilt: {exc}",
                                       "fix the file named, or restart build-kb serve")])
        return server.returncode
    except KeyboardInterrupt:
        server.terminate()
        server.wait(timeout=30)
        return 0
    finally:
        observer.stop()
        observer.join(timeout=5)
        if server.poll() is None:
            server.kill()
