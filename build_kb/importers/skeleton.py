"""Write an imported text into a statute file, keeping what people added by hand.

Three source formats (see :func:`_read`): Chinese statutes in the Markdown of the
national law database, the U.S. Code in Markdown, and EU acts in the GDPRtEXT JSON.

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
from ..lint import canonical_data
from ..load import load_file
from .cn_markdown import parse
from .source_text import read_source

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
        if "continuation" in node:
            continuation = dict(old.get("continuation") or {})
            continuation[official] = node["continuation"][official]
            new["continuation"] = continuation
        for kept_key in ("note", "explained_by"):  # editorial fields are ours, not the source's
            if old.get(kept_key):
                new[kept_key] = old[kept_key]
        merged.append(new)
    return merged, changed


ID_PATTERN = re.compile(r"^(cn|us|us-ca|eu)/[a-z0-9][a-z0-9-]*$")


def source_file_name(source: Path) -> str:
    """How ``source.file`` names a source: relative to a ``sources`` folder when it is in one (``cn/pipl_2021.md``)."""
    parts = source.resolve().parts
    if "sources" in parts:
        return "/".join(parts[len(parts) - parts[::-1].index("sources"):])
    return source.name


def _read(source: Path) -> tuple[str, str, list[dict]]:
    """(official language, title, provisions) of a source file, by its format.

    ``.json``: the GDPRtEXT rendering of an EU act; Markdown with ``#### §`` headings: the
    U.S. Code; other Markdown: a Chinese statute of the national law database.

    Raises:
        SourceError: when the file cannot be read as text or the importer of its format refuses it.
    """
    text = read_source(source)
    if source.suffix == ".json":
        from .gdpr_json import parse_text as parse_json

        return "en", "", parse_json(text)
    if re.search(r"^####\s*§", text, flags=re.M):
        from .us_code import parse as parse_us

        return "en", "", parse_us(text)
    imported = parse(text)
    return "zh", imported.title, imported.provisions


def _count_articles(provisions: list[dict]) -> int:
    count = 0
    for node in provisions:
        if node["eid"].startswith(("art_", "sec_")) and "__" not in node["eid"]:
            count += 1
        count += _count_articles(node.get("children") or [])
    return count


def import_source(source: Path, instrument_id: str, target: Path) -> str:
    """Import a source file (Chinese Markdown, U.S. Code Markdown, EU JSON) into ``target``; return a one-line report.

    Raises:
        ValueError: when the id is malformed, or ``target`` is not a valid statute file.
        SourceError: (a ValueError) when the source cannot be read or imported; its ``line`` says where.
    """
    if not ID_PATTERN.match(instrument_id):
        raise ValueError(f"{instrument_id!r} is not an instrument id: use '<jurisdiction>/<slug>', jurisdiction cn, us, "
                         "us-ca or eu, slug in lower case, digits and '-' (e.g. cn/consumer-rights)")
    official, title, imported = _read(source)
    if target.exists():
        loaded = load_file(target)
        if not isinstance(loaded.data, dict):
            raise ValueError(f"{target} cannot be read: " + "; ".join(str(d) for d in loaded.diagnostics))
        data = dict(loaded.data)
        provisions, changed = _merge(imported, _kept(data.get("provisions")), official)
        data["provisions"] = provisions
        action = f"updated {target}: {changed} provision text(s) changed"
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
