"""A command line whose definition no reader follows gets its options from its man page.

httpie 3.2.4 builds its argparse parser through its own ``ParserSpec`` wrapper
(``options.add_group(...).add_argument(...)`` in ``httpie/cli/definition.py``), which skillc
cannot follow without running it; the sdist ships help2man-style pages in ``extras/man/``.
The truth here is read independently of skillc's parsers: the ``.IP "..."`` tags of the
page (regular expressions over the roff) and the option strings of the definition file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from skills_ref.validator import validate

from tests.cli.conftest import ROOT
from tests.compiler.frontends.repository.helpers import build, emitted_options

HTTPIE = ROOT / "corpora/repos/httpie/src/httpie-3.2.4"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not HTTPIE.is_dir():
        pytest.skip("corpora not fetched (make corpora)")
    return build(HTTPIE, tmp_path_factory.mktemp("httpie") / "out")


def _page_tags(page: Path) -> set[frozenset[str]]:
    """The option names of each ``.IP`` tag of a man page that names an option."""
    found = set()
    for tag in re.findall(r'^\.IP "(.*)"$', page.read_text(), re.MULTILINE):
        plain = re.sub(r"\\f[BIRP]|\\[,/]", "", tag).replace("\\-", "-")
        names = frozenset(re.findall(r"(?<![\w-])--?[\w][\w-]*", plain))
        if names:
            found.add(names)
    return found


def test_options_are_the_man_pages_and_exist_in_the_definition(built: Path) -> None:
    emitted = emitted_options((built / "httpie-http-cli/references/http-options.md").read_text())
    listed = set(emitted["http"])
    tags = _page_tags(HTTPIE / "extras/man/http.1")
    assert len(tags) >= 40
    assert listed <= tags
    assert len(listed) >= 0.9 * len(tags)  # options whose page gives no help are left out
    defined = set(re.findall(r"'(--?[\w-]+)'", (HTTPIE / "httpie/cli/definition.py").read_text()))
    assert {name for names in listed for name in names} <= defined


def test_the_skill_says_where_its_options_come_from(built: Path) -> None:
    skill = (built / "httpie-http-cli/SKILL.md").read_text()
    assert "read from the man page it ships (`extras/man/http.1:1`)" in skill
    reference = (built / "httpie-http-cli/references/http-options.md").read_text()
    page = (HTTPIE / "extras/man/http.1").read_text().split("\n")
    for number in map(int, re.findall(r"`extras/man/http\.1:(\d+)`", reference)):
        assert page[number - 1].startswith(".IP")  # each option cited at its tag
    assert validate(built / "httpie-http-cli") == []


def test_a_program_without_a_page_or_definition_still_gets_none(built: Path) -> None:
    """``https`` has its own page; nothing is invented for a name with neither."""
    assert (built / "httpie-https-cli").is_dir() == (HTTPIE / "extras/man/https.1").is_file()
