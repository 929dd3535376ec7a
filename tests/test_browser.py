"""In Chromium: the PIPL page, a cross-reference link, search in both languages, no outside request."""

import shutil

import pytest

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def page(site_url, tmp_path_factory):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (see .ci/run)")
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
    page.wait_for_function("location.hash === '#art_18__para_1'")
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
    page.wait_for_function("location.hash === '#art_47'")
    assert page.url.endswith("/cn/pipl/#art_47")
    assert page.locator("#art_47").is_visible()


def test_no_request_left_the_site(page):
    assert page.outside == []
