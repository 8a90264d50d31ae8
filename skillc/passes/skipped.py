"""Pages a build looked at and made no skill of: a typed record, reported and listed from it.

Two places skip a page: the driver, before reading, for an HTML page that is generated
navigation (SK042, the frontend's `is_boilerplate_page` says why), and the select-skills pass,
after reading, for a page without a procedure or with release notes (SK041). Both record a
`SkippedPage`; the build reports each as an INFO diagnostic made from the record
(`SkippedPage.diagnostic`) and lists each in the manifest's ``skipped`` list as that
diagnostic's one-line text, so the record, the report and the manifest cannot disagree, and
nothing has to be decoded back from diagnostics by code.
"""

from __future__ import annotations

from dataclasses import dataclass

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.span import Span

#: Read, but with no procedure in it (or release notes): the select-skills pass.
NO_PROCEDURE = "SK041"
#: Not read: generated navigation (indexes, search pages, site maps): the driver.
GENERATED = "SK042"


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedPage:
    """A page made no skill: its source id, the title it is shown by, and why.

    ``span`` locates the page's skill (select-skills); pages skipped before reading have none,
    and are located by ``path``. ``code`` is `NO_PROCEDURE` or `GENERATED`.

    >>> page = SkippedPage(path="genindex.html", title="genindex.html",
    ...                    reason="sphinx general index", code=GENERATED)
    >>> page.line()
    "genindex.html: SK042 skipped 'genindex.html': sphinx general index"
    """

    path: str
    title: str
    reason: str
    code: str = NO_PROCEDURE
    span: Span | None = None

    def diagnostic(self) -> Diagnostic:
        """The INFO diagnostic that reports the page."""
        message = f"skipped {self.title!r}: {self.reason}"
        path = "" if self.span is not None else self.path
        return Diagnostic(
            code=self.code, message=message, severity=Severity.INFO, span=self.span, path=path
        )

    def line(self) -> str:
        """The page's entry in the manifest's ``skipped`` list: its diagnostic as one line."""
        return self.diagnostic().render()
