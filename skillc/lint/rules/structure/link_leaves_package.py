"""PK306: a link points outside the skill folder."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.structure._links import links, resolve, target_path
from skillc.package.model import Package, span_at


@rule("PK306", "link-leaves-package", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A link or image points outside the skill folder.

    ## What it checks
    Markdown links and images outside code whose target is absolute (`/...`, `\\...`, `~/...`,
    a drive such as `C:/...`), a `file:` URL, or a relative path that climbs above the skill
    folder once resolved against the linking file (`../../docs/x.md` from
    `references/`). Web links and same-file anchors are fine.

    ## Why it matters
    A skill is installed by copying its folder (into `~/.claude/skills/`, a `.skill` zip, an
    API upload). Whatever lies outside the folder is not there on the user's machine, so the
    link breaks after install even when it works in the author's checkout; an absolute path also
    leaks the author's file system.

    ## Example
    `[the spec](../../docs/spec.md)` or `[report](file:///home/ana/out/report.md)`.

    ## Fix
    Copy the file into the skill (usually under `references/`) and link it relatively, or link
    its public URL.
    """
    for found in links(pkg):
        if found.kind == "relative":
            path = target_path(found.link.target)
            if not path or resolve(found.file.path, path) is not None:
                continue
        elif found.kind != "outside":
            continue
        text = found.file.text or ""
        message = f"link target {found.link.target} is outside the skill folder"
        yield diagnostic(
            "PK306", message, span=span_at(found.file.display, text, found.start, found.end)
        )
