"""Codes of the frontends: what a page held that they read in a simpler form, and PDF files."""

from __future__ import annotations

from skillc.diagnostics import Severity
from skillc.diagnostics.table import register

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

register(
    "SK030",
    "construct-kept-as-text",
    INFO,
    "frontends",
    """A directive, role or element the frontend does not know, kept as text.

    ## What it checks
    Unknown MyST and reStructuredText directives (their argument and content read as text),
    unknown roles such as a project's extlinks (their text), and HTML nested beyond what the
    reader builds structure for (kept as plain text). One note per construct and page, at its
    line.

    ## Why it matters
    Nothing is dropped silently: the content is in the skill, perhaps in a plainer form than
    the site shows it, and the note says where.

    ## Example
    `.. tab-set::` from sphinx-design: `unknown directive tab-set kept as text`.

    ## Fix
    Usually nothing; check the line in the output. Frequent constructs are worth a report.
    """,
)
register(
    "SK031",
    "docutils-message",
    INFO,
    "frontends",
    """docutils reported a problem with a reStructuredText page, or could not parse it.

    ## What it checks
    Every docutils system message becomes this diagnostic at its line (INFO for docutils'
    info level, WARNING above it). When docutils fails on a pathological page, the page is read
    line by line instead, and a WARNING says so.

    ## Why it matters
    docutils' own messages would otherwise go to stderr unsorted or be lost; the page is still
    read, but perhaps not as its author meant.

    ## Example
    `rst: Title underline too short.`

    ## Fix
    Correct the markup at the line (docutils' message says what it expected).
    """,
)
register(
    "SK032",
    "skill-file-not-read",
    WARNING,
    "frontends",
    """A skill given as a source links to a file of its folder, which the build does not read.

    ## What it checks
    A folder holding SKILL.md is read as one source, and only its SKILL.md is read. Each
    relative link in SKILL.md to another file of the folder (`references/api.md`,
    `scripts/run.sh`) gets this warning once, at the first link to it.

    ## Why it matters
    What that file holds is not in the output: an agent that follows the pointer in the
    rebuilt skill finds no file. The link's text is kept, the content is not.

    ## Example
    `jinja-api/SKILL.md:18:1: SK032 references/basics.md of this skill is not read (only
    SKILL.md is): its content is not in the output`.

    ## Fix
    Build from the skill's own sources (the guide it was made from), or fold the reference
    into SKILL.md. Reading a skill's reference files is planned (`skillc optimize`).
    """,
)
register(
    "SK033",
    "skill-files-not-read",
    WARNING,
    "frontends",
    """A skill given as a source holds files besides SKILL.md, which the build does not read.

    ## What it checks
    A folder holding SKILL.md is one source, and only its SKILL.md is read. When the folder
    holds other files (references, scripts, assets, a licence), one warning per skill names
    how many and the first five.

    ## Why it matters
    The rebuilt skill does not have those files: a script SKILL.md tells the agent to run,
    or a reference it mentions in passing (not as a link, so SK032 cannot see it), is gone.

    ## Example
    `skills/skill-creator: SK033 5 file(s) of this skill are not read (only SKILL.md is), so
    the output does not have them: LICENSE.txt, references/output-patterns.md, ...`.

    ## Fix
    Build from the skill's own sources, or copy the files into the output by hand. Reading
    whole skill packages is planned (`skillc optimize`).
    """,
)
register(
    "SK036",
    "repository-file-not-read",
    INFO,
    "frontends",
    """A file of a code repository that the repository frontend does not read.

    ## What it checks
    While a repository given as input is gathered: files over 1 MB (generated or minified,
    not written by hand), binary files (NUL bytes), files that are not UTF-8, symlinks that
    point outside the repository or loop, and the rest of a repository past 20,000 files or
    256 MB. One note per file or link, naming it.

    ## Why it matters
    The repository's skills are made from what was read; a skipped file can hold a command
    line or a build step that is then missing, and the note says which file it was.

    ## Example
    `repo/dist/app.min.js: SK036 over 1048576 bytes (5242880): not read`.

    ## Fix
    Usually nothing: such files are not the project's own source. Move a hand-written file
    inside the tree instead of linking it from outside.
    """,
)
register(
    "SK037",
    "repository-file-unparsed",
    WARNING,
    "frontends",
    """A file of a code repository does not parse cleanly; what parses around it is kept.

    ## What it checks
    Python, Go, Rust, JavaScript, TypeScript and shell files with syntax errors among those
    read for a command line (tree-sitter reads past them), `pyproject.toml` that is
    not valid TOML, CI workflows that are not valid YAML. One warning per file, at the first
    error's line.

    ## Why it matters
    A command or option defined in the broken part is not in the skills; the rest of the
    repository still builds.

    ## Example
    `src/tool/cli.py:40:1: SK037 2 syntax error(s) in src/tool/cli.py: read what parses
    around them`.

    ## Fix
    Fix the syntax error (the project's own tests would fail on it too), or ignore the
    warning for a file kept broken on purpose (a test fixture).
    """,
)
register(
    "SK038",
    "console-script-unresolved",
    INFO,
    "frontends",
    """A console script whose command line could not be read from the source.

    ## What it checks
    Each console script (`[project.scripts]`, `[tool.poetry.scripts]`, `console_scripts`)
    is followed to what it names; when that is not a click command or typer app, a function
    running one, or a function building an argparse parser, or the module is not in the
    repository, this note names the script.

    ## Why it matters
    No "use the command line" skill is made for that script: skillc lists only options it
    read from a definition, never guessed ones.

    ## Example
    `pyproject.toml:12:1: SK038 console script tool = 'tool.main:run': its command line could
    not be read from the source ...`.

    ## Fix
    Nothing to do in the repository; commands built dynamically (plugins, loops) cannot be
    read without running the code, which skillc never does.
    """,
)
register(
    "SK039",
    "repository-without-skills",
    WARNING,
    "frontends",
    """A code repository from which no skill could be made: its input adds nothing.

    ## What it checks
    A repository named on the command line whose code gives no skill (no program it
    installs, no CI, task-runner or documented build, test or contributing step, no public
    Python module) and which holds no README or docs page either.

    ## Why it matters
    The build succeeds with nothing from that input; without the warning the output is
    empty and nothing says why.

    ## Example
    Debian's golang-github-spf13-cobra-dev 1.6.1 ships cobra's Go sources without its
    README: `go.mod:1:1: SK039 cobra: no skill made from it: ...`.

    ## Fix
    Build the repository's checkout or sdist (with its README, docs and CI files) rather
    than sources packaged for a compiler. Public APIs are listed from Python only.
    """,
)
register(
    "SK064",
    "script-not-bundled",
    INFO,
    "frontends",
    """A script a repository's procedure runs is not bundled into the skill: it is not
    self-contained.

    ## What it checks
    Each file of the repository that a CI, task-runner or docs command runs
    (`scripts/install`, `python tools/check.py`) is bundled into the skill's `scripts/` only
    when it needs nothing else of the repository: Python importing the standard library only,
    shell sourcing nothing and running no other repository file, neither locating files from
    its own path, at most 64 KB. This note names each script that is not, at the line that
    shows why; the skill's body says the same after the steps that run it.

    ## Why it matters
    A bundled copy runs from the skill folder; one that sources a helper or imports the
    project would fail there. The step stays a command, with its provenance.

    ## Example
    `scripts/check:7:1: SK064 scripts/check is not bundled: it runs scripts/sync-version, another
    file of the repository`.

    ## Fix
    Nothing to do for the build; a script meant to travel with the skill can inline what it
    sources or runs.
    """,
)
register(
    "SK050",
    "encrypted-pdf",
    ERROR,
    "frontends",
    """A PDF that is encrypted and does not open with the empty password.

    ## What it checks
    An encrypted PDF is decrypted with the empty password (most "protected" PDFs only restrict
    printing); one that needs a real password, or a cipher this installation cannot decrypt,
    fails as a page.

    ## Why it matters
    Its text cannot be read; the page fails alone, named, and the build exits 2.

    ## Example
    `encrypted PDF; it does not open without a password`.

    ## Fix
    Provide an unencrypted copy (`qpdf --decrypt`), or install `cryptography` for AES.
    """,
)
register(
    "SK051",
    "pdf-without-text",
    WARNING,
    "frontends",
    """A PDF with no text layer: no skill is made from it.

    ## What it checks
    A PDF whose pages hold no extractable text (scanned pages are images), with the number of
    pages that are images.

    ## Why it matters
    There is nothing to compile without OCR, which is out of scope.

    ## Example
    `no text layer (scanned?) (12 of 12 pages are images); OCR is out of scope`.

    ## Fix
    Run OCR first (e.g. `ocrmypdf`), or use the document's source format.
    """,
)
register(
    "SK052",
    "unreadable-pdf",
    ERROR,
    "frontends",
    """A file that is not a readable PDF: empty, truncated or corrupt.

    ## What it checks
    pypdf cannot open the file, its page tree is broken, it has no pages, or not one page could
    be read. The message carries pypdf's own explanation.

    ## Why it matters
    The page fails alone, named, and the build exits 2.

    ## Example
    `not a readable PDF (truncated or corrupt?): PdfReadError: EOF marker not found`.

    ## Fix
    Download or export the PDF again.
    """,
)
register(
    "SK053",
    "unreadable-pdf-page",
    WARNING,
    "frontends",
    """One page of a PDF could not be read and was skipped; the rest was read.

    ## What it checks
    Text extraction failed on one page (pypdf raised); the diagnostic names the page as
    `file.pdf#pN`.

    ## Why it matters
    The page's text is missing from the skills made of the document.

    ## Example
    `page 17 could not be read and was skipped: ...`.

    ## Fix
    Re-export the PDF; check the skill for that page's content.
    """,
)
register(
    "SK063",
    "invisible-characters-deleted",
    INFO,
    "frontends",
    """Invisible characters of a page's text were deleted from the blocks read from it.

    ## What it checks
    Soft hyphens, zero-width spaces and joiners between ASCII letters, word joiners, stray byte
    order marks, tag characters and surplus variation selectors in the text of an HTML page
    (what `RK102` can delete safely), outside code blocks. One diagnostic per page, with the
    count of each character and the line of the first block that held one.

    ## Why it matters
    They split words for an agent's search and would make every emitted file carry an `RK102`
    hidden-unicode warning; deleting them changes nothing a reader sees. Bidirectional controls
    and script format characters are kept: in real text they matter.

    ## Example
    `guide.html:12:1: SK063 deleted 3 invisible character(s) from the text: 3 U+00AD SOFT
    HYPHEN`.

    ## Fix
    Nothing to do; the source keeps its characters.
    """,
)
register(
    "SK070",
    "nesting-flattened",
    WARNING,
    "frontends",
    """Content nested deeper than the reader builds structure for, read without the nesting.

    ## What it checks
    Markdown (past markdown-it's nesting limit) and HTML content nested that deep is read in
    full from its lines, with its lists, tables and headings as paragraphs and code kept as
    code. Once per page, at the first such line.

    ## Why it matters
    markdown-it drops such content without a word; skillc keeps it, but flatter than written.

    ## Example
    A list item inside 25 levels of blockquotes.

    ## Fix
    Usually the page is generated; nest less in the source if the structure matters.
    """,
)
