"""Where each page and provision lives on the site, and links between them.

Pages are served with directory URLs: ``cn/pipl.md`` is ``/cn/pipl/``, so PIPL Art. 47 is at
``/cn/pipl/#art_47``. A long instrument gets one page per top-level division (:func:`divisions`);
:class:`Layout` says which page holds each provision, and is passed as a value to whatever renders
links (:class:`PageLinks`), so a page never links by a layout left over from another corpus.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from build_kb.model import Corpus, Instrument, Provision, ProvisionId

#: An instrument with more articles than this, whose top level is books, parts or chapters, gets one
#: page per top-level division (the Civil Code: one per book); its own page keeps the header and the
#: table of contents, and sends the old addresses (``/cn/civil-code/#art_1034``) on to the right page.
SPLIT_ARTICLES = 300


def page_path(instrument_id: str) -> str:
    """Docs-relative Markdown path of an instrument page: ``cn/pipl`` → ``cn/pipl.md``."""
    return f"{instrument_id}.md"


def page_url(instrument_id: str) -> str:
    """Site-relative URL of an instrument page: ``cn/pipl`` → ``cn/pipl/``."""
    return f"{instrument_id}/"


def relative_url(from_page: str, to_url: str) -> str:
    """Relative link between two directory URLs (``cn/pipl/`` → ``cn/gpcl/#art_1`` gives ``../gpcl/#art_1``)."""
    target, _, fragment = to_url.partition("#")
    rel = posixpath.relpath(target or ".", from_page or ".")
    rel = "" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def is_container(provision: Provision) -> bool:
    """Books, parts, chapters and the sections (节) inside chapters: what a table of contents lists."""
    return provision.abbreviation in ("book", "part", "title", "chp", "subchp") or (
        provision.abbreviation == "sec" and "__" in provision.eid)


def divisions(instrument: Instrument) -> tuple[Provision, ...]:
    """The top-level divisions that get a page each, or ``()`` when the instrument is one page."""
    if len(instrument.articles()) <= SPLIT_ARTICLES or not all(is_container(p) for p in instrument.provisions):
        return ()
    return instrument.provisions


def division_url(instrument_id: str, division_eid: str) -> str:
    """Site-relative URL of a division's page: ``cn/civil-code/book_4/``."""
    return f"{instrument_id}/{division_eid}/"


@dataclass(frozen=True)
class Layout:
    """Which page holds each provision of a corpus: the instrument's page, or its division's page.

    Attributes:
        pages: instrument id → eId → site-relative URL of the division page holding it (only for
            instruments split by :func:`divisions`).
    """

    pages: Mapping[str, Mapping[str, str]]

    @classmethod
    def of(cls, corpus: Corpus) -> Layout:
        """The layout of ``corpus``."""
        pages: dict[str, dict[str, str]] = {}
        for instrument in corpus.instruments:
            for division in divisions(instrument):
                url = division_url(instrument.id, division.eid)
                pages.setdefault(instrument.id, {}).update({p.eid: url for p in division.walk()})
        return cls(MappingProxyType({k: MappingProxyType(v) for k, v in pages.items()}))

    def page(self, pid: ProvisionId) -> str:
        """Site-relative URL of the page that holds ``pid`` (``cn/pipl/``, ``cn/civil-code/book_4/``)."""
        return self.pages.get(pid.instrument, {}).get(pid.eid) or page_url(pid.instrument)

    def at(self, page: str) -> PageLinks:
        """Links as written on the page at site-relative URL ``page``."""
        return PageLinks(page, self)


@dataclass(frozen=True)
class PageLinks:
    """The links of one page: ``page`` is its site-relative URL (``cn/pipl/``)."""

    page: str
    layout: Layout

    def to(self, pid: ProvisionId) -> str:
        """Link to provision ``pid`` on whichever page holds it (``#art_47`` on its own page)."""
        target = self.layout.page(pid)
        if target == self.page:
            return f"#{pid.eid}"
        return relative_url(self.page, f"{target}#{pid.eid}")

    def relative(self, url: str) -> str:
        """Link to the site-relative ``url`` (:func:`relative_url`)."""
        return relative_url(self.page, url)
