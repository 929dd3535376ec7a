"""U.S. Code cross-references: parsed in the OLRC's style and resolved in the encoded statutes."""

import pytest

from build_kb.link.cite.us import find_references
from build_kb.model import ProvisionId as P


@pytest.mark.parametrize("text, expected", [
    ("under section 6502 of this title.", [("section 6502", "this", "6502", ())]),
    ("in section 1681a(d)(2) of this title", [("section 1681a(d)(2)", "this", "1681a", ("d", "2"))]),
    ("in section 552a of title 5", [("section 552a", "5", "552a", ())]),
    ("see 15 U.S.C. 6501", [("15 U.S.C. 6501", "15", "6501", ())]),
    ("15 U.S.C. §§ 6801–6809", [("15 U.S.C. §§ 6801–6809", "15", "6801", ())]),
    ("as provided in subsection (b)(1)", [("subsection (b)(1)", "", "", ("b", "1"))]),
    ("described in subparagraph (A) or (B) of paragraph (2); and", [("paragraph (2)", "", "", ("2",))]),
    ("Subject to sections 6503 and 6505 of this title,", [("sections 6503", "this", "6503", ()), ("6505", "this", "6505", ())]),
    ("Sections 1681n and 1681o of this title apply", [("Sections 1681n", "this", "1681n", ()), ("1681o", "this", "1681o", ())]),
])
def test_references(text, expected):
    assert [(r.text, r.title, r.section, r.path) for r in find_references(text)] == expected


def test_coppa_6502_links_to_other_coppa_sections_and_the_ftc_act_is_noted(linked, result):
    cited = {str(p) for p in linked.cites(P("us/coppa", "sec_6502"))}
    assert {"us/coppa#sec_6503", "us/coppa#sec_6505"} <= {c.split("__")[0] for c in cited}
    notes = [d for d in result.diagnostics if d.severity.value == "note" and d.file.endswith("coppa.yaml")]
    assert any("15 U.S.C. § 45" in d.message for d in notes)


def test_fcra_references_resolve_to_subdivisions(linked):
    refs = [r for source, rs in linked.references.items() if source.startswith("us/fcra#") for r in rs]
    targets = {str(t) for r in refs for t in r.targets}
    assert "us/fcra#sec_1681a__subsec_d" in targets or any(t.startswith("us/fcra#sec_1681a__subsec_d") for t in targets)
    assert len(refs) > 300


def test_bluebook_citation(linked):
    from build_kb.citation import cite_en

    coppa = linked.corpus.get("us/coppa")
    assert cite_en(coppa, "sec_6502__subsec_b__para_1__subpara_A") == "15 U.S.C. § 6502(b)(1)(A)"


@pytest.mark.parametrize("text, expected", [
    ("pursuant to Section 1798.130, the", [("Section 1798.130", "1798.130", (), "")]),
    ("paragraph (5) of subdivision (a) of Section 1798.185", [("paragraph (5) of subdivision (a) of Section 1798.185", "1798.185", ("a", "5"), "")]),
    ("pursuant to subdivision (a) of this section shall", [("subdivision (a) of this section", "", ("a",), "subsection")]),
    ("as described in subdivision (b), a business", [("subdivision (b)", "", ("b",), "subsection")]),
])
def test_california_references(text, expected):
    from build_kb.link.cite.us import find_california_references

    assert [(r.text, r.section, r.path, r.level) for r in find_california_references(text)] == expected


def test_ccpa_references_resolve(linked):
    refs = [r for source, rs in linked.references.items() if source.startswith("us-ca/ccpa#") for r in rs]
    assert len(refs) > 100
    assert any(str(t) == "us-ca/ccpa#sec_1798.185__subsec_a__para_5" for r in refs for t in r.targets)
