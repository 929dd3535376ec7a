"""Hypothesis strategies that generate whole statute folders, valid and then mutated.

A folder is a mapping of paths relative to ``statutes/`` to contents: plain data (dicts, lists,
strings), written as canonical YAML; raw bytes, written as they are; or a :class:`Special` entry
(a folder where a file should be, a symbolic link). :func:`write_folder` lays one out on disk.

* :func:`valid_folders`: one to four small instruments in the drafting styles of Chinese law
  (articles, 款, 项, 本法第十八条第一款, 前款第二项至第七项, 第二十七条至第二十九条, 《…法》第二条),
  the GDPR (recitals, articles, paragraphs, points; Article 6(1), points (a) to (f) of Article
  9(2), Articles 15 to 22), the U.S. Code (sections, subsections, paragraphs, subparagraphs,
  clauses; section 6502(b)(1) of this title, 15 U.S.C. §§ 6501–6506) and California's codes
  (Section 1798.100, subdivision (a) of Section 1798.105), with topics, succession tables and
  proposals that name their provisions. The numbers cited are drawn near the numbers that
  exist, so that some references resolve and some do not; a small share of ranges run backwards.
* :func:`mutated_folders`: a valid folder after a few mutations: keys dropped, renamed or
  swapped, list items dropped, duplicated or reordered, values of another type, strings with
  control, zero-width, bidirectional and line-separator characters, full-width digits, huge
  numbers, empty and reversed ranges, provision trees nested deep; YAML text with duplicated
  lines, tabs, byte-order marks or bytes that are not UTF-8; files that are folders, links
  that lead nowhere or round in a circle, and empty files.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from build_kb.cn_numbers import article_num, int_to_cn, item_num
from build_kb.load.dump import dump

SCHEMAS = {"topics": "topic", "successions": "succession", "proposals": "proposal"}

#: Slugs shared by every jurisdiction, so that ids collide across files and tables name them.
SLUGS = ("alpha", "beta", "gamma")
CN_TITLES = {"alpha": "中华人民共和国甲法", "beta": "中华人民共和国乙法", "gamma": "中华人民共和国丙法"}
TOPIC_IDS = ("erasure", "consent", "notice")
PROPOSAL_IDS = ("unified-law", "right-of-deletion")
JURISDICTION_KEYS = ("cn", "us", "us-ca", "eu")


@dataclass(frozen=True)
class Special:
    """A folder entry that is not a file: ``kind`` is ``folder`` (a directory with that name),
    ``dangling`` (a symbolic link to nothing), ``loop`` (a link to itself) or ``link`` (a link to
    the entry ``target``)."""

    kind: str
    target: str = ""


@dataclass(frozen=True)
class Deep:
    """A chain of ``depth`` points under the provision ``eid``, each the only child of the one before,
    their eIds continuing their parent's, with text in ``language``. Written out as YAML text by
    :func:`write_folder`: nested data that deep would exhaust the recursion of the YAML dumper, of
    ``copy.deepcopy`` and of hypothesis's printer before it reached the code under test."""

    eid: str
    depth: int
    language: str


Folder = dict[str, Any]

_DEEP_TOKEN = re.compile(r"^( *)children: deep-chain-(\d+)$", re.MULTILINE)


def _yaml(content: Any, schema: str) -> str:
    """``content`` as canonical YAML, each :class:`Deep` written out in full."""
    chains: list[Deep] = []

    def tokens(node: Any) -> Any:
        if isinstance(node, Deep):
            chains.append(node)
            return f"deep-chain-{len(chains) - 1}"
        if isinstance(node, dict):
            return {key: tokens(value) for key, value in node.items()}
        if isinstance(node, list):
            return [tokens(value) for value in node]
        return node

    def chain(match: re.Match) -> str:
        deep, indent = chains[int(match.group(2))], len(match.group(1)) + 2
        lines = [f"{match.group(1)}children:"]
        for level in range(1, deep.depth + 1):
            pad = " " * (indent + 4 * (level - 1))
            lines += [f"{pad}- eid: {deep.eid}{'__point_a' * level}", f"{pad}  text:", f"{pad}    {deep.language}: point"]
            if level < deep.depth:
                lines.append(f"{pad}  children:")
        return "\n".join(lines)

    return _DEEP_TOKEN.sub(chain, dump(tokens(content), f"../../schema/{schema}.schema.json"))


def write_folder(folder: Folder, root: Path) -> Path:
    """Write ``folder`` under ``root/statutes`` and return that path."""
    statutes = root / "statutes"
    statutes.mkdir(parents=True)
    for relative, content in folder.items():
        path = statutes / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Special):
            if content.kind == "folder":
                path.mkdir(exist_ok=True)
                (path / "inner.yaml").write_text("id: x\n", encoding="utf-8")
            elif content.kind == "dangling":
                os.symlink(statutes / "nowhere" / "missing.yaml", path)
            elif content.kind == "loop":
                os.symlink(path, path)
            else:
                os.symlink(statutes / content.target, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            schema = SCHEMAS.get(Path(relative).parts[0], "instrument")
            path.write_bytes(_yaml(content, schema).encode("utf-8", "surrogatepass"))
    return statutes


# --- instruments ----------------------------------------------------------------------------------

def _pick_number(draw, count: int) -> int:
    """A number to cite: mostly one that exists (1..count), sometimes one past the end, rarely 0."""
    return draw(st.one_of(st.integers(1, max(1, count)), st.integers(1, count + 3), st.just(0)))


def _range(draw, count: int) -> tuple[int, int]:
    """Two ends of a range, in order; about one in twelve runs backwards, one in twelve is empty (a to a)."""
    first, last = sorted((_pick_number(draw, count), _pick_number(draw, count)))
    shape = draw(st.integers(0, 11))
    if shape == 0:
        first, last = last, first
    elif shape == 1:
        last = first
    return first, last


def _cn(number: int) -> str:
    return int_to_cn(number) if number > 0 else "零"


def _cn_reference(draw, articles: int, others: list[str]) -> str:
    a, b = _range(draw, articles)
    p, q = _range(draw, 3)
    i, j = _range(draw, 4)
    title = draw(st.sampled_from(others)) if others else "中华人民共和国民法典"
    shapes = [
        f"本法第{_cn(a)}条第{_cn(p)}款",
        f"第{_cn(a)}条",
        f"第{_cn(a)}条至第{_cn(b)}条",
        f"第{_cn(a)}条第{_cn(p)}款第{_cn(i)}项至第{_cn(j)}项",
        f"第{_cn(a)}条第{_cn(p)}款至第{_cn(q)}款",
        f"前款第{_cn(i)}项至第{_cn(j)}项",
        "前款", "前两款", "本条", f"本条第{_cn(p)}款", "前条", f"前条第{_cn(p)}款",
        f"第{_cn(p)}款",
        f"第{_cn(a)}条、第{_cn(b)}条",
        f"第{_cn(a)}条第{_cn(p)}款、第{_cn(q)}款",
        f"依照《{title}》第{_cn(a)}条",
        f"《{title}》第{_cn(a)}条、第{_cn(b)}条",
        f"《{title}》等法律",
        f"第{_cn(a)}条之一",
    ]
    return draw(st.sampled_from(shapes))


def _cn_text(draw, articles: int, others: list[str]) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(["违反", "规定的", "个人信息处理者", "应当", "，", "；"]),
                                    st.builds(lambda: None)), min_size=1, max_size=5))
    text = ""
    for part in parts:
        text += part if part is not None else _cn_reference(draw, articles, others)
    return text + "。"


def _en_text(draw) -> str:
    return draw(st.sampled_from(["This Law applies.", "The handler shall delete the information.",
                                 "In accordance with the preceding paragraph.", "Other circumstances."]))


def _cn_instrument(draw, slug: str, others: list[str]) -> dict:
    count = draw(st.integers(1, 6))
    translated = draw(st.booleans())
    designators = []
    for n in range(1, count + 1):
        designators.append(str(n))
        if draw(st.integers(0, 5)) == 0:
            designators.append(f"{n}-1")  # 第三条之一
    articles = []
    for designator in designators:
        eid = f"art_{designator}"
        article: dict[str, Any] = {"eid": eid, "num": article_num(designator)}
        paragraphs = draw(st.integers(0, 3))

        def text():
            words = {"zh": _cn_text(draw, count, others)}
            if translated and draw(st.booleans()):
                words["en"] = _en_text(draw)
            return words

        if paragraphs == 0:
            article["text"] = text()
        else:
            article["children"] = []
            for p in range(1, paragraphs + 1):
                para: dict[str, Any] = {"eid": f"{eid}__para_{p}", "text": text()}
                items = draw(st.integers(0, 3))
                if items:
                    para["children"] = [{"eid": f"{eid}__para_{p}__item_{i}", "num": item_num(i), "text": text()}
                                        for i in range(1, items + 1)]
                article["children"].append(para)
        articles.append(article)
    if draw(st.booleans()):
        cut = draw(st.integers(1, len(articles)))
        provisions = [{"eid": "chp_1", "num": "第一章", "heading": {"zh": "总则", "en": "General Provisions"},
                       "children": articles[:cut]}]
        if articles[cut:]:
            provisions.append({"eid": "chp_2", "num": "第二章", "heading": {"zh": "附则"}, "children": articles[cut:]})
    else:
        provisions = articles
    data = {"id": f"cn/{slug}", "title": {"zh": CN_TITLES[slug], "en": f"Law {slug.title()}"},
            "short_title": {"zh": CN_TITLES[slug][7:], "en": slug.upper()}, "jurisdiction": "cn", "type": "law",
            "issuing_body": {"zh": "全国人民代表大会常务委员会"}, "adopted": "2021-08-20", "status": "in_force",
            "source": {"url": "https://flk.npc.gov.cn/", "retrieved": "2025-01-01", "official_language": "zh"}}
    if translated:
        data["translations"] = {"en": {"status": "unofficial"}}
    data["provisions"] = provisions
    return data


def _letter(n: int) -> str:
    return chr(ord("a") + max(0, min(n, 26) - 1))


def _eu_reference(draw, articles: int) -> str:
    a, b = _range(draw, articles)
    p, _ = _range(draw, 3)
    x, y = _range(draw, 4)
    shapes = [
        f"Article {a}", f"Article {a}({p})", f"Article {a}({p})({_letter(x)})",
        f"Articles {a} to {b}", f"Articles {a} and {b}", f"Articles {a}, {b} and {a}",
        f"point ({_letter(x)}) of Article {a}({p})", f"points ({_letter(x)}) to ({_letter(y)}) of Article {a}({p})",
        f"point ({_letter(x)}) of the first subparagraph of Article {a}({p})",
        f"paragraph {p}", f"paragraphs {p} and {p + 1}",
        f"Article {a} of Directive 95/46/EC", f"Article {a}(1) TFEU",
    ]
    return draw(st.sampled_from(shapes))


def _en_refs_text(draw, reference) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(["Subject to ", "as referred to in ", ", ", " shall apply"]),
                                    st.builds(lambda: None)), min_size=1, max_size=5))
    return "".join(p if p is not None else reference() for p in parts) + "."


def _eu_instrument(draw, slug: str) -> dict:
    recitals = draw(st.integers(0, 3))
    count = draw(st.integers(1, 5))
    provisions: list[dict] = [{"eid": f"rct_{r}", "num": f"({r})", "text": {"en": f"Whereas recital {r}."}}
                              for r in range(1, recitals + 1)]

    def text():
        return {"en": _en_refs_text(draw, lambda: _eu_reference(draw, count))}

    for n in range(1, count + 1):
        article: dict[str, Any] = {"eid": f"art_{n}", "num": f"Article {n}", "heading": {"en": f"Heading {n}"}}
        paragraphs = draw(st.integers(0, 3))
        if paragraphs == 0:
            article["text"] = text()
            points = draw(st.integers(0, 2))
            if points:
                article["children"] = [{"eid": f"art_{n}__point_{_letter(k)}", "num": f"({_letter(k)})", "text": text()}
                                       for k in range(1, points + 1)]
        else:
            article["children"] = []
            for p in range(1, paragraphs + 1):
                para: dict[str, Any] = {"eid": f"art_{n}__para_{p}", "num": f"{p}.", "text": text()}
                points = draw(st.integers(0, 3))
                if points:
                    para["children"] = [{"eid": f"art_{n}__para_{p}__point_{_letter(k)}", "num": f"({_letter(k)})",
                                         "text": text()} for k in range(1, points + 1)]
                article["children"].append(para)
        if recitals and draw(st.booleans()):
            article["explained_by"] = [f"rct_{draw(st.integers(1, recitals))}"]
        provisions.append(article)
    return {"id": f"eu/{slug}", "title": {"en": f"Regulation {slug}"}, "short_title": {"en": slug.upper()},
            "jurisdiction": "eu", "type": "regulation", "issuing_body": {"en": "European Parliament and Council"},
            "adopted": "2016-04-27", "status": "in_force", "citation": {"en": slug.upper()},
            "source": {"url": "https://eur-lex.europa.eu/", "retrieved": "2016-05-04", "official_language": "en"},
            "provisions": provisions}


_US_LEVELS = (("subsec", lambda n: _letter(n)), ("para", str), ("subpara", lambda n: _letter(n).upper()),
              ("clause", lambda n: ["i", "ii", "iii", "iv"][n - 1]))


def _us_reference(draw, base: int, count: int, california: bool) -> str:
    a, b = _range(draw, count)
    path = "".join(f"({f(draw(st.integers(1, 3)))})" for _, f in _US_LEVELS[:draw(st.integers(0, 3))])
    if california:
        return draw(st.sampled_from([f"Section 1798.{base + a}", f"subdivision (a) of Section 1798.{base + a}",
                                     f"paragraph (1) of subdivision (b) of Section 1798.{base + b}",
                                     "subdivision (b) of this section", "subdivision (a)", "paragraph (2)",
                                     "subparagraph (A)"]))
    return draw(st.sampled_from([
        f"section {base + a}{path} of this title", f"sections {base + a} and {base + b} of this title",
        f"section {base + a} through {base + b} of this title", f"section 552a{path} of title 5",
        f"15 U.S.C. {base + a}{path}", f"15 U.S.C. §§ {base + a}–{base + b}", f"15 U.S.C. § {base + a}-{base + b}",
        f"section {base + a}{path}", f"subsection {path or '(a)'}", f"paragraph {path or '(1)'}",
        "subparagraph (A) or (B) of paragraph (2)", "clause (ii)",
    ]))


def _us_instrument(draw, slug: str, california: bool) -> dict:
    count = draw(st.integers(1, 4))
    base = 100 if california else 6500

    def subdivisions(eid: str, level: int) -> list[dict]:
        if level >= len(_US_LEVELS) or draw(st.integers(0, 2)) == 0:
            return []
        kind, designate = _US_LEVELS[level]
        nodes = []
        for n in range(1, draw(st.integers(1, 3)) + 1):
            child_eid = f"{eid}__{kind}_{designate(n)}"
            node: dict[str, Any] = {"eid": child_eid, "num": f"({designate(n)})",
                                    "text": {"en": _en_refs_text(draw, lambda: _us_reference(draw, base, count, california))}}
            children = subdivisions(child_eid, level + 1)
            if children:
                node["children"] = children
            nodes.append(node)
        return nodes

    sections = []
    for n in range(1, count + 1):
        number = f"1798.{base + n}" if california else str(base + n)
        eid = f"sec_{number}"
        section: dict[str, Any] = {"eid": eid, "num": f"§ {number}", "heading": {"en": f"Section {n}"},
                                   "text": {"en": _en_refs_text(draw, lambda: _us_reference(draw, base, count, california))}}
        # US sections hold subsections, or paragraphs directly (COPPA § 6501)
        children = subdivisions(eid, draw(st.sampled_from([0, 1])))
        if children:
            section["children"] = children
        sections.append(section)
    jurisdiction = "us-ca" if california else "us"
    citation = "Cal. Civ. Code §§ 1798.100–1798.199" if california else f"15 U.S.C. §§ {base + 1}–{base + count}"
    return {"id": f"{jurisdiction}/{slug}", "title": {"en": f"Act {slug}"}, "short_title": {"en": slug.upper()},
            "jurisdiction": jurisdiction, "type": "law", "issuing_body": {"en": "Congress"}, "adopted": "1998-10-21",
            "status": "in_force", "citation": {"en": citation},
            "source": {"url": "https://uscode.house.gov/", "retrieved": "2023-04-20", "official_language": "en"},
            "provisions": sections}


def _eids(data: dict) -> list[str]:
    """Every eId of a generated instrument, in document order."""
    found = []

    def visit(node):
        found.append(node["eid"])
        for child in node.get("children", ()):
            visit(child)

    for top in data["provisions"]:
        visit(top)
    return found


def _citable(data: dict) -> list[str]:
    """The eIds a topic or a proposal may list: articles, sections, recitals and their parts."""
    return [e for e in _eids(data) if e.startswith(("art_", "sec_", "rct_"))]


def _articles(data: dict) -> list[str]:
    return [e for e in _eids(data) if e.startswith(("art_", "sec_")) and "__" not in e]


@st.composite
def instruments(draw) -> list[dict]:
    """One to four valid instruments of distinct ids; a later Chinese one may supersede an earlier one."""
    kinds = draw(st.lists(st.tuples(st.sampled_from(JURISDICTION_KEYS), st.sampled_from(SLUGS)),
                          min_size=1, max_size=4, unique=True))
    made = []
    for jurisdiction, slug in kinds:
        if jurisdiction == "cn":
            others = [CN_TITLES[s] for j, s in kinds if j == "cn" and s != slug] + [CN_TITLES[slug][7:]]
            data = _cn_instrument(draw, slug, others)
        elif jurisdiction == "eu":
            data = _eu_instrument(draw, slug)
        else:
            data = _us_instrument(draw, slug, jurisdiction == "us-ca")
        earlier = [m["id"] for m in made]
        if earlier and draw(st.integers(0, 3)) == 0:
            relation = draw(st.sampled_from(["supersedes", "amends", "version_of"]))
            target = draw(st.sampled_from(earlier))
            data["relations"] = {relation: target if relation == "version_of" else [target]}
        made.append(data)
    return made


# --- topics, successions, proposals --------------------------------------------------------------

def _members(draw, made: list[dict], at_least: int = 0) -> list[str]:
    choices = [f"{d['id']}#{e}" for d in made for e in _citable(d)]
    return draw(st.lists(st.sampled_from(choices), min_size=min(at_least, len(choices)), max_size=4, unique=True))


def _topics(draw, made: list[dict]) -> dict[str, dict]:
    ids = draw(st.lists(st.sampled_from(TOPIC_IDS), max_size=2, unique=True))
    jurisdiction = {d["id"]: d["jurisdiction"] for d in made}
    topics = {}
    for n, topic_id in enumerate(ids):
        members = _members(draw, made)
        held = {jurisdiction[m.split("#")[0]] for m in members}
        coverage = {j: (draw(st.sampled_from(["full", "partial"])) if j in held else "none") for j in JURISDICTION_KEYS}
        data: dict[str, Any] = {"id": topic_id, "label": {"zh": "删除", "en": topic_id.title()},
                                "description": {"en": f"What {topic_id} covers."}, "coverage": coverage}
        if n and draw(st.booleans()):
            data["parent"] = ids[0]
        data["members"] = [{"provision": m, **({"note": {"en": "How it differs."}} if draw(st.booleans()) else {})}
                           for m in members]
        topics[f"topics/{topic_id}.yaml"] = data
    return topics


def _successions(draw, made: list[dict]) -> dict[str, dict]:
    if len(made) < 2 or draw(st.booleans()):
        return {}
    earlier, later = draw(st.permutations(made))[:2]
    if later["id"] in (earlier.get("relations") or {}).get("supersedes", []):
        earlier, later = later, earlier  # a table runs from the superseded instrument to the one that superseded it
    sources = draw(st.lists(st.sampled_from(_articles(earlier)), min_size=1, max_size=4, unique=True))
    targets = _articles(later)
    articles = []
    for source in sources:
        change = draw(st.sampled_from(["identical", "amended", "merged"] + (["split"] if len(targets) > 1 else [])))
        to = draw(st.lists(st.sampled_from(targets), min_size=2 if change == "split" else 1, max_size=2 if change == "split" else 1,
                           unique=True))
        articles.append({"from": source, "to": to, "change": change})
    name = f"{earlier['id'].split('/')[1]}--{later['id'].split('/')[1]}"
    return {f"successions/{name}.yaml": {"from": earlier["id"], "to": later["id"], "basis": {"en": "Matched by hand."},
                                          "articles": articles}}


def _proposals(draw, made: list[dict], topic_ids: list[str]) -> dict[str, dict]:
    found = {}
    for proposal_id in draw(st.lists(st.sampled_from(PROPOSAL_IDS), max_size=2, unique=True)):
        outcome = draw(st.sampled_from(["adopted", "partly", "not-adopted"]))
        answers = _members(draw, made, at_least=0 if outcome == "not-adopted" else 1)
        if not answers:
            outcome = "not-adopted"
        data: dict[str, Any] = {"id": proposal_id, "kind": draw(st.sampled_from(["proposal", "challenge"])),
                                "title": {"zh": "统一立法", "en": proposal_id.replace("-", " ").title()},
                                "summary": {"en": "What the paper asks for."},
                                "paper_section": draw(st.sampled_from(["3", "3.1", "4.2.1"])), "outcome": outcome,
                                "analysis": {"en": "What became of it."},
                                "answered_by": [{"provision": a, "note": {"en": "How."}} for a in answers]}
        if topic_ids and draw(st.booleans()):
            data["topics"] = draw(st.lists(st.sampled_from(topic_ids), min_size=1, unique=True))
        found[f"proposals/{proposal_id}.yaml"] = data
    return found


@st.composite
def valid_folders(draw) -> Folder:
    """A statutes folder that validates without errors (cross-references may not all resolve)."""
    made = draw(instruments())
    folder: Folder = {f"{d['id']}.yaml": d for d in made}
    topics = _topics(draw, made)
    folder.update(topics)
    folder.update(_successions(draw, made))
    folder.update(_proposals(draw, made, [t["id"] for t in topics.values()]))
    if draw(st.booleans()):
        folder["TEMPLATE.yaml"] = {"id": "cn/example-law", "title": {"zh": "TODO"}}
    return folder


# --- mutations -----------------------------------------------------------------------------------

#: Characters that editors, copy and paste and other tools slip into text.
ODD_CHARACTERS = (
    [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u00a0", "\u00ad"]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]                       # zero-width
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]  # bidi
    + ["\u2028", "\u2029", "\u3000", "\uff1a", "\uff08", "\uff09", "\ufffd", "\U0001f600", "\ud800"]
    + [chr(0xFF10 + d) for d in range(10)]                                    # full-width digits
)

ODD_VALUES = [None, "", " ", [], {}, "x", ["x"], {"zh": "x"}, {"en": ""}, [[["x"]]], "9" * 60, "-1", "0", "1e400",
              "010", "NO", "~", "2021-02-30", "0000-00-00", "art_1", "cn/alpha#art_1", "../../etc/passwd", "TODO",
              "<script>alert(1)</script>", "{{ 7*7 }}", "第一千亿条", "第〇条", "Article 99999999999999999999",
              "section 99999999999999999(b)(1) of this title", "15 U.S.C. §§ 6509–6501", "第九条至第一条",
              "Articles 22 to 15", "points (f) to (a) of Article 1(1)", "第条至第条", "Articles  to ", "§§ –"]

#: Values that the schemas accept somewhere, to put where another accepted value stood: valid files
#: with unusual combinations (Chinese as an EU act's official language, a superseded topic member).
ENUM_VALUES = ["zh", "en", "cn", "eu", "us", "us-ca", "law", "draft", "in_force", "repealed", "superseded", "official",
               "full", "partial", "none", "identical", "amended", "split", "merged", "proposal", "challenge",
               "adopted", "partly", "not-adopted", "cn/alpha", "eu/alpha", "us/beta", "art_1", "sec_6501", "rct_1"]

#: Designators that pass the eId pattern but not every reader of it.
ODD_DESIGNATORS = ["0", "00", "a", "Z", "1.5", "1-1", "1-", "-1", "9" * 25, "x-y", "iv", "1a"]

#: Keys a contributor might type for the real ones.
NEAR_KEYS = ["Text", "txt", "children ", "eId", "num\u200b", "zh-CN", "EN", "provision ", "id\u3000", "<<", "0"]


def _paths(node: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``node`` (mapping keys, list indexes), outermost first."""
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, path + (i,))
    return found


def _get(node: Any, path: tuple) -> Any:
    for step in path:
        node = node[step]
    return node


def _redesignate(node: Any, old: str, new: str) -> None:
    """Replace the eId prefix ``old`` by ``new`` in ``node`` and its descendants."""
    if isinstance(node, dict):
        eid = node.get("eid")
        if isinstance(eid, str) and (eid == old or eid.startswith(old + "__")):
            node["eid"] = new + eid[len(old):]
        for child in node.get("children") or () if isinstance(node.get("children"), list) else ():
            _redesignate(child, old, new)


def _unshared(node: Any) -> Any:
    """A copy of ``node`` in which no dict or list appears twice (``copy.deepcopy`` keeps sharing, and a
    swap between two places of one shared value would make the data contain itself)."""
    if isinstance(node, dict):
        return {key: _unshared(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_unshared(value) for value in node]
    return node


def _mutate_data(draw, data: Any) -> Any:
    """``data`` after one mutation (may return a value of another type)."""
    data = _unshared(data)
    paths = _paths(data)
    source = data.get("source") if isinstance(data, dict) else None
    language = source.get("official_language") if isinstance(source, dict) else None
    if not paths:
        return draw(st.sampled_from(ODD_VALUES))
    path = draw(st.sampled_from(paths))
    parent, last = _get(data, path[:-1]), path[-1]
    value = parent[last]
    operation = draw(st.sampled_from(["drop", "duplicate", "reorder", "swap", "retype", "odd", "rename", "deep",
                                      "odd-reference", "redesignate", "enum", "enum"]))
    if operation == "drop":
        del parent[last]
    elif operation == "duplicate" and isinstance(parent, list):
        parent.insert(last, copy.deepcopy(value))  # a shared object would let a later swap make a cycle
    elif operation == "reorder" and isinstance(value, list) and len(value) > 1:
        parent[last] = draw(st.permutations(value))
    elif operation == "swap":
        other = draw(st.sampled_from(paths))
        if other[:len(path)] != path and path[:len(other)] != other:  # neither holds the other
            other_parent = _get(data, other[:-1])
            parent[last], other_parent[other[-1]] = other_parent[other[-1]], value
    elif operation == "odd" and isinstance(value, str):
        at = draw(st.integers(0, len(value)))
        odd = "".join(draw(st.lists(st.sampled_from(ODD_CHARACTERS), min_size=1, max_size=3)))
        parent[last] = value[:at] + odd + value[at:]
    elif operation == "rename" and isinstance(parent, dict):
        parent[draw(st.sampled_from(NEAR_KEYS))] = parent.pop(last)
    elif operation == "deep" and isinstance(value, dict) and isinstance(value.get("eid"), str):
        # Deep trees are mostly shallow enough to build; a few go past the interpreter's recursion limit.
        depth = draw(st.sampled_from([2, 5, 30, 120, 1200]))
        value["children"] = Deep(value["eid"], depth, language if isinstance(language, str) and language.isalpha() else "zh")
    elif operation == "redesignate" and isinstance(value, dict) and isinstance(value.get("eid"), str):
        # keep the kind and the parent's prefix, and carry the change down, so that the tree stays well formed
        old = value["eid"]
        new = old.rsplit("_", 1)[0] + "_" + draw(st.sampled_from(ODD_DESIGNATORS))
        _redesignate(value, old, new)
    elif operation == "enum" and isinstance(value, str):
        parent[last] = draw(st.sampled_from(ENUM_VALUES))
    elif operation == "odd-reference" and isinstance(value, str):
        parent[last] = value + draw(st.sampled_from(ODD_VALUES[-12:]))
    else:
        parent[last] = draw(st.sampled_from(ODD_VALUES))
    return data


def _mutate_text(draw, text: str) -> bytes:
    """The YAML text of a file after one change at the level of lines and bytes."""
    lines = text.splitlines(keepends=True)
    operation = draw(st.sampled_from(["duplicate-line", "drop-line", "tab", "bom", "latin-1", "truncate", "odd",
                                      "two-documents", "alias", "tag"]))
    at = draw(st.integers(0, max(0, len(lines) - 1)))
    if operation == "duplicate-line" and lines:
        lines.insert(at, lines[at])
    elif operation == "drop-line" and lines:
        del lines[at]
    elif operation == "tab" and lines:
        lines[at] = "\t" + lines[at]
    elif operation == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    elif operation == "latin-1":
        return text.encode("utf-8", "surrogatepass") + "é".encode("latin-1")
    elif operation == "truncate":
        return text.encode("utf-8", "surrogatepass")[: draw(st.integers(0, len(text)))]
    elif operation == "odd" and lines:
        column = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:column] + draw(st.sampled_from(ODD_CHARACTERS)) + lines[at][column:]
    elif operation == "two-documents":
        lines.append("---\nid: cn/alpha\n")
    elif operation == "alias":
        lines.append("extra: &anchor x\nmore: *anchor\n")
    elif operation == "tag":
        lines.append("extra: !!python/object:os.system x\n")
    return "".join(lines).encode("utf-8", "surrogatepass")


def _redesignate_everywhere(draw, folder: Folder) -> None:
    """Give one provision an odd designator that the eId pattern still accepts, in its instrument
    and in every topic, succession and proposal that names it, so that the folder stays valid."""
    instruments = [d for name, d in folder.items() if isinstance(d, dict) and isinstance(d.get("id"), str)
                   and not name.startswith(tuple(f"{k}/" for k in SCHEMAS)) and isinstance(d.get("provisions"), list)]
    if not instruments:
        return
    data = draw(st.sampled_from(instruments))
    nodes = [n for n in _paths(data["provisions"]) if isinstance(_get(data["provisions"], n), dict)
             and isinstance(_get(data["provisions"], n).get("eid"), str)]
    if not nodes:
        return
    old = _get(data["provisions"], draw(st.sampled_from(nodes)))["eid"]
    new = old.rsplit("_", 1)[0] + "_" + draw(st.sampled_from(ODD_DESIGNATORS))
    for top in data["provisions"]:
        _redesignate(top, old, new)

    def renamed(eid: Any) -> Any:
        return new + eid[len(old):] if isinstance(eid, str) and (eid == old or eid.startswith(old + "__")) else eid

    for name, content in folder.items():
        if not isinstance(content, dict):
            continue
        for key in ("members", "answered_by"):
            for entry in content.get(key) or ():
                if isinstance(entry, dict) and isinstance(entry.get("provision"), str):
                    instrument, _, eid = entry["provision"].partition("#")
                    if instrument == data["id"]:
                        entry["provision"] = f"{instrument}#{renamed(eid)}"
        for entry in content.get("articles") or () if name.startswith("successions/") else ():
            if isinstance(entry, dict):
                if content.get("from") == data["id"]:
                    entry["from"] = renamed(entry.get("from"))
                if content.get("to") == data["id"] and isinstance(entry.get("to"), list):
                    entry["to"] = [renamed(e) for e in entry["to"]]


@st.composite
def mutated_folders(draw) -> Folder:
    """A valid folder after one to four mutations of its data, text or layout."""
    folder = copy.deepcopy(draw(valid_folders()))
    for _ in range(draw(st.integers(1, 4))):
        paths = sorted(folder)
        target = draw(st.sampled_from(paths))
        content = folder[target]
        where = draw(st.sampled_from(["data"] * 6 + ["text"] * 2 + ["layout", "redesignate"]))
        if where == "redesignate":
            _redesignate_everywhere(draw, folder)
        elif where == "data" and not isinstance(content, (bytes, Special)):
            folder[target] = _mutate_data(draw, content)
        elif where == "text" and not isinstance(content, (bytes, Special)):
            folder[target] = _mutate_text(draw, _yaml(content, SCHEMAS.get(Path(target).parts[0], "instrument")))
        else:
            layout = draw(st.sampled_from(["folder", "dangling", "loop", "link", "empty", "copy", "move", "binary"]))
            if layout in ("folder", "dangling", "loop"):
                folder[target] = Special(layout)
            elif layout == "link":
                others = [p for p in paths if p != target and not isinstance(folder[p], Special)]
                if others:
                    name = draw(st.sampled_from(["cn/linked.yaml", "topics/linked.yaml", "successions/alpha--beta.yaml"]))
                    folder[name] = Special("link", draw(st.sampled_from(others)))
            elif layout == "empty":
                folder[target] = draw(st.sampled_from([b"", b"\n", b"# only a comment\n", b"~\n", b"[]\n", b"x\n"]))
            elif layout == "copy":
                folder[draw(st.sampled_from(["cn/copy.yaml", "eu/sub/alpha.yaml", "us-ca/alpha.yaml",
                                             "topics/copy.yaml", "xx/alpha.yaml"]))] = copy.deepcopy(content)
            elif layout == "move":
                folder[draw(st.sampled_from(["topics/alpha.yaml", "successions/x.yaml", "proposals/alpha.yaml",
                                             "cn/alpha.yml", "alpha.yaml"]))] = folder.pop(target)
            else:
                folder[target] = draw(st.binary(max_size=40))
    return folder
