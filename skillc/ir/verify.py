"""The invariants of the SSL IR that the types cannot express: ``verify(module)``.

The three SSL layers link only through ids (a skill's entry scene, a scene's contained steps and
entry step, transition targets), so a frontend or pass can build a tree that type-checks but
points nowhere. Running `verify` after a frontend or transform reports a broken pointer at its
node, instead of letting it surface later as a wrong package.

Guarantees: `verify` never raises and never mutates; it returns the same diagnostics in the same
order for the same module (sorted by skill order, then code, then node id, then message). Each
diagnostic has ``path`` = the skill id and ``span`` = the offending node's first provenance span
when it has one. Errors are SSL's hard rules (``SC``/``ST``/``LG`` codes) plus duplicate content
ids (``SK004``) and non-member enum values (``SK005``); warnings are suspicious but legal shapes
(``ST005``, ``LG003``, ``LG004``, ``PV001``).
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterable, Iterator
from enum import Enum

from skillc.diagnostics import Diagnostic, Severity
from skillc.ir.nodes import KIND_OF, LogicStep, Node, Scene, Skill, SkillModule
from skillc.ir.vocab import SCENE_TERMINALS, STEP_TERMINALS

__all__ = ["verify"]

_ERROR = Severity.ERROR
_WARNING = Severity.WARNING


def verify(module: SkillModule) -> list[Diagnostic]:
    """Check the SSL hard rules and skillc's own invariants.

    Args:
        module: The module to check.

    Returns:
        Errors and warnings, sorted by skill order, then code, then node id, then message.
    """
    found: list[tuple[int, str, str, str, Diagnostic]] = []
    repeated = {id(skill) for skill in _repeats(module.skills)}
    for index, skill in enumerate(module.skills):
        problems = list(_check_skill(skill))
        if id(skill) in repeated:
            problems.append(_at(skill, skill, "SC001", f"duplicate skill id {skill.id!r}"))
        found.extend((index, d.code, node_id, d.message, d) for node_id, d in problems)
    found.sort(key=lambda entry: entry[:4])
    return [entry[4] for entry in found]


_Found = tuple[str, Diagnostic]


def _at(skill: Skill, node: Node, code: str, message: str, severity: Severity = _ERROR) -> _Found:
    span = node.prov[0] if node.prov else None
    diagnostic = Diagnostic(code=code, message=message, severity=severity, span=span, path=skill.id)
    return node.id, diagnostic


def _check_skill(skill: Skill) -> Iterator[_Found]:
    yield from _check_scheduling(skill)
    yield from _check_scenes(skill)
    yield from _check_steps(skill)
    yield from _check_content(skill)
    yield from _check_enums(skill)
    yield from _check_provenance(skill)


def _check_scheduling(skill: Skill) -> Iterator[_Found]:
    scene_ids = {scene.id for scene in skill.scenes}
    if skill.scenes and not skill.entry_scene_id:
        yield _at(skill, skill, "SC002", f"skill {skill.id!r} has scenes but no entry_scene_id")
    elif skill.entry_scene_id and skill.entry_scene_id not in scene_ids:
        message = f"entry_scene_id {skill.entry_scene_id!r} of skill {skill.id!r} is not a scene"
        yield _at(skill, skill, "SC002", message)
    for sub in skill.subscenes:
        if sub not in scene_ids:
            yield _at(
                skill, skill, "SC003", f"subscene {sub!r} of skill {skill.id!r} is not a scene"
            )
    if skill.logic_steps and not skill.scenes:
        message = f"skill {skill.id!r} has logic steps but no scenes"
        yield _at(skill, skill, "ST005", message, _WARNING)


def _check_scenes(skill: Skill) -> Iterator[_Found]:
    scene_ids = {scene.id for scene in skill.scenes}
    step_ids = {step.id for step in skill.logic_steps}
    targets = scene_ids | set(SCENE_TERMINALS)
    for scene in _repeats(skill.scenes):
        yield _at(skill, scene, "ST001", f"duplicate scene id {scene.id!r}")
    for scene in skill.scenes:
        yield from _check_scene(skill, scene, step_ids, targets)


def _check_scene(
    skill: Skill, scene: Scene, step_ids: set[str], targets: set[str]
) -> Iterator[_Found]:
    name = f"scene {scene.id!r}"
    entry = scene.entry_logic_step_id
    if (entry or scene.contained_logic_steps) and entry not in scene.contained_logic_steps:
        message = f"entry_logic_step_id {entry!r} of {name} is not one of its contained steps"
        yield _at(skill, scene, "ST002", message)
    for step_id in scene.contained_logic_steps:
        if step_id not in step_ids:
            yield _at(skill, scene, "ST003", f"{name} contains {step_id!r}, which is not a step")
    for rule in scene.next_scene_rules:
        if rule.target not in targets:
            message = f"{name} transitions to {rule.target!r}, which is not a scene or END_*"
            yield _at(skill, scene, "ST004", message)
    if not scene.contained_logic_steps:
        yield _at(skill, scene, "ST005", f"{name} contains no logic steps", _WARNING)
    for binding in (*scene.input, *scene.output):
        if binding and not binding.startswith("$"):
            message = f"{name} input/output {binding!r} should be a $binding"
            yield _at(skill, scene, "LG004", message, _WARNING)


def _check_steps(skill: Skill) -> Iterator[_Found]:
    all_steps = {step.id for step in skill.logic_steps}
    # A step may be reached from the steps of the scene(s) that contain it.
    siblings: dict[str, set[str]] = {}
    for scene in skill.scenes:
        for step_id in scene.contained_logic_steps:
            siblings.setdefault(step_id, set()).update(scene.contained_logic_steps)
    for step in _repeats(skill.logic_steps):
        yield _at(skill, step, "LG001", f"duplicate logic step id {step.id!r}")
    for step in skill.logic_steps:
        yield from _check_step(skill, step, siblings, all_steps)


def _check_step(
    skill: Skill, step: LogicStep, siblings: dict[str, set[str]], all_steps: set[str]
) -> Iterator[_Found]:
    name = f"logic step {step.id!r}"
    contained = step.id in siblings
    # An uncontained step is already LG003; do not also flag every rule it has.
    allowed = siblings[step.id] if contained else all_steps
    for rule in step.next_step_rules:
        if rule.target not in allowed and rule.target not in STEP_TERMINALS:
            message = f"{name} transitions to {rule.target!r}, not a step of its scene or YIELD_*"
            yield _at(skill, step, "LG002", message)
    if skill.scenes and not contained:
        yield _at(skill, step, "LG003", f"{name} is contained in no scene", _WARNING)
    if step.output_binding and not step.output_binding.startswith("$"):
        message = f"output_binding {step.output_binding!r} of {name} should be a $binding"
        yield _at(skill, step, "LG004", message, _WARNING)


def _check_content(skill: Skill) -> Iterator[_Found]:
    for node in _repeats((*skill.constraints, *skill.blocks)):
        message = f"duplicate block/constraint id {node.id!r} ({_kind(node)})"
        yield _at(skill, node, "SK004", message)


def _check_enums(skill: Skill) -> Iterator[_Found]:
    for node in _nodes(skill):
        for name, enum in _enum_fields(type(node)):
            value = getattr(node, name)
            if not isinstance(value, enum):
                message = (
                    f"{_kind(node)} {node.id!r} field {name} holds {value!r}, not a {enum.__name__}"
                )
                yield _at(skill, node, "SK005", message)


def _check_provenance(skill: Skill) -> Iterator[_Found]:
    for node in (skill, *skill.scenes, *skill.logic_steps, *skill.blocks):
        if not node.prov:
            message = f"{_kind(node)} {node.id!r} has no provenance"
            yield _at(skill, node, "PV001", message, _WARNING)


def _nodes(skill: Skill) -> Iterable[Node]:
    return (skill, *skill.constraints, *skill.blocks, *skill.scenes, *skill.logic_steps)


def _repeats(nodes: Iterable[Node]) -> Iterator[Node]:
    """Each node whose id an earlier node already has (the first one is not a duplicate)."""
    seen: set[str] = set()
    for node in nodes:
        if node.id in seen:
            yield node
        seen.add(node.id)


def _kind(node: Node) -> str:
    return KIND_OF.get(type(node), type(node).__name__)


_ENUM_FIELDS: dict[type, tuple[tuple[str, type[Enum]], ...]] = {}


def _enum_fields(cls: type) -> tuple[tuple[str, type[Enum]], ...]:
    fields = _ENUM_FIELDS.get(cls)
    if fields is None:
        hints = typing.get_type_hints(cls)
        fields = tuple(
            (f.name, hints[f.name])
            for f in dataclasses.fields(cls)
            if isinstance(hints[f.name], type) and issubclass(hints[f.name], Enum)
        )
        _ENUM_FIELDS[cls] = fields
    return fields
