"""SC104: the trigger clause starts after the first 250 characters of the description."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.routing._description import TRIGGER, description, is_english
from skillc.package.model import Package

#: How much of a description survives when clients shorten their skill listings.
VISIBLE_CHARACTERS = 250


@rule("SC104", "late-trigger", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description's first trigger clause starts after character 250.

    ## What it checks
    Where the first trigger clause (as defined for SC101: "Use when …", "when the user …",
    "Triggers: …") starts, counted in characters of the parsed description. Descriptions
    without a trigger clause are SC101's; like SC101, only English descriptions are checked.

    ## Why it matters
    Skill listings have a budget: Codex shortens descriptions first when its list exceeds ~2% of
    the context window (or 8,000 characters), and Claude Code cuts each entry at 1,536
    characters and the whole listing at 1% of the context. How much survives depends on how
    many skills are installed; skillc plans for the first 250 characters (DESIGN.md). A trigger
    clause after them is the part a router needs most and the part it loses first.

    ## Example
    Three sentences of features, then "Use when the user …" at character 400.

    ## Fix
    Front-load the use case: one short sentence on what the skill does, then the "Use when …"
    clause, then the details.
    """
    found = description(pkg)
    if found is None or not is_english(found.text):
        return
    trigger = TRIGGER.search(found.text)
    if trigger is None or trigger.start() < VISIBLE_CHARACTERS:
        return
    message = (
        f'trigger clause "{trigger.group()}" starts at character {trigger.start() + 1} of the '
        f"description, after the {VISIBLE_CHARACTERS} that clients reliably show"
    )
    yield diagnostic("SC104", message, span=found.span_of(trigger.start(), trigger.end()))
