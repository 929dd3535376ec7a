"""All of the site's generated pages and downloads, and the site search's records, from one linked corpus.

In: the :class:`~build_kb.link.graph.LinkedCorpus`. Out: docs-relative path → text or bytes
(:func:`render_pages`), and one :class:`SearchRecord` per article for Pagefind (:func:`search_records`).
The page layout is computed once here and passed to every page that links.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path

from build_kb.citation import cite_en, cite_zh
from build_kb.compare.redline import changes_by_provision
from build_kb.diagnostics import Diagnostic, KnowledgeBaseError, reported
from build_kb.link.graph import LinkedCorpus
from build_kb.model import JURISDICTIONS, ProvisionId
from build_kb.render.comparison import comparison_pages
from build_kb.render.graph import graph_files
from build_kb.render.instrument import render_division, render_home, render_instrument
from build_kb.render.urls import Layout, divisions, page_path


def render_pages(linked: LinkedCorpus, exports: bool = True, *, skip: frozenset[str] = frozenset()) -> dict[str, str | bytes]:
    """Every generated page and download: docs-relative path → text (Markdown for ``.md``).

    Args:
        linked: the linked corpus.
        exports: whether to include the whole-graph downloads (the preview server leaves them out).
        skip: pages not to render, because the caller has them already (an instrument's pages whose
            :func:`page_keys` are those of the pages it holds); an instrument is rendered unless its
            page and all its division pages are in ``skip``. Skipped pages are not in the result.

    Raises:
        KnowledgeBaseError: when a page could not be rendered (a fault of this package, reported
            with the file whose page it was, after every other page was tried).
    """
    problems: list[Diagnostic] = []
    layout = Layout.of(linked.corpus)
    pages: dict[str, str | bytes] = {"index.md": render_home(linked)}
    changed = changes_by_provision(linked.corpus)
    for instrument in linked.corpus.instruments:
        own = instrument_pages(instrument)
        if all(path in skip for path in own):
            continue
        with reported(problems, instrument.file, "rendering the page of"):
            pages[own[0]] = render_instrument(linked, instrument, changed, layout)
            for division, path in zip(divisions(instrument), own[1:]):
                pages[path] = render_division(linked, instrument, division, changed, layout)
    with reported(problems, "statutes", "rendering the comparison pages from"):
        pages.update(comparison_pages(linked, layout))
    with reported(problems, "statutes", "writing the graph downloads from"):
        pages.update(graph_files(linked, layout, exports))
    if problems:
        raise KnowledgeBaseError(problems)
    return pages


def instrument_pages(instrument) -> tuple[str, ...]:
    """The docs-relative paths of an instrument's pages: its own first, then one per division."""
    return (page_path(instrument.id),) + tuple(f"{instrument.id}/{d.eid}.md" for d in divisions(instrument))


def _code_digest() -> bytes:
    """SHA-256 of every file of the package (code, templates, theme, schemas): other code, other pages."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


def page_keys(linked: LinkedCorpus) -> dict[str, str]:
    """For every page of every instrument (:func:`instrument_pages`): a digest (hex) of all it shows.

    A page shows its instrument, and of other instruments only what a link, a citation label or a
    version note takes from those it is joined to in the graph (either way) or by a relation; and
    the topics, succession tables and proposals. So its key digests this package's files, its
    instrument, those neighbours, and those three tables: equal keys, equal pages. (A change
    elsewhere that a page does not show may change its key; a change it shows always does.)

    Returns:
        docs-relative page path → SHA-256 hex digest.
    """
    corpus = linked.corpus
    own = {i.id: hashlib.sha256(pickle.dumps(i, protocol=5)).digest() for i in corpus.instruments}
    tables = hashlib.sha256(pickle.dumps((corpus.topics, corpus.successions, corpus.proposals), protocol=5)).digest()
    code = _code_digest()
    neighbours: dict[str, set[str]] = {key: set() for key in own}
    for source, target in linked.graph.edges():
        first, second = str(source).split("#", 1)[0], str(target).split("#", 1)[0]
        if first != second and first in own and second in own:
            neighbours[first].add(second)
            neighbours[second].add(first)
    for instrument in corpus.instruments:
        for relation in instrument.relations:
            if relation.target in own:
                neighbours[instrument.id].add(relation.target)
                neighbours[relation.target].add(instrument.id)
    keys = {}
    for instrument in corpus.instruments:
        digest = hashlib.sha256(code + tables + instrument.id.encode() + b"\0" + own[instrument.id])
        for other in sorted(neighbours[instrument.id]):
            digest.update(other.encode() + b"\0" + own[other])
        for path in instrument_pages(instrument):
            keys[path] = digest.hexdigest()
    return keys


@dataclass(frozen=True)
class SearchRecord:
    """One article (or recital) as the site search indexes it.

    Attributes:
        url: site-absolute URL with the article's anchor (``/cn/pipl/#art_47``).
        title: the citation shown as the hit's title.
        content: every text of the article, official and translated, headings included.
        jurisdiction: the jurisdiction's name, for the search filter.
    """

    url: str
    title: str
    content: str
    jurisdiction: str


def search_records(linked: LinkedCorpus) -> list[SearchRecord]:
    """One record per article, section and recital of every instrument, in corpus order."""
    layout = Layout.of(linked.corpus)
    records = []
    for instrument in linked.corpus.instruments:
        for article in instrument.recitals() + instrument.articles():
            texts = [article.heading.zh, article.heading.en]
            for provision in article.walk():
                texts += [provision.heading.zh if provision is not article else "", provision.text.zh, provision.text.en,
                          provision.continuation.zh, provision.continuation.en]
            chinese = cite_zh(instrument, article.eid)
            english = cite_en(instrument, article.eid)
            title = f"{chinese} · {english}" if chinese else english
            if article.heading.en and instrument.official_language == "en":
                title += f" · {article.heading.en}"
            page = layout.page(ProvisionId(instrument.id, article.eid))
            records.append(SearchRecord(f"/{page}#{article.eid}", title,
                                        "\n".join(t for t in texts if t), JURISDICTIONS[instrument.jurisdiction]))
    return records
