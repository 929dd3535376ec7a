"""Redlines: what changed in a provision between two versions of the law.

Chinese is compared character by character (the language has no spaces,
and a one-character change such as 和 → 或者 is what a drafter looks for);
English word by word. The comparison is :class:`difflib.SequenceMatcher`
over those units, with its junk heuristic off so that long articles
compare in full.

The pairs come from the succession tables (``statutes/successions/``):
every step whose change is not ``identical`` is a redline: an amended
article against its successor, a split article against the articles that
took its place, merged articles together against the one that replaced them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from build_kb.model import Corpus, ProvisionId, provision_text

#: Operations of a segment.
EQUAL, DELETE, INSERT = "equal", "delete", "insert"

_WORDS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A run of text that is unchanged (``equal``), deleted or inserted."""

    op: str
    text: str


def units(text: str, language: str) -> list[str]:
    """Split ``text`` into the units a redline compares: characters for ``zh``, else words, spaces and marks."""
    return list(text) if language == "zh" else _WORDS.findall(text)


def redline(old: str, new: str, language: str) -> tuple[Segment, ...]:
    """The changes from ``old`` to ``new``.

    Args:
        old, new: the two texts.
        language: ``zh`` compares characters; any other language compares words.

    Returns:
        Segments in reading order; joining the ``equal`` and ``delete`` texts gives ``old``, the
        ``equal`` and ``insert`` texts give ``new``. A replacement is a deletion followed by an insertion.
    """
    a, b = units(old, language), units(new, language)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments: list[Segment] = []
    removed: list[str] = []
    added: list[str] = []

    def flush() -> None:
        for op, parts in ((DELETE, removed), (INSERT, added)):
            if "".join(parts):
                segments.append(Segment(op, "".join(parts)))
            parts.clear()

    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        # One unchanged character (or space) between two changes reads as noise
        # (被侵权人 → 权利人 keeps 权): fold it into the change around it.
        inside = 0 < n < len(opcodes) - 1
        if tag == "equal" and not (inside and (i2 - i1 == 1 and (language == "zh" or not a[i1].strip()))):
            flush()
            segments.append(Segment(EQUAL, "".join(a[i1:i2])))
        else:
            removed.append("".join(a[i1:i2]))
            added.append("".join(b[j1:j2]))
    flush()
    return tuple(segments)


@dataclass(frozen=True)
class Version:
    """One side of a redline: the provisions and their joined text per language (``{"zh": …, "en": …}``)."""

    provisions: tuple[ProvisionId, ...]
    text: dict


@dataclass(frozen=True)
class Change:
    """A provision that changed between two versions, from a succession table.

    Attributes:
        id: ``<earlier slug>--<later slug>/<first earlier eId>``, unique, used for the page's URL.
        earlier, later: the two sides; several provisions on a side are joined by a blank line.
        change: ``amended``, ``split`` or ``merged`` (as the succession table says).
        languages: the languages both sides have in full (the official one first).
    """

    id: str
    earlier: Version
    later: Version
    change: str
    languages: tuple[str, ...]

    def redline(self, language: str) -> tuple[Segment, ...]:
        """The segments from the earlier to the later text in ``language``."""
        return redline(self.earlier.text[language], self.later.text[language], language)


def _version(corpus: Corpus, pids: tuple[ProvisionId, ...]) -> Version:
    texts: dict[str, str] = {}
    for language in ("zh", "en"):
        parts = []
        for pid in pids:
            instrument = corpus.get(pid.instrument)
            parts.append(provision_text(instrument, instrument.provision(pid.eid), language))
        texts[language] = "\n\n".join(parts) if all(parts) else ""
    return Version(pids, texts)


def changes(corpus: Corpus) -> tuple[Change, ...]:
    """Every changed provision of every succession table, in table order, then the earlier instrument's order.

    Merged provisions (several earlier articles → the same later one) form one change.
    """
    found = []
    for table in corpus.successions:
        slug = f"{table.earlier.split('/')[1]}--{table.later.split('/')[1]}"
        merged: dict[tuple, list] = {}
        for step in table.steps:
            if step.change == "identical":
                continue
            key = step.targets if step.change == "merged" else (step.source,)
            merged.setdefault(key, []).append(step)
        for steps in merged.values():
            earlier = _version(corpus, tuple(s.source for s in steps))
            later = _version(corpus, steps[0].targets)
            official = corpus.get(table.earlier).official_language
            languages = tuple(lang for lang in (official, "en" if official != "en" else "")
                              if lang and earlier.text[lang] and later.text[lang])
            found.append(Change(f"{slug}/{steps[0].source.eid}", earlier, later, steps[0].change, languages))
    return tuple(found)


def changes_by_provision(corpus: Corpus) -> dict[str, Change]:
    """Article id (``cn/gpcl#art_111``) → the change that holds it, on either side."""
    return {str(pid): change for change in changes(corpus)
            for pid in change.earlier.provisions + change.later.provisions}


def redline_text(segments: tuple[Segment, ...]) -> str:
    """Segments in the plain-text notation of wdiff: ``[-deleted-]{+inserted+}``, for terminals and e-mail."""
    marks = {EQUAL: ("", ""), DELETE: ("[-", "-]"), INSERT: ("{+", "+}")}
    return "".join(marks[s.op][0] + s.text + marks[s.op][1] for s in segments)
