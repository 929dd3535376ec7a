"""Import the California Consumer Privacy Act as amended by Proposition 24 (CPRA, 2020) from the ballot measure.

The source (bcyphers/cpra ``md/cpra.md``, see the sources' MANIFEST, "California") is the
initiative measure as a pandoc conversion of the Attorney General's PDF: paragraphs
wrapped at 72 columns and separated by blank lines; text the measure adds in
``*italics*``, CCPA text it deletes in ``~~strikethrough~~``; pandoc escapes
(``\\'``, ``\\"``, ``\\(a)``, ``\\$``). The Civil Code sections it sets out in full
follow its instructions (``*SEC. 5. Section 1798.105 of the Civil Code is amended
to read:*``), each as a caption line (``*1798.105. Consumers\\' Right to Delete
Personal Information*``), the bare number (``1798.105``) and the text; §§ 1798.194–
1798.199, reproduced unchanged, have the bare number only, and the agency sections
(§§ 1798.199.10–1798.199.100) the number in italics only (§ 1798.199.15's number
stands in the middle of a paragraph of § 1798.199.10).

The resulting text is computed by :func:`resolve`: struck text is removed, the
italic markers are removed (the added words kept), the pandoc escapes are undone,
and the spaces around a removal are tidied (one space between words, none before
``. , ; : )`` or after ``(``). A subdivision whose own words are all struck and
whose number stands alone (§ 1798.100: ``\\(a) ~~…~~`` then ``~~(b)~~ A business
…``) takes the next unnumbered paragraph as its text. Nothing else is changed:
the typing errors of the measure (``thot``, ``Californla``) are kept.

Structure, as in :mod:`build_kb.importers.us_code`: sections ``sec_1798.100``
(num ``§ 1798.100``, heading the caption as printed), then ``(a)`` → ``subsec_a``
(``(aa)``–``(ah)`` after ``(z)``), ``(1)`` → ``para_1``, ``(A)`` → ``subpara_A``,
``(i)`` → ``clause_i``, ``(I)`` → ``subclause_I``; ambiguous designators
(``(i)``, ``(v)``, ``(I)``) are read by the same rule: a continued open list
first, unless the next designator fits only the other reading. A numbered
paragraph's words are its text (the measure has no separate captions). An
unnumbered paragraph is a further paragraph of the text of the provision before
it (joined with a line break), unless that text ends a list item (``;``, ``,``,
``; and``) or the paragraph's own number is struck (§ 1798.140: ``~~(3)~~
"Personal information" does not include …``): then it is the ``continuation``
of the provision that holds the list.

Quirks of the measure, each handled where it occurs and reported in ``notes``:

* § 1798.140(m) lists ``(A)``–``(C)`` directly under a subdivision, a level the
  structure does not have (:data:`ALLOWED`): they stay lines of (m)'s text;
* § 1798.145(o)(2) prints ``(C)`` twice: the second is ``subpara_C-2``, num ``(C)``;
* § 1798.185(a)(19)(A)(vi) has points ``(a.)``–``(c.)``: lines of the clause's text;
* § 1798.185(a)(16) is cut at a page break after a soft hyphen (``decision`` /
  ``\u00admaking``): the two paragraphs are joined; soft hyphens are kept;
* a paragraph left holding punctuation only (§ 1798.140(m): the period after a
  struck passage) is dropped;
* the group heading ``Establishment of California Privacy Protection Agency``
  belongs to no section and is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from .designators import candidates, placements
from .source_text import read_source

LEVELS = ("subsec", "para", "subpara", "clause", "subclause")
#: The kinds that may stand under each kind (the validator's rule, build_kb.model.ALLOWED_CHILDREN).
ALLOWED = {"sec": ("subsec", "para"), "subsec": ("para",), "para": ("subpara",), "subpara": ("clause",),
           "clause": ("subclause",), "subclause": ()}
_DEPTH = {kind: depth for depth, kind in enumerate(LEVELS, 1)}

#: Where the Civil Code text starts and ends in the measure.
START = re.compile(r"^SEC\. 3\. Section 1798\.100 of the Civil Code")
END = re.compile(r"^SEC\. 25\. ")
#: An instruction of the measure (not Civil Code text).
_INSTRUCTION = re.compile(r"^(?:SEC\. \d+\. )?Sections? 1798\.[0-9.]+ (?:et seq\. )?(?:of the Civil Code )?"
                          r"(?:is|are) .*(?:read|follows):$")
#: A caption line: ``1798.105. Consumers' Right to Delete …`` (in italics in the source).
_CAPTION = re.compile(r"^(1798\.\d+(?:\.\d+)?)\.?(?: (\S.*))?$")
#: A bare section number: ``1798.105``.
_BARE = re.compile(r"^1798\.\d+(?:\.\d+)?$")
#: A section number inside a paragraph (§ 1798.199.15): ``… this section. 1798.199.15. Members …``.
_INLINE_SECTION = re.compile(r"(?<=\. )(1798\.199\.\d+)\. (?=[A-Z])")
#: Group headings of the measure that belong to no section.
GROUP_HEADINGS = ("Establishment of California Privacy Protection Agency",)
_NUMBERED = re.compile(r"^\(([0-9]+|[a-z]{1,2}|[ivxl]+|[A-Z]+)\)(?:\s+|$)(.*)$", re.S)
_GONE = "\x00"
#: A paragraph left with punctuation only.
_STRAY = re.compile(r"^[.,;:]+$")
#: A paragraph whose number the measure strikes (§ 1798.140: "~~(3)~~ \"Personal information\" does not …").
_STRUCK_NUMBER = re.compile(r"^~~\\?\([0-9a-zA-Z]+\)~~ ")
#: A lettered point printed with a period (§ 1798.185(a)(19)(A)(vi): "(a.) a global opt-out …"), a level
#: below the clause that the structure does not have: kept as a line of the clause's text.
_POINT = re.compile(r"^\([a-z]\.\) ")
#: Text endings that close a list item: an unnumbered paragraph that follows belongs to the parent.
_ITEM_END = re.compile(r"(?:[;,]|[;,] (?:or|and))$")


def resolve(text: str) -> str:
    """The resulting text of a redline passage: ``~~struck~~`` removed, ``*added*`` kept, escapes undone.

    >>> resolve("A business that *controls the collection of* ~~collects~~ a consumer\\\\'s data ~~here~~.")
    "A business that controls the collection of a consumer's data."
    """
    text = re.sub(r"~~.*?~~", _GONE, text, flags=re.S)
    if "~~" in text:
        raise ValueError(f"unbalanced strikethrough: {text[:80]!r}")
    text = text.replace("*", "")
    text = re.sub(r"\\(.)", r"\1", text)

    def tidy(match: re.Match) -> str:
        left, right = match.group(1), match.group(2)
        after = match.string[match.end():match.end() + 1]
        before = match.string[match.start() - 1:match.start()] if match.start() else ""
        if after in ".,;:)]" or after == "" or before in "([":
            return ""
        if before == "":
            return ""
        return " " if (left or right) else ""

    text = re.sub(r"( *)[\x00]+(?: *[\x00]+)*( *)", tidy, text)
    return re.sub(r" {2,}", " ", text)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, paragraph joined into one line) for each blank-line-separated paragraph."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            out.append((start, " ".join(current)))
            current = []
    if current:
        out.append((start, " ".join(current)))
    return out


def _letter_before(designator: str) -> str | None:
    """``b`` → ``a``, ``aa`` → ``z``, ``ab`` → ``aa``; ``None`` for the first of a list."""
    lower = designator.lower()
    if len(lower) == 1:
        previous = None if lower == "a" else chr(ord(lower) - 1)
    elif lower[1] == "a":
        previous = "z" if lower[0] == "a" else chr(ord(lower[0]) - 1) + "z"
    else:
        previous = lower[0] + chr(ord(lower[1]) - 1)
    return previous.upper() if previous and designator.isupper() else previous


def _letters(designator: str) -> list[tuple[str, str | None]]:
    """Letter readings in California's style: a, b … z, aa, ab … (subdivisions) or A, B (subparagraphs)."""
    if len(designator) <= 2 and designator.isalpha() and (len(designator) == 1 or not designator.isupper()):
        return [("subpara" if designator.isupper() else "subsec", _letter_before(designator))]
    return []


def _candidates(designator: str) -> list[tuple[str, str | None]]:
    """Possible (kind, predecessor) readings of a designator; predecessor ``None`` = first of its list."""
    return candidates(designator, _letters)


@dataclass
class _Node:
    kind: str
    designator: str
    num: str
    heading: str = ""
    lines: list[str] = field(default_factory=list)
    continuation: list[str] = field(default_factory=list)
    children: list["_Node"] = field(default_factory=list)
    eid_number: str = ""  # when the designator is printed twice: ``C-2``
    inline: bool = False  # a level the structure does not allow here: a line of the parent's text

    @property
    def depth(self) -> int:
        return 0 if self.kind == "sec" else _DEPTH[self.kind]


def _placements(stack: list[_Node], designator: str) -> list[tuple[str, int, bool]]:
    """Readings of ``designator`` valid with these open provisions: (kind, index of parent in stack, continues a list)."""
    return placements(stack, _candidates(designator), _DEPTH)


def _blocks(text: str) -> list[tuple[int, str, str]]:
    """The measure's Civil Code part as (line, kind, payload): ``section`` (number, caption) or ``text``."""
    blocks: list[tuple[int, str, str]] = []
    inside = False
    for line, raw in _paragraphs(text):
        plain = resolve(raw).strip()
        if START.match(plain):
            inside = True
        if not inside:
            continue
        if END.match(plain):
            break
        if _INSTRUCTION.match(plain) or plain in GROUP_HEADINGS or not plain:
            continue
        if _BARE.match(plain) or (plain.endswith(".") and _BARE.match(plain[:-1])):
            plain = plain.rstrip(".")
            if not blocks or blocks[-1][1] != "section" or blocks[-1][2].split("\t")[0] != plain:
                blocks.append((line, "section", plain + "\t"))
            continue
        caption = _CAPTION.match(plain)
        if caption and raw.startswith("*") and raw.endswith("*") and "~~" not in raw:
            blocks.append((line, "section", f"{caption.group(1)}\t{caption.group(2) or ''}"))
            continue
        if _STRAY.match(plain):  # the period after a struck passage (§ 1798.140(m): "~~(4) … information~~.")
            continue
        if plain.startswith("\u00ad") and blocks and blocks[-1][1] != "section":
            # a paragraph cut at a page break after a soft hyphen (§ 1798.185(a)(16): "decision" / "\u00admaking")
            blocks[-1] = (blocks[-1][0], blocks[-1][1], blocks[-1][2] + plain)
            continue
        inline = _INLINE_SECTION.search(plain)
        if inline:
            blocks.append((line, "text", plain[:inline.start()].rstrip()))
            blocks.append((line, "section", f"{inline.group(1)}\t"))
            plain = plain[inline.end():]
        closing = bool(_STRUCK_NUMBER.match(raw))
        blocks.append((line, "closing" if closing else "text", plain))
    return blocks


def _tree(text: str, notes: list[str]) -> list[_Node]:
    blocks = _blocks(text)
    sections: list[_Node] = []
    stack: list[_Node] = []
    pending: _Node | None = None  # a number standing alone, waiting for its words
    for index, (line, kind, payload) in enumerate(blocks):
        if kind == "section":
            number, heading = payload.split("\t")
            section = _Node("sec", number, f"§ {number}", heading)
            sections.append(section)
            stack, pending = [section], None
            continue
        if not stack:
            raise ValueError(f"line {line}: text before the first section: {payload[:60]!r}")
        match = None if kind == "closing" else _NUMBERED.match(payload)
        if not match:
            leaf = stack[-1]
            closes = kind == "closing" or (leaf.lines and _ITEM_END.search(leaf.lines[-1]) and not _POINT.match(payload))
            if pending is not None:
                pending.lines.append(payload)
                pending = None
            elif closes and len(stack) > 1:
                owner = stack[-2]
                owner.continuation.append(payload)
                notes.append(f"line {line}: § {stack[0].designator}: unnumbered paragraph read as the "
                             f"continuation of {owner.num if owner.kind != 'sec' else 'the section'}")
            else:
                leaf.lines.append(payload)
            continue
        designator, rest = match.groups()
        readings = _placements(stack, designator)
        if len(readings) > 1:
            following = next((_NUMBERED.match(p).group(1) for _, k, p in blocks[index + 1:]
                              if k == "text" and _NUMBERED.match(p)), None)
            if following is not None:
                viable = [r for r in readings
                          if _placements(stack[:r[1] + 1] + [_Node(r[0], designator, "")], following)]
                readings = viable or readings
            readings.sort(key=lambda r: not r[2])
            if len(readings) > 1:
                notes.append(f"line {line}: § {stack[0].designator}: ({designator}) read as {readings[0][0]}")
        repeated = 0
        if not readings:  # the measure prints a designator twice (§ 1798.145(o)(2): two subparagraphs (C))
            for i, open_node in enumerate(stack[1:], 1):
                if open_node.designator == designator and open_node.kind in dict(_candidates(designator)):
                    readings = [(open_node.kind, i - 1, True)]
                    repeated = sum(1 for sibling in stack[i - 1].children if sibling.designator == designator)
                    notes.append(f"line {line}: § {stack[0].designator}: ({designator}) printed twice; "
                                 f"the second has eId {open_node.kind}_{designator}-{repeated + 1}")
        if not readings:
            raise ValueError(f"line {line}: cannot place ({designator}) in § {stack[0].designator}: {payload[:60]!r}")
        level, parent_index, _ = readings[0]
        del stack[parent_index + 1:]
        node = _Node(level, designator, f"({designator})")
        if level not in ALLOWED[stack[-1].kind]:
            # § 1798.140(m) lists (A)–(C) directly under a subdivision, a level the structure does not have:
            # they are kept as lines of the subdivision's text
            node.inline = True
            notes.append(f"line {line}: § {stack[0].designator}: ({designator}) under {stack[-1].num} kept as "
                         f"a line of its text")
        if repeated:
            node.eid_number = f"{designator}-{repeated + 1}"
        stack[-1].children.append(node)
        stack.append(node)
        if rest.strip():
            node.lines.append(rest.strip())
            pending = None
        else:
            pending = node
    return sections


def _to_yaml(node: _Node, prefix: str) -> dict:
    number = node.eid_number or node.designator
    eid = f"{prefix}__{node.kind}_{number}" if prefix else f"{node.kind}_{number}"
    out: dict = {"eid": eid, "num": node.num}
    if node.heading:
        out["heading"] = {"en": node.heading}
    lines = list(node.lines)
    for child in node.children:
        if child.inline:
            if child.children or child.continuation:
                raise ValueError(f"{eid}: {child.num} kept as text cannot have children")
            lines.append(" ".join([child.num] + child.lines))
    if lines:
        out["text"] = {"en": "\n".join(lines)}
    children = [child for child in node.children if not child.inline]
    if children:
        out["children"] = [_to_yaml(child, eid) for child in children]
    if node.continuation:
        out["continuation"] = {"en": "\n".join(node.continuation)}
    return out


def parse(text: str, notes: list[str] | None = None) -> list[dict]:
    """Turn the measure into the resulting Civil Code sections in the statutes/ YAML shape.

    Args:
        text: the markdown of ``us/cpra_prop24_2020_initiative_text.md``.
        notes: if given, receives a line for each reading decided by the default rule and
            each unnumbered paragraph read as a continuation.

    Raises:
        ValueError: when a numbered paragraph cannot be placed, or a strikethrough is unbalanced.
    """
    sections = _tree(text, notes if notes is not None else [])
    if not sections:
        raise ValueError("no Civil Code section found (SEC. 3. Section 1798.100 of the Civil Code …)")
    return [_to_yaml(section, "") for section in sections]


def parse_file(path: str | Path) -> list[dict]:
    """Read (:func:`~build_kb.importers.source_text.read_source`) and :func:`parse` the source file.

    Raises:
        ValueError: as :func:`parse` does; a :class:`~build_kb.importers.source_text.SourceError` when the
            file cannot be read as UTF-8 text.
    """
    return parse(read_source(path))


FILE = "us/cpra_prop24_2020_initiative_text.md"


def instrument(sources: str | Path) -> dict:
    """The whole instrument ``us-ca/ccpa``: metadata and the parsed provisions."""
    return {
        "id": "us-ca/ccpa",
        "title": {"en": "California Consumer Privacy Act of 2018, as amended by the California Privacy Rights Act "
                        "of 2020 (Proposition 24)"},
        "short_title": {"en": "CCPA"},
        "jurisdiction": "us-ca",
        "type": "law",
        "issuing_body": {"en": "California Legislature; amended by the voters (Proposition 24)"},
        "adopted": "2018-06-28",
        "amended": ["2020-11-03"],
        "effective": "2023-01-01",
        "status": "in_force",
        "status_note": {"en": "The text as amended by Proposition 24 (2020), most of which became operative on "
                              "1 January 2023. Later legislative amendments (2021–2024) are not included: this is "
                              "the text the ballot measure produced, not the current codified text."},
        "citation": {"en": "Cal. Civ. Code §§ 1798.100–1798.199.100"},
        "source": {
            "url": "https://leginfo.legislature.ca.gov/faces/codes_displayText.xhtml?division=3.&part=4.&lawCode=CIV"
                   "&title=1.81.5",
            "retrieved": "2020-10-03",
            "official_language": "en",
            "copied_from": {"repository": "bcyphers/cpra", "commit": "11edc77040feb528250f0f6463ee16e1458db5c5",
                            "path": "md/cpra.md"},
            "file": FILE,
            "licence": "Enacted statutes and initiative measures of California are public (government edicts "
                       "doctrine)",
            "note": "Resulting text computed from the ballot measure's redline: additions kept, deletions removed, "
                    "pandoc escapes undone.",
        },
        "provisions": parse_file(Path(sources) / FILE),
    }


def write(sources: str | Path, statutes: str | Path) -> Path:
    """Write ``statutes/us-ca/ccpa.yaml`` in canonical form."""
    from .skeleton import write_instrument

    return write_instrument(instrument(sources), Path(statutes) / "us-ca" / "ccpa.yaml")


if __name__ == "__main__":  # python -m build_kb.importers.cpra_ballot [SOURCES] [STATUTES]
    import sys

    print(write(*(sys.argv[1:3] or ("sources", "statutes"))))
