"""RK101: a credential written into a file of the skill."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.detect.secrets import find_secrets, redact
from skillc.package.model import Package, span_at


@rule("RK101", "secret", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A text file of the skill contains a secret: an API key, token, private key or password.

    ## What it checks
    Every text file (Markdown, scripts, JSON, env files...) with the shared detector
    `skillc.lint.detect.secrets.find_secrets`: credentials with a known format (AWS access key
    ids, GitHub, Slack, OpenAI, Anthropic, Google and Stripe live keys, JWTs, private key blocks
    with key material, passwords in URLs) and random-looking literals assigned to names such as
    `password`, `secret`, `token` or `api_key`. Placeholders (`AKIAXXXXXXXXXXXXXXXX`,
    `<your-token>`, `${TOKEN}`, "changeme") are not reported.

    The message names the kind and shows only the format's fixed prefix (`AKIA…`, `ghp_…`),
    never the secret. Documented example keys (AWS's `AKIAIOSFODNN7EXAMPLE`, values holding
    `EXAMPLE`, jwt.io's sample token, runs like `123456`) are reported as warnings, not errors:
    they unlock nothing, but secret scanners and reviewers still stop on them, and their
    presence usually means a source document was copied verbatim.

    ## Why it matters
    Skills are shared, published and installed into other people's agents; a key in one is
    public. Peers copied `AKIA…` and `ghp_…` tokens from their input documents straight into
    generated references. Agents also echo what they read, so a key in a skill can end up in
    transcripts and commits.

    ## Example
    `export GITHUB_TOKEN=ghp_…` in a setup section of SKILL.md.

    ## Fix
    Revoke and rotate the credential first (it is already exposed), then replace it with a
    placeholder (`$GITHUB_TOKEN`, `<your-token>`) and say where the real one comes from.
    """
    for file in pkg.files:
        text = file.text
        if text is None:
            continue
        for match in find_secrets(text):
            span = span_at(file.display, text, match.start, match.end)
            shown = f"{match.kind} {redact(match)}" if match.hint else match.kind
            if match.example:
                message = f"{shown} is a documented example key"
                yield diagnostic("RK101", message, span=span, severity=Severity.WARNING)
            else:
                yield diagnostic("RK101", f"possible {shown}", span=span)
