"""The site does not depend on one site generator: the pages are ordinary files before any generator runs.

The real site is built with MkDocs (the session's site) and with ProperDocs, a drop-in fork of MkDocs 1.x;
both must give the same pages with the same anchors, and both must check clean.
"""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from build_kb.site.linkcheck import _parse, check_site
from build_kb.pipeline import run
from build_kb.site.build import build_site, stage_folder
from build_kb.site.stage import write_stage

ROOT = Path(__file__).resolve().parent.parent


def _pages(site: Path) -> dict[str, set[str]]:
    """Site-relative HTML page → its anchors (ids); the search scratch and the 404 page's links left as they are."""
    return {str(path.relative_to(site)): _parse(path).ids for path in sorted(site.rglob("*.html"))}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("properdocs") / "site"
    build_site(ROOT / "mkdocs.yml", site, generator="properdocs")
    return site


def test_mkdocs_and_properdocs_give_the_same_pages_and_anchors(built_site, properdocs_site):
    mkdocs_pages, properdocs_pages = _pages(built_site), _pages(properdocs_site)
    assert len(mkdocs_pages) > 150
    assert set(mkdocs_pages) == set(properdocs_pages)
    differing = [page for page in mkdocs_pages if mkdocs_pages[page] != properdocs_pages[page]]
    assert differing == []
    assert "art_47" in mkdocs_pages["cn/pipl/index.html"]
    generator = re.compile(r'<meta name="generator" content="([^"]+)"')
    assert generator.search((built_site / "index.html").read_text(encoding="utf-8")).group(1).startswith("mkdocs-1.")
    assert generator.search((properdocs_site / "index.html").read_text(encoding="utf-8")).group(1).startswith("mkdocs-ProperDocs 1.")


def test_the_properdocs_site_checks_clean(properdocs_site):
    assert check_site(properdocs_site) == []


def test_the_stage_is_ordinary_files_that_inherit_the_projects_configuration(tmp_path):
    """No page exists only inside a plugin hook: the stage holds every page, and its configuration names no plugin."""
    for name in ("mkdocs.yml", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    linked = run(ROOT / "statutes").linked
    stage = write_stage(stage_folder(tmp_path / "mkdocs.yml"), tmp_path / "mkdocs.yml", linked)
    assert stage.root == tmp_path / ".build-kb" / "stage"
    config = yaml.safe_load(stage.config.read_text(encoding="utf-8"))
    assert config["INHERIT"] == "../../mkdocs.yml"
    assert config["docs_dir"] == str(stage.docs)
    assert "plugins" not in config and yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"] == []
    assert (stage.docs / "cn" / "pipl.md").read_text(encoding="utf-8").startswith('---\ntitle: "个人信息保护法 PIPL"\n---\n')
    assert (stage.docs / "search.md").read_bytes() == (ROOT / "content" / "search.md").read_bytes()
    assert (stage.root / "overrides" / "main.html").exists()
    nav = config["nav"]
    assert nav[0] == {"Home": "index.md"}
    assert {"个人信息保护法 PIPL": "cn/pipl.md"} in nav[1]["China"]
    assert nav[-1] == yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"][-1]
    # a second write changes nothing on disk; an edited page and a page no longer generated are all it touches
    again = write_stage(stage.root, tmp_path / "mkdocs.yml", linked)
    assert again.written == ()
    (tmp_path / "content" / "sources.md").write_text("# Sources\n", encoding="utf-8")
    (stage.docs / "stale.md").write_text("# Gone\n", encoding="utf-8")
    assert write_stage(stage.root, tmp_path / "mkdocs.yml", linked).written == ("stale.md", "sources.md")
    assert not (stage.docs / "stale.md").exists()
