"""Codes of the IR: its text reader, its JSON import and its verifier (`skillc.ir`)."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING = Severity.ERROR, Severity.WARNING

register(
    "SK001",
    "ir-syntax-error",
    ERROR,
    "ir",
    """IR text that does not follow the grammar.

    ## What it checks
    `skillc ir parse` and `skillc ir dump` on a `.ssl` file read the IR text form with the
    grammar in `skillc/grammars/ssl.lark`. The first token the grammar does not allow is
    reported at its line and column, with what was expected there; reading stops.

    ## Why it matters
    The text form is how fixtures are written and how the IR is patched between passes; a
    module that does not parse cannot be checked or compiled.

    ## Example
    `skill "k" { scene "s" {` with the closing braces missing:
    `unexpected end of input (expected '}' or a name)`.

    ## Fix
    Correct the text at the reported position; `skillc ir dump` prints a canonical example.
    """,
)
register(
    "SK002",
    "ir-semantic-error",
    ERROR,
    "ir",
    """IR text that parses but does not describe a valid module.

    ## What it checks
    After parsing, each item is checked against the IR dataclasses: unknown node kinds or
    fields, wrong value types, values outside an enum, nodes in the wrong place, a field given
    twice, an unsupported `ssl` version. Every such item is reported at its line and column,
    all of them in one run.

    ## Why it matters
    The reader must be exact: a field silently dropped or coerced would make the IR a fixture
    describes differ from what its author wrote.

    ## Example
    `placement nowhere` in a `prose` block: `prose field 'placement': invalid value 'nowhere'
    (expected one of: body, reference, removed)`.

    ## Fix
    Use the names and values of `skillc/ir/nodes.py` and `skillc/ir/vocab.py`.
    """,
)
register(
    "SK003",
    "invalid-ssl-record",
    ERROR,
    "ir",
    """An SSL JSON record that cannot be imported.

    ## What it checks
    Importing a `.json` record (`skillc ir parse x.json`) fails on text that is not JSON (at its
    line and column), and on a missing record key or id, a value of the wrong type or an
    invalid enum value, named by its JSON path (`scenes[2].scene_type`). Missing optional keys,
    `null` values and unknown keys are tolerated.

    ## Why it matters
    The three-key SSL record (`skill`, `scenes`, `logic_steps`) is an exchange format; a record
    that only half imports would lose steps or scenes without a word.

    ## Example
    A scene without its id: `scenes[0].scene_id: missing required key`.

    ## Fix
    Correct the record at the named path, or export it again from its producer.
    """,
)
register(
    "SK004",
    "duplicate-content-id",
    ERROR,
    "ir",
    """Two content blocks or constraints of one skill share an id.

    ## What it checks
    `verify` (run by `skillc ir verify` and by `--verify-each`) requires the ids of a skill's
    blocks and constraints to be unique within the skill.

    ## Why it matters
    Passes find blocks by id (verify-no-loss compares the output with the frontends' blocks by
    id; reference parts are named after them); a repeated id makes one block hide another.

    ## Example
    Two `prose "B3"` blocks in one skill.

    ## Fix
    A frontend or pass produced the repeat: report it as a bug; in hand-written IR, renumber.
    """,
)
register(
    "SK005",
    "invalid-enum-value",
    ERROR,
    "ir",
    """A node field holds a value that is not a member of its enum.

    ## What it checks
    `verify` checks every enum-typed field of every node (placement, step kind, scene type...)
    holds a member of its enum, not a bare string or another type.

    ## Why it matters
    The printer, the passes and the backend dispatch on enum members; a plain string that looks
    right compares unequal and sends the node down the wrong path.

    ## Example
    A pass built `Prose(placement="reference")` instead of `Placement.REFERENCE`.

    ## Fix
    Construct the field from its enum; this is a bug in the code that built the node.
    """,
)
register(
    "SC001",
    "duplicate-skill-id",
    ERROR,
    "ir",
    """Two skills of a module share an id.

    ## What it checks
    `verify` requires every skill id in a module to be unique. (The driver makes ids unique
    before the first pass, so this is seen in hand-written IR or a bad pass.)

    ## Why it matters
    Passes and verify-no-loss match skills by id; a repeat makes one skill stand for two.

    ## Example
    Two pages `a-b/c.md` and `a/b-c.md` both read as `SKILL_A_B_C` by a frontend used directly.

    ## Fix
    Rename one of the skills.
    """,
)
register(
    "SC002",
    "invalid-entry-scene",
    ERROR,
    "ir",
    """A skill with scenes has no entry scene, or names one it does not have.

    ## What it checks
    SSL's scheduling layer: a skill that has scenes names one of them as `entry_scene_id`.

    ## Why it matters
    The entry scene is where an agent starts; without it the scene graph has no beginning.

    ## Example
    `entry_scene_id "S_9"` on a skill whose scenes are `S_1` and `S_2`.

    ## Fix
    Point `entry_scene_id` at one of the skill's scenes.
    """,
)
register(
    "SC003",
    "unknown-subscene",
    ERROR,
    "ir",
    """A skill lists a subscene that is not one of its scenes.

    ## What it checks
    Every id in a skill's `subscenes` must be the id of one of its scenes.

    ## Why it matters
    SSL links its layers by id only; a dangling id points nowhere.

    ## Example
    `subscenes ["S_1", "S_4"]` in a skill with no scene `S_4`.

    ## Fix
    Remove the id or add the scene.
    """,
)
register(
    "ST001",
    "duplicate-scene-id",
    ERROR,
    "ir",
    """Two scenes of one skill share an id.

    ## What it checks
    Scene ids are unique within their skill.

    ## Why it matters
    Transitions and the entry scene name scenes by id; a repeat makes them ambiguous.

    ## Example
    Two `scene "S_1"` in one skill.

    ## Fix
    Rename one scene and the transitions that mean it.
    """,
)
register(
    "ST002",
    "invalid-entry-step",
    ERROR,
    "ir",
    """A scene's entry step is not one of the steps it contains.

    ## What it checks
    A scene with steps (or an entry step) names one of its `contained_logic_steps` as
    `entry_logic_step_id`.

    ## Why it matters
    The entry step is where the scene starts; outside the scene it starts somewhere else.

    ## Example
    `entry_logic_step_id "L_9"` in a scene containing `L_1` and `L_2`.

    ## Fix
    Point the entry at a contained step.
    """,
)
register(
    "ST003",
    "unknown-contained-step",
    ERROR,
    "ir",
    """A scene contains a step id that is not a step of the skill.

    ## What it checks
    Every id in a scene's `contained_logic_steps` is the id of one of the skill's logic steps.

    ## Why it matters
    A dangling id is a step the scene promises and cannot run.

    ## Example
    `contained_logic_steps ["L_1", "L_7"]` in a skill with steps `L_1`-`L_3`.

    ## Fix
    Remove the id or add the step.
    """,
)
register(
    "ST004",
    "unknown-scene-target",
    ERROR,
    "ir",
    """A scene transitions to something that is neither a scene nor a terminal.

    ## What it checks
    Every `next_scene_rules` target is a scene of the skill or an `END_*` terminal.

    ## Why it matters
    A transition to nowhere leaves an agent without a next scene.

    ## Example
    A transition to `S_7` in a skill whose scenes are `S_1`-`S_3`.

    ## Fix
    Target an existing scene or `END_SUCCESS`/`END_FAILURE`.
    """,
)
register(
    "ST005",
    "empty-scene",
    WARNING,
    "ir",
    """A scene contains no steps, or a skill has steps but no scenes.

    ## What it checks
    A warning, not an error: both shapes are legal SSL, but usually mean structure was lost.

    ## Why it matters
    An empty scene gives an agent nothing to do there; steps outside any scene have no order.

    ## Example
    A section heading with only prose under it, read as a scene.

    ## Fix
    Give the scene steps, or fold it into its neighbour.
    """,
)
register(
    "LG001",
    "duplicate-step-id",
    ERROR,
    "ir",
    """Two logic steps of one skill share an id.

    ## What it checks
    Logic step ids are unique within their skill.

    ## Why it matters
    Scenes and transitions name steps by id; a repeat makes them ambiguous.

    ## Example
    Two logic steps `"L_1"` in one skill.

    ## Fix
    Renumber one of the steps.
    """,
)
register(
    "LG002",
    "unknown-step-target",
    ERROR,
    "ir",
    """A step transitions to a step outside its scene, or to no step at all.

    ## What it checks
    Every `next_step_rules` target is a step of the same scene (any step, for a step no scene
    contains) or a `YIELD_*` terminal.

    ## Why it matters
    Steps hand over only within their scene; scenes hand over through scene transitions.

    ## Example
    A transition from `L_1` to `L_5` when `L_5` belongs to another scene.

    ## Fix
    Target a sibling step or yield, and move between scenes with a scene transition.
    """,
)
register(
    "LG003",
    "uncontained-step",
    WARNING,
    "ir",
    """A logic step no scene contains, in a skill that has scenes.

    ## What it checks
    When a skill has scenes, each of its steps should be contained in one.

    ## Why it matters
    An agent walks scenes; a step in none is never reached.

    ## Example
    A step read from a page's introduction, before its first section scene.

    ## Fix
    Add the step to a scene, or drop it.
    """,
)
register(
    "LG004",
    "binding-without-dollar",
    WARNING,
    "ir",
    """A scene's input or output, or a step's output binding, is not a `$binding`.

    ## What it checks
    SSL names data that flows between steps and scenes `$like_this`.

    ## Why it matters
    A bare word reads as prose, not as a value another step consumes.

    ## Example
    `output_binding "token"` instead of `"$token"`.

    ## Fix
    Prefix the binding with `$`.
    """,
)
register(
    "PV001",
    "missing-provenance",
    WARNING,
    "ir",
    """A skill, scene, step or block has no source span.

    ## What it checks
    Every node a frontend creates carries at least one span of the source it came from.

    ## Why it matters
    Diagnostics, risk reports and verify-no-loss point at sources through spans; a node
    without one cannot be traced or checked.

    ## Example
    A pass that creates a block without copying the spans of the blocks it came from.

    ## Fix
    Carry the spans over in the pass (a merge takes the union); a bug in the code that built it.
    """,
)
