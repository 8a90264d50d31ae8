"""Skill names carry the library by default: the prefix comes from the project the docs declare.

Real metadata files (a Sphinx ``conf.py`` that would fail if run, ``pyproject.toml``,
``package.json``) in temporary folders, and builds through the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from skillc import cli
from skillc.compiler.library_name import infer_project_name

PAGE = "# Debugging Applications\n\nEnable the debugger with `run_simple(use_debugger=True)`.\n"


def _docs(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "debug.md").write_text(PAGE, encoding="utf-8")
    return docs


def test_sphinx_conf_is_read_as_text_never_run(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    # werkzeug 3.0.4's docs/conf.py starts like this; the import would fail if it were run.
    (docs / "conf.py").write_text(
        'from pallets_sphinx_themes import get_version\n\nproject = "Werkzeug"\n'
        'copyright = "2007 Pallets"\nraise SystemExit("never executed")\n',
        encoding="utf-8",
    )
    assert infer_project_name([str(docs)]) == "Werkzeug"


def test_pyproject_then_package_json_and_never_the_folder_name(tmp_path: Path) -> None:
    repo = tmp_path / "flask-3.1.3"
    docs = _docs(repo)
    assert infer_project_name([str(docs)]) == ""  # a folder's name is no declared name
    (repo / "package.json").write_text(json.dumps({"name": "@pallets/flask-js"}), "utf-8")
    assert infer_project_name([str(docs)]) == "flask-js"
    (repo / "pyproject.toml").write_text('[project]\nname = "Flask"\n', encoding="utf-8")
    assert infer_project_name([str(docs)]) == "Flask"


def test_repository_root_bounds_the_search(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "outer"\n', encoding="utf-8")
    repo = tmp_path / "inner"
    (repo / ".git").mkdir(parents=True)
    docs = _docs(repo)
    assert infer_project_name([str(docs)]) == ""


def _names(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir())


def test_build_prefixes_names_by_default_and_empty_prefix_turns_it_off(tmp_path: Path) -> None:
    docs = _docs(tmp_path / "proj")
    (docs / "conf.py").write_text('project = "Werkzeug"\n', encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli.main, ["build", str(docs), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert _names(out) == ["werkzeug-debug"]
    text = (out / "werkzeug-debug" / "SKILL.md").read_text(encoding="utf-8")
    assert "Werkzeug" in text.split("---")[1]  # the description names the library
    bare, given = tmp_path / "bare", tmp_path / "given"
    result = runner.invoke(
        cli.main, ["build", str(docs), "-o", str(bare), "-q", "--name-prefix", ""]
    )
    assert result.exit_code == 0, result.output
    assert _names(bare) == ["debug"]
    args = ["build", str(docs), "-o", str(given), "-q", "--name-prefix", "wz"]
    assert runner.invoke(cli.main, args).exit_code == 0
    assert _names(given) == ["wz-debug"]


def test_setup_cfg_metadata_between_pyproject_and_package_json(tmp_path: Path) -> None:
    """httpie 3.2 declares its name only in ``setup.cfg``'s ``[metadata]``."""
    repo = tmp_path / "httpie-3.2.4"
    docs = _docs(repo)
    (repo / "package.json").write_text(json.dumps({"name": "httpie-site"}), "utf-8")
    (repo / "setup.cfg").write_text("[metadata]\nname = httpie\nversion = %(x)s\n", "utf-8")
    assert infer_project_name([str(docs)]) == "httpie"
    (repo / "pyproject.toml").write_text('[project]\nname = "HTTPie"\n', encoding="utf-8")
    assert infer_project_name([str(docs)]) == "HTTPie"


def test_an_sdists_pkg_info_and_a_crates_cargo_toml_declare_names(tmp_path: Path) -> None:
    """python-dotenv 1.0.1's sdist names itself only in ``setup.py`` code (never run) and in
    ``PKG-INFO``; serde_json 1.0.87 from Debian's cargo registry only in ``Cargo.toml``. Both
    builds' guide skills were named after the folders (``python-dotenv-1-0-1-...``)."""
    sdist = tmp_path / "python-dotenv-1.0.1"
    docs = _docs(sdist)
    (sdist / "setup.cfg").write_text("[metadata]\ndescription_file = README.md\n", "utf-8")
    (sdist / "setup.py").write_text('from setuptools import setup\nsetup(name="x")\n', "utf-8")
    assert infer_project_name([str(docs)]) == ""
    (sdist / "PKG-INFO").write_text(
        "Metadata-Version: 2.1\nName: python-dotenv\nVersion: 1.0.1\n\n"
        "# python-dotenv\n\nName: not this one\n",
        encoding="utf-8",
    )
    assert infer_project_name([str(docs)]) == "python-dotenv"
    assert infer_project_name([str(sdist)]) == "python-dotenv"
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["build", str(docs), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert _names(out) == ["python-dotenv-debug"]
    crate = tmp_path / "serde_json-1.0.87"
    crate.mkdir()
    (crate / "Cargo.toml").write_text(
        '# THIS FILE IS AUTOMATICALLY GENERATED BY CARGO\n\n[package]\nedition = "2018"\n'
        'name = "serde_json"\nversion = "1.0.87"\n\n[dependencies.serde]\nversion = "1"\n',
        encoding="utf-8",
    )
    assert infer_project_name([str(crate)]) == "serde_json"
    (crate / "Cargo.toml").write_text("[workspace]\nmembers = ['a']\n", encoding="utf-8")
    assert infer_project_name([str(crate)]) == ""  # a workspace's root declares no package


def test_hostile_metadata_costs_only_its_name(tmp_path: Path) -> None:
    docs = _docs(tmp_path / "proj")
    (tmp_path / "proj" / "pyproject.toml").write_text("a = " + "[" * 100_000, encoding="utf-8")
    (tmp_path / "proj" / "package.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "proj" / "setup.cfg").write_text("[metadata\nname = x\n" * 1000, "utf-8")
    (tmp_path / "proj" / "Cargo.toml").write_text("[package]\nname = 3\n" + "[" * 10, "utf-8")
    (tmp_path / "proj" / "PKG-INFO").write_text("Metadata-Version: 2.1\n" * 1000, "utf-8")
    assert infer_project_name([str(docs)]) == ""


def test_an_sdist_or_zip_declares_its_name_as_its_folder_does(tmp_path: Path) -> None:
    """An archive input is asked inside (its root folder's metadata), never extracted: the
    flask sdist built with the prefix ``flask`` only as a folder, so its listing, and through
    it the routing words of its descriptions, differed from the folder's build."""
    import tarfile
    import zipfile

    root = tmp_path / "tool-1.0"
    _docs(root)
    (root / "pyproject.toml").write_text('[project]\nname = "tool"\n', encoding="utf-8")
    (root / "docs/conf.py").write_text('project = "Toolkit"\n', encoding="utf-8")
    sdist, wheel_like = tmp_path / "tool-1.0.tar.gz", tmp_path / "tool-1.0.zip"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(root, arcname="tool-1.0")
    with zipfile.ZipFile(wheel_like, "w") as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(tmp_path).as_posix())
    assert infer_project_name([str(root)]) == "Toolkit"
    assert infer_project_name([str(sdist)]) == "Toolkit"
    assert infer_project_name([str(wheel_like)]) == "Toolkit"
    (tmp_path / "broken.tar.gz").write_bytes(b"not a tarball")
    assert infer_project_name([str(tmp_path / "broken.tar.gz")]) == ""


def test_a_build_of_an_sdist_opens_it_once(tmp_path: Path) -> None:
    """The sdist's pages, its repository (read whole) and its declared name come from one
    pass over it: counted by the archive reader itself through a real build."""
    import tarfile

    from skillc.compiler.archives import OPENED

    root = tmp_path / "tool-1.0"
    _docs(root)
    (root / "pyproject.toml").write_text('[project]\nname = "tool"\n', encoding="utf-8")
    (root / "docs/conf.py").write_text('project = "Toolkit"\n', encoding="utf-8")
    (root / "tool.py").write_text('"""The tool."""\n\n\ndef run() -> None:\n    pass\n')
    sdist = tmp_path / "tool-1.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as tar:
        tar.add(root, arcname="tool-1.0")
    out = tmp_path / "out"
    before = OPENED[str(sdist)]
    args = ["build", str(sdist), "-o", str(out), "-q", "--no-cache"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    assert OPENED[str(sdist)] - before == 1
    # The name read in that pass prefixes the skills, as the folder's own build has it.
    assert _names(out) == ["toolkit-docs-debug", "toolkit-tool-api"]
    folder_out = tmp_path / "folder-out"
    args = ["build", str(root), "-o", str(folder_out), "-q", "--no-cache"]
    assert CliRunner().invoke(cli.main, args).exit_code == 0
    assert _names(folder_out) == _names(out)
    lock = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    assert "tool-1.0" in [s["id"] for s in lock["sources"]]  # read whole as a repository


def test_a_rendered_sphinx_manual_is_named_by_its_front_pages_title(tmp_path: Path) -> None:
    """Debian's python-aioftp-doc ships the HTML alone, under /usr/share/doc/python-aioftp-doc/
    html: no conf.py, and the folder named by the packager; the title names the project."""
    html = tmp_path / "python-aioftp-doc" / "html"
    html.mkdir(parents=True)
    page = (
        "<html><head><title>{title} &#8212; aioftp 0.21.4 documentation</title></head>"
        "<body><h1>{title}</h1><p>Connect with <code>aioftp.Client.context(host)</code>.</p>"
        "<pre>async with aioftp.Client.context(host) as client:\n    await client.list()</pre>"
        "</body></html>"
    )
    (html / "index.html").write_text(page.format(title="aioftp"), encoding="utf-8")
    (html / "client.html").write_text(page.format(title="Client tutorial"), encoding="utf-8")
    assert infer_project_name([str(html)]) == "aioftp"
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["build", str(html), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    names = _names(out)
    assert names and all(n.startswith("aioftp-") for n in names), names
    (html / "index.html").write_text("<title>3.11.2 Documentation</title>", encoding="utf-8")
    assert infer_project_name([str(html)]) == ""  # a release number is no project name
    # The Pallets theme's titles (Debian's python-werkzeug-doc): the version comes after, in
    # parentheses. Unread, the page-grain skills were named "wsgi" and "wrappers" while the
    # grouped ones took "python-werkzeug-" from the packager's folder.
    pallets = "<title>Werkzeug &#8212; Werkzeug Documentation (2.2.x)</title>"
    (html / "index.html").write_text(pallets, encoding="utf-8")
    assert infer_project_name([str(html)]) == "Werkzeug"


def test_an_mkdocs_site_is_named_by_its_site_name_at_every_grain(tmp_path: Path) -> None:
    """Debian's mkdocs-doc: no mkdocs.yml, no generator mark; the pages' titles end with the
    site name. Without it, page-grain names had no prefix (``user-guide-cli``) and at chapter
    grain a one-page chapter had none (``about-contributing``) while the others had the
    catalogue's (``mkdocs-getting-started``)."""
    html = tmp_path / "mkdocs" / "html"
    (html / "about").mkdir(parents=True)
    (html / "user-guide").mkdir()
    page = (
        "<html><head><title>{title}</title></head><body>"
        '<div class="modal" id="mkdocs_search_modal"></div><div role="main">'
        "<h1>{heading}</h1><p>Run <code>mkdocs {command}</code> in the project folder.</p>"
        "<pre>mkdocs {command} --clean</pre></div></body></html>"
    )
    pages = {
        "index.html": ("MkDocs", "MkDocs", "new"),
        "about/contributing.html": ("Contributing - MkDocs", "Contributing", "serve"),
        "user-guide/cli.html": ("Command Line Interface - MkDocs", "Command Line", "build"),
        "user-guide/deploying.html": ("Deploying - MkDocs", "Deploying", "gh-deploy"),
    }
    for path, (title, heading, command) in pages.items():
        text = page.format(title=title, heading=heading, command=command)
        (html / path).write_text(text, encoding="utf-8")
    assert infer_project_name([str(html)]) == "MkDocs"
    for grain in ("page", "chapter"):
        out = tmp_path / f"out-{grain}"
        args = ["build", str(html), "-o", str(out), "-q", "--group", grain]
        result = CliRunner().invoke(cli.main, args)
        assert result.exit_code == 0, result.output
        names = _names(out)
        named = all(n == "mkdocs" or n.startswith("mkdocs-") for n in names)  # front page: mkdocs
        assert len(names) > 1 and named, (grain, names)


def test_a_documentation_package_built_from_its_root(tmp_path: Path) -> None:
    """Debian's python-werkzeug-doc, built from /usr/share/doc/python-werkzeug-doc (html/,
    examples/ beside it): the project is read from html/index.html's title, and no name
    carries the html/ folder the manual was built into (they were ``html-wsgi`` and
    ``html-wrappers``, and the catalogue "html skills")."""
    root = tmp_path / "python-werkzeug-doc"
    html = root / "html"
    html.mkdir(parents=True)
    page = (
        "<html><head><title>{title} &#8212; Werkzeug Documentation (2.2.x)</title></head>"
        "<body><h1>{title}</h1><p>Use <code>werkzeug.{name}</code> to {what}.</p>"
        "<pre>from werkzeug import {name}\n{name}.run()</pre></body></html>"
    )
    for name, title, what in [
        ("index", "Werkzeug", "start"),
        ("wsgi", "WSGI Helpers", "wrap applications"),
        ("wrappers", "Request and Response", "read requests"),
    ]:
        text = page.format(title=title, name=name, what=what)
        (html / f"{name}.html").write_text(text, encoding="utf-8")
    assert infer_project_name([str(root)]) == "Werkzeug"
    out = tmp_path / "out"
    args = ["build", str(root), "-o", str(out), "-q", "--group", "page"]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    names = _names(out)
    assert {"werkzeug-wsgi", "werkzeug-wrappers"} <= set(names), names
    assert not any("html" in name for name in names), names
