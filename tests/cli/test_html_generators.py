"""Manuals from two more HTML generators, built and linted as a user would (issue 11).

Real inputs, fetched by ``make corpora``: GNU Diffutils' manual as GNU Texinfo split HTML
(``corpora/guides/diffutils-html``: node pages with "Next/Previous/Up" headers, section menus,
and 89 pages that only redirect a node name) and the "Guide for Debian Maintainers" as DocBook
XSL chunked HTML (``corpora/guides/debmake-html``: pages named ``ch01.en.html``, navigation
tables above and below each chapter). Each is built once with the real CLI and checked with the
real ``skillc lint``: no broken link or other own finding, skill names from page titles rather
than file names, no generator artefact in the text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from tests.cli.conftest import ROOT, run_skillc
from tests.cli.lint_clean import own_findings

GUIDES = ROOT / "corpora" / "guides"
#: corpus -> the name prefix its build uses (as the demo's skillc.toml does)
GENERATORS = {"diffutils-html": "diffutils", "debmake-html": "debmake"}
#: Text each generator's page template adds around the manual (headers, footers, redirects).
ARTEFACTS = (
    re.compile(r"^(Next|Previous|Up): ", re.MULTILINE),  # texinfo node header
    re.compile(r"\[Contents\]\[Index\]"),  # texinfo header's links
    re.compile(r"The node you are looking for is at"),  # texinfo redirect page
    re.compile(r"^\W*(Prev|Next|Home|Up)\W*((Prev|Next|Home|Up)\W*)*$", re.MULTILINE),  # DocBook
    re.compile(r"accesskey|navheader|navfooter"),
)
#: File names that are positions: latex2html node470, DocBook ch01/pr01/apa, a language tag.
POSITION = re.compile(r"(^|-)(node\d+|ch\d+|pr\d+|pt\d+|ap[a-h])(-|$)|-en$")
_REFRESH = re.compile(r"http-equiv=\"?refresh", re.IGNORECASE)


@pytest.fixture(scope="module", params=sorted(GENERATORS))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = request.param
    src = GUIDES / corpus / "src"
    if not src.is_dir():
        pytest.skip(f"corpus {corpus} not fetched (make corpora)")
    out = tmp_path_factory.mktemp(corpus) / "out"
    result = run_skillc(
        "build",
        str(src),
        "-o",
        str(out),
        "--name-prefix",
        GENERATORS[corpus],
        "-q",
        "--group",
        "page",  # the tests read each page's skill: names from titles, links
    )
    assert result.returncode == 0, result.stderr
    return out


def skills(out: Path) -> dict[str, str]:
    """Skill name -> the source page it was made from (the catalogue skill has none)."""
    found = {}
    for skill_md in sorted(out.glob("*/SKILL.md")):
        source = re.search(r'^  source: "([^"]+)"$', skill_md.read_text(), re.MULTILINE)
        if source and source.group(1).endswith(".html"):
            found[skill_md.parent.name] = source.group(1)
    return found


def source_of(out: Path) -> Path:
    corpus = out.parent.name.rstrip("0123456789")  # mktemp adds a number
    return GUIDES / corpus / "src"


def test_output_is_lint_clean(built: Path) -> None:
    assert skills(built)
    assert own_findings(built) == []


def test_skill_names_come_from_titles_not_file_names(built: Path) -> None:
    src = source_of(built)
    for name, source in skills(built).items():
        assert not POSITION.search(name), (name, source)
        title = lxml_html.parse(str(src / source)).findtext(".//title") or ""
        title_words = set(re.findall(r"[a-z0-9]+", title.lower()))
        prefix = f"{name.split('-', 1)[0]}-"
        words = name.removeprefix(prefix).split("-")
        if POSITION.search(Path(source).stem.split(".")[0].lower()):  # named by the title
            assert set(words) <= title_words, (name, title)


def test_redirect_pages_make_no_skill(built: Path) -> None:
    src = source_of(built)
    made = set(skills(built).values())
    redirects = {p.name for p in src.glob("*.html") if _REFRESH.search(p.read_text()[:4000])}
    assert not made & redirects
    if built.parent.name.startswith("diffutils"):
        assert len(redirects) > 50 and len(made) >= 20  # most pages redirect, the nodes remain


def test_no_generator_artefact_reaches_the_text(built: Path) -> None:
    for path in sorted(built.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for artefact in ARTEFACTS:
            assert not artefact.search(text), (path.relative_to(built), artefact.pattern)


def test_links_to_other_pages_name_a_skill_of_the_library(built: Path) -> None:
    names = {p.name for p in built.iterdir() if p.is_dir()}
    mentioned = set()
    for path in sorted(built.rglob("*.md")):
        mentioned |= set(re.findall(r"the `([a-z0-9-]+)` skill", path.read_text()))
    assert mentioned, "the manual's cross-references became no skill references"
    assert mentioned <= names, mentioned - names
