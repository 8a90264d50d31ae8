"""Risk rules, one per module, grouped by family folder; `RULE_MODULES` lists them in order.

Each module defines ``META`` (a `skillc.scan.model.RuleMeta`: code, default channel, SSL risk
dimension scores, OWASP AST and SkillScan category) and ``check(ctx)`` yielding findings. The
codes and their documentation (what it checks / why it matters / example / fix) are in the one
code table, `skillc.diagnostics.codes.risk`. Add a new rule's module here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from skillc.scan.context import ScanContext
from skillc.scan.model import Finding, RuleMeta, SkillReport
from skillc.scan.traces import Traces

RULE_MODULES: tuple[str, ...] = tuple(
    f"skillc.scan.rules.{name}"
    for name in (
        "execution.download_execute",
        "execution.remote_shell",
        "execution.unpinned_dependency",
        "exfiltration.data_exfiltration",
        "exfiltration.credential_access",
        "destruction.destructive_operation",
        "destruction.resource_abuse",
        "deception.fake_prerequisite",
        "deception.prompt_injection",
        "obfuscation.obfuscated_payload",
        "obfuscation.concealed_unicode",
        "persistence.persistence",
        "persistence.self_modification",
        "privilege.privilege_escalation",
        "opacity.unanalysable_file",
        "capability.capabilities",
        "capability.over_privileged",
        "capability.under_declared",
    )
)


#: Rules over every skill of a scan at once (`skillc.scan.rules.composition`): each module
#: defines ``META`` and ``check_skills(skills)`` yielding ``(index, finding)`` pairs.
COMPOSITION_MODULES: tuple[str, ...] = tuple(
    f"skillc.scan.rules.composition.{name}" for name in ("write_execute", "split_payload")
)


@dataclass(frozen=True, slots=True)
class ScanRule:
    meta: RuleMeta
    check: Callable[[ScanContext], Iterable[Finding]]


@cache
def load_rules() -> tuple[ScanRule, ...]:
    """Every risk rule, imported once, in `RULE_MODULES` order."""
    rules = []
    for name in RULE_MODULES:
        module = importlib.import_module(name)
        rules.append(ScanRule(module.META, module.check))
    return tuple(rules)


@dataclass(frozen=True, slots=True)
class CompositionRule:
    meta: RuleMeta
    check_skills: Callable[[Sequence[tuple[SkillReport, Traces]]], Iterable[tuple[int, Finding]]]


@cache
def load_composition_rules() -> tuple[CompositionRule, ...]:
    """Every cross-skill rule, imported once, in `COMPOSITION_MODULES` order."""
    rules = []
    for name in COMPOSITION_MODULES:
        module = importlib.import_module(name)
        rules.append(CompositionRule(module.META, module.check_skills))
    return tuple(rules)
