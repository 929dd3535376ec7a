"""Find cross-references in the text of the U.S. Code.

Recognised shapes (the OLRC's own cross-reference style; Bluebook rule 12.9):

* ``section 6502 of this title``, ``section 1681a(d)(2) of this title``,
  ``sections 6501 and 6502 of this title``;
* ``section 552a of title 5``, ``15 U.S.C. 6501``, ``15 U.S.C. §§ 6801–6809``;
* ``subsection (b)(1)``, ``paragraph (2)``, ``subparagraph (A)``, ``clause (ii)``
  (of the provision the text stands in);
* a bare ``section 1681b(a)`` when it names a section of the same instrument.

A section is returned with its Code title (``"15"``) when one is named or implied by
"this title", and its subdivision designators in order (``("b", "1", "A")``). This module
only parses; :mod:`build_kb.link` resolves against the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_kb.link.cite.spans import Claimed

_SECTION_NUMBER = r"\d+[a-z]*(?:-\d+)?"
_PATH = r"(?:\([0-9A-Za-z]+\))*"
_OF_THIS_TITLE = re.compile(
    rf"\b[Ss]ections? (?P<sec>{_SECTION_NUMBER})(?P<path>{_PATH})(?P<more>(?:(?:, | and | or | through ){_SECTION_NUMBER}{_PATH})*)"
    rf"(?: of (?:this title|title (?P<title>\d+)))")
_USC = re.compile(rf"\b(?P<title>\d+) U\.S\.C\. (?:§§? ?)?(?P<sec>{_SECTION_NUMBER})(?P<path>{_PATH})(?:[–-](?P<end>{_SECTION_NUMBER}))?")
_BARE_SECTION = re.compile(rf"\bsection (?P<sec>{_SECTION_NUMBER})(?P<path>{_PATH})(?! of)")
# "subparagraph (A) or (B) of paragraph (2)": qualified by what follows, which is linked on its own.
_RELATIVE = re.compile(r"\b(?P<level>subsection|paragraph|subparagraph|clause|subclause) (?P<path>(?:\([0-9A-Za-z]+\))+)"
                       r"(?!(?:(?:, | or | and |, or |, and )\([0-9A-Za-z]+\))* of )")
_MORE = re.compile(rf"(?:, | and | or | through )(?P<sec>{_SECTION_NUMBER})(?P<path>{_PATH})")


@dataclass(frozen=True)
class UsReference:
    """A reference as written.

    Attributes:
        start, end: offsets of the span.
        text: the span.
        title: the Code title (``"15"``), ``"this"`` for "of this title", ``""`` for a bare section or a relative one.
        section: the section number (``"1681a"``), ``""`` for a relative reference.
        path: subdivision designators (``("b", "1")``).
        level: for a relative reference, the level it starts at (``subsection``…).
        end_section: last section of a range (``§§ 6801–6809``), else ``""``.
    """

    start: int
    end: int
    text: str
    title: str = ""
    section: str = ""
    path: tuple[str, ...] = ()
    level: str = ""
    end_section: str = ""


def _path(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\(([0-9A-Za-z]+)\)", text))


def find_references(text: str) -> list[UsReference]:
    """Every reference in ``text``, in order; spans never overlap."""
    found: list[UsReference] = []
    claimed = Claimed()

    for match in _OF_THIS_TITLE.finditer(text):
        title = match.group("title") or "this"
        found.append(UsReference(match.start(), match.end("path"), text[match.start():match.end("path")],
                                 title, match.group("sec"), _path(match.group("path"))))
        base = match.start("more")
        for more in _MORE.finditer(match.group("more") or ""):
            found.append(UsReference(base + more.start("sec"), base + more.end("path"), more.group("sec") + more.group("path"),
                                     title, more.group("sec"), _path(more.group("path"))))
        claimed.take(match.start(), match.end())
    for match in _USC.finditer(text):
        if claimed.free(match.start(), match.end()):
            found.append(UsReference(match.start(), match.end(), match.group(0), match.group("title"), match.group("sec"),
                                     _path(match.group("path")), end_section=match.group("end") or ""))
            claimed.take(match.start(), match.end())
    for match in _BARE_SECTION.finditer(text):
        if claimed.free(match.start(), match.end()):
            found.append(UsReference(match.start(), match.end(), match.group(0), "", match.group("sec"), _path(match.group("path"))))
            claimed.take(match.start(), match.end())
    for match in _RELATIVE.finditer(text):
        if claimed.free(match.start(), match.end()):
            found.append(UsReference(match.start(), match.end(), match.group(0), path=_path(match.group("path")),
                                     level=match.group("level")))
            claimed.take(match.start(), match.end())
    return sorted(found, key=lambda r: r.start)


# California codes: "paragraph (5) of subdivision (a) of Section 1798.185", "Section 1798.130",
# "subdivision (b) of this section", and standalone "subdivision (b)" or "paragraph (1)".
_CA_CHAIN = re.compile(
    r"\b(?:[Ss]ubparagraph \((?P<c>[A-Z]+)\) of )?(?:[Pp]aragraph \((?P<b>\d+)\) of )?(?:[Ss]ubdivision \((?P<a>[a-z]+)\) of )?"
    r"(?:Section (?P<sec>\d+(?:\.\d+)+)|this [Ss]ection\b)")
_CA_RELATIVE = re.compile(r"\b(?P<level>[Ss]ubdivision|[Pp]aragraph|[Ss]ubparagraph) \((?P<d>[0-9A-Za-z]+)\)(?! of)")
_CA_LEVELS = {"subdivision": "subsection", "paragraph": "paragraph", "subparagraph": "subparagraph"}


def find_california_references(text: str) -> list[UsReference]:
    """References in California code text, as :class:`UsReference` (``title`` is ``""``: the same code).

    ``paragraph (5) of subdivision (a) of Section 1798.185`` → section ``1798.185``, path ``("a", "5")``;
    ``subdivision (b) of this section`` and a standalone ``subdivision (b)`` → relative, ``level`` subsection.
    """
    found: list[UsReference] = []
    claimed = Claimed()
    for match in _CA_CHAIN.finditer(text):
        path = tuple(p for p in (match.group("a"), match.group("b"), match.group("c")) if p)
        if match.group("sec"):
            found.append(UsReference(match.start(), match.end(), match.group(0), "", match.group("sec"), path))
        elif path:
            level = "subsection" if match.group("a") else ("paragraph" if match.group("b") else "subparagraph")
            found.append(UsReference(match.start(), match.end(), match.group(0), path=path, level=level))
        else:
            continue
        claimed.take(match.start(), match.end())
    for match in _CA_RELATIVE.finditer(text):
        if claimed.free(match.start(), match.end()):
            found.append(UsReference(match.start(), match.end(), match.group(0), path=(match.group("d"),),
                                     level=_CA_LEVELS[match.group("level").lower()]))
    return sorted(found, key=lambda r: r.start)
