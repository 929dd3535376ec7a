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
