"""IR nodes pickled back from a worker (`skillc.ir.pickling`): equal to what was sent, with
their short strings (ids, names) shared between nodes unpickled apart, and the page's text
left as it came."""

from __future__ import annotations

import pickle

import pytest

from skillc.ir.nodes import (
    Code,
    ControlFlow,
    Heading,
    Prose,
    Rule,
    Scene,
    Skill,
    SkillModule,
    Source,
    Table,
)
from skillc.ir.span import Span
from skillc.ir.vocab import ContentClass, Placement


def _skill(page: str) -> Skill:
    span = Span(source=page, line=4000, col=1, end_line=4001, end_col=9, start=10**6, end=10**6 + 9)
    text = "A paragraph of the page, longer than an id: " + page
    return Skill(
        id="SKILL_" + page.upper().replace(".", "_"),
        prov=(span,),
        triggers=("".join(["json", "-", "dump"]), text),
        control_flow_features=ControlFlow(has_loop=True),
        blocks=(
            Heading(id="".join(["B", "1"]), prov=(span,), text="Examples"),
            Prose(id="".join(["B", "2"]), prov=(span,), text=text),
            Code(id="B3", prov=(span,), text="print(1)", language="".join(["py", "con"])),
        ),
        scenes=(Scene(id="S_1", next_scene_rules=(Rule(condition="done", target="END"),)),),
    )


def test_nodes_come_back_equal() -> None:
    module = SkillModule(sources=(Source(id="a.html", trail=("x",)),), skills=(_skill("a"),))
    assert pickle.loads(pickle.dumps(module)) == module


def test_short_strings_are_shared_between_pages_and_text_is_not() -> None:
    a, b = (pickle.loads(pickle.dumps(_skill(page))) for page in ("a.html", "b.html"))
    assert a.blocks[0].id is b.blocks[0].id  # "B1": each page sent its own copy
    assert a.blocks[2].language is b.blocks[2].language
    assert a.triggers[0] is b.triggers[0]  # short strings inside a tuple field too
    long_a, long_b = a.blocks[1].text, b.blocks[1].text
    assert long_a == "A paragraph of the page, longer than an id: a.html" != long_b
    again = pickle.loads(pickle.dumps(_skill("a.html")))
    assert again.blocks[1].text is not long_a  # text is the page's own: not interned


def test_values_of_every_kind_come_back_as_they_were_sent() -> None:
    """Enums, numbers, nested tuples and a value that is not of its field's declared type
    (the IR does not check types) are set as they come; only strings are interned."""
    rows = (("".join(["a", "b"]), "c"), ("d", "e"))
    table = Table(id="T1", rows=rows, cls=ContentClass.EXAMPLE, placement=Placement.REFERENCE)
    odd = Heading(id="H", level=2, text=ContentClass.EXAMPLE)  # a StrEnum: not interned
    back_table, back_odd = pickle.loads(pickle.dumps((table, odd)))
    assert back_table == table and back_table.cls is ContentClass.EXAMPLE
    assert back_table.rows == rows and back_odd.text is ContentClass.EXAMPLE
    assert back_odd.level == 2


def test_a_state_of_the_wrong_length_is_refused() -> None:
    node = Prose.__new__(Prose)
    with pytest.raises(ValueError):
        node.__setstate__(("P1", ()))  # type: ignore[attr-defined]  # another version's
