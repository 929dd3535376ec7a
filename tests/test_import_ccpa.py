"""The Proposition 24 importer (build_kb/importers/cpra_ballot.py) and the file it wrote (statutes/us-ca/ccpa.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_kb.importers.cpra_ballot import FILE, parse, parse_file, resolve
from build_kb.load.files import load_file

ROOT = Path(__file__).resolve().parent.parent
CCPA = ROOT / "statutes" / "us-ca" / "ccpa.yaml"

#: The Civil Code sections the measure sets out, in order.
SECTIONS = (["1798.100", "1798.105", "1798.106", "1798.110", "1798.115", "1798.120", "1798.121", "1798.125",
             "1798.130", "1798.135", "1798.140", "1798.145", "1798.150", "1798.155", "1798.160", "1798.175",
             "1798.180", "1798.185", "1798.190", "1798.192", "1798.194", "1798.196", "1798.198", "1798.199"]
            + [f"1798.199.{n}" for n in range(10, 101, 5)])


def _data() -> dict:
    return load_file(CCPA).data


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.get("children") or [])


@pytest.fixture(scope="module")
def index() -> dict[str, dict]:
    return {node["eid"]: node for node in _walk(_data()["provisions"])}


def _all_text() -> str:
    return "\n".join((node.get(key) or {}).get("en", "") for node in _walk(_data()["provisions"])
                     for key in ("heading", "text", "continuation"))


def test_sections_in_order():
    provisions = _data()["provisions"]
    assert [p["eid"] for p in provisions] == [f"sec_{n}" for n in SECTIONS]
    assert [p["num"] for p in provisions] == [f"§ {n}" for n in SECTIONS]
    assert len(SECTIONS) == 43


def test_metadata():
    data = _data()
    assert data["id"] == "us-ca/ccpa"
    assert data["jurisdiction"] == "us-ca"
    assert data["amended"] == ["2020-11-03"]
    assert data["source"]["file"] == FILE
    assert data["citation"]["en"] == "Cal. Civ. Code §§ 1798.100–1798.199.100"


def test_captions(index):
    assert index["sec_1798.100"]["heading"]["en"] == "General Duties of Businesses that Collect Personal Information"
    assert index["sec_1798.105"]["heading"]["en"] == "Consumers' Right to Delete Personal Information"
    assert index["sec_1798.140"]["heading"]["en"] == "Definitions"
    assert "heading" not in index["sec_1798.194"]


def test_right_to_delete(index):
    assert index["sec_1798.105__subsec_a"]["text"]["en"] == (
        "A consumer shall have the right to request that a business delete any personal information about the "
        "consumer which the business has collected from the consumer.")
    c1 = index["sec_1798.105__subsec_c__para_1"]["text"]["en"]
    assert "from its records, notify any service providers or contractors to delete" in c1
    assert "and direct" not in c1


def test_struck_text_removed_and_added_text_kept(index):
    a = index["sec_1798.100__subsec_a"]["text"]["en"]
    # (a) was struck whole; the struck "(b)" left its words to (a); "collects" gave way to "controls the collection of"
    assert a == ("A business that controls the collection of a consumer's personal information shall, at or before "
                 "the point of collection, inform consumers as to:")
    text = _all_text()
    assert "disclose to that consumer the categories and specific pieces of personal information" not in text
    assert "Consumer Privacy Fund shall not be subject to appropriation" in text  # § 1798.160(c), added
    assert "unless the Director of Finance determines" not in text  # § 1798.160(c), struck
    for marker in ("~~", "*", "\\", "  "):
        assert marker not in text


def test_renumbered_definitions(index):
    subdivisions = [c["num"] for c in index["sec_1798.140"]["children"]]
    assert subdivisions[:3] == ["(a)", "(b)", "(c)"] and subdivisions[-3:] == ["(ai)", "(aj)", "(ak)"]
    assert index["sec_1798.140__subsec_b"]["text"]["en"].startswith('"Aggregate consumer information" means')


def test_section_number_inside_a_paragraph(index):
    assert index["sec_1798.199.10__subsec_b"]["text"]["en"].endswith("of the Act adding this section.")
    assert index["sec_1798.199.15"]["text"]["en"] == "Members of the Agency board shall:"


def test_cite_en(result):
    from build_kb.citation import cite_en

    ccpa = next(i for i in result.linked.corpus.instruments if i.id == "us-ca/ccpa")
    assert cite_en(ccpa, "sec_1798.105__subsec_a") == "Cal. Civ. Code § 1798.105(a)"


@pytest.mark.parametrize(("redline", "resulting"), [
    ("A business that *controls the collection of* ~~collects~~ a consumer", "A business that controls the collection of a consumer"),
    ("records*,* ~~and direct~~ *notify* any", "records, notify any"),
    ("purpose*.*~~, unless the Director~~", "purpose."),
    ("definition*s* of \"unique identifier\"~~s~~ to", 'definitions of "unique identifier" to'),
    ("subdivision (~~o~~*v*) of", "subdivision (v) of"),
    ("~~(b)~~ A business", "A business"),
    ("\\(a) a consumer\\'s \\\"right\\\" of \\$5", "(a) a consumer's \"right\" of $5"),
    ("*adding, modifying, or deleting*~~additional~~ categories", "adding, modifying, or deleting categories"),
    ("the information~~ that is struck~~.", "the information."),
    ("~~gone~~", ""),
])
def test_redline_rule(redline, resulting):
    assert resolve(redline) == resulting


def test_unbalanced_strikethrough_is_an_error():
    with pytest.raises(ValueError):
        resolve("kept ~~struck")


MEASURE = """*SEC. 3. Section 1798.100 of the Civil Code is amended to read:*

*1798.100. General Duties*

1798.100

\\(a) ~~A consumer shall have the right to
request.~~

~~(b)~~ A business *that controls* shall inform
consumers as to*:*

*(1) the categories; and*

*(2) the purposes.*

~~(c) Struck whole.~~

*(b)*

*(1) one*

*(2) two*

*SEC. 5. Section 1798.105 of the Civil Code is amended to read:*

*1798.105. Right to Delete*

1798.105

A consumer may ask~~, in writing~~.

*SEC. 25. Amendment.*

Not Civil Code text.
"""


def test_parse_small_measure():
    provisions = parse(MEASURE)
    assert [p["eid"] for p in provisions] == ["sec_1798.100", "sec_1798.105"]
    first, second = provisions
    assert first["heading"] == {"en": "General Duties"}
    a, b = first["children"]
    assert a["eid"] == "sec_1798.100__subsec_a"
    assert a["text"] == {"en": "A business that controls shall inform consumers as to:"}
    assert [p["text"]["en"] for p in a["children"]] == ["the categories; and", "the purposes."]
    assert b["eid"] == "sec_1798.100__subsec_b" and "text" not in b
    assert [p["eid"] for p in b["children"]] == ["sec_1798.100__subsec_b__para_1", "sec_1798.100__subsec_b__para_2"]
    assert second == {"eid": "sec_1798.105", "num": "§ 1798.105", "heading": {"en": "Right to Delete"},
                      "text": {"en": "A consumer may ask."}}


def test_reimport_gives_the_same_provisions(sources):
    assert parse_file(sources / FILE) == _data()["provisions"]


def _source_words(text: str) -> list[str]:
    """The words of the measure's Civil Code part, struck text removed; instructions, section numbers
    and the agency group heading left out (they are not Civil Code text, or are the section's num)."""
    start = text.index("*SEC. 3. Section 1798.100 of the Civil Code")
    end = text.index("*SEC. 25. Amendment.*")
    paragraphs: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text[start:end]):
        plain = resolve(" ".join(paragraph.split())).strip()
        if (re.match(r"^(?:SEC\. \d+\. )?Sections? 1798\.[0-9.]+ .*(?:read|follows):$", plain)
                or re.fullmatch(r"1798\.[0-9.]+", plain)
                or plain == "Establishment of California Privacy Protection Agency"):
            continue
        plain = re.sub(r"^1798\.[0-9.]*[0-9]\.? ", "", plain)  # a caption's number
        plain = re.sub(r"(?<=\. )1798\.199\.15\. ", "", plain)  # the number inside § 1798.199.10(b)
        if plain.startswith("\u00ad"):  # a paragraph cut at a page break
            paragraphs[-1] += plain
        else:
            paragraphs.append(plain)
    return [word for plain in paragraphs for word in re.findall(r"\w+", plain.replace("\u00ad", ""))]


def _yaml_words(nodes: list[dict], top: bool = True) -> list[str]:
    words: list[str] = []
    for node in nodes:
        if not top:
            words += re.findall(r"\w+", node["num"])
        for key in ("heading", "text"):
            words += re.findall(r"\w+", (node.get(key) or {}).get("en", "").replace("\u00ad", ""))
        words += _yaml_words(node.get("children") or [], top=False)
        words += re.findall(r"\w+", (node.get("continuation") or {}).get("en", ""))
    return words


def test_every_resulting_word_in_order(sources):
    """Every word of the resulting text, in order, and nothing else: the redline rule applied paragraph by
    paragraph to the source is the file's text word for word."""
    source = _source_words((sources / FILE).read_text(encoding="utf-8"))
    ours = _yaml_words(_data()["provisions"])
    assert len(source) > 20000
    assert ours == source, _diff(source, ours)


def _diff(source: list[str], ours: list[str]) -> str:
    for i, (a, b) in enumerate(zip(source, ours)):
        if a != b:
            return f"at word {i}: source {' '.join(source[max(0, i - 6):i + 6])!r}, ours {' '.join(ours[max(0, i - 6):i + 6])!r}"
    return f"lengths differ: {len(source)} vs {len(ours)}"
