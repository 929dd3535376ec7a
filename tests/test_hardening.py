"""Nothing lost: killed builds, concurrent builds, reproducible output, hostile input rendered inert."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from build_kb.site.linkcheck import check_site
from build_kb.pipeline import run
from build_kb.render.instrument import render_instrument

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "statutes"


@pytest.fixture()
def project(tmp_path):
    """A copy of the project with the real statutes and a previous good site."""
    for name in ("mkdocs.yml", "content", "statutes", "CONTRIBUTING.md"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site")
    return tmp_path


def start_build(project):
    return subprocess.Popen([sys.executable, "-m", "build_kb.cli", "build"], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_staging(project, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if list(project.glob(".site.new-*")):
            return
        if process.poll() is not None:
            pytest.fail("the build ended before it started writing: " + process.stderr.read())
        time.sleep(0.01)
    pytest.fail("no staging folder appeared")


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 130), (signal.SIGINT, 130)])
def test_killed_build_leaves_the_previous_site(project, sig, code):
    process = start_build(project)
    wait_for_staging(project, process)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert "build interrupted: the previous site and index are unchanged." in err
    assert (project / "site" / "index.html").read_text() == "previous good site"
    assert list(project.glob(".site.*")) == []


def test_two_builds_at_once_one_waits_its_turn(project):
    first = start_build(project)
    wait_for_staging(project, first)
    second = subprocess.run([sys.executable, "-m", "build_kb.cli", "build"], cwd=project, capture_output=True, text=True, timeout=120)
    first.communicate(timeout=120)
    assert first.returncode == 0
    assert second.returncode == 1
    assert second.stderr.startswith(f"another build is running (pid {first.pid}); wait for it to finish, then build again")
    assert check_site(project / "site") == []
    assert sorted(p.name for p in project.iterdir()) == [".build-kb", "CONTRIBUTING.md", "content", "mkdocs.yml", "site", "statutes"]


def test_two_builds_of_one_commit_are_byte_identical(tmp_path):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-m", "build_kb.cli", "build", "--site-dir", str(tmp_path / name),
                        "--index-dir", str(tmp_path / f"index-{name}")], cwd=ROOT, env=env, check=True, capture_output=True)
    # Pagefind writes its filter index (the jurisdiction facet) in an order that can vary between runs,
    # and names that file and its metadata by a hash of the bytes: the one known difference.
    def files(site):
        return sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file() and not _pagefind_facet(p.relative_to(site)))

    files_a, files_b = files(tmp_path / "a"), files(tmp_path / "b")
    assert files_a == files_b
    different = [str(p) for p in files_a if (tmp_path / "a" / p).read_bytes() != (tmp_path / "b" / p).read_bytes()]
    assert different == []


def _pagefind_facet(path: Path) -> bool:
    parts = path.parts
    return parts[:2] == ("pagefind", "filter") or (parts[0] == "pagefind" and (path.suffix == ".pf_meta" or path.name == "pagefind-entry.json"))


def test_the_real_site_has_no_broken_link(built_site):
    assert check_site(built_site) == []


def test_link_checker_finds_broken_links(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="x">A</h1><a href="#x">ok</a><a href="#y">bad anchor</a>'
                                              '<a href="../b/">missing page</a><a href="https://example.org/">outside link</a>'
                                              '<script src="https://cdn.example.org/x.js"></script>'
                                              '<video src="http://v.example.org/a.mp4" poster="//p.example.org/p.png"></video>'
                                              '<img srcset="https://s.example.org/1x.png 1x, /ok.png 2x">'
                                              '<div style="background:url(\'https://b.example.org/b.png\')"></div>'
                                              '<style>@import "https://c.example.org/c.css";</style>')
    assert [str(b) for b in check_site(tmp_path)] == [
        "a/index.html: https://cdn.example.org/x.js: loaded from another origin",
        "a/index.html: http://v.example.org/a.mp4: loaded from another origin",
        "a/index.html: //p.example.org/p.png: loaded from another origin",
        "a/index.html: https://s.example.org/1x.png: loaded from another origin",
        "a/index.html: https://b.example.org/b.png: loaded from another origin",
        "a/index.html: https://c.example.org/c.css: loaded from another origin",
        "a/index.html: #y: no such anchor",
        "a/index.html: ../b/: no such page",
    ]


HOSTILE = [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))"),
    ("**bold** _x_ `code`", "**bold** _x_ `code`"),
    ('" onmouseover="alert(1)', "&#34; onmouseover=&#34;alert(1)"),
]


@pytest.mark.parametrize("text, shown", HOSTILE)
def test_hostile_text_is_rendered_inert(tmp_path, text, shown):
    statutes = tmp_path / "statutes"
    shutil.copytree(FIXTURES, statutes)
    path = statutes / "cn" / "excerpt.yaml"
    source = path.read_text(encoding="utf-8")
    quoted = text.replace("'", "''")
    source = source.replace("en: <script>alert(1)</script> Individuals", f"en: '{quoted}' \n              xx: ", 1)
    source = source.replace("\n              xx: ", "\n              # ", 1)
    path.write_text(source, encoding="utf-8")
    result = run(statutes)
    assert result.errors == []
    page = render_instrument(result.linked, result.linked.corpus.get("cn/excerpt"))
    assert f'<div class="kb-en" lang="en">{shown}</div>' in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript' not in page
    assert 'data-citation="《中华人民共和国个人信息保护法》第四十五条' in page


def test_no_instrument_id_can_leave_the_output_folder():
    from build_kb.load.files import load_text
    from build_kb.validate.instruments import check_file

    text = (FIXTURES / "cn" / "excerpt.yaml").read_text(encoding="utf-8")
    for bad in ("cn/../../etc", "cn/a/b", "/etc/x", "cn/.hidden"):
        found = [str(d) for d in check_file(load_text(text.replace("id: cn/excerpt", f"id: '{bad}'"), "statutes/cn/excerpt.yaml"))]
        assert any("is not an instrument id" in f for f in found), (bad, found)
