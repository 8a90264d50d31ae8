"""`SkippedPage`: the record of a page made no skill, its report and its manifest line.

The manifest's ``skipped`` entries were the reports' text before the record existed; the
record must give exactly that text, or every build's manifest would change.
"""

from __future__ import annotations

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.span import Span
from skillc.passes.skipped import GENERATED, NO_PROCEDURE, SkippedPage

SPAN = Span(source="docs/license.md", line=1, col=1, end_line=9, end_col=1, start=0, end=90)


def test_a_page_without_a_procedure_is_reported_at_its_span() -> None:
    page = SkippedPage(
        path="docs/license.md",
        title="License",
        reason="no procedural content (no steps)",
        code=NO_PROCEDURE,
        span=SPAN,
    )
    before = Diagnostic(
        code="SK041",
        message="skipped 'License': no procedural content (no steps)",
        severity=Severity.INFO,
        span=SPAN,
    )
    assert page.diagnostic() == before
    assert (
        page.line()
        == "docs/license.md:1:1: SK041 skipped 'License': no procedural content (no steps)"
    )


def test_a_generated_page_is_reported_at_its_path() -> None:
    page = SkippedPage(
        path="genindex.html", title="genindex.html", reason="sphinx general index", code=GENERATED
    )
    before = Diagnostic(
        code="SK042",
        message="skipped 'genindex.html': sphinx general index",
        severity=Severity.INFO,
        path="genindex.html",
    )
    assert page.diagnostic() == before
    assert page.line() == before.render()


def test_a_title_with_a_newline_stays_one_line() -> None:
    page = SkippedPage(path="a.md", title="A\nB", reason="release notes, not a procedure")
    assert "\n" not in page.line() and page.line().startswith("a.md: SK041 skipped")
