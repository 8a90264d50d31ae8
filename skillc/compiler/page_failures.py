"""Pages a frontend could not read become failed pages, as pages `inputs.gather` refuses do.

Why: some pages are only found bad once a frontend reads them (a corrupt, truncated or
encrypted PDF; a frontend that crashed on a page, SK081). The README promises the same answer
for every bad page: inside a folder or archive it is skipped, named on stderr by the path the
user gave (``docs/a.pdf``, ``docs.zip!/docs/a.pdf``), listed under ``failed`` in the manifest,
and every other page is built and written, with exit code 2; a page named directly on the
command line that is bad is a usage error (exit 2, nothing written), as is a build left with no
usable page. Without this, one bad PDF among 700 pages failed the whole build with exit 1.

A frontend reports such a page with ERROR diagnostics (frontends report everything else as
warnings or notes), so every ERROR among a frontend's diagnostics fails its page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from skillc.compiler.inputs import Failure, Gathered, InputFile
from skillc.diagnostics import Diagnostic, Severity, SkillcError
from skillc.ir.nodes import SkillModule
from skillc.ir.span import Span

_PAGE_SUFFIX = re.compile(r"#p\d+$")


def fail_unread_pages(
    gathered: Gathered,
    inputs: Sequence[str],
    module: SkillModule,
    diagnostics: list[Diagnostic],
    inventories: dict[str, Any] | None = None,
) -> tuple[SkillModule, list[Diagnostic]]:
    """``module`` and the frontends' ``diagnostics`` without the pages they could not read.

    Those pages' errors (relabelled with the user's path) and `Failure` records are added to
    ``gathered.problems`` and ``gathered.failed``, which the build reports without stopping;
    their sources, skills and ``inventories`` entries are dropped. Raises `SkillcError` when a
    failed page was named directly on the command line, or when no page is left.
    """
    by_id = {item.id: item for item in gathered.files}
    errors: dict[str, list[Diagnostic]] = {}
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        item = by_id.get(_source_id(diagnostic))
        if item is not None and diagnostic.severity is Severity.ERROR:
            errors.setdefault(item.id, []).append(relabel(diagnostic, item))
        else:
            kept.append(diagnostic)
    if not errors:
        return module, diagnostics
    named = {str(Path(raw)) for raw in inputs}
    if any(str(by_id[i].path) in named for i in errors) or len(errors) == len(by_id):
        raise SkillcError(*_usage(gathered, errors))
    for source_id, found in sorted(errors.items()):
        gathered.problems.extend(found)
        gathered.failed.extend(Failure(id=source_id, reason=_reason(d)) for d in found)
        if inventories is not None:
            inventories.pop(source_id, None)
    gathered.failed.sort(key=lambda f: (f.id, f.reason))
    return _without(module, set(errors)), kept


def page_errors(files: Sequence[InputFile], diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The frontends' errors about ``files``, at the paths the user gave: for callers that
    stop at any bad page (``skillc ir dump``), which would otherwise drop them unseen."""
    by_id = {item.id: item for item in files}
    return [
        relabel(d, by_id[_source_id(d)])
        for d in diagnostics
        if d.severity is Severity.ERROR and _source_id(d) in by_id
    ]


def relabel(diagnostic: Diagnostic, item: InputFile) -> Diagnostic:
    """``diagnostic`` shown at the page's path as the user gave it, not at its source id."""
    where = str(item.path)
    span = diagnostic.span
    if span is not None:
        page = _PAGE_SUFFIX.search(span.source)
        span = replace(span, source=where + (page.group() if page else ""))
    return replace(diagnostic, path=where, span=span)


def _source_id(diagnostic: Diagnostic) -> str:
    """The source a frontend diagnostic is about (its path, or its span's, without ``#pN``)."""
    where = diagnostic.path or (diagnostic.span.source if diagnostic.span is not None else "")
    return _PAGE_SUFFIX.sub("", where)


def _of(span: Span) -> str:
    return _PAGE_SUFFIX.sub("", span.source)


def _reason(diagnostic: Diagnostic) -> str:
    line = diagnostic.span.line if diagnostic.span is not None else 0
    return f"line {line}: {diagnostic.message}" if line else diagnostic.message


def _usage(gathered: Gathered, errors: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    """Every error of the build so far, the failed pages' last, for the usage-error exit."""
    earlier = [d for d in gathered.problems if d.severity is Severity.ERROR]
    return [*earlier, *(d for _, found in sorted(errors.items()) for d in found)]


def _without(module: SkillModule, failed: set[str]) -> SkillModule:
    """``module`` without the failed sources and any skill drawn from one of them."""
    sources = tuple(s for s in module.sources if s.id not in failed)
    skills = tuple(s for s in module.skills if not any(_of(span) in failed for span in s.prov))
    return replace(module, sources=sources, skills=skills)


__all__ = ["fail_unread_pages", "page_errors", "relabel"]
