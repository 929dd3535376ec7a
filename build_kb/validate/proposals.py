"""Reform proposals and challenges: what the founding paper asked for, and what became of it.

One file per item, ``statutes/proposals/<id>.yaml`` (schema
``schema/proposal.schema.json``): a proposal (a unified personal-information
law, a right of deletion, punitive damages…) or a challenge the paper names
(apps refusing service without broad permissions, harassing calls…), in our
words, with the paper's section, the provisions that later answered it and an
outcome (adopted / partly / not adopted) with a short analysis. Validated
against the corpus: every provision must exist, every topic too.

Source: the paper on personal-information legislation in China that the
project grew out of (written before the Cybersecurity Law of 2016 took
effect; its sections are cited as ``paper_section``).
"""

from __future__ import annotations

from dataclasses import dataclass

from build_kb.diagnostics import Diagnostic, reported
from build_kb.load.files import LoadedFile
from build_kb.model import Corpus, ProvisionId, Text
from build_kb.validate.instruments import check_id_is_file_name, check_provision_list, check_schema

#: Anchors of the page of proposals (/proposals/#<id>) that are the page's own.
RESERVED_IDS = frozenset({"top", "proposals", "challenges"})

#: Outcomes, from most to least realised, with their labels for a proposal and for a challenge.
OUTCOMES = {"proposal": {"adopted": "Adopted", "partly": "Partly adopted", "not-adopted": "Not adopted"},
            "challenge": {"adopted": "Answered", "partly": "Partly answered", "not-adopted": "Not answered"}}


@dataclass(frozen=True)
class Answer:
    """A provision that answers a proposal, with our note on how."""

    provision: ProvisionId
    note: Text = Text()


@dataclass(frozen=True)
class Proposal:
    """A proposal or challenge of the paper.

    Attributes:
        kind: ``proposal`` or ``challenge``.
        paper_section: the paper's section number (``3.1``).
        outcome: ``adopted``, ``partly`` or ``not-adopted`` (labels in :data:`OUTCOMES`).
        answered_by: the provisions that answered it, in the file's order.
        topics: ids of related topics.
    """

    id: str
    kind: str
    title: Text
    summary: Text
    paper_section: str
    outcome: str
    analysis: Text
    answered_by: tuple[Answer, ...]
    topics: tuple[str, ...] = ()
    file: str = ""


def validate_proposals(files: list[LoadedFile], corpus: Corpus,
                       topic_ids: set[str] | None = None) -> tuple[tuple[Proposal, ...], list[Diagnostic]]:
    """Check proposal files against their schema and the corpus.

    Args:
        files: the loaded proposal files.
        corpus: the validated corpus.
        topic_ids: the ids of every topic file, valid or not (so that a topic with errors of its own
            is not also reported as unknown here); default: the ids of ``corpus.topics``.

    Returns:
        (proposals of the files without errors, sorted by paper section then id; every diagnostic).
    """
    diagnostics: list[Diagnostic] = []
    proposals = []
    topics = topic_ids if topic_ids is not None else {t.id for t in corpus.topics}
    for loaded in files:
        with reported(diagnostics, loaded.path, "checking"):
            diagnostics += loaded.diagnostics  # errors, or warnings that leave the file to check
            if loaded.failed:
                continue
            found = check_schema(loaded, "proposal")
            if found:
                diagnostics += found
                continue
            data = loaded.data
            found += check_id_is_file_name(loaded)
            if data["id"] in RESERVED_IDS:
                found.append(Diagnostic(loaded.path, *loaded.where(("id",)), "", f"the id {data['id']!r} is reserved: the page "
                                        "of proposals uses it for itself", "choose another id, and name the file after it"))
            for i, topic in enumerate(data.get("topics", [])):
                if topic in data["topics"][:i]:
                    found.append(Diagnostic(loaded.path, *loaded.where(("topics", i)), "", f"the topic {topic!r} is listed twice",
                                            "keep one entry"))
            entries, problems, skipped = check_provision_list(loaded, "answered_by", corpus)
            found += problems
            answers = [Answer(pid, Text.from_data(entry.get("note"))) for pid, entry, _ in entries]
            if data["outcome"] != "not-adopted" and not answers and not skipped:
                found.append(Diagnostic(loaded.path, *loaded.where(("answered_by",)), "",
                                        f"outcome {data['outcome']!r} needs the provisions that answered it",
                                        "list them under answered_by, or set the outcome to not-adopted"))
            for i, topic in enumerate(data.get("topics", [])):
                if topic not in topics:
                    found.append(Diagnostic(loaded.path, *loaded.where(("topics", i)), "", f"unknown topic {topic!r}",
                                            "use the id of a file in statutes/topics/"))
            diagnostics += found
            if not found:
                proposals.append(Proposal(data["id"], data["kind"], Text.from_data(data["title"]), Text.from_data(data["summary"]),
                                          data["paper_section"], data["outcome"], Text.from_data(data["analysis"]),
                                          tuple(answers), tuple(data.get("topics", [])), loaded.path))
    key = lambda p: (tuple(int(n) for n in p.paper_section.split(".")), p.id)  # noqa: E731
    return tuple(sorted(proposals, key=key)), diagnostics
