"""``build-kb import`` of a Chinese statute: what the reader accepts, and the one-line error for everything else.

Each error names the source (and its line when there is one), says how to fix it, exits 1 and writes nothing.
"""

from __future__ import annotations

import pathlib

import pytest
from click.testing import CliRunner

from build_kb.cli import main

LAW = """# 中华人民共和国测试法

2021年8月20日 第十三届全国人民代表大会常务委员会第三十次会议通过

<!-- INFO END -->

## 第一章 总 则

第一条 为了测试，制定本法。

第二条 本法所称测试，是指下列活动：

（一）检查；

（二）核对。

第三条 测试应当遵循诚信原则。

第二款的规定，适用于本条。
"""
#: Line of each article in LAW.
ARTICLE_LINES = {"第一条": 9, "第二条": 11, "第三条": 17}


def _import(tmp_path: pathlib.Path, monkeypatch, content: str | bytes, name: str = "law.md"):
    """Run ``build-kb import law.md`` in ``tmp_path``: (exit code, stdout, stderr, what was written)."""
    monkeypatch.chdir(tmp_path)
    source = tmp_path / name
    if isinstance(content, str):
        source.write_text(content, encoding="utf-8")
    else:
        source.write_bytes(content)
    result = CliRunner().invoke(main, ["import", name, "--id", "cn/test", "--output", "out.yaml"])
    out = tmp_path / "out.yaml"
    return result.exit_code, result.stdout, result.stderr, out.read_text(encoding="utf-8") if out.exists() else None


@pytest.fixture
def clean(tmp_path_factory, monkeypatch) -> str:
    """What LAW as printed imports to."""
    code, stdout, stderr, written = _import(tmp_path_factory.mktemp("clean"), monkeypatch, LAW)
    assert (code, stdout, stderr) == (0, "3 articles; created out.yaml: fill in the fields marked TODO, then run "
                                         "build-kb validate\n", "")
    return written


def test_the_sample_imports_with_paragraphs_and_items(clean):
    eids = [line.strip().removeprefix("- eid: ") for line in clean.splitlines() if line.strip().startswith("- eid: ")]
    assert eids == ["chp_1", "art_1", "art_2", "art_2__para_1", "art_2__para_1__item_1", "art_2__para_1__item_2",
                    "art_3", "art_3__para_1", "art_3__para_2"]
    assert "zh: 第二款的规定，适用于本条。" in clean


def test_a_byte_order_mark_is_ignored(tmp_path, monkeypatch, clean):
    code, _, stderr, written = _import(tmp_path, monkeypatch, "\ufeff" + LAW)
    assert (code, stderr) == (0, "")
    assert written == clean


@pytest.mark.parametrize("separator", ["\u00a0", "\u3000", "\t", "", "  ", "\u3000\u3000"],
                         ids=["no-break space", "ideographic space", "tab", "nothing", "two spaces", "two ideographic"])
def test_any_separator_after_the_article_number(tmp_path, monkeypatch, clean, separator):
    source = LAW.replace("第二条 ", f"第二条{separator}").replace("第三条 ", f"第三条{separator}")
    code, _, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stderr) == (0, "")
    assert written == clean


def test_lines_indented_with_no_break_spaces(tmp_path, monkeypatch, clean):
    source = LAW.replace("第二条 ", "\u00a0\u00a0第二条 ").replace("（一）", "\u00a0（一）")
    code, _, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stderr) == (0, "")
    assert written == clean


def test_an_article_number_alone_on_its_line(tmp_path, monkeypatch, clean):
    code, _, stderr, written = _import(tmp_path, monkeypatch, LAW.replace("第三条 ", "第三条\n"))
    assert (code, stderr) == (0, "")
    assert written == clean


def test_additions_numbered_zhi_yi_follow_their_article(tmp_path, monkeypatch):
    source = LAW.replace("第三条 ", "第二条之一 增加的条文。\n\n第二条之二 又一条。\n\n第三条 ")
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stderr) == (0, "")
    assert stdout.startswith("5 articles; ")
    assert "eid: art_2-1\n" in written and "eid: art_2-2\n" in written


def test_a_paragraph_that_begins_with_a_reference_is_not_an_article(tmp_path, monkeypatch):
    source = LAW.replace("第二款的规定，适用于本条。", "第一条规定的情形除外。")
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stderr) == (0, "")
    assert stdout.startswith("3 articles; ")
    assert "zh: 第一条规定的情形除外。" in written


@pytest.mark.parametrize("source, line, message", [
    (LAW.replace("第二条 ", "第三条 ", 1).replace("第三条 测试", "第四条 测试"), ARTICLE_LINES["第二条"],
     "第三条 follows 第一条, expected 第二条 or 第一条之一"),
    (LAW.replace("第三条 ", "第四条 "), ARTICLE_LINES["第三条"], "第四条 follows 第二条, expected 第三条 or 第二条之一"),
    (LAW.replace("第三条 ", "第二条 "), ARTICLE_LINES["第三条"], "第二条 follows 第二条, expected 第三条 or 第二条之一"),
    (LAW.replace("第一条 ", "第零条 "), ARTICLE_LINES["第一条"], "第零条 is the first article, expected 第一条"),
    (LAW.replace("第三条 ", "第二条之二 "), ARTICLE_LINES["第三条"],
     "第二条之二 follows 第二条, expected 第三条 or 第二条之一"),
], ids=["jump from the start", "jump", "repeated", "first is not 1", "addition out of order"])
def test_articles_out_of_sequence_are_an_error(tmp_path, monkeypatch, source, line, message):
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stdout, written) == (1, "", None)
    assert stderr == (f"law.md:{line}: {message}: an article is missing or misnumbered in the source (a mistyped "
                      "number, or an article that was not read); correct the source and import again\n")


@pytest.mark.parametrize("printed, shown", [("第3条", "第3条"), ("第三條", "第三條"), ("第 三 条", "第 三 条"),
                                            ("第十十条", "第十十条"), ("第３条", "第３条")])
def test_a_mistyped_article_number_is_an_error(tmp_path, monkeypatch, printed, shown):
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, LAW.replace("第三条", printed))
    assert (code, stdout, written) == (1, "", None)
    assert stderr == (f"law.md:{ARTICLE_LINES['第三条']}: {shown!r} begins like an article number but is not one: "
                      "write it as 第, a Chinese numeral and 条 (第十一条, 第二百五十三条之一), then import again\n")


def test_an_article_without_text_is_an_error(tmp_path, monkeypatch):
    code, _, stderr, written = _import(tmp_path, monkeypatch, LAW.replace("第三条 测试应当遵循诚信原则。\n\n第二款的规定，适用于本条。\n",
                                                                          "第三条\n"))
    assert (code, written) == (1, None)
    assert stderr == f"law.md:{ARTICLE_LINES['第三条']}: 第三条 has no text: restore the article's words in the source\n"


@pytest.mark.parametrize("content, message", [
    (LAW.encode("gbk"), "law.md:1: the file is not UTF-8 but reads as GBK: convert it (iconv -f GBK -t UTF-8 law.md > "
                        "law.utf8.md) and import the converted file"),
    (LAW.encode("utf-16"), "law.md: the file is UTF-16, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8 law.md > "
                           "law.utf8.md) and import the converted file"),
    ("# Law\n\nno articles\n".encode("utf-16-le"),
     "law.md: the file holds NUL bytes, so it is probably UTF-16, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8 "
     "law.md > law.utf8.md) and import the converted file"),
    (LAW.encode("utf-8") + b"\n\xff\n", "law.md:21: the file is not UTF-8 (byte 0xff is not valid UTF-8): save it as "
                                        "UTF-8 and import it again"),
    (b"", "law.md: the file is empty: nothing to import"),
    (b"\xef\xbb\xbf \n\n\t\n", "law.md: the file is empty: nothing to import"),
    ("# 说明\n\n本文件不是法律。\n", "law.md: no line starts with an article number such as 第一条: is this a Chinese "
                                   "statute in the Markdown of the national law database?"),
    (LAW.split("## 第一章")[0], "law.md: no article found: is this a Chinese statute in LawRefBook or flk Markdown?"),
], ids=["GBK", "UTF-16", "UTF-16 without BOM", "invalid byte", "empty", "blank", "no article number", "header only"])
def test_unreadable_sources_are_one_line_errors(tmp_path, monkeypatch, content, message):
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, content)
    assert (code, stdout, stderr, written) == (1, "", message + "\n", None)


def test_a_folder_as_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sources").mkdir()
    result = CliRunner().invoke(main, ["import", "sources", "--id", "cn/test", "--output", "out.yaml"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "sources: a folder, not a source file: name the file itself (e.g. sources/cn/pipl_2021.md)\n"
    assert not (tmp_path / "out.yaml").exists()


def test_a_missing_source(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "nope.md", "--id", "cn/test", "--output", "out.yaml"])
    assert (result.exit_code, result.stderr) == (1, "nope.md: no such file: check the path\n")


def test_a_source_that_may_not_be_read(tmp_path, monkeypatch):
    # chmod cannot take the right to read away from root, so the refusal is made by the file system call itself
    source = tmp_path / "law.md"
    source.write_text(LAW, encoding="utf-8")
    real = pathlib.Path.read_bytes

    def refuse(self):
        if self.name == "law.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["import", "law.md", "--id", "cn/test", "--output", "out.yaml"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == ("law.md: cannot be read (Permission denied): check that the file exists and that you may "
                             "read it\n")
    assert not (tmp_path / "out.yaml").exists()


PLAIN = "# 测试法\n\n## 第一章 总则\n\n第一条 甲。\n\n## 第二章 二\n\n第二条 乙。\n"


def _eids(written: str) -> list[str]:
    return [line.strip().removeprefix("- eid: ") for line in written.splitlines() if line.strip().startswith("- eid: ")]


def test_headings_without_the_header_marker_keep_their_place(tmp_path, monkeypatch):
    code, _, stderr, written = _import(tmp_path, monkeypatch, PLAIN)
    assert (code, stderr) == (0, "")
    assert _eids(written) == ["chp_1", "art_1", "chp_2", "art_2"]
    assert "      zh: 总则\n" in written


def test_an_article_before_the_first_heading_stays_before_it(tmp_path, monkeypatch):
    code, _, stderr, written = _import(tmp_path, monkeypatch, "# 测试法\n\n第一条 甲。\n\n## 第一章 总则\n\n第二条 乙。\n")
    assert (code, stderr) == (0, "")
    assert _eids(written) == ["art_1", "chp_1", "art_2"]


_HEADING_HINT = "heading is missing, repeated or misnumbered in the source; correct the source and import again"


@pytest.mark.parametrize("source, message", [
    (PLAIN.replace("第二章 二", "第一章 二"), f"law.md:7: 第一章 follows 第一章, expected 第二章: a chapter {_HEADING_HINT}"),
    (PLAIN.replace("第一章 总则", "第二章 总则").replace("第二章 二", "第一章 二"),
     f"law.md:3: 第二章 is the first chapter, expected 第一章: a chapter {_HEADING_HINT}"),
    (PLAIN.replace("第二章 二", "第三章 二"), f"law.md:7: 第三章 follows 第一章, expected 第二章: a chapter {_HEADING_HINT}"),
    (PLAIN.replace("第一条 甲。", "### 第二节 一般规定\n\n第一条 甲。"),
     f"law.md:5: 第二节 is the first section of 第一章, expected 第一节: a section {_HEADING_HINT}"),
    (PLAIN.replace("第一条 甲。", "### 第一节 一\n\n第一条 甲。\n\n### 第三节 三\n"),
     f"law.md:9: 第三节 follows 第一节, expected 第二节: a section {_HEADING_HINT}"),
    ("# 测试法\n\n# 第二编 物权\n\n第一条 甲。\n", f"law.md:3: 第二编 is the first book, expected 第一编: a book {_HEADING_HINT}"),
    ("# 测试法\n\n# 第一编 总则\n\n## 第一分编 通则\n\n第一条 甲。\n\n## 第一分编 又\n\n第二条 乙。\n",
     f"law.md:9: 第一分编 follows 第一分编, expected 第二分编: a part {_HEADING_HINT}"),
    (PLAIN.replace("## 第二章", "## 第2章"), "law.md:7: '第2章' begins like a heading number but is not one: write it as "
                                            "第, a Chinese numeral and 编, 分编, 章 or 节 (第三章, 第二节), then import again"),
], ids=["repeated", "backwards", "gap", "first section not 1", "section gap", "first book not 1", "repeated part",
        "unreadable"])
def test_headings_out_of_sequence_are_an_error(tmp_path, monkeypatch, source, message):
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stdout, stderr, written) == (1, "", message + "\n", None)


def test_sections_start_again_in_each_chapter_and_chapters_in_each_book(tmp_path, monkeypatch):
    source = ("# 测试法\n\n# 第一编 总则\n\n## 第一章 一\n\n### 第一节 一\n\n第一条 甲。\n\n## 第二章 二\n\n### 第一节 一\n\n"
              "第二条 乙。\n\n# 第二编 分则\n\n## 第一分编 通则\n\n## 第一章 一\n\n第三条 丙。\n\n## 第二分编 典型\n\n"
              "## 第二章 二\n\n第四条 丁。\n")
    code, _, stderr, written = _import(tmp_path, monkeypatch, source)
    assert (code, stderr) == (0, "")
    assert _eids(written) == ["book_1", "book_1__chp_1", "book_1__chp_1__sec_1", "art_1", "book_1__chp_2",
                              "book_1__chp_2__sec_1", "art_2", "book_2", "book_2__part_1", "book_2__part_1__chp_1",
                              "art_3", "book_2__part_2", "book_2__part_2__chp_2", "art_4"]


@pytest.mark.parametrize("number", ["第九千九百九十九亿条", "第一万条"])
def test_an_article_number_too_large_stops_the_import(tmp_path, monkeypatch, number):
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, LAW.replace("第三条", number))
    assert (code, stdout, written) == (1, "", None)
    assert stderr == (f"law.md:{ARTICLE_LINES['第三条']}: {number!r} begins like an article number but is not one: "
                      "write it as 第, a Chinese numeral and 条 (第十一条, 第二百五十三条之一), then import again\n")


@pytest.mark.parametrize("items, line, message", [
    ("（一）检查；\n\n（三）核对。", 15, "（三） follows （一） in 第二条, expected （二）"),
    ("（一）检查；\n\n（一）核对。", 15, "（一） follows （一） in 第二条, expected （二）"),
    ("（二）检查；\n\n（三）核对。", 13, "（二） is the first item of its paragraph in 第二条, expected （一）"),
    ("（一）检查；\n\n（十十）核对。", 15, "（十十） follows （一） in 第二条, expected （二）"),
], ids=["gap", "repeated", "first is not 1", "unreadable"])
def test_items_out_of_sequence_are_an_error(tmp_path, monkeypatch, items, line, message):
    code, stdout, stderr, written = _import(tmp_path, monkeypatch, LAW.replace("（一）检查；\n\n（二）核对。", items))
    assert (code, stdout, written) == (1, "", None)
    assert stderr == (f"law.md:{line}: {message}: an item is missing or misnumbered in the source; correct the source "
                      "and import again\n")
