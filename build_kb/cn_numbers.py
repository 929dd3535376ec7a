"""Chinese designators: 第四十七条, 第二百五十三条之一, （三）, 第二款.

Numerals are converted with cn2an; this module only knows the shapes in which
Chinese statutes print article, paragraph and item numbers (GB/T 7714 and the
NPC's drafting practice, 《立法技术规范（试行）（一）》, 2009).
"""

from __future__ import annotations

import re

import cn2an

#: Characters used in Chinese numerals as printed in statutes.
NUMERAL = "零〇一二三四五六七八九十百千两"

ARTICLE_RE = re.compile(rf"^第([{NUMERAL}]+)条(?:之([{NUMERAL}]+))?$")
ITEM_RE = re.compile(rf"^（([{NUMERAL}]+)）$")


def cn_to_int(numeral: str) -> int:
    """Convert a Chinese numeral (``二百五十三``, ``十``, ``一百零五``) to an int.

    Raises:
        ValueError: when ``numeral`` is not a Chinese numeral.
    """
    if not numeral or any(ch not in NUMERAL for ch in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    try:
        return int(cn2an.cn2an(numeral, "strict"))
    except (ValueError, KeyError, IndexError):  # cn2an raises all three on malformed input (十十一)
        raise ValueError(f"not a well-formed Chinese numeral: {numeral!r}") from None


#: The largest number a Chinese numeral is written for here (cn2an writes up to 16 digits).
MAX_NUMBER = 10 ** 16 - 1


def int_to_cn(number: int) -> str:
    """Convert a positive int to the Chinese numeral used in statutes (47 → ``四十七``).

    Raises:
        ValueError: when ``number`` is below 1 or above :data:`MAX_NUMBER`.
    """
    if number <= 0:
        raise ValueError(f"designators start at 1, not {number}")
    if number > MAX_NUMBER:
        raise ValueError(f"{number} is too large for a Chinese numeral (at most {MAX_NUMBER})")
    return cn2an.an2cn(number, "low")


def article_designator(num: str) -> str:
    """Return the eId number of a printed article number.

    ``第四十七条`` → ``"47"``; ``第二百五十三条之一`` → ``"253-1"``.

    Raises:
        ValueError: when ``num`` is not a printed article number.
    """
    match = ARTICLE_RE.match(num)
    if not match:
        raise ValueError(f"not an article number: {num!r}")
    base = str(cn_to_int(match.group(1)))
    return f"{base}-{cn_to_int(match.group(2))}" if match.group(2) else base


def article_num(designator: str) -> str:
    """Inverse of :func:`article_designator`: ``"253-1"`` → ``第二百五十三条之一``."""
    base, _, sub = designator.partition("-")
    printed = f"第{int_to_cn(int(base))}条"
    return f"{printed}之{int_to_cn(int(sub))}" if sub else printed


def item_num(number: int) -> str:
    """The printed number of item ``number``: 3 → ``（三）``."""
    return f"（{int_to_cn(number)}）"


def sort_key(designator: str) -> tuple[int, ...]:
    """Order designators as a code does: ``253`` < ``253-1`` < ``253-2`` < ``254``.

    Non-numeric parts (US ``1681a``) sort after the numeric part by letter.
    """
    key: list[int] = []
    for part in re.split(r"[-.]", designator):
        digits = re.match(r"\d+", part)
        key.append(int(digits.group()) if digits else 0)
        key.extend(ord(ch) for ch in part[digits.end() if digits else 0:])
    return tuple(key)
