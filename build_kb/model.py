"""Typed records of the knowledge base: instruments, provisions, identifiers.

Identifiers follow Akoma Ntoso (OASIS LegalDocML, *Akoma Ntoso Naming
Convention* v1.0, 2019): a provision's eId is its kind abbreviation and
number, joined to its parent's by ``__`` (``art_13__para_1__item_2``); an
instrument's FRBR work URI is ``/akn/<country>/act/<date>/<name>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

LANGUAGES = ("zh", "en")

#: eId abbreviation → kind of provision (Akoma Ntoso names, USLM for the US).
KINDS = {
    "book": "book",
    "title": "title",
    "part": "part",
    "chp": "chapter",
    "subchp": "subchapter",
    "sec": "section",
    "art": "article",
    "rct": "recital",
    "subsec": "subsection",
    "para": "paragraph",
    "subpara": "subparagraph",
    "item": "item",
    "subitem": "subitem",
    "point": "point",
    "indent": "indent",
    "clause": "clause",
    "subclause": "subclause",
}

#: Which kinds may contain which. ``None`` is the instrument itself.
ALLOWED_CHILDREN: dict[str | None, frozenset[str]] = {
    None: frozenset({"book", "title", "part", "chp", "sec", "art", "rct"}),
    "book": frozenset({"part", "chp", "sec", "art"}),
    "title": frozenset({"part", "chp", "sec", "art"}),
    "part": frozenset({"chp", "sec", "art"}),
    "chp": frozenset({"subchp", "sec", "art"}),
    "subchp": frozenset({"sec", "art"}),
    "sec": frozenset({"art", "subsec", "para"}),
    "art": frozenset({"para", "point"}),
    "subsec": frozenset({"para"}),
    "para": frozenset({"item", "point", "subpara", "indent"}),
    "subpara": frozenset({"clause"}),
    "item": frozenset({"subitem", "point"}),
    "point": frozenset({"subpara", "point"}),
    "clause": frozenset({"subclause"}),
    "subitem": frozenset(),
    "subclause": frozenset({"item"}),  # USLM: (I) → (aa) → (AA)
    "rct": frozenset(),
    "indent": frozenset(),
}

#: Kinds numbered throughout the instrument, whose eId does not repeat the container's.
NUMBERED_THROUGHOUT = frozenset({"art", "sec", "rct"})

JURISDICTIONS = {"cn": "China", "us": "United States (federal)", "us-ca": "California", "eu": "European Union"}
STATUSES = {
    "in_force": "In force",
    "not_yet_in_force": "Not yet in force",
    "repealed": "Repealed",
    "superseded": "Superseded",
    "draft": "Draft",
}

_EID_PART = re.compile(r"^([a-z]+)_([0-9A-Za-z.-]+)$")


@dataclass(frozen=True)
class Text:
    """Text in the languages of the knowledge base; ``""`` where there is none."""

    zh: str = ""
    en: str = ""

    def get(self, language: str) -> str:
        """Return the text in ``language`` (``"zh"`` or ``"en"``), or ``""``."""
        return getattr(self, language, "")

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)

    @classmethod
    def from_data(cls, data: dict | None) -> "Text":
        """Build from a loaded ``{language: text}`` mapping (or ``None``)."""
        data = data or {}
        return cls(**{lang: data.get(lang) or "" for lang in LANGUAGES})


@dataclass(frozen=True)
class ProvisionId:
    """A provision's full identifier: ``cn/pipl#art_47``.

    ``str(ProvisionId.parse(s)) == s`` for every valid ``s``.
    """

    instrument: str
    eid: str

    @classmethod
    def parse(cls, value: str) -> "ProvisionId":
        """Parse ``"cn/pipl#art_47"``.

        Raises:
            ValueError: when ``value`` has no ``#`` or an empty side.
        """
        instrument, sep, eid = value.partition("#")
        if not sep or not instrument or not eid:
            raise ValueError(f"not a provision id (expected 'cn/pipl#art_47'): {value!r}")
        return cls(instrument, eid)

    def __str__(self) -> str:
        return f"{self.instrument}#{self.eid}"


def eid_parts(eid: str) -> list[tuple[str, str]]:
    """Split an eId into (abbreviation, number) pairs.

    ``"art_13__para_1__item_2"`` → ``[("art", "13"), ("para", "1"), ("item", "2")]``.

    Raises:
        ValueError: when a part is not ``<letters>_<number>``.
    """
    parts = []
    for part in eid.split("__"):
        match = _EID_PART.match(part)
        if not match:
            raise ValueError(f"not an eId part: {part!r}")
        parts.append((match.group(1), match.group(2)))
    return parts


@dataclass(frozen=True)
class Provision:
    """One provision (chapter, article, paragraph 款, item 项, section…).

    Attributes:
        eid: Akoma Ntoso eId, unique within the instrument.
        num: the number as printed (``第四十七条``, ``（二）``), or ``""`` (paragraphs).
        heading: chapter or section title, or article caption.
        text: the provision's own words (for a paragraph with items: the lead-in).
        note: editorial note.
        children: contained provisions, in document order.
        continuation: words that follow the children and close the provision (USLM ``continuation``).
        explained_by: eIds of the recitals that explain the provision (editorial).
        line, col: position of the provision in its YAML file (1-based).
        text_line, text_col: position of its official-language text, where there is one.
    """

    eid: str
    num: str = ""
    heading: Text = Text()
    text: Text = Text()
    note: Text = Text()
    children: tuple["Provision", ...] = ()
    continuation: Text = Text()
    explained_by: tuple[str, ...] = ()
    line: int = 0
    col: int = 0
    text_line: int = 0
    text_col: int = 0

    @property
    def abbreviation(self) -> str:
        """The eId abbreviation of this provision's own part: ``art``, ``para``…"""
        return self.eid.rsplit("__", 1)[-1].split("_", 1)[0]

    @property
    def kind(self) -> str:
        """Kind of provision: ``article``, ``paragraph``, ``item``…"""
        return KINDS.get(self.abbreviation, self.abbreviation)

    @property
    def designator(self) -> str:
        """The number in this provision's own eId part: ``47``, ``253-1``, ``b``."""
        return self.eid.rsplit("__", 1)[-1].split("_", 1)[1]

    def walk(self) -> Iterator["Provision"]:
        """Yield this provision and all its descendants, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Source:
    """Where an instrument's text comes from (see the sources MANIFEST)."""

    url: str
    retrieved: date
    official_language: str
    repository: str = ""
    commit: str = ""
    path: str = ""
    file: str = ""
    licence: str = ""
    note: str = ""


@dataclass(frozen=True)
class Translation:
    """A translation of an instrument into ``language``: ``official`` or ``unofficial``."""

    language: str
    status: str
    by: str = ""
    note: str = ""


@dataclass(frozen=True)
class Relation:
    """A relation from one instrument to another: ``kind`` is ``supersedes``, ``superseded_by``,
    ``amends`` or ``version_of``; ``target`` an instrument id; ``line``/``col`` where it is written."""

    kind: str
    target: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Instrument:
    """One version of a legal instrument, as encoded in ``statutes/<jurisdiction>/<slug>.yaml``.

    Attributes:
        id: ``<jurisdiction>/<slug>``, e.g. ``cn/pipl``.
        file: path of the YAML file.
        status: one of :data:`STATUSES`; ``ceased`` is set when repealed or superseded.
        provisions: top-level provisions (chapters, or articles when there are none).
    """

    id: str
    file: str
    title: Text
    short_title: Text
    jurisdiction: str
    type: str
    issuing_body: Text
    adopted: date
    status: str
    source: Source
    provisions: tuple[Provision, ...]
    effective: date | None = None
    ceased: date | None = None
    status_note: Text = Text()
    citation: Text = Text()
    translations: tuple[Translation, ...] = ()
    relations: tuple[Relation, ...] = ()
    amended: tuple[date, ...] = ()
    _index: dict[str, Provision] = field(default_factory=dict, init=False, compare=False, repr=False, hash=False)
    _articles: list[Provision] = field(default_factory=list, init=False, compare=False, repr=False, hash=False)
    _recitals: list[Provision] = field(default_factory=list, init=False, compare=False, repr=False, hash=False)

    def __post_init__(self) -> None:
        for top in self.provisions:
            for provision in top.walk():
                self._index.setdefault(provision.eid, provision)
                if "__" not in provision.eid:
                    if provision.abbreviation in ("art", "sec"):
                        self._articles.append(provision)
                    elif provision.abbreviation == "rct":
                        self._recitals.append(provision)

    @property
    def slug(self) -> str:
        """The part of the id after the jurisdiction: ``pipl``."""
        return self.id.split("/", 1)[1]

    @property
    def frbr_work(self) -> str:
        """Akoma Ntoso FRBR work URI, e.g. ``/akn/cn/act/2021-08-20/pipl``."""
        doc_type = "act" if self.type in ("law", "regulation") else "doc"
        return f"/akn/{self.jurisdiction}/{doc_type}/{self.adopted.isoformat()}/{self.slug}"

    @property
    def official_language(self) -> str:
        """Language of the authentic text (``zh`` or ``en``)."""
        return self.source.official_language

    def provision(self, eid: str) -> Provision | None:
        """Return the provision with this eId, or ``None``."""
        return self._index.get(eid)

    def walk(self) -> Iterator[Provision]:
        """Yield every provision, in document order."""
        for top in self.provisions:
            yield from top.walk()

    def articles(self) -> list[Provision]:
        """Return the article-level provisions (articles, US sections; not recitals), in order (a new list)."""
        return list(self._articles)

    def recitals(self) -> list[Provision]:
        """Return the recitals (``rct_N``), in order (a new list)."""
        return list(self._recitals)

    def translation(self, language: str) -> Translation | None:
        """Return the declared translation into ``language``, or ``None``."""
        return next((t for t in self.translations if t.language == language), None)


@dataclass(frozen=True)
class Corpus:
    """All instruments, in a stable order (jurisdiction, then id), and the topics of comparison.

    ``topics`` holds :class:`build_kb.validate.topics.Topic` records, sorted by id; ``successions``
    :class:`build_kb.validate.successions.Succession` tables; ``proposals``
    :class:`build_kb.validate.proposals.Proposal` records, in the paper's order. ``unavailable``: the ids of
    instrument files that exist but have errors, so that what names them is not reported as naming
    an instrument that does not exist (one mistake, one error).
    """

    instruments: tuple[Instrument, ...]
    topics: tuple = ()
    successions: tuple = ()
    proposals: tuple = ()
    unavailable: frozenset[str] = frozenset()

    def get(self, instrument_id: str) -> Instrument | None:
        """Return the instrument with this id, or ``None``."""
        return next((i for i in self.instruments if i.id == instrument_id), None)

    def provision_count(self) -> int:
        """Number of provisions of every kind in the corpus."""
        return sum(1 for i in self.instruments for _ in i.walk())


def provision_text(instrument: Instrument, provision: Provision, language: str) -> str:
    """The words of ``provision`` and its parts in ``language``, one line per paragraph or item.

    Items and numbered subdivisions keep their numbers (``（一）``, ``(a)``) at the start of their line,
    so that a renumbered item shows as a change. Empty unless every part with official text
    has text in ``language`` (a half-translated article is not a translation).
    """
    official = instrument.official_language
    if any(p.text.get(official) and not p.text.get(language) for p in provision.walk()):
        return ""
    lines = []
    pending = []  # the numbers of subdivisions without words of their own: "(c)" before "(1) A business…"

    def visit(p: Provision) -> None:
        words = p.text.get(language)
        number = p.num if p.abbreviation not in ("art", "sec", "rct") else ""
        if number and language != instrument.official_language:
            number = f"({p.designator})"
        if number:
            pending.append(number)
        if words:
            numbers = ("" if language == "zh" else " ").join(pending)
            lines.append(f"{numbers}{'' if language == 'zh' or not numbers else ' '}{words}")
            pending.clear()
        for child in p.children:
            visit(child)
        if p.continuation.get(language):
            lines.append(p.continuation.get(language))

    visit(provision)
    return "\n".join(lines)
