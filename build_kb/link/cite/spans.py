"""Spans of a text already claimed by a reference, shared by the citation finders.

Each finder tries its patterns from the most specific to the loosest; a looser
pattern may not claim characters a more specific one has taken
(``section 6502 of this title`` before a bare ``section 6502``).
"""

from __future__ import annotations


class Claimed:
    """The ``(start, end)`` character spans taken so far (end exclusive), in the order taken."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        """Whether ``start:end`` overlaps no span taken so far."""
        return all(end <= a or start >= b for a, b in self.spans)

    def take(self, start: int, end: int) -> None:
        """Claim ``start:end``."""
        self.spans.append((start, end))
