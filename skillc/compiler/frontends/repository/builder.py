"""The skill builder the repository's skills share: blocks, logic steps and scenes numbered
in order, every one with the span of the definition it came from.

Why a module of its own: the command-line, build-and-test, contribute and API skills are
made by different modules (`skills`, `api_skill`) from the same pieces.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from skillc.compiler.frontends.guide import classify
from skillc.compiler.frontends.repository.model import Step
from skillc.ir.nodes import (
    Code,
    ContentBlock,
    ControlFlow,
    Heading,
    ListBlock,
    LogicStep,
    Prose,
    Rule,
    Scene,
    Skill,
    Table,
)
from skillc.ir.span import Span
from skillc.ir.vocab import ActType, Placement, ResourceScope, SceneType

__all__ = ["Builder", "where"]


def where(span: Span) -> str:
    """``path:line`` of a span, as the rendered text cites it."""
    return f"{span.source}:{span.line}"


@dataclass(slots=True)
class Builder:
    """Blocks, steps and scenes of one skill, numbered in order."""

    blocks: list[ContentBlock] = field(default_factory=list)
    steps: list[LogicStep] = field(default_factory=list)
    scenes: list[Scene] = field(default_factory=list)
    _open: list[str] = field(default_factory=list)

    def add(self, block: ContentBlock) -> None:
        self.blocks.append(replace(block, id=f"B{len(self.blocks) + 1}"))

    def heading(self, level: int, text: str, span: Span, reference: str = "") -> None:
        self.add(_placed(Heading(id="", prov=(span,), level=level, text=text), reference))

    def prose(self, text: str, span: Span, reference: str = "") -> None:
        self.add(_placed(Prose(id="", prov=(span,), text=text), reference))

    def table(
        self, rows: Sequence[tuple[str, ...]], spans: tuple[Span, ...], reference: str = ""
    ) -> None:
        self.add(_placed(Table(id="", prov=spans, rows=tuple(rows)), reference))

    def items(self, items: Sequence[str], spans: tuple[Span, ...]) -> None:
        """A bulleted list of ``items``."""
        self.add(ListBlock(id="", prov=spans, items=tuple(items)))

    def bundled(self, path: str, text: str, language: str, span: Span, reason: str) -> None:
        """A file of the package written verbatim (a script the skill runs, at ``path``)."""
        block = Code(id="", prov=(span,), text=text, language=language)
        self.add(replace(block, placement=Placement.BUNDLED, reference=path, reason=reason))

    def commands(self, steps: list[Step]) -> None:
        """One code block of ``steps``' commands, and a logic step for each."""
        if not steps:
            return
        spans = tuple(dict.fromkeys(s.span for s in steps))
        text = "\n".join(s.command for s in steps)
        self.add(Code(id="", prov=spans, text=text, language="sh"))
        for step in steps:
            number = len(self.steps) + 1
            self.steps.append(replace(_logic_step(step), id=f"L_{number}"))
            self._open.append(f"L_{number}")

    def scene(self, name: str, kind: SceneType, span: Span, goal: str = "") -> None:
        """Close the steps added since the last scene into one scene."""
        if not self._open:
            return
        ids = self._open
        self._open = []
        following = dict(zip(ids, [*ids[1:], "YIELD_SUCCESS"], strict=True))
        for i, step in enumerate(self.steps):
            if step.id in following:
                rule = Rule(condition="default", target=following[step.id])
                self.steps[i] = replace(step, next_step_rules=(rule,))
        scene = Scene(
            id=f"S_{len(self.scenes) + 1}",
            prov=(span,),
            scene_name=name,
            scene_type=kind,
            scene_goal=goal,
            entry_logic_step_id=ids[0],
            contained_logic_steps=tuple(ids),
        )
        self.scenes.append(scene)

    def skill(
        self, skill_id: str, name: str, title: str, span: Span, goal: str, triggers: Sequence[str]
    ) -> Skill:
        scenes = [
            replace(
                s,
                next_scene_rules=(
                    Rule(
                        condition="success",
                        target=self.scenes[i + 1].id if i + 1 < len(self.scenes) else "END_SUCCESS",
                    ),
                ),
            )
            for i, s in enumerate(self.scenes)
        ]
        return Skill(
            id=skill_id,
            prov=(span,),
            name=name,
            skill_name=title,
            skill_goal=goal,
            triggers=tuple(dict.fromkeys(triggers)),
            control_flow_features=ControlFlow(has_tool_call=bool(self.steps)),
            entry_scene_id=scenes[0].id if scenes else "",
            blocks=tuple(self.blocks),
            scenes=tuple(scenes),
            logic_steps=tuple(self.steps),
        )


def _placed(block: ContentBlock, reference: str) -> ContentBlock:
    """``block`` placed in reference file ``reference`` (kept in the body when ``""``)."""
    if not reference:
        return block
    return replace(block, placement=Placement.REFERENCE, reference=reference)


def _logic_step(step: Step) -> LogicStep:
    parsed = classify.split_command(step.command.split("\n", 1)[0])
    program, args = parsed if parsed is not None else (step.command.split(" ", 1)[0], ())
    name = program.rsplit("/", 1)[-1] or program
    scope = classify.command_scope(program, args) if parsed is not None else ResourceScope.PROCESS
    return LogicStep(
        id="",
        prov=(step.span,),
        act_type=ActType.CALL_TOOL,
        object=name,
        instrument=name,
        input_args=args,
        resource_scope=scope,
        text=step.command,
    )
