"""SC101: the description says what the skill does but not when to use it."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.routing._description import TRIGGER, description, is_english
from skillc.package.model import Package


@rule("SC101", "missing-trigger", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description has no trigger clause saying when to use the skill.

    ## What it checks
    That the description holds a *trigger clause* (`TRIGGER` in
    `skillc/lint/rules/routing/_description.py`): "Use when …", "Use this skill whenever …",
    "Use for …", "when the user …", "when <verb>ing …", "Triggers on …" or "Triggers: …",
    "if the user …", or "for requests/questions/tasks about …". Case does not matter. The
    lexicon is English, so descriptions in other languages are not checked (`is_english`: at
    least 90% ASCII letters and two common English words).

    ## Why it matters
    Agents pick a skill from its name and description alone. The spec asks for both what the
    skill does and when to use it; agentskills.io recommends an imperative "Use this skill
    when …" and Anthropic's skill-creator puts all "when to use" information in the
    description, because the body is only read after the skill was chosen. A description that
    only lists features leaves the agent to guess which requests it serves.

    ## Example
    `description: Extracts text and tables from PDF files and fills PDF forms.`

    ## Fix
    Add the situations, in the user's words: "… Use when the user mentions PDFs, forms or
    document extraction."
    """
    found = description(pkg)
    if found is None or not is_english(found.text) or TRIGGER.search(found.text):
        return
    yield diagnostic(
        "SC101", "description says what the skill does but not when to use it", span=found.span
    )
