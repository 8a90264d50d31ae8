"""`skillc build` on zip and tar archives: read in memory, hostile members refused one by one.

Every bad member is one error line naming ``archive!/member``; the other members build, the
manifest lists the failures, and the exit code is 2. An archive that cannot be opened at all is
a usage error: nothing written.
"""

from __future__ import annotations

import io
import json
import random
import shutil
import string
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.cli.conftest import CLICK_DOCS, run_skillc

GOOD = {
    "docs/install.md": b"# Install\n\n1. Run `pip install tool`.\n",
    "docs/guide/deploy.md": b"# Deploy\n\n1. Run `make deploy`.\n",
}
GOOD_SKILLS = {"install", "guide-deploy"}


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def add_tar(archive: tarfile.TarFile, name: str, data: bytes = b"", **fields: object) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in fields.items():
        setattr(info, key, value)
    archive.addfile(info, io.BytesIO(data) if data else None)


def make_tar(path: Path, members: dict[str, bytes], mode: str = "w") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, data in members.items():
            add_tar(archive, name, data)
    return path


def tree(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def skills_of(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_dir()}


def failed_of(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "skills.lock").read_text(encoding="utf-8"))
    return {entry["id"]: entry["reason"] for entry in manifest["failed"]}


def error_lines(result) -> list[str]:
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def build(*args: str):
    return run_skillc("build", *args)


# --- Good archives build like folders -----------------------------------------------------------


def test_zip_and_tarballs_of_a_folder_build_byte_identical_to_the_folder(tmp_path: Path) -> None:
    """As ``zip -r src.zip src`` makes them: every page under one folder, which the ids drop."""
    home = tmp_path / "click"  # the archives sit beside the folder: same library name
    shutil.copytree(CLICK_DOCS, home / "src")
    from_folder = tmp_path / "folder"
    assert build(str(home / "src"), "-o", str(from_folder), "-q").returncode == 0
    pages = {f"src/{p.name}": p.read_bytes() for p in sorted(CLICK_DOCS.glob("*.md"))}
    archives = [
        make_zip(home / "src.zip", pages),
        make_tar(home / "src.tar", pages),
        make_tar(home / "src.tar.gz", pages, "w:gz"),
        make_tar(home / "src.tgz", pages, "w:gz"),
        make_tar(home / "src.tar.xz", pages, "w:xz"),
    ]
    expected = tree(from_folder)
    assert len(expected) > 20
    for archive in archives:
        out = tmp_path / f"out-{archive.name}"
        result = build(str(archive), "-o", str(out), "-q")
        assert result.returncode == 0, (archive.name, result.stderr)
        assert tree(out) == expected, archive.name


def test_several_inputs_prefix_ids_with_the_archive_stem(tmp_path: Path) -> None:
    make_zip(tmp_path / "alpha.zip", {"install.md": GOOD["docs/install.md"]})
    make_tar(tmp_path / "beta.tar.gz", {"beta/deploy.md": GOOD["docs/guide/deploy.md"]}, "w:gz")
    out = tmp_path / "out"
    result = build(str(tmp_path / "alpha.zip"), str(tmp_path / "beta.tar.gz"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert skills_of(out) == {"alpha-install", "beta-deploy"}
    manifest = json.loads((out / "skills.lock").read_text())
    assert [s["id"] for s in manifest["sources"]] == ["alpha/install.md", "beta/deploy.md"]
    assert manifest["failed"] == []


# --- Zip bombs and lying headers ----------------------------------------------------------------


def test_zip_bomb_member_is_refused_and_the_other_members_build(tmp_path: Path) -> None:
    bomb = tmp_path / "docs.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in GOOD.items():
            archive.writestr(name, data)
        with archive.open("docs/bomb.md", "w", force_zip64=True) as member:
            zeros = bytes(16 * 1024 * 1024)
            for _ in range(64):  # 1 GiB of zeros, about 4.5 MB compressed
                member.write(zeros)
    assert bomb.stat().st_size < 10 * 1024 * 1024
    out = tmp_path / "out"
    result = build(str(bomb), "-o", str(out))
    [line] = error_lines(result)
    assert f"{bomb}!/docs/bomb.md: SK010 compression ratio " in line
    assert "looks like a zip bomb; not read" in line
    assert result.returncode == 2
    assert skills_of(out) == GOOD_SKILLS
    assert "zip bomb" in failed_of(out)["bomb.md"]


def patch_zip_member(
    data: bytes, name: str, *, size: int | None = None, flags: int | None = None
) -> bytes:
    """``data`` with member ``name``'s declared size and/or flag bits rewritten in both its local
    header and its central-directory entry (what zipfile cannot write)."""
    raw = bytearray(data)
    encoded = name.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.getinfo(name).header_offset
    assert raw[offset : offset + 4] == b"PK\x03\x04"
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(encoded)] != encoded:
        central = raw.index(b"PK\x01\x02", central + 4)
    if flags is not None:
        struct.pack_into("<H", raw, offset + 6, flags)
        struct.pack_into("<H", raw, central + 8, flags)
    if size is not None:
        struct.pack_into("<I", raw, offset + 22, size)
        struct.pack_into("<I", raw, central + 24, size)
    return bytes(raw)


def test_member_whose_header_understates_its_size_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "docs.zip", {**GOOD, "docs/lie.md": b"# Lie\n" + b"a" * 5_000_000})
    path.write_bytes(patch_zip_member(path.read_bytes(), "docs/lie.md", size=100))
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    [line] = error_lines(result)
    assert f"{path}!/docs/lie.md: SK010 corrupt member" in line
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS
    assert set(failed_of(out)) == {"lie.md"}


def test_encrypted_zip_member_is_not_read(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "docs.zip", {**GOOD, "docs/secret.md": b"# Secret\n\n1. Run it.\n"})
    path.write_bytes(patch_zip_member(path.read_bytes(), "docs/secret.md", flags=0x1))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("docs/secret.md").flag_bits & 0x1
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    [line] = error_lines(result)
    assert line.endswith(f"{path}!/docs/secret.md: SK010 encrypted member; not read")
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS
    assert failed_of(out) == {"secret.md": "encrypted member; not read"}


# --- Unsafe names, links, devices, duplicates, nesting ------------------------------------------


def test_traversal_absolute_links_and_devices_in_a_tar_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "docs.tar"
    with tarfile.open(path, "w") as archive:
        for name, data in GOOD.items():
            add_tar(archive, name, data)
        add_tar(archive, "../evil.md", b"# Evil\n\n1. Run `rm -rf /`.\n")
        add_tar(archive, "/etc/evil.md", b"# Evil\n\n1. Run `rm -rf /`.\n")
        add_tar(archive, "docs/link.md", type=tarfile.SYMTYPE, linkname="/etc/passwd")
        add_tar(archive, "docs/hard.md", type=tarfile.LNKTYPE, linkname="docs/install.md")
        add_tar(archive, "docs/dev.md", type=tarfile.CHRTYPE, devmajor=1, devminor=3)
        add_tar(archive, "docs/_static/jquery.js", type=tarfile.SYMTYPE, linkname="/usr/x.js")
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    lines = error_lines(result)
    assert f"error: {path}!/../evil.md: SK010 unsafe member: path leaves the archive (..)" in lines
    assert f"error: {path}!//etc/evil.md: SK010 unsafe member: absolute path" in lines
    assert (
        f"error: {path}!/docs/link.md: SK010 symbolic link (to '/etc/passwd'); links are not "
        "followed"
    ) in lines
    assert any(f"{path}!/docs/hard.md: SK010 hard link" in x for x in lines)
    assert any(f"{path}!/docs/dev.md: SK010 device, FIFO" in x for x in lines)
    assert len(lines) == 5, result.stderr  # the link that is no page is not a problem
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS
    assert set(failed_of(out)) == {
        "docs.tar!/../evil.md",
        "docs.tar!/etc/evil.md",
        "link.md",
        "hard.md",
        "dev.md",
    }
    assert not (tmp_path / "evil.md").exists() and not (tmp_path.parent / "evil.md").exists()


def test_zip_traversal_symlink_and_duplicate_members_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in GOOD.items():
            archive.writestr(name, data)
        archive.writestr("docs/../../evil.md", b"# Evil\n")
        link = zipfile.ZipInfo("docs/link.md")
        link.external_attr = (0o120777 << 16) | 0x20  # a symlink, as Info-ZIP stores one
        archive.writestr(link, b"/etc/passwd")
        archive.writestr("docs/twice.md", b"# One\n\n1. Run `a`.\n")
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("docs/twice.md", b"# Two\n\n1. Run `b`.\n")
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    lines = error_lines(result)
    assert len(lines) == 3, result.stderr
    assert f"{path}!/docs/../../evil.md: SK010 unsafe member: path leaves the archive" in lines[0]
    assert f"{path}!/docs/link.md: SK010 symbolic link; links are not followed" in lines[1]
    assert (
        "docs/twice.md: SK010 member name appears 2 times in the archive; none is read"
        in (lines[2])
    )
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS
    assert set(failed_of(out)) == {"docs.zip!/docs/../../evil.md", "link.md", "twice.md"}


def test_nested_archive_is_not_opened_and_is_only_a_note(tmp_path: Path) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"inner.md": b"# Inner\n\n1. Run `x`.\n"})
    path = make_zip(tmp_path / "docs.zip", {**GOOD, "docs/more/inner.zip": inner.read_bytes()})
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out), "-v")
    assert result.returncode == 0, result.stderr
    assert f"info: {path}!/docs/more/inner.zip: SK010 nested archive not opened" in result.stderr
    assert skills_of(out) == GOOD_SKILLS and failed_of(out) == {}
    quiet = build(str(path), "-o", str(out))
    assert quiet.returncode == 0 and "nested" not in quiet.stderr


def test_bad_pages_inside_an_archive_fail_alone(tmp_path: Path) -> None:
    path = make_tar(
        tmp_path / "docs.tgz",
        {**GOOD, "docs/bin.md": b"# Bin\n\n\x00", "docs/empty.rst": b"\n\n"},
        "w:gz",
    )
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    lines = error_lines(result)
    assert f"error: {path}!/docs/bin.md:3:1: SK010 binary file (contains NUL bytes)" in lines
    assert f"error: {path}!/docs/empty.rst: SK010 empty file" in lines
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS
    assert failed_of(out) == {
        "bin.md": "line 3: binary file (contains NUL bytes)",
        "empty.rst": "empty file",
    }


def test_member_over_the_page_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "docs.tar"
    with tarfile.open(path, "w") as archive:
        for name, data in GOOD.items():
            add_tar(archive, name, data)
        info = tarfile.TarInfo("docs/huge.md")
        info.size = 25 * 1024 * 1024
        archive.addfile(info, io.BytesIO(b"x" * info.size))
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    [line] = error_lines(result)
    assert "docs/huge.md: SK010 member is too large (26214400 bytes; limit 20971520)" in line
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS


def test_tar_over_the_total_budget_is_refused_at_the_header_that_passes_it(
    tmp_path: Path,
) -> None:
    """A header that declares 600 MB: the scan stops there, before its (missing) data, and the
    archive is refused whole (a usage error: nothing written)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in GOOD.items():
            add_tar(archive, name, data)
    header = tarfile.TarInfo("docs/zz-huge.md")
    header.size = 600 * 1024 * 1024
    path = tmp_path / "docs.tar"
    body = buffer.getvalue().rstrip(b"\0")
    body += b"\0" * (-len(body) % tarfile.BLOCKSIZE)
    path.write_bytes(body + header.tobuf())
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    [line] = error_lines(result)
    assert line == (
        f"error: {path}: SK080 archive declares more than 536870912 bytes, the budget, by "
        "entry 3 (3 page(s) so far); not read"
    )
    assert result.returncode == 2 and not out.exists()


def test_zip_of_many_pages_over_the_budget_is_refused_before_reading(tmp_path: Path) -> None:
    """600 pages of 1,000,000 bytes (each under the 100:1 bomb rule's 1 MiB floor, so each is
    a fine page on its own) declare 600 MB in the central directory: refused from it, with one
    error naming the archive and the budget. The members' data is corrupted after the first
    page, so an archive read before being judged would also report corrupt members."""
    page = (b"# Page\n\n" + b"Run the tool with care and read its output.\n" * 23_000)[:1_000_000]
    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for n in range(600):
            archive.writestr(f"docs/p{n:03}.md", page)
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x03\x04", 100)  # the second member's local header: scribble after it
    data[at + 100 : at + 200] = b"\xff" * 100
    path.write_bytes(bytes(data))
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    assert error_lines(result) == [
        f"error: {path}: SK080 archive declares 600000000 bytes uncompressed in 600 page(s), "
        "over the budget of 536870912 bytes; not read"
    ]
    assert result.returncode == 2 and not out.exists()


def test_archive_with_too_many_entries_is_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "docs.zip", {f"docs/p{n:05}.md": b"# p\n" for n in range(10_001)})
    result = build(str(path), "-o", str(tmp_path / "out"))
    assert error_lines(result) == [
        f"error: {path}: SK080 archive has 10001 entries, over the budget of 10000; not read"
    ]
    assert result.returncode == 2


# --- Broken archives ----------------------------------------------------------------------------


def test_truncated_zip_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "docs.zip", GOOD)
    path.write_bytes(path.read_bytes()[:-30])
    result = build(str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert error_lines(result) == [
        f"error: {path}: SK010 not a readable zip archive (File is not a zip file)"
    ]
    assert not (tmp_path / "out").exists()


def test_truncated_tar_keeps_the_members_before_the_cut(tmp_path: Path) -> None:
    """Cut in the middle of the last member's data (text that does not compress away)."""
    noise = random.Random(3)
    words = " ".join("".join(noise.choices(string.ascii_lowercase, k=7)) for _ in range(8000))
    pages = {**GOOD, "docs/zz-last.md": f"# Last\n\n1. Run `last`.\n\n{words}\n".encode()}
    for suffix, mode in ((".tar", "w"), (".tar.gz", "w:gz"), (".tar.xz", "w:xz")):
        path = make_tar(tmp_path / f"docs{suffix}", pages, mode)
        data = path.read_bytes()
        cut = 5000 if mode == "w" else len(data) // 2
        path.write_bytes(data[:cut])
        out = tmp_path / f"out{suffix}"
        result = build(str(path), "-o", str(out))
        lines = error_lines(result)
        assert len(lines) == 2, result.stderr
        assert lines[0].startswith(
            f"error: {path}: SK010 archive is truncated or corrupt after member 'docs/zz-last.md' ("
        ), lines
        assert lines[0].endswith("); later members are not read"), lines
        assert lines[1].startswith(f"error: {path}!/docs/zz-last.md: SK010 cannot read: "), lines
        assert result.returncode == 2, suffix
        assert skills_of(out) == GOOD_SKILLS, suffix
        assert set(failed_of(out)) == {path.name, "zz-last.md"}


def test_tar_cut_at_a_header_boundary_is_still_noticed(tmp_path: Path) -> None:
    path = make_tar(tmp_path / "docs.tar", GOOD)
    data = path.read_bytes().rstrip(b"\0")
    path.write_bytes(data + b"\0" * (-len(data) % tarfile.BLOCKSIZE))
    out = tmp_path / "out"
    result = build(str(path), "-o", str(out))
    [line] = error_lines(result)
    assert "no end-of-archive marker" in line
    assert result.returncode == 2 and skills_of(out) == GOOD_SKILLS


def test_not_an_archive_and_archive_without_pages_are_usage_errors(tmp_path: Path) -> None:
    fake = tmp_path / "fake.tar.gz"
    fake.write_bytes(b"# not a tarball\n")
    empty = make_zip(tmp_path / "notes.zip", {"notes.txt": b"plain"})
    for path, needle in ((fake, "not a readable tar archive"), (empty, "no supported files")):
        result = build(str(path), "-o", str(tmp_path / "out"))
        assert result.returncode == 2
        [line] = error_lines(result)
        assert line.startswith(f"error: {path}: SK010 ") and needle in line, line
        assert not (tmp_path / "out").exists()
