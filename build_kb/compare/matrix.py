"""Comparison across jurisdictions: a topic side by side, and the gap matrix.

Pure data for the topic pages, the gap matrix page and its downloads, and
``build-kb compare``: each topic's members grouped in one column per
jurisdiction (China, US federal, California, EU, the order of
``model.JURISDICTIONS``), and for every topic × jurisdiction a cell rated
full / partial / none (the topic file's editorial ``coverage``) with the
provisions behind it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from build_kb.citation import cite_en, cite_zh
from build_kb.model import JURISDICTIONS, Corpus, provision_text
from build_kb.validate.topics import Topic, TopicMember


@dataclass(frozen=True)
class MemberView:
    """A member provision as a comparison shows it.

    Attributes:
        id: full provision id (``cn/pipl#art_47``).
        citation: English citation (``PIPL Art. 47``, ``15 U.S.C. § 6502(b)(1)(B)(ii)``).
        citation_zh: Chinese citation, ``""`` outside China.
        text: the provision's official text (one line per paragraph or item).
        translation: its English translation for a Chinese provision (``""`` if none yet).
        language: the official language, ``zh`` or ``en``.
        note: our note on how it differs (English).
    """

    id: str
    citation: str
    citation_zh: str
    text: str
    translation: str
    language: str
    note: str


@dataclass(frozen=True)
class Column:
    """One jurisdiction's column of a topic: its rating and its members, in the topic file's order."""

    jurisdiction: str
    name: str
    rating: str
    members: tuple[MemberView, ...]


def member_view(corpus: Corpus, member: TopicMember) -> MemberView:
    """Collect what a comparison shows of ``member`` (which must exist in ``corpus``)."""
    instrument = corpus.get(member.provision.instrument)
    provision = instrument.provision(member.provision.eid)
    official = instrument.official_language
    return MemberView(str(member.provision), cite_en(instrument, provision.eid), cite_zh(instrument, provision.eid),
                      provision_text(instrument, provision, official),
                      provision_text(instrument, provision, "en") if official != "en" else "",
                      official, member.note.en)


def columns(corpus: Corpus, topic: Topic) -> tuple[Column, ...]:
    """The topic's members in one column per jurisdiction, every jurisdiction present (empty when rated none)."""
    grouped: dict[str, list[MemberView]] = {j: [] for j in JURISDICTIONS}
    for member in topic.members:
        grouped[corpus.get(member.provision.instrument).jurisdiction].append(member_view(corpus, member))
    return tuple(Column(j, name, topic.rating(j), tuple(grouped[j])) for j, name in JURISDICTIONS.items())


def gap_matrix(corpus: Corpus) -> dict:
    """Topics × jurisdictions as plain data (what ``gaps.json`` holds).

    Returns:
        ``{"jurisdictions": {id: name}, "ratings": [...], "topics": [{"id", "label": {"zh", "en"},
        "cells": {jurisdiction: {"rating", "provisions": [{"id", "citation"}]}}}]}``, topics by id.
    """
    topics = []
    for topic in corpus.topics:
        cells = {}
        for column in columns(corpus, topic):
            cells[column.jurisdiction] = {"rating": column.rating,
                                          "provisions": [{"id": m.id, "citation": m.citation} for m in column.members]}
        topics.append({"id": topic.id, "label": {"zh": topic.label.zh, "en": topic.label.en}, "cells": cells})
    return {"jurisdictions": dict(JURISDICTIONS), "ratings": ["full", "partial", "none"], "topics": topics}


def gap_matrix_json(corpus: Corpus) -> str:
    """The gap matrix as JSON text (UTF-8, indented, keys in a stable order)."""
    return json.dumps(gap_matrix(corpus), ensure_ascii=False, indent=1) + "\n"


def gap_matrix_csv(corpus: Corpus) -> str:
    """The gap matrix as CSV: one row per topic; per jurisdiction a rating column and a provisions column.

    Columns: ``topic, label_en, label_zh, cn, cn_provisions, us, us_provisions…``; provisions are
    English citations separated by ``; ``. Starts with a byte order mark, so that spreadsheet programs
    read the Chinese labels as UTF-8; no cell can start a formula (:func:`spreadsheet_text`).
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["topic", "label_en", "label_zh"] + [c for j in JURISDICTIONS for c in (j, f"{j}_provisions")])
    for row in gap_matrix(corpus)["topics"]:
        cells = [c for j in JURISDICTIONS for c in (row["cells"][j]["rating"],
                                                    "; ".join(p["citation"] for p in row["cells"][j]["provisions"]))]
        writer.writerow([spreadsheet_text(c) for c in [row["id"], row["label"]["en"], row["label"]["zh"]] + cells])
    return out.getvalue()


#: What a spreadsheet program reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """``value`` as a CSV cell that a spreadsheet program shows as text: a cell that would start a
    formula (``=HYPERLINK(…)``, ``@SUM(…)``) gets a leading apostrophe, as OWASP recommends."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def comparison_text(corpus: Corpus, topic: Topic, width: int = 100) -> str:
    """A topic side by side as plain text, one jurisdiction after another, for a terminal.

    Each member: its citation, our note, and its official text (and translation) in full, wrapped at ``width``.
    """
    import textwrap

    def wrap(text: str, indent: str, chinese: bool = False) -> list[str]:
        lines = []
        for line in text.splitlines():  # a Chinese character takes two columns of a terminal
            lines += textwrap.wrap(line, width // 2 if chinese else width, initial_indent=indent, subsequent_indent=indent, break_on_hyphens=False) or [indent]
        return lines

    out = [f"{topic.label.en} · {topic.label.zh}".strip(" ·"), topic.description.en, ""]
    for column in columns(corpus, topic):
        out.append(f"== {column.name}: {column.rating} ==")
        if not column.members:
            out.append("   (no provision in the knowledge base)")
        for member in column.members:
            out.append(f"-- {member.citation_zh + ' · ' if member.citation_zh else ''}{member.citation}  [{member.id}]")
            if member.note:
                out += wrap("Note: " + member.note, "   ")
            out += wrap(member.text, "   | ", member.language == "zh")
            if member.translation:
                out += wrap(member.translation, "   > ")
        out.append("")
    if topic.coverage_note.en:
        out += wrap("Coverage: " + topic.coverage_note.en, "")
    return "\n".join(out).rstrip() + "\n"
