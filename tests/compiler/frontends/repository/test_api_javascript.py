"""The ``<project>-api`` skill of a JavaScript/TypeScript package: its entry points (from
``package.json`` ``exports``), what each exports, where each name is defined (followed through
re-exports, ``export *`` and CommonJS ``require``) and how many of the package's modules
import each entry. The fixture is a small real package written here; the expected lines are
counted from its text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from skills_ref.validator import validate

from skillc.compiler.frontends.repository.code import Broken
from skillc.compiler.frontends.repository.files import Bundle
from skillc.compiler.frontends.repository.javascript_api import javascript_api
from tests.compiler.frontends.repository.helpers import build, table_rows

MANIFEST = {
    "name": "tinylib",
    "main": "./dist/index.cjs",
    "exports": {
        ".": {"types": "./src/index.d.mts", "import": "./src/index.ts"},
        "./util": "./src/util.js",
        "./legacy": {"types": "./src/legacy.d.cts", "require": "./src/legacy.cjs"},
        "./locales/*": "./src/locales/*.js",
        "./package.json": "./package.json",
    },
}
FILES = {
    "src/index.ts": """\
import { helper } from './util.js';
export function parse(text: string): string {
  return helper(text);
}
export class Parser {}
export const VERSION = '1.0', DEBUG = false;
export { helper as assist } from './util.js';
export * from './shapes';
export * as shapes from './shapes';
export default parse;
export type Options = { strict: boolean };
""",
    "src/index.d.mts": "export declare function parse(text: string): string;\n",
    "src/shapes.ts": """\
export interface Shape { area(): number }
export enum Kind { Circle, Square }
export function area(s: Shape): number { return s.area(); }
function unexported() {}
""",
    "src/util.js": """\
const { Kind } = require('./shapes');
function helper(text) { return text.trim(); }
class Cache {}
module.exports = { helper, Cache, size: 3, reset() {} };
""",
    "src/legacy.cjs": """\
const util = require('./util.js');
exports.run = function () {};
exports.Cache = util.Cache;
module.exports.VERSION = '1';
""",
    "src/legacy.d.cts": "export declare function run(): void;\n",
    "src/consumer.ts": "import { area } from './shapes';\nimport * as u from './util.js';\n",
    "src/index.test.ts": "import { parse } from './index';\nexport const notApi = 1;\n",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("js") / "tinylib"
    write(root, {"package.json": json.dumps(MANIFEST, indent=2), **FILES})
    return build(root, root.parent / "out")


def names(built: Path) -> dict[str, dict[str, tuple[str, str]]]:
    """Entry point -> name -> (kind, defined at), from ``references/names.md``."""
    text = (built / "tinylib-api/references/names.md").read_text()
    found: dict[str, dict[str, tuple[str, str]]] = {}
    for chunk in text.split("\n## `")[1:]:
        title, _, body = chunk.partition("`\n")
        found[title] = {r[0].strip("`"): (r[1], r[2].strip("`")) for r in table_rows(body)[1:]}
    return found


def test_entries_their_exports_and_where_each_is_defined(built: Path) -> None:
    listed = names(built)
    assert sorted(listed) == ["tinylib", "tinylib/legacy", "tinylib/util"]  # no pattern, no json
    main = listed["tinylib"]
    assert list(main) == [  # source order; then what ``export *`` adds, each once
        "parse", "Parser", "VERSION", "DEBUG", "assist", "shapes", "default (parse)", "Options",
        "Shape", "Kind", "area",
    ]  # fmt: skip
    assert main["parse"] == ("function", "src/index.ts:2")  # the .ts source, not index.d.mts
    assert main["Parser"] == ("class", "src/index.ts:5")
    assert main["VERSION"] == ("const", "src/index.ts:6")
    assert main["assist"] == ("function", "src/util.js:2")  # re-export followed to CommonJS
    assert main["shapes"] == ("namespace", "src/index.ts:9")
    assert main["default (parse)"] == ("function", "src/index.ts:2")  # as users name it
    assert main["Options"] == ("type", "src/index.ts:11")
    assert main["Kind"] == ("enum", "src/shapes.ts:2")
    assert "unexported" not in main and "notApi" not in main
    util = listed["tinylib/util"]
    assert util == {
        "helper": ("function", "src/util.js:2"),
        "Cache": ("class", "src/util.js:3"),
        "size": ("value", "src/util.js:4"),
        "reset": ("function", "src/util.js:4"),
    }
    legacy = listed["tinylib/legacy"]  # the .cjs source, not legacy.d.cts
    assert legacy == {
        "run": ("function", "src/legacy.cjs:2"),
        "Cache": ("value", "src/legacy.cjs:3"),
        "VERSION": ("value", "src/legacy.cjs:4"),
    }


def test_import_counts_and_order(built: Path) -> None:
    rows = table_rows((built / "tinylib-api/references/api.md").read_text())
    assert rows[0] == ["Entry point", "Exports", "Imported by", "Defined at"]
    counts = {r[0].strip("`"): int(r[2]) for r in rows[1:]}
    # util.js: index.ts (import and re-export: once), consumer.ts, legacy.cjs (require);
    # the test file is not the package's code.
    assert counts == {"tinylib": 0, "tinylib/util": 3, "tinylib/legacy": 0}
    assert [r[0] for r in rows[1:]] == ["`tinylib`", "`tinylib/util`", "`tinylib/legacy`"]
    skill = (built / "tinylib-api/SKILL.md").read_text()
    assert "# JavaScript API of tinylib" in skill
    assert "`references/names.md` has one table row per public name (18 rows:" in skill
    assert validate(built / "tinylib-api") == []


def test_main_and_index_when_there_is_no_exports(tmp_path: Path) -> None:
    """``main`` names a build output the package does not ship: its ``src/index.js``."""
    files = {
        "package.json": json.dumps({"name": "plain", "main": "dist/plain.js"}),
        "src/index.js": "module.exports = require('./impl');\n",
        "src/impl.js": "function go() {}\nmodule.exports = { go };\n",
    }
    bundle = Bundle(prefix="", files=files)
    [entry] = javascript_api(bundle, {})
    assert entry.name == "plain"
    assert [(n.name, n.kind, n.span.source, n.span.line) for n in entry.names] == [
        ("go", "function", "src/impl.js", 1)
    ]


def test_a_file_that_does_not_parse_keeps_what_parses(tmp_path: Path) -> None:
    files = {
        "package.json": json.dumps({"name": "rough", "main": "index.js"}),
        "index.js": "export function good() {}\nexport const = ;\nexport class Later {}\n",
    }
    broken: Broken = {}
    [entry] = javascript_api(Bundle(prefix="", files=files), broken)
    assert "good" in [n.name for n in entry.names]
    assert "index.js" in broken  # reported by the reader as SK037


def test_babel_commonjs_and_a_run_time_index_fall_back_to_the_es_module() -> None:
    """date-fns 3.6.0's shapes: ``index.js`` copies its exports in a loop at run time (no
    name to read), so ``index.mjs`` is read; Babel's CommonJS declares every name with
    ``exports.a = exports.b = void 0`` and assigns it later, ``const a = (exports.a = 7)``."""
    loop = (
        'var _index = require("./add.js");\nObject.keys(_index).forEach(function (key) {\n'
        "  exports[key] = _index[key];\n});\n"
    )
    files = {
        "package.json": json.dumps(
            {
                "name": "dates",
                "exports": {
                    ".": {"require": "./index.js", "import": "./index.mjs"},
                    "./constants": {"require": "./constants.js"},
                },
            }
        ),
        "index.js": loop,
        "index.mjs": 'export * from "./add.mjs";\n',
        "add.mjs": "export function add(a, b) {\n  return a + b;\n}\nexport default add;\n",
        "add.js": '"use strict";\nexports.add = add;\nfunction add(a, b) { return a + b; }\n',
        "constants.js": (
            '"use strict";\nexports.daysInYear =\n  exports.daysInWeek =\n    void 0;\n'
            "const daysInWeek = (exports.daysInWeek = 7);\n"
            "const daysInYear = (exports.daysInYear = 365.2425);\n"
        ),
    }
    found = {m.name: m for m in javascript_api(Bundle(prefix="", files=files), {})}
    main = found["dates"]
    assert main.span.source == "index.mjs"
    assert [(n.name, n.kind, n.span.line) for n in main.names] == [("add", "function", 1)]
    constants = [(n.name, n.kind, n.span.line) for n in found["dates/constants"].names]
    assert constants == [("daysInWeek", "const", 5), ("daysInYear", "const", 6)]
    assert found["dates"].imported_by == ()
