"""Stage 4, render (comparison pages): topics side by side, the gap matrix, redlines, proposals.

Like :mod:`build_kb.render`, this module collects and the templates only
format. Pages (docs-relative paths, served with directory URLs):

* ``topics/index.md`` and ``topics/<id>.md``: every topic, and one topic
  with a column per jurisdiction;
* ``gaps.md`` (the gap matrix) with its downloads ``gaps.csv`` and ``gaps.json``;
* ``redlines/index.md`` and ``redlines/<earlier>--<later>/<eId>.md``: each
  provision that changed between versions;
* ``proposals.md``: the founding paper's proposals and challenges, and what
  became of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from build_kb.citation import cite_en, cite_zh
from build_kb.compare.matrix import Column, columns, gap_matrix_csv, gap_matrix_json
from build_kb.link.graph import LinkedCorpus
from build_kb.model import JURISDICTIONS, ProvisionId
from build_kb.validate.proposals import OUTCOMES
from build_kb.compare.redline import DELETE, EQUAL, INSERT, Change, Segment, changes, units
from build_kb.render.templating import environment
from build_kb.render.urls import Layout, page_url, relative_url
from build_kb.validate.topics import COVERAGE

#: Site-relative URLs of the comparison pages.
TOPICS_URL, GAPS_URL, REDLINES_URL, PROPOSALS_URL = "topics/", "gaps/", "redlines/", "proposals/"

#: Characters that mark a rating beside its word, so that the matrix does not rely on colour.
RATING_MARKS = {"full": "●", "partial": "◐", "none": "○"}

#: How many characters of a provision a topic page shows before linking to the rest.
EXCERPT_CHARS = 320


def topic_url(topic_id: str) -> str:
    """Site-relative URL of a topic page: ``deletion`` → ``topics/deletion/``."""
    return f"{TOPICS_URL}{topic_id}/"


def redline_url(change_id: str) -> str:
    """Site-relative URL of a redline page: ``gpcl--civil-code/art_111`` → ``redlines/gpcl--civil-code/art_111/``."""
    return f"{REDLINES_URL}{change_id}/"


def proposal_url(proposal_id: str) -> str:
    """Site-relative URL of a proposal's entry on the proposals page."""
    return f"{PROPOSALS_URL}#{proposal_id}"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> tuple[str, bool]:
    """The first ``limit`` characters of ``text`` cut at a line or word end, and whether it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    for stop in ("\n", "。", "；", ". ", "; ", " "):
        at = cut.rfind(stop)
        if at > limit // 2:
            return cut[:at + len(stop)].rstrip(), True
    return cut, True


@dataclass(frozen=True)
class MemberCard:
    """A member provision on a topic page: citation, link, note and excerpts."""

    citation: str
    citation_zh: str
    url: str
    note: str
    text: str
    translation: str
    language: str
    cut: bool


def _provision_link(pid: ProvisionId, here: str, layout: Layout) -> str:
    return layout.at(here).to(pid)


def _cards(column: Column, here: str, layout: Layout) -> list[MemberCard]:
    cards = []
    for member in column.members:
        text, cut = excerpt(member.text)
        translation, cut_translation = excerpt(member.translation) if member.translation else ("", False)
        cards.append(MemberCard(member.citation, member.citation_zh, _provision_link(ProvisionId.parse(member.id), here, layout),
                                member.note, text, translation, member.language, cut or cut_translation))
    return cards


def render_topic(linked: LinkedCorpus, topic, layout: Layout | None = None) -> str:
    """The page of one topic: description, then one column per jurisdiction with notes and excerpts;
    provisions linked on the pages ``layout`` gives (:meth:`Layout.of` the corpus when ``None``)."""
    layout = layout or Layout.of(linked.corpus)
    here = topic_url(topic.id)
    corpus = linked.corpus
    parent = next((t for t in corpus.topics if t.id == topic.parent), None)
    children = [t for t in corpus.topics if t.parent == topic.id]
    proposals = [p for p in corpus.proposals if topic.id in p.topics]
    return environment().get_template("topic.md.j2").render(
        root=relative_url(here, ""), topic=topic, columns=[(c, _cards(c, here, layout)) for c in columns(corpus, topic)], marks=RATING_MARKS,
        parent=parent, children=children, url=lambda t: relative_url(here, topic_url(t.id)),
        proposals=[(p, relative_url(here, proposal_url(p.id))) for p in proposals], outcomes=OUTCOMES,
        gaps=relative_url(here, GAPS_URL + f"#{topic.id}"))


def render_topics_index(linked: LinkedCorpus) -> str:
    """The list of topics, each with its members per jurisdiction counted."""
    rows = []
    for topic in linked.corpus.topics:
        counts = {c.jurisdiction: len(c.members) for c in columns(linked.corpus, topic)}
        rows.append((topic, relative_url(TOPICS_URL, topic_url(topic.id)), counts))
    return environment().get_template("topics.md.j2").render(
        root=relative_url(TOPICS_URL, ""), rows=rows, jurisdictions=JURISDICTIONS, marks=RATING_MARKS,
        gaps=relative_url(TOPICS_URL, GAPS_URL))


def render_gaps(linked: LinkedCorpus, layout: Layout | None = None) -> str:
    """The gap matrix page: topics × jurisdictions, each cell rated with the provisions behind it
    (linked on the pages ``layout`` gives; of the corpus when ``None``)."""
    layout = layout or Layout.of(linked.corpus)
    rows = []
    for topic in linked.corpus.topics:
        cells = []
        for column in columns(linked.corpus, topic):
            links = [(m.citation, _provision_link(ProvisionId.parse(m.id), GAPS_URL, layout)) for m in column.members]
            cells.append((column.rating, links))
        rows.append((topic, relative_url(GAPS_URL, topic_url(topic.id)), cells))
    totals = {j: {r: sum(1 for t in linked.corpus.topics if t.rating(j) == r) for r in COVERAGE} for j in JURISDICTIONS}
    return environment().get_template("gaps.md.j2").render(
        root=relative_url(GAPS_URL, ""), rows=rows, jurisdictions=JURISDICTIONS, marks=RATING_MARKS, totals=totals,
        ratings=COVERAGE)


@dataclass(frozen=True)
class SideView:
    """One side of a redline: the articles (label, link) it joins."""

    links: tuple[tuple[str, str], ...]


def _side(linked: LinkedCorpus, pids: tuple[ProvisionId, ...], here: str, layout: Layout) -> SideView:
    corpus = linked.corpus
    return SideView(tuple((f"{cite_zh(corpus.get(p.instrument), p.eid)} · {cite_en(corpus.get(p.instrument), p.eid)}".strip(" ·"),
                           _provision_link(p, here, layout)) for p in pids))


def marked(segments: tuple[Segment, ...]) -> Markup:
    """Segments as HTML: ``<del>`` and ``<ins>``, each with words a screen reader says and a mark
    a printout keeps ([−…−] and [+…+] are hidden on screen, where strike-through and underline show)."""
    out = []
    for segment in segments:
        text = escape(segment.text).replace("\n", Markup("<br>"))
        if segment.op == EQUAL:
            out.append(text)
        elif segment.op == DELETE:
            out.append(Markup('<del><span class="kb-sr">[deleted: </span>{}<span class="kb-sr">]</span></del>').format(text))
        else:
            out.append(Markup('<ins><span class="kb-sr">[inserted: </span>{}<span class="kb-sr">]</span></ins>').format(text))
    return Markup("").join(out)


def _counts(segments: tuple[Segment, ...], language: str) -> dict[str, int]:
    """Characters (Chinese) or words (other languages) deleted and inserted."""
    return {op: sum(len([u for u in units(s.text, language) if u.strip()]) for s in segments if s.op == op)
            for op in (DELETE, INSERT)}


def render_redline(linked: LinkedCorpus, change: Change, layout: Layout | None = None) -> str:
    """The page of one changed provision: the two versions' citations, then a redline per language."""
    layout = layout or Layout.of(linked.corpus)
    here = redline_url(change.id)
    earlier = linked.corpus.get(change.earlier.provisions[0].instrument)
    later = linked.corpus.get(change.later.provisions[0].instrument)
    redlines = []
    for language in change.languages:
        segments = change.redline(language)
        redlines.append((language, marked(segments), _counts(segments, language),
                         "character" if language == "zh" else "word"))
    return environment().get_template("redline.md.j2").render(
        root=relative_url(here, ""), change=change, earlier=earlier, later=later, before=_side(linked, change.earlier.provisions, here, layout),
        after=_side(linked, change.later.provisions, here, layout), redlines=redlines,
        index=relative_url(here, REDLINES_URL), title=_change_title(linked, change))


def _change_title(linked: LinkedCorpus, change: Change) -> str:
    """``GPCL Art. 111 → Civil Code Art. 111``; several articles as a range when consecutive
    (``Arts. 1194–1197``), else listed (``Arts. 64, 66, 70``)."""
    corpus = linked.corpus

    def side(pids: tuple[ProvisionId, ...]) -> str:
        instrument = corpus.get(pids[0].instrument)
        first = cite_en(instrument, pids[0].eid)
        if len(pids) == 1:
            return first
        numbers = [p.eid.split("_", 1)[1] for p in pids]
        consecutive = all(n.isdigit() for n in numbers) and [int(n) for n in numbers] == list(
            range(int(numbers[0]), int(numbers[0]) + len(numbers)))
        rest = f"–{numbers[-1]}" if consecutive else "".join(f", {n}" for n in numbers[1:])
        return (first + rest).replace("Art. ", "Arts. ", 1)

    return f"{side(change.earlier.provisions)} → {side(change.later.provisions)}"


def render_redlines_index(linked: LinkedCorpus, all_changes: tuple[Change, ...]) -> str:
    """Every succession table and its changed provisions, each linking to its redline."""
    tables = []
    for table in linked.corpus.successions:
        slug = f"{table.earlier.split('/')[1]}--{table.later.split('/')[1]}"
        mine = [(_change_title(linked, c), relative_url(REDLINES_URL, redline_url(c.id)), c.change)
                for c in all_changes if c.id.startswith(slug + "/")]
        identical = sum(1 for s in table.steps if s.change == "identical")
        renumbered = sum(1 for s in table.steps if s.change == "identical" and s.targets[0].eid != s.source.eid)
        tables.append((linked.corpus.get(table.earlier), linked.corpus.get(table.later), table, mine, identical, renumbered))
    return environment().get_template("redlines.md.j2").render(
        root=relative_url(REDLINES_URL, ""), tables=tables, url=lambda i: relative_url(REDLINES_URL, page_url(i.id)))


def render_proposals(linked: LinkedCorpus, layout: Layout | None = None) -> str:
    """The founding paper's proposals and challenges, each with its outcome, analysis and provisions
    (linked on the pages ``layout`` gives; of the corpus when ``None``)."""
    layout = layout or Layout.of(linked.corpus)
    corpus = linked.corpus
    items = []
    for proposal in corpus.proposals:
        answers = []
        for answer in proposal.answered_by:
            instrument = corpus.get(answer.provision.instrument)
            label = cite_en(instrument, answer.provision.eid)
            chinese = cite_zh(instrument, answer.provision.eid)
            answers.append((f"{chinese} · {label}" if chinese else label, _provision_link(answer.provision, PROPOSALS_URL, layout),
                            answer.note.en))
        topics = [(t.label.en, relative_url(PROPOSALS_URL, topic_url(t.id))) for t in corpus.topics if t.id in proposal.topics]
        items.append((proposal, answers, topics))
    counts = {kind: {o: sum(1 for p in corpus.proposals if p.kind == kind and p.outcome == o) for o in OUTCOMES[kind]}
              for kind in OUTCOMES}
    return environment().get_template("proposals.md.j2").render(
        root=relative_url(PROPOSALS_URL, ""), items=items, outcomes=OUTCOMES, counts=counts)


def comparison_pages(linked: LinkedCorpus, layout: Layout | None = None) -> dict[str, str]:
    """Every comparison page and download: docs-relative path → text."""
    layout = layout or Layout.of(linked.corpus)  # links go to the page that holds each provision
    all_changes = changes(linked.corpus)
    pages = {"topics/index.md": render_topics_index(linked), "gaps.md": render_gaps(linked, layout),
             "gaps.csv": gap_matrix_csv(linked.corpus), "gaps.json": gap_matrix_json(linked.corpus),
             "redlines/index.md": render_redlines_index(linked, all_changes), "proposals.md": render_proposals(linked, layout)}
    for topic in linked.corpus.topics:
        pages[f"topics/{topic.id}.md"] = render_topic(linked, topic, layout)
    for change in all_changes:
        pages[f"redlines/{change.id}.md"] = render_redline(linked, change, layout)
    return pages
