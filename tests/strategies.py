"""Hypothesis strategies for the SSL IR, built through the node constructors (never from text).

They exist so round-trip and verifier properties are tested on arbitrary trees, not only on the
shapes our frontends happen to produce. Strings are arbitrary Unicode (`st.text()`), so escaping
is exercised everywhere. Sizes stay small (at most 4 scenes, 6 steps, 6 blocks) to keep the suite
fast, and the strategies for the free fields of each node are built once at import time, because
building strategies inside a draw dominates generation time. ``valid=True`` builds skills whose
ids, containment, entry pointers and transition targets are consistent, so
`skillc.ir.verify.verify` reports no errors on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hypothesis import strategies as st

from skillc.ir import (
    SCENE_TERMINALS,
    STEP_TERMINALS,
    ActType,
    Anchor,
    Code,
    Constraint,
    ConstraintKind,
    ContentBlock,
    ContentClass,
    ControlFlow,
    Dependency,
    Heading,
    IOSpec,
    ListBlock,
    LogicStep,
    Placement,
    Prose,
    ResourceScope,
    Rule,
    Scene,
    SceneType,
    Skill,
    SkillModule,
    Source,
    Span,
    Table,
)

MAX_SCENES = 4
MAX_STEPS = 6
MAX_BLOCKS = 6
MAX_RULES = 2

#: Arbitrary Unicode, short: long strings find no more escaping bugs, only slow the suite.
TEXT = st.text(max_size=6)
WORDS = st.lists(TEXT, max_size=2).map(tuple)


def texts() -> st.SearchStrategy[str]:
    """Arbitrary short Unicode text."""
    return TEXT


def spans() -> st.SearchStrategy[Span]:
    """Any span; the IR does not require spans to be ordered or non-negative."""
    return _SPAN


def provs() -> st.SearchStrategy[tuple[Span, ...]]:
    """A provenance tuple of 0 to 2 spans."""
    return _PROV


def rules(targets: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[Rule]:
    """A transition rule whose target is drawn from ``targets``."""
    return st.builds(Rule, condition=TEXT, target=targets)


def control_flows() -> st.SearchStrategy[ControlFlow]:
    return _FLOW


def blocks(ident: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[ContentBlock]:
    """A heading, prose, list, code or table block with arbitrary fields."""
    return st.tuples(ident, _BLOCK).map(lambda pair: pair[1][0](id=pair[0], **pair[1][1]))


def constraints(ident: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[Constraint]:
    """A constraint of any kind."""
    return st.builds(
        Constraint, id=ident, prov=_PROV, kind=st.sampled_from(ConstraintKind), text=TEXT
    )


def sources() -> st.SearchStrategy[Source]:
    return _SOURCE


def skills(valid: bool = True) -> st.SearchStrategy[Skill]:
    """A skill with content, scenes and steps; verify-clean (no errors) when ``valid``."""
    return _skills(valid)


def modules(valid: bool = True) -> st.SearchStrategy[SkillModule]:
    """Up to 2 sources and up to 3 skills (with distinct ids when ``valid``)."""
    skill_lists = st.lists(skills(valid), max_size=3, unique_by=(lambda s: s.id) if valid else None)
    return st.builds(
        SkillModule,
        sources=st.lists(_SOURCE, max_size=2).map(tuple),
        skills=skill_lists.map(tuple),
    )


# --- Strategies built once ----------------------------------------------------------------------

_SPAN = st.builds(
    Span,
    source=TEXT,
    line=st.integers(),
    col=st.integers(),
    end_line=st.integers(),
    end_col=st.integers(),
    start=st.integers(),
    end=st.integers(),
)
_PROV = st.lists(_SPAN, max_size=2).map(tuple)
_FLOW = st.builds(
    ControlFlow,
    has_branch=st.booleans(),
    has_loop=st.booleans(),
    has_tool_call=st.booleans(),
    touches_sensitive_resources=st.booleans(),
)
_ANCHORS = st.lists(st.builds(Anchor, name=TEXT, line=st.integers(1, 10**6)), max_size=2)
_SOURCE = st.builds(
    Source,
    id=TEXT,
    prov=_PROV,
    media_type=TEXT,
    sha256=TEXT,
    url=TEXT,
    anchors=_ANCHORS.map(tuple),
)
_IO = st.lists(st.builds(IOSpec, name=TEXT, type=TEXT), max_size=2).map(tuple)
_DEPS = st.lists(st.builds(Dependency, type=TEXT, value=TEXT), max_size=2).map(tuple)

_BLOCK_COMMON: dict[str, st.SearchStrategy[Any]] = {
    "prov": _PROV,
    "cls": st.sampled_from(ContentClass),
    "placement": st.sampled_from(Placement),
    "reference": TEXT,
    "reason": TEXT,
}


def _block_fields(cls: type, **own: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``(cls, kwargs)`` for one block class; the id is drawn separately."""
    return st.tuples(st.just(cls), st.fixed_dictionaries({**_BLOCK_COMMON, **own}))


_BLOCK = st.one_of(
    _block_fields(Heading, level=st.integers(), text=TEXT),
    _block_fields(Prose, text=TEXT),
    _block_fields(ListBlock, items=WORDS, ordered=st.booleans(), start=st.integers()),
    _block_fields(Code, text=TEXT, language=TEXT),
    _block_fields(Table, rows=st.lists(WORDS, max_size=3).map(tuple)),
)
_CONSTRAINT_FIELDS = st.fixed_dictionaries(
    {"prov": _PROV, "kind": st.sampled_from(ConstraintKind), "text": TEXT}
)
_SKILL_FIELDS = st.fixed_dictionaries(
    {
        "prov": _PROV,
        "skill_name": TEXT,
        "skill_goal": TEXT,
        "intent_signature": WORDS,
        "tags": WORDS,
        "top_pattern": TEXT,
        "expected_inputs": _IO,
        "expected_outputs": _IO,
        "dependencies": _DEPS,
        "control_flow_features": _FLOW,
        "name": TEXT,
        "description": TEXT,
        "triggers": WORDS,
        "exclusions": WORDS,
    }
)
_SCENE_FIELDS = st.fixed_dictionaries(
    {
        "prov": _PROV,
        "scene_name": TEXT,
        "scene_type": st.sampled_from(SceneType),
        "scene_goal": TEXT,
        "input": WORDS,
        "output": WORDS,
        "entry_conditions": WORDS,
        "exit_conditions": WORDS,
    }
)
_STEP_FIELDS = st.fixed_dictionaries(
    {
        "prov": _PROV,
        "act_type": st.sampled_from(ActType),
        "actor": TEXT,
        "object": TEXT,
        "instrument": TEXT,
        "input_args": WORDS,
        "output_binding": TEXT,
        "preconditions": WORDS,
        "effects": WORDS,
        "resource_scope": st.sampled_from(ResourceScope),
        "resource_target": TEXT,
        "text": TEXT,
    }
)
#: Ids of valid skills are non-empty, because "" means "no entry" in the pointer fields.
_ID = st.text(min_size=1, max_size=6)
_IDS = {
    (valid, n): st.lists(_ID if valid else TEXT, unique=True, max_size=n)
    for valid in (True, False)
    for n in (MAX_SCENES, MAX_STEPS, MAX_BLOCKS)
}


@st.composite
def _skills(draw: st.DrawFn, valid: bool) -> Skill:
    step_ids: list[str] = draw(_IDS[valid, MAX_STEPS])
    scene_ids: list[str] = draw(_IDS[valid, MAX_SCENES])
    content_ids: list[str] = draw(_IDS[valid, MAX_BLOCKS])
    # Each step belongs to at most one scene: an index into scene_ids, or None.
    owners = [draw(st.sampled_from((None, *range(len(scene_ids))))) for _ in step_ids]
    contained = [
        tuple(s for s, owner in zip(step_ids, owners, strict=True) if owner == i)
        for i in range(len(scene_ids))
    ]
    scenes = tuple(
        Scene(
            id=scene_id,
            entry_logic_step_id=_pick(draw, contained[i], valid),
            contained_logic_steps=contained[i] if valid else draw(WORDS),
            next_scene_rules=_rules(draw, (*scene_ids, *SCENE_TERMINALS), valid),
            **draw(_SCENE_FIELDS),
        )
        for i, scene_id in enumerate(scene_ids)
    )
    steps = tuple(
        LogicStep(
            id=step_id,
            next_step_rules=_rules(
                draw, (*(step_ids if owner is None else contained[owner]), *STEP_TERMINALS), valid
            ),
            **draw(_STEP_FIELDS),
        )
        for step_id, owner in zip(step_ids, owners, strict=True)
    )
    n_constraints = draw(st.integers(0, min(2, len(content_ids))))
    return Skill(
        id=draw(TEXT),
        entry_scene_id=_pick(draw, scene_ids, valid),
        subscenes=tuple(_pick(draw, scene_ids, valid) for _ in range(draw(st.integers(0, 2))))
        if scene_ids or not valid
        else (),
        constraints=tuple(
            Constraint(id=i, **draw(_CONSTRAINT_FIELDS)) for i in content_ids[:n_constraints]
        ),
        blocks=tuple(draw(blocks(st.just(i))) for i in content_ids[n_constraints:]),
        scenes=scenes,
        logic_steps=steps,
        **draw(_SKILL_FIELDS),
    )


def _pick(draw: st.DrawFn, ids: Sequence[str], valid: bool) -> str:
    """One of ``ids`` ("" when there are none) when ``valid``, else any text."""
    if not valid:
        return draw(TEXT)
    return draw(st.sampled_from(ids)) if ids else ""


def _rules(draw: st.DrawFn, targets: Sequence[str], valid: bool) -> tuple[Rule, ...]:
    count = draw(st.integers(0, MAX_RULES))
    return tuple(
        Rule(condition=draw(TEXT), target=draw(st.sampled_from(targets)) if valid else draw(TEXT))
        for _ in range(count)
    )
