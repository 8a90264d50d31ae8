"""Properties every transform of this package must have, on arbitrary verify-clean modules.

For each transform registered by `skillc.passes.PASS_MODULES` (style.md §2.6): the output adds no
`verify` error, running it twice on the same input gives equal output, a pass declared idempotent
is a fixed point on its own output, and no node gains provenance the input did not have.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillc.diagnostics import Severity
from skillc.ir import Node, SkillModule, Span
from skillc.ir.layout import part_of
from skillc.ir.verify import verify
from skillc.passes import PASS_MODULES, load_all, plan, run
from skillc.passes.options import PassOptions
from skillc.passes.registry import Kind, PassInfo
from tests.strategies import modules

OPTION_SETS: tuple[PassOptions, ...] = (PassOptions(), PassOptions(name_prefix="Acme Tools"))


def own_passes() -> list[PassInfo]:
    """Every transform and check of skillc's own pass modules."""
    passes = load_all()
    found = [
        info
        for info in passes.values()
        if info.kind in (Kind.TRANSFORM, Kind.CHECK) and info.fn.__module__ in PASS_MODULES
    ]
    return sorted(found, key=lambda info: info.name)


TRANSFORMS = own_passes()


def apply(info: PassInfo, module: SkillModule, options: PassOptions) -> SkillModule:
    """``info`` run on ``module`` by the manager (which refuses a check that changes it)."""
    return run(module, [info], options=options).module


def nodes(module: SkillModule) -> Iterator[Node]:
    yield from module.sources
    for skill in module.skills:
        yield skill
        yield from skill.scenes
        yield from skill.logic_steps
        yield from skill.blocks
        yield from skill.constraints


def spans(module: SkillModule) -> set[Span]:
    return {span for node in nodes(module) for span in node.prov}


def errors(module: SkillModule) -> set[tuple[str, str, str]]:
    return {(d.code, d.path, d.message) for d in verify(module) if d.severity is Severity.ERROR}


def test_every_own_pass_module_registers_a_transform_or_check() -> None:
    assert {info.fn.__module__ for info in TRANSFORMS} == set(PASS_MODULES)


# One test per pass checks all four properties, so each generated module is paid for once.
@pytest.mark.parametrize("info", TRANSFORMS, ids=lambda info: info.name)
@given(module=modules(valid=True), options=st.sampled_from(OPTION_SETS))
def test_transform_properties(info: PassInfo, module: SkillModule, options: PassOptions) -> None:
    out = apply(info, module, options)
    assert errors(out) <= errors(module), "new verify errors"
    assert apply(info, module, options) == out, "not deterministic"
    if info.idempotent:
        assert apply(info, out, options) == out, "declared idempotent, but is not"
    assert_no_new_provenance(module, out)


def assert_no_new_provenance(before: SkillModule, after: SkillModule) -> None:
    """Every span of ``after`` is in ``before``, on a node of the same kind and id (a part
    ``<id>~N`` of a split table or list carries the provenance of block ``<id>``)."""
    assert spans(after) <= spans(before)
    known: dict[tuple[type, str], set[Span]] = {}
    for node in nodes(before):  # ids may repeat across skills: union per id
        known.setdefault((type(node), node.id), set()).update(node.prov)
    for node in nodes(after):
        found = part_of(node.id)
        node_id = found[0] if found is not None and (type(node), node.id) not in known else node.id
        assert set(node.prov) <= known.get((type(node), node_id), set()), node.id


@given(module=modules(valid=True))
def test_own_passes_together_are_idempotent_and_verify_clean(module: SkillModule) -> None:
    steps = plan([info.name for info in TRANSFORMS])
    once = run(module, steps, verify_each=True, options=OPTION_SETS[1]).module
    assert run(once, steps, options=OPTION_SETS[1]).module == once
