"""The toctrees a Sphinx page declares, read from its RST or MyST text."""

from __future__ import annotations

from skillc.compiler.frontends.guide.toctree import Toctree, toctrees

ROOT_RST = """\
Welcome
=======

Intro text.

User's Guide
------------

.. toctree::
   :maxdepth: 2

   installation
   Quick start <quickstart>
   self
   https://example.org/elsewhere
   tutorial/index

.. toctree::
   :caption: Reference
   :hidden:
   :glob:

   api/*
"""


def test_rst_toctrees_name_their_entries_and_the_heading_or_caption_above() -> None:
    assert toctrees(ROOT_RST, markdown=False) == [
        Toctree(entries=("installation", "quickstart", "tutorial/index"), caption="User's Guide"),
        Toctree(entries=("api/*",), glob=True, caption="Reference"),
    ]


def test_a_toctree_under_the_page_title_or_captioned_contents_forms_no_group() -> None:
    text = "Tutorial\n========\n\n.. toctree::\n    :caption: Contents:\n\n    layout\n    views\n"
    assert toctrees(text, markdown=False) == [Toctree(entries=("layout", "views"))]
    overlined = "=====\nTitle\n=====\n\n.. toctree::\n\n   one\n"
    assert toctrees(overlined, markdown=False) == [Toctree(entries=("one",))]


MYST = """\
# Welcome to Click

```{eval-rst}
.. click:example::

    import click
```

```
pip install click
```

## Tutorials

```{toctree}
:maxdepth: 1

quickstart
virtualenv
```

:::{toctree}
---
caption: API
---
api
:::

```text
.. toctree::

   not-a-page
```
"""


def test_myst_fences_are_read_and_code_fences_are_not() -> None:
    assert toctrees(MYST, markdown=True) == [
        Toctree(entries=("quickstart", "virtualenv"), caption="Tutorials"),
        Toctree(entries=("api",), caption="API"),
    ]


def test_an_rst_toctree_inside_eval_rst_counts_and_its_closing_fence_opens_nothing() -> None:
    text = (
        "# Top\n\n## Guides\n\n```{eval-rst}\n.. toctree::\n\n   guide\n```\n\n"
        "## More\n\n```{toctree}\nmore\n```\n"
    )
    assert toctrees(text, markdown=True) == [
        Toctree(entries=("guide",), caption="Guides"),
        Toctree(entries=("more",), caption="More"),
    ]


def test_a_page_without_toctrees_declares_none() -> None:
    assert toctrees("Title\n=====\n\nJust text.\n", markdown=False) == []
    assert toctrees("# Title\n\n- a list\n", markdown=True) == []


def test_a_caption_that_only_says_contents_forms_no_group() -> None:
    text = "# attrs\n\n## Full Table of Contents\n\n```{toctree}\noverview\n```\n"
    assert toctrees(text, markdown=True) == [Toctree(entries=("overview",))]
