"""The reStructuredText (docutils + Sphinx) guide frontend: one page -> one SSL `Skill`.

Why: many guides are Sphinx projects written in RST (flask's, requests'). Peers copy such pages
verbatim, ``.. code-block::`` and ``:func:`` left in, or fail on them. This frontend parses with
docutils (`rst.parse`), lets stand-ins keep what Sphinx would show (`rst.sphinx`), turns the
doctree into the same piece stream the Markdown frontend produces (`rst.doctree`), and builds the
skill with the shared `scenes.assemble`, so steps, scenes and constraints are extracted exactly
as for a Markdown page.

Guarantees: same contract as `read_markdown`: deterministic; never raises on text input (if
docutils itself fails on a pathological page, the page is read by the line-based RST splitter
and an SK031 warning says so); every node has a span inside ``text`` whose source is
``source_id``; nothing is dropped silently; a whitespace-only page yields no skill and SK011.
Docutils' messages are SK031 diagnostics, unknown directives and roles SK030 (both INFO unless
docutils reports a warning or worse, then WARNING).
"""

from __future__ import annotations

from skillc.compiler.frontends.guide.result import FrontendResult
from skillc.compiler.frontends.guide.scenes import assemble
from skillc.compiler.frontends.guide.textutil import LineIndex, Roles, Targets, name_stem, page_stem
from skillc.compiler.frontends.markdown import eval_rst
from skillc.compiler.frontends.markdown.blocks import Reader
from skillc.compiler.frontends.rst.doctree import walk
from skillc.compiler.frontends.rst.inventory import rst_inventory
from skillc.compiler.frontends.rst.parse import parse
from skillc.compiler.frontends.rst.targets import Page, collect_rst_targets, doc_names
from skillc.diagnostics import Diagnostic, Severity

__all__ = ["FrontendResult", "Targets", "collect_rst_targets", "read_rst"]


def read_rst(text: str, *, source_id: str, targets: Targets | None = None) -> FrontendResult:
    """Read one RST page (decoded, ``\\n`` newlines) whose path is ``source_id``.

    ``targets`` are the labels and titles of all pages of the build (`collect_rst_targets`);
    without them, ``:ref:`` and ``:doc:`` resolve within this page only.
    """
    if not text.strip():
        empty = Diagnostic(
            code="SK011", message="empty document", severity=Severity.WARNING, path=source_id
        )
        return FrontendResult(skills=(), diagnostics=(empty,))
    own = targets if targets is not None else collect_rst_targets([(source_id, text)])
    try:
        return _read(text, source_id, own)
    except Exception as exc:  # docutils on pathological input: degrade, never raise
        return _line_based(text, source_id, exc, Roles(own, source_id))


def _read(text: str, source_id: str, targets: Targets) -> FrontendResult:
    index = LineIndex(text, source_id)
    page = Page(source_id=source_id, index=index, targets=targets, docs=doc_names(targets.titles))
    document, messages = parse(text, page)
    inventory = rst_inventory(document)
    # The RST rewriter used for sentence texts resolves :ref: through the same targets.
    roles = Roles(targets, source_id)
    reader = Reader(index, roles)
    walk(document, reader)
    skill = assemble(
        reader.events, index, page_stem(source_id), roles=roles, name=name_stem(source_id)
    )
    diagnostics = (*messages, *page.notes, *reader.diagnostics)
    return FrontendResult(skills=(skill,), diagnostics=_ordered(diagnostics), inventory=inventory)


def _ordered(diagnostics: tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    """By source position (page-level ones first), then code: one stable order for a page."""

    def key(diagnostic: Diagnostic) -> tuple[int, str, str]:
        start = diagnostic.span.start if diagnostic.span is not None else -1
        return start, diagnostic.code, diagnostic.message

    return tuple(sorted(diagnostics, key=key))


def _line_based(text: str, source_id: str, exc: BaseException, roles: Roles) -> FrontendResult:
    """Read the page with the line-based splitter MyST's ``{eval-rst}`` blocks use (it keeps
    paragraphs as prose and ``::`` blocks and code directives as code, at any depth: it nests
    on `Reader.run`'s list, not on Python's stack); if that fails too, keep the whole page as
    one removed block."""
    failed = Diagnostic(
        code="SK031",
        message=f"docutils could not parse the page ({type(exc).__name__}); read line by line",
        severity=Severity.WARNING,
        path=source_id,
    )
    index = LineIndex(text, source_id)
    for read in (_split, _whole):
        reader = Reader(index, roles)
        try:
            read(reader)
            skill = assemble(
                reader.events, index, page_stem(source_id), roles=roles, name=name_stem(source_id)
            )
        except Exception:  # a last resort must not raise either
            continue
        return FrontendResult(skills=(skill,), diagnostics=(failed, *reader.diagnostics))
    return FrontendResult(skills=(), diagnostics=(failed,))


def _split(reader: Reader) -> None:
    reader.run(eval_rst.read_rst(reader, list(reader.index.lines), 0, ""))


def _whole(reader: Reader) -> None:
    index = reader.index
    reader.removed(index.text, index.whole(), "rst page no parser could read")
