"""PK303: a reference file links to a Markdown file that SKILL.md does not reach directly."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Diagnostic, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.rules.structure._links import (
    file_links,
    links,
    mentioned_in,
    mentions,
    resolve,
    target_path,
)
from skillc.package.model import Package, PackageFile, span_at


@rule("PK303", "nested-reference", severity=Severity.WARNING)
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A reference chain is more than one level deep: SKILL.md → reference → reference.

    ## What it checks
    Depth is counted from SKILL.md. Files SKILL.md links to or mentions by path or name are
    at depth 1; a Markdown file first reached through a link in a depth-1 file is at depth 2,
    and so on. Every relative link from a reached file (other than SKILL.md) to a Markdown file
    at depth 2 or more is reported. Links back to SKILL.md, to the same file, to anchors and to
    non-Markdown files (scripts, images) are not chains. Files nothing reaches are PK307's.

    ## Why it matters
    The spec says to keep file references one level deep from SKILL.md. Anthropic notes that
    Claude may only partially read files referenced from other referenced files (previewing
    them with `head`), so instructions two levels down are often never seen.

    ## Example
    SKILL.md links `references/api.md`, which says "see [errors](errors.md)" for the error
    codes; SKILL.md never mentions `errors.md`.

    ## Fix
    Link the deeper file from SKILL.md too, with a line saying when to read it, or merge it into
    the file that links to it.
    """
    skill = pkg.skill_file
    if skill is None or skill.text is None:
        return
    markdown = {f.path: f for f in pkg.files if f.is_markdown and f.text is not None}
    depth = _depths(pkg, skill, markdown)
    for found in links(pkg):
        source = found.file.path
        if found.kind != "relative" or source == skill.path or source not in depth:
            continue
        target = resolve(source, target_path(found.link.target))
        if target is None or target == source or depth.get(target, 0) < 2:
            continue
        text = found.file.text or ""
        message = (
            f"{source} links to {target}, which SKILL.md does not link "
            f"(a reference chain {depth[target]} levels deep)"
        )
        yield diagnostic(
            "PK303", message, span=span_at(found.file.display, text, found.start, found.end)
        )


def _depths(pkg: Package, skill: PackageFile, markdown: dict[str, PackageFile]) -> dict[str, int]:
    """Depth of every Markdown file reachable from SKILL.md through links (module doc)."""
    seen = mentions(skill.text or "")
    first = {p for p in markdown if p != skill.path and mentioned_in(p, seen, by_code=False)}
    first.update(t for t in _linked(skill, markdown) if t != skill.path)
    depth = {skill.path: 0, **{p: 1 for p in sorted(first)}}
    level = sorted(first)
    while level:
        following: list[str] = []
        for path in level:
            for target in sorted(_linked(markdown[path], markdown)):
                if target not in depth:
                    depth[target] = depth[path] + 1
                    following.append(target)
        level = following
    return depth


def _linked(file: PackageFile, markdown: dict[str, PackageFile]) -> set[str]:
    """Markdown files of the package that ``file`` links to."""
    targets: set[str] = set()
    for found in file_links(file):
        if found.kind != "relative":
            continue
        target = resolve(file.path, target_path(found.link.target))
        if target is not None and target in markdown:
            targets.add(target)
    return targets
