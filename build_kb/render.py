"""Stage 4, render: linked corpus → Markdown pages for the site generator.

Collect, then format: this module gathers everything a page shows into
frozen view records (:class:`ArticleView`, :class:`RowView`…), and the
Jinja2 templates in ``templates/`` only format them. Text from the YAML
files is escaped everywhere: HTML with Jinja2's autoescape, Markdown
headings with :func:`md_escape`. Links are built here, never from text.

Pages (paths relative to the docs folder, served with directory URLs):
``index.md`` (home) and ``<jurisdiction>/<slug>.md`` per instrument, so that
PIPL Art. 47 is at ``/cn/pipl/#art_47``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2
from markupsafe import Markup, escape

from .citation import cite_en, cite_zh
from .link import LinkedCorpus, Reference
from .model import JURISDICTIONS, STATUSES, Instrument, Provision, ProvisionId

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(text: str) -> Markup:
    """Escape ``text`` for Markdown inline context (headings, table cells).

    ``<``, ``>`` and ``&`` become entities, Markdown punctuation gets a ``\\``;
    returned as ``Markup`` so that the template does not escape it twice.
    """
    html = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", html))


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


def provision_url(pid: ProvisionId, from_page: str) -> str:
    """Link from the page at ``from_page`` to provision ``pid``."""
    if page_url(pid.instrument) == from_page:
        return f"#{pid.eid}"
    return relative_url(from_page, f"{page_url(pid.instrument)}#{pid.eid}")


@dataclass(frozen=True)
class LinkView:
    """A link to a provision: its label and relative URL."""

    label: str
    url: str


@dataclass(frozen=True)
class RowView:
    """One paragraph or item: the Chinese and English side by side.

    ``zh`` and ``en`` are already-escaped HTML (``zh`` holds the reference links).
    """

    eid: str
    num: str
    num_en: str
    zh: Markup
    en: Markup
    depth: int


@dataclass(frozen=True)
class ArticleView:
    """Everything an article shows."""

    eid: str
    heading: str
    caption: str
    rows: tuple[RowView, ...]
    translated: bool
    citation_zh: str
    citation_en: str
    cites: tuple[LinkView, ...]
    cited_by: tuple[LinkView, ...]
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeadingView:
    """A chapter or section heading; ``level`` 2 for chapters, 3 for sections."""

    eid: str
    level: int
    title: str


def _linked_text(text: str, references: tuple[Reference, ...], from_page: str) -> Markup:
    """Escape ``text`` and turn each reference span into a link."""
    out, position = [], 0
    for ref in sorted(references, key=lambda r: r.start):
        if ref.start < position:
            continue
        out.append(escape(text[position:ref.start]))
        out.append(Markup('<a class="kb-ref" href="{}">{}</a>').format(provision_url(ref.anchor, from_page), text[ref.start:ref.end]))
        position = ref.end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def _label(linked: LinkedCorpus, pid: ProvisionId, here: str) -> str:
    instrument = linked.corpus.get(pid.instrument)
    same = pid.instrument == here
    return f"{cite_zh(instrument, pid.eid, with_title=not same)} ({cite_en(instrument, pid.eid, with_title=not same)})"


def _rows(linked: LinkedCorpus, instrument: Instrument, provision: Provision, from_page: str, depth: int) -> list[RowView]:
    rows = []
    pid = str(ProvisionId(instrument.id, provision.eid))
    if provision.text:
        missing = Markup('<span class="kb-missing">No English translation yet.</span>')
        numbered = provision.abbreviation not in ("art", "para")
        rows.append(RowView(provision.eid, provision.num if numbered else "", f"({provision.designator})" if numbered else "",
                            _linked_text(provision.text.zh, linked.references.get(pid, ()), from_page),
                            escape(provision.text.en) if provision.text.en else missing, depth))
    for child in provision.children:
        rows += _rows(linked, instrument, child, from_page, depth + (1 if provision.abbreviation != "art" else 0))
    return rows


def _is_translated(article: Provision) -> bool:
    """Whether every provision of ``article`` with Chinese text has English text too."""
    return all(p.text.en for p in article.walk() if p.text.zh)


def article_view(linked: LinkedCorpus, instrument: Instrument, article: Provision) -> ArticleView:
    """Collect what the page shows for ``article``."""
    here = page_url(instrument.id)
    pid = ProvisionId(instrument.id, article.eid)
    rows = tuple(_rows(linked, instrument, article, here, 0))
    designator = article.designator
    english = f"Article {designator}" if article.abbreviation == "art" else article.num
    return ArticleView(
        eid=article.eid,
        heading=f"{article.num} · {english}" if article.num else english,
        caption=" / ".join(t for t in (article.heading.zh, article.heading.en) if t),
        rows=rows,
        translated=_is_translated(article),
        citation_zh=cite_zh(instrument, article.eid),
        citation_en=cite_en(instrument, article.eid),
        cites=tuple(LinkView(_label(linked, p, instrument.id), provision_url(p, here)) for p in linked.cites(pid)),
        cited_by=tuple(LinkView(_label(linked, p, instrument.id), provision_url(p, here)) for p in linked.cited_by(pid)),
        topics=tuple(linked.topics_of(pid)),
    )


def _blocks(linked: LinkedCorpus, instrument: Instrument) -> list[HeadingView | ArticleView]:
    blocks: list[HeadingView | ArticleView] = []

    def visit(provision: Provision, level: int) -> None:
        if provision.abbreviation in ("art", "sec", "rct") and "__" not in provision.eid:
            blocks.append(article_view(linked, instrument, provision))
            return
        title = " ".join(t for t in (provision.num, provision.heading.zh) if t)
        if provision.heading.en:
            title += f" · {provision.heading.en}"
        blocks.append(HeadingView(provision.eid, level, title))
        for child in provision.children:
            visit(child, level + 1)

    for top in instrument.provisions:
        visit(top, 2)
    return blocks


@dataclass(frozen=True)
class TocEntry:
    """A line of the instrument's table of contents: a container and the articles it spans."""

    eid: str
    level: int
    title: str
    span: str


def _toc(instrument: Instrument) -> list[TocEntry]:
    entries = []

    def visit(provision: Provision, level: int) -> None:
        if provision.abbreviation in ("art", "rct") or "__" in provision.eid and provision.abbreviation != "sec":
            return
        articles = [p for p in provision.walk() if p.abbreviation == "art"]
        span = ""
        if articles:
            first, last = articles[0].designator, articles[-1].designator
            span = f"Art. {first}" if first == last else f"Arts. {first}–{last}"
        title = " ".join(t for t in (provision.num, provision.heading.zh, provision.heading.en) if t)
        entries.append(TocEntry(provision.eid, level, title, span))
        for child in provision.children:
            visit(child, level + 1)

    for top in instrument.provisions:
        visit(top, 0)
    return entries


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("build_kb", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["md"] = md_escape
    return env


@dataclass(frozen=True)
class RelationView:
    """A relation in the instrument header: ``Superseded by`` → title, link."""

    label: str
    title: str
    url: str


_RELATION_LABELS = {"supersedes": "Supersedes", "superseded_by": "Superseded by", "amends": "Amends",
                    "version_of": "Other version"}


def _relations(linked: LinkedCorpus, instrument: Instrument) -> list[RelationView]:
    views = []
    for relation in instrument.relations:
        target = linked.corpus.get(relation.target)
        if target is None:
            continue
        title = f"{target.title.zh} · {target.short_title.en}"
        views.append(RelationView(_RELATION_LABELS[relation.kind], title,
                                  relative_url(page_url(instrument.id), page_url(target.id))))
    return views


def render_instrument(linked: LinkedCorpus, instrument: Instrument) -> str:
    """The Markdown page of one instrument (header, table of contents, every article)."""
    translation = instrument.translation("en")
    return _environment().get_template("instrument.md.j2").render(
        i=instrument, blocks=_blocks(linked, instrument), toc=_toc(instrument), translation=translation,
        relations=_relations(linked, instrument),
        statuses=STATUSES, jurisdictions=JURISDICTIONS, citation_zh=instrument.citation.zh or f"《{instrument.title.zh}》",
        citation_en=instrument.citation.en or instrument.short_title.en, articles=len(instrument.articles()),
        translated=sum(1 for a in instrument.articles() if _is_translated(a)))


def render_home(linked: LinkedCorpus) -> str:
    """The home page: what is here, counts, entry points by jurisdiction."""
    corpus = linked.corpus
    by_jurisdiction = {}
    for instrument in corpus.instruments:
        by_jurisdiction.setdefault(instrument.jurisdiction, []).append(instrument)
    cites = sum(1 for _, _, k in linked.graph.edges(keys=True) if k.startswith("cites"))
    return _environment().get_template("home.md.j2").render(
        corpus=corpus, by_jurisdiction=by_jurisdiction, jurisdictions=JURISDICTIONS, statuses=STATUSES,
        articles=sum(len(i.articles()) for i in corpus.instruments), provisions=corpus.provision_count(),
        citations=cites, page_path=page_path)


def render_pages(linked: LinkedCorpus) -> dict[str, str]:
    """Every generated page: docs-relative path → Markdown text."""
    pages = {"index.md": render_home(linked)}
    for instrument in linked.corpus.instruments:
        pages[page_path(instrument.id)] = render_instrument(linked, instrument)
    return pages
