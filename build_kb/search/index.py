"""Stage 5, index: the command-line full-text index (Whoosh), Chinese and English.

The only module that imports whoosh (the maintained ``whoosh-reloaded``).
One document per article (or US section, recital): its Chinese text
segmented by jieba in search mode, its English text with Whoosh's
stemming analyzer, so 删除 and ``deletion`` both find PIPL Art. 47. The
index is built again when the statute files change (a hash of their contents is
stored beside it), but only for the instruments whose documents changed: each
instrument is one Whoosh segment, which the next version keeps when its
documents are the same (``segments.json`` records each one's digest).

Layout of an index folder (``.build-kb/whoosh``): each build writes a new
``version-*`` folder, and the file ``current`` names the one searches read;
replacing that file (a rename) is what puts a new index in place. A search
that read the name of the previous version just before a build replaced and
removed it finds its files gone, sees that ``current`` names another
version, and searches that one: it never meets a half index. Anything else
that stops Whoosh reading the index is reported as :class:`IndexDamaged`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh import highlight, index, scoring
from whoosh.analysis import StemmingAnalyzer, Token, Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import Or, Term

from build_kb.model import Corpus


_STAMP = "corpus.sha256"
_WORDS = "words.txt"
_POINTER = "current"
_VERSION = re.compile(r"version-[A-Za-z0-9_]+")
#: Files of an index written straight into the index folder, before versions: removed by the next build.
_UNVERSIONED = ("_MAIN_*", "MAIN_*", _STAMP, _WORDS)
#: Characters of a field the highlighter reads for one snippet: Whoosh re-analyses what it is given,
#: which for a provision of a megabyte takes seconds; the window starts a little before the first match.
_WINDOW = 2000

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _jieba():
    """The jieba module, imported on first use and quiet."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=4)
class _LazySegmenter:
    """Loads its dictionary on first use: an English query never needs it."""

    def __init__(self, words: str):
        self.words, self.loaded = words, None

    def tokenize(self, text: str, mode: str = "default"):
        if self.loaded is None:
            self.loaded = _word_segmenter(self.words)
        return self.loaded.tokenize(text, mode=mode)


def _word_segmenter(words: str):
    """A jieba segmenter with the dictionary ``words``, ready.

    jieba caches each dictionary it reads in a file named after its path; each index version has a
    path of its own, so the cache goes in the version's folder: removed with it, and written while
    the index is built, so that searches only read it.
    """
    segmenter = _jieba().Tokenizer(dictionary=words)
    segmenter.tmp_dir = str(Path(words).parent)
    segmenter.initialize()
    return segmenter


def _query_segmenter(words: str) -> _LazySegmenter:
    """A jieba segmenter whose dictionary holds only the words of an index (``words.txt``).

    A query can match only words of the index, so a query cut with this dictionary matches what
    a cut with jieba's full one would; the file keeps jieba's frequencies and total, so that the
    cuts are the same, and loads in a small part of the time the full dictionary takes.
    """
    return _LazySegmenter(words)


def _write_words(ix, folder: Path) -> None:
    """Write ``folder/words.txt``: every Chinese word of the index with jieba's frequency, plus one
    filler entry (a private-use character) that brings the total to that of jieba's dictionary."""
    jieba = _jieba()
    jieba.dt.check_initialized()
    lines, total = [], 0
    with ix.reader() as reader:
        for term in reader.lexicon("zh"):
            word = term.decode("utf-8") if isinstance(term, bytes) else term
            frequency = jieba.dt.FREQ.get(word) or 1
            lines.append(f"{word} {frequency}")
            total += frequency
    lines.append(f"\ue000 {max(1, jieba.dt.total - total)}")
    (folder / _WORDS).write_text("\n".join(lines) + "\n", encoding="utf-8")


class _JiebaTokenizer(Tokenizer):
    """Whoosh tokenizer that segments Chinese with jieba (search mode: 个人信息处理者 → 个人, 信息, 个人信息, 处理者…).

    ``segmenter``: jieba's full dictionary unless set; a search of an index sets it on the schema it
    opened to the index's own words (:func:`_query_segmenter`). It is not stored with the index's schema,
    and jieba is imported only when Chinese text needs it, so that an English query does not wait for it.
    """

    segmenter = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "segmenter"}

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, mode="", **kwargs):
        if not _HAN.search(value):
            return  # no Chinese: nothing for this field
        segmenter = self.segmenter or _jieba().dt
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, (word, start, end) in enumerate(segmenter.tokenize(value, mode="search")):
            if not word.strip() or not any(ch.isalnum() for ch in word) or word.isascii():
                continue  # Latin words and numbers belong to the English field's analyzer
            token.original = token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class _Brackets(highlight.Formatter):
    """Marks matched words as [word]: visible in Chinese too, where upper case is not."""

    def format_token(self, text, token, replace=False):  # noqa: D102 - Whoosh hook
        return f"[{highlight.get_text(text, token, replace)}]"


def _schema() -> Schema:
    return Schema(id=ID(stored=True, unique=True), instrument=ID(stored=True), jurisdiction=ID(stored=True),
                  citation=STORED, zh=TEXT(analyzer=_JiebaTokenizer(), stored=True),
                  en=TEXT(analyzer=StemmingAnalyzer(), stored=True))


@dataclass(frozen=True)
class Hit:
    """One search result: provision id, its citation, a snippet with the match, and the score."""

    id: str
    citation: str
    snippet: str
    score: float


#: Bump when what goes into the index changes, so that existing indexes are rebuilt.
INDEX_FORMAT = "5"


def corpus_hash(files: list[Path]) -> str:
    """SHA-256 over the index format and the names and contents of ``files`` (hex), to tell when an index is stale."""
    digest = hashlib.sha256(INDEX_FORMAT.encode())
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class IndexDamaged(Exception):
    """The index cannot be read; ``str()`` says what was found (the error of the reader, or a missing file)."""


def _pointer(index_dir: Path) -> str | None:
    """What ``index_dir/current`` says, stripped; ``None`` when there is no such file."""
    try:
        return (index_dir / _POINTER).read_text(encoding="utf-8", errors="replace").strip()
    except FileNotFoundError:
        return None


def _current_version(index_dir: Path) -> Path:
    """The version folder ``index_dir/current`` names.

    Raises:
        IndexDamaged: when there is no ``current`` file or it does not hold a version name.
    """
    name = _pointer(index_dir)
    if name is None:
        raise IndexDamaged(f"no file {_POINTER} naming its version")
    if not _VERSION.fullmatch(name):
        raise IndexDamaged(f"{_POINTER} does not name a version: {name[:40]!r}")
    return index_dir / name


def is_current(index_dir: Path, stamp: str) -> bool:
    """Whether ``index_dir`` has a current version built from files with hash ``stamp``.

    Reads the stamp only: whether Whoosh can read the index is for :func:`search` to find out.
    """
    index_dir = Path(index_dir)
    try:
        return (_current_version(index_dir) / _STAMP).read_text(encoding="utf-8") == stamp
    except (IndexDamaged, OSError, UnicodeDecodeError):
        return False


def remove_leftovers(index_dir: Path) -> list[Path]:
    """Remove from ``index_dir`` what is not its current version: versions of interrupted or earlier
    builds, an index written before versions, and the staging folders of such builds beside it.

    Only for the one build that holds :func:`build_kb.site.lock.build_lock`: another build's
    version folder looks the same. Returns the paths removed.
    """
    index_dir = Path(index_dir)
    keep = {_POINTER, _pointer(index_dir)}
    patterns = [(index_dir, "version-*"), (index_dir, f".{_POINTER}.new-*"), (index_dir.parent, f".{index_dir.name}.new-*"),
                (index_dir.parent, f".{index_dir.name}.old-*")] + [(index_dir, pattern) for pattern in _UNVERSIONED]
    removed = []
    for folder, pattern in patterns:
        for path in sorted(folder.glob(pattern)):
            if path.name in keep:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@dataclass
class StagedIndex:
    """A complete index version written by :func:`stage_index`, not yet read by searches.

    Use it as a context manager: on leaving, every other version is removed if this one was
    swapped in, this one if it was not.

    Attributes:
        index_dir: the index folder.
        version: this version's folder, inside ``index_dir``.
        documents: the number of documents in it.
        previous: what ``current`` said before :meth:`swap_in` (``None``: there was no such file).
        in_place: whether ``current`` names this version.
    """

    index_dir: Path
    version: Path
    documents: int
    previous: str | None = None
    in_place: bool = False

    def _point(self, name: str) -> None:
        staging = self.index_dir / f".{_POINTER}.new-{os.getpid()}"
        staging.write_text(name, encoding="utf-8")
        os.replace(staging, self.index_dir / _POINTER)

    def swap_in(self) -> None:
        """Make this version the one searches read (one rename).

        Raises:
            OSError: when the file ``current`` cannot be written; nothing changed then.
        """
        self.previous = _pointer(self.index_dir)
        self._point(self.version.name)
        self.in_place = True

    def undo(self) -> None:
        """Make the previous version current again (after :meth:`swap_in`)."""
        if self.previous is None:
            (self.index_dir / _POINTER).unlink(missing_ok=True)
        else:
            self._point(self.previous)
        self.in_place = False

    def close(self) -> None:
        """Remove the versions that are not current once this one is in place, else this one."""
        if self.in_place:
            remove_leftovers(self.index_dir)
        else:
            shutil.rmtree(self.version, ignore_errors=True)

    def __enter__(self) -> StagedIndex:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


#: File of an index version naming, for each instrument, the digest of its documents and the Whoosh
#: segment that holds them: what lets the next build keep the segments of unchanged instruments.
_SEGMENTS = "segments.json"


def _documents(instrument) -> list[dict[str, str]]:
    """The index documents of ``instrument``: one per article, recital or section, in order.

    Each is a dict of the schema's fields (``id``, ``instrument``, ``jurisdiction``, ``zh``, ``en``,
    ``citation``), all strings.
    """
    from build_kb.citation import cite_en, cite_zh  # here, not above: searching needs no citations (nor cn2an)

    documents = []
    for article in instrument.recitals() + instrument.articles():
        texts = list(article.walk())
        zh = "\n".join([article.heading.zh] + [p.num + p.text.zh if p.abbreviation not in ("art", "para") else p.text.zh
                                                 for p in texts if p.text.zh])
        en = "\n".join([article.heading.en] + [t for p in texts for t in (p.text.en, p.continuation.en) if t])
        citation = " · ".join(c for c in (cite_zh(instrument, article.eid), cite_en(instrument, article.eid)) if c)
        documents.append({"id": f"{instrument.id}#{article.eid}", "instrument": instrument.id,
                          "jurisdiction": instrument.jurisdiction, "zh": zh, "en": en, "citation": citation})
    return documents


def _digest(documents: list[dict[str, str]]) -> str:
    """SHA-256 (hex) of the index format and ``documents``: equal digests, equal segments."""
    return hashlib.sha256(json.dumps([INDEX_FORMAT, documents], ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _reusable(index_dir: Path) -> tuple[Path | None, dict[str, dict[str, str]]]:
    """The current version of ``index_dir`` and its record of segments, or ``(None, {})`` when there
    is none that this code wrote and can read."""
    try:
        current = _current_version(index_dir)
        record = json.loads((current / _SEGMENTS).read_text(encoding="utf-8"))
    except (IndexDamaged, OSError, ValueError):
        return None, {}
    if not isinstance(record, dict) or record.get("format") != INDEX_FORMAT or not isinstance(record.get("instruments"), dict):
        return None, {}
    return current, record["instruments"]


def _link_files(source: Path, target: Path) -> None:
    """Give ``target`` the Whoosh files of ``source`` as hard links (copies where links fail).

    Safe because Whoosh writes each segment and table-of-contents file once and never again: a
    later commit in ``target`` adds files and unlinks its own names, never writes into these.
    """
    for path in source.iterdir():
        if path.is_file() and path.name not in (_STAMP, _WORDS, _SEGMENTS) and "LOCK" not in path.name:
            try:
                os.link(path, target / path.name)
            except OSError:
                shutil.copy2(path, target / path.name)


def stage_index(corpus: Corpus, index_dir: Path, stamp: str = "", *, version: Path | None = None,
                reuse: bool = True) -> StagedIndex:
    """Write the index of ``corpus`` as a new version in ``index_dir``, not yet current.

    Each instrument's documents are one Whoosh segment, in the corpus's order. With ``reuse``, the
    segments of the current version whose instrument's documents have not changed (same digest)
    are kept, linked rather than copied, and only the others are indexed again: after an edit of
    one statute, only that statute is analysed. Kept or new, the segments, their order and so the
    scores are those a build from nothing writes.

    The caller must be the only process building into ``index_dir`` (it holds
    :func:`build_kb.site.lock.build_lock` on ``index_dir``'s parent), since closing the result
    removes every version but the current one.

    Args:
        corpus: the checked corpus.
        index_dir: the index folder.
        stamp: the hash of the statute files it is built from (:func:`corpus_hash`).
        version: the empty folder inside ``index_dir`` to write (default: a new ``version-*``).
        reuse: whether to keep the unchanged segments of the current version.

    Returns:
        :class:`StagedIndex`, to swap in (:meth:`StagedIndex.swap_in`) and close.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    version = Path(version) if version is not None else Path(tempfile.mkdtemp(prefix="version-", dir=index_dir))
    try:
        documents = {instrument.id: _documents(instrument) for instrument in corpus.instruments}
        digests = {key: _digest(value) for key, value in documents.items()}
        previous, record = _reusable(index_dir) if reuse else (None, {})
        kept = {key: entry for key, entry in record.items()
                if isinstance(entry, dict) and digests.get(key) == entry.get("digest")}
        if previous is not None:
            _link_files(previous, version)
            ix = index.open_dir(str(version))
            keep = {entry.get("segment") for entry in kept.values()}
            ix.writer().commit(mergetype=lambda _writer, segments: [s for s in segments if s.segment_id() in keep])
        else:
            ix = index.create_in(str(version), _schema())
            kept = {}
        segments = {}
        for key, docs in documents.items():
            if key in kept:
                segments[key] = kept[key]
                continue
            before = {s.segment_id() for s in ix._segments()}
            writer = ix.writer(limitmb=256)
            for document in docs:
                writer.add_document(**document)
            writer.commit(merge=False)
            added = [s.segment_id() for s in ix._segments() if s.segment_id() not in before]
            segments[key] = {"digest": digests[key], "segment": added[0] if added else None}
        order = {entry["segment"]: n for n, entry in enumerate(segments.values()) if entry["segment"]}
        ix.writer().commit(mergetype=lambda _writer, found: sorted(found, key=lambda s: order[s.segment_id()]))
        _write_words(ix, version)
        _word_segmenter(str(version / _WORDS))
        (version / _SEGMENTS).write_text(json.dumps({"format": INDEX_FORMAT, "instruments": segments}, indent=1), encoding="utf-8")
        (version / _STAMP).write_text(stamp)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        raise
    return StagedIndex(index_dir, version, sum(len(docs) for docs in documents.values()))


class IndexInBackground:
    """:func:`stage_index` run in a child process while this one builds the site (both cores at work).

    Use it as a context manager around the work done meanwhile; :meth:`result` waits for the child
    and gives its :class:`StagedIndex`. Leaving the block without having taken the result (an
    error, an interrupt) stops the child and removes what it wrote. Where processes cannot fork
    (Windows), the index is staged in this process, at the first :meth:`result`.

    Args:
        corpus, index_dir, stamp: as for :func:`stage_index`.
    """

    def __init__(self, corpus: Corpus, index_dir: Path, stamp: str = ""):
        import multiprocessing

        self.index_dir = Path(index_dir)
        self.index_dir.mkdir(parents=True, exist_ok=True)
        self.version = Path(tempfile.mkdtemp(prefix="version-", dir=self.index_dir))
        self._arguments = (corpus, self.index_dir, stamp)
        self._taken = False
        self._process = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_stage_in_child, args=(send, *self._arguments, self.version), daemon=True)
            self._process.start()
            send.close()

    def result(self) -> StagedIndex:
        """Wait for the index; return it staged (not yet current).

        Raises:
            OSError: when the child ended without an index (killed, or out of memory); what it
                wrote is removed.
            Exception: what :func:`stage_index` raised in the child.
        """
        self._taken = True
        if self._process is None:
            return stage_index(*self._arguments, version=self.version)
        try:
            outcome, value = self._receive.recv()
        except EOFError:
            outcome, value = "failed", OSError(f"the indexing process ended with exit code {self._process.exitcode}")
        finally:
            self._process.join()
            self._receive.close()
        if outcome != "done":
            shutil.rmtree(self.version, ignore_errors=True)
            raise value
        return StagedIndex(self.index_dir, self.version, value)

    def __enter__(self) -> IndexInBackground:
        return self

    def __exit__(self, *exc_info) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        if not self._taken:
            shutil.rmtree(self.version, ignore_errors=True)


def _stage_in_child(send, corpus: Corpus, index_dir: Path, stamp: str, version: Path) -> None:
    """The body of :class:`IndexInBackground`'s child: stage the index, send ``("done", documents)``
    or ``("failed", exception)``."""
    try:
        staged = stage_index(corpus, index_dir, stamp, version=version)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent, which decides
        try:
            send.send(("failed", exc))
        except Exception:  # noqa: BLE001 - an exception that does not pickle
            send.send(("failed", OSError(f"indexing failed: {exc}")))
    else:
        send.send(("done", staged.documents))
    finally:
        send.close()


def build_index(corpus: Corpus, index_dir: Path, stamp: str = "") -> int:
    """(Re)build the index of ``corpus`` in ``index_dir``; return the number of documents.

    :func:`stage_index`, then the swap: searches read the previous version until the new one is
    complete. The caller must be the only process building into ``index_dir`` (see there).
    """
    with stage_index(corpus, index_dir, stamp) as staged:
        staged.swap_in()
        return staged.documents


def _reading(index_dir: Path, read):
    """``read(version_folder)`` on the current version of ``index_dir``, and its result.

    A build that swaps in a new version removes the previous one, possibly while it is being
    read: when reading fails and ``current`` has moved on meanwhile, read the new version.

    Raises:
        IndexDamaged: when reading fails on a version that is still current.
    """
    index_dir = Path(index_dir)
    for _ in range(3):  # a build takes seconds: three swaps during one read are a damaged index, not a race
        version = _current_version(index_dir)
        try:
            return read(version)
        except Exception as exc:  # noqa: BLE001 - Whoosh raises what its readers meet: struct, pickle, EOF, Unicode…
            if _pointer(index_dir) == version.name:
                raise IndexDamaged(_reason(exc, version)) from exc
    raise IndexDamaged("replaced three times while it was being read")


def _reason(exc: Exception, version: Path) -> str:
    text = str(exc)
    for folder in (str(version.resolve()), str(version)):  # the absolute form first: it contains the other
        text = text.replace(folder + os.sep, "").replace(folder, version.name)
    kind = type(exc).__name__
    if kind == "error":  # struct.error, zlib.error: the bare name says nothing
        kind = f"{type(exc).__module__}.{kind}"
    return f"{kind}: {text}" if text else kind


def _first_match(text: str, words: frozenset[str]):
    """Where in ``text`` a word of ``words`` (as indexed: Chinese words, English stems) may start: an
    iterator of offsets, for a snippet window; the highlighter then checks each window properly."""
    options = []
    for word in sorted(words, key=len, reverse=True):
        if _HAN.search(word):
            options.append(re.escape(word))
        elif word:
            # a Porter stem is the start of the word it came from, once a final e or i (happi, hope) is dropped
            stem = word[:-1] if len(word) > 3 and word[-1] in "ei" else word
            options.append(r"(?<!\w)" + re.escape(stem))
    if not options:
        return iter(())
    return (found.start() for found in re.finditer("|".join(options), text, re.IGNORECASE))


def _snippet(hit, field: str, words: frozenset[str]) -> str:
    """The highlighted snippet of ``field`` of ``hit``, from at most :data:`_WINDOW` characters of it."""
    text = hit[field]
    if len(text) <= _WINDOW:
        return hit.highlights(field, text=text)
    end = 0
    for tried, start in enumerate(_first_match(text, words)):
        if start < end:
            continue  # inside the window just tried
        if tried >= 20:
            break
        begin = max(0, start - _WINDOW // 4)
        end = begin + _WINDOW
        found = hit.highlights(field, text=text[begin:end])
        if found:
            return found
    return ""


def search(index_dir: Path, query: str, *, jurisdiction: str | None = None, limit: int = 10) -> list[Hit]:
    """Search the index for ``query`` (Chinese, English or both).

    Args:
        index_dir: a folder written by :func:`build_index`.
        query: words; Chinese is segmented as it was when indexed.
        jurisdiction: keep only hits from this jurisdiction (``cn``, ``us``, ``eu``…).
        limit: maximum number of hits.

    Returns:
        Hits, best first; each snippet is cut from a window of the text around the first match.

    Raises:
        IndexDamaged: when the index cannot be read.
    """
    return _reading(Path(index_dir), lambda version: _search(version, query, jurisdiction, limit))


def _search(version: Path, query: str, jurisdiction: str | None, limit: int) -> list[Hit]:
    ix = index.open_dir(str(version))
    with ix.searcher(weighting=scoring.BM25F(B=0.3, K1=1.5)) as searcher:
        schema = searcher.schema  # read once: each read of ix.schema is a new copy
        if (version / _WORDS).exists():
            schema["zh"].analyzer.segmenter = _query_segmenter(str(version / _WORDS))
        parser = MultifieldParser(["zh", "en"], schema=schema)
        parsed = parser.parse(query)
        mask_filter = Term("jurisdiction", jurisdiction) if jurisdiction else None
        results = searcher.search(parsed, limit=limit, filter=mask_filter)
        results.fragmenter = highlight.ContextFragmenter(maxchars=120, surround=30)
        results.formatter = _Brackets()
        first, second = ("zh", "en") if _HAN.search(query) else ("en", "zh")
        words = {field: frozenset(schema[field].from_bytes(term) for _, term in results.query_terms(expand=True, fieldname=field))
                 for field in (first, second)}
        hits = []
        for hit in results:
            snippet = _snippet(hit, first, words[first]) or _snippet(hit, second, words[second]) or (hit["en"] or hit["zh"])[:120]
            hits.append(Hit(hit["id"], hit["citation"], " ".join(snippet.split()), float(hit.score)))
        return hits


@dataclass(frozen=True)
class Suggestion:
    """A provision whose English text is like the given one's: its id, citation and similarity score."""

    id: str
    citation: str
    jurisdiction: str
    score: float


def more_like(index_dir: Path, article_id: str, *, limit: int = 10, other_jurisdictions: bool = True) -> list[Suggestion]:
    """Articles whose English text resembles ``article_id``'s (Whoosh's more-like-this, Bo1 model).

    Args:
        index_dir: a folder written by :func:`build_index`.
        article_id: an article, section or recital id as indexed (``cn/pipl#art_47``).
        limit: maximum number of suggestions.
        other_jurisdictions: keep only articles of other jurisdictions than ``article_id``'s.
            Recitals are never suggested: topics list the articles they explain.

    Returns:
        Suggestions, most alike first; empty when the article has no English text.

    Raises:
        KeyError: ``article_id`` is not in the index.
        IndexDamaged: when the index cannot be read.
    """
    found = _reading(Path(index_dir), lambda version: _more_like(version, article_id, limit, other_jurisdictions))
    if found is None:
        raise KeyError(article_id)
    return found


def _more_like(version: Path, article_id: str, limit: int, other_jurisdictions: bool) -> list[Suggestion] | None:
    ix = index.open_dir(str(version))
    with ix.searcher() as searcher:
        docnum = searcher.document_number(id=article_id)
        if docnum is None:
            return None
        source = searcher.stored_fields(docnum)
        if not source["en"].strip():
            return []
        others = None
        if other_jurisdictions:
            others = Or([Term("jurisdiction", j) for j in searcher.lexicon("jurisdiction") if j.decode() != source["jurisdiction"]])
        found = []
        for hit in searcher.more_like(docnum, "en", top=limit * 4, numterms=20, filter=others):
            if "#rct_" in hit["id"]:
                continue  # recitals explain articles; topics list the articles
            found.append(Suggestion(hit["id"], hit["citation"], hit["jurisdiction"], float(hit.score)))
            if len(found) == limit:
                break
        return found
