"""All of the site's generated pages and downloads, and the site search's records, from one linked corpus.

In: the :class:`~build_kb.link.graph.LinkedCorpus`. Out: docs-relative path → text or bytes
(:func:`render_pages`), and one :class:`SearchRecord` per article for Pagefind (:func:`search_records`).
The page layout is computed once here and passed to every page that links.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_kb.citation import cite_en, cite_zh
from build_kb.compare.redline import changes_by_provision
from build_kb.diagnostics import Diagnostic, KnowledgeBaseError, reported
from build_kb.link.graph import LinkedCorpus
from build_kb.model import JURISDICTIONS, ProvisionId
from build_kb.render.comparison import comparison_pages
from build_kb.render.graph import graph_files
from build_kb.render.instrument import render_division, render_home, render_instrument
from build_kb.render.urls import Layout, divisions, page_path


def render_pages(linked: LinkedCorpus, exports: bool = True) -> dict[str, str | bytes]:
    """Every generated page and download: docs-relative path → text (Markdown for ``.md``).

    ``exports=False`` leaves out the whole-graph downloads (for the preview server).

    Raises:
        KnowledgeBaseError: when a page could not be rendered (a fault of this package, reported
            with the file whose page it was, after every other page was tried).
    """
    problems: list[Diagnostic] = []
    layout = Layout.of(linked.corpus)
    pages: dict[str, str | bytes] = {"index.md": render_home(linked)}
    changed = changes_by_provision(linked.corpus)
    for instrument in linked.corpus.instruments:
        with reported(problems, instrument.file, "rendering the page of"):
            pages[page_path(instrument.id)] = render_instrument(linked, instrument, changed, layout)
            for division in divisions(instrument):
                pages[f"{instrument.id}/{division.eid}.md"] = render_division(linked, instrument, division, changed, layout)
    with reported(problems, "statutes", "rendering the comparison pages from"):
        pages.update(comparison_pages(linked, layout))
    with reported(problems, "statutes", "writing the graph downloads from"):
        pages.update(graph_files(linked, layout, exports))
    if problems:
        raise KnowledgeBaseError(problems)
    return pages


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
