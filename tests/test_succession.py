"""Succession tables: earlier articles → the articles that took their place, shown on both pages."""

from build_kb.load.files import load_text
from build_kb.model import ProvisionId as P
from build_kb.validate.successions import validate_successions

TABLE = """from: cn/tort-liability
to: cn/civil-code
basis:
  en: Test.
articles:
  - from: art_36
    to:
      - art_1194
      - art_1195
    change: split
"""


def test_tort_liability_36_was_split_into_civil_code_1194_to_1197(linked):
    assert linked.successors(P("cn/tort-liability", "art_36")) == [P("cn/civil-code", f"art_{n}") for n in range(1194, 1198)]
    assert linked.graph.get_edge_data("cn/tort-liability#art_36", "cn/civil-code#art_1195", key="superseded_by")["change"] == "split"
    assert linked.predecessors(P("cn/civil-code", "art_1164")) == [P("cn/tort-liability", "art_2")]


def test_gpcl_111_became_civil_code_111_with_one_word_changed(linked):
    assert linked.successors(P("cn/gpcl", "art_111")) == [P("cn/civil-code", "art_111")]
    assert linked.graph.get_edge_data("cn/gpcl#art_111", "cn/civil-code#art_111", key="superseded_by")["change"] == "amended"
    assert linked.successors(P("cn/gpcl", "art_205")) == [P("cn/civil-code", "art_1259")]


def test_csl_renumbered_articles_are_matched_by_content(linked):
    assert linked.successors(P("cn/csl-2016", "art_43")) == [P("cn/csl-2025", "art_45")]
    assert linked.successors(P("cn/csl-2016", "art_64")) == [P("cn/csl-2025", "art_71")]
    assert {str(p) for p in linked.predecessors(P("cn/csl-2025", "art_71"))} == {
        "cn/csl-2016#art_64", "cn/csl-2016#art_66", "cn/csl-2016#art_70"}
    assert len([s for t in linked.corpus.successions if t.earlier == "cn/csl-2016" for s in t.steps]) == 79


def test_pages_show_both_directions(linked):
    from build_kb.render.pages import render_pages

    pages = render_pages(linked)
    art_36 = pages["cn/tort-liability.md"].split('<h4 id="art_36">')[1].split("</article>")[0]
    assert '<a href="../civil-code/book_7/#art_1194">《中华人民共和国民法典》第一千一百九十四条 (Civil Code Art. 1194) (split)</a>' in art_36
    art_1194 = pages["cn/civil-code/book_7.md"].split('<h4 id="art_1194">')[1].split("</article>")[0]
    assert "Replaces</span> <a href=\"../../tort-liability/#art_36\">" in art_1194


def test_unknown_article_and_wrong_file_name(linked):
    def problems(text, name="statutes/successions/tort-liability--civil-code.yaml"):
        return [str(d) for d in validate_successions([load_text(text, name)], linked.corpus)[1]]

    assert problems(TABLE) == []
    assert problems(TABLE.replace("art_1194", "art_1294")) == [
        "statutes/successions/tort-liability--civil-code.yaml:8:9: art_1294: Civil Code has no provision 'art_1294' "
        "(check the eId on the instrument's page: the ¶ link of each article)"]
    assert problems(TABLE, "statutes/successions/tll.yaml") == [
        "statutes/successions/tll.yaml:1:1: the file should be named tort-liability--civil-code.yaml "
        "(name succession files <earlier slug>--<later slug>.yaml)"]
