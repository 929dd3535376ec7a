"""Benchmark of the whole pipeline on synthetic corpora of growing size.

For each size (provisions), in a fresh process: wall time and peak memory of
each stage (load, validate, link, render, the site generator, Pagefind, the
Whoosh index), the site's size on disk, the bytes Chromium downloads to answer
a first search on the search page, and the latency of command-line search
(p50/p95 over 100 queries, in the process and as a whole command), and
``build-kb build`` as a command, from nothing and after an edit of one statute
(what an incremental build saves), beside MkDocs with Material alone building
the same text as plain pages with its built-in search. Each size's results
are kept in ``benchmarks/results.json`` (with the machine and the date), so a
run of some sizes replaces those columns only; the table of all of them goes
to ``content/benchmarks.md`` (between its markers).

Usage (from the project folder)::

    .venv/bin/python benchmarks/run.py                   # 1,000, 5,000, 10,000 and 50,000 provisions
    .venv/bin/python benchmarks/run.py --shape us-code --sizes 50000 500000   # the U.S. Code and CFR shape
    .venv/bin/python benchmarks/run.py --sizes 1000 --no-write              # quick; print only

Peak memory is the resident high-water mark (``ru_maxrss``) after the stage, of
this process or of the largest program it ran, so it includes the stages before
it. ``render`` is rendering the pages and writing them into the stage folder;
the site generator's time is MkDocs run as a program on that folder, without
Pagefind.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGE = ROOT / "content" / "benchmarks.md"
RESULTS = ROOT / "benchmarks" / "results.json"
BEGIN, END = "<!-- benchmark results: begin -->", "<!-- benchmark results: end -->"
STAGES = ("load", "validate", "link", "render", "site generator", "pagefind", "whoosh index")
QUERIES_ZH = ("个人信息", "删除", "同意", "安全", "赔偿", "监督管理", "未成年人", "境外", "处罚", "告知")
QUERIES_EN = ("consent", "personal information", "delete", "security", "damages", "child", "notice", "agency", "report", "penalty")


def _peak_mb() -> float:
    """Peak resident memory so far, in MB: of this process or of the largest program it ran (the site generator, Pagefind)."""
    return max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024


def measure(work: Path) -> dict:
    """Run every stage on ``work/statutes`` in this process; return the measurements."""
    from build_kb.site import build as site
    from build_kb.search.index import build_index, corpus_hash, search
    from build_kb.link.graph import link
    from build_kb.load.files import load_file
    from build_kb.pipeline import proposal_files, run, statute_files, succession_files, topic_files
    from build_kb.validate.proposals import validate_proposals
    from build_kb.validate.successions import validate_successions
    from build_kb.validate.topics import validate_topics
    from build_kb.validate.instruments import validate
    from dataclasses import replace

    statutes = work / "statutes"
    times, memory = {}, {}

    def stage(name, started):
        times[name] = time.perf_counter() - started
        memory[name] = _peak_mb()

    t = time.perf_counter()
    loaded = [load_file(p) for p in statute_files(statutes)]
    data = [[load_file(p) for p in f(statutes)] for f in (topic_files, succession_files, proposal_files)]
    stage("load", t)
    t = time.perf_counter()
    corpus, diagnostics = validate(loaded)
    topics, _ = validate_topics(data[0], corpus)
    successions, _ = validate_successions(data[1], corpus)
    corpus = replace(corpus, topics=topics, successions=successions)
    proposals, _ = validate_proposals(data[2], corpus)
    corpus = replace(corpus, proposals=proposals)
    stage("validate", t)
    errors = [str(d) for d in diagnostics if d.severity.name == "ERROR"]
    if errors:
        raise SystemExit("synthetic corpus invalid:\n" + "\n".join(errors[:10]))
    t = time.perf_counter()
    linked = link(corpus)
    stage("link", t)
    run(statutes)  # warm the pipeline's cache, as `build-kb build` does before it writes the pages

    inside = {"render": 0.0, "pagefind": 0.0}
    stages = []
    original_stage, original_index = site.write_stage, site.index_site

    def timed_stage(*args, **kwargs):
        started = time.perf_counter()
        try:
            stages.append(original_stage(*args, **kwargs))
            return stages[-1]
        finally:
            inside["render"] += time.perf_counter() - started

    def timed_index(*args):
        started = time.perf_counter()
        try:
            return original_index(*args)
        finally:
            inside["pagefind"] += time.perf_counter() - started

    site.write_stage, site.index_site = timed_stage, timed_index
    t = time.perf_counter()
    try:
        built = site.build_site(work / "mkdocs.yml", work / "site", linked)
    finally:
        site.write_stage, site.index_site = original_stage, original_index
    total = time.perf_counter() - t
    times["render"] = inside["render"]
    memory["render"] = _peak_mb()
    times["site generator"] = total - inside["render"] - inside["pagefind"]
    times["pagefind"] = inside["pagefind"]
    memory["site generator"] = memory["pagefind"] = _peak_mb()
    hand_written = {p.relative_to(work / "content").as_posix() for p in (work / "content").rglob("*.md")}
    pages = [p for p in stages[-1].docs.rglob("*.md") if p.relative_to(stages[-1].docs).as_posix() not in hand_written]
    t = time.perf_counter()
    build_index(linked.corpus, work / "whoosh", corpus_hash(statute_files(statutes)))
    stage("whoosh index", t)

    latencies = []
    queries = _queries(work) * (100 // len(_queries(work)))
    search(work / "whoosh", "warm")
    for query in queries:
        started = time.perf_counter()
        search(work / "whoosh", query)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"provisions": corpus.provision_count(), "instruments": len(corpus.instruments),
            "articles": sum(len(i.articles()) for i in corpus.instruments), "pages": len(pages),
            "times": times, "memory": memory, "ours": sum(times[s] for s in ("load", "validate", "link", "render", "whoosh index")),
            "total": sum(times.values()), "site_bytes": built.size_bytes, "search_ms": _percentiles(latencies)}


def _queries(work: Path) -> tuple[str, ...]:
    """The queries for ``work``: Chinese and English, or English only when it holds no Chinese law."""
    return QUERIES_ZH + QUERIES_EN if any((work / "statutes" / "cn").glob("*.yaml")) else QUERIES_EN


def _percentiles(values: list[float]) -> dict:
    cuts = statistics.quantiles(values, n=20)
    return {"p50": statistics.median(values), "p95": cuts[18], "n": len(values)}


def command_latency(work: Path, runs: int = 20) -> dict:
    """Wall time of ``build-kb search`` as a whole command (a new process each time), in ms."""
    exe = Path(sys.executable).with_name("build-kb")
    values = []
    for i in range(runs):
        query = _queries(work)[i % len(_queries(work))]
        started = time.perf_counter()
        subprocess.run([str(exe), "search", query, "--index-dir", str(work / "whoosh"), "--statutes", str(work / "statutes")],
                       check=True, capture_output=True, cwd=ROOT)
        values.append((time.perf_counter() - started) * 1000)
    return _percentiles(values)


def _smallest_statute(work: Path) -> Path:
    """The smallest statute file of ``work`` (one page, not split by book)."""
    return min((p for folder in ("cn", "us") for p in (work / "statutes" / folder).glob("*.yaml")), key=lambda p: p.stat().st_size)


def _add_marker(path: Path) -> str:
    """Add a new marker to the first text of the statute file ``path`` (its official language); return the marker."""
    import re

    marker = f"benchmark{time.time_ns()}"
    text = path.read_text(encoding="utf-8")
    text, found = re.subn(r"(\n\s+text:\n\s+(?:zh|en): [^\n]*?)([。.])\n", lambda m: f"{m.group(1)} {marker}{m.group(2)}\n", text, count=1)
    if not found:
        raise RuntimeError(f"{path} has no text to mark")
    path.write_text(text, encoding="utf-8")
    return marker


def command_builds(work: Path) -> dict:
    """Seconds of ``build-kb build`` as a command: from nothing (no stage, index or parsed files kept),
    then again after an edit of one statute (the marker checked in the built page)."""
    exe = Path(sys.executable).with_name("build-kb")
    shutil.rmtree(work / ".build-kb", ignore_errors=True)
    command = [str(exe), "build", "--config", str(work / "mkdocs.yml"), "--statutes", str(work / "statutes"),
               "--index-dir", str(work / ".build-kb" / "whoosh")]
    times = {}
    smallest = _smallest_statute(work)
    instrument = f"{smallest.parent.name}/{smallest.stem}"
    for name in ("full", "one edit"):
        if name == "one edit":
            marker = _add_marker(smallest)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=work)
        times[name] = time.perf_counter() - started
    page = (work / "site" / instrument / "index.html").read_text(encoding="utf-8")
    if marker not in page:
        raise RuntimeError(f"the edit of {instrument} is not in its built page")
    return times


def mkdocs_alone(work: Path) -> dict:
    """Seconds MkDocs with Material alone takes to build the text of ``work/statutes`` as plain pages.

    One Markdown page per instrument (its title, then each article or section as a heading and
    each provision as a paragraph, with its translation), the navigation MkDocs makes from the
    folder, Material's theme and its built-in search plugin; no render of ours, no Pagefind.
    The yardstick of the target "a full build ≤ 1.5 × MkDocs alone".
    """
    from build_kb.pipeline import run

    plain = work / "plain"
    shutil.rmtree(plain, ignore_errors=True)
    docs = plain / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Plain\n", encoding="utf-8")
    for instrument in run(work / "statutes").linked.corpus.instruments:
        lines = [f"# {instrument.title.get('en') or instrument.title.get('zh')}", ""]
        for top in instrument.provisions:
            for provision in top.walk():
                if provision.heading or provision.kind in ("article", "section", "recital"):
                    lines += [f"## {provision.num} {provision.heading.get('en')}".rstrip(), ""]
                for language in ("zh", "en"):
                    if provision.text.get(language):
                        lines += [f"{provision.num} {provision.text.get(language)}".strip(), ""]
        path = docs / instrument.jurisdiction / f"{instrument.slug}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
    (plain / "mkdocs.yml").write_text("site_name: Plain\ntheme:\n  name: material\nplugins:\n  - search\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file", str(plain / "mkdocs.yml")],
                   check=True, capture_output=True, cwd=plain, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    seconds = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (plain / "site").rglob("*") if f.is_file())
    shutil.rmtree(plain, ignore_errors=True)
    return {"seconds": seconds, "site_bytes": size}


def serve_latency(work: Path) -> dict:
    """Seconds from saving an edited statute file to ``build-kb serve`` serving the changed page.

    Starts the preview server on ``work``, waits for its first build, adds a marker to the first
    text of the smallest statute (one page, not split by book), and polls its page until the
    marker shows (three edits; the median).
    """
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    exe = Path(sys.executable).with_name("build-kb")
    log = open(work / "serve.log", "w")
    server = subprocess.Popen([str(exe), "serve", "--config", str(work / "mkdocs.yml"), "--statutes", str(work / "statutes"),
                               "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    smallest = _smallest_statute(work)
    page = f"http://127.0.0.1:{port}/{smallest.parent.name}/{smallest.stem}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(page, timeout=30) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 600
        while "<html" not in fetch():
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"the preview server did not start: see {work / 'serve.log'}")
            time.sleep(0.5)
        times = []
        for n in range(3):
            time.sleep(1.5)  # let the watcher settle after the previous build
            started = time.monotonic()
            marker = _add_marker(smallest)
            while marker not in fetch():
                if time.monotonic() - started > 300:
                    raise RuntimeError("the edited page never changed")
                time.sleep(0.05)
            times.append(time.monotonic() - started)
        return {"median": statistics.median(times), "all": times}
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def first_search_bytes(site_dir: Path, query: str = "个人信息") -> dict:
    """Bytes Chromium downloads: opening the search page, then until the first results of ``query`` show;
    as the test server sends them (uncompressed) and as a server compressing with gzip would (level 6)."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    handler = functools.partial(_quiet_handler(), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    import gzip

    sizes: dict[str, int] = {}
    zipped: dict[str, int] = {}

    def seen(response) -> None:
        if response.ok:
            body = response.body()
            sizes[response.url] = len(body)
            zipped[response.url] = min(len(body), len(gzip.compress(body, 6)))

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.on("response", seen)
            page.goto(url + "search/")
            page.wait_for_load_state("networkidle")
            page_bytes, page_zipped = sum(sizes.values()), sum(zipped.values())
            sizes.clear()
            zipped.clear()
            page.fill(".pagefind-ui__search-input", query)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=60_000)
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
    return {"page": page_bytes, "search": sum(sizes.values()), "page_gzip": page_zipped, "search_gzip": sum(zipped.values()),
            "requests": len(sizes)}


def _quiet_handler():
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    return Quiet


def prepare(size: int, seed: int, base: Path, shape: str = "mixed") -> Path:
    """A work folder with a synthetic statutes folder of ``size`` provisions (``shape``, see
    :func:`benchmarks.synthetic.generate`) and a configuration for it."""
    from benchmarks.synthetic import generate

    work = base / f"n{size}"
    generate(work / "statutes", size, seed, shape)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: content", f"docs_dir: {ROOT / 'content'}").replace("site_dir: site", f"site_dir: {work / 'site'}")
    (work / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(ROOT / "CONTRIBUTING.md", work / "CONTRIBUTING.md")  # a page includes it (snippets, from the project folder)
    return work


def machine() -> str:
    """CPU model, cores, memory, OS and Python of this machine, in one line."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        memory = 0
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def validate_real() -> dict:
    """Wall time of ``build-kb validate`` on the project's own statutes: median of 5 with the cache warm, and cold."""
    from build_kb.pipeline import parse_cache_dir, run

    exe = Path(sys.executable).with_name("build-kb")

    def once() -> float:
        started = time.perf_counter()
        subprocess.run([str(exe), "validate", "--quiet"], cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - started

    shutil.rmtree(parse_cache_dir(ROOT / "statutes"), ignore_errors=True)
    cold = once()
    warm = statistics.median(once() for _ in range(5))
    return {"cold": cold, "warm": warm, "provisions": run(ROOT / "statutes").linked.corpus.provision_count()}


def table(results: list[dict], real: dict | None = None) -> str:
    """The Markdown table of ``results`` (as kept in ``benchmarks/results.json``), one column each."""
    sizes = [f"{r['provisions']:,}" + (" (US Code + CFR)" if r.get("shape") == "us-code" else "") for r in results]
    rows = ["| | " + " | ".join(sizes) + " |", "|---|" + "---:|" * len(results)]
    rows.append("| instruments / articles | " + " | ".join(f"{r['instruments']} / {r['articles']:,}" for r in results) + " |")
    for name in STAGES:
        rows.append(f"| {name} (s / peak MB) | " + " | ".join(f"{r['times'][name]:.1f} / {r['memory'][name]:.0f}" for r in results) + " |")
    rows.append("| **full build (s)** | " + " | ".join(f"**{r['total']:.1f}**" for r in results) + " |")
    rows.append("| `build-kb build` command: from nothing / after one edit (s) | " + " | ".join(
        f"{r['builds']['full']:.1f} / {r['builds']['one edit']:.1f}" for r in results) + " |")
    rows.append("| one edit, share of the build from nothing | " + " | ".join(
        f"{100 * r['builds']['one edit'] / r['builds']['full']:.0f} %" for r in results) + " |")
    rows.append("| MkDocs + Material alone, same text as plain pages (s) | " + " | ".join(
        f"{r['mkdocs_alone']['seconds']:.1f}" if r.get("mkdocs_alone") else "–" for r in results) + " |")
    rows.append("| `build-kb build` from nothing ÷ MkDocs alone | " + " | ".join(
        f"{r['builds']['full'] / r['mkdocs_alone']['seconds']:.1f} ×" if r.get("mkdocs_alone") else "–" for r in results) + " |")
    rows.append("| our stages, share of the build | " + " | ".join(f"{100 * r['ours'] / r['total']:.0f} %" for r in results) + " |")
    rows.append("| peak memory, whole build (MB) | " + " | ".join(f"{max(r['memory'].values()):.0f}" for r in results) + " |")
    rows.append("| site on disk (MB) | " + " | ".join(f"{r['site_bytes'] / 1e6:.1f}" for r in results) + " |")
    rows.append("| first search: search page + the query (KB, uncompressed) | " + " | ".join(
        f"{r['browser']['page'] / 1e3:.0f} + {r['browser']['search'] / 1e3:.0f}" for r in results) + " |")
    rows.append("| first search: search page + the query (KB, gzip) | " + " | ".join(
        f"{r['browser']['page_gzip'] / 1e3:.0f} + {r['browser']['search_gzip'] / 1e3:.0f}" for r in results) + " |")
    rows.append("| search in process, p50 / p95 (ms) | " + " | ".join(
        f"{r['search_ms']['p50']:.1f} / {r['search_ms']['p95']:.1f}" for r in results) + " |")
    rows.append("| `build-kb search` command, p50 / p95 (ms) | " + " | ".join(
        f"{r['command_ms']['p50']:.0f} / {r['command_ms']['p95']:.0f}" for r in results) + " |")
    rows.append("| `build-kb serve`: edited page served again after (s) | " + " | ".join(
        f"{r['serve_s']['median']:.1f}" if r.get("serve_s") else "–" for r in results) + " |")
    extra = ""
    if real:
        extra = (f"\n`build-kb validate` on the real corpus ({real['provisions']:,} provisions): {real['warm']:.2f} s "
                 f"(median of 5, files parsed and checked before), {real['cold']:.2f} s with no cache.\n")
    when = sorted({(r["date"], r["machine"]) for r in results})
    measured = "; ".join(f"{', '.join(_label(r) for r in results if (r['date'], r['machine']) == w)} on {w[0]} on {w[1]}"
                         for w in when)
    return f"Measured: {measured}.\n\n" + "\n".join(rows) + "\n" + extra


def _label(result: dict) -> str:
    return f"{result['provisions']:,}" + (" (US Code + CFR)" if result.get("shape") == "us-code" else "")


def _key(result: dict) -> str:
    return f"{result.get('shape', 'mixed')}:{result['requested']}"


def kept_results() -> dict[str, dict]:
    """The results kept in ``benchmarks/results.json``: ``"shape:size"`` → result."""
    return json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}


def ordered(results: dict[str, dict]) -> list[dict]:
    """Columns in order: the mixed shape by size, then the US Code shape by size."""
    return sorted(results.values(), key=lambda r: (r.get("shape", "mixed") != "mixed", r["requested"]))


def write_page(text: str) -> None:
    """Put ``text`` between the markers of ``content/benchmarks.md``."""
    page = PAGE.read_text(encoding="utf-8")
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    PAGE.write_text(page[:start] + "\n" + text + page[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000, 50_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=("mixed", "us-code"), default="mixed",
                        help="mixed: shaped like the real corpus; us-code: the U.S. Code and the CFR")
    parser.add_argument("--serve", type=int, nargs="*", default=[10_000, 50_000],
                        help="sizes at which the preview is measured too")
    parser.add_argument("--no-write", action="store_true",
                        help="print the table, do not write content/benchmarks.md or benchmarks/results.json")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # internal: one size in a fresh process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    results = kept_results()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as base:
        for size in args.sizes:
            work = prepare(size, args.seed, Path(base), args.shape)
            done = subprocess.run([sys.executable, __file__, "--measure", str(work)], capture_output=True, text=True, cwd=ROOT)
            if done.returncode:
                raise SystemExit(f"measuring {size} provisions failed:\n{done.stderr[-3000:]}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            result["browser"] = first_search_bytes(work / "site", "个人信息" if args.shape == "mixed" else "personal information")
            result["command_ms"] = command_latency(work)
            result["builds"] = command_builds(work)
            result["mkdocs_alone"] = mkdocs_alone(work)
            if size in args.serve:
                result["serve_s"] = serve_latency(work)
            result.update(requested=size, shape=args.shape, seed=args.seed, date=date.today().isoformat(), machine=machine())
            results[_key(result)] = result
            print(f"{size:>7,} provisions ({args.shape}): build {result['builds']['full']:.1f} s, one edit "
                  f"{result['builds']['one edit']:.1f} s, MkDocs alone {result['mkdocs_alone']['seconds']:.1f} s, "
                  f"peak {max(result['memory'].values()):.0f} MB", flush=True)
            shutil.rmtree(work, ignore_errors=True)
            if not args.no_write:  # kept after each size: a long run stopped later keeps what it measured
                RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    text = table(ordered(results), validate_real())
    print(text)
    if not args.no_write:
        write_page(text)


if __name__ == "__main__":
    main()
