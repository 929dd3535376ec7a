"""Stage 3, link: corpus → a networkx graph of instruments and provisions.

Nodes are instrument ids (``cn/pipl``) and full provision ids
(``cn/pipl#art_47``). Edges carry a ``kind``:

* ``contains``: instrument → top-level provision, provision → child;
* ``cites``: the provision whose text holds a reference → each provision it
  names (or the instrument, for a title alone: 《中华人民共和国民法典》), with
  the span and the file and line it came from;
* ``supersedes``, ``superseded_by``, ``amends``, ``version_of``: instrument →
  instrument, as the instrument file declares them;
* ``topic``: provision → ``topic:<id>``, for each member of a topic;
* ``superseded_by`` / ``supersedes`` between articles, from the succession tables;
* ``explains``: recital → article, from the articles' ``explained_by`` (editorial);
* ``answers``: provision → ``proposal:<id>``, for each provision that answered a proposal
  or challenge of the founding paper (``statutes/proposals/``).

References are resolved against the provisions that exist, never by
arithmetic: ``第二十七条至第二十九条`` cites the articles found between the two
ends in document order. A reference that resolves to nothing becomes a
warning with file, line and span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from build_kb.link.cite.cn import CnReference, find_references
from build_kb.link.cite.eu import EuReference
from build_kb.link.cite.eu import find_references as find_eu_references
from build_kb.link.cite.us import UsReference
from build_kb.link.cite.us import find_california_references
from build_kb.link.cite.us import find_references as find_us_references
from build_kb.diagnostics import Diagnostic, Severity, reported
from build_kb.model import Corpus, Instrument, Provision, ProvisionId, eid_parts


@dataclass(frozen=True)
class Reference:
    """A resolved reference in a provision's text.

    Attributes:
        source: the provision whose text holds the span.
        language: the language of that text.
        start, end: character offsets of the span.
        text: the span.
        targets: every provision cited, in order (a range cites each member).
        anchor: the one provision the span links to (the first target, or the
            paragraph that holds a range of items).
    """

    source: ProvisionId
    language: str
    start: int
    end: int
    text: str
    targets: tuple[ProvisionId, ...]
    anchor: ProvisionId


@dataclass(frozen=True)
class LinkedCorpus:
    """The corpus with its graph and the references found in the text.

    Attributes:
        corpus: the validated corpus.
        graph: ``networkx.MultiDiGraph`` as described in the module docstring.
        references: source provision id (``str``) → its references, in order.
        diagnostics: unresolved references, as warnings.
    """

    corpus: Corpus
    graph: nx.MultiDiGraph
    references: dict[str, tuple[Reference, ...]] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()

    @cached_property
    def _by_article(self) -> dict[str, dict[str, dict[str, None]]]:
        """Per article node: the nodes it cites, the nodes citing it, and its topic ids (each in insertion order).

        Computed once from the edges; an article's paragraphs and items count as the article.
        """
        index: dict[str, dict[str, dict[str, None]]] = {}

        def entry(node: str) -> dict[str, dict[str, None]]:
            return index.setdefault(article_node(node), {"cites": {}, "cited_by": {}, "topics": {}, "superseded_by": {},
                                                          "supersedes": {}, "explained_by": {}, "explains": {},
                                                          "proposals": {}})

        for src, dst, key in self.graph.edges(keys=True):
            if key == "topic":
                entry(src)["topics"].setdefault(dst.split(":", 1)[1], None)
            elif key == "answers":
                entry(src)["proposals"].setdefault(dst.split(":", 1)[1], None)
            elif key in ("superseded_by", "supersedes") and "#" in src:
                entry(src)[key].setdefault(dst, None)
            elif key == "explains":
                entry(dst)["explained_by"].setdefault(src, None)
                entry(src)["explains"].setdefault(dst, None)
            elif key.startswith("cites") and "#" in dst and article_node(src) != article_node(dst):
                entry(src)["cites"].setdefault(dst, None)
                entry(dst)["cited_by"].setdefault(src, None)
        return index

    def _related(self, article: ProvisionId, relation: str) -> list[ProvisionId]:
        nodes = self._by_article.get(str(article), {}).get(relation, {})
        return sorted((ProvisionId.parse(n) for n in nodes), key=lambda p: self.graph.nodes[str(p)]["order"])

    def cites(self, article: ProvisionId) -> list[ProvisionId]:
        """Provisions that ``article`` (or one of its paragraphs or items) cites, in document order."""
        return self._related(article, "cites")

    def cited_by(self, article: ProvisionId) -> list[ProvisionId]:
        """Provisions whose text cites ``article`` or one of its parts, in document order."""
        return self._related(article, "cited_by")

    def successors(self, article: ProvisionId) -> list[ProvisionId]:
        """Articles that took the place of ``article`` in a later instrument or version."""
        return self._related(article, "superseded_by")

    def predecessors(self, article: ProvisionId) -> list[ProvisionId]:
        """Articles of earlier instruments or versions whose place ``article`` took."""
        return self._related(article, "supersedes")

    def recitals_of(self, article: ProvisionId) -> list[ProvisionId]:
        """The recitals that explain ``article`` (editorial links), in order."""
        return self._related(article, "explained_by")

    def explained_by_recital(self, recital: ProvisionId) -> list[ProvisionId]:
        """The articles that ``recital`` explains, in order."""
        return self._related(recital, "explains")

    def topics_of(self, article: ProvisionId) -> list:
        """The topics (:class:`build_kb.validate.topics.Topic`) that ``article`` or one of its parts belongs to, in id order."""
        ids = self._by_article.get(str(article), {}).get("topics", {})
        return [t for t in self.corpus.topics if t.id in ids]

    def proposals_of(self, article: ProvisionId) -> list:
        """The proposals and challenges (:class:`build_kb.validate.proposals.Proposal`) that ``article`` or one of its
        parts answered, in the paper's order."""
        ids = self._by_article.get(str(article), {}).get("proposals", {})
        return [p for p in self.corpus.proposals if p.id in ids]


def article_node(node: str) -> str:
    """The article (US section, recital) node that holds ``node``; other nodes map to themselves."""
    instrument, _, eid = node.partition("#")
    if eid.startswith(("art_", "sec_", "rct_")):
        return f"{instrument}#{eid.split('__', 1)[0]}"
    return node


def _paragraph_number(provision: Provision) -> int:
    for abbreviation, number in reversed(eid_parts(provision.eid)):
        if abbreviation == "para":
            return int(number) if number.isdigit() else 0
    return 0


class _Resolver:
    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.by_title = {i.title.zh: i for i in corpus.instruments if i.title.zh and i.status != "superseded"}
        for instrument in corpus.instruments:  # a superseded version only when no other version has the title
            self.by_title.setdefault(instrument.title.zh, instrument)
        #: (U.S. Code title, section number) → the instrument that holds the section
        #: (California codes have no title number: "")
        self._orders: dict[str, _Order] = {}
        self.us_sections = {(us_code_title(i), a.designator): i for i in corpus.instruments
                            if i.jurisdiction in ("us", "us-ca") for a in i.articles() if a.eid.startswith("sec_")}

    def articles(self, instrument: Instrument) -> "_Order":
        """The articles (sections) of ``instrument`` in document order, computed once per instrument."""
        order = self._orders.get(instrument.id)
        if order is None:
            order = self._orders[instrument.id] = _Order.of(a.eid for a in instrument.articles())
        return order

    def resolve(self, instrument: Instrument, holder: Provision, ref: CnReference) -> tuple[Instrument, list[str], str, str]:
        """Return (target instrument, target eIds, anchor eId, problem) for ``ref`` written in ``holder``."""
        target = instrument
        if ref.title:
            found = self.by_title.get(ref.title) or self.by_title.get(f"中华人民共和国{ref.title}")
            if found is None:
                return instrument, [], "", f"《{ref.title}》 names an instrument {NOT_HERE}"
            target = found
        if ref.relative == "instrument":
            return target, [], "top", ""  # a link to the instrument's page, no provision edge
        eids, anchor, problem = self._within(target, holder, ref)
        return target, eids, anchor, problem

    def _within(self, target: Instrument, holder: Provision, ref: CnReference) -> tuple[list[str], str, str]:
        article = ref.article or holder.eid.split("__", 1)[0].split("_", 1)[1]
        if ref.relative == "previous-article":
            order = self.articles(target)
            if f"art_{article}" not in order.place:
                return [], "", f"{ref.text} stands outside an article: there is no preceding article"
            here = order.place[f"art_{article}"]
            if here == 0:
                return [], "", f"{ref.text} stands in the first article: there is no preceding article"
            article = order.eids[here - 1].split("_", 1)[1]
        if ref.article_end:
            span, problem = _range(self.articles(target), f"art_{ref.article}", f"art_{ref.article_end}", ref.text)
            return span, span[0] if span else "", problem
        base = f"art_{article}"
        if target.provision(base) is None:
            return [], "", f"{ref.text} names article {article}, which {target.short_title.zh or target.id} does not have"
        for numbers in (ref.paragraphs, ref.items):
            if any(b <= a for a, b in zip(numbers, numbers[1:])):
                return [], "", f"the range {ref.text} runs backwards: it ends before it starts"
        paragraphs = ref.paragraphs or ((1,) if ref.items else ())
        if ref.relative == "previous" and not ref.paragraphs:
            return [], "", f"{ref.text} stands in the first paragraph: there is no preceding paragraph"
        if not paragraphs:
            return [base], base, ""
        targets = []
        for number in paragraphs:
            para = f"{base}__para_{number}"
            if target.provision(para) is None:
                if number == 1 and not any(c.abbreviation == "para" for c in target.provision(base).children):
                    para = base  # a single-paragraph article: its first paragraph is the article
                else:
                    return [], "", f"{ref.text} names paragraph {number} of article {article}, which does not exist"
            if ref.items:
                for item in ref.items:
                    eid = f"{para}__item_{item}"
                    if target.provision(eid) is None:
                        return [], "", f"{ref.text} names item {item}, which paragraph {number} of article {article} does not have"
                    targets.append(eid)
            else:
                targets.append(para)
        anchor = targets[0] if len(targets) == 1 or not ref.items else targets[0].rsplit("__", 1)[0]
        return targets, anchor, ""


@dataclass(frozen=True)
class _Order:
    """eIds in document order, with the place of each (a lookup, not a scan: a text of thousands of
    articles each saying 前条 stays linear)."""

    eids: tuple[str, ...]
    place: dict[str, int]

    @classmethod
    def of(cls, eids) -> "_Order":
        eids = tuple(eids)
        return cls(eids, {eid: i for i, eid in reversed(list(enumerate(eids)))})


def _range(order: _Order, first: str, last: str, written: str) -> tuple[list[str], str]:
    """The members of a range, ``first`` to ``last`` in document ``order`` (never by arithmetic), or a problem.

    Returns:
        (the eIds from ``first`` to ``last``, ``""``), or (``[]``, why not) when an end does not exist
        or the range runs backwards (第二十九条至第二十七条, §§ 6809–6801).
    """
    if first not in order.place or last not in order.place:
        return [], f"the range {written} does not name existing articles"
    start, end = order.place[first], order.place[last]
    if end < start:
        return [], f"the range {written} runs backwards: it ends before it starts"
    return list(order.eids[start:end + 1]), ""


def _references(resolver: "_Resolver", instrument: Instrument, provision: Provision, text: str):
    """Yield ((start, end, span), (target instrument, eIds, anchor eId, problem)) for each reference in ``text``."""
    if instrument.official_language == "zh":
        for ref in find_references(text, _paragraph_number(provision)):
            yield (ref.start, ref.end, ref.text), resolver.resolve(instrument, provision, ref)
    elif instrument.jurisdiction == "eu":
        for ref in find_eu_references(text):
            yield (ref.start, ref.end, ref.text), _resolve_eu(resolver, instrument, provision, ref)
    elif instrument.jurisdiction in ("us", "us-ca"):
        finder = find_us_references if instrument.jurisdiction == "us" else find_california_references
        for ref in finder(text):
            resolved = _resolve_us(resolver, instrument, provision, ref)
            if resolved is not None:
                yield (ref.start, ref.end, ref.text), resolved


#: How a resolver says that a reference names an instrument the corpus does not hold.
NOT_HERE = "which is not in the knowledge base"

_US_LEVEL_PARENT = {"subsection": "sec", "paragraph": "subsec", "subparagraph": "para", "clause": "subpara",
                    "subclause": "clause"}


def us_code_title(instrument: Instrument) -> str:
    """The U.S. Code title an instrument is codified in (``"15"`` for ``15 U.S.C. §§ 6501–6506``), or ``""``."""
    match = re.match(r"(\d+) U\.S\.C\.", instrument.citation.en)
    return match.group(1) if match else ""


def _descend(instrument: Instrument, eid: str, path: tuple[str, ...]) -> str | None:
    """Follow subdivision designators down from ``eid``: ("b", "1") from sec_6502 → sec_6502__subsec_b__para_1."""
    for designator in path:
        node = instrument.provision(eid)
        child = next((c for c in node.children if c.designator == designator), None) if node else None
        if child is None:
            return None
        eid = child.eid
    return eid


def _resolve_us(resolver: "_Resolver", instrument: Instrument, holder: Provision,
                ref: UsReference) -> tuple[Instrument, list[str], str, str] | None:
    """Resolve a U.S. Code reference; ``None`` when a bare "section N" is not a section of this instrument."""
    if not ref.section:  # subsection (b)(1), paragraph (2)…: within the provision's own section
        parent_kind = _US_LEVEL_PARENT[ref.level]
        parts = holder.eid.split("__")
        start = next((i for i in range(len(parts) - 1, -1, -1) if parts[i].startswith(parent_kind + "_")), None)
        if start is None or "C.F.R." in instrument.citation.en:
            # a paragraph directly under a section (COPPA § 6501); in the CFR "paragraph (b)(1)"
            # counts from the section, whatever its level
            start = 0
        target_eid = _descend(instrument, "__".join(parts[:start + 1]), ref.path)
        if target_eid is None and start > 0:
            # "subparagraph (C)" written in paragraph (3) for paragraph (2)'s: take it when only one sibling has it
            found = {e for sibling in instrument.provision("__".join(parts[:start])).children
                     if (e := _descend(instrument, sibling.eid, ref.path)) is not None}
            target_eid = found.pop() if len(found) == 1 else None
        if target_eid is None:
            return instrument, [], "", f"{ref.text} names a subdivision that {instrument.short_title.en} does not have here"
        return instrument, [target_eid], target_eid, ""
    title = us_code_title(instrument) if ref.title in ("this", "") else ref.title
    target = resolver.us_sections.get((title, ref.section))
    if target is None:
        if not ref.title:
            return None
        return instrument, [], "", f"it names {title} U.S.C. § {ref.section}, which is not in the knowledge base"
    if ref.end_section:
        order = resolver.articles(target)
        if f"sec_{ref.end_section}" not in order.place:
            return instrument, [], "", f"the range {ref.text} ends at a section that {target.short_title.en} does not have"
        span, problem = _range(order, f"sec_{ref.section}", f"sec_{ref.end_section}", ref.text)
        return (target, span, span[0], "") if span else (instrument, [], "", problem)
    target_eid = _descend(target, f"sec_{ref.section}", ref.path)
    if target_eid is None:
        return instrument, [], "", f"{ref.text} names a subdivision that § {ref.section} does not have"
    return target, [target_eid], target_eid, ""


def _resolve_eu(resolver: "_Resolver", instrument: Instrument, holder: Provision,
                ref: EuReference) -> tuple[Instrument, list[str], str, str]:
    """Resolve an EU reference within ``instrument`` (references to other acts are reported as not here)."""
    if ref.external:
        return instrument, [], "", f"it names {ref.external}, which is not in the knowledge base"
    articles = list(ref.articles) or [holder.eid.split("__", 1)[0].split("_", 1)[1]]
    if ref.range and len(ref.articles) == 2:
        span, problem = _range(resolver.articles(instrument), f"art_{articles[0]}", f"art_{articles[1]}", ref.text)
        return instrument, span, span[0] if span else "", problem
    targets: list[str] = []
    for article in articles:
        base = f"art_{article}"
        if instrument.provision(base) is None:
            return instrument, [], "", f"{ref.text} names article {article}, which {instrument.short_title.en} does not have"
        node = base
        if ref.paragraph:
            node = next((e for e in (f"{base}__para_{ref.paragraph}", f"{base}__point_{ref.paragraph}")
                         if instrument.provision(e) is not None), "")
            if not node:
                return instrument, [], "", f"{ref.text} names paragraph {ref.paragraph} of article {article}, which does not exist"
        if ref.points:
            letters = ref.points
            if ref.range and len(letters) == 2:
                siblings = [c.eid.rsplit("_", 1)[1] for c in instrument.provision(node).children if c.abbreviation == "point"]
                span, problem = _range(_Order.of(siblings), letters[0], letters[1], ref.text)
                if problem:
                    return instrument, [], "", problem.replace("does not name existing articles", "does not name existing points")
                letters = tuple(span)
            for letter in letters:
                point = f"{node}__point_{letter}"
                if instrument.provision(point) is None:
                    return instrument, [], "", f"{ref.text} names point ({letter}), which does not exist"
                targets.append(point)
        else:
            targets.append(node)
    anchor = targets[0] if len(targets) == 1 or not ref.points else targets[0].rsplit("__", 1)[0]
    return instrument, targets, anchor, ""


def link(corpus: Corpus) -> LinkedCorpus:
    """Build the graph of ``corpus`` and resolve every reference in the official text of each instrument
    (Chinese law: :mod:`build_kb.link.cite.cn`; EU acts: :mod:`build_kb.link.cite.eu`; the U.S. Code: :mod:`build_kb.link.cite.us`).

    Returns:
        :class:`LinkedCorpus`; unresolved references are warnings in ``diagnostics``.
    """
    graph = nx.MultiDiGraph()
    resolver = _Resolver(corpus)
    references: dict[str, tuple[Reference, ...]] = {}
    diagnostics: list[Diagnostic] = []
    order = 0
    for instrument in corpus.instruments:
        graph.add_node(instrument.id, type="instrument", jurisdiction=instrument.jurisdiction, order=order)

        def add(provision: Provision, parent: str) -> None:
            nonlocal order
            order += 1
            node = str(ProvisionId(instrument.id, provision.eid))
            graph.add_node(node, type="provision", kind=provision.kind, instrument=instrument.id, order=order)
            graph.add_edge(parent, node, key="contains", kind="contains")
            for child in provision.children:
                add(child, node)

        for top in instrument.provisions:
            add(top, instrument.id)
    for topic in corpus.topics:
        graph.add_node(f"topic:{topic.id}", type="topic", order=order)
        for member in topic.members:
            graph.add_edge(str(member.provision), f"topic:{topic.id}", key="topic", kind="topic", line=member.line)
    for proposal in corpus.proposals:
        graph.add_node(f"proposal:{proposal.id}", type="proposal", order=order)
        for answer in proposal.answered_by:
            graph.add_edge(str(answer.provision), f"proposal:{proposal.id}", key="answers", kind="answers")
    for instrument in corpus.instruments:
        for provision in instrument.walk():
            for recital in provision.explained_by:
                graph.add_edge(f"{instrument.id}#{recital}", f"{instrument.id}#{provision.eid}", key="explains", kind="explains")
    for table in corpus.successions:
        for step in table.steps:
            for target in step.targets:
                graph.add_edge(str(step.source), str(target), key="superseded_by", kind="superseded_by", change=step.change)
                graph.add_edge(str(target), str(step.source), key="supersedes", kind="supersedes", change=step.change)
    for instrument in corpus.instruments:
        for relation in instrument.relations:
            graph.add_edge(instrument.id, relation.target, key=relation.kind, kind=relation.kind,
                           file=instrument.file, line=relation.line)
    for instrument in corpus.instruments:
        for provision in instrument.walk():
            with reported(diagnostics, instrument.file, "linking the references of", provision.eid):
                _link_provision(graph, resolver, instrument, provision, references, diagnostics)
    return LinkedCorpus(corpus, graph, references, tuple(diagnostics))


def _link_provision(graph: nx.MultiDiGraph, resolver: "_Resolver", instrument: Instrument, provision: Provision,
                    references: dict[str, tuple[Reference, ...]], diagnostics: list[Diagnostic]) -> None:
    """Resolve the references in ``provision``'s official text: add their edges to ``graph``, the resolved
    ones to ``references`` and a diagnostic for each that resolves to nothing."""
    text = provision.text.get(instrument.official_language)
    if not text:
        return
    source = ProvisionId(instrument.id, provision.eid)
    found = []
    for span, (target, eids, anchor, problem) in _references(resolver, instrument, provision, text):
        start, end, written = span
        if problem:
            elsewhere = problem.endswith(NOT_HERE)
            diagnostics.append(Diagnostic(instrument.file, provision.text_line, provision.text_col, provision.eid,
                                          f"unresolved reference {written!r} at characters {start}-{end}: {problem}",
                                          "add the instrument it names to link it" if elsewhere else
                                          "check the number, or add the instrument it names",
                                          Severity.NOTE if elsewhere else Severity.WARNING))
            continue
        targets = tuple(ProvisionId(target.id, e) for e in eids)
        for cited in targets or (target.id,):  # 《中华人民共和国民法典》 alone cites the instrument
            graph.add_edge(str(source), str(cited), key=f"cites:{start}", kind="cites", span=written,
                           file=instrument.file, line=provision.text_line)
        found.append(Reference(source, instrument.official_language, start, end, written, targets,
                               ProvisionId(target.id, anchor)))
    if found:
        references[str(source)] = tuple(found)
