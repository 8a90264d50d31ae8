"""The entry points of a JavaScript/TypeScript package and which of its files import which.

Why a module of its own: what a user can import is decided by ``package.json`` (``exports``
with its subpaths and conditions, else ``main``/``module``/``types``, else an ``index``
file), and how a specifier names a file (``./x.js`` may be ``x.ts``; ``./dir`` is
``dir/index.js``) by Node's and TypeScript's resolution; both are apart from what a module
exports (`javascript_api`). The import graph is read from the files' text: every file of a
package counts, and date-fns ships 2,300 of them (parsing them all for their imports cost
four times its whole build), so an import written in a comment would count too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.surface import on_surface

__all__ = ["DECLARATION", "SOURCES", "TYPESCRIPT", "entries", "importers", "located"]

SOURCES = (".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx")
TYPESCRIPT = (".ts", ".mts", ".cts")
DECLARATION = (".d.ts", ".d.mts", ".d.cts")


#: A relative module a file imports, re-exports or requires: ``from './x'``,
#: ``import './x'``, ``import('./x')``, ``require('./x')``.
_IMPORT = re.compile(
    r"""(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.\.?(?:/[^'"\n]*)?)['"]"""
)


def importers(bundle: Bundle) -> dict[str, set[str]]:
    """File -> the package's source files (not tests, not declarations) that import it."""
    found: dict[str, set[str]] = {}
    for path, text in bundle.files.items():
        if not path.endswith(SOURCES) or path.endswith(DECLARATION) or not on_surface(path):
            continue
        folder = posixpath.dirname(path)
        for specifier in _IMPORT.findall(text):
            target = located(posixpath.normpath(posixpath.join(folder, specifier)), bundle)
            if target and target != path:
                found.setdefault(target, set()).add(path)
    return found


def entries(manifest: dict[str, object], bundle: Bundle) -> list[tuple[str, list[str]]]:
    """(subpath, the files to read, best first) of each entry point the bundle holds:
    ``exports`` (patterns with ``*`` and ``./package.json`` left out), else
    ``main``/``module``/``types``, else an ``index`` file at the top or in ``src``."""
    exports = manifest.get("exports")
    found: dict[str, list[str]] = {}
    if isinstance(exports, (str, list)) or (
        isinstance(exports, dict) and not any(k.startswith(".") for k in exports)
    ):
        exports = {".": exports}
    if isinstance(exports, dict):
        for subpath, targets in exports.items():
            if subpath.startswith(".") and "*" not in subpath and subpath != "./package.json":
                picked = _ranked(list(_leaves(targets)), bundle)
                if picked:
                    found.setdefault(subpath, picked)
    if "." not in found:
        fields = [manifest.get(k) for k in ("main", "module", "types", "typings")]
        picked = _ranked([f for f in fields if isinstance(f, str)], bundle)
        index = [f"{d}index{s}" for d in ("", "src/") for s in SOURCES]
        picked = picked or _ranked(index, bundle)
        if picked:
            found["."] = picked
    return sorted(found.items())


def _leaves(targets: object) -> Iterator[str]:
    """The file paths of an ``exports`` value, conditions in their written order."""
    if isinstance(targets, str):
        yield targets
    elif isinstance(targets, list):
        for target in targets:
            yield from _leaves(target)
    elif isinstance(targets, dict):
        for target in targets.values():
            yield from _leaves(target)


def _ranked(targets: list[str], bundle: Bundle) -> list[str]:
    """The targets the bundle holds, in the order they are best read: TypeScript source,
    then ES modules (``.mjs``), then other JavaScript (CommonJS last: its exports may be
    built at run time, as date-fns' ``index.js`` loop is), declaration files only after
    all. A target ``x.js`` the bundle lacks may be its ``x.ts`` (TypeScript's own import
    convention)."""
    held: list[str] = []
    for target in targets:
        path = located(posixpath.normpath(target.removeprefix("./")), bundle)
        if path and path not in held:
            held.append(path)
    return sorted(held, key=_rank)


def _rank(path: str) -> int:
    if path.endswith(DECLARATION):
        return 4
    if path.endswith((*TYPESCRIPT, ".tsx")):
        return 0
    return 1 if path.endswith(".mjs") else 3 if path.endswith(".cjs") else 2


def located(path: str, bundle: Bundle) -> str:
    """``path`` or the file a module specifier ``path`` resolves to (``x`` -> ``x.ts``,
    ``x.js`` -> ``x.ts``, ``dir`` -> ``dir/index.js``); ``""`` when none is in the bundle."""
    if path in bundle.files and path.endswith(SOURCES):
        return path
    stem, dot, suffix = path.rpartition(".")
    tries = []
    if dot and f".{suffix}" in (".js", ".mjs", ".cjs", ".jsx"):
        tries += [f"{stem}.{s}" for s in ("ts", "mts", "cts", "tsx")]
    tries += [path + s for s in SOURCES] + [f"{path}/index{s}" for s in SOURCES]
    return next((t for t in tries if t in bundle.files), "")
