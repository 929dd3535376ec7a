"""The canonical form of statute files, and the check that a file is in it.

Canonical means: what :func:`build_kb.load.dump.dump` writes for the file's data
with keys in the schema's order (instrument fields as in
``schema/instrument.schema.json``; provisions ``eid, num, heading, text,
note, children``; languages ``zh, en``), preceded by the schema line. Load
then dump reproduces a canonical file byte for byte, so diffs in pull
requests show changes of content only. Comments other than the schema line
are not kept: editorial remarks belong in ``note`` fields.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_kb.diagnostics import Diagnostic, errors_in
from build_kb.load.dump import dump
from build_kb.load.files import load_file
from build_kb.validate.instruments import schema

PROVISION_ORDER = ("eid", "num", "heading", "text", "note", "explained_by", "children", "continuation")
LANGUAGE_ORDER = ("zh", "en")


def _ordered(data: dict, order: tuple[str, ...] | list[str]) -> dict:
    known = [k for k in order if k in data]
    return {k: data[k] for k in known + [k for k in data if k not in order]}


def _multilingual(value: Any) -> Any:
    return _ordered(value, LANGUAGE_ORDER) if isinstance(value, dict) else value


def _provision(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    node = _ordered(node, PROVISION_ORDER)
    for key in ("heading", "text", "note", "continuation"):
        if key in node:
            node[key] = _multilingual(node[key])
    if isinstance(node.get("children"), list):
        node["children"] = [_provision(child) for child in node["children"]]
    return node


def _topic(data: dict) -> dict:
    properties = list(schema("topic")["properties"])
    result = _ordered(data, properties)
    for key in ("label", "description", "coverage_note"):
        if key in result:
            result[key] = _multilingual(result[key])
    if isinstance(result.get("coverage"), dict):
        result["coverage"] = _ordered(result["coverage"], list(schema("topic")["properties"]["coverage"]["properties"]))
    if isinstance(result.get("members"), list):
        result["members"] = _provision_list(result["members"])
    return result


def _provision_list(entries: list) -> list:
    """Entries of a topic's members or a proposal's answered_by: ``provision`` then ``note`` (zh, en)."""
    ordered = [_ordered(e, ("provision", "note")) if isinstance(e, dict) else e for e in entries]
    for entry in ordered:
        if isinstance(entry, dict) and "note" in entry:
            entry["note"] = _multilingual(entry["note"])
    return ordered


def _succession(data: dict) -> dict:
    result = _ordered(data, list(schema("succession")["properties"]))
    if isinstance(result.get("articles"), list):
        result["articles"] = [_ordered(a, ("from", "to", "change", "note")) if isinstance(a, dict) else a
                              for a in result["articles"]]
    return result


def _proposal(data: dict) -> dict:
    result = _ordered(data, list(schema("proposal")["properties"]))
    for key in ("title", "summary", "analysis"):
        if key in result:
            result[key] = _multilingual(result[key])
    if isinstance(result.get("answered_by"), list):
        result["answered_by"] = _provision_list(result["answered_by"])
    return result


def canonical_data(data: dict) -> dict:
    """``data`` (an instrument, a topic, a succession table or a proposal) with every mapping's keys in canonical order."""
    if "members" in data:
        return _topic(data)
    if "answered_by" in data:
        return _proposal(data)
    if "articles" in data and "from" in data:
        return _succession(data)
    properties = schema()["properties"]
    result = _ordered(data, list(properties))
    for key, value in result.items():
        if key == "provisions" and isinstance(value, list):
            result[key] = [_provision(p) for p in value]
        elif key == "source" and isinstance(value, dict):
            result[key] = _ordered(value, list(properties["source"]["properties"]))
        elif key == "translations" and isinstance(value, dict):
            result[key] = _ordered(value, LANGUAGE_ORDER)
        elif isinstance(value, dict) and properties.get(key, {}).get("$ref") == "#/$defs/multilingual":
            result[key] = _multilingual(value)
    return result


def schema_line_for(path: Path, statutes_dir: Path) -> str:
    """Relative path from ``path``'s folder to its schema: ``../../schema/instrument.schema.json`` (topic.schema.json in topics/)."""
    depth = len(path.resolve().relative_to(statutes_dir.resolve().parent).parts) - 1
    kind = {"topics": "topic", "successions": "succession", "proposals": "proposal"}.get(path.resolve().parent.name, "instrument")
    return "../" * depth + f"schema/{kind}.schema.json"


@dataclass(frozen=True)
class LintResult:
    """One file's lint result: ``diff`` is empty when canonical; ``diagnostics`` when it cannot be read."""

    path: Path
    diff: str
    canonical: str | None
    diagnostics: tuple[Diagnostic, ...] = ()


def lint_file(path: Path, statutes_dir: Path, display: str | None = None) -> LintResult:
    """Compare a file with its canonical form.

    Returns:
        :class:`LintResult`; a file that does not load has ``canonical=None`` and its diagnostics.
    """
    loaded = load_file(path, display)
    if loaded.failed or errors_in(list(loaded.diagnostics)):  # never write back a value the file does not mean
        return LintResult(path, "", None, loaded.diagnostics)
    if not isinstance(loaded.data, dict):
        return LintResult(path, "", None, (Diagnostic(display or str(path), 1, 1, "", "the file holds no mapping of fields",
                                                      "a statute file is a mapping ('id: …', 'title: …'); see statutes/TEMPLATE.yaml"),))
    current = path.read_bytes().decode("utf-8")  # as written: line ends CRLF are not the canonical LF
    canonical = dump(canonical_data(loaded.data), schema=schema_line_for(path, statutes_dir))
    name = display or str(path)
    diff = "".join(difflib.unified_diff(current.splitlines(True), canonical.splitlines(True),
                                        f"{name} (as written)", f"{name} (canonical)"))
    return LintResult(path, diff, canonical)
