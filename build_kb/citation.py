"""Citation strings for provisions, in each legal system's own style.

Chinese: ``《中华人民共和国个人信息保护法》第十三条第一款第二项`` (the form used in
judgments and in the NPC's own cross-references). English, for Chinese law:
``PIPL Art. 13(1)(2)`` (article, paragraph, item). US and EU forms arrive
with their instruments.
"""

from __future__ import annotations

from .cn_numbers import int_to_cn
from .model import Instrument, eid_parts


def _cn_part(abbreviation: str, number: str, num: str) -> str:
    if abbreviation == "art":
        return num
    if abbreviation == "para":
        return f"第{int_to_cn(int(number))}款"
    if abbreviation == "item":
        return f"第{int_to_cn(int(number))}项"
    return num


def cite_zh(instrument: Instrument, eid: str, *, with_title: bool = True) -> str:
    """The Chinese citation of a provision.

    Args:
        instrument: the instrument that holds ``eid``.
        eid: the provision's eId (``art_13__para_1__item_2``).
        with_title: prefix the instrument's title in 《》.

    Returns:
        ``《中华人民共和国个人信息保护法》第十三条第一款第二项`` (or without the title).
    """
    title = instrument.citation.zh or f"《{instrument.title.zh}》"
    parts = []
    prefix = ""
    for abbreviation, number in eid_parts(eid):
        prefix = f"{prefix}__{abbreviation}_{number}" if prefix else f"{abbreviation}_{number}"
        provision = instrument.provision(prefix)
        parts.append(_cn_part(abbreviation, number, provision.num if provision else number))
    body = "".join(parts)
    return f"{title}{body}" if with_title else body


def cite_en(instrument: Instrument, eid: str, *, with_title: bool = True) -> str:
    """The English citation of a provision of Chinese law: ``PIPL Art. 13(1)(2)``.

    Chapters and sections are cited as ``Ch. 2, Sec. 1``.
    """
    pieces: list[str] = []
    for abbreviation, number in eid_parts(eid):
        if abbreviation == "art":
            pieces.append(f"Art. {number}")
        elif abbreviation in ("para", "item", "point", "subsec", "subpara", "clause"):
            pieces.append(f"({number})")
        elif abbreviation == "chp":
            pieces.append(f"Ch. {number}")
        elif abbreviation == "sec":
            pieces.append(f", Sec. {number}" if pieces else f"Sec. {number}")
        else:
            pieces.append(f" {abbreviation} {number}")
    body = "".join(pieces)
    title = instrument.citation.en or instrument.short_title.en or instrument.title.en
    return f"{title} {body}" if with_title else body
