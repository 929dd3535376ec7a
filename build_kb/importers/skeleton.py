"""Write an imported text into a statute file, keeping what people added by hand.

Three source formats (see :func:`_read`): Chinese statutes in the Markdown of the
national law database, the U.S. Code in Markdown, and EU acts in the GDPRtEXT JSON.

A new file gets the imported provisions and metadata fields marked ``TODO``;
an existing file keeps its metadata and, provision by provision, its
translations (every language but the official one), notes and recitals, while
the official text is taken anew from the source. Annotations follow the
official words they were written for (:func:`merge`): when articles are
renumbered, a translation moves with its text to the new eId; it stays on a
changed text only when that eId's old text is found nowhere else, and the
report then asks for it to be checked. Importing an unchanged source into an
annotated file therefore changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from build_kb.load.dump import dump
from build_kb.validate.lint import canonical_data
from build_kb.load.files import load_file
from .cn_markdown import parse
from .source_text import read_source

SCHEMA_FROM_STATUTES = "../../schema/instrument.schema.json"


_OFFICIAL_FIELDS = ("heading", "text", "continuation")
_EDITORIAL_FIELDS = ("note", "explained_by")  # ours, not the source's


@dataclass
class _Entry:
    """One provision of a tree, flattened: its official content, alone (``own``) and with all below it (``full``)."""

    node: dict
    parent: str | None
    own: tuple
    full: tuple
    children: list[str]


def _flatten(nodes: list[dict] | None, official: str) -> dict[str, _Entry]:
    """Every provision of a tree by eId, in document order."""
    entries: dict[str, _Entry] = {}

    def visit(node: dict, parent: str | None) -> tuple:
        own = tuple((node.get(key) or {}).get(official) for key in _OFFICIAL_FIELDS)
        entry = _Entry(node, parent, own, (), [])
        entries.setdefault(node["eid"], entry)
        below = tuple(visit(child, node["eid"]) for child in node.get("children") or ())
        entry.children = [child["eid"] for child in node.get("children") or ()]
        entry.full = (own, below)
        return entry.full

    for node in nodes or ():
        visit(node, None)
    return entries


def _annotations(node: dict, official: str) -> list[str]:
    """What people added to a provision: ``translation`` (any other language), ``note``, ``recitals``."""
    found = []
    if any(set(node.get(key) or {}) - {official} for key in _OFFICIAL_FIELDS):
        found.append("translation")
    if node.get("note"):
        found.append("note")
    if node.get("explained_by"):
        found.append("recitals")
    return found


def _match(old: dict[str, _Entry], new: dict[str, _Entry]) -> tuple[dict[str, str], set[str]]:
    """Pair each new provision with the old one whose annotations it inherits: ``(new eId → old eId, changed)``.

    Identical official text first (the same eId, then anywhere, in document order), so that a translation
    follows the words it was written for when articles are renumbered; then the same words of the provision
    itself with different provisions below it (a chapter heading, a lead-in); then a container without words
    of its own (an article of paragraphs) to the old container of most of its matched children; last, the
    same eId when neither side was matched otherwise: the text changed (``changed`` holds those new eIds).
    """
    pairs: dict[str, str] = {}
    taken: set[str] = set()

    def pair(new_eid: str, old_eid: str) -> None:
        pairs[new_eid] = old_eid
        taken.add(old_eid)

    for eid, entry in new.items():
        if eid in old and old[eid].full == entry.full:
            pair(eid, eid)
    for key, has_own in (("full", False), ("own", True)):
        waiting: dict[tuple, list[str]] = {}
        for eid, entry in old.items():
            if eid not in taken and (not has_own or any(v is not None for v in entry.own)):
                waiting.setdefault(getattr(entry, key), []).append(eid)
        for eid, entry in new.items():
            if eid in pairs or has_own and all(v is None for v in entry.own):
                continue
            candidates = [c for c in waiting.get(getattr(entry, key), ()) if c not in taken]
            if candidates:
                pair(eid, eid if eid in candidates else candidates[0])
    for eid in reversed(list(new)):  # children before their containers
        entry = new[eid]
        if eid in pairs or any(v is not None for v in entry.own):
            continue
        parents = [old[pairs[c]].parent for c in entry.children if c in pairs]
        parents = [p for p in parents if p is not None and p not in taken and not any(old[p].own)]
        if parents:  # ties go to the same eId, then to the first in document order
            pair(eid, max(dict.fromkeys(parents), key=lambda p: (parents.count(p), p == eid)))
    changed = set()
    for eid, entry in new.items():
        if eid not in pairs and eid in old and eid not in taken:
            pair(eid, eid)
            if old[eid].own != entry.own:
                changed.add(eid)
    return pairs, changed


def _merged(nodes: list[dict], old: dict[str, _Entry], pairs: dict[str, str], official: str) -> list[dict]:
    merged = []
    for node in nodes:
        previous = old[pairs[node["eid"]]].node if node["eid"] in pairs else {}
        new: dict = {"eid": node["eid"]}
        if "num" in node:
            new["num"] = node["num"]
        for key in _OFFICIAL_FIELDS:
            if key in node:  # the other languages of a field whose official words the source no longer has go too
                kept = {lang: value for lang, value in (previous.get(key) or {}).items() if lang != official}
                new[key] = {official: node[key][official], **kept}
        if "children" in node:
            new["children"] = _merged(node["children"], old, pairs, official)
        for key in _EDITORIAL_FIELDS:
            if previous.get(key):
                new[key] = previous[key]
        merged.append(new)
    return merged


@dataclass
class MergeReport:
    """What re-importing into an annotated file did, provision by provision (eIds in document order).

    Attributes:
        changed: ``(eId, annotations)`` whose official text changed while keeping the annotations of the
            same eId (to be checked against the new text).
        added: eIds new in the source (a container stands for what it holds).
        removed: ``(eId, annotations lost)`` of provisions the source no longer has.
        moved: ``(old eId, new eId, annotations)`` of annotated provisions whose text now has another eId.
    """

    changed: list[tuple[str, list[str]]] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[tuple[str, list[str]]] = field(default_factory=list)
    moved: list[tuple[str, str, list[str]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per provision listed, indented, for the command's summary."""
        def what(annotations: list[str]) -> str:
            return " and ".join(f"its {a}" for a in annotations)

        out = []
        out += [f"  added: {eid}" for eid in self.added]
        out += [f"  moved: {before} → {after}, with {what(kept)}" for before, after, kept in self.moved]
        out += [f"  text changed: {eid}" + (f": check {what(kept)}" if kept else "") for eid, kept in self.changed]
        out += [f"  removed: {eid}" + (f" ({what(lost)} dropped with it)" if lost else " (no translation or note)")
                for eid, lost in self.removed]
        if self.moved or self.removed:
            out.append("  topics and succession tables that name a moved or removed eId: run build-kb validate")
        return out

    def summary(self) -> str:
        """``N provision text(s) changed`` and, when there are any, the additions, removals and moves."""
        parts = [f"{len(self.changed)} provision text(s) changed"]
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.moved:
            parts.append(f"{len(self.moved)} annotated provision(s) moved to another eId")
        return ", ".join(parts)


def merge(imported: list[dict], existing: list[dict] | None, official: str) -> tuple[list[dict], MergeReport]:
    """The imported provisions with the annotations of ``existing`` carried over (see :func:`_match`).

    Args:
        imported: the provisions read from the source (official language only).
        existing: the provisions of the annotated file, or ``None``.
        official: the official language (``zh``, ``en``).

    Returns:
        ``(provisions, report)``: the official text is always the source's; translations, notes and
        recitals follow the text they were written for, and the report lists every change.
    """
    old, new = _flatten(existing, official), _flatten(imported, official)
    pairs, changed = _match(old, new)
    report = MergeReport()
    for eid in new:
        if eid in changed:
            report.changed.append((eid, _annotations(old[eid].node, official)))
        elif eid in pairs and pairs[eid] != eid and _annotations(old[pairs[eid]].node, official):
            report.moved.append((pairs[eid], eid, _annotations(old[pairs[eid]].node, official)))
    added = {eid for eid in new if eid not in pairs}
    report.added = [eid for eid in new if eid in added and new[eid].parent not in added]
    removed = {eid for eid in old if eid not in set(pairs.values())}

    def lost(eid: str) -> list[str]:
        found = list(_annotations(old[eid].node, official))
        for child in old[eid].children:
            if child in removed:
                found += [a for a in lost(child) if a not in found]
        return found

    report.removed = [(eid, lost(eid)) for eid in old if eid in removed and old[eid].parent not in removed]
    return _merged(imported, old, pairs, official), report


ID_PATTERN = re.compile(r"^(cn|us|us-ca|eu)/[a-z0-9][a-z0-9-]*$")


def source_file_name(source: Path) -> str:
    """How ``source.file`` names a source: relative to a ``sources`` folder when it is in one (``cn/pipl_2021.md``)."""
    parts = source.resolve().parts
    if "sources" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("sources"):])
    return source.name


def _read(source: Path, warnings: list[tuple[int, str]]) -> tuple[str, str, list[dict]]:
    """(official language, title, provisions) of a source file, by its format.

    ``.json``: the GDPRtEXT rendering of an EU act; Markdown with ``#### §`` headings: the
    U.S. Code; other Markdown: a Chinese statute of the national law database. ``warnings`` receives
    ``(line, message)`` for what was imported as printed but deserves a look (a gap in a U.S. Code list).

    Raises:
        SourceError: when the file cannot be read as text or the importer of its format refuses it.
    """
    text = read_source(source)
    if source.suffix == ".json":
        from .gdpr_json import parse_text as parse_json

        return "en", "", parse_json(text)
    if re.search(r"^####\s*§", text, flags=re.M):
        from .us_code import parse as parse_us

        return "en", "", parse_us(text, gaps=warnings)
    imported = parse(text)
    return "zh", imported.title, imported.provisions


def _count_articles(provisions: list[dict]) -> int:
    count = 0
    for node in provisions:
        if node["eid"].startswith(("art_", "sec_")) and "__" not in node["eid"]:
            count += 1
        count += _count_articles(node.get("children") or [])
    return count


def import_source(source: Path, instrument_id: str, target: Path, warnings: list[tuple[int, str]] | None = None) -> str:
    """Import a source file (Chinese Markdown, U.S. Code Markdown, EU JSON) into ``target``; return a report.

    The report's first line counts the articles and says what was written; into an existing file it
    goes on with one indented line per provision added, moved with its annotations, changed or removed
    (:class:`MergeReport`). ``warnings``, when given, receives ``(line, message)`` for each place of the
    source imported as printed that deserves a look (a U.S. Code subdivision that follows a gap).

    Raises:
        ValueError: when the id is malformed, or ``target`` is not a valid statute file.
        SourceError: (a ValueError) when the source cannot be read or imported; its ``line`` says where.
    """
    if not ID_PATTERN.match(instrument_id):
        raise ValueError(f"{instrument_id!r} is not an instrument id: use '<jurisdiction>/<slug>', jurisdiction cn, us, "
                         "us-ca or eu, slug in lower case, digits and '-' (e.g. cn/consumer-rights)")
    official, title, imported = _read(source, warnings if warnings is not None else [])
    if target.exists():
        loaded = load_file(target)
        if not isinstance(loaded.data, dict):
            raise ValueError(f"{target} cannot be read: " + "; ".join(str(d) for d in loaded.diagnostics))
        data = dict(loaded.data)
        provisions, report = merge(imported, data.get("provisions"), official)
        data["provisions"] = provisions
        action = "\n".join([f"updated {target}: {report.summary()}", *report.lines()])
    else:
        other = "en" if official == "zh" else "zh"
        data = {
            "id": instrument_id,
            "title": {official: title or "TODO official title", **({"en": "TODO English title"} if official == "zh" else {})},
            "short_title": {official: "TODO", **({"en": "TODO"} if official == "zh" else {})},
            "jurisdiction": instrument_id.split("/")[0],
            "type": "law",
            "issuing_body": {official: "TODO"},
            "adopted": "TODO-YYYY-MM-DD",
            "effective": "TODO-YYYY-MM-DD",
            "status": "in_force",
            "source": {"url": "TODO official URL of the text", "retrieved": "TODO-YYYY-MM-DD", "official_language": official,
                       "copied_from": {"repository": "TODO owner/name of the public copy, or remove copied_from",
                                       "commit": "TODO", "path": "TODO path of the file in that repository"},
                       "file": source_file_name(source),
                       "licence": LICENCES.get(instrument_id.split("/")[0], "TODO why the text may be reproduced")},
            "provisions": imported,
        }
        if official == "zh":
            data["source"]["url"] = "https://flk.npc.gov.cn/"
            data["translations"] = {other: {"status": "unofficial", "by": "TODO your name, or the editors of this knowledge base"}}
        action = f"created {target}: fill in the fields marked TODO, then run build-kb validate"
    write_instrument(data, target)
    return f"{_count_articles(imported)} articles; {action}"


def write_instrument(data: dict, target: Path) -> Path:
    """Write an instrument's data to ``target`` (``statutes/<jurisdiction>/<slug>.yaml``) in canonical form."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump(canonical_data(data), schema=SCHEMA_FROM_STATUTES), encoding="utf-8")
    return target


#: Why official texts may be reproduced, per jurisdiction (see the sources MANIFEST).
LICENCES = {
    "cn": "PRC Copyright Law Art. 5: laws and their official translations are not protected",
    "us": "17 U.S.C. § 105: works of the United States Government are not protected by copyright",
    "eu": "© European Union, https://eur-lex.europa.eu: reuse authorised with acknowledgement of the source (Commission Decision 2011/833/EU)",
}
