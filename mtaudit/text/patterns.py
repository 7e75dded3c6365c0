"""Regular expressions shared by the stages: lazily compiled patterns and the character
classes French typography needs in more than one place."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: A space in French typography: ordinary, no-break (U+00A0) or narrow no-break (U+202F).
SP = r"[ \u00a0\u202f]"
#: A run of letters (no digit, no underscore): the detector's word.
LETTERS = re.compile(r"[^\W\d_]+")
#: A word of letters with its hyphenated parts (``Jean-Pierre``, ``peut-être``): the anchors'
#: word.
HYPHENATED_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def alternation(words: Iterable[str], *, escape: bool = False) -> str:
    """``words`` joined with ``|``, longest first (a regular expression tries alternatives in
    order, so a word is not cut short by a shorter one it begins with), ties in code-point
    order.  The order must not depend on how a set iterates: string hashing is randomised per
    process, and a pattern that differs from one run to the next is compiled afresh by every
    process and stored again in the pattern cache (``nlp.regex_bundle``) each time."""
    items = {re.escape(w) if escape else w for w in words}
    return "|".join(sorted(items, key=lambda w: (-len(w), w)))


class LazyPattern:
    """A regular expression compiled on first use.

    Rule modules define about a hundred patterns; compiling them at import made
    ``mtaudit rules``, which runs none of them, spend half its start-up in ``re.compile``.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, string: str, pos: int = 0,
                 endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0,
                  endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str,
            count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)


def lazy_re(pattern: str, flags: int = 0) -> LazyPattern:
    """``re.compile``, deferred to the first match (see ``LazyPattern``)."""
    return LazyPattern(pattern, flags)


#: What rules pass to ``Context.finditer``: a compiled or a lazily compiled pattern.
Pattern = re.Pattern[str] | LazyPattern
