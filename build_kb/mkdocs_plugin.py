"""MkDocs plugin: a thin adapter that adds the generated statute pages.

Enabled in ``mkdocs.yml`` as ``plugins: [build_kb]``. On each build (and each
rebuild under ``mkdocs serve``) it runs the pipeline, adds the rendered pages
as virtual files (nothing is written into ``content/``), lays out the
navigation, and asks the live server to watch the statutes folder. A statute
file with errors stops the build with the diagnostics, so a broken file
never produces a half site; the preview server goes on without the files in
error and names them on each rebuild.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .model import JURISDICTIONS
from .pipeline import PipelineResult, run
from .render import page_path, render_pages, site_text


log = logging.getLogger("mkdocs.plugins.build_kb")

BODY_MARKER = "<!-- build-kb: instrument body -->"
#: Templates that extend and replace the theme's (Material for MkDocs) own.
THEME_DIR = Path(__file__).resolve().parent / "theme"


class StatutesPluginConfig(Config):
    """Options: ``statutes_dir``, the folder of instrument YAML files (relative to mkdocs.yml)."""

    statutes_dir = config_options.Type(str, default="statutes")


class StatutesPlugin(BasePlugin[StatutesPluginConfig]):
    """Adds ``index.md`` and one page per instrument, generated from the statutes folder."""

    def __init__(self) -> None:
        self.result: PipelineResult | None = None
        self.bodies: dict[str, str] = {}
        self.serving = False

    def on_startup(self, *, command, dirty) -> None:
        """Note whether this is the preview server, which skips the whole-graph downloads."""
        self.serving = command == "serve"

    def _statutes_dir(self, config) -> Path:
        return Path(config.config_file_path).parent / self.config.statutes_dir

    def on_config(self, config):
        """Run the pipeline; fail with every error; build the navigation; put the package's theme
        extension (``theme/``: the Content-Security-Policy, no inline script) before the theme's own templates."""
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(0, str(THEME_DIR))
        self.result = run(self._statutes_dir(config))
        if self.result.errors and not self.serving:
            raise PluginError("statute files have errors:\n" + "\n".join(str(d) for d in self.result.errors))
        if self.result.errors:  # the preview goes on without the files in error, which it names each time
            log.info("statute files have errors; the preview leaves them out until they are fixed:\n"
                     + "\n".join(str(d) for d in self.result.errors))
        nav = [{"Home": "index.md"}]
        by_jurisdiction: dict[str, list] = {}
        for instrument in self.result.linked.corpus.instruments:
            label = site_text(f"{instrument.short_title.zh} {instrument.short_title.en}".strip())
            by_jurisdiction.setdefault(JURISDICTIONS[instrument.jurisdiction], []).append({label: page_path(instrument.id)})
        nav += [{name: pages} for name, pages in by_jurisdiction.items()]
        nav += [{"Compare": [{"Topics": "topics/index.md"}, {"Gap matrix": "gaps.md"}, {"Redlines": "redlines/index.md"},
                             {"From proposal to law": "proposals.md"}, {"Graph": "graph.md"}]}]
        nav += config.nav or []
        config.nav = nav
        return config

    def on_files(self, files: Files, config) -> Files:
        """Add the generated pages as virtual files.

        An instrument page is HTML already (built and escaped by the templates): Markdown
        gets only its front matter and a marker, and :meth:`on_page_content` puts the body
        in place, which spares Python-Markdown from re-reading megabytes of raw HTML.
        """
        assert self.result is not None
        self.bodies = {}
        for path, content in render_pages(self.result.linked, exports=not self.serving).items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            if path.endswith(".md") and path != "index.md" and content.startswith("---\n"):
                end = content.index("\n---\n", 4) + 5
                self.bodies[path] = content[end:]
                content = content[:end] + "\n" + BODY_MARKER + "\n"
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_content(self, html: str, page, config, files) -> str:
        """Put an instrument page's HTML body in place of its marker."""
        body = self.bodies.get(page.file.src_uri)
        return html.replace(BODY_MARKER, body, 1) if body is not None else html

    def on_serve(self, server, config, builder):
        """Rebuild when a statute file changes."""
        server.watch(str(self._statutes_dir(config)))
        return server
