"""The U.S. Code importer (build_kb/importers/us_code.py) and the ten US files it wrote (statutes/us/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_kb.importers.us_code import parse, parse_file
from build_kb.importers.us_sources import INSTRUMENTS
from build_kb.load.files import load_file

ROOT = Path(__file__).resolve().parent.parent
US = ROOT / "statutes" / "us"

#: Section numbers per instrument, in order (the MANIFEST's ranges).
SECTIONS = {
    "coppa": [str(n) for n in range(6501, 6507)],
    "glba": [str(n) for n in range(6801, 6810)],
    "fcra": ["1681", "1681a", "1681b", "1681c", "1681c-1", "1681c-2", "1681c-3", "1681d", "1681e", "1681f",
             "1681g", "1681h", "1681i", "1681j", "1681k", "1681l", "1681m", "1681n", "1681o", "1681p", "1681q",
             "1681r", "1681s", "1681s-1", "1681s-2", "1681s-3", "1681t", "1681u", "1681v", "1681w", "1681x"],
    "vppa": ["2710"],
    "tcpa": ["227"],
    "can-spam": [str(n) for n in range(7701, 7714)],
    "privacy-act": ["552a"],
    "ferpa": ["1232g"],
    "dppa": [str(n) for n in range(2721, 2726)],
    "sca": ["2701", "2702", "2703", "2704", "2705", "2706", "2707", "2708", "2709", "2711", "2712", "2713"],
}


def _data(slug: str) -> dict:
    return load_file(US / f"{slug}.yaml").data


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def _index(slug: str) -> dict[str, dict]:
    return {node["eid"]: node for node in _walk(_data(slug)["provisions"])}


@pytest.fixture(scope="module")
def coppa():
    return _index("coppa")


@pytest.fixture(scope="module")
def fcra():
    return _index("fcra")


# --- the files -------------------------------------------------------------------------------------------------

def test_one_file_per_code_instrument():
    # statutes/us also holds regulations from other sources (the HIPAA rules: tests/test_import_hipaa.py)
    assert sorted(p.stem for p in US.glob("*.yaml") if p.stem != "hipaa") == sorted(SECTIONS)


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_section_count_and_order(slug):
    provisions = _data(slug)["provisions"]
    assert [p["eid"] for p in provisions] == [f"sec_{n}" for n in SECTIONS[slug]]


def test_section_counts():
    counts = {slug: len(_data(slug)["provisions"]) for slug in SECTIONS}
    assert counts == {"coppa": 6, "glba": 9, "fcra": 31, "vppa": 1, "tcpa": 1, "can-spam": 13, "privacy-act": 1,
                      "ferpa": 1, "dppa": 5, "sca": 12}


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_metadata(slug):
    data = _data(slug)
    assert data["id"] == f"us/{slug}"
    assert data["jurisdiction"] == "us" and data["type"] == "law" and data["status"] == "in_force"
    assert data["issuing_body"] == {"en": "United States Congress"}
    assert data["source"]["official_language"] == "en"
    assert data["source"]["retrieved"] == "2023-04-20"
    assert data["source"]["url"].startswith("https://uscode.house.gov/view.xhtml?")
    assert data["source"]["file"] == f"us/{INSTRUMENTS[slug]['file']}"
    assert data["source"]["copied_from"]["commit"] == "66d0b20a5e0521c0ffa33fe40368e4148bff046b"
    assert "translations" not in data
    assert "–" in data["citation"]["en"] or slug in ("vppa", "tcpa", "privacy-act", "ferpa")


def test_metadata_values():
    coppa = _data("coppa")
    assert coppa["title"] == {"en": "Children's Online Privacy Protection Act of 1998"}
    assert coppa["short_title"] == {"en": "COPPA"}
    assert coppa["adopted"] == "1998-10-21"
    assert coppa["citation"] == {"en": "15 U.S.C. §§ 6501–6506"}
    assert coppa["source"]["url"] == "https://uscode.house.gov/view.xhtml?path=/prelim@title15/chapter91&edition=prelim"
    assert coppa["source"]["copied_from"]["path"] == "chuncks/title-15/chunck-6329.md … chunck-6347.md"
    assert {slug: _data(slug)["adopted"] for slug in SECTIONS} == {
        "coppa": "1998-10-21", "glba": "1999-11-12", "fcra": "1970-10-26", "vppa": "1988-11-05",
        "tcpa": "1991-12-20", "can-spam": "2003-12-16", "privacy-act": "1974-12-31", "ferpa": "1974-08-21",
        "dppa": "1994-09-13", "sca": "1986-10-21"}


def test_no_narrow_space_in_eids_or_section_nums():
    for slug in SECTIONS:
        for node in _walk(_data(slug)["provisions"]):
            assert "\u202f" not in node["eid"] and "\u202f" not in node.get("num", ""), node["eid"]
            assert re.fullmatch(r"[a-z]+_[0-9A-Za-z-]+(__[a-z]+_[0-9A-Za-z-]+)*", node["eid"]), node["eid"]


# --- structure and text ----------------------------------------------------------------------------------------

def test_coppa_section_6501(coppa):
    section = coppa["sec_6501"]
    assert section["num"] == "§ 6501"
    assert section["heading"] == {"en": "Definitions"}
    assert section["text"] == {"en": "In this chapter:"}
    assert [c["eid"] for c in section["children"]] == [f"sec_6501__para_{n}" for n in range(1, 13)]
    assert coppa["sec_6501__para_1"]["heading"] == {"en": "Child"}
    assert coppa["sec_6501__para_1"]["text"] == {"en": "The term “child” means an individual under the age of 13."}


def test_em_dash_restored_after_lead_in(coppa):
    assert coppa["sec_6501__para_2"]["heading"] == {"en": "Operator"}
    assert coppa["sec_6501__para_2"]["text"] == {"en": "The term “operator”—"}
    assert coppa["sec_6501__para_2__subpara_A"]["text"]["en"].endswith("involving commerce—")
    assert coppa["sec_6501__para_2__subpara_A__clause_ii"]["text"]["en"].endswith("between any such territory and—")
    # a lead-in that ends in punctuation is left alone
    assert coppa["sec_6501"]["text"]["en"] == "In this chapter:"


def test_deep_eid(coppa):
    node = coppa["sec_6501__para_2__subpara_A__clause_ii__subclause_I"]
    assert node["num"] == "(I)"
    assert node["text"] == {"en": "another such territory; or"}
    assert coppa["sec_6501__para_2__subpara_A__clause_iii"]["text"]["en"].endswith("foreign nation; but")


def test_subsection_levels(coppa):
    assert coppa["sec_6502__subsec_a"]["heading"] == {"en": "Acts prohibited"}
    assert coppa["sec_6502__subsec_a__para_1"]["heading"] == {"en": "In general"}
    assert "sec_6502__subsec_b__para_1__subpara_A" in coppa


def test_space_before_punctuation_removed(coppa):
    text = coppa["sec_6501__para_2__subpara_B"]["text"]["en"]
    assert text.endswith("exempt from coverage under section 45 of this title.")
    tcpa = _index("tcpa")
    assert "December 30, 2019," in tcpa["sec_227__subsec_h__para_1"]["text"]["en"]
    for slug in SECTIONS:
        for node in _walk(_data(slug)["provisions"]):
            for key in ("heading", "text", "continuation"):
                value = (node.get(key) or {}).get("en", "")
                assert not re.search(r" [.,;:)\]]|[(\[] ", value), (node["eid"], value)


def test_space_inside_brackets_removed(fcra):
    assert fcra["sec_1681a__subsec_d__para_2__subpara_D"]["text"] == {
        "en": "a communication described in subsection (o) or (x). 1"}


def test_caption_trailing_period_dropped(fcra):
    assert fcra["sec_1681a__subsec_d__para_1"]["heading"] == {"en": "In general"}
    assert _index("vppa")["sec_2710__subsec_a"]["heading"] == {"en": "Definitions"}
    assert _index("privacy-act")["sec_552a__subsec_o"]["heading"] == {"en": "Matching Agreements"}


def test_vppa_2710_b_1():
    assert _index("vppa")["sec_2710__subsec_b__para_1"]["text"] == {"en": (
        "A video tape service provider who knowingly discloses, to any person, personally identifiable information "
        "concerning any consumer of such provider shall be liable to the aggrieved person for the relief provided "
        "in subsection (d).")}


def test_tcpa_227_b_3_B():
    text = _index("tcpa")["sec_227__subsec_b__para_3__subpara_B"]["text"]["en"]
    assert "$500 in damages for each such violation" in text


def test_spot_checks_of_the_manifest():
    assert _index("privacy-act")["sec_552a__subsec_b"]["text"]["en"].startswith("No agency shall disclose any record")
    assert "willfully fails to comply" in _index("fcra")["sec_1681n__subsec_a"]["text"]["en"]
    assert _index("dppa")["sec_2721__subsec_a"]["text"]["en"].startswith("A State department of motor vehicles")


def test_roman_or_letter_resolved_by_context(fcra):
    # (i) after (h) at subsection level is a subsection; (i) after (A) a clause
    assert fcra["sec_1681c-1__subsec_i"]["heading"] == {"en": "National security freeze"}
    assert fcra["sec_1681c-1__subsec_h"]["heading"]["en"].startswith("Limitations on use of information")
    assert "sec_1681c-1__subsec_i__para_1" in fcra
    assert "sec_1681c-1__subsec_h__para_1__subpara_B__clause_i" in fcra
    # (I) after (H) is a subparagraph, not a subclause
    assert _index("privacy-act")["sec_552a__subsec_e__para_4__subpara_I"]["text"] == {
        "en": "the categories of sources of records in the system;"}


def test_caption_followed_by_children_vs_lead_in(coppa, fcra):
    directed = coppa["sec_6501__para_10"]
    assert directed["heading"] == {"en": "Website or online service directed to children"}
    assert "text" not in directed and directed["children"][0]["heading"] == {"en": "In general"}
    # "(2) Verification" runs on into "(A) that the consumer …": a lead-in, not a caption
    assert fcra["sec_1681a__subsec_l__para_2"]["text"] == {"en": "Verification—"}
    assert "heading" not in fcra["sec_1681a__subsec_l__para_2"]


def test_combined_designators(fcra):
    para = fcra["sec_1681g__subsec_a__para_3"]
    assert "text" not in para and para["num"] == "(3)"
    assert para["children"][0]["eid"] == "sec_1681g__subsec_a__para_3__subpara_A"
    assert para["children"][0]["text"]["en"].startswith("Identification of each person")


def test_items_under_subclauses(fcra):
    node = fcra["sec_1681s-2__subsec_a__para_1__subpara_F__clause_i__subclause_II__item_aa"]
    assert node["num"] == "(aa)" and node["text"] == {"en": "120 days after March 27, 2020; or"}


def test_quoted_notice_is_one_text(fcra):
    text = fcra["sec_1681g__subsec_g__para_1__subpara_D"]["text"]["en"]
    lines = text.split("\n")
    assert len(lines) == 7
    assert lines[1] == "“notice to the home loan applicant"
    assert lines[-1] == "“If you have questions concerning the terms of the loan, contact the lender.”."


def test_repealed_provisions_kept():
    sca = _index("sca")
    repealed = sca["sec_2702__subsec_b__para_7__subpara_B"]
    assert repealed["num"] == "[(B)"
    assert repealed["text"]["en"].startswith("Repealed. Pub. L. 108–21")
    assert repealed["text"]["en"].endswith("117 Stat. 684]")
    assert _index("tcpa")["sec_227__subsec_e__para_4"]["text"]["en"].startswith("Repealed. Pub. L. 115–141")


def test_next_unit_heading_left_out():
    for slug in ("glba", "fcra", "dppa"):
        for node in _walk(_data(slug)["provisions"]):
            for key in ("text", "continuation"):
                value = (node.get(key) or {}).get("en", "")
                assert "SUBCHAPTER" not in value and "PART II" not in value, node["eid"]


def test_continuation_after_a_list():
    source = "\n".join([
        "# Title 99— TEST", "### CHAPTER 1— TEST", "#### § 101. Penalties",
        "##### (a) In general", "", "Whoever", "", "(1) does this; or", "", "(2) does that,",
        "", "shall be fined under this title.", "", "(3) Other", "", "Text.",
    ])
    # (3) Other … is a caption while (1) and (2) are not: the list stays a list
    provisions = parse(source)
    subsection = provisions[0]["children"][0]
    assert subsection["text"] == {"en": "Whoever—"}
    assert [c["eid"] for c in subsection["children"]] == [
        "sec_101__subsec_a__para_1", "sec_101__subsec_a__para_2", "sec_101__subsec_a__para_3"]
    assert subsection["continuation"] == {"en": "shall be fined under this title."}
    assert subsection["children"][1]["text"] == {"en": "does that,"}


def test_parse_refuses_other_markdown():
    with pytest.raises(ValueError):
        parse("# Not a code\n\nJust text.\n")


# --- against the sources ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[.,;:()\[\]]|[^\s.,;:()\[\]]+")
_CHUNK = re.compile(r"^#{1,3} ")
_SECTION = re.compile(r"^#### (§\s*\S+)\.\s*(.*)$")
_SUBSECTION = re.compile(r"^#{5,6} \(")
_NEXT_UNIT = re.compile(r"^(?:SUBCHAPTER|PART) [IVX]+— ")
CAPTION_END = "\x00caption"


def _source_tokens(text: str) -> list[str]:
    """The source's words in order: chunk headers read once, markdown markers and the next unit's heading left out.

    Separating punctuation from words makes correction (b), a space before ``.`` or inside ``( )``, invisible.
    """
    tokens: list[str] = []
    section = subsection = None
    for line in (ln.strip() for ln in text.splitlines()):
        if not line or _CHUNK.match(line) or _NEXT_UNIT.match(line):
            continue
        if match := _SECTION.match(line):
            if match.group(1) == section:
                continue
            section, subsection = match.group(1), None
            tokens += _TOKEN.findall(match.group(1)) + ["."] + _TOKEN.findall(match.group(2))
            continue
        if _SUBSECTION.match(line):
            if line == subsection:
                continue
            subsection = line
        tokens += _TOKEN.findall(re.sub(r"^#+ ", "", line))
    return tokens


def _yaml_tokens(nodes: list[dict], top: bool = True) -> list[str]:
    """The file's words in order, the documented corrections undone: (a) the restored em dash comes off again,
    and after each caption a marker stands where (c) dropped a trailing period."""
    tokens: list[str] = []
    for node in nodes:
        tokens += _TOKEN.findall(node.get("num", ""))
        if top:
            tokens.append(".")
        if "heading" in node:
            tokens += _TOKEN.findall(node["heading"]["en"]) + [CAPTION_END]
        if "text" in node:
            text = node["text"]["en"]
            if node.get("children") and text.endswith("—"):
                text = text[:-1]
            tokens += _TOKEN.findall(text)
        tokens += _yaml_tokens(node.get("children") or [], top=False)
        if "continuation" in node:
            tokens += _TOKEN.findall(node["continuation"]["en"])
    return tokens


def _compare(source: list[str], ours: list[str]) -> str | None:
    i = 0
    for j, token in enumerate(ours):
        if token == CAPTION_END:
            if i < len(source) and source[i] == "." and (j + 1 == len(ours) or ours[j + 1] != "."):
                i += 1  # (c): "In general ." → heading "In general"
            continue
        if i >= len(source) or source[i] != token:
            got = source[i] if i < len(source) else "<end>"
            return f"at source token {i}: source {got!r} ({' '.join(source[max(0, i - 8):i + 8])!r}), ours {token!r}"
        i += 1
    return None if i == len(source) else f"source goes on: {' '.join(source[i:i + 12])!r}"


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_fidelity(slug, sources):
    """Every word of the source, in order, and nothing else (after undoing the documented corrections)."""
    data = _data(slug)
    text = (sources / data["source"]["file"]).read_text(encoding="utf-8")
    problem = _compare(_source_tokens(text), _yaml_tokens(data["provisions"]))
    assert problem is None, problem


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_only_documented_corrections(slug, sources):
    """Lead-in em dashes are the only characters that are not in the source (besides the dropped spaces)."""
    data = _data(slug)
    source = (sources / data["source"]["file"]).read_text(encoding="utf-8")
    restored = sum(1 for node in _walk(data["provisions"])
                   if node.get("children") and (node.get("text") or {}).get("en", "").endswith("—"))
    ours = "".join((node.get(k) or {}).get("en", "") for node in _walk(data["provisions"])
                   for k in ("heading", "text", "continuation"))
    assert ours.count("—") == source.count("—") - _dashes_outside_text(source) + restored


def _dashes_outside_text(source: str) -> int:
    return sum(line.count("—") for line in source.splitlines()
               if _CHUNK.match(line) or _NEXT_UNIT.match(line))


@pytest.mark.parametrize("slug", sorted(SECTIONS))
def test_reimport_gives_the_same_provisions(slug, sources):
    data = _data(slug)
    assert parse_file(sources / data["source"]["file"]) == data["provisions"]


def test_the_gaps_the_code_prints_are_the_only_warnings(sources):
    gaps = {}
    for slug in sorted(SECTIONS):
        found: list[tuple[int, str]] = []
        parse_file_text = (sources / _data(slug)["source"]["file"]).read_text(encoding="utf-8")
        parse(parse_file_text, gaps=found)
        if found:
            gaps[slug] = [(line, message.split(":")[0] + ":" + message.split(":")[1]) for line, message in found]
    assert gaps == {"can-spam": [(169, "§ 7703: (b) starts its list, with a subdivision not printed before it")],
                    "fcra": [(617, "§ 1681b: (e) follows (c), with a subdivision not printed between")]}
