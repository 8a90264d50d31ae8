"""What the risk report reads of a compiled skill (`skillc.compiler.backends.risk`): the text
of each node that has provenance, and the source and line it came from.

Why not the skills themselves: a build keeps what its report needs in the build cache
(`skillc.compiler.cache.builds`), so that a rebuild with nothing changed reports the same. The
compiled skills were kept whole, pickled on every build that was not replayed: python-doc's
15 MB of IR, 0.4-0.7 s of a one-page rebuild (a third of its passes' own time), for a report
that reads one string and two fields of each node. These records are strings and numbers in
tuples, which pickle at memory speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skillc.ir.nodes import Code, Heading, ListBlock, Prose, Skill, Table


@dataclass(frozen=True, slots=True)
class SkillSources:
    """A compiled skill's ``name`` and its ``nodes``: (text, source, line) of each block, step
    and constraint with provenance (its first span), in that order."""

    name: str
    nodes: tuple[tuple[str, str, int], ...]


def skill_sources(skill: Skill) -> SkillSources:
    """The `SkillSources` of ``skill``: its blocks, then logic steps, then constraints."""
    nodes: list[tuple[str, Any]] = [(_text(b), b) for b in skill.blocks]
    nodes += [(step.text, step) for step in skill.logic_steps]
    nodes += [(c.text, c) for c in skill.constraints]
    found = tuple(
        (text, node.prov[0].source, node.prov[0].line) for text, node in nodes if node.prov
    )
    return SkillSources(name=skill.name, nodes=found)


def _text(block: Any) -> str:
    if isinstance(block, Code | Prose | Heading):
        return str(block.text)
    if isinstance(block, ListBlock):
        return "\n".join(block.items)
    if isinstance(block, Table):
        return "\n".join(" | ".join(row) for row in block.rows)
    return ""


__all__ = ["SkillSources", "skill_sources"]
