"""The code table against the sources: every code skillc reports is registered and documented,
every registered code is reported somewhere, and no code is registered twice.

The sources are read as Python syntax trees: a code is a string constant of two capital letters
and three digits (``"SK041"``), wherever it stands (a keyword argument, a module constant, a
positional argument), so a code cannot be added without an entry, nor an entry left behind.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from skillc.diagnostics import Severity
from skillc.diagnostics.table import CODES, HEADINGS, load_codes
from skillc.lint.codes import all_codes, code_by_name_or_code, load_rules

SKILLC = Path(__file__).resolve().parents[2] / "skillc"
TABLE = SKILLC / "diagnostics" / "codes"
CODE = re.compile(r"[A-Z]{2}[0-9]{3}")
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def sources() -> Iterator[tuple[Path, ast.Module]]:
    """Every module of skillc except the code table's own family modules."""
    for path in sorted(SKILLC.rglob("*.py")):
        if TABLE not in path.parents:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def used_codes() -> dict[str, set[str]]:
    """Code literal -> the modules (relative paths) it appears in."""
    found: dict[str, set[str]] = {}
    for path, tree in sources():
        for node in ast.walk(tree):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and CODE.fullmatch(value):
                found.setdefault(value, set()).add(str(path.relative_to(SKILLC)))
    return found


def test_every_code_in_the_sources_is_registered() -> None:
    table = all_codes()
    missing = {code: sorted(where) for code, where in used_codes().items() if code not in table}
    assert missing == {}


def test_every_registered_build_code_is_reported_somewhere() -> None:
    used = used_codes()
    assert sorted(code for code in load_codes() if code not in used) == []


def test_build_and_lint_codes_and_names_are_unique() -> None:
    build, lint = load_codes(), load_rules()
    assert sorted(set(build) & set(lint)) == []
    names = [info.name for info in (*build.values(), *lint.values())]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
    assert len(all_codes()) == len(build) + len(lint)


def test_registering_a_code_twice_fails() -> None:
    from skillc.diagnostics.table import register

    with pytest.raises(ValueError, match="SK041 is registered twice"):
        register("SK041", "again", Severity.INFO, "passes", "Again.")
    assert CODES["SK041"].name == "page-skipped"


@pytest.mark.parametrize("code", sorted(load_codes()))
def test_every_build_code_is_documented_like_a_lint_rule(code: str) -> None:
    info = load_codes()[code]
    assert CODE.fullmatch(info.code) and info.code == code
    assert KEBAB.fullmatch(info.name), info.name
    assert info.family and info.summary and not info.summary.startswith("#")
    headings = tuple(re.findall(r"^## (.+)$", info.doc, re.MULTILINE))
    assert headings == HEADINGS
    for section in info.doc.split("\n## ")[1:]:
        assert section.split("\n", 1)[1].strip(), f"{code}: empty section {section!r}"


def reported_severities() -> dict[str, set[Severity]]:
    """Code -> the severities ``Diagnostic(code="...", severity=...)`` calls give it (ERROR when
    the call names none, the `Diagnostic` default; every ``Severity.X`` in a conditional);
    calls that pass the code some other way are not counted."""
    found: dict[str, set[Severity]] = {}
    for _, tree in sources():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Diagnostic"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            code = keywords.get("code")
            if not (isinstance(code, ast.Constant) and isinstance(code.value, str)):
                continue
            severity = keywords.get("severity")
            seen = found.setdefault(code.value, set())
            if severity is None:
                seen.add(Severity.ERROR)
                continue
            for part in ast.walk(severity):  # `Severity.INFO if ... else Severity.WARNING`
                if isinstance(part, ast.Attribute) and part.attr in Severity.__members__:
                    seen.add(Severity[part.attr])
    return found


def test_registered_severity_is_one_the_code_is_reported_with() -> None:
    table = all_codes()
    wrong = {
        code: (table[code].severity, sorted(seen))
        for code, seen in reported_severities().items()
        if code in table and table[code].severity not in seen
    }
    assert wrong == {}


def test_codes_and_names_are_looked_up_alike() -> None:
    assert code_by_name_or_code("sk041") is load_codes()["SK041"]
    assert code_by_name_or_code("page-skipped") is load_codes()["SK041"]
    assert code_by_name_or_code("PK107") is load_rules()["PK107"]
    assert code_by_name_or_code("no-such-code") is None
