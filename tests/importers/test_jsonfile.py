"""JSON faults described from the bytes themselves, the same whatever msgspec release is installed."""

from __future__ import annotations

import msgspec
import pytest

from followscope_site.errors import InputError
from followscope_site.importers.jsonfile import describe_invalid_json, invalid_json_error


@pytest.mark.parametrize(("data", "reason"), [
    (b'{"a": 1,}', "invalid JSON at line 1, column 9: trailing comma"),
    (b'[1,\n 2,\n]', "invalid JSON at line 3, column 1: trailing comma"),
    (b"{'a': 1}", "invalid JSON at line 1, column 2: single quotes (JSON needs double quotes)"),
    (b'{1: 2}', "invalid JSON at line 1, column 2: object keys must be text in double quotes"),
    (b'{"a": 1, x}', "invalid JSON at line 1, column 10: object keys must be text in double quotes"),
    (b'[1, x]', "invalid JSON at line 1, column 5: unexpected character 'x'"),
    (b'[1] x', "invalid JSON at line 1, column 5: text after the end of the JSON value ('x')"),
    (b'["a\nb"]', "invalid JSON at line 1, column 4: control character '\\n' (U+000A)"),
    (b'AAAA', "invalid JSON at line 1, column 1: unexpected character 'A'"),
    (b'[{"a": "b"', "JSON ends too early (the file is cut off)"),
    (b'["abc', "JSON ends too early (the file is cut off)"),
    (b'{"a": tru', "JSON ends too early (the file is cut off)"),
    (b'  ', "JSON ends too early (the file is cut off)"),
    (b'["caf\xe9"]', "is not UTF-8 text (bad byte at offset 5)"),
    (b'[' * 100_000, "JSON nested too deeply"),
    (b'[' + b'9' * 5000 + b']', "a number with too many digits"),
    (b'[NaN]', "a value that is not plain JSON (NaN, Infinity or a number out of range)"),
])
def test_each_fault_in_our_own_words(data: bytes, reason: str) -> None:
    assert describe_invalid_json(data) == reason


def test_byte_offsets_count_from_the_start_of_the_file() -> None:
    assert describe_invalid_json(b'[1, "\xff"]', offset=25) == "is not UTF-8 text (bad byte at offset 30)"


def test_the_error_names_the_file_and_fits_the_hint() -> None:
    error = invalid_json_error("exports/x/following.json", b'["\xff"]')
    assert isinstance(error, InputError)
    assert error.path == "exports/x/following.json"
    assert "not UTF-8" in error.problem and "followscope inspect" in (error.hint or "")


@pytest.mark.parametrize("data", [b'["caf\xe9"]', b'{"a": 1,}', b'[{"a"', b'[' + b'9' * 5000 + b']', b'[1e999]'])
def test_msgspec_refuses_what_we_describe_with_an_exception_we_catch(data: bytes) -> None:
    """The one msgspec behaviour we rely on: bad input raises one of these types (0.18 raises
    UnicodeDecodeError for bad UTF-8, 0.23 DecodeError; both are caught, neither message is read)."""
    with pytest.raises((msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError)):
        msgspec.json.decode(data)
