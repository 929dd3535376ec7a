"""Inputs that once crashed a stage, found by the whole-folder property tests (tests/test_fuzz.py)."""

from datetime import date

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
