"""Codes of ``skillc optimize`` and ``skillc eval-triggers``: what compressing a skill someone
else wrote removed, moved, rewrote or could not keep (``PV030``-``PV039``), sentences, tables of
contents and phrases pruned inside paragraphs (``SK082``-``SK084``), and what the command could
not read (``SK160``-``SK163``)."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

register(
    "PV030",
    "body-block-removed",
    INFO,
    "provenance",
    """compress-body removed a block of a SKILL.md body, and says why.

    ## What it checks
    Every block the pass leaves out of the output: an exact or near duplicate of a block kept
    earlier (the message names it), a preamble that only restates the description ("This skill
    helps you..."), or the heading of an empty section. A block holding a command, a constraint,
    a number, a path or a URL that no kept block holds is never removed.

    ## Why it matters
    Nothing is dropped silently: the report lists each removal with the line it came from, so a
    reviewer can check it.

    ## Example
    `removed B14 (prose, 38 tokens): near-duplicate of B6`.

    ## Fix
    Nothing to fix. To keep the block, make it say something the kept one does not.
    """,
)
register(
    "PV031",
    "body-block-moved",
    INFO,
    "provenance",
    """compress-body moved a block of a SKILL.md body to a reference file.

    ## What it checks
    Background prose, long examples and templates of one section, together worth the move,
    go to `references/<section>.md`, and SKILL.md gets one line saying when to read it.
    Commands, constraints, numbers, paths, URLs and any example introduced as the required
    output format or sequence stay in the body.

    ## Why it matters
    An agent loads the body on every activation and a reference only when it needs it (the
    spec's progressive disclosure); the report names every block that moved.

    ## Example
    `moved B22 (code, 410 tokens) to references/examples.md: long example`.

    ## Fix
    Nothing to fix. To keep a block in the body, introduce it as the required format.
    """,
)
register(
    "PV032",
    "optimized-item-lost",
    WARNING,
    "provenance",
    """An actionable item of an input package is missing from its optimised package; the skill
    is written unchanged instead.

    ## What it checks
    Every command, code block, constraint sentence (must, never, always...), number, URL and
    path of the input package (SKILL.md and its Markdown files) must be somewhere in the output
    package. When one is not, the transforms are rolled back for that skill and the item is
    named.

    ## Why it matters
    Compression that loses a command or a limit makes a wrong skill; a rollback keeps the
    skill as its author wrote it.

    ## Example
    `number '250' of SKILL.md is not in the optimised package: tdd rolled back`.

    ## Fix
    A bug in a compressing pass: report it with the skill.
    """,
)
register(
    "PV033",
    "description-rewritten",
    INFO,
    "provenance",
    """The description of an optimised skill was compressed or generated.

    ## What it checks
    Filler phrases are shortened ("This skill should be used when" to "Use when") and clauses
    are dropped only while every query the skill should answer still routes to it under the
    offline lexical router; a missing description is generated from the title, headings and
    commands. The message gives the token counts before and after.

    ## Why it matters
    The description is loaded for every skill of a library on every request: each token saved
    there is saved many times.

    ## Example
    `description 61 -> 34 tokens (dropped 2 clauses)`.

    ## Fix
    Nothing to fix; edit the output description if the wording matters.
    """,
)
register(
    "PV034",
    "description-confused",
    INFO,
    "provenance",
    """A skill's own queries route to another skill of the library.

    ## What it checks
    The queries drawn from a skill's headings, commands and error strings are ranked over every
    skill's name and description with BM25; a query whose best skill is another one is named
    with the skill that wins it.

    ## Why it matters
    A lexical router (and an agent skimming the catalogue) would pick the wrong skill. The
    pass never makes this worse (a shortened description keeps every request its original
    won), so it is a note about the library as written, shown in `--format json`.

    ## Example
    `query 'dependency management' routes to x-request, not use-x-chat`.

    ## Fix
    Add the terms that tell the two skills apart to the descriptions.
    """,
)
register(
    "PV035",
    "front-matter-key-moved",
    WARNING,
    "provenance",
    """A front-matter key outside the spec was moved under `metadata`.

    ## What it checks
    The reference validator refuses top-level keys other than name, description, license,
    compatibility, metadata and allowed-tools. `skillc optimize` moves each other key (a
    client extension such as `user-invocable`, or `version`) under `metadata`, its value as a
    string, so the package validates and the value is kept.

    ## Why it matters
    A client that reads the key at the top level (Claude Code reads
    `disable-model-invocation` there) no longer sees it.

    ## Example
    `moved user-invocable under metadata (spec-valid front matter)`.

    ## Fix
    Pass `--keep-unknown-keys` to keep such keys where they are (the package then fails
    `agentskills validate`).
    """,
)
register(
    "PV036",
    "description-not-written",
    WARNING,
    "provenance",
    """The new description of a skill could not be written into its front matter.

    ## What it checks
    The description is replaced in the front matter as written; when the result would not read
    back with the new value (a front matter that is not closed, YAML that does not parse), the
    front matter is left as it was and this warning names the skill.

    ## Why it matters
    The report's description tokens then stay those of the input, and the package may still
    fail the reference validator.

    ## Example
    `the front matter does not read back with the new description: left as written`.

    ## Fix
    Close the front matter with a `---` line (or fix its YAML) and optimise again.
    """,
)
register(
    "PV037",
    "front-matter-value-rewritten",
    WARNING,
    "provenance",
    """A front-matter value the reference validator cannot read was rewritten as a string.

    ## What it checks
    The reference validator parses front matter with strictyaml, which refuses flow
    collections (`tags: [a, b]`, `metadata: {"x": 1}`) and any line that is not YAML
    (`argument-hint: [name] [path]`). `skillc optimize` quotes a one-line value that is not
    YAML (the text a lenient client reads), writes `allowed-tools` as the spec's string, a
    flow `metadata` mapping as a block mapping, and a metadata entry holding a collection as a
    string (a list joined by ", ", anything else as one line of JSON).

    ## Why it matters
    A client that reads the value as a list now reads a string.

    ## Example
    `metadata.tags: the collection written as the string `motion, react``.

    ## Fix
    Nothing to do if the string is what the skill means; otherwise write the value in block
    style in the source skill.
    """,
)
register(
    "PV038",
    "skill-folder-renamed",
    WARNING,
    "provenance",
    """The output folder or the `name` of a skill differs from its input, so they agree.

    ## What it checks
    The spec wants a skill's folder named as its `name`. When they differ and the name is valid,
    the optimised package is written to a folder named as the skill (the name is what clients
    show and invoke); when the name is missing or invalid (a title such as
    `XSS Testing`), the folder's name (or one derived from the name) is written as the name.

    ## Why it matters
    The package is found under another path than its input, or is invoked by another name.

    ## Example
    `written to skills/axolotl/: the folder is fine-tuning-axolotl/ but its front matter says
    name: axolotl`.

    ## Fix
    Rename the input folder, or correct its `name`, so the two agree.
    """,
)
register(
    "PV039",
    "front-matter-not-repaired",
    WARNING,
    "provenance",
    """The output's front matter still fails the reference validator, and why.

    ## What it checks
    After its repairs (PV035, PV037, PV038), `skillc optimize` reads the front matter it
    writes again: YAML that does not parse, flow collections, anchors or tags it could not
    rewrite, and keys outside the spec it could not move (when `metadata` is a string, such as
    a line of JSON some clients read, there is no map to move them into).

    ## Why it matters
    `agentskills validate` refuses the package; skillc leaves such a value as written rather
    than change what a client reads.

    ## Example
    `version left at the top level (metadata is not a map): the reference validator refuses
    keys outside the spec`.

    ## Fix
    Edit the source skill's front matter by hand.
    """,
)
register(
    "SK160",
    "optimize-input-unreadable",
    ERROR,
    "input",
    """An input of `skillc optimize` or `skillc eval-triggers` names no skill package.

    ## What it checks
    Each path must be a skill folder (holding SKILL.md), a folder of skill folders, or a
    `.skill`/`.zip` archive holding at least one.

    ## Why it matters
    A mistyped path in CI must fail, not optimise nothing.

    ## Example
    `skills/pdf: no skill found`.

    ## Fix
    Name a folder holding SKILL.md, a folder of such folders, or an archive of them.
    """,
)
register(
    "SK161",
    "optimize-file-not-carried",
    WARNING,
    "input",
    """A file of an input package could not be carried into the optimised package.

    ## What it checks
    Every file of a package is copied byte for byte; a symlink that leaves the skill folder or
    a file that cannot be read is left out, and named here.

    ## Why it matters
    Nothing is dropped without a diagnostic.

    ## Example
    `scripts/run.sh: symlink points outside the skill folder`.

    ## Fix
    Replace the link by the file it points to, or make the file readable.
    """,
)
register(
    "SK162",
    "optimize-name-clash",
    ERROR,
    "input",
    """Two input skills would be written to the same output folder.

    ## What it checks
    Each optimised package is written to `OUT/<folder>`, its folder named as the skill; two
    inputs with one folder (two libraries, or two folders whose skills share a `name`) cannot
    both be written. The message names both SKILL.md files.

    ## Why it matters
    One would silently replace the other.

    ## Example
    `review: also the folder of lib-b/review`.

    ## Fix
    Optimise the two libraries into two output folders.
    """,
)
register(
    "SK163",
    "evals-generated",
    INFO,
    "input",
    """`skillc eval-triggers` found no `evals/evals.json` in a skill and generated its queries.

    ## What it checks
    A skill without trigger evals is scored with the queries `skillc optimize` would write
    for it (its headings, commands and error strings; near misses from its siblings).

    ## Why it matters
    The scores of a skill with hand-written evals and one with generated ones mean different
    things.

    ## Example
    `tdd: no evals/evals.json; scored with 6 generated queries`.

    ## Fix
    Run `skillc optimize` to write them, or write your own in the same format.
    """,
)
register(
    "SK082",
    "body-sentence-removed",
    INFO,
    "provenance",
    """`skillc optimize` removed a sentence inside a paragraph of a SKILL.md body.

    ## What it checks
    A sentence that talks about the document rather than the task ("In this section we
    will...", "This guide explains...", "Happy coding!"), or that repeats an earlier sentence
    of the body (word trigrams at least 70% alike; the message names the earlier line). Only
    sentences holding no command, code, constraint, URL, path or number go, and never the
    last sentence of a list item.

    ## Why it matters
    An agent loads the body on every activation; nothing is dropped silently, so each
    removed sentence is quoted.

    ## Example
    `removed a sentence (filler): 'In this section we will set up the tool.'`.

    ## Fix
    Nothing to fix. To keep a sentence, make it say what to do.
    """,
)
register(
    "SK083",
    "body-contents-removed",
    INFO,
    "provenance",
    """`skillc optimize` removed a table of contents from a SKILL.md body.

    ## What it checks
    A list of three or more items, each only a link to a heading of the same page
    (`- [Setup](#setup)`), and a "Contents" heading left with nothing under it.

    ## Why it matters
    The headings are in the body already; the list costs tokens on every activation and
    tells the agent nothing new.

    ## Example
    `removed a table of contents (contents): '- [Setup](#setup)'`.

    ## Fix
    Nothing to fix.
    """,
)
register(
    "SK084",
    "body-phrase-shortened",
    INFO,
    "provenance",
    """`skillc optimize` shortened wordy phrases in a sentence of a SKILL.md body.

    ## What it checks
    Fixed rewrites that keep the meaning: "in order to" -> "to", "due to the fact that" ->
    "because", "prior to" -> "before", an opening "Basically," or "As you can see,", and
    "simply" or "actually" before a word. A sentence holding a constraint ("must", "never"...)
    is never rewritten, and code spans are never touched.

    ## Why it matters
    Fewer tokens on every activation; the sentence before the change is quoted.

    ## Example
    `shortened wordy phrases: 'In order to test, run the suite.'`.

    ## Fix
    Nothing to fix.
    """,
)
