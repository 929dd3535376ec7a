"""In Chromium: the PIPL page, a cross-reference link, search in both languages, no outside request."""

import os
import shutil

import pytest

pytestmark = pytest.mark.browser
#: Debian's chromium (and the one on GitHub's Ubuntu runners) is here; KB_CHROMIUM names another build.
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def page(site_url, tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run), or set KB_CHROMIUM to a Chromium "
                    "binary")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.outside = []
        page.on("request", lambda r: page.outside.append(r.url)
                if not r.url.startswith(site_url) and not r.url.startswith(("data:", "blob:")) else None)
        yield page
        browser.close()


def test_pipl_page_and_cross_reference_link(page, site_url):
    page.goto(site_url + "cn/pipl/")
    assert page.locator("h1#top").inner_text().startswith("中华人民共和国个人信息保护法")
    assert page.locator("h4[id^=art_]").count() == 74
    page.locator("#art_45__para_1 a.kb-ref", has_text="本法第十八条第一款").click()
    page.wait_for_function("() => location.hash === '#art_18__para_1'")
    target = page.locator("#art_18__para_1")
    assert target.is_visible()
    assert target.locator(".kb-zh").inner_text().startswith("个人信息处理者处理个人信息，有法律、行政法规规定应当保密")
    cited_by = page.locator("#art_18 ~ footer .kb-cited-by a", has_text="第四十五条第一款")
    assert cited_by.get_attribute("href") == "#art_45__para_1"


@pytest.mark.parametrize("query", ["删除", "delete"])
def test_search_finds_pipl_47_in_both_languages(page, site_url, query):
    page.goto(site_url + "search/?q=" + query)
    page.wait_for_selector(".pagefind-ui__result-link")
    links = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()]
    assert "/cn/pipl/#art_47" in links
    page.wait_for_selector(".pagefind-ui__result-excerpt mark")
    hit = page.locator(".pagefind-ui__result", has=page.locator("a[href='/cn/pipl/#art_47']"))
    assert hit.locator(".pagefind-ui__result-excerpt mark").count() >= 1, "each hit shows its words in context"
    assert "anchor" not in page.locator(".pagefind-ui__results").inner_text().lower()


def test_search_for_handler_finds_many_pipl_articles(page, site_url):
    page.goto(site_url + "search/")
    found = page.evaluate("""async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const search = await pagefind.search('个人信息处理者');
        const hits = await Promise.all(search.results.map(r => r.data()));
        return hits.map(h => h.meta.anchor).filter(a => a.startsWith('/cn/pipl/#'));
    }""")
    assert len(found) >= 30
    assert "/cn/pipl/#art_47" in found


@pytest.mark.parametrize("query, first", [("right to erasure", "/eu/gdpr/#art_17"),
                                          ("verifiable parental consent", "/us/coppa/#sec_6502")])
def test_english_queries_land_on_the_article_first(page, site_url, query, first):
    page.goto(site_url + "search/?q=" + query)
    page.wait_for_selector(".pagefind-ui__result-link")
    assert page.locator(".pagefind-ui__result-link").first.get_attribute("href") == first


@pytest.mark.parametrize("query", ["单独同意", "单独 同意"])
def test_unspaced_chinese_query_is_segmented_like_the_text(page, site_url, query):
    """单独同意 is written without a space; the page cuts it into 单独 同意 before searching."""
    page.goto(site_url + "search/?q=" + query)
    page.wait_for_selector(".pagefind-ui__result-link")
    first = [a.get_attribute("href") for a in page.locator(".pagefind-ui__result-link").all()[:3]]
    assert sorted(first) == ["/cn/pipl/#art_14", "/cn/pipl/#art_25", "/cn/pipl/#art_29"]


def test_a_hit_lands_on_the_article_anchor(page, site_url):
    page.goto(site_url + "search/?q=删除")
    page.locator(".pagefind-ui__result-link[href='/cn/pipl/#art_47']").first.click()
    page.wait_for_function("() => location.hash === '#art_47'")
    assert page.url.endswith("/cn/pipl/#art_47")
    assert page.locator("#art_47").is_visible()


def test_topic_page_shows_deletion_side_by_side(page, site_url):
    page.goto(site_url + "topics/deletion/")
    assert [a.inner_text() for a in page.locator("nav.kb-subnav a").all()] == [
        "Topics", "Gap matrix", "Redlines", "From proposal to law", "Graph"]
    headings = [h.inner_text() for h in page.locator(".kb-compare__column h2").all()]
    assert [h.split(" ")[0] for h in headings] == ["China", "United", "California", "European"]
    links = {a.get_attribute("href") for a in page.locator(".kb-card h3 a").all()}
    assert {"../../cn/pipl/#art_47", "../../cn/csl-2016/#art_43", "../../cn/civil-code/book_4/#art_1037", "../../eu/gdpr/#art_17",
            "../../us-ca/ccpa/#sec_1798.105", "../../us/coppa/#sec_6502__subsec_b__para_1__subpara_B__clause_ii"} <= links
    columns = page.locator(".kb-compare__column").all()
    boxes = [c.bounding_box() for c in columns]
    assert boxes[0]["y"] == boxes[3]["y"] and boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"] < boxes[3]["x"], "four columns in a row"
    page.locator(".kb-card h3 a[href='../../eu/gdpr/#art_17']").click()
    page.wait_for_function("() => location.hash === '#art_17'")
    assert page.locator("#art_17").is_visible()


def test_gap_matrix_rates_every_topic_in_four_jurisdictions(page, site_url, linked):
    page.goto(site_url + "gaps/")
    rows = page.locator("table.kb-gaps tbody tr").all()
    assert len(rows) == len(linked.corpus.topics)
    for row in rows:
        ratings = [c.inner_text().split("\n")[0] for c in row.locator("td").all()]
        assert len(ratings) == 4 and all(r.split(" ")[1] in ("full", "partial", "none") for r in ratings)
    deletion = page.locator("tr#deletion td").nth(3)
    assert deletion.inner_text().startswith("● full") and deletion.locator("a", has_text="GDPR art. 17").count() == 1
    for name in ("gaps.csv", "gaps.json"):
        response = page.request.get(site_url + name)
        assert response.ok
    assert page.request.get(site_url + "gaps.csv").text().startswith("\ufefftopic,label_en,label_zh,cn,cn_provisions")


def test_redline_marks_the_change_in_words_not_colour_alone(page, site_url):
    page.goto(site_url + "redlines/gpcl--civil-code/art_111/")
    chinese = page.locator(".kb-diff[lang='zh-Hans']")
    assert chinese.locator("del").text_content() == "[deleted: 和]"
    assert chinese.locator("ins").text_content() == "[inserted: 或者]"
    assert page.locator(".kb-diff[lang='zh-Hans'] del").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert page.locator(".kb-diff[lang='zh-Hans'] ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    assert page.locator(".kb-diff[lang='en'] del").text_content() == "[deleted: and]"
    page.goto(site_url + "cn/gpcl/#art_111")
    page.locator("#art_111 ~ footer a.kb-redline-link").click()
    page.wait_for_url("**/redlines/gpcl--civil-code/art_111/")
    page.goto(site_url + "redlines/")
    assert page.locator("a[href='tort-liability--civil-code/art_36/']").inner_text() == "Tort Liability Law Art. 36 → Civil Code Arts. 1194–1197"


def test_proposals_page_lists_each_proposal_with_outcome_and_provisions(page, site_url, linked):
    page.goto(site_url + "proposals/")
    entries = page.locator("article.kb-proposal").all()
    assert len(entries) == len(linked.corpus.proposals)
    for entry in entries:
        assert entry.locator(".kb-outcome").inner_text() in ("Adopted", "Partly adopted", "Not adopted", "Answered",
                                                            "Partly answered", "Not answered")
        assert entry.locator(".kb-answers a").count() >= 1
    assert page.locator("#punitive-damages .kb-outcome").inner_text() == "Not adopted"
    page.goto(site_url + "cn/pipl/#art_16")
    link = page.locator("#art_16 ~ footer .kb-proposals a").first
    assert link.get_attribute("href") == "../../proposals/#app-permissions"


def test_graph_view_works_with_the_network_cut(page, site_url, tmp_path):
    """Every request outside the site is refused: the view draws from the site's own files."""
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    refused = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site_url)
                  else (refused.append(route.request.url), route.abort()))
    view = context.new_page()
    try:
        view.goto(site_url + "graph/?id=cn/gpcl%23art_111")
        view.wait_for_function("() => document.getElementById('kb-graph').dataset.ready === 'true'")
        assert view.locator("#kb-graph canvas").count() == 1
        assert int(view.locator("#kb-graph").get_attribute("data-nodes")) >= 4
        listed = view.locator("#kb-graph-list ul[data-kind='superseded_by'] a")
        assert listed.inner_text().startswith("Civil Code Art. 111")
        assert listed.get_attribute("href") == site_url + "cn/civil-code/book_1/#art_111"
        view.fill("#kb-graph-id", "cn/civil-code#art_111")
        view.click("#kb-graph-form button")
        view.wait_for_function("() => location.search === '?id=cn/civil-code%23art_111'")
        view.wait_for_function("() => document.getElementById('kb-graph').dataset.ready === 'true'")
        assert view.locator("#kb-graph-list ul[data-kind='supersedes'] a").inner_text().startswith("GPCL Art. 111")
        for bad, said in (("cn/pipl%23art_999", "no provision cn/pipl#art_999"), ("../../gaps", "is not an id")):
            view.goto(site_url + "graph/?id=" + bad)
            view.wait_for_function("() => document.getElementById('kb-graph').dataset.ready === 'error'")
            assert said in view.locator("#kb-graph-status").inner_text()
            assert view.locator("#kb-graph canvas").count() == 0
    finally:
        context.close()
    assert refused == []


def test_a_long_code_has_a_page_per_book_and_old_addresses_still_work(page, site_url):
    """The Civil Code is split by book; /cn/civil-code/#art_1034 (an address cited before) still lands on Art. 1034."""
    page.goto(site_url + "cn/civil-code/#art_1034__para_2")
    page.wait_for_url("**/cn/civil-code/book_4/#art_1034__para_2")
    assert page.locator("#art_1034__para_2 .kb-zh").inner_text().startswith("个人信息是以电子或者其他方式记录的")
    assert page.locator("h4[id^=art_]").count() == 51
    page.goto(site_url + "cn/civil-code/")
    assert page.locator("h4[id^=art_]").count() == 0
    assert page.locator(".kb-toc a", has_text="人格权").first.get_attribute("href").startswith("book_4/#book_4")


def test_no_request_left_the_site(page):
    assert page.outside == []
