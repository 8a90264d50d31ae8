"""The ``<project>-api`` reference skill: the public modules of a repository in one language
(Python modules, JavaScript/TypeScript entry points, Go packages, Rust modules), what each
defines or exports, where, and which of the project's own modules import it.

Why a reference skill: an agent using or changing a library needs to know which modules are
its API and which are the most used inside it before it reads them; the tables say where
each module starts and where each name is defined (``src/flask/app.py:109``), so the agent
opens the right file. Nothing is summarised: the names are the source's own. The body lists
the most imported modules; every module is in ``references/api.md``, and every name with its
kind and definition in ``references/names.md``.
"""

from __future__ import annotations

from skillc.compiler.frontends.repository.builder import Builder, where
from skillc.compiler.frontends.repository.model import Api, ApiModule, ApiName, Project
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

#: What each language's listing holds, said once at the top of the skill.
_ABOUT = {
    "Python": (
        "The public modules of {name}, read from its source: the functions and classes each "
        "defines (its `__all__` when it has one, else the names not starting with `_`) and "
        "how many of the project's own modules import it, most imported first."
    ),
    "JavaScript": (
        "The entry points of the {name} package (its `package.json` `exports`, else `main`, "
        "`module` or an `index` file), read from its source: the names each exports "
        "(ES `export`s, `export *` expanded, CommonJS `module.exports`), each followed to the "
        "module of the package that defines it, and how many of the package's own modules "
        "import the entry; the main entry first, then the most imported."
    ),
    "Go": (
        "The importable packages of the {name} module, read from its source: the exported "
        "identifiers of each (a type followed by its methods, `Type.Method`) and how many of "
        "the module's own packages import it; the module's root package first, then the most "
        "imported. Packages below an "
        "`internal/` folder (only the module itself may import them) and `package main` "
        "programs are not listed."
    ),
    "Rust": (
        "The public modules of the {name} crate, read from its source from the crate root "
        "down its `pub mod`s: the `pub` items of each (`pub(crate)` and `#[doc(hidden)]` "
        "ones are not API), its `pub use` re-exports followed to where they are defined, "
        "`#[macro_export]` macros at the root, inherent methods after their type "
        "(`Type::method`), and how many of the crate's modules `use` it; the root first, then "
        "the most used."
    ),
}
_HEADER = {"Python": "Module", "JavaScript": "Entry point", "Go": "Package", "Rust": "Module"}


def api_skill(project: Project, api: Api, slug: str, skill_id: str) -> Skill:
    """The reference skill of ``api`` (one language's modules), named ``slug``."""
    b = Builder()
    title = f"{api.language} API of {project.name}"
    modules = api.modules
    header = _HEADER.get(api.language, "Module")
    b.heading(1, title, project.root)
    b.prose(_ABOUT[api.language].format(name=project.name), project.root)
    if api.language == "Python":
        b.heading(2, f"Most imported {_plural(header)}", project.root)
    else:  # the root package (the main entry point, the crate root) leads
        b.heading(2, f"The main {header.lower()} and the most imported", project.root)
    body = modules[:BODY_MODULES]
    verb = "Exports" if api.language == "JavaScript" else "Defines"
    b.table(_rows(body, header, verb, names=5), tuple(m.span for m in body))
    path = "references/api.md"
    b.heading(2, f"Every public {header.lower()} of {project.name}", project.root, path)
    rows = _rows(modules, header, verb, names=ROW_NAMES)
    b.table(rows, tuple(m.span for m in modules), path)
    if api.language != "Python":
        _names(b, modules, project)
    kinds = "functions and classes" if api.language == "Python" else "functions and types"
    # The language is named but in a Python project's only API skill (worded as before):
    # maturin's Python and Rust skills must be told apart by their descriptions.
    alone = api.language == "Python" and not slug.endswith("-python-api")
    language = "" if alone else f"{api.language} "
    goal = (
        f"Find the public {language}{_plural(header)}, {kinds} of {project.name} and where "
        "they are defined"
    )
    triggers = [m.name for m in body]
    if api.language != "Python" and modules:  # the main module's own names route too
        triggers += _main_names(modules[0])
    elif len(modules) < FEW_MODULES:  # one package re-exporting its API: its names say more
        triggers += [n.name for m in modules for n in m.names[:FEW_NAMES]]
    return b.skill(skill_id, slug, title, project.root, goal, triggers)


def _names(b: Builder, modules: tuple[ApiModule, ...], project: Project) -> None:
    """Every name of every module, its kind and where it is defined, in
    ``references/names.md``; a module exporting exactly the names of one listed before it
    (zod's ``zod`` and ``zod/v4``) says so instead of repeating them."""
    path = "references/names.md"
    b.heading(2, f"Where each public name of {project.name} is defined", project.root, path)
    shown: dict[frozenset[tuple[str, str, str]], str] = {}
    for module in modules:
        b.heading(3, f"`{module.name}`", module.span, path)
        key = _key(module)
        if key in shown:
            same = f"The same names as `{shown[key]}`, defined at the same places."
            b.prose(same, module.span, path)
            continue
        shown[key] = module.name
        rows = [("Name", "Kind", "Defined at")]
        rows.extend((f"`{n.name}`", n.kind, f"`{where(n.span)}`") for n in module.names)
        b.table(rows, tuple(n.span for n in module.names), path)
    count = sum(len(m.names) for m in modules if shown.get(_key(m)) == m.name)
    b.prose(  # zod's file has 2,504 rows: an agent searches it, not reads it
        f"`{path}` has one table row per public name ({count} rows: `` `Name` `` | kind | "
        "`file:line`) under its module's heading: search it for the name the task is about.",
        project.root,
    )


#: How many names of the main module (the root package, the main entry) are trigger terms.
TRIGGER_NAMES = 5


def _main_names(module: ApiModule) -> list[str]:
    """The first names of the main module an agent would meet in a task (``Error``,
    ``Context``, ``bail!`` for anyhow; ``pLimit`` of ``default (pLimit)``): not a nameless
    ``default`` nor a member of a type (``Type.Method``, semver's ``VersionReq::STAR``)."""
    names = [
        n.name.removeprefix("default (").removesuffix(")")
        for n in module.names
        if n.name != "default" and not _member(n)
    ]
    return names[:TRIGGER_NAMES]


def _member(name: ApiName) -> bool:
    """A method or associated constant of a type (``App.Run``, ``VersionReq::STAR``)."""
    return name.kind == "method" or "::" in name.name


def _key(module: ApiModule) -> frozenset[tuple[str, str, str]]:
    return frozenset((n.name, n.kind, where(n.span)) for n in module.names)


def _plural(header: str) -> str:
    return f"{header}s".lower() if header != "Entry point" else "entry points"


def _rows(
    modules: tuple[ApiModule, ...], header: str, verb: str, names: int
) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [(header, verb, "Imported by", "Defined at")]
    for module in modules:
        # Members are in names.md after their type; a row shows the types and functions.
        kept = [n for n in module.names if not _member(n)][:names]
        shown = ", ".join(f"`{n.name}`" for n in kept)
        more = len(module.names) - len(kept)
        if more > 0:
            shown += f" and {more} more"
        rows.append(
            (f"`{module.name}`", shown, str(len(module.imported_by)), f"`{where(module.span)}`")
        )
    return rows
