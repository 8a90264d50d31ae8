"""The SSL intermediate representation: nodes, spans, vocabularies, text form, JSON record, verify.

Import the node classes from here; the text form lives in `skillc.ir.printer` and
`skillc.ir.reader`, the JSON record in `skillc.ir.record`, the hard rules in `skillc.ir.verify`.
"""

from __future__ import annotations

from skillc.ir.nodes import (
    SSL_VERSION,
    Block,
    Code,
    Constraint,
    ContentBlock,
    ControlFlow,
    Dependency,
    Heading,
    IOSpec,
    ListBlock,
    LogicStep,
    Node,
    Prose,
    Rule,
    Scene,
    Skill,
    SkillModule,
    Source,
    Table,
)
from skillc.ir.span import Span
from skillc.ir.vocab import (
    SCENE_TERMINALS,
    STEP_TERMINALS,
    ActType,
    ConstraintKind,
    ContentClass,
    Placement,
    ResourceScope,
    SceneType,
)

__all__ = [
    "SCENE_TERMINALS",
    "SSL_VERSION",
    "STEP_TERMINALS",
    "ActType",
    "Block",
    "Code",
    "Constraint",
    "ConstraintKind",
    "ContentBlock",
    "ContentClass",
    "ControlFlow",
    "Dependency",
    "Heading",
    "IOSpec",
    "ListBlock",
    "LogicStep",
    "Node",
    "Placement",
    "Prose",
    "ResourceScope",
    "Rule",
    "Scene",
    "SceneType",
    "Skill",
    "SkillModule",
    "Source",
    "Span",
    "Table",
]
