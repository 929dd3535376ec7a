"""Shared fixtures: the real corpus, a real site build, and a local HTTP server for it."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

from build_kb.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
STATUTES = ROOT / "statutes"
#: The official source texts the fidelity tests compare against: ``sources/`` (README, "Sources"),
#: or another copy named by ``$KB_SOURCES``.
SOURCES = Path(os.environ.get("KB_SOURCES", ROOT / "sources"))


@pytest.fixture(scope="session")
def result():
    """The pipeline run on the real statutes folder."""
    return run(STATUTES)


@pytest.fixture(scope="session")
def linked(result):
    return result.linked


@pytest.fixture(scope="session")
def sources() -> Path:
    """The sources folder; its absence is a failure, never a skip (the fidelity tests are the proof of the text)."""
    if not SOURCES.is_dir():
        pytest.fail(f"the official sources are missing at {SOURCES}: they are part of the repository (sources/)")
    return SOURCES


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per test session into a temporary folder."""
    from build_kb.site.build import build_site

    site = tmp_path_factory.mktemp("site") / "site"
    build_site(ROOT / "mkdocs.yml", site)
    return site


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site served on localhost (a thread of this process)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass
