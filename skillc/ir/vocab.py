"""The closed vocabularies of the SSL representation and skillc's content taxonomy.

The SSL names are the published ones (arXiv 2604.24026, Table 4/5; ``COOLPKU/SSL``
``docs/ssl_guidelines.md``): a record that uses them can be exported to and imported from the
authors' three-key JSON format without translation. The content classes are SkillReducer's body
taxonomy (arXiv 2603.29919).
"""

from __future__ import annotations

from enum import StrEnum


class SceneType(StrEnum):
    """The phase a scene plays in the skill (SSL structural layer)."""

    PREPARE = "PREPARE"
    ACQUIRE = "ACQUIRE"
    REASON = "REASON"
    ACT = "ACT"
    VERIFY = "VERIFY"
    RECOVER = "RECOVER"
    FINALIZE = "FINALIZE"


class ActType(StrEnum):
    """The primitive action of a logic step (SSL logical layer)."""

    READ = "READ"
    SELECT = "SELECT"
    COMPARE = "COMPARE"
    VALIDATE = "VALIDATE"
    INFER = "INFER"
    WRITE = "WRITE"
    UPDATE_STATE = "UPDATE_STATE"
    CALL_TOOL = "CALL_TOOL"
    REQUEST = "REQUEST"
    TRANSFER = "TRANSFER"
    NOTIFY = "NOTIFY"
    TERMINATE = "TERMINATE"


class ResourceScope(StrEnum):
    """The resource boundary a logic step touches (SSL logical layer)."""

    MEMORY = "MEMORY"
    LOCAL_FS = "LOCAL_FS"
    CODEBASE = "CODEBASE"
    PROCESS = "PROCESS"
    USER_DATA = "USER_DATA"
    CREDENTIALS = "CREDENTIALS"
    NETWORK = "NETWORK"
    OTHER = "OTHER"


class ContentClass(StrEnum):
    """What a content block is for (SkillReducer's taxonomy); decides where it is emitted."""

    CORE_RULE = "core_rule"
    BACKGROUND = "background"
    EXAMPLE = "example"
    TEMPLATE = "template"
    REDUNDANT = "redundant"


class Placement(StrEnum):
    """Where the backend puts a block: the SKILL.md body, a reference file, or nowhere.

    ``REMOVED`` blocks stay in the IR with a reason, so nothing is dropped silently.
    ``BUNDLED`` is a code block written verbatim as a file of its own (``reference`` names
    it, e.g. ``scripts/install.sh``): a script the skill runs. The passes that move blocks
    between the body and reference files leave it where the frontend put it.
    """

    BODY = "body"
    REFERENCE = "reference"
    REMOVED = "removed"
    BUNDLED = "bundled"


class ConstraintKind(StrEnum):
    """What a constraint sentence of the source asks for."""

    PREREQUISITE = "prerequisite"
    REQUIREMENT = "requirement"
    PROHIBITION = "prohibition"
    WARNING = "warning"


#: Terminal targets of ``next_scene_rules`` (scene level).
SCENE_TERMINALS: tuple[str, ...] = ("END_SUCCESS", "END_FAIL")
#: Terminal targets of ``next_step_rules`` (step level: return control to the scene).
STEP_TERMINALS: tuple[str, ...] = ("YIELD_SUCCESS", "YIELD_FAIL")
