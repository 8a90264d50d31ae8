"""compress-body: redundant blocks removed and background, long examples and templates moved, each
named; commands, constraints, numbers, paths, URLs and specifications stay; nothing is lost."""

from __future__ import annotations

import itertools
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.skills.reader import read_skill_file
from skillc.compiler.optimize.splice import Spliced, settle, splice
from skillc.diagnostics import Severity
from skillc.ir.nodes import Code, ListBlock, Prose, Skill, SkillModule, Table
from skillc.ir.printer import dump
from skillc.ir.reader import parse
from skillc.ir.verify import verify
from skillc.ir.vocab import Placement
from skillc.passes import load_all, plan, run
from skillc.passes.compress_body import guides
from skillc.passes.verify_package import lost_items
from tests.cli.conftest import ROOT

FIXTURES = ROOT / "tests" / "passes" / "fixtures" / "optimize"
CORPUS = ROOT / "corpora" / "skills"


def compressed(module: SkillModule) -> tuple[SkillModule, list[str]]:
    load_all()
    result = run(module, plan(["compress-body"]))
    return result.module, [d.render() for d in result.diagnostics]


def optimized(text: str, path: str) -> Spliced:
    """``text`` (a SKILL.md at ``path``) through compress-body, settled and spliced back, as
    `skillc optimize` writes it: the texts of the package that results."""
    skill = skill_of(text, path)
    module, _ = compressed(SkillModule(skills=(skill,)))
    settled = settle(module.skills[0], {"SKILL.md": text.encode()})
    return splice(settled, "SKILL.md", text, skill.description)


def skill_of(text: str, source: str = "demo/SKILL.md") -> Skill:
    return read_skill_file(text, source_id=source).skills[0]


def test_fixture_ir_before_and_after() -> None:
    before = parse((FIXTURES / "report-maker.before.ssl").read_text(encoding="utf-8"))
    after, notes = compressed(before)
    assert dump(after) == (FIXTURES / "report-maker.after.ssl").read_text(encoding="utf-8")
    assert [n.split(": ", 1)[1] for n in notes] == [
        "PV030 removed B2 (prose, 16 tokens): preamble restating the description",
        "PV031 moved B4 (prose, 94 tokens) to references/background.md: background",
        "PV030 removed B10 (prose, 9 tokens): duplicate of B7",
        "PV031 moved B12 (prose, 7 tokens) to references/example-session.md: background",
        "PV031 moved B13 (code, 76 tokens) to references/example-session.md: long example",
        "PV030 removed B17 (heading, 2 tokens): empty section",
    ]


def test_commands_constraints_and_specifications_stay_in_the_body() -> None:
    text = (FIXTURES / "input" / "report-maker" / "SKILL.md").read_text(encoding="utf-8")
    module, _ = compressed(SkillModule(skills=(skill_of(text),)))
    body = {b.id for b in module.skills[0].blocks if b.placement is Placement.BODY}
    # the collector command, the must-never rule with its number and URL, the required format
    assert {"B8", "B9", "B15", "B16", "B19"} <= body


def test_a_long_example_introduced_as_the_output_format_is_not_moved() -> None:
    code = "\n".join(f"line {n}: {{field_{n}}}" for n in range(30))
    text = f"# T\n\n## Report\n\nReply in this format:\n\n```text\n{code}\n```\n"
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    [block] = [b for b in module.skills[0].blocks if isinstance(b, Code)]
    assert block.placement is Placement.BODY and not notes


def test_the_thing_a_step_tells_the_agent_to_make_stays() -> None:
    """From claude-scrum-skill: the proposal, the kickoff summary, the escalation message and a
    subagent's prompt are shown as code after "Present the proposed sprint:", a "Generate ...
    Summary" heading, "Safety valve: ..., pause and escalate to the user:" and a label, with
    its own rules in capitals; each is the only statement of what to send."""
    rows = "\n".join(f"| {n} | Story {n} | {n % 5} | claude |" for n in range(10))
    table = f"```\n## Proposed Sprint <N>\n\n| # | Title | Points | Executor |\n{rows}\n```"
    text = (
        "# Sprint plan\n\n## Step 3: Select stories\n\n"
        "Fill the sprint by priority. Present the proposed sprint:\n\n"
        f"{table}\n\n"
        "## Step 6: Generate the kickoff summary\n\n"
        f"{table.replace('Proposed Sprint', 'Sprint Planned')}\n\n"
        "## Step 7: Re-validate\n\nSafety valve: If this is the 3rd hardening run, pause and "
        f"escalate to the user:\n\n{table.replace('Proposed Sprint', 'Hardening paused')}\n\n"
        "**GitHub mode:**\n\n```\nTask({\n  prompt: `Review the PR.\n"
        + "\n".join(f"  Check story {n} against its acceptance criteria." for n in range(8))
        + "\n  IMPORTANT: Read the project's CLAUDE.md first.`\n})\n```\n\n"
        "## Internals\n\nHow the planner scores stories:\n\n"
        f"{table.replace('Proposed', 'Scored')}\n"
    )
    module, _ = compressed(SkillModule(skills=(skill_of(text),)))
    code = [b.placement for b in module.skills[0].blocks if isinstance(b, Code)]
    assert code == [*[Placement.BODY] * 4, Placement.REFERENCE]


def test_pointers_api_names_lead_ins_and_flows_stay() -> None:
    """From @elizaos/skills: a "Read these references first" list and a related-skills index
    (`x` for y) are what the agent reads next; "Inputs to collect" names the API's fields; a
    "Default flow" code block is the procedure; a lead-in stays with the list it leads."""
    topics = ("worker protocol", "capability map", "plugin lifecycle", "cloud billing", "domains")
    refs = "\n".join(
        f"- `references/{t.replace(' ', '-')}.md` for the {t} of the runtime, its "
        "services, actions, connectors and the parent runtime APIs"
        for t in topics
    )
    skills = "\n".join(
        f"- `{t.replace(' ', '-')}` for shipping Cloud apps that earn from the "
        f"{t}, app-credit purchase share and charge links"
        for t in topics
    )
    fields = "\n".join(
        f"- `{t.split()[0]}Id` and `{t.split()[-1]}Ref`, the {t} of the message "
        "that the edit or reaction goes on, as the Slack API names it"
        for t in topics
    )
    uses = "\n".join(
        f"- `Bubble.List` renderers that control `contentRender` for {t} messages "
        "and show the raw response data as it came"
        for t in topics
    )
    flow = "\n".join(f"await cloud.step{n}({{ app, n: {n} }});" for n in range(10))
    text = (
        f"# Eliza\n\n## Read these references first\n\n{refs}\n\n"
        f"## Related skills\n\n{skills}\n\n## Inputs to collect\n\n{fields}\n\n"
        "## Background\n\n"
        "The provider passes raw response data through without any conversion. Suitable for:\n\n"
        f"{uses}\n\n## Default flow\n\n```ts\n{flow}\n```\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    moved = [b.id for b in module.skills[0].blocks if b.placement is not Placement.BODY]
    assert moved == [], notes


def test_guidance_stays_while_its_example_moves() -> None:
    """SkillReducer's failure, and the known gap here: advice moved out with its example."""
    code = "\n".join(f"  row{n}: render(msg.content[{n}])," for n in range(12))
    text = (
        "# T\n\n## Overview\n\n"
        "Before using the hook, confirm:\n\n"
        "- [ ] the provider exists\n- [ ] requests are manual\n\n"
        "* [Quick start](#quick-start)\n* [Core concepts](#core-concepts)\n"
        "* [Object messages](#object-messages)\n* [Troubleshooting](#troubleshooting)\n"
        "* [Reference](#reference)\n* [Examples](#examples)\n\n"
        "The hook grew out of the chat demo, where every page kept its own message state and "
        "its own request loop, and the two drifted apart over several releases of the kit.\n\n"
        "## Object content\n\nWhen a message is an object, use `contentRender`:\n\n"
        f"```tsx\n<List\n{code}\n/>\n```\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    blocks = {b.id: b for b in module.skills[0].blocks}
    placed = {i: b.placement for i, b in blocks.items()}
    stays = [i for i, b in blocks.items() if guides(b)]
    assert [blocks[i].text for i in stays if isinstance(blocks[i], Prose)] == [
        "Before using the hook, confirm:",
        "When a message is an object, use `contentRender`:",
    ]
    assert all(placed[i] is Placement.BODY for i in stays), notes
    code_id = next(i for i, b in blocks.items() if isinstance(b, Code))
    assert placed[code_id] is Placement.REFERENCE  # the example itself still moves
    toc = next(i for i, b in blocks.items() if isinstance(b, ListBlock) and "#" in b.items[0])
    assert placed[toc] is Placement.REFERENCE  # a table of contents is not guidance


def test_a_near_duplicate_paragraph_is_removed_only_when_its_items_are_kept() -> None:
    para = "The cache keeps every rendered page so that the next build can skip the work entirely"
    sections = (f"## A\n\n{para}.", f"## B\n\n{para} again.", f"## C\n\n{para}, within 30 seconds.")
    text = "# T\n\n" + "\n\n".join(sections) + "\n"
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    removed = [b.id for b in module.skills[0].blocks if b.placement is Placement.REMOVED]
    assert removed == ["B4", "B5"], notes  # the copy in B, then B's heading, left empty
    assert notes[1].endswith("near-duplicate of B3") and notes[0].endswith("empty section")


def test_compress_body_is_idempotent_on_the_corpus() -> None:
    for path in sorted(CORPUS.glob("*/skills/*/SKILL.md"))[:12]:
        module = SkillModule(skills=(skill_of(path.read_text(encoding="utf-8"), "x/SKILL.md"),))
        once, _ = compressed(module)
        twice, notes = compressed(once)
        assert twice == once and not notes, path
        assert not [d for d in verify(once) if d.severity is Severity.ERROR]


def _contents_and_sections(drawn: tuple[list[str], str, bool]) -> str:
    """A table of contents and the sections it links to (all, or only the first when not
    ``linked``), each section holding ``paragraph``."""
    words, paragraph, linked = drawn
    toc = "\n".join(f"- [{w}](#{w.lower()}) - see {w}" for w in words)
    sections = "\n\n".join(f"## {w}\n\n{paragraph}" for w in (words if linked else words[:1]))
    return f"{toc}\n\n{sections}"


WORDS = st.sampled_from(
    [
        *("the", "build", "cache", "must", "never", "skip", "a", "page", "run", "tests"),
        *("always", "42", "./docs/index.md", "https://example.org/api", "see", "`make lint`"),
        *("output", "format", "background", "story", "team"),
        *("Ask", "prefer", "use `tox`", "confirm:", "instead of"),
        # what pins only in the no-loss check (ordinals, slash-joined words) and what pins
        *("Step 2:", "CI/CD", "README.template.md", "example"),
    ]
)
PARAGRAPHS = st.lists(WORDS, min_size=3, max_size=40).map(lambda w: " ".join(w) + ".")
CODE = st.lists(WORDS, min_size=1, max_size=6).map(lambda w: " ".join(w))
BLOCKS = st.one_of(
    PARAGRAPHS,
    # sub-sections (####) too: one that moves whole takes its heading along
    st.integers(2, 4).flatmap(lambda n: WORDS.map(lambda w: "#" * n + " " + w.strip("`./:"))),
    st.lists(CODE, min_size=1, max_size=20).map(
        lambda lines: "```python\n" + "\n".join(lines) + "\n```"
    ),
    st.lists(PARAGRAPHS, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"- {i}" for i in items)
    ),
    # tables of contents (links to headings, some of them real), and tables under
    # background headings
    st.tuples(
        st.lists(WORDS.map(lambda w: w.strip("`./:") or "x"), min_size=3, max_size=6),
        PARAGRAPHS,
        st.booleans(),
    ).map(_contents_and_sections),
    st.sampled_from(
        ["## Core Concepts", "## Overview", "## Table of Contents", "## When to Use This Skill"]
    ),
    # a numbered list, and an example label under a step that asks for output
    st.lists(PARAGRAPHS, min_size=1, max_size=4).map(
        lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))
    ),
    st.sampled_from(["### Step 5: Write the report", "**Example output:**", "Use this format:"]),
    st.lists(st.tuples(CODE, CODE), min_size=1, max_size=8).map(
        lambda rows: "| a | b |\n| --- | --- |\n" + "\n".join(f"| {x} | {y} |" for x, y in rows)
    ),
)


@settings(max_examples=120, deadline=None)
@given(st.lists(BLOCKS, min_size=1, max_size=14), st.booleans())
def test_nothing_actionable_is_ever_lost(blocks: list[str], repeat: bool) -> None:
    body = "\n\n".join(blocks + (blocks[:3] if repeat else []))
    text = f"---\nname: demo\ndescription: Runs the build cache.\n---\n\n# Demo\n\n{body}\n"
    module, _ = compressed(SkillModule(skills=(skill_of(text),)))
    skill = settle(module.skills[0], {"SKILL.md": text.encode()})
    spliced = splice(skill, "SKILL.md", text, "Runs the build cache.")
    before = {"SKILL.md": text.encode()}
    after = {path: out.encode() for path, out in spliced.texts.items()}
    assert lost_items(before, after) == []
    for link in re.findall(r"\]\((references/[^)]+)\)", spliced.texts["SKILL.md"]):
        assert link in spliced.texts or link == "references/table-of-contents.md", link
    for block in module.skills[0].blocks:
        # a table of contents only repeats headings: a link named "prefer" is no advice; a
        # "when to use" list routes, which the description does
        navigation = block.reason in ("table of contents", "when to use")
        assert not guides(block) or navigation or block.placement is not Placement.REFERENCE
    again, notes = compressed(module)
    assert again == module and not notes, "idempotent"


def test_the_splice_of_a_crlf_file_keeps_its_line_ends() -> None:
    text = (FIXTURES / "input" / "report-maker" / "SKILL.md").read_text(encoding="utf-8")
    crlf = text.replace("\n", "\r\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "report-maker")
        folder.mkdir()
        (folder / "SKILL.md").write_bytes(crlf.encode())
        from skillc.compiler.optimize import optimize

        result = optimize([str(folder)])
    written = result.files["report-maker/SKILL.md"].decode()
    assert not result.errors and not [d for d in result.diagnostics if d.code == "PV032"]
    assert "\r\n" in written and "\n" not in written.replace("\r\n", "")
    assert len(written) < len(crlf)


def test_an_overview_section_that_restates_the_description_goes_with_its_heading() -> None:
    # modelled on ai-labs-claude-skills' data-analyst: "# Title", "## Overview", a paragraph
    # saying what the description says, then the procedure
    text = (
        "---\nname: data-analyst\ndescription: Analyzes CSV datasets, imputes missing values "
        "and creates interactive Plotly Dash dashboards.\n---\n\n# Data Analyst\n\n"
        "## Overview\n\nThe data analyst skill provides dashboards for CSV datasets: it imputes "
        "missing values and creates interactive Plotly Dash dashboards.\n\n## Workflow\n\n"
        "The data analyst skill provides a loader; run it first.\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    gone = {b.text[:22] for b in module.skills[0].blocks if b.placement is Placement.REMOVED}
    assert gone == {"Overview", "The data analyst skill"}
    assert sum("preamble restating the description" in n for n in notes) == 1
    # a preamble-like paragraph past the overview (under "Workflow") stays
    body = [b.text for b in module.skills[0].blocks if b.placement is Placement.BODY]
    assert "The data analyst skill provides a loader; run it first." in body


def test_a_bold_label_moves_with_its_example_and_the_pointer_names_it() -> None:
    """From npm 00bx-photoshop-mcp's ps-batchplay: "**Lighting Effects:**" (a colon inside the
    emphasis) stayed in the body while its payload moved, and the body no longer said which
    operations the reference holds."""

    def payload(kind: str) -> str:
        lines = "\n".join(
            f'  "{kind}{n}": {{ "_enum": "{kind}", "_value": "on" }},' for n in range(9)
        )
        return f"```json\n{{\n{lines}\n}}\n```"

    text = (
        "---\nname: batch\ndescription: Batch operations. Use when scripting Photoshop.\n---\n\n"
        "# Batch\n\n## Operations that need batchplay\n\n"
        "These operations have no dedicated tool; use execute_batchplay:\n\n"
        f"**Lighting Effects:**\n\n{payload('light')}\n\n"
        f"**Vivid light blend mode:**\n\n{payload('vivid')}\n"
    )
    spliced = optimized(text, "batch/SKILL.md")
    body = spliced.texts["SKILL.md"]
    assert "**Lighting Effects:**" not in body
    assert "(Lighting Effects, Vivid light blend mode)." in body
    reference = spliced.texts["references/operations-that-need-batchplay.md"]
    assert reference.index("**Lighting Effects:**") < reference.index("```json")
    assert "use execute_batchplay:" in body


def test_a_repeated_code_block_that_a_lead_in_introduces_stays() -> None:
    """From npm @n8n-as-code/skills' n8n-architect: the environment commands repeated under
    "Environments" were removed as a copy of "Bootstrap Order"'s, leaving "Attach a managed
    local instance with `env ...`:" pointing at nothing. A copy without a lead-in still goes."""
    commands = "```bash\nn8nac env add Local --managed-instance <id>\nn8nac env use Local\n```"
    text = (
        "---\nname: n8n\ndescription: Builds n8n workflows. Use when editing workflows.\n---\n\n"
        f"# n8n\n\n## Bootstrap order\n\nRun these in order.\n\n{commands}\n\n"
        f"## Environments\n\nAttach a managed local instance with `env ...`:\n\n{commands}\n\n"
        f"## Again\n\nThe same commands, repeated.\n\n{commands}\n"
    )
    module, _ = compressed(SkillModule(skills=(skill_of(text, "n8n/SKILL.md"),)))
    code = [b for b in module.skills[0].blocks if isinstance(b, Code)]
    assert [b.placement for b in code] == [Placement.BODY, Placement.BODY, Placement.REMOVED]


def test_contents_and_reference_table_fixture_ir_before_and_after() -> None:
    """Modelled on the ant-design-x skills: a table of contents (emoji anchors, a nested list,
    a gloss) under its own heading, a "Core Concepts" table, and an "Overview" table of the
    options the agent writes code with."""
    before = parse((FIXTURES / "chat-request.before.ssl").read_text(encoding="utf-8"))
    after, notes = compressed(before)
    assert dump(after) == (FIXTURES / "chat-request.after.ssl").read_text(encoding="utf-8")
    assert [n.split(": ", 1)[1] for n in notes] == [
        "PV030 removed B3 (heading, 4 tokens): heading of a table of contents",
        "PV030 removed B4 (list, 72 tokens): table of contents",
        "PV031 moved B11 (table, 101 tokens) to references/core-concepts.md: reference table",
    ]
    again, more = compressed(after)
    assert again == after and not more
    assert not [d for d in verify(after) if d.severity is Severity.ERROR]


def test_the_contents_fixture_optimizes_without_loss() -> None:
    from skillc.compiler.optimize import optimize

    result = optimize([str(FIXTURES / "contents" / "chat-request")])
    out = result.files["chat-request/SKILL.md"].decode()
    assert "](#" not in out and "Table of Contents" not in out
    assert "Read [references/core-concepts.md](references/core-concepts.md)" in out
    assert "| `headers` | browser |" in out  # the options table names the API: it stays
    assert (
        "**Stream** | Reader" in result.files["chat-request/references/core-concepts.md"].decode()
    )
    assert not result.skills[0].rolled_back


def test_a_table_of_contents_holding_an_item_found_nowhere_else_moves() -> None:
    # x-request's contents link to "#1-global-configuration", a heading that lives in a
    # reference file: the anchor's number is an item no other block of the body holds
    toc = "\n".join(
        f"- [{t}](#{n}-{t.lower()})" if n else f"- [{t}](#{t.lower()})"
        for n, t in ((0, "Setup"), (0, "Usage"), (1, "Global"), (0, "Rules"))
    )
    text = (
        "---\nname: t\ndescription: Sets things up.\n---\n\n# T\n\n## Contents\n\n"
        f"{toc}\n\n## Setup\n\nRun `make`.\n\n## Usage\n\nCall `t.run()`.\n\n"
        "## Rules\n\nNever call it twice.\n"
    )
    module, _ = compressed(SkillModule(skills=(skill_of(text, "t/SKILL.md"),)))
    blocks = module.skills[0].blocks
    [listed] = [b for b in blocks if isinstance(b, ListBlock)]
    assert listed.placement is Placement.REFERENCE and listed.reason == "table of contents"
    settled = settle(module.skills[0], {"SKILL.md": text.encode()})
    spliced = splice(settled, "SKILL.md", text, "Sets things up.")
    after = {path: out.encode() for path, out in spliced.texts.items()}
    assert lost_items({"SKILL.md": text.encode()}, after) == []
    assert "when you need the table of contents." in spliced.texts["SKILL.md"]
    assert "## Contents" not in spliced.texts["SKILL.md"]


def test_links_that_are_not_this_skills_contents_stay() -> None:
    # anchors of another page, and a "see also" list of two links, are not a table of contents
    other = "- [Install](#install)\n- [Deploy](#deploy)\n- [Scale](#scale)"
    short = "On this page:\n\n- [Usage](#usage)\n- [FAQ](#faq)"
    text = f"# T\n\n## See also\n\n{other}\n\n{short}\n\n## Usage\n\nGo.\n"
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    lists = [b for b in module.skills[0].blocks if isinstance(b, ListBlock)]
    assert [b.placement for b in lists] == [Placement.BODY, Placement.BODY], notes


def test_a_table_moves_only_under_a_background_heading_and_without_api_names() -> None:
    # x-chat-provider's "Built-in Provider Overview" lists the imports the agent writes code
    # with; x-request's "Core Concepts" table only glosses the concepts
    rows = "\n".join(
        f"| **{n}** | Standard {n} API format | `import {{ {n}Provider }} from 'x-sdk'` |"
        for n in ("OpenAI", "DeepSeek", "Default", "Custom", "Local")
    )
    api = f"| Provider | Scenario | Import |\n| --- | --- | --- |\n{rows}"
    plain = api.replace("`", "")
    text = (
        f"# T\n\n## Built-in Provider Overview\n\n{api}\n\n## Core Concepts\n\n{plain}\n\n"
        f"## Pick one\n\n{plain.replace('Standard', 'Plain')}\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    tables = [b for b in module.skills[0].blocks if isinstance(b, Table)]
    assert [b.placement for b in tables] == [
        Placement.BODY,
        Placement.REFERENCE,
        Placement.BODY,
    ], notes
    assert tables[1].reason == "reference table"


def _long_code(comment: str) -> str:
    lines = "\n".join(f"  option{n}: 'value {n}'," for n in range(12))
    return f"```ts\n// {comment}\nconst request = XRequest('/api/proxy', {{\n{lines}\n}});\n```"


def test_the_right_way_shown_beside_a_wrong_one_stays() -> None:
    """From x-request's "useXChat Integration Security Warning": with a lower move threshold
    the "✅ Correct Configuration (Safe)" example (use a proxy: said nowhere else) moved out
    while the dangerous one stayed."""
    text = (
        "# T\n\n## Security warning\n\n**Important: keys must not reach the browser!**\n\n"
        f"**❌ Incorrect Configuration (Dangerous)**:\n\n{_long_code('dangerous')}\n\n"
        f"**✅ Correct Configuration (Safe)**:\n\n{_long_code('use a proxy service')}\n\n"
        f"## Examples\n\nAnother one:\n\n{_long_code('an example')}\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    code = [b.placement for b in module.skills[0].blocks if isinstance(b, Code)]
    # the wrong way only illustrates the rule the body states: it may move
    assert code == [Placement.REFERENCE, Placement.BODY, Placement.REFERENCE], notes


def test_a_list_an_instruction_points_at_stays_under_a_background_heading() -> None:
    # improve-codebase-architecture's glossary: "Use these terms exactly in every suggestion."
    terms = "\n".join(
        f"- **{t}** — what the code calls a {t.lower()} and what a reader of the plan expects"
        for t in ("Module", "Interface", "Seam", "Adapter", "Leverage", "Locality")
    )
    for lead, placement in (
        ("Use these terms exactly in every suggestion.", Placement.BODY),
        ("The project grew these terms over several years.", Placement.REFERENCE),
    ):
        text = f"# T\n\n## Glossary\n\n{lead}\n\n{terms}\n\n## Process\n\nRun `make`.\n"
        module, notes = compressed(SkillModule(skills=(skill_of(text),)))
        [listed] = [b for b in module.skills[0].blocks if isinstance(b, ListBlock)]
        assert listed.placement is placement, (lead, notes)


def test_a_chinese_concepts_table_moves_like_an_english_one() -> None:
    rows = "\n".join(
        f"| **概念{n}** | 角色{n} | 处理网络通信、认证、错误处理和重试 |" for n in range(6)
    )
    table = f"| 概念 | 角色定位 | 核心职责 |\n| --- | --- | --- |\n{rows}"
    text = f"# T\n\n## 🔑 核心概念\n\n{table}\n\n## 使用\n\n运行 `make`。\n"
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    [moved] = [b for b in module.skills[0].blocks if isinstance(b, Table)]
    assert moved.placement is Placement.REFERENCE and moved.reason == "reference table", notes


def test_a_when_to_use_section_leaves_the_body_but_its_constraints_stay() -> None:
    """From find-skills (agent-skills-bundle) and ai-labs-claude-skills: "## When to Use This
    Skill" repeats in the body what the description is for; once the skill is loaded the
    trigger list has no job. A "Do not use it ..." rule stays."""
    triggers = "\n".join(
        f'- Asks "{q}" where the answer might be a skill someone already published'
        for q in ("how do I do X", "find a skill for X", "can you do X", "is there a tool")
    )
    text = (
        "---\nname: find\ndescription: Finds skills. Use when asked to find a skill.\n---\n\n"
        f"# Find\n\n## When to Use This Skill\n\nUse this skill when the user:\n\n{triggers}\n\n"
        "Do not use it for installing packages.\n\n## Steps\n\nRun `npx skills find`.\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text, "find/SKILL.md"),)))
    placed = {b.text if isinstance(b, Prose) else b.id: b for b in module.skills[0].blocks}
    assert placed["Use this skill when the user:"].reason == "when to use", notes
    assert placed["Do not use it for installing packages."].placement is Placement.BODY
    [listed] = [b for b in module.skills[0].blocks if isinstance(b, ListBlock)]
    assert listed.placement is Placement.REFERENCE
    settled = settle(module.skills[0], {"SKILL.md": text.encode()})
    spliced = splice(settled, "SKILL.md", text, "Finds skills. Use when asked to find a skill.")
    body = spliced.texts["SKILL.md"]
    assert "when you need to check that this skill fits the request." in body
    after = {path: out.encode() for path, out in spliced.texts.items()}
    assert lost_items({"SKILL.md": text.encode()}, after) == []


def test_ordinals_and_slash_joined_words_do_not_hold_background_in_the_body() -> None:
    """From ai-labs-claude-skills: background lists were held in the body by step labels
    ("**Phase 2:**"), read as the number 2, and by "CI/CD" and "before/after", read as
    paths. A real limit or file still holds its block."""
    steps = "\n".join(
        f"- **Phase {n}:** the team moved from manual releases to CI/CD, and before/after "
        "reports of that period were kept in the old wiki of the company"
        for n in range(1, 6)
    )
    text = (
        "# Pipelines\n\n## Background\n\n"
        f"{steps}\n\n"
        "Keep at most 50 jobs in one pipeline, as the history of these teams shows.\n\n"
        "The history of the layout lives in docs/history.md for the curious reader.\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    blocks = module.skills[0].blocks
    [steps_block] = [b for b in blocks if isinstance(b, ListBlock)]
    assert steps_block.placement is Placement.REFERENCE, notes
    kept = [b.text for b in blocks if isinstance(b, Prose) and b.placement is Placement.BODY]
    assert kept == [
        "Keep at most 50 jobs in one pipeline, as the history of these teams shows.",
        "The history of the layout lives in docs/history.md for the curious reader.",
    ]


def test_a_long_example_labelled_as_an_example_under_a_step_moves_with_its_label() -> None:
    """From ai-labs-claude-skills' script-writer: "### Step 5: Write Complete Script" asks for
    output, so its 122-line "**Example Script Output:**" read as the required format and
    stayed in the body. A label that says "example" (and not "format") makes it one instance:
    it moves, its label moves with it and the pointer names it; the step's instruction stays.
    The same block introduced as the form to follow stays."""
    script = "\n".join(f"[{n}:00] HOST: line {n} of the sample script" for n in range(30))
    step = "### Step 5: Write Complete Script\n\nGenerate the full script in the user's style:\n\n"
    text = (
        "---\nname: scripts\ndescription: Writes video scripts.\n---\n\n# Scripts\n\n"
        f"{step}**Example Script Output:**\n\n```\n{script}\n```\n"
    )
    spliced = optimized(text, "scripts/SKILL.md")
    body = spliced.texts["SKILL.md"]
    assert "HOST: line 3 " not in body and "Generate the full script" in body
    assert "(Example Script Output)." in body
    after = {path: out.encode() for path, out in spliced.texts.items()}
    assert lost_items({"SKILL.md": text.encode()}, after) == []
    required = text.replace("**Example Script Output:**", "**Example of the required format:**")
    module, _ = compressed(SkillModule(skills=(skill_of(required),)))
    [code] = [b for b in module.skills[0].blocks if isinstance(b, Code)]
    assert code.placement is Placement.BODY


def test_code_a_step_points_at_in_a_later_section_stays() -> None:
    # claude-skills 1.0.2's check-translations: step 2 says "check with the SQL below" (下記SQL);
    # moved to references, the procedure would point at nothing
    sql = "\n".join(
        f"SELECT id, name_{n},\n  CASE WHEN name_{n}_en IS NULL THEN 'MISSING' ELSE 'OK' END\n"
        f"FROM table_{n};\n"
        for n in range(4)
    )
    steps = {
        "ja": "1. `mcp__supabase__list_projects` でプロジェクトID取得\n"
        "2. 下記SQLで翻訳状況チェック\n3. `mcp__supabase__execute_sql` でUPDATE実行",
        "en": "1. List the projects with `list_projects`.\n2. Check the status with the SQL"
        " below.\n3. Run the update with `execute_sql`.",
    }
    for lang, listed in steps.items():
        for pointing, placement in ((True, Placement.BODY), (False, Placement.REFERENCE)):
            shown = (
                listed
                if pointing
                else listed.replace("下記SQLで", "").replace(" with the SQL below", "")
            )
            text = f"# T\n\n## Steps\n\n{shown}\n\n## Check SQL\n\n```sql\n{sql}```\n"
            module, notes = compressed(SkillModule(skills=(skill_of(text),)))
            [code] = [b for b in module.skills[0].blocks if isinstance(b, Code)]
            assert code.placement is placement, (lang, pointing, notes)


def _example(name: str) -> str:
    lines = "\n".join(f"{name}_{n} = {name}.run(step={n})  # step {n}" for n in range(12))
    return f"```python\n{lines}\n```"


def test_each_sub_section_that_lost_an_example_keeps_a_pointer() -> None:
    """From npm claude-code-skills 0.5.0's prompt-engineering-dspy: examples of
    "#### BootstrapFewShot" and "#### MIPRO" moved to one file, the pointer went under the first
    only and "#### MIPRO" was left an empty heading; the reference file lost the sub-headings
    that said which example is which."""
    text = (
        "---\nname: dspy\ndescription: Builds DSPy programs. Use when optimizing prompts.\n---\n\n"
        "# DSPy\n\n### 3. Optimizers\n\nOptimizers improve your modules automatically.\n\n"
        f"#### BootstrapFewShot\n\nLearns from examples:\n\n{_example('boot')}\n\n"
        f"#### MIPRO (Most Important Prompt Optimization)\n\nIteratively improves prompts:\n\n"
        f"{_example('mipro')}\n\n### 4. Deploy\n\nRun `dspy deploy` when done.\n"
    )
    spliced = optimized(text, "dspy/SKILL.md")
    body = spliced.texts["SKILL.md"].split("\n")
    headings = [i for i, line in enumerate(body) if line.startswith("#")]
    for first, second in itertools.pairwise(headings):
        nested = len(body[second].split()[0]) > len(body[first].split()[0])
        assert nested or any(line.strip() for line in body[first + 1 : second]), body[first]
    mipro = body.index("#### MIPRO (Most Important Prompt Optimization)")
    assert body[mipro + 2].startswith("Read [references/3-optimizers.md]")
    assert "for MIPRO (Most important prompt optimization)." in body[mipro + 2]
    reference = spliced.texts["references/3-optimizers.md"]
    assert reference.index("## BootstrapFewShot") < reference.index("boot_0")
    assert reference.index("boot_0") < reference.index("## MIPRO (Most Important")
    assert reference.index("## MIPRO (Most Important") < reference.index("mipro_0")


def test_a_section_whose_example_shares_a_file_still_points_at_it() -> None:
    """From ai-labs' tech-debt-analyzer: the output examples of "Code Smell Detection" and
    "Dependency Analysis" moved into one file; the pointer sat under the first only, so an agent
    reading "Dependency Analysis" had no hint its example exists."""
    text = (
        "---\nname: debt\ndescription: Finds technical debt. Use when auditing a codebase.\n"
        "---\n\n# Debt\n\n### 1. Automated Analysis\n\n#### Code Smell Detection\n\n"
        "Run the detector:\n\n```bash\npython3 scripts/detect_code_smells.py src\n```\n\n"
        f"**Output Example:**\n\n{_example('smells')}\n\n#### Dependency Analysis\n\n"
        "Run the analyzer:\n\n```bash\npython3 scripts/analyze_dependencies.py package.json\n"
        f"```\n\n**Output Example:**\n\n{_example('deps')}\n"
    )
    spliced = optimized(text, "debt/SKILL.md")
    body = spliced.texts["SKILL.md"]
    assert "smells_0" not in body and "deps_0" not in body
    dependency = body[body.index("#### Dependency Analysis") :]
    assert "Read [references/1-automated-analysis.md](references/1-automated-analysis.md)" in (
        dependency
    )
    assert "for dependency analysis (Output Example)." in dependency
    assert body.count("Read [references/1-automated-analysis.md]") == 2


def _template(name: str) -> str:
    lines = "\n".join(f"[{name.upper()} {n}] {name} part {n}" for n in range(12))
    return f"```\n{lines}\n```"


SCRIPT_TEMPLATES = (
    "---\nname: scripts\ndescription: Writes video scripts. Use when drafting a script.\n---\n\n"
    "# Script Writer\n\n## Script Templates\n\n"
    f"### Tutorial Template\n\n{_template('tutorial')}\n\n"
    f"### Listicle Template\n\n{_template('listicle')}\n\n"
    "## Tone\n\nKeep it casual.\n"
)


def test_sub_sections_that_moved_whole_leave_one_pointer_for_their_parent() -> None:
    """From ai-labs' script-writer: each template sub-section moved to a file of its own and
    kept its heading and a pointer line in the body, three headings and three pointers where
    one line names them all. The headings go with their templates into one file titled by the
    parent, each template still under its own heading."""
    spliced = optimized(SCRIPT_TEMPLATES, "scripts/SKILL.md")
    body = spliced.texts["SKILL.md"]
    assert "### Tutorial Template" not in body and "### Listicle Template" not in body
    assert body.count("Read [references/") == 1
    assert (
        "## Script Templates\n\nRead [references/script-templates.md]"
        "(references/script-templates.md) when you need the template "
        "(Tutorial Template, Listicle Template).\n\n## Tone" in body
    )
    assert sorted(spliced.texts) == ["SKILL.md", "references/script-templates.md"]
    reference = spliced.texts["references/script-templates.md"]
    assert reference.startswith("# Script Templates\n\n## Tutorial Template\n\n```\n")
    assert reference.index("[TUTORIAL 11]") < reference.index("## Listicle Template")
    assert reference.index("## Listicle Template") < reference.index("[LISTICLE 0]")
    before = {"SKILL.md": SCRIPT_TEMPLATES.encode()}
    assert lost_items(before, {p: t.encode() for p, t in spliced.texts.items()}) == []


def test_a_sub_section_after_a_sibling_that_stays_keeps_its_heading() -> None:
    """From ai-labs' test-specialist: "#### Integration Testing Approach" moved whole after
    "#### Unit Testing Approach", which stays; under the parent's pointer at its place the line
    would read as the unit-testing sub-section's."""
    text = (
        "---\nname: tests\ndescription: Writes tests. Use when testing.\n---\n\n# Tests\n\n"
        "### 1. Writing Test Cases\n\n#### Unit Testing Approach\n\nRun `npm test` first.\n\n"
        f"#### Integration Testing Approach\n\n{_example('integration')}\n"
    )
    body = optimized(text, "tests/SKILL.md").texts["SKILL.md"]
    assert "#### Integration Testing Approach\n\nRead [references/" in body


def test_each_reference_file_keeps_its_name_when_settled() -> None:
    """settle reserved a free name for every moved block, not once per file: the second block
    bound for ``references/examples.md`` took ``examples-2.md``, and the next section's own
    ``examples-2.md`` was written as ``examples-2-2.md``."""
    text = (
        "---\nname: ex\ndescription: Shows examples. Use when asked.\n---\n\n# Ex\n\n"
        f"## Examples\n\nRun `make a`.\n\nFor example:\n\n{_example('first')}\n\n"
        f"{_example('second')}\n\n## Examples\n\nRun `make b`.\n\nFor example:\n\n"
        f"{_example('third')}\n"
    )
    spliced = optimized(text, "ex/SKILL.md")
    assert sorted(spliced.texts) == [
        "SKILL.md",
        "references/examples-2.md",
        "references/examples.md",
    ]
    assert "third_0" in spliced.texts["references/examples-2.md"]


def test_a_when_to_use_section_that_moved_whole_leaves_one_plain_pointer() -> None:
    """The heading of a "When to Use This Skill" section that left whole goes too; the pointer
    needs neither the skill's title nor the heading's words to say what the file is for."""
    triggers = "\n".join(f"- Request kind {w} about the build cache" for w in "abcdefghij")
    text = (
        "---\nname: cache\ndescription: Tunes the build cache. Use when builds are slow.\n---\n\n"
        f"# Cache\n\n## When to Use This Skill\n\n{triggers}\n\n## Steps\n\nRun `make cache`.\n"
    )
    body = optimized(text, "cache/SKILL.md").texts["SKILL.md"]
    assert "## When to Use" not in body
    assert (
        "# Cache\n\nRead [references/when-to-use-this-skill.md]"
        "(references/when-to-use-this-skill.md) when you need to check that this skill fits the "
        "request.\n\n## Steps" in body
    )


def test_a_step_heading_stays_over_its_pointer() -> None:
    """ "## Step 4: Use the provider" is a step of the sequence: without its heading the body
    would jump from step 3 to step 5, so it stays though its whole content moved."""
    text = (
        "---\nname: p\ndescription: Adapts providers. Use when wiring a chat.\n---\n\n"
        "# Provider\n\n## Step 3: Configure\n\nRun `make config`.\n\n"
        f"## Step 4: Use the provider\n\nFor example:\n\n{_example('use')}\n"
    )
    body = optimized(text, "p/SKILL.md").texts["SKILL.md"]
    assert "## Step 4: Use the provider\n\nRead [references/" in body


def _wrapped(tag: str, name: str, caption: str) -> str:
    return f"<{tag}>\n{_example(name)}\n{caption}\n</{tag}>"


def test_a_long_example_wrapped_as_the_wrong_way_moves_and_the_right_way_stays() -> None:
    """From npm claude-code-skills 0.5.0's kaizen: ``<Good>``/``<Bad>`` lines wrap fences,
    read as one raw HTML block (a paragraph), so no such example ever moved. The wrong way
    illustrates the rule the list above states and moves; the right way may be the only
    statement of what to do and stays, as "✅ Correct Configuration:" does."""
    text = (
        "---\nname: kaizen\ndescription: Improves code in small steps. Use when refactoring.\n"
        "---\n\n# Kaizen\n\n### 1. Continuous Improvement\n\n**Iterative refinement:**\n\n"
        "- First version: make it work\n- Second pass: make it clear\n\n"
        f"{_wrapped('Good', 'step', 'Each step is complete and tested')}\n\n"
        f"{_wrapped('Bad', 'everything', 'Overwhelming, error-prone, hard to verify')}\n\n"
        "### 2. Standard Work\n\nFollow the patterns the codebase has.\n"
    )
    spliced = optimized(text, "kaizen/SKILL.md")
    body = spliced.texts["SKILL.md"]
    assert "<Good>\n```python\nstep_0" in body and "<Bad>" not in body
    assert (
        "</Good>\n\nRead [references/1-continuous-improvement.md]"
        "(references/1-continuous-improvement.md) when you need an example of what not to do "
        "for continuous improvement.\n\n### 2. Standard Work" in body
    )
    reference = spliced.texts["references/1-continuous-improvement.md"]
    assert "<Bad>\n```python\neverything_0" in reference
    assert "Overwhelming, error-prone, hard to verify\n</Bad>" in reference
    before = {"SKILL.md": text.encode()}
    assert lost_items(before, {p: t.encode() for p, t in spliced.texts.items()}) == []


def test_a_wrapped_wrong_way_that_is_short_or_a_rule_stays() -> None:
    """Short code stays beside its rule, as a short fenced snippet does; a caption that states
    a rule pins the wrapper ("Abstract only when the pattern is proven across 3+ cases")."""
    short = "<Bad>\n```ts\nclass A {}\n```\nUses a class\n</Bad>"
    ruled = _wrapped("Bad", "abstract", "Abstract only when the pattern is proven in 3+ cases")
    text = (
        "---\nname: k\ndescription: Improves code. Use when refactoring.\n---\n\n# K\n\n"
        f"## Work\n\nPrefer functions.\n\n{short}\n\n{ruled}\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    assert all(b.placement is Placement.BODY for b in module.skills[0].blocks), notes


def test_background_under_a_step_heading_stays_whatever_its_verb() -> None:
    """From ai-labs' brand-analyzer: "### Step 4: Conduct Brand Analysis" held only blocks
    read as background ("Perform comprehensive analysis using the framework...", the areas to
    cover); once its numbered labels no longer pinned them, the whole step moved out and the
    body said only "Read ... when you need the background for step 4". A step's content is the
    step, whatever the verb."""
    areas = "\n\n".join(
        f"**{name}**\n- {name} clarity and alignment\n- {name} consistency across channels\n"
        f"- {name} fit with the audience and the market"
        for name in ("1. Brand Identity", "2. Visual Identity", "3. Voice", "4. Audience")
    )
    text = (
        "---\nname: brand\ndescription: Analyzes brands. Use when auditing a brand.\n---\n\n"
        "# Brand\n\n### Step 3: Gather Materials\n\nAsk the user for the brand assets.\n\n"
        "### Step 4: Conduct Brand Analysis\n\nPerform comprehensive analysis using the "
        f"framework.\n\n**Key Analysis Areas**:\n\n{areas}\n\n### Step 5: Report\n\nReport it.\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    assert all(b.placement is Placement.BODY for b in module.skills[0].blocks), notes


def test_a_short_when_to_use_list_leaves_the_body() -> None:
    """From ai-labs' brand-analyzer: a 52-token "When to Use This Skill" list stayed, under the
    80 tokens a section must weigh to move, though the description routes and its pointer
    costs about 25 tokens."""
    triggers = "\n".join(
        f"- Brand {w} analysis"
        for w in ("audit", "guideline", "identity", "positioning", "tone", "archetype", "color")
    )
    text = (
        "---\nname: brand\ndescription: Analyzes brands. Use when auditing a brand.\n---\n\n"
        f"# Brand\n\n## Overview\n\nAnalyze a brand.\n\n## When to Use This Skill\n\n"
        f"Use this skill when the user requests:\n{triggers}\n\n## Steps\n\nAsk for assets.\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    [block] = [b for b in module.skills[0].blocks if isinstance(b, Prose) and "requests" in b.text]
    assert block.placement is Placement.REFERENCE, notes


def test_a_when_to_use_list_stays_with_the_lead_in_that_stays() -> None:
    """From npm claude-code-skills' kaizen: "**Always applied for:**" (a constraint: it stays)
    kept no list under it once the list moved; the body read "Always applied for:" and a
    pointer."""
    uses = "\n".join(
        f"- Code {w} and design decisions"
        for w in ("reviews", "changes", "plans", "fixes", "tests", "docs")
    )
    text = (
        "---\nname: k\ndescription: Improves code. Use when refactoring.\n---\n\n# K\n\n"
        f"## When to Use\n\n**Always applied for:**\n\n{uses}\n- Process and workflow "
        "improvements\n- Error handling and validation\n\n## Pillars\n\nFix one smell at a time.\n"
    )
    module, notes = compressed(SkillModule(skills=(skill_of(text),)))
    assert all(b.placement is Placement.BODY for b in module.skills[0].blocks), notes
