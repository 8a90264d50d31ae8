"""PK105: a front-matter key the spec does not define."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.spec._values import parsed
from skillc.package.model import SPEC_KEYS, Package

# Keys that clients define beyond the spec (spec-facts.md §1.7; peers.md §4.4 for
# agentskills-tools), so the message can say who reads them.
_CLIENT_KEYS: dict[str, tuple[str, ...]] = {
    "when_to_use": ("Claude Code", "agentskills-tools"),
    "when_not_to_use": ("agentskills-tools",),
    "argument-hint": ("Claude Code", "GitHub Copilot"),
    "arguments": ("Claude Code",),
    "disable-model-invocation": ("Claude Code", "GitHub Copilot", "Cursor"),
    "user-invocable": ("Claude Code", "GitHub Copilot"),
    "disallowed-tools": ("Claude Code",),
    "model": ("Claude Code",),
    "effort": ("Claude Code",),
    "context": ("Claude Code",),
    "agent": ("Claude Code",),
    "background": ("Claude Code",),
    "hooks": ("Claude Code",),
    "paths": ("Claude Code",),
    "shell": ("Claude Code",),
}
# Keys whose value belongs under `metadata` (the spec's place for extra properties).
_METADATA_KEYS = frozenset({"version", "author", "authors", "tags", "category", "homepage"})


@rule("PK105", "unexpected-key", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A front-matter key other than the six the spec defines.

    ## What it checks
    Every top-level key of the front matter against `name`, `description`, `license`,
    `compatibility`, `metadata` and `allowed-tools`. The message says which clients use a known
    client-specific key (Claude Code's `when_to_use`, `user-invocable`,
    `disable-model-invocation`, `argument-hint`, `model`...), suggests the spec key for a
    misspelling (`allowed_tools`), and points keys such as `version` to `metadata`. Each
    unknown key is reported once, at its first occurrence.

    ## Why it matters
    The reference validator, Anthropic's `quick_validate.py`, claude.ai uploads and the Skills
    API reject any other key ("Unexpected fields in frontmatter"), so a skill written for one
    client fails to install in another.

    ## Example
    ```yaml
    name: pdf-tools
    description: Extracts text from PDF files. Use when the user mentions PDFs.
    version: 1.2.0
    user-invocable: true
    ```

    ## Fix
    Move extra properties under `metadata`, as an indented `version: "1.2.0"` line below
    `metadata:`, and keep client-specific keys in a per-client overlay rather than the portable
    package.
    """
    if not parsed(pkg):
        return
    seen: set[str] = set()
    for field in pkg.front_matter.fields:
        if field.key in SPEC_KEYS or field.key in seen:
            continue
        seen.add(field.key)
        hint = _hint(field.key)
        message = f"unexpected front-matter key `{field.key}`" + (f" ({hint})" if hint else "")
        yield diagnostic("PK105", message, span=field.key_span)


def _hint(key: str) -> str:
    clients = _CLIENT_KEYS.get(key)
    if clients:
        who = clients[0] if len(clients) == 1 else f"{', '.join(clients[:-1])} and {clients[-1]}"
        return f"used by {who}; the spec and other clients reject it"
    if key.lower() in _METADATA_KEYS:
        return "move it under `metadata`"
    normal = key.lower().replace("_", "-").replace(" ", "-")
    import difflib  # only when a key is unexpected: lint starts faster

    close = difflib.get_close_matches(normal, SPEC_KEYS, n=1, cutoff=0.75)
    if close and close[0] != key:
        return f"did you mean `{close[0]}`?"
    camel = "".join("-" + c.lower() if c.isupper() else c for c in key).lstrip("-")
    if camel in SPEC_KEYS:
        return f"did you mean `{camel}`?"
    return "the spec allows only " + ", ".join(SPEC_KEYS)
