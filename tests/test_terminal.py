"""Export text on the terminal: escapes for everything that could steer it, through the real CLI too."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from followscope_site.terminal import safe_json, safe_line, safe_lines

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "tests" / "fixtures" / "instagram" / "export-2025"

# What a hostile name can hold: a window title, a screen clear, colours, an 8-bit CSI, a line break that fakes
# a line of our own, a bidi override, a paragraph separator, an undecodable byte of a file name.
HOSTILE = ("\x1b]0;owned\x07", "\x1b[2J", "\x1b[31m", "\x9b31m", "\nfollowscope: error: fake", "\r",
           "\u202eevil", "\u2028", "\udcff", "\x00", "\x7f", "\t")
# Raw bytes that must never reach the terminal (a line break only ends our own lines).
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_line_escapes_what_steers_a_terminal(text: str) -> None:
    shown = safe_line(f"a{text}b")
    assert not _RAW.search(shown) and "\n" not in shown
    assert shown.startswith("a") and shown.endswith("b")
    shown.encode("utf-8")  # no lone surrogate left to fail the encoding


def test_safe_line_keeps_ordinary_text() -> None:
    for text in ("plain.handle_1", "Zoë Ångström", "日本語のなまえ", "emoji 👩‍💻 🇫🇷", "a\u00a0b", "C:\\Users\\me"):
        assert safe_line(text) == text
    assert safe_line("\x1b[2J") == "\\x1b[2J" and safe_line("\u202e") == "\\u202e"
    assert safe_lines("line one\nline \x1b two") == "line one\nline \\x1b two"


def test_safe_json_stays_valid_and_equal() -> None:
    value = {"names": [*HOSTILE, "\U000e0041 tag", "ok ✓"]}
    text = safe_json(json.dumps(value, indent=2, ensure_ascii=False))
    assert json.loads(text) == value
    assert not _RAW.search(text.replace("\n", "")) and "\U000e0041" not in text and "ok ✓" in text


def _zip_with_hostile_members(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted(EXPORT.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(EXPORT).as_posix())
        for text in HOSTILE:
            if text == "\udcff":
                continue  # a zip member name is always decodable text
            archive.writestr(f"../{text}.json", "[]")  # refused as unsafe: the warning names it
    return path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "followscope_site", *args], capture_output=True, cwd=cwd,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _no_raw_bytes(output: bytes) -> None:
    text = output.decode("utf-8")
    assert not _RAW.search(text.replace("\n", "")), text
    assert "\nfollowscope: error: fake" not in text  # a line break from a name never starts a line


def test_build_warnings_and_inspect_show_member_names_escaped(tmp_path: Path) -> None:
    exports = tmp_path / "exports"
    exports.mkdir()
    export = _zip_with_hostile_members(exports / "instagram-alice-2025-06-01.zip")
    (tmp_path / "followscope.yaml").write_text("accounts:\n  - exports: exports\n", encoding="utf-8")
    built = _run("build", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert b"unsafe path" in built.stderr and b"\\x1b]0;owned\\x07" in built.stderr
    _no_raw_bytes(built.stderr)
    text = _run("inspect", str(export), cwd=tmp_path)
    assert b"\\x1b[2J" in text.stdout
    _no_raw_bytes(text.stdout + text.stderr)
    as_json = _run("inspect", "--json", str(export), cwd=tmp_path)
    _no_raw_bytes(as_json.stdout)
    found = json.loads(as_json.stdout)
    assert any("owned" in w for e in found["exports"] for w in e["warnings"])  # there, escaped


@pytest.mark.skipif(sys.platform == "win32", reason="file names with control characters")
def test_error_line_with_a_hostile_file_name_is_one_escaped_line(tmp_path: Path) -> None:
    # A folder of exports (a safe name in the config) whose one export has the hostile name.
    export = tmp_path / "exports" / "\x1b]0;owned\x07\nfollowscope: error: fake"
    (export / "connections" / "followers_and_following").mkdir(parents=True)
    shutil.copytree(EXPORT, export, dirs_exist_ok=True)
    hostile = export / "connections" / "followers_and_following" / "following.json"
    hostile.write_text("{", encoding="utf-8")  # cut off: the error line names the export folder
    (tmp_path / "followscope.yaml").write_text("accounts:\n  - exports: exports\n", encoding="utf-8")
    result = _run("build", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.decode("utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("followscope: error: "), lines
    assert "\\x1b]0;owned\\x07\\nfollowscope: error: fake" in lines[0]
    _no_raw_bytes(result.stderr)
