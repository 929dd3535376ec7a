"""Citation strings for provisions, in each legal system's own style.

Chinese: ``《中华人民共和国个人信息保护法》第十三条第一款第二项`` (the form used in
judgments and in the NPC's own cross-references). English, for Chinese law:
``PIPL Art. 13(1)(2)`` (article, paragraph, item); US: ``15 U.S.C. § 6502(b)(1)(A)``
(Bluebook); EU: ``GDPR art. 17(1)(a)``.
"""

from __future__ import annotations

from build_kb.cn_numbers import int_to_cn
from build_kb.model import Instrument, eid_parts


_CN_UNITS = {"para": "款", "item": "项"}


def _cn_part(abbreviation: str, number: str, num: str) -> str:
    if abbreviation not in _CN_UNITS:
        return num
    try:
        numeral = int_to_cn(int(number))
    except ValueError:  # an eId designator that no Chinese numeral writes (para_a, para_0, 25 digits): as it stands
        numeral = number
    return f"第{numeral}{_CN_UNITS[abbreviation]}"


def cite_zh(instrument: Instrument, eid: str, *, with_title: bool = True) -> str:
    """The Chinese citation of a provision of Chinese law; ``""`` for other instruments.

    Args:
        instrument: the instrument that holds ``eid``.
        eid: the provision's eId (``art_13__para_1__item_2``).
        with_title: prefix the instrument's title in 《》.

    Returns:
        ``《中华人民共和国个人信息保护法》第十三条第一款第二项`` (or without the title).
    """
    if instrument.jurisdiction != "cn":
        return ""
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
    """The English citation of a provision, in its legal system's style.

    * Chinese law: ``PIPL Art. 13(1)(2)``; chapters ``Ch. 2, Sec. 1``;
    * US Code and CFR (Bluebook, rule 12.9): ``15 U.S.C. § 6502(b)(1)(A)``, the code and
      title taken from the instrument's citation (``15 U.S.C. §§ 6501–6506``);
    * EU (Interinstitutional Style Guide, 4.2.2, as abbreviated in the literature):
      ``GDPR art. 17(1)(a)``, ``GDPR recital 39``.
    """
    parts = eid_parts(eid)
    title = instrument.citation.en or instrument.short_title.en or instrument.title.en
    if instrument.jurisdiction in ("us", "us-ca"):
        code = title.split("§")[0].strip() if "§" in title else title
        section = next((n for a, n in parts if a == "sec"), "")
        tail = "".join(f"({n})" for a, n in parts if a not in ("sec", "chp", "subchp", "part", "title"))
        if not section:
            return " ".join(f"{KIND_LABELS.get(a, a)} {n}" for a, n in parts)
        body = f"§ {section}{tail}"
        return f"{code} {body}" if with_title else body
    if instrument.jurisdiction == "eu":
        if parts[0][0] == "rct":
            body = f"recital {parts[0][1]}"
        elif parts[0][0] == "art":
            body = f"art. {parts[0][1]}" + "".join(f"({n})" for a, n in parts[1:] if a != "indent")
        else:
            body = ", ".join(f"{KIND_LABELS.get(a, a)} {n}" for a, n in parts)
        return f"{title} {body}" if with_title else body
    pieces: list[str] = []
    for abbreviation, number in parts:
        if abbreviation == "art":
            pieces.append(f"Art. {number}")
        elif abbreviation in ("para", "item", "point", "subsec", "subpara", "clause"):
            pieces.append(f"({number})")
        elif abbreviation == "chp":
            pieces.append(f"Ch. {number}")
        elif abbreviation == "sec":
            pieces.append(f", Sec. {number}" if pieces else f"Sec. {number}")
        else:
            pieces.append(f" {KIND_LABELS.get(abbreviation, abbreviation)} {number}")
    body = "".join(pieces).strip()
    return f"{title} {body}" if with_title else body


KIND_LABELS = {"book": "Book", "part": "Part", "chp": "Ch.", "subchp": "Subch.", "sec": "Sec.", "title": "Title"}
