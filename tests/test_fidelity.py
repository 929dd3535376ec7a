"""The Chinese text of every provision equals its official source, line by line.

Normalisation (documented in content/sources.md): each source line loses its
indent (leading and trailing spaces, full-width and no-break spaces, tabs); the
space between 第X条 and the article's first words is dropped (our article number and
text are separate fields); in the flk Word exports (GPCL), the conversion
artefacts listed in build_kb.importers.cn_markdown.FLK_ARTEFACTS are
corrected. Nothing else is changed: the half-width ';' of PIPL Arts. 63 and 69,
which the official database has, is kept.
"""

import re

import pytest

from build_kb.cn_numbers import int_to_cn
from build_kb.importers.cn_markdown import normalise_line

#: Articles per instrument, numbered 1..N without gaps (the Criminal Law, with its 之一 articles, is tested apart).
EXPECTED = {"cn/pipl": 74, "cn/csl-2016": 79, "cn/gpcl": 206, "cn/tort-liability": 92, "cn/data-security": 55,
            "cn/csl-2025": 81, "cn/civil-code": 1260, "cn/consumer-rights": 63, "cn/e-commerce": 89}

NUM = "零〇一二三四五六七八九十百千"
ARTICLE = re.compile(rf"^(第[{NUM}]+条(?:之[{NUM}]+)?)[ \u3000\u00a0\t]+")
HEADING = re.compile(rf"^(?:#+\s*)?第[{NUM}]+(?:编|分编|章|节)(?:\s|$)")
NAMED_BOOK = re.compile(r"^#\s+(总则|[\u4e00-\u9fff]{1,6}编)$")
FINAL_PART = re.compile(r"^#{1,3}\s+附\s*则$")


def _squeeze(text: str) -> str:
    return re.sub(r"^#+\s*|\s+", "", text)


def source_body(text: str) -> tuple[list[str], list[str], bool]:
    """(provision lines, heading lines) of a source file, normalised; and whether it is an flk export.

    LawRefBook files: a header (# title, history, <!-- INFO END -->) that a code repeats before each
    book, whose books are named without numbers (# 物权编: the second book, 第二编物权); flk exports:
    the body starts where the table of contents' first entry appears again. Appendices (附件) and the
    footnote (①) are not provisions.
    """
    lines = text.splitlines()
    if "<!-- INFO END -->" in lines:
        title = next(ln for ln in lines if ln.startswith("# "))
        body, flk = lines[lines.index(title):], False
    else:
        stripped = [re.sub(r"[ \u3000]", "", ln) for ln in lines]
        toc = stripped.index("目录")
        first = next(s for s in stripped[toc + 1:] if s)
        again = stripped.index(first, stripped.index(first, toc + 1) + 1)
        body, flk, title = lines[again:], True, None
    provisions, headings, books, header = [], [], 0, False
    for raw in body:
        line = normalise_line(raw, flk=flk)
        if re.match(r"^#{1,3}\s+附件", line):
            break
        if line == title:
            header = True
        elif line == "<!-- INFO END -->":
            header = False
        elif NAMED_BOOK.match(line):
            books += 1
            name = NAMED_BOOK.match(line).group(1)
            headings.append(f"第{int_to_cn(books)}编" + name.removesuffix("编"))
        elif FINAL_PART.match(line):
            headings.append("附则")
        elif header or not line or line.startswith("①") or not line.strip("#"):  # the Civil Code has an empty "##"
            continue
        elif HEADING.match(line) and not ARTICLE.match(line):
            headings.append(_squeeze(line))
        else:
            provisions.append(ARTICLE.sub(r"\1", line))
    return provisions, headings, flk


def our_lines(instrument) -> tuple[list[str], list[str]]:
    provisions, headings = [], []
    for provision in instrument.walk():
        if provision.kind in ("book", "part", "chapter", "section"):
            headings.append(provision.num + provision.heading.zh)
            continue
        if not provision.text.zh:
            continue
        if provision.kind == "article":
            provisions.append(provision.num + provision.text.zh)
        elif provision.kind == "paragraph" and provision.eid.endswith("__para_1"):
            provisions.append(instrument.provision(provision.eid.split("__")[0]).num + provision.text.zh)
        else:
            provisions.append(provision.num + provision.text.zh)
    return provisions, headings


def _chinese_with_sources():
    from build_kb.pipeline import run
    from conftest import STATUTES

    return sorted(i.id for i in run(STATUTES).linked.corpus.instruments if i.official_language == "zh" and i.source.file)


@pytest.mark.parametrize("instrument_id", _chinese_with_sources())
def test_chinese_text_equals_the_source(linked, sources, instrument_id):
    instrument = linked.corpus.get(instrument_id)
    source_text = (sources / instrument.source.file).read_text(encoding="utf-8")
    expected_lines, expected_headings, _ = source_body(source_text)
    lines, headings = our_lines(instrument)
    assert headings == expected_headings
    assert len(lines) == len(expected_lines)
    for ours, theirs in zip(lines, expected_lines):
        assert ours == theirs


@pytest.mark.parametrize("instrument_id, count", sorted(EXPECTED.items()))
def test_article_counts(linked, instrument_id, count):
    articles = linked.corpus.get(instrument_id).articles()
    assert len(articles) == count
    assert [a.eid for a in articles] == [f"art_{n}" for n in range(1, count + 1)]


def test_pipl_art_47_verbatim(linked):
    article = linked.corpus.get("cn/pipl").provision("art_47")
    texts = [p.text.zh for p in article.walk() if p.text.zh]
    assert texts[0] == "有下列情形之一的，个人信息处理者应当主动删除个人信息；个人信息处理者未删除的，个人有权请求删除："
    assert texts[-1] == ("法律、行政法规规定的保存期限未届满，或者删除个人信息从技术上难以实现的，"
                         "个人信息处理者应当停止除存储和采取必要的安全保护措施之外的处理。")
    assert len(texts) == 7  # lead-in, five items, second paragraph


def test_gpcl_art_111_verbatim(linked):
    assert linked.corpus.get("cn/gpcl").provision("art_111").text.zh == (
        "自然人的个人信息受法律保护。任何组织和个人需要获取他人个人信息的，应当依法取得并确保信息安全，"
        "不得非法收集、使用、加工、传输他人个人信息，不得非法买卖、提供或者公开他人个人信息。")


def test_official_database_quirk_kept_and_flk_artefacts_corrected(linked):
    pipl, gpcl = linked.corpus.get("cn/pipl"), linked.corpus.get("cn/gpcl")
    assert pipl.provision("art_63__para_1__item_1").text.zh.endswith(";")
    assert gpcl.provision("art_196__para_1").text.zh == "下列请求权不适用诉讼时效的规定："
    assert gpcl.provision("art_196__para_1__item_1").num == "（一）"
    assert gpcl.provision("art_205").text.zh.startswith("民法所称的“以上”“以下”")


def test_every_article_of_pipl_and_csl_is_translated_and_gpcl_chapters_1_and_5(linked):
    for instrument_id in ("cn/pipl", "cn/csl-2016"):
        missing = [p.eid for p in linked.corpus.get(instrument_id).walk() if p.text.zh and not p.text.en]
        assert missing == []
    gpcl = linked.corpus.get("cn/gpcl")
    for chapter in ("chp_1", "chp_5"):
        assert all(p.text.en for p in gpcl.provision(chapter).walk() if p.text.zh)
    assert all(gpcl.translation("en").status == "unofficial" for _ in [0])


def test_criminal_law_253_1_sorts_between_253_and_254(linked):
    criminal = linked.corpus.get("cn/criminal-law")
    order = [a.eid for a in criminal.articles()]
    assert len(order) == 505  # 452 numbered articles and 53 之X articles
    assert order[order.index("art_253") + 1: order.index("art_253") + 3] == ["art_253-1", "art_254"]
    article = criminal.provision("art_253-1")
    assert article.num == "第二百五十三条之一"
    assert article.children[0].text.zh.endswith("情节特别严重的，处三年以上七年以下有期徒刑，并处罚金。")
    # 依照第一款的规定 in para. 3 cites the article's own first paragraph, not another article
    (ref,) = linked.references["cn/criminal-law#art_253-1__para_3"]
    assert [str(t) for t in ref.targets] == ["cn/criminal-law#art_253-1__para_1"]


def test_civil_code_structure(linked):
    code = linked.corpus.get("cn/civil-code")
    chapter = code.provision("book_4__chp_6")
    assert (chapter.num, chapter.heading.zh) == ("第六章", "隐私权和个人信息保护")
    assert [a.eid for a in chapter.children] == [f"art_{n}" for n in range(1032, 1040)]
    assert [b.num for b in code.provisions] == [f"第{n}编" for n in "一二三四五六七"] + [""]
    assert code.provision("art_111").text.zh.startswith("自然人的个人信息受法律保护。任何组织或者个人")


def test_versions_and_succession(linked):
    graph = linked.graph
    assert graph.has_edge("cn/gpcl", "cn/civil-code", key="superseded_by")
    assert graph.has_edge("cn/civil-code", "cn/tort-liability", key="supersedes")
    assert graph.has_edge("cn/csl-2025", "cn/csl-2016", key="supersedes")
    assert len(linked.corpus.get("cn/csl-2025").articles()) == 81


def test_every_named_source_is_in_the_repository_with_its_provenance(linked, sources):
    """Every ``source.file`` an instrument names is in ``sources/``, and MANIFEST.md says where it comes from."""
    manifest = (sources / "MANIFEST.md").read_text(encoding="utf-8")
    named = sorted({i.source.file for i in linked.corpus.instruments if i.source.file})
    assert len(named) >= 20
    assert [f for f in named if not (sources / f).is_file()] == []
    assert [f for f in named if f"`{f}`" not in manifest] == []
    on_disk = sorted(p.relative_to(sources).as_posix() for p in sources.rglob("*") if p.is_file() and p.name != "MANIFEST.md")
    assert [f for f in on_disk if f"`{f}`" not in manifest] == []
