"""The HIPAA importer (build_kb/importers/hipaa_aptible.py) and the file it wrote (statutes/us/hipaa.yaml)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from build_kb.importers.hipaa_aptible import parse, parse_file
from build_kb.load.files import load_file

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "statutes" / "us" / "hipaa.yaml"

SUBPART_D = ["164.400", "164.402", "164.404", "164.406", "164.408", "164.410", "164.412", "164.414"]
SUBPART_E = ["164.500", "164.501", "164.502", "164.504", "164.506", "164.508", "164.510", "164.512", "164.514",
             "164.520", "164.522", "164.524", "164.526", "164.528", "164.530", "164.532", "164.534"]


@pytest.fixture(scope="module")
def data() -> dict:
    return load_file(FILE).data


@pytest.fixture(scope="module")
def index(data) -> dict:
    return {node["eid"]: node for node in _walk(data["provisions"])}


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


def test_sections(data):
    sections = data["provisions"]
    assert len(SUBPART_D) == 8 and len(SUBPART_E) == 17
    assert [s["eid"] for s in sections] == [f"sec_{n}" for n in SUBPART_D + SUBPART_E]
    assert len(sections) == 25
    assert [s["num"] for s in sections] == [f"§ {n}" for n in SUBPART_D + SUBPART_E]
    assert all("heading" not in s for s in sections)  # the source has none; none is invented


def test_metadata(data):
    assert data["id"] == "us/hipaa" and data["type"] == "regulation"
    assert data["citation"] == {"en": "45 C.F.R. §§ 164.400–164.534"}
    assert data["source"]["file"] == "us/hipaa_45cfr164_subparts_d_e_aptible_unofficial.md"
    assert data["source"]["note"].startswith("UNOFFICIAL COPY from a company website, not the eCFR")


def test_164_512_f_exists(index):
    f = index["sec_164.512__subsec_f"]
    assert f["num"] == "(f)"
    assert f["text"]["en"].startswith("Standard: Disclosures for law enforcement purposes.")
    assert "sec_164.512__subsec_f__para_1__subpara_ii__clause_C" in index


def test_cite_en_164_512_f():
    from build_kb.pipeline import run
    from build_kb.citation import cite_en

    instrument = next(i for i in run(ROOT / "statutes").linked.corpus.instruments if i.id == "us/hipaa")
    assert cite_en(instrument, "sec_164.512__subsec_f") == "45 C.F.R. § 164.512(f)"
    assert cite_en(instrument, "sec_164.512__subsec_f__para_1__subpara_ii__clause_C") == \
        "45 C.F.R. § 164.512(f)(1)(ii)(C)"


def test_ermitted_typo_kept(index):
    intro = index["sec_164.512"]["text"]["en"]
    assert "a use or disclosure ermitted by this section" in intro
    assert "permitted by this section, the covered" not in intro


def test_no_k_7_in_164_512(index):
    assert "sec_164.512__subsec_k__para_6" in index
    assert "sec_164.512__subsec_k__para_7" not in index


def test_levels_and_definitions(index):
    assert index["sec_164.402__para_breach__subpara_1__clause_i"]["num"] == "(i)"
    assert index["sec_164.501__para_marketing"]["text"] == {"en": "Marketing:"}
    assert "num" not in index["sec_164.501__para_marketing"]
    assert "sec_164.504__subsec_a__para_summary-health-information__subpara_1" in index
    # (A) directly under (1): the kind follows the depth
    assert index["sec_164.404__subsec_c__para_1__subpara_A"]["text"]["en"].startswith("A brief description")
    # italic (1) at CFR level 5 and (i) at level 6
    assert "sec_164.502__subsec_a__para_5__subpara_ii__clause_B__subclause_2__item_i" in index
    # (i) after (h): a subsection; (i) under (h)(2) with a deeper quote: a subparagraph
    assert index["sec_164.512__subsec_i"]["text"]["en"].startswith("Standard: Uses and disclosures for research")
    assert "sec_164.514__subsec_h__para_2__subpara_i__clause_A" in index
    # "(b) Standard: … (1) Permitted uses …" printed on one line
    assert index["sec_164.512__subsec_b__para_1"]["text"]["en"].startswith("Permitted uses and disclosures.")


def test_source_irregularities(index):
    # "(b)-(d) [Reserved]" is one provision; (e) continues after it
    assert index["sec_164.504__subsec_b-d"] == {"eid": "sec_164.504__subsec_b-d", "num": "(b)-(d)",
                                                "text": {"en": "[Reserved]"}}
    assert "sec_164.504__subsec_e__para_1" in index
    # designators printed inside the line of the one before
    assert index["sec_164.504__subsec_e__para_3"]["text"] == {
        "en": "Implementation specifications: Other arrangements."}
    assert index["sec_164.504__subsec_e__para_3__subpara_i"]["text"]["en"].startswith("If a ")
    assert index["sec_164.512__subsec_d__para_3"]["text"]["en"].startswith("Joint activities or investigations.")
    assert index["sec_164.512__subsec_d__para_2__subpara_iii"]["text"]["en"].endswith("public benefits or services.")
    assert index["sec_164.512__subsec_e__para_1"]["text"]["en"].startswith("Permitted disclosures.")
    # "i)" without its opening parenthesis keeps its num as printed
    assert index["sec_164.530__subsec_k__para_1__subpara_i"]["num"] == "i)"
    # § 164.512(b)(1)(iii) is not in the source: (iv) follows (ii), whose (A)–(D) the eCFR gives to (iii)
    assert "sec_164.512__subsec_b__para_1__subpara_iii" not in index
    assert "sec_164.512__subsec_b__para_1__subpara_iv" in index
    # a caption continued on the next line stays in the text, after a line break
    assert index["sec_164.508__subsec_b"]["text"] == {"en": "Implementation specifications:\nGeneral requirements"}


def test_transformations(index, data):
    texts = [(n.get("text") or {}).get("en", "") for n in _walk(data["provisions"])]
    joined = "\n".join(texts)
    assert "&#" not in joined and "--" not in joined and "](/" not in joined and "> " not in joined
    assert index["sec_164.404__subsec_a"]["text"] == {"en": "Standard —"}
    assert index["sec_164.404__subsec_c"]["num"] == "(c)"
    assert index["sec_164.404__subsec_b"]["text"]["en"].startswith(
        "Implementation specification: Timeliness of notification. Except as provided in § 164.412, a covered")
    assert index["sec_164.402"]["note"] == {"en": "[78 FR 5695, Jan. 25, 2013]"}


def test_parse_refuses_other_markdown():
    with pytest.raises(ValueError):
        parse("# Not the HIPAA file\n\nJust text.\n")


# --- against the source ----------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[.,;:()\[\]—]|[^\s.,;:()\[\]—]+")
_MARKER = re.compile(r"^<!-- extracted from \S+ -->$")


def _source_tokens(text: str) -> list[str]:
    """The source's words in order, after the documented transformations (a)–(e), done here independently."""
    tokens: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if _MARKER.match(line):
            continue
        line = re.sub(r"^(?:>\s*)+", "", line)
        line = re.sub(r"\[([^\]]*)\]\(/[^)]*\)", r"\1", line)
        line = html.unescape(line).replace("--", "—")
        tokens += _TOKEN.findall(line)
    return tokens


def _yaml_tokens(nodes: list[dict]) -> list[str]:
    tokens: list[str] = []
    for node in nodes:
        if not node["eid"].count("__") == 0:  # sections: the num comes from the marker line, not the text
            tokens += _TOKEN.findall(node.get("num", ""))
        if "text" in node:
            tokens += _TOKEN.findall(node["text"]["en"])
        tokens += _yaml_tokens(node.get("children") or [])
        if "continuation" in node:
            tokens += _TOKEN.findall(node["continuation"]["en"])
        if "note" in node:
            tokens += _TOKEN.findall(node["note"]["en"])
    return tokens


def test_fidelity(data, sources):
    """Every word of the source, in order, and nothing else (after undoing the documented transformations)."""
    source = _source_tokens((sources / data["source"]["file"]).read_text(encoding="utf-8"))
    ours = _yaml_tokens(data["provisions"])
    for i, (a, b) in enumerate(zip(source, ours)):
        assert a == b, (f"token {i}: source {' '.join(source[max(0, i - 8):i + 8])!r}, "
                        f"ours {' '.join(ours[max(0, i - 8):i + 8])!r}")
    assert len(source) == len(ours)


def test_only_documented_changes(data, sources):
    """The em dashes are exactly the source's ``--``; the typo ``Acovered`` is kept too."""
    source = (sources / data["source"]["file"]).read_text(encoding="utf-8")
    ours = "".join((n.get("text") or {}).get("en", "") for n in _walk(data["provisions"]))
    marker_dashes = sum(line.count("--") for line in source.splitlines() if _MARKER.match(line.strip()))
    assert ours.count("—") == source.count("--") - marker_dashes
    assert "Acovered entity" in ours


def test_reimport_gives_the_same_provisions(data, sources):
    assert parse_file(sources / data["source"]["file"]) == data["provisions"]
