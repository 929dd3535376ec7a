"""Succession tables: which articles of an earlier instrument became which articles of a later one.

One file per pair, ``statutes/successions/<from-slug>--<to-slug>.yaml`` (schema
``schema/succession.schema.json``), e.g. the Tort Liability Law's Art. 36 →
Civil Code Arts. 1194–1197, or the Cybersecurity Law of 2016 → its 2025 text,
renumbered articles matched by content, not by number. Each entry says how
the text changed (identical, amended, split, merged). Validated against the
corpus: both instruments and every article must exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, reported
from .load import LoadedFile
from .model import Corpus, ProvisionId, Text
from .validate import check_schema


@dataclass(frozen=True)
class Step:
    """One article's succession: ``source`` → ``targets``, with the kind of ``change`` and a note."""

    source: ProvisionId
    targets: tuple[ProvisionId, ...]
    change: str
    note: Text = Text()


@dataclass(frozen=True)
class Succession:
    """The succession table between two instruments (``earlier`` → ``later``)."""

    earlier: str
    later: str
    basis: Text
    steps: tuple[Step, ...]
    file: str = ""


def validate_successions(files: list[LoadedFile], corpus: Corpus) -> tuple[tuple[Succession, ...], list[Diagnostic]]:
    """Check succession files against their schema and the corpus.

    Returns:
        (the tables without errors, every diagnostic).
    """
    tables: list[Succession] = []
    diagnostics: list[Diagnostic] = []
    for loaded in files:
        with reported(diagnostics, loaded.path, "checking"):
            diagnostics += loaded.diagnostics  # errors, or warnings that leave the file to check
            if loaded.failed:
                continue
            found = check_schema(loaded, "succession")
            if found:
                diagnostics += found
                continue
            data = loaded.data
            expected = f"{data['from'].split('/')[1]}--{data['to'].split('/')[1]}"
            if Path(loaded.path).stem != expected:
                found.append(Diagnostic(loaded.path, 1, 1, "", f"the file should be named {expected}.yaml",
                                        "name succession files <earlier slug>--<later slug>.yaml"))
            instruments = {}
            for side in ("from", "to"):
                instrument = corpus.get(data[side])
                if instrument is None:
                    found.append(Diagnostic(loaded.path, *loaded.where((side,)), "", f"{data[side]!r} is not in the knowledge base",
                                            "check the instrument id: statutes/<jurisdiction>/<slug>.yaml gives <jurisdiction>/<slug>"))
                instruments[side] = instrument
            steps = []
            if not found:
                for i, entry in enumerate(data["articles"]):
                    places = [("from", entry["from"], ("articles", i, "from"))] + [
                        ("to", eid, ("articles", i, "to", j)) for j, eid in enumerate(entry["to"])]
                    for side, eid, where in places:
                        if instruments[side].provision(eid) is None:
                            found.append(Diagnostic(loaded.path, *loaded.where(where), eid,
                                                    f"{instruments[side].short_title.en} has no provision {eid!r}",
                                                    "check the eId on the instrument's page: the ¶ link of each article"))
                    steps.append(Step(ProvisionId(data["from"], entry["from"]),
                                      tuple(ProvisionId(data["to"], e) for e in entry["to"]), entry["change"],
                                      Text.from_data(entry.get("note"))))
            diagnostics += found
            if not found:
                tables.append(Succession(data["from"], data["to"], Text.from_data(data["basis"]), tuple(steps), loaded.path))
    return tuple(sorted(tables, key=lambda t: (t.earlier, t.later))), diagnostics
