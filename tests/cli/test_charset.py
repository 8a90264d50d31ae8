"""HTML pages are read in the encoding they declare; Markdown and RST stay UTF-8 only.

The real page is requests' ``dev/contributing.html`` (fetched by `make corpora`), whose curly
quotes, apostrophes and dashes are all windows-1252 bytes once re-encoded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, run_skillc

REQUESTS_PAGE = ROOT / "corpora" / "guides" / "requests-html" / "src" / "dev" / "contributing.html"
UTF8_META = '<meta charset="utf-8" />'


def files_of(out: Path, skill: str) -> dict[str, bytes]:
    root = out / skill
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def build(*args: str):
    """At page grain: the tests read each page's own skill folder."""
    result = run_skillc("build", *args, "--group", "page")
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def requests_page() -> str:
    if not REQUESTS_PAGE.is_file():
        pytest.fail(f"{REQUESTS_PAGE} is missing: run `make corpora` (make test does)")
    text = REQUESTS_PAGE.read_text(encoding="utf-8")
    assert text.count(UTF8_META) == 1
    return text


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252" />',
        '<meta charset="ISO-8859-1" />',  # WHATWG: iso-8859-1 means windows-1252
        "<META CONTENT='text/html;charset=latin1' HTTP-EQUIV=content-type>",
    ],
    ids=["http-equiv-windows-1252", "meta-charset-iso-8859-1", "upper-case-latin1"],
)
def test_real_page_in_windows_1252_builds_like_its_utf8_original(
    tmp_path: Path, requests_page: str, declaration: str
) -> None:
    original = tmp_path / "utf8" / "contributing.html"
    original.parent.mkdir()
    original.write_text(requests_page, encoding="utf-8")
    legacy = tmp_path / "legacy" / "contributing.html"
    legacy.parent.mkdir()
    data = requests_page.replace(UTF8_META, declaration).encode("cp1252")
    assert {b"\x93", b"\x94", b"\x92", b"\x97"} <= {bytes([b]) for b in data}
    legacy.write_bytes(data)
    for page, out in ((original, tmp_path / "out-utf8"), (legacy, tmp_path / "out-legacy")):
        result = build(str(page.parent), "-o", str(out), "-q")
        assert result.returncode == 0, result.stderr
    expected = files_of(tmp_path / "out-utf8", "contributing")
    assert "“" in expected["SKILL.md"].decode("utf-8")
    assert files_of(tmp_path / "out-legacy", "contributing") == expected


def test_curly_quote_bytes_decode_as_a_browser_reads_them(tmp_path: Path) -> None:
    page = tmp_path / "deploy.html"
    page.write_bytes(
        b'<html><head><meta charset="iso-8859-1"><title>Deploy</title></head><body>\n'
        b"<h1>Deploy the caf\xe9</h1>\n"
        b"<p>Read the \x93release notes\x94 first \x96 they\x92re short.</p>\n"
        b"<ol><li>Run <code>make deploy</code>.</li></ol>\n</body></html>\n"
    )
    out = tmp_path / "out"
    result = build(str(page), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    skill = (out / "deploy" / "SKILL.md").read_text(encoding="utf-8")
    assert "Deploy the café" in skill
    assert "Read the “release notes” first – they’re short." in skill


def test_xml_declaration_and_shift_jis_and_utf16_bom(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "xhtml.html").write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<html><body><h1>Na\xefve setup</h1>\n'
        b"<ol><li>Run <code>make</code>.</li></ol></body></html>\n"
    )
    (docs / "japanese.html").write_bytes(
        '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">\n'
        "<h1>インストール</h1><ol><li>Run <code>make install</code>.</li></ol>\n".encode("cp932")
    )
    (docs / "wide.html").write_bytes(
        "\ufeff<h1>Wide page</h1><ol><li>Run <code>make wide</code>.</li></ol>\n".encode(
            "utf-16-le"
        )
    )
    out = tmp_path / "out"
    result = build(str(docs), "-o", str(out), "-q")
    assert result.returncode == 0, result.stderr
    text = "".join(p.read_text(encoding="utf-8") for p in out.rglob("SKILL.md"))
    assert "Naïve setup" in text and "インストール" in text and "make wide" in text


def test_unknown_or_undecodable_charset_fails_that_page_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.html").write_text(
        "<h1>Good</h1><ol><li>Run <code>make</code>.</li></ol>\n", encoding="utf-8"
    )
    (docs / "klingon.html").write_bytes(
        b"<html>\n<head>\n<meta charset=x-klingon>\n</head><body><h1>Q</h1></body></html>\n"
    )
    (docs / "refused.html").write_bytes(b'<meta charset="iso-2022-kr"><h1>R</h1>\n')
    (docs / "broken.html").write_bytes(
        b"<meta charset=shift_jis>\n<h1>Title</h1>\n<p>ok</p>\n<p>bad \x85\xff here</p>\n"
    )
    (docs / "undeclared.html").write_bytes(b"<h1>Caf\xe9</h1>\n")
    out = tmp_path / "out"
    result = build(str(docs), "-o", str(out))
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {docs / 'broken.html'}:4:1: SK010 not valid shift_jis (byte 0x85), the encoding "
        "declared by the <meta>",
        f"error: {docs / 'klingon.html'}:3:1: SK010 unknown charset 'x-klingon' declared by the "
        "<meta>",
        f"error: {docs / 'refused.html'}:1:1: SK010 unknown charset 'iso-2022-kr' declared by "
        "the <meta>",
        f"error: {docs / 'undeclared.html'}:1:1: SK010 not valid UTF-8 (byte 0xe9) and no "
        "<meta charset> declares another encoding",
    ]
    assert {p.name for p in out.iterdir()} == {"good", "skills.lock"}


def test_markdown_and_rst_ignore_charset_declarations(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.md").write_text("# Good\n\n1. Run `make`.\n", encoding="utf-8")
    (docs / "page.md").write_bytes(b'<meta charset="latin1">\n\n# Caf\xe9\n')
    (docs / "page.rst").write_bytes(b".. meta::\n   :charset: latin1\n\nCaf\xe9\n====\n")
    result = build(str(docs), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{docs / 'page.md'}:3:1: SK010 not valid UTF-8 (byte 0xe9)\n" in result.stderr
    assert f"{docs / 'page.rst'}:4:1: SK010 not valid UTF-8 (byte 0xe9)\n" in result.stderr
