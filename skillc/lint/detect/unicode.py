"""Hidden Unicode: characters that change what a text means without showing on screen.

A reviewer reads rendered text; an agent reads code points. Bidirectional controls reorder what is
shown (Trojan Source, CVE-2021-42574), zero-width and tag characters carry text nobody sees
("ASCII smuggling": U+E0020-E007F spell ASCII invisibly), and runs of variation selectors can
encode arbitrary bytes behind one emoji. Any of them lets a skill hide instructions from the
person who approves it.

`find_hidden_unicode` reports every format (``Cf``) character, the tag block and runs of
variation selectors, except where the character does a visible job:

- a byte order mark at offset 0;
- ZWSP, ZWNJ, ZWJ and WORD JOINER between two non-ASCII characters (emoji sequences, Persian,
  Indic and Thai text need them); between ASCII characters they do nothing visible;
- LRM, RLM and ALM on a line that has right-to-left letters (they fix punctuation placement);
- tag characters inside an emoji flag tag sequence (U+1F3F4, tag letters/digits, U+E007F);
- one variation selector after its base character (emoji and ideographic variants); the second
  and later selectors in a row select nothing.

``removable`` is True when deleting the character can never change what a reader sees or what a
text means: every flagged zero-width character, soft hyphen, invisible operator, tag character
and surplus variation selector. Bidirectional controls and marks and the script-specific format
characters (Arabic number signs, Egyptian format controls...) are not removable: in real
right-to-left or historic text deleting them changes the rendering, so a person must decide.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from skillc.package.model import line_breaks

#: Every candidate code point; one regex class, so a text is scanned once. The ``Cf`` ranges are
#: Unicode 15 (a superset of Python 3.11's Unicode 14 table: U+13439-1343F became Cf in 15).
_CANDIDATES = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
_JOINERS = frozenset("\u200b\u200c\u200d\u2060")
_ALWAYS_REMOVABLE = frozenset("\u00ad\u180e\ufeff\u2061\u2062\u2063\u2064")
_WAVING_BLACK_FLAG = "\U0001f3f4"
_CANCEL_TAG = "\U000e007f"
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff]")


class UnicodeMatch(NamedTuple):
    """One hidden character at ``text[start:end]``.

    ``kind`` is ``bidi-control``, ``bidi-mark``, ``zero-width``, ``tag``,
    ``variation-selector`` or ``format``; ``removable`` says deleting it is always safe.
    """

    char: str
    name: str
    start: int
    end: int
    kind: str = "format"
    removable: bool = False

    @property
    def code_point(self) -> str:
        """``U+202E``."""
        return f"U+{ord(self.char):04X}"

    @property
    def label(self) -> str:
        """``U+202E RIGHT-TO-LEFT OVERRIDE``."""
        return f"{self.code_point} {self.name}"


def find_hidden_unicode(text: str) -> list[UnicodeMatch]:
    """Hidden characters of ``text`` in order, except those doing a visible job (module doc).

    >>> [m.label for m in find_hidden_unicode("a\\u202eb")]
    ['U+202E RIGHT-TO-LEFT OVERRIDE']
    """
    if text.isascii():
        return []
    matches: list[UnicodeMatch] = []
    flags = _flag_sequences(text)
    for found in _CANDIDATES.finditer(text):
        start = found.start()
        char = found.group()
        kind = _kind(char)
        if _is_visible_use(text, start, char, kind, flags):
            continue
        removable = kind in ("zero-width", "tag", "variation-selector") or (
            char in _ALWAYS_REMOVABLE
        )
        matches.append(
            UnicodeMatch(char, char_name(char), start, start + 1, kind=kind, removable=removable)
        )
    return matches


def char_name(char: str) -> str:
    """The Unicode name, or a descriptive stand-in for unnamed code points."""
    name = unicodedata.name(char, "")
    if name:
        return name
    code = ord(char)
    if 0xE0000 <= code <= 0xE007F:
        return "TAG CHARACTER"
    return "FORMAT CHARACTER"


def tag_text(text: str) -> str:
    """The ASCII that the tag characters of ``text`` spell (what ASCII smuggling hides).

    >>> tag_text("".join(chr(0xE0000 + ord(c)) for c in "hi!"))
    'hi!'
    """
    return "".join(chr(ord(c) - 0xE0000) for c in text if 0xE0020 <= ord(c) <= 0xE007E)


def _kind(char: str) -> str:
    code = ord(char)
    if char in _BIDI_CONTROLS:
        return "bidi-control"
    if char in _BIDI_MARKS:
        return "bidi-mark"
    if char in _JOINERS or char in ("\ufeff", "\u180e"):
        return "zero-width"
    if 0xE0000 <= code <= 0xE007F:
        return "tag"
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return "variation-selector"
    return "format"


def _is_visible_use(text: str, start: int, char: str, kind: str, flags: set[int]) -> bool:
    if kind == "zero-width":
        if char == "\ufeff":
            return start == 0
        if char in _JOINERS:
            return _non_ascii(text, start - 1) and _non_ascii(text, start + 1)
        return False
    if kind == "bidi-mark":
        return _line_has_rtl(text, start)
    if kind == "tag":
        return start in flags
    if kind == "variation-selector":
        return start == 0 or _kind(text[start - 1]) != "variation-selector"
    return False


def _non_ascii(text: str, index: int) -> bool:
    return 0 <= index < len(text) and not text[index].isascii() and not text[index].isspace()


def _line_has_rtl(text: str, index: int) -> bool:
    """Whether the line holding ``index`` has a right-to-left letter: found by bisection in
    the text's line breaks, and searched once per line (not once per mark on a long line)."""
    breaks = line_breaks(text)
    before = bisect_left(breaks, index)
    line_start = breaks[before - 1] + 1 if before else 0
    return _rtl_line(text, line_start, breaks[before] if before < len(breaks) else len(text))


@lru_cache(maxsize=1024)
def _rtl_line(text: str, start: int, end: int) -> bool:
    return bool(_RTL_LETTER.search(text, start, end))


def _flag_sequences(text: str) -> set[int]:
    """Offsets of tag characters that belong to emoji flag tag sequences (e.g. Scotland)."""
    inside: set[int] = set()
    position = text.find(_WAVING_BLACK_FLAG)
    while position >= 0:
        end = position + 1
        while end < len(text) and _is_flag_tag(text[end]):
            end += 1
        if end < len(text) and text[end] == _CANCEL_TAG and end - position - 1 >= 2:
            inside.update(range(position + 1, end + 1))
        position = text.find(_WAVING_BLACK_FLAG, end)
    return inside


def _is_flag_tag(char: str) -> bool:
    """A tag digit or tag small letter: the only tags a flag sequence may hold."""
    return "\U000e0030" <= char <= "\U000e0039" or "\U000e0061" <= char <= "\U000e007a"
