"""Diagnostics: the one shape in which every stage reports a problem.

A :class:`Diagnostic` names the file, line and column (1-based, as editors
count), the provision id when there is one, what is wrong and how to fix it.
Stages collect diagnostics instead of raising on the first problem, so a
contributor sees every mistake in one pass.
"""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterator


class Severity(str, Enum):
    """How bad a diagnostic is: errors fail ``validate`` and ``build``; warnings and notes do not."""

    ERROR = "error"
    WARNING = "warning"
    #: A reference to an instrument the knowledge base does not hold: listed on request only.
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one place.

    Attributes:
        file: path of the YAML file, as given to the loader (relative when possible).
        line: 1-based line number, 0 when the problem concerns the whole file.
        col: 1-based column number, 0 when unknown.
        provision: full or local provision id (``art_47``) or ``""``.
        message: what is wrong, in one sentence.
        hint: how to fix it, or ``""``.
        severity: :class:`Severity`.
    """

    file: str
    line: int
    col: int
    provision: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        who = f" {self.provision}:" if self.provision else ""
        level = "" if self.severity is Severity.ERROR else f" {self.severity.value}:"
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{level}{who} {self.message}{hint}"


class KnowledgeBaseError(Exception):
    """Raised by a stage that cannot go on; carries every diagnostic found so far.

    Only the CLI turns it into output and an exit status.
    """

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def errors_in(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return the diagnostics of severity ERROR, in order."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def internal_error(file: str, doing: str, exc: BaseException, provision: str = "") -> Diagnostic:
    """An unexpected exception inside a stage, as the error of the file it was processing.

    Args:
        file: the file being processed, as diagnostics name it.
        doing: what the stage was doing, as a gerund phrase (``"linking the references of"``).
        exc: the exception caught.
        provision: the provision being processed, if known.

    Returns:
        A :class:`Diagnostic` saying what failed and where in the package (module and line), so
        that the contributor sees one line instead of a traceback and the maintainer can find it.
    """
    return Diagnostic(file, 0, 0, provision, f"build-kb failed while {doing} this file ({fault(exc)})",
                      "this is a fault of build-kb, not of the file: please report it with the file; the other files were processed")


def fault(exc: BaseException) -> str:
    """An exception in one line: its type, the first line of its message, and the module and line of
    this package where it was raised (``IndexError: list index out of range, at link.py:202``)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "build_kb" in Path(f.filename).parts]
    where = f", at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    detail = str(exc).splitlines()[0][:200] if str(exc).strip() else ""
    return f"{type(exc).__name__}{': ' + detail if detail else ''}{where}"


@contextlib.contextmanager
def reported(found: list[Diagnostic], file: str, doing: str, provision: str = "") -> Iterator[None]:
    """Within the block, an unexpected exception becomes an :func:`internal_error` appended to ``found``
    and the block is left: a stage's loop over files goes on with the next file.

    ``KeyboardInterrupt`` and ``SystemExit`` pass through (an interrupted build stops).
    """
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the stage boundary: any fault becomes the file's diagnostic
        found.append(internal_error(file, doing, exc, provision))
