"""The SSL IR: Scheduling (`Skill`), Structural (`Scene`), Logical (`LogicStep`), plus content.

The field names mirror the SSL paper's schema one-to-one (``skill_id`` is the node ``id`` of a
`Skill`, ``scene_id`` of a `Scene`, ``logic_step_id`` of a `LogicStep`), so the authors' three-key
JSON record is a second serialisation of this tree (`skillc.ir.record`). Fields skillc adds for
routing and emission (``name``, ``description``, ``triggers``, ``exclusions``, ``constraints``,
``blocks``) come after the SSL ones.

Conventions (see DESIGN.md): frozen, slotted, keyword-only dataclasses; tuples, never lists;
``""`` and ``()`` for "the source does not say", never ``None``; closed vocabularies are
`StrEnum`s. Passes rebuild nodes with `skillc.ir.replace.replace` (what `dataclasses.replace`
gives, faster). Layers link only through containment (a scene lists the ids of its steps) and
entry pointers, as in SSL. Invariants that types cannot express live in `skillc.ir.verify`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skillc.ir.pickling import node_pickling
from skillc.ir.span import Span
from skillc.ir.vocab import (
    ActType,
    ConstraintKind,
    ContentClass,
    Placement,
    ResourceScope,
    SceneType,
)

#: The version of the IR text form and JSON export; readers refuse a different major version.
SSL_VERSION: tuple[int, int] = (0, 1)


# --- Records: values inside nodes (no id, no provenance of their own) -------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A transition: when ``condition`` holds, go to ``target`` (an id or a terminal)."""

    condition: str
    target: str


@dataclass(frozen=True, slots=True, kw_only=True)
class IOSpec:
    """One entry of a skill's ``expected_inputs`` / ``expected_outputs`` contract."""

    name: str
    type: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Dependency:
    """A coarse dependency of a skill, e.g. ``permission: filesystem.read``."""

    type: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlFlow:
    """SSL's deliberately coarse summary of a skill's control flow."""

    has_branch: bool = False
    has_loop: bool = False
    has_tool_call: bool = False
    touches_sensitive_resources: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Anchor:
    """Where in its source an anchor (an element's ``id``) starts: the 1-based ``line``, in the
    lines node spans count. Rewrite-links finds through it the block that holds the section a
    link names, once a page's sections are spread over several files."""

    name: str
    line: int


# --- Nodes --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """Anything with an identity and provenance. ``prov`` is empty only on synthesised nodes."""

    id: str
    prov: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Node):
    """One input file of a build. ``id`` is its path relative to the build's input root.

    ``url`` is the page's own URL on the web, the base its relative links resolve against: what
    an HTML page declares (``<base href>``, else ``<link rel="canonical">``) or the build's
    ``--base-url`` joined with ``id``. Always an absolute ``http(s)`` URL, or ``""`` when
    unknown (never a path of the machine that ran the build).

    ``trail`` are the ids of the sources above this one in its manual, top first, as the
    page's breadcrumbs name them (``library/index.html``, ``library/text.html``): the
    manual's own chapters, which the group-pages pass folds pages by; ``trail_titles`` the
    title the breadcrumbs show for each (the chapter's name). Empty when unknown.

    ``position`` is the page's place in the reading order its manual's tables of contents
    give (1 first; 0 when no table of contents reaches it): file order is not reading order
    where files are named after their ids (DocBook's ``chapter-writing.html``).

    ``anchors`` are the anchors of this page that its own links name (``page.html#id`` in
    ``page.html``), each with its line: only those, since only a link into its own page can
    land in another reference file of the same skill and must say which (RDoc's "Also aliased
    as: to_s" named the page's first file, not the one holding ``to_s``).
    """

    media_type: str = ""
    sha256: str = ""
    url: str = ""
    trail: tuple[str, ...] = ()
    trail_titles: tuple[str, ...] = ()
    position: int = 0
    anchors: tuple[Anchor, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Block(Node):
    """Base of content blocks: text kept from the source, with its class and placement.

    ``reference`` names the reference file a block is moved to (placement ``reference``), or
    the file a bundled code block is written to (placement ``bundled``: ``scripts/x.sh``);
    ``reason`` says why a block was moved, removed or bundled.
    """

    cls: ContentClass = ContentClass.CORE_RULE
    placement: Placement = Placement.BODY
    reference: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading(Block):
    """A section heading; ``level`` 1 is the page title."""

    level: int = 1
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Prose(Block):
    """A paragraph of Markdown inline text."""

    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ListBlock(Block):
    """A bullet or numbered list; each item is Markdown and may span several lines."""

    items: tuple[str, ...] = ()
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Code(Block):
    """A code block, verbatim. ``language`` is the source's info string, if it gave one."""

    text: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Table(Block):
    """A table; the first row is the header."""

    rows: tuple[tuple[str, ...], ...] = ()


ContentBlock = Heading | Prose | ListBlock | Code | Table


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraint(Node):
    """A prerequisite, requirement, prohibition or warning stated by the source."""

    kind: ConstraintKind = ConstraintKind.REQUIREMENT
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LogicStep(Node):
    """SSL logical layer: one grounded atomic operation. ``id`` is the ``logic_step_id``.

    ``text`` is the source instruction the step was read from (skillc's grounding field).
    """

    act_type: ActType = ActType.INFER
    actor: str = ""
    object: str = ""
    instrument: str = ""
    input_args: tuple[str, ...] = ()
    output_binding: str = ""
    preconditions: tuple[str, ...] = ()
    effects: tuple[str, ...] = ()
    resource_scope: ResourceScope = ResourceScope.OTHER
    resource_target: str = ""
    next_step_rules: tuple[Rule, ...] = ()
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Scene(Node):
    """SSL structural layer: a phase of the skill. ``id`` is the ``scene_id``."""

    scene_name: str = ""
    scene_type: SceneType = SceneType.ACT
    scene_goal: str = ""
    input: tuple[str, ...] = ()
    output: tuple[str, ...] = ()
    entry_conditions: tuple[str, ...] = ()
    exit_conditions: tuple[str, ...] = ()
    entry_logic_step_id: str = ""
    contained_logic_steps: tuple[str, ...] = ()
    next_scene_rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Skill(Node):
    """SSL scheduling layer plus what skillc needs to emit a package. ``id`` is the ``skill_id``.

    ``name`` is the package (folder) name; ``description`` the emitted front-matter description;
    ``triggers`` and ``exclusions`` are routing terms ("use when" / "do not use when").
    """

    skill_name: str = ""
    skill_goal: str = ""
    intent_signature: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    top_pattern: str = ""
    expected_inputs: tuple[IOSpec, ...] = ()
    expected_outputs: tuple[IOSpec, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    control_flow_features: ControlFlow = field(default_factory=ControlFlow)
    entry_scene_id: str = ""
    subscenes: tuple[str, ...] = ()
    name: str = ""
    description: str = ""
    triggers: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    blocks: tuple[ContentBlock, ...] = ()
    scenes: tuple[Scene, ...] = ()
    logic_steps: tuple[LogicStep, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillModule:
    """The root: the sources of one build and the skills compiled from them."""

    sources: tuple[Source, ...] = ()
    skills: tuple[Skill, ...] = ()


#: Node classes by the keyword that introduces them in the IR text form.
NODE_KINDS: dict[str, type[Node]] = {
    "source": Source,
    "skill": Skill,
    "scene": Scene,
    "step": LogicStep,
    "constraint": Constraint,
    "heading": Heading,
    "prose": Prose,
    "list": ListBlock,
    "code": Code,
    "table": Table,
}
#: The inverse of `NODE_KINDS`.
KIND_OF: dict[type[Node], str] = {cls: kind for kind, cls in NODE_KINDS.items()}
#: Record classes by the keyword that introduces them in the IR text form.
RECORD_KINDS: dict[str, type] = {
    "rule": Rule,
    "io": IOSpec,
    "dep": Dependency,
    "flow": ControlFlow,
    "anchor": Anchor,
}

# Pickled from the frontends' workers, held by the parent: short strings shared, fields set
# directly (`skillc.ir.pickling`).
for _cls in (*NODE_KINDS.values(), *RECORD_KINDS.values()):
    node_pickling(_cls)
del _cls
