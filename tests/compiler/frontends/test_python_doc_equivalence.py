"""The Python manual as HTML and as its RST sources yields the same skills (issue 3).

Input: Debian's python3.11-doc (``corpora/guides/python-doc``, fetched by ``make corpora``):
Sphinx 5.3's HTML pages ``src/html/<page>.html`` and the RST sources they were built from,
``src/html/_sources/<page>.rst.txt``. A sample of pages of every kind (tutorial, HOWTO, library
reference with Python, C, command-line, opcode, pdb and 2to3 entries, ``using/``, FAQ, C API,
installing) is read by the HTML frontend and by the RST frontend (the ``.rst.txt`` text under a
``.rst`` source id, as a build of a copy renamed to ``.rst`` would read it; RST cross-references
resolve against every source of the manual), and each set is compiled by the ``-O1`` pipeline.

What "the same skills (names and steps)" means here:

- **names**: the same pages become skills (select-skills keeps or skips both), under the same
  package names, and with the same ``skill_name`` (the page title);
- **steps**: the same SSL logic steps in each skill: act type and plain text of every step, as a
  multiset. Their order is compared too, and differs only on the pages listed in
  `ORDER_DIFFERS` (see there);
- and, because an agent navigates by them: the same section headings (level and plain text,
  API entries included, in order) and the same code blocks (verbatim, in order).

Texts are compared as plain text (`textutil.plain`: markup and link targets dropped) with
Sphinx's "smartquotes" undone (typographic quotes, en and em dashes, ellipsis): Sphinx's HTML
writes those and links Python names to the page that documents them, while the source has what
the author typed and names only the object; the RST frontend keeps the source's text.

Every difference that remains has a reason outside the frontends, recorded in `KNOWN` with the
exact blocks or steps it concerns; the test fails if a difference appears, or disappears,
anywhere else. Runs only when the corpus is fetched (skipped with the reason otherwise).
"""

from __future__ import annotations

import collections
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from skillc.compiler.driver import BuildOptions, compile_module
from skillc.compiler.frontends.guide.textutil import Targets, plain
from skillc.compiler.frontends.html.reader import read_html
from skillc.compiler.frontends.rst.reader import collect_rst_targets, read_rst
from skillc.ir import Code, Heading, Placement, Skill, SkillModule

ROOT = Path(__file__).resolve().parents[3] / "corpora" / "guides" / "python-doc" / "src" / "html"
SOURCES = ROOT / "_sources"

#: The sample: page -> what kind of page it is.
SAMPLE = {
    "tutorial/introduction": "tutorial, interactive sessions",
    "tutorial/controlflow": "tutorial, lists of rules",
    "tutorial/errors": "tutorial, tracebacks",
    "tutorial/venv": "tutorial, shell commands",
    "howto/logging": "HOWTO",
    "howto/argparse": "HOWTO, many commands",
    "howto/sorting": "HOWTO",
    "howto/urllib2": "HOWTO without steps (a reference skill in both)",
    "howto/unicode": "HOWTO",
    "library/os.path": "library reference: functions",
    "library/pathlib": "library reference: classes, methods, properties",
    "library/json": "library reference: functions, classes, command line",
    "library/subprocess": "library reference: functions, constants, classes",
    "library/sqlite3": "library reference: info fields (:param:), literalinclude",
    "library/functions": "library reference: built-ins, productionlist",
    "library/dis": "library reference: opcodes",
    "library/pdb": "library reference: pdb commands",
    "library/2to3": "library reference: 2to3 fixers, command-line options",
    "library/venv": "library reference: include of another file",
    "library/math": "library reference: many functions",
    "using/cmdline": "using/: command-line options and environment variables",
    "using/unix": "using/",
    "faq/programming": "FAQ",
    "faq/windows": "FAQ",
    "c-api/list": "C API reference",
    "installing/index": "installing",
}


@dataclass(frozen=True, slots=True)
class Known:
    """A difference with a reason: what only the HTML has, what only the RST has, and why."""

    html_only: tuple[str, ...]
    rst_only: tuple[str, ...]
    why: str


# conf.py's ``highlight_language = 'python3'`` (not in any source file) makes Sphinx label plain
# ``::`` blocks as Python; the HTML frontend takes the page at its word, the RST frontend sees
# an unlabelled block and reads its shell commands as steps.
_HIGHLIGHT = "conf.py's highlight_language labels the :: block python3 in the HTML"
#: page -> aspect ("code", "steps", "headings") -> the difference and its reason.
KNOWN: dict[str, dict[str, Known]] = {
    "tutorial/errors": {
        "code": Known(
            ('>>> try: ... File "<stdin>", line 2, in <module>',),
            (">>> try: ... KeyboardInterrupt",),
            "Pygments in the Debian build moved 'KeyboardInterrupt' above the traceback lines "
            "of the try/finally session (the HTML shows the lexer's output, not the source)",
        )
    },
    "tutorial/venv": {
        "steps": Known(
            (),
            (
                "CALL_TOOL python3 -m venv tutorial-env",
                "CALL_TOOL source tutorial-env/bin/activate",
            ),
            _HIGHLIGHT,
        )
    },
    "library/pdb": {"steps": Known((), ("CALL_TOOL python3 -m pdb myscript.py",), _HIGHLIGHT)},
    "faq/programming": {"steps": Known((), ("CALL_TOOL python -m compileall .",), _HIGHLIGHT)},
    "library/sqlite3": {
        "code": Known(
            ("import sqlite3 ... con.close()",),
            (),
            ".. literalinclude:: ../includes/sqlite3/pysqlite_datetime.py: the RST frontend "
            "never reads other files",
        )
    },
    "library/venv": {
        "code": Known(
            (
                "c:\\>c:\\Python35\\python -m venv c:\\path\\to\\myenv",
                "c:\\>python -m venv c:\\path\\to\\myenv",
                "python3 -m venv /path/to/new/virtual/environment",
                "usage: venv [-h] [--system-site-packages] [--symlinks | --copies] [--clear] ... "
                "sourcing an activate script in its bin directory.",
            ),
            (),
            ".. include:: /using/venv-create.inc: the RST frontend never reads other files",
        )
    },
    "library/math": {
        "steps": Known(
            (
                "INFER Return e raised to the power x, where e = 2.718281... is the base of "
                "natural logarithms.",
            ),
            ("INFER Return e raised to the power x, where e = 2.718281...",),
            "smartquotes: the HTML's '2.718281…' is one character, the source's '...' ends a "
            "sentence for the sentence splitter",
        )
    },
}
#: Pages whose steps are the same but in another order. The HTML frontend's list items are
#: Markdown rendered from tags; a sentence that is not found verbatim in the HTML source (it
#: spans lines or holds markup) gets its list's first line as span, and the step extractor
#: (steps.py) sorts a list's steps by span, moving it first. The RST frontend finds every
#: sentence in its source.
ORDER_DIFFERS = {
    "tutorial/controlflow",
    "howto/logging",
    "howto/unicode",
    "library/dis",
    "using/unix",
    "faq/programming",
}
_SMARTQUOTES = str.maketrans(
    {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "--", "—": "---", "…": "..."}
)


def text(markdown: str) -> str:
    """Plain text, whitespace collapsed, Sphinx's smartquotes undone."""
    return " ".join(plain(markdown).translate(_SMARTQUOTES).split())


def _load(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")


def _require_corpus() -> None:
    if not (ROOT / "index.html").is_file() or not SOURCES.is_dir():
        pytest.skip(f"corpus python-doc not fetched (make corpora): no {ROOT}")


@cache
def _targets() -> Targets:
    return collect_rst_targets(
        (p.relative_to(SOURCES).as_posix().removesuffix(".txt"), _load(p))
        for p in sorted(SOURCES.rglob("*.rst.txt"))
    )


@cache
def read(fmt: str) -> dict[str, Skill]:
    """Each sample page read by the ``html`` or ``rst`` frontend."""
    _require_corpus()
    out: dict[str, Skill] = {}
    for page in SAMPLE:
        if fmt == "html":
            result = read_html(_load(ROOT / f"{page}.html"), source_id=f"{page}.html")
        else:
            source = _load(SOURCES / f"{page}.rst.txt")
            result = read_rst(source, source_id=f"{page}.rst", targets=_targets())
        (out[page],) = result.skills
    return out


@cache
def compiled(fmt: str) -> dict[str, Skill | None]:
    """Each sample page's skill after ``-O1`` (``None`` when the pipeline does not emit it)."""
    skills = read(fmt)
    pages = SkillModule(skills=tuple(skills.values()))
    module, _, _ = compile_module(pages, BuildOptions(group="page"))  # one skill per page
    pages = [s for s in module.skills if s.prov and s.tags != ("index",)]  # not the catalog
    by_source = {s.prov[0].source: s for s in pages}
    return {page: by_source.get(skill.prov[0].source) for page, skill in skills.items()}


def headings(skill: Skill) -> list[str]:
    return [
        f"{b.level} {text(b.text)}"
        for b in skill.blocks
        if isinstance(b, Heading) and b.placement is not Placement.REMOVED
    ]


def code(skill: Skill) -> list[str]:
    return [
        b.text for b in skill.blocks if isinstance(b, Code) and b.placement is not Placement.REMOVED
    ]


def steps(skill: Skill) -> list[str]:
    return [f"{s.act_type.value} {text(s.text)}" for s in skill.logic_steps]


def _ends(block: str) -> str:
    lines = block.split("\n")
    return lines[0] if len(lines) == 1 else f"{lines[0]} ... {lines[-1].strip()}"


def _only(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted((collections.Counter(a) - collections.Counter(b)).elements()))


def differences(html: Skill, rst: Skill) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Per aspect, what only the HTML and what only the RST has (code by its first and last
    lines, to keep `KNOWN` readable)."""
    found = {}
    for aspect, values in (("headings", headings), ("code", code), ("steps", steps)):
        a, b = values(html), values(rst)
        if aspect == "code":
            a, b = [_ends(c) for c in a], [_ends(c) for c in b]
        html_only, rst_only = _only(a, b), _only(b, a)
        if html_only or rst_only:
            found[aspect] = (html_only, rst_only)
        elif aspect != "steps" and values(html) != values(rst):  # same blocks, another order
            found[aspect] = (("order",), ("order",))
    return found


# --- The tests ------------------------------------------------------------------------------------


def test_every_sample_page_has_its_source() -> None:
    _require_corpus()
    pages = [
        p.relative_to(SOURCES).as_posix().removesuffix(".rst.txt")
        for p in SOURCES.rglob("*.rst.txt")
    ]
    pairs = [page for page in pages if (ROOT / f"{page}.html").is_file()]
    assert len(pairs) == 496  # SOURCE.md: every page but the generated ones has its source
    for page in SAMPLE:
        assert (ROOT / f"{page}.html").is_file() and (SOURCES / f"{page}.rst.txt").is_file()


def test_same_skill_names() -> None:
    html, rst = compiled("html"), compiled("rst")
    emitted = {page: skill.name for page, skill in html.items() if skill is not None}
    assert emitted == {page: skill.name for page, skill in rst.items() if skill is not None}
    assert len(emitted) == len(SAMPLE)  # howto/urllib2 has no step: a reference skill in both
    for page in SAMPLE:
        assert text(read("html")[page].skill_name) == text(read("rst")[page].skill_name), page


@pytest.mark.parametrize("page", list(SAMPLE))
def test_same_headings_code_and_steps(page: str) -> None:
    """Identical, or different exactly as `KNOWN` records (and for the reason given there)."""
    html, rst = compiled("html")[page], compiled("rst")[page]
    if html is None or rst is None:  # not emitted: compare what the frontends read
        assert html is rst is None, page
        html, rst = read("html")[page], read("rst")[page]
    expected = {aspect: (k.html_only, k.rst_only) for aspect, k in KNOWN.get(page, {}).items()}
    assert differences(html, rst) == expected


def test_steps_are_in_the_same_order_except_where_recorded() -> None:
    """Once the recorded extra steps are set aside, the order differs only in `ORDER_DIFFERS`."""
    html, rst = read("html"), read("rst")
    reordered = set()
    for page in SAMPLE:
        known = KNOWN.get(page, {}).get("steps", Known((), (), ""))
        if _without(steps(html[page]), known.html_only) != _without(
            steps(rst[page]), known.rst_only
        ):
            reordered.add(page)
    assert reordered == ORDER_DIFFERS


def _without(values: list[str], extra: tuple[str, ...]) -> list[str]:
    left = collections.Counter(extra)
    out = []
    for value in values:
        if left[value]:
            left[value] -= 1
        else:
            out.append(value)
    return out


def test_api_entries_are_headings_in_both() -> None:
    html, rst = read("html"), read("rst")
    for page, heading, level in (
        ("library/os.path", "`os.path.join(path, *paths)`", 2),
        ("library/pathlib", "`class pathlib.PurePath(*pathsegments)`", 3),
        ("library/pathlib", "`PurePath.joinpath(*other)`", 4),  # prefix as written
        ("library/dis", "`BUILD_TUPLE(count)`", 3),
        ("library/pdb", "`h(elp) [command]`", 3),
        ("using/cmdline", "`-m <module-name>`", 4),
        ("c-api/list", "`PyObject *PyList_New(Py_ssize_t len)`", 2),
    ):
        for skill in (html[page], rst[page]):
            found = [b.level for b in skill.blocks if isinstance(b, Heading) and b.text == heading]
            assert found == [level], (page, heading)


def test_known_differences_name_sample_pages() -> None:
    assert set(KNOWN) | ORDER_DIFFERS <= set(SAMPLE)
    assert all(k.why for aspects in KNOWN.values() for k in aspects.values())
