"""The name of the documentation a build compiles, for the library index skill.

``skillc build corpora/click/docs`` should produce a catalogue of "click" skills without the user
saying so: the name is read from the input path, skipping folder names that only say where docs
are kept (``docs``, ``html``, ``src``...). Only that one name reaches the output, never a path,
so builds stay free of the build machine's paths.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from skillc.compiler.archives import (
    ARCHIVE_SUFFIXES,
    ArchiveUnreadable,
    Limits,
    Member,
    Problem,
    archive_suffix,
    common_root,
    read_archive,
)
from skillc.compiler.frontends import table
from skillc.compiler.frontends.html.javadoc import is_javadoc, window_title_suffix

#: Folder names that say where documentation is kept, not what it documents.
GENERIC_FOLDERS = frozenset(
    {"src", "source", "sources", "doc", "docs", "documentation", "html", "htdocs", "build"}
    | {"_build", "site", "public", "out", "output", "dist", "en", "latest", "stable", "current"}
    | {"manual", "guide", "guides", "pdf", "content", "pages", "www", "index", "main", "master"}
)


def _suffixes() -> re.Pattern[str]:
    """Any run of the suffixes of archives and of the pages some frontend claims."""
    parts = {p for s in (*ARCHIVE_SUFFIXES, *table.SUFFIXES) for p in s.split(".") if p}
    alternatives = "|".join(sorted(map(re.escape, parts), key=lambda p: (-len(p), p)))
    return re.compile(rf"(\.({alternatives}))+$", re.I)


_FILE_SUFFIXES = _suffixes()


def infer_library_name(inputs: Sequence[str]) -> str:
    """What the documentation is of, from the inputs' path: ``corpora/click/docs`` -> click.

    Several inputs count as their common folder, so the input order does not matter. The
    innermost name that is not a generic folder name (`GENERIC_FOLDERS`) wins; a file's own stem
    counts first (``refman.pdf`` -> refman). Only that one name reaches the output (in the index
    skill), never the path.
    """
    if not inputs:
        return ""
    # realpath, not Path.resolve: resolve raises RuntimeError on a symlink loop, and a bad
    # input must reach `inputs.gather` to be reported as one, not end in a traceback here.
    paths = sorted({Path(os.path.realpath(p)) for p in inputs})
    path = paths[0] if len(paths) == 1 else Path(os.path.commonpath(paths))
    first = _FILE_SUFFIXES.sub("", path.name) if path.is_file() else path.name
    names = [first, *(parent.name for parent in path.parents)]
    found = next((n for n in names if n and n.lower() not in GENERIC_FOLDERS), "")
    return _PACKAGED_DOCS.sub("", found) or found


#: A documentation package's suffix (Debian's ``asciidoctor-doc``, ``gri-html-doc``,
#: ``aptitude-doc-en``; ``-docs`` elsewhere): it says the folder holds the docs of the name
#: before it. Without it, a manual that names no project got ``asciidoctor-doc-class-...``
#: skills "in the asciidoctor-doc documentation".
_PACKAGED_DOCS = re.compile(r"-(?:html-|pdf-)?docs?(?:-[a-z]{2}(?:-[a-z]{2})?)?$", re.I)


# --- The project a manual documents, for default skill-name prefixes ----------------------------

#: ``project = "Werkzeug"`` in a Sphinx ``conf.py``, read as text (never executed).
_SPHINX_PROJECT = re.compile(
    r"""^project\s*(?::\s*str\s*)?=\s*[uU]?(['"])(.+?)\1\s*(?:#.*)?$""", re.M
)
#: Folders holding a Sphinx ``conf.py`` under a project's root, in the order Sphinx users put it.
_DOC_FOLDERS = ("", "source", "docs", "doc", "docs/source", "doc/source")
#: How many folders above the input are asked (``docs/_build/html`` -> ``docs``).
_PARENTS = 3


def infer_project_name(inputs: Sequence[str]) -> str:
    """The name of the project a build's input declares, for the default name prefix; ``""``
    when it declares none.

    Asked in order, for one input folder and up to three folders above it (stopping at a
    repository's root, the folder holding ``.git``), or inside one input archive (an sdist, a
    tarball of a checkout: its root folder): a Sphinx ``conf.py``'s ``project = "..."``
    (read as text, never run), the ``[project]`` or ``[tool.poetry]`` name of
    ``pyproject.toml``, ``setup.cfg``'s ``[metadata]`` name, ``package.json``'s ``name``
    (without its ``@scope/``), an sdist's ``PKG-INFO`` ``Name:``, a crate's ``Cargo.toml``
    ``[package]`` name. A folder's own name is not used for names: a checkout or download
    folder (``docs-v2``, ``tmp3x9``) often is not the library's name, and a wrong prefix on
    every skill is worse than none (the catalogue still names the library by it,
    `infer_library_name`).
    """
    if len(inputs) != 1:
        return ""
    if named_while_gathering(inputs):
        return _archive_declared_name(Path(inputs[0]))
    if not os.path.isdir(inputs[0]):
        return ""
    folder = Path(os.path.realpath(inputs[0]))
    # A documentation package's folder holds the manual under html/ (Debian's
    # /usr/share/doc/python-werkzeug-doc/html, beside examples/ and a changelog).
    front = _text(folder / "index.html") or _text(folder / "html" / "index.html")
    rendered = (
        sphinx_html_name(front)
        or haddock_html_name(front)
        or mkdocs_html_name(front)
        or javadoc_html_name(front)
    )
    if rendered:
        return rendered
    for place in [folder, *list(folder.parents)[:_PARENTS]]:
        name = _declared_name(functools.partial(_text_under, place))
        if name or (place / ".git").exists():
            return name
    return ""


def named_while_gathering(inputs: Sequence[str]) -> bool:
    """Whether ``inputs`` are one archive, whose declared name a build reads in its one pass
    over it (`skillc.compiler.inputs.Gathered.declared_name`) rather than by opening it
    before the build: the caller leaves the name prefix to the build (None)."""
    return len(inputs) == 1 and bool(archive_suffix(inputs[0])) and os.path.isfile(inputs[0])


#: A page title as Sphinx renders it by default ("{title} — {project} {release} documentation"),
#: or as the Pallets theme does ("{title} — {project} Documentation ({version})": Werkzeug,
#: Flask, Jinja, Click).
_SPHINX_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_SPHINX_PROJECT_IN_TITLE = re.compile(
    r"(?:^|\s[\u2014\u2013-]\s)([^\u2014\u2013]+?)(?:\s+v?\d[\w.+-]*)?\s+documentation"
    r"(?:\s+\(v?\d[\w.+-]*\))?\s*$",
    re.IGNORECASE,
)


def sphinx_html_name(index_html: str) -> str:
    """The project a rendered Sphinx manual names in its front page's title, or ``""``.

    A manual built to HTML (a Debian ``python-X-doc`` package, a docs site's download) keeps
    no ``conf.py``, and its folder is named by whoever packaged it (``python-aioftp-doc/html``),
    but every page's title ends with Sphinx's "— aioftp 0.21.4 documentation".

    >>> sphinx_html_name("<title>aioftp &#8212; aioftp 0.21.4 documentation</title>")
    'aioftp'
    >>> sphinx_html_name("<title>Werkzeug &#8212; Werkzeug Documentation (2.2.x)</title>")
    'Werkzeug'
    >>> sphinx_html_name("<title>3.11.2 Documentation</title>"), sphinx_html_name("<p>x</p>")
    ('', '')
    """
    import html

    found = _SPHINX_TITLE.search(index_html[:20_000])
    if not found:
        return ""
    title = " ".join(html.unescape(found.group(1)).split())
    if title == _RDOC_DEFAULT_TITLE and _RDOC in index_html[:20_000]:
        return ""  # RDoc's title when the project gave none: the generator, not the project
    match = _SPHINX_PROJECT_IN_TITLE.search(title)
    name = match.group(1).strip() if match else ""
    return name if name and not name[0].isdigit() else ""


#: RDoc (darkfish) titles every page "... - RDoc Documentation" unless the project passes
#: ``--title``: Debian's asciidoctor-doc named every skill ``rdoc-...``. Its pages set
#: ``rdoc_rel_prefix`` in a script.
_RDOC_DEFAULT_TITLE = "RDoc Documentation"
_RDOC = "rdoc_rel_prefix"


#: Haddock's contents page title: "{package}-{version}: {synopsis}".
_HADDOCK_TITLE = re.compile(r"^([A-Za-z][\w-]*?)-\d+(?:\.\d+)*:\s")


def haddock_html_name(index_html: str) -> str:
    """The package a Haddock manual's contents page names in its title, or ``""``.

    A Debian ``libghc-X-doc`` package's folder is the packager's name; its module pages were
    prefixed ``libghc-doctemplates-doc-``, the package they document being doctemplates.

    >>> page = '<title>doctemplates-0.10.0.1: Pandoc-style document templates</title>'
    >>> haddock_html_name(page + '<script src="haddock-bundle.min.js">')
    'doctemplates'
    >>> haddock_html_name(page)  # not Haddock's
    ''
    """
    import html

    head = index_html[:20_000]
    found = _SPHINX_TITLE.search(head)
    if not found or "haddock" not in head.lower():
        return ""
    match = _HADDOCK_TITLE.match(" ".join(html.unescape(found.group(1)).split()))
    return match.group(1) if match else ""


#: Javadoc's front page title: "Overview (argparse4j 0.4.4-SNAPSHOT API)", its ``-doctitle``
#: (by default the project and its version, then "API") in brackets after the page's name.
_JAVADOC_TITLE = re.compile(r"\(\s*([A-Za-z][\w.-]*?)(?:\s+v?\d[\w.+-]*)?\s+API\s*\)\s*$")


def javadoc_html_name(index_html: str) -> str:
    """The project a Javadoc front page names in its title, or ``""``. Debian keeps a Java
    library's Javadoc in ``/usr/share/doc/libX-java/api``: its skills were "in the api
    documentation" (libargparse4j-java-doc).

    >>> page = "<!-- Generated by javadoc --><title>Overview (argparse4j 0.4 API)</title>"
    >>> javadoc_html_name(page), javadoc_html_name("<title>Overview (argparse4j 1 API)</title>")
    ('argparse4j', '')
    """
    import html

    head = index_html[:20_000]
    found = _SPHINX_TITLE.search(head)
    if not found or not is_javadoc(head):
        return ""
    title = " ".join(html.unescape(found.group(1)).split())
    match = _JAVADOC_TITLE.search(title)
    return match.group(1) if match else _window_title_name(window_title_suffix(title))


#: Words a Javadoc window title ends with that name the kind of site, not the project.
_JAVADOC_SITE_WORDS = frozenset(
    {"api", "package", "packages", "documentation", "javadoc", "javadocs"}
)
#: The most words a window title may have left to name the project.
_WINDOW_TITLE_WORDS = 4


def _window_title_name(suffix: str) -> str:
    """The project a Javadoc window title (``" (Apache Commons Object Pooling Package)"``)
    names: its words without the trailing words of `_JAVADOC_SITE_WORDS`, when at most four are left
    (a longer one is a sentence, not a name); else ``""``. Without it, Debian's
    libcommons-pool-java-doc was named after its folder: "api-catalog", "api-genericobjectpool".

    >>> _window_title_name(" (Apache Commons Object Pooling Package)")
    'Apache Commons Object Pooling'
    """
    words = suffix.strip(" ()").split()
    while words and words[-1].lower() in _JAVADOC_SITE_WORDS:
        words.pop()
    return " ".join(words) if 0 < len(words) <= _WINDOW_TITLE_WORDS else ""


#: What MkDocs writes into every page: its generator mark (material and others), the search
#: dialog of its own themes (``mkdocs``: ``mkdocs_search_modal``; ``readthedocs``:
#: ``mkdocs_page_name``). Debian's mkdocs-doc has no generator mark.
_MKDOCS = re.compile(
    r'<meta\s+name="generator"\s+content="mkdocs|mkdocs_search_modal|mkdocs_page_name',
    re.IGNORECASE,
)
#: A site name's trailing "documentation" or "docs", and a version, which name no project.
_SITE_SUFFIX = re.compile(r"(?:\s+v?\d[\w.+-]*)?(?:\s+(?:documentation|docs))?\s*$", re.I)
#: A site name of more words than this is a sentence, not a project's name.
_SITE_WORDS = 3


def mkdocs_html_name(index_html: str) -> str:
    """The site an MkDocs manual names in its front page's title, or ``""``.

    MkDocs titles each page "{page} - {site_name}" and the front page by the site name alone;
    without it Debian's mkdocs-doc pages were named ``user-guide-cli`` at page grain and
    only some chapters got the ``mkdocs-`` the catalogue has (from the folder).

    >>> page = '<title>Welcome - MkDocs</title><div id="mkdocs_search_modal">'
    >>> mkdocs_html_name(page), mkdocs_html_name('<title>MkDocs</title>')  # not MkDocs'
    ('MkDocs', '')
    """
    import html

    head = index_html[:20_000]
    found = _SPHINX_TITLE.search(head)
    if not found or not _MKDOCS.search(index_html):
        return ""
    title = " ".join(html.unescape(found.group(1)).split())
    site = _SITE_SUFFIX.sub("", title.rsplit(" - ", 1)[-1]).strip()
    return site if site and len(site.split()) <= _SITE_WORDS else ""


#: The metadata files `_declared_name` asks for, relative to a project's root.
_CONF_FILES = tuple(f"{sub}/conf.py".lstrip("/") for sub in _DOC_FOLDERS)
_METADATA = frozenset(
    {*_CONF_FILES, "pyproject.toml", "setup.cfg", "package.json", "PKG-INFO", "Cargo.toml"}
)


def _declared_name(read: Callable[[str], str]) -> str:
    """The project name a root's own metadata declares, or ``""``; ``read`` gives the text of
    a file relative to the root (``""`` when there is none)."""
    for conf in _CONF_FILES:
        match = _SPHINX_PROJECT.search(read(conf))
        if match and match.group(2).strip():
            return match.group(2).strip()
    return (
        _pyproject_name(read("pyproject.toml"))
        or _setup_cfg_name(read("setup.cfg"))
        or _package_json_name(read("package.json"))
        or _pkg_info_name(read("PKG-INFO"))
        or _cargo_name(read("Cargo.toml"))
    )


#: The largest metadata file read for a name (a folder's and an archive's alike).
_MAX_METADATA_BYTES = 1_000_000


def is_metadata(name: str) -> bool:
    """Whether archive member ``name`` is a metadata file `declared_name_in` reads: at the
    archive's top or below its one top folder."""
    return name in _METADATA or name.partition("/")[2] in _METADATA


def declared_name_in(members: Iterable[Member], problems: Iterable[Problem] = ()) -> str:
    """`_declared_name` of an archive's root, from the members read from it (those that are
    not metadata, `is_metadata`, are ignored, so the pass that reads its pages can give all of
    them); the metadata members it refused (``problems``) still count where the root is."""
    kept = [m for m in members if is_metadata(m.name)]
    refused = [p.name for p in problems if p.name and is_metadata(p.name)]
    root = common_root([m.name for m in kept] + refused)
    prefix = f"{root}/" if root else ""
    texts = {
        m.name.removeprefix(prefix): m.data.decode("utf-8", errors="replace")
        for m in kept
        if len(m.data) <= _MAX_METADATA_BYTES
    }
    return _declared_name(lambda rel: texts.get(rel, ""))


def _archive_declared_name(path: Path) -> str:
    """`declared_name_in` an archive opened for it alone (a build reads the name in its one
    pass over the archive instead: `skillc.compiler.input_archives`)."""
    try:
        contents = read_archive(path, is_metadata, Limits(member_bytes=_MAX_METADATA_BYTES))
    except ArchiveUnreadable:  # reported when the build reads the archive itself
        return ""
    return declared_name_in(contents.members, contents.problems)


def _text_under(root: Path, relative: str) -> str:
    return _text(root / relative)


def _text(path: Path) -> str:
    """A small metadata file's text; ``""`` when it cannot be read or is not plausibly one."""
    try:
        if not path.is_file() or path.stat().st_size > _MAX_METADATA_BYTES:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _toml(text: str) -> dict[str, Any]:
    """The table of a TOML file's ``text``, empty when it is no TOML: a hostile file costs
    only the name it would have given."""
    import tomllib

    if not text:
        return {}
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return {}


def _pyproject_name(text: str) -> str:
    data = _toml(text)
    tool = data.get("tool")
    project, poetry = data.get("project"), tool.get("poetry") if isinstance(tool, dict) else None
    for entries in (project, poetry):
        if isinstance(entries, dict) and isinstance(entries.get("name"), str):
            return str(entries["name"]).strip()
    return ""


def _setup_cfg_name(text: str) -> str:
    """``[metadata] name`` of a ``setup.cfg`` (setuptools' declarative metadata, which many
    projects use without a ``[project]`` table: httpie 3.2)."""
    import configparser

    if not text:
        return ""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:  # a hostile or broken file costs only its name
        return ""
    return parser.get("metadata", "name", fallback="").strip()


def _package_json_name(text: str) -> str:
    import json

    if not text:
        return ""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return ""
    name = data.get("name") if isinstance(data, dict) else None
    return name.rpartition("/")[2].strip() if isinstance(name, str) else ""


#: The ``Name:`` field of core metadata (``PKG-INFO``), among the header lines at its top.
_PKG_INFO_NAME = re.compile(r"^Name:[ \t]*(\S[^\r\n]*?)[ \t]*$", re.M)


def _pkg_info_name(text: str) -> str:
    """``Name:`` of the ``PKG-INFO`` every sdist carries at its top: the name of a project
    whose only other metadata is ``setup.py`` code, which is never run (python-dotenv 1.0.1:
    its CONTRIBUTING page's skill was a bare ``contributing`` beside ``python-dotenv-api``).
    Only the header counts (it ends at the first blank line; the long description follows).

    >>> _pkg_info_name("Metadata-Version: 2.1\\nName: python-dotenv\\n\\nName: not this")
    'python-dotenv'
    """
    header = re.split(r"\r?\n[ \t]*\r?\n", text, maxsplit=1)[0]
    match = _PKG_INFO_NAME.search(header)
    return match.group(1) if match else ""


def _cargo_name(text: str) -> str:
    """``[package] name`` of a Rust crate's ``Cargo.toml`` (serde_json 1.0.87 from Debian's
    cargo registry: its folder ``serde_json-1.0.87`` named its skills before)."""
    package = _toml(text).get("package")
    name = package.get("name") if isinstance(package, dict) else None
    return name.strip() if isinstance(name, str) else ""
