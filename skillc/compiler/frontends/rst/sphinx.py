"""Stand-ins for the Sphinx directives that plain docutils does not know (roles: `rst.roles`).

Why: reStructuredText guides are Sphinx projects. Plain docutils rejects ``versionadded``,
``toctree``, ``autoclass``, ``:func:``, ``:ref:``... and replaces each with an error node, so the
text is lost (peers copy such pages verbatim, directives and roles left in, or fail on them).
Each stand-in here keeps what Sphinx would show, as ordinary docutils nodes or one of the few
marker nodes below, which `rst.doctree` turns into pieces. The decisions (which directive is
code, an admonition, a version note, API documentation...) are the shared ones of `directives`,
so an RST page and a MyST page with the same directive give the same blocks.

Registration is local: `rst.parse` gives docutils a state machine and an inliner that consult
`directive_for` (and `rst.roles.role_for`) before docutils' own tables. Nothing is registered
in docutils' global registries, so other docutils users in the process are unaffected.

API descriptions (``.. function::``, ``.. c:type::``, CPython's ``.. opcode::``...) keep the
signatures Sphinx would show (`rst.signature`), tracking ``.. module::``/``.. currentmodule::``
and class bodies as Sphinx does; doctest setup code and ``:hide:`` blocks, which Sphinx does not
show, are removed with a reason; ``productionlist`` is the grammar block Sphinx shows.

Guarantees: every directive yields its content, a `Removed` marker with a reason and the raw
text, or (when unknown) its parsed content plus an SK030 note; nothing raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.directives.admonitions import BaseAdmonition
from docutils.parsers.rst.languages import en

from skillc.compiler.frontends.guide import directives as d
from skillc.compiler.frontends.guide.escape import code_span
from skillc.compiler.frontends.rst.signature import Context, render, split_signatures
from skillc.compiler.frontends.rst.targets import Page
from skillc.diagnostics import Diagnostic, Severity

#: The attribute of a docutils document holding the `Page` it is read as.
_PAGE = "skillc_page"


def attach(document: nodes.document, page: Page) -> None:
    """Make ``page`` the one the stand-ins reading ``document`` resolve links against and
    report to (roles reach the document through their inliner, directives their state)."""
    setattr(document, _PAGE, page)


def current_page(document: nodes.document) -> Page | None:
    """The page ``document`` is read as, or ``None`` when none was attached."""
    page: Page | None = getattr(document, _PAGE, None)
    return page


def note(document: nodes.document, message: str, line: int) -> None:
    """An SK030 INFO diagnostic at 1-based source ``line`` of the page being read."""
    page = current_page(document)
    if page is None:
        return
    span = page.index.lines_span(line - 1, line) if line > 0 else None
    page.notes.append(
        Diagnostic(
            code="SK030",
            message=message,
            severity=Severity.INFO,
            span=span,
            path=page.source_id,
        )
    )


# --- Marker nodes ---------------------------------------------------------------------------------


class Removed(nodes.General, nodes.Element):  # type: ignore[misc]
    """Source text not emitted (``reason``, raw ``text``): API docs, tables of contents..."""


class VersionNote(nodes.General, nodes.Element):  # type: ignore[misc]
    """``versionadded`` and kin: ``note`` is Sphinx's sentence; children are the body."""


class Description(nodes.General, nodes.Element):  # type: ignore[misc]
    """A hand-written API description (``.. py:data:: DEBUG``): ``signatures`` as Sphinx shows
    them (`rst.signature`), ``lines`` the number of source lines they take, and a body."""


class UnknownDirective(nodes.General, nodes.Element):  # type: ignore[misc]
    """A directive nobody knows (``name``): its argument and content, parsed as RST."""


class SeeAlso(nodes.Admonition, nodes.Element):  # type: ignore[misc]
    """Sphinx's ``seealso`` admonition."""

    tagname = "seealso"


class Todo(nodes.Admonition, nodes.Element):  # type: ignore[misc]
    """sphinx.ext.todo's ``todo`` admonition."""

    tagname = "todo"


# --- Directives -----------------------------------------------------------------------------------


class _AnyOptions(dict[str, Callable[[str | None], str]]):
    """Accept every option (Sphinx extensions add many) and keep its value as text.

    Not empty on purpose: docutils only looks for options when the spec is truthy.
    """

    def __missing__(self, key: str) -> Callable[[str | None], str]:
        return _unchanged


def _unchanged(value: str | None) -> str:
    """Docutils' ``directives.unchanged``: the option's text, ``""`` for a flag."""
    return str(directives.unchanged(value))


_OPTIONS = _AnyOptions(caption=_unchanged, name=_unchanged)


class _StandIn(Directive):  # type: ignore[misc]
    """Base of the stand-ins: any options, an optional argument, content."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _OPTIONS

    @property
    def argument(self) -> str:
        return self.arguments[-1] if self.arguments else ""

    def place(self, node: nodes.Element) -> nodes.Element:
        """Give ``node`` the directive's source line and its whole line range."""
        node.source, node.line = self.state_machine.get_source_and_line(self.lineno)
        first = self.lineno - 1
        node["skillc_lines"] = (first, first + len(self.block_text.rstrip("\n").split("\n")))
        return node

    def paragraph(self, text: str, line: int) -> list[nodes.Node]:
        """``text`` (directive-line inline markup) as a paragraph at 1-based ``line``."""
        inline, messages = self.state.inline_text(text, line)
        para = nodes.paragraph(text, "", *inline)
        para.source, para.line = self.state_machine.get_source_and_line(line)
        return [para, *messages]

    def parse_into(self, node: nodes.Element) -> nodes.Element:
        self.state.nested_parse(self.content, self.content_offset, node)
        return node


class Code(_StandIn):
    """``code-block`` and kin: the body verbatim, the language, a caption as a prose line.

    Sphinx's doctest directives with ``:hide:`` are not shown on the page: they are recorded as
    removed. ``:no-trim-doctest-flags:`` keeps a session's ``# doctest:`` flags (`rst.inline`).
    """

    default_language = ""

    def run(self) -> list[nodes.Node]:
        if "hide" in self.options and self.name.lower() in _DOCTEST_DIRECTIVES:
            return [_hidden(self, f"sphinx {self.name.lower()} with :hide: (not shown)")]
        # A doctest directive's argument names its test group, not a language.
        doctest = self.name.lower() in _DOCTEST_DIRECTIVES
        language = self.argument.split()[0] if self.argument and not doctest else ""
        language = language or self.options.get("language", "") or self.default_language
        out: list[nodes.Node] = []
        caption = self.options.get("caption", "")
        if caption:
            lines = self.block_text.split("\n")
            at = next((k for k, line in enumerate(lines) if ":caption:" in line), 0)
            out.extend(self.paragraph(caption, self.lineno + at))
        text = "\n".join(self.content)
        block = nodes.literal_block(text, text, language=language)
        if "no-trim-doctest-flags" in self.options:
            block["trim_flags"] = False
        out.append(self.place(block))
        return out


class PythonCode(Code):
    default_language = "python"


class Session(Code):
    default_language = "pycon"


class Output(Code):
    default_language = "none"  # Sphinx does not highlight a test's expected output


class DoctestSetup(_StandIn):
    """``testsetup``/``testcleanup``: code Sphinx runs when testing but never shows."""

    def run(self) -> list[nodes.Node]:
        return [_hidden(self, f"sphinx {self.name.lower()} (test code, not shown)")]


def _hidden(directive: _StandIn, reason: str) -> nodes.Element:
    node = Removed(reason=reason, text=directive.block_text.rstrip("\n"))
    return directive.place(node)


class ProductionList(_StandIn):
    """``productionlist``: the grammar as the code block Sphinx's HTML shows (names padded to
    one width, ``::=``, continuation lines indented under the first rule's right side)."""

    required_arguments = 1
    optional_arguments = 0
    has_content = False

    def run(self) -> list[nodes.Node]:
        text = production_text(self.arguments[0] if self.arguments else "")
        return [self.place(nodes.literal_block(text, text, language=""))]


# A token reference in a production (Sphinx's ``token_re``): shown without its backquotes.
_TOKEN = re.compile(r"`((~?\w*:)?\w+)`")


def _token_title(match: re.Match[str]) -> str:
    token = match.group(1)
    if ":" in token and token[0] == "~":
        return token.split(":")[1]
    return token[1:] if token[0] == ":" else token


def production_text(argument: str) -> str:
    """Sphinx's HTML rendering of a ``productionlist`` argument, as plain text."""
    lines = argument.replace("\\\n", "").split("\n")
    rules: list[tuple[str, str]] = []
    for n, rule in enumerate(lines):
        if n == 0 and ":" not in rule:
            continue  # the production group's name
        if ":" not in rule:
            break
        name, tokens = rule.split(":", 1)
        rules.append((name.strip(), _TOKEN.sub(_token_title, tokens)))
    width = max((len(name) for name, _ in rules), default=0)
    out: list[str] = []
    last = None
    for name, tokens in rules:
        if name:
            last = name.ljust(width)
            out.append(f"{last} ::= {tokens}")
        elif last is not None:
            out.append(f"{' ' * len(last)}     {tokens}")
        else:
            out.append(tokens)
    return "\n".join(line.rstrip() for line in out).rstrip()


class Version(_StandIn):
    """``versionadded 2.0 [text]``: Sphinx's sentence, then the text and content."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        version = self.arguments[0].split(None, 1)[0] if self.arguments else ""
        node = self.place(VersionNote(note=d.version_note(self.name.lower(), version)))
        if len(self.arguments) > 1 and self.arguments[1].strip():
            node.extend(self.paragraph(self.arguments[1], self.lineno))
        return [self.parse_into(node)]


class Remove(_StandIn):
    """Directives whose text is not emitted, recorded with why (`directives.removal_reason`).

    ``module``, ``currentmodule`` and ``default-domain`` also set where the API signatures that
    follow are read (Sphinx shows ``os.path.join`` for ``join`` after ``.. module:: os.path``).
    """

    def run(self) -> list[nodes.Node]:
        name = self.name.lower()
        domain, _, base = name.rpartition(":")
        reason = d.removal_reason(base, self.argument, list(self.content))
        reason = reason or f"sphinx directive {name} {self.argument}".rstrip()
        node = Removed(reason=reason, text=self.block_text.rstrip("\n"))
        if base == "highlight":
            node["language"] = self.argument.split()[0] if self.argument else ""
        _set_context(_context(self.state.document), domain, base, self.argument.strip())
        return [self.place(node)]


def _context(document: nodes.document) -> Context:
    """The API context of the page being read (a throwaway one when none is attached)."""
    page = current_page(document)
    return page.api if page is not None else Context()


def _set_context(context: Context, domain: str, base: str, argument: str) -> None:
    """Sphinx's ``py:module`` (``None`` clears it) and default domain, set by a directive."""
    if domain in ("", "py") and base in ("module", "currentmodule"):
        context.module = "" if argument in ("", "None") else argument
    elif not domain and base == "default-domain":
        context.default_domain = argument or "py"


class Describe(_StandIn):
    """``.. function:: name(args)``: the signatures as Sphinx shows them, the body read.

    A class (or ``.. method:: Foo.bar``) is the class context of the entries in its body, and a
    ``:module:`` option their module, as in Sphinx; both are restored after the body.
    """

    required_arguments = 1
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        context = _context(self.state.document)
        argument = self.arguments[0] if self.arguments else ""
        shown = [
            render(self.name, signature, self.options, context)
            for signature in split_signatures(argument)
        ]
        node = self.place(
            Description(signatures=tuple(s.shown for s in shown), lines=argument.count("\n") + 1)
        )
        opens = shown[-1].opens if shown else ""
        saved = (context.module, list(context.classes))
        if "module" in self.options:
            context.module = self.options["module"].strip()
        if opens:
            context.classes.append(opens)
        try:
            return [self.parse_into(node)]
        finally:
            context.module, context.classes = saved


class Container(_StandIn):
    """Layout wrappers (tabs, grids, glossary): a tab's label as a bold line, then the body.

    Other arguments (``rst-class`` names, grid column counts) are layout, not text.
    """

    def run(self) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        name = self.name.lower()
        if self.argument and name in _LABELLED:
            label = nodes.paragraph(self.argument, "", nodes.strong(self.argument, self.argument))
            label.source, label.line = self.state_machine.get_source_and_line(self.lineno)
            out.append(label)
        elif self.argument and name == "centered":
            out.extend(self.paragraph(self.argument, self.lineno))
        holder = self.parse_into(nodes.container())
        return [*out, *holder.children]


class Unknown(_StandIn):
    """A directive no table knows: its argument and content parsed as RST, and an SK030 note."""

    def run(self) -> list[nodes.Node]:
        node = self.place(UnknownDirective(name=self.name))
        if self.argument:
            node.extend(self.paragraph(self.argument, self.lineno))
        note(self.state.document, f"unknown directive {self.name} kept as text", self.lineno)
        return [self.parse_into(node)]


class SeeAlsoDirective(BaseAdmonition):  # type: ignore[misc]
    node_class = SeeAlso


class TodoDirective(BaseAdmonition):  # type: ignore[misc]
    node_class = Todo


# Sphinx's object descriptions: hand-written API text (unlike autodoc, which needs the source).
_DESCRIBE = frozenset(
    {
        "function", "class", "method", "attribute", "data", "exception", "decorator",
        "decoratormethod", "classmethod", "staticmethod", "property", "describe", "object",
        "envvar", "option", "cmdoption", "confval", "event", "type", "member", "var", "macro",
        "struct", "enum", "enumerator", "union", "concept", "directive", "role",
        # CPython's Sphinx extension (Doc/tools/extensions/pyspecific.py)
        "coroutinefunction", "coroutinemethod", "awaitablefunction", "awaitablemethod",
        "abstractmethod", "opcode", "pdbcommand", "2to3fixer",
    }
)  # fmt: skip
# Descriptions Sphinx only knows with a domain prefix (a bare ``.. role::`` is docutils').
_DOMAIN_ONLY = frozenset(
    {"directive", "role", "type", "member", "var", "macro", "struct", "enum", "enumerator",
     "union", "concept"}
)  # fmt: skip
# Containers whose argument is shown: a tab or card label (bold), or centered text.
_LABELLED = d.TABS | {"card", "grid-item-card"}
_REMOVE = frozenset(
    {
        "toctree", "contents", "include", "literalinclude", "image", "figure", "highlight",
        "index", "only", "raw", "sectionauthor", "moduleauthor", "codeauthor", "tabularcolumns",
        "default-domain", "sectnum", "header", "footer", "meta", "title", "target-notes",
        "ifconfig", "program", "graphviz", "inheritance-diagram",
    }
)  # fmt: skip
_DOCTEST_DIRECTIVES = frozenset({"doctest", "testcode", "testoutput"})
_TABLE: dict[str, type[Directive]] = {
    **{name: Code for name in d.CODE},
    "code-tab": Code,
    "click:example": PythonCode,
    "click:run": PythonCode,
    "testcode": PythonCode,
    "testsetup": DoctestSetup,
    "testcleanup": DoctestSetup,
    "productionlist": ProductionList,
    "testoutput": Output,
    "doctest": Session,
    **{name: Version for name in d.VERSIONS},
    **{name: Remove for name in _REMOVE | d.API},
    **{name: Container for name in (d.CONTAINERS | d.TABS) - {"container", "rubric"}},
    "glossary": Container,
    "hlist": Container,
    "centered": Container,
    "rst-class": Container,
    "seealso": SeeAlsoDirective,
    "todo": TodoDirective,
}


def directive_for(name: str) -> type[Directive] | None:
    """The stand-in for directive ``name``, or ``None`` when docutils' own should run."""
    lower = name.lower()
    if lower in _TABLE:
        return _TABLE[lower]
    domain, _, base = lower.rpartition(":")
    if domain and base in d.API:
        return Remove
    if base in _DESCRIBE and (domain or base not in _DOMAIN_ONLY):
        return Describe
    return None if _docutils_knows_directive(lower) else Unknown


def _docutils_knows_directive(name: str) -> bool:
    canonical = en.directives.get(name, name)
    return name in directives._directives or canonical in directives._directive_registry


def signature_markdown(signatures: Sequence[str]) -> str:
    """A description's signatures as one line of code spans."""
    return ", ".join(code_span(s) for s in signatures)
