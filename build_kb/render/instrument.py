"""The pages of instruments: linked corpus → the Markdown page of each instrument, its divisions, the home page.

Collect, then format: this module gathers everything a page shows into
frozen view records (:class:`ArticleView`, :class:`RowView`…), and the
Jinja2 templates in ``templates/`` only format them. Text from the YAML
files is escaped everywhere: HTML with Jinja2's autoescape, Markdown
headings with :func:`~build_kb.render.templating.md_escape`. Links are built
here (:class:`~build_kb.render.urls.PageLinks`), never from text.

Pages (paths relative to the docs folder, served with directory URLs):
``index.md`` (home) and ``<jurisdiction>/<slug>.md`` per instrument, so that
PIPL Art. 47 is at ``/cn/pipl/#art_47``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from build_kb.citation import cite_en, cite_zh
from build_kb.link.graph import LinkedCorpus, Reference
from build_kb.model import JURISDICTIONS, STATUSES, Instrument, Provision, ProvisionId
from build_kb.compare.redline import Change, changes_by_provision
from build_kb.render.templating import environment
from build_kb.render.urls import (Layout, PageLinks, division_url, divisions, is_container, page_path, page_url,
                                  relative_url)

#: BCP 47 tags for the lang attribute, and names of the languages.
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}

@dataclass(frozen=True)
class LinkView:
    """A link to a provision: its label and relative URL."""

    label: str
    url: str


@dataclass(frozen=True)
class RowView:
    """One paragraph or item: the official text and, beside it, the translation.

    ``original`` and ``translation`` are already-escaped HTML (``original`` holds the
    reference links); ``translation`` is ``None`` for an instrument without one.
    """

    eid: str
    num: str
    num_translation: str
    caption: str
    original: Markup
    translation: Markup | None
    depth: int


@dataclass(frozen=True)
class ArticleView:
    """Everything an article shows."""

    eid: str
    heading: str
    caption: str
    rows: tuple[RowView, ...]
    citation_zh: str
    citation_en: str
    cites: tuple[LinkView, ...]
    cited_by: tuple[LinkView, ...]
    topics: tuple[LinkView, ...] = ()
    proposals: tuple[LinkView, ...] = ()
    redline: LinkView | None = None
    graph: str = ""
    successors: tuple[LinkView, ...] = ()
    predecessors: tuple[LinkView, ...] = ()
    recitals: tuple[LinkView, ...] = ()
    explains: tuple[LinkView, ...] = ()


@dataclass(frozen=True)
class HeadingView:
    """A chapter or section heading; ``level`` 2 for chapters, 3 for sections."""

    eid: str
    level: int
    title: str


def _linked_text(text: str, references: tuple[Reference, ...], links: PageLinks) -> Markup:
    """Escape ``text`` and turn each reference span into a link."""
    out, position = [], 0
    for ref in sorted(references, key=lambda r: r.start):
        if ref.start < position:
            continue
        out.append(escape(text[position:ref.start]))
        out.append(Markup('<a class="kb-ref" href="{}">{}</a>').format(links.to(ref.anchor), text[ref.start:ref.end]))
        position = ref.end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def _label(linked: LinkedCorpus, pid: ProvisionId, here: str) -> str:
    instrument = linked.corpus.get(pid.instrument)
    same = pid.instrument == here
    english = cite_en(instrument, pid.eid, with_title=not same)
    chinese = cite_zh(instrument, pid.eid, with_title=not same)
    return f"{chinese} ({english})" if chinese else english


def _paragraphs(text: Markup) -> Markup:
    """Blank-line-separated subparagraphs (EU acts) as line breaks, on already-escaped text."""
    return Markup(str(text).replace("\n\n", "<br><br>"))


def _rows(linked: LinkedCorpus, instrument: Instrument, provision: Provision, links: PageLinks, depth: int) -> list[RowView]:
    """The rows of ``provision`` and its descendants: official text (with links), translation or None."""
    rows = []
    pid = str(ProvisionId(instrument.id, provision.eid))
    official = instrument.official_language
    translated_into = [t.language for t in instrument.translations]
    missing = Markup('<span class="kb-missing">No English translation yet.</span>')

    def row(eid: str, num: str, num_translation: str, original: str, translation: str, refs=(), caption: str = "") -> RowView:
        shown = _paragraphs(_linked_text(original, refs, links))
        other = None
        if translated_into:
            other = _paragraphs(escape(translation)) if translation else missing
        return RowView(eid, num, num_translation, caption, shown, other, depth)

    # A subdivision's own caption (US "(2) Operator"); an article's heading is shown in its title line.
    caption = provision.heading.get(official) if "__" in provision.eid else ""

    numbered = provision.abbreviation not in ("art", "para", "rct", "sec") or official != "zh" and provision.abbreviation == "para"
    num = provision.num if numbered else ""
    num_translation = f"({provision.designator})" if numbered and official == "zh" else ""
    if provision.text:
        rows.append(row(provision.eid, num, num_translation, provision.text.get(official),
                        provision.text.get(translated_into[0]) if translated_into else "",
                        linked.references.get(pid, ()), caption))
    elif num and provision.children:  # a numbered provision whose words are all in its children
        rows.append(row(provision.eid, num, num_translation, "", "", caption=caption))
    for child in provision.children:
        rows += _rows(linked, instrument, child, links, depth + (1 if provision.abbreviation not in ("art", "sec") else 0))
    if provision.continuation:
        rows.append(row(f"{provision.eid}__continuation", "", "", provision.continuation.get(official),
                        provision.continuation.get(translated_into[0]) if translated_into else ""))
    return rows


def _is_translated(article: Provision) -> bool:
    """Whether every provision of ``article`` with Chinese text has English text too."""
    return all(p.text.en for p in article.walk() if p.text.zh)


def article_view(linked: LinkedCorpus, instrument: Instrument, article: Provision,
                 changed: dict[str, Change] | None = None, layout: Layout | None = None) -> ArticleView:
    """Collect what the page shows for ``article``; ``changed`` maps article ids to their redlines
    (:func:`build_kb.compare.redline.changes_by_provision`); ``layout`` says which page holds each
    provision (:meth:`Layout.of` the corpus when ``None``)."""
    layout = layout or Layout.of(linked.corpus)
    pid = ProvisionId(instrument.id, article.eid)
    here = layout.at(layout.page(pid))
    change = (changed or {}).get(str(pid))
    rows = tuple(_rows(linked, instrument, article, here, 0))
    if instrument.official_language == "zh":
        heading = f"{article.num} · Article {article.designator}"
    elif article.abbreviation == "rct":
        heading = f"Recital {article.num}"
    else:
        heading = article.num
    return ArticleView(
        eid=article.eid,
        heading=heading,
        caption=" / ".join(t for t in (article.heading.zh, article.heading.en) if t),
        rows=rows,
        citation_zh=cite_zh(instrument, article.eid),
        citation_en=cite_en(instrument, article.eid),
        cites=tuple(LinkView(_label(linked, p, instrument.id), here.to(p)) for p in linked.cites(pid)),
        cited_by=tuple(LinkView(_label(linked, p, instrument.id), here.to(p)) for p in linked.cited_by(pid)),
        topics=tuple(LinkView(f"{t.label.en} ({t.label.zh})" if t.label.zh else t.label.en,
                              here.relative(f"topics/{t.id}/")) for t in linked.topics_of(pid)),
        proposals=tuple(LinkView(p.title.en, here.relative(f"proposals/#{p.id}")) for p in linked.proposals_of(pid)),
        redline=LinkView("Redline", here.relative(f"redlines/{change.id}/")) if change else None,
        graph=here.relative("graph/") + f"?id={instrument.id}%23{article.eid}",
        successors=tuple(_version_link(linked, pid, p, "superseded_by", here) for p in linked.successors(pid)),
        predecessors=tuple(_version_link(linked, pid, p, "supersedes", here) for p in linked.predecessors(pid)),
        recitals=tuple(LinkView(f"({p.eid.split('_', 1)[1]})", here.to(p)) for p in linked.recitals_of(pid)),
        explains=tuple(LinkView(cite_en(instrument, p.eid, with_title=False), here.to(p))
                       for p in linked.explained_by_recital(pid)),
    )


def _version_link(linked: LinkedCorpus, article: ProvisionId, other: ProvisionId, key: str, here: PageLinks) -> LinkView:
    """A link to an earlier or later version of ``article``, labelled with how the text changed."""
    change = linked.graph.get_edge_data(str(article), str(other), key=key)["change"]
    return LinkView(f"{_label(linked, other, '')} ({change})", here.to(other))


def _blocks(linked: LinkedCorpus, instrument: Instrument, changed: dict[str, Change], layout: Layout,
            top: tuple[Provision, ...] | None = None) -> list[HeadingView | ArticleView]:
    """Headings and articles of ``top`` (default: the whole instrument), in document order."""
    blocks: list[HeadingView | ArticleView] = []

    def visit(provision: Provision, level: int) -> None:
        if provision.abbreviation in ("art", "sec", "rct") and "__" not in provision.eid:
            blocks.append(article_view(linked, instrument, provision, changed, layout))
            return
        title = " ".join(t for t in (provision.num, provision.heading.zh) if t)
        if provision.heading.en:
            title += f" · {provision.heading.en}"
        blocks.append(HeadingView(provision.eid, level, title))
        for child in provision.children:
            visit(child, level + 1)

    for provision in instrument.provisions if top is None else top:
        visit(provision, 2)
    return blocks


@dataclass(frozen=True)
class TocEntry:
    """A line of the instrument's table of contents: a container and the articles it spans."""

    eid: str
    level: int
    title: str
    span: str
    url: str = ""


def _toc(instrument: Instrument) -> list[TocEntry]:
    """Table of contents: containers with the articles they span; an instrument without containers
    (a US chapter) lists its sections; recitals are one entry."""
    entries = []
    recitals = instrument.recitals()
    if recitals:
        entries.append(TocEntry(recitals[0].eid, 0, "Recitals", f"({recitals[0].designator})–({recitals[-1].designator})"))

    def visit(provision: Provision, level: int) -> None:
        if not is_container(provision):
            return
        articles = [p for p in provision.walk() if p.abbreviation in ("art", "sec") and "__" not in p.eid]
        span = ""
        if articles:
            one, many = ("Art.", "Arts.") if articles[0].abbreviation == "art" else ("§", "§§")
            first, last = articles[0].designator, articles[-1].designator
            span = f"{one} {first}" if first == last else f"{many} {first}–{last}"
        title = " ".join(t for t in (provision.num, provision.heading.zh, provision.heading.en) if t)
        entries.append(TocEntry(provision.eid, level, title, span))
        for child in provision.children:
            visit(child, level + 1)

    for top in instrument.provisions:
        visit(top, 0)
    if not any(is_container(p) for p in instrument.provisions):
        entries += [TocEntry(p.eid, 0, " ".join(t for t in (p.num, p.heading.zh, p.heading.en) if t), "")
                    for p in instrument.articles()]
    return entries


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


def _page_context(linked: LinkedCorpus, instrument: Instrument) -> dict:
    """What the instrument page and its division pages share: languages, column labels, header facts."""
    translation = instrument.translation("en")
    official = instrument.official_language
    labels = (("中文（正式文本）" if official == "zh" else f"{LANGUAGE_NAMES[official]} (official text)"),
              f"{LANGUAGE_NAMES[translation.language]} ({translation.status} translation)" if translation else "")
    return dict(lang=HTML_LANG, column_labels=labels, i=instrument, translation=translation, statuses=STATUSES,
                jurisdictions=JURISDICTIONS, language_names=LANGUAGE_NAMES)


def render_instrument(linked: LinkedCorpus, instrument: Instrument, changed: dict[str, Change] | None = None,
                      layout: Layout | None = None) -> str:
    """The Markdown page of one instrument: header, table of contents, and every article, or, for an
    instrument with :func:`divisions`, links to their pages and a script that sends an article's old
    address (``#art_1034``) on to its division's page.

    ``changed``: article id → its redline, as :func:`build_kb.compare.redline.changes_by_provision` gives;
    ``layout``: which page holds each provision (both computed here when ``None``).
    """
    if changed is None:
        changed = changes_by_provision(linked.corpus)
    layout = layout or Layout.of(linked.corpus)
    here = layout.at(page_url(instrument.id))
    pages = layout.pages.get(instrument.id, {})
    toc = [replace(e, url=here.relative(f"{pages[e.eid]}#{e.eid}") if e.eid in pages else f"#{e.eid}")
           for e in _toc(instrument)]
    # Old addresses: an article (#art_1034, #art_1034__para_1) or a division (#book_4__chp_6) → its page.
    moved = {eid: here.relative(url) for eid, url in pages.items() if "__" not in eid}
    return environment().get_template("instrument.md.j2").render(
        **_page_context(linked, instrument),
        blocks=[] if pages else _blocks(linked, instrument, changed, layout), toc=toc, moved=moved,
        divisions=[(d, here.relative(division_url(instrument.id, d.eid))) for d in divisions(instrument)],
        relations=_relations(linked, instrument),
        citation_zh=instrument.citation.zh or f"《{instrument.title.zh}》",
        citation_en=instrument.citation.en or instrument.short_title.en, articles=len(instrument.articles()),
        recitals=len(instrument.recitals()), graph=here.relative("graph/") + f"?id={instrument.id}",
        translated=sum(1 for a in instrument.articles() if _is_translated(a)))


def render_division(linked: LinkedCorpus, instrument: Instrument, division: Provision, changed: dict[str, Change],
                    layout: Layout) -> str:
    """The page of one division (a book of the Civil Code): its headings and articles, linked by ``layout``."""
    here = layout.at(division_url(instrument.id, division.eid))
    others = [(d, here.relative(division_url(instrument.id, d.eid))) for d in divisions(instrument)]
    return environment().get_template("division.md.j2").render(
        **_page_context(linked, instrument), division=division, divisions=others,
        blocks=_blocks(linked, instrument, changed, layout, (division,)), instrument_url=here.relative(page_url(instrument.id)))


def render_home(linked: LinkedCorpus) -> str:
    """The home page: what is here, counts, entry points by jurisdiction."""
    corpus = linked.corpus
    by_jurisdiction = {}
    for instrument in corpus.instruments:
        by_jurisdiction.setdefault(instrument.jurisdiction, []).append(instrument)
    cites = sum(1 for _, _, k in linked.graph.edges(keys=True) if k.startswith("cites"))
    return environment().get_template("home.md.j2").render(
        corpus=corpus, by_jurisdiction=by_jurisdiction, jurisdictions=JURISDICTIONS, statuses=STATUSES,
        articles=sum(len(i.articles()) for i in corpus.instruments), provisions=corpus.provision_count(),
        citations=cites, page_path=page_path)
