"""Re-importing a source into an annotated file: translations and notes follow the official words they were written for.

When articles are renumbered, each translation moves with its text; a translation stays on a changed text only when
that eId's old text is found nowhere else, and the summary says so; every provision added, removed or moved is listed.
"""

from __future__ import annotations

import pathlib

from click.testing import CliRunner

from build_kb.cli import main
from build_kb.importers.skeleton import merge
from build_kb.load.files import load_file

HEAD = "# 测试法\n\n第一条 为了测试，制定本法。\n\n"
THREE = HEAD + "第二条 处理者应当删除个人信息。\n\n第三条 本法自公布之日起施行。\n"
INSERTED = HEAD + "第二条 国家鼓励创新。\n\n第三条 处理者应当删除个人信息。\n\n第四条 本法自公布之日起施行。\n"
DELETE = "The handler shall delete personal information."
EFFECT = "This Law takes effect on the date of promulgation."
CHECK = "  topics and succession tables that name a moved or removed eId: run build-kb validate"


def _run(tmp_path: pathlib.Path, monkeypatch, source: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "law.md").write_text(source, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "law.md", "--id", "cn/test", "--output", "out.yaml"])
    return result.exit_code, result.stdout, result.stderr


def _texts(tmp_path: pathlib.Path) -> dict[str, dict]:
    return {node["eid"]: node["text"] for node in load_file(tmp_path / "out.yaml").data["provisions"]}


def _annotated(tmp_path, monkeypatch) -> None:
    """out.yaml imported from THREE, with translations of Arts. 2 and 3."""
    assert _run(tmp_path, monkeypatch, THREE)[0] == 0
    out = tmp_path / "out.yaml"
    text = out.read_text(encoding="utf-8")
    for zh, en in (("处理者应当删除个人信息。", DELETE), ("本法自公布之日起施行。", EFFECT)):
        text = text.replace(f"      zh: {zh}\n", f"      zh: {zh}\n      en: {en}\n")
    out.write_text(text, encoding="utf-8")


def test_an_inserted_article_moves_each_translation_with_its_text(tmp_path, monkeypatch):
    _annotated(tmp_path, monkeypatch)
    assert _run(tmp_path, monkeypatch, INSERTED) == (0, "\n".join([
        "4 articles; updated out.yaml: 0 provision text(s) changed, 1 added, 2 annotated provision(s) moved to "
        "another eId",
        "  added: art_2",
        "  moved: art_2 → art_3, with its translation",
        "  moved: art_3 → art_4, with its translation",
        CHECK]) + "\n", "")
    assert _texts(tmp_path) == {"art_1": {"zh": "为了测试，制定本法。"}, "art_2": {"zh": "国家鼓励创新。"},
                                "art_3": {"zh": "处理者应当删除个人信息。", "en": DELETE},
                                "art_4": {"zh": "本法自公布之日起施行。", "en": EFFECT}}


def test_removed_articles_are_listed_with_what_they_lose(tmp_path, monkeypatch):
    _annotated(tmp_path, monkeypatch)
    _run(tmp_path, monkeypatch, INSERTED)
    assert _run(tmp_path, monkeypatch, HEAD + "第二条 处理者应当删除个人信息。\n") == (0, "\n".join([
        "2 articles; updated out.yaml: 0 provision text(s) changed, 2 removed, 1 annotated provision(s) moved to "
        "another eId",
        "  moved: art_3 → art_2, with its translation",
        "  removed: art_2 (no translation or note)",
        "  removed: art_4 (its translation dropped with it)",
        CHECK]) + "\n", "")
    assert _texts(tmp_path) == {"art_1": {"zh": "为了测试，制定本法。"},
                                "art_2": {"zh": "处理者应当删除个人信息。", "en": DELETE}}


def test_a_changed_text_keeps_its_translation_and_asks_for_a_check(tmp_path, monkeypatch):
    _annotated(tmp_path, monkeypatch)
    changed = THREE.replace("删除个人信息", "删除全部个人信息")
    assert _run(tmp_path, monkeypatch, changed) == (
        0, "3 articles; updated out.yaml: 1 provision text(s) changed\n  text changed: art_2: check its translation\n",
        "")
    assert _texts(tmp_path)["art_2"] == {"zh": "处理者应当删除全部个人信息。", "en": DELETE}


def test_a_translation_is_not_carried_to_a_changed_text_when_its_own_text_moved(tmp_path, monkeypatch):
    # Art. 2's old words are now Art. 3's: the new words of Art. 2 get no translation, and Art. 3 gets its own.
    _annotated(tmp_path, monkeypatch)
    code, stdout, _ = _run(tmp_path, monkeypatch, INSERTED.replace("第四条 本法自公布之日起施行。", "第四条 本法自发布之日起施行。"))
    assert code == 0
    assert stdout.splitlines() == [
        "4 articles; updated out.yaml: 0 provision text(s) changed, 2 added, 1 removed, 1 annotated provision(s) "
        "moved to another eId",
        "  added: art_2", "  added: art_4",
        "  moved: art_2 → art_3, with its translation",
        "  removed: art_3 (its translation dropped with it)",
        CHECK]
    assert _texts(tmp_path)["art_2"] == {"zh": "国家鼓励创新。"}
    assert _texts(tmp_path)["art_4"] == {"zh": "本法自发布之日起施行。"}


def test_merge_follows_paragraphs_and_notes_of_a_renumbered_article():
    old = [{"eid": "art_2", "num": "第二条", "note": {"en": "Our note."}, "children": [
        {"eid": "art_2__para_1", "text": {"zh": "甲。", "en": "A."}},
        {"eid": "art_2__para_2", "text": {"zh": "乙。", "en": "B."}}]}]
    new = [{"eid": "art_2", "num": "第二条", "text": {"zh": "丙。"}},
           {"eid": "art_3", "num": "第三条", "children": [
               {"eid": "art_3__para_1", "text": {"zh": "甲。"}}, {"eid": "art_3__para_2", "text": {"zh": "乙。"}}]}]
    provisions, report = merge(new, old, "zh")
    assert provisions == [
        {"eid": "art_2", "num": "第二条", "text": {"zh": "丙。"}},
        {"eid": "art_3", "num": "第三条", "note": {"en": "Our note."}, "children": [
            {"eid": "art_3__para_1", "text": {"zh": "甲。", "en": "A."}},
            {"eid": "art_3__para_2", "text": {"zh": "乙。", "en": "B."}}]}]
    assert report.lines() == ["  added: art_2", "  moved: art_2 → art_3, with its note",
                              "  moved: art_2__para_1 → art_3__para_1, with its translation",
                              "  moved: art_2__para_2 → art_3__para_2, with its translation", CHECK]


def test_merge_drops_a_translation_whose_official_words_are_gone():
    old = [{"eid": "chp_1", "num": "第一章", "heading": {"zh": "总则", "en": "General Provisions"},
            "children": [{"eid": "art_1", "num": "第一条", "text": {"zh": "甲。", "en": "A."}}]}]
    new = [{"eid": "art_1", "num": "第一条", "text": {"zh": "甲。"}}]
    provisions, report = merge(new, old, "zh")
    assert provisions == [{"eid": "art_1", "num": "第一条", "text": {"zh": "甲。", "en": "A."}}]
    assert report.lines() == ["  removed: chp_1 (its translation dropped with it)", CHECK]
