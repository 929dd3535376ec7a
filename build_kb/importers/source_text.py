"""Reading a source file into text: one reader, and one kind of error, for every importer.

Normalisation: a UTF-8 byte-order mark at the start of the file (Windows editors write one) is
dropped; the text is otherwise the file's bytes decoded as UTF-8. A file that is not UTF-8 is
refused with the conversion to apply (GBK and UTF-16 are recognised by name), never guessed at.
"""

from __future__ import annotations

from pathlib import Path

_BOM = "\ufeff"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class SourceError(ValueError):
    """A source file that cannot be imported.

    Attributes:
        line: the 1-based line of the file the problem is on, or ``None`` when it concerns the whole file.
    """

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def _converted_name(path: Path) -> str:
    return f"{path.stem}.utf8{path.suffix}"


def read_source(path: str | Path) -> str:
    """The text of a source file: UTF-8, its byte-order mark dropped.

    Args:
        path: the source file.

    Returns:
        The decoded text (not empty, not only whitespace).

    Raises:
        SourceError: when the path does not exist, is a folder, cannot be read, is not UTF-8 (the
            message names the encoding when it is UTF-16 or GBK, and the conversion to run), or holds
            nothing but whitespace.
    """
    path = Path(path)
    if path.is_dir():
        raise SourceError("a folder, not a source file: name the file itself (e.g. sources/cn/pipl_2021.md)")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file: check the path") from None
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror or exc}): check that the file exists and that you may "
                          "read it") from None
    if raw.startswith(_UTF16_BOMS):
        raise SourceError(f"the file is UTF-16, not UTF-8: convert it (iconv -f UTF-16 -t UTF-8 {path.name} > "
                          f"{_converted_name(path)}) and import the converted file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            raise SourceError(f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} is not valid UTF-8): save it as "
                              "UTF-8 and import it again", line) from None
        raise SourceError(f"the file is not UTF-8 but reads as GBK: convert it (iconv -f GBK -t UTF-8 {path.name} > "
                          f"{_converted_name(path)}) and import the converted file", line) from None
    if "\x00" in text:  # UTF-16 without a byte-order mark: ASCII decodes, with a NUL byte after each letter
        raise SourceError(f"the file holds NUL bytes, so it is probably UTF-16, not UTF-8: convert it (iconv -f "
                          f"UTF-16 -t UTF-8 {path.name} > {_converted_name(path)}) and import the converted file")
    text = text.removeprefix(_BOM)
    if not text.strip():
        raise SourceError("the file is empty: nothing to import")
    return text
