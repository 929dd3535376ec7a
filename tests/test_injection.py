"""Stored script injection: every string field of every kind of file carries a script, and no page runs it.

The corpus is the real one cut down (every instrument, with its first articles and those that two proposals,
the topics they name and one succession table name; those files whole), with a payload appended to
every string that the validator accepts with one: metadata, titles, text, notes, topics, successions,
proposals. A string that cannot carry one (an id, a date, a status) is found by the validator's own
errors and left as it was, so the list of fields is the schema's and the validator's, not this file's.
The site built from it is walked page by page in Chromium: no payload may run, and the
Content-Security-Policy must report nothing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from build_kb.load.dump import dump
from build_kb.load.files import load_file
from build_kb.pipeline import proposal_files, run_uncached, statute_files, succession_files, topic_files

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]

#: Appended to every string: a script element, event handlers in and out of attributes, a Markdown
#: link with a javascript: address, a template expression and an entity that must stay as written.
PAYLOAD = (' <script>kbRan("script")</script><img src=x onerror=kbRan("img")>"\'><svg onload=kbRan("svg")>'
           ' [x](javascript:kbRan("md")) {{7*7}} &lt;b&gt;')
SCHEMAS = {"instrument": "../../schema/instrument.schema.json", "topic": "../../schema/topic.schema.json",
           "succession": "../../schema/succession.schema.json", "proposal": "../../schema/proposal.schema.json"}


def _strings(node, path=()):
    """Every (path, string) in loaded data, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,))
    elif isinstance(node, str):
        yield path, node


def _set(data, path, value):
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _article(eid: str) -> str:
    return eid.split("__", 1)[0]


def _prune(provisions: list, keep: set[str]) -> list:
    """The provisions whose article is in ``keep``, with the containers that hold them."""
    kept = []
    for node in provisions:
        eid = node["eid"]
        if eid.startswith(("art_", "sec_", "rct_")):
            if _article(eid) in keep:
                kept.append(node)
        elif node.get("children"):
            children = _prune(node["children"], keep)
            if children:
                kept.append(dict(node, children=children))
    return kept


def _articles(provisions: list) -> list[str]:
    found = []
    for node in provisions:
        if node["eid"].startswith(("art_", "sec_")):
            found.append(node["eid"])
        else:
            found += _articles(node.get("children") or [])
    return found


def _payload_corpus(out: Path) -> dict[str, tuple[int, int]]:
    """Write the payload corpus to ``out``; return per kind of file the fields that carry a payload."""
    statutes = ROOT / "statutes"
    proposals = proposal_files(statutes)[:2]
    topics = {t for p in proposals for t in load_file(p).data.get("topics", [])}
    chosen = {"topic": [p for p in topic_files(statutes) if p.stem in topics], "proposal": proposals,
              "succession": sorted(succession_files(statutes), key=lambda p: p.stat().st_size)[:1]}
    named: dict[str, set[str]] = {}
    files: dict[Path, tuple[str, dict]] = {}
    for kind, paths in chosen.items():
        for path in paths:
            data = load_file(path).data
            files[out / path.relative_to(statutes)] = (kind, data)
            for _, value in _strings(data):
                if "#" in value and "/" in value.split("#")[0]:
                    instrument, eid = value.split("#", 1)
                    named.setdefault(instrument, set()).add(_article(eid))
            for side in ("from", "to"):
                if side in data:
                    for step in data.get("articles", []):
                        for eid in [step.get(side)] if isinstance(step.get(side), str) else step.get(side) or []:
                            named.setdefault(data[side], set()).add(_article(eid))
    for path in statute_files(statutes):
        data = load_file(path).data
        keep = set(_articles(data["provisions"])[:2]) | named.get(data["id"], set())
        recitals = [p["eid"] for p in data["provisions"] if p["eid"].startswith("rct_")][:2]
        keep |= set(recitals)
        data["provisions"] = _prune(data["provisions"], keep)
        for node in _walk(data["provisions"]):
            if "explained_by" in node:
                node["explained_by"] = [r for r in node["explained_by"] if r in keep] or recitals[:1]
        files[out / path.relative_to(statutes)] = ("instrument", data)
    originals = {target: {p: v for p, v in _strings(data)} for target, (_, data) in files.items()}
    for target, (_, data) in files.items():
        for path, value in _strings(data):
            _set(data, path, value + PAYLOAD)
    for _ in range(6):  # revert, round by round, the strings the validator refuses with a payload
        _write(files)
        errors, unplaced = run_uncached(out, cache=False).errors, []
        if not errors:
            break
        for error in errors:
            target = Path(error.file).resolve()
            loaded = load_file(target)
            for path, value in _strings(loaded.data):
                if PAYLOAD in value and (error.line, error.col) in (loaded.where(path), loaded.where(path, key=True)):
                    _set(files[target][1], path, originals[target][path])
                    break
            else:
                unplaced.append(error)
        if unplaced:
            break
    else:
        pytest.fail("the payload corpus does not validate:\n" + "\n".join(map(str, errors)))
    fields: dict[str, set[str]] = {}
    for kind, data in files.values():
        fields.setdefault(kind, set()).update(_field(path) for path, value in _strings(data) if PAYLOAD in value)
    return fields


def _field(path) -> str:
    """The name of a field: its last two keys when the last is a language (``title.zh``), else its last key."""
    keys = [step for step in path if isinstance(step, str)]
    return ".".join(keys[-2:]) if keys[-1] in ("zh", "en") or keys[-2:-1] == ["source"] else keys[-1]


def _walk(provisions):
    for node in provisions:
        yield node
        yield from _walk(node.get("children") or [])


def _write(files: dict[Path, tuple[str, dict]]) -> None:
    for target, (kind, data) in files.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(data, SCHEMAS[kind]), encoding="utf-8")


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory):
    """(site folder, fields with a payload per kind of file) of the payload corpus, built like the real site."""
    from build_kb.site.build import build_site

    project = tmp_path_factory.mktemp("payload")
    for name in ("mkdocs.yml", "content", "CONTRIBUTING.md"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    fields = _payload_corpus(project / "statutes")
    build_site(project / "mkdocs.yml", project / "site")
    return project / "site", fields


def test_every_free_text_field_of_every_kind_of_file_carries_a_payload(payload_site):
    _, fields = payload_site
    assert {"title.zh", "title.en", "short_title.zh", "short_title.en", "issuing_body.en", "citation.en", "status_note.en",
            "source.url", "source.note", "source.licence", "heading.zh", "heading.en", "num", "text.zh", "text.en",
            "note.en", "continuation.en"} <= fields["instrument"]
    assert {"label.zh", "label.en", "description.zh", "description.en", "note.en", "coverage_note.en"} <= fields["topic"]
    assert {"basis.en"} <= fields["succession"]
    assert {"title.zh", "title.en", "summary.en", "analysis.en", "note.en"} <= fields["proposal"]


def test_payloads_reach_the_pages_as_text(payload_site):
    site, _ = payload_site
    page = (site / "cn" / "pipl" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;kbRan(" in page and "<script>kbRan(" not in page
    assert "<img src=x" not in page and "<svg onload" not in page
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=kbRan(" in nav and "<img src=x" not in nav


def _pages(site: Path) -> list[str]:
    return sorted(str(p.parent.relative_to(site)).replace(".", "") + "/" for p in site.rglob("index.html")
                  if "pagefind" not in p.parts)


@pytest.mark.browser
def test_no_page_runs_a_payload_and_the_policy_reports_nothing(payload_site):
    site, _ = payload_site
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    pages = [p.lstrip("/") for p in _pages(site)]
    pages += ["search/?q=kbRan", "search/?q=script", "graph/?id=cn/pipl", "graph/?id=cn/pipl%23art_1", "graph/?id=eu/gdpr"]
    ran, blocked = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.add_init_script("window.kbRan = function (k) { window.__kbRan.push(k); }; window.__kbRan = [];"
                                 "document.addEventListener('securitypolicyviolation', function (e) {"
                                 " (window.__kbBlocked = window.__kbBlocked || []).push(e.violatedDirective + ' ' + e.blockedURI); });")
            page.on("dialog", lambda dialog: (ran.append(f"dialog {dialog.message}"), dialog.dismiss()))
            for address in pages:
                page.goto(f"{base}/{address}")
                if address.startswith("search/?"):
                    page.wait_for_selector(".pagefind-ui__result, .pagefind-ui__message", timeout=15000)
                if address.startswith("graph/?"):
                    page.wait_for_function("() => ['true', 'error'].includes(document.getElementById('kb-graph').dataset.ready)")
                ran += [f"{address}: {k}" for k in page.evaluate("window.__kbRan")]
                blocked += [f"{address}: {b}" for b in page.evaluate("window.__kbBlocked || []")]
            search_hits = None
            page.goto(f"{base}/search/?q=kbRan")
            page.wait_for_selector(".pagefind-ui__result", timeout=15000)
            search_hits = page.locator(".pagefind-ui__result").count()
            browser.close()
    finally:
        server.shutdown()
    assert len(pages) > 30
    assert search_hits > 0
    assert ran == []
    assert blocked == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' \'wasm-unsafe-eval\'; '
          "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'\">")


def test_every_page_of_the_real_site_has_the_policy_before_any_script_and_no_inline_script(built_site):
    import re

    pages = [p for p in built_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 100
    for path in pages:
        html = path.read_text(encoding="utf-8")
        where = path.relative_to(built_site)
        assert html.count(POLICY) == 1, where
        assert html.index(POLICY) < html.index("<script"), where
        inline = [m.group(0)[:80] for m in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", html)]
        assert inline == [], where
        assert not re.search(r"<[^>]+\son[a-z]+=", html), where
