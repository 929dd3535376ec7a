"""Roman-numeral designators of US and EU drafting: clauses (i), (iv), subclauses (II), chapters XI.

Conversion by the ``roman`` package; this module only decides what counts as a
Roman designator. Letters c, d and m are never read as numerals here: in a list
of subdivisions "(c)" is the letter after "(b)", and statutes do not reach
clause (c) = 100.
"""

from __future__ import annotations

import re

import roman

_ROMAN = re.compile(r"^(?=[ivxl])(x{0,3}|xl|l)(ix|iv|v?i{0,3})$")


def roman_value(designator: str, *, lower_only: bool = False) -> int | None:
    """The value of a Roman designator (``"iv"`` or ``"IV"`` → 4), or ``None`` when it is not one.

    Args:
        designator: the designator without parentheses.
        lower_only: accept lower case only (the CFR's clauses).
    """
    lower = designator.lower()
    if designator != lower and (lower_only or designator != lower.upper()):
        return None
    if not _ROMAN.match(lower):
        return None
    return roman.fromRoman(lower.upper())


def to_roman(value: int) -> str:
    """The lower-case Roman numeral of ``value`` (4 → ``"iv"``)."""
    return roman.toRoman(value).lower()


def candidates(designator: str, letters) -> list[tuple[str, str | None]]:
    """Possible (kind, predecessor) readings of a US subdivision designator; predecessor ``None`` = first of its list.

    Digits are paragraphs (1), (2); Roman numerals clauses (i) or subclauses (I); letters are read by
    ``letters(designator)``, which returns the readings as letters in the drafting style at hand (the
    U.S. Code doubles them after (z): (aa), (bb); California goes on (aa), (ab)). Roman readings come first.
    """
    if designator.isdigit():
        return [("para", None if designator == "1" else str(int(designator) - 1))]
    upper = designator.isupper()
    found = []
    value = roman_value(designator)
    if value:
        previous = to_roman(value - 1) if value > 1 else None
        found.append(("subclause" if upper else "clause", previous.upper() if upper and previous else previous))
    return found + letters(designator)
