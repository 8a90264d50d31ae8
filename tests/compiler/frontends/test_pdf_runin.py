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


def _part(title: str, number: str, groups: dict[str, int]) -> list[str]:
    """A DocBook part as its text runs: its label, its title twice before its contents, and
    each group (title three times) with ``n`` reference pages."""
    lines = [
        f"Part {number}. {title} This is reference documentation.",
        f"{title}{title}Table of Contents",
    ]
    for group, n in groups.items():
        lines.append(f"{group}{group}{group} About {group.lower()}.")
        lines += [f"Name{group.lower()}.p{k} — Parameter {k} Synopsis<x/>" for k in range(n)]
    return lines


def test_parts_are_skills_when_they_tell_apart_groups_of_one_title() -> None:
    text = [
        *_part("HTML Parameter Reference", "I", {"Profiling": 2, "Tables": 2}),
        *_part("FO Parameter Reference", "II", {"Profiling": 2, "Fonts": 1}),
    ]
    (cut,), marks = runin_headings([_page(*text)])
    tops = [(m.level, m.text) for m in marks if m.top]
    assert tops == [(1, "HTML Parameter Reference"), (1, "FO Parameter Reference")]
    assert [m.text for m in marks if m.level == 2] == ["Profiling", "Tables", "Profiling", "Fonts"]
    assert all(m.level == 3 for m in marks if m.text.startswith(("profiling.", "fonts.")))
    texts = [line.text for line in cut.lines]
    assert "Table of Contents" in texts  # the part's title is cut out once, the rest kept


def test_parts_are_not_headings_when_every_group_title_is_once() -> None:
    text = [
        *_part("HTML Parameter Reference", "I", {"Profiling": 2}),
        *_part("FO Parameter Reference", "II", {"Fonts": 2}),
    ]
    _, marks = runin_headings([_page(*text)])
    assert [(m.level, m.text) for m in marks if m.top] == [(1, "Profiling"), (1, "Fonts")]


def test_a_part_too_large_for_one_description_is_cut_into_runs_of_its_groups() -> None:
    groups = {f"Group{c}": 30 for c in "ABCDEFGH"}  # 248 sections in one part
    text = [
        *_part("HTML Parameter Reference", "I", groups),
        *_part("FO Parameter Reference", "II", {"GroupA": 2}),
    ]
    _, marks = runin_headings([_page(*text)])
    tops = [(m.part, m.text) for m in marks if m.top]
    assert tops[0] == ("", "HTML Parameter Reference") and tops[-1][1] == "FO Parameter Reference"
    runs = tops[1:-1]
    assert len(runs) == 2 and all(part == "HTML Parameter Reference" for part, _ in runs)
    assert all(title.startswith("Group") for _, title in runs)
