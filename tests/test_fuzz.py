"""Property tests: generated YAML, text, citations and whole statute folders never raise anything
but our own diagnostics.

A few hundred examples run with the suite. The long run (10,000+ examples per test):

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz.py
"""

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from statute_folders import mutated_folders, valid_folders, write_folder

from build_kb.link.cite.cn import find_references
from build_kb.compare.matrix import comparison_text
from build_kb.cn_numbers import article_designator, article_num
from build_kb.diagnostics import Severity
from build_kb.load.dump import dump
from build_kb.link.graph import link
from build_kb.load.files import load_text
from build_kb.pipeline import run_uncached
from build_kb.compare.redline import changes, redline_text
from build_kb.render.instrument import render_instrument
from build_kb.render.pages import render_pages, search_records
from build_kb.render.urls import page_path
from build_kb.validate.instruments import check_file, validate

settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)


def examples(ci: int) -> settings:
    """``ci`` examples with the suite's profile (a whole folder through the pipeline costs tens of
    milliseconds), the profile's own count in the long run."""
    return settings(max_examples=ci if PROFILE == "ci" else settings.default.max_examples)

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


# --- whole statute folders through the pipeline and the renderer -----------------------------------

def _build(folder, cache: bool = False):
    """Write ``folder`` to a temporary statutes folder; return its pipeline result, its rendered pages,
    the names of what was written, and, with ``cache``, the result of a second run from the cache."""
    with tempfile.TemporaryDirectory() as tmp:
        statutes = write_folder(folder, Path(tmp))
        result = run_uncached(statutes, cache=cache)
        again = run_uncached(statutes, cache=cache) if cache else result
        pages = render_pages(result.linked, exports=True)
        # what the site search and the terminal commands (compare, diff) show of the same corpus
        search_records(result.linked)
        for topic in result.linked.corpus.topics:
            comparison_text(result.linked.corpus, topic)
        for change in changes(result.linked.corpus):
            for language in change.languages:
                redline_text(change.redline(language))
        # a stage turns its own faults into diagnostics (the user sees no traceback); here they fail
        faults = [str(d) for d in result.diagnostics + again.diagnostics if d.message.startswith("build-kb failed while")]
        assert faults == []
        written = {os.path.relpath(statutes / name) for name in folder} | {
            os.path.relpath(p) for p in statutes.rglob("*")}
    return result, pages, written, again


@examples(120)
@given(valid_folders())
def test_valid_statute_folders_build_without_errors(folder):
    result, pages, _, _ = _build(folder)
    assert result.errors == []
    assert all(d.message.startswith("unresolved reference") for d in result.diagnostics)
    corpus = result.linked.corpus
    instruments = sorted(name[:-5] for name in folder if name.count("/") == 1 and Path(name).parts[0] not in
                         ("topics", "successions", "proposals"))
    assert sorted(i.id for i in corpus.instruments) == instruments
    assert [t.id for t in corpus.topics] == sorted(Path(n).stem for n in folder if n.startswith("topics/"))
    assert sorted(p.id for p in corpus.proposals) == sorted(Path(n).stem for n in folder if n.startswith("proposals/"))
    assert len(corpus.successions) == sum(1 for n in folder if n.startswith("successions/"))
    for instrument in corpus.instruments:
        assert instrument.short_title.en in pages[page_path(instrument.id)]
    for topic in corpus.topics:
        assert f"topics/{topic.id}.md" in pages
    assert {"index.md", "gaps.csv", "proposals.md", "graph.graphml", "graph.json"} <= set(pages)


@examples(180)
@given(mutated_folders(), st.booleans())
def test_mutated_statute_folders_give_diagnostics_not_exceptions(folder, cache):
    result, pages, written, again = _build(folder, cache)
    assert again.diagnostics == result.diagnostics  # the parse and check caches change nothing
    for diagnostic in result.diagnostics:
        assert diagnostic.file in written and diagnostic.message
        assert diagnostic.line >= 0 and diagnostic.col >= 0 and isinstance(diagnostic.severity, Severity)
    flawed = {d.file for d in result.diagnostics if d.severity is Severity.ERROR and d.line == 0}
    assert not flawed & {i.file for i in result.linked.corpus.instruments}  # an unreadable file builds nothing
    assert set(pages) >= {"index.md"} | {page_path(i.id) for i in result.linked.corpus.instruments}
