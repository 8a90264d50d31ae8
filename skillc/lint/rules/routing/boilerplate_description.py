"""SC103: the description is a placeholder, a template or too short to route on."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.routing._description import description, is_english, short, skill_name
from skillc.package.model import Package

MIN_LENGTH = 40
#: At most this many words may follow a template opening ("Use when working with X").
MAX_TEMPLATE_WORDS = 4

_PLACEHOLDER = re.compile(
    r"(?i)\b(?:todo|tbd|fixme|lorem ipsum)\b"
    r"|^\W*(?:description|placeholder|add (?:a )?description(?: here)?"
    r"|describe (?:this|the|your) skill(?: here)?|description goes here)\W*$"
)
_TEMPLATE = re.compile(
    r"(?i)^\W*(?:"
    r"use (?:this skill )?(?:when|for) (?:working|dealing) with"
    r"|use (?:this skill )?for"
    r"|(?:an? |the )?(?:agent )?skill (?:for|to|that helps with|about)"
    r"|helps?(?: you)?(?: with| to)?"
    r"|this skill (?:helps(?: you)?(?: with| to)?|is for|provides|handles)"
    r"|(?:tools?|utilities|helpers?) for"
    r"|(?:local )?codebase analysis for"
    r"|documentation (?:for|of)"
    r")\s+(?P<rest>.*)$",
    re.DOTALL,
)
_WORD = re.compile(r"[^\W_]+")
_FILLER = frozenset({"a", "an", "the", "skill", "agent", "tool", "tools", "for", "and", "claude"})


@rule("SC103", "boilerplate-description", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description is a placeholder, a fill-in template, the name again, or very short.

    ## What it checks
    The first that applies of:
    - a placeholder: "TODO", "TBD", "FIXME" or "lorem ipsum" anywhere, or a description that is
      only "description", "placeholder", "add a description", "describe this skill" or
      "description goes here";
    - a template: an opening such as "Use when working with", "Use for", "A skill for", "Helps
      with", "This skill provides", "Tools for", "Local codebase analysis for" or
      "Documentation for" followed by at most 4 words;
    - the name only: every word is a word of the skill's name, apart from "a", "the", "skill",
      "tool", "for", "and", "agent" and "claude";
    - fewer than 40 characters (after trimming).

    The template and length checks apply to English descriptions only (`is_english`): other
    scripts pack more into a character, and the templates are English.

    ## Why it matters
    The description is the only thing a router reads. Peers generate "Use when working with
    bashref" (29 characters) for every input; the spec's own poor example is "Helps with
    PDFs.". These name a topic but give no task, file type or phrase a request could match,
    so the skill triggers at random or never. 40 characters is the minimum other linters
    (amagi-skill-lint, claude-skill-forge) also apply; the spec's good example has 195.

    ## Example
    `description: Use when working with bashref`

    ## Fix
    Say what the skill does, with the concrete objects and verbs a request would use, then when
    to use it: "Explains Bash syntax, builtins and shell options from the GNU Bash manual. Use
    when writing or debugging Bash scripts or when the user asks how a shell feature works."
    """
    found = description(pkg)
    if found is None:
        return
    text = found.text.strip()
    message = _problem(text, skill_name(pkg))
    if message:
        yield diagnostic("SC103", message, span=found.span)


def _problem(text: str, name: str) -> str:
    quoted = f'"{short(text)}"'
    if _PLACEHOLDER.search(text):
        return f"description {quoted} is a placeholder"
    english = is_english(text)
    template = _TEMPLATE.match(text) if english else None
    if template and len(_WORD.findall(template.group("rest"))) <= MAX_TEMPLATE_WORDS:
        return f"description {quoted} is a template with no specifics"
    words = [w.lower() for w in _WORD.findall(text)]
    name_words = {w.lower() for w in _WORD.findall(name)}
    meaningful = [w for w in words if w not in _FILLER]
    if meaningful and set(meaningful) <= name_words:
        return f"description {quoted} only repeats the skill name"
    if english and len(text) < MIN_LENGTH:
        return f"description is {len(text)} characters, too short to route on (minimum 40)"
    return ""
