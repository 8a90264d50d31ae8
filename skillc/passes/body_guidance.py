"""What in a skill body tells the agent what to do or what to hand over: compress-body keeps it.

SkillReducer's main failure was an example that defined behaviour moved out of the core. These
tests read a block with its neighbours and its section heading, without a model: whether a
paragraph or list guides the agent in words the classifier does not count as a rule
(`guides`: "Ask the user ...", "prefer X", a checklist), whether an example or template is the
specification of an output or a sequence (`is_specification`: "Reply in this format:", "Step 6:
Generate the kickoff summary", "✅ Correct configuration:"), and whether a block is the object
of an instruction before it (`operated_on`: "Use these terms exactly in every suggestion.").
Each is a fixed set of regular expressions over one block and the one before it: linear in the
text, deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from skillc.ir.nodes import Code, ContentBlock, Heading, ListBlock, Prose
from skillc.ir.vocab import Placement
from skillc.passes.classify_content import IMPERATIVE_VERBS, wordset

_WORD = re.compile(r"[^\W_]+")

_SPEC = re.compile(
    r"\b(output|format|formats|response|respond|reply|report|structure|schema|sequence|order|"
    r"exactly|verbatim|must look|required|return|present(?:ed)? as|display(?:ed)? as|looks? like|"
    r"like this|as follows|shape)\b|格式|输出|顺序",
    re.IGNORECASE,
)

#: Words that point at the block that follows (下記 "written below", 次の "the next", 後述
#: "described later").
_FORWARD = re.compile(
    r"\b(?:these|the following|below)\b|以下|如下|下列|下記|次の|後述", re.IGNORECASE
)

#: What a step calls code it points at ("the SQL below", "下記SQL", "以下のコマンド").
_CODE_NOUN = r"(?:sql|quer(?:y|ies)|commands?|scripts?|snippets?|code|config(?:uration)?)"
_CJK_CODE_NOUN = r"(?:SQL|sql|クエリ|コマンド|スクリプト|コード|命令|代码|脚本|查询|语句)"
#: A step pointing forward at code: "the following (shell) command", "the SQL (shown) below",
#: or a CJK forward word right before the noun ("下記SQL", "以下のコマンド", "如下代码").
_POINTS_AT_CODE = re.compile(
    rf"\bthe following\s+(?:[\w-]+\s+)?{_CODE_NOUN}\b"
    rf"|\bthe\s+(?:[\w-]+\s+)?{_CODE_NOUN}\s+(?:(?:shown|given|listed)\s+)?below\b"
    rf"|(?:以下|如下|下列|下記|次|後述)の?\s*{_CJK_CODE_NOUN}",
    re.IGNORECASE,
)
_SQL_NOUN = re.compile(r"sql|quer(?:y|ies)|クエリ|查询|语句", re.IGNORECASE)
_SQL_LANGUAGES = frozenset({"sql", "psql", "postgresql", "postgres", "mysql", "sqlite", "plsql"})

#: A label that introduces the right way to do something (beside a wrong one, which stays
#: too when its label is a warning): the example is the rule's only statement of what to do.
_RIGHT_WAY = re.compile(
    r"✅|✔|\b(?:correct|right|good|recommended|proper|safe)\b|正确|推荐|安全", re.IGNORECASE
)

#: What a section heading calls its content when the content is the thing to follow or send
#: ("Default flow", "Announcement (Mandatory)", "Pause announcements", "Kickoff summary").
_SPEC_HEADING = re.compile(
    r"\b(?:(?:work)?flow|procedure|recipe|mandatory|announcements?|messages?|summary)\b|流程",
    re.IGNORECASE,
)

#: Verbs that open an instruction to an agent and that the guide classifier's list (written for
#: manuals) lacks: "Ask the user ...", "Publish the issues ...", "Iterate until ...".
_GUIDANCE_VERBS = IMPERATIVE_VERBS | wordset(
    """
    ask break publish present interview iterate explore walk challenge propose surface capture
    describe explain focus skip treat post report cite hold settle watch group split sort limit
    reuse answer draft plan prioritise prioritize summarise summarize combine pair wire decide
    determine announce detect classify identify gather abort resolve parse scan derive expand
    infer match evaluate compare collect tell show list critique rewrite refine state name
    think reason attack harden fold defer record cite own claim
    perform conduct analyze analyse assess audit research investigate calculate estimate
    measure monitor track establish outline compose
    """
)

#: Advice whatever the grammar: "prefer X", "instead of", "use `X`", "use X for/when/to Y",
#: "use X:" (what follows is how),
#: "`X` for Y" (an index of the skills or files to use),
#: and their Chinese forms (please, suggest, recommend, prefer, should, tip, use `X`).
_ADVICE = re.compile(
    r"\b(?:prefer|instead of|recommended)\b|\buse\s+`[^`]+`"
    r"|\buse\s+[\w.-]+\s+(?:for|when|to|instead)\b|^`[^`]+`\s+(?:for|when)\b"
    r"|\buse\s+[\w.-]+(?:\s+[\w.-]+)?\s*:\s*$"
    r"|请|建议|推荐|优先|应当|应该|提示|(?:使用|用)\s*\**`",
    re.IGNORECASE,
)

#: What may come before the verb: "If it fails, ask ...", "In both cases, present ...:", "Then".
_LEAD = re.compile(
    r"^(?:[^,:.]{0,80},\s*)?"
    r"(?:(?:then|now|next|finally|first|also|always)\b,?\s*)?",
    re.IGNORECASE,
)

_SENTENCES = re.compile(r"(?<=[.!?。！？])\s+")  # hard-wrapped lines are one sentence

_CODE_SPAN = re.compile(r"`[^`\n]*`")

_CHECKBOX = re.compile(r"^\s*\[[ xX]\]")

#: Verbs whose object is what the agent hands over: the block that follows shows that object.
_OUTPUT_VERBS = wordset(
    """
    create write present produce generate output return print post reply respond draft emit
    format render compose save append fill announce show display ask escalate notify warn
    prompt message tell say
    """
)

#: A rule written in capitals inside a code block: the block is a prompt or a message to send.
_SHOUTED = re.compile(r"\b(?:IMPORTANT|MUST(?: NOT)?|NEVER|DO NOT|ALWAYS|REQUIRED)\b")

#: A lead-in that calls what follows an example, and one that calls it the form to follow.
_EXAMPLE_LABEL = re.compile(
    r"\b(?:examples?|samples?|e\.g\.|for instance|illustration)\b|示例|例如|样例", re.IGNORECASE
)
_REQUIRED_FORM = re.compile(
    r"\b(?:format|template|structure|schema|exact(?:ly)?|verbatim|must|required|always|follow|"
    r"this|these)\b|格式|模板|必须",
    re.IGNORECASE,
)
#: Longer lead-ins say more than a label: they are judged by their other words.
_MAX_LABEL = 60

#: "Step 6:", "6.", "Local Step 4:", a label ("Safety valve:") before the words that matter.
_STEP = re.compile(
    r"^(?:[\w ]{0,12}\bstep\s+\d+[a-z]?\s*[:.)-]\s*|\d+[.)]\s*|[A-Za-z][\w -]{0,24}:\s+(?=\S))",
    re.IGNORECASE,
)

#: A table-of-contents entry: a link to a heading of the page ("[Quick Start](#quick-start)").
_ANCHOR_LINK = re.compile(r"^\s*\[[^\]]*\]\(#[^)]*\)\s*$")


def ends_with_colon(text: str) -> bool:
    """Whether ``text`` ends with a colon, emphasis around it aside ("**Lighting Effects:**").

    >>> ends_with_colon("**Lighting Effects:**"), ends_with_colon("Done.")
    (True, False)
    """
    return text.rstrip().rstrip("*_ ").endswith((":", "："))


def guides(block: ContentBlock) -> bool:
    """Whether a paragraph or list tells the agent what to do, in words the classifier does
    not count as a rule: a sentence (or item) that opens with an instruction verb after an
    optional lead ("Before using it, confirm:"), advice ("prefer", "use `X`"), or a checklist.

    >>> guides(Prose(id="p", text="When it is nested, use `contentRender`:"))
    True
    >>> guides(Prose(id="p", text="If it fails with `fatal: no repo`, run it from the root."))
    True
    >>> guides(Prose(id="p", text="Status reports grew out of Friday meetings."))
    False
    """
    if isinstance(block, ListBlock):
        parts = [item for item in block.items if not _ANCHOR_LINK.match(item)]
        if any(_CHECKBOX.match(item) for item in parts):
            return True
    elif isinstance(block, Prose):
        parts = _SENTENCES.split(block.text)
    else:
        return False
    return any(advises(part) for part in parts)


def advises(sentence: str) -> bool:
    plain = sentence.replace("*", "").replace("_", " ").strip().lstrip("-+>#0123456789.) ")
    if _ADVICE.search(plain):
        return True
    # code spans are names: "If it fails with `fatal: not a repo`, run ..." has one lead clause
    plain = _STEP.sub("", _CODE_SPAN.sub("code", plain))
    lead = _LEAD.match(plain)
    rest = plain[lead.end() :] if lead else plain
    words = _WORD.findall(rest[:40])
    if not words or not rest.startswith(words[0]):
        return False
    verb = words[0].lower()
    return verb in _GUIDANCE_VERBS and (len(words) > 1 or rest.rstrip().endswith(":"))


#: A heading that numbers a step of a sequence ("Step 4: Brand Analysis", "Phase 2 - Build").
_STEP_HEADING = re.compile(r"^\W*(?:step|phase|stage)\s+\d+[a-z]?\b", re.IGNORECASE)


def instructs(heading: str) -> bool:
    """Whether a heading is itself an instruction ("Read these references first") or a step
    of a sequence ("Step 4: Brand Analysis"): what is under it is part of the step, whatever
    the step's words, and stays in the body.

    >>> instructs("Step 4: Brand Analysis"), instructs("Read these first"), instructs("Overview")
    (True, True, False)
    """
    return bool(_STEP_HEADING.match(heading)) or advises(heading)


def operated_on(blocks: Sequence[ContentBlock], index: int) -> bool:
    """Whether the paragraph before tells the agent to do something with what follows ("Use
    these terms exactly in every suggestion.", "Check the following:"): the block is the
    object of an instruction that stays, so it stays too (a glossary is not background then).
    """
    previous = blocks[index - 1] if index else None
    if not isinstance(previous, Prose) or previous.placement is not Placement.BODY:
        return False
    return bool(_FORWARD.search(previous.text)) and guides(previous)


def pointed_at(blocks: Sequence[ContentBlock]) -> set[int]:
    """Indexes of the code blocks a step points at in a later section ("2. 下記SQLで
    翻訳状況チェック", "Check it with the SQL below"), however far: the step is the procedure and
    that code is what it runs, so the code stays in the body with it (moved, the step would
    point at nothing). A step naming SQL or a query points at the first SQL block after it (by
    its language or its section's heading); otherwise at the first code block after it."""
    pointed: set[int] = set()
    heading, section = "", 0
    headings: list[str] = []
    sections: list[int] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level <= 3:
            heading, section = block.text, section + 1
        headings.append(heading)
        sections.append(section)
    for index, block in enumerate(blocks):
        if not isinstance(block, Prose | ListBlock) or block.placement is not Placement.BODY:
            continue
        text = block.text if isinstance(block, Prose) else "\n".join(block.items)
        for match in _POINTS_AT_CODE.finditer(text):
            # code in the step's own section is its neighbour's business (`operated_on`)
            after = [
                i
                for i in range(index + 1, len(blocks))
                if isinstance(blocks[i], Code) and sections[i] > sections[index]
            ]
            if _SQL_NOUN.search(match.group()):
                sql = [i for i in after if _is_sql(blocks[i], headings[i])]
                after = sql or after
            if after:
                pointed.add(after[0])
    return pointed


def _is_sql(block: ContentBlock, heading: str) -> bool:
    language = block.language.lower() if isinstance(block, Code) else ""
    return language in _SQL_LANGUAGES or bool(re.search(r"\bsql\b|クエリ", heading, re.I))


def is_specification(
    blocks: Sequence[ContentBlock], index: int, context: str, said: str | None = None
) -> bool:
    """Whether the heading or the paragraph before introduces the block as what is required:
    it says so (output, format...), or it tells the agent to make something and the block is
    that thing ("Create a sprint file at `sprints/sprint-<N>.md`:", "### Step 6: Generate the
    kickoff summary"). ``said`` stands for the paragraph before when that is no lead-in."""
    previous = blocks[index - 1] if index else None
    if said is None:
        said = previous.text if isinstance(previous, Prose) else ""
    block = blocks[index]
    shouted = isinstance(block, Code) and bool(_SHOUTED.search(block.text))
    if illustrates(said) and not shouted:
        return False  # "**Example Script Output:**": one instance, not the form to follow
    if _SPEC.search(context) or _SPEC_HEADING.search(context) or _SPEC.search(said):
        return True
    if _RIGHT_WAY.search(said):
        return True  # "✅ Correct Configuration (Safe):": the one way to do it, beside a wrong one
    if shouted:
        return True  # a prompt or message with its own rules ("IMPORTANT: Read CLAUDE.md")
    introduced = ends_with_colon(said) and asks_for_output(said)
    return introduced or asks_for_output(context)


def illustrates(text: str) -> bool:
    """Whether a lead-in labels what follows as one example of many ("**Example Script
    Output:**", "For example:", "Sample request:"), without calling it the form to follow
    ("Use this format:", "Example of the required structure:").

    The heading above ("Step 5: Write the script") asks for output, so without this label
    every long example under a step read as the specification and stayed in the body.

    >>> illustrates("**Example Script Output:**"), illustrates("Output example:")
    (True, True)
    >>> illustrates("Use this exact format, for example:"), illustrates("Present as:")
    (False, False)
    """
    plain = " ".join(text.replace("*", "").replace("_", " ").split())
    if not plain or len(plain) > _MAX_LABEL or not ends_with_colon(plain):
        return False
    return bool(_EXAMPLE_LABEL.search(plain)) and not _REQUIRED_FORM.search(plain)


def asks_for_output(text: str) -> bool:
    """Whether the last sentence of ``text`` opens (after a lead clause or a step number) with
    a verb that makes something the agent hands over: create, write, present, generate...

    >>> asks_for_output("Stop at the target. Present the proposed sprint:")
    True
    >>> asks_for_output("When a message is an object, use `contentRender`:")
    False
    """
    last = ([p for p in _SENTENCES.split(text.strip()) if p] or [""])[-1]
    plain = _STEP.sub("", " ".join(last.replace("*", "").split()))
    lead = _LEAD.match(plain)
    words = [w.lower() for w in _WORD.findall(plain[lead.end() :] if lead else plain)][:6]
    # "pause and escalate to the user:": the second verb of a pair counts too
    verbs = words[:1] + [words[i + 1] for i in range(len(words) - 1) if words[i] in ("and", "then")]
    return any(verb in _OUTPUT_VERBS for verb in verbs)
