"""What ``skillc build --format json|sarif|github`` prints (the command itself is in cli.py).

Build diagnostics go through the lint renderers, so a pipeline reads a build's findings as it
reads lint's: ``sarif`` is one SARIF 2.1.0 log (code scanning), ``github`` one workflow command
per finding (pull-request annotations). ``json`` stays the one-line summary object it was
(``out``, ``sources``, ``skills``, ``files``, ``changed``, ``removed``, ``skipped``, ``failed``,
``seconds``, ``errors``, ``warnings``), plus ``diagnostics``: every finding as an object in
lint's JSON form. Each format prints exactly one document on stdout, even when the build stops
with a usage error (exit 2), so an upload step always has something to read; errors are also
printed on stderr, one line each, as in text mode.

Findings are located at the pages' paths as the user named them (``docs/guide/install.md``),
not at their source ids (``guide/install.md``, relative to the input folder, as text mode and
the manifest show them): code scanning and pull-request annotations resolve paths against the
repository, and the user's paths are what lie in it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from skillc.diagnostics import Diagnostic
from skillc.diagnostics.span import Span

#: The page suffix of a PDF span's source (``manual.pdf#p12``).
_PAGE = re.compile(r"#p\d+$")


def document(
    fmt: str,
    out: str,
    summary: Mapping[str, Any],
    diagnostics: Sequence[Diagnostic],
    paths: Mapping[str, str] | None = None,
) -> str:
    """The build's report in ``fmt`` (``json``, ``sarif`` or ``github``; cli.py prints
    ``text`` itself: a table, and the findings on stderr), ending in a newline;
    ``paths`` maps source ids to the paths the user named (`BuildResult.paths`)."""
    from skillc.lint.render import render, rule_table, sort_key

    diagnostics = at_user_paths(diagnostics, paths or {})
    if fmt != "json":
        return render(fmt, diagnostics)
    from skillc.lint.render.json import as_object

    table = rule_table(None)
    found = [as_object(d, table) for d in sorted(diagnostics, key=sort_key)]
    record = {"out": out, **summary, "diagnostics": found}
    # Keys sorted as before ``diagnostics`` was added; each finding keeps lint's key order.
    return json.dumps(dict(sorted(record.items()))) + "\n"


def at_user_paths(diagnostics: Sequence[Diagnostic], paths: Mapping[str, str]) -> list[Diagnostic]:
    """``diagnostics`` with every source id in their paths and spans replaced by the path the
    user named (a PDF page keeps its ``#pN``); other locations (output files) stay.

    >>> from skillc.diagnostics import Severity
    >>> d = Diagnostic(code="SK042", message="m", severity=Severity.INFO, path="a.html")
    >>> at_user_paths([d], {"a.html": "docs/a.html"})[0].path
    'docs/a.html'
    """

    def where(source: str) -> str:
        page = _PAGE.search(source)
        base = source[: page.start()] if page else source
        return paths[base] + (page.group() if page else "") if base in paths else source

    def moved(span: Span) -> Span:
        return replace(span, source=where(span.source))

    return [
        replace(
            d,
            path=where(d.path),
            span=None if d.span is None else moved(d.span),
            related=tuple((moved(span), message) for span, message in d.related),
        )
        for d in diagnostics
    ]


def failed_document(fmt: str, out: str, diagnostics: Sequence[Diagnostic]) -> str:
    """The report of a build that stopped before reading anything (a usage error)."""
    from skillc.compiler.driver import BuildResult

    return document(fmt, out, BuildResult(diagnostics=list(diagnostics)).summary(), diagnostics)
