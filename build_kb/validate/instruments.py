"""Stage 2, validate: loaded files → a :class:`~build_kb.model.Corpus` and every problem found.

Two passes over each file: the JSON Schema (``schema/instrument.schema.json``,
the contract editors also use), then the rules a schema cannot express:
real calendar dates, eIds that match their place in the tree, kinds nested
as statutes nest them, no eId twice, the official text present, an English
field that is English. Each problem becomes one
:class:`~build_kb.diagnostics.Diagnostic` with file, line, column, provision
id, and a hint; nothing stops at the first error.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a file is invalid (see _validator)
    import jsonschema

from build_kb.cn_numbers import ARTICLE_RE, ITEM_RE, MAX_NUMBER, article_designator, article_num, cn_to_int
from build_kb.diagnostics import Diagnostic, Severity, errors_in, reported
from build_kb.load.files import DataPath, LoadedFile
from build_kb.model import (ALLOWED_CHILDREN, KINDS, LANGUAGES, NUMBERED_THROUGHOUT, Corpus, Instrument, Provision, ProvisionId, Relation,
                    Source, Text, Translation, eid_parts)

#: The JSON Schemas: inside the installed package (``build_kb/schema``, see pyproject.toml), or in the
#: repository's ``schema/`` beside the package when it runs from a checkout.
_PACKAGE = Path(__file__).resolve().parent.parent
SCHEMA_DIR = next((d for d in (_PACKAGE / "schema", _PACKAGE.parent / "schema") if (d / "instrument.schema.json").is_file()),
                  _PACKAGE.parent / "schema")
#: Slugs and topic ids that would take the address of a page of the site's own (``cn/index.md`` is ``/cn/``,
#: ``topics/index.md`` the list of topics).
RESERVED_SLUGS = frozenset({"index"})
#: Order of jurisdictions on the site and in listings.
JURISDICTION_ORDER = ("cn", "us", "us-ca", "eu")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=8)
def schema(name: str = "instrument") -> dict:
    """The JSON Schema ``schema/<name>.schema.json`` (``instrument`` or ``topic``), as a dict."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _provision_at(data: Any, path: DataPath) -> str:
    """The eId of the innermost provision on ``path``, or ``""``."""
    eid, node = "", data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("eid"), str):
            eid = node["eid"]
    return eid


def _schema_message(error: "jsonschema.ValidationError", schema_name: str = "instrument") -> tuple[str, str, bool]:
    """Return (message, hint, point at key) for a schema error in a file of ``schema_name``, in a contributor's words."""
    keys = [str(step) for step in error.absolute_path if not isinstance(step, int)]
    field_name = keys[-1] if keys else "the file"  # an entry of a list is named after the list
    kind = error.validator
    if kind == "required":
        missing = re.search(r"'([^']+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return f"the required field {name!r} is missing", f"add '{name}: …'; statutes/TEMPLATE.yaml shows every field", False
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = _extra_keys(error)
        hints = []
        for name in extra:
            close = difflib.get_close_matches(name, allowed, n=1)
            hints.append(f"did you mean {close[0]!r}?" if close else f"allowed here: {', '.join(allowed)}")
        return f"unknown field {', '.join(map(repr, extra))}", "; ".join(hints), True
    if kind == "enum" and "propertyNames" in error.absolute_schema_path:
        return f"{error.instance!r} is not a supported language", "use zh or en", True
    if kind == "enum":
        choices = ", ".join(map(str, error.validator_value))
        path = [str(p) for p in error.absolute_path if not isinstance(p, int)]
        where = ".".join(path[-2:]) if len(path) >= 2 and path[-2] == "coverage" else field_name
        return f"{error.instance!r} is not a valid {where}", f"use one of: {choices}", False
    if kind == "pattern":
        if "\\d{4}" in error.validator_value:
            return f"{error.instance!r} is not a date", "write dates as YYYY-MM-DD, e.g. 2021-08-20", False
        if field_name == "eid":
            return (f"{error.instance!r} is not an Akoma Ntoso eId",
                    "use lower-case kind, '_', number, joined by '__': art_47, art_13__para_1__item_2", False)
        if field_name == "provision":
            return (f"{error.instance!r} is not a provision id",
                    "write the instrument id, '#', and the eId: cn/pipl#art_47, us/coppa#sec_6502__subsec_b", False)
        if schema_name != "instrument" and (field_name in ("id", "parent", "topics")):
            what = "a proposal" if schema_name == "proposal" and field_name == "id" else "a topic"
            return (f"{error.instance!r} is not {what} id", "use lower case letters, digits and '-', as in the file's "
                    "name without .yaml (e.g. deletion)", False)
        if field_name == "id":
            return (f"{error.instance!r} is not an instrument id",
                    "use '<jurisdiction>/<slug>' in lower case, e.g. cn/pipl (no '..', no further '/')", False)
        return f"{error.instance!r} has the wrong form for {field_name}", f"it must match {error.validator_value}", False
    if kind == "type":
        wanted = {"string": "text", "object": "a mapping of fields", "array": "a list ('- ' items)"}
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        got = "nothing" if error.instance is None else type(error.instance).__name__.replace("dict", "a mapping").replace("list", "a list").replace("str", "text")
        return f"{field_name} must be {wanted.get(expected, expected)}, not {got}", "check the indentation of this value and the lines under it", False
    if kind in ("minItems", "minProperties", "minLength"):
        return f"{field_name} is empty", "fill it in or remove the field", False
    return error.message, "", False


def _extra_keys(error: "jsonschema.ValidationError") -> list[str]:
    """The keys that an additionalProperties error is about, in file order."""
    allowed = error.schema.get("properties", {})
    return [key for key in error.instance if key not in allowed]


@lru_cache(maxsize=4)
def _validator(name: str = "instrument") -> "jsonschema.Draft202012Validator":
    """A validator for ``schema/<name>.schema.json``, with the other schemas of the folder resolvable by $ref.

    Imported only when a file is invalid: valid files pass the fast path of :func:`check_schema`.
    """
    import jsonschema
    from referencing import Registry, Resource

    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.json")}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    return jsonschema.Draft202012Validator(schemas[f"{name}.schema.json"], registry=registry)


@lru_cache(maxsize=8)
def _fast_validator(name: str):
    """``schema/<name>.schema.json`` compiled to Python by fastjsonschema: it says only whether a file is valid,
    thirty times faster than jsonschema, which then explains the errors of the files that are not.

    The schemas use only keywords that mean the same in draft 7, which fastjsonschema implements
    (``tests/test_validate.py`` checks this).
    """
    import fastjsonschema

    draft7 = dict(schema(name), **{"$schema": "http://json-schema.org/draft-07/schema#"})
    return fastjsonschema.compile(draft7)


def check_schema(loaded: LoadedFile, name: str = "instrument") -> list[Diagnostic]:
    """Schema errors of a loaded file against ``schema/<name>.schema.json``, in a contributor's words."""
    import fastjsonschema

    try:
        _fast_validator(name)(loaded.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema finds every error, with its path
    found = []
    for error in _validator(name).iter_errors(loaded.data):
        if name == "instrument" and isinstance(error.instance, str) and "TODO" in error.instance:
            continue  # a placeholder: reported once, as such, by the placeholder rule of instrument files
        path = tuple(error.absolute_path)
        message, hint, at_key = _schema_message(error, name)
        if name != "instrument":
            hint = hint.replace("statutes/TEMPLATE.yaml shows every field", f"schema/{name}.schema.json describes every field")
        if "propertyNames" in error.absolute_schema_path:
            path = path + (error.instance,)
            at_key = True
        line, col = loaded.where(path, key=at_key)
        if error.validator == "additionalProperties":
            extra = _extra_keys(error)
            if extra:
                line, col = loaded.where(path + (extra[0],), key=True)
        found.append(Diagnostic(loaded.path, line, col, _provision_at(loaded.data, path), message, hint))
    return found


def _a(word: str) -> str:
    """``item`` → ``an item``; ``chapter`` → ``a chapter``."""
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _parse_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


class _FileChecker:
    """The rules beyond the schema, for one file. Works on possibly malformed data."""

    def __init__(self, loaded: LoadedFile, expected_id: str | None):
        self.loaded = loaded
        self.expected_id = expected_id
        self.found: list[Diagnostic] = []
        self.seen: dict[str, int] = {}
        #: (path, eId) of every article, in document order.
        self.articles: list[tuple[DataPath, str]] = []

    def report(self, path: DataPath, provision: str, message: str, hint: str = "", key: bool = False) -> None:
        line, col = self.loaded.where(path, key=key)
        self.found.append(Diagnostic(self.loaded.path, line, col, provision, message, hint))

    def check(self) -> list[Diagnostic]:
        data = self.loaded.data
        if not isinstance(data, dict):
            return self.found
        instrument_id = data.get("id")
        if self.expected_id and isinstance(instrument_id, str) and instrument_id != self.expected_id:
            self.report(("id",), "", f"the id {instrument_id!r} does not match the file's place",
                        f"a file at statutes/{self.expected_id}.yaml must have 'id: {self.expected_id}'")
        if isinstance(instrument_id, str) and instrument_id.rpartition("/")[2] in RESERVED_SLUGS:
            self.report(("id",), "", f"the slug {instrument_id.rpartition('/')[2]!r} is reserved: its page would be the "
                        "page of the jurisdiction's folder", "choose another slug, and name the file after it")
        dated = [((name,), data.get(name)) for name in ("adopted", "effective", "ceased")]
        if isinstance(data.get("amended"), list):
            dated += [(("amended", i), value) for i, value in enumerate(data["amended"])]
        for where, value in dated:
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and _parse_date(value) is None:
                self.report(where, "", f"{value!r} is not a real date", "check the month and the day")
        source = data.get("source")
        if isinstance(source, dict):
            value = source.get("retrieved")
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and _parse_date(value) is None:
                self.report(("source", "retrieved"), "", f"{value!r} is not a real date", "check the month and the day")
        if data.get("status") in ("repealed", "superseded") and "ceased" not in data:
            self.report(("status",), "", f"a {data['status']} instrument needs the date it ceased to have effect",
                        "add 'ceased: YYYY-MM-DD'")
        adopted, effective = _parse_date(data.get("adopted")), _parse_date(data.get("effective"))
        if adopted and effective and effective < adopted:
            self.report(("effective",), "", "the effective date is before the adoption date", "check both dates")
        self._dates_and_status(data, adopted, effective)
        jurisdiction = data.get("jurisdiction")
        if isinstance(instrument_id, str) and "/" in instrument_id and isinstance(jurisdiction, str) \
                and instrument_id.split("/", 1)[0] != jurisdiction:
            self.report(("jurisdiction",), "", f"the id {instrument_id!r} is of jurisdiction {instrument_id.split('/', 1)[0]!r}, "
                        f"but the file says jurisdiction: {jurisdiction}",
                        "make them agree: an instrument of statutes/<jurisdiction>/ has the id <jurisdiction>/<slug>")
        self._placeholders(data, ())
        official = source.get("official_language") if isinstance(source, dict) else None
        official = official if isinstance(official, str) else None  # the schema has reported any other value
        translations = data.get("translations") if isinstance(data.get("translations"), dict) else {}
        provisions = data.get("provisions")
        self.recital_links: list[tuple[DataPath, str, str]] = []
        if isinstance(provisions, list):
            for i, node in enumerate(provisions):
                self._provision(node, ("provisions", i), None, official, translations)
        if official == "zh":
            self._sequence()
        for path, eid, recital in self.recital_links:
            if recital not in self.seen:
                self.report(path, eid, f"explained_by names {recital!r}, which is not a recital of this instrument",
                            "use the eId of a recital of the same file, rct_N")
        return self.found

    def _printed_number(self, path: DataPath, eid: str, own: str, num: str, parts: list[tuple[str, str]]) -> None:
        """In Chinese law, ``num`` is printed as statutes print it: an article 第N条 (第N条之M), an item （N）,
        each agreeing with its eId; an article's number on a provision of another kind is a wrong eId."""
        if own == "art" and "__" not in eid and not ARTICLE_RE.match(num):
            self.report(path + ("num",), eid, f"{num!r} is not an article number as printed, such as 第四十七条 or 第二百五十三条之一",
                        "keep only the number in num; a heading goes under 'heading', text under 'text'")
        elif own != "art" and ARTICLE_RE.match(num):
            self.report(path + ("eid",), eid, f"{num} is an article's number, but the eId is of {_a(KINDS.get(own, own))}",
                        f"use eid: art_{article_designator(num) if _designates(num) else 'N'}")
        elif own == "item":
            match = ITEM_RE.match(num)
            if not match:
                self.report(path + ("num",), eid, f"{num!r} is not an item number as printed, such as （三）",
                            "write the number in full-width parentheses, as the official text prints it")
            elif _designates(match.group(1), item=True) and str(cn_to_int(match.group(1))) != parts[-1][1]:
                self.report(path + ("num",), eid, f"the number {num} is item {cn_to_int(match.group(1))}, but the eId says "
                            f"{parts[-1][1]}", f"use item_{cn_to_int(match.group(1))} in the eId, or correct the number")

    def _sequence(self) -> None:
        """Chinese law numbers its articles 1, 2, 3 … throughout (an added article N之M after N): one
        article missing between two (第四条 after 第二条) or a step back is a warning, since an article
        lost in copying leaves no other trace. Wider gaps are excerpts, and are not reported."""
        previous: tuple[int, int] | None = None
        for path, eid in self.articles:
            number, _, sub = eid.split("_", 1)[1].partition("-")
            if (not (number.isdigit() and (sub.isdigit() or not sub)) or not 0 < int(number) <= MAX_NUMBER
                    or sub and not 0 < int(sub) <= MAX_NUMBER):
                continue  # not a number statutes print; the eId rules report it
            here = (int(number), int(sub or 0))
            if previous is not None and (here == (previous[0] + 2, 0) or here < previous):
                missing = f", {article_num(str(previous[0] + 1))} is missing" if here[0] == previous[0] + 2 else ""
                before = article_num(f"{previous[0]}-{previous[1]}" if previous[1] else str(previous[0]))
                line, col = self.loaded.where(path + ("eid",))
                self.found.append(Diagnostic(self.loaded.path, line, col, eid,
                                             f"{article_num(eid.split('_', 1)[1])} follows {before}{missing}",
                                             "check that no article was lost in copying and that the numbers are in order",
                                             Severity.WARNING))
            previous = here

    def _dates_and_status(self, data: dict, adopted: date | None, effective: date | None) -> None:
        """Dates and statuses that contradict each other, or today: a ceased date before adoption or entry
        into force, amendments out of order or outside the instrument's life, a retrieval date in the
        future, a status that today's date belies (in force but ceased, or not yet effective; repealed
        but ceasing only later), a superseded instrument without its successor.

        The status says what holds today, so these checks depend on the date: the cache of checked
        files is keyed by it (:func:`build_kb.pipeline.run_uncached`)."""
        ceased, status = _parse_date(data.get("ceased")), data.get("status")
        if ceased and adopted and ceased < adopted:
            self.report(("ceased",), "", f"the instrument ceased ({ceased}) before it was adopted ({adopted})", "check both dates")
        elif ceased and effective and ceased < effective:
            self.report(("ceased",), "", f"the instrument ceased ({ceased}) before it took effect ({effective})", "check both dates")
        today = date.today()
        if ceased and status in ("not_yet_in_force", "draft"):
            self.report(("ceased",), "", f"an instrument whose status is {status} has no date on which it ceased",
                        "set 'status: repealed' (or superseded), or remove 'ceased'")
        elif ceased and status == "in_force" and ceased <= today:
            self.report(("ceased",), "", f"the instrument is in force, but ceased on {ceased}",
                        "set 'status: repealed' (or superseded), or correct the date")
        elif ceased and status in ("repealed", "superseded") and ceased > today:
            self.report(("ceased",), "", f"the instrument is {status}, but ceases only on {ceased}",
                        "keep 'status: in_force' until that day (a date to come may stand beside it)")
        if effective and status == "in_force" and effective > today:
            self.report(("effective",), "", f"the instrument is in force, but takes effect only on {effective}",
                        "set 'status: not_yet_in_force', or correct the date")
        elif effective and status == "not_yet_in_force" and effective <= today:
            self.report(("effective",), "", f"the instrument is not yet in force, but took effect on {effective}",
                        "set 'status: in_force', or correct the date")
        amended = data.get("amended") if isinstance(data.get("amended"), list) else []
        previous = None
        for i, value in enumerate(amended):
            when = _parse_date(value)
            if when is None:
                continue
            if adopted and when < adopted:
                self.report(("amended", i), "", f"the amendment of {when} is before the adoption ({adopted})", "check the date")
            elif ceased and when > ceased:
                self.report(("amended", i), "", f"the amendment of {when} is after the instrument ceased ({ceased})", "check the date")
            elif when > today:
                self.report(("amended", i), "", f"the amendment of {when} is in the future",
                            "list only the amendments that this version's text incorporates")
            elif previous and when <= previous:
                self.report(("amended", i), "", f"the amendment of {when} is listed after that of {previous}",
                            "list amendments once each, oldest first")
            previous = when
        source = data.get("source") if isinstance(data.get("source"), dict) else {}
        retrieved = _parse_date(source.get("retrieved"))
        if retrieved and retrieved > today:
            self.report(("source", "retrieved"), "", f"the text was retrieved on {retrieved}, which is in the future",
                        "give the date on which the text was copied")
        relations = data.get("relations") if isinstance(data.get("relations"), dict) else {}
        if status == "superseded" and not relations.get("superseded_by"):
            self.report(("status",), "", "a superseded instrument must name the instrument that superseded it",
                        "add 'relations: {superseded_by: [<id>]}', or set 'status: repealed' if nothing took its place")

    def _placeholders(self, node: Any, path: DataPath) -> None:
        """Report every value that still holds a TODO placeholder (from the importer or the template)."""
        if isinstance(node, dict):
            for key, value in node.items():
                self._placeholders(value, path + (key,))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                self._placeholders(value, path + (i,))
        elif isinstance(node, str) and "TODO" in node:
            last_index = max((i for i, step in enumerate(path) if isinstance(step, int)), default=-1)
            field_name = ".".join(str(step) for step in path[last_index + 1:]) or "a value"
            self.report(path, _provision_at(self.loaded.data, path), f"{field_name} is still a placeholder ({node!r})",
                        "replace it with the real value")

    def _provision(self, node: Any, path: DataPath, parent: dict | None, official: str | None, translations: dict,
                   parent_ok: bool = True) -> None:
        if not isinstance(node, dict) or not isinstance(node.get("eid"), str):
            return
        eid = node["eid"]
        try:
            parts = eid_parts(eid)
        except ValueError:
            return  # the schema pattern has reported it
        if ".." in eid or "/" in eid:
            self.report(path + ("eid",), eid, "an eId may not contain '..' or '/'", "use the form art_47")
            return
        own = parts[-1][0]
        placed = parent_ok
        parent_eid = parent["eid"] if parent else None
        parent_kind = eid_parts(parent_eid)[-1][0] if parent_eid else None
        if own not in KINDS:
            self.report(path + ("eid",), eid, f"unknown kind {own!r} in the eId",
                        f"use one of: {', '.join(KINDS)}")
            placed = False
        elif not parent_ok:
            pass  # the parent is misplaced or unknown: one error there, not one per child
        elif own not in ALLOWED_CHILDREN.get(parent_kind, frozenset()):
            where = f"directly under {_a(KINDS.get(parent_kind, parent_kind))}" if parent_kind else "at the top level"
            self.report(path + ("eid",), eid, f"{_a(KINDS[own])} cannot stand {where}",
                        f"allowed there: {', '.join(KINDS[k] for k in sorted(ALLOWED_CHILDREN.get(parent_kind, ()), key=list(KINDS).index))}")
            placed = False
        elif parent_eid:
            prefixed = eid == f"{parent_eid}__{eid.rsplit('__', 1)[-1]}" and eid.count("__") == parent_eid.count("__") + 1
            alone = own in NUMBERED_THROUGHOUT and "__" not in eid
            if not (prefixed or alone):
                local = eid.rsplit("__", 1)[-1]
                self.report(path + ("eid",), eid, f"the eId does not continue its parent's ({parent_eid})",
                            f"write {parent_eid}__{local}" + (f" or {local}" if own in NUMBERED_THROUGHOUT else ""))
        num = node.get("num")
        if official == "zh" and isinstance(num, str) and num:
            self._printed_number(path, eid, own, num, parts)
        if own == "art" and "__" not in eid and isinstance(num, str) and ARTICLE_RE.match(num):
            try:
                printed = article_designator(num)
            except ValueError:
                printed = "?"
            if printed == "?":
                self.report(path + ("num",), eid, f"{num} is not a well-formed article number", "check the Chinese numeral")
            elif printed != parts[-1][1]:
                self.report(path + ("num",), eid, f"the number {num} is article {printed}, but the eId says {parts[-1][1]}",
                            f"use eid: art_{printed}, or correct the number")
        if own == "art" and "__" not in eid:
            self.articles.append((path, eid))
        if eid in self.seen:
            self.report(path + ("eid",), eid, f"the eId {eid!r} is used twice (first at line {self.seen[eid]})",
                        "give each provision its own number")
        else:
            self.seen[eid] = self.loaded.where(path)[0]
        if isinstance(node.get("explained_by"), list):
            self.recital_links += [(path + ("explained_by", i), eid, r) for i, r in enumerate(node["explained_by"])
                                   if isinstance(r, str)]
        text = node.get("text") if isinstance(node.get("text"), dict) else {}
        children = node.get("children") if isinstance(node.get("children"), list) else []
        if not text and not children and "heading" not in node:
            self.report(path, eid, "the provision has neither text nor children", "add 'text:' with the official text")
        if text and official and text.get(official) is None:  # an empty text is the schema's to report
            self.report(path + ("text",), eid, f"the official text ({official}) is missing",
                        f"add '{official}:' under 'text:' with the text as published")
        for language, value in text.items():
            if not isinstance(value, str):
                continue
            if language in LANGUAGES and language != official and language not in translations:
                self.report(path + ("text", language), eid, f"a {language} text is given but no {language} translation is declared",
                            f"add 'translations: {{{language}: {{status: unofficial}}}}' at the top of the file")
            if language == "en" and len(_HAN.findall(value)) > max(3, len(_LATIN.findall(value)) // 3):
                self.report(path + ("text", language), eid, "the English text is mostly Chinese",
                            "put the Chinese text under 'zh:' and the translation under 'en:'")
        for i, child in enumerate(children):
            self._provision(child, path + ("children", i), node, official, translations, placed)


def _designates(numeral: str, item: bool = False) -> bool:
    """Whether a printed article number (or, with ``item``, an item's numeral) is a well-formed Chinese numeral."""
    try:
        cn_to_int(numeral) if item else article_designator(numeral)
    except ValueError:
        return False
    return True


def _text(data: Any) -> Text:
    return Text.from_data(data if isinstance(data, dict) else None)


def _build_provision(node: dict, path: DataPath, loaded: LoadedFile, official: str) -> Provision:
    line, col = loaded.where(path)
    text_line, text_col = loaded.where(path + ("text", official)) if official else (line, col)
    children = tuple(_build_provision(child, path + ("children", i), loaded, official)
                     for i, child in enumerate(node.get("children") or ()))
    return Provision(eid=node["eid"], num=node.get("num") or "", heading=_text(node.get("heading")),
                     text=_text(node.get("text")), note=_text(node.get("note")), children=children,
                     continuation=_text(node.get("continuation")), explained_by=tuple(node.get("explained_by") or ()),
                     line=line, col=col,
                     text_line=text_line, text_col=text_col)


def build_instrument(loaded: LoadedFile) -> Instrument:
    """Turn a valid loaded file into an :class:`~build_kb.model.Instrument`.

    Call only for files that :func:`check_file` passed; raises ``KeyError`` otherwise.
    """
    data = loaded.data
    src = data["source"]
    copied = src.get("copied_from") or {}
    source = Source(url=src["url"], retrieved=date.fromisoformat(src["retrieved"]),
                    official_language=src["official_language"], repository=copied.get("repository", ""),
                    commit=copied.get("commit", ""), path=copied.get("path", ""), file=src.get("file", ""),
                    licence=src.get("licence", ""), note=src.get("note", ""))
    translations = tuple(Translation(lang, t["status"], t.get("by", ""), t.get("note", ""))
                         for lang, t in (data.get("translations") or {}).items())
    relations = []
    for kind, targets in (data.get("relations") or {}).items():
        for i, target in enumerate([targets] if isinstance(targets, str) else targets):
            where = ("relations", kind) if isinstance(targets, str) else ("relations", kind, i)
            relations.append(Relation(kind, target, *loaded.where(where)))
    return Instrument(
        id=data["id"], file=loaded.path, title=_text(data["title"]), short_title=_text(data["short_title"]),
        jurisdiction=data["jurisdiction"], type=data["type"], issuing_body=_text(data["issuing_body"]),
        adopted=date.fromisoformat(data["adopted"]), status=data["status"], source=source,
        provisions=tuple(_build_provision(p, ("provisions", i), loaded, src["official_language"])
                         for i, p in enumerate(data["provisions"])),
        effective=_parse_date(data.get("effective")), ceased=_parse_date(data.get("ceased")),
        status_note=_text(data.get("status_note")), citation=_text(data.get("citation")), translations=translations,
        relations=tuple(relations), amended=tuple(date.fromisoformat(d) for d in data.get("amended") or ()))


def _check_relations(instruments: list[Instrument], known: set[str]) -> list[Diagnostic]:
    """Relations must name instruments that exist, and supersession must not go round in a circle."""
    import networkx as nx

    found = []
    newer_to_older = nx.DiGraph()
    for instrument in instruments:
        for relation in instrument.relations:
            if relation.target not in known:
                found.append(Diagnostic(instrument.file, relation.line, relation.col, "",
                                        f"{relation.kind} names {relation.target!r}, which is not in the knowledge base",
                                        "check the id: statutes/<jurisdiction>/<slug>.yaml gives <jurisdiction>/<slug>"))
            elif relation.target == instrument.id:
                found.append(Diagnostic(instrument.file, relation.line, relation.col, "",
                                        f"{relation.kind} names the instrument itself", "name another instrument"))
            elif relation.kind == "supersedes":
                newer_to_older.add_edge(instrument.id, relation.target, at=(instrument.file, relation.line, relation.col))
            elif relation.kind == "superseded_by":
                newer_to_older.add_edge(relation.target, instrument.id, at=(instrument.file, relation.line, relation.col))
    for cycle in sorted(nx.simple_cycles(newer_to_older)):
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]  # report each circle once, from its smallest id
        ring = " → ".join(cycle + [cycle[0]])
        file, line, col = newer_to_older.edges[cycle[0], cycle[1 % len(cycle)]]["at"]
        found.append(Diagnostic(file, line, col, "", f"supersession goes round in a circle: {ring}",
                                "an instrument cannot be superseded, directly or not, by one it superseded; remove one relation"))
    return found


def expected_id(path: str) -> str | None:
    """The instrument id that a file's place implies: ``statutes/cn/pipl.yaml`` → ``cn/pipl``."""
    parts = Path(path).with_suffix("").parts
    return "/".join(parts[-2:]) if len(parts) >= 2 else None


def _with_provisions(loaded: LoadedFile) -> list[Diagnostic]:
    """The loader's diagnostics, each naming the provision whose value it is about (the loader knows only lines)."""
    if not isinstance(loaded.data, dict):
        return list(loaded.diagnostics)
    at = {where: path for path, where in loaded.positions.items()}
    return [replace(d, provision=_provision_at(loaded.data, at[(d.line, d.col)])) if not d.provision and (d.line, d.col) in at else d
            for d in loaded.diagnostics]


def check_file(loaded: LoadedFile) -> list[Diagnostic]:
    """Every problem in one loaded file: loading, schema, and the rules beyond it."""
    if loaded.failed:
        return _with_provisions(loaded)  # a value the loader refused would only echo as schema errors
    found = _with_provisions(loaded) + check_schema(loaded)
    found += _FileChecker(loaded, expected_id(loaded.path)).check()
    return sorted(set(found))


def check_id_is_file_name(loaded: LoadedFile) -> list[Diagnostic]:
    """A topic or proposal file's ``id`` must be its file name: ``statutes/topics/deletion.yaml`` has ``id: deletion``."""
    expected = Path(loaded.path).stem
    if loaded.data["id"] == expected:
        return []
    return [Diagnostic(loaded.path, *loaded.where(("id",)), "", f"the id {loaded.data['id']!r} does not match the file name",
                       f"a file named {expected}.yaml must have 'id: {expected}'")]


def check_provision_list(loaded: LoadedFile, key: str, corpus: Corpus
                         ) -> tuple[list[tuple[ProvisionId, dict, int]], list[Diagnostic], int]:
    """The entries of the list ``key`` of a topic or proposal file, each naming a ``provision`` by full id.

    Returns:
        (``(provision id, the entry, its line)`` for every entry, in order; a diagnostic for each
        instrument or provision that does not exist and each provision listed twice; the number of
        entries left out, unreported, because they name an instrument whose own file has errors).
    """
    entries, found, seen, skipped = [], [], set(), 0
    for i, entry in enumerate(loaded.data[key]):
        pid = ProvisionId.parse(entry["provision"])
        line, col = loaded.where((key, i, "provision"))
        instrument = corpus.get(pid.instrument)
        if instrument is None and pid.instrument in corpus.unavailable:
            skipped += 1  # its file's own errors say what is wrong
            continue
        if instrument is None:
            found.append(Diagnostic(loaded.path, line, col, "", f"{pid.instrument!r} is not in the knowledge base",
                                    "check the instrument id: statutes/<jurisdiction>/<slug>.yaml gives <jurisdiction>/<slug>"))
        elif instrument.provision(pid.eid) is None:
            found.append(Diagnostic(loaded.path, line, col, "", f"{instrument.short_title.en or instrument.id} has no provision {pid.eid!r}",
                                    "check the eId on the instrument's page: the ¶ link of each article"))
        elif not pid.eid.startswith(("art_", "sec_", "rct_")):
            found.append(Diagnostic(loaded.path, line, col, "", f"{pid.eid!r} is a {instrument.provision(pid.eid).kind}, not an article",
                                    "list articles (sections, recitals) or their paragraphs and items, e.g. cn/pipl#art_47"))
        elif str(pid) in seen:
            found.append(Diagnostic(loaded.path, line, col, "", f"{pid} is listed twice", "keep one entry"))
        seen.add(str(pid))
        entries.append((pid, entry, line))
    return entries, found, skipped


def check_and_build(loaded: LoadedFile) -> tuple[list[Diagnostic], Instrument | None]:
    """:func:`check_file`, and the instrument when the file has no problem (else ``None``)."""
    found = check_file(loaded)
    if errors_in(found) or loaded.data is None:
        return found, None
    return found, build_instrument(loaded)


def validate(files: list[LoadedFile],
             checks: list[tuple[list[Diagnostic], Instrument | None]] | None = None,
             ) -> tuple[Corpus, list[Diagnostic]]:
    """Validate loaded files and build the corpus from the valid ones.

    Args:
        files: output of :func:`build_kb.load.files.load_file` for each statute file.
        checks: for each file, its :func:`check_and_build` result, when the caller has it already
            (from the cache of checked files); ``None``: each file is checked here.

    Returns:
        (corpus of the files without errors, every diagnostic of every file).
        Cross-file rules (two files with one id) are checked here too.
    """
    diagnostics: list[Diagnostic] = []
    instruments: list[Instrument] = []
    owners: dict[str, str] = {}
    # A file with errors still exists: relations to it are not reported as unknown on top of its own errors.
    expected_ids = [f.data.get("id") if isinstance(f.data, dict) and isinstance(f.data.get("id"), str) else None
                    for f in files]
    for number, loaded in enumerate(files):
        found, instrument = [], None
        if checks is not None:
            found, instrument = checks[number]
        else:
            with reported(found, loaded.path, "checking"):
                found, instrument = check_and_build(loaded)
        diagnostics += found
        if instrument is None:
            continue
        if instrument.id in owners:
            diagnostics.append(Diagnostic(loaded.path, *loaded.where(("id",)), "",
                                          f"the id {instrument.id!r} is already used by {owners[instrument.id]}",
                                          "give each instrument version its own id and file"))
            continue
        owners[instrument.id] = loaded.path
        instruments.append(instrument)
    diagnostics += _check_relations(instruments, set(owners) | {e for e in expected_ids if e})
    instruments.sort(key=lambda i: (JURISDICTION_ORDER.index(i.jurisdiction) if i.jurisdiction in JURISDICTION_ORDER else 99, i.id))
    return Corpus(tuple(instruments), unavailable=frozenset(e for e in expected_ids if e and e not in owners)), diagnostics
