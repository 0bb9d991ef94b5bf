"""The config loader: every problem as `file:line:col: key.path: message`, safe loading only."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followscope_site.config.loader import find_config, load_config
from followscope_site.config.schema import AnalysisConfig, Config, LimitsConfig, SiteConfig, WatchConfig
from followscope_site.errors import ConfigError


def write(tmp_path: Path, text: str, name: str = "sample_config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def details(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.path == str(path)
    return [line.replace(str(path), "sample_config.yaml") for line in caught.value.details]


def test_smallest_config_is_valid(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts:\n  - exports: exports/instagram\n")
    loaded = load_config(path)
    assert loaded.path == path.resolve()
    assert loaded.config.accounts[0].exports == Path("exports/instagram")  # kept as written
    assert loaded.config.site == Config.model_fields["site"].get_default(call_default_factory=True)


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\nsite:\n  titel: Mine\n")
    assert lines == ["sample_config.yaml:4:3: site.titel: unknown key 'titel' (did you mean 'title'?)"]


def test_unknown_key_inside_an_account(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\n    platfrom: tiktok\n")
    assert lines == ["sample_config.yaml:3:5: accounts.0.platfrom: unknown key 'platfrom' "
                     "(did you mean 'platform'?)"]


def test_unknown_key_without_a_close_match_lists_the_valid_ones(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\nwatch:\n  zzz: 1\n")
    assert lines == ["sample_config.yaml:4:3: watch.zzz: unknown key 'zzz' "
                     "(valid keys: quiet_ms, poll, poll_interval_s)"]


def test_wrong_type_in_plain_words(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\n    allowlist: 12\nsite:\n  page_size: many\n")
    assert lines == [
        "sample_config.yaml:3:16: accounts.0.allowlist: expected a list of handles or a file path, got a number",
        "sample_config.yaml:5:14: site.page_size: expected a whole number, got 'many'",
    ]


def test_wrong_type_inside_a_list_points_at_the_item(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\n    ignore:\n      - ok\n      - 42\n")
    assert lines == ["sample_config.yaml:5:9: accounts.0.ignore.1: expected text, got a number"]


def test_missing_accounts(tmp_path: Path) -> None:
    lines = details(tmp_path, "site:\n  title: Mine\n")
    assert lines == ["sample_config.yaml:1:1: accounts: missing required key 'accounts'"]


def test_missing_exports_in_an_account(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: a\n  - label: Work\n    platform: x\n")
    assert lines == ["sample_config.yaml:3:5: accounts.1.exports: missing required key 'exports'"]


def test_empty_accounts_list(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts: []\n")
    assert lines == ["sample_config.yaml:1:11: accounts: needs at least one account (a `- exports: …` entry)"]


def test_enum_lists_the_choices(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\nsite:\n  privacy: secret\n")
    assert lines == ["sample_config.yaml:4:12: site.privacy: must be one of: private, public (got 'secret')"]


def test_bounds(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: x\nanalysis:\n  ratio_low: -1\n  grace_days: 1.5\n")
    assert lines == ["sample_config.yaml:4:14: analysis.ratio_low: must be at least 0 (got -1)",
                     "sample_config.yaml:5:15: analysis.grace_days: expected a whole number, got 1.5"]


def test_every_error_is_collected_in_file_order(tmp_path: Path) -> None:
    text = ("site:\n  privacy: secret\n  pagesize: 10\naccounts:\n  - exports: x\n    platform: myspace\n"
            "watch:\n  poll: perhaps\n")
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problem == "4 error(s) in the config"
    assert [d.split(": ")[0].rsplit(":", 2)[1:] for d in caught.value.details] == [
        ["2", "12"], ["3", "3"], ["6", "15"], ["8", "9"]]
    assert "did you mean 'page_size'?" in caught.value.details[1]
    assert "must be one of: instagram, threads, facebook" in caught.value.details[2]


def test_tab_indentation_is_a_syntax_error_with_position(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts:\n\t- exports: x\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problem == "the config is not valid YAML"
    assert caught.value.details == [f"{path}:2:1: a tab character; YAML indents with spaces only"]


def test_other_bad_yaml_keeps_pyyaml_position(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: [x\nsite: {}\n")
    assert len(lines) == 1 and lines[0].startswith("sample_config.yaml:3:")


def test_duplicate_key_is_reported_at_the_second_one(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: a\nsite:\n  title: One\n  title: Two\n")
    assert lines == ["sample_config.yaml:5:3: site.title: duplicate key 'title' (first set at line 4)"]


def test_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = (f"accounts:\n  - exports: x\nsite:\n  title: !!python/object/apply:os.system ['touch {marker}']\n"
            "  theme: !!python/name:os.system\n")
    lines = details(tmp_path, text)
    assert lines == [
        "sample_config.yaml:4:10: site.title: the tag !!python/object/apply:os.system is not allowed "
        "(only plain YAML values are read; nothing was run)",
        "sample_config.yaml:5:10: site.theme: the tag !!python/name:os.system is not allowed "
        "(only plain YAML values are read; nothing was run)",
    ]
    assert not marker.exists()


def test_custom_tags_are_refused(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: !ENV HOME\n")
    assert lines == ["sample_config.yaml:2:14: accounts.0.exports: the tag !ENV is not allowed "
                     "(only plain YAML values are read; nothing was run)"]


def test_billion_laughs_stops_fast_with_a_clear_error(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\naccounts:\n  - exports: *i\n")
    with pytest.raises(ConfigError) as caught:  # stopped at the count limit, not after 9^9 values
        load_config(path)
    assert "more than 100,000 values (an alias bomb?)" in caught.value.problem
    assert "anchors" in (caught.value.hint or "")


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "x: &x [*x]\naccounts:\n  - exports: y\n")
    with pytest.raises(ConfigError, match="nested more than 64 levels deep"):
        load_config(path)


def test_small_aliases_and_merge_keys_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts:\n  - <<: {platform: instagram, allowlist: [brand]}\n    exports: a\n"
                           "  - exports: b\n    allowlist: &brands [x, y]\n    ignore: *brands\n")
    loaded = load_config(path)
    assert loaded.config.accounts[0].platform == "instagram"
    assert loaded.config.accounts[0].allowlist == ["brand"]
    assert loaded.config.accounts[1].ignore == ["x", "y"]


def test_empty_file(tmp_path: Path) -> None:
    for text in ("", "# only a comment\n"):
        path = write(tmp_path, text)
        with pytest.raises(ConfigError, match="the config file is empty") as caught:
            load_config(path)
        assert "followscope init" in (caught.value.hint or "")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert details(tmp_path, "- exports: x\n") == [
        "sample_config.yaml:1:1: the top level must be keys such as `accounts:`, got a list"]


def test_missing_file_hints_at_init(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "nope.yaml")
    assert caught.value.line() == f"{tmp_path / 'nope.yaml'}: no such config file (run `followscope init` " \
                                  "to write one)"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"accounts:\n  - exports: caf\xe9\n")
    with pytest.raises(ConfigError, match=r"not UTF-8 text .*line 2, column 17"):
        load_config(path)


def test_utf8_bom_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes("\ufeffaccounts:\n  - exports: café\n".encode())
    assert load_config(path).config.accounts[0].exports == Path("café")


def test_handles_as_keys_stay_text(tmp_path: Path) -> None:
    path = write(tmp_path, "accounts:\n  - exports: x\n    notes:\n      007: spy\n      yes: maybe\n")
    assert load_config(path).config.accounts[0].notes == {"007": "spy", "yes": "maybe"}


def test_relative_paths_resolve_against_the_config_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "conf"
    folder.mkdir()
    write(folder, "accounts:\n  - exports: exports/instagram\n    ignore: lists/ignore.txt\n"
                  "  - exports: /abs/export.zip\nsite:\n  output: ../public\n")
    monkeypatch.chdir(tmp_path)
    loaded = load_config(Path("conf/sample_config.yaml"))
    assert loaded.path == folder.resolve() / "sample_config.yaml"
    accounts = loaded.config.accounts
    assert loaded.resolve(accounts[0].exports) == folder.resolve() / "exports/instagram"
    assert loaded.resolve(accounts[0].ignore) == folder.resolve() / "lists/ignore.txt"  # type: ignore[arg-type]
    assert loaded.resolve(accounts[1].exports) == Path("/abs/export.zip")
    assert loaded.resolve(loaded.config.site.output) == folder.resolve() / "../public"


def test_find_config_order(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"followscope\.yaml, followscope\.yml, sample_config\.yaml"):
        find_config(tmp_path)
    write(tmp_path, "x", "sample_config.yaml")
    assert find_config(tmp_path).name == "sample_config.yaml"
    write(tmp_path, "x", "followscope.yml")
    assert find_config(tmp_path).name == "followscope.yml"
    write(tmp_path, "x", "followscope.yaml")
    assert find_config(tmp_path).name == "followscope.yaml"


def test_control_character_has_a_position(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"accounts:\n  - exports: a\x00b\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.details == [f"{path}:2:15: a control character (U+0000) that YAML does not allow"]


def test_crlf_line_ends_keep_positions(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(b"accounts:\r\n  - exports: a\r\n    labl: x\r\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.details == [f"{path}:3:5: accounts.0.labl: unknown key 'labl' (did you mean 'label'?)"]


def test_a_folder_is_not_a_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a folder, not a config file"):
        load_config(tmp_path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.one_of(st.sampled_from(list("accounts:exports- \n\t[]{}&*!<>|#'\",.0123xyz%@`?~\\")),
                                  st.characters(exclude_categories=("Cs",))), max_size=200))
def test_any_text_loads_or_is_a_config_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as err:
        assert err.line() and all(line.startswith(f"{path}:") for line in err.details)


_KEYS = st.sampled_from(["accounts", "exports", "platform", "allowlist", "ignore", "tags", "notes", "csv", "site",
                         "privacy", "page_size", "analysis", "grace_days", "limits", "watch", "poll", "pathh"])
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 20_000), st.floats(allow_nan=False),
                     st.sampled_from(["instagram", "private", "x", "a.txt", ""]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
                       max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(_KEYS, _VALUES, max_size=5))
def test_any_config_shape_loads_or_is_a_config_error(tmp_path: Path, data: dict) -> None:
    import yaml

    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as err:
        assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in err.details), err.details


# -- round two (issue #14) -------------------------------------------------------------------------------------

NUMERIC_FIELDS = [(section, name) for section, model in (
    ("site", SiteConfig), ("analysis", AnalysisConfig), ("limits", LimitsConfig), ("watch", WatchConfig))
    for name, field in model.model_fields.items() if field.annotation in (int, float, "int", "float")]


def test_every_numeric_field_is_listed() -> None:
    assert len(NUMERIC_FIELDS) >= 16 and ("limits", "max_file_mb") in NUMERIC_FIELDS


@pytest.mark.parametrize(("section", "name"), NUMERIC_FIELDS)
@pytest.mark.parametrize("value", ["99999999999999999999999", ".inf", "1e400", "9" * 5000])
def test_every_numeric_field_refuses_a_number_too_large_with_its_line(tmp_path: Path, section: str, name: str,
                                                                       value: str) -> None:
    [line] = details(tmp_path, f"accounts:\n  - exports: e\n{section}:\n  {name}: {value}\n")
    assert line.startswith(f"sample_config.yaml:4:{len(name) + 5}: {section}.{name}: "), line
    assert len(line) < 200


@pytest.mark.parametrize("depth", [100, 3000, 50_000])
def test_nesting_of_any_depth_is_a_config_error_with_a_position(tmp_path: Path, depth: int) -> None:
    [line] = details(tmp_path, "accounts: " + "[" * depth + "]" * depth + "\n")
    assert line == "sample_config.yaml:1:74: stopped here: values nested more than 64 levels deep"


def test_a_base_60_number_of_a_million_parts_is_refused_at_once(tmp_path: Path) -> None:
    """YAML 1.1 reads `1:2:3` as a base-60 number; building a huge one takes quadratic time."""
    start = time.monotonic()
    [line] = details(tmp_path, "accounts:\n  - exports: e\nlimits:\n  max_file_mb: 1" + ":1" * 1_000_000 + "\n")
    assert "a number written with more than 100 characters" in line
    assert time.monotonic() - start < 60


@pytest.mark.parametrize(("written", "normalised"), [
    ("https://alice.github.io/followers", "https://alice.github.io/followers/"),
    ("HTTPS://Alice.GitHub.io//followers//", "https://alice.github.io/followers/"),
    ("http://example.com", "http://example.com/"),
    ("https://example.com:8443/a//b/c", "https://example.com:8443/a/b/c/"),
])
def test_site_url_is_normalised(tmp_path: Path, written: str, normalised: str) -> None:
    loaded = load_config(write(tmp_path, f"accounts:\n  - exports: e\nsite:\n  site_url: '{written}'\n"))
    assert loaded.config.site.site_url == normalised


@pytest.mark.parametrize(("written", "problem"), [
    ("javascript:alert(1)//", "must be an http:// or https:// URL"),
    ("data:text/html,x", "must be an http:// or https:// URL"),
    ("//evil.example/x", "must be an http:// or https:// URL"),
    ("file:///etc/", "must be an http:// or https:// URL"),
    ("https://", "must be an http:// or https:// URL"),
    ("https://user:pw@example.com/", "must not hold a user name or password"),
    ("https://example.com/?q=1", "must not hold a query"),
    ("https://example.com/#top", "must not hold a query"),
    ("https://exa mple.com/", "holds a space"),
    ("https://example.com:port/", "is not a valid URL"),
    ("https://example.com/\\u202e/", "holds a control or text-direction character"),
])
def test_site_url_other_than_http_is_refused(tmp_path: Path, written: str, problem: str) -> None:
    [line] = details(tmp_path, f'accounts:\n  - exports: e\nsite:\n  site_url: "{written}"\n')
    assert line.startswith("sample_config.yaml:4:13: site.site_url: ") and problem in line, line


@pytest.mark.parametrize(("key", "value"), [
    ("handle", '"a\\0b"'), ("handle", '"a\\nb"'), ("handle", '"a\\u202eb"'), ("handle", "a" * 201),
    ("label", '"x\\x1b[2J"'), ("label", "a" * 201),
])
def test_handles_and_labels_are_checked_where_they_are_written(tmp_path: Path, key: str, value: str) -> None:
    [line] = details(tmp_path, f"accounts:\n  - exports: e\n    {key}: {value}\n")
    assert line.startswith(f"sample_config.yaml:3:{len(key) + 7}: accounts.0.{key}: "), line


def test_tags_notes_and_aliases_are_checked_too(tmp_path: Path) -> None:
    """Keys are handles, or names with spaces where a platform knows names only (Facebook, LinkedIn)."""
    lines = details(tmp_path, 'accounts:\n  - exports: e\n    tags: {"a\\u202eb": [x], Jane Doe: ["\\0"]}\n'
                              '    notes: {anna: "line one\\nline two", ben: "\\u2066x"}\n'
                              '    aliases: {anna: "b\\x1bc"}\n')
    assert [line.split(": ", 2)[1] for line in lines] == [
        "accounts.0.tags.a\\u202eb", "accounts.0.tags.Jane Doe.0", "accounts.0.notes.ben", "accounts.0.aliases.anna"]
    assert all("control or text-direction character" in line for line in lines), lines


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_config_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "followscope.yaml"
    os.mkfifo(pipe)
    with pytest.raises(ConfigError, match=r"cannot read the config file \(is a named pipe, not a regular file\)"):
        load_config(pipe)


def test_a_home_folder_of_an_unknown_user_is_named_where_it_is_written(tmp_path: Path) -> None:
    [line] = details(tmp_path, 'accounts:\n  - exports: "~no-such-user-here/exports"\n')
    assert line == ("sample_config.yaml:2:14: accounts.0.exports: starts with '~no-such-user-here', but there is "
                    "no such user's home folder here")


def test_an_unquoted_at_handle_says_to_quote_it(tmp_path: Path) -> None:
    lines = details(tmp_path, "accounts:\n  - exports: e\n    allowlist:\n      - @Not.A.Real.Account  # a brand\n")
    assert lines == ['sample_config.yaml:4:9: a value that starts with @ must be quoted in YAML (write '
                     '"@Not.A.Real.Account"); handles may be written with or without the @']


def test_handles_may_start_with_one_at_and_are_checked_like_handles(tmp_path: Path) -> None:
    path = write(tmp_path, 'accounts:\n  - exports: e\n    allowlist: ["@Acme.Studio", plain]\n'
                           '    ignore: ["@spam"]\n    tags: {"@anna": [friend]}\n    notes: {"@ben": hi}\n')
    account = load_config(path).config.accounts[0]
    assert account.allowlist == ["@Acme.Studio", "plain"] and account.ignore == ["@spam"]
    lines = details(tmp_path, 'accounts:\n  - exports: e\n    allowlist: ["@", "a\\u202eb"]\n    ignore: [""]\n')
    assert [line.split(": ", 2)[1] for line in lines] == [
        "accounts.0.allowlist.0", "accounts.0.allowlist.1", "accounts.0.ignore.0"]
