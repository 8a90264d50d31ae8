"""Parse one reStructuredText page with docutils, quietly, with the Sphinx stand-ins.

Why: docutils is the reference RST parser (sections by adornment, nested lists, grid tables,
literal blocks, inline markup), but out of the box it writes to stderr, can stop on severe
errors, reads included files and raw HTML, and knows none of Sphinx's directives and roles.
This module fixes all four for a compiler that reads untrusted pages.

Guarantees: nothing is written to stderr and nothing halts (report and halt levels 5); no file
is read (``file_insertion_enabled`` off) and no raw markup passes (``raw_enabled`` off); every
docutils system message becomes an SK031 diagnostic (INFO for info, WARNING above) with its
line; directive and role stand-ins (`rst.sphinx`, `rst.roles`) come in through a local state
machine and inliner, so docutils' global registries are left as they were (roles a page
defines with ``.. role::`` are removed again after the parse).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from docutils import frontend, nodes, utils
from docutils.parsers.rst import Parser, roles, states
from docutils.transforms import references

from skillc.compiler.frontends.rst import roles as rst_roles
from skillc.compiler.frontends.rst import sphinx as rst_sphinx
from skillc.compiler.frontends.rst.targets import Page
from skillc.diagnostics import Diagnostic, Severity

__all__ = ["parse"]

_INFO_LEVEL = 1
# Docutils' own transforms worth running: substitutions, footnote numbers, named hyperlinks
# resolved to their URLs. Writer-oriented ones (messages sections, class stripping) are not.
_TRANSFORMS = (
    references.Substitutions,
    references.PropagateTargets,
    references.AnonymousHyperlinks,
    references.IndirectHyperlinks,
    references.Footnotes,
    references.ExternalTargets,
    references.InternalTargets,
)


class _Sink:
    """A warning stream that keeps nothing: messages are collected by an observer instead."""

    def write(self, text: str) -> None:
        return None

    def flush(self) -> None:
        return None


_SETTINGS: Any = None


def _settings() -> Any:
    """Docutils settings for one page (the defaults are built once: that is the slow part)."""
    global _SETTINGS
    if _SETTINGS is None:
        base = frontend.get_default_settings(Parser)
        base.report_level = 5
        base.halt_level = 5
        base.warning_stream = _Sink()
        base.file_insertion_enabled = False
        base.raw_enabled = False
        base.doctitle_xform = False  # sections stay sections: the first title is level 1
        base.sectsubtitle_xform = False
        base.smart_quotes = False
        base.syntax_highlight = "none"
        base.character_level_inline_markup = False
        base.pep_references = False
        base.rfc_references = False
        base.line_length_limit = 1_000_000
        base.tab_width = 8
        base.input_encoding = "utf-8"
        _SETTINGS = base
    return copy.copy(_SETTINGS)


# --- Local directive and role lookup ---------------------------------------------------------


def _directive(self: Any, match: Any, **option_presets: Any) -> Any:
    """`states.Body.directive`, consulting the stand-ins before docutils' registry."""
    type_name = match.group(1)
    standin = rst_sphinx.directive_for(type_name)
    if standin is None:
        return states.Body.directive(self, match, **option_presets)
    return self.run_directive(standin, match, type_name, option_presets)


def _explicit_directive(self: Any, match: Any) -> Any:
    # The explicit-markup table holds the plain function ``Body.directive``; route it to the
    # state's own method so the override above applies after the first directive too.
    return self.directive(match)


def _explicit() -> Any:
    table = copy.copy(states.Body.explicit)
    table.constructs = [
        (_explicit_directive if method is states.Body.directive else method, pattern)
        for method, pattern in states.Body.explicit.constructs
    ]
    return table


_EXPLICIT = _explicit()
# Nested parses (sections, list items, directive bodies) build state machines from
# ``nested_sm_kwargs`` and reuse them through a cache shared by every docutils state: both must
# be ours, or nested content would see docutils' tables and other docutils users ours.
_NESTED_CACHE: list[Any] = []


def _local(cls: Any) -> type:
    """``cls`` with our nested-parse tables (and, for ``Body``/``Explicit``, directives).

    State classes are looked up by class name, so the subclass keeps docutils' name.
    """
    attrs: dict[str, Any] = {"nested_sm_cache": _NESTED_CACHE}
    if cls.__name__ in ("Body", "Explicit"):
        attrs.update(directive=_directive, explicit=_EXPLICIT)

    def __init__(self: Any, state_machine: Any, debug: bool = False) -> None:
        cls.__init__(self, state_machine, debug)
        self.nested_sm_kwargs = {"state_classes": _STATE_CLASSES, "initial_state": "Body"}

    attrs["__init__"] = __init__
    return type(cls.__name__, (cls,), attrs)


_STATE_CLASSES = tuple(_local(cls) for cls in states.state_classes)


def _inliner() -> states.Inliner:
    """Docutils' inliner, consulting the role stand-ins first.

    Patched on the instance, not subclassed: `Inliner.init_customizations` builds its patterns
    from ``vars(type(self))``, which a subclass would leave without docutils' attributes.
    """
    inliner = states.Inliner()
    docutils_interpreted = inliner.interpreted

    def interpreted(rawsource: str, text: str, role: str, lineno: int) -> Any:
        standin = rst_roles.role_for(role)
        if standin is None:
            return docutils_interpreted(rawsource, text, role, lineno)
        return standin(role, rawsource, text, lineno, inliner)

    setattr(inliner, "interpreted", interpreted)  # noqa: B010 - an instance attribute
    return inliner


class _Parser(Parser):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(inliner=_inliner())
        self.state_classes = _STATE_CLASSES


# --- Parsing --------------------------------------------------------------------------------------


def parse(text: str, page: Page) -> tuple[nodes.document, list[Diagnostic]]:
    """The doctree of ``text`` and docutils' messages about it, as diagnostics.

    Stand-in notes (SK030) go to ``page.notes``. Raises only what docutils itself raises on
    pathological input (the caller degrades to the line splitter).
    """
    document = utils.new_document(page.source_id, _settings())
    messages: list[Diagnostic] = []
    document.reporter.attach_observer(_observer(page, messages))
    known_roles = set(roles._roles)
    rst_sphinx.attach(document, page)
    try:
        _Parser().parse(text, document)
        document.transformer.add_transforms(list(_TRANSFORMS))
        document.transformer.apply_transforms()
    finally:
        for name in set(roles._roles) - known_roles:  # ".. role::" registers globally
            roles._roles.pop(name, None)
    return document, messages


def _observer(page: Page, out: list[Diagnostic]) -> Callable[[nodes.system_message], None]:
    def observe(message: nodes.system_message) -> None:
        level = int(message.get("level", _INFO_LEVEL))
        line = message.get("line")
        span = None
        if isinstance(line, int) and line > 0:
            span = page.index.lines_span(line - 1, line)
        text = message[0].astext() if len(message) else message.astext()
        out.append(
            Diagnostic(
                code="SK031",
                message=f"rst: {' '.join(text.split())}",
                severity=Severity.INFO if level <= _INFO_LEVEL else Severity.WARNING,
                span=span,
                path=page.source_id,
            )
        )

    return observe
