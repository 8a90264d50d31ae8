"""`skillc.compiler.archives` with small limits: caps stop reading, names are normalised."""

from __future__ import annotations

import doctest
import io
import tarfile
import zipfile
from pathlib import Path

from skillc.compiler import archives
from skillc.compiler.archives import Limits, archive_stem, archive_suffix, read_archive

SMALL = Limits(member_bytes=1000, total_bytes=2500, ratio=10, ratio_floor=500, members=50)


def wanted(name: str) -> bool:
    return name.endswith(".md")


def test_zip_total_cap_stops_with_one_error(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(5):
            archive.writestr(f"p{n}.md", bytes([65 + n]) * 900)
    contents = read_archive(path, wanted, SMALL)
    assert [m.name for m in contents.members] == ["p0.md", "p1.md"]
    [problem] = contents.problems
    assert problem.member == "" and "stopped reading at 'p2.md'" in problem.message


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


def test_compressed_tar_ratio_cap_stops_before_the_bomb(tmp_path: Path) -> None:
    path = tmp_path / "a.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, data in (("ok.md", b"# ok\n"), ("zeros.md", bytes(990)), ("late.md", b"x")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    contents = read_archive(path, wanted, Limits(ratio=2, ratio_floor=500))
    assert [m.name for m in contents.members] == ["ok.md"]
    [problem] = contents.problems
    assert "looks like a compression bomb, stopped reading at 'zeros.md'" in problem.message


def test_member_count_cap(tmp_path: Path) -> None:
    path = tmp_path / "a.tar"
    with tarfile.open(path, "w") as archive:
        for n in range(60):
            info = tarfile.TarInfo(f"d/{n:02}.md")
            info.size = 2
            archive.addfile(info, io.BytesIO(b"#x"))
    contents = read_archive(path, wanted, SMALL)
    assert len(contents.members) == 50 and contents.root == "d"
    assert "more than 50 members" in contents.problems[0].message


def test_names_and_suffixes() -> None:
    assert archive_suffix("X.TAR.GZ") == ".tar.gz" and archive_suffix("a.md") == ""
    assert archive_stem(Path("docs.tar.xz")) == "docs" and archive_stem(Path("d.tgz")) == "d"
    assert archives.member_path("a\\b.md") == ("a/b.md", "")
    assert archives.member_path("C:/x.md")[1] == "absolute path"
    assert archives.member_path("./")[1] == "empty name"


def test_doctests() -> None:
    assert doctest.testmod(archives).failed == 0
