"""Stage 4: rendered pages, against a golden file, escaped, with working links."""

import os
from pathlib import Path

from build_kb.pipeline import run
from build_kb.render.instrument import render_instrument
from build_kb.render.pages import render_pages
from build_kb.render.templating import md_escape
from build_kb.render.urls import relative_url

FIXTURES = Path(__file__).parent / "fixtures" / "statutes"
GOLDEN = Path(__file__).parent / "golden" / "excerpt.md"


def test_rendered_page_matches_the_golden_file():
    """Refresh with UPDATE_GOLDEN=1 pytest tests/test_render.py, then review the diff."""
    linked = run(FIXTURES).linked
    page = render_instrument(linked, linked.corpus.get("cn/excerpt"))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(page, encoding="utf-8")
    assert page == GOLDEN.read_text(encoding="utf-8")


def test_text_from_yaml_is_escaped():
    linked = run(FIXTURES).linked
    page = render_instrument(linked, linked.corpus.get("cn/excerpt"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Individuals have the right" in page


def test_markdown_heading_escape():
    assert md_escape("<b>*x*</b> [a](javascript:1)") == "&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(javascript:1\\)"


def test_relative_urls():
    assert relative_url("cn/pipl/", "cn/gpcl/#art_111") == "../gpcl/#art_111"
    assert relative_url("", "cn/pipl/#art_47") == "cn/pipl/#art_47"


def test_pipl_page_links_art_45_to_art_18_para_1(linked):
    page = render_pages(linked)["cn/pipl.md"]
    assert '<a class="kb-ref" href="#art_18__para_1">本法第十八条第一款</a>' in page
    assert '<h4 id="art_47">' in page
    cited_by_18 = page.split('<h4 id="art_18">')[1].split("</article>")[0]
    assert '<a href="#art_45__para_1">第四十五条第一款 (Art. 45(1))</a>' in cited_by_18


def test_untranslated_gpcl_article_says_so(linked):
    page = render_pages(linked)["cn/gpcl.md"]
    art_13 = page.split('<h4 id="art_13">')[1].split("</article>")[0]
    assert "No English translation yet." in art_13
    art_111 = page.split('<h4 id="art_111">')[1].split("</article>")[0]
    assert "The personal information of natural persons is protected by law." in art_111
