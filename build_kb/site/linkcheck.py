"""Link integrity of a built site: every internal link and anchor resolves.

Reads every HTML page of the site, collects its ids and links, and reports
each link to a page or an anchor that does not exist. Links to other origins
(``https:``, ``mailto:``) are not followed; resources loaded from another
origin (scripts, styles, images, frames) are reported, because the site must
work offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
#: Attributes that make the browser load something, by element ("*": any element).
_LOADS = {"script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",), "source": ("src", "srcset"),
          "link": ("href", "imagesrcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
          "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href", "xlink:href"),
          "use": ("href", "xlink:href"), "*": ("background",)}
# url(…) and @import in a style attribute or a <style> element
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "link" and values.get("rel") in ("canonical", "alternate"):
            return  # an address, not a resource
        for attribute in _LOADS.get(tag, ()) + _LOADS["*"]:
            value = values.get(attribute)
            if value and attribute.endswith("srcset"):
                self.loads += [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]
            elif value:
                self.loads.append(value)
        if values.get("style"):
            self.loads += [a or b for a, b in _CSS_URL.findall(values["style"])]
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.loads += [a or b for a, b in _CSS_URL.findall(data)]


@dataclass(frozen=True)
class BrokenLink:
    """A link that resolves to nothing: the page it is on (site-relative), the href, and why."""

    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.reason}"


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def check_site(site: Path) -> list[BrokenLink]:
    """Every broken internal link, missing anchor and outside resource of the site in ``site``.

    Returns:
        Problems sorted by page; empty when the site is whole.
    """
    site = site.resolve()
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    broken: list[BrokenLink] = []
    for path, page in pages.items():
        name = str(path.relative_to(site))
        for resource in page.loads:
            if _EXTERNAL.match(resource) and not resource.startswith("data:"):
                broken.append(BrokenLink(name, resource, "loaded from another origin"))
        for href in page.links:
            if _EXTERNAL.match(href):
                continue
            target, _, fragment = href.partition("#")
            target, _, query = target.partition("?")
            if query:
                fragment = ""  # the fragment of a query belongs to the page's script (graph/?id=cn/pipl#art_47)
            target = unquote(target.split("?", 1)[0])
            base = site if target.startswith("/") else path.parent
            resolved = (base / target.lstrip("/")).resolve() if target else path
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists() or site not in resolved.parents and resolved != site:
                broken.append(BrokenLink(name, href, "no such page"))
                continue
            if fragment and resolved in pages and unquote(fragment) not in pages[resolved].ids:
                broken.append(BrokenLink(name, href, "no such anchor"))
    return broken
