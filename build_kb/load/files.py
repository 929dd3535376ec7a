"""Stage 1, load: YAML files → plain data with the position of every value.

PyYAML implements YAML 1.1, whose implicit typing turns ``1798.100`` into
the float 1798.1, ``NO`` into ``False`` and ``010`` into 8. Statutes cannot
afford that, so this loader never constructs typed scalars: it composes the
node tree (with libyaml's C parser when available) and converts every scalar
to the string exactly as written. Types are applied later, by the validator,
from the schema. Duplicate keys, explicit tags (``!!python/object``) and
anchors/aliases are refused, so a file means one thing only.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Union

import yaml

from build_kb.diagnostics import Diagnostic, Severity

try:  # libyaml's composer is several times faster and keeps the same marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

#: A path into loaded data: mapping keys and sequence indexes.
DataPath = tuple[Union[str, int], ...]

#: Files larger than this are refused before parsing (bytes).
MAX_FILE_BYTES = 8 * 1024 * 1024

#: Deepest nesting of YAML collections accepted. A provision is two levels (its mapping and its
#: ``children`` list); the deepest real tree, a HIPAA item, is eleven provisions down (about 25
#: levels). Deeper files are refused before any stage walks them recursively.
MAX_NESTING = 64

# `text：` or `text:　` (a full-width colon, or a full-width space after the colon)
_FULLWIDTH_AFTER_KEY = re.compile(r"^\s*(-\s+)?([A-Za-z_][\w-]*)(\uff1a|:\u3000)")

# ` #` after an unquoted value starts a comment: one space (or tab) is a truncated text, not a remark
# (the template's remarks are set off by two spaces or more).
_COMMENT_AFTER_ONE_SPACE = re.compile(r"[ \t]#")

#: Characters no statute text holds: control characters (but line breaks) and tabs, characters that
#: change the direction of text (a reader sees other words than the file holds: CVE-2021-42574),
#: invisible joiners and spaces (and the blank letters that pass for spaces: the Hangul fillers, the
#: blank Braille pattern, tag characters, the object replacement character), and the Unicode line and
#: paragraph separators (YAML reads them as line breaks in some places and not in others). The soft
#: hyphen is kept: U.S. Code sources print it (rec­ords), and the texts are quoted as printed.
_FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u115f\u1160\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
                        "\u2800\u3164\ufeff\uffa0\ufff9-\ufffc\u2028\u2029\U000e0000-\U000e007f]")
#: Full-width digits and Latin letters: no official source has them; an input method types them.
_FULLWIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _character_problem(char: str) -> tuple[str, str]:
    """(what the character is, how to fix) for a character matched by :data:`_FORBIDDEN`."""
    import unicodedata

    code = ord(char)
    name = unicodedata.name(char, "")
    what = f"U+{code:04X}" + (f" ({name.lower()})" if name else "")
    if char == "\t":
        return f"a tab, {what}", "type a space instead"
    if char in "\u2028\u2029":
        return f"a line or paragraph separator, {what}", "start a new line instead, or a new paragraph (a new 'text')"
    if unicodedata.category(char) == "Cf" and 0x202A <= code <= 0x2069 or char in "\u061c\u200e\u200f":
        return (f"a character that changes the direction of text, {what}",
                "delete it: it makes the text read otherwise on screen than in the file")
    if unicodedata.category(char) in ("Cf", "Lo", "So", "Cn") or char in "\u2800\ufffc":
        return f"an invisible character, {what}", "delete it"
    return f"a control character, {what}", "delete it"


_STANDARD_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass(frozen=True)
class LoadedFile:
    """A parsed YAML file.

    Attributes:
        path: the file's path as given.
        data: nested dicts, lists and strings (never numbers, booleans or dates);
            ``None`` when the file could not be parsed.
        positions: ``DataPath`` → (line, col), 1-based, of each value.
        key_positions: ``DataPath`` → (line, col) of the key that holds the value.
        diagnostics: problems found while loading.
        intact: whether ``data`` has the structure the file means (no structural error among
            ``diagnostics``; see :attr:`failed`).
    """

    path: str
    data: Any
    positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    intact: bool = True

    @property
    def failed(self) -> bool:
        """Whether the file could not be read as meant: no data, or an error in its YAML structure (a
        duplicate key, a tag, an alias). Errors in the text of values (a forbidden character, a
        truncating ' #') leave the rest of the file to check, so that every mistake shows in one pass."""
        return self.data is None or not self.intact

    def where(self, path: DataPath, *, key: bool = False) -> tuple[int, int]:
        """Return (line, col) of the value at ``path``, or of its key when ``key``.

        Falls back to the nearest enclosing value, then to (1, 1).
        """
        table = self.key_positions if key else self.positions
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    """Turn a composed node tree into strings, lists and dicts, recording positions."""

    def __init__(self, path: str, lines: list[str]):
        self.path = path
        self.lines = lines
        self.positions: dict[DataPath, tuple[int, int]] = {}
        self.key_positions: dict[DataPath, tuple[int, int]] = {}
        self.diagnostics: list[Diagnostic] = []
        #: problems in the text of values (characters, a truncating ' #'): the structure is intact
        self.text_findings: list[Diagnostic] = []
        self._seen: set[int] = set()
        self.aliases = False

    def _check_characters(self, node: yaml.ScalarNode) -> None:
        """One diagnostic per value for a character no statute text holds (error) or a full-width digit or letter (warning)."""
        line, col = _mark(node)
        bad = _FORBIDDEN.search(node.value)
        if bad:
            what, hint = _character_problem(bad.group())
            self.text_findings.append(Diagnostic(self.path, line, col, "", f"character {bad.start() + 1} of the value is {what}", hint))
        wide = _FULLWIDTH.search(node.value)
        if wide:
            import unicodedata

            plain = unicodedata.normalize("NFKC", wide.group())
            self.text_findings.append(Diagnostic(
                self.path, line, col, "", f"character {wide.start() + 1} of the value is the full-width {wide.group()!r} (U+{ord(wide.group()):04X})",
                f"type {plain!r} unless the official text has the full-width form", Severity.WARNING))

    def _rest_of_line(self, node: yaml.ScalarNode) -> str:
        """What follows ``node`` on the line where it ends."""
        mark = node.end_mark
        return self.lines[mark.line][mark.column:] if mark.line < len(self.lines) else ""

    def error(self, node: yaml.Node, message: str, hint: str) -> None:
        line, col = _mark(node)
        self.diagnostics.append(Diagnostic(self.path, line, col, "", message, hint))

    def convert(self, node: yaml.Node, path: DataPath) -> Any:
        self.positions[path] = _mark(node)
        if id(node) in self._seen:
            self.aliases = True  # reported at the alias itself, see load_text
            return None
        self._seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            self.error(node, f"the tag {node.tag!r} is not allowed",
                       "remove the tag; values are plain text")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
                return None
            self._check_characters(node)
            if not node.style and _COMMENT_AFTER_ONE_SPACE.match(self._rest_of_line(node)):
                line, col = node.end_mark.line + 1, node.end_mark.column + 2
                self.text_findings.append(Diagnostic(
                    self.path, line, col, "", "the text from ' #' on is a YAML comment, so the value stops before it",
                    "put the whole value in quotes ('…'); a comment meant as one needs two spaces before '#'"))
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "a key must be plain text", "use a word such as 'text' as the key")
                continue
            key = key_node.value
            if key == "<<":
                self.error(key_node, "merge keys (<<) are not allowed", "write the keys out in full")
                continue
            if key in result:
                first = self.key_positions[path + (key,)]
                self.error(key_node, f"duplicate key {key!r} (first at line {first[0]})",
                           "keep one of the two; YAML would silently drop the first")
                continue
            self.key_positions[path + (key,)] = _mark(key_node)
            result[key] = self.convert(value_node, path + (key,))
        return result


def _too_deep(root: yaml.Node) -> yaml.Node | None:
    """The first node nested deeper than :data:`MAX_NESTING` collections, or ``None`` (walked without recursion)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            return node
        if isinstance(node, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in reversed(node.value)]
        elif isinstance(node, yaml.MappingNode):
            stack += [(value, depth + 1) for _, value in reversed(node.value)]
    return None


def _precheck(path: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Decode ``raw``; return (text or None, diagnostics) for encoding-level problems."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Diagnostic(path, 0, 0, "", f"the file is {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}",
                                 "split the instrument into several files, one per version or part")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [Diagnostic(path, 1, 1, "", "the file starts with a byte-order mark (BOM)",
                                 "save the file as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic(path, line, col, "", "the file is not valid UTF-8",
                                 "save the file as UTF-8, not GBK, GB18030 or UTF-16")]
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [Diagnostic(path, 1, 1, "", "the file is empty",
                                 "start from statutes/TEMPLATE.yaml or delete the file")]
    diagnostics = []
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            diagnostics.append(Diagnostic(path, number, len(line) - len(stripped) + 1, "",
                                          "a tab is used for indentation", "indent with spaces only"))
        bad = _FULLWIDTH_AFTER_KEY.match(line)
        if bad:
            what = "full-width colon '：'" if bad.group(3) == "\uff1a" else "full-width space after the colon"
            diagnostics.append(Diagnostic(path, number, bad.start(3) + 1, "", f"a {what} follows the key {bad.group(2)!r}",
                                          "type the key with an ASCII colon and an ordinary space: 'key: value'"))
    return text, diagnostics


def load_file(path: str | Path, display: str | None = None, cache_dir: Path | None = None) -> LoadedFile:
    """Load one YAML file without ever raising on bad input.

    Args:
        path: file to read.
        display: the name to use in diagnostics (defaults to ``str(path)``).
        cache_dir: where to keep parsed files, keyed by a hash of their bytes, their name and this
            module's code; a file loaded again unchanged is read from there (a pickle, ten times
            faster than parsing YAML with positions). ``None``: no cache.

    Returns:
        A :class:`LoadedFile`; ``data`` is ``None`` if the file could not be parsed,
        and ``diagnostics`` lists every problem found.
    """
    name = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return LoadedFile(name, None, diagnostics=(Diagnostic(name, 0, 0, "", f"cannot read the file: {exc.strerror or exc}",
                                                              "make the file readable by the user who runs build-kb"),))
    if cache_dir is None:
        return load_text(raw, name)
    cached = Path(cache_dir) / f"{cache_key(raw, name)}.pickle"
    loaded = read_cached(cached)
    if isinstance(loaded, LoadedFile):
        return loaded
    loaded = load_text(raw, name)
    write_cached(cached, loaded)
    return loaded


def read_cached(path: Path):
    """The object pickled at ``path``, or ``None`` when it is absent or unreadable."""
    try:
        with path.open("rb") as stream:
            return pickle.load(stream)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
        return None


def write_cached(path: Path, value) -> None:
    """Pickle ``value`` to ``path`` through a temporary file and a rename; silently skipped when the
    folder cannot be written (a read-only checkout still works, only slower)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    except OSError:
        pass


@lru_cache(maxsize=1)
def _code_stamp() -> bytes:
    """A hash of this module's source and the Python version: parsed files cached by older code are not reused."""
    return hashlib.sha256(Path(__file__).read_bytes() + sys.version.encode()).digest()


def cache_key(raw: bytes, name: str) -> str:
    """The cache key (hex) of a file's bytes under its display name."""
    return hashlib.sha256(_code_stamp() + name.encode("utf-8", "surrogatepass") + b"\0" + raw).hexdigest()


def load_text(raw: bytes | str, name: str) -> LoadedFile:
    """Load YAML from bytes or text; see :func:`load_file`."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    text, diagnostics = _precheck(name, raw)
    if text is None or diagnostics:
        return LoadedFile(name, None, diagnostics=tuple(diagnostics))
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = (exc.problem or exc.context or "invalid YAML").rstrip(".")
        return LoadedFile(name, None, diagnostics=(Diagnostic(name, line, col, "", f"YAML syntax error: {problem}",
                                                              "check indentation and quote text containing ': ' or '#'"),))
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no problem_mark
        position = getattr(exc, "position", None)
        if isinstance(position, int) and getattr(exc, "character", None) is not None:
            before = text.encode("utf-8")[:position].decode("utf-8", "ignore")  # libyaml counts bytes
            line = before.count("\n") + 1
            col = len(before) - (before.rfind("\n") + 1) + 1
            what, hint = _character_problem(chr(exc.character) if isinstance(exc.character, int) else str(exc.character))
            return LoadedFile(name, None, diagnostics=(Diagnostic(name, line, col, "", f"the file holds {what}", hint),))
        return LoadedFile(name, None, diagnostics=(Diagnostic(name, 0, 0, "", f"YAML error: {exc}", ""),))
    nodes = [n for n in nodes if n is not None]
    if len(nodes) != 1:
        return LoadedFile(name, None, diagnostics=(Diagnostic(name, 1, 1, "", f"the file holds {len(nodes)} YAML documents",
                                                              "keep exactly one instrument per file, without '---' separators"),))
    deep = _too_deep(nodes[0])
    if deep is not None:
        return LoadedFile(name, None, diagnostics=(Diagnostic(name, *_mark(deep), "", f"the file nests more than {MAX_NESTING} levels deep",
                                                              "check the indentation: a provision's children are indented under "
                                                              "its 'children:' key, and no statute nests that deep"),))
    converter = _Converter(name, text.splitlines())
    data = converter.convert(nodes[0], ())
    if data is None and not converter.diagnostics:
        return LoadedFile(name, None, diagnostics=(Diagnostic(name, 1, 1, "", "the file holds no value",
                                                              "start from statutes/TEMPLATE.yaml or delete the file"),))
    if converter.aliases:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                line, col = event.start_mark.line + 1, event.start_mark.column + 1
                converter.diagnostics.append(Diagnostic(name, line, col, "", f"the alias *{event.anchor} repeats another part of the file",
                                                        "write the value out in full; anchors and aliases are not allowed"))
    return LoadedFile(name, data, converter.positions, converter.key_positions,
                      tuple(converter.diagnostics + converter.text_findings), intact=not converter.diagnostics)
