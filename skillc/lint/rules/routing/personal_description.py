"""SC102: the description speaks in the first or second person."""

from __future__ import annotations

import re
from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.routing._description import description, is_english
from skillc.package.model import Package

#: Quoted text is the user's words ("when the user says 'fix my PDF'"), not the description's.
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|`[^`\n]*`|(?<!\w)'[^'\n]*'(?!\w)")
#: First and second person pronouns. "I" and "us" are matched in their case only, so "I/O",
#: "I-9" and "US" are not pronouns.
_PERSONAL = re.compile(
    r"(?i:\b(?:me|my|mine|myself|we|our|ours|ourselves|you|your|yours|yourself|yourselves)\b)"
    r"|\bus\b"
    r"|(?<![\w/.-])I(?:'(?:m|ll|ve|d))?(?![\w/.-])"
)
MAX_LISTED = 3


@rule("SC102", "personal-description", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """The description is written in the first or second person.

    ## What it checks
    First-person ("I", "I'm", "me", "my", "we", "us", "our") and second-person ("you",
    "your", "yourself") words in the description, outside quoted text (the user's own words in
    "…", '…', “…” or backticks may say anything). "I" and "us" count only as written, so
    "I/O", "I-9" and "US" do not. The span is the first such word; the message lists up to
    three. Only English descriptions are checked.

    ## Why it matters
    Anthropic: "Always write in third person. The description is injected into the system
    prompt, and inconsistent point-of-view can cause discovery problems." A description that
    says "I can help you" reads as the agent talking, or as addressing the user who never sees
    it. An imperative "Use when …" is fine.

    ## Example
    `description: I can help you fill in your PDF forms.`

    ## Fix
    Describe the skill in the third person: "Fills in PDF forms. Use when the user asks to
    complete a PDF form."
    """
    found = description(pkg)
    if found is None or not is_english(found.text):
        return
    text = _QUOTED.sub(lambda m: " " * len(m.group()), found.text)
    matches = list(_PERSONAL.finditer(text))
    if not matches:
        return
    words: list[str] = []
    for match in matches:
        word = match.group()
        word = word if word.startswith("I") or word == "us" else word.lower()
        if word not in words:
            words.append(word)
    listed = ", ".join(f'"{w}"' for w in words[:MAX_LISTED])
    first = matches[0]
    yield diagnostic(
        "SC102",
        f"description is written in the first or second person ({listed})",
        span=found.span_of(first.start(), first.end()),
    )
