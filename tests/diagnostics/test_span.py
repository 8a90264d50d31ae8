"""`Span` keeps its six numbers packed in one int (memory, issue 15) and still behaves as the
frozen, ordered dataclass of seven fields it was: same fields, order, equality, replace and
pickles, for any ints (those that do not fit 30 bits are kept as a tuple)."""

from __future__ import annotations

import dataclasses
import pickle
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillc.diagnostics.span import Span

NAMES = ("source", "line", "col", "end_line", "end_col", "start", "end")
numbers = st.one_of(st.integers(0, 2**30 - 1), st.integers(-(2**40), 2**40), st.integers(0, 300))
spans = st.builds(
    Span,
    source=st.sampled_from(["a.md", "b.md"]),
    line=numbers,
    col=numbers,
    end_line=numbers,
    end_col=numbers,
    start=numbers,
    end=numbers,
)


def _fields(span: Span) -> tuple[object, ...]:
    return tuple(getattr(span, name) for name in NAMES)


def test_a_span_is_the_dataclass_of_seven_fields() -> None:
    span = Span(source="g.md", line=3, col=1, end_line=4, end_col=10, start=40, end=49)
    assert tuple(f.name for f in dataclasses.fields(Span)) == NAMES
    assert _fields(span) == ("g.md", 3, 1, 4, 10, 40, 49)
    assert _fields(dataclasses.replace(span, end=50))[-1] == 50
    assert repr(span) == (
        "Span(source='g.md', line=3, col=1, end_line=4, end_col=10, start=40, end=49)"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.line = 5  # type: ignore[misc]


@given(spans)
def test_the_fields_and_pickles_keep_every_number(span: Span) -> None:
    back = pickle.loads(pickle.dumps(span))
    assert back == span and hash(back) == hash(span)
    assert _fields(back) == _fields(span)
    again = Span(**{name: getattr(span, name) for name in NAMES})
    assert again == span and _fields(again) == _fields(span)


@given(spans, spans)
def test_order_and_equality_are_those_of_the_fields(a: Span, b: Span) -> None:
    assert (a < b) == (_fields(a) < _fields(b))
    assert (a <= b) == (_fields(a) <= _fields(b))
    assert (a > b) == (_fields(a) > _fields(b))
    assert (a >= b) == (_fields(a) >= _fields(b))
    assert (a == b) == (_fields(a) == _fields(b))


def test_a_span_holds_two_small_objects() -> None:
    """What packing is for: the span and its one int, not an int object per large number."""
    span = Span(source="g.md", line=1000, col=300, end_line=1200, end_col=400, start=9**7, end=9**8)
    held = sys.getsizeof(span) + sys.getsizeof(span._packed)
    assert held <= 112
