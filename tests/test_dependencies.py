"""Every third-party module skillc imports comes from a declared dependency, and every declared
dependency is imported.

A developer's virtualenv keeps packages that were dropped from pyproject.toml, so an import of
an undeclared package passes locally and fails on a fresh machine (beautifulsoup4 was dropped
while the deep-HTML parser imported it). This test reads the sources, not the environment.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _declared() -> set[str]:
    """The dependencies and the user-facing extras (``skillc[dask]``); ``dev`` is the
    developers' tools, which skillc itself never imports."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    specs = [*project["dependencies"], *(s for k, v in extras.items() if k != "dev" for s in v)]
    return {_normal(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in specs}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> dict[str, str]:
    """Top-level module -> the first source file importing it, for modules outside skillc and
    the standard library."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "skillc").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".", 1)[0]
                if top != "skillc" and top not in sys.stdlib_module_names:
                    found.setdefault(top, path.relative_to(ROOT).as_posix())
    return found


def test_every_imported_package_is_declared_and_every_declared_one_imported() -> None:
    distributions = packages_distributions()
    declared = _declared()
    used: set[str] = set()
    for module, where in _imported_modules().items():
        owners = {_normal(d) for d in distributions.get(module, [])}
        assert owners & declared, f"{where} imports {module}, which no declared dependency provides"
        used |= owners & declared
    assert declared - used == set(), "declared in pyproject.toml but never imported"
