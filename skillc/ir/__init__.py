"""The SSL intermediate representation: nodes, spans, vocabularies, text form, JSON record, verify.

Import the node classes from here; the text form lives in `skillc.ir.printer` and
`skillc.ir.reader`, the JSON record in `skillc.ir.record`, the hard rules in `skillc.ir.verify`.

Importing this package is cheap: names resolve on first use (PEP 562), so ``skillc lint``, which
needs only `Span`, never builds the node classes.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from skillc.ir.nodes import (
        SSL_VERSION,
        Anchor,
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

_HOME: dict[str, str] = {
    "SSL_VERSION": "skillc.ir.nodes",
    "Anchor": "skillc.ir.nodes",
    "Block": "skillc.ir.nodes",
    "Code": "skillc.ir.nodes",
    "Constraint": "skillc.ir.nodes",
    "ContentBlock": "skillc.ir.nodes",
    "ControlFlow": "skillc.ir.nodes",
    "Dependency": "skillc.ir.nodes",
    "Heading": "skillc.ir.nodes",
    "IOSpec": "skillc.ir.nodes",
    "ListBlock": "skillc.ir.nodes",
    "LogicStep": "skillc.ir.nodes",
    "Node": "skillc.ir.nodes",
    "Prose": "skillc.ir.nodes",
    "Rule": "skillc.ir.nodes",
    "Scene": "skillc.ir.nodes",
    "Skill": "skillc.ir.nodes",
    "SkillModule": "skillc.ir.nodes",
    "Source": "skillc.ir.nodes",
    "Table": "skillc.ir.nodes",
    "Span": "skillc.ir.span",
    "SCENE_TERMINALS": "skillc.ir.vocab",
    "STEP_TERMINALS": "skillc.ir.vocab",
    "ActType": "skillc.ir.vocab",
    "ConstraintKind": "skillc.ir.vocab",
    "ContentClass": "skillc.ir.vocab",
    "Placement": "skillc.ir.vocab",
    "ResourceScope": "skillc.ir.vocab",
    "SceneType": "skillc.ir.vocab",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'skillc.ir' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)


__all__ = [
    "SCENE_TERMINALS",
    "SSL_VERSION",
    "STEP_TERMINALS",
    "ActType",
    "Anchor",
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
