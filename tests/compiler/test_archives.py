"""`skillc.compiler.archives` with small limits: budgets refuse archives before their pages are
read, member caps refuse members, names are normalised."""

from __future__ import annotations

import doctest
import io
import struct
import tarfile
import zipfile
from pathlib import Path

import pytest

from skillc.compiler import archives
from skillc.compiler.archives import (
    ArchiveOverBudget,
    Limits,
    archive_stem,
    archive_suffix,
    read_archive,
)
from skillc.compiler.zip_directory import zip_entry_count

SMALL = Limits(member_bytes=1000, total_bytes=2500, ratio=10, ratio_floor=500, members=50)


def wanted(name: str) -> bool:
    return name.endswith(".md")


def test_zip_over_the_total_budget_is_refused_from_its_directory(tmp_path: Path) -> None:
    """Refused before a byte is decompressed: the members' data is garbage and never read."""
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(5):
            archive.writestr(f"p{n}.md", bytes([65 + n]) * 900)
    data = path.read_bytes()
    path.write_bytes(data.replace(bytes([66]) * 900, b"\xff" * 900))  # p1's bytes: CRC fails
    with pytest.raises(ArchiveOverBudget) as raised:
        read_archive(path, wanted, SMALL)
    assert str(raised.value) == (
        "archive declares 4500 bytes uncompressed in 5 page(s), over the budget of 2500 bytes; "
        "not read"
    )
    assert raised.value.code == "SK080"


def test_zip_budget_counts_only_the_pages_it_would_read(tmp_path: Path) -> None:
    """Images, refused members and duplicates cost nothing, so they do not count."""
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("logo.png", bytes(range(256)) * 40)
        archive.writestr("big.md", bytes(range(256)) * 5)  # over member_bytes: refused alone
        archive.writestr("p.md", b"# p\n" * 200)
    contents = read_archive(path, wanted, SMALL)
    assert [m.name for m in contents.members] == ["p.md"]
    assert [p.member for p in contents.problems] == ["big.md"]


def test_zip_ratio_cap_and_member_size(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.md", bytes(900))
        archive.writestr("big.md", bytes(range(256)) * 5)
        archive.writestr("ok.md", b"# ok\n")
    contents = read_archive(path, wanted, SMALL)
    assert [m.name for m in contents.members] == ["ok.md"]
    messages = {p.member: p.message for p in contents.problems}
    assert "looks like a zip bomb" in messages["zeros.md"]
    assert messages["big.md"] == "member is too large (1280 bytes; limit 1000)"


def test_compressed_tar_ratio_cap_refuses_the_archive_at_the_bomb(tmp_path: Path) -> None:
    path = tmp_path / "a.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in (("ok.md", b"# ok\n"), ("zeros.md", bytes(990)), ("late.md", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with pytest.raises(ArchiveOverBudget, match="looks like a compression bomb; not read"):
        read_archive(path, wanted, Limits(ratio=2, ratio_floor=500))


def tar_of(path: Path, count: int, size: int, mode: str = "w") -> Path:
    with tarfile.open(path, mode) as archive:
        for n in range(count):
            info = tarfile.TarInfo(f"d/{n:02}.md")
            info.size = size
            archive.addfile(info, io.BytesIO(b"#" * size))
    return path


def test_tar_member_count_budget(tmp_path: Path) -> None:
    with pytest.raises(ArchiveOverBudget) as raised:
        read_archive(tar_of(tmp_path / "a.tar", 60, 2), wanted, SMALL)
    assert str(raised.value) == "archive has more than 50 entries, over the budget of 50; not read"
    contents = read_archive(tar_of(tmp_path / "b.tar", 50, 2), wanted, SMALL)
    assert len(contents.members) == 50 and contents.root == "d"


@pytest.mark.parametrize(("suffix", "mode"), [(".tar", "w"), (".tar.gz", "w:gz")])
def test_tar_total_budget_stops_at_the_header_that_passes_it(
    tmp_path: Path, suffix: str, mode: str
) -> None:
    path = tar_of(tmp_path / f"a{suffix}", 4, 900, mode)
    with pytest.raises(ArchiveOverBudget) as raised:
        read_archive(path, wanted, Limits(total_bytes=2500, ratio=1000))
    what = "declares" if mode == "w" else "decompresses to"
    assert str(raised.value) == (
        f"archive {what} more than 2500 bytes, the budget, by entry 3 (3 page(s) so far); not read"
    )


def test_zip_member_count_budget_is_read_before_zipfile_parses(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(60):
            archive.writestr(f"d/{n:02}.md", b"#x")
    assert zip_entry_count(path) == 60
    with pytest.raises(ArchiveOverBudget) as raised:
        read_archive(path, wanted, SMALL)
    assert str(raised.value) == "archive has 60 entries, over the budget of 50; not read"


def test_zip_entry_count_reads_zip64_records(tmp_path: Path) -> None:
    """A zip64 end record (what zipfile writes past 65,535 entries) is followed to its count."""
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.md", b"#a")
    data = bytearray(path.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack_from("<LL", data, at + 12)
    record = struct.pack(
        "<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, 70_000, 70_000, cd_size, cd_offset
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, at, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, cd_size, cd_offset, 0)
    path.write_bytes(bytes(data[:at]) + record + locator + end)
    assert zip_entry_count(path) == 70_000
    (tmp_path / "junk.zip").write_bytes(b"not a zip at all")
    assert zip_entry_count(tmp_path / "junk.zip") is None


def test_names_and_suffixes() -> None:
    assert archive_suffix("X.TAR.GZ") == ".tar.gz" and archive_suffix("a.md") == ""
    assert archive_stem(Path("docs.tar.xz")) == "docs" and archive_stem(Path("d.tgz")) == "d"
    assert archives.member_path("a\\b.md") == ("a/b.md", "")
    assert archives.member_path("C:/x.md")[1] == "absolute path"
    assert archives.member_path("./")[1] == "empty name"


def test_doctests() -> None:
    assert doctest.testmod(archives).failed == 0
