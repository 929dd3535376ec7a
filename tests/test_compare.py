"""Comparison: topics side by side, the gap matrix, redlines between versions, proposals, the graph exports, and their commands."""

import csv
import io
import json

import networkx as nx
from click.testing import CliRunner

from build_kb.cli import main
from build_kb.compare.matrix import columns, gap_matrix, gap_matrix_csv
from build_kb.render.graph import graphml, neighbourhoods, node_link_json
from build_kb.load.files import load_text
from build_kb.model import JURISDICTIONS, ProvisionId
from build_kb.validate.proposals import validate_proposals
from build_kb.compare.redline import DELETE, EQUAL, INSERT, Segment, changes, redline, redline_text


def topic(linked, topic_id):
    return next(t for t in linked.corpus.topics if t.id == topic_id)


def test_deletion_side_by_side_has_the_six_provisions_in_their_columns(linked):
    cols = {c.jurisdiction: [m.id for m in c.members] for c in columns(linked.corpus, topic(linked, "deletion"))}
    assert list(cols) == ["cn", "us", "us-ca", "eu"]
    assert {"cn/pipl#art_47", "cn/csl-2016#art_43", "cn/civil-code#art_1037"} <= set(cols["cn"])
    assert "us/coppa#sec_6502__subsec_b__para_1__subpara_B__clause_ii" in cols["us"]
    assert "us-ca/ccpa#sec_1798.105" in cols["us-ca"]
    assert cols["eu"] == ["eu/gdpr#art_17"]


def test_a_member_shows_its_text_and_translation(linked):
    cn = columns(linked.corpus, topic(linked, "deletion"))[0]
    pipl_47 = next(m for m in cn.members if m.id == "cn/pipl#art_47")
    assert pipl_47.citation == "PIPL Art. 47"
    assert pipl_47.text.startswith("有下列情形之一的，个人信息处理者应当主动删除个人信息")
    assert "\n（三）个人撤回同意；\n" in pipl_47.text
    assert pipl_47.translation.startswith("In any of the following circumstances")
    assert pipl_47.note.startswith("Five triggers")


def test_gap_matrix_rates_every_topic_in_every_jurisdiction(linked):
    matrix = gap_matrix(linked.corpus)
    assert len(matrix["topics"]) == len(linked.corpus.topics) >= 22
    for row in matrix["topics"]:
        assert list(row["cells"]) == list(JURISDICTIONS)
        for cell in row["cells"].values():
            assert cell["rating"] in ("full", "partial", "none")
            assert bool(cell["provisions"]) == (cell["rating"] != "none")
    deletion = next(r for r in matrix["topics"] if r["id"] == "deletion")
    assert {"id": "eu/gdpr#art_17", "citation": "GDPR art. 17"} in deletion["cells"]["eu"]["provisions"]


def test_gap_matrix_csv_has_a_row_per_topic_and_two_columns_per_jurisdiction(linked):
    text = gap_matrix_csv(linked.corpus)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["topic", "label_en", "label_zh", "cn", "cn_provisions", "us", "us_provisions",
                       "us-ca", "us-ca_provisions", "eu", "eu_provisions"]
    assert len(rows) == len(linked.corpus.topics) + 1
    deletion = next(r for r in rows if r[0] == "deletion")
    assert deletion[2] == "删除" and "GDPR art. 17" in deletion[10] and "Cal. Civ. Code § 1798.105" in deletion[8]


def test_redline_of_gpcl_111_shows_the_one_word_change(linked):
    change = next(c for c in changes(linked.corpus) if c.id == "gpcl--civil-code/art_111")
    zh = change.redline("zh")
    assert [s for s in zh if s.op != EQUAL] == [Segment(DELETE, "和"), Segment(INSERT, "或者")]
    assert [s for s in change.redline("en") if s.op != EQUAL] == [Segment(DELETE, "and"), Segment(INSERT, "or")]
    assert change.languages == ("zh", "en")


def test_tort_liability_36_is_compared_with_the_four_articles_that_replaced_it(linked):
    change = next(c for c in changes(linked.corpus) if c.id == "tort-liability--civil-code/art_36")
    assert change.change == "split"
    assert [p.eid for p in change.later.provisions] == ["art_1194", "art_1195", "art_1196", "art_1197"]
    inserted = "".join(s.text for s in change.redline("zh") if s.op == INSERT)
    assert "通知应当包括构成侵权的初步证据及权利人的真实身份信息" in inserted


def test_csl_articles_are_aligned_by_content_not_number(linked):
    merged = next(c for c in changes(linked.corpus) if c.id == "csl-2016--csl-2025/art_64")
    assert merged.change == "merged"
    assert [p.eid for p in merged.earlier.provisions] == ["art_64", "art_66", "art_70"]
    assert [p.eid for p in merged.later.provisions] == ["art_71"]
    table = next(t for t in linked.corpus.successions if t.earlier == "cn/csl-2016")
    renumbered = [s for s in table.steps if s.targets[0].eid != s.source.eid]
    assert renumbered, "the 2025 text renumbers articles"
    ids = {c.id for c in changes(linked.corpus)}
    assert all(c.startswith(("csl-2016--csl-2025/", "gpcl--civil-code/", "tort-liability--civil-code/")) for c in ids)


def test_redline_rebuilds_both_texts():
    old, new = "任何组织和个人不得非法买卖", "任何组织或者个人不得非法买卖、提供"
    segments = redline(old, new, "zh")
    assert "".join(s.text for s in segments if s.op != INSERT) == old
    assert "".join(s.text for s in segments if s.op != DELETE) == new
    english = redline("the infringed party may notify", "the right holder may notify", "en")
    assert redline_text(english) == "the [-infringed party-]{+right holder+} may notify"


def test_a_single_unchanged_character_between_changes_is_folded_into_them():
    segments = redline("被侵权人有权通知", "权利人有权通知", "zh")
    assert segments == (Segment(DELETE, "被侵权"), Segment(INSERT, "权利"), Segment(EQUAL, "人有权通知"))


PROPOSAL = """id: right-of-deletion
kind: proposal
title:
  en: Right of deletion
summary:
  en: The paper proposes a right to have information deleted.
paper_section: '3.2'
outcome: adopted
analysis:
  en: PIPL Art. 47.
answered_by:
  - provision: cn/pipl#art_47
topics:
  - deletion
"""


def proposal_problems(linked, text):
    _, diagnostics = validate_proposals([load_text(text, "statutes/proposals/right-of-deletion.yaml")], linked.corpus)
    return [str(d) for d in diagnostics]


def test_proposal_file_errors_name_line_and_fix(linked):
    assert proposal_problems(linked, PROPOSAL) == []
    assert proposal_problems(linked, PROPOSAL.replace("art_47", "art_99")) == [
        "statutes/proposals/right-of-deletion.yaml:12:16: PIPL has no provision 'art_99' "
        "(check the eId on the instrument's page: the ¶ link of each article)"]
    assert proposal_problems(linked, PROPOSAL.replace("  - deletion", "  - erasure")) == [
        "statutes/proposals/right-of-deletion.yaml:14:5: unknown topic 'erasure' (use the id of a file in statutes/topics/)"]
    assert proposal_problems(linked, PROPOSAL.replace("outcome: adopted", "outcome: done")) == [
        "statutes/proposals/right-of-deletion.yaml:8:10: 'done' is not a valid outcome "
        "(use one of: adopted, partly, not-adopted)"]


def test_every_proposal_of_the_paper_has_an_outcome_and_provisions(linked):
    proposals = {p.id: p for p in linked.corpus.proposals}
    for wanted in ("unified-law", "independent-personality-right", "right-of-decision", "confidentiality", "right-of-inquiry",
                   "right-of-correction", "right-of-blockade", "right-of-deletion", "right-to-compensation",
                   "administrative-penalties", "punitive-damages", "heavier-criminal-penalties", "state-organs-stricter-rules",
                   "app-permissions", "express-delivery-leaks", "harassing-communications", "data-brokers"):
        assert wanted in proposals, wanted
        assert proposals[wanted].answered_by and proposals[wanted].analysis.en
    assert proposals["punitive-damages"].outcome == "not-adopted"
    assert "cn/pipl#art_47__para_1" in [str(a.provision) for a in proposals["right-of-deletion"].answered_by]
    assert [p.id for p in linked.proposals_of(ProvisionId("cn/pipl", "art_16"))] == ["app-permissions"]


def test_graph_exports_hold_the_whole_graph(linked):
    from_graphml = nx.read_graphml(io.BytesIO(graphml(linked).encode("utf-8")))
    assert from_graphml.number_of_nodes() == linked.graph.number_of_nodes()
    assert from_graphml.number_of_edges() == linked.graph.number_of_edges()
    data = json.loads(node_link_json(linked))
    assert len(data["nodes"]) == linked.graph.number_of_nodes() and len(data["edges"]) == linked.graph.number_of_edges()
    assert any(edge["source"] == "cn/gpcl#art_111" and edge["target"] == "cn/civil-code#art_111" and edge["kind"] == "superseded_by"
               for edge in data["edges"])
    assert nx.node_link_graph(data, edges="edges").number_of_nodes() == linked.graph.number_of_nodes()


def test_graph_view_data_of_an_article(linked):
    gpcl = neighbourhoods(linked)["cn/gpcl"]
    assert ["superseded_by", "cn/civil-code#art_111"] in gpcl["edges"]["cn/gpcl#art_111"]
    assert ["topic", "topic:deletion"] in gpcl["edges"]["cn/gpcl#art_111"]
    assert gpcl["nodes"]["cn/civil-code#art_111"]["url"] == "cn/civil-code/book_1/#art_111"
    assert ["superseded_by", "cn/civil-code", 1] in gpcl["instrument"]
    csl = neighbourhoods(linked)["cn/csl-2025"]
    assert ["cites", "cn/pipl"] in csl["edges"]["cn/csl-2025#art_42"], "《中华人民共和国个人信息保护法》 alone cites the law"
    assert ["cited_by", "cn/csl-2025", 1] in neighbourhoods(linked)["cn/pipl"]["instrument"]


def test_compare_command_prints_the_topic_side_by_side():
    result = CliRunner().invoke(main, ["compare", "deletion"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("== China: full ==") < out.index("== United States (federal): partial ==") < out.index("== European Union: full ==")
    assert "-- 《中华人民共和国个人信息保护法》第四十七条 · PIPL Art. 47  [cn/pipl#art_47]" in out
    assert "GDPR art. 17  [eu/gdpr#art_17]" in out
    bad = CliRunner().invoke(main, ["compare", "erasure"])
    assert bad.exit_code == 2 and "no topic 'erasure'" in bad.output


def test_diff_command_prints_the_redline():
    result = CliRunner().invoke(main, ["diff", "cn/gpcl#art_111", "cn/civil-code#art_111"])
    assert result.exit_code == 0, result.output
    assert "任何组织[-和-]{+或者+}个人需要获取他人个人信息的" in result.output
    successors = CliRunner().invoke(main, ["diff", "cn/gpcl#art_111", "--language", "en"])
    assert "Any organization [-and-]{+or+} individual" in successors.output
    bad = CliRunner().invoke(main, ["diff", "cn/pipl#art_47"])
    assert bad.exit_code == 2 and "has no successor" in bad.output


def test_suggest_command_proposes_provisions_of_other_jurisdictions(tmp_path):
    result = CliRunner().invoke(main, ["suggest", "us/coppa#sec_6502", "--index-dir", str(tmp_path / "index"), "-n", "3"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Like us/coppa#sec_6502")
    assert "eu/gdpr#art_8" in lines[1]
    assert not any(" us/" in line for line in lines[1:])
