"""The real site, built from the real statutes: pages, anchors, links, no outside requests."""

import re
from html.parser import HTMLParser

EXPECTED_ARTICLES = {"cn/pipl": 74, "cn/csl-2016": 79, "cn/gpcl": 206}


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.loads = set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        for name in ("src", "href") if tag in ("script", "img", "link", "iframe", "source") else ():
            if attrs.get(name):
                self.loads.append(attrs[name])


def parse(path):
    collector = _Collect()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def test_every_article_has_its_anchor(built_site):
    for instrument_id, count in EXPECTED_ARTICLES.items():
        page = parse(built_site / instrument_id / "index.html")
        anchors = {i for i in page.ids if re.fullmatch(r"art_\d+", i)}
        assert len(anchors) == count


def test_home_page_counts(built_site, linked):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    instruments = linked.corpus.instruments
    assert f"<strong>{len(instruments)}</strong> instruments" in html
    assert f"<strong>{sum(len(i.articles()) for i in instruments)}</strong> articles" in html
    assert "Personal Information Protection Law of the People's Republic of China" in html.replace("&#39;", "'")
    assert "&amp;#39;" not in html and "&amp;amp;" not in html


def test_every_internal_link_resolves(built_site):
    pages = {p: parse(p) for p in built_site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for href in parsed.hrefs:
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            target, _, fragment = href.partition("#")
            target, _, query = target.partition("?")
            if query:
                fragment = ""  # the fragment of a query belongs to the page's script (graph/?id=cn/pipl#art_47)
            base = built_site if target.startswith("/") else page.parent
            path = (base / target.lstrip("/")).resolve() if target else page
            if path.is_dir():
                path = path / "index.html"
            if path.suffix != ".html" or path not in pages:
                if not path.exists():
                    broken.append((str(page.relative_to(built_site)), href))
                continue
            if fragment and fragment not in pages[path].ids:
                broken.append((str(page.relative_to(built_site)), href))
    assert broken == []


def test_nothing_is_loaded_from_another_origin(built_site):
    outside = []
    for page in built_site.rglob("*.html"):
        outside += [u for u in parse(page).loads if re.match(r"^(https?:)?//", u)]
    assert outside == []
    css = "".join(p.read_text(encoding="utf-8", errors="replace") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_search_index_holds_every_article_and_recital(built_site, linked):
    assert (built_site / "pagefind" / "pagefind.js").exists()
    count = sum(len(i.articles()) + len(i.recitals()) for i in linked.corpus.instruments)
    assert f'"page_count":{count}' in (built_site / "pagefind" / "pagefind-entry.json").read_text()
    assert not list(built_site.parent.glob(".search-records-*"))
