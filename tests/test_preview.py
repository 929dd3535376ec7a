"""build-kb serve: the stage kept up to date while the generator's own server serves it."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(condition, seconds: float, what: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if server.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"{what}; the server said:\n{log.read_text(encoding='utf-8')[-3000:]}")
        time.sleep(0.2)


def test_an_edit_shows_and_a_broken_file_is_named_while_the_preview_goes_on(tmp_path):
    for name in ("mkdocs.yml", "content", "CONTRIBUTING.md"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, tmp_path / name)
    (tmp_path / "statutes" / "cn").mkdir(parents=True)
    for name in ("pipl.yaml", "data-security.yaml"):
        shutil.copy(ROOT / "statutes" / "cn" / name, tmp_path / "statutes" / "cn" / name)
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "build_kb.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    page = f"http://127.0.0.1:{port}/cn/pipl/"
    try:
        _until(lambda: "第四十七条" in _fetch(page), 120, "the preview never served PIPL", server, log)
        law = tmp_path / "statutes" / "cn" / "pipl.yaml"
        text = law.read_text(encoding="utf-8")
        law.write_text(text.replace("个人信息处理者应当主动删除", "个人信息处理者应当立即主动删除", 1), encoding="utf-8")
        _until(lambda: "应当立即主动删除" in _fetch(page), 120, "the edit never showed", server, log)
        other = tmp_path / "statutes" / "cn" / "data-security.yaml"
        other.write_text(other.read_text(encoding="utf-8").replace("eid: art_1\n", "eid: art 1\n", 1), encoding="utf-8")
        _until(lambda: "the preview leaves those files out" in log.read_text(encoding="utf-8"), 60,
               "the broken file was never named", server, log)
        said = log.read_text(encoding="utf-8")
        assert "statutes/cn/data-security.yaml:" in said and "'art 1' is not an Akoma Ntoso eId" in said
        assert "Traceback" not in said
        # the set of pages changed: every page is rebuilt, so PIPL's navigation no longer lists the file left out ...
        _until(lambda: "应当立即主动删除" in (text := _fetch(page)) and 'href="../data-security/"' not in text, 60,
               "PIPL's navigation kept the broken file", server, log)
        other.write_text(other.read_text(encoding="utf-8").replace("eid: art 1\n", "eid: art_1\n", 1), encoding="utf-8")
        # ... and lists it again once it is mended
        _until(lambda: 'href="../data-security/"' in _fetch(page), 60, "PIPL's navigation never listed the mended file", server, log)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_a_busy_port_is_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "build_kb.cli", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--config", str(ROOT / "mkdocs.yml")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == (f"cannot serve on 127.0.0.1:{port}: Address already in use "
                           f"(pass another address, e.g. --dev-addr 127.0.0.1:{port + 1})\n")
