"""Import a Chinese statute from the Markdown of the national law database.

Two house formats are read (see the sources' MANIFEST):

* LawRefBook: ``# 标题``, history lines, ``<!-- INFO END -->``, then ``## 第X章``
  and ``### 第X节`` headings and one paragraph per line;
* flk Word exports: YAML front matter, a table of contents (目录) that repeats
  every heading, then unmarked ``第X章`` / ``第X节`` lines and paragraphs indented
  with full-width spaces.

Both become the same structure: books (编, ``book_N``), parts (分编,
``book_N__part_M``), chapters (``chp_N``, or ``book_N__chp_M`` in a code whose
chapters restart in each book) and sections (``chp_N__sec_M``) containing
articles (``art_N``, ``art_253-1``), numbered throughout; an article
with more than one paragraph or with items gets paragraphs (``__para_N``), and
items (``__item_N``) hang from the paragraph that introduces them.

Source normalisation, applied here and by the fidelity test alike
(:func:`normalise_line`): leading and trailing whitespace (the full-width
indent, no-break spaces, tabs) and a byte-order mark are removed from each
line. Whatever stands between an article number and its first words (a space,
a full-width space U+3000, a no-break space U+00A0, a tab, or nothing) is
dropped: the number and the text are separate fields (:func:`split_article`). The Civil Code source names its books without numbers
(``# 物权编``): they get the number of their place (第二编, heading 物权), as in
the official text; its final part (附则) and the Criminal Law's become
``part_fin``. Appendices (附件) are not provisions and are left out. Conversion artefacts of the flk Word exports, which are
not statute wording, are corrected by :data:`FLK_ARTEFACTS`. Quirks that the
official database itself has (PIPL Art. 63 and 69 use ``;``) are kept.

Nothing is dropped silently: articles must run in sequence (第一条, 第二条 … with
之一 additions after their article), and a line that begins like an article number
but is not one (``第11条``, ``第十一條``, ``第九千亿条``) is an error, as is an article without text.
Headings run in sequence too, each in its scope (:data:`_RESTARTS`), and the items
of a paragraph run （一）, （二）…; a heading number that cannot be read (``## 第3章``)
is an error. Without a header (``<!-- INFO END -->`` or a table of contents), the
body starts at the first heading or article, whichever comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from build_kb.cn_numbers import NUMERAL, article_designator, article_num, cn_to_int, int_to_cn, item_num
from .source_text import SourceError, read_source

_ARTICLE_LINE = re.compile(rf"^(第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?)(?!之)\s*(.*)$")
#: A line that begins with a cross-reference, not an article: 第十条规定的…, 第十条第二款…, 第十条、第十一条….
#: Only read so when nothing separates the number from what follows.
_REFERENCE = re.compile(r"(?:第|、|，|,|至|规定|的|和|或者|及)")
#: What a mistyped article number looks like: Arabic or full-width digits, the financial numerals,
#: spaces inside the number, letters read for digits, the traditional 條.
_LOOKS_LIKE_ARTICLE = re.compile(rf"^第[\s0-9０-９{NUMERAL}万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億lIOo]{{1,20}}[条條]"
                                 rf"(?:\s*之[\s0-9０-９{NUMERAL}]*)?")
_HEADING_LINE = re.compile(rf"^(?:#+\s*)?(第([{NUMERAL}]+)(编|分编|章|节))\s*(.*)$")
#: What a mistyped heading number looks like (## 第3章, 第三節), on a heading line or followed by a space.
_LOOKS_LIKE_HEADING = re.compile(rf"^(#+\s*)?(第[\s0-9０-９{NUMERAL}万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億lIOo]{{1,20}}"
                                 rf"(?:编|編|分编|分編|章|节|節))(\s|$)")
#: Unnumbered books of the Civil Code source ("# 物权编") and the final part (附则), in statutory order.
_NAMED_BOOK = re.compile(r"^#\s+(总则|[\u4e00-\u9fff]{1,6}编)$")
_FINAL_PART = re.compile(r"^#{1,3}\s+附\s*则$")
_APPENDIX = re.compile(r"^#{1,3}\s+附件")
#: Heading levels: a heading closes every open heading of its level or below.
_LEVELS = {"编": (0, "book"), "分编": (1, "part"), "章": (2, "chp"), "节": (3, "sec")}
#: Heading numbers run 1, 2, 3 … within their scope: parts (分编) and chapters start again in each book
#: (the Civil Code's chapters go on across its parts), sections (节) in each chapter.
_RESTARTS = {0: (1, 2, 3), 1: (), 2: (3,), 3: ()}
_KINDS = {"编": "book", "分编": "part", "章": "chapter", "节": "section"}
_ITEM_LINE = re.compile(rf"^（([{NUMERAL}]+)）")
_FLK_ARABIC_ITEM = re.compile(r"^(\d+)\.\s+")

#: Artefacts of the flk Word-to-Markdown conversion, corrected on import:
#: (pattern, replacement, why). Each was checked against the wording of the
#: same provision in a later official text (Civil Code Arts. 196, 1259).
FLK_ARTEFACTS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"(?<=[\u4e00-\u9fff）]):(?=$|[\u4e00-\u9fff（])"), "：",
     "half-width ':' after a lead-in is a conversion artefact of '：'"),
    (re.compile(r'"([^"\n]{1,8})"'), "“\\1”",
     "straight quotes around short terms are a conversion artefact of “”"),
)


def normalise_line(line: str, *, flk: bool) -> str:
    """Normalise one source line the way the importer does.

    Args:
        line: a line of the source file.
        flk: whether the file is an flk Word export (apply :data:`FLK_ARTEFACTS`
            and turn ``1.  `` item numbers into ``（一）``).

    Returns:
        The line without its indent, artefacts corrected.
    """
    text = line.strip().strip("\ufeff").strip()
    if flk:
        arabic = _FLK_ARABIC_ITEM.match(text)
        if arabic:
            text = item_num(int(arabic.group(1))) + text[arabic.end():]
        for pattern, replacement, _why in FLK_ARTEFACTS:
            text = pattern.sub(replacement, text)
    return text


def _heading(text: str) -> str:
    # Headings are spaced out for typesetting (总 则, 总　　则, 基本规定 after en spaces): the words are the same.
    return re.sub(r"\s+", "", text)


def split_article(line: str) -> tuple[str, str] | None:
    """Split a normalised line that starts an article into its number and its first words.

    ``第十一条　个人…`` → ``("第十一条", "个人…")``; the separator may be any whitespace or nothing, and the
    words may be empty (the text then starts on the next line). A line whose number is directly
    followed by a cross-reference (``第十条规定的…``) does not start an article.

    Returns:
        ``(number, words)``, or ``None`` when the line does not start an article.
    """
    match = _ARTICLE_LINE.match(line)
    if not match or _is_reference(line, match.end(1)):
        return None
    return match.group(1), match.group(2)


def _is_reference(line: str, end: int) -> bool:
    """Whether the article number ending at ``end`` is followed directly by a cross-reference's words."""
    return not line[end:end + 1].isspace() and bool(_REFERENCE.match(line, end))


def _mistyped(line: str) -> bool:
    """Whether ``line`` begins like an article number (第11条, 第十一條) without starting an article."""
    match = _LOOKS_LIKE_ARTICLE.match(line)
    return bool(match) and not split_article(line) and not _is_reference(line, match.end())


def _position(num: str) -> tuple[int, int]:
    """(article, addition) of a printed number: 第十条 → (10, 0), 第十条之一 → (10, 1)."""
    base, _, sub = article_designator(num).partition("-")
    return int(base), int(sub or 0)


def _successors(previous: tuple[int, int] | None) -> tuple[tuple[int, int], ...]:
    if previous is None:
        return ((1, 0),)
    number, addition = previous
    return (number + 1, 0), (number, addition + 1)


def _printed(position: tuple[int, int]) -> str:
    number, addition = position
    return article_num(f"{number}-{addition}" if addition else str(number))


@dataclass
class _Article:
    num: str
    line: int = 0
    paragraphs: list[tuple[str, list[str]]] = field(default_factory=list)

    def add(self, line: str, number: int) -> None:
        """Add a line of the source (``number``): an item to the paragraph before it, or a paragraph.

        Raises:
            SourceError: when an item's number is not the next of its paragraph (（一）, （二）…).
        """
        item = _ITEM_LINE.match(line)
        if item and self.paragraphs:
            items = self.paragraphs[-1][1]
            expected = item_num(len(items) + 1)
            try:
                position = cn_to_int(item.group(1))
            except ValueError:  # （十十）: the characters of a numeral, not a numeral
                position = None
            if position != len(items) + 1:
                after = f"follows {_ITEM_LINE.match(items[-1]).group()}" if items else "is the first item of its paragraph"
                raise SourceError(f"{item.group()} {after} in {self.num}, expected {expected}: an "
                                  "item is missing or misnumbered in the source; correct the source and import again",
                                  number)
            items.append(line)
        else:
            self.paragraphs.append((line, []))

    def to_yaml(self) -> dict:
        eid = f"art_{article_designator(self.num)}"
        node: dict = {"eid": eid, "num": self.num}
        if len(self.paragraphs) == 1 and not self.paragraphs[0][1]:
            node["text"] = {"zh": self.paragraphs[0][0]}
            return node
        children = []
        for p, (text, items) in enumerate(self.paragraphs, 1):
            para: dict = {"eid": f"{eid}__para_{p}", "text": {"zh": text}}
            if items:
                para["children"] = []
                for line in items:
                    number = cn_to_int(_ITEM_LINE.match(line).group(1))
                    para["children"].append({"eid": f"{eid}__para_{p}__item_{number}", "num": item_num(number),
                                             "text": {"zh": line[_ITEM_LINE.match(line).end():]}})
            children.append(para)
        node["children"] = children
        return node


@dataclass(frozen=True)
class ImportedText:
    """Result of :func:`parse`.

    Attributes:
        title: the instrument's title (``中华人民共和国个人信息保护法``).
        provisions: chapter/section/article dicts in the statutes/ YAML shape.
        articles: number of articles found.
        flk: whether the source was an flk Word export.
    """

    title: str
    provisions: list[dict]
    articles: int
    flk: bool


def _body_lines(lines: list[str]) -> tuple[int, bool]:
    """Return where the statute body starts (after the header or table of contents) and whether it is an flk export."""
    if "<!-- INFO END -->" in (ln.strip() for ln in lines):
        # From the title on: the parser skips each header block (title, history, INFO END).
        start = next((i for i, ln in enumerate(lines) if ln.startswith("# ")), None)
        if start is None:
            raise SourceError("a LawRefBook file (it has <!-- INFO END -->) without its title line (# 标题): "
                              "is the file complete?")
        return start, False
    stripped = [_heading(ln) for ln in lines]
    if "目录" in stripped:
        toc = stripped.index("目录")
        first = next((s for s in stripped[toc + 1:] if s), None)
        repeats = [i for i, s in enumerate(stripped) if i > toc and s == first]
        if len(repeats) < 2:
            raise SourceError("the table of contents (目录) is not followed by the body: its first heading does not "
                              "appear again", toc + 1)
        return repeats[1], True
    normalised = [normalise_line(ln, flk=False) for ln in lines]
    # The body starts at the first heading or article: a chapter heading before the first article is the
    # statute's, not the header's.
    first_article = next((i for i, ln in enumerate(normalised) if split_article(ln) or _mistyped(ln)
                          or _LOOKS_LIKE_HEADING.match(ln)), None)
    if first_article is None:
        raise SourceError("no line starts with an article number such as 第一条: "
                          "is this a Chinese statute in the Markdown of the national law database?")
    return first_article, True


def parse(source: str) -> ImportedText:
    """Parse the Markdown text of a Chinese statute.

    Args:
        source: the whole file as text.

    Returns:
        :class:`ImportedText`.

    Raises:
        SourceError: when no article is found, when articles, headings (in their scope) or the items of
            a paragraph do not run in sequence (one was not read, is repeated or misnumbered), when a line
            begins like an article or heading number but is not one, or when an article has no text;
            ``line`` says where.
    """
    lines = source.removeprefix("\ufeff").splitlines()
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), "")
    start, flk = _body_lines(lines)
    provisions: list[dict] = []
    article: _Article | None = None
    articles: list[tuple[_Article, dict | None]] = []
    stack: list[tuple[int, dict]] = []  # open headings: (level, container)
    books = 0
    numbered: dict[int, tuple[int, str]] = {}  # per level, the last heading's (number, printed number) in its scope
    in_header = False
    for lineno, raw in enumerate(lines[start:], start + 1):
        line = normalise_line(raw, flk=flk)
        if not line or line.startswith("①"):
            continue
        if line == "<!-- INFO END -->":
            in_header = False
            continue
        if line == f"# {title}":  # the header; each book file of a code repeats it with its history
            in_header = True
            continue
        if in_header and not (_NAMED_BOOK.match(line) or _FINAL_PART.match(line)) or line.startswith("<!--"):
            continue
        if _APPENDIX.match(line):
            break  # appendices list other instruments; they are not provisions
        heading = None
        if (m := _HEADING_LINE.match(line)) and not _ARTICLE_LINE.match(line):
            level, abbreviation = _LEVELS[m.group(3)]
            try:
                number = cn_to_int(m.group(2))
            except ValueError:  # 第十十章: the characters of a numeral, not a numeral
                raise SourceError(f"{m.group(1)} is not a well-formed number: correct it in the source", lineno) from None
            _check_heading(m.group(1), m.group(3), level, number, numbered, stack, lineno)
            if abbreviation == "book":
                books = number
            heading = (level, abbreviation, str(number), m.group(1), _heading(m.group(4)))
        elif (m := _LOOKS_LIKE_HEADING.match(line)) and not _ARTICLE_LINE.match(line):
            raise SourceError(f"{m.group(2)!r} begins like a heading number but is not one: write it as 第, a "
                              "Chinese numeral and 编, 分编, 章 or 节 (第三章, 第二节), then import again", lineno)
        elif m := _NAMED_BOOK.match(line):
            books += 1
            name = m.group(1)
            heading = (0, "book", str(books), f"第{int_to_cn(books)}编", name[:-1] if name.endswith("编") else name)
        elif _FINAL_PART.match(line):
            heading = (0, "part", "fin", "", "附则")
        if heading:
            level, abbreviation, number, num, text = heading
            for deeper in _RESTARTS[level]:
                numbered.pop(deeper, None)
            if level == 0:
                numbered[0] = (books, num)
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            eid = f"{parent['eid']}__{abbreviation}_{number}" if parent else f"{abbreviation}_{number}"
            container = {"eid": eid, "num": num, "heading": {"zh": text}, "children": []} if num else \
                {"eid": eid, "heading": {"zh": text}, "children": []}
            (parent["children"] if parent else provisions).append(container)
            stack.append((level, container))
            article = None
            continue
        if starts := split_article(line):
            article = _Article(_checked_number(starts[0], lineno, articles), lineno)
            if starts[1]:
                article.add(starts[1], lineno)
            # its place is taken now, so that the articles before a chapter's heading stay before the chapter
            place: dict = {}
            (stack[-1][1]["children"] if stack else provisions).append(place)
            articles.append((article, place))
            continue
        if _mistyped(line):
            raise _not_a_number(_LOOKS_LIKE_ARTICLE.match(line).group(), lineno)
        if article is None or line.startswith("#"):
            continue  # preamble lines before the first article
        article.add(line, lineno)
    if not articles:
        raise SourceError("no article found: is this a Chinese statute in LawRefBook or flk Markdown?")
    for art, place in articles:
        if not art.paragraphs:
            raise SourceError(f"{art.num} has no text: restore the article's words in the source", art.line)
        place.update(art.to_yaml())
    return ImportedText(title, provisions, len(articles), flk)


def _check_heading(printed: str, unit: str, level: int, number: int, numbered: dict[int, tuple[int, str]],
                   stack: list[tuple[int, dict]], lineno: int) -> None:
    """Record a numbered heading, or raise :class:`SourceError` when it is not the next of its scope.

    ``numbered`` holds, per level, the last heading's (number, printed number) since its scope began
    (:data:`_RESTARTS`); ``stack`` the open headings, for the scope's name in the message.
    """
    previous = numbered.get(level)
    expected = (previous[0] if previous else 0) + 1
    if number != expected:
        kind = _KINDS[unit]
        scope = next((c.get("num") for lvl, c in reversed(stack) if lvl < level and c.get("num")), None)
        if previous:
            where = f"follows {previous[1]}"
        else:
            where = f"is the first {kind}" + (f" of {scope}" if scope else "")
        raise SourceError(f"{printed} {where}, expected 第{int_to_cn(expected)}{unit}: a {kind} heading is missing, "
                          "repeated or misnumbered in the source; correct the source and import again", lineno)
    numbered[level] = (number, printed)


def _not_a_number(printed: str, number: int) -> SourceError:
    return SourceError(f"{printed!r} begins like an article number but is not one: write it as 第, a Chinese numeral "
                       "and 条 (第十一条, 第二百五十三条之一), then import again", number)


def _checked_number(num: str, number: int, articles: list[tuple[_Article, dict | None]]) -> str:
    """``num`` when it is the article that may come next; otherwise a :class:`SourceError` for line ``number``."""
    try:
        position = _position(num)
    except ValueError:  # 第十十一条: the characters of a numeral, not a numeral
        raise _not_a_number(num, number) from None
    previous = _position(articles[-1][0].num) if articles else None
    expected = _successors(previous)
    if position in expected:
        return num
    after = f"follows {articles[-1][0].num}" if articles else "is the first article"
    wanted = " or ".join(_printed(p) for p in expected)
    raise SourceError(f"{num} {after}, expected {wanted}: an article is missing or misnumbered in the source "
                      "(a mistyped number, or an article that was not read); correct the source and import again",
                      number)


def parse_file(path: str | Path) -> ImportedText:
    """Read (:func:`~build_kb.importers.source_text.read_source`) and :func:`parse` a source file.

    Raises:
        SourceError: as :func:`read_source` and :func:`parse` do.
    """
    return parse(read_source(path))
