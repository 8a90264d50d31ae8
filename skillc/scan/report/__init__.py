"""Write a scan in one of its formats: text, json, sarif, markdown, html (one module each).

`render` dispatches through a table that imports each module only when asked. Every format is
deterministic: skills in path order, findings in path, line, column, code order, no clock, no
absolute path that the user did not give.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from skillc.scan.engine import ScanRun

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "markdown", "html")


def _text(run: ScanRun, quiet: bool = False) -> str:
    from skillc.scan.report import text

    return text.render(run, quiet=quiet)


def _json(run: ScanRun) -> str:
    from skillc.scan.report import json

    return json.render(run)


def _sarif(run: ScanRun) -> str:
    from skillc.scan.report import sarif

    return sarif.render(run)


def _markdown(run: ScanRun) -> str:
    from skillc.scan.report import markdown

    return markdown.render(run)


def _html(run: ScanRun) -> str:
    from skillc.scan.report import html

    return html.render(run)


_RENDERERS: dict[str, Callable[[ScanRun], str]] = {
    "text": _text,
    "json": _json,
    "sarif": _sarif,
    "markdown": _markdown,
    "html": _html,
}


def render(fmt: str, run: ScanRun, *, quiet: bool = False) -> str:
    """``run`` in format ``fmt`` (one of `FORMATS`); ``quiet`` leaves benign skills out of
    the text format (the documents always hold every skill)."""
    if fmt == "text":
        return _text(run, quiet)
    try:
        renderer = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown scan format {fmt!r}; expected one of {FORMATS}") from None
    return renderer(run)


def counts(reports: Sequence[object]) -> dict[str, int]:
    """How many skills got each verdict."""
    from skillc.scan.model import SkillReport, Verdict

    result = {v.value: 0 for v in Verdict}
    for report in reports:
        assert isinstance(report, SkillReport)
        result[report.verdict.value] += 1
    return result
