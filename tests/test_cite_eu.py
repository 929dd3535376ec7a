"""EU cross-references: the Joint Practical Guide's shapes, parsed and resolved in the GDPR."""

import pytest

from build_kb.link.cite.eu import find_references
from build_kb.model import ProvisionId


@pytest.mark.parametrize("text, expected", [
    ("according to point (a) of Article 6(1), or", [("point (a) of Article 6(1)", ("6",), "1", ("a",), False, "")]),
    ("points (a) to (f) of Article 9(2)", [("points (a) to (f) of Article 9(2)", ("9",), "2", ("a", "f"), True, "")]),
    ("under Articles 15 to 22 and 34 relating", [("15 to 22", ("15", "22"), "", (), True, ""), ("34", ("34",), "", (), False, "")]),
    ("Article 8(1) of the Charter", [("Article 8(1)", ("8",), "1", (), False, "the Charter")]),
    ("Article 4(1) of Directive 95/46/EC", [("Article 4(1)", ("4",), "1", (), False, "Directive 95/46/EC")]),
    ("Article 288 TFEU", [("Article 288", ("288",), "", (), False, "TFEU")]),
    ("pursuant to paragraph 1 to erase", [("paragraph 1", (), "1", (), False, "")]),
])
def test_references(text, expected):
    assert [(r.text, r.articles, r.paragraph, r.points, r.range, r.external) for r in find_references(text)] == expected


def test_gdpr_17_cites_the_consent_bases_and_article_21(linked):
    cited = {str(p) for p in linked.cites(ProvisionId("eu/gdpr", "art_17"))}
    assert {"eu/gdpr#art_6__para_1__point_a", "eu/gdpr#art_9__para_2__point_a", "eu/gdpr#art_21__para_1",
            "eu/gdpr#art_8__para_1"} <= cited


def test_articles_15_to_22_cite_each_article(linked):
    refs = {r.text: r for r in linked.references["eu/gdpr#art_12__para_1"]}
    assert [t.eid for t in refs["15 to 22"].targets] == [f"art_{n}" for n in range(15, 23)]


def test_in_the_gdpr_only_other_acts_are_left_unresolved(result):
    gdpr = [d for d in result.diagnostics if d.file.endswith("gdpr.yaml")]
    assert gdpr and all(d.severity.value == "note" and "which is not in the knowledge base" in d.message for d in gdpr)


def test_gdpr_counts_and_citation(linked):
    from build_kb.citation import cite_en

    gdpr = linked.corpus.get("eu/gdpr")
    assert (len(gdpr.articles()), len(gdpr.recitals())) == (99, 173)
    assert [c.num for c in gdpr.provisions if c.abbreviation == "chp"][-1] == "CHAPTER XI"
    assert gdpr.provision("art_17").heading.en == "Right to erasure (‘right to be forgotten’)"
    assert gdpr.provision("art_99__para_2").text.en == "It shall apply from 25 May 2018."
    assert cite_en(gdpr, "art_17__para_1__point_a") == "GDPR art. 17(1)(a)"


def test_gdpr_import_reproduces_the_encoded_provisions(sources):
    from build_kb.importers.gdpr_json import parse_file
    from build_kb.load.files import load_file
    from conftest import STATUTES

    def without_editorial(nodes):
        return [{k: (without_editorial(v) if k == "children" else v) for k, v in n.items() if k != "explained_by"}
                for n in nodes]

    encoded = load_file(STATUTES / "eu" / "gdpr.yaml").data["provisions"]
    assert parse_file(sources / "eu" / "gdpr_2016-679_en.json") == without_editorial(encoded)


def test_coordinated_references_share_the_act_named_last():
    refs = find_references("adopted on the basis of Article 25(6) or Article 26(4) of Directive 95/46/EC.")
    assert [(r.text, r.external) for r in refs] == [("Article 25(6)", "Directive 95/46/EC"), ("Article 26(4)", "Directive 95/46/EC")]


def test_articles_and_the_recitals_that_explain_them(linked):
    art_17 = [p.eid for p in linked.recitals_of(ProvisionId("eu/gdpr", "art_17"))]
    assert {"rct_65", "rct_66"} <= set(art_17)
    assert ProvisionId("eu/gdpr", "art_17") in linked.explained_by_recital(ProvisionId("eu/gdpr", "rct_65"))
    assert sum(1 for a in linked.corpus.get("eu/gdpr").articles() if a.explained_by) >= 80


def test_explained_by_must_name_a_recital_of_the_file():
    from pathlib import Path

    from build_kb.load.files import load_text
    from build_kb.validate.instruments import check_file

    text = (Path(__file__).parent / "fixtures" / "statutes" / "cn" / "excerpt.yaml").read_text(encoding="utf-8")
    text = text.replace("        num: 第十八条\n", "        num: 第十八条\n        explained_by:\n          - rct_9\n")
    assert [str(d) for d in check_file(load_text(text, "statutes/cn/excerpt.yaml"))] == [
        "statutes/cn/excerpt.yaml:35:13: art_18: explained_by names 'rct_9', which is not a recital of this instrument "
        "(use the eId of a recital of the same file, rct_N)"]
