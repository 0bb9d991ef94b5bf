"""Allow-list and ignore files: UTF-8 or UTF-16 with a BOM; anything else, a pipe or a device named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from followscope_site.config.lists import handle_set
from followscope_site.config.loader import load_config
from followscope_site.config.schema import LoadedConfig
from followscope_site.errors import ConfigError


def loaded(tmp_path: Path) -> LoadedConfig:
    path = tmp_path / "followscope.yaml"
    path.write_text("accounts:\n  - exports: e\n", encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be"])
def test_utf8_and_utf16_with_a_bom_are_read(tmp_path: Path, encoding: str) -> None:
    text = "# brands\r\nNike\r\n@Adidas  # a comment\r\n\r\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "allow.txt").write_bytes(data)
    assert handle_set(loaded(tmp_path), Path("allow.txt"), "allowlist") == {"nike", "adidas"}


@pytest.mark.parametrize(("data", "problem"), [
    ("# marques\npréférées\n".encode("latin-1"), "the ignore file is not UTF-8 text (byte 0xE9 at line 2, column 3; "
                                                 "it looks like Latin-1 or Windows-1252)"),
    ("anna\nbén\n".encode("utf-16-le"), "it looks like UTF-16 without a byte-order mark"),
])
def test_other_encodings_are_named(tmp_path: Path, data: bytes, problem: str) -> None:
    (tmp_path / "ignore.txt").write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        handle_set(loaded(tmp_path), Path("ignore.txt"), "ignore")
    assert caught.value.path == "ignore.txt" and problem in caught.value.problem


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and devices are POSIX")
def test_a_pipe_or_a_device_is_refused_unread(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ConfigError, match=r"cannot read the allowlist file \(is a named pipe, not a regular file\)"):
        handle_set(loaded(tmp_path), Path("pipe"), "allowlist")
    if Path("/dev/zero").exists():
        with pytest.raises(ConfigError, match=r"cannot read the ignore file \(is a device, not a regular file\)"):
            handle_set(loaded(tmp_path), Path("/dev/zero"), "ignore")


def test_one_leading_at_is_dropped(tmp_path: Path) -> None:
    assert handle_set(loaded(tmp_path), ["@Acme.Studio", "plain"], "allowlist") == {"acme.studio", "plain"}
