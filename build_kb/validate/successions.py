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

from build_kb.diagnostics import Diagnostic, reported
from build_kb.load.files import LoadedFile
from build_kb.model import Corpus, ProvisionId, Text
from build_kb.validate.instruments import check_schema


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
            if corpus.unavailable & {data["from"], data["to"]}:
                continue  # an instrument's own file has errors: they say what is wrong
            if data["from"] == data["to"]:
                found.append(Diagnostic(loaded.path, *loaded.where(("to",)), "", "the table leads from an instrument to itself",
                                        "a succession table leads from an earlier instrument to a later one"))
            else:
                found += _direction(loaded, corpus, data["from"], data["to"])
            instruments = {}
            for side in ("from", "to"):
                instrument = corpus.get(data[side])
                if instrument is None:
                    found.append(Diagnostic(loaded.path, *loaded.where((side,)), "", f"{data[side]!r} is not in the knowledge base",
                                            "check the instrument id: statutes/<jurisdiction>/<slug>.yaml gives <jurisdiction>/<slug>"))
                instruments[side] = instrument
            steps = []
            if not found:
                sources: dict[str, int] = {}
                for i, entry in enumerate(data["articles"]):
                    if entry["from"] in sources:
                        found.append(Diagnostic(loaded.path, *loaded.where(("articles", i, "from")), entry["from"],
                                                f"{entry['from']} is listed twice (first at line {sources[entry['from']]})",
                                                "give each article of the earlier instrument one entry, with all its targets"))
                    sources.setdefault(entry["from"], loaded.where(("articles", i, "from"))[0])
                    if entry["change"] == "split" and len(entry["to"]) < 2:
                        found.append(Diagnostic(loaded.path, *loaded.where(("articles", i, "change")), entry["from"],
                                                "a split article has one target", "list every article it was split into, or "
                                                "use change: amended (or identical)"))
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


def _direction(loaded: LoadedFile, corpus: Corpus, earlier: str, later: str) -> list[Diagnostic]:
    """A table must run the way the instruments' own relations do: from the superseded to the superseding."""
    first, second = corpus.get(earlier), corpus.get(later)
    if first is None or second is None:
        return []  # reported as not in the knowledge base
    backwards = any(r.kind == "superseded_by" and r.target == earlier for r in second.relations) or \
        any(r.kind == "supersedes" and r.target == later for r in first.relations)
    if not backwards:
        return []
    return [Diagnostic(loaded.path, *loaded.where(("from",)), "", f"the table runs backwards: {later} was superseded by {earlier}",
                       f"swap 'from' and 'to' (and name the file {later.split('/')[1]}--{earlier.split('/')[1]}.yaml)")]
