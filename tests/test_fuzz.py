"""Property tests: generated YAML, text and citations never raise anything but our own diagnostics.

A few hundred examples run with the suite. The long run (10,000+ examples per test):

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py
"""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_kb.cite_cn import find_references
from build_kb.cn_numbers import article_designator, article_num
from build_kb.dump import dump
from build_kb.link import link
from build_kb.load import load_text
from build_kb.render import render_instrument
from build_kb.validate import check_file, validate

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CN_LEGAL = st.sampled_from(list("第一二三四五六七八九十百千零条款项之至前本法条、，；：（）《》中华人民共和国网络安全个人信息") + ["第十八条", "前款", "本条", "第二项至第七项"])
cn_text = st.lists(CN_LEGAL, max_size=40).map("".join)
any_text = st.text(max_size=80)
scalars = st.one_of(any_text, st.sampled_from(["1798.100", "010", "NO", "on", "yes", "~", "null", "2021-02-30", "1.10", "- x", ": y", "#z", "'", '"', "\t", "\u3000", "TODO"]))
yaml_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                           st.dictionaries(st.sampled_from(["id", "eid", "text", "zh", "en", "num", "children", "provisions", "status", "x"]), inner, max_size=4)),
                           max_leaves=20)


@given(st.binary(max_size=300))
def test_loader_takes_any_bytes(raw):
    loaded = load_text(raw, "f.yaml")
    assert loaded.data is not None or loaded.diagnostics


@given(st.text(max_size=300))
def test_loader_and_validator_take_any_text(text):
    loaded = load_text(text, "statutes/cn/x.yaml")
    for diagnostic in check_file(loaded):
        assert diagnostic.file == "statutes/cn/x.yaml" and diagnostic.message


@given(yaml_values)
def test_validator_takes_any_structure(data):
    text = dump(data)
    loaded = load_text(text, "statutes/cn/x.yaml")
    check_file(loaded)


def _instrument(children):
    return {"id": "cn/x", "title": {"zh": "法"}, "short_title": {"zh": "法"}, "jurisdiction": "cn", "type": "law",
            "issuing_body": {"zh": "机关"}, "adopted": "2021-01-01", "status": "in_force",
            "source": {"url": "https://example.org/", "retrieved": "2021-01-01", "official_language": "zh"},
            "translations": {"en": {"status": "unofficial"}}, "provisions": children}


@given(st.lists(st.tuples(cn_text, any_text), min_size=1, max_size=6))
def test_any_text_validates_links_and_renders(texts):
    articles = [{"eid": f"art_{n}", "num": article_num(str(n)), "text": {"zh": zh or "文", **({"en": en} if en.strip() else {})}}
                for n, (zh, en) in enumerate(texts, 1)]
    loaded = load_text(dump(_instrument(articles)), "statutes/cn/x.yaml")
    corpus, diagnostics = validate([loaded])
    if corpus.instruments:
        linked = link(corpus)
        page = render_instrument(linked, corpus.instruments[0])
        assert "<script" not in page.lower().replace("&lt;script", "")


@given(cn_text, st.integers(min_value=0, max_value=5))
def test_citation_parser_takes_any_text(text, paragraph):
    for ref in find_references(text, paragraph):
        assert text[ref.start:ref.end] == ref.text


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=9))
def test_article_numbers_round_trip(number, sub):
    designator = f"{number}-{sub}" if sub else str(number)
    assert article_designator(article_num(designator)) == designator
