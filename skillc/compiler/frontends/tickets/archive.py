"""Ticket exports inside an archive: a Jira or helpdesk ``.zip`` export, an mbox in a tar.

Why: trackers hand out their exports zipped, and an archive's members are chosen by name
(`skillc.compiler.inputs`), where a ``.json`` or ``.csv`` is no ticket export by itself (a
docs archive holds data files too). So an archive that looks like an export (`is_export_top`:
its top holds export-like files and no guide page) is also read whole, as repositories are
(`skillc.compiler.whole_sources`): `skillc.compiler.archives.read_archive` reads the members
`member` names, refusing absolute and ``..`` names, links, devices and bombs as for any
archive; `collect` keeps those whose content is a ticket export (`formats.detect`, with the
build's field mapping) and bundles them into the archive's one source. Members claimed by
their name (``.mbox``, ``.eml``) are pages of the archive already and are not bundled again.

The bundle (`pack`, `unpack`) is a plain length-prefixed list of (id, bytes): linear to
write and read, deterministic (members in name order), never parsed as anything else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from skillc.compiler.frontends.frontend import Collected

__all__ = ["collect", "is_bundle", "is_export_top", "member", "pack", "unpack"]

_MAGIC = b"skillc ticket exports 1\n"
#: Names of files an export archive holds (a Maildir's messages have none: cur/, new/).
_EXPORT_SUFFIXES = (".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".txt")
_MAILDIR = frozenset({"cur", "new"})
#: Names at an archive's top that make it something else: guide pages, a repository.
_NOT_EXPORT = (".md", ".markdown", ".rst", ".html", ".htm", ".pdf", ".py", ".toml", ".cfg")


def is_export_top(names: frozenset[str]) -> bool:
    """Whether the names at an archive's top (below its one folder) are an export's: some
    export-like file or Maildir folder, and no guide page or project file."""
    lowered = [name.lower() for name in names]
    if any(name.endswith(_NOT_EXPORT) or name == "skill.md" for name in lowered):
        return False
    return any(name.endswith(_EXPORT_SUFFIXES) or name in _MAILDIR for name in lowered)


def member(relative: str) -> bool:
    """Whether an archive member (relative to its top folder) may be an export this kind
    reads whole: an export-like file, or a message of a Maildir folder."""
    lowered = relative.lower()
    folders = lowered.split("/")[:-1]
    return lowered.endswith(_EXPORT_SUFFIXES) or bool(_MAILDIR.intersection(folders))


def collect(members: Mapping[str, bytes], label: str, named: Mapping[str, str]) -> Collected:
    """The members that are ticket exports (``named``: the columns the build names, by
    field), bundled (empty when none is one); their ids are the pages' ids would be
    (``label``/name)."""
    from skillc.compiler.frontends.tickets.formats import detect

    kept = {}
    for name in sorted(members):
        data = members[name]
        if data and detect(data[:4096], named):
            kept[f"{label}/{name}" if label else name] = data
    return Collected(data=pack(kept) if kept else b"")


def pack(exports: Mapping[str, bytes]) -> bytes:
    """``exports`` (id -> bytes) as one bundle, in id order."""
    parts = [_MAGIC]
    for name in sorted(exports):
        encoded = name.encode("utf-8")
        parts.append(b"%d %d\n" % (len(encoded), len(exports[name])))
        parts.extend((encoded, exports[name]))
    return b"".join(parts)


def is_bundle(data: bytes) -> bool:
    """Whether a source's bytes are a bundle of exports (an archive read whole)."""
    return data.startswith(_MAGIC)


def unpack(data: bytes) -> Iterator[tuple[str, bytes]]:
    """The (id, bytes) of a bundle `pack` made, in order."""
    pos = len(_MAGIC)
    while pos < len(data):
        end = data.index(b"\n", pos)
        name_length, length = (int(x) for x in data[pos:end].split())
        start = end + 1
        name = data[start : start + name_length].decode("utf-8")
        yield name, data[start + name_length : start + name_length + length]
        pos = start + name_length + length
