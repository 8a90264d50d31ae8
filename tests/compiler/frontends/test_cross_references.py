"""{ref} and {doc} roles resolve against the labels and titles of every page of a build."""

from __future__ import annotations

from skillc.compiler.frontends.markdown.reader import collect_targets, read_markdown
from skillc.ir import Prose
from tests.cli.conftest import CLICK_DOCS

INSTALL = "# Install\n\n(venv-heading)=\n\n## Virtual Environments\n\nUse one.\n"
GUIDE = (
    "# Guide\n\n(local)=\n## Local Part\n\n"
    "See {ref}`venv-heading`, {ref}`the setup <venv-heading>`, {ref}`local`, "
    "{doc}`install`, {ref}`missing-label` and {doc}`Nowhere <nowhere>`.\n"
)


def prose_texts(text: str, source_id: str, pages: list[tuple[str, str]]) -> list[str]:
    result = read_markdown(text, source_id=source_id, targets=collect_targets(pages))
    return [b.text for b in result.skills[0].blocks if isinstance(b, Prose)]


def test_labels_and_titles_are_collected() -> None:
    targets = collect_targets([("setup/install.md", INSTALL), ("guide.md", GUIDE)])
    assert targets.labels["venv-heading"] == ("setup/install.md", "Virtual Environments")
    assert targets.labels["local"] == ("guide.md", "Local Part")
    assert targets.titles == {"setup/install.md": "Install", "guide.md": "Guide"}


def test_roles_become_relative_links_or_text() -> None:
    pages = [("install.md", INSTALL), ("docs/guide.md", GUIDE)]
    GUIDE_IN_DOCS = GUIDE.replace("{doc}`install`", "{doc}`/install`")
    [text] = prose_texts(GUIDE_IN_DOCS, "docs/guide.md", pages)
    assert text == (
        "See [Virtual Environments](../install.md#venv-heading), "
        "[the setup](../install.md#venv-heading), [Local Part](#local), "
        "[Install](../install.md), missing-label and Nowhere."
    )


def test_without_targets_only_the_page_itself_resolves() -> None:
    result = read_markdown(GUIDE, source_id="guide.md")
    [text] = [b.text for b in result.skills[0].blocks if isinstance(b, Prose)]
    assert "[Local Part](#local)" in text and "See venv-heading," in text


def test_click_labels_resolve_across_pages() -> None:
    pages = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CLICK_DOCS.glob("*.md"))]
    targets = collect_targets(pages)
    assert targets.labels["virtualenv-heading"][0] == "virtualenv.md"
    text = dict(pages)["quickstart.md"]
    result = read_markdown(text, source_id="quickstart.md", targets=targets)
    joined = "\n".join(b.text for b in result.skills[0].blocks if isinstance(b, Prose))
    assert "We suggest [Virtualenv](virtualenv.md#virtualenv-heading)." in joined
