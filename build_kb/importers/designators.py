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


def placements(stack: list, readings: list[tuple[str, str | None]], depth: dict[str, int]) -> list[tuple[str, int, bool]]:
    """Where a designator can go, given the provisions open above it.

    Args:
        stack: the open provisions, outermost first; each has ``kind``, ``designator`` and ``depth``
            (0 for the section).
        readings: the designator's (kind, predecessor) readings, as :func:`candidates` gives them.
        depth: each kind's level (subsection 1, paragraph 2…).

    Returns:
        (kind, index in ``stack`` of the parent, whether it continues a list) for every reading that fits:
        a first of its list under a shallower provision, or the next after an open provision of its kind.
    """
    found = []
    for kind, previous in readings:
        if previous is None:
            if stack[-1].depth < depth[kind]:
                found.append((kind, len(stack) - 1, False))
            continue
        for i, node in enumerate(stack):
            if node.kind == kind and node.designator == previous:
                found.append((kind, i - 1, True))
    return found
