"""API entries as headings, and the Sphinx renderings the RST frontend reproduces.

A Sphinx API entry (``.. function::``, ``<dl class="py function">``) is a heading one level below
its section, nested entries one level deeper, its signature as Sphinx shows it in a code span. The
HTML and RST frontends must agree: `api_entries.html` is what Sphinx 5.3 writes for
`api_entries.rst`. The signature cases below are copied from python3.11-doc's HTML (Sphinx 5.3)
and its `_sources`; `test_python_doc_equivalence` checks the whole manual.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from skillc.compiler.frontends.html.reader import read_html
from skillc.compiler.frontends.rst.reader import read_rst
from skillc.compiler.frontends.rst.signature import Context, render, split_signatures
from skillc.compiler.frontends.rst.sphinx import production_text
from skillc.ir import Code, Heading, ListBlock, Placement, Prose, Skill

HERE = Path(__file__).parent


def html(text: str) -> Skill:
    (skill,) = read_html(text, source_id="page.html").skills
    return skill


def rst(text: str) -> Skill:
    (skill,) = read_rst(text, source_id="page.rst").skills
    return skill


def shown(skill: Skill) -> list[tuple[str, int, str]]:
    return [
        (type(b).__name__, getattr(b, "level", 0), getattr(b, "text", ""))
        for b in skill.blocks
        if b.placement is not Placement.REMOVED
    ]


EXPECTED = [
    ("Heading", 1, "Reference"),
    ("Heading", 2, "Functions"),
    ("Heading", 3, "`demo.tools.join(path, *paths)`"),
    ("Prose", 0, "`demo.tools.join(a, b=1, *, c='x')`"),  # a second signature
    ("Prose", 0, "Join paths."),
    ("Heading", 3, "`class demo.tools.Store(root[, mode])`"),
    ("Prose", 0, "A store."),
    ("Heading", 4, "`open(name) → Handle`"),  # nested in the class: one deeper, no module
    ("Prose", 0, "Open a file."),
    ("Heading", 5, "`depth: int`"),
    ("Prose", 0, "How deep."),
    ("Heading", 3, "`PyObject *Demo_New(const char *name, ...)`"),
    ("Prose", 0, "Make one."),
    ("Prose", 0, "After the entries."),
]


def test_html_and_rst_give_the_same_api_headings() -> None:
    page = html((HERE / "html_cases" / "api_entries.html").read_text(encoding="utf-8"))
    source = rst((HERE / "rst_cases" / "api_entries.rst").read_text(encoding="utf-8"))
    assert shown(page) == EXPECTED
    assert shown(source) == EXPECTED
    # The heading's span is the signature's line in both.
    heading = next(b for b in source.blocks if isinstance(b, Heading) and "Store" in b.text)
    assert heading.prov[0].line == heading.prov[0].end_line == 14


def test_api_headings_nest_at_most_to_level_six() -> None:
    entry = '<dl class="py class"><dt class="sig sig-object py">class C{n}</dt><dd><p>x</p>'
    page = "<html><body><h1>T</h1><h2>S</h2>" + "".join(entry.format(n=n) for n in range(7))
    levels = [b.level for b in html(page).blocks if isinstance(b, Heading)]
    assert levels == [1, 2, 3, 4, 5, 6, 6, 6, 6]
    source = "T\n=\n\n" + "".join(
        f"{'   ' * n}.. class:: C{n}\n\n{'   ' * (n + 1)}x\n\n" for n in range(7)
    )
    levels = [b.level for b in rst(source).blocks if isinstance(b, Heading)]
    assert levels == [1, 2, 3, 4, 5, 6, 6, 6]


def test_definition_lists_that_are_not_api_entries_stay_lists() -> None:
    page = "<html><body><h1>T</h1><dl><dt>host</dt><dd><p>The machine.</p></dd></dl></body></html>"
    assert [b.items for b in html(page).blocks if isinstance(b, ListBlock)] == [
        ("**host**: The machine.",)
    ]


CASES = [
    # (directive, argument, options, module, classes, what Sphinx 5.3 shows)
    ("function", "join(path, *paths)", {}, "os.path", [], "os.path.join(path, *paths)"),
    ("function", "open(file, mode='r', buffering=-1)", {}, "", [], None),
    ("function", 'f(a,b = 1, *, c="x")', {}, "", [], "f(a, b=1, *, c='x')"),
    ("function", "mkdir(path, mode=0o777, *, dir_fd=None)", {}, "os", [], None),
    ("function", "f(a, b, /, c)", {}, "", [], "f(a, b, /, c)"),
    ("function", "f(x: int = 3) -> list[int]", {}, "", [], "f(x: int = 3) → list[int]"),
    ("function", "getpid()", {}, "os", [], "os.getpid()"),
    ("function", "getpid", {}, "os", [], "os.getpid()"),
    ("function", "f(a[, b[, c]])", {}, "", [], "f(a[, b[, c]])"),
    ("function", "f([a, b])", {}, "", [], "f([a, b])"),
    ("function", "f(a [,b])", {}, "", [], "f(a[, b])"),
    ("function", "f(a, [b)", {}, "", [], "f(a, [b)"),  # unbalanced: kept as written
    ("function", "not a signature!", {}, "", [], "not a signature!"),
    ("function", "f()", {"async": ""}, "m", [], "async m.f()"),
    ("method", "kqueue.control(changelist, max_events[, timeout]) -> eventlist", {}, "select",
     [], "kqueue.control(changelist, max_events[, timeout]) → eventlist"),
    ("method", "fileno()", {}, "select", ["kqueue"], "fileno()"),
    ("method", "kqueue.fileno()", {}, "select", ["kqueue"], "fileno()"),
    ("classmethod", "fromhex(string)", {}, "", ["float"], "classmethod fromhex(string)"),
    ("staticmethod", "str.maketrans(x[, y[, z]])", {}, "", [], "static str.maketrans(x[, y[, z]])"),
    ("coroutinemethod", "read(n=-1)", {}, "asyncio", ["StreamReader"], "coroutine read(n=-1)"),
    ("abstractmethod", "get_data(path)", {}, "", ["Loader"], "abstractmethod get_data(path)"),
    ("method", "run()", {"abstractmethod": "", "async": ""}, "", ["C"], "abstract async run()"),
    ("decorator", "cache(user_function)", {}, "functools", [],
     "@functools.cache(user_function)"),
    ("class", "PurePath(*pathsegments)", {}, "pathlib", [],
     "class pathlib.PurePath(*pathsegments)"),
    ("class", "Foo()", {}, "m", [], "class m.Foo"),
    ("exception", "OSError", {}, "", [], "exception OSError"),
    ("attribute", "depth", {"type": "int"}, "m", ["C"], "depth: int"),
    ("data", "DEBUG", {"value": "False"}, "m", [], "m.DEBUG = False"),
    ("property", "name", {"type": "str"}, "m", ["C"], "property name: str"),
    ("c:function", "PyObject* PyErr_Format(PyObject *exception, const char *format, ...)", {},
     "", [], "PyObject *PyErr_Format(PyObject *exception, const char *format, ...)"),
    ("c:function", "int Py_AtExit(void (*func) ())", {}, "", [], "int Py_AtExit(void (*func)())"),
    ("c:function", "void PyErr_Clear()", {}, "", [], "void PyErr_Clear()"),
    ("c:var", "const char *const PyStructSequence_UnnamedField", {}, "", [],
     "const char *const PyStructSequence_UnnamedField"),
    ("c:member", "const char* PyType_Spec.name", {}, "", [], "const char *PyType_Spec.name"),
    ("c:type", "PyPreConfig", {}, "", [], "type PyPreConfig"),
    ("c:type", "PyObject *(*richcmpfunc)(PyObject*, PyObject*, int)", {}, "", [],
     "typedef PyObject *(*richcmpfunc)(PyObject*, PyObject*, int)"),
    ("c:struct", "_inittab", {}, "", [], "struct _inittab"),
    ("c:macro", "Py_SETREF(dst,  src)", {}, "", [], "Py_SETREF(dst, src)"),
    ("cmdoption", "-p <interpreter>,  --python=<interpreter>", {}, "m", [],
     "-p <interpreter>, --python=<interpreter>"),
    ("envvar", "PYTHONHOME", {}, "m", [], "PYTHONHOME"),
    ("opcode", "BUILD_SET (count)", {}, "", [], "BUILD_SET(count)"),
    ("pdbcommand", "h(elp) [command]", {}, "", [], "h(elp) [command]"),
    ("2to3fixer", "apply", {}, "", [], "apply"),
    ("describe", "x not in s", {}, "m", [], "x not in s"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "signature", "options", "module", "classes", "expected"), CASES)
def test_signatures_show_as_sphinx_shows_them(
    name: str,
    signature: str,
    options: dict[str, str],
    module: str,
    classes: list[str],
    expected: str | None,
) -> None:
    context = Context(module=module, classes=list(classes))
    result = render(name, signature, options, context).shown
    if expected is None:  # as written, module added
        expected = f"{module}.{signature}" if module else signature
    assert result == expected


def test_class_bodies_and_module_directives_set_the_context() -> None:
    source = (
        "T\n=\n\n.. module:: a\n\n.. class:: C\n\n   .. method:: m()\n\n"
        ".. function:: f()\n   :module: b\n\n.. currentmodule:: None\n\n.. function:: g()\n\n"
        ".. default-domain:: c\n\n.. function:: int h(void)\n"
    )
    headings = [b.text for b in rst(source).blocks if isinstance(b, Heading)]
    assert headings == ["T", "`class a.C`", "`m()`", "`b.f()`", "`g()`", "`int h(void)`"]


# --- What Sphinx shows, that the RST source does not say literally -------------------------------


def test_roles_show_as_sphinx_shows_them() -> None:
    source = (
        "T\n=\n\nUse :func:`os.system`, :meth:`~a.B.c()`, :class:`.datetime`, "
        ":keyword:`!with`, :program:`gzip`, :samp:`{prefix}/lib`, :abbr:`LIFO (last in)`, "
        ":c:func:`PyList_New`, :c:expr:`PyObject *`, :token:`~grammar:name`, __slots__, a[i].\n"
    )
    (_, prose) = rst(source).blocks
    assert isinstance(prose, Prose)
    assert prose.text == (
        "Use `os.system()`, `c()`, `datetime`, `with`, **gzip**, `prefix/lib`, LIFO, "
        "`PyList_New()`, `PyObject*`, `name`, \\_\\_slots\\_\\_, a\\[i\\]."
    )


def test_doctest_flags_and_setup_code_are_not_shown() -> None:
    source = (
        "T\n=\n\n.. testsetup::\n\n   import os\n\n"
        ".. doctest:: group\n\n   >>> os.getpid()  # doctest: +SKIP\n   1\n   <BLANKLINE>\n\n"
        "Plain::\n\n   >>> x  # doctest: +ELLIPSIS\n   ...\n\n"
        ".. code-block:: pycon\n   :no-trim-doctest-flags:\n\n   >>> y  # doctest: +SKIP\n"
    )
    skill = rst(source)
    code = [(b.language, b.text) for b in skill.blocks if isinstance(b, Code)]
    assert code == [
        ("pycon", ">>> os.getpid()  \n1"),  # the spaces before the flag stay, as in Sphinx
        ("", ">>> x  \n..."),
        ("pycon", ">>> y  # doctest: +SKIP"),
    ]
    removed = [b.reason for b in skill.blocks if b.placement is Placement.REMOVED]
    assert removed == ["sphinx testsetup (test code, not shown)"]


def test_production_lists_are_code_as_sphinx_shows_them() -> None:
    text = production_text('grammar\nsign: "+" | "-"\ndigitpart: `digit` (["_"] `digit`)*\n: | x')
    assert text == (
        'sign      ::=  "+" | "-"\ndigitpart ::=  digit (["_"] digit)*\n               | x'
    )


def test_version_notes_read_as_one_sentence_with_their_label() -> None:
    source = "T\n=\n\n.. versionchanged:: 3.4\n   Use ``x`` as default.\n\n.. versionadded:: 3.5\n"
    skill = rst(source)
    texts = [b.text for b in skill.blocks if isinstance(b, Prose)]
    assert texts == ["Changed in version 3.4: Use `x` as default.", "Added in version 3.5."]
    assert skill.logic_steps == ()  # describes a change; not an instruction


def test_info_fields_group_as_sphinx_shows_them() -> None:
    source = (
        "T\n=\n\n.. function:: blobopen(table, row)\n\n   Open a blob.\n\n"
        "   :param str table: The table.\n   :param row: The row.\n   :type row: int\n"
        "   :raises OperationalError: When it fails.\n   :rtype: Blob\n"
    )
    shown_blocks = [
        getattr(b, "text", None) or getattr(b, "items", None) for b in rst(source).blocks[2:]
    ]
    assert shown_blocks == [
        "Open a blob.",
        "**Parameters:**",
        ("**table** (*str*) – The table.", "**row** (*int*) – The row."),
        "**Raises:**",
        "**OperationalError** – When it fails.",
        "**Return type:**",
        "Blob",
    ]


def test_html_rubrics_are_labels_and_footnotes_one_paragraph() -> None:
    page = (
        "<html><body><h1>T</h1><p class='rubric'>Read Transports</p>"
        "<aside class='footnote brackets' id='f1'><span class='label'>"
        "<span class='fn-bracket'>[</span><a href='#r1'>1</a><span class='fn-bracket'>]</span>"
        "</span><p>Check the site for more information.</p></aside></body></html>"
    )
    skill = html(page)
    assert [b.text for b in skill.blocks if isinstance(b, Prose)] == [
        "**Read Transports**",
        "[1] Check the site for more information.",
    ]
    assert skill.logic_steps == ()  # neither is an instruction, as in the RST frontend


_SIGNATURE_PARTS = st.sampled_from(
    ["f", "(", ")", "[", "]", ",", " ", "*", "**", "=", "'x'", "0o7", "->", ":", "int", ".",
     "\\\n", "\n", "{", "}", "lambda", "/", "...", "const", "char", "\x00", "é"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["function", "method", "class", "data", "c:function", "c:type", "c:macro",
                     "cmdoption", "opcode", "pdbcommand", "decorator", "property"]),
    st.lists(_SIGNATURE_PARTS, max_size=30).map("".join),
)  # fmt: skip
def test_any_signature_renders_on_one_line_without_raising(name: str, signature: str) -> None:
    for line in split_signatures(signature) or [signature]:
        shown = render(name, line, {}, Context(module="m", classes=["C"])).shown
        assert "\n" not in shown


def test_api_entry_triggers_name_the_function_not_its_parameters() -> None:
    """Routing terms come from headings; an entry's parameters are no task words."""
    page = html((HERE / "html_cases" / "api_entries.html").read_text(encoding="utf-8"))
    source = rst((HERE / "rst_cases" / "api_entries.rst").read_text(encoding="utf-8"))
    assert page.triggers == source.triggers
    assert "demo.tools.join" in page.triggers and "Demo_New" in page.triggers
    assert not any("(" in t for t in page.triggers)
