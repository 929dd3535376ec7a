"""Import an EU regulation from the GDPRtEXT JSON rendering of the Official Journal.

Shape of the source (coolharsh55/GDPRtEXT ``gdpr.json``): ``chapters`` (Roman
numbers) holding ``section`` or ``article`` items; an article's ``contents``
are numbered ``point`` items (the paragraphs 1., 2., …) with ``subpoints``
(the points (a), (b), …), and unnumbered ``text`` items (a lead-in, or a
further subparagraph of the paragraph before it); ``recitals`` are numbered.

Structure produced (Akoma Ntoso eIds, as in the EUR-Lex Akoma Ntoso
renderings): recitals ``rct_39``; chapters ``chp_3`` (num ``CHAPTER III``);
sections ``chp_3__sec_1``; articles ``art_17``; paragraphs ``art_17__para_1``
(num ``1.``); points ``art_17__para_1__point_a`` (num ``(a)``); the dashed
indents of Art. 53(1) ``art_53__para_1__indent_1`` (num ``—``). Article 4 and
the like, whose numbered items follow a lead-in (``For the purposes of this
Regulation:``), hold points ``art_4__point_1`` (num ``(1)``). An unnumbered
subparagraph that follows a paragraph's points is its ``continuation``.

The text is taken as it stands in the source; nothing is corrected.
"""

from __future__ import annotations

import json
from pathlib import Path

import roman

from .source_text import SourceError, read_source

def _points(prefix: str, subpoints: list[dict]) -> list[dict]:
    """Points (a), (b)…; unnumbered ones are the OJ's dashed indents (Art. 53(1)): ``indent_1``, num ``—``."""
    points = []
    for i, sub in enumerate(subpoints, 1):
        if sub["number"] is None:
            points.append({"eid": f"{prefix}__indent_{i}", "num": "—", "text": {"en": sub["text"]}})
        else:
            points.append({"eid": f"{prefix}__point_{sub['number']}", "num": f"({sub['number']})", "text": {"en": sub["text"]}})
    return points


def _article(article: dict) -> dict:
    eid = f"art_{article['number']}"
    node: dict = {"eid": eid, "num": f"Article {article['number']}", "heading": {"en": article["title"]}}
    contents = article["contents"]
    lead = contents[0]["text"] if contents and contents[0]["type"] == "text" else None
    numbered = [c for c in contents if c["type"] == "point"]
    if not numbered and len(contents) == 1 and not contents[0]["subpoints"]:
        node["text"] = {"en": contents[0]["text"]}
        return node
    children: list[dict] = []
    if lead is not None:
        # "For the purposes of this Regulation:" followed by points (1), (2)…: points of the article.
        node["text"] = {"en": lead}
        node["children"] = children
        if contents[0]["subpoints"]:
            children += _points(eid, contents[0]["subpoints"])
        for item in contents[1:]:
            if item["type"] == "point":
                children.append(_numbered(f"{eid}__point_{item['number']}", f"({item['number']})", item))
            else:
                _continue(children[-1] if children else node, item["text"])
        if not children:
            del node["children"]  # only unnumbered subparagraphs (Art. 67): all text
        return node
    for item in contents:
        if item["type"] == "point":
            children.append(_numbered(f"{eid}__para_{item['number']}", f"{item['number']}.", item))
        else:
            _continue(children[-1], item["text"])
    node["children"] = children
    return node


def _numbered(eid: str, num: str, item: dict) -> dict:
    """A numbered paragraph or point of the source, with its points (a), (b)… as children."""
    node = {"eid": eid, "num": num, "text": {"en": item["text"]}}
    if item["subpoints"]:
        node["children"] = _points(eid, item["subpoints"])
    return node


def _continue(node: dict, text: str) -> None:
    """Add an unnumbered subparagraph to ``node``: after its children, or to its own text."""
    key = "continuation" if node.get("children") else "text"  # subparagraphs are kept apart by a blank line
    if key in node:
        node[key]["en"] += "\n\n" + text
    else:
        node[key] = {"en": text}


def parse(source: dict) -> list[dict]:
    """The provisions of a GDPRtEXT-shaped regulation: recitals, then chapters.

    Raises:
        KeyError: when ``source`` lacks ``chapters`` or ``recitals``.
    """
    provisions: list[dict] = [{"eid": f"rct_{r['number']}", "num": f"({r['number']})", "text": {"en": r["text"]}}
                              for r in source["recitals"]]
    for chapter in source["chapters"]:
        number = roman.fromRoman(chapter["number"])
        node = {"eid": f"chp_{number}", "num": f"CHAPTER {chapter['number']}", "heading": {"en": chapter["title"]},
                "children": []}
        for item in chapter["contents"]:
            if item["type"] == "section":
                node["children"].append({"eid": f"chp_{number}__sec_{item['number']}", "num": f"Section {item['number']}",
                                         "heading": {"en": item["title"]},
                                         "children": [_article(a) for a in item["contents"]]})
            else:
                node["children"].append(_article(item))
        provisions.append(node)
    return provisions


def parse_text(text: str) -> list[dict]:
    """:func:`parse` the text of a GDPRtEXT JSON file.

    Raises:
        SourceError: when the text is not JSON, is nested too deeply for the JSON parser, or is not in
            the GDPRtEXT shape (``recitals`` and ``chapters`` of numbered items).
    """
    try:
        source = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"not valid JSON ({exc.msg}, column {exc.colno})", exc.lineno) from None
    except RecursionError:  # the parser recurses once per nesting level; an act is a few levels deep
        raise SourceError("not a GDPRtEXT JSON rendering: its arrays or objects are nested too deeply to read") from None
    if not isinstance(source, dict) or not {"recitals", "chapters"} <= source.keys():
        raise SourceError("not a GDPRtEXT JSON rendering: it needs 'recitals' and 'chapters' at the top level")
    try:
        return parse(source)
    except KeyError as exc:
        raise SourceError(f"not a GDPRtEXT JSON rendering: an item has no {exc} field") from None
    except (TypeError, AttributeError, roman.InvalidRomanNumeralError):
        raise SourceError("not a GDPRtEXT JSON rendering: an item is not a numbered object of its kind "
                          "(chapter numbers in Roman numerals, articles with number, title and contents)") from None


def parse_file(path: str | Path) -> list[dict]:
    """Read a GDPRtEXT JSON file (:func:`~build_kb.importers.source_text.read_source`) and :func:`parse` it.

    Raises:
        SourceError: as :func:`read_source` and :func:`parse_text` do.
    """
    return parse_text(read_source(path))
