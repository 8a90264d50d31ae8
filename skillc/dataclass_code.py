"""The methods `dataclasses` writes for skillc's classes, compiled once and kept across runs.

Why: a dataclass's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` and frozen
``__setattr__`` are generated as source text and compiled when its class is defined, every time
the module is imported. skillc defines about ninety dataclasses before a build's reading workers
start, and compiling their ~500 generated functions was 40 ms of the 140 ms its imports took
(``python -X importtime``; bashref.pdf's whole build at ``-j2`` is about 1 s, and every
``skillc lint`` of the pre-commit hook pays it too). Python caches a module's own bytecode in
``__pycache__``, but not code generated at import.

How: `install` gives the `dataclasses` module its own ``exec`` (a global there shadows the
builtin), which looks up the compiled code of the exact source text it is handed in a table
loaded from the user cache folder (`skillc.tokens.cache_dir`), keyed by the BLAKE2b digest of
the text, and compiles (as ``exec`` would: no ``__future__`` flags inherited) only what the
table lacks; at exit the entries the run used are written back, atomically, when it compiled
some or used less than half of the table (loading ~600 code objects costs ~15 ms, compiling
them ~50 ms). Only the classes of skillc's own
modules go through the table; any other module's dataclasses are compiled as before.

The cache only changes speed: the same text compiled the same way is the same code. A missing,
unreadable, malformed or foreign table is ignored (and replaced at exit); the table is named
after the interpreter's cache tag, since code objects differ between Python versions.
"""

from __future__ import annotations

import atexit
import dataclasses
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = ["install"]

#: A run that used less than this share of the table writes back only what it used.
#: Why: loading is the cost that remains (~23 us a code object against ~80 us to compile
#: it), and entries nobody asks for (versions of skillc that changed their classes, a
#: command that defines other classes) would make every start load them.
MIN_USED_SHARE = 0.5

_TABLE: dict[str, CodeType] = {}
_USED: set[str] = set()
_STATE = {"loaded": False, "added": False}


def install() -> None:
    """Route `dataclasses`' compilation of skillc's classes through the table (idempotent)."""
    if getattr(dataclasses, "exec", None) is _exec:
        return
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    atexit.register(_save)


def _exec(source: Any, globals: dict[str, Any] | None = None, locals: Any = None) -> None:
    """``exec`` as `dataclasses` calls it, with the code of skillc's classes from the table."""
    if not isinstance(source, str):
        exec(source, globals, locals)
        return
    name = globals.get("__name__", "") if isinstance(globals, dict) else ""
    if name == "skillc" or name.startswith("skillc."):
        exec(_code(source), globals, locals)
    else:  # as `dataclasses`' own call: no __future__ flag of this module's is inherited
        exec(compile(source, "<string>", "exec", dont_inherit=True), globals, locals)


def _code(source: str) -> CodeType:
    from _blake2 import blake2b

    key = blake2b(source.encode("utf-8"), digest_size=16).hexdigest()
    if not _STATE["loaded"]:
        _load()
    code = _TABLE.get(key)
    if code is None:
        code = _TABLE[key] = compile(source, "<string>", "exec", dont_inherit=True)
        _STATE["added"] = True
    _USED.add(key)
    return code


def _path() -> Path:
    from skillc.tokens import cache_dir

    return cache_dir() / f"dataclass-code-{sys.implementation.cache_tag}.marshal"


def _load() -> None:
    _STATE["loaded"] = True
    try:
        with open(_path(), "rb") as table:
            found = marshal.load(table)
    except (OSError, EOFError, ValueError, TypeError):
        return
    if isinstance(found, dict):
        _TABLE.update(
            (k, v) for k, v in found.items() if isinstance(k, str) and isinstance(v, CodeType)
        )


def _save() -> None:
    """Write back at exit what this run used, when it compiled something the table lacked or
    used less than `MIN_USED_SHARE` of it; else leave the table as it is."""
    if not _STATE["added"] and len(_USED) >= MIN_USED_SHARE * len(_TABLE):
        return
    kept = {key: _TABLE[key] for key in _USED}
    from skillc.tokens import _write_atomically

    try:
        data = marshal.dumps(kept)
    except ValueError:
        return
    _write_atomically(_path(), data)
    _STATE["added"] = False
