"""Source spans: where in which source a node, or a finding, came from.

Every IR node carries a tuple of spans (its provenance). A frontend creates one span per node; a
merge takes the union. Spans locate text in the frontend's *normalised* text of a source (UTF-8
decoded, newlines folded to ``\\n``), so offsets are character offsets, not bytes.

Why here, below the IR: a diagnostic's primary location is a span, and diagnostics are reported
by every layer, the IR's reader and verifier included. The IR re-exports `Span`
(`skillc.ir.span`), so IR code keeps naming it there; nothing in this package imports the IR.

Why packed: a build holds one span per node of its module (python-doc: ~64,000 per 530 pages,
4x that at 4x the pages), and as a plain slotted dataclass each cost about 200 bytes: the
object and, for every number over 256, an int object of its own. A span keeps its six numbers
in one int (30 bits each, `_pack`): about 100 bytes, the same fields, order, equality and
pickles a tenth the size. Numbers outside ``0..2**30-1`` (none in practice) are kept as a
tuple instead, so any int still fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

#: Bits per packed number: one digit of CPython's int, so six make a 6-digit int.
_BITS = 30
_MASK = (1 << _BITS) - 1
_LIMIT = 1 << _BITS


def _pack(line: int, col: int, end_line: int, end_col: int, start: int, end: int) -> Any:
    """The six numbers as one int whose order is their tuple's order, or the tuple itself when
    one does not fit in `_BITS` bits (negative or too large)."""
    if (
        0 <= line < _LIMIT
        and 0 <= col < _LIMIT
        and 0 <= end_line < _LIMIT
        and 0 <= end_col < _LIMIT
        and 0 <= start < _LIMIT
        and 0 <= end < _LIMIT
    ):
        return line << 150 | col << 120 | end_line << 90 | end_col << 60 | start << 30 | end
    return (line, col, end_line, end_col, start, end)


def _unpack(packed: Any) -> tuple[int, int, int, int, int, int]:
    if type(packed) is tuple:
        return packed
    return (
        packed >> 150,
        packed >> 120 & _MASK,
        packed >> 90 & _MASK,
        packed >> 60 & _MASK,
        packed >> 30 & _MASK,
        packed & _MASK,
    )


@dataclass(frozen=True, kw_only=True, init=False, repr=False, eq=False)
class Span:
    """A half-open character range in one source, with 1-based line and column for people.

    A dataclass with the seven fields below (`dataclasses.fields`, `dataclasses.replace` and
    the IR's JSON record see them), stored packed (see the module's docstring).

    >>> Span(source="guide.md", line=3, col=1, end_line=3, end_col=10, start=40, end=49).label()
    'guide.md:3:1'
    """

    __slots__ = ("_packed", "source")

    source: str
    line: int
    col: int
    end_line: int
    end_col: int
    start: int
    end: int
    if TYPE_CHECKING:  # the slot the six numbers are packed in, not a field
        _packed: Any

    def __init__(
        self,
        *,
        source: str,
        line: int,
        col: int,
        end_line: int,
        end_col: int,
        start: int,
        end: int,
    ) -> None:
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "_packed", _pack(line, col, end_line, end_col, start, end))

    def label(self) -> str:
        """The ``path:line:col`` form used in diagnostics."""
        return f"{self.source}:{self.line}:{self.col}"

    def _key(self) -> tuple[Any, ...]:
        return (self.source, *_unpack(self._packed))

    def __repr__(self) -> str:
        line, col, end_line, end_col, start, end = _unpack(self._packed)
        return (
            f"Span(source={self.source!r}, line={line!r}, col={col!r}, end_line={end_line!r}, "
            f"end_col={end_col!r}, start={start!r}, end={end!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Span:
            return NotImplemented
        # one number, or the same tuple, for the same six: `_pack` is a function of them
        return self.source == other.source and self._packed == other._packed

    def __hash__(self) -> int:
        return hash((self.source, self._packed))

    def __lt__(self, other: Span) -> bool:
        return self._order(other) < 0

    def __le__(self, other: Span) -> bool:
        return self._order(other) <= 0

    def __gt__(self, other: Span) -> bool:
        return self._order(other) > 0

    def __ge__(self, other: Span) -> bool:
        return self._order(other) >= 0

    def _order(self, other: Span) -> int:
        """-1, 0 or 1 as the fields' tuples compare (the dataclass ``order=True`` order)."""
        if other.__class__ is not Span:
            raise TypeError(f"cannot compare Span with {type(other).__name__}")
        mine, theirs = self._packed, other._packed
        if self.source != other.source or type(mine) is not int or type(theirs) is not int:
            a, b = self._key(), other._key()
            return (a > b) - (a < b)
        return (mine > theirs) - (mine < theirs)

    def __reduce__(self) -> tuple[Any, tuple[str, Any]]:
        return (_span, (self.source, self._packed))


def _span(source: str, packed: Any) -> Span:
    """A span from its pickle (`Span.__reduce__`): no repacking."""
    span = object.__new__(Span)
    object.__setattr__(span, "source", source)
    object.__setattr__(span, "_packed", packed)
    return span


def _field(index: int, shift: int) -> property:
    def get(self: Span) -> int:
        packed = self._packed
        if type(packed) is tuple:
            return packed[index]  # type: ignore[no-any-return]
        return packed >> shift & _MASK  # type: ignore[no-any-return]

    return property(get, doc=f"The span's field {index + 1} of 6 (see `_pack`).")


# The numbers are read from the packed int: set after `dataclass`, which would take a property
# in the class body for the field's default.
for _index, _name in enumerate(("line", "col", "end_line", "end_col", "start", "end")):
    setattr(Span, _name, _field(_index, 150 - 30 * _index))
del _index, _name
