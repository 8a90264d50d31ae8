"""The existing-skill frontend: a folder holding SKILL.md (an Agent Skills package) -> one skill.

The folder is claimed by its ``SKILL.md``; the body is read by the Markdown frontend
(`reader.read_skill_package`), so a finished package builds again like a guide. Other files
of the folder (references, scripts, assets) are not read as pages of their own.
"""

from __future__ import annotations

from skillc.compiler.frontends.frontend import Claims, Frontend, Reads
from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.textutil import Targets


def read(text: str, source_id: str, targets: Targets) -> FrontendResult:
    """The skill whose SKILL.md is ``text`` at ``source_id`` (``<folder>/SKILL.md``)."""
    from skillc.compiler.frontends.skills.reader import read_skill_file

    return read_skill_file(text, source_id=source_id)


FRONTEND = Frontend(
    name="skills",
    media_type="text/markdown; variant=agent-skill",
    claims=Claims(folder_markers=("SKILL.md",)),
    reads=Reads.TEXT,
    read=read,
    closing_lines=1,
)

__all__ = ["FRONTEND"]
