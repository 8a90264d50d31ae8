"""A repository's top pages (README, CONTRIBUTING) stay skills of their own, named after the
project, beside the chapters its docs fold into.

Shaped like python-dotenv 1.0.1's sdist: a README and a CONTRIBUTING at the top, an MkDocs
``docs/`` folder of further pages. Its README and CONTRIBUTING were folded into one chapter
skill, ``python-dotenv-1-0-1-contributing``, named after the sdist's folder, so the README
was no longer the ``-readme`` skill the repository names.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_skillc

README = """\
# envfile

Reads key-value pairs from a `.env` file and sets them as environment variables.

## Getting Started

```python
from envfile import load
load()
```

## File format

Each line is `KEY=value`; a line starting with `#` is a comment.
"""
CONTRIBUTING = """\
# Contributing

Executing the tests:

    $ pip install -e .
    $ pytest
"""
DOCS = {
    "docs/usage.md": "# Usage\n\n## Loading\n\nCall `load(path)` with the file's path.\n",
    "docs/cli.md": "# Command line\n\n## Listing\n\nRun `envfile list` to print the values.\n",
}


def _repository(root: Path, name: str) -> Path:
    files = {
        "pyproject.toml": f'[project]\nname = "{name}"\n',
        "README.md": README.replace("envfile", name),
        "CONTRIBUTING.md": CONTRIBUTING,
        **DOCS,
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _skills(out: Path) -> dict[str, list[str]]:
    """Skill name -> the sources the lock records for it."""
    lock = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    return {s["name"]: s["sources"] for s in lock["skills"]}


def test_readme_and_contributing_are_not_folded_into_a_chapter(tmp_path: Path) -> None:
    repo = _repository(tmp_path / "envfile-1.0.1", "envfile")
    out = tmp_path / "out"
    result = run_skillc("build", str(repo), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    skills = _skills(out)
    assert skills["envfile-readme"] == ["README.md"]
    assert skills["envfile-contributing"] == ["CONTRIBUTING.md"]
    assert not [n for n in skills if "1-0-1" in n]  # never the folder's version
    # the docs still fold into their chapter
    assert [sorted(s) for s in skills.values() if "docs/cli.md" in s] == [sorted(DOCS)]


def test_top_pages_of_repositories_built_together_are_named_after_each(tmp_path: Path) -> None:
    alpha = _repository(tmp_path / "alpha-2.0", "alpha")
    beta = _repository(tmp_path / "beta-0.3", "beta")
    out = tmp_path / "out"
    result = run_skillc("build", str(alpha), str(beta), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    skills = _skills(out)
    for name, folder in (("alpha", "alpha-2.0"), ("beta", "beta-0.3")):
        assert skills[f"{name}-readme"] == [f"{folder}/README.md"]
        assert skills[f"{name}-contributing"] == [f"{folder}/CONTRIBUTING.md"]
