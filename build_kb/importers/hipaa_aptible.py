"""Import the HIPAA Privacy and Breach Notification Rules (45 C.F.R. Part 164, Subparts D and E).

The source (sources' ``us/hipaa_45cfr164_subparts_d_e_aptible_unofficial.md``, MANIFEST section
"HIPAA") is an UNOFFICIAL transcription from a company website (aptible/www.aptible.com): the 25
files ``source/hipaa/regulations/164-4NN-*.md`` and ``164-5NN-*.md`` concatenated in section order,
each preceded by one marker line ``<!-- extracted from aptible/www.aptible.com:<path> -->``. The
section headings are missing: the section number is taken from the marker's path
(``164-402-definitions.md`` → ``§ 164.402``) and no heading is written (none is invented).

Structure. Sections are ``sec_164.402`` (num ``§ 164.402``; the designator keeps its dot). The CFR
paragraph levels (a) → (1) → (i) → (A) → italic (1) → italic (i) are encoded with the kinds the
validator allows (build_kb/model.py ALLOWED_CHILDREN), by their depth below the section:

==========================  =========  ======================
CFR level                   kind       example eId part
==========================  =========  ======================
1  ``(a)``                  subsec     ``subsec_a``
2  ``(1)``                  para       ``para_1``
3  ``(i)``                  subpara    ``subpara_i``
4  ``(A)``                  clause     ``clause_A``
5  ``(1)`` (italic in CFR)  subclause  ``subclause_1``
6  ``(i)`` (italic in CFR)  item       ``item_i``
==========================  =========  ======================

joined by ``__`` (``sec_164.512__subsec_f__para_1__subpara_ii__clause_A``). The kind follows the
depth, not the designator's style: where the CFR itself skips a style (§ 164.404(c)(1)(A), an (A)
directly under a (1)) the (A) is a ``subpara_A``. The blockquote nesting of the source (``> > ``)
is unreliable (the same level appears at different depths) and is ignored; each designator is
placed by its style (lower-case letter, digit, lower-case roman, capital letter) and context, as in
:mod:`build_kb.importers.us_code`: it continues the innermost open list of its style whose last
member is its predecessor, or opens a new list under the innermost provision when it is the first
of a list (``(a)``, ``(1)``, ``(i)``, ``(A)``); ``(i)``, ``(v)``, ``(x)`` (letter or roman) are
decided by whether the next designator can then be placed, and otherwise continue a list. A
designator that fits nowhere (its predecessor is not printed, e.g. § 164.512(b)(1) and (e)(1) run
into the text of (b) and (e)) continues the nearest open list of its style, or else opens a list
under the innermost provision. Where the source prints a designator inside the line of the one before,
the line is split there (the words stay in order): a first ``(1)`` or ``(i)`` followed by a capital,
when the next printed designator is its first child or its next sibling (``(b) Standard: … (1)
Permitted uses …`` in § 164.512(b) and (e), § 164.504(e)(3) and (4), § 164.514(h)(2), § 164.524(a)(2),
§ 164.530(i)(2)); and a paragraph ``(N)`` after a ``.`` or ``;`` when ``(N-1)`` is open and ``(N+1)``
is the next printed designator (§ 164.512(d)(3) at the end of (d)(2)(iii)). ``(b)-(d) [Reserved]``
(§ 164.504) is one provision ``subsec_b-d``. § 164.512(b)(1)(iii) is not in the source: its (A)–(D)
fall under (ii) and (iv) follows (ii) (a gap, not renumbered).

Definitions. The unnumbered definition paragraphs of §§ 164.402 and 164.501 and of § 164.504(a)
(after a text beginning ``As used in this``) are level-2 provisions without a num whose eId
designator is the defined term in lower case with hyphens (``sec_164.402__para_breach``,
``sec_164.501__para_marketing``, ``sec_164.504__subsec_a__para_summary-health-information``);
their numbered subdivisions are one level deeper (``sec_164.402__para_breach__subpara_1__clause_i``).

Text. Each numbered line is one provision; its words, including the CFR's italic paragraph
headings (``(a) Standard: …``, ``(1) General rule.``), are its ``text`` (no ``heading`` is split
off). An unnumbered line after a numbered provision without children (``General requirements``
after ``(b) Implementation specifications:``) is a further line of its text, joined with a line
break. Unnumbered lines before the first designator are the section's text (§§ 164.400, 164.412,
164.510, 164.512 …). The source note that ends a section (``[78 FR 5695, Jan. 25, 2013]``) is
kept, as printed, as the section's ``note``.

Documented transformations (MANIFEST "HIPAA"), undone by the fidelity test; nothing else is
changed (typos such as ``ermitted`` in § 164.512 and ``Acovered`` are kept):

(a) marker lines are not text; the blockquote markers ``> `` at the start of lines are removed;
(b) site links are reduced to their text: ``[§ 164.506](/hipaa/regulations/…)`` → ``§ 164.506``;
(c) HTML entities are decoded: ``&#40;c)`` → ``(c)``;
(d) ``--`` stands for an em dash and becomes ``—`` (spaces around it kept as printed:
    ``(a) Standard —``);
(e) spaces at the ends of lines are dropped.

The malformed designator ``i)`` of § 164.530(k)(1) (opening parenthesis missing) is read as
``(i)`` for the structure and keeps ``i)`` as its num.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from .designators import roman_value, to_roman
from .source_text import read_source

#: Kinds of provision below the section, by depth (1 = CFR level (a)).
LEVELS = ("subsec", "para", "subpara", "clause", "subclause", "item", "subitem")

_MARKER = re.compile(r"^<!-- extracted from (?P<repo>[^:]+):(?P<path>\S+) -->$")
_SECTION_FILE = re.compile(r"(?:^|/)(\d+)-(\d+)-[^/]*\.md$")
_QUOTE = re.compile(r"^(?:>\s?)+")
_LINK = re.compile(r"\[([^\]]*)\]\((?:/[^)\s]*)\)")
_NUMBERED = re.compile(r"^\(([0-9]+|[a-z]+|[A-Z]+)\)(?:\s+|$)(.*)$")
_BROKEN = re.compile(r"^([ivx]+)\)\s+(.*)$")  # "i) The group health plan …" (§ 164.530(k)(1))
_SOURCE_NOTE = re.compile(r"^\[\d+ FR \d+.*\]$")
_DEFINITIONS_INTRO = "As used in this"
_INLINE_FIRST = re.compile(r"^(.*?\S)\s+\((1|i)\)\s+(?=[A-Z])(.*)$")
_INLINE_NEXT = {"1": ("i", "2"), "i": ("A", "ii")}
_NOT_BEFORE_INLINE = re.compile(r"\b(?:paragraphs?|section|and|or|of|through|to)$|,$")
_INLINE_NEXT_SIBLING = re.compile(r"^(.*?[.;])\s+\(([0-9]+)\)\s+(?=[A-Z])(.*)$")  # "… services. (3) Joint …"
_RANGE = re.compile(r"^\(([a-z]+)\)-\(([a-z]+)\)\s+(.*)$")  # "(b)-(d) [Reserved]" (§ 164.504)
_TERM = re.compile(r"^(.+?)(?: means\b|:)")


def clean(line: str) -> str:
    """Apply transformations (b)–(e) to one line (blockquote markers already removed)."""
    line = _LINK.sub(r"\1", line)
    line = html.unescape(line)
    return line.replace("--", "—").rstrip()


def _candidates(designator: str) -> list[tuple[str, str | None]]:
    """Possible (style, predecessor) readings; predecessor ``None`` = first of its list."""
    if "-" in designator:
        first = designator.split("-")[0]
        return [c for c in _candidates(first) if c[0] == "lower"]
    if designator.isdigit():
        return [("digit", None if designator == "1" else str(int(designator) - 1))]
    found: list[tuple[str, str | None]] = []
    if designator.islower():
        roman = roman_value(designator, lower_only=True)
        if roman:
            found.append(("roman", to_roman(roman - 1) if roman > 1 else None))
        if len(designator) == 1:
            found.append(("lower", None if designator == "a" else chr(ord(designator) - 1)))
    elif len(designator) == 1:
        found.append(("upper", None if designator == "A" else chr(ord(designator) - 1)))
    return found


class _Node:
    def __init__(self, style: str, designator: str, num: str, depth: int, words: str = ""):
        self.style, self.designator, self.num, self.depth = style, designator, num, depth
        self.lines: list[str] = [words] if words else []
        self.children: list[_Node] = []
        self.note = ""
        self.quote = 0


def _placements(stack: list[_Node], designator: str) -> list[tuple[str, int, bool]]:
    """Readings valid with these open provisions: (style, index of the parent in stack, continues a list)."""
    found = []
    for style, previous in _candidates(designator):
        if previous is None:
            found.append((style, len(stack) - 1, False))
            continue
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].style == style and stack[i].designator.split("-")[-1] == previous:
                found.append((style, i - 1, True))
                break
    return found


def _after_gap(stack: list[_Node], designator: str) -> tuple[str, int, bool]:
    for style, _previous in _candidates(designator):
        for i in range(len(stack) - 1, 0, -1):
            if stack[i].style == style:
                return style, i - 1, True
    return _candidates(designator)[0][0], len(stack) - 1, False


def _is_next(stack: list[_Node], designator: str, following: str | None) -> bool:
    """Whether ``designator`` continues an open list and ``following`` is its successor."""
    if following is None or not designator.isdigit() or following != str(int(designator) + 1):
        return False
    return any(n.style == "digit" and n.designator == str(int(designator) - 1) for n in stack[1:])


def _designator(line: str) -> tuple[str, str, str] | None:
    """(designator, num as printed, rest) of a numbered line, or ``None``."""
    if match := _NUMBERED.match(line):
        return match.group(1), f"({match.group(1)})", match.group(2)
    if match := _RANGE.match(line):
        return f"{match.group(1)}-{match.group(2)}", f"({match.group(1)})-({match.group(2)})", match.group(3)
    if match := _BROKEN.match(line):
        return match.group(1), f"{match.group(1)})", match.group(2)
    return None


def _slug(term: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", term.lower()).strip("-")


def _sections(text: str, notes: list[str]) -> list[_Node]:
    raw: list[tuple[str, str]] = []  # ("marker", path) or ("line", cleaned text)
    quotes: list[int] = []  # the blockquote depth of each line (a tie-breaker only)
    for line in text.splitlines():
        stripped = line.strip()
        if match := _MARKER.match(stripped):
            raw.append(("marker", match.group("path")))
            quotes.append(0)
            continue
        marker = _QUOTE.match(stripped)
        body = clean(_QUOTE.sub("", stripped).strip()).strip()
        if body:
            raw.append(("line", body))
            quotes.append(marker.group(0).count(">") if marker else 0)
    sections: list[_Node] = []
    stack: list[_Node] = []

    def next_designator(start: int) -> str | None:
        for kind, value in raw[start:]:
            if kind == "marker":
                return None
            if found := _designator(value):
                return found[0]
        return None

    for index, (kind, value) in enumerate(raw):
        if kind == "marker":
            match = _SECTION_FILE.search(value)
            if not match:
                raise ValueError(f"marker without a section file name: {value!r}")
            number = f"{match.group(1)}.{match.group(2)}"
            section = _Node("sec", number, f"§ {number}", 0)
            sections.append(section)
            stack = [section]
            continue
        if not stack:
            raise ValueError(f"text before the first marker line: {value[:60]!r}")
        section = stack[0]
        if _SOURCE_NOTE.match(value):
            section.note = value
            continue
        found = _designator(value)
        if found is None:
            definitions = next((i for i, n in enumerate(stack)
                                if n.lines and _DEFINITIONS_INTRO in n.lines[0]), None)
            if definitions is not None and _TERM.match(value):
                del stack[definitions + 1:]
                parent = stack[-1]
                term = _slug(_TERM.match(value).group(1))
                node = _Node("term", term, "", 2, value)
                parent.children.append(node)
                stack.append(node)
                continue
            node = stack[-1]
            if node.children:
                notes.append(f"§ {section.designator}: unnumbered line after subdivisions: {value[:50]!r}")
            node.lines.append(value)
            continue
        designator, num, rest = found
        pending: list[tuple[str, str, str]] = [(designator, num, rest)]
        while pending:
            designator, num, rest = pending.pop()
            after = _INLINE_NEXT_SIBLING.match(rest)
            if after and _is_next(stack, after.group(2), next_designator(index + 1)):
                notes.append(f"§ {section.designator}: ({after.group(2)}) printed on the line of ({designator})")
                rest = after.group(1)
                pending.append((after.group(2), f"({after.group(2)})", after.group(3)))
            readings = _placements(stack, designator)
            if len(readings) > 1:
                following = next_designator(index + 1)
                if following is not None:
                    viable = [r for r in readings
                              if _placements(stack[:r[1] + 1] + [_Node(r[0], designator, "", 0)], following)]
                    readings = viable or readings
                readings.sort(key=lambda r: not r[2])
                if {r[0] for r in readings} == {"lower", "roman"}:
                    # (i) after an open (h), or a first clause (i): a deeper blockquote than the (h) means a clause
                    previous = _candidates(designator)[-1][1]
                    lower = next(n for n in stack if n.style == "lower" and n.designator == previous)
                    if quotes[index] > lower.quote:
                        readings.sort(key=lambda r: r[0] != "roman")
                if len(readings) > 1:
                    notes.append(f"§ {section.designator}: ({designator}) read as {readings[0][0]}")
            if readings:
                style, parent_index, _ = readings[0]
            else:
                style, parent_index, _ = _after_gap(stack, designator)
                notes.append(f"§ {section.designator}: ({designator}) follows a gap")
            del stack[parent_index + 1:]
            parent = stack[-1]
            depth = 2 if parent.style == "sec" and style == "digit" else parent.depth + 1
            inline = _INLINE_FIRST.match(rest)
            if inline and (next_designator(index + 1) not in _INLINE_NEXT[inline.group(2)]
                           or _NOT_BEFORE_INLINE.search(inline.group(1))
                           or style == ("digit" if inline.group(2) == "1" else "roman")):
                inline = None
            node = _Node(style, designator, num, depth, inline.group(1) if inline else rest)
            node.quote = quotes[index]
            parent.children.append(node)
            stack.append(node)
            if inline:  # "(b) Standard: … (1) Permitted uses …": the (1) is printed inside the line of (b)
                first = inline.group(2)
                notes.append(f"§ {section.designator}: ({designator})({first}) printed on one line")
                child = _Node("digit" if first == "1" else "roman", first, f"({first})", depth + 1, inline.group(3))
                child.quote = quotes[index]
                node.children.append(child)
                stack.append(child)
    return sections


def _to_yaml(node: _Node, prefix: str) -> dict:
    if node.style == "sec":
        eid = f"sec_{node.designator}"
        out: dict = {"eid": eid, "num": node.num}
    else:
        eid = f"{prefix}__{LEVELS[node.depth - 1]}_{node.designator}"
        out = {"eid": eid}
        if node.num:
            out["num"] = node.num
    if node.lines:
        out["text"] = {"en": "\n".join(node.lines)}
    if node.note:
        out["note"] = {"en": node.note}
    if node.children:
        out["children"] = [_to_yaml(child, eid) for child in node.children]
    return out


def parse(text: str, notes: list[str] | None = None) -> list[dict]:
    """Turn the aptible HIPAA markdown into section provisions in the statutes/ YAML shape.

    Args:
        text: the markdown of the source file.
        notes: if given, receives a line for each reading decided by a default rule or a gap.

    Raises:
        ValueError: when there is no marker line, or text before the first one.
    """
    sections = _sections(text, notes if notes is not None else [])
    if not sections:
        raise ValueError("no marker line (<!-- extracted from …:path -->): is this the aptible HIPAA file?")
    return [_to_yaml(section, "") for section in sections]


def parse_file(path: str | Path) -> list[dict]:
    """Read (:func:`~build_kb.importers.source_text.read_source`) and :func:`parse` the source file.

    Raises:
        ValueError: as :func:`parse` does; a :class:`~build_kb.importers.source_text.SourceError` when the
            file cannot be read as UTF-8 text.
    """
    return parse(read_source(path))


FILE = "us/hipaa_45cfr164_subparts_d_e_aptible_unofficial.md"
NOTE = ("UNOFFICIAL COPY from a company website, not the eCFR: section headings missing; § 164.512 intro reads "
        "'ermitted' for 'permitted'; § 164.512(k)(7) (2016) absent; later amendments not reflected. Verify every "
        "quotation against the eCFR.")


def instrument(sources: str | Path) -> dict:
    """The whole instrument ``us/hipaa`` (metadata and the parsed provisions)."""
    return {
        "id": "us/hipaa",
        "title": {"en": "HIPAA Privacy and Breach Notification Rules (45 C.F.R. Part 164, Subparts D and E)"},
        "short_title": {"en": "HIPAA Privacy Rule"},
        "jurisdiction": "us",
        "type": "regulation",
        "issuing_body": {"en": "U.S. Department of Health and Human Services"},
        "adopted": "2000-12-28",
        "status": "in_force",
        "citation": {"en": "45 C.F.R. §§ 164.400–164.534"},
        "source": {
            "url": "https://www.ecfr.gov/current/title-45/subtitle-A/subchapter-C/part-164",
            "retrieved": "2018-08-01",
            "official_language": "en",
            "copied_from": {"repository": "aptible/www.aptible.com",
                            "commit": "7115acc547332fa98a8f58ec0ab2a659878af2ce",
                            "path": "source/hipaa/regulations/164-4NN-*.md, 164-5NN-*.md"},
            "file": FILE,
            "licence": "17 U.S.C. § 105: works of the United States Government are not protected by copyright",
            "note": NOTE,
        },
        "provisions": parse_file(Path(sources) / FILE),
    }


def write(sources: str | Path, statutes: str | Path) -> Path:
    """Write ``statutes/us/hipaa.yaml`` in canonical form."""
    from .skeleton import write_instrument

    return write_instrument(instrument(sources), Path(statutes) / "us" / "hipaa.yaml")


if __name__ == "__main__":  # python -m build_kb.importers.hipaa_aptible [SOURCES] [STATUTES]
    import sys

    print(write(*(sys.argv[1:3] or ("sources", "statutes"))))
