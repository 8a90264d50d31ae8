"""PK305: a relative link points at a file the package does not have."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.structure._links import directories, links, resolve, target_path
from skillc.package.model import Package, span_at


@rule("PK305", "broken-link", severity=Severity.ERROR)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A relative link or image in a Markdown file points at nothing in the package.

    ## What it checks
    Every Markdown link and image outside code (fenced blocks and inline code spans) in every
    Markdown file of the package. The target's path (without `#fragment` or `?query`,
    percent-decoded) is resolved against the linking file's folder and must name a file of the
    package, or a folder holding at least one file. Case matters, as on Linux. Web links (any
    `scheme:` or `//host`), same-file anchors (`#x`) and templated targets (`{{url}}`, `$VAR`)
    are not checked; links that leave the folder are PK306's.

    Anchors in other files (`api.md#errors`) are not checked either: agents open files, not
    fragments, so a stale anchor still lands in the right file, and heading slugs differ
    between renderers (GitHub, MkDocs, Sphinx), so any check would report correct links.

    ## Why it matters
    The agent follows the link with a file read that fails, and the instructions behind it are
    lost for that run. Generated skills often ship such links: peers left half the links of
    converted HTML docs and 19 links of one index file pointing at nothing.

    ## Example
    `[aliases](aliases%20for%20flags/aliases-for-flags.md)` when the folder is
    `aliases-for-flags/`.

    ## Fix
    Point the link at the real file (the message suggests one that differs only in case or
    by a `.md` suffix), bundle the missing file, or turn the link into text.
    """
    if not any(f.links for f in pkg.files):
        return
    files = {f.path for f in pkg.files}
    folders = directories(pkg)
    folded = {p.lower(): p for p in sorted(files | folders, reverse=True)}
    for found in links(pkg):
        if found.kind != "relative":
            continue
        path = target_path(found.link.target)
        resolved = resolve(found.file.path, path) if path else None
        if resolved is None or resolved in files or resolved in folders:
            continue
        shown = found.link.target
        if posixpath.normpath(path) != resolved:
            shown = f"{shown} ({resolved})"
        message = f"link target {shown} does not exist in the package"
        guess = folded.get(resolved.lower()) or (
            f"{resolved}.md" if f"{resolved}.md" in files else None
        )
        if guess:
            message += f" (did you mean {guess}?)"
        text = found.file.text or ""
        yield diagnostic(
            "PK305", message, span=span_at(found.file.display, text, found.start, found.end)
        )
