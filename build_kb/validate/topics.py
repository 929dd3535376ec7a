"""Topics: the same question across jurisdictions (deletion, consent, breach notification…).

One file per topic, ``statutes/topics/<id>.yaml`` (schema ``schema/topic.schema.json``):
labels, a description, an optional broader topic, and the member provisions
of each jurisdiction with a note on how each differs. Comparison lives here,
not inside any one law's file. Validated against the corpus: every member
must be a provision that exists, every parent a topic that exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_kb.diagnostics import Diagnostic, reported
from build_kb.load.files import LoadedFile
from build_kb.model import JURISDICTIONS, Corpus, ProvisionId, Text
from build_kb.validate.instruments import RESERVED_SLUGS, check_id_is_file_name, check_provision_list, check_schema


@dataclass(frozen=True)
class TopicMember:
    """A provision that belongs to a topic, with our note on how it differs; ``line`` where it is listed."""

    provision: ProvisionId
    note: Text = Text()
    line: int = 0


#: Ratings of a cell of the gap matrix, from most to least covered.
COVERAGE = ("full", "partial", "none")


@dataclass(frozen=True)
class Topic:
    """A topic of comparison.

    Attributes:
        members: in the order the file lists them.
        coverage: ``(jurisdiction, rating)`` pairs, one per key of ``model.JURISDICTIONS``, in that
            order; a rating is one of :data:`COVERAGE` (an editorial judgement, for the gap matrix).
        coverage_note: why cells are rated as they are (may be empty).
    """

    id: str
    label: Text
    description: Text
    members: tuple[TopicMember, ...]
    parent: str = ""
    file: str = ""
    coverage: tuple[tuple[str, str], ...] = ()
    coverage_note: Text = Text()

    def rating(self, jurisdiction: str) -> str:
        """The coverage rating of ``jurisdiction`` (``cn``, ``us``…): ``full``, ``partial`` or ``none``."""
        return dict(self.coverage).get(jurisdiction, "none")


def validate_topics(files: list[LoadedFile], corpus: Corpus) -> tuple[tuple[Topic, ...], list[Diagnostic]]:
    """Check topic files against their schema and the corpus.

    Returns:
        (topics of the files without errors, sorted by id; every diagnostic).
    """
    diagnostics: list[Diagnostic] = []
    candidates: list[tuple[LoadedFile, dict]] = []
    for loaded in files:
        with reported(diagnostics, loaded.path, "checking"):
            diagnostics += loaded.diagnostics  # errors, or warnings that leave the file to check
            if loaded.failed:
                continue
            found = check_schema(loaded, "topic")
            if not found:
                found += check_id_is_file_name(loaded)
            if not found and loaded.data["id"] in RESERVED_SLUGS:
                found.append(Diagnostic(loaded.path, *loaded.where(("id",)), "", f"the topic id {loaded.data['id']!r} is reserved: "
                                        "its page would be the list of topics", "choose another id, and name the file after it"))
            diagnostics += found
            if not found:
                candidates.append((loaded, loaded.data))
    known = {data["id"] for _, data in candidates}
    parents = {data["id"]: data.get("parent") or "" for _, data in candidates}
    topics = []
    for loaded, data in candidates:
        with reported(diagnostics, loaded.path, "checking"):
            found = []
            parent = data.get("parent") or ""
            if parent and parent not in known:
                found.append(Diagnostic(loaded.path, *loaded.where(("parent",)), "", f"unknown topic {parent!r}",
                                        f"use the id of a file in statutes/topics/, such as {', '.join(sorted(known)[:4])}"))
            elif parent and data["id"] in _ancestors(parent, parents):
                ring = " → ".join([data["id"], *_ancestors(parent, parents, until=data["id"])])
                found.append(Diagnostic(loaded.path, *loaded.where(("parent",)), "", f"the topic is its own parent, through {ring}",
                                        "a topic's parent is a broader topic: remove one of the parents"))
            entries, problems, skipped = check_provision_list(loaded, "members", corpus)
            found += problems
            members = [TopicMember(pid, Text.from_data(entry.get("note")), line) for pid, entry, line in entries]
            if not found and not skipped:  # rate coverage only on members that exist, all of them
                found += _check_coverage(loaded, data["coverage"], members, corpus)
            diagnostics += found
            if not found:
                coverage = tuple((j, data["coverage"][j]) for j in JURISDICTIONS)
                topics.append(Topic(data["id"], Text.from_data(data["label"]), Text.from_data(data["description"]),
                                    tuple(members), parent, loaded.path, coverage, Text.from_data(data.get("coverage_note"))))
    return tuple(sorted(topics, key=lambda t: t.id)), diagnostics



def _ancestors(topic: str, parents: dict[str, str], until: str = "") -> list[str]:
    """``topic`` and its parents upwards, stopping at ``until``, a topic seen twice, or the top."""
    chain: list[str] = []
    while topic and topic not in chain:
        chain.append(topic)
        if topic == until:
            break
        topic = parents.get(topic, "")
    return chain


def _check_coverage(loaded: LoadedFile, coverage: dict[str, str], members: list[TopicMember], corpus: Corpus) -> list[Diagnostic]:
    """A jurisdiction rated ``none`` must have no member; one rated ``full`` or ``partial`` at least one."""
    found = []
    held: dict[str, int] = {}
    for member in members:
        instrument = corpus.get(member.provision.instrument)
        if instrument is not None:
            held[instrument.jurisdiction] = held.get(instrument.jurisdiction, 0) + 1
    for jurisdiction, rating in coverage.items():
        line, col = loaded.where(("coverage", jurisdiction))
        if rating == "none" and held.get(jurisdiction):
            found.append(Diagnostic(loaded.path, line, col, "", f"coverage of {jurisdiction} is 'none' but the topic lists "
                                    f"{held[jurisdiction]} of its provisions", "rate it 'partial' or 'full', or remove those members"))
        elif rating != "none" and not held.get(jurisdiction):
            found.append(Diagnostic(loaded.path, line, col, "", f"coverage of {jurisdiction} is {rating!r} but the topic lists "
                                    "none of its provisions", f"add the {JURISDICTIONS[jurisdiction]} provisions behind the rating, or rate it 'none'"))
    return found
