"""Find cross-references in the English text of EU acts.

Recognised shapes (Joint Practical Guide of the European Parliament, the
Council and the Commission for the drafting of EU legislation, 16.10–16.13):

* ``Article 6``, ``Article 6(1)``, ``Article 6(1)(a)``; ``Articles 15 to 22``,
  ``Articles 13 and 14``, ``Articles 12 to 22 and 34`` (each number a reference);
* ``point (a) of Article 6(1)``, ``points (a) to (f) of Article 9(2)``, ``point (f)
  of the first subparagraph of Article 6(1)``;
* ``paragraph 1``, ``paragraphs 1 and 2`` (of the same article).

A reference followed by ``of Directive …``, ``of Regulation (EC) …``, ``of the
Charter``, ``of the Treaty`` or ``TFEU``/``TEU`` names another act; it is returned with
``external`` set to that act's words so that the linker can report it. This
module only parses; :mod:`build_kb.link` resolves against the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from build_kb.link.cite.spans import Claimed

_POINTS = r"points? \((?P<p1>[a-z])\)(?: (?:to|and|or) \((?P<p2>[a-z])\))? of (?:the (?:first|second|third) subparagraph of )?"
_ARTICLE = r"Article (?P<art>\d+)(?:\((?P<para>\d+)\))?(?:\((?P<point>[a-z])\))?"
_SINGLE = re.compile(rf"(?:{_POINTS})?{_ARTICLE}")
_LIST = re.compile(r"Articles (?P<list>\d+(?:\(\d+\))?(?:(?:, | to | and | or )\d+(?:\(\d+\))?)+)")
_LIST_ITEM = re.compile(r"(?P<sep>^|, | to | and | or )(?P<art>\d+)(?:\((?P<para>\d+)\))?")
_PARAGRAPHS = re.compile(r"\bparagraphs? (?P<first>\d+)(?:(?: to | and | or )(?P<second>\d+))?(?! of)")
_EXTERNAL = re.compile(r"^ of (?P<act>(?:Directive|Regulation|Decision) \((?:EC|EU|EEC)\)[^,;.]*?\d+/\d+|Directive \d+/\d+/EC|the Charter|the Treaty on (?:the Functioning of )?(?:the )?European Union(?: \((?:TFEU|TEU)\))?|Council Framework Decision[^,;.]*?\d+/\d+/\w+)|^ (?P<treaty>TFEU|TEU)\b")


@dataclass(frozen=True)
class EuReference:
    """A reference as written. ``articles`` may hold a range's two ends (``range`` True).

    Attributes:
        start, end: character offsets of the linked span.
        text: the span.
        articles: article numbers (as text).
        paragraph: paragraph number or ``""``; for a ``paragraph N`` reference without an article,
            ``articles`` is empty and the current article is meant.
        points: point letters, ends of a range when ``range``.
        range: whether ``articles`` (or ``points``) are the two ends of a range.
        external: the other act's words when the article is another act's, else ``""``.
    """

    start: int
    end: int
    text: str
    articles: tuple[str, ...] = ()
    paragraph: str = ""
    points: tuple[str, ...] = ()
    range: bool = False
    external: str = ""


def _external(text: str, end: int) -> str:
    match = _EXTERNAL.match(text[end:end + 160])
    return (match.group("act") or match.group("treaty")) if match else ""


def find_references(text: str) -> list[EuReference]:
    """Every reference in ``text``, in order; spans never overlap."""
    found: list[EuReference] = []
    claimed = Claimed()

    for match in _LIST.finditer(text):
        external = _external(text, match.end())
        items = list(_LIST_ITEM.finditer(match.group("list")))
        base = match.start("list")
        for i, item in enumerate(items):
            is_range = i + 1 < len(items) and items[i + 1].group("sep") == " to "
            if item.group("sep") == " to ":
                continue  # the end of a range is linked with its start
            start = base + item.start("art")
            end = base + item.end()
            articles = (item.group("art"), items[i + 1].group("art")) if is_range else (item.group("art"),)
            if is_range:
                end = base + items[i + 1].end()
            found.append(EuReference(start, end, text[start:end], articles, item.group("para") or "",
                                     range=is_range, external=external))
        claimed.take(match.start(), match.end())
    for match in _SINGLE.finditer(text):
        if not claimed.free(match.start(), match.end()):
            continue
        points = tuple(p for p in (match.group("p1"), match.group("p2")) if p) or (
            (match.group("point"),) if match.group("point") else ())
        found.append(EuReference(match.start(), match.end(), match.group(0), (match.group("art"),),
                                 match.group("para") or "", points, range=bool(match.group("p2")) and " to " in match.group(0),
                                 external=_external(text, match.end())))
        claimed.take(match.start(), match.end())
    for match in _PARAGRAPHS.finditer(text):
        if not claimed.free(match.start(), match.end()):
            continue
        found.append(EuReference(match.start(), match.end(), match.group(0), (), match.group("first")))
        claimed.take(match.start(), match.end())
    found.sort(key=lambda r: r.start)
    # "Article 25(6) or Article 26(4) of Directive 95/46/EC": the act named last is every member's.
    for i in range(len(found) - 2, -1, -1):
        here, after = found[i], found[i + 1]
        if not here.external and after.external and text[here.end:after.start] in (" or ", " and ", ", "):
            found[i] = replace(here, external=after.external)
    return found
