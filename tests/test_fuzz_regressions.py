"""Inputs that once crashed a stage, found by the whole-folder property tests (tests/test_fuzz.py)."""

from datetime import date

import dataclasses
import pytest

from build_kb.citation import cite_en, cite_zh
from build_kb.model import Instrument, Provision, Source, Text


def _cn_law(*paragraphs: str) -> Instrument:
    article = Provision("art_1", "第一条", children=tuple(Provision(f"art_1__{p}", text=Text(zh="文。")) for p in paragraphs))
    return Instrument("cn/alpha", "statutes/cn/alpha.yaml", Text(zh="中华人民共和国甲法"), Text(zh="甲法", en="ALPHA"), "cn",
                      "law", Text(zh="机关"), date(2021, 8, 20), "in_force",
                      Source("https://flk.npc.gov.cn/", date(2025, 1, 1), "zh"), (article,))


@pytest.mark.parametrize("designator", ["a", "0", "1.5", "9" * 25])
def test_a_chinese_citation_keeps_a_paragraph_designator_no_numeral_writes(designator):
    # the eId pattern allows these; int() or the numeral conversion raised ValueError
    law = _cn_law(f"para_{designator}")
    assert cite_zh(law, f"art_1__para_{designator}") == f"《中华人民共和国甲法》第一条第{designator}款"
    assert cite_en(law, f"art_1__para_{designator}") == f"ALPHA Art. 1({designator})"


def test_a_chinese_citation_still_writes_paragraph_and_item_numbers_in_chinese():
    law = _cn_law("para_12")
    assert cite_zh(law, "art_1__para_12__item_3", with_title=False) == "第一条第十二款第三项"


def test_graphml_replaces_characters_xml_cannot_hold():
    # a title with a control character (an escape in the YAML file), cited by that title: the edge's span
    # holds it, and lxml refused to write the GraphML
    import io

    import networkx as nx

    from build_kb.render.graph import graphml
    from build_kb.link.graph import link
    from build_kb.model import Corpus

    law = _cn_law("para_1")
    citing = Provision("art_2", "第二条", text=Text(zh="依照《中华人民共和国\x01法》第一条。"))
    law = dataclasses.replace(law, title=Text(zh="中华人民共和国\x01法"), provisions=law.provisions + (citing,))
    linked = link(Corpus((law,)))
    assert linked.graph.edges["cn/alpha#art_2", "cn/alpha#art_1", "cites:2"]["span"] == "《中华人民共和国\x01法》第一条"
    read = nx.read_graphml(io.BytesIO(graphml(linked).encode("utf-8")))
    assert [s for _, _, s in read.edges(data="span") if s] == ["《中华人民共和国\ufffd法》第一条"]
    assert linked.graph.edges["cn/alpha#art_2", "cn/alpha#art_1", "cites:2"]["span"] == "《中华人民共和国\x01法》第一条"


def test_an_article_numbered_zero_is_named_without_a_fault(tmp_path):
    # the check that articles run in sequence named the article before art_2 from art_0, and 第零条 cannot be written
    from build_kb.pipeline import run_uncached
    from statute_folders import write_folder

    law = {"id": "cn/alpha", "title": {"zh": "中华人民共和国甲法", "en": "Law Alpha"}, "short_title": {"zh": "甲法", "en": "ALPHA"},
           "jurisdiction": "cn", "type": "law", "issuing_body": {"zh": "全国人民代表大会常务委员会"}, "adopted": "2021-08-20",
           "status": "in_force", "source": {"url": "https://flk.npc.gov.cn/", "retrieved": "2025-01-01",
                                            "official_language": "zh"},
           "provisions": [{"eid": "art_0", "num": "第一条", "text": {"zh": "违反。"}},
                          {"eid": "art_2", "num": "第二条", "text": {"zh": "违反。"}}]}
    result = run_uncached(write_folder({"cn/alpha.yaml": law}, tmp_path))
    assert [d.message for d in result.diagnostics] == ["the number 第一条 is article 1, but the eId says 0"]


def test_an_article_number_too_large_for_a_numeral_is_named_without_a_fault(tmp_path):
    # the sequence check named the article before art_2 from an eId of 25 digits, which cn2an cannot write
    from build_kb.pipeline import run_uncached
    from statute_folders import write_folder

    law = {"id": "cn/alpha", "title": {"zh": "中华人民共和国甲法", "en": "Law Alpha"}, "short_title": {"zh": "甲法", "en": "ALPHA"},
           "jurisdiction": "cn", "type": "law", "issuing_body": {"zh": "全国人民代表大会常务委员会"}, "adopted": "2021-08-20",
           "status": "in_force", "source": {"url": "https://flk.npc.gov.cn/", "retrieved": "2025-01-01",
                                            "official_language": "zh"},
           "provisions": [{"eid": "art_1", "num": "第一条", "text": {"zh": "违反。"}},
                          {"eid": "art_9999999999999999999999999", "num": "第二条", "text": {"zh": "违反。"}},
                          {"eid": "art_2", "num": "第二条", "text": {"zh": "违反。"}}]}
    result = run_uncached(write_folder({"cn/alpha.yaml": law}, tmp_path))
    assert [d.message for d in result.diagnostics] == ["the number 第二条 is article 2, but the eId says 9999999999999999999999999"]
