"""A README's badges neither name its skill nor describe it.

Shaped like serde_json 1.0.87's README (a title followed by ``&emsp;`` and reference-style
badges) and yargs 18.2.0's (an HTML title, then a paragraph of badges before any prose): the
first was titled "Serde JSON &emsp; [![Build Status]][travis] ..." and the second described
as "ci !NPM version !js-standard-style !Coverage".
"""

from __future__ import annotations

from skillc.compiler.frontends.markdown.reader import read_markdown

SERDE = """\
# Serde JSON &emsp; [![Build Status]][travis] [![Latest Version]][crates.io]

[Build Status]: https://img.shields.io/github/workflow/status/serde-rs/json/CI/master
[travis]: https://github.com/serde-rs/json/actions?query=branch%3Amaster
[Latest Version]: https://img.shields.io/crates/v/serde_json.svg
[crates.io]: https://crates.io/crates/serde\\_json

**Serde is a framework for serializing and deserializing Rust data structures efficiently.**

## Operating on untyped JSON values

Any valid JSON data can be manipulated in the following recursive enum.
"""
YARGS = """\
<h1 align="center"> Yargs </h1>

![ci](https://github.com/yargs/yargs/workflows/ci/badge.svg)
[![NPM version][npm-image]][npm-url]
[![js-standard-style][standard-image]][standard-url]
[![Coverage][coverage-image]][coverage-url]
[![Conventional Commits][conventional-commits-image]][conventional-commits-url]

## Description
Yargs helps you build interactive command line tools, by parsing arguments.

[npm-image]: https://img.shields.io/npm/v/yargs.svg
[npm-url]: https://www.npmjs.com/package/yargs
[coverage-image]: https://img.shields.io/nycrc/yargs/yargs
[coverage-url]: https://github.com/yargs/yargs/blob/main/.nycrc
[standard-image]: https://img.shields.io/badge/code%20style-standard-brightgreen.svg
[standard-url]: http://standardjs.com/
[conventional-commits-image]: https://img.shields.io/badge/Conventional%20Commits-1.0.0-yellow.svg
[conventional-commits-url]: https://conventionalcommits.org/
"""


def test_badges_and_spacers_are_not_part_of_the_title() -> None:
    (skill,) = read_markdown(SERDE, source_id="README.md").skills
    assert skill.skill_name == "Serde JSON"
    assert skill.skill_goal.startswith("Serde is a framework for serializing")
    assert skill.blocks[0].text.startswith("Serde JSON &emsp; [![Build Status]][travis]")


def test_a_paragraph_of_badges_is_not_the_goal() -> None:
    (skill,) = read_markdown(YARGS, source_id="README.md").skills
    assert skill.skill_goal == ""  # no prose before the first section says what it is


def test_a_heading_of_one_image_keeps_its_alt_text() -> None:
    page = "# [![ky](media/logo.svg)](https://ky.dev)\n\nKy is a tiny HTTP client for the web.\n"
    (skill,) = read_markdown(page, source_id="readme.md").skills
    assert skill.skill_name == "ky"


PLUGGY = """\
====================================================
pluggy - A minimalist production ready plugin system
====================================================

|pypi| |conda-forge| |versions| |codecov|

This is the core framework used by the `pytest`_ and `tox`_ projects.

.. |pypi| image:: https://img.shields.io/pypi/v/pluggy.svg
    :target: https://pypi.org/pypi/pluggy
.. |conda-forge| image:: https://img.shields.io/conda/vn/conda-forge/pluggy.svg
    :target: https://anaconda.org/conda-forge/pytest
.. |versions| image:: https://img.shields.io/pypi/pyversions/pluggy.svg
    :target: https://pypi.org/pypi/pluggy
.. |codecov| image:: https://codecov.io/gh/pytest-dev/pluggy/branch/main/graph/badge.svg
    :alt: Code coverage Status
    :target: https://codecov.io/gh/pytest-dev/pluggy
.. _pytest: https://pytest.org
.. _tox: https://tox.readthedocs.org
"""


def test_a_row_of_restructuredtext_badges_is_not_the_goal() -> None:
    # pluggy 1.5.0: "Pypi conda-forge versions github-actions ... Code coverage Status."
    from skillc.compiler.frontends.rst.reader import read_rst

    (skill,) = read_rst(PLUGGY, source_id="README.rst").skills
    assert skill.skill_goal.startswith("This is the core framework used by the pytest")
