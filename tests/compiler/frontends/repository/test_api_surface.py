"""The ``<project>-api`` skill: flask's public modules, what each defines and who imports it.

The truth is flask's source read independently here with Python's ``ast`` (parsing, never
importing): the importers of a module counted from the import statements of every module,
and the public names from ``__all__`` or the top-level definitions.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, table_rows, write_files

SRC = ROOT / "corpora/repos/flask/src/flask-3.1.3/src"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SRC.parent, tmp_path_factory.mktemp("api") / "out")


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def importers() -> dict[str, set[str]]:
    """Module -> the flask modules importing it (relative imports resolved)."""
    modules = {_module(p): p for p in SRC.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.parse(path.read_text()).body:
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                origin = (
                    ".".join([*base, node.module or ""]).strip(".")
                    if node.level
                    else (node.module or "")
                )
                for alias in node.names:
                    sub = f"{origin}.{alias.name}"
                    targets.append(sub if sub in modules else origin)
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    found.setdefault(target, set()).add(name)
    return found


def test_importer_counts_match_the_source(built: Path) -> None:
    reference = (built / "flask-api/references/api.md").read_text()
    rows = {r[0].strip("`"): r for r in table_rows(reference) if r[0] != "Module"}
    counted = importers()
    assert len(rows) >= 15
    for module, row in rows.items():
        assert int(row[2]) == len(counted.get(module, set())), module
    counts = [int(r[2]) for r in rows.values()]
    assert counts == sorted(counts, reverse=True)


def test_public_names_and_where_they_are_defined(built: Path) -> None:
    reference = (built / "flask-api/references/api.md").read_text()
    rows = {r[0].strip("`"): r for r in table_rows(reference) if r[0] != "Module"}
    assert "`Flask`" in rows["flask.app"][1]
    assert rows["flask.app"][3] == "`src/flask/app.py:1`"
    assert "`Blueprint`" in rows["flask.blueprints"][1]
    assert not any(name.split(".")[-1].startswith("_") for name in rows)
    helpers = rows["flask.helpers"][1]
    assert helpers.count("`stream_with_context`") == 1  # typing overloads are one name
    assert validate(built / "flask-api") == []


ATTRS_LIKE = {
    "src/pkg/__init__.py": (
        "from . import converters\n"
        "from ._make import NOTHING, define\n"
        "from ._funcs import asdict as asdict\n"
        "from os import path\n\n"
        "class Thing:\n    pass\n\n"
        '__all__ = ["define", "Thing", "asdict", "NOTHING", "converters", "path", "define"]\n'
    ),
    "src/pkg/_make.py": "NOTHING = object()\n\ndef define(cls):\n    return cls\n",
    "src/pkg/_funcs.py": "from ._impl import to_dict as asdict\n",
    "src/pkg/_impl.py": "def to_dict(inst):\n    return {}\n",
    "src/pkg/converters.py": "def optional(c):\n    return c\n",
}


def test_a_package_lists_the_functions_and_classes_its_all_re_exports() -> None:
    """attrs' ``attr`` package defines one class itself and re-exports ``define``, ``field``,
    ``asdict``... from private modules: the API skill said it defined only ``AttrsInstance``.
    A name of ``__all__`` imported from the project is listed (followed through modules that
    import it in turn) with where it is defined; constants, submodules and names from outside
    the project are not functions or classes, and are not."""
    from skillc.compiler.frontends.repository.python.api import public_surface
    from skillc.compiler.frontends.repository.python.entry import PythonTree

    tree = PythonTree(files={p: (p, t) for p, t in ATTRS_LIKE.items()}, prefix="")
    modules = {m.name: m for m in public_surface(tree)}
    assert set(modules) == {"pkg", "pkg.converters"}
    names = [(n.name, n.kind, n.span.source) for n in modules["pkg"].names]
    assert names == [
        ("Thing", "class", "src/pkg/__init__.py"),
        ("define", "function", "src/pkg/_make.py"),
        ("asdict", "function", "src/pkg/_impl.py"),
    ]


def test_scripts_beside_a_flat_package_are_not_its_api(tmp_path: Path) -> None:
    """tabulate 0.9.0: ``benchmark.py`` at the top (setuptools installs no top-level module of
    that name) was listed as an API module, and was the only one the description named."""
    repo = tmp_path / "tabby-0.9.0"
    write_files(
        repo,
        {
            "pyproject.toml": '[project]\nname = "tabby"\n',
            "tabby/__init__.py": '"""Tables."""\n\n\ndef tabulate(rows):\n    return rows\n',
            "tabby/formats.py": "def simple(rows):\n    return rows\n",
            "benchmark.py": "import tabby\n\n\ndef benchmark(n):\n    return tabby.tabulate(n)\n",
            "tasks.py": "def release(c):\n    pass\n",
            "helpers.py": "def table_helper():\n    pass\n",
        },
    )
    out = build(repo, tmp_path / "out")
    rows = table_rows((out / "tabby-api" / "references" / "api.md").read_text())
    modules = [row[0].strip("`") for row in rows[1:]]
    assert sorted(modules) == ["helpers", "tabby", "tabby.formats"]
    tabby = next(row for row in rows if row[0] == "`tabby`")
    assert tabby[2] == "1"  # benchmark.py still counts as one of its importers


def test_a_src_layout_package_alone_is_the_api_and_names_its_classes(tmp_path: Path) -> None:
    """pluggy 1.5.0 keeps its package in ``src/`` and release scripts in ``scripts/``: the
    scripts were two of its three API modules, and the description's only use cases
    ("scripts.towncrier-draft-to-file or scripts.release"). With one public module, which is
    the project's own name, the use cases are the classes it exports."""
    repo = tmp_path / "plugster-1.5.0"
    write_files(
        repo,
        {
            "pyproject.toml": '[project]\nname = "plugster"\n',
            "src/plugster/__init__.py": '__all__ = ["PluginManager", "HookimplMarker"]\n\n'
            "from ._manager import PluginManager\nfrom ._hooks import HookimplMarker\n",
            "src/plugster/_manager.py": "class PluginManager:\n    pass\n",
            "src/plugster/_hooks.py": "class HookimplMarker:\n    pass\n",
            "scripts/release.py": "def create_branch(version):\n    pass\n",
        },
    )
    out = build(repo, tmp_path / "out")
    rows = table_rows((out / "plugster-api" / "references" / "api.md").read_text())
    assert [row[0].strip("`") for row in rows[1:]] == ["plugster"]
    skill = (out / "plugster-api" / "SKILL.md").read_text()
    description = next(line for line in skill.splitlines() if line.startswith("description:"))
    assert "PluginManager" in description and "HookimplMarker" in description
    assert "scripts" not in description
