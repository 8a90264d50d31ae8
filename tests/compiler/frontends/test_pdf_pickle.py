"""A page's lines cross from a `-j N` worker to the parent pickled: every field survives.

Why a test: `Line` pickles by its own ``__reduce__`` (a slotted dataclass's state pickling
cost the parent ~25 ms of bashref's serial part), which lists the fields by hand; a field
added to `Line` and not to it would be lost between processes, silently.
"""

from __future__ import annotations

import pickle
from dataclasses import fields, replace

from skillc.compiler.frontends.pdf.layout import Line, RawPage


def test_a_line_with_every_field_set_comes_back_equal() -> None:
    values = {"text": "echo $HOME", "x": 72.5, "y": 640.25, "size": 9.5, "advance": 5.4}
    flags = {f.name: True for f in fields(Line) if f.type in ("bool", bool)}
    line = Line(**values, **flags)
    assert set(values) | set(flags) == {f.name for f in fields(Line)}  # none left at default
    page = RawPage(number=3, lines=(line, Line("x", 1.0, 2.0, 3.0)), images=True)
    back = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == page
    assert [getattr(back.lines[0], f.name) for f in fields(Line)] == [
        getattr(line, f.name) for f in fields(Line)
    ]


def test_a_line_given_new_text_keeps_every_other_field() -> None:
    values = {"text": "vari-", "x": 72.5, "y": 640.25, "size": 9.5, "advance": 5.4}
    flags = {f.name: True for f in fields(Line) if f.type in ("bool", bool)}
    line = Line(**values, **flags)
    assert set(values) | set(flags) == {f.name for f in fields(Line)}  # none left at default
    assert line.with_text("variables") == replace(line, text="variables")
