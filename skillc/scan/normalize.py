"""Views of a unit: the raw text, then what normalising reveals, each mapped back to the file.

Scanners that match only the raw text miss a payload written in base64, spelled with Cyrillic
look-alikes, broken by zero-width characters or assembled from string pieces. Every unit is
analysed raw and in each normalised form that differs from it:

- ``folded``: zero-width, bidirectional, tag and variation-selector characters removed, look-alike
  letters (Cyrillic, Greek, fullwidth) mapped to ASCII (NFKC plus a confusables table);
- ``stripped``: Markdown and HTML wrappers removed (tags, backticks, emphasis) from prose;
- ``base64`` / ``base32`` / ``hex`` / ``escapes`` / ``url`` / ``charcodes``: each encoded blob
  whose decoding is printable text becomes a view of its own, decoded again up to
  `MAX_DEPTH` times (base64 inside hex...);
- ``joined``: string concatenations of literals found by tree-sitter (`skillc.scan.scripts`).

A view maps any range of its text back to the file: character by character for folded and
stripped text, to the whole blob for decoded text, so evidence always points at what the reviewer
sees in the file. Each step is one regex pass or one character pass: linear in the input.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote

from skillc.scan import scripts
from skillc.scan.units import Unit
from skillc.scan.words import WordIndex

MAX_DEPTH = 2
_MIN_DECODED = 6

#: Characters that render as nothing (deleted when folding).
_INVISIBLE = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
#: Look-alike letters NFKC keeps apart from ASCII (a subset of Unicode's confusables.txt), and
#: the Latin letters case-blind matching reads as ASCII ones that lower-casing does not turn
#: into them: dotless "ı", long "ſ", dotted "İ" ("ıgnore prevıous ınstructıons" was benign).
_CONFUSABLES = str.maketrans(
    "аВвсЕеһіјКкМНОорСЅѕТтуХхԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρνυκɡɑıſİ",
    "aBBcEehijKkMHOopCSsTTyXxdqwABEZHIKMNOPTYXaoipvukgaisI",
)

#: Letters NFKC maps to ASCII: fullwidth Latin letters and digits, mathematical alphanumerics.
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff]")
_FOLDABLE = re.compile(
    _INVISIBLE.pattern[:-1] + "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001d400-\U0001d7ff"
    "аВвсЕеһіјКкМНОорСЅѕТтуХхԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρνυκɡɑıſİ]"
)
# No lookarounds: finditer starts each match at the start of a run (the longest match wins),
# and checking a boundary at every position of a text is what made decoding slow.
_B64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_B32 = re.compile(r"[A-Z2-7]{16,}={0,6}")
_HEX = re.compile(r"[0-9a-fA-F]{16,}")
_ESCAPES = re.compile(r"(?:\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\[0-7]{3}){4,}")
_URL = re.compile(r"(?<![^\s\"'<>()])[^\s%\"'<>()]*(?:%[0-9A-Fa-f]{2}[^\s%\"'<>()]*){3,}")
_CHARCODES = re.compile(
    r"(?:chr\(\s*\d{1,7}\s*\)\s*\+?\s*){3,}|String\.fromCharCode\(\s*\d{1,7}(?:\s*,\s*\d{1,7}){2,}\s*\)"
)
_WRAPPERS = re.compile(r"<[^<>\n]{0,500}>|`+|\*\*|__|~~|\\(?=\S)")


@dataclass(frozen=True, slots=True)
class View:
    """One text a rule reads. ``index`` maps each character of ``text`` (and one past the end)
    to an offset in the unit; ``origin`` is the unit range a decoded view stands for."""

    unit: Unit
    text: str
    how: str
    kind: str
    index: Sequence[int] | None = None
    origin: tuple[int, int] | None = None
    base: int = 0
    lower: str = field(init=False, repr=False, compare=False)
    _first: dict[str, int] = field(init=False, repr=False, compare=False)
    _windows: dict[tuple[str, ...], list[tuple[int, int]]] = field(
        init=False, repr=False, compare=False
    )
    _index: WordIndex | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", self.text.lower())
        object.__setattr__(self, "_first", {})
        object.__setattr__(self, "_windows", {})
        object.__setattr__(self, "_index", None)

    def share(self, index: WordIndex) -> None:
        """Let the words of ``index`` (built over this view and its package's other views)
        rule out the words none of them holds, before this text is searched for them."""
        object.__setattr__(self, "_index", index)

    def first(self, word: str) -> int:
        """Where ``word`` (lower case) first occurs in the text, or -1; each word is looked
        for once per view, however many rules ask."""
        index = self._index
        if index is not None and word not in self._first and not index.may_occur(word):
            self._first[word] = -1
        return self._find(word)

    def _find(self, word: str) -> int:
        """`first` for a word the package's index did not rule out."""
        found = self._first.get(word)
        if found is None:
            found = self._first[word] = self.lower.find(word)
        return found

    def mentions(self, words: tuple[str, ...]) -> bool:
        """Whether the text holds any of ``words`` (lower case): rules check this before their
        regular expressions, which is most of what keeps a scan fast on large skills."""
        return any(self._find(word) >= 0 for word in self._candidates(words))

    def _candidates(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """``words`` without those no view of the package holds."""
        return words if self._index is None else self._index.candidates(words)

    def find(
        self, pattern: re.Pattern[str], words: tuple[str, ...], needs: str = ""
    ) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` in the lines (and the line after) that hold one of
        ``words``: every match of a rule's pattern holds one of its words, so searching only
        there finds the same matches, without running the expression over the whole text.
        ``needs``: characters one of which every match also holds, for a pattern whose
        matches never span a line break; then only the lines of those ranges holding one are
        searched, each on its own (no match crosses a line, so the matches are the same)."""
        text = self.text
        if len(self.lower) != len(text):  # lower-casing changed lengths: search it all
            if self.mentions(words):
                yield from pattern.finditer(text)
            return
        for left, right in self.windows(words):
            if needs:
                yield from self._lines_with(pattern, needs, left, right)
            else:
                yield from pattern.finditer(text, left, right)

    def _lines_with(
        self, pattern: re.Pattern[str], needs: str, left: int, right: int
    ) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` in the lines of ``text[left:right]`` (``left`` starts a
        line) that hold a character of ``needs``, line by line in order."""
        text = self.text
        at = left
        while at < right:
            hits = [hit for hit in (text.find(char, at, right) for char in needs) if hit >= 0]
            if not hits:
                return
            hit = min(hits)
            newline = text.rfind("\n", at, hit)
            start = at if newline < 0 else newline + 1
            end = text.find("\n", hit, right)
            end = right if end < 0 else end
            yield from pattern.finditer(text, start, end)
            at = end + 1

    def windows(self, words: tuple[str, ...]) -> list[tuple[int, int]]:
        """Merged ranges of the lines holding one of ``words``, each with the line after; the
        whole text when lower-casing changed its length ("İ" becomes two characters), since
        offsets in ``lower`` are then not offsets in ``text`` (and the search below, mixing
        them, need not advance)."""
        cached = self._windows.get(words)
        if cached is not None:
            return cached
        text, lower = self.text, self.lower
        if len(lower) != len(text):
            whole = [(0, len(text))] if self.mentions(words) else []
            self._windows[words] = whole
            return whole
        found: list[tuple[int, int]] = []
        for word in self._candidates(words):
            at = self._find(word)
            while at >= 0:
                left = text.rfind("\n", 0, at) + 1
                right = text.find("\n", at + len(word))
                right = len(text) if right < 0 else text.find("\n", right + 1)
                found.append((left, len(text) if right < 0 else right))
                at = lower.find(word, found[-1][1])
        found.sort()
        merged: list[tuple[int, int]] = []
        for left, right in found:
            if merged and left <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], right))
            else:
                merged.append((left, right))
        self._windows[words] = merged
        return merged

    @property
    def decoded(self) -> bool:
        return self.origin is not None

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """The file offsets of ``text[start:end]``."""
        offset = self.unit.offset
        if self.origin is not None:
            return offset + self.origin[0], offset + self.origin[1]
        if self.index is not None:
            last = max(start, end - 1)
            return offset + self.index[start], offset + self.index[
                min(last, len(self.index) - 1)
            ] + (1 if end > start else 0)
        return offset + self.base + start, offset + self.base + end


def views(unit: Unit) -> Iterator[View]:
    """Every view of ``unit``: raw (comments apart for scripts), folded, stripped, decoded."""
    base: list[View] = []
    if unit.kind == "code" and scripts.supported(unit.lang):
        parsed = scripts.parse(unit.text, unit.lang)
        base.append(View(unit, scripts.blank(unit.text, parsed.comments), "raw", "code"))
        for start, text in scripts.comment_texts(unit.text, parsed.comments):
            base.append(View(unit, text, "raw", "comment", base=start))
        for start, end, joined in parsed.joined:
            base.append(View(unit, joined, "joined", "code", origin=(start, end)))
    else:
        base.append(View(unit, unit.text, "raw", unit.kind))
    for view in base:
        yield view
        folded = fold(view)
        if folded is not None:
            yield folded
        if view.kind in ("prose", "hidden"):
            stripped = strip(folded or view)
            if stripped is not None:
                yield stripped
        yield from decode(folded or view, depth=1)


def fold(view: View) -> View | None:
    """``view`` with invisible characters removed and look-alikes mapped to ASCII, or None."""
    text = view.text
    if text.isascii() or not _FOLDABLE.search(text):
        return None
    chars: list[str] = []
    index: list[int] = []
    for i, char in enumerate(text):
        if _INVISIBLE.match(char):
            continue
        if char.isascii():
            chars.append(char)
            index.append(i)
            continue
        mapped = char.translate(_CONFUSABLES)
        if mapped == char and _WIDE.match(char):
            mapped = unicodedata.normalize("NFKC", char)
        for part in mapped:
            chars.append(part)
            index.append(i)
    index.append(len(text))
    folded = "".join(chars)
    if folded == text:
        return None
    return _derived(view, folded, "folded", index)


def strip(view: View) -> View | None:
    """``view`` without Markdown/HTML wrappers, or None when it has none."""
    text = view.text
    matches = list(_WRAPPERS.finditer(text))
    if not matches:
        return None
    chars: list[str] = []
    index: list[int] = []
    at = 0
    for match in matches:
        chars.append(text[at : match.start()])
        index.extend(range(at, match.start()))
        at = match.end()
    chars.append(text[at:])
    index.extend(range(at, len(text)))
    index.append(len(text))
    return _derived(view, "".join(chars), "stripped", index)


def _derived(view: View, text: str, how: str, index: list[int]) -> View:
    """A view over ``text`` whose offsets go through ``index`` and then through ``view``'s."""
    if view.index is not None:
        index = [view.index[i] for i in index]
    elif view.base:
        index = [i + view.base for i in index]
    return View(view.unit, text, how, view.kind, index=index, origin=view.origin)


def decode(view: View, depth: int) -> Iterator[View]:
    """A view for each encoded blob of ``view`` that decodes to printable text."""
    if depth > MAX_DEPTH:
        return
    text = view.text
    for how, pattern, decoder, markers in _DECODERS:
        if markers and not any(m in text for m in markers):
            continue
        for match in pattern.finditer(text):
            decoded = decoder(match.group(0))
            if decoded is None or len(decoded) < _MIN_DECODED or decoded == match.group(0):
                continue
            start, end = view.file_span(match.start(), match.end())
            origin = (start - view.unit.offset, end - view.unit.offset)
            child = View(view.unit, decoded, how, view.kind, origin=origin)
            yield child
            yield from decode(child, depth + 1)


def _printable(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text:
        return None
    good = sum(1 for c in text if c.isprintable() or c in "\n\t\r")
    return text if good >= 0.95 * len(text) and any(c.isalpha() for c in text) else None


def _b64(blob: str) -> str | None:
    body = blob.rstrip("=")
    if len(body) % 4 == 1:
        return None
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in padded or "_" in padded:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _printable(data)


def _b32(blob: str) -> str | None:
    body = blob.rstrip("=")
    try:
        data = base64.b32decode(body + "=" * (-len(body) % 8))
    except (binascii.Error, ValueError):
        return None
    return _printable(data)


def _hex(blob: str) -> str | None:
    if len(blob) % 2:
        return None
    try:
        return _printable(bytes.fromhex(blob))
    except ValueError:
        return None


def _escapes(blob: str) -> str | None:
    try:
        return blob.encode("latin-1", errors="ignore").decode("unicode_escape")
    except (UnicodeDecodeError, ValueError):
        return None


def _url(blob: str) -> str | None:
    decoded = unquote(blob)
    return decoded if decoded != blob else None


def _charcodes(blob: str) -> str | None:
    try:
        return "".join(chr(int(n)) for n in re.findall(r"\d+", blob))
    except (ValueError, OverflowError):
        return None


#: Each encoding: its name, candidate pattern, decoder, and strings one of which every
#: candidate holds (none: no cheap test).
_DECODERS: tuple[tuple[str, re.Pattern[str], Callable[[str], str | None], tuple[str, ...]], ...] = (
    ("base64", _B64, _b64, ()),
    ("base32", _B32, _b32, ()),
    ("hex", _HEX, _hex, ()),
    ("escapes", _ESCAPES, _escapes, ("\\",)),
    ("url", _URL, _url, ("%",)),
    ("charcodes", _CHARCODES, _charcodes, ("chr(", "fromCharCode(")),
)
