# ruff: noqa: E501 (snippets are copied from real manuals, long lines and all)
"""MyST and Sphinx markup as Sphinx renders it, on snippets of real manuals not in the corpora.

Each snippet is copied from a PyPI sdist's ``docs/`` (attrs 24.2.0, MyST; jinja2 3.1.4, RST) and
built with the real CLI; the assertions read the emitted files the way an agent would: no
directive syntax left raw, sessions fenced as code, names and signatures whole.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from skillc import cli

# attrs 24.2.0 docs/glossary.md (first two entries).
GLOSSARY = """# Glossary

:::{glossary}
dunder methods
  "Dunder" is a contraction of "double underscore".

  It's methods like `__init__` or `__eq__` that are sometimes also called *magic methods* or it's said that they implement an *object protocol*.

  In spoken form, you'd call `__init__` just "dunder init".


dict classes
  A regular class whose attributes are stored in the {attr}`object.__dict__` attribute of every single instance.
:::
"""

# attrs 24.2.0 docs/types.md (the caution) and docs/extending.md (a session in a list item).
SESSIONS = """# Types

:::{caution}
If you define a class with a {func}`attrs.field` that **lacks** a type annotation, *attrs* will **ignore** other fields that have a type annotation, but are not defined using {func}`attrs.field`:

```{doctest}
>>> @define
... class SomeClass:
...     a_number = field(default=42)
...     another_number: int = 23
>>> SomeClass()
SomeClass(a_number=42)
```
:::

```{testsetup}
from attrs import define, field
```

- Expose `field` wrappers for your specific metadata.
  This is a more graceful approach if your users don't require metadata from other libraries.

  ```{doctest}
  >>> from attrs import fields, NOTHING
  >>> MY_TYPE_METADATA = '__my_type_metadata'
  ```

- Nested admonition.

  :::{warning}
  Be careful when subclassing!
  :::
"""

# attrs 24.2.0 docs/init.md (title, first sentence, the last heading).
DUNDERS = """# Initialization

In Python, instance initialization happens in the `__init__` method.

## *attrs* and `__init_subclass__`

If you're using Python 3.6 or later, you can use `__init_subclass__` to hook into subclassing.
"""

# jinja2 3.1.4 docs/templates.rst (the global functions).
JINJA_GLOBALS = """Template Designer Documentation
===============================

This document describes the syntax and semantics of the template engine.

List of Global Functions
------------------------

.. module:: jinja-globals

.. function:: dict(\\**items)

    A convenient alternative to dict literals.  ``{'foo': 'bar'}`` is the same
    as ``dict(foo='bar')``.

.. class:: cycler(\\*items)

    Cycle through values by yielding them one at a time, then restarting
    once the end is reached.
"""

# Numbered sections as Sphinx's `:numbered:` toctrees and LaTeX manuals show them.
NUMBERED = """# 34.1. The Data Model

Tables hold rows.

## 34.1.1. Creating Tables

Run `CREATE TABLE t (x)`.

## 34.1.2. Dropping Tables

Run `DROP TABLE t`.
"""


def _build(tmp_path: Path, pages: dict[str, str]) -> dict[str, str]:
    """Build ``pages`` with the CLI; every emitted file's text by its path in the output."""
    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    for name, text in pages.items():
        (docs / name).write_text(text, encoding="utf-8")
    args = ["build", str(docs), "-o", str(out), "-q", "--name-prefix", "lib", "--index", "never"]
    args += ["--group", "page"]  # each page's own skill and description
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    return {
        str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.md"))
    }


def _description(tmp_path: Path, name: str) -> str:
    """The emitted ``description`` of skill ``name``, read by a strict YAML parser."""
    text = (tmp_path / "out" / name / "SKILL.md").read_text(encoding="utf-8")
    return str(yaml.safe_load(text.split("---\n")[1])["description"])


def _skill(files: dict[str, str], name: str) -> str:
    return "\n".join(text for path, text in files.items() if path.startswith(f"{name}/"))


def test_colon_fenced_glossary_is_terms_and_definitions(tmp_path: Path) -> None:
    files = _build(tmp_path, {"glossary.md": GLOSSARY})
    text = _skill(files, "lib-glossary")
    assert ":::" not in text
    assert "**dunder methods**" in text and "**dict classes**" in text
    assert '"Dunder" is a contraction of "double underscore".' in text
    description = _description(tmp_path, "lib-glossary")
    assert ":::" not in description and "{glossary}" not in description


def test_doctest_fences_are_pycon_code_and_colon_admonitions_render(tmp_path: Path) -> None:
    files = _build(tmp_path, {"types.md": SESSIONS})
    text = _skill(files, "lib-types")
    assert "{doctest}" not in text and ":::" not in text and "{testsetup}" not in text
    # A session is a fenced block, not `>>>` lines that Markdown would render as quotes.
    assert "```pycon\n>>> @define\n... class SomeClass:" in text
    assert "  ```pycon\n  >>> from attrs import fields, NOTHING" in text
    assert text.count("```pycon") == 2
    assert "**Warning:**" in text and "Be careful when subclassing!" in text
    # testsetup is code Sphinx never shows: it is not in the skill.
    assert "from attrs import define, field" not in text


def test_dunders_and_signatures_keep_their_characters_in_descriptions(tmp_path: Path) -> None:
    files = _build(tmp_path, {"init.md": DUNDERS, "templates.rst": JINJA_GLOBALS})
    init = _description(tmp_path, "lib-init")
    assert "`__init__` method" in _skill(files, "lib-init")
    assert "the __init__ method" in init
    assert "__init_subclass__" in init
    templates = _skill(files, "lib-templates")
    assert "dict(\\**items)" in templates  # the signature as Sphinx shows it
    description = _description(tmp_path, "lib-templates")
    assert "\\items" not in description.replace("\\**items", "")


def test_section_numbers_stay_out_of_descriptions(tmp_path: Path) -> None:
    _build(tmp_path, {"datamodel.md": NUMBERED})
    description = _description(tmp_path, "lib-datamodel")
    assert "34.1" not in description
    assert "creating tables" in description.lower()
