"""Find cross-references in Chinese statute text.

Recognised shapes (the NPC's drafting practice, 《立法技术规范（试行）（一）》):

* absolute: ``本法第十八条第一款``, ``第三十五条``, ``第二百五十三条之一``,
  ``第十三条第一款第二项至第七项``, ``第二十七条至第二十九条``;
* relative: ``前款``, ``前两款``, ``前款第二项至第七项``, ``本条第二款``, ``本条``,
  ``前条第一款`` (the preceding article);
* another instrument: ``依照《中华人民共和国网络安全法》第二十一条``, or as a whole:
  ``《中华人民共和国个人信息保护法》等法律``;
* lists: in ``第二十八条、第二十九条`` and ``《…》第十条、第十一条`` the later
  references keep the earlier one's instrument.

This module only parses; :mod:`build_kb.link` resolves against the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from build_kb.cn_numbers import NUMERAL, cn_to_int
from build_kb.link.cite.spans import Claimed

_N = f"[{NUMERAL}]+"
_ABSOLUTE = re.compile(
    rf"(?P<scope>本法|《(?P<title>[^》]{{2,40}})》)?"
    rf"第(?P<art>{_N})条(?:之(?P<sub>{_N}))?"
    rf"(?:第(?P<para>{_N})款)?(?:第(?P<item>{_N})项)?"
    rf"(?:至(?:第(?P<art2>{_N})条(?:之(?P<sub2>{_N}))?)?(?:第(?P<para2>{_N})款)?(?:第(?P<item2>{_N})项)?)?"
)
_RELATIVE = re.compile(
    rf"(?P<rel>前款|前(?P<count>[两三四])款|本条|前条)"
    rf"(?:第(?P<para>{_N})款)?(?:第(?P<item>{_N})项)?(?:至第(?P<item2>{_N})项)?"
)
_INSTRUMENT = re.compile(r"《(?P<title>[^》]{2,40})》(?!第)")
_BARE_PARA = re.compile(rf"第(?P<para>{_N})款(?:第(?P<item>{_N})项)?(?:至第(?P<item2>{_N})项)?")
_LIST_GLUE = re.compile(r"^(、|和|或者|以及|及|，)$")
_COUNTS = {"两": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class CnReference:
    """A reference as written, before resolution.

    Attributes:
        start, end: character offsets of the span in the text.
        text: the span itself (``本法第十八条第一款``).
        title: the other instrument's title when one is named (``中华人民共和国网络安全法``), else ``""``.
        article: article designator (``"18"``, ``"253-1"``), ``""`` for relative references
            that stay in the current article.
        article_end: last article of a range (``第二十七条至第二十九条``), else ``""``.
        paragraphs: paragraph numbers, absolute (1-based); ``()`` for none.
        items: item numbers, inclusive range expanded; ``()`` for none.
        relative: ``"previous"`` (前款, 前两款), ``"this"`` (本条), ``"previous-article"`` (前条),
            ``"instrument"`` (a title in 《》 without an article: the instrument as a whole) or ``""``.
    """

    start: int
    end: int
    text: str
    title: str = ""
    article: str = ""
    article_end: str = ""
    paragraphs: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    relative: str = ""


def _designator(number: str | None, sub: str | None) -> str:
    if not number:
        return ""
    return f"{cn_to_int(number)}-{cn_to_int(sub)}" if sub else str(cn_to_int(number))


#: A range of paragraphs or items longer than this is kept as its two ends: no provision has so
#: many, so the linker reports the end that does not exist instead of building a huge tuple.
MAX_RANGE = 100


def _numbers(start: int, end: int) -> tuple[int, ...]:
    """The numbers of a range of paragraphs or items; a backwards or over-long range as its two ends
    (``(7, 2)``), which the linker reports."""
    if end < start or end - start > MAX_RANGE:
        return (start, end)
    return tuple(range(start, end + 1))


def _items(first: str | None, last: str | None) -> tuple[int, ...]:
    if not first:
        return ()
    start = cn_to_int(first)
    return _numbers(start, cn_to_int(last)) if last else (start,)


def _numerals_ok(match: re.Match[str]) -> bool:
    """Whether every numeral the match captured is a well-formed Chinese numeral (第十十条 is not a reference)."""
    try:
        for name, value in match.groupdict().items():
            if value and name not in ("scope", "title", "rel", "count"):
                cn_to_int(value)
    except ValueError:
        return False
    return True


def find_references(text: str, paragraph: int = 0) -> list[CnReference]:
    """Find every cross-reference in ``text``.

    Args:
        text: Chinese provision text.
        paragraph: the 1-based paragraph number in which ``text`` stands (0 when the
            article has a single paragraph); needed to turn 前款 into a number.

    Returns:
        References in order of appearance; spans never overlap.
    """
    found: list[CnReference] = []
    claimed = Claimed()

    for match in _ABSOLUTE.finditer(text):
        if not _numerals_ok(match):
            continue
        title = match.group("title") or ""
        if not match.group("scope") and found and _LIST_GLUE.match(text[found[-1].end:match.start()]):
            title = found[-1].title  # 《网络安全法》第十条、第十一条: the list keeps its instrument
        paragraphs = (cn_to_int(match.group("para")),) if match.group("para") else ()
        if match.group("para2") and not match.group("art2") and paragraphs:
            paragraphs = _numbers(paragraphs[0], cn_to_int(match.group("para2")))
        found.append(CnReference(match.start(), match.end(), match.group(0), title,
                                 _designator(match.group("art"), match.group("sub")),
                                 _designator(match.group("art2"), match.group("sub2")),
                                 paragraphs, _items(match.group("item"), match.group("item2"))))
        claimed.take(match.start(), match.end())
    for match in _RELATIVE.finditer(text):
        if not claimed.free(match.start(), match.end()) or not _numerals_ok(match):
            continue
        if match.group("rel") == "前条":
            paragraphs = (cn_to_int(match.group("para")),) if match.group("para") else ()
            found.append(CnReference(match.start(), match.end(), match.group(0), paragraphs=paragraphs,
                                     items=_items(match.group("item"), match.group("item2")), relative="previous-article"))
        elif match.group("rel") == "本条":
            paragraphs = (cn_to_int(match.group("para")),) if match.group("para") else ()
            found.append(CnReference(match.start(), match.end(), match.group(0), paragraphs=paragraphs,
                                     items=_items(match.group("item"), match.group("item2")), relative="this"))
        else:
            count = _COUNTS.get(match.group("count") or "", 1)
            paragraphs = tuple(range(max(1, paragraph - count), paragraph)) if paragraph > 1 else ()
            found.append(CnReference(match.start(), match.end(), match.group(0), paragraphs=paragraphs,
                                     items=_items(match.group("item"), match.group("item2")), relative="previous"))
        claimed.take(match.start(), match.end())
    for match in _BARE_PARA.finditer(text):
        if not claimed.free(match.start(), match.end()) or not _numerals_ok(match):
            continue
        before = [r for r in found if r.end <= match.start()]
        previous = max(before, key=lambda r: r.end) if before else None
        paragraphs = (cn_to_int(match.group("para")),)
        items = _items(match.group("item"), match.group("item2"))
        if previous and previous.article and _LIST_GLUE.match(text[previous.end:match.start()]):
            # 第五十五条第一款、第二款: the list keeps its article
            found.append(CnReference(match.start(), match.end(), match.group(0), previous.title, previous.article,
                                     paragraphs=paragraphs, items=items))
        else:
            found.append(CnReference(match.start(), match.end(), match.group(0), paragraphs=paragraphs,
                                     items=items, relative="this"))
        claimed.take(match.start(), match.end())
    for match in _INSTRUMENT.finditer(text):  # 《中华人民共和国个人信息保护法》等法律: the instrument itself
        if claimed.free(match.start(), match.end()):
            found.append(CnReference(match.start(), match.end(), match.group(0), match.group("title"), relative="instrument"))
            claimed.take(match.start(), match.end())
    return sorted(found, key=lambda r: r.start)
