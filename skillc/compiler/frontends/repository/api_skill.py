"""The ``<project>-api`` reference skill: the public Python modules of a repository, what each
defines and which of the project's modules import it (`python.api.public_surface`).

Why a reference skill: an agent changing code in a repository needs to know which modules are
its API and which are the most used inside it before it reads them; the table says where each
name is defined (``src/flask/app.py:109``), so the agent opens the right file. Nothing is
summarised: the names are the source's own. The body lists the most imported modules; every
module is in ``references/api.md``.
"""

from __future__ import annotations

from skillc.compiler.frontends.repository.builder import Builder, where
from skillc.compiler.frontends.repository.model import Project
from skillc.compiler.frontends.repository.python.api import ApiModule
from skillc.ir.nodes import Skill

__all__ = ["api_skill"]

#: How many modules the body lists (the rest are in the reference file).
BODY_MODULES = 10
#: How many names a module's row shows before "and N more".
ROW_NAMES = 25
#: Below this many modules, the description's triggers also name what they define (up to
#: `FEW_NAMES` each): pluggy's one public module is the project's own name, which a
#: description leaves out, and its API skill was for tasks "that involve python API of
#: pluggy" rather than PluginManager or HookimplMarker.
FEW_MODULES = 3
FEW_NAMES = 6


def api_skill(project: Project, slug: str) -> Skill:
    b = Builder()
    title = f"Python API of {project.name}"
    modules = project.api
    b.heading(1, title, project.root)
    b.prose(
        f"The public modules of {project.name}, read from its source: the functions and "
        "classes each defines (its `__all__` when it has one, else the names not starting "
        "with `_`) and how many of the project's own modules import it, most imported first.",
        project.root,
    )
    b.heading(2, "Most imported modules", project.root)
    b.table(_rows(modules[:BODY_MODULES], names=5), tuple(m.span for m in modules[:BODY_MODULES]))
    path = "references/api.md"
    b.heading(2, f"Every public module of {project.name}", project.root, path)
    b.table(_rows(modules, names=ROW_NAMES), tuple(m.span for m in modules), path)
    goal = (
        f"Find the public modules, functions and classes of {project.name} and where they "
        "are defined"
    )
    triggers = [m.name for m in modules[:BODY_MODULES]]
    if len(modules) < FEW_MODULES:  # one package re-exporting its API: its names say more
        triggers += [n.name for m in modules for n in m.names[:FEW_NAMES]]
    return b.skill("SKILL_API", f"{slug}-api", title, project.root, goal, triggers)


def _rows(modules: tuple[ApiModule, ...], names: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("Module", "Defines", "Imported by", "Defined at")]
    for module in modules:
        shown = ", ".join(f"`{n.name}`" for n in module.names[:names])
        more = len(module.names) - names
        if more > 0:
            shown += f" and {more} more"
        rows.append(
            (f"`{module.name}`", shown, str(len(module.imported_by)), f"`{where(module.span)}`")
        )
    return rows
