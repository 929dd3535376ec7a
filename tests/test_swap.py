"""Site and index put in place together, nothing left behind, searches that never meet a half index,
a damaged index reported in one line, snippets of very long provisions in bounded time."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_kb.site.lock import publish, stop_on_signals
from build_kb.cli import main
from build_kb.search.index import build_index, corpus_hash, search
from build_kb.pipeline import run, statute_files

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "statutes"


class FakeStaged:
    def __init__(self, name, events, fail=False, signal_self=False):
        self.name, self.events, self.fail, self.signal_self, self.in_place = name, events, fail, signal_self, False

    def swap_in(self):
        if self.fail:
            raise OSError(f"{self.name} cannot be renamed")
        if self.signal_self:
            os.kill(os.getpid(), signal.SIGTERM)
        self.events.append(f"{self.name} in")
        self.in_place = True

    def undo(self):
        self.events.append(f"{self.name} undone")
        self.in_place = False


def test_a_signal_during_the_swap_waits_until_both_are_in_place():
    events = []
    other = threading.Event()  # a second thread, which the kernel may choose to deliver the signal to
    idle = threading.Thread(target=other.wait, daemon=True)
    idle.start()
    try:
        with pytest.raises(KeyboardInterrupt, match="signal 15"):
            with stop_on_signals():
                publish(FakeStaged("site", events, signal_self=True), FakeStaged("index", events))
    finally:
        other.set()
    assert events == ["site in", "index in"]
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_a_failed_rename_puts_back_what_was_swapped_in():
    events = []
    with pytest.raises(OSError, match="index cannot be renamed"):
        publish(FakeStaged("site", events), FakeStaged("index", events, fail=True))
    assert events == ["site in", "site undone"]


def _project(tmp_path, statutes=FIXTURES):
    for name in ("mkdocs.yml", "content", "CONTRIBUTING.md"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    shutil.copytree(statutes, tmp_path / "statutes")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("previous good site")
    return tmp_path


def _previous_index(project):
    """An index of the fixture statutes, as an earlier build would have left it; returns its version's name."""
    index_dir = project / ".build-kb" / "whoosh"
    build_index(run(FIXTURES).linked.corpus, index_dir, "an earlier build")
    return (index_dir / "current").read_text()


def test_sigterm_while_indexing_leaves_the_previous_site_and_index(tmp_path):
    project = _project(tmp_path, ROOT / "statutes")
    version = _previous_index(project)
    index_dir = project / ".build-kb" / "whoosh"
    process = subprocess.Popen([sys.executable, "-m", "build_kb.cli", "build"], cwd=project,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    # the index is written in a second process while the site is built: stop the build while both are under way
    while not ([p for p in index_dir.glob("version-*") if p.name != version] and list(project.glob(".site.new-*"))):
        assert process.poll() is None and time.monotonic() < deadline, "the build never started its index and its site"
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert err.strip().splitlines()[-1] == "build interrupted: the previous site and index are unchanged."
    assert (project / "site" / "index.html").read_text() == "previous good site"
    assert (index_dir / "current").read_text() == version
    assert sorted(p.name for p in index_dir.iterdir()) == ["current", version]
    assert [h.id for h in search(index_dir, "告知")] == ["cn/excerpt#art_18"]
    assert sorted(p.name for p in project.iterdir()) == [".build-kb", "CONTRIBUTING.md", "content", "mkdocs.yml", "site", "statutes"]


def test_the_next_build_removes_what_a_killed_build_left(tmp_path):
    project = _project(tmp_path)
    version = _previous_index(project)
    index_dir = project / ".build-kb" / "whoosh"
    leftovers = [project / ".site.new-k1ll3d", project / ".site.old-4242", project / ".search-records-x7y8",
                 index_dir / "version-k1ll3d", project / ".build-kb" / ".whoosh.new-0ld", project / ".build-kb" / "output.new"]
    for folder in leftovers:
        (folder / "pagefind").mkdir(parents=True)
        (folder / "pagefind" / "fragment.pf").write_bytes(os.urandom(100_000))
    (index_dir / ".current.new-4242").write_text("version-k1ll3d")
    result = subprocess.run([sys.executable, "-m", "build_kb.cli", "build"], cwd=project, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Built {project / 'site'} (")
    assert sorted(p.name for p in project.iterdir()) == [".build-kb", "CONTRIBUTING.md", "content", "mkdocs.yml", "site", "statutes"]
    assert sorted(p.name for p in (project / ".build-kb").iterdir()) == ["build.lock", "output", "parsed", "stage", "whoosh"]
    current = (index_dir / "current").read_text()
    assert current != version
    assert sorted(p.name for p in index_dir.iterdir()) == ["current", current]
    assert "个人信息处理者" in (project / "site" / "cn" / "excerpt" / "index.html").read_text(encoding="utf-8")


SEARCH_LOOP = """
import json, sys, time
from pathlib import Path
from build_kb.search.index import more_like, search
index_dir, stop = Path(sys.argv[1]), Path(sys.argv[2])
report = {"searches": 0, "failures": [], "versions": set(), "wrong": []}
while not stop.exists():
    report["versions"].add((index_dir / "current").read_text())
    try:
        found = [h.id for h in search(index_dir, "告知" if report["searches"] % 2 else "notify")]
        similar = more_like(index_dir, "cn/excerpt#art_45", other_jurisdictions=False)
    except Exception as exc:
        report["failures"].append(f"{type(exc).__name__}: {exc}")
        continue
    report["searches"] += 1
    if found != ["cn/excerpt#art_18"] or [s.id for s in similar][:1] != ["cn/excerpt#art_18"]:
        report["wrong"].append([found, [s.id for s in similar]])
report["versions"] = len(report["versions"])
print(json.dumps(report))
"""


def test_searches_during_rebuilds_never_meet_a_half_index(tmp_path):
    corpus = run(FIXTURES).linked.corpus
    index_dir, stop = tmp_path / "index", tmp_path / "stop"
    build_index(corpus, index_dir, "0")
    searcher = subprocess.Popen([sys.executable, "-c", SEARCH_LOOP, str(index_dir), str(stop)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        time.sleep(2)  # let the loop start searching before the first swap
        for n in range(1, 16):
            build_index(corpus, index_dir, str(n))
    finally:
        stop.touch()
        out, err = searcher.communicate(timeout=120)
    assert searcher.returncode == 0, err
    report = json.loads(out)
    assert report["failures"] == []
    assert report["wrong"] == []
    assert report["searches"] > 30
    assert report["versions"] >= 8, "the searches ran across the rebuilds"
    assert sorted(p.name for p in index_dir.iterdir()) == ["current", (index_dir / "current").read_text()]


def _segment(version):
    return next(version.glob("MAIN_*.seg"))


def _toc(version):
    return next(version.glob("_MAIN_*.toc"))


def _cut_in_half(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble_the_start(path):
    data = bytearray(path.read_bytes())
    data[:64] = b"\xa5" * 64
    path.write_bytes(bytes(data))


DAMAGE = [
    ("truncated segment", "notify", lambda v: _cut_in_half(_segment(v)), "EOFError: Ran out of input"),
    ("empty segment", "notify", lambda v: _segment(v).write_bytes(b""), "struct.error: unpack requires a buffer of 8 bytes"),
    ("garbled segment", "告知", lambda v: _garble_the_start(_segment(v)), "OSError: [Errno 22] Invalid argument"),
    ("missing segment", "notify", lambda v: _segment(v).unlink(),
     "FileNotFoundError: [Errno 2] No such file or directory: '{segment}'"),
    ("truncated table of contents", "notify", lambda v: _cut_in_half(_toc(v)), "UnpicklingError: pickle data was truncated"),
    ("half-written folder", "notify", lambda v: _toc(v).unlink(),
     "EmptyIndexError: Index 'MAIN' does not exist in FileStorage('{version}')"),
    ("garbled word list", "告知", lambda v: (v / "words.txt").write_bytes(b"\xff\xfe 1\n"),
     "ValueError: invalid dictionary entry in words.txt at Line 1: b'\\xff\\xfe 1\\n'"),
]


#: suggest reads no Chinese query, so not the word list either
CASES = [(command, *case) for case in DAMAGE for command in ("search", "suggest")
         if command == "search" or case[0] != "garbled word list"]


@pytest.mark.parametrize("command, kind, query, damage, reason", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_damaged_index_gives_one_line_and_exit_1(tmp_path, monkeypatch, command, kind, query, damage, reason):
    statutes = tmp_path / "statutes"
    shutil.copytree(FIXTURES, statutes)
    monkeypatch.chdir(tmp_path)
    index_dir = Path(".build-kb") / "whoosh"
    # stamped as the command stamps it: from the paths it lists (relative to the working folder)
    build_index(run(statutes).linked.corpus, index_dir, corpus_hash(statute_files(Path("statutes"))))
    version = index_dir / (index_dir / "current").read_text()
    expected = reason.format(segment=_segment(version).name, version=version.name)
    damage(version)
    args = ["search", query] if command == "search" else ["suggest", "cn/excerpt#art_45"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == (f"the command-line index at .build-kb/whoosh is damaged ({expected}); "
                             "rebuild it with: build-kb build\n")


def _megabyte_provision(statutes):
    """Makes PIPL Art. 18 of the fixture a provision of over a megabyte in each language, with one rare word
    in the middle of each text; returns the two texts' lengths."""
    rng = random.Random(7)
    words = "personal information handler shall notify the individual promptly after the emergency".split()
    half = " ".join(rng.choice(words) for _ in range(45_000))
    en = f"{half} zymurgy {half}."
    chars = "个人信息处理者应当在紧急情况消除后及时告知，的。"
    zh_half = "".join(rng.choice(chars) for _ in range(260_000))
    zh = f"{zh_half}蹴鞠。{zh_half}"
    path = statutes / "cn" / "excerpt.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("en: Where, in an emergency, the individual cannot be notified in time because of the need to protect "
                        "the life, health and property of natural persons, the personal information handler shall notify "
                        "the individual promptly after the emergency has ended.", f"en: {en}", 1)
    text = text.replace("zh: 紧急情况下为保护自然人的生命健康和财产安全无法及时向个人告知的，个人信息处理者应当在紧急情况消除后及时告知。",
                        f"zh: {zh}", 1)
    path.write_text(text, encoding="utf-8")
    return len(en), len(zh.encode("utf-8"))


def test_a_snippet_of_a_megabyte_provision_is_quick_and_holds_the_match(tmp_path):
    statutes = tmp_path / "statutes"
    shutil.copytree(FIXTURES, statutes)
    en_chars, zh_bytes = _megabyte_provision(statutes)
    assert en_chars > 500_000 and zh_bytes > 1_000_000
    result = run(statutes)
    assert result.errors == []
    build_index(result.linked.corpus, tmp_path / "index")
    for query, word in (("zymurgy", "[zymurgy]"), ("蹴鞠", "[蹴鞠]")):
        started = time.perf_counter()
        hits = search(tmp_path / "index", query)
        elapsed = time.perf_counter() - started
        assert [h.id for h in hits] == ["cn/excerpt#art_18"]
        assert word in hits[0].snippet
        assert len(hits[0].snippet) < 400
        assert elapsed < 5, f"{query}: {elapsed:.1f} s"
