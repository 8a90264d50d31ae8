"""Run-in headings of a one-font PDF: lines cut around them, nothing else changed."""

from __future__ import annotations

from skillc.compiler.frontends.pdf.clean import Page
from skillc.compiler.frontends.pdf.layout import Line
from skillc.compiler.frontends.pdf.runin import runin_headings


def _page(*texts: str) -> Page:
    lines = tuple(Line(text=t, x=72.0, y=700.0 - 12 * n, size=10.0) for n, t in enumerate(texts))
    return Page(number=1, lines=lines, text="\n".join(texts))


def test_reference_pages_and_groups_become_heading_lines() -> None:
    page = _page(
        "used. ProfilingProfilingProfiling The following Namea.one — First thing Synopsis<x/>",
        "Description Set it. Nameb.two",
        "— Second thing, wrapped Synopsis<y/> Namec.three — Third Description Text.",
        "background #E0E0E0E0E0E0 here",
    )
    (cut,), marks = runin_headings([page])
    texts = [line.text for line in cut.lines]
    assert [(m.level, m.text, m.top) for m in marks] == [
        (1, "Profiling", True),
        (2, "a.one — First thing", False),
        (2, "b.two", False),
        (2, "c.three — Third", False),
    ]
    assert [texts[m.line] for m in marks] == [m.text for m in marks]
    assert texts[0] == "used." and texts[2] == "The following"
    assert cut.text == "\n".join(texts)  # what spans point into
    assert "background #E0E0E0E0E0E0 here" in texts


def test_a_text_without_reference_pages_is_left_alone() -> None:
    page = _page("Names are given. Namely — this is prose.", "TheTheThe end")
    assert runin_headings([page]) == ([page], [])
