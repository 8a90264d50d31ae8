"""`skillc.dataclass_code`: the methods `dataclasses` writes for skillc's classes come from a
table kept across runs; they are the code Python would compile, and a bad table only costs
speed."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.cli.conftest import ROOT

_CLASS = """
from dataclasses import dataclass, field

@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    x: int
    y: int = 0
    tags: tuple[str, ...] = field(default_factory=tuple)
"""


def _point(module: str) -> Any:
    scope: dict[str, Any] = {}
    fake = type(sys)(module)
    sys.modules[module] = fake
    try:
        exec(compile(_CLASS, f"<{module}>", "exec"), fake.__dict__)
        scope["Point"] = fake.__dict__["Point"]
    finally:
        del sys.modules[module]
    return scope["Point"]


def test_a_skillc_class_gets_the_code_python_would_compile() -> None:
    import skillc  # noqa: F401  (installs the table)
    from skillc import dataclass_code

    before = len(dataclass_code._USED)
    ours, theirs = _point("skillc._probe_module"), _point("elsewhere._probe_module")
    assert len(dataclass_code._USED) > before, "skillc's class went through the table"
    for method in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__"):
        a, b = getattr(ours, method).__code__, getattr(theirs, method).__code__
        assert (a.co_code, a.co_consts, a.co_names, a.co_varnames, a.co_flags) == (
            b.co_code,
            b.co_consts,
            b.co_names,
            b.co_varnames,
            b.co_flags,
        ), method
    assert ours(x=1) == ours(x=1, y=0) and repr(ours(x=2)) == "Point(x=2, y=0, tags=())"


def _import_skillc(cache: Path) -> subprocess.CompletedProcess[str]:
    script = (
        "import skillc.ir.nodes as n\n"
        "s = n.Skill(id='a', name='x')\n"
        "print(repr(s)[:40], s == n.Skill(id='a', name='x'))\n"
    )
    env = {**os.environ, "SKILLC_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env
    )


def test_the_table_is_written_once_and_read_back(tmp_path: Path) -> None:
    cold = _import_skillc(tmp_path)
    assert cold.returncode == 0, cold.stderr
    (table,) = tmp_path.glob("dataclass-code-*.marshal")
    entries = marshal.loads(table.read_bytes())
    assert len(entries) > 50  # the IR's classes and what they import
    written = table.stat().st_mtime_ns
    warm = _import_skillc(tmp_path)
    assert warm.stdout == cold.stdout and warm.returncode == 0
    assert table.stat().st_mtime_ns == written, "nothing new: not written again"


def test_a_broken_table_is_ignored_and_replaced(tmp_path: Path) -> None:
    first = _import_skillc(tmp_path)
    (table,) = tmp_path.glob("dataclass-code-*.marshal")
    for junk in (b"", b"not marshal at all", marshal.dumps(["a", "list"])):
        table.write_bytes(junk)
        again = _import_skillc(tmp_path)
        assert again.returncode == 0 and again.stdout == first.stdout, again.stderr
        assert isinstance(marshal.loads(table.read_bytes()), dict)


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    done = _import_skillc(blocked)
    assert done.returncode == 0, done.stderr
    assert "True" in done.stdout


def test_entries_a_run_does_not_use_are_dropped(tmp_path: Path) -> None:
    """Loading the table is what a start still pays: what no run asks for is not kept."""
    _import_skillc(tmp_path)
    (table,) = tmp_path.glob("dataclass-code-*.marshal")
    used = marshal.loads(table.read_bytes())
    stale = compile("x = 1", "<string>", "exec", dont_inherit=True)
    table.write_bytes(marshal.dumps({**used, **{f"stale{n}": stale for n in range(3000)}}))
    done = _import_skillc(tmp_path)
    assert done.returncode == 0, done.stderr
    assert set(marshal.loads(table.read_bytes())) == set(used)
