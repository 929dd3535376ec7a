"""Incremental builds: after an edit of one statute, only what depends on it is built again,
and the result is what a build from nothing gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_kb.pipeline import run
from build_kb.search.index import search, stage_index

ROOT = Path(__file__).resolve().parent.parent
#: A few real statutes of each script: enough for every kind of document, quick to index.
FILES = ("cn/pipl.yaml", "cn/data-security.yaml", "eu/gdpr.yaml")
QUERIES = ("删除", "个人信息", "同意", "erasure", "consent", "personal data", "安全评估", "supervisory authority")


def _statutes(folder: Path) -> Path:
    for name in FILES:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "statutes" / name, folder / name)
    return folder


def _corpus(statutes: Path):
    result = run(statutes)
    assert not result.errors, result.errors
    return result.linked.corpus


def _index(corpus, index_dir: Path, *, reuse: bool) -> Path:
    with stage_index(corpus, index_dir, "stamp", reuse=reuse) as staged:
        staged.swap_in()
        return staged.version


def _segments(version: Path) -> dict[str, str]:
    record = json.loads((version / "segments.json").read_text(encoding="utf-8"))
    return {key: entry["segment"] for key, entry in record["instruments"].items()}


def _results(index_dir: Path) -> dict[str, list[tuple[str, float]]]:
    return {q: [(hit.id, round(hit.score, 9)) for hit in search(index_dir, q, limit=20)] for q in QUERIES}


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """An index built, then PIPL Art. 47 edited and the index updated; and the same edit indexed from nothing."""
    base = tmp_path_factory.mktemp("incremental")
    statutes = _statutes(base / "statutes")
    first = _index(_corpus(statutes), base / "index", reuse=True)
    before = _segments(first)
    pipl = statutes / "cn" / "pipl.yaml"
    text = pipl.read_text(encoding="utf-8")
    assert text.count("个人信息处理者应当主动删除个人信息") == 1
    pipl.write_text(text.replace("个人信息处理者应当主动删除个人信息", "个人信息处理者应当主动删除个人信息及其备份（试改字样）"), encoding="utf-8")
    corpus = _corpus(statutes)
    updated = _index(corpus, base / "index", reuse=True)
    _index(corpus, base / "fresh", reuse=False)
    return {"before": before, "after": _segments(updated), "base": base}


def test_only_the_edited_statutes_segment_is_indexed_again(edited):
    before, after = edited["before"], edited["after"]
    assert sorted(before) == ["cn/data-security", "cn/pipl", "eu/gdpr"]
    assert after["cn/data-security"] == before["cn/data-security"]
    assert after["eu/gdpr"] == before["eu/gdpr"]
    assert after["cn/pipl"] != before["cn/pipl"]


def test_the_updated_index_finds_the_edit(edited):
    hits = search(edited["base"] / "index", "试改字样")
    assert [hit.id for hit in hits] == ["cn/pipl#art_47"]


def test_updated_and_fresh_indexes_give_the_same_results_and_scores(edited):
    updated, fresh = _results(edited["base"] / "index"), _results(edited["base"] / "fresh")
    assert all(updated[q] for q in QUERIES)
    assert updated == fresh


def test_a_removed_statute_leaves_the_index(edited, tmp_path):
    statutes = _statutes(tmp_path / "statutes")
    index_dir = tmp_path / "index"
    _index(_corpus(statutes), index_dir, reuse=True)
    assert any(hit.id.startswith("eu/gdpr#") for hit in search(index_dir, "supervisory authority"))
    (statutes / "eu" / "gdpr.yaml").unlink()
    version = _index(_corpus(statutes), index_dir, reuse=True)
    assert sorted(_segments(version)) == ["cn/data-security", "cn/pipl"]
    assert not any(hit.id.startswith("eu/gdpr#") for hit in search(index_dir, "supervisory authority"))


def _tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_edit_renders_only_the_pages_that_show_it_and_the_stage_equals_a_fresh_one(tmp_path, monkeypatch):
    from build_kb.render import pages
    from build_kb.site.stage import write_stage

    statutes = _statutes(tmp_path / "statutes")
    config = ROOT / "mkdocs.yml"
    write_stage(tmp_path / "stage", config, run(statutes).linked)
    rendered = []
    original = pages.render_instrument
    monkeypatch.setattr(pages, "render_instrument", lambda linked, instrument, *a: rendered.append(instrument.id) or original(linked, instrument, *a))
    gdpr = statutes / "eu" / "gdpr.yaml"
    text = gdpr.read_text(encoding="utf-8")
    assert text.count("without undue delay") > 3
    gdpr.write_text(text.replace("without undue delay", "without any undue delay", 1), encoding="utf-8")
    linked = run(statutes).linked
    again = write_stage(tmp_path / "stage", config, linked)
    assert rendered == ["eu/gdpr"]
    assert "eu/gdpr.md" in again.written and "cn/pipl.md" not in again.written
    rendered.clear()
    write_stage(tmp_path / "fresh", config, linked)
    assert sorted(rendered) == ["cn/data-security", "cn/pipl", "eu/gdpr"]
    assert _tree_bytes(tmp_path / "stage" / "docs") == _tree_bytes(tmp_path / "fresh" / "docs")
    assert "without any undue delay" in (tmp_path / "stage" / "docs" / "eu" / "gdpr.md").read_text(encoding="utf-8")


def test_a_change_that_a_citing_page_shows_renders_that_page_again(tmp_path, monkeypatch):
    """The FCRA cites GLBA sections, labelled with GLBA's code and title (15 U.S.C.): a new citation
    of GLBA is in the FCRA's page, which is rendered again."""
    from build_kb.render import pages
    from build_kb.site.stage import write_stage

    statutes = tmp_path / "statutes"
    for name in ("us/glba.yaml", "us/fcra.yaml", "cn/pipl.yaml"):
        (statutes / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "statutes" / name, statutes / name)
    config = ROOT / "mkdocs.yml"
    write_stage(tmp_path / "stage", config, run(statutes).linked)
    fcra_page = tmp_path / "stage" / "docs" / "us" / "fcra.md"
    assert "15 U.S.C. § 6802(e)(6)(A)" in fcra_page.read_text(encoding="utf-8")
    rendered = []
    original = pages.render_instrument
    monkeypatch.setattr(pages, "render_instrument", lambda linked, instrument, *a: rendered.append(instrument.id) or original(linked, instrument, *a))
    cited = statutes / "us" / "glba.yaml"
    text = cited.read_text(encoding="utf-8")
    assert "  en: 15 U.S.C. §§ 6801–6809\n" in text
    cited.write_text(text.replace("  en: 15 U.S.C. §§ 6801–6809\n", "  en: 15 USC §§ 6801–6809\n", 1), encoding="utf-8")
    linked = run(statutes).linked
    write_stage(tmp_path / "stage", config, linked)
    assert sorted(rendered) == ["us/fcra", "us/glba"]
    assert "15 USC § 6802(e)(6)(A)" in fcra_page.read_text(encoding="utf-8")
    write_stage(tmp_path / "fresh", config, linked)
    assert _tree_bytes(tmp_path / "stage" / "docs") == _tree_bytes(tmp_path / "fresh" / "docs")


def test_a_site_built_after_an_edit_equals_one_built_from_nothing(tmp_path):
    """The generator renders only the edited page into its kept output; the site published from it
    is, byte for byte, the site a build from nothing gives (Pagefind index included)."""
    from build_kb.site.build import build_site
    from build_kb.site.output import STATE

    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "content", "CONTRIBUTING.md"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    statutes = _statutes(project / "statutes")
    build_site(project / "mkdocs.yml", project / "site")
    output = project / ".build-kb" / "output"
    pages = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    gdpr = statutes / "eu" / "gdpr.yaml"
    gdpr.write_text(gdpr.read_text(encoding="utf-8").replace("without undue delay", "without any undue delay", 1), encoding="utf-8")
    build_site(project / "mkdocs.yml", project / "site")
    rewritten = sorted(p.relative_to(output).as_posix() for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime)
    assert "eu/gdpr/index.html" in rewritten and "cn/pipl/index.html" not in rewritten
    assert len(rewritten) <= 4, rewritten  # the page, and the generator's 404 page and sitemap
    shutil.rmtree(project / ".build-kb")
    build_site(project / "mkdocs.yml", project / "fresh")
    assert not (project / "site" / STATE).exists()
    incremental, fresh = _tree_bytes(project / "site"), _tree_bytes(project / "fresh")
    # Pagefind writes its fragments (one per record) the same each time, but not its index chunks and
    # entry file, not even from the same input twice (Pagefind issue #638): those are compared by
    # name and record count, everything else byte for byte.
    def exact(site):
        return {p: b for p, b in site.items() if not p.startswith("pagefind/") or p.startswith("pagefind/fragment/")}

    assert len(exact(incremental)) > 100
    assert exact(incremental) == exact(fresh)
    entries = [json.loads(site["pagefind/pagefind-entry.json"]) for site in (incremental, fresh)]
    fragments = [p for p in exact(fresh) if p.startswith("pagefind/fragment/")]
    assert [e["languages"]["zh"]["page_count"] for e in entries] == [len(fragments)] * 2
    assert "without any undue delay" in (project / "site" / "eu" / "gdpr" / "index.html").read_text(encoding="utf-8")
