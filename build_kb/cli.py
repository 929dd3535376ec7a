"""The ``build-kb`` command. The only module that prints or exits.

Exit status: 0 success, 1 invalid statutes, failed build or a source that cannot be imported, 2 wrong usage.
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import click

from build_kb.diagnostics import Diagnostic, KnowledgeBaseError, Severity, errors_in, fault
from build_kb.pipeline import PipelineResult, run, statute_files

DEFAULT_INDEX = Path(".build-kb") / "whoosh"


def _report(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], *, warnings: bool = True, notes: bool = False) -> None:
    for diagnostic in diagnostics:
        if diagnostic.severity is Severity.WARNING and not warnings or diagnostic.severity is Severity.NOTE and not notes:
            continue
        click.echo(str(diagnostic), err=True)


def _validated(statutes: Path, *, warnings: bool = True, notes: bool = False, action: str = "nothing was built") -> PipelineResult:
    """Run the pipeline, print diagnostics, exit 1 on errors."""
    if not statutes.is_dir():
        raise click.UsageError(f"no statutes folder at {statutes} (run build-kb in the project folder, or pass --statutes)")
    result = run(statutes)
    _report(result.diagnostics, warnings=warnings, notes=notes)
    errors = len(result.errors)
    warning_count = sum(1 for d in result.diagnostics if d.severity is Severity.WARNING)
    if errors:
        click.echo(f"{errors} error(s), {warning_count} warning(s) in {statutes}" + (f": {action}." if action else "."), err=True)
        sys.exit(1)
    return result


statutes_option = click.option("--statutes", type=click.Path(path_type=Path), default=Path("statutes"), show_default=True,
                               help="Folder of instrument YAML files.")
generator_option = click.option("--generator", type=click.Choice(["mkdocs", "properdocs"]), default="mkdocs", show_default=True,
                                help="Site generator to run on the written pages (both read mkdocs.yml).")


class _Commands(click.Group):
    """The command group; a fault of this package inside any command is one line on stderr and exit 1, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader stopped reading (build-kb search … | head): not a fault
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except KnowledgeBaseError as exc:
            _report(exc.diagnostics)
            click.echo(f"{len(exc.diagnostics)} error(s): nothing was changed.", err=True)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - the last boundary: a fault becomes one message
            click.echo(f"build-kb {ctx.invoked_subcommand or ''}: an internal fault ({fault(exc)}); "
                       "this is a fault of build-kb, not of your files: please report it", err=True)
            sys.exit(1)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="build-kb")
def main() -> None:
    """Build the privacy-law knowledge base: validate statutes, build the site, search the text."""


@main.command()
@statutes_option
@click.option("--quiet", is_flag=True, help="Print errors only, not warnings.")
@click.option("--notes", is_flag=True, help="Also list each reference to an instrument that is not in the knowledge base.")
def validate(statutes: Path, quiet: bool, notes: bool) -> None:
    """Check every statute file; print each problem as file:line:col: id: message (hint).

    Exit status 0 when every file is valid (warnings allowed), 1 otherwise.
    References to instruments the knowledge base does not hold are counted as notes
    (listed with --notes).
    """
    result = _validated(statutes, warnings=not quiet, notes=notes, action="")
    corpus = result.linked.corpus
    articles = sum(len(i.articles()) for i in corpus.instruments)
    warnings = sum(1 for d in result.diagnostics if d.severity is Severity.WARNING)
    note_count = sum(1 for d in result.diagnostics if d.severity is Severity.NOTE)
    click.echo(f"OK: {len(corpus.instruments)} instrument(s), {articles} articles, {corpus.provision_count()} provisions"
               + (f", {warnings} warning(s)" if warnings else "")
               + (f", {note_count} reference(s) to instruments not in the knowledge base" if note_count else "") + ".")


@main.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True,
              help="MkDocs configuration.")
@click.option("--site-dir", type=click.Path(path_type=Path), default=None, help="Output folder (default: site_dir of the configuration, site/).")
@click.option("--index-dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True,
              help="Folder of the command-line search index.")
@statutes_option
@generator_option
def build(config_file: Path, site_dir: Path | None, index_dir: Path, statutes: Path, generator: str) -> None:
    """Validate, link and render the statutes into the static site, with its search indexes.

    The site (default site/) and the command-line index are built aside (the
    index in a second process meanwhile, and only for the statutes whose text
    changed) and put in place together when both are complete: a failed or interrupted build
    leaves the previous ones as they were. What a killed build left behind,
    the next build removes first. The pages are written as ordinary files
    (.build-kb/stage) and the site generator runs on them as a program.
    """
    import time

    from build_kb.search import index
    from build_kb.site import build as site
    from build_kb.site.lock import BuildLocked, build_lock, publish, reproducible_date, stop_on_signals

    started = time.perf_counter()
    staged_site = None
    target = site.site_folder(config_file, site_dir)
    previous = "the previous site is unchanged" if target.exists() else "no site was written"
    try:
        with stop_on_signals():
            result = _validated(statutes, warnings=False)
        reproducible_date(config_file.parent)
        with build_lock(index_dir.parent), stop_on_signals():
            site.remove_leftovers(target)
            index.remove_leftovers(index_dir)
            with index.IndexInBackground(result.linked.corpus, index_dir, _corpus_hash(statutes)) as indexing, \
                    site.stage_site(config_file, target, result.linked, generator=generator) as staged_site, \
                    indexing.result() as staged_index:
                publish(staged_site, staged_index)
                built = staged_site.result()
    except BuildLocked as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    except site.SiteBuildError as exc:
        click.echo(f"build failed, {previous}: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"build failed, {previous} and so is the index: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        if staged_site is not None and staged_site.in_place:
            click.echo("build interrupted after the new site and index were put in place: both are complete; "
                       "the next build removes what is left of the previous ones.", err=True)
        elif previous == "no site was written":
            click.echo("build interrupted: no site was written.", err=True)
        else:
            click.echo("build interrupted: the previous site and index are unchanged.", err=True)
        sys.exit(130)
    click.echo(f"Built {built.site_dir} ({built.size_bytes / 1e6:.1f} MB; {built.pages_indexed} articles in the site search) "
               f"and the command-line index ({staged_index.documents} articles) in {time.perf_counter() - started:.1f} s.")


def _corpus_hash(statutes: Path) -> str:
    """The hash the command-line index of ``statutes`` is stamped with (:func:`build_kb.search.index.corpus_hash`)."""
    from build_kb.search.index import corpus_hash

    return corpus_hash(statute_files(statutes)) if statutes.is_dir() else ""


def _current_index(index_dir: Path, statutes: Path, result: PipelineResult | None = None) -> None:
    """Rebuild the index at ``index_dir`` when it is missing or older than ``statutes``.

    Waits while a build runs (it holds the build lock); that build may leave the index current.
    """
    from build_kb.site.lock import build_lock
    from build_kb.search.index import build_index, is_current, remove_leftovers

    stamp = _corpus_hash(statutes)
    if is_current(index_dir, stamp):
        return
    with build_lock(index_dir.parent, wait=True):
        if is_current(index_dir, stamp):
            return
        result = result or _validated(statutes, warnings=False)
        remove_leftovers(index_dir)
        build_index(result.linked.corpus, index_dir, stamp)


def _damaged(index_dir: Path, exc: Exception) -> None:
    click.echo(f"the command-line index at {index_dir} is damaged ({exc}); rebuild it with: build-kb build", err=True)
    sys.exit(1)


@main.command()
@click.option("--config", "config_file", type=click.Path(path_type=Path), default=Path("mkdocs.yml"), show_default=True)
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@statutes_option
@generator_option
def serve(config_file: Path, dev_addr: str, statutes: Path, generator: str) -> None:
    """Preview the site, rebuilding when a statute file, a page or the configuration changes.

    Files with errors are left out of the preview and named on each rebuild. Site
    search uses the Pagefind index of the last 'build-kb build', if there is one.
    """
    import socket

    from build_kb.site import build as site
    from build_kb.site import preview

    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"{dev_addr!r} is not an address such as 127.0.0.1:8000", param_hint="--dev-addr")
    try:
        with socket.create_server((host.strip("[]"), int(port))):
            pass  # free now; the generator's server binds it next
    except OSError as exc:
        other = f"{host}:{int(port) + 1}" if exc.errno == errno.EADDRINUSE else "127.0.0.1:8000"
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        click.echo(f"cannot serve on {dev_addr}: {reason} (pass another address, e.g. --dev-addr {other})", err=True)
        sys.exit(1)
    if not config_file.is_file():
        click.echo(f"{config_file}: no such configuration file (pass --config)", err=True)
        sys.exit(1)

    def report(errors: list[Diagnostic]) -> None:
        if errors:
            _report(errors, warnings=False)
            click.echo(f"{len(errors)} error(s): the preview leaves those files out until they are fixed.", err=True)

    target = site.site_folder(config_file)
    status = preview.serve(site.stage_folder(config_file, "preview"), config_file, statutes,
                           target if target.is_dir() else None, dev_addr, report, generator)
    if status:
        click.echo(f"the preview stopped: {generator}'s server exited with status {status} (its messages are above)", err=True)
    sys.exit(status)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--jurisdiction", "-j", type=click.Choice(["cn", "us", "us-ca", "eu"]), help="Only this jurisdiction.")
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True, help="Maximum number of hits.")
@click.option("--index-dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True)
@statutes_option
def search(query: tuple[str, ...], jurisdiction: str | None, limit: int, index_dir: Path, statutes: Path) -> None:
    """Full-text search over every article, in Chinese or English.

    Prints, for each hit, the provision id, its citation and a snippet with the
    matched words in [brackets]. The index is rebuilt first when a statute file changed.
    """
    from build_kb.search.index import IndexDamaged
    from build_kb.search.index import search as run_search

    _current_index(index_dir, statutes)
    try:
        hits = run_search(index_dir, " ".join(query), jurisdiction=jurisdiction, limit=limit)
    except IndexDamaged as exc:
        _damaged(index_dir, exc)
    if not hits:
        click.echo("No hits.")
        return
    for hit in hits:
        click.echo(f"{hit.id}  {hit.citation}\n    {hit.snippet}")


def _topic_or_exit(result: PipelineResult, topic_id: str):
    topics = {t.id: t for t in result.linked.corpus.topics}
    if topic_id not in topics:
        raise click.BadParameter(f"no topic {topic_id!r}; topics: {', '.join(topics)}", param_hint="TOPIC")
    return topics[topic_id]


@main.command()
@click.argument("topic")
@click.option("--width", type=click.IntRange(40, 400), default=100, show_default=True, help="Wrap lines at this width.")
@statutes_option
def compare(topic: str, width: int, statutes: Path) -> None:
    """Print a topic side by side across jurisdictions: each provision with our note and its text.

    TOPIC is a topic id (a file name in statutes/topics/, e.g. deletion).
    """
    from build_kb.compare.matrix import comparison_text

    result = _validated(statutes, warnings=False, action="")
    click.echo(comparison_text(result.linked.corpus, _topic_or_exit(result, topic), width), nl=False)


def _provision_or_exit(result: PipelineResult, value: str, hint: str):
    from build_kb.model import ProvisionId

    try:
        pid = ProvisionId.parse(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a provision id such as cn/pipl#art_47", param_hint=hint) from None
    instrument = result.linked.corpus.get(pid.instrument)
    if instrument is None or instrument.provision(pid.eid) is None:
        raise click.BadParameter(f"no provision {value!r} in the knowledge base", param_hint=hint)
    return pid


@main.command()
@click.argument("earlier")
@click.argument("later", required=False)
@click.option("--language", "-l", type=click.Choice(["zh", "en"]), help="Compare this language (default: the official one).")
@statutes_option
def diff(earlier: str, later: str | None, language: str | None, statutes: Path) -> None:
    """Print the redline of a provision between two versions: [-deleted-]{+inserted+}.

    EARLIER and LATER are provision ids (cn/gpcl#art_111 cn/civil-code#art_111).
    Without LATER, the provisions that replaced EARLIER, from the succession
    tables (cn/tort-liability#art_36 gives Civil Code Arts. 1194-1197).
    Chinese is compared character by character, English word by word.
    """
    from build_kb.link.graph import article_node
    from build_kb.model import ProvisionId, provision_text
    from build_kb.compare.redline import changes, redline, redline_text

    result = _validated(statutes, warnings=False, action="")
    corpus = result.linked.corpus
    old = _provision_or_exit(result, earlier, "EARLIER")
    if later:
        before, after = [old], [_provision_or_exit(result, later, "LATER")]
    else:  # successions are recorded per article; merged articles are compared together, as on the site
        article = ProvisionId.parse(article_node(str(old)))
        change = next((c for c in changes(corpus) if article in c.earlier.provisions), None)
        if change is not None:
            before, after = list(change.earlier.provisions), list(change.later.provisions)
            click.echo(f"{change.change}: see also the redline page redlines/{change.id}/")
        else:
            before, after = [article], result.linked.successors(article)
        if not after:
            raise click.UsageError(f"{article} has no successor in the succession tables; name the later provision too")

    def text(pids) -> str:
        return "\n\n".join(provision_text(corpus.get(p.instrument), corpus.get(p.instrument).provision(p.eid), language)
                           for p in pids)

    language = language or corpus.get(before[0].instrument).official_language
    old_text, new_text = text(before), text(after)
    if not old_text or not new_text:
        raise click.UsageError(f"no {language} text on both sides; try --language {'zh' if language == 'en' else 'en'}")
    click.echo(f"--- {', '.join(map(str, before))}\n+++ {', '.join(map(str, after))}")
    if language != corpus.get(before[0].instrument).official_language:
        click.echo("(our unofficial translations, made separately: a difference may be one of wording, not of law)")
    if old_text == new_text:
        click.echo("No change: the texts are identical.")
    click.echo(redline_text(redline(old_text, new_text, language)))


@main.command()
@click.argument("provision")
@click.option("--limit", "-n", type=click.IntRange(1, 100), default=10, show_default=True, help="Maximum number of suggestions.")
@click.option("--index-dir", type=click.Path(path_type=Path), default=DEFAULT_INDEX, show_default=True,
              help="Folder of the command-line search index (built when missing or stale).")
@statutes_option
def suggest(provision: str, limit: int, index_dir: Path, statutes: Path) -> None:
    """Suggest provisions of other jurisdictions that may belong to PROVISION's topics.

    Compares English text (Whoosh's more-like-this), so a Chinese provision needs
    its translation. For each suggestion: its id, citation, and the topics of
    PROVISION it is not yet in, for a contributor to confirm in statutes/topics/.
    """
    from build_kb.search.index import IndexDamaged, more_like
    from build_kb.link.graph import article_node

    result = _validated(statutes, warnings=False, action="")
    pid = _provision_or_exit(result, provision, "PROVISION")
    if not pid.eid.startswith(("art_", "sec_", "rct_")):
        kind = result.linked.corpus.get(pid.instrument).provision(pid.eid).kind
        raise click.BadParameter(f"{provision} is a {kind}: suggestions are made for articles, sections and recitals "
                                 "and their parts, e.g. cn/pipl#art_47", param_hint="PROVISION")
    _current_index(index_dir, statutes, result)
    article = article_node(str(pid))
    try:
        suggestions = more_like(index_dir, article, limit=limit)
    except IndexDamaged as exc:
        _damaged(index_dir, exc)
    if not suggestions:
        click.echo(f"No suggestions for {article}: nothing alike in other jurisdictions "
                   "(a Chinese article needs its English translation to be compared).")
        return
    from build_kb.model import ProvisionId

    topics = result.linked.topics_of(ProvisionId.parse(article))
    click.echo(f"Like {article}" + (f" (topics: {', '.join(t.id for t in topics)})" if topics else " (in no topic yet)") + ":")
    for s in suggestions:
        missing = [t.id for t in topics if t not in result.linked.topics_of(ProvisionId.parse(s.id))]
        hint = f"  → not yet in: {', '.join(missing)}" if missing else ("  (already in the same topics)" if topics else "")
        click.echo(f"{s.score:6.2f}  {s.id}  {s.citation}{hint}")


@main.command(name="import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--id", "instrument_id", required=True, help="Instrument id, e.g. cn/pipl.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here (default: statutes/<id>.yaml). An existing file keeps its metadata and translations.")
def import_(source: Path, instrument_id: str, output: Path | None) -> None:
    """Turn an official text into a statute YAML file.

    Formats: a Chinese statute in the Markdown of the national law database; the
    U.S. Code in Markdown (#### § headings); an EU act in the GDPRtEXT JSON. A new
    file gets the provisions with their official text and metadata to fill in
    (marked TODO). Into an existing file, the official text is re-imported while its
    metadata, translations, headings and notes are kept.

    The source must be UTF-8 (a byte-order mark is ignored). A source that cannot be
    read or imported (not UTF-8, empty, no articles, articles out of sequence) is
    reported as SOURCE:LINE: what is wrong (how to fix it), exit 1, and nothing is written.
    What is imported as printed but deserves a look (a U.S. Code subdivision after a
    gap, which the Code does print) is a warning, SOURCE:LINE: warning: …, exit 0.
    """
    from build_kb.importers.skeleton import import_source

    target = output or Path("statutes") / f"{instrument_id}.yaml"
    warnings: list[tuple[int, str]] = []
    try:
        report = import_source(source, instrument_id, target, warnings)
    except ValueError as exc:
        line = getattr(exc, "line", None)  # a SourceError knows the line of the source it concerns
        click.echo(f"{source}:{line}: {exc}" if line else f"{source}: {exc}", err=True)
        sys.exit(1)
    for line, message in warnings:
        click.echo(f"{source}:{line}: warning: {message}", err=True)
    click.echo(report)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--fix", is_flag=True, help="Rewrite files into the canonical form.")
@statutes_option
def lint(files: tuple[Path, ...], fix: bool, statutes: Path) -> None:
    """Check that statute files are in the canonical YAML form; print a diff when not.

    Canonical: load then dump reproduces the file byte for byte (keys in the
    schema's order, block style, the schema line first). Exit 1 when a file is
    not canonical (unless --fix rewrote it) or cannot be read.
    """
    from build_kb.validate.lint import lint_file

    from build_kb.pipeline import discover

    if files:
        paths, unread = [Path(f) for f in files], 0
    else:
        folder = discover(statutes)
        _report(folder.diagnostics)
        paths, unread = folder.all(), len(folder.diagnostics)
    differ = 0
    for path in paths:
        result = lint_file(path, statutes, str(path))
        if errors_in(list(result.diagnostics)) or result.canonical is None:
            _report(result.diagnostics)
            unread += 1
        elif result.diff and fix:
            _write_atomically(path, result.canonical)
            click.echo(f"fixed {path}")
        elif result.diff:
            click.echo(result.diff, nl=False)
            differ += 1
    if unread:
        click.echo(f"{unread} file(s) cannot be linted: fix the errors above first.", err=True)
    if differ:
        click.echo(f"{differ} file(s) not in canonical form: run 'build-kb lint --fix'.", err=True)
    if unread or differ:
        sys.exit(1)
    click.echo(f"OK: {len(paths)} file(s) in canonical form.")


def _write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` through a temporary file beside it, so that an interrupted write loses nothing."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


@main.command()
@click.argument("instrument_id")
@statutes_option
def new(instrument_id: str, statutes: Path) -> None:
    """Create statutes/<INSTRUMENT_ID>.yaml from the commented template (e.g. build-kb new cn/consumer-rights).

    Fill in the fields, then run 'build-kb validate'. To start from an official
    text instead, use 'build-kb import'.
    """
    import re

    from build_kb.validate.lint import schema_line_for

    if not re.fullmatch(r"(cn|us|us-ca|eu)/[a-z0-9][a-z0-9-]*", instrument_id):
        raise click.BadParameter("use '<jurisdiction>/<slug>': jurisdiction cn, us, us-ca or eu; slug in lower case, "
                                 "digits and '-' (e.g. cn/consumer-rights)", param_hint="INSTRUMENT_ID")
    target = statutes / f"{instrument_id}.yaml"
    if target.exists():
        click.echo(f"{target} exists already: edit it, or choose another id.", err=True)
        sys.exit(1)
    try:
        template = (statutes / "TEMPLATE.yaml").read_text(encoding="utf-8")
    except OSError as exc:
        click.echo(f"{statutes / 'TEMPLATE.yaml'}: the template cannot be read ({exc.strerror or exc}): build-kb new "
                   "copies TEMPLATE.yaml from the statutes folder; restore it there from the repository, or name the "
                   "folder that holds it with --statutes", err=True)
        sys.exit(1)
    jurisdiction = instrument_id.split("/")[0]
    text = template.replace("id: cn/example-law", f"id: {instrument_id}", 1)
    text = re.sub(r"^jurisdiction: cn ", f"jurisdiction: {jurisdiction} ", text, count=1, flags=re.M)
    text = re.sub(r"^# yaml-language-server: \$schema=.*$", "# yaml-language-server: $schema=" + schema_line_for(target, statutes),
                  text, count=1, flags=re.M)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    click.echo(f"created {target}: replace the example values, then run 'build-kb validate'.")


@main.command(name="check-links")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("site"))
def check_links(site: Path) -> None:
    """Check that every internal link and anchor of a built site resolves, and nothing loads from elsewhere.

    Exit 1 and list each broken link (page: href: reason) when one does not.
    """
    from build_kb.site.linkcheck import check_site

    if not any(site.rglob("*.html")):
        click.echo(f"{site} holds no page: give the folder of a built site (build-kb build writes site/).", err=True)
        sys.exit(1)
    broken = check_site(site)
    for link in broken:
        click.echo(str(link), err=True)
    if broken:
        click.echo(f"{len(broken)} broken link(s) in {site}.", err=True)
        sys.exit(1)
    click.echo(f"OK: every internal link and anchor in {site} resolves.")


if __name__ == "__main__":  # pragma: no cover
    main()
