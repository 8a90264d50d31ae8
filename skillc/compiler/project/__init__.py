"""The project configuration: what ``skillc build`` with no arguments builds.

A project is declared in ``skillc.toml`` or in ``[tool.skillc]`` of ``pyproject.toml`` (the
first found walking up from the current folder, ``skillc.toml`` winning in one folder, as lint's
configuration is found). `model` holds the typed, frozen model; `load` reads and checks a file
(unknown keys and wrong types are errors naming the file and line, exit 2); `template` is the
commented starting file ``skillc init`` writes.
"""

from __future__ import annotations

from skillc.compiler.project.load import find_project, load_project
from skillc.compiler.project.model import KINDS, Output, Project, SourceSpec

__all__ = ["KINDS", "Output", "Project", "SourceSpec", "find_project", "load_project"]
