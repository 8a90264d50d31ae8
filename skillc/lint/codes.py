"""The rule table: every lint rule with its code, name, family, severity and documentation.

Rules register themselves with `rule` when their module is imported; `load_rules` imports the
modules listed in `skillc.lint.rules.RULE_MODULES` (an explicit tuple, so the table never depends
on the file system). Codes are two letters and three digits and are never reused (DESIGN.md):

- ``PK1xx`` spec errors: what the Agent Skills spec and the reference validator reject;
- ``PK2xx`` client compatibility warnings: valid per spec, but some client rejects or mangles it;
- ``PK3xx`` structure: body budgets, references, links, scripts, host paths;
- ``SC1xx`` routing (the scheduling layer): what makes a description route well;
- ``RK1xx`` hygiene, shared with the risk scanner: secrets, hidden Unicode;
- ``SK1xx`` the linter itself: suppressions.

A rule's docstring is its documentation, in ruff's fixed headings: ``## What it checks``,
``## Why it matters``, ``## Example``, ``## Fix``. `skillc rules CODE` prints it.

`RuleInfo` extends the code table's `CodeInfo` (`skillc.diagnostics.table`), where the build's
codes (``SK0xx``, ``PV0xx``, the IR's ``SC0xx``/``ST0xx``/``LG0xx``) are registered with the same
fields and headings; `all_codes` joins both tables for ``skillc rules`` and the renderers, and
`by_name_or_code` (suppressions) looks up lint rules only, as only they can be suppressed.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from skillc.diagnostics import Diagnostic, Severity
from skillc.diagnostics.table import CodeInfo, load_codes
from skillc.package.model import Package

FAMILIES: dict[str, str] = {
    "PK1": "spec",
    "PK2": "client compatibility",
    "PK3": "structure",
    "SC1": "routing",
    "RK1": "hygiene",
    "SK1": "suppressions",
}

PackageCheck = Callable[[Package], Iterable[Diagnostic]]
TreeCheck = Callable[[Sequence[Package]], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleInfo(CodeInfo):
    """A registered rule: a `CodeInfo` with the function that checks it.

    ``scope`` is ``package`` (``check(pkg)``) or ``tree`` (``check(packages)``, for rules that
    compare skills, such as routing collisions). ``fix`` is ``safe``, ``unsafe`` or ``""``.
    ``family`` defaults to the one `FAMILIES` gives the code's prefix.
    """

    check: Callable[..., Iterable[Diagnostic]]
    scope: str = "package"

    def __post_init__(self) -> None:
        if not self.family:
            object.__setattr__(self, "family", FAMILIES.get(self.code[:3], "other"))


RULES: dict[str, RuleInfo] = {}

F = TypeVar("F", bound=Callable[..., Any])


def rule(
    code: str, name: str, *, severity: Severity, scope: str = "package", fix: str = ""
) -> Callable[[F], F]:
    """Register the decorated check function as rule ``code`` and return it unchanged."""

    def decorate(fn: F) -> F:
        if code in RULES and RULES[code].check is not fn:
            raise ValueError(f"rule code {code} is registered twice")
        doc = inspect.cleandoc(fn.__doc__ or "")
        info = RuleInfo(
            code=code, name=name, severity=severity, check=fn, scope=scope, fix=fix, doc=doc
        )
        RULES[code] = info
        return fn

    return decorate


def load_rules() -> Mapping[str, RuleInfo]:
    """Import every rule module and return the complete table, keyed by code."""
    from skillc.lint.rules import RULE_MODULES

    for module in RULE_MODULES:
        importlib.import_module(module)
    return RULES


def all_codes() -> Mapping[str, CodeInfo]:
    """Every code skillc reports, lint rules and build codes, keyed by code (sorted).

    The build's codes (`skillc.diagnostics.table`) and the lint rules share one namespace: a
    test holds them disjoint, so neither side can shadow the other here.
    """
    table: dict[str, CodeInfo] = {**load_codes(), **load_rules()}
    return {code: table[code] for code in sorted(table)}


def code_by_name_or_code(key: str) -> CodeInfo | None:
    """The lint rule or build code whose code or name is ``key`` (codes case-insensitively)."""
    table = all_codes()
    return table.get(key.upper()) or next((c for c in table.values() if c.name == key), None)


def by_name_or_code(key: str) -> RuleInfo | None:
    """The rule whose code or kebab-case name is ``key`` (case-insensitive for codes)."""
    table = load_rules()
    return table.get(key.upper()) or next((r for r in table.values() if r.name == key), None)


def diagnostic(info_code: str, message: str, **kw: Any) -> Diagnostic:
    """A `Diagnostic` for rule ``info_code`` with the rule's default severity."""
    severity = RULES[info_code].severity if info_code in RULES else Severity.ERROR
    return Diagnostic(code=info_code, message=message, severity=kw.pop("severity", severity), **kw)
