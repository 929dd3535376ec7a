"""Write an imported text into a statute file, keeping what people added by hand.

A new file gets the imported provisions and metadata fields marked ``TODO``;
an existing file keeps its metadata and, provision by provision (matched by
eId), its English text, headings, notes and any other language, while the
official text is taken anew from the source. Importing an unchanged source
into an annotated file therefore changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..dump import dump
from ..load import load_file
from .cn_markdown import parse_file

SCHEMA_FROM_STATUTES = "../../schema/instrument.schema.json"


def _kept(existing: list[dict] | None) -> dict[str, dict]:
    kept: dict[str, dict] = {}

    def visit(nodes: list[dict]) -> None:
        for node in nodes or ():
            kept[node["eid"]] = node
            visit(node.get("children") or [])

    visit(existing or [])
    return kept


def _merge(imported: list[dict], kept: dict[str, dict], official: str) -> tuple[list[dict], int]:
    changed = 0
    merged = []
    for node in imported:
        old = kept.get(node["eid"], {})
        new: dict = {"eid": node["eid"]}
        if "num" in node:
            new["num"] = node["num"]
        heading = dict(old.get("heading") or {})
        heading.update(node.get("heading") or {})
        if heading:
            new["heading"] = heading
        if "text" in node:
            text = dict(old.get("text") or {})
            if text.get(official) not in (None, node["text"][official]):
                changed += 1
            text[official] = node["text"][official]
            new["text"] = {official: text.pop(official), **text}
        if "children" in node:
            new["children"], sub = _merge(node["children"], kept, official)
            changed += sub
        if old.get("note"):
            new["note"] = old["note"]
        merged.append(new)
    return merged, changed


ID_PATTERN = re.compile(r"^(cn|us|us-ca|eu)/[a-z0-9][a-z0-9-]*$")


def source_file_name(source: Path) -> str:
    """How ``source.file`` names a source: relative to a ``sources`` folder when it is in one (``cn/pipl_2021.md``)."""
    parts = source.resolve().parts
    if "sources" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("sources"):])
    return source.name


def import_chinese(source: Path, instrument_id: str, target: Path) -> str:
    """Import a Chinese Markdown source into ``target``; return a one-line report.

    Raises:
        ValueError: when the id is malformed, the source holds no article, or
            ``target`` is not a valid statute file.
    """
    if not ID_PATTERN.match(instrument_id):
        raise ValueError(f"{instrument_id!r} is not an instrument id: use '<jurisdiction>/<slug>', jurisdiction cn, us, "
                         "us-ca or eu, slug in lower case, digits and '-' (e.g. cn/consumer-rights)")
    imported = parse_file(source)
    if target.exists():
        loaded = load_file(target)
        if not isinstance(loaded.data, dict):
            raise ValueError(f"{target} cannot be read: " + "; ".join(str(d) for d in loaded.diagnostics))
        data = dict(loaded.data)
        provisions, changed = _merge(imported.provisions, _kept(data.get("provisions")), "zh")
        data["provisions"] = provisions
        action = f"updated {target}: {changed} provision text(s) changed"
    else:
        data = {
            "id": instrument_id,
            "title": {"zh": imported.title, "en": "TODO English title"},
            "short_title": {"zh": "TODO", "en": "TODO"},
            "jurisdiction": instrument_id.split("/")[0],
            "type": "law",
            "issuing_body": {"zh": "TODO", "en": "TODO"},
            "adopted": "TODO-YYYY-MM-DD",
            "effective": "TODO-YYYY-MM-DD",
            "status": "in_force",
            "source": {"url": "https://flk.npc.gov.cn/", "retrieved": "TODO-YYYY-MM-DD", "official_language": "zh",
                       "copied_from": {"repository": "TODO owner/name of the public copy, or remove copied_from",
                                       "commit": "TODO", "path": "TODO path of the file in that repository"},
                       "file": source_file_name(source),
                       "licence": "PRC Copyright Law Art. 5: laws and their official translations are not protected"},
            "translations": {"en": {"status": "unofficial", "by": "TODO your name, or the editors of this knowledge base"}},
            "provisions": imported.provisions,
        }
        action = f"created {target}: fill in the fields marked TODO, then run build-kb validate"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump(data, schema=SCHEMA_FROM_STATUTES), encoding="utf-8")
    return f"{imported.articles} articles; {action}"
