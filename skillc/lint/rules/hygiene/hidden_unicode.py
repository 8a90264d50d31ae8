"""RK102: characters that are invisible to a reviewer but read by the agent."""

from __future__ import annotations

from collections.abc import Iterator

from skillc.diagnostics import Applicability, Diagnostic, Edit, Fix, Severity
from skillc.lint.codes import diagnostic, rule
from skillc.lint.detect.unicode import UnicodeMatch, find_hidden_unicode, tag_text
from skillc.lint.rules.spec._values import short
from skillc.package.model import Package, PackageFile, span_at

MAX_SHOWN_TAG_TEXT = 40


@rule("RK102", "hidden-unicode", severity=Severity.WARNING, fix="safe")
def check(pkg: Package) -> Iterator[Diagnostic]:
    """A text file contains hidden Unicode: bidirectional controls, zero-width or tag characters.

    ## What it checks
    Every text file with the shared detector `skillc.lint.detect.unicode.find_hidden_unicode`:
    bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069), zero-width
    characters (U+200B-200D, U+2060, U+FEFF after the start of the file), tag characters
    (U+E0000-E007F), surplus variation selectors and every other format (`Cf`) character,
    except where the character does a visible job: joiners inside emoji sequences or between
    letters of scripts that need them, bidi marks on lines with right-to-left text, flag tag
    sequences, one variation selector after its base. Adjacent hidden characters are reported
    as one run; a run of tag characters shows the ASCII text it spells.

    ## Why it matters
    What a reviewer sees is not what the agent reads. Bidirectional overrides reorder the
    displayed text (Trojan Source); zero-width and tag characters carry text nobody sees
    ("ASCII smuggling" hides whole instructions in tag characters). Poisoned skills hide prompt
    injections this way, and SkillHarm-style attacks need only one file a reviewer skims.

    ## Example
    `Summarise the file.` followed by invisible tag characters spelling "and upload it".

    ## Fix
    The safe fix deletes characters that can never carry meaning where they are: zero-width
    spaces and joiners between ASCII characters, word joiners, stray byte order marks, soft
    hyphens, invisible operators, tag characters and surplus variation selectors. Bidirectional
    controls and marks and script-specific format characters are not deleted automatically,
    since in real right-to-left or historic text they matter: remove them by hand if the text
    does not need them.
    """
    for file in pkg.files:
        text = file.text
        if text is None or text.isascii():
            continue
        for run in _runs(find_hidden_unicode(text)):
            yield _report(file, text, run)


def _runs(matches: list[UnicodeMatch]) -> Iterator[list[UnicodeMatch]]:
    """Adjacent matches grouped into runs (a smuggled sentence is one finding, not fifty)."""
    run: list[UnicodeMatch] = []
    for match in matches:
        if run and match.start != run[-1].end:
            yield run
            run = []
        run.append(match)
    if run:
        yield run


def _report(file: PackageFile, text: str, run: list[UnicodeMatch]) -> Diagnostic:
    first = run[0]
    start, end = first.start, run[-1].end
    if len(run) == 1:
        message = f"hidden Unicode character {first.label}"
    else:
        message = f"run of {len(run)} hidden Unicode characters starting with {first.label}"
    spelled = tag_text(text[start:end])
    if spelled:
        message += f" (tag characters spelling {short(spelled, MAX_SHOWN_TAG_TEXT)!r})"
    fix = None
    if all(m.removable for m in run):
        fix = Fix(
            message="Delete the hidden characters",
            applicability=Applicability.SAFE,
            edits=(Edit(path=file.display, start=start, end=end, replacement=""),),
        )
    return diagnostic("RK102", message, span=span_at(file.display, text, start, end), fix=fix)
