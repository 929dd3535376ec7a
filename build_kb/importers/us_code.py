"""Import a section range of the U.S. Code from the codexstanford markdown.

The source (codexstanford/markdonw-chunck-of-the-usa-code, see the sources'
MANIFEST, section us/) is the OLRC edition of the Code cut into "chunks", each
a section or part of one, concatenated in order. Each chunk repeats the header
``# Title 15— …``, ``### CHAPTER 91— …``, ``#### § 6501. Definitions`` and,
for a chunk of a subsection, ``##### (a) Acts prohibited`` (some titles use
``######`` and captions such as ``(a) Definitions .``); a chunk that starts in
the middle of a subsection marks its first line ``######## (A) …``. Below
that, one provision per line, flat: ``(1) Child`` (a caption), then its text
on the next line; ``(A) means any person …``; ``(i) among the several States …``.

Structure (USLM): sections are the top-level provisions (``sec_6501``, num
``§ 6501``, heading ``Definitions``; ``§ 1681s–2`` → ``sec_1681s-2``), then
subsection ``(a)`` → ``subsec_a``, paragraph ``(1)`` → ``para_1``,
subparagraph ``(A)`` → ``subpara_A``, clause ``(i)`` → ``clause_i``,
subclause ``(I)`` → ``subclause_I``, item ``(aa)`` → ``item_aa``, subitem
``(AA)`` → ``subitem_AA``, joined by ``__``
(``sec_6502__subsec_b__para_1__subpara_A``). A level may be skipped (§ 6501
has paragraphs directly). The designator's form gives the candidate levels;
``(i)``, ``(v)``, ``(x)``, ``(I)``, ``(V)``, ``(X)`` and doubled letters are
ambiguous and are resolved by context: a designator continues an open
sibling list (``(i)`` after ``(h)`` is a subsection) or opens a new list
under the innermost provision (``(i)`` after ``(A)`` is a clause); when both
readings are possible, the one under which the next designator can also be
placed wins (``(ii)`` next means clause, ``(1)`` or ``(j)`` next means
subsection), and otherwise the sibling reading.

A numbered line followed by an unnumbered line is a caption (``heading``)
and the unnumbered line its text. A numbered line followed directly by its
children is a caption when its children start afresh with a capital
(``(10) Website or online service directed to children`` / ``(A) In
general``) and a lead-in when its sentence runs on into them
(``(2) Verification`` / ``(A) that the consumer …``); words that start in
lower case, end in punctuation or end in a word such as ``of``, ``that`` or
``shall`` (:data:`_LEAD_IN_WORD`) are always text. An unnumbered line
after a provision whose text ends a list item (``;``, ``,``, ``; or``) closes
its parent (``continuation``); after any other text it is a further
paragraph of the same text (the quoted notices of FCRA §§ 1681c–1(i)(6) and
1681g(g)(1)), joined with a line break. The repeated chunk headers are not
text and are read once; the heading of the next subchapter or part
(``SUBCHAPTER II— FRAUDULENT ACCESS …``, ``PART II— CRIMINAL PROCEDURE``)
that the OLRC prints after the last section of a range belongs to no
section of the range and is left out (:data:`NEXT_UNIT_HEADING`).

Documented corrections of conversion artefacts (MANIFEST, "Fidelity
caveats"), applied by :func:`correct` and :func:`caption`, and undone by the
fidelity test; nothing else is changed:

(a) the em dash lost after a lead-in is restored: a text immediately
    followed by child provisions that does not end in ``.`` ``,`` ``;``
    ``:`` or ``—``, and whose children carry on its sentence (one of them
    at least ends as a list item does, in ``;``, ``; or``, ``,`` or
    ``.``), gets ``—`` appended (``The term “operator”`` →
    ``The term “operator”—``); no source line ends in ``—``, so the
    correction is exactly reversible, and in a source that has a line
    ending in ``—`` (a copy that kept its dashes) nothing is appended;
(b) the spaces the converter left around flattened cross-reference links
    are removed: before ``.`` ``,`` ``;`` ``:`` ``)`` ``]``
    (``section 45 of this title .`` → ``section 45 of this title.``,
    ``December 30, 2019 ,`` → ``December 30, 2019,``,
    ``September 30, 1996 );`` → ``September 30, 1996);``) and after ``(``
    ``[`` (``( 12 U.S.C. 1818 )`` → ``(12 U.S.C. 1818)``,
    ``subsection ( o )`` → ``subsection (o)``);
(c) a trailing `` .`` on a caption is dropped (``(1) In general .`` →
    heading ``In general``).

Kept as printed: OLRC footnote markers (``1681b(b)(4)(E)(i)  1 of this
title``, ``(A) 2 Regulations required``), the space in ``1681 o``, the
narrow no-break space after ``§`` inside texts, repealed provisions
(``(4) Repealed. Pub. L. 115–141 …``; ``[(B) Repealed. …]`` keeps ``[(B)``
as its num). In eIds and nums of sections the U+202F after ``§`` becomes an
ordinary space or disappears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from .designators import candidates, placements
from .source_text import SourceError, read_source

#: Kinds of provision below the section, outermost first, with their depth.
LEVELS = ("subsec", "para", "subpara", "clause", "subclause", "item", "subitem")
_DEPTH = {kind: depth for depth, kind in enumerate(LEVELS, 1)}

# Any whitespace may follow the hashes (a no-break space from an editor reads as the space).
_CHUNK_HEADER = re.compile(r"^#{1,3}(?:\s|$)")
_SECTION_LINE = re.compile(r"^####\s*§[\s\u202f]*([0-9A-Za-z]+(?:[–-][0-9A-Za-z]+)*)\.\s*(.*)$")
_SUBSECTION_LINE = re.compile(r"^#{5,6}\s*\(([a-z]+)\)\s*(.*)$")
_MARKED_LINE = re.compile(r"^#{7,}\s*")
_NUMBERED = re.compile(r"^(\[?)\(([0-9]+|[a-z]+|[A-Z]+)\)((?:\((?:[0-9]+|[a-z]+|[A-Z]+)\))*)(?:\s+|$)(.*)$")
_MORE = re.compile(r"\(([0-9]+|[a-z]+|[A-Z]+)\)")
#: The heading of the next unit, printed after the last section of a range (not part of the range).
NEXT_UNIT_HEADING = re.compile(r"^(?:TITLE|SUBTITLE|CHAPTER|SUBCHAPTER|PART|SUBPART) [IVXLC0-9]+[A-Z]?—")
#: Text endings that close a list item: the words that follow belong to the parent.
_ITEM_END = re.compile(r"(?:[;,]|[;,] (?:or|and|but))$")
#: Last words that only a lead-in ends with, never a caption.
_LEAD_IN_WORD = re.compile(r"\b(?:that|of|the|to|and|or|is|are|be|may|shall|include|includes|including|which|"
                           r"who|whom|if|unless|except|by|for|with|in|on|from|than|as|a|an|any|each|such)$")
_LEAD_IN_END = (".", ",", ";", ":", "—")
_SPACE_BEFORE = re.compile(r"(?<=\S) +(?=[.,;:)\]])")
_SPACE_AFTER = re.compile(r"(?<=[(\[]) +(?=\S)")


def correct(text: str) -> str:
    """Apply correction (b): remove the spaces left around flattened links."""
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))


def caption(text: str) -> str:
    """Apply corrections (c) and (b) to a caption: ``In general .`` → ``In general``."""
    text = text.strip()
    if text.endswith(" ."):
        text = text[:-2].rstrip()
    return correct(text)


def _letters(designator: str) -> list[tuple[str, str | None]]:
    """Letter readings in the U.S. Code's style: a, b … z, then aa, bb … (or A, AA)."""
    upper, letter = designator.isupper(), designator[0]
    if designator != letter * len(designator):
        return []
    found = []
    if len(designator) == 2:  # item (aa) of a subclause, or the list going on after (z)
        found.append(("subitem" if upper else "item", None if letter in "aA" else chr(ord(letter) - 1) * 2))
    if len(designator) == 1:
        previous = None if letter in "aA" else chr(ord(letter) - 1)
    else:
        previous = ("Z" if upper else "z") if letter in "aA" else chr(ord(letter) - 1) * len(designator)
    found.append(("subpara" if upper else "subsec", previous))
    return found


def _candidates(designator: str) -> list[tuple[str, str | None]]:
    """Possible (kind, predecessor) readings of a designator; predecessor ``None`` = first of its list."""
    return candidates(designator, _letters)


@dataclass
class _Node:
    kind: str  # "sec" or one of LEVELS
    designator: str
    num: str
    rest: str = ""  # the words after the number on its line
    explicit_caption: bool = False
    lines: list[str] = field(default_factory=list)  # unnumbered lines before the first child
    children: list["_Node"] = field(default_factory=list)
    parent: "_Node | None" = None

    @property
    def depth(self) -> int:
        return 0 if self.kind == "sec" else _DEPTH[self.kind]


def _placements(stack: list[_Node], designator: str) -> list[tuple[str, int, bool]]:
    """Readings of ``designator`` valid with these open provisions: (kind, index of parent in stack, continues a list)."""
    return placements(stack, _candidates(designator), _DEPTH)


def _open(stack: list[_Node], kind: str, parent_index: int, designator: str, num: str, rest: str) -> _Node:
    del stack[parent_index + 1:]
    parent = stack[-1]
    node = _Node(kind, designator, num, rest, parent=parent)
    parent.children.append(node)
    stack.append(node)
    return node


def _simulate(stack: list[_Node], reading: tuple[str, int, bool], designator: str) -> list[_Node]:
    kind, parent_index, _ = reading
    return stack[:parent_index + 1] + [_Node(kind, designator, "")]


def _next_designator(lines: list[str], start: int) -> str | None:
    """The designator of the next numbered line of the same section, or ``None``."""
    for line in lines[start:]:
        if line.startswith("#### ") or _SUBSECTION_LINE.match(line):
            return None
        line = _MARKED_LINE.sub("", line)
        if match := _NUMBERED.match(line):
            return match.group(2)
    return None


def _after_gap(stack: list[_Node], designator: str) -> list[tuple[str, int, bool]]:
    """Readings of a designator that continues an open list after a gap ((c) then (e): (d) is not printed)."""
    found = []
    for kind, _previous in _candidates(designator):
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].kind == kind:
                found.append((kind, i - 1, True))
                break
    return found


def _section_order(designator: str) -> tuple[int, str, int] | None:
    """Where a section number sorts in the Code (``1681s-2`` → (1681, "s", 2)), or ``None`` when it has another form."""
    match = re.fullmatch(r"(\d+)([a-z]*)(?:-(\d+))?", designator)
    return (int(match.group(1)), match.group(2), int(match.group(3) or 0)) if match else None


def _gap(gaps: list[tuple[int, str]], line: int, section: str, designator: str, previous: str | None) -> None:
    where = f"follows ({previous}), with a subdivision not printed between" if previous else \
        "starts its list, with a subdivision not printed before it"
    gaps.append((line, f"§ {section}: ({designator}) {where}: kept as a gap, not renumbered (the Code leaves some "
                       "out; if the copy lost one, restore it in the source)"))


def _sections(text: str, notes: list[str], gaps: list[tuple[int, str]]) -> list[_Node]:
    """First pass: the tree of numbered lines, unnumbered lines kept raw under the provision they follow.

    Raises:
        SourceError: when a line cannot be placed, a section heading cannot be read, a section is repeated
            with another heading, or the sections are not in the Code's order.
    """
    numbered = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    numbers = [number for number, _ in numbered]  # blank lines are left out: messages name the source's own lines
    lines = [line for _, line in numbered]
    sections: list[_Node] = []
    stack: list[_Node] = []
    first_line: dict[str, int] = {}
    for index, line in enumerate(lines):
        if _CHUNK_HEADER.match(line):
            continue
        if match := _SECTION_LINE.match(line):
            designator = match.group(1).replace("–", "-")
            if sections and sections[-1].designator == designator and sections[-1].rest == match.group(2):
                continue  # the header repeated by each chunk of the section
            if designator in first_line:
                raise SourceError(f"§ {designator} again (first at line {first_line[designator]}): a section is printed "
                                  "once, its chunks repeating its heading unchanged; remove or renumber the repeated "
                                  "section in the source", numbers[index])
            order, before = _section_order(designator), sections[-1].designator if sections else None
            if before and order and _section_order(before) and order < _section_order(before):
                raise SourceError(f"§ {designator} follows § {before}: sections must be in the Code's order; correct "
                                  "the source", numbers[index])
            first_line[designator] = numbers[index]
            section = _Node("sec", designator, f"§ {match.group(1)}", match.group(2), explicit_caption=True)
            sections.append(section)
            stack = [section]
            continue
        if re.match(r"^####(?!#)", line):  # a section heading that was not read would run into the section before
            raise SourceError(f"a section heading that cannot be read: {line[:60]!r} "
                              "(write it as '#### § 6501. Heading')", numbers[index])
        if not stack:
            raise SourceError(f"text before the first section heading (#### §): {line[:60]!r}", numbers[index])
        if match := _SUBSECTION_LINE.match(line):
            designator = match.group(1)
            same = [n for n in stack if n.kind == "subsec" and n.designator == designator]
            if same:
                if caption(same[0].rest) != caption(match.group(2)):
                    raise SourceError(f"subsection ({designator}) repeated with another caption", numbers[index])
                continue  # the header repeated by a chunk that continues the subsection
            readings = [r for r in _placements(stack, designator) if r[0] == "subsec"]
            if not readings:  # the OLRC omits some subsections (15 U.S.C. 7703(a) amended title 18)
                notes.append(f"line {numbers[index]}: § {stack[0].designator}: subsection ({designator}) follows a gap")
                previous = next((n.designator for n in stack if n.kind == "subsec"), None)
                _gap(gaps, numbers[index], stack[0].designator, designator, previous)
            node = _open(stack, "subsec", readings[0][1] if readings else 0, designator, f"({designator})",
                         match.group(2))
            node.explicit_caption = True
            continue
        line = _MARKED_LINE.sub("", line)
        if NEXT_UNIT_HEADING.match(line):
            continue
        if match := _NUMBERED.match(line):
            bracket, designator, more, rest = match.groups()
            readings = _placements(stack, designator)
            if len(readings) > 1:
                following = _next_designator(lines, index + 1)
                if following is not None:  # the next designator decides
                    viable = [r for r in readings if _placements(_simulate(stack, r, designator), following)]
                    readings = viable or readings
                readings.sort(key=lambda r: not r[2])  # prefer continuing a list
                if len(readings) > 1:
                    notes.append(f"line {numbers[index]}: § {stack[0].designator}: ({designator}) read as "
                                 f"{readings[0][0]}")
            if not readings:
                readings = _after_gap(stack, designator)
                if not readings:
                    raise SourceError(f"cannot place ({designator}) in § {stack[0].designator}: {line[:60]!r}",
                                      numbers[index])
                notes.append(f"line {numbers[index]}: § {stack[0].designator}: ({designator}) follows a gap")
                _gap(gaps, numbers[index], stack[0].designator, designator, stack[readings[0][1] + 1].designator)
            kind, parent_index, _ = readings[0]
            inner = _MORE.findall(more)  # "(3)(A) Identification …": paragraph (3) opens with its subparagraph (A)
            _open(stack, kind, parent_index, designator, f"{bracket}({designator})", "" if inner else rest)
            for i, designator in enumerate(inner):
                first = [r for r in _placements(stack, designator) if not r[2]]
                if not first:
                    raise SourceError(f"cannot place ({designator}) in § {stack[0].designator}", numbers[index])
                _open(stack, first[0][0], first[0][1], designator, f"({designator})",
                      rest if i == len(inner) - 1 else "")
            continue
        stack[-1].lines.append(line)
    return sections


def _is_definite_caption(node: _Node) -> bool:
    if node.explicit_caption:
        return True
    rest = node.rest
    if not rest or not node.lines or rest[0].islower():
        return False
    return rest.endswith(" .") or not _ends_in_punctuation(rest)


def _ends_in_punctuation(text: str) -> bool:
    return text.endswith(_LEAD_IN_END) or bool(re.search(r"[;,] (?:or|and|but)$", text))


def _is_caption(node: _Node) -> bool:
    if _is_definite_caption(node):
        return True
    rest = node.rest
    if not rest or node.lines or not node.children:
        return False  # a leaf's words are its text
    if _ends_in_punctuation(rest) or not rest[0].isupper() or _LEAD_IN_WORD.search(rest):
        return False
    # A lead-in's sentence runs on into its children ("Verification" / "(A) that the consumer …");
    # a caption's children start afresh ("Prohibition" / "(A) In general").
    first = node.children[0]
    while not first.rest and first.children:
        first = first.children[0]
    letter = next((ch for ch in first.rest if ch.isalpha()), "")
    return letter.isupper()


#: How the words of a list item end when they carry on the sentence of a lead-in (footnote markers and brackets aside).
_ITEM_CLOSE = re.compile(r"(?:[.,;:—]|[;,] (?:or|and|but))[”’)\]]*(?:[\s\u202f]+\d)?$")


def _last_words(provision: dict) -> str:
    """The words a provision ends with: its continuation, else those of its last child, else its text."""
    if "continuation" in provision:
        return provision["continuation"]["en"]
    if provision.get("children"):
        return _last_words(provision["children"][-1])
    return (provision.get("text") or {}).get("en", "")


def _lost_dash(text: str, children: list[dict], dashes_lost: bool) -> bool:
    """Whether correction (a) applies: the copy lost its dashes, ``text`` ends without punctuation and its
    subdivisions carry on its sentence (one of them, at least, ends as a list item does: ``;``, ``; or``, ``.``)."""
    return (dashes_lost and bool(children) and not text.endswith(_LEAD_IN_END)
            and any(_ITEM_CLOSE.search(_last_words(child).strip()) for child in children))


def _to_yaml(node: _Node, prefix: str, tails: dict[int, list[str]], dashes_lost: bool) -> dict:
    eid = f"{prefix}__{node.kind}_{node.designator}" if prefix else f"{node.kind}_{node.designator}"
    out: dict = {"eid": eid, "num": node.num}
    words: list[str] = []
    if _is_caption(node):
        if node.rest:
            out["heading"] = {"en": caption(node.rest)}
    elif node.rest:
        words.append(node.rest)
    lines = list(node.lines)
    if words and lines and _ITEM_END.search(words[-1]) and node.parent is not None:
        tails.setdefault(id(node.parent), []).extend(lines)  # the words after a list close its parent
        lines = []
    words.extend(lines)
    children = [_to_yaml(child, eid, tails, dashes_lost) for child in node.children]
    if words:
        text = "\n".join(correct(w) for w in words)
        if _lost_dash(text, children, dashes_lost):
            text += "—"
        out["text"] = {"en": text}
    if children:
        out["children"] = children
    if tails.get(id(node)):
        out["continuation"] = {"en": "\n".join(correct(w) for w in tails.pop(id(node)))}
    return out


def parse(text: str, notes: list[str] | None = None, gaps: list[tuple[int, str]] | None = None) -> list[dict]:
    """Turn one source file into section provisions in the statutes/ YAML shape.

    Args:
        text: the markdown of one file of the sources' us/ folder.
        notes: if given, receives a line for each gap in a numbered list (a subsection the OLRC does
            not print) and each reading decided by the default rule.
        gaps: if given, receives ``(line, message)`` for each gap in a numbered list ((1) then (3)):
            kept as printed, never renumbered, for the command to show as a warning.

    Returns:
        One dict per section (``eid``, ``num``, ``heading``, ``text``,
        ``children``, ``continuation``), texts under ``en``.

    Raises:
        SourceError: (a ValueError) when a numbered line cannot be placed in the structure, a section
            heading cannot be read, a section is repeated or out of order; ``line`` is the line of ``text``.
    """
    sections = _sections(text, notes if notes is not None else [], gaps if gaps is not None else [])
    if not sections:
        raise SourceError("no section heading (#### § N. heading): is this codexstanford U.S. Code markdown?")
    # The copy lost every em dash at the end of a line; a source that kept one kept them all.
    dashes_lost = not any(line.rstrip().endswith("—") for line in text.splitlines())
    return [_to_yaml(section, "", {}, dashes_lost) for section in sections]


def parse_file(path: str | Path) -> list[dict]:
    """Read (:func:`~build_kb.importers.source_text.read_source`) and :func:`parse` a source file.

    Raises:
        SourceError: as :func:`parse` does, and when the file cannot be read as UTF-8 text.
    """
    return parse(read_source(path))
