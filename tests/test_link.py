"""Stage 3: references in the real statutes become graph edges between real provisions."""

from build_kb.model import ProvisionId


def pid(value):
    return ProvisionId.parse(value)


def test_pipl_45_cites_art_18_para_1_and_art_35(linked):
    assert linked.cites(pid("cn/pipl#art_45")) == [pid("cn/pipl#art_18__para_1"), pid("cn/pipl#art_35")]


def test_pipl_18_is_cited_by_art_45(linked):
    assert pid("cn/pipl#art_45__para_1") in linked.cited_by(pid("cn/pipl#art_18"))


def test_pipl_13_para_2_cites_items_2_to_7_of_para_1(linked):
    (ref,) = linked.references["cn/pipl#art_13__para_2"]
    assert ref.text == "前款第二项至第七项"
    assert [t.eid for t in ref.targets] == [f"art_13__para_1__item_{n}" for n in range(2, 8)]
    assert ref.anchor == pid("cn/pipl#art_13__para_1")


def test_csl_2016_art_64_cites_the_personal_information_articles(linked):
    targets = {t.eid for t in linked.cites(pid("cn/csl-2016#art_64"))}
    assert {"art_22__para_3", "art_41", "art_42", "art_43", "art_44"} <= targets


def test_every_reference_in_chinese_law_resolves(result):
    # only laws the knowledge base does not hold (notes) are left: 《中华人民共和国合同法》 and the like
    assert [str(d) for d in result.diagnostics if "/cn/" in d.file and d.severity.value != "note"] == []
    notes = [d for d in result.diagnostics if "/cn/" in d.file and d.severity.value == "note"]
    assert notes and all("names an instrument which is not in the knowledge base" in d.message for d in notes)


def test_graph_holds_instruments_provisions_and_every_edge_kind(linked):
    graph = linked.graph
    assert graph.nodes["cn/pipl"]["type"] == "instrument"
    assert graph.nodes["cn/pipl#art_47"]["kind"] == "article"
    assert graph.has_edge("cn/pipl#art_47", "cn/pipl#art_47__para_1", key="contains")
    kinds = {data["kind"] for _, _, data in graph.edges(data=True)}
    assert kinds == {"contains", "cites", "topic", "supersedes", "superseded_by", "version_of", "explains", "answers"}
    assert graph.has_edge("cn/pipl#art_47", "topic:deletion", key="topic")


def test_provision_id_round_trips():
    assert str(ProvisionId.parse("cn/pipl#art_13__para_1__item_2")) == "cn/pipl#art_13__para_1__item_2"


def test_pipl_18_cites_the_preceding_article_17_para_1(linked):
    assert linked.cites(pid("cn/pipl#art_18")) == [pid("cn/pipl#art_17__para_1")]


def test_reference_to_a_missing_provision_is_a_warning_with_place_and_span():
    from pathlib import Path

    from build_kb.pipeline import run

    result = run(Path(__file__).parent / "fixtures" / "statutes")
    assert [str(d) for d in result.diagnostics] == [
        "tests/fixtures/statutes/cn/excerpt.yaml:37:19: warning: art_18__para_1: unresolved reference '前条第一款' at characters 48-53: "
        "前条第一款 stands in the first article: there is no preceding article (check the number, or add the instrument it names)",
        "tests/fixtures/statutes/cn/excerpt.yaml:54:19: warning: art_45__para_1: unresolved reference '第三十五条' at characters 34-39: "
        "第三十五条 names article 35, which 个人信息保护法（节选） does not have (check the number, or add the instrument it names)",
    ]


def test_a_title_without_an_article_links_to_the_instrument(linked):
    refs = {r.text: r for r in linked.references["cn/csl-2025#art_42__para_2"]}
    assert str(refs["《中华人民共和国个人信息保护法》"].anchor) == "cn/pipl#top"
    assert refs["《中华人民共和国个人信息保护法》"].targets == ()
    refs = {r.text: r for r in linked.references["cn/civil-code#art_1260"]}
    assert str(refs["《中华人民共和国民法总则》"].anchor) == "cn/gpcl#top"
